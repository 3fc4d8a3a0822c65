/**
 * The widget's message list: ChatMessages in id order, each id once, the visitor's own messages pending
 * until the broker confirms them, bot messages (`senderRole: "bot"`) styled apart, words and times in the
 * widget's language. Text goes into the page through textContent only.
 *
 * @module widget/messages
 */

import { compareMessageIds } from '../stomp-client.js';
import { el } from '../common.js';

export class WidgetMessages {
  /**
   * @param {HTMLOListElement} root
   * @param {{selfId: () => string|undefined, strings: () => import('./i18n.js').Strings, onRetry: (text: string) => void}} options
   */
  constructor(root, options) {
    this.root = root;
    this.options = options;
    /** @type {Map<string, any>} */
    this.byId = new Map();
  }

  /** The highest id shown, or null. */
  get lastId() {
    let last = null;
    for (const id of this.byId.keys()) if (compareMessageIds(id, last) > 0) last = id;
    return last;
  }

  /** The highest id of a message from someone else (agent or bot), or null. */
  get lastOtherId() {
    let last = null;
    for (const [id, message] of this.byId) if (!this.isOwn(message) && compareMessageIds(id, last) > 0) last = id;
    return last;
  }

  /** @param {any} message */
  isOwn(message) {
    return message.userFrom === this.options.selfId();
  }

  /**
   * How many messages from others came after an id (all of them for null).
   * @param {string|null|undefined} seenUpTo
   */
  unreadAfter(seenUpTo) {
    let count = 0;
    for (const [id, message] of this.byId) if (!this.isOwn(message) && compareMessageIds(id, seenUpTo) > 0) count++;
    return count;
  }

  /**
   * Shows a delivered ChatMessage; false when it is already shown.
   * @param {any} message
   */
  add(message) {
    if (!message?.id || this.byId.has(message.id)) return false;
    const own = this.isOwn(message);
    if (own) {
      const pending = [...this.root.querySelectorAll('.msg--pending')].find((p) => p.dataset.text === message.message);
      pending?.remove();
    }
    const element = this.#render(message, own);
    this.byId.set(message.id, message);
    let before = this.root.querySelector('.msg--pending');
    for (const item of this.root.querySelectorAll('.msg[data-id]')) {
      if (compareMessageIds(item.dataset.id, message.id) > 0) {
        before = item;
        break;
      }
    }
    this.root.insertBefore(element, before ?? null);
    this.scrollToEnd();
    return true;
  }

  /**
   * Shows the visitor's message on its way.
   * @param {string} text
   */
  addPending(text) {
    const element = this.#render({ message: text, timestamp: new Date().toISOString(), senderRole: 'customer' }, true);
    element.classList.add('msg--pending');
    element.dataset.text = text;
    this.#status(element, 'sending');
    this.root.append(element);
    this.scrollToEnd();
    return {
      sent: () => element.isConnected && this.#status(element, 'sent'),
      failed: (reason) => {
        if (!element.isConnected) return;
        element.classList.replace('msg--pending', 'msg--failed');
        delete element.dataset.text;
        this.#status(element, 'failed', reason);
        const retry = el('button', { className: 'msg-retry', text: this.options.strings().t('retry'), attrs: { type: 'button' } });
        retry.addEventListener('click', () => {
          element.remove();
          this.options.onRetry(text);
        });
        element.querySelector('.msg-bubble').append(retry);
      },
    };
  }

  /** Adds a line that is not a message ("Alice joined the chat"). @param {string} text */
  addNote(text) {
    this.root.insertBefore(el('li', { className: 'note', text }), this.root.querySelector('.msg--pending'));
    this.scrollToEnd();
  }

  clear() {
    this.byId.clear();
    this.root.replaceChildren();
  }

  scrollToEnd() {
    const scroller = this.root.closest('.scroller') ?? this.root;
    scroller.scrollTop = scroller.scrollHeight;
  }

  #render(message, own) {
    const strings = this.options.strings();
    const role = message.senderRole === 'agent' || message.senderRole === 'bot' ? message.senderRole : 'customer';
    const sender = own ? strings.t('you') : message.senderName || strings.t(role === 'bot' ? 'bot' : 'agent');
    const date = message.timestamp ? new Date(message.timestamp) : new Date();
    const valid = !Number.isNaN(date.getTime());
    const item = el(
      'li',
      { className: `msg msg--${own ? 'self' : 'other'} msg--${role}`, dataset: message.id ? { id: message.id, senderRole: role } : { senderRole: role } },
      el(
        'div',
        { className: 'msg-bubble' },
        el(
          'div',
          { className: 'msg-meta' },
          el('span', { className: 'msg-sender', text: sender }),
          ' ',
          el('time', {
            className: 'msg-time',
            text: valid ? strings.when(date) : '',
            attrs: { datetime: valid ? date.toISOString() : '', title: valid ? strings.dateTime.format(date) : '' },
          }),
        ),
        el('p', { className: 'msg-text', text: message.message ?? '' }),
        own ? el('span', { className: 'msg-status' }) : null,
      ),
    );
    if (own && message.id) this.#status(item, 'delivered');
    return item;
  }

  #status(element, status, reason) {
    const mark = element.querySelector('.msg-status');
    if (!mark) return;
    mark.dataset.status = status;
    mark.textContent = this.options.strings().t(`status.${status}`);
    if (reason) mark.title = reason;
    else mark.removeAttribute('title');
  }
}
