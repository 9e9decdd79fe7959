// Keyboard only: from the home page to the summary without a pointer —
// digits for choices, word positions and verse order, typing for
// type_verse, Enter to reveal and to go on, 1–4 to grade, u to undo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { freshDataDir, startServer, openBrowser, playSession, focusByTab, sessionIdOf, waitForItem, currentItem, screenshot } from './helpers.js';

test('keyboard only: a whole session, with an undo', { timeout: 600000 }, async (t) => {
  const dataDir = freshDataDir();
  const ctx = { server: await startServer({ dataDir, now: '2026-03-02T07:00:00Z' }) };
  const browser = await openBrowser({ viewport: { width: 1024, height: 768 } });
  ctx.page = browser.page;
  t.after(async () => {
    await browser.close();
    await ctx.server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { page } = ctx;
  await page.goto(`${ctx.server.url}/`);
  // Tab to surah 112's button (the home page lists the juz first, then the surahs).
  await focusByTab(page, 'form:has(input[value="surah:112"]) button');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/session\/[^/]+$/);
  ctx.sessionId = await sessionIdOf(page);
  let undone = false;
  const hooks = {
    async graded(step, item, tally) {
      if (step === 1 && !undone) {
        undone = true;
        await page.keyboard.press('Escape'); // leaves the text field, if the next item has one
        await page.keyboard.press('u');
        await waitForItem(page, item);
        assert.equal((await currentItem(ctx.server, ctx.sessionId)).item_id, item.item_id);
        tally.undo();
      }
    },
  };
  const { figures } = await playSession(ctx, { mode: 'keyboard', hooks });
  assert.ok(undone);
  t.diagnostic(`summary: ${JSON.stringify(figures)}`);
  await screenshot(page, 'desktop-summary-keyboard');
  assert.deepEqual(browser.consoleErrors, []);
  browser.assertOnlyLocal([ctx.server.url]);
});
