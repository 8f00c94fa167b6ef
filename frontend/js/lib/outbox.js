// The field page's outbox: every record (patrol, inspection) is stored here first and leaves only
// after the service confirmed it. No DOM and no fetch: storage, sending, clock, ids and timers are
// arguments, so the queue logic runs the same in the page and in a test page.
//
// Each record gets its clientId once, when it is created; every retry sends that same clientId, and
// the service stores a clientId at most once, so a send whose answer was lost is repeated harmlessly.

/** Statuses that mean "this request will never succeed as it is" (validation, not found, too large). */
const RETRYABLE_4XX = new Set([408, 425, 429]);

/** The wait before retry `attempt` (1, 2, ...) in ms: 2 s, 4 s, 8 s ... capped at one minute. */
export function defaultBackoffMs(attempt) {
  return Math.min(60_000, 2_000 * 2 ** Math.max(0, attempt - 1));
}

/**
 * Whether a failed send should be tried again later: a network failure (no status: offline, DNS,
 * connection reset), a server error (5xx) or one of the "try later" 4xx codes. Any other 4xx is a
 * refusal of the record itself; retrying it unchanged would fail forever.
 */
export function isRetryable(error) {
  const status = error && typeof error.status === 'number' ? error.status : null;
  if (status === null) return true;
  if (status >= 500) return true;
  return RETRYABLE_4XX.has(status);
}

/**
 * A storage of the outbox's records under one localStorage key (`storage` is window.localStorage or
 * anything with getItem/setItem). Records are saved after every change, so a closed tab, a reload
 * or a crash loses nothing that was added.
 */
export function localStorageStore(storage, key) {
  return {
    load() {
      try {
        const parsed = JSON.parse(storage.getItem(key) || '[]');
        return Array.isArray(parsed) ? parsed : [];
      } catch {
        return [];
      }
    },
    save(records) {
      storage.setItem(key, JSON.stringify(records));
    },
  };
}

/**
 * Creates an outbox.
 *
 * @param {object} options
 * @param {{load(): object[], save(records: object[]): void}} options.store where records live
 * @param {(record) => Promise<any>} options.send sends one record; resolves with the service's answer
 *        once it confirmed (2xx), rejects otherwise (an error with `status` for an HTTP refusal)
 * @param {() => number} [options.now] the clock in ms
 * @param {() => string} [options.newId] a fresh client id (crypto.randomUUID)
 * @param {(attempt: number) => number} [options.backoffMs] the wait before retry `attempt`
 * @param {(fn, ms) => any} [options.setTimer] / [options.clearTimer] timers for the next retry
 * @param {(error) => void} [options.onStoreError] called when the store refuses a save (quota)
 * @returns the outbox: add, flush, online, retry, discard, records, counts, onChange
 *
 * Records: { clientId, kind, body, priority, createdAt, attempts, nextAttemptAt, state:
 * 'queued'|'rejected', lastError }. A record is sent in order of priority (lower first), then of
 * creation. A retryable failure stops the round (the next record would most likely fail the same
 * way) and schedules the next round after the backoff; a refusal marks the record 'rejected': it
 * stays (nothing is lost) but is not sent again until retry(clientId).
 */
export function createOutbox({
  store, send,
  now = () => Date.now(),
  newId = () => crypto.randomUUID(),
  backoffMs = defaultBackoffMs,
  setTimer = (fn, ms) => setTimeout(fn, ms),
  clearTimer = (handle) => clearTimeout(handle),
  onStoreError = () => {},
}) {
  // Records left by an earlier page load are due at once: the backoff spares the service within one
  // running page, and a page opened again is a new moment to try (often the connection is back).
  let records = store.load().map((r) => (r.state === 'rejected' ? { ...r } : { ...r, state: 'queued', nextAttemptAt: now() }));
  let running = null;
  let timer = null;
  const listeners = new Set();

  function persist() {
    try {
      store.save(records);
    } catch (error) {
      // Storage full or blocked: the records still live in this page and are sent while it is
      // open; the caller is told, so the user can keep the page open until they are out.
      onStoreError(error);
    }
    for (const listener of listeners) listener(snapshot());
  }

  function snapshot() {
    return records.map((r) => ({ ...r, body: r.body }));
  }

  function ordered() {
    return [...records].sort((a, b) => (a.priority - b.priority) || (a.createdAt - b.createdAt) || (a.seq - b.seq));
  }

  function schedule() {
    if (timer !== null) clearTimer(timer);
    timer = null;
    const waiting = records.filter((r) => r.state === 'queued');
    if (waiting.length === 0) return;
    const due = Math.min(...waiting.map((r) => r.nextAttemptAt));
    timer = setTimer(() => { timer = null; flush(); }, Math.max(0, due - now()));
  }

  async function round() {
    for (const record of ordered()) {
      if (record.state !== 'queued' || record.nextAttemptAt > now()) continue;
      if (!records.includes(record)) continue; // discarded while an earlier one was sending
      let answer;
      try {
        answer = await send(record);
      } catch (error) {
        if (!records.includes(record)) continue;
        record.attempts += 1;
        record.lastError = (error && error.message) || String(error);
        record.lastStatus = error && typeof error.status === 'number' ? error.status : null;
        if (isRetryable(error)) {
          record.nextAttemptAt = now() + backoffMs(record.attempts);
          persist();
          return;
        }
        record.state = 'rejected';
        persist();
        continue;
      }
      // Confirmed: only now may the record leave the outbox.
      records = records.filter((r) => r !== record);
      persist();
      for (const listener of sentListeners) listener(record, answer);
    }
  }

  /** Sends every record that is due, one at a time; concurrent calls share one round. */
  function flush() {
    if (running) return running.then(() => (records.some(isDue) ? flush() : undefined));
    running = round().finally(() => {
      running = null;
      schedule();
    });
    return running;
  }

  const isDue = (r) => r.state === 'queued' && r.nextAttemptAt <= now();
  const sentListeners = new Set();
  let seq = records.reduce((max, r) => Math.max(max, r.seq || 0), 0);

  return {
    /**
     * Stores a new record and tries to send it. `body.clientId` is set here when missing, so the
     * caller may refer to the record (e.g. an inspection's patrolClientId) before it is sent.
     */
    add(kind, body, { priority = 1 } = {}) {
      const clientId = body.clientId || newId();
      const record = {
        clientId, kind, body: { ...body, clientId }, priority, createdAt: now(), seq: ++seq,
        attempts: 0, nextAttemptAt: now(), state: 'queued', lastError: null, lastStatus: null,
      };
      records.push(record);
      persist();
      flush();
      return { ...record };
    },
    flush,
    /** The connection is back: whatever waits for a backoff is due now. */
    online() {
      for (const r of records) if (r.state === 'queued') r.nextAttemptAt = Math.min(r.nextAttemptAt, now());
      persist();
      return flush();
    },
    /** Puts a refused record back in the queue (e.g. after the service was fixed). */
    retry(clientId) {
      const record = records.find((r) => r.clientId === clientId);
      if (!record) return false;
      record.state = 'queued';
      record.nextAttemptAt = now();
      persist();
      flush();
      return true;
    },
    /** Drops a record without sending it; only the user decides this. */
    discard(clientId) {
      const before = records.length;
      records = records.filter((r) => r.clientId !== clientId);
      if (records.length !== before) persist();
      return records.length !== before;
    },
    /** A copy of the records in sending order. */
    records: () => ordered().map((r) => ({ ...r })),
    counts: () => ({
      queued: records.filter((r) => r.state === 'queued').length,
      rejected: records.filter((r) => r.state === 'rejected').length,
      sending: running !== null,
    }),
    /** Calls listener(records) after every change. Returns an unsubscribe function. */
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /** Calls listener(record, answer) when the service confirmed a record. */
    onSent(listener) {
      sentListeners.add(listener);
      return () => sentListeners.delete(listener);
    },
  };
}
