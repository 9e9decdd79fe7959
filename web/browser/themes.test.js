// Themes and reading size: the dark theme chosen on the Settings page changes
// the page's colours; body text, the timer and the grade labels keep a
// contrast of at least 4.5:1 in both themes; a larger reading size makes the
// Arabic larger; screenshots of every page in light and dark, phone and
// desktop (target/screenshots/theme-<theme>-<phone|desktop>-<page>.png).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { freshDataDir, startServer, openBrowser, screenshot, contrasts } from './helpers.js';

const T0 = '2026-03-02T07:00:00Z';

/** Chooses `values` (select name → value) on the Settings page and saves. */
async function chooseSettings(page, url, values) {
  await page.goto(`${url}/settings`);
  for (const [name, value] of Object.entries(values)) await page.selectOption(`select[name="${name}"]`, value);
  await Promise.all([page.waitForURL(/saved=1/), page.click('#save-settings')]);
}

/** Grade buttons as app.js draws them, put into the session page to measure their labels. */
const addGradeSample = (page) =>
  page.evaluate(() => {
    const row = document.createElement('div');
    row.className = 'grade-row';
    row.id = 'grade-sample';
    row.innerHTML = ['Again', 'Hard', 'Good', 'Easy'].map((label, i) => `<button class="grade g${i + 1}" type="button"><span>${label}</span><small class="when">tomorrow</small></button>`).join('');
    document.getElementById('session').append(row);
  });

const pageColours = (page) =>
  page.evaluate(() => {
    const s = getComputedStyle(document.body);
    return { background: s.backgroundColor, color: s.color };
  });

test('themes: dark from Settings, contrast in both themes, reading size, screenshots', { timeout: 900000 }, async (t) => {
  const dataDir = freshDataDir();
  const server = await startServer({ dataDir, now: T0 });
  t.after(async () => {
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  // A first session answered through the API, so the next ones hold reviews
  // with a feedback screen (a new verse's study item has none).
  const { body: first } = await server.api('POST', '/sessions', { goal_id: 'surah:112' });
  for (let item = (await server.api('GET', `/sessions/${first.id}/next`)).body; item; ) {
    const { body } = await server.api('POST', `/sessions/${first.id}/submit`, { node_id: item.node_id, grade: 3, duration_ms: 3000 });
    item = body.next;
  }
  await server.api('POST', `/sessions/${first.id}/complete`);
  const measured = {};
  const colours = {};
  for (const [width, viewport, mobile] of [
    ['phone', { width: 390, height: 844 }, true],
    ['desktop', { width: 1280, height: 860 }, false],
  ]) {
    const browser = await openBrowser({ viewport, mobile });
    const { page } = browser;
    try {
      for (const theme of ['light', 'dark']) {
        await chooseSettings(page, server.url, { theme });
        assert.equal(await page.getAttribute('html', 'data-theme'), theme);
        colours[theme] = await pageColours(page);
        const shot = (name) => screenshot(page, `theme-${theme}-${width}-${name}`);
        await page.goto(`${server.url}/`);
        measured[`${theme} ${width} home`] = await contrasts(page, ['body', 'main p', '.muted', '.top a']);
        await shot('home');
        for (const [name, path] of [
          ['progress', 'progress'],
          ['mushaf', 'progress/mushaf'],
          ['settings', 'settings'],
          ['about', 'about'],
          ['placement', 'placement'],
          ['find', 'find?q=ikhlas'],
          ['look-alikes', 'verses/2:5/similar'],
          ['offline', 'offline'],
          ['error', 'no-such-page'],
        ]) {
          await page.goto(`${server.url}/${path}`);
          measured[`${theme} ${width} ${name}`] = await contrasts(page, ['main h1', 'main p', '.muted']);
          await shot(name);
        }
        // "Done for today": surah 112 was reviewed today, so starting it again
        // has nothing due.
        await page.goto(`${server.url}/`);
        await Promise.all([
          page.waitForURL(`${server.url}/start`),
          page.evaluate(() => {
            const form = Object.assign(document.createElement('form'), { method: 'post', action: '/start' });
            form.append(Object.assign(document.createElement('input'), { type: 'hidden', name: 'goal', value: 'surah:112' }));
            document.body.append(form);
            form.submit();
          }),
        ]);
        assert.ok(await page.isVisible('#done-for-today'), 'a goal with nothing due says so');
        measured[`${theme} ${width} done`] = await contrasts(page, ['main h1', '#next-due', '.muted']);
        await shot('done-for-today');
        // A session: answering, then the shown answer (feedback), then the summary.
        const { body: session } = await server.api('POST', '/sessions', { goal_id: 'surah:112', practice_ahead: true });
        assert.ok(session.id, JSON.stringify(session));
        await page.goto(`${server.url}/session/${session.id}`);
        await page.waitForFunction(() => document.getElementById('session')?.dataset.state === 'answering');
        await addGradeSample(page);
        measured[`${theme} ${width} session`] = await contrasts(page, ['#timer', '.session-head .count', '#exercise .verse', '#exercise', '#grade-sample .g1 span', '#grade-sample .g2 span', '#grade-sample .g3 span', '#grade-sample .g4 span', '#grade-sample .when']);
        await page.evaluate(() => document.getElementById('grade-sample').remove());
        await shot('session-answering');
        await page.keyboard.press('a');
        await page.waitForFunction(() => !['answering', 'loading', 'showing'].includes(document.getElementById('session')?.dataset.state), null, { timeout: 15000 });
        measured[`${theme} ${width} feedback`] = await contrasts(page, ['.verdict', '.marked-verse .verse', '.feedback .label']);
        await shot('session-feedback');
        await server.api('POST', `/sessions/${session.id}/complete`);
        await page.goto(`${server.url}/session/${session.id}/summary`);
        measured[`${theme} ${width} summary`] = await contrasts(page, ['main h1', '.muted', '.missed-list .verse']);
        await shot('summary');
      }
      assert.deepEqual(browser.consoleErrors, []);
      browser.assertOnlyLocal([server.url]);
    } finally {
      await browser.close();
    }
  }
  console.log('computed colours of body:', JSON.stringify(colours));
  console.log('contrast ratios:', JSON.stringify(measured, null, 1));
  assert.notEqual(colours.light.background, colours.dark.background, 'dark changes the background');
  assert.notEqual(colours.light.color, colours.dark.color, 'dark changes the text colour');
  for (const [where, ratios] of Object.entries(measured)) {
    for (const [selector, ratio] of Object.entries(ratios)) assert.ok(ratio >= 4.5, `${where}: ${selector} has a contrast of ${ratio}:1`);
  }
  for (const theme of ['light', 'dark']) {
    for (const width of ['phone', 'desktop']) {
      for (const label of ['#timer', '#grade-sample .g2 span', '#grade-sample .g4 span', 'body']) {
        const where = label === 'body' ? `${theme} ${width} home` : `${theme} ${width} session`;
        assert.ok(measured[where][label] >= 4.5, `${where} ${label} measured`);
      }
    }
  }
});

test('reading size: a larger size makes the Arabic verse text larger everywhere', { timeout: 300000 }, async (t) => {
  const dataDir = freshDataDir();
  const server = await startServer({ dataDir, now: T0 });
  const browser = await openBrowser();
  t.after(async () => {
    await browser.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { page } = browser;
  const { body: session } = await server.api('POST', '/sessions', { goal_id: 'surah:112', practice_ahead: true });
  const sizes = async () => {
    await page.goto(`${server.url}/settings`);
    const sample = await page.$eval('#reading-sample', (e) => parseFloat(getComputedStyle(e).fontSize));
    await page.goto(`${server.url}/session/${session.id}`);
    await page.waitForFunction(() => document.getElementById('session')?.dataset.state === 'answering');
    const verse = await page.$eval('#exercise [lang="ar"]', (e) => parseFloat(getComputedStyle(e).fontSize));
    return { sample, verse };
  };
  const before = await sizes();
  await chooseSettings(page, server.url, { reading_size: '150' });
  assert.equal(await page.getAttribute('html', 'data-reading-size'), '150');
  const after = await sizes();
  console.log('Arabic font sizes at 100 % and 150 %:', JSON.stringify({ before, after }));
  assert.ok(Math.abs(after.sample / before.sample - 1.5) < 0.02, `the settings sample grows 1.5×: ${before.sample} → ${after.sample}`);
  assert.ok(after.verse > before.verse * 1.3, `the session's verse grows: ${before.verse} → ${after.verse}`);
  assert.deepEqual(browser.consoleErrors, []);
});
