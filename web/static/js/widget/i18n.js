/**
 * The widget's strings and formats: one JSON file per language under /locales (widget.<code>.json),
 * English as the fallback for any missing key; dates, times and durations through Intl for the language.
 *
 * @module widget/i18n
 */

/** The languages that have a strings file. */
export const SUPPORTED_LOCALES = Object.freeze(['en', 'de', 'fr', 'es']);

/**
 * The first supported language among the requested tag (data-locale) and the browser's languages.
 * @param {string|null|undefined} requested e.g. "de", "fr-CA"
 * @param {readonly string[]} [browser] navigator.languages
 * @returns {string}
 */
export function pickLocale(requested, browser = []) {
  for (const tag of [requested, ...browser]) {
    const primary = String(tag ?? '').trim().toLowerCase().split(/[-_]/u)[0];
    if (SUPPORTED_LOCALES.includes(primary)) return primary;
  }
  return 'en';
}

/**
 * Fills `{name}` placeholders.
 * @param {string} text
 * @param {Record<string, string|number>} [params]
 */
export function format(text, params = {}) {
  return String(text).replace(/\{(\w+)\}/gu, (match, key) => (key in params ? String(params[key]) : match));
}

/** Strings of one language, with English underneath. */
export class Strings {
  /**
   * @param {string} locale
   * @param {Record<string,string>} strings
   * @param {Record<string,string>} [fallback]
   * @param {readonly string[]} [browser] navigator.languages, for the regional formats
   */
  constructor(locale, strings, fallback = {}, browser = []) {
    this.locale = locale;
    this.strings = { ...fallback, ...strings };
    /** The tag for Intl: the browser's own variant of the language when it has one (en-GB: 24-hour clock). */
    this.formatLocale = browser.find((tag) => pickLocale(tag) === locale && tag.toLowerCase().startsWith(locale)) ?? locale;
    this.time = new Intl.DateTimeFormat(this.formatLocale, { hour: '2-digit', minute: '2-digit' });
    this.dateTime = new Intl.DateTimeFormat(this.formatLocale, { dateStyle: 'medium', timeStyle: 'short' });
    this.weekdayTime = new Intl.DateTimeFormat(this.formatLocale, { weekday: 'long', hour: '2-digit', minute: '2-digit' });
    this.numbers = new Intl.NumberFormat(this.formatLocale);
    this.minuteUnit = new Intl.NumberFormat(this.formatLocale, { style: 'unit', unit: 'minute', unitDisplay: 'long' });
  }

  /**
   * The string for a key with placeholders filled; the key itself when no file has it.
   * @param {string} key
   * @param {Record<string, string|number>} [params]
   */
  t(key, params) {
    return format(this.strings[key] ?? key, params);
  }

  /**
   * "about 3 minutes" in the language (at least one minute).
   * @param {number} seconds
   */
  minutes(seconds) {
    return this.minuteUnit.format(Math.max(1, Math.ceil(seconds / 60)));
  }

  /**
   * The queue line of a `queue.position` event: "You are number 2 in the queue, about 3 minutes".
   * @param {{position: number, estimatedWaitSeconds?: number|null}} event
   */
  queuePosition(event) {
    const position = this.numbers.format(event.position);
    return typeof event.estimatedWaitSeconds === 'number'
      ? this.t('queuePositionWait', { position, minutes: this.minutes(event.estimatedWaitSeconds) })
      : this.t('queuePosition', { position });
  }

  /**
   * A clock time, with the date when it is not today.
   * @param {Date} date
   * @param {Date} [now]
   */
  when(date, now = new Date()) {
    return date.toDateString() === now.toDateString() ? this.time.format(date) : this.dateTime.format(date);
  }

  /**
   * When support opens next: "today 09:00" style through the weekday, within a week; else a date.
   * @param {Date} date
   * @param {Date} [now]
   */
  opening(date, now = new Date()) {
    if (date.toDateString() === now.toDateString()) return this.time.format(date);
    return date.getTime() - now.getTime() < 6 * 86400000 ? this.weekdayTime.format(date) : this.dateTime.format(date);
  }
}

/**
 * Loads the strings of a language (and English underneath it).
 * @param {string} locale
 * @param {readonly string[]} [browser] navigator.languages
 * @returns {Promise<Strings>}
 */
export async function loadStrings(locale, browser = []) {
  const read = async (code) => {
    const response = await fetch(`/locales/widget.${code}.json`, { credentials: 'same-origin' });
    if (!response.ok) throw new Error(`strings for ${code}: ${response.status}`);
    return response.json();
  };
  const english = await read('en');
  if (locale === 'en') return new Strings('en', english, {}, browser);
  try {
    return new Strings(locale, await read(locale), english, browser);
  } catch (e) {
    console.warn('Widget strings not found; English is used.', e);
    return new Strings('en', english, {}, browser);
  }
}

/**
 * Puts strings into the page: `data-i18n` (text), `data-i18n-placeholder`, `data-i18n-aria-label`.
 * @param {ParentNode} root
 * @param {Strings} strings
 */
export function applyStrings(root, strings) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = strings.t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-placeholder]')) node.placeholder = strings.t(node.dataset.i18nPlaceholder);
  for (const node of root.querySelectorAll('[data-i18n-aria-label]')) node.setAttribute('aria-label', strings.t(node.dataset.i18nAriaLabel));
}
