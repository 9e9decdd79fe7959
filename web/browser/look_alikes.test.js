// Look-alike verses in a session, on a phone: 2:49 is studied on day 0;
// on day 10 its recitation is failed, its relearning copy is a look-alike
// drill, and the wrong choice (another verse's words) is shown side by side
// with that verse, the differing words marked, and recorded as a
// confusion; a right drill counts towards closing it, and the next day's
// session drills the verse again, which closes it. Screenshots
// in target/screenshots/look-alike-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import {
  freshDataDir, startServer, openBrowser, screenshot, waitForItem, currentItem, answerInPage, gradeInPage,
  solve, wrongAnswer, studyToRecite, daysAfter, practiseByApi,
} from './helpers.js';

const START = '2026-03-02T07:00:00Z';
const GOAL = 'range:2:49-2:49';
const DRILLS = ['which_continuation', 'which_surah'];

test('phone: a look-alike drill, the confusion it records and the two verses side by side', { timeout: 300000 }, async (t) => {
  const dataDir = freshDataDir();
  let server = await startServer({ dataDir, now: START });
  const browser = await openBrowser({ viewport: { width: 390, height: 844 }, mobile: true });
  t.after(async () => {
    await browser.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const first = (await server.api('POST', '/sessions', { goal_id: GOAL })).body;
  await practiseByApi(server, first.id);
  await server.kill();

  server = await startServer({ dataDir, now: daysAfter(START, 10) });
  const { page } = browser;
  const session = (await server.api('POST', '/sessions', { goal_id: GOAL })).body;
  await page.goto(`${server.url}/session/${session.id}`);
  let drilled = false;
  for (let item = await currentItem(server, session.id); item; item = await currentItem(server, session.id)) {
    await waitForItem(page, item);
    const type = item.exercise.type;
    if (DRILLS.includes(type) && !drilled) {
      drilled = true;
      assert.equal(item.relearning, true, 'the drill is the relearning copy of the failed recitation');
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling on a phone (${overflow} px too wide)`);
      await screenshot(page, 'look-alike-drill-phone');
      const wrong = wrongAnswer(item, await solve(server, session.id, item));
      await page.tap(`#exercise [data-index="${wrong.index}"]`);
      await page.waitForSelector('#confusion');
      assert.match(await page.textContent('#confusion'), /You gave the words of .+ \d+:\d+/);
      const marked = await page.$$eval('#confusion .marked-verse', (verses) => verses.map((v) => v.querySelectorAll('mark.missed').length));
      assert.equal(marked.length, 2, 'both verses are shown');
      assert.ok(marked.every((n) => n > 0), `the differing words are marked in both: ${marked}`);
      await screenshot(page, 'look-alike-confusion-phone');
      await gradeInPage(page, item, { mode: 'tap' });
      continue;
    }
    if (type === 'recall') {
      await answerInPage(page, server, session.id, item, { mode: 'tap' });
      await gradeInPage(page, item, { grade: 1, mode: 'tap' });
    } else if (type === 'study') {
      await studyToRecite(page, { mode: 'tap' });
      await gradeInPage(page, item, { grade: 3, mode: 'tap' });
    } else {
      await answerInPage(page, server, session.id, item, { mode: 'tap' });
      await gradeInPage(page, item, { mode: 'tap' });
    }
  }
  assert.ok(drilled, 'a look-alike drill was shown');
  const confusions = (await server.api('GET', '/confusions')).body;
  assert.equal(confusions.length, 1);
  assert.equal(confusions[0].key, '2:49');
  // The wrong drill was Again, so a second relearning copy drilled it again, answered right.
  assert.equal(confusions[0].right_since, 1);
  assert.match(confusions[0].other.key, /^\d+:\d+$/);
  await server.kill();

  // The next day: the pair is reviewed together, with drills.
  server = await startServer({ dataDir, now: daysAfter(START, 11) });
  const next = (await server.api('POST', '/sessions', { goal_id: GOAL, practice_ahead: true })).body;
  const seen = [];
  for (let item = await currentItem(server, next.id); item; item = await currentItem(server, next.id)) {
    seen.push([item.node_id, item.exercise.type, item.reason]);
    const answer = await solve(server, next.id, item);
    if (answer) await server.api('POST', `/sessions/${next.id}/check`, { node_id: item.node_id, answer, duration_ms: 3000 });
    await server.api('POST', `/sessions/${next.id}/submit`, { node_id: item.node_id, grade: 3, duration_ms: 3000 });
  }
  assert.ok(seen.some(([node, type]) => node.startsWith('2:49') && DRILLS.includes(type)), `2:49 is drilled: ${JSON.stringify(seen)}`);
  // A second right drill in a row: the confusion is closed.
  assert.deepEqual((await server.api('GET', '/confusions')).body, []);
});
