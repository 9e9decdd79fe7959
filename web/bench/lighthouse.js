// Lighthouse's performance score of every page, phone and desktop: the
// median of several runs (Lighthouse's own advice for a noisy machine),
// printed beside the bar of 98. It is a bench, not a test: the score moves
// with the machine's load, so it never fails a build.
//
//   cargo build --release -p iqrah-cli && node web/bench/lighthouse.js [RUNS]
//
// RUNS defaults to 5. IQRAH_BINARY picks another build of `iqrah` (the
// release build by default: the debug build's page times are not a
// learner's).
import { rmSync } from 'node:fs';
import { freshDataDir, startServer, pagesOf } from '../browser/helpers.js';
import { launchForLighthouse, lighthouseRun } from '../browser/lighthouse.js';
import { countArgument, measuredBinary, median } from './common.js';

const BAR = 98;
const runs = countArgument('lighthouse.js', 'RUNS', 5);
const binary = measuredBinary();

const dataDir = freshDataDir();
const server = await startServer({ dataDir, binary, now: '2026-03-02T07:00:00Z' });
const { browser, port } = await launchForLighthouse();
let below = 0;
try {
  const { pages } = await pagesOf(server);
  console.log(`Lighthouse 12.2.3 performance, median of ${runs} runs (min–max), bar ${BAR}`);
  for (const formFactor of ['mobile', 'desktop']) {
    for (const [name, path] of Object.entries(pages)) {
      const scores = [];
      for (let i = 0; i < runs; i++) {
        const { scores: s } = await lighthouseRun(`${server.url}${path}`, { port, formFactor, categories: ['performance'] });
        scores.push(s.performance);
      }
      const m = median(scores);
      if (m < BAR) below += 1;
      console.log(`${formFactor.padEnd(8)} ${name.padEnd(9)} ${String(m).padStart(5)}  (${Math.min(...scores)}–${Math.max(...scores)})${m < BAR ? '  below the bar' : ''}`);
    }
  }
  console.log(below ? `${below} page(s) below ${BAR}` : `every page at least ${BAR}`);
} finally {
  await browser.close();
  await server.kill();
  rmSync(dataDir, { recursive: true, force: true });
}
