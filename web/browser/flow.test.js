// The whole flow on a desktop viewport against the real server: start from
// the home page, answer every exercise type right and wrong, undo, reload in
// both states, kill and restart the server mid-session, complete, and check
// each summary page against the answers given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import {
  freshDataDir, startServer, openBrowser, screenshot, playSession, startFromHome, coveredAll, ALL_TYPES, waitForItem, currentItem, selfGraded, daysAfter,
} from './helpers.js';

const T0 = '2026-03-02T07:00:00Z';
const LATER = '2026-04-06T07:00:00Z'; // five weeks on: the first verses are due

test('desktop: the whole flow, every exercise type, undo, reload, server restart, summaries', { timeout: 900000 }, async (t) => {
  const dataDir = freshDataDir();
  const ctx = { server: await startServer({ dataDir, now: T0 }) };
  const browser = await openBrowser({ viewport: { width: 1280, height: 860 } });
  ctx.page = browser.page;
  const origins = [ctx.server.url];
  t.after(async () => {
    await browser.close();
    await ctx.server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { page } = ctx;

  await page.goto(`${ctx.server.url}/`);
  await screenshot(page, 'desktop-home');
  await page.goto(`${ctx.server.url}/about`);
  await screenshot(page, 'desktop-about');

  ctx.sessionId = await startFromHome(page, ctx.server, 'juz:30');
  const seen = {};
  const events = [];
  let undone = null;

  const hooks = {
    async answering(step, item) {
      if (step === 3 || step === 7) {
        // Reload while answering: the same item with the same exercise.
        const before = await page.locator('#exercise').innerText();
        await page.reload();
        await waitForItem(page, item);
        assert.equal(await page.locator('#exercise').innerText(), before, 'the same exercise after a reload');
        events.push(`reload-answering-${step}`);
      }
      if (undone && undone.item_id === item.item_id) {
        assert.deepEqual(item.exercise, undone.exercise, 'the undone item comes back with its exercise');
        undone = null;
      }
      assert.match(await page.locator('#timer').innerText(), /^\d+:\d\d$/);
    },
    async feedback(step, item, verdict) {
      if (step >= 4 && !selfGraded(item.exercise.type) && !events.includes('reload-feedback')) {
        // Reload after checking: back on the same feedback.
        const feedback = await page.locator('#feedback').innerText();
        await page.reload();
        await page.waitForFunction(() => document.getElementById('session').dataset.state === 'feedback');
        assert.equal(await page.locator('#feedback').innerText(), feedback);
        assert.equal(await page.locator('#grades .grade.suggested').getAttribute('data-grade'), String(verdict.suggested));
        events.push('reload-feedback');
        return null;
      }
      else if (step >= 5 && !selfGraded(item.exercise.type) && !events.includes('server-restart')) {
        // Kill the server, grade: the submit fails; restart it, retry.
        const port = ctx.server.port;
        await ctx.server.kill('SIGKILL');
        await page.click(`#grades .grade[data-grade="${verdict.suggested}"]`);
        await page.waitForSelector('#retry');
        assert.equal(await page.locator('#session').getAttribute('data-state'), 'error');
        await screenshot(page, 'desktop-error');
        ctx.server = await startServer({ dataDir, port, now: T0 });
        await page.click('#retry');
        await page.waitForFunction(
          (id) => location.pathname.endsWith('/summary') || (document.getElementById('session').dataset.state === 'answering' && document.getElementById('exercise').dataset.item !== String(id)),
          item.item_id,
        );
        const submits = (await ctx.server.api('GET', `/sessions/${ctx.sessionId}`)).body.items_completed;
        assert.equal(submits, step - 1, 'the retried submit was recorded once (one answer was undone)');
        events.push('server-restart');
        return verdict.suggested;
      }
      return null;
    },
    async graded(step, item, tally) {
      if (step === 2) {
        // Undo once: the item just graded is current again.
        await page.click('#undo');
        await waitForItem(page, { ...item, index: item.index });
        tally.undo();
        undone = item;
        const again = await currentItem(ctx.server, ctx.sessionId);
        assert.equal(again.item_id, item.item_id);
        events.push('undo');
      }
    },
  };

  const first = await playSession(ctx, { seen, shots: 'desktop', hooks });
  for (const e of ['undo', 'reload-answering-3', 'reload-feedback', 'server-restart', 'reload-answering-7']) assert.ok(events.includes(e), `${e} happened: ${events}`);
  await screenshot(page, 'desktop-summary');
  t.diagnostic(`session 1: ${JSON.stringify(first.figures)}`);

  // More sessions until every type was answered right and wrong; from the
  // third on, each five weeks after the last, so that reviews come due and
  // verses come to hold (the exercises of a verse that holds come then).
  let sessions = 1;
  let restarted = false;
  while (!coveredAll(seen) || !restarted) {
    assert.ok(sessions < 12, `every type within 12 sessions; seen ${JSON.stringify(Object.keys(seen))}`);
    if (sessions >= 2) {
      const port = ctx.server.port;
      await ctx.server.kill('SIGTERM');
      ctx.server = await startServer({ dataDir, port, now: sessions === 2 ? LATER : daysAfter(LATER, 35 * (sessions - 2)) });
      restarted = true;
    }
    ctx.sessionId = await startFromHome(page, ctx.server, 'juz:30');
    const { figures } = await playSession(ctx, { seen, shots: 'desktop' });
    sessions += 1;
    t.diagnostic(`session ${sessions}: ${JSON.stringify(figures)}`);
    if (restarted && Number(figures.reviews) > 0) events.push('reviews');
  }
  for (const type of ALL_TYPES) assert.ok(seen[type].right > 0 && seen[type].wrong > 0, type);
  assert.ok(events.includes('reviews'), 'a session with reviews');
  assert.deepEqual(browser.consoleErrors, []);
  browser.assertOnlyLocal(origins);
});
