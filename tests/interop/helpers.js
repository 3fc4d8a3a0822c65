// Shared helpers for the interop tests: a real STOMP client (@stomp/stompjs over `ws`)
// against a running CustomerChat broker.
//
// The broker is found through BROKER_URL (e.g. http://127.0.0.1:5000); test.sh starts one and
// sets it. Every wait here is bounded by a timeout: a broker that never answers makes a test
// fail with a message saying what it waited for, never hang.

import { Client } from '@stomp/stompjs';
import { WebSocket } from 'ws';

export const BROKER_URL = (process.env.BROKER_URL ?? 'http://127.0.0.1:5000').replace(/\/+$/, '');
export const WS_URL = BROKER_URL.replace(/^http/, 'ws') + '/ws';

/** Default bound for one wait (a frame, a receipt, an HTTP answer), in ms. */
export const TIMEOUT_MS = Number(process.env.INTEROP_TIMEOUT_MS ?? 5000);

/** Bound for a whole test; generous, each wait inside has its own bound. */
export const TEST_TIMEOUT_MS = Number(process.env.INTEROP_TEST_TIMEOUT_MS ?? 60000);

export const STOMP_SUBPROTOCOLS = ['v12.stomp', 'v11.stomp', 'v10.stomp'];

/** Demo agents that exist when the broker runs with --environment Development. */
export const DEMO_PASSWORD = 'demo';

// ---------------------------------------------------------------------------------------------
// Small utilities

/**
 * Races `promise` against a timer; the rejection names what was awaited.
 * The timer is cleared either way so it never keeps the process alive.
 */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A unique suffix so tests never see each other's traffic, even on a shared broker. */
export function uniqueName(prefix) {
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

let receiptCounter = 0;
/** A receipt id unique within this process. */
export function newReceiptId(label = 'r') {
  receiptCounter += 1;
  return `${label}-${process.pid}-${receiptCounter}`;
}

/** Parses a message body as JSON (cached on the message); throws with the body on bad JSON. */
export function jsonOf(message) {
  if (!('_json' in message)) {
    try {
      message._json = JSON.parse(message.body);
    } catch (err) {
      throw new Error(`body is not JSON: ${JSON.stringify(message.body)} (${err.message})`);
    }
  }
  return message._json;
}

/** Like jsonOf, but null when the body is not JSON (for use inside predicates). */
export function tryJsonOf(message) {
  try {
    return jsonOf(message);
  } catch {
    return null;
  }
}

/**
 * Compares two message ids of the form `<milliseconds>-<sequence>` (Redis stream id form).
 * Returns <0, 0 or >0 like a sort comparator.
 */
export function compareMessageIds(a, b) {
  const parse = (id) => {
    const m = /^(\d+)-(\d+)$/.exec(id);
    if (!m) throw new Error(`not a <milliseconds>-<sequence> message id: ${JSON.stringify(id)}`);
    return [BigInt(m[1]), BigInt(m[2])];
  };
  const [am, as] = parse(a);
  const [bm, bs] = parse(b);
  if (am !== bm) return am < bm ? -1 : 1;
  if (as !== bs) return as < bs ? -1 : 1;
  return 0;
}

// ---------------------------------------------------------------------------------------------
// HTTP: tokens

async function postJson(path, body) {
  const res = await withTimeout(
    fetch(BROKER_URL + path, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }),
    TIMEOUT_MS,
    `POST ${path}`,
  ).catch((err) => {
    // fetch says only "fetch failed"; the cause (e.g. ECONNREFUSED) is what helps.
    throw new Error(`POST ${BROKER_URL}${path} failed: ${err.cause?.message ?? err.message}`);
  });
  const text = await withTimeout(res.text(), TIMEOUT_MS, `the body of POST ${path}`);
  if (!res.ok) throw new Error(`POST ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text);
}

// Agent tokens are cached per process: the auth endpoints are rate limited per client address,
// and every test here comes from 127.0.0.1. A token lives an hour, far longer than a run.
const agentLogins = new Map();

/** Logs an agent in (POST /api/auth/login); resolves to {token, userId, role, name, expiresAt}. */
export function loginAgent(username, password = DEMO_PASSWORD) {
  if (!agentLogins.has(username)) {
    const login = postJson('/api/auth/login', { username, password });
    // A failed login is not cached, so a later test gets a fresh attempt and its own error.
    login.catch(() => agentLogins.delete(username));
    agentLogins.set(username, login);
  }
  return agentLogins.get(username);
}

/** A new anonymous customer (POST /api/auth/guest); resolves to {token, userId, role, name, expiresAt}. */
export function guestCustomer(name) {
  return postJson('/api/auth/guest', name === undefined ? {} : { name });
}

// ---------------------------------------------------------------------------------------------
// STOMP: a queue of received messages with bounded waits

/**
 * Collects messages (or any items) as they arrive and hands them out to waiters.
 * `next(predicate)` resolves with the first buffered or future item the predicate accepts and
 * removes only that item; items it skips stay for later waits. `all` keeps every item in
 * arrival order, for ordering checks.
 */
export class MessageQueue {
  constructor(label) {
    this.label = label;
    this.all = [];
    this.pending = [];
    this.waiters = [];
    this.watchers = new Set();
  }

  push(item) {
    this.all.push(item);
    for (const watcher of this.watchers) watcher(item);
    const idx = this.waiters.findIndex((w) => safeTest(w.predicate, item));
    if (idx >= 0) {
      const [waiter] = this.waiters.splice(idx, 1);
      waiter.resolve(item);
    } else {
      this.pending.push(item);
    }
  }

  /**
   * Waits for the first item matching `predicate` (default: any), at most `timeoutMs`.
   * `what` describes the wanted item in the timeout message.
   */
  next(predicate = () => true, { timeoutMs = TIMEOUT_MS, what = 'a message' } = {}) {
    const idx = this.pending.findIndex((item) => safeTest(predicate, item));
    if (idx >= 0) {
      const [item] = this.pending.splice(idx, 1);
      return Promise.resolve(item);
    }
    let waiter;
    const found = new Promise((resolve) => {
      waiter = { predicate, resolve };
      this.waiters.push(waiter);
    });
    return withTimeout(found, timeoutMs, `${what} on ${this.label}`).catch((err) => {
      this.waiters = this.waiters.filter((w) => w !== waiter);
      const seen = this.all.map((m) => (m && typeof m.body === 'string' ? m.body : String(m)));
      err.message += `; received so far: ${JSON.stringify(seen).slice(0, 2000)}`;
      throw err;
    });
  }

  /** Calls `fn` with every item pushed from now on, without consuming it; returns an unwatch function. */
  watch(fn) {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }

  /** Waits for the next message whose JSON body has `type` and also passes `where`. */
  nextOfType(type, where = () => true, opts = {}) {
    return this.next(
      (m) => {
        const j = tryJsonOf(m);
        return j !== null && j.type === type && where(j, m);
      },
      { what: `a "${type}" message`, ...opts },
    );
  }
}

// A predicate that throws (e.g. reading a field of null) simply does not match.
function safeTest(predicate, item) {
  try {
    return Boolean(predicate(item));
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// STOMP: a connected session

/**
 * One STOMP connection through @stomp/stompjs, plus what the tests need to observe:
 * the CONNECTED frame, the raw WebSocket (for the negotiated sub-protocol and heart-beats),
 * ERROR frames and the close.
 */
export class Session {
  constructor(label) {
    this.label = label;
    this.client = null;
    this.ws = null;
    this.connectedFrame = null;
    /** ERROR frames received, in order. */
    this.errors = new MessageQueue(`${label} ERROR frames`);
    /** Raw WebSocket messages that were a lone EOL: the server's heart-beats. */
    this.heartbeats = new MessageQueue(`${label} heart-beats`);
    /** MESSAGE frames whose subscription stompjs no longer knows (e.g. after UNSUBSCRIBE). */
    this.unhandledMessages = new MessageQueue(`${label} unhandled MESSAGE frames`);
    this.closed = new Promise((resolve) => {
      this._resolveClosed = resolve;
    });
  }

  /**
   * SUBSCRIBE and wait for the broker's RECEIPT, so the subscription is known to be in place
   * before the test acts. Resolves to a MessageQueue of the subscription's messages, with
   * `.subscription` (the stompjs handle) and `.id`.
   */
  async subscribe(destination, headers = {}) {
    const queue = new MessageQueue(`${this.label} ${destination}`);
    const receipt = newReceiptId('sub');
    const receipted = this.receipt(receipt, `the RECEIPT for SUBSCRIBE ${destination}`);
    queue.subscription = this.client.subscribe(destination, (m) => queue.push(m), { ...headers, receipt });
    queue.id = queue.subscription.id;
    await receipted;
    return queue;
  }

  /** UNSUBSCRIBE and wait for its RECEIPT. */
  async unsubscribe(queue) {
    const receipt = newReceiptId('unsub');
    const receipted = this.receipt(receipt, `the RECEIPT for UNSUBSCRIBE ${queue.id}`);
    queue.subscription.unsubscribe({ receipt });
    await receipted;
  }

  /** A promise for the RECEIPT frame with this id (registers the watcher; call before sending). */
  receipt(receiptId, what = `RECEIPT ${receiptId}`) {
    const got = new Promise((resolve) => this.client.watchForReceipt(receiptId, resolve));
    return withTimeout(got, TIMEOUT_MS, `${what} (${this.label})`);
  }

  /** SEND without a receipt. `body` is a string or an object sent as JSON. */
  send(destination, body, headers = {}) {
    this.client.publish(sendParams(destination, body, headers));
  }

  /**
   * SEND with a `receipt` header and wait for the RECEIPT. If `errorsQueue` (this user's
   * /user/queue/errors subscription) is given, a refusal carrying our receipt-id fails at once
   * with the refusal's code and message instead of waiting for the timeout.
   */
  async sendWithReceipt(destination, body, { headers = {}, errorsQueue } = {}) {
    const receipt = newReceiptId('send');
    const receipted = this.receipt(receipt, `the RECEIPT for SEND ${destination}`);
    this.client.publish(sendParams(destination, body, { ...headers, receipt }));
    if (!errorsQueue) return receipted;

    let unwatch;
    const refused = new Promise((_, reject) => {
      unwatch = errorsQueue.watch((m) => {
        if (m.headers['receipt-id'] === receipt) reject(new Error(`SEND ${destination} was refused: ${m.body}`));
      });
    });
    try {
      return await Promise.race([receipted, refused]);
    } finally {
      unwatch();
    }
  }

  /**
   * DISCONNECT politely (stompjs waits for the RECEIPT, then closes the socket), but never for
   * longer than the timeout: after it the socket is dropped. Safe to call twice.
   */
  async close() {
    if (!this.client) return;
    try {
      await withTimeout(this.client.deactivate(), TIMEOUT_MS, `${this.label} to disconnect`);
    } catch {
      await withTimeout(this.client.deactivate({ force: true }), TIMEOUT_MS, `${this.label} to drop`).catch(() => {});
      this.ws?.terminate();
    }
  }
}

function sendParams(destination, body, headers) {
  if (body instanceof Uint8Array) return { destination, headers, binaryBody: body };
  if (typeof body === 'string') return { destination, headers, body };
  return { destination, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

/** True for a WebSocket message that is only an EOL: a STOMP heart-beat. */
function isHeartbeat(data) {
  const text = typeof data === 'string' ? data : Buffer.from(data).toString('latin1');
  return text === '\n' || text === '\r\n';
}

/**
 * Opens a STOMP session and resolves once CONNECTED arrives. Rejects (and cleans up) on an
 * ERROR frame, on a socket closed or failed before CONNECTED, or after the timeout.
 *
 * options: token (sent as `passcode`), label, heartbeatIncoming/heartbeatOutgoing in ms
 * (default 0: the tests that are not about heart-beats keep the wire quiet), connectHeaders.
 */
export function openSession({
  token,
  label = 'client',
  heartbeatIncoming = 0,
  heartbeatOutgoing = 0,
  connectHeaders,
} = {}) {
  const session = new Session(label);
  const client = new Client({
    brokerURL: WS_URL,
    webSocketFactory: () => {
      const ws = new WebSocket(WS_URL, STOMP_SUBPROTOCOLS, { handshakeTimeout: TIMEOUT_MS });
      ws.addEventListener('message', (ev) => {
        if (isHeartbeat(ev.data)) session.heartbeats.push(Date.now());
      });
      session.ws = ws;
      return ws;
    },
    connectHeaders: connectHeaders ?? { login: 'x', passcode: token },
    reconnectDelay: 0, // a test decides itself when to connect again
    heartbeatIncoming,
    heartbeatOutgoing,
    debug: process.env.INTEROP_DEBUG ? (msg) => console.error(`[${label}] ${msg}`) : () => {},
  });
  session.client = client;

  const connected = new Promise((resolve, reject) => {
    client.onConnect = (frame) => {
      session.connectedFrame = frame;
      resolve(session);
    };
    client.onStompError = (frame) => {
      session.errors.push(frame);
      reject(new Error(`ERROR frame before CONNECTED: message=${JSON.stringify(frame.headers.message)} body=${JSON.stringify(frame.body)}`));
    };
    client.onWebSocketClose = (ev) => {
      session._resolveClosed(ev);
      reject(new Error(`WebSocket closed before CONNECTED (code ${ev?.code}) — is the broker at ${WS_URL}?`));
    };
    client.onWebSocketError = (ev) => {
      reject(new Error(`WebSocket error before CONNECTED: ${ev?.message ?? ev?.error?.message ?? ev}`));
    };
  });

  // After CONNECTED the same callbacks only record: the tests check errors and closes themselves.
  const afterConnect = () => {
    client.onStompError = (frame) => session.errors.push(frame);
    client.onWebSocketClose = (ev) => session._resolveClosed(ev);
    client.onWebSocketError = () => {};
  };
  client.onUnhandledMessage = (m) => session.unhandledMessages.push(m);

  client.activate();
  return withTimeout(connected, TIMEOUT_MS, `CONNECTED (${label} at ${WS_URL})`).then(
    (s) => {
      afterConnect();
      return s;
    },
    async (err) => {
      await session.close();
      throw err;
    },
  );
}

/**
 * openSession, with the session closed when test `t` ends (pass or fail), so no socket outlives
 * its test and the test process exits on its own.
 */
export async function connectFor(t, options) {
  const session = await openSession(options);
  t.after(() => session.close());
  return session;
}
