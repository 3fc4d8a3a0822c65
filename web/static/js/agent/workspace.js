/**
 * The agent workspace features of the console, wired into agent.js through a few hooks:
 * - per conversation tab: the `/` canned-response picker and the private-note switch in the composer
 *   (canned-picker.js, notes.js) and the tools row with labels, transcript, email and ticket (panel-tools.js);
 * - for the console: the search box (search.js), "Invite customer" (invite.js), and a link to the agent admin
 *   page for administrators.
 * Controls whose endpoint the broker does not serve stay hidden (features.js).
 *
 * @module agent/workspace
 */

import { el } from '../common.js';
import { attachCannedPicker, forgetCannedResponses } from './canned-picker.js';
import { detectFeatures } from './features.js';
import { attachInvite } from './invite.js';
import { attachNoteToggle, isUnsupported } from './notes.js';
import { attachPanelTools } from './panel-tools.js';
import { attachSearch } from './search.js';

/**
 * @param {{
 *   session: () => ({token: string, userId: string, name: string} | null),
 *   client: () => any,
 *   openConversation: (conversation: any) => void,
 *   topbar: HTMLElement,
 *   sidebar: HTMLElement,
 * }} ctx
 */
export function createWorkspace(ctx) {
  const token = () => ctx.session()?.token ?? '';
  /** @type {Map<string, any>} tab handles by conversation id */
  const handles = new Map();
  /** @type {Record<string, boolean> | null} */
  let features = null;
  let generation = 0;
  const parts = [];

  function attachTools(handle) {
    if (!features || handle.tools) return;
    handle.tools = attachPanelTools({ panel: handle.tab.panel, conversation: () => handle.tab.conversation, token, features });
    handle.tools.update(handle.tab.conversation);
  }

  return {
    /** Call when the console starts (after sign-in). */
    async start() {
      const mine = ++generation;
      parts.push(attachSearch({ sidebar: ctx.sidebar, token, open: ctx.openConversation }));
      const detected = await detectFeatures(token());
      if (mine !== generation) return;
      features = detected;
      if (features.invitations) parts.push(attachInvite({ topbar: ctx.topbar, token }));
      if (features.admin) {
        const link = el('a', { className: 'btn btn-small', text: 'Manage agents', attrs: { href: '/admin.html', id: 'admin-link' } });
        ctx.topbar.prepend(link);
        parts.push({ destroy: () => link.remove() });
      }
      for (const handle of handles.values()) attachTools(handle);
    },

    /** Call when the console is reset (sign-out, expired session). */
    stop() {
      generation++;
      features = null;
      forgetCannedResponses();
      for (const part of parts.splice(0)) part.destroy();
    },

    /** Support-topic events agent.js does not handle itself (e.g. `note.created` for an open tab). */
    onSupportEvent(event) {
      if (event?.type !== 'note.created') return;
      const message = event.message ?? event.note;
      if (message?.conversationId) handles.get(message.conversationId)?.tab.list.add(message);
    },

    /**
     * Adds the features to a conversation tab.
     * @param {any} tab a ConversationTab of agent.js (id, panel, conversation, composer, list)
     */
    attachTab(tab) {
      const note = attachNoteToggle(tab.composer.form);
      const picker = attachCannedPicker({
        form: tab.composer.form,
        input: tab.composer.input,
        conversationId: tab.id,
        token,
      });
      const handle = {
        tab,
        tools: null,
        /** Whether the next send is a private note. */
        get noteMode() {
          return note.on;
        },
        /** SENDs `/chat/note`; a broker without notes hides the switch. */
        async sendNote(text) {
          try {
            await ctx.client().send('/chat/note', { conversationId: tab.id, message: text });
          } catch (e) {
            if (!isUnsupported(e)) throw e;
            const reason = 'Private notes are not available on this server.';
            note.disable(reason);
            throw Object.assign(new Error(reason), { code: e.code });
          }
        },
        update(conversation) {
          handle.tools?.update(conversation);
        },
        destroy() {
          picker.destroy();
          note.destroy();
          handle.tools?.destroy();
          handles.delete(tab.id);
        },
      };
      handles.set(tab.id, handle);
      attachTools(handle);
      return handle;
    },
  };
}
