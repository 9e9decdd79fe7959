// The session state machine: no DOM, no framework, so `node --test` runs it.
//
// States: idle → loading → answering → (checking →) feedback → submitting →
// answering (the next item, sent with the receipt; loading when it is not)
// … → completing → summary; error (with retry) from any request. `api` returns promises (next, reveal, check, submit, undo,
// complete, and optionally active), `storage` is localStorage-like
// (get/set/remove), `clock.now()` gives milliseconds.

export const ACTIVE_KEY = 'iqrah.activeSession';
export const PENDING_KEY = 'iqrah.pendingCheck';
/** The longest answer time the server accepts (one hour). */
export const MAX_DURATION_MS = 3600000;
/** The exercise that the learner grades themself. */
export const SELF_GRADED = 'recall';

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
  constructor({ api, storage, clock = { now: () => Date.now() }, onChange = () => {}, newKey = newAnswerKey }) {
    this.api = api;
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

  /** Whether an answer has been given (there is something to undo). */
  get canUndo() {
    return !!this.item && this.item.index > 1 && (this.state === 'answering' || this.state === 'feedback');
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
    const fields = { item, shownAt: this.clock.now(), revealed: [], revealing: false, answer: null, outcome: null, answerMs: 0, request: null };
    const pending = this.readPending();
    if (pending && pending.node_id === item.node_id && item.exercise.type !== SELF_GRADED) {
      // A reload after checking: back to the same feedback.
      this.set('feedback', { ...fields, answer: pending.answer, outcome: pending.outcome, answerMs: pending.duration_ms });
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
      this.fail(error, () => {
        this.set('answering');
        return this.reveal(count);
      });
    }
  }

  /** Checks an answer (`{kind:…}`); ignored unless answering a checked exercise. */
  async check(answer) {
    if (this.state !== 'answering' || this.exerciseType === SELF_GRADED) return;
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
      return this.fail(error, () => this.sendCheck(answer, answerMs));
    }
    this.storage.set(PENDING_KEY, JSON.stringify({ session: this.sessionId, node_id: item.node_id, answer, outcome, duration_ms: answerMs }));
    this.set('feedback', { outcome });
  }

  /** The grade to preselect: the suggested one, if any. */
  get suggested() {
    return this.outcome ? this.outcome.suggested_rating : null;
  }

  /**
   * Submits a grade (1–4): from feedback, or from answering for recall.
   * A second call while one is in flight is ignored.
   */
  async grade(grade) {
    if (![1, 2, 3, 4].includes(grade)) return;
    const selfGraded = this.exerciseType === SELF_GRADED;
    if (!(this.state === 'feedback' || (this.state === 'answering' && selfGraded))) return;
    const duration_ms = selfGraded ? this.elapsed() : this.answerMs;
    // One key per answer, made here once: a retry re-sends this request as is.
    const request = { node_id: this.item.node_id, grade, duration_ms, idempotency_key: this.newKey() };
    return this.sendSubmit(request);
  }

  /** Goes on with the preselected grade (Space / Enter in feedback). */
  proceed() {
    if (this.state === 'feedback' && this.suggested) return this.grade(this.suggested);
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
    // The server sends the item that now waits with the receipt (`null`
    // when none is left); without it, ask for it.
    if (reply && 'next' in reply) return reply.next ? this.show(reply.next) : this.complete();
    return this.load();
  }

  /** Reverts the last answer; the item answered last becomes current again. */
  async undo() {
    if (!this.canUndo) return;
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
    if (!item) return this.load();
    this.show(item);
  }

  /** Closes the session and keeps its summary. */
  async complete() {
    this.set('completing', { item: null, error: null });
    let summary;
    try {
      summary = await this.api.complete(this.sessionId);
    } catch (error) {
      return this.fail(error, () => this.complete());
    }
    this.storage.remove(ACTIVE_KEY);
    this.clearPending();
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
