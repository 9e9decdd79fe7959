// A session of one page of the Madani mushaf, started from the home page's
// page form: page 604 holds surahs 112 to 114, so the session teaches 112:1
// first, and the exercise names its page. A page that does
// not exist gets the error page and starts nothing. Screenshots in
// target/screenshots/page-goal-*.png. Then the search box, on a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { freshDataDir, startServer, openBrowser, screenshot, waitForItem, currentItem, sessionIdOf } from './helpers.js';

test('desktop: page 604 from the home page is a session of its verses; page 605 is refused', { timeout: 300000 }, async (t) => {
  const dataDir = freshDataDir();
  const server = await startServer({ dataDir, now: '2026-03-02T07:00:00Z' });
  const browser = await openBrowser({ viewport: { width: 1280, height: 860 } });
  t.after(async () => {
    await browser.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { page } = browser;

  await page.goto(`${server.url}/`);
  await page.fill('#page-number', '605');
  // The browser's own check refuses 605 before sending; the server must too.
  const refused = await page.evaluate(async () => {
    const body = new URLSearchParams({ goal: 'page', page: '605' });
    const response = await fetch('/start', { method: 'POST', body });
    return { status: response.status, text: await response.text() };
  });
  assert.equal(refused.status, 422);
  assert.match(refused.text, /unknown page 605/);
  assert.equal((await server.api('GET', '/sessions?limit=5')).body.length, 0, 'nothing started');

  await page.fill('#page-number', '604');
  await screenshot(page, 'page-goal-home');
  await page.click('#start-page');
  await page.waitForURL(/\/session\/[^/]+$/);
  const sessionId = await sessionIdOf(page);
  const session = (await server.api('GET', `/sessions/${sessionId}`)).body;
  assert.equal(session.goal_id, 'page:604');
  const item = await currentItem(server, sessionId);
  await waitForItem(page, item);
  assert.equal(item.exercise.type, 'study');
  assert.equal(item.exercise.reference, '112:1');
  assert.equal(item.page, 604);
  assert.match(await page.textContent('#exercise .ex-head'), /Al-Ikhlas 112:1\s*page 604/, 'the exercise names its page');
  await screenshot(page, 'page-goal-session');

  // What the session page costs on the wire, from an empty cache: its HTML,
  // CSS and scripts (compressed as the server sends them), fonts excluded.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await page.reload();
  await waitForItem(page, item);
  const wire = await page.evaluate(() => [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
    .filter((e) => !e.name.includes('/assets/fonts/') && !e.name.includes('/api/'))
    .map((e) => ({ name: new URL(e.name).pathname, bytes: e.transferSize, body: e.decodedBodySize })));
  const total = wire.reduce((sum, e) => sum + e.bytes, 0);
  const decoded = wire.reduce((sum, e) => sum + e.body, 0);
  console.log(`session page: HTML + CSS + JS ${(total / 1024).toFixed(1)} KB on the wire of ${(decoded / 1024).toFixed(1)} KB (${wire.map((e) => `${e.name} ${e.bytes}`).join(', ')})`);
  assert.ok(wire.some((e) => e.name === '/assets/app.js'), 'the scripts were counted');
  assert.ok(total <= 100 * 1024, `${total} bytes`);
  assert.ok(total < decoded / 2, 'sent compressed');
});

test('phone: the home page search finds a surah by its Arabic name and starts it', { timeout: 300000 }, async (t) => {
  const dataDir = freshDataDir();
  const server = await startServer({ dataDir, now: '2026-03-02T07:00:00Z' });
  const browser = await openBrowser({ viewport: { width: 390, height: 844 }, mobile: true });
  t.after(async () => {
    await browser.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { page } = browser;
  await page.goto(`${server.url}/`);
  await page.fill('#find-query', 'الاخلاص');
  await page.click('#find-button');
  await page.waitForURL(/\/find\?q=/);
  const found = await page.$$eval('.found-goal', (buttons) => buttons.map((b) => b.dataset.goal));
  assert.deepEqual(found, ['surah:112']);
  assert.match(await page.textContent('.found-goal'), /Al-Ikhlas\s*الإخلاص/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling on a phone (${overflow} px too wide)`);
  await screenshot(page, 'find-results-phone');
  await page.tap('.found-goal');
  await page.waitForURL(/\/session\/[^/]+$/);
  const session = (await server.api('GET', `/sessions/${await sessionIdOf(page)}`)).body;
  assert.equal(session.goal_id, 'surah:112');

  await page.goto(`${server.url}/find?q=zzz`);
  assert.match(await page.textContent('#found-nothing'), /Nothing found for “zzz”/);
});

test('phone: the look-alikes of a verse, each beside it with the differing words marked', { timeout: 300000 }, async (t) => {
  const dataDir = freshDataDir();
  const server = await startServer({ dataDir, now: '2026-03-02T07:00:00Z' });
  const browser = await openBrowser({ viewport: { width: 390, height: 844 }, mobile: true });
  t.after(async () => {
    await browser.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { page } = browser;
  await page.goto(`${server.url}/verses/2:49/similar`);
  const keys = await page.$$eval('.look-alike', (items) => items.map((i) => i.dataset.key));
  assert.ok(keys.includes('7:141') && keys.includes('14:6'), keys.join(' '));
  // 2:49 "yudhabbihuna" against 7:141 "yuqattiluna": marked in both verses.
  const marks = await page.$$eval('.look-alike[data-key="7:141"] mark.missed', (ms) => ms.map((m) => m.textContent));
  assert.ok(marks.length >= 2, marks.join(' '));
  const style = await page.$eval('.look-alike[data-key="7:141"] mark.missed', (m) => getComputedStyle(m).backgroundColor);
  assert.notEqual(style, 'rgba(0, 0, 0, 0)', 'a differing word is drawn marked');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling on a phone (${overflow} px too wide)`);
  await screenshot(page, 'look-alikes-phone');
  await page.click('.look-alike[data-key="7:141"] a');
  await page.waitForURL(/\/verses\/7:141\/similar$/);
  assert.ok(await page.$('.look-alike[data-key="2:49"]'), '2:49 is listed from 7:141 too');
});
