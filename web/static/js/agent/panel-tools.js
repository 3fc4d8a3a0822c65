/**
 * The tools row of a conversation panel: its labels (`PUT /api/conversations/{id}/labels`), the transcript
 * (download `GET …/transcript`, email `POST …/transcript/email`) and "Open ticket" (`POST /api/tickets`).
 * Each control shows only when the broker serves its endpoint (see features.js).
 *
 * @module agent/panel-tools
 */

import { api, ApiError, el } from '../common.js';

const LABEL = /^[a-z0-9-]{1,32}$/u;
const MAX_LABELS = 10;
let toolsCounter = 0;

/**
 * @param {{panel: HTMLElement, conversation: () => any, token: () => string, features: Record<string, boolean>}} options
 * @returns {{update: (conversation: any) => void, destroy: () => void}}
 */
export function attachPanelTools({ panel, conversation, token, features }) {
  const n = ++toolsCounter;
  const status = el('p', { className: 'tools-status', attrs: { role: 'status', 'aria-live': 'polite' } });
  status.hidden = true;
  const row = el('div', { className: 'panel-tools', attrs: { role: 'group', 'aria-label': 'Conversation tools' } });
  const id = () => encodeURIComponent(conversation().id);
  const say = (text, error = false) => {
    status.textContent = text;
    status.classList.toggle('tools-status--error', error);
    status.hidden = !text;
  };
  const failure = (e, what) =>
    say(e instanceof ApiError && e.status === 503 ? `${what}: not configured on this server.` : `${what} failed: ${e.message}`, true);

  // ---- labels
  let labels = [];
  const chips = el('ul', { className: 'label-chips', attrs: { 'aria-label': 'Labels' } });
  const labelInput = el('input', {
    className: 'input input-small label-input',
    attrs: { type: 'text', id: `label-input-${n}`, placeholder: 'Add label', 'aria-label': 'Add a label', autocomplete: 'off', spellcheck: 'false', maxlength: '32' },
  });
  const labelsBox = el('div', { className: 'labels-editor' }, chips, labelInput);

  function renderLabels() {
    chips.replaceChildren(
      ...labels.map((label) => {
        const remove = el('button', { className: 'label-remove', text: '×', attrs: { type: 'button', 'aria-label': `Remove label ${label}` } });
        remove.addEventListener('click', () => saveLabels(labels.filter((l) => l !== label)));
        return el('li', { className: 'label-chip', dataset: { label } }, el('span', { text: label }), remove);
      }),
    );
  }

  async function saveLabels(next) {
    try {
      const answer = await api(`/api/conversations/${id()}/labels`, { method: 'PUT', body: next, token: token() });
      labels = Array.isArray(answer) ? answer : Array.isArray(answer?.labels) ? answer.labels : next;
      renderLabels();
      say('');
    } catch (e) {
      failure(e, 'Saving the labels');
    }
  }

  labelInput.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' && event.key !== ',') return;
    event.preventDefault();
    const label = labelInput.value.trim().toLowerCase();
    if (!label) return;
    if (!LABEL.test(label)) {
      say('A label is 1 to 32 of a–z, 0–9 and “-”.', true);
      return;
    }
    if (labels.includes(label)) {
      labelInput.value = '';
      return;
    }
    if (labels.length >= MAX_LABELS) {
      say(`At most ${MAX_LABELS} labels.`, true);
      return;
    }
    labelInput.value = '';
    saveLabels([...labels, label]);
  });
  if (features.labels) row.append(labelsBox);

  // ---- transcript
  const download = el('button', { className: 'btn btn-small btn-ghost tool-transcript', text: 'Transcript', attrs: { type: 'button' } });
  download.addEventListener('click', async () => {
    try {
      const response = await fetch(`/api/conversations/${id()}/transcript`, { headers: { Authorization: `Bearer ${token()}` } });
      if (!response.ok) throw new ApiError(response.status, `HTTP ${response.status}`);
      const url = URL.createObjectURL(await response.blob());
      const link = el('a', { attrs: { href: url, download: `transcript-${conversation().id}.txt` } });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      say('Transcript downloaded.');
    } catch (e) {
      failure(e, 'The transcript');
    }
  });
  if (features.transcript) row.append(download);

  // ---- small inline forms (email, ticket)
  function inlineForm(buttonText, fieldLabel, placeholder, submitText, onSubmit) {
    const fieldId = `${buttonText.toLowerCase().replace(/\W+/gu, '-')}-${n}`;
    const toggle = el('button', { className: 'btn btn-small btn-ghost', text: buttonText, attrs: { type: 'button', 'aria-expanded': 'false' } });
    const field = el('input', { className: 'input input-small', attrs: { id: fieldId, type: 'text', placeholder, autocomplete: 'off' } });
    const form = el(
      'form',
      { className: 'tool-form', attrs: { novalidate: true } },
      el('label', { className: 'visually-hidden', text: fieldLabel, attrs: { for: fieldId } }),
      field,
      el('button', { className: 'btn btn-small btn-primary', text: submitText, attrs: { type: 'submit' } }),
    );
    form.hidden = true;
    toggle.addEventListener('click', () => {
      form.hidden = !form.hidden;
      toggle.setAttribute('aria-expanded', String(!form.hidden));
      if (!form.hidden) field.focus();
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const done = await onSubmit(field.value.trim(), field);
      if (done) {
        form.hidden = true;
        toggle.setAttribute('aria-expanded', 'false');
        field.value = '';
      }
    });
    return [toggle, form];
  }

  if (features.transcriptEmail) {
    row.append(
      ...inlineForm('Email transcript', 'Send the transcript to', 'customer’s email (or type one)', 'Send', async (to) => {
        try {
          await api(`/api/conversations/${id()}/transcript/email`, { body: to ? { to } : {}, token: token() });
          say(`Transcript sent${to ? ` to ${to}` : ' to the customer'}.`);
          return true;
        } catch (e) {
          failure(e, 'Sending the transcript');
          return false;
        }
      }),
    );
  }

  if (features.tickets) {
    row.append(
      ...inlineForm('Open ticket', 'Ticket subject', 'Subject', 'Create', async (subject, field) => {
        const text = subject || `Chat with ${conversation().customerName || 'a customer'}`;
        try {
          const ticket = await api('/api/tickets', { body: { conversationId: conversation().id, subject: text }, token: token() });
          say(`Ticket ${ticket?.id ?? ''} opened: ${text}`);
          return true;
        } catch (e) {
          failure(e, 'Opening the ticket');
          field.focus();
          return false;
        }
      }),
    );
  }

  const header = panel.querySelector('.panel-header');
  if (row.childElementCount) {
    header.after(row);
    row.after(status);
  }

  return {
    update(c) {
      const next = Array.isArray(c?.labels) ? c.labels : labels;
      if (next.join(',') !== labels.join(',')) {
        labels = [...next];
        renderLabels();
      }
    },
    destroy() {
      row.remove();
      status.remove();
    },
  };
}
