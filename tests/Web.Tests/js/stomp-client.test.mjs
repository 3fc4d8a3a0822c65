// Unit tests of web/static/js/stomp-client.js under Node's test runner, with a fake WebSocket.
// Run: node --test tests/Web.Tests/js/   (the xunit test StompClientScriptTests runs this too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  StompClient,
  StompFrameParser,
  StompRefusal,
  compareMessageIds,
  escapeHeader,
  newClientMessageId,
  serializeFrame,
  unescapeHeader,
} from '../../../web/static/js/stomp-client.js';

/** A WebSocket stand-in: records what the client sends, lets the test push server data. */
class FakeSocket {
  static instances = [];

  constructor(url, protocols) {
    this.url = url;
    this.protocols = protocols;
    this.readyState = 0;
    this.sent = [];
    FakeSocket.instances.push(this);
    setTimeout(() => {
      if (this.readyState !== 0) return;
      this.readyState = 1;
      this.onopen?.();
    }, 0);
  }

  send(text) {
    this.sent.push(text);
    const disconnect = /^DISCONNECT\n(?:.*\n)*?receipt:([^\n]*)\n/.exec(text);
    if (disconnect) setTimeout(() => this.receive(`RECEIPT\nreceipt-id:${disconnect[1]}\n\n\0`), 0);
  }

  close(code = 1000) {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.onclose?.({ code, reason: '' });
  }

  /** Server → client data. */
  receive(data) {
    this.onmessage?.({ data });
  }

  /** Frames the client sent, parsed. */
  frames() {
    const frames = [];
    const parser = new StompFrameParser((f) => frames.push(f));
    for (const text of this.sent) parser.push(text);
    return frames;
  }

  static last() {
    return FakeSocket.instances[FakeSocket.instances.length - 1];
  }
}

const until = async (predicate, what, timeoutMs = 2000) => {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
};

const connected = (extra = '') => `CONNECTED\nversion:1.2\nheart-beat:0,0\nuser-name:c-1\n${extra}\n\0`;

function newClient(states, options = {}) {
  FakeSocket.instances = [];
  return new StompClient({
    url: 'ws://example.test/ws',
    token: 'tok:en',
    WebSocketImpl: FakeSocket,
    reconnect: { initialDelay: 5, maxDelay: 20, jitter: 0 },
    receiptTimeout: 1000,
    onStateChange: (s) => states.push(s),
    ...options,
  });
}

test('parser: several frames, heart-beats, CRLF and a frame split over messages', () => {
  const frames = [];
  let beats = 0;
  const parser = new StompFrameParser((f) => frames.push(f), () => beats++);
  parser.push('\n\r\nMESSAGE\r\ndestination:/a\r\n\r\none\0\nMESSAGE\ndestination:/b\n\ntw');
  assert.equal(frames.length, 1);
  parser.push('o\0MESS');
  parser.push('AGE\ndestination:/c\n\nthree\0\n');
  assert.deepEqual(frames.map((f) => [f.headers.destination, f.body]), [['/a', 'one'], ['/b', 'two'], ['/c', 'three']]);
  assert.equal(beats, 4);
});

test('parser: content-length bodies may hold NUL; multi-byte UTF-8; first repeated header wins', () => {
  const frames = [];
  const parser = new StompFrameParser((f) => frames.push(f));
  const bytes = new TextEncoder().encode('MESSAGE\nx:1\nx:2\ncontent-length:6\n\na\0b€\0');
  parser.push(bytes.slice(0, 20));
  parser.push(bytes.slice(20).buffer);
  assert.equal(frames.length, 1);
  assert.equal(frames[0].headers.x, '1');
  assert.equal(frames[0].body, 'a\0b€');
  assert.equal(frames[0].bytes.length, 6);
});

test('header escaping round-trips; CONNECT is not escaped; undefined escapes are errors', () => {
  const value = 'a:b\\c\nd\re';
  assert.equal(escapeHeader(value), 'a\\cb\\\\c\\nd\\re');
  assert.equal(unescapeHeader(escapeHeader(value)), value);
  assert.throws(() => unescapeHeader('bad\\t'));
  assert.equal(unescapeHeader('a\\cb', '1.0'), 'a\\cb');
  assert.match(serializeFrame('CONNECT', { passcode: 'x:y' }), /passcode:x:y\n/);
  assert.match(serializeFrame('SEND', { destination: '/a:b' }, 'é'), /destination:\/a\\cb\ncontent-length:2\n\né\0$/);
});

test('message ids compare by milliseconds then sequence', () => {
  assert.ok(compareMessageIds('9-1', '10-0') < 0);
  assert.ok(compareMessageIds('10-2', '10-10') < 0);
  assert.equal(compareMessageIds('5-5', '5-5'), 0);
  assert.ok(compareMessageIds('1-0', null) > 0);
});

test('connect, subscribe, receipts, refusals', async () => {
  const states = [];
  const client = newClient(states);
  const seen = [];
  client.subscribe('/user/queue/messages', (m) => seen.push(m.json().id), { track: true, since: '0-0' });
  client.subscribe('/user/queue/errors', () => {});
  client.connect();
  await until(() => FakeSocket.last()?.sent.length === 1, 'CONNECT');
  const socket = FakeSocket.last();
  assert.deepEqual(socket.protocols, ['v12.stomp', 'v11.stomp', 'v10.stomp']);
  const connect = socket.frames()[0];
  assert.equal(connect.command, 'CONNECT');
  assert.equal(connect.headers.passcode, 'tok:en');
  assert.equal(connect.headers['heart-beat'], '10000,10000');
  assert.equal(connect.headers['accept-version'], '1.2,1.1,1.0');

  socket.receive(connected());
  assert.equal(client.state, 'connected');
  const subs = socket.frames().filter((f) => f.command === 'SUBSCRIBE');
  assert.equal(subs.length, 2);
  assert.equal(subs[0].headers['x-since'], '0-0');
  assert.notEqual(subs[0].headers.id, subs[1].headers.id);

  const ok = client.send('/chat/message', { message: 'hi' });
  const sendFrame = socket.frames().at(-1);
  assert.equal(sendFrame.command, 'SEND');
  assert.deepEqual(JSON.parse(sendFrame.body), { message: 'hi' });
  socket.receive(`RECEIPT\nreceipt-id:${sendFrame.headers.receipt}\n\n\0`);
  await ok;

  const refused = client.send('/chat/claim', { conversationId: 'x' });
  const claim = socket.frames().at(-1);
  socket.receive(
    `MESSAGE\nsubscription:${subs[1].headers.id}\ndestination:/user/queue/errors\nmessage-id:e1\nreceipt-id:${claim.headers.receipt}\n\n` +
      JSON.stringify({ type: 'error', code: 'conflict', message: 'Already claimed', destination: '/chat/claim' }) + '\0',
  );
  await assert.rejects(refused, (e) => e instanceof StompRefusal && e.code === 'conflict' && e.message === 'Already claimed');

  // Duplicates of a tracked subscription are dropped.
  const msg = (id) => `MESSAGE\nsubscription:${subs[0].headers.id}\ndestination:/user/queue/messages\nmessage-id:${id}\n\n{"id":"${id}"}\0`;
  socket.receive(msg('5-0') + msg('5-0') + msg('6-0'));
  assert.deepEqual(seen, ['5-0', '6-0']);
  await client.disconnect();
  assert.equal(client.state, 'closed');
});

test('reconnects with back-off and resubscribes with x-since of the last id seen', async () => {
  const states = [];
  const client = newClient(states);
  const seen = [];
  const sub = client.subscribe('/user/queue/messages', (m) => seen.push(m.id), { track: true });
  client.connect();
  await until(() => FakeSocket.last()?.sent.length === 1, 'CONNECT');
  let socket = FakeSocket.last();
  socket.receive(connected());
  const subId = socket.frames().find((f) => f.command === 'SUBSCRIBE').headers.id;
  assert.equal(socket.frames().find((f) => f.command === 'SUBSCRIBE').headers['x-since'], undefined);
  socket.receive(`MESSAGE\nsubscription:${subId}\ndestination:/user/queue/messages\nmessage-id:7-3\n\n{}\0`);

  const pending = client.send('/chat/message', { message: 'lost' });
  socket.close(1006);
  await assert.rejects(pending, (e) => e.code === 'disconnected');
  assert.equal(client.state, 'reconnecting');

  await until(() => FakeSocket.instances.length === 2 && FakeSocket.last().sent.length === 1, 'second CONNECT');
  socket = FakeSocket.last();
  socket.receive(connected());
  const again = socket.frames().find((f) => f.command === 'SUBSCRIBE');
  assert.equal(again.headers.id, subId);
  assert.equal(again.headers['x-since'], '7-3');
  // The replay overlaps: the id already seen is not delivered twice.
  socket.receive(
    `MESSAGE\nsubscription:${subId}\ndestination:/user/queue/messages\nmessage-id:7-3\n\n{}\0` +
      `MESSAGE\nsubscription:${subId}\ndestination:/user/queue/messages\nmessage-id:8-0\n\n{}\0`,
  );
  assert.deepEqual(seen, ['7-3', '8-0']);
  assert.equal(sub.lastId, '8-0');
  assert.deepEqual(states, ['connecting', 'connected', 'reconnecting', 'connected']);
  await client.disconnect();
});

test('an ERROR about the token stops reconnecting', async () => {
  const states = [];
  const errors = [];
  const client = newClient(states, { onError: (e) => errors.push(e.message) });
  client.connect();
  await until(() => FakeSocket.last()?.sent.length === 1, 'CONNECT');
  FakeSocket.last().receive('ERROR\nmessage:unauthorized\n\n\0');
  assert.deepEqual(errors, ['unauthorized']);
  assert.equal(client.state, 'closed');
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(FakeSocket.instances.length, 1);
});

test('back-off grows and is capped', async () => {
  const states = [];
  const delays = [];
  FakeSocket.instances = [];
  const client = new StompClient({
    url: 'ws://example.test/ws',
    token: 't',
    WebSocketImpl: FakeSocket,
    reconnect: { initialDelay: 2, maxDelay: 8, factor: 2, jitter: 0 },
    onStateChange: (s, info) => {
      states.push(s);
      if (info?.delay !== undefined) delays.push(info.delay);
    },
  });
  client.connect();
  for (let i = 1; i <= 5; i++) {
    await until(() => FakeSocket.instances.length === i && FakeSocket.last().readyState === 1, `socket ${i}`);
    FakeSocket.last().close(1006);
  }
  await client.disconnect();
  assert.deepEqual(delays, [2, 4, 8, 8, 8]);
  assert.equal(states[0], 'connecting');
});

test('client message ids are 1-64 characters of A-Za-z0-9._:- and unique', () => {
  const a = newClientMessageId();
  const b = newClientMessageId();
  assert.match(a, /^[A-Za-z0-9._:-]{1,64}$/);
  assert.notEqual(a, b);
});

test('sendMessage carries a clientMessageId and resends it after a reconnect until receipted', async () => {
  const states = [];
  const client = newClient(states);
  client.connect();
  await until(() => FakeSocket.last()?.sent.length === 1, 'CONNECT');
  let socket = FakeSocket.last();
  socket.receive(connected());

  const { clientMessageId, done } = client.sendMessage('/chat/message', { message: 'hello' });
  const first = socket.frames().find((f) => f.command === 'SEND');
  assert.equal(JSON.parse(first.body).clientMessageId, clientMessageId);
  assert.equal(JSON.parse(first.body).message, 'hello');
  assert.deepEqual(client.unreceipted, [clientMessageId]);

  // The connection drops before the RECEIPT: the message is kept, not failed.
  socket.close(1006);
  let settled = false;
  done.then(() => { settled = true; }, () => { settled = true; });
  await until(() => FakeSocket.instances.length === 2 && FakeSocket.last().sent.length === 1, 'second CONNECT');
  assert.equal(settled, false);
  socket = FakeSocket.last();
  socket.receive(connected());

  // Sent again with the same clientMessageId; the RECEIPT settles it.
  const resent = socket.frames().find((f) => f.command === 'SEND');
  assert.equal(JSON.parse(resent.body).clientMessageId, clientMessageId);
  socket.receive(`RECEIPT\nreceipt-id:${resent.headers.receipt}\n\n\0`);
  await done;
  assert.deepEqual(client.unreceipted, []);
  await client.disconnect();
});

test('sendMessage keeps a given clientMessageId and rejects on a refusal without resending', async () => {
  const client = newClient([]);
  client.connect();
  await until(() => FakeSocket.last()?.sent.length === 1, 'CONNECT');
  const socket = FakeSocket.last();
  socket.receive(connected());
  const errors = client.subscribe('/user/queue/errors', () => {});
  const { clientMessageId, done } = client.sendMessage('/chat/message', { message: 'x', clientMessageId: 'mine-1' });
  assert.equal(clientMessageId, 'mine-1');
  const send = socket.frames().find((f) => f.command === 'SEND');
  socket.receive(`MESSAGE\nsubscription:${errors.id}\ndestination:/user/queue/errors\nmessage-id:e-1\nreceipt-id:${send.headers.receipt}\n\n{"code":"rejected","message":"no"}\0`);
  await assert.rejects(done, (e) => e.code === 'rejected');
  assert.deepEqual(client.unreceipted, []);
  await client.disconnect();
});

test('per-conversation cursors: x-since lists the highest id of each conversation', async () => {
  const client = newClient([]);
  const sub = client.subscribe('/user/queue/messages', () => {}, { track: true, perConversation: true });
  client.connect();
  await until(() => FakeSocket.last()?.sent.length === 1, 'CONNECT');
  let socket = FakeSocket.last();
  socket.receive(connected());
  const id = socket.frames().find((f) => f.command === 'SUBSCRIBE').headers.id;
  const message = (messageId, conversationId) =>
    `MESSAGE\nsubscription:${id}\ndestination:/user/queue/messages\nmessage-id:${messageId}\n\n${JSON.stringify({ id: messageId, conversationId })}\0`;
  // Ids of different streams interleave: b's 5-0 arrives after a's 9-0.
  socket.receive(message('9-0', 'a') + message('5-0', 'b') + message('4-0', 'b') + message('10-0', 'a'));
  assert.equal(sub.sinceHeader(), 'a=10-0,b=5-0');

  socket.close(1006);
  await until(() => FakeSocket.instances.length === 2 && FakeSocket.last().sent.length === 1, 'second CONNECT');
  socket = FakeSocket.last();
  socket.receive(connected());
  assert.equal(socket.frames().find((f) => f.command === 'SUBSCRIBE').headers['x-since'], 'a=10-0,b=5-0');
  await client.disconnect();
});
