// STOMP 1.2 basics with the most used STOMP client, @stomp/stompjs, over `ws`.
// Plain /topic/<name> destinations are pub/sub among agents (docs/protocol.md §5–6), so these tests connect
// as the demo agents alice and bob (broker started with --environment Development).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Client } from '@stomp/stompjs';
import { WebSocket } from 'ws';
import {
  STOMP_SUBPROTOCOLS,
  TEST_TIMEOUT_MS,
  TIMEOUT_MS,
  WS_URL,
  connectFor,
  loginAgent,
  newReceiptId,
  uniqueName,
  withTimeout,
} from './helpers.js';

const opts = { timeout: TEST_TIMEOUT_MS };

test('CONNECT: CONNECTED with version 1.2, the v12.stomp sub-protocol and the user name', opts, async (t) => {
  const { token, userId } = await loginAgent('alice');
  const alice = await connectFor(t, { token, label: 'alice' });

  const headers = alice.connectedFrame.headers;
  assert.equal(headers.version, '1.2');
  assert.equal(alice.ws.protocol, 'v12.stomp', 'the server picks the highest sub-protocol offered');
  assert.equal(headers['user-name'], userId);
  assert.ok(headers.session, 'CONNECTED carries a session header');
  assert.ok(headers.server, 'CONNECTED carries a server header');
});

test('SEND and MESSAGE: a text body reaches a subscriber of /topic/x', opts, async (t) => {
  const alice = await connectFor(t, { token: (await loginAgent('alice')).token, label: 'alice' });
  const bob = await connectFor(t, { token: (await loginAgent('bob')).token, label: 'bob' });

  const inbox = await alice.subscribe('/topic/x');
  const text = `hello from bob ✓ ${uniqueName('text')}`;
  bob.send('/topic/x', text, { 'content-type': 'text/plain;charset=utf-8' });

  const message = await inbox.next((m) => m.body === text, { what: 'the text message' });
  assert.equal(message.command, 'MESSAGE');
  assert.equal(message.headers.destination, '/topic/x');
  assert.equal(message.headers.subscription, inbox.id);
  assert.ok(message.headers['message-id'], 'MESSAGE carries a message-id');
  assert.equal(message.headers['content-type'], 'text/plain;charset=utf-8');
  assert.equal(message.body, text);
});

test('SEND and MESSAGE: a binary body with NUL bytes arrives byte for byte', opts, async (t) => {
  const alice = await connectFor(t, { token: (await loginAgent('alice')).token, label: 'alice' });
  const bob = await connectFor(t, { token: (await loginAgent('bob')).token, label: 'bob' });

  const topic = `/topic/${uniqueName('binary')}`;
  const inbox = await alice.subscribe(topic);
  // NUL (the frame terminator), LF, and bytes that are not valid UTF-8: only content-length
  // can carry these, and the broker must pass them through untouched.
  const payload = new Uint8Array([0x00, 0x01, 0x02, 0x00, 0x0a, 0xff, 0xfe, 0x00, 0x80, 0x7f, 0x00]);
  bob.send(topic, payload, { 'content-type': 'application/octet-stream' });

  const message = await inbox.next(undefined, { what: 'the binary message' });
  assert.equal(message.headers['content-length'], String(payload.length));
  assert.equal(message.headers['content-type'], 'application/octet-stream');
  assert.deepEqual(Array.from(message.binaryBody), Array.from(payload));
});

test('RECEIPT: a SEND with a receipt header is acknowledged with that receipt-id', opts, async (t) => {
  const bob = await connectFor(t, { token: (await loginAgent('bob')).token, label: 'bob' });

  const receipt = await bob.sendWithReceipt(`/topic/${uniqueName('receipt')}`, 'with a receipt');
  assert.equal(receipt.command, 'RECEIPT');
  assert.match(receipt.headers['receipt-id'], /^send-/);
});

test('UNSUBSCRIBE: no more delivery to the removed subscription', opts, async (t) => {
  const alice = await connectFor(t, { token: (await loginAgent('alice')).token, label: 'alice' });
  const bob = await connectFor(t, { token: (await loginAgent('bob')).token, label: 'bob' });

  const topic = `/topic/${uniqueName('unsub')}`;
  const removed = await alice.subscribe(topic);
  // A second subscription of the same connection to the same topic is the fence: the broker
  // fans one publish out to both in one pass, into one outbound queue, so once `fence` has seen
  // a later message, anything meant for `removed` would already have arrived.
  const fence = await alice.subscribe(topic);

  bob.send(topic, 'before');
  await removed.next((m) => m.body === 'before', { what: '"before" on the subscription to remove' });
  await fence.next((m) => m.body === 'before', { what: '"before" on the fence subscription' });

  await alice.unsubscribe(removed); // waits for the RECEIPT of UNSUBSCRIBE

  await bob.sendWithReceipt(topic, 'after');
  await bob.sendWithReceipt(topic, 'fence');
  await fence.next((m) => m.body === 'after', { what: '"after" on the fence subscription' });
  await fence.next((m) => m.body === 'fence', { what: '"fence" on the fence subscription' });

  // stompjs drops the callback on unsubscribe; a late MESSAGE for it would land in
  // onUnhandledMessage, which the session records.
  const late = [...removed.all.slice(1), ...alice.unhandledMessages.all];
  assert.deepEqual(
    late.map((m) => `${m.headers.subscription}: ${m.body}`),
    [],
    'nothing is delivered to a subscription after its UNSUBSCRIBE',
  );
});

test('heart-beats: negotiated both ways, and the server sends EOL heart-beats', opts, async (t) => {
  const alice = await connectFor(t, {
    token: (await loginAgent('alice')).token,
    label: 'alice',
    heartbeatIncoming: 1000,
    heartbeatOutgoing: 1000,
  });

  const header = alice.connectedFrame.headers['heart-beat'];
  assert.match(header ?? '', /^\d+,\d+$/, 'CONNECTED carries heart-beat: sx,sy');
  const [serverSends, serverWants] = header.split(',').map(Number);
  assert.ok(serverSends > 0, `the server offers to send heart-beats (heart-beat: ${header})`);
  assert.ok(serverWants > 0, `the server asks for the client's heart-beats (heart-beat: ${header})`);

  // The server sends every max(sx, 1000) ms; allow two of those plus scheduling slack.
  const interval = Math.max(serverSends, 1000);
  assert.ok(interval <= 10000, `a heart-beat interval this test can wait for (got ${interval} ms)`);
  const bound = 2 * interval + 2000;
  const first = await alice.heartbeats.next(undefined, { timeoutMs: bound, what: 'a first heart-beat' });
  const second = await alice.heartbeats.next(undefined, { timeoutMs: bound, what: 'a second heart-beat' });
  assert.ok(second >= first);

  // stompjs has heart-beated meanwhile (every max(1000, sy) ms): the session is still alive.
  assert.equal(alice.client.connected, true);
  assert.equal(alice.errors.all.length, 0, 'no ERROR frame');
  await alice.sendWithReceipt(`/topic/${uniqueName('hb')}`, 'still here');
});

test('CONNECT with a bad token: ERROR "unauthorized", then the server closes', opts, async (t) => {
  let ws;
  let connected = false;
  const client = new Client({
    brokerURL: WS_URL,
    webSocketFactory: () => (ws = new WebSocket(WS_URL, STOMP_SUBPROTOCOLS, { handshakeTimeout: TIMEOUT_MS })),
    connectHeaders: { login: 'x', passcode: 'garbage' },
    reconnectDelay: 0,
    heartbeatIncoming: 0,
    heartbeatOutgoing: 0,
  });
  t.after(() => withTimeout(client.deactivate({ force: true }), TIMEOUT_MS, 'the client to stop').catch(() => ws?.terminate()));

  const gotError = new Promise((resolve) => {
    client.onStompError = resolve;
  });
  const closed = new Promise((resolve) => {
    client.onWebSocketClose = resolve;
  });
  client.onConnect = () => {
    connected = true;
  };
  client.activate();

  // The ERROR frame is read before the close that follows it; a close without one fails at once.
  const closedFirst = closed.then((ev) => {
    throw new Error(`the connection closed (code ${ev?.code}) without an ERROR frame`);
  });
  const frame = await withTimeout(Promise.race([gotError, closedFirst]), TIMEOUT_MS, 'the ERROR frame for a bad token');
  assert.equal(frame.command, 'ERROR');
  assert.equal(frame.headers.message, 'unauthorized');
  await withTimeout(closed, TIMEOUT_MS, 'the server to close the connection after ERROR');
  assert.equal(connected, false, 'no CONNECTED for a bad token');
});
