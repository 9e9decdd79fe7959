// Shared helpers of the browser tests: the real `iqrah` binary on a
// temporary data directory, Debian's Chromium through playwright-core, and
// a driver that answers exercises right or wrong on purpose.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, copyFileSync, existsSync, statSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BINARY = join(ROOT, 'target/debug/iqrah');
export const SCREENSHOTS = join(ROOT, 'target/screenshots');
export const CHROMIUM = '/usr/bin/chromium';
/** The flags every Chromium of the tests starts with (GUIDE §7). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** IQRAH_NOW `days` after `start` (an ISO instant). */
export const daysAfter = (start, days) => new Date(Date.parse(start) + days * 86400000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** The exercises the learner grades themself (no check, no feedback screen). */
export const SELF_GRADED = ['recall', 'study'];
export const selfGraded = (type) => SELF_GRADED.includes(type);
const CONTENT_CACHE = join(ROOT, 'target/web-tests/content.sqlite3');

/** Imports the content once (shared by the test files) and returns its path. */
export function contentDatabase() {
  assert.ok(existsSync(BINARY), `${BINARY} is missing: run \`cargo build -p iqrah-cli\` first`);
  if (existsSync(CONTENT_CACHE) && statSync(CONTENT_CACHE).mtimeMs >= statSync(BINARY).mtimeMs) return CONTENT_CACHE;
  const dir = mkdtempSync(join(tmpdir(), 'iqrah-content-'));
  execFileSync(BINARY, ['--data-dir', dir, 'content', 'import'], { stdio: 'pipe' });
  mkdirSync(dirname(CONTENT_CACHE), { recursive: true });
  const staged = `${CONTENT_CACHE}.${process.pid}`;
  copyFileSync(join(dir, 'content.sqlite3'), staged);
  renameSync(staged, CONTENT_CACHE); // atomic: concurrent test files never see half a file
  rmSync(dir, { recursive: true, force: true });
  return CONTENT_CACHE;
}

/** A fresh data directory holding a copy of the imported content. */
export function freshDataDir() {
  const dir = mkdtempSync(join(tmpdir(), 'iqrah-web-'));
  copyFileSync(contentDatabase(), join(dir, 'content.sqlite3'));
  return dir;
}

/** The environment of an `iqrah` process: none of the caller's IQRAH_ settings, IQRAH_NOW = `now` when given. */
function iqrahEnv(now) {
  const env = { ...process.env };
  for (const name of ['IQRAH_NOW', 'IQRAH_DATA_DIR', 'IQRAH_DATABASE_URL', 'IQRAH_SIGN_UP', 'IQRAH_INSECURE_COOKIES', 'IQRAH_ALLOWED_HOSTS']) delete env[name];
  if (now) env.IQRAH_NOW = now;
  return env;
}

/**
 * Starts `iqrah serve` on `dataDir` (port 0 unless `port`), reads the
 * address from its "open http://…" line. `now` sets IQRAH_NOW; `database`
 * (a postgres:// URL) makes it a shared server with accounts, and
 * `serveArgs` are added to `serve`'s; `binary` replaces the debug build.
 */
export async function startServer({ dataDir, port = 0, now = null, database = null, serveArgs = [], binary = BINARY }) {
  const env = iqrahEnv(now);
  const global = ['--data-dir', dataDir, ...(database ? ['--database', database] : [])];
  const proc = spawn(binary, [...global, 'serve', '--addr', `127.0.0.1:${port}`, ...serveArgs], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`iqrah serve printed no address in 20 s:\n${output}`)), 20000);
    const onData = (chunk) => {
      output += chunk;
      const found = /open (http:\/\/[^\s]+?)\/? in/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolvePromise(found[1]);
      }
    };
    proc.stdout.on('data', onData);
    proc.stderr.on('data', (chunk) => (output += chunk));
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`iqrah serve exited with ${code}:\n${output}`));
    });
  });
  proc.removeAllListeners('exit');
  const server = {
    url,
    port: Number(new URL(url).port),
    proc,
    /** Kills the process (SIGKILL: nothing gets to flush) and waits for it. */
    async kill(signal = 'SIGKILL') {
      if (proc.exitCode !== null || proc.signalCode !== null) return;
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill(signal);
      await exited;
    },
    /** The API token its calls carry (a shared server's), or null. */
    token: null,
    /** Calls the JSON API; resolves to { status, body }. */
    async api(method, path, body) {
      const headers = body === undefined ? {} : { 'content-type': 'application/json' };
      if (this.token) headers.authorization = `Bearer ${this.token}`;
      const response = await fetch(`${url}/api/v1${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: response.status === 204 ? null : await response.json() };
    },
    /** This server as seen by the holder of `token`: its API calls carry it. */
    as(token) {
      return { ...this, token };
    },
  };
  return server;
}

/** Runs `iqrah` with `args` on `dataDir` (and `database`), `input` on its standard input; returns its output. */
export function runIqrah({ dataDir, database = null, args, input = '' }) {
  const global = ['--data-dir', dataDir, ...(database ? ['--database', database] : [])];
  return execFileSync(BINARY, [...global, ...args], { env: iqrahEnv(null), input, stdio: ['pipe', 'pipe', 'pipe'] }).toString();
}

/** A Chromium context on a fresh profile; every request is checked to go to `origin` only. */
export async function openBrowser({ viewport = { width: 1280, height: 860 }, mobile = false, scale = mobile ? 2 : 1 } = {}) {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: install it with \`apt-get install -y chromium\``);
  const profile = mkdtempSync(join(tmpdir(), 'iqrah-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_ARGS, '--disable-quic'],
    viewport,
    deviceScaleFactor: scale,
    isMobile: mobile,
    hasTouch: mobile,
    locale: 'en-GB',
  });
  context.setDefaultTimeout(60000); // the machine may be busy compiling
  const requests = [];
  context.on('request', (request) => requests.push(request.url()));
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleErrors = [];
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  return {
    context,
    page,
    requests,
    consoleErrors,
    /** Asserts that no request left for another host than the server's. */
    assertOnlyLocal(origins) {
      const foreign = requests.filter((u) => !origins.some((o) => u.startsWith(`${o}/`)) && !u.startsWith('data:') && u !== 'about:blank');
      assert.deepEqual(foreign, [], 'requests to another host than the server');
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true, animations: 'disabled', caret: 'hide' });
}

/**
 * The contrast ratio (WCAG 2) of each element matching a selector: its
 * computed text colour against the first opaque background behind it.
 */
export const contrasts = (page, selectors) =>
  page.evaluate((list) => {
    const rgb = (c) => {
      const m = /rgba?\(([^)]+)\)/.exec(c);
      if (!m) return null;
      const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
      return { r, g, b, a };
    };
    const lum = ({ r, g, b }) => {
      const f = (v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const background = (element) => {
      for (let e = element; e; e = e.parentElement) {
        const c = rgb(getComputedStyle(e).backgroundColor);
        if (c && c.a >= 0.99) return c;
      }
      return rgb(getComputedStyle(document.documentElement).backgroundColor) ?? { r: 255, g: 255, b: 255, a: 1 };
    };
    const out = {};
    for (const selector of list) {
      const element = document.querySelector(selector);
      if (!element) continue;
      const fg = rgb(getComputedStyle(element).color);
      const bg = background(element);
      const [hi, lo] = [lum(fg), lum(bg)].sort((x, y) => y - x);
      out[selector] = Math.round(((hi + 0.05) / (lo + 0.05)) * 100) / 100;
    }
    return out;
  }, selectors);

/** The session page's current state, once it has settled. */
export async function settled(page) {
  await page.waitForFunction(() => ['answering', 'feedback', 'error', 'idle'].includes(document.getElementById('session')?.dataset.state) || location.pathname.endsWith('/summary'));
  return page.evaluate(() => document.getElementById('session')?.dataset.state ?? 'summary');
}

/** Waits for the session page to show `item` (by item_id and exercise type). */
export async function waitForItem(page, item) {
  await page.waitForFunction(
    ({ type, id, index }) => {
      const s = document.getElementById('session');
      const ex = document.getElementById('exercise');
      return s && s.dataset.state === 'answering' && ex.dataset.type === type && ex.dataset.item === String(id) && document.getElementById('progress-text').textContent.startsWith(`${index} /`);
    },
    { type: item.exercise.type, id: item.item_id, index: item.index },
  );
}

/** Finds how to answer `item` right, by trying through the API (the last check counts, so the page's own answer overrides it). */
export async function solve(server, sessionId, item) {
  const e = item.exercise;
  const check = async (answer) => (await server.api('POST', `/sessions/${sessionId}/check`, { node_id: item.node_id, answer, duration_ms: 1000 })).body;
  switch (e.type) {
    case 'recall':
    case 'study':
      return null;
    case 'type_verse': {
      const { expected } = await check({ kind: 'text', text: 'ـ' });
      return { kind: 'text', text: expected };
    }
    case 'put_in_order': {
      const { expected } = await check({ kind: 'order', order: e.verses.map((_, i) => i) });
      const used = new Set();
      const order = expected.split('\n').map((v) => {
        const i = e.verses.findIndex((text, j) => text === v && !used.has(j));
        used.add(i);
        return i;
      });
      return { kind: 'order', order };
    }
    case 'find_the_mistake': {
      const [verse] = (await server.api('GET', `/verses/${e.reference}`)).body;
      const index = e.words.findIndex((w, i) => verse.words[i]?.text !== w);
      assert.ok(index >= 0, 'the replaced word');
      return { kind: 'choice', index };
    }
    default: {
      const { expected } = await check({ kind: 'choice', index: 0 });
      const index = e.choices.indexOf(expected);
      assert.ok(index >= 0, `the expected answer ${expected} among the choices`);
      return { kind: 'choice', index };
    }
  }
}

/** A wrong answer, given the right one. */
export function wrongAnswer(item, right) {
  const e = item.exercise;
  switch (right.kind) {
    case 'text': {
      const words = right.text.split(' ');
      const typed = words.length > 1 ? [...words.slice(0, -1), 'كتاب'] : ['كتاب', 'قلم'];
      return { kind: 'text', text: typed.join(' ') };
    }
    case 'order':
      return { kind: 'order', order: [...right.order.slice(1), right.order[0]] };
    default: {
      const count = e.type === 'find_the_mistake' ? e.words.length : e.choices.length;
      return { kind: 'choice', index: (right.index + 1) % count };
    }
  }
}

/**
 * Tallies the answers given, to check the summary against: one record per
 * submitted grade; `undo()` drops the last.
 */
export class Tally {
  constructor(planned) {
    this.planned = planned;
    this.answers = [];
    this.passages = 0; // recited passages: the server grades their verses, not tallied here
  }
  add(item, correct, grade) {
    this.answers.push({ reason: item.reason, skill: item.skill, relearning: item.relearning, type: item.exercise.type, correct, grade });
  }
  undo() {
    this.answers.pop();
  }
  expected() {
    const a = this.answers;
    const checked = a.filter((x) => x.correct !== null);
    const right = checked.filter((x) => x.correct).length;
    const grades = [1, 2, 3, 4].map((g) => a.filter((x) => x.grade === g).length);
    return {
      'items-completed': String(a.length),
      'items-planned': String(this.planned),
      'items-skipped': '0',
      accuracy: checked.length ? `${roundHalfEven((right / checked.length) * 100)} %` : '–',
      'new-verses': String(a.filter((x) => x.reason === 'new' && !x.relearning && x.skill === 'memorization').length),
      reviews: String(a.filter((x) => x.reason === 'review' && !x.relearning).length),
      relearned: String(a.filter((x) => x.relearning).length),
      grades,
    };
  }
}

/** Rounds as Rust's `{:.0}` does: ties to even. */
function roundHalfEven(x) {
  const floor = Math.floor(x);
  if (x - floor !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

/** Reads the summary page's figures. */
export async function readSummary(page) {
  return page.evaluate(() => {
    const text = (id) => document.getElementById(id).textContent.trim();
    const figures = Object.fromEntries(['items-completed', 'items-planned', 'items-skipped', 'accuracy', 'new-verses', 'reviews', 'relearned'].map((id) => [id, text(id)]));
    figures.grades = [1, 2, 3, 4].map((g) => Number(document.querySelector(`text.grade-count[data-grade="${g}"]`).textContent.trim()));
    return figures;
  });
}

/** The current item of the session, through the API. */
export async function currentItem(server, sessionId) {
  return (await server.api('GET', `/sessions/${sessionId}/next`)).body;
}

export const sessionIdOf = (page) => page.evaluate(() => document.getElementById('session').dataset.sessionId);

/**
 * Answers the current `item` in the page, right or wrong, with `mode`
 * `click`, `tap` or `keyboard`, and waits for the feedback (or, for
 * recall, reveals words). Returns whether the page said it was right
 * (null for recall) and the preselected grade.
 */
export async function answerInPage(page, server, sessionId, item, { right = true, mode = 'click' } = {}) {
  const e = item.exercise;
  const press = (selector) => (mode === 'tap' ? page.tap(selector) : page.click(selector));
  if (e.type === 'study') {
    await studyToRecite(page, { mode });
    return { correct: null, suggested: null };
  }
  if (e.type === 'recite_passage') {
    // Recited unaided: no marks.
    await press('#submit-passage');
    await page.waitForFunction(() => document.getElementById('session').dataset.state === 'shown');
    return { correct: null, suggested: null, passage: true };
  }
  if (e.type === 'recall') {
    if (mode === 'keyboard') {
      await page.keyboard.press('Enter');
      await page.waitForSelector('#slots .slot.shown');
      for (let i = 1; i < e.word_count; i++) {
        await page.keyboard.press('Enter');
        await page.waitForFunction((n) => document.querySelectorAll('#slots .slot.shown').length >= n, i + 1);
      }
    } else {
      await press('#reveal-next');
      await page.waitForSelector('#slots .slot.shown');
      if (e.word_count > 1) await press('#reveal-all');
    }
    await page.waitForFunction((n) => document.querySelectorAll('#slots .slot.shown').length === n, e.word_count);
    return { correct: null, suggested: null };
  }
  const solved = await solve(server, sessionId, item);
  const answer = right ? solved : wrongAnswer(item, solved);
  if (answer.kind === 'choice') {
    if (mode === 'keyboard' && answer.index < 9) await page.keyboard.press(String(answer.index + 1));
    else if (mode === 'keyboard') {
      await focusByTab(page, `#exercise .word[data-index="${answer.index}"]`);
      await page.keyboard.press('Enter');
    }
    else await press(`#exercise [data-index="${answer.index}"]`);
  } else if (answer.kind === 'text') {
    if (mode === 'keyboard') {
      await page.keyboard.insertText(answer.text);
      await page.keyboard.press('Enter');
    } else {
      await page.fill('#answer-text', answer.text);
      await press('#check-text');
    }
  } else if (answer.kind === 'order') {
    for (const i of answer.order) {
      if (mode === 'keyboard') await page.keyboard.press(String(i + 1));
      else await press(`#exercise .option[data-index="${i}"]`);
    }
    await page.waitForFunction((n) => document.querySelectorAll('#built li').length === n, answer.order.length);
    // A right order clicked with the mouse is checked with Enter, the last
    // verse clicked still focused: Enter checks, it never un-taps that verse.
    if (mode === 'keyboard' || (mode === 'click' && right)) await page.keyboard.press('Enter');
    else await press('#check-order');
  }
  await page.waitForFunction(() => document.getElementById('session').dataset.state === 'feedback');
  const verdict = await page.evaluate(() => ({
    correct: document.getElementById('feedback').classList.contains('is-right'),
    suggested: Number(document.querySelector('#grades .grade.suggested')?.dataset.grade ?? 0),
  }));
  assert.equal(verdict.correct, right, `${e.type} answered ${right ? 'right' : 'wrong'}`);
  return verdict;
}

/** The step a study item shows (`read`, `cover`, `recite`). */
export const studyStep = (page) => page.evaluate(() => document.getElementById('exercise').dataset.step);

/**
 * Walks a study item from reading through covering word by word (Enter or
 * the "Cover" button) to reciting from memory, where it waits for the grades.
 */
export async function studyToRecite(page, { mode = 'click' } = {}) {
  await page.waitForFunction(() => document.getElementById('exercise').dataset.step);
  for (let i = 0; i < 200 && (await studyStep(page)) !== 'recite'; i++) {
    if (mode === 'keyboard') await page.keyboard.press('Enter');
    else if (mode === 'tap') await page.tap('#study-next');
    else await page.click('#study-next');
  }
  assert.equal(await studyStep(page), 'recite');
  await page.waitForSelector('#grades:not([hidden]) .grade');
}

/** Waits until the feedback (or shown answer) takes keys, when it is on screen. */
export async function armed(page) {
  await page.waitForFunction(() => {
    const s = document.getElementById('session');
    return !s || !['feedback', 'shown'].includes(s.dataset.state) || s.dataset.armed === 'true';
  });
}

/** Presses Tab until `selector` has the focus. */
export async function focusByTab(page, selector) {
  for (let i = 0; i < 400; i++) {
    if (await page.evaluate((s) => document.activeElement === document.querySelector(s), selector)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Grades the item in feedback (or recall): `grade`, or the preselected one with Enter. */
export async function gradeInPage(page, item, { grade = null, mode = 'click' } = {}) {
  const before = item.item_id;
  if (mode === 'keyboard' || grade === null) await armed(page);
  if (grade === null) await page.keyboard.press('Enter');
  else if (mode === 'keyboard') await page.keyboard.press(String(grade));
  else if (mode === 'tap') await page.tap(`#grades .grade[data-grade="${grade}"]`);
  else await page.click(`#grades .grade[data-grade="${grade}"]`);
  // The next item, or the summary.
  await page.waitForFunction(
    (id) => location.pathname.endsWith('/summary') || (document.getElementById('session')?.dataset.state === 'answering' && document.getElementById('exercise').dataset.item !== String(id)),
    before,
  );
}

/**
 * Plays the session open in `ctx.page` to its end and checks the summary
 * page against the answers given. Each type is answered right first, then
 * wrong, then right. `hooks.answering(step, item)` and
 * `hooks.feedback(step, item, verdict)` may reload, undo or restart the
 * server; `feedback` returns the grade it submitted itself, if it did.
 * `hooks.graded(step, item, tally)` runs after each grade.
 */
export async function playSession(ctx, { mode = 'click', seen = {}, shots = null, hooks = {} } = {}) {
  const { page } = ctx;
  const session = (await ctx.server.api('GET', `/sessions/${ctx.sessionId}`)).body;
  assert.equal(session.items_completed, 0, 'a fresh session');
  const tally = new Tally(session.items_count);
  let step = 0;
  for (;;) {
    const item = await currentItem(ctx.server, ctx.sessionId);
    if (!item) break;
    await waitForItem(page, item);
    step += 1;
    const type = item.exercise.type;
    const s = (seen[type] ??= { right: 0, wrong: 0, shots: new Set() });
    if (hooks.answering) await hooks.answering(step, item, tally);
    // Right first, then wrong once, then right. While a type that only a
    // relearning copy gets lacks an answer either way, memorization tests
    // are failed so that copies come.
    const wantCopies = !item.relearning && MEMORIZATION_TESTS.includes(type) && RELEARNING_ONLY.some((t) => !covered(seen, t));
    const right = !wantCopies && (!s.right || s.wrong > 0);
    if (shots && !s.shots.has('session')) {
      s.shots.add('session');
      await screenshot(page, `${shots}-session-${type}`);
    }
    const verdict = await answerInPage(page, ctx.server, ctx.sessionId, item, { right, mode });
    let grade;
    if (verdict.passage) {
      // Every verse and link graded by the server from the (no) marks.
      if (mode === 'keyboard') {
        await armed(page);
        await page.keyboard.press('Enter');
      } else await (mode === 'tap' ? page.tap('#continue') : page.click('#continue'));
      await page.waitForFunction((id) => location.pathname.endsWith('/summary') || (document.getElementById('session')?.dataset.state === 'answering' && document.getElementById('exercise').dataset.item !== String(id)), item.item_id);
      tally.passages += 1;
      s.right += 1;
      s.wrong += 1;
      continue;
    }
    if (selfGraded(type)) {
      // Good, then Again once (each grade seen), then Good: verses go on maturing.
      grade = wantCopies || (s.right && !s.wrong) ? 1 : 3;
      if (shots && !s.shots.has('feedback')) {
        s.shots.add('feedback');
        await screenshot(page, `${shots}-feedback-${type}`);
      }
    } else {
      const label = right ? 'right' : 'wrong';
      if (shots && !s.shots.has(label)) {
        s.shots.add(label);
        await screenshot(page, `${shots}-feedback-${type}-${label}`);
      }
      // Mostly the preselected grade; now and then another one.
      grade = verdict.correct && step % 4 === 0 ? (verdict.suggested === 4 ? 2 : 4) : verdict.suggested;
    }
    s[grade > 1 ? 'right' : 'wrong'] += 1;
    const handled = hooks.feedback ? await hooks.feedback(step, item, verdict) : null;
    if (handled) grade = handled;
    else await gradeInPage(page, item, { grade: mode === 'keyboard' && grade === verdict.suggested ? null : grade, mode });
    tally.add(item, selfGraded(type) ? null : verdict.correct, grade);
    if (hooks.graded) await hooks.graded(step, item, tally);
  }
  await page.waitForURL(/\/summary$/);
  const figures = await readSummary(page);
  if (tally.passages) assert.ok(Number(figures['items-completed']) >= tally.answers.length, 'the summary counts the answers given');
  else assert.deepEqual(figures, tally.expected(), 'the summary page against the answers given');
  return { tally, figures };
}

/** Whether every exercise type was answered right and wrong (recall and study: graded Good and Again). */
export const ALL_TYPES = ['study', 'recall', 'next_word', 'missing_word', 'find_the_mistake', 'type_verse', 'what_comes_next', 'put_in_order', 'meaning', 'meaning_reverse'];
/** Whether `type` was answered right and wrong. */
const covered = (seen, type) => Boolean(seen[type] && seen[type].right > 0 && seen[type].wrong > 0);
export const coveredAll = (seen) => ALL_TYPES.every((t) => covered(seen, t));
/** The memorization tests whose failure brings a relearning copy. */
const MEMORIZATION_TESTS = ['study', 'recall', 'type_verse'];
/** The types only a relearning copy gets (iqrah_core::exercise::choose). */
const RELEARNING_ONLY = ['next_word', 'missing_word', 'find_the_mistake'];

/** Starts a session for `goal` from the home page. */
export async function startFromHome(page, server, goal, { mode = 'click' } = {}) {
  await page.goto(`${server.url}/`);
  const selector = `form:has(input[name="goal"][value="${goal}"]) button`;
  if (mode === 'tap') await page.tap(selector);
  else await page.click(selector);
  await page.waitForURL(/\/session\/[^/]+$/);
  return sessionIdOf(page);
}

/** Answers a whole session through the API (study and recall Good, the rest right) and completes it. */
export async function practiseByApi(server, id) {
  for (let item = await currentItem(server, id); item; item = await currentItem(server, id)) {
    const answer = await solve(server, id, item);
    if (answer) await server.api('POST', `/sessions/${id}/check`, { node_id: item.node_id, answer, duration_ms: 3000 });
    await server.api('POST', `/sessions/${id}/submit`, { node_id: item.node_id, grade: 3, duration_ms: 3000 });
  }
  await server.api('POST', `/sessions/${id}/complete`);
}

/**
 * A learner with history, one session completed (its summary) and one
 * active, and the address of each page they can open.
 */
export async function pagesOf(server) {
  const done = (await server.api('POST', '/sessions', { goal_id: 'surah:112' })).body;
  await practiseByApi(server, done.id);
  const active = (await server.api('POST', '/sessions', { goal_id: 'surah:113' })).body;
  return {
    active: active.id,
    pages: {
      home: '/',
      session: `/session/${active.id}`,
      summary: `/session/${done.id}/summary`,
      progress: '/progress',
      mushaf: '/progress/mushaf',
      settings: '/settings',
      about: '/about',
    },
  };
}
