// Unit tests of the DOM-free helpers in web/static/js/common.js (Node's test runner).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { codePointLength, describeRefusal, formatDuration, isBlank, MAX_MESSAGE_CODE_POINTS, preview } from '../../../web/static/js/common.js';

test('message length counts code points, as the broker does', () => {
  assert.equal(MAX_MESSAGE_CODE_POINTS, 4000);
  assert.equal(codePointLength('abc'), 3);
  assert.equal(codePointLength('😀'), 1); // two UTF-16 code units, one code point
  assert.equal(codePointLength('é'), 1);
  assert.equal(codePointLength('😀'.repeat(4000)), 4000);
});

test('blank means empty or only white space', () => {
  assert.ok(isBlank(''));
  assert.ok(isBlank(' \n\t\u00a0\u2003'));
  assert.ok(!isBlank(' a '));
});

test('waiting times read naturally', () => {
  assert.equal(formatDuration(0), '0:00');
  assert.equal(formatDuration(42_000), '0:42');
  assert.equal(formatDuration(125_000), '2:05');
  assert.equal(formatDuration(25 * 60_000), '25 min');
  assert.equal(formatDuration(65 * 60_000), '1 h 05 min');
});

test('previews flatten white space and cut at a code point', () => {
  assert.equal(preview('a\n\nb   c'), 'a b c');
  assert.equal(preview('😀'.repeat(10), 5), '😀😀😀😀…');
});

test('refusals read as sentences', () => {
  assert.equal(describeRefusal({ code: 'conflict', message: 'Already claimed' }), 'Already claimed');
  assert.equal(describeRefusal({ code: 'rate_limited' }), 'You are sending too fast. Please wait a moment.');
  assert.match(describeRefusal({ code: 'disconnected', message: 'x' }), /Not connected/);
});
