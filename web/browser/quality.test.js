// Page quality gates: axe-core finds no violation on the home, session
// (answering and feedback), summary, progress, settings and about pages,
// and Lighthouse (pinned at 12.2.3) scores each page at least 98 in
// accessibility, best practices and SEO, on a phone and on a desktop. The
// scores are printed. Lighthouse's performance score moves with the
// machine's load, so it is not judged here: `node web/bench/lighthouse.js`
// measures it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { freshDataDir, startServer, currentItem, waitForItem, answerInPage, pagesOf } from './helpers.js';
import { GATES, launchForLighthouse, lighthouseRun } from './lighthouse.js';

const require = createRequire(import.meta.url);
const AXE_SOURCE = require('axe-core').source;

/** axe-core's violations on the page as it is now, as "rule: targets" lines. */
async function axeViolations(page) {
  await page.addScriptTag({ content: AXE_SOURCE });
  const violations = await page.evaluate(async () => (await window.axe.run(document, { resultTypes: ['violations'] })).violations);
  return violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test('axe-core finds no violation on any page, the session answering and in feedback', { timeout: 600000 }, async (t) => {
  const dataDir = freshDataDir();
  const server = await startServer({ dataDir, now: '2026-03-02T07:00:00Z' });
  const { browser } = await launchForLighthouse();
  t.after(async () => {
    await browser.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { active, pages } = await pagesOf(server);
  const found = {};
  for (const [viewport, size] of [['phone', { width: 390, height: 844 }], ['desktop', { width: 1280, height: 860 }]]) {
    // bypassCSP: axe-core is injected as a script the pages' policy would refuse.
    const context = await browser.newContext({ viewport: size, isMobile: viewport === 'phone', hasTouch: viewport === 'phone', bypassCSP: true });
    const page = await context.newPage();
    for (const [name, path] of Object.entries(pages)) {
      await page.goto(`${server.url}${path}`);
      if (name === 'session') {
        const item = await currentItem(server, active);
        await waitForItem(page, item);
        found[`${viewport} session answering`] = await axeViolations(page);
        continue;
      }
      found[`${viewport} ${name}`] = await axeViolations(page);
    }
    await context.close();
  }
  // The feedback screen: a checked exercise answered wrong.
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, bypassCSP: true });
  const page = await context.newPage();
  const review = (await server.api('POST', '/sessions', { goal_id: 'surah:112', practice_ahead: true })).body;
  let item = await currentItem(server, review.id);
  while (item && ['study', 'recall', 'recite_passage'].includes(item.exercise.type)) {
    await server.api('POST', `/sessions/${review.id}/submit`, { node_id: item.node_id, grade: 3, duration_ms: 3000 });
    item = await currentItem(server, review.id);
  }
  assert.ok(item, 'a checked exercise to answer');
  await page.goto(`${server.url}/session/${review.id}`);
  await waitForItem(page, item);
  await answerInPage(page, server, review.id, item, { right: false });
  await page.waitForFunction(() => document.getElementById('session').dataset.state === 'feedback');
  found['phone session feedback'] = await axeViolations(page);
  await context.close();
  for (const [where, list] of Object.entries(found)) t.diagnostic(`axe ${where}: ${list.length} violations${list.length ? `: ${list.join('; ')}` : ''}`);
  const failing = Object.entries(found).filter(([, list]) => list.length);
  assert.deepEqual(failing, [], 'axe-core violations');
});

test('Lighthouse 12.2.3: every page at least 98 in accessibility, best practices and SEO, phone and desktop', { timeout: 900000 }, async (t) => {
  const dataDir = freshDataDir();
  const server = await startServer({ dataDir, now: '2026-03-02T07:00:00Z' });
  const { browser, port } = await launchForLighthouse();
  t.after(async () => {
    await browser.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { pages } = await pagesOf(server);
  const below = [];
  for (const formFactor of ['mobile', 'desktop']) {
    for (const [name, path] of Object.entries(pages)) {
      const { scores, failed } = await lighthouseRun(`${server.url}${path}`, { port, formFactor, categories: Object.keys(GATES) });
      t.diagnostic(`lighthouse ${formFactor} ${name}: ${JSON.stringify(scores)}${failed.length ? ` failing: ${failed.join(', ')}` : ''}`);
      for (const [category, score] of Object.entries(scores)) {
        if (score < GATES[category]) below.push(`${formFactor} ${name} ${category} ${score} (${failed.join(', ')})`);
      }
    }
  }
  assert.deepEqual(below, [], 'pages below the bar');
});
