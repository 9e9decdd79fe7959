// From a grade press to the next exercise drawn, in Chromium on loopback:
// the time a learner waits between two exercises. The press is a real
// click on a grade button; the clock stops at the first animation frame
// after the next exercise is on the page (its submit to the server, the
// next item's fetch and its drawing all included). Prints the median, the
// 90th percentile and the bar of 50 ms. A bench, not a test: the figure
// moves with the machine's load.
//
//   cargo build --release -p iqrah-cli && node web/bench/grade_to_next.js [GRADES]
//
// GRADES (default 60) is how many grade presses are timed, over sessions of
// juz 30 for a new learner (study steps, then tests, then practice ahead).
// IQRAH_BINARY picks another build of `iqrah` (release by default).
import { rmSync } from 'node:fs';
import { freshDataDir, startServer, openBrowser, currentItem, waitForItem, answerInPage, armed } from '../browser/helpers.js';
import { countArgument, measuredBinary, median, percentile } from './common.js';

const BAR_MS = 50;
const wanted = countArgument('grade_to_next.js', 'GRADES', 60);
const binary = measuredBinary();

/** Clicks the suggested grade (Good when none is) and times it to the next exercise's first frame. */
const timedGrade = (page, itemId) =>
  page.evaluate(
    (id) =>
      new Promise((resolve) => {
        const button = document.querySelector('#grades .grade.suggested') ?? document.querySelector('#grades .grade[data-grade="3"]');
        const moved = () => location.pathname.endsWith('/summary') || (document.getElementById('session')?.dataset.state === 'answering' && document.getElementById('exercise').dataset.item !== String(id));
        const start = performance.now();
        const observer = new MutationObserver(() => {
          if (!moved()) return;
          observer.disconnect();
          requestAnimationFrame(() => resolve(performance.now() - start));
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
        button.click();
      }),
    itemId,
  );

const dataDir = freshDataDir();
const server = await startServer({ dataDir, binary, now: '2026-03-02T07:00:00Z' });
const browser = await openBrowser({ viewport: { width: 390, height: 844 }, mobile: true });
const times = [];
try {
  const { page } = browser;
  for (let sessions = 0; times.length < wanted; sessions++) {
    if (sessions > 20) throw new Error(`only ${times.length} grades timed in 20 sessions`);
    const session = (await server.api('POST', '/sessions', { goal_id: 'juz:30', practice_ahead: sessions > 0 })).body;
    await page.goto(`${server.url}/session/${session.id}`);
    for (let item = await currentItem(server, session.id); item && times.length < wanted; item = await currentItem(server, session.id)) {
      await waitForItem(page, item);
      const verdict = await answerInPage(page, server, session.id, item);
      if (verdict.passage) {
        // A recited passage is graded from its marks, not by a grade press.
        await page.click('#continue');
        await page.waitForFunction((id) => location.pathname.endsWith('/summary') || document.getElementById('exercise')?.dataset.item !== String(id), item.item_id);
        continue;
      }
      await armed(page);
      const last = item.index === item.items_count;
      if (last) {
        // The last grade leaves for the summary page: a page load, not an exercise drawn.
        await Promise.all([page.waitForURL(/\/summary$/), page.click('#grades .grade[data-grade="3"]')]);
        continue;
      }
      times.push(await timedGrade(page, item.item_id));
    }
  }
  console.log(`grade press → next exercise drawn, ${times.length} presses, Chromium on loopback (${binary})`);
  console.log(`median ${median(times).toFixed(1)} ms, p90 ${percentile(times, 90).toFixed(1)} ms, min ${Math.min(...times).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms; bar ${BAR_MS} ms median: ${median(times) <= BAR_MS ? 'met' : 'missed'}`);
} finally {
  await browser.close();
  await server.kill();
  rmSync(dataDir, { recursive: true, force: true });
}
