/**
 * The chat panel of the website widget (/widget.html, inside the iframe that widget.js opens).
 *
 * Boot: GET /api/widget/config (open, available, departments, pre-chat fields, offline message,
 * language) → the strings of that language → the stored session, if any, goes straight to the chat;
 * else the pre-chat form (and, while offline, the offline message, an email field and a message field).
 * The form's values go to POST /api/auth/guest; the token stays in this origin's storage. The chat is
 * STOMP over /ws: /user/queue/events (state, queue position, typing), /user/queue/messages (recovered
 * with x-since after a reload), /user/queue/errors. The launcher learns only the unread count.
 *
 * @module widget/app
 */

import { StompClient, StompState } from '../stomp-client.js';
import { api, ApiError, Composer, loadHistory, TypingIndicator, TypingNotifier, webSocketUrl } from '../common.js';
import { applyStrings, loadStrings, pickLocale } from './i18n.js';
import { HostBridge } from './bridge.js';
import { WidgetSession } from './store.js';
import { WidgetMessages } from './messages.js';
import { PreChatForm } from './prechat.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const ui = {
  status: $('chat-status'),
  endChat: $('end-chat'),
  minimize: $('minimize'),
  offline: $('offline-banner'),
  offlineMessage: $('offline-message'),
  nextOpen: $('next-open'),
  banner: $('connection-banner'),
  bannerText: $('connection-text'),
  loadError: $('load-error'),
  prechat: $('prechat'),
  conversation: $('conversation'),
  messages: $('messages'),
  queue: $('queue-position'),
  typing: $('typing'),
  composer: $('composer'),
};

/** @type {import('./i18n.js').Strings} */
let strings;
let config = null;
let session = null;
/** @type {StompClient|null} */
let client = null;
let conversation = null;
let pendingFirstMessage = null;
let readTimer = null;
let lastReadSent = null;

const bridge = new HostBridge(params, { onOpenChange: (open) => onPanelVisibility(open) });
const list = new WidgetMessages(ui.messages, { selfId: () => session?.userId, strings: () => strings, onRetry: (text) => sendMessage(text) });
const typingIndicator = new TypingIndicator(ui.typing);
const typingNotifier = new TypingNotifier((typing) => {
  if (client?.connected) client.send('/chat/typing', { typing }, { receipt: false }).catch(() => {});
});
const composer = new Composer(ui.composer, {
  onSend: (text) => sendMessage(text),
  onTyping: () => typingNotifier.input(),
  onStopTyping: () => typingNotifier.stop(),
});
let prechat = null;

// ---- boot ----------------------------------------------------------------------------------------

async function boot() {
  const requested = params.get('locale') || pickLocale(null, navigator.languages ?? [navigator.language]);
  const query = new URLSearchParams({ locale: requested });
  if (params.get('department')) query.set('department', params.get('department'));
  try {
    config = await api(`/api/widget/config?${query}`);
    strings = await loadStrings(pickLocale(config.locale), navigator.languages ?? []);
  } catch (e) {
    strings = strings ?? (await loadStrings('en').catch(() => null));
    ui.loadError.textContent = strings ? strings.t('loadError') : 'The chat is not available right now.';
    ui.loadError.hidden = false;
    document.body.dataset.state = 'error';
    bridge.post('ready');
    return;
  }
  document.documentElement.lang = strings.locale;
  document.title = strings.t('title');
  applyStrings(document, strings);
  ui.minimize.hidden = !bridge.embedded;
  renderAvailability();

  prechat = new PreChatForm({ config, strings, department: params.get('department'), offline: !config.available, onSubmit: start });
  session = WidgetSession.load();
  if (session) startChat();
  else showPrechat();
  bridge.post('ready');
}

function renderAvailability() {
  const offline = !config.available;
  ui.offline.hidden = !offline;
  ui.offlineMessage.textContent = config.offlineMessage ?? '';
  const next = config.nextOpen ? new Date(config.nextOpen) : null;
  ui.nextOpen.hidden = !next;
  ui.nextOpen.textContent = next ? strings.t('nextOpen', { time: strings.opening(next) }) : '';
  document.body.dataset.availability = offline ? 'offline' : 'online';
}

function showPrechat(notice) {
  document.body.dataset.state = 'prechat';
  ui.conversation.hidden = true;
  ui.endChat.hidden = true;
  ui.prechat.hidden = false;
  ui.status.textContent = strings.t(config.available ? 'statusOnline' : 'statusOffline');
  prechat.showNotice(notice);
  if (bridge.open) prechat.focus();
}

/** Pre-chat form submitted with valid values: get a guest token, connect, send the offline message if any. */
async function start(values) {
  const body = { locale: strings.locale };
  for (const key of ['name', 'email', 'department']) if (values[key]) body[key] = values[key];
  const answer = await api('/api/auth/guest', { body });
  session = { token: answer.token, userId: answer.userId, name: answer.name, expiresAt: answer.expiresAt, seenUpTo: null };
  WidgetSession.save(session);
  pendingFirstMessage = values.message || null;
  await startChat();
}

// ---- chat ----------------------------------------------------------------------------------------

async function startChat() {
  document.body.dataset.state = 'chat';
  ui.prechat.hidden = true;
  ui.conversation.hidden = false;
  ui.status.textContent = strings.t('statusConnecting');
  composer.setEnabled(false);
  if (bridge.open) composer.input.focus();

  if (session.conversationId) {
    try {
      for (const message of await loadHistory(session.conversationId, session.token)) list.add(message);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) return expire();
      console.warn('History over HTTP failed; the broker replays it instead.', e);
    }
  }
  reportUnread();

  client = new StompClient({ url: webSocketUrl(), token: () => session.token, onStateChange, onError: (error) => console.warn('STOMP error:', error.message) });
  client.subscribe('/user/queue/events', (m) => onEvent(m.json()));
  client.subscribe('/user/queue/errors', (m) => {
    if (m.receiptRejected) return;
    try {
      composer.showError(refusal(m.json()));
    } catch {
      composer.showError(strings.t('refusal.invalid'));
    }
  });
  const messages = client.subscribe('/user/queue/messages', (m) => onChatMessage(m.json()), { track: true, since: list.lastId ?? '0-0' });
  for (const id of list.byId.keys()) messages.noteSeen(id);
  client.connect();
}

function expire() {
  WidgetSession.clear();
  client?.disconnect?.();
  client = null;
  session = null;
  conversation = null;
  list.clear();
  bridge.unread(0);
  showPrechat(strings.t('expired'));
}

function onStateChange(state, info) {
  if (state === StompState.CONNECTED) {
    ui.banner.hidden = true;
    composer.setEnabled(true);
    composer.clearError();
    renderState();
    scheduleRead();
    if (pendingFirstMessage) {
      const text = pendingFirstMessage;
      pendingFirstMessage = null;
      sendMessage(text);
    }
  } else if (state === StompState.RECONNECTING || (state === StompState.CONNECTING && info?.attempt)) {
    ui.banner.hidden = false;
    ui.bannerText.textContent = strings.t('reconnecting');
    composer.setEnabled(false);
  } else if (state === StompState.CLOSED) {
    composer.setEnabled(false);
    if (info?.reason && /expired|unauthori[sz]ed|invalid/iu.test(info.reason)) expire();
  }
}

function onEvent(event) {
  switch (event?.type) {
    case 'conversation.state':
      onConversationState(event.conversation, event.reason);
      break;
    case 'queue.position':
      showQueuePosition(event);
      break;
    case 'typing':
      if (event.userId === session?.userId) break;
      typingIndicator.set(Boolean(event.typing));
      if (event.typing) ui.typing.textContent = strings.t('typing', { name: event.name || strings.t('agent') });
      break;
    default:
      break;
  }
}

function onConversationState(next, reason) {
  const previous = conversation;
  conversation = next ?? null;
  if (conversation) {
    if (previous && previous.id !== conversation.id && previous.state === 'closed') list.addNote(strings.t('newConversation'));
    if (session.conversationId !== conversation.id) {
      session.conversationId = conversation.id;
      WidgetSession.save(session);
    }
    if (conversation.state === 'closed' && previous?.state !== 'closed' && (reason === 'closed' || reason === 'idle')) list.addNote(strings.t(reason === 'idle' ? 'chatIdle' : 'chatEnded'));
    if (conversation.state === 'active' && previous?.state !== 'active' && reason === 'claimed') list.addNote(strings.t('agentJoined', { name: conversation.agentName || strings.t('agent') }));
    if (reason === 'transferred') list.addNote(strings.t('transferred', { name: conversation.agentName || strings.t('agent') }));
    if (conversation.state === 'waiting' && typeof conversation.queuePosition === 'number') showQueuePosition({ position: conversation.queuePosition });
  }
  renderState();
}

function showQueuePosition(event) {
  if (typeof event.position !== 'number' || (conversation && conversation.state !== 'waiting')) return;
  ui.queue.textContent = strings.queuePosition(event);
  ui.queue.hidden = false;
}

function renderState() {
  const state = conversation?.state;
  const key = { waiting: 'statusWaiting', active: 'statusActive', closed: 'statusClosed' }[state] ?? 'statusStart';
  ui.status.textContent = strings.t(key, { name: conversation?.agentName || strings.t('agent') });
  ui.endChat.hidden = !(state === 'waiting' || state === 'active');
  if (state !== 'waiting') ui.queue.hidden = true;
  if (state !== 'active') typingIndicator.set(false);
  composer.input.placeholder = strings.t(state === 'closed' ? 'placeholderNew' : 'placeholder');
}

function onChatMessage(message) {
  if (!message?.id || !list.add(message)) return;
  if (!list.isOwn(message)) {
    typingIndicator.set(false);
    scheduleRead();
  }
  reportUnread();
}

async function sendMessage(text) {
  if (!client?.connected) {
    composer.showError(strings.t('refusal.disconnected'));
    return;
  }
  const pending = list.addPending(text);
  try {
    await client.send('/chat/message', { userFrom: session.userId, message: text });
    pending.sent();
  } catch (e) {
    pending.failed(refusal(e));
    composer.showError(refusal(e));
  }
}

/** Words for a refusal from /user/queue/errors or a failed send, in the widget's language. */
function refusal(error) {
  const code = error?.code ?? (error?.fatal === false ? 'invalid' : null);
  if (code === 'rejected' && error?.message) return error.message;
  const key = `refusal.${code}`;
  return strings.t(key) !== key ? strings.t(key) : error?.message || strings.t('refusal.invalid');
}

// ---- unread and read -------------------------------------------------------------------------------

/** While the panel shows and the page is visible, everything is seen; else the launcher gets the count. */
function reportUnread() {
  if (!session) return bridge.unread(0);
  const visible = bridge.open && document.visibilityState === 'visible';
  if (visible && list.lastOtherId && list.lastOtherId !== session.seenUpTo) {
    session.seenUpTo = list.lastOtherId;
    WidgetSession.save(session);
  }
  bridge.unread(visible ? 0 : list.unreadAfter(session.seenUpTo));
}

function onPanelVisibility(open) {
  reportUnread();
  if (!open) return;
  scheduleRead();
  if (!ui.prechat.hidden) prechat?.focus();
  else if (!ui.conversation.hidden) composer.input.focus();
}

function scheduleRead() {
  clearTimeout(readTimer);
  readTimer = setTimeout(sendRead, 150);
}

function sendRead() {
  if (!client?.connected || !bridge.open || document.visibilityState !== 'visible') return;
  const last = list.lastOtherId;
  if (!last || lastReadSent === last) return;
  lastReadSent = last;
  client.send('/chat/read', { conversationId: list.byId.get(last)?.conversationId, messageId: last }).catch(() => {
    lastReadSent = null;
  });
}

document.addEventListener('visibilitychange', () => {
  reportUnread();
  scheduleRead();
});
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && bridge.embedded) bridge.post('close');
});
ui.minimize.addEventListener('click', () => bridge.post('close'));
ui.endChat.addEventListener('click', async () => {
  if (!client?.connected) return;
  ui.endChat.disabled = true;
  try {
    await client.send('/chat/close', {});
  } catch (e) {
    composer.showError(refusal(e));
  } finally {
    ui.endChat.disabled = false;
  }
});

boot();
