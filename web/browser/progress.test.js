// The Progress and Settings pages in a real browser: a known history built
// through the API on two days (IQRAH_NOW), figures checked on the page
// (retention week by week once there are due reviews), the mushaf page by
// page,
// settings saved and refused through the form, screenshots on a phone and
// a desktop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { freshDataDir, startServer, openBrowser, screenshot } from './helpers.js';

/** Answers every item of a new session for `goal` with Good, through the API. */
async function practise(server, goal) {
  const { body: session } = await server.api('POST', '/sessions', { goal_id: goal });
  let answered = 0;
  for (;;) {
    const { body: item } = await server.api('GET', `/sessions/${session.id}/next`);
    if (!item) break;
    const { status } = await server.api('POST', `/sessions/${session.id}/submit`, { node_id: item.node_id, grade: 3, duration_ms: 4000 });
    assert.equal(status, 200);
    answered += 1;
  }
  await server.api('POST', `/sessions/${session.id}/complete`);
  return answered;
}

test('progress and settings pages show computed figures and save settings', { timeout: 300000 }, async (t) => {
  const dataDir = freshDataDir();
  let server = await startServer({ dataDir, now: '2026-11-24T08:00:00Z' });
  const first = await practise(server, 'surah:112');
  await server.kill();
  server = await startServer({ dataDir, now: '2026-11-25T08:00:00Z' });
  const second = await practise(server, 'surah:113');
  const browsers = [];
  t.after(async () => {
    for (const b of browsers) await b.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  for (const [name, viewport, mobile] of [['desktop', { width: 1280, height: 860 }, false], ['phone', { width: 390, height: 844 }, true]]) {
    const browser = await openBrowser({ viewport, mobile });
    browsers.push(browser);
    const { page } = browser;
    await page.goto(`${server.url}/progress`);
    assert.equal((await page.textContent('#streak')).trim(), '2 days');
    assert.equal((await page.textContent('#total-answers')).trim(), String(first + second));
    assert.equal(Number(await page.textContent('#verses-learning')), 9, 'surahs 112 and 113');
    assert.equal(Number(await page.textContent('#verses-new')), 6236 - 9);
    assert.equal(await page.locator('.heatmap rect').count(), 365);
    assert.equal(await page.locator('.heatmap rect.heat-0').count(), 363, 'two days with answers');
    // Labelled: a month above its first week (12 or 13 in a year), three weekdays, a legend.
    const months = await page.locator('.heatmap text.month').count();
    assert.ok(months >= 12 && months <= 13, `${months} month labels`);
    assert.equal(await page.locator('.heatmap text.weekday').count(), 3);
    assert.equal(await page.locator('.heat-legend .swatch').count(), 5);
    assert.equal(await page.locator('.forecast rect').count(), 14);
    // The forecast has a y axis with whole ticks and says every day's count.
    assert.ok((await page.locator('.forecast text.tick').count()) >= 2, 'ticks on the y axis');
    assert.match(await page.getAttribute('.forecast', 'aria-label'), /^Items due per day over the next 14 days: today \d+, \w{3} \d+ \w{3} \d+/);
    // Only first reviews so far: no retention to draw, and the page says why.
    assert.match(await page.textContent('#retention-empty'), /No due reviews in the last 12 weeks/);
    assert.equal(await page.locator('#history tbody tr').count(), 2);
    // The surah table lists the two started surahs, and links to all 114.
    assert.match(await page.textContent('#surah-list-note'), /The 2 surahs you have started\./);
    assert.equal(await page.locator('#surahs + p + table tbody tr').count(), 2);
    const elements = await page.evaluate(() => document.querySelectorAll('*').length);
    assert.ok(elements < 1500, `${elements} elements on the page`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(overflow, false, 'no sideways scrolling');
    await screenshot(page, `${name}-progress`);

    // Page by page: surahs 112 and 113 learning, 114 new, all on page 604.
    await page.click('#mushaf-map-link');
    await page.waitForURL(`${server.url}/progress/mushaf`);
    assert.equal(await page.locator('.mushaf-row rect').count(), 604, 'a square a page');
    assert.equal(await page.locator('.mushaf-row rect.page-begun').count(), 1);
    assert.equal(await page.locator('.mushaf-row rect.page-new').count(), 603);
    assert.equal(await page.textContent('.mushaf-row rect.page-begun title'), 'Page 604 · 112:1–114:6 · 9 of 15 verses started, 0 known');
    assert.match(await page.getAttribute('.mushaf-rows li:last-child svg', 'aria-label'), /^Juz 30, pages 582 to 604: 0 known, 0 learning, 1 begun, 22 new$/);
    assert.equal(await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1), false, 'no sideways scrolling');
    await screenshot(page, `${name}-mushaf-map`);

    await page.goto(`${server.url}/settings`);
    await screenshot(page, `${name}-settings`);
    browser.assertOnlyLocal([server.url]);
  }

  // Saving through the form, then a refused value that changes nothing.
  const { page } = browsers[0];
  await page.goto(`${server.url}/settings`);
  await page.fill('input[name="session_size"]', '12');
  await page.fill('input[name="new_pages_per_day"]', '1');
  await page.selectOption('select[name="translation_language"]', 'fr');
  await page.click('#save-settings');
  await page.waitForSelector('#settings-saved');
  let { body: settings } = await server.api('GET', '/settings');
  assert.equal(settings.session_size, 12);
  assert.equal(settings.translation_language, 'fr');
  assert.equal(settings.new_pages_per_day, 1, 'a page a day');
  await page.evaluate(() => {
    const input = document.querySelector('input[name="desired_retention"]');
    input.removeAttribute('min'); // let the browser send what the server must refuse
    input.value = '0.5';
  });
  await page.click('#save-settings');
  await page.waitForSelector('#settings-error');
  assert.match(await page.textContent('#settings-error'), /desired retention 0\.5 is outside 0\.70-0\.99/);
  await screenshot(page, 'desktop-settings-error');
  ({ body: settings } = await server.api('GET', '/settings'));
  assert.equal(settings.desired_retention, 0.9, 'nothing changed');
  assert.equal(settings.session_size, 12);
  const { body: started } = await server.api('POST', '/sessions', { goal_id: 'juz:30' });
  assert.equal(started.items_count, 12, 'the new size applies to the next session');
});

test('retention week by week is drawn from the due reviews', { timeout: 120000 }, async (t) => {
  const dataDir = freshDataDir();
  let server = await startServer({ dataDir, now: '2026-11-24T08:00:00Z' });
  await practise(server, 'surah:112');
  await server.kill();
  // A week later everything learned is due: today's review answers it all Good.
  server = await startServer({ dataDir, now: '2026-12-01T08:00:00Z' });
  const reviewed = await practise(server, 'review');
  assert.ok(reviewed >= 4, `${reviewed} due reviews`);
  const browser = await openBrowser({ viewport: { width: 1280, height: 860 } });
  t.after(async () => {
    await browser.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { page } = browser;
  await page.goto(`${server.url}/progress`);
  assert.equal(await page.locator('.retention circle').count(), 1, 'one week with due reviews');
  const label = await page.getAttribute('.retention', 'aria-label');
  assert.match(label, /over the last 12 weeks: .*this week 100 %; the aim is 90 %$/);
  assert.equal((label.match(/no due reviews/g) ?? []).length, 11);
  assert.match(await page.textContent('.retention circle title'), new RegExp(`this week: 100 % \\(${reviewed} of ${reviewed} due reviews passed\\)`));
  assert.equal(await page.locator('.retention line.aim').count(), 1);
  await page.locator('.retention').scrollIntoViewIfNeeded();
  await screenshot(page, 'desktop-progress-retention');
  browser.assertOnlyLocal([server.url]);
});
