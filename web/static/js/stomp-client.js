/**
 * A small STOMP 1.2 client over the browser WebSocket, written for CustomerChat.
 *
 * What it does:
 * - CONNECT with `accept-version: 1.2,1.1,1.0`, the token as `passcode` and `heart-beat: 10000,10000`;
 *   the WebSocket offers the sub-protocols `v12.stomp`, `v11.stomp` and `v10.stomp`.
 * - Parses incoming frames incrementally: several frames in one WebSocket message, one frame spread
 *   over several, EOL heart-beats (LF or CRLF), `content-length` bodies (which may hold NUL bytes),
 *   header escaping per negotiated version, repeated headers (the first one wins).
 * - Heart-beats both ways once negotiated; a server that stays silent for twice its interval is
 *   considered gone and the connection is re-established.
 * - SUBSCRIBE / UNSUBSCRIBE with ids; subscriptions survive reconnects and are sent again.
 * - A subscription created with `{ track: true }` remembers the highest `message-id` it has seen and
 *   re-subscribes with `x-since: <that id>` so the broker replays what was missed, and drops any
 *   message id it has already delivered (the replay and the HTTP history may overlap).
 * - SEND with a `receipt` returns a promise that resolves on the RECEIPT and rejects on an ERROR, on a
 *   refusal (a MESSAGE carrying `receipt-id`, which is how CustomerChat reports non-fatal rejections on
 *   `/user/queue/errors`), on a timeout or when the connection drops first.
 * - `sendMessage` (chat messages and notes): adds a `clientMessageId` (see `newClientMessageId`) to the JSON
 *   body and keeps the message until its RECEIPT: when the connection drops first, it is sent again,
 *   with the same `clientMessageId`, right after the next CONNECTED, so the broker stores it once
 *   (docs/protocol.md §19 "Idempotent sends"). The pages match their pending bubble by that id.
 * - `cursor` subscriptions (`{ track: true, perConversation: true }`) keep the highest message id per
 *   conversation (the message's `conversationId`) and re-subscribe with
 *   `x-since: <conversationId>=<id>,…` (docs/protocol.md §19 "Cursors").
 * - Reconnects with exponential back-off, jitter and a cap. An ERROR that says the token is invalid
 *   or expired stops reconnecting (a new token is needed).
 * - Reports its state through `onStateChange`: `connecting`, `connected`, `reconnecting`, `closed`.
 *
 * No dependencies; works in browsers and in Node (pass `WebSocketImpl`).
 *
 * @module stomp-client
 */

const LF = 0x0a;
const CR = 0x0d;
const NUL = 0x00;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

/** Client states reported through `onStateChange`. */
export const StompState = Object.freeze({
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  RECONNECTING: 'reconnecting',
  CLOSED: 'closed',
});

/**
 * Raised (as a promise rejection) when the broker refuses a frame: an ERROR frame naming the frame's
 * receipt, or a MESSAGE with `receipt-id` on the errors queue.
 */
export class StompRefusal extends Error {
  /**
   * @param {string} message human-readable reason
   * @param {{code?: string, destination?: string, frame?: StompFrame, body?: any, fatal?: boolean}} [details]
   */
  constructor(message, details = {}) {
    super(message);
    this.name = 'StompRefusal';
    /** `forbidden`, `invalid`, `not_found`, `conflict`, `rate_limited`, or `error`, `timeout`, `disconnected`. */
    this.code = details.code ?? 'error';
    this.destination = details.destination;
    this.frame = details.frame;
    this.body = details.body;
    /** True when the broker closes the connection after it (an ERROR frame). */
    this.fatal = details.fatal ?? false;
  }
}

/**
 * A parsed frame. `headers` keeps the first value of each header name; `body` is the decoded text.
 * @typedef {{command: string, headers: Record<string, string>, body: string, bytes: Uint8Array}} StompFrame
 */

/**
 * A new client message id: 1–64 characters of `A-Za-z0-9._:-` (docs/protocol.md §19 "Idempotent sends").
 * @returns {string} e.g. `cm-1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed`
 */
export function newClientMessageId() {
  const uuid = globalThis.crypto?.randomUUID?.()
    ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}-${Math.random().toString(36).slice(2, 12)}`;
  return `cm-${uuid}`;
}

/**
 * Escapes a header name or value for STOMP 1.2 (`\\`, `\n`, `\r`, `:`).
 * CONNECT and CONNECTED headers are never escaped.
 * @param {string} text
 * @returns {string}
 */
export function escapeHeader(text) {
  return String(text).replace(/[\\\n\r:]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\c'));
}

/**
 * Undoes header escaping. STOMP 1.1 has no `\r` escape; 1.0 escapes nothing. An undefined escape
 * sequence is a protocol error.
 * @param {string} text
 * @param {string} version negotiated version (`1.0`, `1.1`, `1.2`)
 * @returns {string}
 */
export function unescapeHeader(text, version = '1.2') {
  if (version === '1.0' || text.indexOf('\\') < 0) return text;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = text[++i];
    if (next === 'n') out += '\n';
    else if (next === 'c') out += ':';
    else if (next === '\\') out += '\\';
    else if (next === 'r' && version === '1.2') out += '\r';
    else throw new Error(`Invalid header escape "\\${next ?? ''}"`);
  }
  return out;
}

/**
 * Compares two message ids of the form `<milliseconds>-<sequence>` (Redis stream ids).
 * Ids that do not have that form compare as strings.
 * @param {string|null|undefined} a
 * @param {string|null|undefined} b
 * @returns {number} negative, zero or positive
 */
export function compareMessageIds(a, b) {
  if (a === b) return 0;
  if (a == null) return -1;
  if (b == null) return 1;
  const pa = /^(\d+)-(\d+)$/.exec(a);
  const pb = /^(\d+)-(\d+)$/.exec(b);
  if (pa && pb) {
    const ma = BigInt(pa[1]);
    const mb = BigInt(pb[1]);
    if (ma !== mb) return ma < mb ? -1 : 1;
    const sa = BigInt(pa[2]);
    const sb = BigInt(pb[2]);
    return sa === sb ? 0 : sa < sb ? -1 : 1;
  }
  return a < b ? -1 : 1;
}

/**
 * Incremental STOMP frame parser. Feed it bytes with `push`; it calls `onFrame` for every complete
 * frame and `onHeartbeat` for every EOL between frames, and keeps an incomplete tail for the next push.
 */
export class StompFrameParser {
  /**
   * @param {(frame: StompFrame) => void} onFrame
   * @param {() => void} [onHeartbeat]
   * @param {{maxFrameBytes?: number}} [options]
   */
  constructor(onFrame, onHeartbeat = () => {}, options = {}) {
    this.onFrame = onFrame;
    this.onHeartbeat = onHeartbeat;
    this.maxFrameBytes = options.maxFrameBytes ?? 4 * 1024 * 1024;
    /** Negotiated version; decides how header values are unescaped. */
    this.version = '1.2';
    /** @type {Uint8Array} */
    this.buffer = new Uint8Array(0);
  }

  /**
   * Adds received data (a string from a text message, or bytes from a binary one) and emits frames.
   * @param {string|ArrayBuffer|Uint8Array} data
   */
  push(data) {
    const chunk = typeof data === 'string' ? encoder.encode(data) : data instanceof Uint8Array ? data : new Uint8Array(data);
    if (this.buffer.length === 0) {
      this.buffer = chunk;
    } else {
      const joined = new Uint8Array(this.buffer.length + chunk.length);
      joined.set(this.buffer, 0);
      joined.set(chunk, this.buffer.length);
      this.buffer = joined;
    }
    let pos = 0;
    const buf = this.buffer;
    for (;;) {
      // Heart-beats: EOL = [CR] LF between frames.
      while (pos < buf.length && (buf[pos] === LF || (buf[pos] === CR && buf[pos + 1] === LF))) {
        pos += buf[pos] === CR ? 2 : 1;
        this.onHeartbeat();
      }
      if (pos >= buf.length || (buf[pos] === CR && pos + 1 === buf.length)) break;
      const result = this.#parseFrame(buf, pos);
      if (result === null) break; // incomplete: wait for more bytes
      pos = result.next;
      this.onFrame(result.frame);
    }
    this.buffer = pos >= buf.length ? new Uint8Array(0) : buf.slice(pos);
    if (this.buffer.length > this.maxFrameBytes) {
      throw new Error(`Incoming frame larger than ${this.maxFrameBytes} bytes`);
    }
  }

  /**
   * Parses one frame starting at `start`; returns null when the frame is not complete yet.
   * frame = command EOL *(header EOL) EOL *OCTET NULL
   * @param {Uint8Array} buf
   * @param {number} start
   * @returns {{frame: StompFrame, next: number} | null}
   */
  #parseFrame(buf, start) {
    let pos = start;
    const readLine = () => {
      const lf = buf.indexOf(LF, pos);
      if (lf < 0) return null;
      const end = lf > pos && buf[lf - 1] === CR ? lf - 1 : lf;
      const line = decoder.decode(buf.subarray(pos, end));
      pos = lf + 1;
      return line;
    };
    const command = readLine();
    if (command === null) return null;
    const escaped = command !== 'CONNECTED' && command !== 'CONNECT';
    /** @type {Record<string, string>} */
    const headers = Object.create(null);
    for (;;) {
      const line = readLine();
      if (line === null) return null;
      if (line === '') break;
      const colon = line.indexOf(':');
      if (colon < 0) throw new Error(`Malformed header line "${line}"`);
      const name = escaped ? unescapeHeader(line.slice(0, colon), this.version) : line.slice(0, colon);
      const value = escaped ? unescapeHeader(line.slice(colon + 1), this.version) : line.slice(colon + 1);
      if (!(name in headers)) headers[name] = value; // repeated header: the first wins
    }
    let bodyEnd;
    if (headers['content-length'] !== undefined && /^\d+$/.test(headers['content-length'])) {
      bodyEnd = pos + Number(headers['content-length']);
      if (buf.length < bodyEnd + 1) return null;
      if (buf[bodyEnd] !== NUL) throw new Error('Frame body longer than its content-length');
    } else {
      bodyEnd = buf.indexOf(NUL, pos);
      if (bodyEnd < 0) return null;
    }
    const bytes = buf.slice(pos, bodyEnd);
    return { frame: { command, headers, body: decoder.decode(bytes), bytes }, next: bodyEnd + 1 };
  }
}

/**
 * Serializes a frame. Header names and values are escaped except on CONNECT/STOMP; a body gets a
 * `content-length` in bytes.
 * @param {string} command
 * @param {Record<string, string|number|undefined|null>} headers
 * @param {string} [body]
 * @returns {string}
 */
export function serializeFrame(command, headers, body = '') {
  const escape = command === 'CONNECT' || command === 'STOMP' ? (s) => String(s) : escapeHeader;
  let out = command + '\n';
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || value === null) continue;
    out += escape(name) + ':' + escape(value) + '\n';
  }
  if (body.length > 0 && headers['content-length'] === undefined) {
    out += 'content-length:' + encoder.encode(body).length + '\n';
  }
  return out + '\n' + body + '\0';
}

/**
 * One subscription. Kept across reconnects.
 */
class Subscription {
  /**
   * @param {StompClient} client
   * @param {string} id
   * @param {string} destination
   * @param {(message: StompMessage) => void} callback
   * @param {{headers?: Record<string,string>, track?: boolean, since?: string|null}} options
   */
  constructor(client, id, destination, callback, options) {
    this.client = client;
    this.id = id;
    this.destination = destination;
    this.callback = callback;
    this.headers = { ...(options.headers ?? {}) };
    /** Whether message ids are tracked for `x-since` recovery and de-duplication. */
    this.track = options.track === true;
    /** Highest message id seen (or given as a starting point); sent as `x-since` on (re)subscribe. */
    this.lastId = options.since ?? null;
    /**
     * With `perConversation: true`: the highest id per conversation (`conversationId` → id), sent as
     * `x-since: <conversationId>=<id>,…` instead of one id, since ids of different streams can interleave.
     * @type {Map<string, string>|null}
     */
    this.cursors = options.perConversation === true ? new Map() : null;
    /** @type {Set<string>} ids already delivered (bounded, oldest dropped first). */
    this.seen = new Set();
    this.maxSeen = 10000;
    this.active = true;
  }

  /**
   * Records a message id as already known (for example one loaded over HTTP), so the same id arriving
   * over STOMP is dropped and recovery starts after it.
   * @param {string} id
   * @returns {boolean} true when the id was new
   */
  noteSeen(id, conversationId) {
    if (!id) return false;
    const key = conversationId ? `${conversationId}\u0000${id}` : id;
    if (this.seen.has(key)) return false;
    this.seen.add(key);
    if (this.seen.size > this.maxSeen) this.seen.delete(this.seen.values().next().value);
    if (compareMessageIds(id, this.lastId) > 0) this.lastId = id;
    if (this.cursors && conversationId && compareMessageIds(id, this.cursors.get(conversationId)) > 0) {
      this.cursors.set(conversationId, id);
    }
    return true;
  }

  /**
   * The `x-since` header value for the next SUBSCRIBE, or null: `<conversationId>=<id>,…` for a
   * per-conversation subscription that knows a cursor, else the highest id seen.
   * @returns {string|null}
   */
  sinceHeader() {
    if (this.cursors && this.cursors.size > 0) {
      return [...this.cursors].map(([conversation, id]) => `${conversation}=${id}`).join(',');
    }
    return this.lastId;
  }

  /** Stops the subscription (UNSUBSCRIBE when connected) and forgets it. */
  unsubscribe() {
    this.client.unsubscribe(this);
  }
}

/**
 * A received MESSAGE.
 * @typedef {{headers: Record<string,string>, body: string, id: string|undefined, destination: string,
 *   subscription: Subscription, json: () => any, receiptRejected: boolean}} StompMessage
 */

/**
 * STOMP 1.2 client over a WebSocket, with reconnects.
 *
 * @example
 * const client = new StompClient({ url: 'ws://localhost:5000/ws', token, onStateChange: s => console.log(s) });
 * client.subscribe('/user/queue/messages', m => render(m.json()), { track: true });
 * client.connect();
 * await client.send('/chat/message', { message: 'Hello' });
 */
export class StompClient {
  /**
   * @param {object} options
   * @param {string} options.url WebSocket URL, e.g. `wss://host/ws`
   * @param {string | (() => string | Promise<string>)} options.token the bearer token, or a function
   *   returning it (called before every connection attempt)
   * @param {string} [options.login] CONNECT `login` header (any value; the broker ignores it)
   * @param {string} [options.host] CONNECT `host` header (defaults to the URL's host)
   * @param {[number, number]} [options.heartbeat] [outgoing, incoming] ms, default [10000, 10000]
   * @param {{initialDelay?: number, maxDelay?: number, factor?: number, jitter?: number}} [options.reconnect]
   * @param {number} [options.receiptTimeout] ms to wait for a RECEIPT, default 15000
   * @param {number} [options.connectTimeout] ms to wait for CONNECTED, default 10000
   * @param {(state: string, info?: {attempt?: number, delay?: number, reason?: string}) => void} [options.onStateChange]
   * @param {(frame: StompFrame) => void} [options.onConnected] called after every CONNECTED (once subscriptions are re-sent)
   * @param {(error: StompRefusal) => void} [options.onError] ERROR frames and transport failures
   * @param {(error: StompRefusal) => boolean} [options.isFatal] whether an ERROR stops reconnecting
   *   (default: `unauthorized`, `token expired`, invalid token)
   * @param {(direction: '>>'|'<<', text: string) => void} [options.debug]
   * @param {typeof WebSocket} [options.WebSocketImpl]
   */
  constructor(options) {
    this.options = options;
    this.url = options.url;
    this.heartbeat = options.heartbeat ?? [10000, 10000];
    this.reconnectOptions = { initialDelay: 500, maxDelay: 30000, factor: 2, jitter: 0.3, ...(options.reconnect ?? {}) };
    this.receiptTimeout = options.receiptTimeout ?? 15000;
    this.connectTimeout = options.connectTimeout ?? 10000;
    this.WebSocketImpl = options.WebSocketImpl ?? globalThis.WebSocket;
    /** @type {Map<string, Subscription>} */
    this.subscriptions = new Map();
    /** @type {Map<string, {resolve: Function, reject: Function, timer: any, destination?: string}>} */
    this.pendingReceipts = new Map();
    this.nextSubscriptionId = 0;
    this.nextReceiptId = 0;
    /**
     * Messages sent with `sendMessage` and not receipted yet, by client message id (resent after a reconnect).
     * @type {Map<string, {destination: string, body: any, resolve: Function, reject: Function, inFlight: boolean}>}
     */
    this.outbox = new Map();
    /** @type {WebSocket|null} */
    this.ws = null;
    this.attempt = 0;
    this.reconnectTimer = null;
    this.connectTimer = null;
    this.heartbeatTimer = null;
    this.lastReceived = 0;
    this.lastSent = 0;
    this.version = null;
    /** CONNECTED headers of the current connection (`user-name`, `session`, `server`, …). */
    this.connectedHeaders = null;
    this.wanted = false;
    this._state = StompState.CLOSED;
    this.everConnected = false;
    this._onOnline = () => {
      if (this.wanted && this._state === StompState.RECONNECTING && this.reconnectTimer) {
        clearTimeout(this.reconnectTimer);
        this.reconnectTimer = null;
        this.#open();
      }
    };
  }

  /** Current state: `connecting`, `connected`, `reconnecting` or `closed`. */
  get state() {
    return this._state;
  }

  /** True while a STOMP session is established. */
  get connected() {
    return this._state === StompState.CONNECTED;
  }

  /**
   * Opens the connection (and keeps it open, reconnecting as needed, until `disconnect`).
   */
  connect() {
    if (this.wanted) return;
    this.wanted = true;
    this.attempt = 0;
    globalThis.addEventListener?.('online', this._onOnline);
    this.#setState(StompState.CONNECTING);
    this.#open();
  }

  /**
   * Closes the connection gracefully (DISCONNECT with a receipt, bounded wait) and stops reconnecting.
   * @returns {Promise<void>}
   */
  async disconnect() {
    this.wanted = false;
    globalThis.removeEventListener?.('online', this._onOnline);
    clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    const ws = this.ws;
    if (ws && this._state === StompState.CONNECTED) {
      try {
        await Promise.race([
          this.#sendWithReceipt('DISCONNECT', {}, ''),
          new Promise((resolve) => setTimeout(resolve, 2000)),
        ]);
      } catch {
        /* closing anyway */
      }
    }
    this.#teardown('disconnected by the client');
    this.#rejectOutbox('Disconnected before the server confirmed');
    this.#setState(StompState.CLOSED, { reason: 'disconnected' });
  }

  /**
   * Subscribes to a destination. The subscription is kept (and re-sent) across reconnects.
   * @param {string} destination
   * @param {(message: StompMessage) => void} callback
   * @param {{headers?: Record<string,string>, track?: boolean, since?: string|null}} [options]
   *   `track: true` enables `x-since` recovery and de-duplication by message id; `since` is the id to
   *   resume after on the first SUBSCRIBE (for example the last id loaded over HTTP).
   * @returns {Subscription}
   */
  subscribe(destination, callback, options = {}) {
    const id = `sub-${this.nextSubscriptionId++}`;
    const sub = new Subscription(this, id, destination, callback, options);
    this.subscriptions.set(id, sub);
    if (this.connected) this.#sendSubscribe(sub);
    return sub;
  }

  /**
   * Ends a subscription.
   * @param {Subscription} sub
   */
  unsubscribe(sub) {
    if (!sub.active) return;
    sub.active = false;
    this.subscriptions.delete(sub.id);
    if (this.connected) this.#transmit('UNSUBSCRIBE', { id: sub.id });
  }

  /**
   * Sends a frame to a destination. Objects are sent as JSON.
   * With a receipt (the default) the promise resolves when the broker confirms the frame and rejects
   * with a {@link StompRefusal} when it is refused, times out or the connection drops first.
   * @param {string} destination
   * @param {any} body a string, or an object serialized as JSON
   * @param {{headers?: Record<string,string>, receipt?: boolean, contentType?: string}} [options]
   * @returns {Promise<StompFrame|undefined>}
   */
  send(destination, body, options = {}) {
    if (!this.connected) {
      return Promise.reject(new StompRefusal('Not connected', { code: 'disconnected', destination }));
    }
    const isText = typeof body === 'string';
    const text = isText ? body : JSON.stringify(body);
    const headers = {
      destination,
      'content-type': options.contentType ?? (isText ? 'text/plain;charset=utf-8' : 'application/json;charset=utf-8'),
      ...(options.headers ?? {}),
    };
    if (options.receipt === false) {
      this.#transmit('SEND', headers, text);
      return Promise.resolve(undefined);
    }
    return this.#sendWithReceipt('SEND', headers, text, destination);
  }

  /**
   * Sends a chat message or note (a JSON object) that must arrive once: the body gets a
   * `clientMessageId` (the one given, else a new one) and is kept until its RECEIPT. When the connection
   * drops before the RECEIPT, it is sent again with the same `clientMessageId` after the next CONNECTED
   * (the broker answers a resend without storing it twice). Rejects on a refusal, or when the client is
   * disconnected by `disconnect()`.
   * @param {string} destination e.g. `/chat/message`
   * @param {object} body the JSON body
   * @returns {{clientMessageId: string, done: Promise<StompFrame|undefined>}}
   */
  sendMessage(destination, body) {
    const clientMessageId = body.clientMessageId ?? newClientMessageId();
    const payload = { ...body, clientMessageId };
    const done = new Promise((resolve, reject) => {
      this.outbox.set(clientMessageId, { destination, body: payload, resolve, reject, inFlight: false });
    });
    if (this.connected) this.#flushOne(clientMessageId);
    return { clientMessageId, done };
  }

  /** The client message ids sent with `sendMessage` and not receipted yet. */
  get unreceipted() {
    return [...this.outbox.keys()];
  }

  // ---- internals -------------------------------------------------------------------------------

  #flushOne(clientMessageId) {
    const entry = this.outbox.get(clientMessageId);
    if (!entry || entry.inFlight) return;
    entry.inFlight = true;
    this.send(entry.destination, entry.body).then(
      (frame) => {
        this.outbox.delete(clientMessageId);
        entry.resolve(frame);
      },
      (error) => {
        entry.inFlight = false;
        // Lost with the connection (or not confirmed in time): kept, and sent again after the next CONNECTED.
        if (this.wanted && (error?.code === 'disconnected' || error?.code === 'timeout')) return;
        this.outbox.delete(clientMessageId);
        entry.reject(error);
      },
    );
  }

  #flushOutbox() {
    for (const clientMessageId of [...this.outbox.keys()]) this.#flushOne(clientMessageId);
  }

  #rejectOutbox(reason) {
    for (const [clientMessageId, entry] of this.outbox) {
      this.outbox.delete(clientMessageId);
      entry.reject(new StompRefusal(reason, { code: 'disconnected', destination: entry.destination }));
    }
  }

  #setState(state, info = {}) {
    if (this._state === state && info.attempt === undefined) return; // retries are reported each time
    this._state = state;
    try {
      this.options.onStateChange?.(state, info);
    } catch (e) {
      console.error(e);
    }
  }

  #sendWithReceipt(command, headers, body, destination) {
    const receipt = `rcpt-${this.nextReceiptId++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pendingReceipts.delete(receipt);
        reject(new StompRefusal('The server did not confirm in time', { code: 'timeout', destination }));
      }, this.receiptTimeout);
      this.pendingReceipts.set(receipt, { resolve, reject, timer, destination });
      try {
        this.#transmit(command, { ...headers, receipt }, body);
      } catch (e) {
        clearTimeout(timer);
        this.pendingReceipts.delete(receipt);
        reject(e);
      }
    });
  }

  async #open() {
    if (!this.wanted) return;
    let token;
    try {
      token = typeof this.options.token === 'function' ? await this.options.token() : this.options.token;
    } catch (e) {
      this.#fail(new StompRefusal(`No token: ${e.message}`, { code: 'unauthorized', fatal: true }));
      return;
    }
    if (!this.wanted) return;
    let ws;
    try {
      ws = new this.WebSocketImpl(this.url, ['v12.stomp', 'v11.stomp', 'v10.stomp']);
    } catch (e) {
      this.#scheduleReconnect(`cannot open the WebSocket: ${e.message}`);
      return;
    }
    ws.binaryType = 'arraybuffer';
    this.ws = ws;
    const parser = new StompFrameParser(
      (frame) => this.#onFrame(frame, parser),
      () => {},
    );
    this.connectTimer = setTimeout(() => {
      if (this.ws === ws && this._state !== StompState.CONNECTED) {
        this.#debug('<<', '(no CONNECTED in time)');
        ws.close();
      }
    }, this.connectTimeout);
    ws.onopen = () => {
      let host = this.options.host;
      if (!host) {
        try {
          host = new URL(this.url).hostname;
        } catch {
          host = 'localhost';
        }
      }
      this.#transmit('CONNECT', {
        'accept-version': '1.2,1.1,1.0',
        host,
        login: this.options.login ?? 'token',
        passcode: token,
        'heart-beat': `${this.heartbeat[0]},${this.heartbeat[1]}`,
      });
    };
    ws.onmessage = (event) => {
      if (this.ws !== ws) return;
      this.lastReceived = Date.now();
      try {
        parser.push(event.data);
      } catch (e) {
        this.#debug('<<', `(unparseable data: ${e.message})`);
        this.options.onError?.(new StompRefusal(`Bad data from the server: ${e.message}`, { code: 'protocol', fatal: true }));
        ws.close();
      }
    };
    ws.onerror = () => {
      /* a close event follows */
    };
    ws.onclose = (event) => {
      if (this.ws !== ws) return;
      this.#teardown(`connection closed (${event.code})`);
      if (this.wanted) this.#scheduleReconnect(`connection closed (${event.code}${event.reason ? ': ' + event.reason : ''})`);
    };
  }

  #onFrame(frame, parser) {
    this.#debug('<<', `${frame.command} ${JSON.stringify(frame.headers)} ${frame.body.length > 500 ? frame.body.slice(0, 500) + '…' : frame.body}`);
    switch (frame.command) {
      case 'CONNECTED':
        this.#onConnected(frame, parser);
        break;
      case 'MESSAGE':
        this.#onMessage(frame);
        break;
      case 'RECEIPT': {
        const pending = this.pendingReceipts.get(frame.headers['receipt-id']);
        if (pending) {
          this.pendingReceipts.delete(frame.headers['receipt-id']);
          clearTimeout(pending.timer);
          pending.resolve(frame);
        }
        break;
      }
      case 'ERROR':
        this.#onErrorFrame(frame);
        break;
      default:
        this.#debug('<<', `(ignored ${frame.command})`);
    }
  }

  #onConnected(frame, parser) {
    clearTimeout(this.connectTimer);
    this.version = frame.headers.version ?? '1.0';
    parser.version = this.version;
    this.connectedHeaders = frame.headers;
    this.attempt = 0;
    // Heart-beat negotiation: client cx,cy / server sx,sy.
    const [sx, sy] = (frame.headers['heart-beat'] ?? '0,0').split(',').map((n) => Number(n) || 0);
    const [cx, cy] = this.heartbeat;
    const outgoing = cx && sy ? Math.max(cx, sy) : 0;
    const incoming = cy && sx ? Math.max(cy, sx) : 0;
    this.lastReceived = Date.now();
    this.lastSent = Date.now();
    clearInterval(this.heartbeatTimer);
    if (outgoing || incoming) {
      const tick = Math.max(250, Math.min(outgoing || Infinity, incoming || Infinity) / 2);
      this.heartbeatTimer = setInterval(() => {
        const now = Date.now();
        if (outgoing && now - this.lastSent >= outgoing * 0.9) this.#raw('\n');
        if (incoming && now - this.lastReceived > incoming * 2 + 1000) {
          this.#debug('<<', '(server heart-beat missed; reconnecting)');
          this.ws?.close();
          // Browsers may take long to report a dead socket: act now.
          const ws = this.ws;
          this.#teardown('heart-beat missed');
          if (ws && this.wanted) this.#scheduleReconnect('heart-beat missed');
        }
      }, tick);
    }
    for (const sub of this.subscriptions.values()) this.#sendSubscribe(sub);
    this.everConnected = true;
    this.#setState(StompState.CONNECTED);
    this.#flushOutbox();
    try {
      this.options.onConnected?.(frame);
    } catch (e) {
      console.error(e);
    }
  }

  #onMessage(frame) {
    const sub = this.subscriptions.get(frame.headers.subscription);
    const id = frame.headers['message-id'];
    let receiptRejected = false;
    const receiptId = frame.headers['receipt-id'];
    if (receiptId && this.pendingReceipts.has(receiptId)) {
      const pending = this.pendingReceipts.get(receiptId);
      this.pendingReceipts.delete(receiptId);
      clearTimeout(pending.timer);
      let body = null;
      try {
        body = JSON.parse(frame.body);
      } catch {
        /* not JSON */
      }
      pending.reject(
        new StompRefusal(body?.message ?? 'Refused by the server', {
          code: body?.code ?? 'error',
          destination: body?.destination ?? pending.destination,
          frame,
          body,
        }),
      );
      receiptRejected = true;
    }
    if (!sub || !sub.active) return;
    if (sub.track && id) {
      let conversationId;
      if (sub.cursors) {
        try {
          conversationId = JSON.parse(frame.body)?.conversationId;
        } catch {
          /* not a chat message */
        }
      }
      if (!sub.noteSeen(id, conversationId)) return; // duplicate (replay overlap or HTTP history): drop
    }
    let parsed;
    let parsedOnce = false;
    /** @type {StompMessage} */
    const message = {
      headers: frame.headers,
      body: frame.body,
      id,
      destination: frame.headers.destination,
      subscription: sub,
      receiptRejected,
      json() {
        if (!parsedOnce) {
          parsed = JSON.parse(frame.body);
          parsedOnce = true;
        }
        return parsed;
      },
    };
    try {
      sub.callback(message);
    } catch (e) {
      console.error('Subscription callback failed', e);
    }
    if (sub.headers.ack && sub.headers.ack !== 'auto' && frame.headers.ack) {
      this.#transmit('ACK', { id: frame.headers.ack });
    }
  }

  #onErrorFrame(frame) {
    const message = frame.headers.message ?? (frame.body || 'Server error');
    const error = new StompRefusal(message, { code: 'error', frame, fatal: true });
    const receiptId = frame.headers['receipt-id'];
    const pending = receiptId ? this.pendingReceipts.get(receiptId) : undefined;
    if (pending) {
      this.pendingReceipts.delete(receiptId);
      clearTimeout(pending.timer);
      pending.reject(error);
    }
    try {
      this.options.onError?.(error);
    } catch (e) {
      console.error(e);
    }
    const isFatal = this.options.isFatal ?? ((e) => /unauthori[sz]ed|token expired|invalid token|expired token/i.test(e.message));
    if (isFatal(error)) {
      this.wanted = false;
      this.#teardown(message);
      this.#rejectOutbox(message);
      this.#setState(StompState.CLOSED, { reason: message });
    }
    // Otherwise the server closes the socket; onclose schedules the reconnect.
  }

  #sendSubscribe(sub) {
    const headers = { id: sub.id, destination: sub.destination, ack: 'auto', ...sub.headers };
    const since = sub.track ? sub.sinceHeader() : null;
    if (since) headers['x-since'] = since;
    this.#transmit('SUBSCRIBE', headers);
  }

  #transmit(command, headers, body = '') {
    const text = serializeFrame(command, headers, body);
    this.#debug('>>', command === 'CONNECT' ? text.replace(/passcode:[^\n]*/, 'passcode:***') : text);
    this.#raw(text);
  }

  #raw(text) {
    if (!this.ws || this.ws.readyState !== 1) throw new StompRefusal('Not connected', { code: 'disconnected' });
    this.ws.send(text);
    this.lastSent = Date.now();
  }

  #teardown(reason) {
    clearTimeout(this.connectTimer);
    clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.onopen = ws.onmessage = ws.onerror = ws.onclose = null;
      try {
        if (ws.readyState === 0 || ws.readyState === 1) ws.close();
      } catch {
        /* ignore */
      }
    }
    for (const [id, pending] of this.pendingReceipts) {
      clearTimeout(pending.timer);
      pending.reject(new StompRefusal(`Connection lost before the server confirmed (${reason})`, { code: 'disconnected', destination: pending.destination }));
      this.pendingReceipts.delete(id);
    }
  }

  #fail(error) {
    this.wanted = false;
    this.options.onError?.(error);
    this.#teardown(error.message);
    this.#rejectOutbox(error.message);
    this.#setState(StompState.CLOSED, { reason: error.message });
  }

  #scheduleReconnect(reason) {
    if (!this.wanted || this.reconnectTimer) return;
    const { initialDelay, maxDelay, factor, jitter } = this.reconnectOptions;
    const base = Math.min(maxDelay, initialDelay * Math.pow(factor, this.attempt));
    const delay = Math.round(Math.min(maxDelay, base * (1 - jitter + Math.random() * 2 * jitter)));
    this.attempt++;
    this.#setState(this.everConnected ? StompState.RECONNECTING : StompState.CONNECTING, { attempt: this.attempt, delay, reason });
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.#open();
    }, delay);
  }

  #debug(direction, text) {
    this.options.debug?.(direction, text);
  }
}
