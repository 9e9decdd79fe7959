// The phone viewport (390×844, touch): a session played by taps until every
// exercise type was shown, tap targets of at least 44 px, screenshots of each
// screen, the session page's weight, and no request to another host.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { freshDataDir, startServer, openBrowser, screenshot, playSession, startFromHome, ALL_TYPES, waitForItem, currentItem, daysAfter } from './helpers.js';

const T0 = '2026-03-02T07:00:00Z';

/** The smallest width and height among the visible elements matching `selector`. */
const smallest = (page, selector) =>
  page.evaluate((s) => {
    const boxes = [...document.querySelectorAll(s)].map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0);
    return boxes.length ? { count: boxes.length, width: Math.min(...boxes.map((r) => r.width)), height: Math.min(...boxes.map((r) => r.height)) } : null;
  }, selector);

test('phone: every exercise type by taps, tap targets, screenshots', { timeout: 900000 }, async (t) => {
  const dataDir = freshDataDir();
  const ctx = { server: await startServer({ dataDir, now: T0 }) };
  const browser = await openBrowser({ viewport: { width: 390, height: 844 }, mobile: true });
  ctx.page = browser.page;
  t.after(async () => {
    await browser.close();
    await ctx.server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { page } = ctx;
  await page.goto(`${ctx.server.url}/`);
  await screenshot(page, 'phone-home');
  await page.goto(`${ctx.server.url}/about`);
  await screenshot(page, 'phone-about');

  const seen = {};
  const sizes = [];
  const hooks = {
    async answering(step, item) {
      // Arabic is marked up as such, right to left.
      const arabic = await page.evaluate(() => [...document.querySelectorAll('#exercise [lang="ar"]')].every((e) => e.getAttribute('dir') === 'rtl'));
      assert.ok(arabic, 'every Arabic element has dir="rtl"');
      for (const selector of ['#exercise .choice', '#exercise .word', '#exercise .option', '#exercise .button', '#exercise .sword.is-hidden', '#grades .grade', '#undo', '#tools .tool']) {
        const box = await smallest(page, selector);
        if (box) sizes.push({ selector, type: item.exercise.type, ...box });
      }
      const scroll = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(scroll <= 390, `no horizontal scrolling on a phone (${scroll} px)`);
    },
  };
  let sessions = 0;
  while (!ALL_TYPES.every((type) => seen[type])) {
    assert.ok(sessions < 12, `every type within 12 sessions; seen ${JSON.stringify(Object.keys(seen))}`);
    if (sessions >= 2) {
      // Five weeks on: reviews come due and verses come to hold.
      const port = ctx.server.port;
      await ctx.server.kill('SIGTERM');
      ctx.server = await startServer({ dataDir, port, now: daysAfter(T0, 35 * (sessions - 1)) });
    }
    ctx.sessionId = await startFromHome(page, ctx.server, 'juz:30', { mode: 'tap' });
    await playSession(ctx, { seen, shots: 'phone', hooks, mode: 'tap' });
    if (sessions === 0) await screenshot(page, 'phone-summary');
    sessions += 1;
  }
  for (const s of sizes) {
    const target = s.selector === '#exercise .word' ? 44 : 44;
    assert.ok(s.height >= target && s.width >= 44, `${s.selector} in ${s.type} is ${s.width}×${s.height} px`);
  }
  assert.deepEqual(browser.consoleErrors, []);
  browser.assertOnlyLocal([ctx.server.url]);
});

test('the session page weighs at most 100 KB (HTML, CSS and JS; font excluded), even uncompressed', async (t) => {
  const dataDir = freshDataDir();
  const server = await startServer({ dataDir, now: T0 });
  t.after(async () => {
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { body: session } = await server.api('POST', '/sessions', { goal_id: 'juz:30' });
  const browser = await openBrowser();
  t.after(() => browser.close());
  const sizes = {};
  const compressed = {};
  browser.page.on('response', async (response) => {
    const type = response.headers()['content-type'] ?? '';
    if (!/html|css|javascript/.test(type)) return;
    const path = new URL(response.url()).pathname;
    sizes[path] = (await response.body()).length;
    compressed[path] = (await response.request().sizes()).responseBodySize;
  });
  await browser.page.goto(`${server.url}/session/${session.id}`);
  await waitForItem(browser.page, await currentItem(server, session.id));
  const total = Object.values(sizes).reduce((a, b) => a + b, 0);
  const sent = Object.values(compressed).reduce((a, b) => a + b, 0);
  t.diagnostic(`session page: ${total} bytes, ${sent} bytes as sent (compressed) ${JSON.stringify(sizes)}`);
  assert.equal(Object.keys(sizes).length, 8, 'the page, fonts.css, app.css, app.js, display.js, session.js, passage.js and install.js');
  assert.ok(total <= 100 * 1024, `${total} bytes`);
  browser.assertOnlyLocal([server.url]);
});
