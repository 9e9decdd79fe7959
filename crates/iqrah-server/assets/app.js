// The session page: renders each exercise and drives the state machine in
// session.js. Every grade is submitted at once, so leaving is always safe.
import { SessionMachine, ApiError, SELF_GRADED, FEEDBACK_GUARD_MS, isSelfGraded } from '/assets/session.js';
import { forDisplay } from '/assets/display.js';
import { PassageMarks, renderPassage, renderPassageResult } from '/assets/passage.js';

const root = document.getElementById('session');
const $ = (id) => document.getElementById(id);
const ui = { exercise: $('exercise'), feedback: $('feedback'), grades: $('grades'), status: $('status'), undo: $('undo'), timer: $('timer'), tools: $('tools') };
const sessionId = root.dataset.sessionId;
// The translations in the exercises are in the learner's language (set by the page).
const translationLang = root.dataset.translationLang || 'en';
const translationDir = root.dataset.translationDir || 'ltr';

async function call(method, path, body) {
  let response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Iqrah cannot be reached. Is it still running?');
  }
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = (data && data.error) || {};
    throw new ApiError(response.status, error.code || `http_${response.status}`, error.message || response.statusText);
  }
  return data;
}

const s = (id) => `/sessions/${encodeURIComponent(id)}`;
const api = {
  active: () => call('GET', '/sessions/active'),
  next: (id) => call('GET', `${s(id)}/next`),
  reveal: (id, node_id, count) => call('POST', `${s(id)}/reveal`, { node_id, count }),
  check: (id, node_id, answer, duration_ms) => call('POST', `${s(id)}/check`, { node_id, answer, duration_ms }),
  submit: (id, request) => call('POST', `${s(id)}/submit`, request),
  undo: (id) => call('POST', `${s(id)}/undo`),
  complete: (id) => call('POST', `${s(id)}/complete`),
  skip: (id, node_id) => call('POST', `${s(id)}/skip`, { node_id }),
  showAnswer: (id, request) => call('POST', `${s(id)}/show-answer`, request),
  submitPassage: (id, request) => call('POST', `${s(id)}/submit-passage`, request),
};

// localStorage may be refused (private modes): then the server alone remembers.
const storage = {
  get: (k) => { try { return localStorage.getItem(k); } catch { return null; } },
  set: (k, v) => { try { localStorage.setItem(k, v); } catch { /* the server remembers */ } },
  remove: (k) => { try { localStorage.removeItem(k); } catch { /* the server remembers */ } },
};

// ---- small DOM helpers -------------------------------------------------------
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  el.append(...children.flat(Infinity).filter((c) => c != null && c !== false));
  return el;
}
// Verse text is drawn through forDisplay; translations carry their language.
const ar = (text, cls = '', tag = 'span') => h(tag, { lang: 'ar', dir: 'rtl', class: cls }, forDisplay(text));
const translated = (text, cls = '', tag = 'span') => h(tag, { lang: translationLang, dir: translationDir, class: cls }, text);
const kbd = (n) => h('kbd', { 'aria-hidden': 'true' }, String(n));
const clock = (ms) => `${Math.floor(ms / 60000)}:${String(Math.floor(ms / 1000) % 60).padStart(2, '0')}`;

const TITLES = {
  study: 'A new verse',
  recite_passage: 'Recite the passage',
  recall: 'Recite the verse',
  next_word: 'Which word comes next?',
  missing_word: 'Which word fills the gap?',
  find_the_mistake: 'One word is wrong — tap it',
  type_verse: 'Type the verse from memory',
  what_comes_next: 'How does the next verse begin?',
  put_in_order: 'Tap the verses in their order',
  meaning: 'What does this verse mean?',
  meaning_reverse: 'Which verse says this?',
  which_continuation: 'Which continuation belongs here?',
  which_surah: 'Which surah is this verse from?',
};
const REASONS = { new: 'New', review: 'Review', practice_ahead: 'Ahead', manzil: 'Manzil', look_alike: 'Look-alike' };
const STUDY = {
  read: { title: 'Read the new verse', hint: 'Read it aloud a few times, with its meaning. Then cover it word by word and recite it.' },
  cover: { title: 'Cover and recite', hint: 'Recite the whole verse, the covered words too. Tap a covered word you miss to see it.' },
  recite: { title: 'Recite it from memory', hint: 'Recite the whole verse without looking, then grade yourself. Tap a word you miss to see it.' },
};
const GRADES = ['Again', 'Hard', 'Good', 'Easy'];

// ---- the machine --------------------------------------------------------------
// Other tabs of this browser on the same session hear when it moves on.
const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('iqrah-session') : null;
const m = new SessionMachine({ api, storage, onChange: render, channel });
let shown = null; // the item whose exercise is in the DOM
let order = []; // put_in_order: the indices tapped so far
let revealedShown = -1;
let studyShown = ''; // the study words' state drawn last
let confirmingEnd = false; // "End session?" is asked
let armTimer = null;

function render() {
  root.dataset.state = m.state;
  if (m.state === 'summary') {
    window.location.assign(`/session/${encodeURIComponent(sessionId)}/summary`);
    return;
  }
  if (m.item && m.item !== shown) buildExercise(m.item);
  if (m.item) {
    ui.exercise.dataset.type = m.item.exercise.type;
    ui.exercise.dataset.item = m.item.item_id;
    const done = m.item.index - 1;
    $('progress-fill').style.width = `${(100 * done) / m.item.items_count}%`;
    $('progress-text').textContent = `${m.item.index} / ${m.item.items_count}`;
    root.querySelector('.progress').setAttribute('aria-valuenow', done);
    root.querySelector('.progress').setAttribute('aria-valuemax', m.item.items_count);
  } else if (m.state === 'completing') {
    $('progress-fill').style.width = '100%';
    ui.exercise.replaceChildren(h('p', { class: 'muted' }, 'Completing the session…'));
  }
  const answering = m.state === 'answering';
  for (const b of ui.exercise.querySelectorAll('.answerable')) b.disabled = !answering;
  if (m.item && m.item.exercise.type === SELF_GRADED) updateRecall();
  if (m.item && m.item.exercise.type === 'put_in_order') updateOrder();
  if (m.item && m.item.exercise.type === 'study') updateStudy();
  if (!m.canEnd) confirmingEnd = false;
  renderFeedback();
  renderGrades();
  renderTools();
  ui.undo.disabled = !m.canUndo;
  renderStatus();
  arm();
  tick();
}

// The feedback (and the shown answer) take keys only FEEDBACK_GUARD_MS after
// they appear: `data-armed` says when, and a timer redraws then.
function arm() {
  root.dataset.armed = String(m.armed);
  if ((m.state === 'feedback' || m.state === 'shown') && !m.armed && !armTimer) {
    armTimer = setTimeout(() => { armTimer = null; render(); }, FEEDBACK_GUARD_MS + 20);
  }
}

function renderTools() {
  if (!ui.tools) return;
  if (!ui.tools.firstChild) {
    const tool = (id, label, key, onclick, title) =>
      h('button', { type: 'button', class: 'tool', id, onclick, title, 'aria-keyshortcuts': key }, h('span', {}, label), kbd(key));
    ui.tools.replaceChildren(
      tool('show-answer', "I don't know", 'a', () => m.showAnswer(), 'Show the answer: saved as Again, the verse comes back soon (a)'),
      tool('skip', 'Skip', 's', () => m.skip(), 'Put this item at the end of the session, once (s)'),
      tool('end', 'End session', 'e', askEnd, 'End the session now and see its summary (e)'));
  }
  // On the feedback and the shown answer only End stays: the item is answered.
  const exercising = ['answering', 'skipping', 'showing', 'checking'].includes(m.state) || (m.state === 'error' && !m.request && !m.shown);
  $('show-answer').hidden = !exercising || (m.item && ['study', 'recite_passage'].includes(m.item.exercise.type));
  $('skip').hidden = !exercising;
  $('show-answer').disabled = !m.canShowAnswer;
  $('skip').disabled = !m.canSkip;
  $('end').disabled = !m.canEnd || confirmingEnd;
  ui.tools.hidden = !m.item && m.state !== 'error';
}

function askEnd() {
  if (!m.canEnd) return;
  confirmingEnd = true;
  render();
  $('end-confirm')?.focus();
}

function endNow() {
  confirmingEnd = false;
  m.end();
}

function keepGoing() {
  confirmingEnd = false;
  render();
  ui.exercise.focus({ preventScroll: true });
}

function renderStatus() {
  if (confirmingEnd) {
    if ($('end-confirm')) return;
    const left = m.item ? m.item.items_count - m.item.index + 1 : 0;
    ui.status.replaceChildren(
      h('p', { id: 'end-question' }, `End the session now? Every answer given is saved${left > 0 ? `; the ${left === 1 ? 'item' : `${left} items`} not answered yet stay${left === 1 ? 's' : ''} for another session` : ''}.`),
      h('div', { class: 'actions center' },
        h('button', { class: 'button', type: 'button', id: 'end-cancel', onclick: keepGoing }, 'Keep going'),
        h('button', { class: 'button primary', type: 'button', id: 'end-confirm', onclick: endNow }, 'End session')));
  } else if (m.state === 'error') {
    const retry = h('button', { class: 'button primary', type: 'button', id: 'retry', onclick: () => m.retry() }, 'Try again');
    ui.status.replaceChildren(h('p', { class: 'error-message' }, m.error.message), retry);
    retry.focus();
  } else {
    const busy = { checking: 'Checking…', submitting: 'Saving…', completing: 'Saving…', skipping: 'Skipping…', showing: 'Saving…' }[m.state];
    ui.status.replaceChildren(...(m.notice ? [h('p', {}, m.notice)] : busy ? [h('p', { class: 'muted' }, busy)] : []));
  }
}

function tick() {
  if (!m.item) return;
  const ms = m.state === 'answering' || m.state === 'checking' || m.state === 'showing' ? m.elapsed() : m.state === 'shown' ? (m.showRequest ? m.showRequest.duration_ms : 0) : m.answerMs || m.elapsed();
  ui.timer.textContent = clock(ms);
}
setInterval(() => { if (m.state === 'answering') tick(); }, 1000);

// ---- exercises ----------------------------------------------------------------
function choiceButtons(choices, show = ar) {
  return h('div', { class: 'choices', role: 'group', 'aria-label': 'Choices' },
    choices.map((c, i) =>
      h('button', { type: 'button', class: 'choice answerable', 'data-index': i, onclick: () => m.check({ kind: 'choice', index: i }) },
        kbd(i + 1), show(c, 'choice-text'))));
}

function shownVerse(previous) {
  if (!previous) return null;
  return h('div', { class: 'context' }, h('span', { class: 'ref' }, previous.reference), ar(previous.text, 'verse small', 'p'));
}

const blank = () => h('span', { class: 'blank', 'aria-label': 'blank' }, '\u2003\u2003');

function buildExercise(item) {
  shown = item;
  order = [];
  revealedShown = -1;
  studyShown = '';
  delete ui.exercise.dataset.step;
  const e = item.exercise;
  const head = h('header', { class: 'ex-head' },
    h('span', { class: 'tag' }, item.relearning ? 'Relearning' : REASONS[item.reason] || item.reason),
    e.reference || e.range ? h('span', { class: 'ref' }, e.surah_name ? `${e.surah_name} ${e.reference || e.range}` : e.reference || e.range) : null,
    item.page ? h('span', { class: 'ref page', title: 'Page of the Madani mushaf' }, `page ${item.page}`) : null);
  const body = [];
  switch (e.type) {
    case 'recite_passage': {
      const marks = new PassageMarks(e.verses);
      body.push(renderPassage(e, marks, { h, ar }),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'button primary answerable', id: 'submit-passage', onclick: () => m.submitPassage(marks) }, 'Done reciting')));
      break;
    }
    case 'study':
      body.push(
        h('ol', { class: 'steps', id: 'study-steps', 'aria-label': 'Steps' },
          ['read', 'cover', 'recite'].map((step, i) => h('li', { 'data-step': step }, h('span', { class: 'n' }, String(i + 1)), ` ${['Read', 'Cover', 'Recite'][i]}`))),
        shownVerse(e.previous),
        h('p', { class: 'verse study-words', lang: 'ar', dir: 'rtl', id: 'study-words' }),
        e.transliteration ? h('p', { class: 'translit', id: 'study-translit', lang: 'ar-Latn', dir: 'ltr' }, e.transliteration) : null,
        e.translation ? translated(e.translation, 'translation', 'blockquote') : null,
        h('div', { class: 'actions', id: 'study-actions' },
          h('span', { class: 'muted', id: 'study-count' }),
          h('button', { type: 'button', class: 'button answerable', id: 'study-recite', onclick: () => m.studyRecite() }, 'Recite from memory'),
          h('button', { type: 'button', class: 'button answerable', id: 'study-peek', onclick: () => m.studyPeek() }, 'Reveal a word ', kbd('r')),
          h('button', { type: 'button', class: 'button primary answerable', id: 'study-next', onclick: () => m.studyNext() })),
        h('p', { class: 'hint muted', id: 'study-hint' }));
      break;
    case 'recall':
      body.push(shownVerse(e.previous),
        h('div', { class: 'verse slots', lang: 'ar', dir: 'rtl', id: 'slots' }),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'button answerable', id: 'reveal-next', onclick: () => m.reveal() }, 'Reveal next word'),
          h('button', { type: 'button', class: 'button answerable', id: 'reveal-all', onclick: () => m.reveal(Infinity) }, 'Reveal all')),
        h('p', { class: 'hint muted' }, 'Recite it, reveal to compare, then grade yourself.'));
      break;
    case 'next_word':
      body.push(h('p', { class: 'verse', lang: 'ar', dir: 'rtl' }, forDisplay(e.shown.join(' ')), ' ', blank()), choiceButtons(e.choices));
      break;
    case 'missing_word':
      body.push(h('p', { class: 'verse', lang: 'ar', dir: 'rtl' }, forDisplay(e.before.join(' ')), ' ', blank(), ' ', forDisplay(e.after.join(' '))), choiceButtons(e.choices));
      break;
    case 'find_the_mistake':
      body.push(h('p', { class: 'verse words', lang: 'ar', dir: 'rtl' },
        e.words.map((w, i) => [h('button', { type: 'button', class: 'word answerable', 'data-index': i, onclick: () => m.check({ kind: 'choice', index: i }) }, forDisplay(w)), ' '])));
      break;
    case 'type_verse': {
      const field = h('textarea', { id: 'answer-text', class: 'typed answerable', lang: 'ar', dir: 'rtl', rows: 2, autocomplete: 'off', autocapitalize: 'off', spellcheck: 'false', 'aria-label': `Verse ${e.reference}, ${e.word_count} words` });
      body.push(shownVerse(e.previous), field,
        h('div', { class: 'actions' }, h('span', { class: 'muted' }, `${e.word_count} words`),
          h('button', { type: 'button', class: 'button primary answerable', id: 'check-text', onclick: checkText }, 'Check')));
      break;
    }
    case 'what_comes_next':
      body.push(ar(e.text, 'verse', 'p'), h('p', { class: 'then muted' }, 'then…'), choiceButtons(e.choices));
      break;
    case 'put_in_order':
      body.push(h('ol', { class: 'built', id: 'built', 'aria-label': 'Your order' }),
        h('div', { class: 'options' }, e.verses.map((v, i) =>
          h('button', { type: 'button', class: 'option answerable', 'data-index': i, onclick: () => tapVerse(i) }, h('span', { class: 'badge' }, String(i + 1)), ar(v, 'option-text')))),
        h('div', { class: 'actions' },
          h('button', { type: 'button', class: 'button answerable', id: 'reset-order', onclick: () => { order = []; updateOrder(); } }, 'Reset'),
          h('button', { type: 'button', class: 'button primary answerable', id: 'check-order', onclick: checkOrder }, 'Check')));
      break;
    case 'meaning':
      body.push(ar(e.text, 'verse', 'p'), choiceButtons(e.choices, translated));
      break;
    case 'meaning_reverse':
      body.push(translated(e.translation, 'translation', 'blockquote'), choiceButtons(e.choices));
      break;
    case 'which_continuation':
      body.push(h('p', { class: 'verse', lang: 'ar', dir: 'rtl' }, forDisplay(e.shown.join(' ')), ' ', blank()),
        h('p', { class: 'hint muted' }, 'Verses that look like this one go on differently: which is this one?'),
        choiceButtons(e.choices));
      break;
    case 'which_surah':
      body.push(ar(e.text, 'verse', 'p'), choiceButtons(e.choices, (text, cls) => h('span', { class: cls }, text)));
      break;
    default:
      body.push(h('p', { class: 'error-message' }, `This exercise (${e.type}) is not supported by this page.`));
  }
  ui.exercise.replaceChildren(head, h('h1', { class: 'ex-title' }, TITLES[e.type] || e.type), ...body.filter(Boolean));
  const typed = $('answer-text');
  if (typed) {
    typed.focus();
  } else ui.exercise.focus({ preventScroll: true });
  window.scrollTo(0, 0);
}

function checkText() {
  const text = $('answer-text').value.trim();
  if (text) m.check({ kind: 'text', text });
}

function tapVerse(i) {
  if (m.state !== 'answering') return;
  order = order.includes(i) ? order.filter((x) => x !== i) : [...order, i];
  updateOrder();
}

function checkOrder() {
  if (order.length === shown.exercise.verses.length) m.check({ kind: 'order', order: [...order] });
}

function updateOrder() {
  const verses = shown.exercise.verses;
  const placed = m.answer && m.answer.kind === 'order' && m.state !== 'answering' ? m.answer.order : order;
  $('built').replaceChildren(...placed.map((i) => h('li', {}, ar(verses[i]))));
  $('built').hidden = placed.length === 0;
  for (const b of ui.exercise.querySelectorAll('.option')) {
    const at = placed.indexOf(Number(b.dataset.index));
    b.classList.toggle('placed', at >= 0);
    b.setAttribute('aria-pressed', String(at >= 0));
    b.querySelector('.badge').textContent = at >= 0 ? `#${at + 1}` : String(Number(b.dataset.index) + 1);
  }
  const complete = placed.length === verses.length;
  $('check-order').disabled = m.state !== 'answering' || !complete;
  $('reset-order').disabled = m.state !== 'answering' || placed.length === 0;
}

function updateStudy() {
  const s = m.study;
  if (!s) return;
  const words = m.studyWords;
  const key = `${s.step}:${s.covered}:${s.peeked.join(',')}:${m.state === 'answering'}`;
  if (key === studyShown) return;
  studyShown = key;
  ui.exercise.dataset.step = s.step;
  ui.exercise.querySelector('.ex-title').textContent = STUDY[s.step].title;
  for (const li of ui.exercise.querySelectorAll('#study-steps li')) {
    const at = ['read', 'cover', 'recite'].indexOf(li.dataset.step);
    const now = ['read', 'cover', 'recite'].indexOf(s.step);
    li.className = at === now ? 'now' : at < now ? 'done' : '';
    if (at === now) li.setAttribute('aria-current', 'step'); else li.removeAttribute('aria-current');
  }
  $('study-words').replaceChildren(...words.flatMap((w, i) => {
    const hidden = m.studyHidden(i);
    const peeked = s.peeked.includes(i);
    return [h('button', {
      type: 'button', class: `sword answerable${hidden ? ' is-hidden' : ''}${peeked ? ' peeked' : ''}`, 'data-index': i,
      'aria-label': hidden ? `covered word ${i + 1}: show it` : null, tabindex: hidden ? null : '-1',
      onclick: () => m.studyPeek(i),
    }, h('span', { 'aria-hidden': hidden ? 'true' : null }, forDisplay(w))), ' '];
  }));
  const hiddenCount = words.filter((_, i) => m.studyHidden(i)).length;
  const translit = $('study-translit');
  if (translit) translit.hidden = s.step !== 'read';
  const next = $('study-next');
  next.hidden = s.step === 'recite';
  next.replaceChildren(s.step === 'read' ? 'Cover and recite ' : 'Cover one more word ', kbd('Enter'));
  $('study-peek').hidden = s.step === 'read';
  $('study-peek').disabled = m.state !== 'answering' || hiddenCount === 0;
  $('study-recite').hidden = s.step === 'recite';
  $('study-count').textContent = s.step === 'read' ? `${words.length} word${words.length === 1 ? '' : 's'}`
    : s.step === 'cover' ? `${s.covered} of ${words.length} covered`
    : `${s.peeked.length} of ${words.length} revealed`;
  $('study-hint').textContent = STUDY[s.step].hint;
}

function updateRecall() {
  const e = shown.exercise;
  if (m.revealed.length !== revealedShown) {
    revealedShown = m.revealed.length;
    const slots = [];
    for (let i = 0; i < e.word_count; i++) {
      slots.push(i < m.revealed.length ? h('span', { class: 'slot shown' }, forDisplay(m.revealed[i])) : h('span', { class: 'slot', 'aria-hidden': 'true' }, '\u2003\u2003'), ' ');
    }
    $('slots').replaceChildren(...slots);
    $('slots').setAttribute('aria-label', `${m.revealed.length} of ${e.word_count} words revealed`);
  }
  const all = m.revealed.length >= e.word_count;
  $('reveal-next').disabled = $('reveal-all').disabled = all || m.state !== 'answering' || m.revealing;
}

// ---- feedback and grades ------------------------------------------------------
/** The words of a verse from the API (strings, or `{ text }` objects). */
const wordsOf = (verse) => (Array.isArray(verse.words) && verse.words.length ? verse.words.map((w) => (typeof w === 'string' ? w : w.text)) : String(verse.text || '').split(/\s+/).filter(Boolean));

/** A whole verse, the `marked` word positions highlighted, with its translation. */
function verseBlock(verse, { marked = [], label = 'The verse', id = 'feedback-verse', words = true } = {}) {
  if (!verse) return null;
  const missed = new Set(marked || []);
  return h('div', { class: 'full-verse', id },
    h('p', { class: 'label' }, `${label} · ${verse.reference}`, missed.size ? ` · ${missed.size} word${missed.size === 1 ? '' : 's'} missed, marked` : '',
      words ? [' · ', h('a', { class: 'look-alikes-link', href: `/verses/${verse.reference}/similar` }, 'look-alikes')] : null),
    words ? h('p', { class: 'verse small marked-verse', lang: 'ar', dir: 'rtl' },
      wordsOf(verse).map((w, i) => [missed.has(i) ? h('mark', { class: 'missed', title: 'missed' }, forDisplay(w)) : h('span', {}, forDisplay(w)), ' '])) : null,
    verse.translation ? translated(verse.translation, 'verse-translation', 'p') : null);
}

function renderShown() {
  if (ui.feedback.dataset.for === `shown:${m.item.item_id}` && !ui.feedback.hidden) return;
  ui.feedback.dataset.for = `shown:${m.item.item_id}`;
  ui.feedback.className = 'feedback is-shown';
  const verse = m.shown && m.shown.verse;
  if (m.shown && m.shown.passage) {
    ui.feedback.className = 'feedback is-right';
    ui.feedback.replaceChildren(
      h('p', { class: 'verdict' }, h('span', { class: 'mark', 'aria-hidden': 'true' }, '✓'), ' Recited'),
      renderPassageResult(m.shown.passage, { h, ar }),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'button primary', id: 'continue', onclick: () => m.continue() }, 'Continue ', kbd('Enter'))));
    ui.feedback.hidden = false;
    $('continue').focus({ preventScroll: true });
    return;
  }
  ui.feedback.replaceChildren(
    h('p', { class: 'verdict' }, h('span', { class: 'mark', 'aria-hidden': 'true' }, '?'), ' The answer'),
    verse ? verseBlock(verse, { label: 'The verse' }) : h('p', { class: 'muted' }, 'The answer was saved.'),
    h('p', { class: 'muted small' }, 'Saved as Again: it comes back soon.'),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'button primary', id: 'continue', onclick: () => m.continue() }, 'Continue ', kbd('Enter'))));
  ui.feedback.hidden = false;
  $('continue').focus({ preventScroll: true });
  ui.feedback.scrollIntoView({ block: 'nearest' });
}

function renderFeedback() {
  const o = m.outcome;
  if (m.item && (m.state === 'shown' || (m.state === 'error' && m.shown))) return renderShown();
  if (!o || !(m.state === 'feedback' || m.state === 'submitting' || (m.state === 'error' && m.request))) {
    ui.feedback.hidden = true;
    ui.feedback.replaceChildren();
    for (const b of ui.exercise.querySelectorAll('.right, .wrong, .chosen')) b.classList.remove('right', 'wrong', 'chosen');
    return;
  }
  const e = shown.exercise;
  const a = m.answer;
  if (a.kind === 'choice') {
    for (const b of ui.exercise.querySelectorAll('.choice, .word')) {
      const i = Number(b.dataset.index);
      const text = b.classList.contains('word') ? null : e.choices[i];
      b.classList.toggle('chosen', i === a.index);
      b.classList.toggle('right', (i === a.index && o.correct) || text === o.expected);
      b.classList.toggle('wrong', i === a.index && !o.correct);
    }
  }
  if (ui.feedback.dataset.for === String(m.item.item_id) && !ui.feedback.hidden) return;
  ui.feedback.dataset.for = m.item.item_id;
  ui.feedback.className = `feedback ${o.correct ? 'is-right' : 'is-wrong'}`;
  const parts = [h('p', { class: 'verdict' }, h('span', { class: 'mark', 'aria-hidden': 'true' }, o.correct ? '✓' : '✗'), o.correct ? ' Right' : ' Not quite')];
  if (o.diff) {
    parts.push(h('p', { class: 'diff verse small', lang: 'ar', dir: 'rtl', id: 'diff' }, o.diff.words.map((w) => [diffWord(w), ' '])));
  }
  if (e.type === 'put_in_order') {
    parts.push(h('p', { class: 'label' }, 'The order:'), h('ol', { class: 'expected-order' }, o.expected.split('\n').map((v) => h('li', {}, ar(v)))));
  } else if (o.verse) {
    // The whole verse below shows the answer, the missed word marked in it.
  } else if (e.type === 'find_the_mistake') {
    parts.push(h('p', { class: 'label' }, 'The right word:'), ar(o.expected, 'expected verse small', 'p'));
  } else if (!(o.correct && a.kind === 'choice')) {
    parts.push(h('p', { class: 'label' }, 'Answer:'), e.type === 'meaning' ? translated(o.expected, 'expected', 'p') : ar(o.expected, 'expected verse small', 'p'));
  }
  // The whole verse, the words missed marked (a typed answer's diff already shows them).
  if (o.verse) parts.push(verseBlock(o.verse, { marked: o.marked, words: !o.diff }));
  const next = o.next || (o.verse && o.verse.next);
  if (next) parts.push(verseBlock(next, { label: 'The next verse', id: 'feedback-next' }));
  if (o.confusion && o.verse) parts.push(sideBySide(o.verse, o.confusion));
  ui.feedback.replaceChildren(...parts);
  ui.feedback.hidden = false;
  ui.feedback.scrollIntoView({ block: 'nearest' });
}

/** Words of a verse, the positions in `differing` marked. */
const markedWords = (words, differing) => {
  const marks = new Set(differing || []);
  return words.map((w, i) => [marks.has(i) ? h('mark', { class: 'missed' }, forDisplay(w)) : h('span', {}, forDisplay(w)), ' ']);
};

/** After an answer that gave a look-alike's words: the two verses side by side, the words that differ marked in both. */
function sideBySide(verse, other) {
  return h('div', { class: 'full-verse side-by-side', id: 'confusion' },
    h('p', { class: 'label' }, 'You gave the words of ', h('a', { href: `/verses/${other.key}/similar` }, `${other.surah_name} ${other.key}`), ', a verse that looks like this one. The words that differ are marked.'),
    h('p', { class: 'label' }, `This verse · ${verse.reference}`),
    h('p', { class: 'verse small marked-verse this', lang: 'ar', dir: 'rtl' }, markedWords(wordsOf(verse), other.verse_differing)),
    h('p', { class: 'label' }, `${other.surah_name} ${other.key}`),
    h('p', { class: 'verse small marked-verse other', lang: 'ar', dir: 'rtl' }, markedWords(other.words, other.differing)));
}

function diffWord(w) {
  switch (w.kind) {
    case 'equal': return h('span', { class: 'd-equal' }, forDisplay(w.given || w.expected));
    case 'missing': return h('ins', { class: 'd-missing', title: 'missing' }, forDisplay(w.expected));
    case 'extra': return h('del', { class: 'd-extra', title: 'not in the verse' }, forDisplay(w.given));
    default: return h('span', { class: 'd-wrong' }, h('del', {}, forDisplay(w.given)), ' ', h('ins', {}, forDisplay(w.expected)));
  }
}

function renderGrades() {
  const self = m.item && isSelfGraded(m.item.exercise.type);
  const reciting = self && (!m.study || m.study.step === 'recite');
  const visible = m.state === 'feedback' || (m.state === 'submitting' && !!m.request) || (reciting && (m.state === 'answering' || (m.state === 'error' && m.request)));
  ui.grades.hidden = !visible;
  if (!visible) {
    delete ui.grades.dataset.key; // an answer undone on its feedback gets fresh grades
    return;
  }
  const key = `${m.item.item_id}:${m.state}:${m.suggested}`;
  if (ui.grades.dataset.key === key) return;
  ui.grades.dataset.key = key;
  const suggested = m.suggested;
  // What each grade leads to, when the server says (`grades[i].label`: "in 3 days").
  const leads = Array.isArray(m.item.grades) ? m.item.grades : [];
  const buttons = GRADES.map((label, i) => {
    const to = leads.find((g) => g.rating === i + 1) || leads[i];
    return h('button', { type: 'button', class: `grade g${i + 1}${suggested === i + 1 ? ' suggested' : ''}`, 'data-grade': i + 1, 'aria-pressed': String(suggested === i + 1), disabled: m.state !== 'feedback' && m.state !== 'answering', onclick: () => m.grade(i + 1), title: to && to.label ? `${label}: next review ${to.label}` : null },
      kbd(i + 1), h('span', {}, label), to && to.label ? h('small', { class: 'when' }, to.label) : null);
  });
  const question = m.study ? 'How well did you recite it from memory?' : self ? 'How well did you recite it?' : 'How was it?';
  ui.grades.replaceChildren(h('p', { class: 'label' }, question, leads.length ? h('span', { class: 'muted' }, ' · each grade says when the verse comes back') : null), h('div', { class: 'grade-row' }, buttons));
  const pre = ui.grades.querySelector('.suggested');
  if (pre && m.state === 'feedback') pre.focus({ preventScroll: false });
}

// ---- keyboard ----------------------------------------------------------------
document.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return;
  const target = event.target;
  const typing = target instanceof HTMLTextAreaElement || target instanceof HTMLInputElement;
  const type = m.item && m.item.exercise.type;
  if (typing) {
    if (event.key === 'Enter' && !event.shiftKey && target.id === 'answer-text') {
      event.preventDefault();
      checkText();
    } else if (event.key === 'Escape') {
      target.blur(); // then u, digits and Enter work again
      ui.exercise.focus({ preventScroll: true });
    }
    return;
  }
  const key = event.key;
  // When this key went down, on the machine's clock (Date.now()).
  const press = { repeat: event.repeat, at: Date.now() - Math.max(0, performance.now() - event.timeStamp) };
  if (confirmingEnd) {
    if (key === 'Escape') { event.preventDefault(); keepGoing(); }
    else if ((key === 'Enter' || key === 'e' || key === 'E') && !event.repeat && !(target instanceof HTMLButtonElement && target.id === 'end-cancel')) { event.preventDefault(); endNow(); }
    return;
  }
  if (key === 'u' || key === 'U') {
    event.preventDefault();
    if (!event.repeat) m.undo();
    return;
  }
  if (!event.repeat && (key === 'a' || key === 'A')) { event.preventDefault(); m.showAnswer(); return; }
  if (!event.repeat && (key === 's' || key === 'S')) { event.preventDefault(); m.skip(); return; }
  if (!event.repeat && (key === 'e' || key === 'E')) { event.preventDefault(); askEnd(); return; }
  if ((key === 'r' || key === 'R') && m.state === 'answering') {
    event.preventDefault();
    if (event.repeat) return;
    if (type === 'study') m.studyPeek();
    else if (type === SELF_GRADED) m.reveal();
    return;
  }
  if (/^[1-9]$/.test(key)) {
    const n = Number(key);
    event.preventDefault();
    if (event.repeat) return; // a held key never answers or grades twice
    if (m.state === 'feedback' || (m.state === 'answering' && isSelfGraded(type))) m.gradeKey(n, press);
    else if (m.state !== 'answering') return;
    else if (type === 'find_the_mistake') { if (n <= m.item.exercise.words.length) m.check({ kind: 'choice', index: n - 1 }); }
    else if (type === 'put_in_order') { if (n <= m.item.exercise.verses.length) tapVerse(n - 1); }
    else if (m.item.exercise.choices && n <= m.item.exercise.choices.length) m.check({ kind: 'choice', index: n - 1 });
    return;
  }
  if (key === 'Backspace' && m.state === 'answering' && type === 'put_in_order') {
    event.preventDefault();
    order = order.slice(0, -1);
    updateOrder();
    return;
  }
  if (key === 'Enter' || key === ' ') {
    const onButton = target instanceof HTMLButtonElement;
    if (m.state === 'feedback' || m.state === 'shown') {
      event.preventDefault();
      if (onButton && target.dataset.grade && m.state === 'feedback') m.gradeKey(Number(target.dataset.grade), press);
      else m.proceedKey(press);
    } else if (event.repeat) {
      event.preventDefault(); // a held Enter never steps on by itself
    } else if (m.state === 'error') {
      event.preventDefault();
      m.retry();
    } else if (key === 'Enter' && m.state === 'answering' && type === 'put_in_order' && target.closest('.option') && order.length === shown.exercise.verses.length) {
      // Every verse is placed: Enter checks the order, even with the verse
      // tapped last still focused (Space still taps it).
      event.preventDefault();
      checkOrder();
    } else if (onButton) {
      // The focused button clicks itself.
    } else if (m.state === 'answering' && type === 'study') {
      event.preventDefault();
      if (m.study.step === 'recite') m.studyPeek();
      else m.studyNext();
    } else if (m.state === 'answering' && type === SELF_GRADED) {
      event.preventDefault();
      m.reveal();
    } else if (m.state === 'answering' && type === 'put_in_order') {
      event.preventDefault();
      checkOrder();
    } else if (key === ' ') event.preventDefault();
  }
});

ui.undo.addEventListener('click', () => m.undo());

m.start(sessionId);
