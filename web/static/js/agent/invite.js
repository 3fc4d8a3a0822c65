/**
 * "Invite": starts a conversation with a customer who is not on the site yet. `POST /api/invitations`
 * `{customerName, email?, message?}` answers `{url, conversationId, expiresAt}`; the dialog shows the URL to copy.
 * The conversation is active and held by this agent, so its tab opens by itself.
 *
 * @module agent/invite
 */

import { api, el } from '../common.js';

/**
 * @param {{topbar: HTMLElement, token: () => string}} options
 * @returns {{destroy: () => void}}
 */
export function attachInvite({ topbar, token }) {
  const button = el('button', { className: 'btn btn-small', text: 'Invite customer', attrs: { type: 'button', id: 'invite-open' } });
  const name = el('input', { className: 'input', attrs: { id: 'invite-name', type: 'text', required: true, maxlength: '80', autocomplete: 'off' } });
  const email = el('input', { className: 'input', attrs: { id: 'invite-email', type: 'email', autocomplete: 'off' } });
  const message = el('textarea', { className: 'input', attrs: { id: 'invite-message', rows: '3', maxlength: '4000' } });
  const error = el('p', { className: 'form-error', attrs: { role: 'alert' } });
  error.hidden = true;
  const url = el('input', { className: 'input', attrs: { id: 'invite-url', type: 'text', readonly: true } });
  const copy = el('button', { className: 'btn btn-small', text: 'Copy link', attrs: { type: 'button' } });
  const expires = el('p', { className: 'hint' });
  const result = el('div', { className: 'invite-result stack' },
    el('label', { className: 'field-label', text: 'Invitation link', attrs: { for: 'invite-url' } }), el('div', { className: 'invite-url-row' }, url, copy), expires);
  result.hidden = true;
  const submit = el('button', { className: 'btn btn-primary', text: 'Create invitation', attrs: { type: 'submit' } });
  const close = el('button', { className: 'btn', text: 'Close', attrs: { type: 'button' } });
  const form = el(
    'form',
    { className: 'stack', attrs: { novalidate: true, method: 'dialog' } },
    el('label', { className: 'field-label', text: 'Customer name', attrs: { for: 'invite-name' } }), name,
    el('label', { className: 'field-label', text: 'Email (optional)', attrs: { for: 'invite-email' } }), email,
    el('label', { className: 'field-label', text: 'First message (optional)', attrs: { for: 'invite-message' } }), message,
    error,
    el('div', { className: 'dialog-actions' }, close, submit),
    result,
  );
  const dialog = el('dialog', { className: 'dialog card', attrs: { 'aria-labelledby': 'invite-title' } }, el('h2', { text: 'Invite a customer', attrs: { id: 'invite-title' } }), form);
  document.body.append(dialog);
  topbar.prepend(button);

  button.addEventListener('click', () => {
    error.hidden = true;
    result.hidden = true;
    dialog.showModal();
    name.focus();
  });
  close.addEventListener('click', () => dialog.close());
  copy.addEventListener('click', async () => {
    url.select();
    try {
      await navigator.clipboard.writeText(url.value);
      copy.textContent = 'Copied';
    } catch {
      copy.textContent = 'Press Ctrl+C';
    }
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.hidden = true;
    if (!name.value.trim()) {
      error.textContent = 'Enter the customer’s name.';
      error.hidden = false;
      name.focus();
      return;
    }
    submit.disabled = true;
    try {
      const body = { customerName: name.value.trim() };
      if (email.value.trim()) body.email = email.value.trim();
      if (message.value.trim()) body.message = message.value.trim();
      const answer = await api('/api/invitations', { body, token: token() });
      url.value = answer.url;
      expires.textContent = answer.expiresAt ? `Valid until ${new Date(answer.expiresAt).toLocaleString()}` : '';
      copy.textContent = 'Copy link';
      result.hidden = false;
      url.focus();
      url.select();
    } catch (e) {
      error.textContent = `The invitation was not created: ${e.message}`;
      error.hidden = false;
    } finally {
      submit.disabled = false;
    }
  });

  return {
    destroy() {
      button.remove();
      dialog.remove();
    },
  };
}
