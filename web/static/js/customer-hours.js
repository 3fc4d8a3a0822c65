/**
 * The customer page's opening-hours notice (docs/protocol.md §13, business hours): asks
 * `GET /api/widget/config` once and, when the help desk is closed, shows "We're closed — we'll answer at …"
 * with the configured offline message. A message sent meanwhile still reaches the queue; nothing is lost.
 *
 * @module customer-hours
 */

import { api, el } from './common.js';

/**
 * Shows the notice before `anchor` when the help desk is closed now.
 * @param {HTMLElement} anchor the element the notice goes before
 * @returns {Promise<boolean>} whether it is open
 */
export async function showOpeningHours(anchor) {
  let config;
  try {
    config = await api('/api/widget/config');
  } catch {
    return true; // no config endpoint or no answer: say nothing rather than something wrong
  }

  if (config.open) return true;
  const when = config.nextOpen
    ? new Intl.DateTimeFormat(undefined, { weekday: 'long', hour: 'numeric', minute: '2-digit' }).format(new Date(config.nextOpen))
    : null;
  const text = when ? `We're closed right now — we'll answer at ${when}.` : "We're closed right now.";
  const notice = el('p', { className: 'notice hours-notice', text, attrs: { role: 'status', id: 'hours-notice' } });
  if (config.offlineMessage) notice.append(el('br'), document.createTextNode(config.offlineMessage));
  anchor.before(notice);
  return false;
}
