// Placement in a real browser: a brand-new learner meets the home page's
// offer, tells Iqrah that Juz 30's An-Nas and Al-Ikhlas are solid, and
// Progress shows them as started (known or learning), the other verses new.
// On a phone (320 and 390 px) and a desktop, without sideways scrolling.
// Screenshots in target/screenshots/placement-phone.png and
// placement-desktop.png (the form, filled in).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { freshDataDir, startServer, openBrowser, screenshot } from './helpers.js';

const number = async (page, id) => Number(await page.textContent(`#${id}`));
const noSidewaysScroll = async (page, where) => {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `${where}: no horizontal scrolling (${overflow} px too wide)`);
};

for (const [name, viewport, mobile] of [
  ['phone', { width: 390, height: 844 }, true],
  ['desktop', { width: 1280, height: 860 }, false],
]) {
  test(`${name}: a new learner places An-Nas and Al-Ikhlas as solid`, { timeout: 300000 }, async (t) => {
    const dataDir = freshDataDir();
    const server = await startServer({ dataDir, now: '2026-11-24T08:00:00Z' });
    const browser = await openBrowser({ viewport, mobile });
    t.after(async () => {
      await browser.close();
      await server.kill();
      rmSync(dataDir, { recursive: true, force: true });
    });
    const { page } = browser;
    await page.goto(`${server.url}/`);
    assert.ok(await page.isVisible('#placement-offer'), 'a brand-new learner is offered placement');
    assert.match(await page.textContent('#placement-offer'), /Already know some surahs\?/);
    await page.click('#placement-link');
    await page.waitForURL(/\/placement$/);
    assert.ok(await page.isVisible('#juz-30[open]'), 'Juz 30 is open');
    assert.match(await page.textContent('label[for="level-surah-114"]'), /An-Nas/);
    await page.selectOption('#level-surah-114', 'solid');
    await page.selectOption('#level-surah-112', 'solid');
    await noSidewaysScroll(page, 'the placement page');
    if (mobile) {
      await page.setViewportSize({ width: 320, height: 700 });
      await noSidewaysScroll(page, 'the placement page at 320 px');
      await page.setViewportSize(viewport);
    }
    await screenshot(page, `placement-${name}`);
    await page.click('#placement-save');
    await page.waitForURL(/\/placement\?verses=10&/);
    assert.match(await page.textContent('#placement-done'), /Placed 10 verses/);

    await page.click('#placement-progress');
    await page.waitForURL(/\/progress$/);
    const known = await number(page, 'verses-known');
    const learning = await number(page, 'verses-learning');
    assert.equal(known + learning, 10, 'An-Nas (6) and Al-Ikhlas (4) are started');
    assert.equal(known, 10, 'solid verses are known');
    assert.equal(await number(page, 'verses-new'), 6236 - 10);
    assert.ok(await page.isVisible('#placement-progress-link a[href="/placement"]'), 'Progress links to placement');
    await noSidewaysScroll(page, 'progress');

    // The offer was made once: home no longer shows it.
    await page.goto(`${server.url}/`);
    assert.equal(await page.locator('#placement-offer').count(), 0);
    const { body: placed } = await server.api('GET', '/stats?goal=juz:30');
    assert.equal(placed.total_answers, 0, 'a placement is not an answer');
    assert.deepEqual(browser.consoleErrors, []);
    browser.assertOnlyLocal([server.url]);
  });
}
