/**
 * The `/` canned-response picker of a conversation's composer.
 *
 * Typing `/` at the start of the reply or after a space opens a list under the reply field: first up to three
 * suggestions for the customer's last message (`GET /api/conversations/{id}/suggestions`), then every canned
 * response (`GET /api/canned-responses`) whose short code or text contains what follows the `/`.
 * ArrowUp/ArrowDown move, Enter or Tab insert, Escape closes; a click inserts too. The chosen response replaces the
 * `/word` typed. The reply field is an ARIA combobox controlling the list box.
 *
 * @module agent/canned-picker
 */

import { api, el } from '../common.js';

const TRIGGER = /(?:^|\s)\/([a-z0-9-]*)$/u;
const LIST_TTL_MS = 30000;

let cachedList = null;
let cachedAt = 0;

async function loadAll(token) {
  if (cachedList && Date.now() - cachedAt < LIST_TTL_MS) return cachedList;
  const list = await api('/api/canned-responses', { token });
  cachedList = Array.isArray(list) ? list : [];
  cachedAt = Date.now();
  return cachedList;
}

/** Forget the cached list (e.g. after signing out). */
export function forgetCannedResponses() {
  cachedList = null;
  cachedAt = 0;
}

let pickerCounter = 0;

/**
 * Attaches a picker to one composer.
 * @param {{form: HTMLFormElement, input: HTMLTextAreaElement, conversationId: string, token: () => string, onInsert?: () => void}} options
 * @returns {{close: () => void, destroy: () => void}}
 */
export function attachCannedPicker({ form, input, conversationId, token, onInsert }) {
  const n = ++pickerCounter;
  const listbox = el('ul', { className: 'canned-picker', attrs: { role: 'listbox', id: `canned-${n}`, 'aria-label': 'Canned responses' } });
  listbox.hidden = true;
  const row = form.querySelector('.composer-row') ?? form;
  row.parentNode.insertBefore(listbox, row);
  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-controls', listbox.id);
  input.setAttribute('aria-expanded', 'false');
  const hint = form.querySelector('.composer-hint');
  if (hint && !hint.textContent.includes('/')) hint.textContent += ' · / for canned responses';

  /** @type {{item: any, element: HTMLElement}[]} */
  let options = [];
  let active = -1;
  let query = null;
  let suggestions = null;
  let requestId = 0;

  function close() {
    listbox.hidden = true;
    listbox.replaceChildren();
    options = [];
    active = -1;
    query = null;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }

  function setActive(index) {
    active = options.length ? (index + options.length) % options.length : -1;
    options.forEach(({ element }, i) => element.setAttribute('aria-selected', i === active ? 'true' : 'false'));
    if (active >= 0) {
      input.setAttribute('aria-activedescendant', options[active].element.id);
      options[active].element.scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  }

  function insert(item) {
    const caret = input.selectionStart ?? input.value.length;
    const before = input.value.slice(0, caret);
    const match = TRIGGER.exec(before);
    const start = match ? caret - match[1].length - 1 : caret;
    input.value = input.value.slice(0, start) + item.content + input.value.slice(caret);
    const end = start + item.content.length;
    input.setSelectionRange(end, end);
    close();
    input.dispatchEvent(new Event('input', { bubbles: true }));
    onInsert?.();
    input.focus();
  }

  function render(all) {
    const q = query ?? '';
    const matches = (item) => !q || item.shortCode.includes(q) || item.content.toLowerCase().includes(q);
    const suggested = !q && Array.isArray(suggestions) ? suggestions : [];
    const seen = new Set(suggested.map((s) => s.id));
    const rest = all.filter((item) => matches(item) && !seen.has(item.id));
    const entries = [...suggested.map((item) => ({ item, suggested: true })), ...rest.map((item) => ({ item, suggested: false }))];
    options = [];
    listbox.replaceChildren(
      ...entries.map(({ item, suggested }, i) => {
        const element = el(
          'li',
          { className: `canned-option${suggested ? ' canned-option--suggested' : ''}`, attrs: { role: 'option', id: `canned-${n}-${i}`, 'aria-selected': 'false' }, dataset: { shortCode: item.shortCode } },
          el('span', { className: 'canned-code', text: `/${item.shortCode}` }),
          suggested ? el('span', { className: 'canned-badge', text: 'Suggested' }) : null,
          el('span', { className: 'canned-content', text: item.content }),
        );
        element.addEventListener('mousedown', (event) => event.preventDefault()); // keep the focus in the reply
        element.addEventListener('click', () => insert(item));
        options.push({ item, element });
        return element;
      }),
    );
    if (!entries.length) listbox.append(el('li', { className: 'canned-empty', text: q ? `No canned response matches “${q}”` : 'No canned responses yet' }));
    listbox.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    setActive(options.length ? 0 : -1);
  }

  async function open(q) {
    const first = query === null;
    query = q;
    const id = ++requestId;
    try {
      if (first) {
        suggestions = null;
        api(`/api/conversations/${encodeURIComponent(conversationId)}/suggestions`, { token: token() })
          .then((list) => {
            suggestions = Array.isArray(list) ? list : [];
            if (query !== null && id === requestId) loadAll(token()).then(render);
          })
          .catch(() => {
            suggestions = [];
          });
      }
      const all = await loadAll(token());
      if (id === requestId && query !== null) render(all);
    } catch {
      if (id === requestId) close();
    }
  }

  function onInput() {
    const caret = input.selectionStart ?? input.value.length;
    const match = TRIGGER.exec(input.value.slice(0, caret));
    if (match) open(match[1].toLowerCase());
    else if (query !== null) close();
  }

  function onKeydown(event) {
    if (query === null || listbox.hidden || event.target !== input) return;
    const handled = {
      ArrowDown: () => setActive(active + 1),
      ArrowUp: () => setActive(active - 1),
      Enter: () => (active >= 0 ? insert(options[active].item) : close()),
      Tab: () => (active >= 0 ? insert(options[active].item) : close()),
      Escape: () => close(),
    }[event.key];
    if (!handled || event.shiftKey || event.isComposing) return;
    // Capture phase on the form: the composer's own Enter-to-send never sees this key.
    event.preventDefault();
    event.stopPropagation();
    handled();
  }

  input.addEventListener('input', onInput);
  input.addEventListener('blur', () => setTimeout(() => document.activeElement !== input && close(), 150));
  form.addEventListener('keydown', onKeydown, true);

  return {
    close,
    destroy() {
      close();
      input.removeEventListener('input', onInput);
      form.removeEventListener('keydown', onKeydown, true);
      listbox.remove();
    },
  };
}
