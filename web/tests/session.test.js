// Unit tests of the session state machine (crates/iqrah-server/assets/session.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionMachine, ApiError, ACTIVE_KEY, PENDING_KEY, MAX_DURATION_MS, FEEDBACK_GUARD_MS, newAnswerKey } from '../../crates/iqrah-server/assets/session.js';

function memoryStorage(initial = {}) {
  const map = new Map(Object.entries(initial));
  return { get: (k) => (map.has(k) ? map.get(k) : null), set: (k, v) => map.set(k, String(v)), remove: (k) => map.delete(k), map };
}

function item(index, type = 'next_word', count = 3) {
  const exercise =
    type === 'recall'
      ? { type, reference: `112:${index}`, surah_name: 'Al-Ikhlas', previous: null, word_count: 4 }
      : type === 'study'
        ? { type, reference: `112:${index}`, surah_name: 'Al-Ikhlas', previous: null, text: 'قُلۡ هُوَ ٱللَّهُ أَحَدٌ', words: ['قُلۡ', 'هُوَ', 'ٱللَّهُ', 'أَحَدٌ'], transliteration: 'qul huwa allahu ahad', translation: 'Say: He is God, One.' }
        : { type, reference: `112:${index}`, shown: ['قُلۡ'], choices: ['a', 'b', 'c', 'd'] };
  return { session_id: 'S', node_id: `112:${index}/memorization`, item_id: index, index, items_count: count, skill: 'memorization', reason: 'new', relearning: false, exercise };
}

/**
 * A fake server: items in order, every call logged; `failNext[name]` makes the next call fail.
 * With `withNext`, a submit answers the item that now waits with its receipt, as `iqrah serve` does.
 */
function fakeApi({ items = [item(1), item(2), item(3)], active = { id: 'S' }, withNext = false } = {}) {
  const calls = [];
  const failNext = {};
  const hold = {};
  let position = 0;
  const receipts = new Map();
  const skipped = new Set();
  const shownAnswers = [];
  const call = async (name, args, run) => {
    calls.push({ name, args });
    if (hold[name]) await hold[name].promise;
    if (failNext[name]) {
      const error = failNext[name];
      delete failNext[name];
      if (error.afterEffect) run();
      throw error;
    }
    return run();
  };
  const api = {
    active: () => call('active', [], () => active),
    next: (id) => call('next', [id], () => items[position] ?? null),
    reveal: (id, node, count) => call('reveal', [id, node, count], () => ({ words: ['قُلۡ', 'هُوَ', 'ٱللَّهُ', 'أَحَدٌ'].slice(0, count) })),
    check: (id, node, answer, ms) =>
      call('check', [id, node, answer, ms], () => ({ correct: answer.index === 1, expected: 'b', diff: null, suggested_rating: answer.index === 1 ? 3 : 1 })),
    submit: (id, request) =>
      call('submit', [id, request], () => {
        const key = JSON.stringify(request);
        const reply = () => (withNext ? { receipt: receipts.get(key), next: items[position] ?? null } : { receipt: receipts.get(key) });
        if (receipts.has(key)) return reply();
        if (items[position]?.node_id !== request.node_id) throw new ApiError(409, 'not_current_item', 'not current');
        receipts.set(key, String(items[position].item_id));
        position += 1;
        return reply();
      }),
    undo: (id) =>
      call('undo', [id], () => {
        if (position === 0) throw new ApiError(409, 'nothing_to_undo', 'Nothing to undo.');
        position -= 1;
        receipts.clear();
        return items[position];
      }),
    complete: (id) => call('complete', [id], () => ({ session: { id }, items_completed: position })),
    skip: (id, node) =>
      call('skip', [id, node], () => {
        if (items[position]?.node_id !== node) throw new ApiError(409, 'not_current_item', 'not current');
        if (skipped.has(node)) throw new ApiError(409, 'already_skipped', 'Already skipped once.');
        skipped.add(node);
        items.push(items.splice(position, 1)[0]);
        return items[position] ?? null;
      }),
    showAnswer: (id, request) =>
      call('showAnswer', [id, request], () => {
        const key = JSON.stringify(request);
        if (!receipts.has(key)) {
          if (items[position]?.node_id !== request.node_id) throw new ApiError(409, 'not_current_item', 'not current');
          receipts.set(key, String(items[position].item_id));
          shownAnswers.push(request);
          position += 1;
        }
        return { receipt: receipts.get(key), verse: { reference: '112:1', text: 'قُلۡ هُوَ ٱللَّهُ أَحَدٌ', words: [], translation: 'Say' }, next: items[position] ?? null };
      }),
  };
  const deferHold = (name) => {
    let release;
    hold[name] = { promise: new Promise((r) => (release = r)) };
    return () => {
      delete hold[name];
      release();
    };
  };
  return { api, calls, failNext, hold: deferHold, shownAnswers, get position() { return position; } };
}

function clock(start = 1000) {
  const c = { t: start, now: () => c.t };
  return c;
}

function machine(opts = {}) {
  const server = opts.server ?? fakeApi(opts);
  const storage = opts.storage ?? memoryStorage();
  const time = clock();
  const states = [];
  let keys = 0;
  const newKey = () => `key-${++keys}`;
  const m = new SessionMachine({ api: server.api, storage, clock: time, onChange: (s) => states.push(s.state), newKey });
  return { m, server, storage, time, states };
}

const names = (calls) => calls.map((c) => c.name);
const networkError = () => Object.assign(new TypeError('fetch failed'), { status: 0 });

test('starts idle, loads the current item, then answers', async () => {
  const { m, states, storage } = machine();
  assert.equal(m.state, 'idle');
  await m.start('S');
  assert.deepEqual(states, ['loading', 'loading', 'answering']);
  assert.equal(m.item.index, 1);
  assert.equal(storage.get(ACTIVE_KEY), 'S');
});

test('answering → checking → feedback → submitting → loading → next item', async () => {
  const { m, server, states, time } = machine();
  await m.start('S');
  states.length = 0;
  time.t += 4200;
  await m.check({ kind: 'choice', index: 1 });
  assert.deepEqual(states, ['checking', 'feedback']);
  assert.equal(m.outcome.correct, true);
  assert.equal(m.suggested, 3);
  const checkCall = server.calls.find((c) => c.name === 'check');
  assert.equal(checkCall.args[3], 4200);
  time.t += 5000; // time spent reading feedback is not answer time
  await m.grade(2);
  assert.deepEqual(states, ['checking', 'feedback', 'submitting', 'loading', 'answering']);
  const submit = server.calls.find((c) => c.name === 'submit');
  assert.deepEqual(submit.args[1], { node_id: '112:1/memorization', grade: 2, duration_ms: 4200, idempotency_key: 'key-1' });
  assert.equal(m.item.index, 2);
  assert.equal(m.receipt, '1');
});

test('the next item sent with the receipt is shown without asking for it', async () => {
  const { m, server, states } = machine({ withNext: true });
  await m.start('S');
  await m.check({ kind: 'choice', index: 1 });
  states.length = 0;
  server.calls.length = 0;
  await m.grade(3);
  assert.deepEqual(states, ['submitting', 'answering']);
  assert.deepEqual(names(server.calls), ['submit']);
  assert.equal(m.item.index, 2);
  assert.equal(m.receipt, '1');
});

test('a receipt saying nothing is left completes the session at once', async () => {
  const { m, server, states } = machine({ withNext: true, items: [item(1, 'next_word', 1)] });
  await m.start('S');
  await m.check({ kind: 'choice', index: 1 });
  states.length = 0;
  server.calls.length = 0;
  await m.grade(3);
  assert.deepEqual(states, ['submitting', 'completing', 'summary']);
  assert.deepEqual(names(server.calls), ['submit', 'complete']);
});

test('proceed submits the suggested grade', async () => {
  const { m, server } = machine();
  await m.start('S');
  await m.check({ kind: 'choice', index: 0 });
  assert.equal(m.suggested, 1);
  await m.proceed();
  assert.equal(server.calls.find((c) => c.name === 'submit').args[1].grade, 1);
});

test('the last item leads to completing and the summary', async () => {
  const { m, states, storage } = machine({ items: [item(1, 'next_word', 1)] });
  await m.start('S');
  await m.check({ kind: 'choice', index: 1 });
  states.length = 0;
  await m.grade(3);
  assert.deepEqual(states, ['submitting', 'loading', 'completing', 'summary']);
  assert.equal(m.summary.items_completed, 1);
  assert.equal(storage.get(ACTIVE_KEY), null);
  assert.equal(storage.get(PENDING_KEY), null);
});

test('a session with nothing left completes at once', async () => {
  const { m, states } = machine({ items: [] });
  await m.start('S');
  assert.deepEqual(states.slice(-2), ['completing', 'summary']);
});

test('recall: reveal word by word, reveal all, then self-grade without a check', async () => {
  const { m, server, time } = machine({ items: [item(1, 'recall'), item(2)] });
  await m.start('S');
  await m.reveal();
  assert.deepEqual(m.revealed, ['قُلۡ']);
  await m.reveal();
  assert.equal(m.revealed.length, 2);
  await m.reveal(Infinity);
  assert.equal(m.revealed.length, 4);
  await m.reveal(); // nothing more to reveal: no request
  assert.equal(names(server.calls).filter((n) => n === 'reveal').length, 3);
  assert.equal(m.state, 'answering');
  await m.proceed(); // no suggestion on recall: ignored
  assert.equal(m.state, 'answering');
  await m.check({ kind: 'choice', index: 0 }); // recall is not checked
  assert.ok(!names(server.calls).includes('check'));
  time.t += 9000;
  await m.grade(4);
  assert.deepEqual(server.calls.find((c) => c.name === 'submit').args[1], { node_id: '112:1/memorization', grade: 4, duration_ms: 9000, idempotency_key: 'key-1' });
  assert.equal(m.item.index, 2);
});

test('a reveal while one is in flight is ignored', async () => {
  const { m, server } = machine({ items: [item(1, 'recall')] });
  await m.start('S');
  const release = server.hold('reveal');
  const first = m.reveal();
  await m.reveal();
  release();
  await first;
  assert.equal(names(server.calls).filter((n) => n === 'reveal').length, 1);
});

test('grades are refused outside feedback (and out of range)', async () => {
  const { m, server } = machine();
  await m.grade(3); // idle
  await m.start('S');
  await m.grade(3); // answering a checked exercise
  await m.check({ kind: 'choice', index: 1 });
  await m.grade(5);
  await m.grade(0);
  assert.ok(!names(server.calls).includes('submit'));
  assert.equal(m.state, 'feedback');
});

test('double submit: a second grade while one is in flight is ignored', async () => {
  const { m, server } = machine();
  await m.start('S');
  await m.check({ kind: 'choice', index: 1 });
  const release = server.hold('submit');
  const first = m.grade(3);
  assert.equal(m.state, 'submitting');
  await m.grade(3);
  await m.grade(1);
  await m.proceed();
  await m.check({ kind: 'choice', index: 2 });
  await m.undo();
  release();
  await first;
  assert.equal(names(server.calls).filter((n) => n === 'submit').length, 1);
  assert.equal(m.item.index, 2);
});

test('a second check while one is in flight is ignored', async () => {
  const { m, server } = machine();
  await m.start('S');
  const release = server.hold('check');
  const first = m.check({ kind: 'choice', index: 1 });
  await m.check({ kind: 'choice', index: 2 });
  release();
  await first;
  assert.equal(names(server.calls).filter((n) => n === 'check').length, 1);
});

test('a submit that fails on the network goes to error; retry re-sends the identical request', async () => {
  const { m, server, time, states } = machine();
  await m.start('S');
  await m.check({ kind: 'choice', index: 1 });
  server.failNext.submit = Object.assign(networkError(), { afterEffect: true }); // recorded, reply lost
  await m.grade(3);
  assert.equal(m.state, 'error');
  assert.equal(m.error.status, 0);
  assert.equal(m.error.code, 'network');
  await m.grade(3); // not while in error
  time.t += 60000;
  states.length = 0;
  await m.retry();
  const submits = server.calls.filter((c) => c.name === 'submit');
  assert.equal(submits.length, 3 - 1); // the failed one and the retry
  assert.deepEqual(submits[1].args, submits[0].args);
  assert.equal(m.receipt, '1'); // the same receipt
  assert.equal(server.position, 1); // recorded once
  assert.deepEqual(states, ['submitting', 'loading', 'answering']);
  assert.equal(m.item.index, 2);
});

test('each answer has a key of its own, and its retry re-sends the same key', async () => {
  const { m, server } = machine();
  await m.start('S');
  await m.check({ kind: 'choice', index: 1 });
  server.failNext.submit = Object.assign(networkError(), { afterEffect: true });
  await m.grade(1);
  await m.retry();
  await m.check({ kind: 'choice', index: 1 });
  await m.grade(1);
  const keys = server.calls.filter((c) => c.name === 'submit').map((c) => c.args[1].idempotency_key);
  assert.deepEqual(keys, ['key-1', 'key-1', 'key-2']);
});

test('the default answer keys are UUIDs, a new one each time', () => {
  const a = newAnswerKey();
  const b = newAnswerKey();
  assert.match(a, /^[0-9a-f-]{32,36}$/);
  assert.notEqual(a, b);
});

test('a submit that fails before reaching the server is recorded by its retry', async () => {
  const { m, server } = machine();
  await m.start('S');
  await m.check({ kind: 'choice', index: 1 });
  server.failNext.submit = new ApiError(500, 'storage', 'disk full');
  await m.grade(3);
  assert.equal(m.state, 'error');
  assert.equal(m.error.status, 500);
  assert.equal(server.position, 0);
  await m.retry();
  assert.equal(server.position, 1);
  assert.equal(m.item.index, 2);
});

test('retry does nothing unless in error, and only once per failure', async () => {
  const { m, server } = machine();
  await m.start('S');
  await m.retry();
  server.failNext.next = networkError();
  await m.check({ kind: 'choice', index: 1 });
  await m.grade(3); // submit ok, next fails
  assert.equal(m.state, 'error');
  const retried = m.retry();
  await m.retry();
  await retried;
  assert.equal(names(server.calls).filter((n) => n === 'next').length, 3);
  assert.equal(m.state, 'answering');
});

test('a failed load goes to error and retry loads again', async () => {
  const { m, server, states } = machine();
  server.failNext.next = networkError();
  await m.start('S');
  assert.deepEqual(states, ['loading', 'loading', 'error']);
  await m.retry();
  assert.equal(m.state, 'answering');
});

test('a failed check goes to error; retry sends the same answer and time', async () => {
  const { m, server, time } = machine();
  await m.start('S');
  time.t += 3000;
  server.failNext.check = networkError();
  await m.check({ kind: 'choice', index: 1 });
  assert.equal(m.state, 'error');
  time.t += 10000;
  await m.retry();
  const checks = server.calls.filter((c) => c.name === 'check');
  assert.deepEqual(checks[1].args, checks[0].args);
  assert.equal(m.state, 'feedback');
});

test('a failed reveal goes to error; retry reveals', async () => {
  const { m, server } = machine({ items: [item(1, 'recall')] });
  await m.start('S');
  server.failNext.reveal = networkError();
  await m.reveal(2);
  assert.equal(m.state, 'error');
  await m.retry();
  assert.equal(m.state, 'answering');
  assert.equal(m.revealed.length, 2);
});

test('a failed complete goes to error; retry completes', async () => {
  const { m, server } = machine({ items: [] });
  server.failNext.complete = new ApiError(500, 'internal', 'oops');
  await m.start('S');
  assert.equal(m.state, 'error');
  await m.retry();
  assert.equal(m.state, 'summary');
});

test('a submit refused because another tab moved on reloads the current item', async () => {
  const { m, server } = machine();
  await m.start('S');
  await m.check({ kind: 'choice', index: 1 });
  server.failNext.submit = new ApiError(409, 'not_current_item', 'not current');
  await m.grade(3);
  assert.equal(m.state, 'answering');
  assert.equal(m.item.index, 1);
});

test('undo makes the last answered item current again', async () => {
  const { m, server, states } = machine();
  await m.start('S');
  assert.equal(m.canUndo, false);
  await m.check({ kind: 'choice', index: 1 });
  await m.grade(3);
  assert.equal(m.item.index, 2);
  assert.equal(m.canUndo, true);
  states.length = 0;
  await m.undo();
  assert.deepEqual(states, ['loading', 'answering']);
  assert.equal(m.item.index, 1);
  assert.equal(server.position, 0);
  assert.equal(m.outcome, null);
});

test('undo from feedback undoes the answer on screen, not the previous item', async () => {
  const { m, server, storage, time } = machine();
  await m.start('S');
  await m.check({ kind: 'choice', index: 1 });
  await m.grade(3);
  await m.check({ kind: 'choice', index: 0 });
  assert.ok(storage.get(PENDING_KEY));
  assert.equal(m.canUndo, true);
  server.calls.length = 0;
  time.t += 2000;
  await m.undo();
  assert.deepEqual(names(server.calls), [], 'nothing saved, nothing to revert on the server');
  assert.equal(storage.get(PENDING_KEY), null);
  assert.equal(m.state, 'answering');
  assert.equal(m.item.index, 2, 'the same item, answered again');
  assert.equal(server.position, 1, 'the previous answer stays');
  assert.equal(m.outcome, null);
  assert.equal(m.elapsed(), 0, 'its time starts again');
  await m.check({ kind: 'choice', index: 1 });
  assert.equal(m.outcome.correct, true);
});

test('undo with nothing to undo keeps the state and shows a notice', async () => {
  const { m, server } = machine();
  await m.start('S');
  await m.check({ kind: 'choice', index: 1 });
  await m.grade(3);
  server.failNext.undo = new ApiError(409, 'nothing_to_undo', 'Nothing to undo.');
  await m.undo();
  assert.equal(m.state, 'answering');
  assert.equal(m.notice, 'Nothing to undo.');
  assert.equal(m.item.index, 2);
});

test('undo failing on the network goes to error; retry reloads the current item', async () => {
  const { m, server } = machine();
  await m.start('S');
  await m.check({ kind: 'choice', index: 1 });
  await m.grade(3);
  server.failNext.undo = networkError();
  await m.undo();
  assert.equal(m.state, 'error');
  await m.retry();
  assert.equal(m.state, 'answering');
  assert.equal(m.item.index, 2);
});

test('a reload after checking lands back on the same feedback', async () => {
  const storage = memoryStorage();
  const server = fakeApi();
  const first = machine({ server, storage });
  await first.m.start('S');
  first.time.t += 2500;
  await first.m.check({ kind: 'choice', index: 0 });
  // The page reloads: a new machine on the same storage and server.
  const second = machine({ server, storage });
  await second.m.start('S');
  assert.equal(second.m.state, 'feedback');
  assert.deepEqual(second.m.answer, { kind: 'choice', index: 0 });
  assert.equal(second.m.outcome.correct, false);
  await second.m.grade(1);
  assert.equal(server.calls.filter((c) => c.name === 'submit')[0].args[1].duration_ms, 2500);
});

test('a stale pending check (another item) is dropped on reload', async () => {
  const storage = memoryStorage({ [PENDING_KEY]: JSON.stringify({ session: 'S', node_id: '1:1/memorization', answer: {}, outcome: {} }) });
  const { m } = machine({ storage });
  await m.start('S');
  assert.equal(m.state, 'answering');
  assert.equal(storage.get(PENDING_KEY), null);
});

test('start-up: the server wins when the stored id differs', async () => {
  const storage = memoryStorage({ [ACTIVE_KEY]: 'OLD' });
  const { m } = machine({ storage, active: { id: 'S' } });
  const id = await m.start();
  assert.equal(id, 'S');
  assert.equal(m.sessionId, 'S');
  assert.equal(storage.get(ACTIVE_KEY), 'S');
  assert.deepEqual(m.storageNote, { stored: 'OLD', server: 'S' });
  assert.equal(m.state, 'answering');
});

test('start-up: no active session on the server clears the stored id', async () => {
  const storage = memoryStorage({ [ACTIVE_KEY]: 'OLD' });
  const { m, server } = machine({ storage, active: null });
  const id = await m.start();
  assert.equal(id, null);
  assert.equal(m.state, 'idle');
  assert.equal(storage.get(ACTIVE_KEY), null);
  assert.ok(!names(server.calls).includes('next'));
});

test('start-up: the stored id is used when it agrees with the server', async () => {
  const storage = memoryStorage({ [ACTIVE_KEY]: 'S' });
  const { m } = machine({ storage });
  assert.equal(await m.start(), 'S');
  assert.equal(m.storageNote, null);
});

test('start-up: the page names its session; storage follows it', async () => {
  const storage = memoryStorage({ [ACTIVE_KEY]: 'OLD' });
  const { m, server } = machine({ storage, active: { id: 'S' } });
  await m.start('P');
  assert.equal(m.sessionId, 'P');
  assert.equal(storage.get(ACTIVE_KEY), 'P');
  assert.deepEqual(server.calls.find((c) => c.name === 'next').args, ['P']);
});

test('start-up: the server unreachable, the page id is enough; without one, error and retry', async () => {
  const server = fakeApi();
  server.failNext.active = networkError();
  const { m } = machine({ server });
  await m.start('S');
  assert.equal(m.state, 'answering');

  const other = fakeApi();
  other.failNext.active = networkError();
  const storage = memoryStorage({ [ACTIVE_KEY]: 'S' });
  const second = machine({ server: other, storage });
  await second.m.start();
  assert.equal(second.m.state, 'error');
  await second.m.retry();
  assert.equal(second.m.state, 'answering');
  assert.equal(storage.get(ACTIVE_KEY), 'S');
});

test('start twice is ignored while running', async () => {
  const { m, server } = machine();
  await m.start('S');
  await m.start('S');
  assert.equal(names(server.calls).filter((n) => n === 'next').length, 1);
});

test('answer times are clamped to what the server accepts', async () => {
  const { m, server, time } = machine();
  await m.start('S');
  time.t += MAX_DURATION_MS * 3;
  await m.check({ kind: 'choice', index: 1 });
  assert.equal(server.calls.find((c) => c.name === 'check').args[3], MAX_DURATION_MS);
  assert.equal(m.elapsed(), MAX_DURATION_MS);
});

test('a corrupt pending entry in storage is ignored', async () => {
  const storage = memoryStorage({ [PENDING_KEY]: '{not json' });
  const { m } = machine({ storage });
  await m.start('S');
  assert.equal(m.state, 'answering');
});

// ---- feedback keys: a repeated or too early press never grades ----------------

test('feedback: an auto-repeated key or one pressed with the answer never grades', async () => {
  const { m, server, time } = machine();
  await m.start('S');
  const pressed = time.now();
  await m.check({ kind: 'choice', index: 1 }); // "2" chose the answer
  assert.equal(m.state, 'feedback');
  assert.equal(m.gradeKey(2, { repeat: true, at: time.now() }), false, 'the held key repeating');
  assert.equal(m.gradeKey(2, { at: pressed }), false, 'the keydown that answered');
  assert.equal(m.proceedKey({ at: pressed }), false);
  time.t += FEEDBACK_GUARD_MS - 1;
  assert.equal(m.armed, false);
  assert.equal(m.gradeKey(2, { at: time.now() }), false, 'a second press too soon after the feedback appeared');
  assert.equal(m.state, 'feedback');
  assert.ok(!names(server.calls).includes('submit'), 'no grade recorded');
  time.t += 1;
  assert.equal(m.armed, true);
  assert.equal(m.gradeKey(2, { at: time.now() }), true, 'a fresh press grades');
  await Promise.resolve();
  assert.equal(server.calls.filter((c) => c.name === 'submit').length, 1);
});

test('feedback: Enter goes on with the suggested grade only when fresh', async () => {
  const { m, server, time } = machine();
  await m.start('S');
  await m.check({ kind: 'choice', index: 1 });
  assert.equal(m.proceedKey({ repeat: true, at: time.now() + 5000 }), false);
  time.t += FEEDBACK_GUARD_MS;
  assert.equal(m.proceedKey({ at: time.now() }), true);
  await new Promise((r) => setTimeout(r, 0));
  const submit = server.calls.find((c) => c.name === 'submit');
  assert.equal(submit.args[1].grade, 3, 'the suggested grade');
});

test('keys while answering: a repeat never grades a self-graded item', async () => {
  const { m, server, time } = machine({ items: [item(1, 'recall'), item(2)] });
  await m.start('S');
  assert.equal(m.gradeKey(3, { repeat: true, at: time.now() }), false);
  assert.equal(m.gradeKey(3, { at: time.now() }), true);
  await new Promise((r) => setTimeout(r, 0));
  assert.equal(server.calls.filter((c) => c.name === 'submit').length, 1);
});

// ---- study ----------------------------------------------------------------------

test('study: read, cover word by word, recite from memory, then one self-grade', async () => {
  const { m, server, time } = machine({ items: [item(1, 'study'), item(2)] });
  await m.start('S');
  assert.equal(m.state, 'answering');
  assert.deepEqual(m.study, { step: 'read', covered: 0, peeked: [] });
  assert.deepEqual(m.studyWords, ['قُلۡ', 'هُوَ', 'ٱللَّهُ', 'أَحَدٌ']);
  assert.equal(m.canGrade, false, 'no grade before reciting');
  await m.grade(3);
  await m.check({ kind: 'choice', index: 1 });
  assert.deepEqual(names(server.calls), ['active', 'next'], 'no check, no submit while studying');
  assert.equal(m.studyHidden(3), false);
  m.studyNext();
  assert.equal(m.study.step, 'cover');
  assert.deepEqual([0, 1, 2, 3].map((i) => m.studyHidden(i)), [false, false, false, true], 'the last word covered first');
  m.studyNext();
  assert.deepEqual([0, 1, 2, 3].map((i) => m.studyHidden(i)), [false, false, true, true]);
  assert.equal(m.studyPeek(), true, 'reveals the first covered word');
  assert.equal(m.studyHidden(2), false);
  assert.equal(m.studyPeek(0), false, 'a shown word cannot be revealed');
  m.studyNext();
  assert.deepEqual(m.study.peeked, [], 'each step covers again');
  assert.deepEqual([0, 1, 2, 3].map((i) => m.studyHidden(i)), [false, true, true, true]);
  m.studyNext();
  assert.equal(m.study.step, 'recite');
  assert.deepEqual([0, 1, 2, 3].map((i) => m.studyHidden(i)), [true, true, true, true]);
  m.studyNext();
  assert.equal(m.study.step, 'recite', 'reciting ends with a grade, not a step');
  assert.equal(m.studyPeek(3), true);
  assert.equal(m.canGrade, true);
  time.t += 30000;
  await m.grade(2);
  const submits = server.calls.filter((c) => c.name === 'submit');
  assert.equal(submits.length, 1, 'one item, one answer');
  assert.deepEqual(submits[0].args[1], { node_id: '112:1/memorization', grade: 2, duration_ms: 30000, idempotency_key: 'key-1' });
  assert.ok(!names(server.calls).includes('check'));
  assert.equal(m.item.index, 2);
  assert.equal(m.study, null);
});

test('study: straight to reciting; show answer is not offered; a one-word verse skips covering', async () => {
  const one = item(1, 'study');
  one.exercise.words = ['طه'];
  one.exercise.text = 'طه';
  const { m } = machine({ items: [item(2, 'study'), one] });
  await m.start('S');
  assert.equal(m.canShowAnswer, false);
  assert.equal(m.canSkip, true);
  m.studyRecite();
  assert.equal(m.study.step, 'recite');
  await m.grade(3);
  assert.equal(m.item.exercise.words.length, 1);
  m.studyNext();
  assert.equal(m.study.step, 'recite');
});

test('study: a prompt without words falls back to its text', async () => {
  const it = item(1, 'study');
  delete it.exercise.words;
  const { m } = machine({ items: [it] });
  await m.start('S');
  assert.equal(m.studyWords.length, 4);
});

// ---- skip -------------------------------------------------------------------------

test('skip: the item goes to the end, the next one is shown; a second skip of it is refused', async () => {
  const { m, server } = machine();
  await m.start('S');
  assert.equal(m.canSkip, true);
  await m.skip();
  assert.equal(m.state, 'answering');
  assert.equal(m.item.item_id, 2);
  assert.equal(server.position, 0, 'nothing answered');
  await m.check({ kind: 'choice', index: 1 });
  assert.equal(m.canSkip, false, 'no skip from the feedback');
  await m.grade(3);
  await m.check({ kind: 'choice', index: 1 });
  await m.grade(3);
  assert.equal(m.item.item_id, 1, 'the skipped item at the end');
  assert.equal(m.canSkip, false, 'once per item');
  server.calls.length = 0;
  await m.skip();
  assert.deepEqual(names(server.calls), []);
  assert.match(m.notice, /skipped once/);
  assert.equal(m.state, 'answering');
});

test('skip: the server refusing a second skip is a notice, nothing changes', async () => {
  const { m, server } = machine();
  await m.start('S');
  server.failNext.skip = new ApiError(409, 'already_skipped', 'This item was skipped once already.');
  await m.skip();
  assert.equal(m.state, 'answering');
  assert.equal(m.item.item_id, 1);
  assert.equal(m.notice, 'This item was skipped once already.');
  assert.equal(m.canSkip, false);
});

test('skip: a network failure goes to error; retry skips', async () => {
  const { m, server } = machine();
  await m.start('S');
  server.failNext.skip = networkError();
  await m.skip();
  assert.equal(m.state, 'error');
  await m.retry();
  assert.equal(m.item.item_id, 2);
  assert.equal(server.calls.filter((c) => c.name === 'skip').length, 2);
});

test('skip: the last item skipped comes back at once', async () => {
  const { m } = machine({ items: [item(1, 'next_word', 1)] });
  await m.start('S');
  await m.skip();
  assert.equal(m.state, 'answering');
  assert.equal(m.item.item_id, 1);
  assert.equal(m.canSkip, false);
});

test('skip and show answer are not offered by an older server', async () => {
  const server = fakeApi();
  delete server.api.skip;
  delete server.api.showAnswer;
  const { m } = machine({ server });
  await m.start('S');
  assert.equal(m.canSkip, false);
  assert.equal(m.canShowAnswer, false);
  await m.showAnswer();
  assert.equal(m.state, 'answering');
});

// ---- show answer ----------------------------------------------------------------

test('show answer: recorded once as the server says, the verse shown, then continue', async () => {
  const { m, server, time, states } = machine();
  await m.start('S');
  time.t += 7000;
  states.length = 0;
  await m.showAnswer();
  assert.deepEqual(states, ['showing', 'shown']);
  assert.deepEqual(server.shownAnswers, [{ node_id: '112:1/memorization', duration_ms: 7000, idempotency_key: 'key-1' }]);
  assert.equal(m.shown.verse.reference, '112:1');
  assert.equal(m.receipt, '1');
  assert.equal(m.canUndo, true);
  assert.equal(m.proceedKey({ at: time.now() }), false, 'the key that asked does not continue');
  assert.equal(m.state, 'shown');
  time.t += FEEDBACK_GUARD_MS;
  assert.equal(m.proceedKey({ at: time.now() }), true);
  assert.equal(m.state, 'answering');
  assert.equal(m.item.item_id, 2);
});

test('show answer: a network failure retries with the same key, recorded once', async () => {
  const { m, server } = machine();
  await m.start('S');
  server.failNext.showAnswer = Object.assign(networkError(), { afterEffect: true });
  await m.showAnswer();
  assert.equal(m.state, 'error');
  await m.retry();
  assert.equal(m.state, 'shown');
  const calls = server.calls.filter((c) => c.name === 'showAnswer');
  assert.equal(calls.length, 2);
  assert.deepEqual(calls[0].args[1], calls[1].args[1], 'the identical request');
  assert.equal(server.shownAnswers.length, 1, 'recorded once');
  assert.equal(server.position, 1);
});

test('show answer on the last item: continue completes the session', async () => {
  const { m } = machine({ items: [item(1, 'next_word', 1)] });
  await m.start('S');
  await m.showAnswer();
  assert.equal(m.shown.next, null);
  await m.continue();
  assert.equal(m.state, 'summary');
});

test('undo from the shown answer reverts it on the server: the same item again', async () => {
  const { m, server } = machine();
  await m.start('S');
  await m.showAnswer();
  await m.undo();
  assert.ok(names(server.calls).includes('undo'));
  assert.equal(server.position, 0);
  assert.equal(m.state, 'answering');
  assert.equal(m.item.item_id, 1);
});

// ---- end session -----------------------------------------------------------------

test('end session: from answering, feedback or the shown answer it completes with the summary', async () => {
  for (const where of ['answering', 'feedback', 'shown']) {
    const { m, server, storage } = machine();
    await m.start('S');
    if (where === 'feedback') await m.check({ kind: 'choice', index: 1 });
    if (where === 'shown') await m.showAnswer();
    assert.equal(m.state, where);
    assert.equal(m.canEnd, true);
    await m.end();
    assert.equal(m.state, 'summary', where);
    assert.ok(names(server.calls).includes('complete'));
    assert.ok(!names(server.calls).includes('submit'), 'the item on screen is not graded');
    assert.equal(storage.get(ACTIVE_KEY), null);
    assert.equal(storage.get(PENDING_KEY), null);
  }
});

test('end session is ignored while a request is in flight', async () => {
  const { m, server } = machine();
  await m.start('S');
  const release = server.hold('check');
  const checking = m.check({ kind: 'choice', index: 1 });
  assert.equal(m.canEnd, false);
  await m.end();
  release();
  await checking;
  assert.ok(!names(server.calls).includes('complete'));
});

/** A BroadcastChannel between tabs: what one posts, the others hear (never itself). */
function channels() {
  const all = [];
  return () => {
    const channel = {
      onmessage: null,
      postMessage(data) {
        for (const other of all) if (other !== channel && other.onmessage) queueMicrotask(() => other.onmessage({ data }));
      },
    };
    all.push(channel);
    return channel;
  };
}

/** Two tabs of one browser on one session of one server. */
function twoTabs() {
  const server = fakeApi();
  const open = channels();
  const tab = () => {
    const time = clock();
    const m = new SessionMachine({ api: server.api, storage: memoryStorage(), clock: time, newKey: (() => { let k = 0; return () => `k${++k}`; })(), channel: open() });
    m.time = time;
    return m;
  };
  return { server, a: tab(), b: tab() };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

test('two tabs: the second follows when the first moves on, even from its feedback', async () => {
  const { a, b } = twoTabs();
  await a.start('S');
  await b.start('S');
  assert.equal(b.item.index, 1);
  // The second tab has checked an answer but not saved it when the first saves its own.
  await b.check({ kind: 'choice', index: 1 });
  assert.equal(b.state, 'feedback');
  await a.check({ kind: 'choice', index: 1 });
  a.time.t += 1000;
  await a.grade(3);
  await settle();
  assert.equal(a.item.index, 2);
  assert.equal(b.state, 'answering');
  assert.equal(b.item.index, 2, 'the second tab shows the item that now waits');
  assert.match(b.notice, /another tab/);
  // The first ends the session: the second goes to the summary too.
  await a.end();
  await settle();
  assert.equal(a.state, 'summary');
  assert.equal(b.state, 'summary');
});

test('a tab that did not hear (another device) follows on not_current_item instead of asking to try again', async () => {
  const { m, server } = machine();
  await m.start('S');
  server.failNext.check = new ApiError(409, 'not_current_item', 'not current');
  await m.check({ kind: 'choice', index: 1 });
  assert.equal(m.state, 'answering', 'no "Try again" loop');
  assert.equal(m.error, null);
  assert.ok(names(server.calls).slice(-1)[0] === 'next', 'it asked the server for the current item');
});
