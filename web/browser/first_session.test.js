// A brand-new learner's first session of surah 112 against the real server:
// every verse is studied (read, cover, recite) before it is tested; a key
// pressed twice never grades; `u` on the feedback undoes the answer on
// screen; "I don't know" shows the verse and saves Again; skip puts the item
// at the end; end session goes to the summary, which names the goal and
// lists the verses missed. Then, on a phone, a learner who has done the day's
// work meets "done for today" and practises ahead. Screenshots in
// target/screenshots/first-*.png and done-*.png.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import {
  freshDataDir, startServer, openBrowser, screenshot, startFromHome, waitForItem, currentItem, solve, wrongAnswer, studyToRecite, studyStep, armed, selfGraded,
} from './helpers.js';

const T0 = '2026-03-02T07:00:00Z';
const state = (page) => page.evaluate(() => document.getElementById('session')?.dataset.state ?? 'gone');
const completed = async (server, id) => (await server.api('GET', `/sessions/${id}`)).body.items_completed;
/** The reference of the verse an item tests (null for one that spans verses). */
const referenceOf = (item) => item.exercise.reference ?? null;
const wordsText = (verse) => verse.words.map((w) => (typeof w === 'string' ? w : w.text)).join(' ');

/** Waits until the page shows another item than `item`, or the summary. */
async function movedOn(page, item) {
  await page.waitForFunction(
    (id) => location.pathname.endsWith('/summary') || (document.getElementById('session')?.dataset.state === 'answering' && document.getElementById('exercise').dataset.item !== String(id)),
    item.item_id,
  );
}

/** Whether `item` can be answered by a digit key (a choice among at most 9). */
const byDigit = (item) => (item.exercise.choices && item.exercise.choices.length <= 9) || (item.exercise.type === 'find_the_mistake' && item.exercise.words.length <= 9);

test('desktop: a first session of surah 112 — study first, then tests; keys, undo, show answer, skip, end', { timeout: 600000 }, async (t) => {
  const dataDir = freshDataDir();
  const server = await startServer({ dataDir, now: T0 });
  const browser = await openBrowser({ viewport: { width: 1280, height: 860 } });
  t.after(async () => {
    await browser.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { page } = browser;
  const verses = Object.fromEntries((await server.api('GET', '/verses/112:1-4')).body.map((v) => [v.reference ?? v.key, v]));
  const sessionId = await startFromHome(page, server, 'surah:112');

  const studied = new Set();
  const done = { study: 0, keys: false, shown: null, skipped: null };
  let tests = 0;
  for (let step = 1; step < 60; step++) {
    const item = await currentItem(server, sessionId);
    assert.ok(item, 'the session is ended by the learner, not run out');
    await waitForItem(page, item);
    const type = item.exercise.type;
    if (step === 1) assert.equal(type, 'study', 'a new learner starts by studying');
    const ref = referenceOf(item);

    if (type === 'study') {
      assert.equal(item.reason, 'new');
      assert.ok(!studied.has(ref), `${ref} is studied once`);
      const verse = verses[ref];
      if (verse) assert.equal(item.exercise.text, verse.text, 'the study shows the exact verse');
      assert.equal(item.exercise.words.join(' '), item.exercise.text);
      if (done.study === 0) {
        // By keyboard: the verse to read, its translation and transliteration.
        assert.equal(await studyStep(page), 'read');
        assert.ok(await page.isVisible('#study-translit'));
        assert.equal(await page.locator('#study-words .sword.is-hidden').count(), 0);
        await screenshot(page, 'first-study-read');
        await page.keyboard.press('Enter');
        assert.equal(await studyStep(page), 'cover');
        assert.equal(await page.locator('#study-words .sword.is-hidden').count(), item.exercise.words.length > 1 ? 1 : item.exercise.words.length);
        assert.ok(await page.isHidden('#grades'), 'no grade while covering');
        await page.keyboard.press('1'); // not a grade yet
        assert.equal(await state(page), 'answering');
        await screenshot(page, 'first-study-cover');
        await studyToRecite(page, { mode: 'keyboard' });
        const n = item.exercise.words.length;
        assert.equal(await page.locator('#study-words .sword.is-hidden').count(), n, 'all hidden to recite from memory');
        await page.keyboard.press('r'); // the learner missed a word
        assert.equal(await page.locator('#study-words .sword.peeked').count(), 1);
        const labels = await page.locator('#grades .grade .when').allInnerTexts();
        assert.equal(labels.length, 4, 'each grade says where it leads');
        t.diagnostic(`grade previews: ${labels.join(' | ')}`);
        await screenshot(page, 'first-study-recite');
        await page.keyboard.press('3');
      } else {
        await studyToRecite(page);
        await page.click('#grades .grade[data-grade="3"]');
      }
      await movedOn(page, item);
      studied.add(ref);
      done.study += 1;
      continue;
    }

    // A test: of a verse studied before, in this session.
    if (ref && item.skill === 'memorization') assert.ok(studied.has(ref), `${ref} (${type}) is studied before it is tested`);
    tests += 1;
    assert.ok(!selfGraded(type) || type === 'recall');

    if (!done.keys && byDigit(item)) {
      // Choose by a digit and hold it: its auto-repeat on the feedback grades nothing.
      const right = await solve(server, sessionId, item);
      const before = await completed(server, sessionId);
      const digit = String(right.index + 1);
      await page.keyboard.down(digit);
      await page.waitForFunction(() => document.getElementById('session').dataset.state === 'feedback');
      await page.waitForTimeout(400); // past the guard: only the repeat flag stops it
      await page.keyboard.down(digit); // still held: a keydown with repeat set
      await page.keyboard.up(digit);
      await page.waitForTimeout(150);
      assert.equal(await state(page), 'feedback', 'a repeated key does not leave the feedback');
      assert.equal(await completed(server, sessionId), before, 'nothing graded');
      assert.ok(await page.isVisible('#feedback.is-right'));
      assert.notEqual(await page.locator('#grades .grade.suggested').getAttribute('data-grade'), '1', 'a right answer never suggests Again');
      const full = page.locator('#feedback-verse');
      if (await full.count()) {
        const verse = verses[ref];
        if (verse) assert.equal(await full.locator('.marked-verse').getAttribute('lang'), 'ar');
        assert.equal(await full.locator('mark.missed').count(), 0, 'a right answer marks nothing');
        assert.match(await full.locator('a.look-alikes-link').getAttribute('href'), /^\/verses\/\d+:\d+\/similar$/, 'the verse links to its look-alikes');
      } else t.diagnostic('the server sends no verse with the check result');
      await screenshot(page, 'first-feedback-right');
      // u on the feedback: the same item again, the previous answer kept.
      await armed(page);
      await page.keyboard.press('u');
      await page.waitForFunction((id) => document.getElementById('session').dataset.state === 'answering' && document.getElementById('exercise').dataset.item === String(id), item.item_id);
      assert.equal(await completed(server, sessionId), before, 'undo on the feedback reverts nothing saved');
      // Now wrong, by a click: the verse with the missed word marked.
      const wrong = wrongAnswer(item, right);
      await page.click(`#exercise [data-index="${wrong.index}"]`);
      await page.waitForFunction(() => document.getElementById('session').dataset.state === 'feedback');
      assert.ok(await page.isVisible('#feedback.is-wrong'));
      assert.equal(await page.locator('#grades .grade.suggested').getAttribute('data-grade'), '1', 'a wrong answer suggests Again');
      await screenshot(page, 'first-feedback-wrong');
      await armed(page);
      await page.keyboard.press('2'); // a fresh press grades
      await movedOn(page, item);
      assert.equal(await completed(server, sessionId), before + 1);
      done.keys = true;
      continue;
    }

    if (!done.shown) {
      // I don't know: the verse shown, saved as Again, then on.
      const before = await completed(server, sessionId);
      await page.click('#show-answer');
      await page.waitForFunction(() => document.getElementById('session').dataset.state === 'shown');
      assert.equal(await completed(server, sessionId), before + 1, 'saved at once');
      const shownVerse = page.locator('#feedback-verse');
      assert.equal(await shownVerse.count(), 1, 'the verse is shown');
      const text = (await shownVerse.locator('.marked-verse').innerText()).replace(/\s+/g, ' ').trim();
      if (ref && verses[ref]) assert.ok(text.length >= 3, 'the verse text');
      assert.equal(await page.isHidden('#skip'), true, 'nothing to skip once answered');
      await screenshot(page, 'first-show-answer');
      await armed(page);
      await page.keyboard.press('Enter');
      await movedOn(page, item);
      done.shown = item;
      continue;
    }

    if (!done.skipped) {
      await page.click('#skip');
      await movedOn(page, item);
      const now = await currentItem(server, sessionId);
      assert.notEqual(now.item_id, item.item_id, 'another item is current');
      assert.equal(now.index, item.index, 'nothing was answered');
      done.skipped = item;
      continue;
    }

    // Enough seen: end the session here.
    await page.click('#end');
    await page.waitForSelector('#end-confirm');
    await screenshot(page, 'first-end-confirm');
    await page.click('#end-confirm');
    break;
  }
  assert.ok(done.study >= 1 && done.keys && done.shown && done.skipped, `every action happened: ${JSON.stringify({ study: done.study, keys: done.keys, tests })}`);
  await page.waitForURL(/\/summary$/);
  assert.equal((await page.locator('#goal-name').innerText()).trim(), 'Al-Ikhlas', 'the goal as a learner names it');
  assert.ok(Number(await page.locator('#items-skipped').innerText()) > 0, 'the items not reached are skipped');
  const missed = page.locator('#missed li');
  assert.ok((await missed.count()) >= 1, 'the verses missed are listed');
  const refs = await missed.evaluateAll((lis) => lis.map((li) => li.dataset.reference));
  assert.ok(refs.includes(referenceOf(done.shown) ?? refs[0]), `the verse shown is among the missed: ${refs}`);
  await screenshot(page, 'first-summary');
  assert.deepEqual(browser.consoleErrors, []);
  browser.assertOnlyLocal([server.url]);
});

test('phone: a learner who has done the day meets "done for today", then practises ahead', { timeout: 600000 }, async (t) => {
  const dataDir = freshDataDir();
  const server = await startServer({ dataDir, now: T0 });
  const browser = await openBrowser({ viewport: { width: 390, height: 844 }, mobile: true });
  t.after(async () => {
    await browser.close();
    await server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });
  const { page } = browser;
  let sessions = 0;
  const shots = new Set();
  const studied = new Set();
  for (;;) {
    assert.ok(sessions < 6, 'done for today within 6 sessions');
    await page.goto(`${server.url}/`);
    await page.tap('form:has(input[name="goal"][value="surah:112"]) button');
    await page.waitForFunction(() => document.getElementById('done-for-today') || /^\/session\/[^/]+$/.test(location.pathname));
    if (await page.locator('#done-for-today').count()) break;
    await page.waitForURL(/\/session\/[^/]+$/);
    const sessionId = await page.evaluate(() => document.getElementById('session').dataset.sessionId);
    sessions += 1;
    const order = [];
    // Everything right and graded Good: nothing comes due today.
    for (let item = await currentItem(server, sessionId); item; item = await currentItem(server, sessionId)) {
      await waitForItem(page, item);
      const type = item.exercise.type;
      order.push(`${item.node_id}:${type}`);
      if (type === 'study') {
        studied.add(item.exercise.reference);
        if (!shots.has('study')) await screenshot(page, 'done-phone-study-read');
        await studyToRecite(page, { mode: 'tap' });
        if (!shots.has('study')) await screenshot(page, 'done-phone-study-recite');
        shots.add('study');
      } else if (type === 'recall') {
        await page.tap('#reveal-all');
      } else {
        if (item.skill === 'memorization' && item.reason === 'new' && !item.relearning) assert.ok(studied.has(item.exercise.reference), `${item.node_id} (${type}) studied first`);
        const right = await solve(server, sessionId, item);
        if (right.kind === 'choice') await page.tap(`#exercise [data-index="${right.index}"]`);
        else if (right.kind === 'text') { await page.fill('#answer-text', right.text); await page.tap('#check-text'); }
        else {
          for (const i of right.order) await page.tap(`#exercise .option[data-index="${i}"]`);
          await page.tap('#check-order');
        }
        await page.waitForFunction(() => document.getElementById('session').dataset.state === 'feedback');
        if (!shots.has(type)) await screenshot(page, `done-phone-feedback-${type}`);
        shots.add(type);
      }
      await page.tap('#grades .grade[data-grade="3"]');
      await movedOn(page, item);
    }
    await page.waitForURL(/\/summary$/);
    t.diagnostic(`session ${sessions}: ${order.join(' ')}`);
    if (sessions === 1) await screenshot(page, 'done-phone-summary');
  }
  assert.ok(sessions >= 1);
  const message = await page.locator('#next-due').innerText();
  const title = await page.locator('h1').innerText();
  t.diagnostic(`after ${sessions} session(s): ${title}: ${message}`);
  await screenshot(page, 'done-phone-done-for-today');
  assert.ok(!(await page.content()).includes('Something went wrong'), 'not an error page');
  if (title !== 'Done for today') {
    // A server without the start options says there is nothing to practise, and offers no practice ahead.
    assert.equal(title, 'Nothing to practise now');
    assert.equal(await page.locator('#practise-ahead').count(), 0);
    t.diagnostic('this server has no done_for_today: practise ahead not offered');
  } else {
    assert.match(message, /due/i, 'says when the next item comes due');
    await page.tap('#practise-ahead');
    await page.waitForURL(/\/session\/[^/]+$/);
    const sessionId = await page.evaluate(() => document.getElementById('session').dataset.sessionId);
    const item = await currentItem(server, sessionId);
    assert.ok(item, 'practising ahead has items');
    assert.equal(item.reason, 'practice_ahead');
    await waitForItem(page, item);
    await screenshot(page, 'done-phone-practise-ahead');
  }
  assert.deepEqual(browser.consoleErrors, []);
  browser.assertOnlyLocal([server.url]);
});
