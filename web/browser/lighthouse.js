// Lighthouse in the tests' Chromium, shared by the quality tests
// (browser/quality.test.js) and the performance bench (bench/lighthouse.js).
import { createServer } from 'node:net';
import { chromium } from 'playwright-core';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { CHROMIUM, CHROMIUM_ARGS } from './helpers.js';

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
    args: [...CHROMIUM_ARGS, `--remote-debugging-port=${port}`],
  });
  return { browser, port };
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
