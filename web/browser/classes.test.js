// A school's server on a real PostgreSQL database (IQRAH_TEST_DATABASE_URL,
// which scripts/test sets; this test fails without it): the operator adds a
// teacher with `iqrah account add`; the teacher signs in and makes a class;
// two learners sign up, join it with its code and practise surah 112 in the
// browser; the teacher's class page then shows, for each learner, exactly
// the figures the learner's own account reports, and nothing of a third
// learner outside the class. Screenshots in target/screenshots/school-*.png.
// The school's own pages (sign-in, sign-up, account, classes, a class) in a
// light and a dark device, phone and desktop, with their text contrast
// measured: target/screenshots/theme-<light|dark>-<phone|desktop>-school-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import {
  freshDataDir, startServer, runIqrah, openBrowser, screenshot, startFromHome, playSession, contrasts,
} from './helpers.js';

const T0 = '2026-03-02T07:00:00Z';
const PASSWORD = 'a long enough passphrase';
const GOAL = 'surah:112';

/** A fresh database on the test server; `drop()` removes it. */
function freshDatabase() {
  const base = process.env.IQRAH_TEST_DATABASE_URL;
  assert.ok(base, 'IQRAH_TEST_DATABASE_URL is not set: run `scripts/postgres start` and export the line it prints (scripts/test does)');
  const name = `iqrah_web_${process.pid}_${Date.now()}`;
  const psql = (sql) => execFileSync('psql', ['--no-psqlrc', '--quiet', '--set', 'ON_ERROR_STOP=1', base, '-c', sql], { stdio: 'pipe' });
  psql(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * A school's server on a fresh database with one account, amina, of
 * `role`; open sign-up. `open(options)` opens a browser (kept in
 * `browsers`), closed with the server when the test ends.
 */
async function schoolServer(t, role) {
  const database = freshDatabase();
  const dataDir = freshDataDir();
  runIqrah({ dataDir, database: database.url, args: ['account', 'add', 'amina', '--role', role], input: `${PASSWORD}\n` });
  const server = await startServer({ dataDir, now: T0, database: database.url, serveArgs: ['--sign-up', 'open', '--insecure-cookies'] });
  const browsers = [];
  t.after(async () => {
    for (const browser of browsers) await browser.close();
    await server.kill();
    database.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const open = async (options) => {
    const browser = await openBrowser(options);
    browsers.push(browser);
    return browser;
  };
  return { server, open, browsers };
}

/** Signs in on the sign-in page as `username`; lands on the home page. */
async function signIn(page, server, username) {
  await page.goto(`${server.url}/`);
  await page.waitForURL(/\/sign-in/);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', PASSWORD);
  await page.click('#sign-in');
  await page.waitForURL(`${server.url}/`);
}

/** Signs up on the sign-up page as `username`; lands on the home page. */
async function signUp(page, server, username, shot = null) {
  await page.goto(`${server.url}/sign-up`);
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', PASSWORD);
  if (shot) await screenshot(page, shot);
  await page.click('#sign-up');
  await page.waitForURL(`${server.url}/`);
  assert.equal(await page.textContent('#account-link'), username, 'the navigation names the account');
}

/** A token for the signed-in account of `page`, made by the page's own API call. */
async function tokenOf(page) {
  const made = await page.evaluate(async () => {
    const response = await fetch('/api/v1/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ label: 'browser test' }) });
    return { status: response.status, body: await response.json() };
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  return made.body.token;
}

/** Joins the class with `code` on the classes page. */
async function joinClass(page, server, code) {
  await page.goto(`${server.url}/classes`);
  await page.fill('#join-form input[name="code"]', code);
  await page.click('#join');
  await page.waitForSelector('#class-message');
}

/** The teacher's table: one object per learner row, by column header. */
async function memberRows(page) {
  return page.evaluate(() => {
    const headers = [...document.querySelectorAll('#members thead th')].map((th) => th.textContent.trim());
    return [...document.querySelectorAll('#members tbody tr')].map((tr) => {
      const cells = [...tr.children].map((cell) => cell.textContent.trim());
      return Object.fromEntries(headers.map((h, i) => [h, cells[i]]));
    });
  });
}

test('a teacher\'s class page shows what each member did, and nothing of others', { timeout: 900000 }, async (t) => {
  const { server, open, browsers } = await schoolServer(t, 'teacher');

  // The teacher signs in and makes a class.
  const teacher = (await open()).page;
  await page0(teacher, server);
  await signIn(teacher, server, 'amina');
  await teacher.goto(`${server.url}/classes`);
  await teacher.fill('#class-form input[name="name"]', 'Al-Ikhlas, Monday');
  await teacher.fill('#class-form input[name="goal"]', GOAL);
  await teacher.click('#create-class');
  await teacher.waitForURL(/\/classes\/[^/]+$/);
  const classUrl = teacher.url();
  const code = (await teacher.textContent('#join-code')).trim();
  assert.match(code, /^[0-9a-f]{10}$/);
  assert.ok(await teacher.isVisible('#no-members'), 'a new class has no members');
  assert.match(await teacher.textContent('.class-view'), /Progress in Al-Ikhlas/, 'the goal by its name');

  // Two learners sign up, join and practise in the browser; a third
  // practises without joining.
  const learners = {};
  for (const [name, joins, viewport] of [
    ['sara', true, { width: 1280, height: 860 }],
    ['yusuf', true, { width: 390, height: 844 }],
    ['omar', false, { width: 1280, height: 860 }],
  ]) {
    const browser = await open({ viewport, mobile: viewport.width < 500 });
    const { page } = browser;
    await signUp(page, server, name, name === 'sara' ? 'school-sign-up' : null);
    if (joins) {
      await joinClass(page, server, code.toUpperCase());
      assert.match(await page.textContent('#joined-list'), /Al-Ikhlas, Monday, taught by amina/);
      if (name === 'sara') await screenshot(page, 'school-learner-classes');
    }
    const api = server.as(await tokenOf(page));
    const sessionId = await startFromHome(page, server, GOAL);
    await playSession({ page, server: api, sessionId });
    learners[name] = {
      stats: (await api.api('GET', `/stats?goal=${encodeURIComponent(GOAL)}`)).body,
      history: (await api.api('GET', '/history')).body,
    };
    assert.equal(learners[name].history.length, 1, `${name} practised one session`);
  }

  // The teacher's page, against what each member's own account says.
  await teacher.goto(classUrl);
  const rows = await memberRows(teacher);
  assert.deepEqual(rows.map((r) => r.Learner), ['sara', 'yusuf'], 'the members by name, and only they');
  for (const row of rows) {
    const { stats, history } = learners[row.Learner];
    assert.equal(Number(row.New), stats.verses.new, `${row.Learner}: new`);
    assert.equal(Number(row.Learning), stats.verses.learning, `${row.Learner}: learning`);
    assert.equal(Number(row.Known), stats.verses.known, `${row.Learner}: known`);
    assert.equal(stats.verses.new, 0, `${row.Learner} learned every verse of the goal`);
    assert.equal(Number(row['Due today']), stats.forecast[0].due, `${row.Learner}: due today`);
    assert.equal(row.Streak, stats.streak_days === 1 ? '1 day' : `${stats.streak_days} days`, `${row.Learner}: streak`);
    assert.equal(row['Last session'], new Date(history[0].session.started_at).toISOString().slice(0, 10), `${row.Learner}: last session`);
  }
  assert.ok(!(await teacher.content()).includes('omar'), 'nothing of a learner outside the class');
  await screenshot(teacher, 'school-class');

  // A learner cannot read the class page; another learner's view of their
  // classes names only theirs.
  const sara = browsers[1].page;
  const refused = await sara.goto(classUrl);
  assert.equal(refused.status(), 404, 'a member cannot read the teacher\'s page');
  // Sara leaves: the teacher's page lists Yusuf alone.
  await sara.goto(`${server.url}/classes`);
  await sara.click('#joined-list button');
  await sara.waitForSelector('#class-message');
  assert.ok(await sara.isVisible('#no-joined'));
  await teacher.goto(classUrl);
  assert.deepEqual((await memberRows(teacher)).map((r) => r.Learner), ['yusuf']);
  for (const browser of browsers) assert.deepEqual(browser.consoleErrors, [], 'no script errors');
});

/** The first page an anonymous visitor meets: the sign-in page, screenshotted. */
async function page0(page, server) {
  await page.goto(`${server.url}/`);
  await page.waitForURL(/\/sign-in\?next=/);
  await screenshot(page, 'school-sign-in');
}

test('the school\'s pages follow a light or dark device, phone and desktop, in readable contrast', { timeout: 900000 }, async (t) => {
  const { server, open } = await schoolServer(t, 'admin');
  // An admin who teaches one class with one member, so every section of
  // the account, classes and class pages has something to show.
  const setup = await open();
  await signIn(setup.page, server, 'amina');
  await setup.page.goto(`${server.url}/classes`);
  await setup.page.fill('#class-form input[name="name"]', 'Juz Amma, evenings');
  await setup.page.fill('#class-form input[name="goal"]', 'juz:30');
  await setup.page.click('#create-class');
  await setup.page.waitForURL(/\/classes\/[^/]+$/);
  const classUrl = setup.page.url();
  const code = (await setup.page.textContent('#join-code')).trim();
  const learner = await open();
  await signUp(learner.page, server, 'sara');
  await joinClass(learner.page, server, code);
  // A waiting invitation, so the account page's invitation list shows.
  await setup.page.goto(`${server.url}/account`);
  await setup.page.click('#invite');
  await setup.page.waitForSelector('#invitation-code');
  assert.ok(await setup.page.isVisible('#invitation-list'), 'the invitation made is listed');
  assert.ok(await setup.page.isVisible('#invitation-list button[aria-label^="Revoke the learner invitation"]'));

  const measured = {};
  const backgrounds = {};
  for (const [width, viewport, mobile] of [
    ['phone', { width: 390, height: 844 }, true],
    ['desktop', { width: 1280, height: 860 }, false],
  ]) {
    const browser = await open({ viewport, mobile });
    const { page } = browser;
    /** Photographs `path` in both schemes and measures its text. */
    const shoot = async (name, path) => {
      for (const scheme of ['light', 'dark']) {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(`${server.url}${path}`);
        assert.equal(await page.getAttribute('html', 'data-theme'), 'system', 'a new account follows its device');
        measured[`${scheme} ${width} ${name}`] = await contrasts(page, ['body', 'main h1', 'main h2', 'main p', '.muted', 'label', 'table.figures td', 'code', '.top a']);
        backgrounds[scheme] = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
        await screenshot(page, `theme-${scheme}-${width}-${name}`);
      }
    };
    await shoot('school-sign-in', '/sign-in');
    await shoot('school-sign-up', '/sign-up');
    await signIn(page, server, 'amina');
    await shoot('school-account', '/account');
    await shoot('school-classes', '/classes');
    await shoot('school-class', new URL(classUrl).pathname);
    assert.deepEqual(browser.consoleErrors, []);
    browser.assertOnlyLocal([server.url]);
  }
  console.log('school pages, contrast ratios:', JSON.stringify(measured, null, 1));
  assert.notEqual(backgrounds.light, backgrounds.dark, 'a dark device darkens the page');
  assert.equal(Object.keys(measured).length, 2 * 2 * 5, 'every page in both schemes at both sizes');
  for (const [where, ratios] of Object.entries(measured)) {
    assert.ok(ratios.body && ratios['main h1'], `${where}: the page has a body and a heading`);
    for (const [selector, ratio] of Object.entries(ratios)) assert.ok(ratio >= 4.5, `${where}: ${selector} has a contrast of ${ratio}:1`);
  }
});
