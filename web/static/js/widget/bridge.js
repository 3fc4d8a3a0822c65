/**
 * The iframe's side of the talk with widget.js on the host page, through postMessage with the origin
 * checked both ways. Out: `ready`, `close`, `unread` (a count). In: `open`, `closed`. No token and no
 * message text ever go to the host page.
 *
 * @module widget/bridge
 */

const NS = 'customerchat';

/** The host page's origin: the real one where the browser tells it, else the loader's `host` parameter. */
function hostOrigin(params) {
  const ancestors = window.location.ancestorOrigins;
  if (ancestors && ancestors.length > 0) return ancestors[0];
  const claimed = params.get('host');
  try {
    return claimed ? new URL(claimed).origin : null;
  } catch {
    return null;
  }
}

export class HostBridge {
  /**
   * @param {URLSearchParams} params the iframe's query
   * @param {{onOpenChange: (open: boolean) => void}} handlers
   */
  constructor(params, handlers) {
    this.embedded = window.parent !== window;
    this.origin = this.embedded ? hostOrigin(params) : null;
    /** Whether the panel is showing (a page opened on its own always is). */
    this.open = !this.embedded;
    this.lastUnread = -1;
    window.addEventListener('message', (event) => {
      if (!this.embedded || event.source !== window.parent || event.origin !== this.origin) return;
      const message = event.data;
      if (!message || message.ns !== NS) return;
      if (message.type === 'open' || message.type === 'closed') {
        const open = message.type === 'open';
        if (open !== this.open) {
          this.open = open;
          handlers.onOpenChange(open);
        }
      }
    });
  }

  /** @param {'ready'|'close'|'unread'} type @param {{count?: number}} [data] */
  post(type, data = {}) {
    if (!this.embedded || !this.origin) return;
    window.parent.postMessage({ ns: NS, type, ...data }, this.origin);
  }

  /** Tells the launcher how many messages wait unread (sent only when it changes). @param {number} count */
  unread(count) {
    if (count === this.lastUnread) return;
    this.lastUnread = count;
    this.post('unread', { count });
  }
}
