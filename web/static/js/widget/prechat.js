/**
 * The pre-chat form of the widget: name, email and department shown per `preChat` of
 * /api/widget/config (`off` hidden, `optional`, `required` enforced before anything is sent), and while
 * support is offline an email field (always shown) and the message to leave. Errors sit under their
 * field (aria-invalid + aria-describedby); the first invalid field gets the focus.
 *
 * @module widget/prechat
 */

import { ApiError, el, isBlank } from '../common.js';

const EMAIL = /^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$/u;

export class PreChatForm {
  /**
   * @param {{config: any, strings: import('./i18n.js').Strings, department: string|null, offline: boolean,
   *          onSubmit: (values: {name?: string, email?: string, department?: string, message?: string}) => Promise<void>}} options
   */
  constructor(options) {
    this.options = options;
    const { config, strings, offline } = options;
    const $ = (id) => document.getElementById(id);
    this.form = $('prechat-form');
    this.button = $('start-button');
    this.error = $('start-error');
    this.notice = $('prechat-notice');
    const known = config.departments.find((d) => d.id.toLowerCase() === String(options.department ?? '').toLowerCase());
    /** A department from the page's data-department, used even when the form does not ask. */
    this.presetDepartment = known?.id ?? null;

    const modes = {
      name: config.preChat.name,
      email: offline && config.preChat.email === 'off' ? 'optional' : config.preChat.email,
      department: config.departments.length ? config.preChat.department : 'off',
      message: offline ? 'required' : 'off',
    };
    this.fields = Object.entries(modes).map(([key, mode]) => this.#field(key, mode));

    const select = $('department-input');
    select.append(el('option', { text: strings.t('departmentChoose'), attrs: { value: '' } }));
    for (const department of config.departments) {
      select.append(el('option', { text: department.name, attrs: { value: department.id, selected: department.id === this.presetDepartment } }));
    }

    if (offline) {
      $('prechat-title').textContent = strings.t('offlineTitle');
      $('prechat-text').textContent = strings.t('offlineText');
      this.button.textContent = strings.t('leaveMessage');
    }
    this.label = this.button.textContent;

    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    for (const field of this.fields) field.input.addEventListener('input', () => field.invalid && this.#check(field));
  }

  #field(key, mode) {
    const { strings } = this.options;
    const wrapper = document.getElementById(`field-${key}`);
    const input = wrapper.querySelector('input, select, textarea');
    const error = wrapper.querySelector('.field-error');
    wrapper.hidden = mode === 'off';
    wrapper.querySelector('.optional').textContent = mode === 'required' ? strings.t('required') : strings.t('optional');
    input.required = mode === 'required';
    input.setAttribute('aria-required', String(mode === 'required'));
    return { key, mode, input, error, invalid: false };
  }

  /** Puts the focus in the first visible field (or the button). */
  focus() {
    (this.fields.find((f) => f.mode !== 'off')?.input ?? this.button).focus();
  }

  /** @param {string|undefined} text */
  showNotice(text) {
    this.notice.hidden = !text;
    this.notice.textContent = text ?? '';
  }

  /** The problem of one field, shown under it; true when it is fine. */
  #check(field) {
    const { strings } = this.options;
    const value = field.input.value.trim();
    let problem = null;
    if (field.mode === 'required' && isBlank(value)) problem = strings.t('errRequired');
    else if (field.key === 'email' && value && !EMAIL.test(value)) problem = strings.t('errEmail');
    field.invalid = Boolean(problem);
    field.input.setAttribute('aria-invalid', String(field.invalid));
    field.error.hidden = !problem;
    field.error.textContent = problem ?? '';
    return !problem;
  }

  async submit() {
    const { strings } = this.options;
    this.error.hidden = true;
    const visible = this.fields.filter((f) => f.mode !== 'off');
    const bad = visible.filter((f) => !this.#check(f));
    if (bad.length) {
      bad[0].input.focus();
      return;
    }
    const values = Object.fromEntries(visible.map((f) => [f.key, f.input.value.trim()]));
    if (!values.department && this.presetDepartment) values.department = this.presetDepartment;
    this.button.disabled = true;
    this.button.textContent = strings.t('starting');
    try {
      await this.options.onSubmit(values);
    } catch (e) {
      this.error.textContent = e instanceof ApiError && e.status === 429 ? strings.t('errTooMany') : strings.t('errStart');
      this.error.hidden = false;
    } finally {
      this.button.disabled = false;
      this.button.textContent = this.label;
    }
  }
}
