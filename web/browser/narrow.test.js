// The narrowest phones (320 px wide, touch): every page fits without
// sideways scrolling, and every control a thumb presses (buttons, fields,
// selects, the navigation's links) is at least 44 px tall and wide, the
// size WCAG 2.5.5 and the platforms' guidelines ask for. Links inside
// sentences are exempt (WCAG 2.5.8's inline exception). A new learner's
// home page (the first goals) is judged and photographed too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { freshDataDir, startServer, openBrowser, screenshot, currentItem, waitForItem, pagesOf } from './helpers.js';

/** The controls of the page smaller than 44 px either way, as "selector w×h" lines. */
const smallControls = (page) =>
  page.evaluate(() => {
    const controls = document.querySelectorAll('button, select, input:not([type=hidden]), textarea, nav a, .button');
    return [...controls]
      .filter((e) => {
        const r = e.getBoundingClientRect();
        const style = getComputedStyle(e);
        // A check box is pressed through its label: the label is the target.
        const box = e.matches('input[type=checkbox], input[type=radio]') && e.closest('label') ? e.closest('label').getBoundingClientRect() : r;
        return r.width > 0 && style.visibility !== 'hidden' && (box.width < 44 || box.height < 44);
      })
      .map((e) => {
        const r = e.getBoundingClientRect();
        const name = `${e.tagName.toLowerCase()}${e.id ? `#${e.id}` : ''}${e.className && typeof e.className === 'string' ? `.${e.className.trim().split(/\s+/).join('.')}` : ''}`;
        return `${name} "${(e.textContent || e.value || '').trim().slice(0, 20)}" ${Math.round(r.width)}×${Math.round(r.height)}`;
      });
  });

test('320 px: every page fits the screen and its controls are thumb-sized', { timeout: 600000 }, async (t) => {
  const dataDir = freshDataDir();
  const server = await startServer({ dataDir, now: '2026-03-02T07:00:00Z' });
  const browser = await openBrowser({ viewport: { width: 320, height: 640 }, mobile: true });
  t.after(async () => {
    await browser.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { page } = browser;
  const wide = [];
  const small = [];
  const check = async (name) => {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    if (width > 320) wide.push(`${name}: ${width} px`);
    for (const control of await smallControls(page)) small.push(`${name}: ${control}`);
    await screenshot(page, `narrow-${name}`);
  };
  // A new learner's home page: the first goals.
  await page.goto(`${server.url}/`);
  assert.equal(await page.locator('#first-run button, #first-run a.button').count(), 3, 'three first goals');
  await check('first-run');
  const { active, pages } = await pagesOf(server);
  for (const [name, path] of Object.entries({ ...pages, placement: '/placement', offline: '/offline' })) {
    await page.goto(`${server.url}${path}`);
    if (name === 'session') await waitForItem(page, await currentItem(server, active));
    await check(name);
  }
  t.diagnostic(`wider than 320 px: ${wide.length ? wide.join('; ') : 'none'}`);
  t.diagnostic(`controls under 44 px: ${small.length ? small.join('; ') : 'none'}`);
  assert.deepEqual(wide, [], 'pages wider than a 320 px screen');
  assert.deepEqual(small, [], 'controls under 44 px');
});
