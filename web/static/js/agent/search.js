/**
 * The search box of the sidebar: `GET /api/conversations?q=&label=&state=` (text in the messages, a label, a
 * state, together). A result opens the conversation in a tab (read-only unless it is the agent's own).
 *
 * @module agent/search
 */

import { api, el, preview } from '../common.js';

/**
 * @param {{sidebar: HTMLElement, token: () => string, open: (conversation: any) => void}} options
 * @returns {{destroy: () => void}}
 */
export function attachSearch({ sidebar, token, open }) {
  const q = el('input', { className: 'input input-small', attrs: { type: 'search', id: 'search-q', placeholder: 'Words in messages', autocomplete: 'off' } });
  const label = el('input', { className: 'input input-small', attrs: { type: 'text', id: 'search-label', placeholder: 'label', autocomplete: 'off', spellcheck: 'false' } });
  const state = el(
    'select',
    { className: 'input input-small', attrs: { id: 'search-state' } },
    el('option', { text: 'Any state', attrs: { value: '' } }),
    el('option', { text: 'Waiting', attrs: { value: 'waiting' } }),
    el('option', { text: 'Active', attrs: { value: 'active' } }),
    el('option', { text: 'Closed', attrs: { value: 'closed' } }),
  );
  const results = el('ul', { className: 'search-results', attrs: { 'aria-live': 'polite' } });
  const empty = el('p', { className: 'empty', text: 'No conversation matches.' });
  empty.hidden = true;
  const form = el(
    'form',
    { className: 'search-form', attrs: { role: 'search', 'aria-label': 'Search conversations', novalidate: true } },
    el('label', { className: 'visually-hidden', text: 'Search messages', attrs: { for: 'search-q' } }),
    q,
    el('div', { className: 'search-row' },
      el('label', { className: 'visually-hidden', text: 'Label', attrs: { for: 'search-label' } }),
      label,
      el('label', { className: 'visually-hidden', text: 'State', attrs: { for: 'search-state' } }),
      state,
      el('button', { className: 'btn btn-small', text: 'Search', attrs: { type: 'submit' } })),
  );
  const section = el('section', { className: 'search', attrs: { 'aria-labelledby': 'search-title' } },
    el('h2', { className: 'sidebar-title', text: 'Search', attrs: { id: 'search-title' } }), form, results, empty);
  sidebar.prepend(section);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    if (q.value.trim()) query.set('q', q.value.trim());
    if (label.value.trim()) query.set('label', label.value.trim().toLowerCase());
    if (state.value) query.set('state', state.value);
    try {
      const answer = await api(`/api/conversations?${query}`, { token: token() });
      const list = Array.isArray(answer) ? answer : answer?.conversations ?? [];
      results.replaceChildren(
        ...list.slice(0, 50).map((c) => {
          const button = el(
            'button',
            { className: 'search-result', attrs: { type: 'button' }, dataset: { conversationId: c.id } },
            el('span', { className: 'search-name', text: c.customerName || 'Visitor' }),
            el('span', { className: `search-state search-state--${c.state}`, text: c.state }),
            ...(Array.isArray(c.labels) ? c.labels.map((l) => el('span', { className: 'label-chip label-chip--small', text: l })) : []),
            c.lastMessage ? el('span', { className: 'search-preview', text: preview(c.lastMessage.message, 70) }) : null,
          );
          button.addEventListener('click', () => open(c));
          return el('li', {}, button);
        }),
      );
      empty.hidden = list.length > 0;
    } catch (e) {
      results.replaceChildren(el('li', { className: 'form-error', text: `Search failed: ${e.message}` }));
      empty.hidden = true;
    }
  });

  return { destroy: () => section.remove() };
}
