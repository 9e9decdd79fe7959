// Lighthouse and the pages it judges, shared by the quality tests
// (browser/quality.test.js) and the performance bench (bench/lighthouse.js).
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { CHROMIUM, currentItem, solve } from './helpers.js';

/** The categories judged, and the lowest score each may have (0–100). */
export const GATES = { accessibility: 98, 'best-practices': 98, seo: 98 };

/** A free TCP port for Chromium's remote debugging (Lighthouse drives it through it). */
async function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Chromium with a debugging port, for playwright and Lighthouse both. */
export async function launchForLighthouse() {
  const port = await freePort();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--remote-debugging-port=${port}`],
  });
  return { browser, port };
}

/** A learner with history: one session completed (its summary) and one active. */
export async function pagesOf(server) {
  const done = (await server.api('POST', '/sessions', { goal_id: 'surah:112' })).body;
  for (let item = await currentItem(server, done.id); item; item = await currentItem(server, done.id)) {
    const answer = await solve(server, done.id, item);
    if (answer) await server.api('POST', `/sessions/${done.id}/check`, { node_id: item.node_id, answer, duration_ms: 3000 });
    await server.api('POST', `/sessions/${done.id}/submit`, { node_id: item.node_id, grade: 3, duration_ms: 3000 });
  }
  await server.api('POST', `/sessions/${done.id}/complete`);
  const active = (await server.api('POST', '/sessions', { goal_id: 'surah:113' })).body;
  return {
    active: active.id,
    pages: {
      home: '/',
      session: `/session/${active.id}`,
      summary: `/session/${done.id}/summary`,
      progress: '/progress',
      settings: '/settings',
      about: '/about',
    },
  };
}

/**
 * One Lighthouse run of `url` in the Chromium listening on `port`, as a
 * phone (`mobile`) or a desktop: the scores (0–100) of `categories`, and the
 * binary audits that failed.
 */
export async function lighthouseRun(url, { port, formFactor, categories }) {
  const flags = { port, output: 'json', logLevel: 'error', onlyCategories: categories };
  const result = await lighthouse(url, flags, formFactor === 'desktop' ? desktopConfig : undefined);
  const scores = Object.fromEntries(categories.map((c) => [c, Math.round(result.lhr.categories[c].score * 100)]));
  const failed = Object.entries(result.lhr.audits)
    .filter(([, a]) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
    .map(([id]) => id);
  return { scores, failed };
}
