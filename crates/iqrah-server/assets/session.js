// The session state machine: no DOM, no framework, so `node --test` runs it.
//
// States: idle → loading → answering → (checking →) feedback → submitting →
// answering (the next item, sent with the receipt; loading when it is not)
// … → completing → summary; error (with retry) from any request. From
// answering: skipping (→ answering, the item now current) and showing →
// shown (the answer recorded as Again and the verse displayed; continue →
// answering). End goes to completing from every exercise screen. A study
// item stays in answering through its steps (read, cover, recite) and is
// self-graded at the end. `api` returns promises (next, reveal, check,
// submit, undo, complete, and optionally active, skip, showAnswer),
// `storage` is localStorage-like (get/set/remove), `clock.now()` gives
// milliseconds.

export const ACTIVE_KEY = 'iqrah.activeSession';
export const PENDING_KEY = 'iqrah.pendingCheck';
/** The longest answer time the server accepts (one hour). */
export const MAX_DURATION_MS = 3600000;
/** The recall exercise: the learner reveals words from the server and grades themself. */
export const SELF_GRADED = 'recall';
/** The exercises the learner grades themself, without a check. */
export const SELF_GRADED_TYPES = new Set([SELF_GRADED, 'study']);
/** Whether an exercise type is graded by the learner (no check). */
export const isSelfGraded = (type) => SELF_GRADED_TYPES.has(type);
/** The steps of a study item, in order. */
export const STUDY_STEPS = ['read', 'cover', 'recite'];
/**
 * A key pressed sooner than this after the feedback (or the shown answer)
 * appeared does not grade or go on: it belongs to the answer, not to a
 * decision about the feedback (a double press, a key bounce).
 */
export const FEEDBACK_GUARD_MS = 300;

const clamp = (ms) => Math.max(0, Math.min(MAX_DURATION_MS, Math.round(ms)));

/** A failed request: `status` 0 for a network failure. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/**
 * A fresh idempotency key for one answer (a UUID): sent with its submit and
 * again, unchanged, with every retry of it, so that the server records the
 * answer once.
 */
export function newAnswerKey() {
  const c = globalThis.crypto;
  if (typeof c.randomUUID === 'function') return c.randomUUID();
  // randomUUID exists only in secure contexts; 128 random bits in hex do as well.
  const bytes = c.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class SessionMachine {
  constructor({ api, storage, clock = { now: () => Date.now() }, onChange = () => {}, newKey = newAnswerKey, channel = null }) {
    this.api = api;
    // Tabs of one browser tell each other when a session moves on
    // (a BroadcastChannel, or anything with postMessage and onmessage).
    this.channel = channel;
    if (channel) channel.onmessage = (event) => this.heard(event && event.data);
    this.newKey = newKey;
    this.storage = storage;
    this.clock = clock;
    this.onChange = onChange;
    this.state = 'idle';
    this.sessionId = null;
    this.item = null; // the current SessionItemDto
    this.shownAt = 0;
    this.revealed = []; // recall: the words revealed so far
    this.revealing = false;
    this.answer = null; // the checked answer
    this.outcome = null; // its CheckOutcome
    this.answerMs = 0; // time to answer, sent with check and submit
    this.request = null; // the submit in flight or to retry
    this.receipt = null;
    this.summary = null;
    this.error = null; // { status, code, message }
    this.notice = ''; // a message that needs no retry (nothing to undo…)
    this.retryAction = null;
    this.storageNote = null; // what start-up decided about the stored id
    this.feedbackAt = 0; // when the feedback (or the shown answer) appeared
    this.study = null; // a study item's { step, covered, peeked }
    this.skipped = new Set(); // node ids skipped in this page (once each)
    this.shown = null; // show-answer's reply: { receipt, verse, next }
    this.showRequest = null; // the show-answer in flight or to retry
  }

  /** Tells the other tabs that this session moved on (`completed`: it ended). */
  announce(completed = false) {
    if (!this.channel || !this.sessionId) return;
    try {
      this.channel.postMessage({ session: this.sessionId, completed });
    } catch {
      // A closed channel: the other tabs find out at their next request.
    }
  }

  /**
   * Another tab moved this session on: follow it. An ended session goes to
   * its summary; otherwise the item the server now waits for is shown (an
   * answer checked here but not saved is dropped: the other tab's came first).
   * Nothing is sent while a request of this tab is in flight: its own reply
   * (or `not_current_item`) brings it up to date.
   */
  async heard(message) {
    if (!message || message.session !== this.sessionId) return;
    if (!['answering', 'feedback', 'shown', 'error'].includes(this.state)) return;
    this.clearPending();
    if (message.completed) {
      this.storage.remove(ACTIVE_KEY);
      this.set('summary', { summary: null, item: null });
      return;
    }
    await this.load();
    if (this.state === 'answering') this.set('answering', { notice: 'This session moved on in another tab.' });
  }

  set(state, fields = {}) {
    Object.assign(this, fields);
    this.state = state;
    this.onChange(this);
  }

  /** Time on the current item, in milliseconds. */
  elapsed() {
    return this.item ? clamp(this.clock.now() - this.shownAt) : 0;
  }

  get exerciseType() {
    return this.item ? this.item.exercise.type : null;
  }

  /** Whether the current item is graded by the learner (recall, study). */
  get selfGraded() {
    return isSelfGraded(this.exerciseType);
  }

  /**
   * Whether there is an answer to undo: on the feedback screen the one just
   * checked (on screen, not yet saved); on the shown answer the Again just
   * saved; while answering the previous item's.
   */
  get canUndo() {
    if (!this.item) return this.state === 'shown';
    if (this.state === 'feedback' || this.state === 'shown') return true;
    return this.item.index > 1 && this.state === 'answering';
  }

  /** Whether the current item may be skipped (answering, not skipped before). */
  get canSkip() {
    return this.state === 'answering' && !!this.item && !this.skipped.has(this.item.node_id) && !!this.api.skip;
  }

  /** Whether "show answer" is offered (answering an exercise that tests one verse). */
  get canShowAnswer() {
    return this.state === 'answering' && !!this.item && this.exerciseType !== 'study' && this.exerciseType !== 'recite_passage' && !!this.api.showAnswer;
  }

  /**
   * A recited passage: sends the learner's marks (`marks.toJSON()` gives
   * them as the API takes them); the server grades every verse and link.
   * The result is shown as the shown answer is (`shown.passage`), then
   * `continue` goes on. A retry re-sends the same request, key included.
   */
  async submitPassage(marks) {
    if (this.state !== 'answering' || this.exerciseType !== 'recite_passage' || !this.api.submitPassage) return;
    const request = { node_id: this.item.node_id, marks: marks.toJSON(), duration_ms: this.elapsed(), idempotency_key: this.newKey() };
    return this.sendPassage(request);
  }

  async sendPassage(request) {
    this.set('showing', { showRequest: request, error: null, notice: '' });
    let reply;
    try {
      reply = await this.api.submitPassage(this.sessionId, request);
    } catch (error) {
      if (error && error.code === 'not_current_item') return this.load();
      return this.fail(error, () => this.sendPassage(request));
    }
    this.clearPending();
    this.announce();
    this.receipt = reply ? reply.receipt : null;
    this.set('shown', { shown: { passage: reply, next: reply ? reply.next : null }, feedbackAt: this.clock.now() });
  }

  /** Whether the session can be ended from here. */
  get canEnd() {
    return !!this.sessionId && ['answering', 'feedback', 'shown', 'error'].includes(this.state);
  }

  /** Whether a key press now decides on the feedback or shown answer. */
  get armed() {
    return (this.state === 'feedback' || this.state === 'shown') && this.clock.now() >= this.feedbackAt + FEEDBACK_GUARD_MS;
  }

  /**
   * Starts: reconciles the stored session id with the server's active
   * session (the server wins), then practises `pageId` if given, else the
   * server's active session. Resolves to the id practised (or null).
   */
  async start(pageId = null) {
    if (this.state !== 'idle' && this.state !== 'error') return this.sessionId;
    this.set('loading', { error: null });
    const stored = this.storage.get(ACTIVE_KEY);
    let server = null;
    if (this.api.active) {
      try {
        server = await this.api.active();
      } catch (error) {
        // The page's own id is enough to go on; without one, retry.
        if (!pageId) return this.fail(error, () => this.start(pageId));
        server = undefined;
      }
    }
    const serverId = server ? server.id : server === null ? null : undefined;
    if (serverId !== undefined && stored !== serverId) {
      this.storageNote = { stored, server: serverId };
      if (serverId) this.storage.set(ACTIVE_KEY, serverId);
      else this.storage.remove(ACTIVE_KEY);
    }
    const id = pageId || serverId || (serverId === undefined ? stored : null);
    if (!id) {
      this.set('idle', { sessionId: null });
      return null;
    }
    this.sessionId = id;
    this.storage.set(ACTIVE_KEY, id);
    await this.load();
    return id;
  }

  /** Fetches the current item; none left completes the session. */
  async load() {
    this.set('loading', { error: null, notice: '' });
    let item;
    try {
      item = await this.api.next(this.sessionId);
    } catch (error) {
      return this.fail(error, () => this.load());
    }
    if (!item) return this.complete();
    this.show(item);
  }

  show(item) {
    const study = item.exercise.type === 'study' ? { step: 'read', covered: 0, peeked: [] } : null;
    const fields = { item, shownAt: this.clock.now(), revealed: [], revealing: false, answer: null, outcome: null, answerMs: 0, request: null, study, shown: null, showRequest: null };
    const pending = this.readPending();
    if (pending && pending.node_id === item.node_id && !isSelfGraded(item.exercise.type)) {
      // A reload after checking: back to the same feedback.
      this.set('feedback', { ...fields, answer: pending.answer, outcome: pending.outcome, answerMs: pending.duration_ms, feedbackAt: this.clock.now() });
      return;
    }
    this.clearPending();
    this.set('answering', fields);
  }

  readPending() {
    try {
      const pending = JSON.parse(this.storage.get(PENDING_KEY) || 'null');
      return pending && pending.session === this.sessionId ? pending : null;
    } catch {
      return null;
    }
  }

  clearPending() {
    this.storage.remove(PENDING_KEY);
  }

  /** Recall: reveals `count` words (all with `Infinity`). */
  async reveal(count = this.revealed.length + 1) {
    if (this.state !== 'answering' || this.exerciseType !== SELF_GRADED || this.revealing) return;
    const total = this.item.exercise.word_count;
    const want = Math.min(total, count === Infinity ? total : count);
    if (want <= this.revealed.length) return;
    this.set('answering', { revealing: true });
    const item = this.item;
    try {
      const { words } = await this.api.reveal(this.sessionId, item.node_id, want);
      if (this.item !== item) return;
      this.set('answering', { revealed: words, revealing: false });
    } catch (error) {
      this.revealing = false;
      if (error && error.code === 'not_current_item') return this.load();
      this.fail(error, () => {
        this.set('answering');
        return this.reveal(count);
      });
    }
  }

  /** A study item's words (the prompt's, or its text split at spaces). */
  get studyWords() {
    if (this.exerciseType !== 'study') return [];
    const e = this.item.exercise;
    return Array.isArray(e.words) && e.words.length ? e.words : String(e.text || '').split(/\s+/).filter(Boolean);
  }

  /**
   * Whether word `i` of a study item is hidden now: in the cover step the
   * last `covered` words, in the recite step all; a word the learner
   * revealed (peeked) stays shown until the next step.
   */
  studyHidden(i) {
    const s = this.study;
    if (!s || s.peeked.includes(i)) return false;
    const n = this.studyWords.length;
    if (s.step === 'cover') return i >= n - s.covered;
    return s.step === 'recite';
  }

  /**
   * The study item's next step: read → cover (one word hidden) → one more
   * word hidden each time → recite (all hidden). Ignored in the recite step,
   * which ends with a grade.
   */
  studyNext() {
    if (this.state !== 'answering' || !this.study) return;
    const s = this.study;
    const n = this.studyWords.length;
    if (s.step === 'read') this.set('answering', { study: { step: n > 1 ? 'cover' : 'recite', covered: 1, peeked: [] } });
    else if (s.step === 'cover' && s.covered + 1 < n) this.set('answering', { study: { ...s, covered: s.covered + 1, peeked: [] } });
    else if (s.step === 'cover') this.set('answering', { study: { step: 'recite', covered: n, peeked: [] } });
  }

  /** Study: straight to reciting from memory (all words hidden). */
  studyRecite() {
    if (this.state !== 'answering' || !this.study || this.study.step === 'recite') return;
    this.set('answering', { study: { step: 'recite', covered: this.studyWords.length, peeked: [] } });
  }

  /**
   * Study: reveals hidden word `i` (the learner missed it), or, without an
   * index, the first hidden word in reading order. Returns whether one was.
   */
  studyPeek(i = null) {
    if (this.state !== 'answering' || !this.study || this.study.step === 'read') return false;
    const n = this.studyWords.length;
    const at = i === null ? [...Array(n).keys()].find((j) => this.studyHidden(j)) : i;
    if (at === undefined || at < 0 || at >= n || !this.studyHidden(at)) return false;
    this.set('answering', { study: { ...this.study, peeked: [...this.study.peeked, at] } });
    return true;
  }

  /** Checks an answer (`{kind:…}`); ignored unless answering a checked exercise. */
  async check(answer) {
    if (this.state !== 'answering' || this.selfGraded) return;
    const answerMs = this.elapsed();
    return this.sendCheck(answer, answerMs);
  }

  async sendCheck(answer, answerMs) {
    this.set('checking', { answer, answerMs, error: null });
    const item = this.item;
    let outcome;
    try {
      outcome = await this.api.check(this.sessionId, item.node_id, answer, answerMs);
    } catch (error) {
      // Another tab (or device) moved on: take the server's current item.
      if (error && error.code === 'not_current_item') return this.load();
      return this.fail(error, () => this.sendCheck(answer, answerMs));
    }
    this.storage.set(PENDING_KEY, JSON.stringify({ session: this.sessionId, node_id: item.node_id, answer, outcome, duration_ms: answerMs }));
    this.set('feedback', { outcome, feedbackAt: this.clock.now() });
  }

  /** The grade to preselect: the suggested one, if any. */
  get suggested() {
    return this.outcome ? this.outcome.suggested_rating : null;
  }

  /** Whether a grade may be given now (feedback, recall, a study's recite step). */
  get canGrade() {
    if (this.state === 'feedback') return true;
    if (this.state !== 'answering' || !this.selfGraded) return false;
    return !this.study || this.study.step === 'recite';
  }

  /**
   * Submits a grade (1–4): from feedback, or from answering for recall and
   * a study's recite step. A second call while one is in flight is ignored.
   */
  async grade(grade) {
    if (![1, 2, 3, 4].includes(grade)) return;
    const selfGraded = this.selfGraded;
    if (!this.canGrade) return;
    const duration_ms = selfGraded ? this.elapsed() : this.answerMs;
    // One key per answer, made here once: a retry re-sends this request as is.
    const request = { node_id: this.item.node_id, grade, duration_ms, idempotency_key: this.newKey() };
    return this.sendSubmit(request);
  }

  /** Goes on with the preselected grade (Space / Enter in feedback). */
  proceed() {
    if (this.state === 'feedback' && this.suggested) return this.grade(this.suggested);
  }

  /**
   * Whether a key press (`{ repeat, at }`: auto-repeat, and when it went
   * down, in the clock's milliseconds) may decide on the screen shown: on
   * the feedback and the shown answer only a fresh press made
   * FEEDBACK_GUARD_MS after it appeared counts; elsewhere any press that
   * is not an auto-repeat.
   */
  freshKey({ repeat = false, at = this.clock.now() } = {}) {
    if (repeat) return false;
    if (this.state === 'feedback' || this.state === 'shown') return at >= this.feedbackAt + FEEDBACK_GUARD_MS;
    return true;
  }

  /** A grade from a key: as `grade`, unless the press is not fresh (see `freshKey`). */
  gradeKey(grade, press = {}) {
    if (!this.freshKey(press)) return false;
    if (!this.canGrade) return false;
    this.grade(grade);
    return true;
  }

  /** Enter / Space from a key on the feedback or the shown answer: proceed or continue, if fresh. */
  proceedKey(press = {}) {
    if (!this.freshKey(press)) return false;
    if (this.state === 'feedback') {
      this.proceed();
      return true;
    }
    if (this.state === 'shown') {
      this.continue();
      return true;
    }
    return false;
  }

  async sendSubmit(request) {
    this.set('submitting', { request, error: null });
    let reply;
    try {
      reply = await this.api.submit(this.sessionId, request);
    } catch (error) {
      if (error && error.code === 'not_current_item') {
        // Another tab moved on: take the server's current item.
        this.clearPending();
        return this.load();
      }
      // The retry sends this very request, its key included, again: the
      // server recognises it and records the answer once.
      return this.fail(error, () => this.sendSubmit(request));
    }
    this.receipt = reply ? reply.receipt : null;
    this.clearPending();
    this.announce();
    // The server sends the item that now waits with the receipt (`null`
    // when none is left); without it, ask for it.
    if (reply && 'next' in reply) return reply.next ? this.show(reply.next) : this.complete();
    return this.load();
  }

  /**
   * Undoes the answer the learner just gave. On the feedback screen that is
   * the answer on screen, not saved yet: the same item is answered again
   * (the server keeps the last check). Elsewhere the last saved answer is
   * reverted on the server and its item becomes current again.
   */
  async undo() {
    if (!this.canUndo) return;
    if (this.state === 'feedback') {
      this.clearPending();
      this.set('answering', { answer: null, outcome: null, answerMs: 0, request: null, notice: '', shownAt: this.clock.now() });
      return;
    }
    const previous = { state: this.state };
    this.set('loading', { notice: '' });
    let item;
    try {
      item = await this.api.undo(this.sessionId);
    } catch (error) {
      if (error && error.status === 409) {
        this.set(previous.state, { notice: error.message || 'Nothing to undo.' });
        return;
      }
      return this.fail(error, () => this.load());
    }
    this.clearPending();
    this.announce();
    if (!item) return this.load();
    this.show(item);
  }

  /**
   * Skips the current item: it goes to the end of the session (once per
   * item), and the item now current is shown. A second skip of the same
   * item is refused by the server (`already_skipped`): a notice, nothing
   * changes.
   */
  async skip() {
    if (!this.canSkip) {
      if (this.state === 'answering' && this.item && this.skipped.has(this.item.node_id)) this.set('answering', { notice: 'This item was skipped once already: answer it, or show the answer.' });
      return;
    }
    return this.sendSkip(this.item);
  }

  async sendSkip(item) {
    this.set('skipping', { error: null, notice: '' });
    let next;
    try {
      next = await this.api.skip(this.sessionId, item.node_id);
    } catch (error) {
      if (error && error.code === 'already_skipped') {
        this.skipped.add(item.node_id);
        this.set('answering', { notice: error.message || 'This item was skipped once already.' });
        return;
      }
      if (error && error.code === 'not_current_item') return this.load();
      if (error && error.status === 404 && error.code !== 'not_found') {
        this.set('answering', { notice: 'This server cannot skip items.' });
        return;
      }
      return this.fail(error, () => this.sendSkip(item));
    }
    this.skipped.add(item.node_id);
    this.clearPending();
    this.announce();
    if (!next) return this.complete();
    this.show(next);
  }

  /**
   * "I don't know": the answer is recorded as Again (with its relearning
   * copy) and the verse is shown; `continue` goes on. A retry re-sends the
   * same request, key included, so it is recorded once.
   */
  async showAnswer() {
    if (!this.canShowAnswer) return;
    const request = { node_id: this.item.node_id, duration_ms: this.elapsed(), idempotency_key: this.newKey() };
    return this.sendShowAnswer(request);
  }

  async sendShowAnswer(request) {
    this.set('showing', { showRequest: request, error: null, notice: '' });
    let reply;
    try {
      reply = await this.api.showAnswer(this.sessionId, request);
    } catch (error) {
      if (error && error.code === 'not_current_item') {
        this.clearPending();
        return this.load();
      }
      if (error && error.status === 404 && error.code !== 'not_found') {
        this.set('answering', { showRequest: null, notice: 'This server cannot show answers.' });
        return;
      }
      return this.fail(error, () => this.sendShowAnswer(request));
    }
    this.clearPending();
    this.announce();
    this.receipt = reply ? reply.receipt : null;
    this.set('shown', { shown: reply || { verse: null, next: null }, feedbackAt: this.clock.now() });
  }

  /** From the shown answer: the next item (or the summary when none is left). */
  continue() {
    if (this.state !== 'shown') return;
    const next = this.shown && 'next' in this.shown ? this.shown.next : undefined;
    if (next === undefined) return this.load();
    return next ? this.show(next) : this.complete();
  }

  /** Ends the session now: completes it (unreached items skipped) and shows its summary. */
  async end() {
    if (!this.canEnd) return;
    this.retryAction = null;
    return this.complete();
  }

  /** Closes the session and keeps its summary. */
  async complete() {
    this.set('completing', { item: null, error: null, shown: null, study: null });
    let summary;
    try {
      summary = await this.api.complete(this.sessionId);
    } catch (error) {
      return this.fail(error, () => this.complete());
    }
    this.storage.remove(ACTIVE_KEY);
    this.clearPending();
    this.announce(true);
    this.set('summary', { summary });
  }

  fail(error, retry) {
    const status = error && typeof error.status === 'number' ? error.status : 0;
    const code = (error && error.code) || 'network';
    const message = (error && error.message) || 'The request failed.';
    this.set('error', { error: { status, code, message }, retryAction: retry, revealing: false });
  }

  /** Retries the request that failed (a submit is re-sent identically). */
  retry() {
    if (this.state !== 'error' || !this.retryAction) return;
    const action = this.retryAction;
    this.retryAction = null;
    return action();
  }
}
