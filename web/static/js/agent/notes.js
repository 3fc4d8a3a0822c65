/**
 * Private notes: a "Private note" switch in a conversation's composer. While it is on, what the agent sends goes
 * to `/chat/note` (agents only, never shown to the customer) instead of `/chat/message`, and the composer is
 * styled as a note. A broker without notes refuses `/chat/note` as an unknown destination: the switch then
 * disappears and says why.
 *
 * @module agent/notes
 */

import { el } from '../common.js';

let noteCounter = 0;

/** Whether a refusal means "this broker has no /chat/note". */
export function isUnsupported(error) {
  return error?.code === 'not_found' && /unknown destination/i.test(error?.message ?? '');
}

/**
 * Adds the switch to a composer.
 * @param {HTMLFormElement} form the composer
 * @returns {{readonly on: boolean, set: (on: boolean) => void, disable: (reason: string) => void, destroy: () => void}}
 */
export function attachNoteToggle(form) {
  const id = `note-toggle-${++noteCounter}`;
  const checkbox = el('input', { className: 'note-toggle-input', attrs: { type: 'checkbox', id } });
  const label = el('label', { className: 'note-toggle', attrs: { for: id, title: 'Only agents see private notes' } }, checkbox, el('span', { text: 'Private note' }));
  const footer = form.querySelector('.composer-footer') ?? form;
  footer.prepend(label);
  const input = form.querySelector('textarea');
  const placeholder = () => input.dataset.replyPlaceholder ?? input.placeholder;

  function apply() {
    form.classList.toggle('composer--note', checkbox.checked);
    if (checkbox.checked) {
      input.dataset.replyPlaceholder = placeholder();
      input.placeholder = 'Write a private note (only agents see it)…';
    } else if (input.dataset.replyPlaceholder !== undefined) {
      input.placeholder = input.dataset.replyPlaceholder;
      delete input.dataset.replyPlaceholder;
    }
  }
  checkbox.addEventListener('change', apply);

  return {
    get on() {
      return checkbox.checked && !label.hidden;
    },
    set(on) {
      checkbox.checked = on;
      apply();
    },
    disable(reason) {
      checkbox.checked = false;
      apply();
      label.hidden = true;
      const hint = form.querySelector('.composer-error');
      if (hint && reason) {
        hint.textContent = reason;
        hint.hidden = false;
      }
    },
    destroy() {
      label.remove();
    },
  };
}
