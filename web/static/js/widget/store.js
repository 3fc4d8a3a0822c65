/**
 * The visitor's chat session in the broker origin's localStorage (inside the iframe, so the host page
 * cannot read it): the token until it expires, the conversation id and how far the visitor has seen.
 * It outlives navigation and reloads on the host site, and is shared by the site's tabs.
 *
 * @module widget/store
 */

const KEY = 'customerchat.widget.session';

export const WidgetSession = {
  /** @returns {any|null} the session, or null when missing, unreadable or about to expire */
  load() {
    try {
      const value = JSON.parse(localStorage.getItem(KEY) ?? 'null');
      if (!value?.token || !value.expiresAt || Date.parse(value.expiresAt) - Date.now() < 15000) {
        localStorage.removeItem(KEY);
        return null;
      }
      return value;
    } catch {
      return null;
    }
  },
  /** @param {any} value */
  save(value) {
    try {
      localStorage.setItem(KEY, JSON.stringify(value));
    } catch {
      /* storage off or full: the chat still works while this page lives */
    }
  },
  clear() {
    try {
      localStorage.removeItem(KEY);
    } catch {
      /* ignore */
    }
  },
};
