// The passage screen: consecutive verses recited from memory in one go,
// then the learner marks where they stumbled or needed a prompt, word by
// word or a verse as a whole. The server grades every verse and link from
// the marks (POST /sessions/{id}/submit-passage); this module only collects
// them and draws the result. No verse text is shown before the answer.
//
// The DOM helpers (`h`, `ar`) are passed in, so the mark model runs on
// `node --test` (web/tests/passage.test.js) without a DOM.

/** The marks a word (or a whole verse) cycles through: none, stumbled, prompted. */
export const MARK_CYCLE = [null, 'stumbled', 'prompted'];

/** What a learner reads for each mark. */
export const MARK_LABELS = { stumbled: 'stumbled', prompted: 'needed a prompt' };

/** The learner's marks on one passage (verse and word indices are 0-based). */
export class PassageMarks {
  /** `verses`: the prompt's `[{reference, word_count}]`. */
  constructor(verses) {
    this.verses = verses;
    this.marks = new Map(); // "verse:word" or "verse:*" → mark
  }

  static key(verse, word) {
    return `${verse}:${word == null ? '*' : word}`;
  }

  /** The mark on a word (`word` null: on the verse as a whole), or null. */
  get(verse, word) {
    return this.marks.get(PassageMarks.key(verse, word)) || null;
  }

  /** Moves a word's (or the verse's) mark to the next one of MARK_CYCLE; returns it. */
  cycle(verse, word = null) {
    const count = this.verses[verse] ? this.verses[verse].word_count : -1;
    if (count < 0 || (word != null && !(word >= 0 && word < count))) return null;
    const key = PassageMarks.key(verse, word);
    const next = MARK_CYCLE[(MARK_CYCLE.indexOf(this.get(verse, word)) + 1) % MARK_CYCLE.length];
    if (next) this.marks.set(key, next);
    else this.marks.delete(key);
    return next;
  }

  /** The marks as the API takes them, in reading order. */
  toJSON() {
    return [...this.marks.entries()]
      .map(([key, mark]) => {
        const [verse, word] = key.split(':');
        return { verse: Number(verse), word: word === '*' ? null : Number(word), mark };
      })
      .sort((a, b) => a.verse - b.verse || (a.word ?? -1) - (b.word ?? -1));
  }
}

/** The body of POST /sessions/{id}/submit-passage. */
export function passageRequest(nodeId, marks, durationMs, idempotencyKey) {
  return { node_id: nodeId, marks: marks.toJSON(), duration_ms: durationMs, idempotency_key: idempotencyKey };
}

/** Sends a recited passage with the page's `call(method, path, body)`. */
export function submitPassage(call, sessionId, body) {
  return call('POST', `/sessions/${encodeURIComponent(sessionId)}/submit-passage`, body);
}

/**
 * The exercise: the verse before (for context), then one row per verse of
 * numbered word buttons (text hidden) and a whole-verse button; each press
 * cycles the mark. `onChange` is called after every change.
 */
export function renderPassage(exercise, marks, { h, ar, onChange = () => {} }) {
  const rows = exercise.verses.map((verse, v) => {
    const button = (word, label) => {
      const el = h('button', { type: 'button', class: 'passage-mark', 'data-verse': v, 'data-word': word ?? '*', 'aria-pressed': 'false' }, label);
      el.addEventListener('click', () => {
        const mark = marks.cycle(v, word);
        el.dataset.mark = mark || '';
        el.setAttribute('aria-pressed', mark ? 'true' : 'false');
        el.title = mark ? MARK_LABELS[mark] : '';
        onChange(marks);
      });
      return el;
    };
    const words = Array.from({ length: verse.word_count }, (_, w) => button(w, String(w + 1)));
    return h('li', { class: 'passage-verse' }, h('span', { class: 'reference' }, verse.reference), button(null, 'whole verse'), h('span', { class: 'passage-words' }, words));
  });
  return h(
    'section',
    { class: 'passage' },
    h('p', { class: 'instruction' }, `Recite ${exercise.surah_name} ${exercise.range} from memory, in one go. Then mark where you stumbled (press once) or needed a prompt (twice).`),
    exercise.previous ? h('p', { class: 'previous' }, h('span', { class: 'reference' }, exercise.previous.reference), ' ', ar(exercise.previous.text)) : null,
    h('ol', { class: 'passage-verses' }, rows),
  );
}

/** The feedback: every verse whole with its marked words, then every grade recorded. */
export function renderPassageResult(result, { h, ar }) {
  const names = ['', 'Again', 'Hard', 'Good', 'Easy'];
  const markOf = (v, w) => {
    const found = result.marks.filter((m) => m.verse === v && (m.word === w || m.word == null));
    return found.some((m) => m.mark === 'prompted') ? 'prompted' : found.length ? 'stumbled' : null;
  };
  const verses = result.verses.map((verse, v) =>
    h(
      'li',
      { class: 'passage-verse' },
      h('span', { class: 'reference' }, verse.reference),
      ' ',
      h('span', { lang: 'ar', dir: 'rtl' }, verse.words.flatMap((word, w) => {
        const mark = markOf(v, w);
        return [mark ? h('mark', { class: `mark-${mark}`, title: MARK_LABELS[mark] }, ar(word)) : ar(word), ' '];
      })),
      h('span', { class: 'translation' }, verse.translation),
    ),
  );
  const grades = result.grades.map((g) => h('li', {}, `${g.node_id}: ${names[g.rating] || g.rating}`));
  return h('section', { class: 'passage-result' }, h('ol', { class: 'passage-verses' }, verses), h('ul', { class: 'passage-grades' }, grades));
}
