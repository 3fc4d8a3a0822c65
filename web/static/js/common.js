/**
 * Helpers shared by the customer page and the agent console: HTTP calls, session storage, DOM
 * building (text only, never HTML), the message list, the composer and typing notifications.
 *
 * Every text that a user typed is put into the page with `textContent`; nothing here uses innerHTML.
 *
 * @module common
 */

import { compareMessageIds } from './stomp-client.js';

/** Largest chat message, in Unicode code points. */
export const MAX_MESSAGE_CODE_POINTS = 4000;

/** The WebSocket endpoint of the broker that served this page. */
export function webSocketUrl() {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/** Error thrown by {@link api} for a non-2xx answer. */
export class ApiError extends Error {
  /**
   * @param {number} status
   * @param {string} message
   */
  constructor(status, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

/**
 * Calls the broker's HTTP API with JSON in and out.
 * @param {string} path
 * @param {{method?: string, body?: any, token?: string, signal?: AbortSignal}} [options]
 * @returns {Promise<any>}
 */
export async function api(path, options = {}) {
  const headers = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  let response;
  try {
    response = await fetch(path, {
      method: options.method ?? (options.body !== undefined ? 'POST' : 'GET'),
      headers,
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (e) {
    throw new ApiError(0, 'The server cannot be reached. Check your connection and try again.');
  }
  if (!response.ok) {
    let detail = '';
    let problemDetail;
    try {
      const problem = await response.json();
      detail = problem?.message ?? problem?.title ?? problem?.detail ?? '';
      problemDetail = typeof problem?.detail === 'string' ? problem.detail : undefined;
    } catch {
      /* no JSON body */
    }
    const error = new ApiError(response.status, detail || `Request failed (${response.status})`);
    error.detail = problemDetail; // an RFC 7807 problem's detail, when it has one
    throw error;
  }
  if (response.status === 204) return null;
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

/**
 * Loads every message of a conversation over HTTP, following `next` pages (bounded).
 * @param {string} conversationId
 * @param {string} token
 * @returns {Promise<any[]>}
 */
export async function loadHistory(conversationId, token) {
  const all = [];
  let after = null;
  for (let page = 0; page < 50; page++) {
    const query = new URLSearchParams({ limit: '200' });
    if (after) query.set('after', after);
    const result = await api(`/api/conversations/${encodeURIComponent(conversationId)}/messages?${query}`, { token });
    const messages = Array.isArray(result) ? result : result?.messages ?? [];
    all.push(...messages);
    const next = Array.isArray(result) ? null : result?.next;
    if (!next || messages.length === 0 || next === after) break;
    after = next;
  }
  return all;
}

/**
 * A token and identity kept in sessionStorage until the token expires.
 */
export const SessionStore = {
  /**
   * @param {string} key
   * @returns {any|null} the stored object, or null when missing, unreadable or expired
   */
  load(key) {
    try {
      const raw = sessionStorage.getItem(key);
      if (!raw) return null;
      const value = JSON.parse(raw);
      if (!value?.token || !value.expiresAt || Date.parse(value.expiresAt) - Date.now() < 15000) {
        sessionStorage.removeItem(key);
        return null;
      }
      return value;
    } catch {
      return null;
    }
  },
  /**
   * @param {string} key
   * @param {any} value
   */
  save(key, value) {
    try {
      sessionStorage.setItem(key, JSON.stringify(value));
    } catch {
      /* storage full or disabled: the chat still works for this page's life */
    }
  },
  /** @param {string} key */
  clear(key) {
    try {
      sessionStorage.removeItem(key);
    } catch {
      /* ignore */
    }
  },
};

/**
 * Builds an element. Text goes in through textContent only.
 * @param {string} tag
 * @param {{className?: string, text?: string, attrs?: Record<string,string|boolean|number>, dataset?: Record<string,string>}} [props]
 * @param {...(Node|string|null|undefined|false)} children
 * @returns {HTMLElement}
 */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined && props.text !== null) node.textContent = String(props.text);
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === false || value === undefined || value === null) continue;
    node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const [name, value] of Object.entries(props.dataset ?? {})) node.dataset[name] = value;
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    node.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return node;
}

/**
 * Number of Unicode code points (what the broker's 4,000 limit counts; an emoji counts once).
 * @param {string} text
 */
export function codePointLength(text) {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** True when the text is empty or only white space. */
export function isBlank(text) {
  return /^\s*$/u.test(text);
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * A `<time>` element showing the clock time (and the date when it is not today).
 * @param {string} iso
 */
export function timeElement(iso) {
  const date = iso ? new Date(iso) : new Date();
  const valid = !Number.isNaN(date.getTime());
  const today = valid && date.toDateString() === new Date().toDateString();
  return el('time', {
    className: 'msg-time',
    text: valid ? (today ? timeFormat.format(date) : dateTimeFormat.format(date)) : '',
    attrs: { datetime: valid ? date.toISOString() : '', title: valid ? dateTimeFormat.format(date) : '' },
  });
}

/**
 * Waiting time for humans: "0:42", "5 min", "1 h 05 min".
 * @param {number} ms
 */
export function formatDuration(ms) {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `0:${String(seconds).padStart(2, '0')}`;
  if (seconds < 600) return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/** Short preview of a message for lists. */
export function preview(text, max = 90) {
  if (!text) return '';
  const flat = text.replace(/\s+/gu, ' ').trim();
  const chars = [...flat];
  return chars.length > max ? chars.slice(0, max - 1).join('') + '…' : flat;
}

/**
 * The text of a ChatMessage: the text itself, or for a translated message (`translation: {language, text}`)
 * the translation, with a button that shows the original (one click away) and back.
 * @param {any} message
 * @returns {HTMLElement[]}
 */
export function messageTextNodes(message) {
  const original = message.message ?? '';
  const translated = message.translation?.text;
  if (!translated || translated === original) return [el('p', { className: 'msg-text', text: original })];
  const text = el('p', { className: 'msg-text msg-text--translated', text: translated, attrs: { lang: message.translation.language || false } });
  const source = el('p', { className: 'msg-original', text: original });
  source.hidden = true;
  const toggle = el('button', {
    className: 'msg-translation-toggle',
    text: `Translated (${message.translation.language || '?'}) · show original`,
    attrs: { type: 'button', 'aria-expanded': 'false' },
  });
  toggle.addEventListener('click', () => {
    source.hidden = !source.hidden;
    toggle.setAttribute('aria-expanded', String(!source.hidden));
    toggle.textContent = source.hidden
      ? `Translated (${message.translation.language || '?'}) · show original`
      : 'Hide original';
  });
  return [text, toggle, source];
}

/**
 * The list of chat messages of one conversation view: ordered by id, de-duplicated by id, with
 * pending (not yet confirmed) own messages and delivered/read marks.
 */
export class MessageList {
  /**
   * @param {HTMLOListElement} root the `<ol>` (it carries aria-live="polite")
   * @param {{selfId: () => string, selfRole: string, onRetry?: (text: string) => void}} options
   */
  constructor(root, options) {
    this.root = root;
    this.options = options;
    /** @type {Map<string, {element: HTMLElement, message: any}>} */
    this.byId = new Map();
    this.readUpTo = null;
  }

  /** Number of messages shown (confirmed ones). */
  get size() {
    return this.byId.size;
  }

  /** Highest message id shown. */
  get lastId() {
    let last = null;
    for (const id of this.byId.keys()) if (compareMessageIds(id, last) > 0) last = id;
    return last;
  }

  /** Whether a message is the user's own side (own messages, or own role's for agents). */
  isOwn(message) {
    return message.userFrom === this.options.selfId();
  }

  /**
   * The newest message of the other party, or null.
   * @returns {any|null}
   */
  lastFromOthers() {
    let best = null;
    for (const { message } of this.byId.values()) {
      if (!this.isOwn(message) && compareMessageIds(message.id, best?.id) > 0) best = message;
    }
    return best;
  }

  /**
   * Shows a delivered message. Returns false when it was already shown.
   * @param {any} message a ChatMessage
   */
  add(message) {
    if (!message?.id || this.byId.has(message.id)) return false;
    const own = this.isOwn(message);
    if (own) {
      // Replace the pending bubble of the same send: matched by its clientMessageId, never by text.
      const pending = message.clientMessageId
        ? [...this.root.querySelectorAll('.msg--pending')].find((p) => p.dataset.clientMessageId === message.clientMessageId)
        : undefined;
      pending?.remove();
    }
    const element = this.#render(message, own);
    this.byId.set(message.id, { element, message });
    // Insert in id order; a message newer than all goes before the pending bubbles.
    let before = this.root.querySelector('.msg--pending');
    const items = this.root.querySelectorAll('.msg[data-id]');
    const last = items[items.length - 1];
    if (last && compareMessageIds(last.dataset.id, message.id) > 0) {
      before = [...items].find((item) => compareMessageIds(item.dataset.id, message.id) > 0) ?? before;
    }
    this.root.insertBefore(element, before ?? null);
    if (own && this.readUpTo && compareMessageIds(message.id, this.readUpTo) <= 0) this.#setStatus(element, 'read');
    this.scrollToEnd();
    return true;
  }

  /**
   * Shows an own message that is on its way (before the broker confirms it).
   * @param {string} text
   * @param {string} senderName
   * @param {string} [clientMessageId] the send's client message id: the delivered message that echoes it replaces this bubble
   * @param {boolean} [isPrivate] a private note (styled as one)
   * @returns {{element: HTMLElement, sent: () => void, failed: (reason: string) => void}}
   */
  addPending(text, senderName, clientMessageId, isPrivate = false) {
    const element = this.#render(
      { message: text, senderName, timestamp: new Date().toISOString(), senderRole: this.options.selfRole, private: isPrivate },
      true,
    );
    element.classList.add('msg--pending');
    element.dataset.text = text;
    if (clientMessageId) element.dataset.clientMessageId = clientMessageId;
    this.#setStatus(element, 'sending');
    this.root.append(element);
    this.scrollToEnd();
    return {
      element,
      sent: () => {
        if (element.isConnected) this.#setStatus(element, 'sent');
      },
      failed: (reason) => {
        if (!element.isConnected) return;
        element.classList.add('msg--failed');
        element.classList.remove('msg--pending');
        delete element.dataset.text;
        this.#setStatus(element, 'failed', reason);
        if (this.options.onRetry) {
          const retry = el('button', { className: 'msg-retry', text: 'Retry', attrs: { type: 'button' } });
          retry.addEventListener('click', () => {
            element.remove();
            this.options.onRetry(text);
          });
          element.querySelector('.msg-bubble').append(retry);
        }
      },
    };
  }

  /**
   * Marks own messages up to and including `messageId` as read by the other party.
   * @param {string} messageId
   */
  markRead(messageId) {
    if (compareMessageIds(messageId, this.readUpTo) > 0) this.readUpTo = messageId;
    for (const [id, { element, message }] of this.byId) {
      if (this.isOwn(message) && compareMessageIds(id, this.readUpTo) <= 0) this.#setStatus(element, 'read');
    }
  }

  /** Adds a system note (not a message), e.g. "The chat has ended". */
  addNote(text) {
    const note = el('li', { className: 'note', text });
    const pending = this.root.querySelector('.msg--pending');
    this.root.insertBefore(note, pending);
    this.scrollToEnd();
    return note;
  }

  /** Removes everything. */
  clear() {
    this.byId.clear();
    this.readUpTo = null;
    this.root.replaceChildren();
  }

  /** Keeps the newest message in view. */
  scrollToEnd() {
    const scroller = this.root.closest('.scroller') ?? this.root;
    scroller.scrollTop = scroller.scrollHeight;
  }

  #render(message, own) {
    const role = message.senderRole === 'agent' ? 'agent' : message.senderRole === 'bot' ? 'bot' : 'customer';
    const fallbackName = { agent: 'Agent', bot: 'Assistant', customer: 'Customer' }[role];
    const isPrivate = message.private === true;
    const item = el(
      'li',
      {
        className: `msg msg--${own ? 'self' : 'other'} msg--${role}${isPrivate ? ' msg--private' : ''}`,
        dataset: message.id ? { id: message.id, senderRole: role } : { senderRole: role },
      },
      el(
        'div',
        { className: 'msg-bubble' },
        el(
          'div',
          { className: 'msg-meta' },
          el('span', { className: 'msg-sender', text: own ? 'You' : message.senderName || fallbackName }),
          role === 'bot' ? el('span', { className: 'msg-tag msg-tag--bot', text: 'Bot' }) : null,
          isPrivate ? el('span', { className: 'msg-tag msg-tag--private', text: 'Private note' }) : null,
          ' ',
          timeElement(message.timestamp),
        ),
        ...messageTextNodes(message),
        own ? el('span', { className: 'msg-status' }) : null,
      ),
    );
    if (own && message.id) this.#setStatus(item, 'delivered');
    return item;
  }

  #setStatus(element, status, reason) {
    const mark = element.querySelector('.msg-status');
    if (!mark) return;
    const words = { sending: 'Sending…', sent: 'Sent', delivered: 'Delivered', read: 'Read', failed: 'Not sent' };
    mark.dataset.status = status;
    mark.textContent = words[status] ?? status;
    if (reason) mark.title = reason;
    else mark.removeAttribute('title');
  }
}

/**
 * Sends typing notifications: `typing: true` when the user starts (at most every 3 s while typing),
 * `typing: false` after 4 s without keystrokes or when the message is sent.
 */
export class TypingNotifier {
  /** @param {(typing: boolean) => void} send */
  constructor(send) {
    this.send = send;
    this.typing = false;
    this.lastSent = 0;
    this.idleTimer = null;
  }

  /** Call on every input event. */
  input() {
    const now = Date.now();
    if (!this.typing || now - this.lastSent > 3000) {
      this.typing = true;
      this.lastSent = now;
      this.send(true);
    }
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => this.stop(), 4000);
  }

  /** Call when the message is sent or the field is cleared. */
  stop() {
    clearTimeout(this.idleTimer);
    if (this.typing) {
      this.typing = false;
      this.send(false);
    }
  }
}

/**
 * Shows "<name> is typing…" and hides it after a while if no "stopped" event arrives.
 */
export class TypingIndicator {
  /** @param {HTMLElement} element */
  constructor(element) {
    this.element = element;
    this.timer = null;
  }

  /**
   * @param {boolean} typing
   * @param {string} [name]
   */
  set(typing, name) {
    clearTimeout(this.timer);
    if (typing) {
      this.element.textContent = `${name || 'Someone'} is typing…`;
      this.element.hidden = false;
      this.timer = setTimeout(() => this.set(false), 8000);
    } else {
      this.element.hidden = true;
      this.element.textContent = '';
    }
  }
}

/**
 * Wires a composer form: a textarea (Enter sends, Shift+Enter makes a new line), a counter of code
 * points against the 4,000 limit, a send button and an error line.
 */
export class Composer {
  /**
   * @param {HTMLFormElement} form
   * @param {{onSend: (text: string) => void, onTyping?: () => void, onStopTyping?: () => void}} handlers
   */
  constructor(form, handlers) {
    this.form = form;
    this.handlers = handlers;
    this.input = form.querySelector('textarea');
    this.counter = form.querySelector('.counter');
    this.button = form.querySelector('button[type="submit"]');
    this.error = form.querySelector('.composer-error');
    this.enabled = true;
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey) {
        event.preventDefault();
        this.submit();
      }
    });
    this.input.addEventListener('input', () => {
      this.update();
      if (isBlank(this.input.value)) this.handlers.onStopTyping?.();
      else this.handlers.onTyping?.();
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    this.update();
  }

  /** Sends the text if it is valid. */
  submit() {
    const text = this.input.value;
    if (!this.enabled) return;
    if (isBlank(text)) {
      this.input.focus();
      return;
    }
    const length = codePointLength(text);
    if (length > MAX_MESSAGE_CODE_POINTS) {
      this.showError(`Your message is ${length - MAX_MESSAGE_CODE_POINTS} characters too long (limit ${MAX_MESSAGE_CODE_POINTS.toLocaleString()}).`);
      return;
    }
    this.clearError();
    this.input.value = '';
    this.update();
    this.handlers.onStopTyping?.();
    this.handlers.onSend(text);
    this.input.focus();
  }

  /** Refreshes the counter and the send button. */
  update() {
    const length = codePointLength(this.input.value);
    const over = length > MAX_MESSAGE_CODE_POINTS;
    if (this.counter) {
      this.counter.textContent = `${length.toLocaleString()} / ${MAX_MESSAGE_CODE_POINTS.toLocaleString()}`;
      this.counter.classList.toggle('counter--over', over);
      this.counter.classList.toggle('counter--near', !over && length > MAX_MESSAGE_CODE_POINTS * 0.9);
    }
    this.input.setAttribute('aria-invalid', over ? 'true' : 'false');
    this.button.disabled = !this.enabled || over || isBlank(this.input.value);
    // Grow with the text up to a few lines (rows, not inline styles: the CSP forbids style attributes).
    const lines = Math.min(6, this.input.value.split('\n').length);
    this.input.rows = Math.max(1, lines);
  }

  /**
   * Enables or disables sending (typing stays possible so nothing is lost while reconnecting).
   * @param {boolean} enabled
   * @param {string} [placeholder]
   */
  setEnabled(enabled, placeholder) {
    this.enabled = enabled;
    if (placeholder) this.input.placeholder = placeholder;
    this.update();
  }

  /** Shows an error next to the composer. */
  showError(text) {
    if (!this.error) return;
    this.error.textContent = text;
    this.error.hidden = false;
  }

  clearError() {
    if (!this.error) return;
    this.error.hidden = true;
    this.error.textContent = '';
  }
}

/** Words for a refusal code from /user/queue/errors. */
export function describeRefusal(error) {
  const byCode = {
    forbidden: 'That is not allowed.',
    not_found: 'That conversation is not available.',
    conflict: 'Someone else got there first.',
    rate_limited: 'You are sending too fast. Please wait a moment.',
    invalid: 'That was not accepted.',
    timeout: 'The server did not answer in time. Please try again.',
    disconnected: 'Not connected. Please try again once the chat is back.',
  };
  if (error?.code === 'disconnected' || error?.code === 'timeout') return byCode[error.code];
  return error?.message || byCode[error?.code] || 'Something went wrong.';
}
