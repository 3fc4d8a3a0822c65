/**
 * The customer chat page (`/`).
 *
 * Flow: optional name → POST /api/auth/guest → token kept in sessionStorage until it expires →
 * STOMP over /ws with the token → `/user/queue/events` (conversation state, typing, read receipts,
 * presence), `/user/queue/messages` (chat messages, recovered with `x-since`), `/user/queue/errors`.
 * After a reload the current conversation's history comes back over HTTP once, then the STOMP
 * subscription resumes after the last id loaded; the message list drops any id it already shows.
 *
 * @module customer
 */

import { StompClient, StompState } from './stomp-client.js';
import { readInvitation } from './invitation.js';
import {
  api,
  ApiError,
  Composer,
  describeRefusal,
  loadHistory,
  MessageList,
  SessionStore,
  TypingIndicator,
  TypingNotifier,
  webSocketUrl,
} from './common.js';
import { showOpeningHours } from './customer-hours.js';

const STORAGE_KEY = 'customerchat.customer';

const $ = (id) => document.getElementById(id);
const ui = {
  status: $('chat-status'),
  presence: $('agent-presence'),
  endChat: $('end-chat'),
  banner: $('connection-banner'),
  bannerText: $('connection-text'),
  welcome: $('welcome'),
  welcomeNotice: $('welcome-notice'),
  startForm: $('start-form'),
  nameInput: $('name-input'),
  startButton: $('start-button'),
  startError: $('start-error'),
  conversation: $('conversation'),
  messages: $('messages'),
  typing: $('typing'),
  ratingForm: $('rating-form'),
  ratingComment: $('rating-comment'),
  ratingSubmit: $('rating-submit'),
  ratingError: $('rating-error'),
  ratingThanks: $('rating-thanks'),
  composer: $('composer'),
};

/** @type {{token: string, userId: string, name: string, expiresAt: string, conversationId?: string, rated?: string[], readUpTo?: Record<string,string>} | null} */
let session = null;
/** @type {StompClient | null} */
let client = null;
/** The customer's current conversation as last reported by the broker. */
let conversation = null;
let messagesSub = null;
let lastReadSent = null;
let readTimer = null;

const list = new MessageList(ui.messages, {
  selfId: () => session?.userId,
  selfRole: 'customer',
  onRetry: (text) => sendMessage(text),
});
const typingIndicator = new TypingIndicator(ui.typing);
const typingNotifier = new TypingNotifier((typing) => {
  if (client?.connected) client.send('/chat/typing', { typing, conversationId: openConversationId() }, { receipt: false }).catch(() => {});
});
const composer = new Composer(ui.composer, {
  onSend: (text) => sendMessage(text),
  onTyping: () => typingNotifier.input(),
  onStopTyping: () => typingNotifier.stop(),
});

function saveSession() {
  if (session) SessionStore.save(STORAGE_KEY, session);
}

/** The id of the conversation that is still open (waiting or active), if any. */
function openConversationId() {
  return conversation && conversation.state !== 'closed' ? conversation.id : undefined;
}

// ---- start ---------------------------------------------------------------------------------------

function showWelcome(notice) {
  ui.conversation.hidden = true;
  ui.endChat.hidden = true;
  ui.welcome.hidden = false;
  ui.status.textContent = 'We usually reply in a few minutes';
  ui.welcomeNotice.hidden = !notice;
  ui.welcomeNotice.textContent = notice ?? '';
  ui.nameInput.focus();
}

ui.startForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  ui.startError.hidden = true;
  ui.startButton.disabled = true;
  ui.startButton.textContent = 'Starting…';
  try {
    const name = ui.nameInput.value.trim();
    const answer = await api('/api/auth/guest', { body: name ? { name } : {} });
    session = { token: answer.token, userId: answer.userId, name: answer.name, expiresAt: answer.expiresAt, rated: [], readUpTo: {} };
    saveSession();
    await startChat();
  } catch (e) {
    ui.startError.textContent =
      e instanceof ApiError && e.status === 429 ? 'Too many attempts. Please wait a minute and try again.' : e.message || 'The chat could not start.';
    ui.startError.hidden = false;
  } finally {
    ui.startButton.disabled = false;
    ui.startButton.textContent = 'Start chat';
  }
});

async function startChat() {
  ui.welcome.hidden = true;
  ui.conversation.hidden = false;
  ui.status.textContent = 'Connecting…';
  composer.setEnabled(false);
  composer.input.focus();

  // History of the conversation this tab was in, once, before live messages.
  if (session.conversationId) {
    try {
      const history = await loadHistory(session.conversationId, session.token);
      for (const message of history) list.add(message);
      const readUpTo = session.readUpTo?.[session.conversationId];
      if (readUpTo) list.markRead(readUpTo);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        SessionStore.clear(STORAGE_KEY);
        session = null;
        showWelcome('Your chat session has expired. Start a new chat any time.');
        return;
      }
      console.warn('History could not be loaded over HTTP; the broker replays it instead.', e);
    }
  }

  client = new StompClient({
    url: webSocketUrl(),
    token: () => session.token,
    onStateChange: onConnectionState,
    onError: (error) => console.warn('STOMP error:', error.message),
  });
  client.subscribe('/user/queue/events', (m) => onEvent(m.json()));
  client.subscribe('/user/queue/errors', (m) => {
    if (m.receiptRejected) return; // shown where the frame was sent
    const body = safeJson(m);
    composer.showError(describeRefusal(body));
  });
  // Resume after the last message shown; with none, ask for everything of this customer ("0-0").
  messagesSub = client.subscribe('/user/queue/messages', (m) => onChatMessage(m.json()), {
    track: true,
    since: list.lastId ?? '0-0',
  });
  for (const id of list.byId.keys()) messagesSub.noteSeen(id);
  client.connect();
}

function safeJson(m) {
  try {
    return m.json();
  } catch {
    return { message: m.body };
  }
}

// ---- connection ----------------------------------------------------------------------------------

function onConnectionState(state, info) {
  switch (state) {
    case StompState.CONNECTING:
      ui.banner.hidden = info?.attempt ? false : true;
      ui.bannerText.textContent = 'Connecting…';
      composer.setEnabled(false);
      break;
    case StompState.CONNECTED:
      ui.banner.hidden = true;
      composer.setEnabled(true);
      composer.clearError();
      renderConversationState();
      scheduleRead();
      break;
    case StompState.RECONNECTING:
      ui.banner.hidden = false;
      ui.bannerText.textContent = 'Reconnecting…';
      composer.setEnabled(false);
      typingIndicator.set(false);
      break;
    case StompState.CLOSED:
      composer.setEnabled(false);
      if (info?.reason && /expired|unauthori[sz]ed|invalid/i.test(info.reason)) {
        SessionStore.clear(STORAGE_KEY);
        session = null;
        client = null;
        list.clear();
        conversation = null;
        showWelcome('Your chat session has expired. Start a new chat any time.');
      } else if (info?.reason) {
        ui.banner.hidden = false;
        ui.bannerText.textContent = `Disconnected: ${info.reason}`;
      }
      break;
  }
}

// ---- events --------------------------------------------------------------------------------------

function onEvent(event) {
  switch (event?.type) {
    case 'conversation.state':
      onConversationState(event.conversation, event.reason);
      break;
    case 'typing':
      if (event.userId !== session.userId) typingIndicator.set(Boolean(event.typing), event.name);
      break;
    case 'read':
      if (event.userId !== session.userId && event.messageId) {
        list.markRead(event.messageId);
        session.readUpTo = { ...(session.readUpTo ?? {}), [event.conversationId]: list.readUpTo };
        saveSession();
      }
      break;
    case 'queue.position':
      queuePosition = event;
      renderConversationState();
      break;
    case 'presence':
      if (event.role === 'agent' || event.userId !== session.userId) {
        ui.presence.hidden = false;
        ui.presence.classList.toggle('presence-dot--online', Boolean(event.online));
        ui.presence.title = `${event.name || 'The agent'} is ${event.online ? 'online' : 'away'}`;
      }
      break;
    default:
      break;
  }
}

function onConversationState(next, reason) {
  const previous = conversation;
  conversation = next ?? null;
  if (conversation) {
    if (previous && previous.id !== conversation.id && previous.state === 'closed') {
      list.addNote('New conversation');
      ui.ratingThanks.hidden = true;
    }
    if (session.conversationId !== conversation.id) {
      session.conversationId = conversation.id;
      saveSession();
    }
    if (conversation.state === 'closed' && previous?.state !== 'closed' && (reason === 'closed' || reason === 'idle')) {
      list.addNote(reason === 'idle' ? 'The chat was closed after a period of inactivity' : 'The chat has ended');
    }
    if (conversation.state === 'active' && reason === 'claimed' && previous?.state !== 'active') {
      list.addNote(`${conversation.agentName || 'An agent'} joined the chat`);
    }
    if (reason === 'transferred') list.addNote(`You are now chatting with ${conversation.agentName || 'another agent'}`);
    if (reason === 'requeued') list.addNote('Your agent had to leave; you are back at the front of the queue');
  }
  renderConversationState();
}

// The latest queue.position of the waiting conversation (docs/protocol.md §12), or null.
let queuePosition = null;

/** "You are number N in the queue, about M minutes" while waiting, from queue.position or the state's queuePosition. */
function queueText() {
  const live = queuePosition?.conversationId === conversation?.id ? queuePosition : null;
  const position = live?.position ?? conversation?.queuePosition;
  if (!position) return 'Waiting for an agent…';
  const seconds = live?.estimatedWaitSeconds;
  const minutes = seconds == null ? null : Math.max(1, Math.round(seconds / 60));
  return `You are number ${position} in the queue${minutes == null ? '' : `, about ${minutes} minute${minutes === 1 ? '' : 's'}`}`;
}

function renderConversationState() {
  const state = conversation?.state;
  if (!conversation) {
    ui.status.textContent = 'Send us a message to start';
  } else if (state === 'waiting') {
    ui.status.textContent = queueText();
  } else if (state === 'active') {
    ui.status.textContent = `You are chatting with ${conversation.agentName || 'an agent'}`;
  } else if (state === 'closed') {
    ui.status.textContent = 'The chat has ended';
  }
  ui.endChat.hidden = !(state === 'waiting' || state === 'active');
  if (state !== 'active') ui.presence.hidden = true;

  const rated = conversation && (conversation.rating || session?.rated?.includes(conversation.id));
  const showRating = state === 'closed' && !rated;
  if (showRating && ui.ratingForm.hidden) {
    ui.ratingForm.hidden = false;
    ui.ratingError.hidden = true;
    list.scrollToEnd();
  } else if (!showRating) {
    ui.ratingForm.hidden = true;
  }
  if (state !== 'active') typingIndicator.set(false);
  composer.input.placeholder = state === 'closed' ? 'Write to start a new chat…' : 'Write a message…';
}

// ---- messages ------------------------------------------------------------------------------------

function onChatMessage(message) {
  if (!message?.id) return;
  if (!list.add(message)) return;
  if (message.userFrom !== session.userId) {
    typingIndicator.set(false);
    scheduleRead();
  }
}

async function sendMessage(text) {
  if (!client?.connected) {
    composer.showError('Not connected. Your message was not sent.');
    composer.input.value = text;
    composer.update();
    return;
  }
  // A customer's message always goes to its own conversation (a new one after a close). It carries a
  // clientMessageId: resent after a reconnect until receipted, stored once, and matched to its bubble by id.
  const { clientMessageId, done } = client.sendMessage('/chat/message', { userFrom: session.userId, message: text });
  const pending = list.addPending(text, session.name, clientMessageId);
  try {
    await done;
    pending.sent();
  } catch (e) {
    pending.failed(describeRefusal(e));
    composer.showError(describeRefusal(e));
  }
}

/** Tells the agent we have read up to the newest message, when the page is visible. */
function scheduleRead() {
  clearTimeout(readTimer);
  readTimer = setTimeout(sendRead, 150);
}

function sendRead() {
  if (!client?.connected || document.visibilityState !== 'visible') return;
  const last = list.lastFromOthers();
  if (!last || lastReadSent === last.id) return;
  lastReadSent = last.id;
  client.send('/chat/read', { conversationId: last.conversationId, messageId: last.id }).catch((e) => {
    lastReadSent = null;
    console.debug('read receipt not accepted', e);
  });
}

document.addEventListener('visibilitychange', scheduleRead);
window.addEventListener('focus', scheduleRead);

// ---- end and rating ------------------------------------------------------------------------------

ui.endChat.addEventListener('click', async () => {
  if (!client?.connected) return;
  ui.endChat.disabled = true;
  try {
    await client.send('/chat/close', { conversationId: openConversationId() });
  } catch (e) {
    composer.showError(describeRefusal(e));
  } finally {
    ui.endChat.disabled = false;
  }
});

ui.ratingForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const score = Number(new FormData(ui.ratingForm).get('score'));
  if (!score) {
    ui.ratingError.textContent = 'Please choose from 1 to 5 stars.';
    ui.ratingError.hidden = false;
    ui.ratingForm.querySelector('input[name="score"]').focus();
    return;
  }
  if (!client?.connected || !conversation) {
    ui.ratingError.textContent = 'Not connected. Please try again in a moment.';
    ui.ratingError.hidden = false;
    return;
  }
  ui.ratingSubmit.disabled = true;
  ui.ratingError.hidden = true;
  const comment = ui.ratingComment.value.trim();
  const ratedId = conversation.id;
  try {
    await client.send('/chat/rate', { conversationId: ratedId, score, ...(comment ? { comment } : {}) });
    session.rated = [...(session.rated ?? []), ratedId];
    saveSession();
    ui.ratingForm.hidden = true;
    ui.ratingForm.reset();
    ui.ratingThanks.hidden = false;
    composer.input.focus();
  } catch (e) {
    ui.ratingError.textContent = describeRefusal(e);
    ui.ratingError.hidden = false;
  } finally {
    ui.ratingSubmit.disabled = false;
  }
});

// ---- boot ----------------------------------------------------------------------------------------

// Outside business hours the page says when the team is back (a message sent now still reaches the queue).
showOpeningHours(ui.banner);

session = readInvitation() ?? SessionStore.load(STORAGE_KEY);
if (session) {
  saveSession();
  startChat();
} else {
  showWelcome();
}
