// Pages of other origins against the real server in Chromium: a page served
// from another loopback port posts forms to /start and /settings and sends
// fetch() calls to the JSON API; a DNS-rebinding page (a foreign name
// resolved to 127.0.0.1) reads and writes through its own origin. Nothing
// changes, as the API shows afterwards. And the app's own pages run under
// the Content-Security-Policy without a single violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { freshDataDir, startServer, openBrowser, CHROMIUM } from './helpers.js';

/** The attacker's pages, for the Iqrah server at `target`. */
function attackerPages(target, sessionId) {
  const autoSubmit = (action, fields) => `<!doctype html><title>form</title>
<form method="post" action="${target}${action}">
${Object.entries(fields).map(([k, v]) => `<input name="${k}" value="${v}">`).join('\n')}
</form>
<script>document.forms[0].submit();</script>`;
  const fetches = `<!doctype html><title>fetch</title><script>
const target = ${JSON.stringify(target)};
const settings = { desired_retention: 0.7, session_size: 3, new_verses_per_session: 1, favour_prayer_surahs: false, day_start_hour: 0, utc_offset_minutes: 0, translation_language: 'fr', theme: 'dark', reading_size: 200 };
const attempts = [
  // JSON with its content type: the browser asks first (preflight).
  ['PUT', '/api/v1/settings', 'cors', 'application/json', JSON.stringify(settings)],
  ['POST', '/api/v1/sessions', 'cors', 'application/json', JSON.stringify({ goal_id: 'surah:113' })],
  ['POST', '/api/v1/sessions/${sessionId}/abandon', 'cors', 'application/json', '{}'],
  // "Simple" requests the browser sends without asking.
  ['PUT', '/api/v1/settings', 'no-cors', 'text/plain', JSON.stringify(settings)],
  ['POST', '/api/v1/sessions', 'no-cors', 'text/plain', JSON.stringify({ goal_id: 'surah:113' })],
  ['POST', '/api/v1/sessions/${sessionId}/abandon', 'no-cors', 'text/plain', ''],
  ['POST', '/api/v1/sessions/${sessionId}/abandon', 'no-cors', 'application/x-www-form-urlencoded', ''],
];
window.done = Promise.all(attempts.map(([method, path, mode, type, body]) =>
  fetch(target + path, { method, mode, headers: { 'content-type': type }, body, credentials: 'include' })
    .then((r) => method + ' ' + path + ' ' + mode + ': ' + (r.type === 'opaque' ? 'sent, unreadable' : r.status))
    .catch((e) => method + ' ' + path + ' ' + mode + ': refused by the browser (' + e.message + ')')));
</script>`;
  return {
    '/start': autoSubmit('/start', { goal: 'surah:112' }),
    '/settings': autoSubmit('/settings', {
      desired_retention: '0.7', session_size: '3', new_verses_per_session: '1', day_start_hour: '0', utc_offset_minutes: '0', translation_language: 'fr', theme: 'dark', reading_size: '200',
    }),
    '/fetch': fetches,
  };
}

/** A Node HTTP server on another loopback port serving `pages()`; resolves to its origin. */
async function attacker(pages) {
  const server = createServer((request, response) => {
    const page = pages()[new URL(request.url, 'http://x').pathname];
    response.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page ?? 'no such page');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { origin: `http://localhost:${server.address().port}`, close: () => new Promise((r) => server.close(r)) };
}

/** What the API says: settings, sessions and the one session's status. */
async function observed(server, sessionId) {
  return {
    settings: (await server.api('GET', '/settings')).body,
    sessions: (await server.api('GET', '/sessions')).body.map((s) => `${s.id} ${s.goal_id} ${s.status}`),
    status: (await server.api('GET', `/sessions/${sessionId}`)).body.status,
  };
}

test('pages of another origin cannot change settings, start or abandon a session', { timeout: 300000 }, async (t) => {
  const dataDir = freshDataDir();
  const server = await startServer({ dataDir });
  const { body: session } = await server.api('POST', '/sessions', { goal_id: 'juz:30' });
  const before = await observed(server, session.id);
  assert.equal(before.status, 'active');
  const evil = await attacker(() => attackerPages(server.url, session.id));
  const browser = await openBrowser();
  t.after(async () => {
    await browser.close();
    await evil.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { page } = browser;
  const answered = [];
  page.on('response', (r) => {
    if (r.url().startsWith(server.url)) answered.push(`${r.request().method()} ${new URL(r.url()).pathname} ${r.status()}`);
  });

  for (const action of ['/start', '/settings']) {
    await page.goto(`${evil.origin}${action}`);
    await page.waitForURL((u) => u.href.startsWith(server.url));
    await page.waitForLoadState('load');
    assert.equal(new URL(page.url()).pathname, action, 'the form post was answered where it was sent');
    assert.match(await page.textContent('.error-message'), /another site may not change anything/, `the form post to ${action} was refused`);
  }
  // Responses the browser hid from the page (CORP: same-origin) were answered all the same.
  const blocked = [];
  page.on('requestfailed', (r) => {
    if (r.failure()?.errorText === 'net::ERR_BLOCKED_BY_RESPONSE.NotSameOrigin') blocked.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  await page.goto(`${evil.origin}/fetch`);
  const results = await page.evaluate(() => window.done);
  assert.equal(results.length, 7);
  assert.deepEqual(await observed(server, session.id), before, 'nothing changed');
  assert.ok(results.every((r) => r.includes('refused by the browser')), results.join('\n'));
  assert.deepEqual(answered.filter((a) => !a.startsWith('GET ')), ['POST /start 403', 'POST /settings 403'], 'the form posts were refused');
  // The simple POSTs reached the server (their answers were then hidden by CORP).
  assert.deepEqual(blocked.sort(), ['POST /api/v1/sessions', `POST /api/v1/sessions/${session.id}/abandon`, `POST /api/v1/sessions/${session.id}/abandon`].sort());
  assert.deepEqual(await observed(server, session.id), before, 'nothing changed');
});

test('a DNS-rebinding page is refused: the server answers only to its own names', { timeout: 300000 }, async (t) => {
  const dataDir = freshDataDir();
  const server = await startServer({ dataDir });
  const { body: session } = await server.api('POST', '/sessions', { goal_id: 'juz:30' });
  const before = await observed(server, session.id);
  const profile = mkdtempSync(join(tmpdir(), 'iqrah-chromium-'));
  // What rebinding achieves: the attacker's own name resolves to 127.0.0.1.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-quic', '--host-resolver-rules=MAP rebound.test 127.0.0.1'],
  });
  context.setDefaultTimeout(60000);
  t.after(async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const rebound = `http://rebound.test:${server.port}`;
  const response = await page.goto(`${rebound}/`);
  assert.equal(response.status(), 421, 'the home page under a foreign name');
  assert.match(await page.textContent('.error-message'), /not served here/);
  // Same-origin for the browser, so it may read the answers, but they are refusals.
  const answers = await page.evaluate(async (id) => {
    const call = async (method, path, body) => {
      const r = await fetch(path, { method, headers: { 'content-type': 'application/json' }, body });
      return `${method} ${path} ${r.status} ${(await r.json()).error?.code}`;
    };
    return [
      await call('GET', '/api/v1/settings'),
      await call('PUT', '/api/v1/settings', JSON.stringify({ session_size: 3 })),
      await call('POST', `/api/v1/sessions/${id}/abandon`),
    ];
  }, session.id);
  assert.deepEqual(answers, [
    'GET /api/v1/settings 421 unknown_host',
    'PUT /api/v1/settings 421 unknown_host',
    `POST /api/v1/sessions/${session.id}/abandon 421 unknown_host`,
  ]);
  assert.deepEqual(await observed(server, session.id), before, 'nothing changed');
});

test('the app runs under its Content-Security-Policy without a violation', { timeout: 300000 }, async (t) => {
  const dataDir = freshDataDir();
  const server = await startServer({ dataDir });
  const browser = await openBrowser();
  t.after(async () => {
    await browser.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { page } = browser;
  const messages = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') messages.push(`${m.type()}: ${m.text()}`);
  });
  // Failed loads are checked by URL: only the favicon (there is none) may be missing.
  const failedLoads = [];
  page.on('response', (r) => {
    if (r.status() >= 400) failedLoads.push(`${r.status()} ${new URL(r.url()).pathname}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  for (const path of ['/', '/progress', '/settings', '/about']) {
    const response = await page.goto(`${server.url}${path}`);
    assert.match(response.headers()['content-security-policy'], /script-src 'self'/);
    await page.waitForLoadState('load');
  }
  // A session page: app.js renders an exercise and sets the progress bar.
  await page.goto(`${server.url}/`);
  await page.click('form:has(input[value="surah:112"]) button');
  await page.waitForURL(/\/session\/[^/]+$/);
  await page.waitForFunction(() => document.getElementById('session')?.dataset.state === 'answering');
  // The home page's bars are drawn (SVG rects), not collapsed.
  await page.goto(`${server.url}/`);
  const width = await page.evaluate(() => document.querySelector('.bar svg')?.getBoundingClientRect().width ?? 0);
  assert.ok(width > 100, `the home page's progress bar is drawn (${width}px)`);
  assert.deepEqual(failedLoads.filter((l) => l !== '404 /favicon.ico'), [], 'every resource loaded');
  assert.deepEqual(messages.filter((m) => !m.startsWith('error: Failed to load resource')), [], 'no CSP violation or other error in the console');
  assert.deepEqual(browser.consoleErrors, []);
  browser.assertOnlyLocal([server.url]);
});
