// The installable app on a phone: the manifest and its icons, the service
// worker that keeps the shell, and the offline page it shows when the
// server is gone, drawn with the kept styles and font. A write while the
// server is gone fails in the page: nothing is queued on the device. When
// the server is back, pages are the server's again. Screenshot in
// target/screenshots/offline-phone.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { freshDataDir, startServer, openBrowser, screenshot } from './helpers.js';

test('phone: installable, and a clear offline page when the server cannot be reached', { timeout: 300000 }, async (t) => {
  const dataDir = freshDataDir();
  let server = await startServer({ dataDir });
  const port = server.port;
  const browser = await openBrowser({ viewport: { width: 390, height: 844 }, mobile: true });
  t.after(async () => {
    await browser.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { page } = browser;
  await page.goto(`${server.url}/`);
  const manifest = await page.evaluate(async () => {
    const link = document.querySelector('link[rel="manifest"]');
    const response = await fetch(link.href);
    return response.json();
  });
  assert.equal(manifest.display, 'standalone');
  assert.ok(manifest.icons.some((i) => i.sizes === '512x512'), 'a 512 px icon');
  // The service worker installs (keeping the shell) and takes the page.
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 20000 }).catch(async () => {
    await page.reload();
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
  });
  const kept = await page.evaluate(async () => {
    const names = await caches.keys();
    const cache = await caches.open(names.find((n) => n.startsWith('iqrah-')));
    return (await cache.keys()).map((r) => new URL(r.url).pathname);
  });
  for (const path of ['/offline', '/assets/app.css', '/assets/app.js', '/assets/fonts.css']) {
    assert.ok(kept.includes(path), `${path} is kept: ${kept.join(' ')}`);
  }
  assert.ok(kept.some((p) => p.startsWith('/assets/fonts/')), 'a font file is kept');
  assert.ok(!kept.some((p) => p.startsWith('/api/')), 'no API answer is kept');

  // The server goes away: a page opens as the offline page, styled.
  await server.kill();
  await page.goto(`http://127.0.0.1:${port}/progress`);
  await page.waitForSelector('#offline');
  assert.match(await page.textContent('#offline h1'), /Iqrah cannot be reached/);
  assert.match(await page.textContent('#offline'), /Nothing you answered is lost/);
  const styled = await page.$eval('#offline', (card) => getComputedStyle(card).borderRadius);
  assert.notEqual(styled, '0px', 'the kept stylesheet draws the card');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (${overflow} px too wide)`);
  await screenshot(page, 'offline-phone');
  // A write fails in the page: the service worker never answers for the server.
  const write = await page.evaluate(() => fetch('/api/v1/sessions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ goal_id: 'surah:112' }),
  }).then((r) => `answered ${r.status}`, () => 'failed'));
  assert.equal(write, 'failed');
  const read = await page.evaluate(() => fetch('/api/v1/overview').then((r) => `answered ${r.status}`, () => 'failed'));
  assert.equal(read, 'failed', 'an API read is never answered from the cache');

  // The server is back: "Try again" opens the real home page.
  server = await startServer({ dataDir, port });
  await page.click('#try-again');
  await page.waitForURL(`http://127.0.0.1:${port}/`);
  assert.equal(await page.$('#offline'), null);
  assert.ok(await page.$('header.top nav'));
  // Nothing was written while it was gone.
  assert.equal((await server.api('GET', '/sessions/active')).body, null);
});
