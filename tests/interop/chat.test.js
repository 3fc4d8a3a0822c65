// The customer-service chat (docs/protocol.md §5, §6, §10, docs/protocol.md) driven by two @stomp/stompjs
// clients: a guest customer and the demo agent alice (broker started with --environment
// Development). One conversation from arrival to rating, checked from both sides.
//
// The steps share one conversation, so they run in order and, once a step fails, the later ones
// are skipped rather than failing for the same cause: the counts show how far the chat got.

import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  TEST_TIMEOUT_MS,
  compareMessageIds,
  guestCustomer,
  jsonOf,
  loginAgent,
  openSession,
  tryJsonOf,
} from './helpers.js';

const MESSAGE_ID = /^\d+-\d+$/;

/** Checks the delivered ChatMessage shape and that the MESSAGE's message-id is its id. */
function assertChatMessage(message, expected) {
  const body = jsonOf(message);
  assert.match(body.id, MESSAGE_ID, 'message ids have the form <milliseconds>-<sequence>');
  assert.equal(message.headers['message-id'], body.id, 'the MESSAGE frame\'s message-id is the message id');
  for (const [key, value] of Object.entries(expected)) {
    assert.deepEqual(body[key], value, `ChatMessage.${key}`);
  }
  assert.ok(!Number.isNaN(Date.parse(body.timestamp)), `an ISO 8601 timestamp (got ${body.timestamp})`);
  return body;
}

/** Asserts that a list of message ids strictly increases. */
function assertIncreasing(ids, who) {
  for (let i = 1; i < ids.length; i++) {
    assert.ok(compareMessageIds(ids[i - 1], ids[i]) < 0, `${who}: ids increase (${ids.join(', ')})`);
  }
}

/** The chat text of every ChatMessage received on a /user/queue/messages subscription. */
const textsOf = (queue) => queue.all.map((m) => tryJsonOf(m)?.message);

describe('chat: a conversation from arrival to rating', () => {
  let broken; // the name of the first failed step
  const step = (name, fn) =>
    it(name, { timeout: TEST_TIMEOUT_MS }, async (t) => {
      if (broken) {
        t.skip(`an earlier step failed: "${broken}"`);
        return;
      }
      try {
        await fn();
      } catch (err) {
        broken = name;
        throw err;
      }
    });

  const sessions = [];
  after(() => Promise.all(sessions.map((s) => s.close())));
  async function connect(options) {
    const session = await openSession(options);
    sessions.push(session);
    return session;
  }

  // What the steps share.
  let ada; // the guest login: {token, userId, role, name}
  let aliceLogin;
  let alice, support, aliceMessages, aliceEvents, aliceErrors;
  let customer, customerEvents, customerMessages, customerErrors;
  let snapshot, conversationId;
  let hello, agentMsgAtCustomer, replyAtCustomer;
  const fromAgent = 'Hi Ada, Alice here. How can I help?';
  const fromCustomer = 'My order #1234 has not arrived — ünïcödé 👋';

  step('tokens: a guest customer and the agent alice', async () => {
    aliceLogin = await loginAgent('alice');
    assert.equal(aliceLogin.role, 'agent');
    assert.equal(aliceLogin.userId, 'alice', 'an agent\'s id is its username');
    ada = await guestCustomer('Ada');
    assert.equal(ada.role, 'customer');
    assert.match(ada.userId, /^c-/, 'customer ids start with c-');
    assert.equal(ada.name, 'Ada');
  });

  step('alice subscribes to the support topic and gets a snapshot first', async () => {
    alice = await connect({ token: aliceLogin.token, label: 'alice' });
    support = await alice.subscribe('/chat/topic/support');
    aliceMessages = await alice.subscribe('/user/queue/messages');
    aliceEvents = await alice.subscribe('/user/queue/events');
    aliceErrors = await alice.subscribe('/user/queue/errors');

    snapshot = jsonOf(await support.next(undefined, { what: 'the snapshot' }));
    assert.equal(snapshot.type, 'snapshot', 'the first MESSAGE on the support topic is the snapshot');
    assert.ok(Array.isArray(snapshot.conversations), 'the snapshot lists conversations');
  });

  step('the customer connects; its conversation waits and alice is told', async () => {
    customer = await connect({ token: ada.token, label: 'ada' });
    assert.equal(customer.connectedFrame.headers['user-name'], ada.userId);
    customerEvents = await customer.subscribe('/user/queue/events');
    customerMessages = await customer.subscribe('/user/queue/messages');
    customerErrors = await customer.subscribe('/user/queue/errors');

    const first = jsonOf(await customerEvents.next(undefined, { what: 'the first event' }));
    assert.equal(first.type, 'conversation.state', 'the first MESSAGE on /user/queue/events is the state');
    assert.equal(first.conversation?.state, 'waiting');
    assert.equal(first.conversation.customerId, ada.userId);
    conversationId = first.conversation.id;
    assert.ok(conversationId, 'the conversation has an id');

    // As conversation.waiting, or already in the snapshot had the conversation raced ahead of it.
    if (!snapshot.conversations.some((c) => c.id === conversationId)) {
      const waiting = jsonOf(
        await support.nextOfType('conversation.waiting', (j) => j.conversation?.id === conversationId),
      );
      assert.equal(waiting.conversation.state, 'waiting');
      assert.equal(waiting.conversation.customerId, ada.userId);
      assert.equal(waiting.conversation.customerName, 'Ada');
    }
  });

  step('a message sent while waiting is stored (RECEIPT) and echoed to the customer', async () => {
    await customer.sendWithReceipt('/chat/message', { message: 'hello' }, { errorsQueue: customerErrors });
    hello = assertChatMessage(
      await customerMessages.next((m) => tryJsonOf(m)?.message === 'hello', { what: 'the customer\'s "hello"' }),
      {
        conversationId,
        userFrom: ada.userId,
        userTo: null,
        senderRole: 'customer',
        senderName: 'Ada',
        message: 'hello',
      },
    );
  });

  step('alice claims the conversation and the customer learns her name', async () => {
    await alice.sendWithReceipt('/chat/claim', { conversationId }, { errorsQueue: aliceErrors });
    const claimed = jsonOf(
      await support.nextOfType('conversation.claimed', (j) => j.conversation?.id === conversationId),
    );
    assert.equal(claimed.conversation.agentId, 'alice');
    const active = jsonOf(
      await customerEvents.nextOfType('conversation.state', (j) => j.conversation?.state === 'active'),
    );
    assert.equal(active.conversation.id, conversationId);
    assert.equal(active.conversation.agentId, 'alice');
    assert.equal(active.conversation.agentName, 'Alice');
  });

  step('alice\'s message reaches both parties\' /user/queue/messages', async () => {
    await alice.sendWithReceipt(
      '/chat/message',
      { conversationId, userTo: ada.userId, message: fromAgent },
      { errorsQueue: aliceErrors },
    );
    const expected = {
      conversationId,
      userFrom: 'alice',
      userTo: ada.userId,
      senderRole: 'agent',
      senderName: 'Alice',
      message: fromAgent,
    };
    agentMsgAtCustomer = assertChatMessage(
      await customerMessages.next((m) => tryJsonOf(m)?.message === fromAgent, { what: 'alice\'s message' }),
      expected,
    );
    const atAgent = assertChatMessage(
      await aliceMessages.next((m) => tryJsonOf(m)?.message === fromAgent, { what: 'alice\'s own message' }),
      expected,
    );
    assert.equal(atAgent.id, agentMsgAtCustomer.id, 'both parties see the same message id');
  });

  step('the customer\'s reply reaches both parties\' /user/queue/messages', async () => {
    await customer.sendWithReceipt('/chat/message', { message: fromCustomer }, { errorsQueue: customerErrors });
    const expected = {
      conversationId,
      userFrom: ada.userId,
      userTo: 'alice',
      senderRole: 'customer',
      senderName: 'Ada',
      message: fromCustomer,
    };
    replyAtCustomer = assertChatMessage(
      await customerMessages.next((m) => tryJsonOf(m)?.message === fromCustomer, { what: 'the customer\'s reply' }),
      expected,
    );
    const atAgent = assertChatMessage(
      await aliceMessages.next((m) => tryJsonOf(m)?.message === fromCustomer, { what: 'the reply at alice' }),
      expected,
    );
    assert.equal(atAgent.id, replyAtCustomer.id, 'both parties see the same message id');
  });

  step('message ids increase, and each message arrived once, in order', async () => {
    assertIncreasing([hello.id, agentMsgAtCustomer.id, replyAtCustomer.id], 'customer');
    assert.deepEqual(textsOf(customerMessages), ['hello', fromAgent, fromCustomer], 'the customer\'s queue');
    const aliceIds = aliceMessages.all
      .map((m) => tryJsonOf(m))
      .filter((j) => j?.conversationId === conversationId)
      .map((j) => j.id);
    assertIncreasing(aliceIds, 'alice');
  });

  step('alice closes the conversation and the customer sees it closed', async () => {
    await alice.sendWithReceipt('/chat/close', { conversationId }, { errorsQueue: aliceErrors });
    const closed = jsonOf(
      await customerEvents.nextOfType('conversation.state', (j) => j.conversation?.state === 'closed'),
    );
    assert.equal(closed.conversation.id, conversationId);
    await support.nextOfType('conversation.closed', (j) => j.conversation?.id === conversationId);
  });

  step('the customer rates the closed conversation (RECEIPT) and alice is told', async () => {
    const receipt = await customer.sendWithReceipt(
      '/chat/rate',
      { score: 5, comment: 'quick and kind' },
      { errorsQueue: customerErrors },
    );
    assert.equal(receipt.command, 'RECEIPT');
    const rated = jsonOf(
      await aliceEvents.nextOfType('conversation.rated', (j) => j.conversationId === conversationId),
    );
    assert.equal(rated.score, 5);
    assert.equal(rated.comment, 'quick and kind');
  });

  step('no refusal reached either party', async () => {
    assert.deepEqual(customerErrors.all.map((m) => m.body), [], 'the customer\'s /user/queue/errors');
    assert.deepEqual(aliceErrors.all.map((m) => m.body), [], 'alice\'s /user/queue/errors');
  });
});
