// One session open in two tabs of one browser: when the first tab saves an
// answer, the second learns it and shows the item that now waits (with a
// notice), never an endless "Try again"; when the first ends the session,
// the second goes to its summary. Screenshot target/screenshots/two-tabs-second.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { freshDataDir, startServer, openBrowser, screenshot, waitForItem, currentItem, answerInPage, gradeInPage } from './helpers.js';

test('two tabs on one session: the second follows the first', { timeout: 300000 }, async (t) => {
  const dataDir = freshDataDir();
  const server = await startServer({ dataDir, now: '2026-03-02T07:00:00Z' });
  const browser = await openBrowser();
  t.after(async () => {
    await browser.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const session = (await server.api('POST', '/sessions', { goal_id: 'surah:112' })).body;
  const first = browser.page;
  const second = await browser.context.newPage();
  await first.goto(`${server.url}/session/${session.id}`);
  await second.goto(`${server.url}/session/${session.id}`);
  const one = await currentItem(server, session.id);
  await waitForItem(first, one);
  await waitForItem(second, one);

  // The first tab answers the study step; the second shows the next item.
  await answerInPage(first, server, session.id, one);
  await gradeInPage(first, one, { grade: 3 });
  const two = await currentItem(server, session.id);
  assert.notEqual(two.item_id, one.item_id);
  await waitForItem(second, two);
  assert.match(await second.textContent('#session'), /moved on in another tab/);
  await screenshot(second, 'two-tabs-second');

  // The second answers now; the first follows it back.
  await answerInPage(second, server, session.id, two);
  await gradeInPage(second, two, { grade: 3 });
  const three = await currentItem(server, session.id);
  if (three) await waitForItem(first, three);

  // The first ends the session: both reach the summary.
  await first.click('#end');
  await first.waitForSelector('#end-confirm');
  await first.click('#end-confirm');
  await first.waitForURL(/\/summary$/);
  await second.waitForURL(/\/summary$/);
  assert.equal((await server.api('GET', `/sessions/${session.id}`)).body.status, 'completed');
});
