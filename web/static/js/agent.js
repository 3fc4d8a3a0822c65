/**
 * The agent console (`/agent.html`).
 *
 * Flow: login → POST /api/auth/login → token in sessionStorage until it expires → STOMP over /ws:
 * - `/chat/topic/support`: a snapshot (waiting and active conversations, agents) then live events;
 *   drives the waiting queue, the "in progress" list and the agents list.
 * - `/user/queue/messages`: chat messages of the agent's conversations (tracked for `x-since`).
 * - `/user/queue/events`: state changes of the agent's conversations, typing, read receipts,
 *   presence of customers, ratings.
 * - `/user/queue/errors`: refusals; those answering a frame sent with a receipt are shown where the
 *   action happened (the queue item, the conversation panel), the rest at the top.
 * Conversations the agent holds open as tabs, with unread counts; each tab's history is loaded over
 * HTTP when it opens (and again after a reconnect, de-duplicated by message id).
 *
 * @module agent
 */

import { StompClient, StompState } from './stomp-client.js';
import { RoutingPanel } from './agent/routing.js';
import {
  api,
  ApiError,
  Composer,
  describeRefusal,
  el,
  formatDuration,
  loadHistory,
  MessageList,
  preview,
  SessionStore,
  TypingIndicator,
  TypingNotifier,
  webSocketUrl,
} from './common.js';
import { createWorkspace } from './agent/workspace.js';

const STORAGE_KEY = 'customerchat.agent';
/** @type {RoutingPanel | null} status switch, agents' load, auto-assignment chime (js/agent/routing.js) */
let routing = null;
const BASE_TITLE = document.title;

const $ = (id) => document.getElementById(id);
const ui = {
  me: $('me'),
  meName: $('me-name'),
  connection: $('connection'),
  logout: $('logout'),
  banner: $('connection-banner'),
  bannerText: $('connection-text'),
  globalError: $('global-error'),
  login: $('login'),
  loginNotice: $('login-notice'),
  loginForm: $('login-form'),
  username: $('username'),
  password: $('password'),
  loginButton: $('login-button'),
  loginError: $('login-error'),
  console: $('console'),
  queue: $('queue'),
  queueCount: $('queue-count'),
  queueEmpty: $('queue-empty'),
  queueTitle: $('queue-title'),
  inProgress: $('inprogress'),
  inProgressEmpty: $('inprogress-empty'),
  agents: $('agents'),
  tabs: $('tabs'),
  panels: $('panels'),
  workspaceEmpty: $('workspace-empty'),
  panelTemplate: /** @type {HTMLTemplateElement} */ ($('panel-template')),
};

/** @type {{token: string, userId: string, name: string, expiresAt: string} | null} */
let session = null;
/** @type {StompClient | null} */
let client = null;
let messagesSub = null;
let everConnected = false;
let tickTimer = null;
let globalErrorTimer = null;

/** Every conversation we know, by id (latest version). */
const conversations = new Map();
/** Waiting queue items: id → {conversation, element, first}. */
const queueItems = new Map();
/** First message text of waiting conversations (fetched once). */
const firstMessages = new Map();
/** Agents: id → {id, name, online}. */
const agents = new Map();
/** Open conversation tabs: id → ConversationTab. */
const tabs = new Map();
/** Conversations this agent just asked to claim (their tab gets the focus when it opens). */
const pendingClaims = new Set();
let activeTabId = null;
let tabCounter = 0;
/** Canned responses, notes, labels, search, transcripts, invitations, tickets (js/agent/workspace.js). */
const workspace = createWorkspace({
  session: () => session,
  client: () => client,
  openConversation: (conversation) => openConversation(conversation),
  topbar: ui.me,
  sidebar: document.querySelector('.sidebar'),
});

// ---- login ---------------------------------------------------------------------------------------

function showLogin(notice) {
  ui.console.hidden = true;
  ui.me.hidden = true;
  ui.banner.hidden = true;
  ui.login.hidden = false;
  ui.loginNotice.hidden = !notice;
  ui.loginNotice.textContent = notice ?? '';
  document.title = BASE_TITLE;
  ui.username.focus();
}

ui.loginForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  ui.loginError.hidden = true;
  const username = ui.username.value.trim();
  const password = ui.password.value;
  if (!username || !password) {
    ui.loginError.textContent = 'Enter your username and password.';
    ui.loginError.hidden = false;
    (username ? ui.password : ui.username).focus();
    return;
  }
  ui.loginButton.disabled = true;
  ui.loginButton.textContent = 'Signing in…';
  try {
    const answer = await api('/api/auth/login', { body: { username, password } });
    session = { token: answer.token, userId: answer.userId, name: answer.name, expiresAt: answer.expiresAt };
    SessionStore.save(STORAGE_KEY, session);
    ui.password.value = '';
    startConsole();
  } catch (e) {
    ui.loginError.textContent =
      e instanceof ApiError && e.status === 401
        ? 'Wrong username or password.'
        : e instanceof ApiError && e.status === 429
          ? 'Too many attempts. Please wait a minute and try again.'
          : e.message || 'Sign-in failed.';
    ui.loginError.hidden = false;
    ui.password.focus();
  } finally {
    ui.loginButton.disabled = false;
    ui.loginButton.textContent = 'Sign in';
  }
});

ui.logout.addEventListener('click', async () => {
  const old = client;
  client = null;
  SessionStore.clear(STORAGE_KEY);
  session = null;
  resetConsole();
  showLogin('You are signed out.');
  await old?.disconnect();
});

// ---- console -------------------------------------------------------------------------------------

function startConsole() {
  ui.login.hidden = true;
  ui.console.hidden = false;
  ui.me.hidden = false;
  ui.meName.textContent = session.name || session.userId;
  everConnected = false;

  client = new StompClient({
    url: webSocketUrl(),
    token: () => session.token,
    onStateChange: onConnectionState,
    onConnected: () => {
      if (everConnected) {
        // Back after a drop: x-since replays missed messages; the HTTP history is a second net.
        for (const tab of tabs.values()) tab.loadHistory();
      }
      everConnected = true;
    },
    onError: (error) => console.warn('STOMP error:', error.message),
    isFatal: (error) => /unauthori[sz]ed|token expired|invalid token|expired token|account disabled/i.test(error.message),
  });
  routing ??= new RoutingPanel({ send: (destination, body) => client.send(destination, body), me: () => session?.userId, container: ui.me, agentsList: ui.agents });
  client.subscribe('/chat/topic/support', (m) => onSupportEvent(m.json()));
  client.subscribe('/user/queue/events', (m) => onUserEvent(m.json()));
  client.subscribe('/user/queue/errors', (m) => {
    if (m.receiptRejected) return; // shown where it happened
    let body;
    try {
      body = m.json();
    } catch {
      body = { message: m.body };
    }
    showGlobalError(describeRefusal(body));
  });
  messagesSub = client.subscribe('/user/queue/messages', (m) => onChatMessage(m.json()), { track: true, perConversation: true });
  client.connect();
  workspace.start();

  clearInterval(tickTimer);
  tickTimer = setInterval(tick, 1000);
}

function resetConsole() {
  clearInterval(tickTimer);
  workspace.stop();
  for (const tab of tabs.values()) tab.destroy();
  tabs.clear();
  queueItems.clear();
  conversations.clear();
  agents.clear();
  pendingClaims.clear();
  activeTabId = null;
  ui.queue.replaceChildren();
  ui.inProgress.replaceChildren();
  ui.agents.replaceChildren();
  renderQueueMeta();
  renderInProgress();
  renderTabsMeta();
}

function onConnectionState(state, info) {
  const words = {
    connecting: 'Connecting…',
    connected: 'Online',
    reconnecting: 'Reconnecting…',
    closed: 'Offline',
  };
  ui.connection.dataset.state = state;
  ui.connection.textContent = words[state] ?? state;
  ui.banner.hidden = !(state === StompState.RECONNECTING || (state === StompState.CONNECTING && info?.attempt));
  ui.bannerText.textContent = state === StompState.RECONNECTING ? 'Reconnecting…' : 'Connecting…';
  for (const tab of tabs.values()) tab.render();
  if (state === StompState.CONNECTED) {
    hideGlobalError();
    tabs.get(activeTabId)?.maybeSendRead();
  }
  if (state === StompState.CLOSED && info?.reason) {
    if (/expired|unauthori[sz]ed|invalid|account disabled/i.test(info.reason)) {
      SessionStore.clear(STORAGE_KEY);
      session = null;
      client = null;
      resetConsole();
      showLogin(/account disabled/i.test(info.reason) ? 'Your account has been disabled.' : 'Your session has expired. Please sign in again.');
    } else {
      ui.banner.hidden = false;
      ui.bannerText.textContent = `Disconnected: ${info.reason}`;
    }
  }
}

function showGlobalError(text) {
  clearTimeout(globalErrorTimer);
  ui.globalError.textContent = text;
  ui.globalError.hidden = false;
  globalErrorTimer = setTimeout(hideGlobalError, 10000);
}

function hideGlobalError() {
  ui.globalError.hidden = true;
  ui.globalError.textContent = '';
}

function tick() {
  const now = Date.now();
  for (const item of queueItems.values()) {
    const since = Date.parse(item.conversation.createdAt);
    if (!Number.isNaN(since)) item.wait.textContent = formatDuration(now - since);
  }
}

// ---- support topic -------------------------------------------------------------------------------

function onSupportEvent(event) {
  routing?.onSupportEvent(event);
  switch (event?.type) {
    case 'snapshot': {
      const seen = new Set();
      for (const id of [...queueItems.keys()]) removeQueueItem(id, false);
      for (const conversation of event.conversations ?? []) {
        seen.add(conversation.id);
        applyConversation(conversation);
      }
      for (const [id, conversation] of conversations) {
        if (!seen.has(id) && conversation.state !== 'closed') {
          // Closed (or gone) while we were away.
          applyConversation({ ...conversation, state: 'closed' }, 'closed');
        }
      }
      if (Array.isArray(event.agents)) {
        agents.clear();
        for (const agent of event.agents) agents.set(agent.id, { id: agent.id, name: agent.name, online: Boolean(agent.online) });
        if (session && !agents.has(session.userId)) agents.set(session.userId, { id: session.userId, name: session.name, online: true });
        renderAgents();
        routing?.onSnapshot(event.agents);
      }
      break;
    }
    case 'conversation.waiting':
    case 'conversation.updated':
    case 'conversation.claimed':
    case 'conversation.closed':
      applyConversation(event.conversation, event.type.slice('conversation.'.length));
      break;
    case 'conversation.transferred':
      applyConversation(event.conversation, 'transferred', event.fromAgent);
      break;
    case 'conversation.requeued':
      applyConversation(event.conversation, 'requeued', event.fromAgent);
      break;
    case 'customer.connected':
    case 'customer.disconnected':
      for (const tab of tabs.values()) {
        if (tab.conversation.customerId === event.customerId) tab.setPresence(event.type === 'customer.connected');
      }
      break;
    case 'agent.online':
    case 'agent.offline':
      agents.set(event.agentId, { id: event.agentId, name: event.agentName || event.agentId, online: event.type === 'agent.online' });
      renderAgents();
      break;
    default:
      workspace.onSupportEvent(event);
      break;
  }
}

/**
 * Opens a conversation found by search in a tab (or shows its tab when it has one).
 * @param {any} conversation
 */
function openConversation(conversation) {
  if (!conversation?.id) return;
  if (!tabs.has(conversation.id)) {
    const merged = { ...(conversations.get(conversation.id) ?? {}), ...conversation };
    conversations.set(merged.id, merged);
    openTab(merged);
  }
  activateTab(conversation.id, false);
  tabs.get(conversation.id)?.button.focus();
}

/**
 * Applies the newest version of a conversation to every view: queue, in-progress list, tabs.
 * @param {any} conversation
 * @param {string} [reason]
 * @param {string} [fromAgent]
 */
function applyConversation(conversation, reason, fromAgent) {
  if (!conversation?.id) return;
  const known = conversations.get(conversation.id);
  const merged = { ...(known ?? {}), ...conversation };
  conversations.set(merged.id, merged);

  if (merged.state === 'waiting') upsertQueueItem(merged);
  else removeQueueItem(merged.id, true);
  renderInProgress();

  const mine = merged.agentId === session?.userId;
  let tab = tabs.get(merged.id);
  if (!tab && mine && merged.state === 'active') {
    tab = openTab(merged);
    const claimedHere = pendingClaims.delete(merged.id);
    if (claimedHere || activeTabId === null) activateTab(merged.id, claimedHere);
    if (reason === 'transferred') tab.list.addNote(`Transferred to you${fromAgent ? ` by ${agentName(fromAgent)}` : ''}`);
  }
  tab?.update(merged, reason, fromAgent);
  // Closed conversations are only kept while a tab shows them.
  if (merged.state === 'closed' && !tab) {
    conversations.delete(merged.id);
    firstMessages.delete(merged.id);
  }
}

function agentName(id) {
  return agents.get(id)?.name || id;
}

// ---- waiting queue -------------------------------------------------------------------------------

function upsertQueueItem(conversation) {
  let item = queueItems.get(conversation.id);
  if (!item) {
    const name = conversation.customerName || 'Visitor';
    const wait = el('time', { className: 'queue-wait', attrs: { 'aria-label': 'Waiting time' } });
    const first = el('p', { className: 'queue-text queue-first' });
    const last = el('p', { className: 'queue-text queue-last' });
    const claim = el('button', {
      className: 'btn btn-primary btn-small btn-claim',
      text: 'Claim',
      attrs: { type: 'button', 'aria-label': `Claim the chat with ${name}` },
    });
    const error = el('p', { className: 'form-error', attrs: { role: 'alert' } });
    error.hidden = true;
    const element = el(
      'li',
      { className: 'queue-item', dataset: { conversationId: conversation.id } },
      el('span', { className: 'queue-name', text: name }),
      wait,
      first,
      last,
      claim,
      error,
    );
    item = { conversation, element, wait, first, last, claim, error, firstLoading: false };
    queueItems.set(conversation.id, item);
    claim.addEventListener('click', () => claimConversation(conversation.id));
    // Oldest first: insert by createdAt.
    const createdAt = Date.parse(conversation.createdAt) || 0;
    const after = [...queueItems.values()].find(
      (other) => other !== item && other.element.isConnected && (Date.parse(other.conversation.createdAt) || 0) > createdAt,
    );
    ui.queue.insertBefore(element, after?.element ?? null);
    if (!conversation.lastMessage) firstMessages.set(conversation.id, null); // we will see the first one arrive
  }
  item.conversation = conversation;
  const lastMessage = conversation.lastMessage;
  if (lastMessage && firstMessages.get(conversation.id) === null) firstMessages.set(conversation.id, lastMessage);
  if (lastMessage && !firstMessages.has(conversation.id) && !item.firstLoading) fetchFirstMessage(item);
  renderQueueTexts(item);
  renderQueueMeta();
  tick();
}

async function fetchFirstMessage(item) {
  item.firstLoading = true;
  try {
    const result = await api(`/api/conversations/${encodeURIComponent(item.conversation.id)}/messages?limit=1`, { token: session.token });
    const first = (Array.isArray(result) ? result : result?.messages ?? [])[0];
    if (first) firstMessages.set(item.conversation.id, first);
  } catch (e) {
    console.debug('first message not loaded', e);
  } finally {
    item.firstLoading = false;
  }
  if (queueItems.get(item.conversation.id) === item) renderQueueTexts(item);
}

function renderQueueTexts(item) {
  const first = firstMessages.get(item.conversation.id);
  const last = item.conversation.lastMessage;
  const line = (target, label, message) => {
    target.replaceChildren(el('b', { text: `${label}: ` }), preview(message.message));
    target.hidden = false;
  };
  if (first) line(item.first, 'First', first);
  else item.first.hidden = true;
  if (last && (!first || first.id !== last.id)) line(item.last, first ? 'Last' : 'Latest', last);
  else item.last.hidden = true;
  if (!first && !last) {
    item.first.replaceChildren('No message yet');
    item.first.hidden = false;
  }
}

function removeQueueItem(id, keepFocus) {
  const item = queueItems.get(id);
  if (!item) return;
  queueItems.delete(id);
  const hadFocus = item.element.contains(document.activeElement);
  const next = item.element.nextElementSibling ?? item.element.previousElementSibling;
  item.element.remove();
  renderQueueMeta();
  if (hadFocus && keepFocus && !pendingClaims.has(id)) {
    // Keep keyboard users in the queue: move to the neighbour's claim button, or the heading.
    const target = next?.querySelector('.btn-claim') ?? ui.queueTitle;
    if (target === ui.queueTitle) ui.queueTitle.tabIndex = -1;
    target.focus();
  }
}

function renderQueueMeta() {
  const count = queueItems.size;
  ui.queueCount.textContent = String(count);
  ui.queueCount.classList.toggle('badge--muted', count === 0);
  ui.queueEmpty.hidden = count > 0;
}

async function claimConversation(id) {
  const item = queueItems.get(id);
  if (!client?.connected) {
    if (item) showItemError(item, 'Not connected. Try again when the console is back online.');
    return;
  }
  if (item) {
    item.claim.disabled = true;
    item.claim.textContent = 'Claiming…';
    item.error.hidden = true;
  }
  pendingClaims.add(id);
  try {
    await client.send('/chat/claim', { conversationId: id });
  } catch (e) {
    pendingClaims.delete(id);
    const text = e.code === 'conflict' ? 'Another agent has already claimed this chat.' : describeRefusal(e);
    const current = queueItems.get(id);
    if (current) showItemError(current, text);
    else if (!tabs.has(id)) showGlobalError(text);
  } finally {
    const current = queueItems.get(id);
    if (current) {
      current.claim.disabled = false;
      current.claim.textContent = 'Claim';
    }
  }
}

function showItemError(item, text) {
  item.error.textContent = text;
  item.error.hidden = false;
}

// ---- in progress and agents ----------------------------------------------------------------------

function renderInProgress() {
  const active = [...conversations.values()].filter((c) => c.state === 'active');
  ui.inProgress.replaceChildren(
    ...active.map((c) =>
      el(
        'li',
        { dataset: { conversationId: c.id } },
        el('span', { text: c.customerName || 'Visitor' }),
        el('span', { className: 'hint', text: `with ${c.agentId === session?.userId ? 'you' : c.agentName || c.agentId || '—'}` }),
      ),
    ),
  );
  ui.inProgressEmpty.hidden = active.length > 0;
}

function renderAgents() {
  const list = [...agents.values()].sort((a, b) => Number(b.online) - Number(a.online) || String(a.name).localeCompare(String(b.name)));
  ui.agents.replaceChildren(
    ...list.map((agent) =>
      el(
        'li',
        { dataset: { agentId: agent.id } },
        el('span', { className: `presence-dot${agent.online ? ' presence-dot--online' : ''}`, attrs: { 'aria-hidden': 'true' } }),
        el('span', { text: agent.id === session?.userId ? `${agent.name} (you)` : agent.name }),
        el('span', { className: 'visually-hidden', text: agent.online ? 'online' : 'offline' }),
      ),
    ),
  );
  for (const tab of tabs.values()) tab.renderTransferOptions();
  routing?.decorate();
}

// ---- user queues ---------------------------------------------------------------------------------

function onUserEvent(event) {
  switch (event?.type) {
    case 'conversation.state':
      if (event.conversation) applyConversation(event.conversation, event.reason);
      break;
    case 'typing':
      if (event.userId !== session.userId) tabs.get(event.conversationId)?.indicator.set(Boolean(event.typing), event.name);
      break;
    case 'read':
      if (event.userId !== session.userId) tabs.get(event.conversationId)?.list.markRead(event.messageId);
      break;
    case 'presence':
      if (event.userId !== session.userId) tabs.get(event.conversationId)?.setPresence(Boolean(event.online));
      break;
    case 'conversation.rated':
      tabs.get(event.conversationId)?.showRating(event.score, event.comment);
      break;
    default:
      break;
  }
}

function onChatMessage(message) {
  if (!message?.id || !message.conversationId) return;
  let tab = tabs.get(message.conversationId);
  if (!tab) {
    const known = conversations.get(message.conversationId);
    const fromCustomer = message.senderRole === 'customer';
    tab = openTab(
      known ?? {
        id: message.conversationId,
        state: 'active',
        customerId: fromCustomer ? message.userFrom : message.userTo,
        customerName: fromCustomer ? message.senderName : 'Customer',
        agentId: session.userId,
        agentName: session.name,
      },
    );
    // A claim's history can arrive before its conversation.claimed event: the claimed tab still comes forward.
    if (pendingClaims.delete(message.conversationId)) activateTab(tab.id, true);
    else if (activeTabId === null) activateTab(tab.id, false);
  }
  if (!tab.list.add(message)) return;
  if (message.userFrom !== session.userId) {
    tab.indicator.set(false);
    if (tab.isVisible()) tab.maybeSendRead();
    else tab.setUnread(tab.unread + 1);
  }
}

// ---- tabs ----------------------------------------------------------------------------------------

/**
 * One conversation the agent works on: a tab button and its panel.
 */
class ConversationTab {
  /** @param {any} conversation */
  constructor(conversation) {
    const n = ++tabCounter;
    this.id = conversation.id;
    this.conversation = conversation;
    this.unread = 0;
    this.lastReadSent = null;
    this.presence = null;
    this.transferredTo = null;
    this.loading = null;

    this.nameLabel = el('span', { className: 'tab-name' });
    this.badge = el('span', { className: 'badge', attrs: { 'aria-hidden': 'true' } });
    this.badge.hidden = true;
    this.unreadText = el('span', { className: 'visually-hidden' });
    this.presenceDot = el('span', { className: 'presence-dot', attrs: { 'aria-hidden': 'true' } });
    this.button = el(
      'button',
      {
        className: 'tab',
        attrs: { type: 'button', role: 'tab', id: `tab-${n}`, 'aria-controls': `panel-${n}`, 'aria-selected': 'false', tabindex: '-1' },
        dataset: { conversationId: conversation.id },
      },
      this.presenceDot,
      this.nameLabel,
      this.badge,
      this.unreadText,
    );
    this.button.addEventListener('click', () => activateTab(this.id, false));
    this.button.addEventListener('keydown', (event) => onTabKeydown(event, this.id));

    const fragment = /** @type {DocumentFragment} */ (ui.panelTemplate.content.cloneNode(true));
    this.panel = /** @type {HTMLElement} */ (fragment.querySelector('.panel'));
    this.panel.id = `panel-${n}`;
    this.panel.setAttribute('aria-labelledby', `tab-${n}`);
    this.panel.dataset.conversationId = conversation.id;
    this.panel.hidden = true;
    this.title = this.panel.querySelector('.panel-name');
    this.titleDot = this.panel.querySelector('.panel-title .presence-dot');
    this.sub = this.panel.querySelector('.panel-sub');
    this.alert = this.panel.querySelector('.panel-alert');
    this.ratingLine = this.panel.querySelector('.panel-rating');
    this.transferForm = this.panel.querySelector('.transfer-form');
    this.transferSelect = this.panel.querySelector('.transfer-select');
    this.transferButton = this.panel.querySelector('.transfer-button');
    this.closeButton = this.panel.querySelector('.close-button');
    const transferLabel = this.panel.querySelector('.transfer-label');
    this.transferSelect.id = `transfer-${n}`;
    transferLabel.htmlFor = this.transferSelect.id;
    const textarea = this.panel.querySelector('.composer-input');
    textarea.id = `reply-${n}`;
    this.panel.querySelector('.composer-label').htmlFor = textarea.id;
    const hint = this.panel.querySelector('.composer-hint');
    const counter = this.panel.querySelector('.counter');
    hint.id = `reply-hint-${n}`;
    counter.id = `reply-counter-${n}`;
    textarea.setAttribute('aria-describedby', `${hint.id} ${counter.id}`);

    this.list = new MessageList(this.panel.querySelector('.messages'), {
      selfId: () => session?.userId,
      selfRole: 'agent',
      onRetry: (text) => this.send(text),
    });
    this.indicator = new TypingIndicator(this.panel.querySelector('.typing'));
    this.typing = new TypingNotifier((typing) => {
      if (client?.connected && this.isOpen() && !this.tools?.noteMode) {
        client.send('/chat/typing', { conversationId: this.id, typing }, { receipt: false }).catch(() => {});
      }
    });
    this.composer = new Composer(this.panel.querySelector('.composer'), {
      onSend: (text) => this.send(text),
      onTyping: () => this.typing.input(),
      onStopTyping: () => this.typing.stop(),
    });

    this.transferForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.transfer();
    });
    this.closeButton.addEventListener('click', () => (this.isOpen() ? this.close() : removeTab(this.id)));

    ui.tabs.append(this.button);
    ui.panels.append(this.panel);
    this.tools = workspace.attachTab(this);
    this.update(conversation);
    this.renderTransferOptions();
  }

  /** Whether this agent can still write here (active and assigned to it). */
  isOpen() {
    return this.conversation.state === 'active' && this.conversation.agentId === session?.userId;
  }

  /** Whether the agent is looking at this conversation now. */
  isVisible() {
    return activeTabId === this.id && document.visibilityState === 'visible';
  }

  /**
   * @param {any} conversation
   * @param {string} [reason]
   * @param {string} [fromAgent]
   */
  update(conversation, reason, fromAgent) {
    const before = this.conversation;
    this.conversation = { ...before, ...conversation };
    const c = this.conversation;
    const name = c.customerName || 'Visitor';
    this.nameLabel.textContent = name;
    this.title.textContent = name;
    this.list.root.setAttribute('aria-label', `Messages with ${name}`);
    this.composer.input.placeholder = `Reply to ${name}…`;
    if (c.state === 'closed' && before.state !== 'closed' && reason) {
      this.list.addNote(reason === 'idle' ? 'The chat was closed after a period of inactivity' : 'The chat has ended');
    }
    if (reason === 'transferred' && c.agentId !== session?.userId && before.agentId === session?.userId) {
      this.transferredTo = c.agentName || c.agentId;
      this.list.addNote(`Transferred to ${this.transferredTo}`);
    }
    if (c.rating) this.showRating(c.rating.score, c.rating.comment);
    this.tools?.update(c);
    void fromAgent;
    this.render();
  }

  /** Refreshes the header line, the buttons and the composer from the state. */
  render() {
    const c = this.conversation;
    const connected = Boolean(client?.connected);
    let sub;
    if (c.state === 'closed') sub = 'Chat ended';
    else if (c.agentId !== session?.userId) sub = `Transferred to ${this.transferredTo || c.agentName || c.agentId}`;
    else sub = c.createdAt ? `Started ${new Date(c.createdAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : 'Active';
    if (this.presence !== null && c.state === 'active') sub += this.presence ? ' · online' : ' · away';
    this.sub.textContent = sub;
    const open = this.isOpen();
    this.button.classList.toggle('tab--closed', !open);
    this.transferForm.hidden = !open;
    this.closeButton.textContent = open ? 'Close chat' : 'Remove tab';
    this.closeButton.classList.toggle('btn-danger', open);
    this.closeButton.disabled = open && !connected;
    this.composer.setEnabled(open && connected);
    this.composer.form.hidden = !open;
  }

  /** @param {boolean} online */
  setPresence(online) {
    this.presence = online;
    for (const dot of [this.presenceDot, this.titleDot]) dot.classList.toggle('presence-dot--online', online);
    this.button.title = `${this.conversation.customerName || 'Visitor'} is ${online ? 'online' : 'away'}`;
    this.render();
  }

  /** @param {number} count */
  setUnread(count) {
    this.unread = count;
    this.badge.textContent = String(count);
    this.badge.hidden = count === 0;
    this.unreadText.textContent = count ? `, ${count} unread` : '';
    updateTitle();
  }

  showRating(score, comment) {
    const stars = '★'.repeat(score) + '☆'.repeat(Math.max(0, 5 - score));
    this.ratingLine.textContent = `Rated ${stars} (${score}/5)${comment ? ` — “${comment}”` : ''}`;
    this.ratingLine.hidden = false;
  }

  /** Loads (or reloads) the history over HTTP; messages already shown are skipped. */
  loadHistory() {
    if (this.loading) return this.loading;
    this.loading = (async () => {
      try {
        const history = await loadHistory(this.id, session.token);
        for (const message of history) this.list.add(message);
        if (this.isVisible()) this.maybeSendRead();
      } catch (e) {
        this.showAlert(`The history could not be loaded: ${e.message}`);
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  /** Sends /chat/read for the newest customer message when the agent looks at it. */
  maybeSendRead() {
    if (!client?.connected || !this.isVisible()) return;
    const last = this.list.lastFromOthers();
    if (!last || last.id === this.lastReadSent) return;
    this.lastReadSent = last.id;
    client.send('/chat/read', { conversationId: this.id, messageId: last.id }).catch((e) => {
      this.lastReadSent = null;
      console.debug('read receipt not accepted', e);
    });
  }

  async send(text) {
    if (!client?.connected) {
      this.composer.showError('Not connected. Your reply was not sent.');
      this.composer.input.value = text;
      this.composer.update();
      return;
    }
    const note = Boolean(this.tools?.noteMode);
    const { clientMessageId, done } = note
      ? { clientMessageId: undefined, done: this.tools.sendNote(text) }
      : client.sendMessage('/chat/message', {
        userFrom: session.userId,
        userTo: this.conversation.customerId ?? undefined,
        conversationId: this.id,
        message: text,
      });
    const pending = this.list.addPending(text, session.name, clientMessageId, note);
    try {
      await done;
      pending.sent();
    } catch (e) {
      pending.failed(describeRefusal(e));
      this.composer.showError(describeRefusal(e));
    }
  }

  async close() {
    if (!client?.connected) return;
    this.closeButton.disabled = true;
    this.hideAlert();
    try {
      await client.send('/chat/close', { conversationId: this.id });
    } catch (e) {
      this.showAlert(describeRefusal(e));
    } finally {
      this.render();
    }
  }

  async transfer() {
    const toAgent = this.transferSelect.value;
    this.hideAlert();
    if (!toAgent) {
      this.showAlert('Choose an agent to transfer to.');
      this.transferSelect.focus();
      return;
    }
    if (!client?.connected) {
      this.showAlert('Not connected. Try again when the console is back online.');
      return;
    }
    this.transferButton.disabled = true;
    try {
      await client.send('/chat/transfer', { conversationId: this.id, toAgent });
    } catch (e) {
      this.showAlert(describeRefusal(e));
    } finally {
      this.transferButton.disabled = false;
    }
  }

  renderTransferOptions() {
    const previous = this.transferSelect.value;
    const others = [...agents.values()].filter((a) => a.online && a.id !== session?.userId);
    const options = others.length
      ? [el('option', { text: 'Choose an agent', attrs: { value: '' } }), ...others.map((a) => el('option', { text: a.name || a.id, attrs: { value: a.id } }))]
      : [el('option', { text: 'Nobody else online', attrs: { value: '' } })];
    this.transferSelect.replaceChildren(...options);
    if (others.some((a) => a.id === previous)) this.transferSelect.value = previous;
    this.transferSelect.disabled = others.length === 0;
    this.transferButton.disabled = others.length === 0;
  }

  showAlert(text) {
    this.alert.textContent = text;
    this.alert.hidden = false;
  }

  hideAlert() {
    this.alert.hidden = true;
    this.alert.textContent = '';
  }

  destroy() {
    this.tools?.destroy();
    this.typing.stop();
    this.indicator.set(false);
    this.button.remove();
    this.panel.remove();
  }
}

function openTab(conversation) {
  const tab = new ConversationTab(conversation);
  tabs.set(conversation.id, tab);
  renderTabsMeta();
  tab.loadHistory();
  return tab;
}

/**
 * Shows a conversation, marks it read, optionally moves the focus to its reply field.
 * @param {string} id
 * @param {boolean} focusComposer
 */
function activateTab(id, focusComposer) {
  const tab = tabs.get(id);
  if (!tab) return;
  activeTabId = id;
  for (const other of tabs.values()) {
    const selected = other === tab;
    other.button.setAttribute('aria-selected', selected ? 'true' : 'false');
    other.button.tabIndex = selected ? 0 : -1;
    other.panel.hidden = !selected;
  }
  tab.setUnread(0);
  tab.list.scrollToEnd();
  tab.maybeSendRead();
  if (focusComposer) {
    if (tab.isOpen()) tab.composer.input.focus();
    else tab.button.focus();
  }
}

function removeTab(id) {
  const tab = tabs.get(id);
  if (!tab) return;
  const order = [...tabs.keys()];
  const index = order.indexOf(id);
  tab.destroy();
  tabs.delete(id);
  if (activeTabId === id) {
    activeTabId = null;
    const nextId = order[index + 1] ?? order[index - 1];
    if (nextId && tabs.has(nextId)) {
      activateTab(nextId, false);
      tabs.get(nextId).button.focus();
    } else {
      ui.queueTitle.tabIndex = -1;
      ui.queueTitle.focus();
    }
  }
  renderTabsMeta();
  updateTitle();
}

function onTabKeydown(event, id) {
  const order = [...tabs.keys()];
  const index = order.indexOf(id);
  let target = null;
  if (event.key === 'ArrowRight') target = order[(index + 1) % order.length];
  else if (event.key === 'ArrowLeft') target = order[(index - 1 + order.length) % order.length];
  else if (event.key === 'Home') target = order[0];
  else if (event.key === 'End') target = order[order.length - 1];
  if (target === null || target === undefined) return;
  event.preventDefault();
  activateTab(target, false);
  tabs.get(target).button.focus();
}

function renderTabsMeta() {
  ui.tabs.hidden = tabs.size === 0;
  ui.workspaceEmpty.hidden = tabs.size > 0;
}

function updateTitle() {
  let total = 0;
  for (const tab of tabs.values()) total += tab.unread;
  document.title = total ? `(${total}) ${BASE_TITLE}` : BASE_TITLE;
}

document.addEventListener('visibilitychange', () => tabs.get(activeTabId)?.maybeSendRead());
window.addEventListener('focus', () => tabs.get(activeTabId)?.maybeSendRead());

// ---- boot ----------------------------------------------------------------------------------------

session = SessionStore.load(STORAGE_KEY);
if (session) startConsole();
else showLogin();

void messagesSub;
