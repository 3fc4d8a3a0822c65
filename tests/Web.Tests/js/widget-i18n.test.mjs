// Unit tests of the widget's language helpers (web/static/js/widget/i18n.js) with the real strings files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { format, pickLocale, Strings, SUPPORTED_LOCALES } from '../../../web/static/js/widget/i18n.js';

const load = (code) => JSON.parse(readFileSync(new URL(`../../../web/static/locales/widget.${code}.json`, import.meta.url), 'utf8'));
const english = load('en');

test('the language comes from data-locale, then the browser, else English', () => {
  assert.equal(pickLocale('de'), 'de');
  assert.equal(pickLocale('fr-CA', ['de-DE']), 'fr');
  assert.equal(pickLocale('', ['it-IT', 'es-MX']), 'es');
  assert.equal(pickLocale('ja', ['ja-JP']), 'en');
  assert.equal(pickLocale(undefined, []), 'en');
});

test('every language file has every English key and the same placeholders', () => {
  for (const code of SUPPORTED_LOCALES) {
    const strings = load(code);
    for (const [key, text] of Object.entries(english)) {
      assert.ok(typeof strings[key] === 'string' && strings[key].length > 0, `${code}: ${key} missing`);
      const holes = (s) => [...s.matchAll(/\{(\w+)\}/gu)].map((m) => m[1]).sort().join(',');
      assert.equal(holes(strings[key]), holes(text), `${code}: ${key} placeholders`);
    }
  }
});

test('placeholders are filled and unknown ones stay', () => {
  assert.equal(format('Hi {name}, {name}!', { name: 'Ada' }), 'Hi Ada, Ada!');
  assert.equal(format('{missing}', {}), '{missing}');
});

test('queue position reads "number N in the queue, about M minutes" in each language', () => {
  const en = new Strings('en', english);
  assert.equal(en.queuePosition({ position: 3, estimatedWaitSeconds: 150 }), 'You are number 3 in the queue, about 3 minutes');
  assert.equal(en.queuePosition({ position: 1, estimatedWaitSeconds: 20 }), 'You are number 1 in the queue, about 1 minute');
  assert.equal(en.queuePosition({ position: 2, estimatedWaitSeconds: null }), 'You are number 2 in the queue');
  const de = new Strings('de', load('de'), english);
  assert.equal(de.queuePosition({ position: 2, estimatedWaitSeconds: 300 }), 'Sie sind Nummer 2 in der Warteschlange, etwa 5 Minuten');
  const fr = new Strings('fr', load('fr'), english);
  assert.match(fr.queuePosition({ position: 4, estimatedWaitSeconds: 120 }), /^Vous êtes numéro 4 dans la file d’attente, environ 2 minutes$/u);
  const es = new Strings('es', load('es'), english);
  assert.equal(es.queuePosition({ position: 5, estimatedWaitSeconds: 60 }), 'Eres el número 5 en la cola, aprox. 1 minuto');
});

test('times follow the browser\'s regional variant of the language', () => {
  const at = new Date(Date.UTC(2026, 11, 1, 15, 5));
  const gb = new Strings('en', english, {}, ['en-GB']);
  const us = new Strings('en', english, {}, ['en-US']);
  assert.equal(gb.formatLocale, 'en-GB');
  assert.match(gb.time.format(at), /^\d{2}:05$/u);
  assert.match(us.time.format(at), /05\s?[AP]M$/u);
  assert.equal(new Strings('de', {}, english, ['en-GB']).formatLocale, 'de');
});
