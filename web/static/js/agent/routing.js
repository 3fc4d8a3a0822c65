/**
 * Routing in the agent console (docs/protocol.md §12):
 * - a status switch (Available / Away) in the top bar, sent as SEND /chat/status {"status"};
 * - each agent's status and load ("away · 2/5") beside its name in the Agents list, from the snapshot's agents
 *   and live `agent.status` events on /chat/topic/support;
 * - a short sound and, when allowed, a desktop notification when a conversation is assigned to me automatically
 *   (`conversation.claimed` with "assignedBy": "auto"); the tab itself opens through the console's usual path.
 */
import { el } from '../common.js';

export class RoutingPanel {
  /**
   * @param {{ send: (destination: string, body: object) => Promise<unknown>, me: () => string | undefined, container: HTMLElement, agentsList: HTMLElement }} options
   */
  constructor({ send, me, container, agentsList }) {
    this.send = send;
    this.me = me;
    this.agentsList = agentsList;
    /** @type {Map<string, { status: string, activeConversations: number, capacity: number }>} */
    this.states = new Map();
    this.select = el(
      'select',
      { className: 'status-select', attrs: { id: 'my-status', 'aria-label': 'Your status' } },
      el('option', { text: 'Available', attrs: { value: 'available' } }),
      el('option', { text: 'Away', attrs: { value: 'away' } }),
    );
    this.select.addEventListener('change', () => this.setStatus(this.select.value));
    this.label = el('label', { className: 'status-switch' }, el('span', { text: 'Status' }), this.select);
    container.prepend(this.label);
  }

  /** @param {string} status */
  async setStatus(status) {
    if ('Notification' in window && Notification.permission === 'default') Notification.requestPermission().catch(() => {});
    this.select.disabled = true;
    try {
      await this.send('/chat/status', { status });
    } catch (e) {
      console.warn('status change refused:', e?.message ?? e);
      this.reflectMine();
    } finally {
      this.select.disabled = false;
    }
  }

  /** The snapshot's agents carry status, activeConversations and capacity. @param {any[]} agents */
  onSnapshot(agents) {
    this.states.clear();
    for (const agent of agents ?? []) {
      if (agent.status) this.states.set(agent.id, { status: agent.status, activeConversations: agent.activeConversations ?? 0, capacity: agent.capacity ?? 0 });
    }
    this.reflectMine();
    this.decorate();
  }

  /** Live events of the support topic. @param {any} event */
  onSupportEvent(event) {
    if (event?.type === 'agent.status') {
      this.states.set(event.agentId, { status: event.status, activeConversations: event.activeConversations, capacity: event.capacity });
      if (event.agentId === this.me()) this.reflectMine();
      this.decorate();
    } else if (event?.type === 'conversation.claimed' && event.assignedBy === 'auto' && event.conversation?.agentId === this.me()) {
      this.announce(event.conversation);
    }
  }

  /** Adds "status · load/capacity" to each entry of the Agents list (call after the list is re-rendered). */
  decorate() {
    for (const li of this.agentsList.querySelectorAll('li[data-agent-id]')) {
      const state = this.states.get(li.dataset.agentId);
      let badge = li.querySelector('.agent-load');
      if (!state) {
        badge?.remove();
        continue;
      }
      if (!badge) {
        badge = el('span', { className: 'agent-load' });
        li.append(badge);
      }
      badge.dataset.status = state.status;
      badge.textContent = `${state.status} · ${state.activeConversations}/${state.capacity}`;
    }
  }

  reflectMine() {
    const mine = this.states.get(this.me() ?? '');
    if (mine && (mine.status === 'available' || mine.status === 'away')) this.select.value = mine.status;
  }

  /** @param {any} conversation */
  announce(conversation) {
    beep();
    if ('Notification' in window && Notification.permission === 'granted' && document.hidden) {
      try {
        new Notification('New chat assigned', { body: conversation.customerName || 'A customer', tag: conversation.id });
      } catch {
        // Some browsers allow notifications from a service worker only.
      }
    }
  }
}

let audio = null;

/** A short two-tone chime from Web Audio (no sound file to load). */
function beep() {
  try {
    audio ??= new AudioContext();
    const now = audio.currentTime;
    for (const [i, frequency] of [880, 1320].entries()) {
      const oscillator = audio.createOscillator();
      const gain = audio.createGain();
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.08, now + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.12 + 0.11);
      oscillator.connect(gain).connect(audio.destination);
      oscillator.start(now + i * 0.12);
      oscillator.stop(now + i * 0.12 + 0.12);
    }
  } catch {
    // No audio (autoplay policy or no device): the tab still opens.
  }
}
