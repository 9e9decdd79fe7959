// Unit tests of the passage screen's mark model (crates/iqrah-server/assets/passage.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassageMarks, passageRequest, submitPassage } from '../../crates/iqrah-server/assets/passage.js';

const verses = [
  { reference: '112:1', word_count: 4 },
  { reference: '112:2', word_count: 2 },
];

test('a press cycles a word through stumbled, prompted and none', () => {
  const marks = new PassageMarks(verses);
  assert.equal(marks.cycle(1, 0), 'stumbled');
  assert.equal(marks.cycle(1, 0), 'prompted');
  assert.deepEqual(marks.toJSON(), [{ verse: 1, word: 0, mark: 'prompted' }]);
  assert.equal(marks.cycle(1, 0), null);
  assert.deepEqual(marks.toJSON(), []);
});

test('marks are listed in reading order, a whole verse before its words', () => {
  const marks = new PassageMarks(verses);
  marks.cycle(1, 1);
  marks.cycle(0, 3);
  marks.cycle(0);
  assert.deepEqual(marks.toJSON(), [
    { verse: 0, word: null, mark: 'stumbled' },
    { verse: 0, word: 3, mark: 'stumbled' },
    { verse: 1, word: 1, mark: 'stumbled' },
  ]);
});

test('words and verses out of range are never marked', () => {
  const marks = new PassageMarks(verses);
  assert.equal(marks.cycle(1, 2), null);
  assert.equal(marks.cycle(2, 0), null);
  assert.equal(marks.cycle(0, -1), null);
  assert.deepEqual(marks.toJSON(), []);
});

test('the request goes to submit-passage with the marks and the key', async () => {
  const marks = new PassageMarks(verses);
  marks.cycle(0, 0);
  const body = passageRequest('112:1/memorization', marks, 12_000, 'k-1');
  assert.deepEqual(JSON.parse(JSON.stringify(body)), {
    node_id: '112:1/memorization',
    marks: [{ verse: 0, word: 0, mark: 'stumbled' }],
    duration_ms: 12_000,
    idempotency_key: 'k-1',
  });
  const calls = [];
  await submitPassage(async (...args) => calls.push(args), 'S 1', body);
  assert.deepEqual(calls, [['POST', '/sessions/S%201/submit-passage', body]]);
});
