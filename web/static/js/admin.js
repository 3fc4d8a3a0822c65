/**
 * The agent admin page (`/admin.html`): administrators list, create, edit, disable, enable and delete the agent
 * accounts kept by the broker (`GET/POST /api/agents`, `PUT/DELETE /api/agents/{username}`). Accounts from the
 * configuration are shown read-only. The sign-in is the agent console's (same session storage).
 *
 * @module admin
 */

import { api, ApiError, el, SessionStore } from './common.js';

const STORAGE_KEY = 'customerchat.agent';
const $ = (id) => document.getElementById(id);
const ui = {
  me: $('me'),
  meName: $('me-name'),
  logout: $('logout'),
  login: $('login'),
  loginNotice: $('login-notice'),
  loginForm: $('login-form'),
  username: $('username'),
  password: $('password'),
  loginButton: $('login-button'),
  loginError: $('login-error'),
  admin: $('admin'),
  forbidden: $('forbidden'),
  accountsSection: $('accounts-section'),
  formSection: $('form-section'),
  status: $('status'),
  accounts: $('accounts'),
  formTitle: $('form-title'),
  form: $('account-form'),
  fUsername: $('f-username'),
  fDisplay: $('f-display'),
  fPassword: $('f-password'),
  fCapacity: $('f-capacity'),
  fDepartments: $('f-departments'),
  fLocale: $('f-locale'),
  fAdmin: $('f-admin'),
  fDisabled: $('f-disabled'),
  fSubmit: $('f-submit'),
  fCancel: $('f-cancel'),
  formError: $('form-error'),
};

/** @type {{token: string, userId: string, name: string, expiresAt: string} | null} */
let session = null;
/** The username being edited, or null when the form creates. */
let editing = null;
/** Accounts by username, as last listed. */
const accounts = new Map();

// ---- sign-in -------------------------------------------------------------------------------------

function showLogin(notice) {
  ui.admin.hidden = true;
  ui.me.hidden = true;
  ui.login.hidden = false;
  ui.loginNotice.hidden = !notice;
  ui.loginNotice.textContent = notice ?? '';
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
    return;
  }
  ui.loginButton.disabled = true;
  try {
    const answer = await api('/api/auth/login', { body: { username, password } });
    session = { token: answer.token, userId: answer.userId, name: answer.name, expiresAt: answer.expiresAt };
    SessionStore.save(STORAGE_KEY, session);
    ui.password.value = '';
    start();
  } catch (e) {
    ui.loginError.textContent = e instanceof ApiError && e.status === 401 ? 'Wrong username or password.' : e.message || 'Sign-in failed.';
    ui.loginError.hidden = false;
  } finally {
    ui.loginButton.disabled = false;
  }
});

ui.logout.addEventListener('click', () => {
  SessionStore.clear(STORAGE_KEY);
  session = null;
  showLogin('You are signed out.');
});

// ---- the list ------------------------------------------------------------------------------------

async function start() {
  ui.login.hidden = true;
  ui.admin.hidden = false;
  ui.me.hidden = false;
  ui.meName.textContent = session.name || session.userId;
  await refresh();
}

function say(text) {
  ui.status.textContent = text;
  ui.status.hidden = !text;
}

async function refresh() {
  try {
    const list = await api('/api/agents', { token: session.token });
    ui.forbidden.hidden = true;
    ui.accountsSection.hidden = false;
    ui.formSection.hidden = false;
    accounts.clear();
    for (const account of list) accounts.set(account.username, account);
    render();
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      SessionStore.clear(STORAGE_KEY);
      session = null;
      showLogin('Your session has expired. Please sign in again.');
    } else if (e instanceof ApiError && e.status === 403) {
      ui.forbidden.hidden = false;
      ui.accountsSection.hidden = true;
      ui.formSection.hidden = true;
    } else {
      say(`The accounts could not be loaded: ${e.message}`);
    }
  }
}

function render() {
  ui.accounts.replaceChildren(
    ...[...accounts.values()].map((a) => {
      const stored = a.source === 'store';
      const actions = el('div', { className: 'admin-actions' });
      if (stored) {
        const edit = el('button', { className: 'btn btn-small', text: 'Edit', attrs: { type: 'button', 'aria-label': `Edit ${a.username}` } });
        edit.addEventListener('click', () => beginEdit(a));
        const toggle = el('button', {
          className: 'btn btn-small',
          text: a.disabled ? 'Enable' : 'Disable',
          attrs: { type: 'button', 'aria-label': `${a.disabled ? 'Enable' : 'Disable'} ${a.username}` },
        });
        toggle.addEventListener('click', () => change(a.username, { disabled: !a.disabled }, a.disabled ? 'enabled' : 'disabled'));
        const remove = el('button', { className: 'btn btn-small btn-danger', text: 'Delete', attrs: { type: 'button', 'aria-label': `Delete ${a.username}` } });
        remove.addEventListener('click', () => confirmDelete(remove, a.username));
        actions.append(edit, toggle, remove);
      } else {
        actions.append(el('span', { className: 'hint', text: 'read-only' }));
      }
      return el(
        'tr',
        { className: a.disabled ? 'admin-row--disabled' : '', dataset: { username: a.username } },
        el('td', {}, el('strong', { text: a.username })),
        el('td', { text: a.displayName }),
        el('td', { text: a.admin ? 'Administrator' : 'Agent' }),
        el('td', { className: a.disabled ? 'state-badge--disabled' : '', text: a.disabled ? 'Disabled' : 'Active' }),
        el('td', { text: a.capacity ?? 'default' }),
        el('td', { text: a.departments?.length ? a.departments.join(', ') : 'all' }),
        el('td', { text: a.locale ?? 'en' }),
        el('td', {}, el('span', { className: 'source-badge', text: stored ? 'managed' : 'configured' })),
        el('td', {}, actions),
      );
    }),
  );
}

// Two clicks delete (no window.confirm: the page stays scriptable and accessible).
function confirmDelete(button, username) {
  if (button.dataset.armed === 'true') {
    remove(username);
    return;
  }
  button.dataset.armed = 'true';
  button.textContent = 'Confirm delete';
  button.setAttribute('aria-label', `Confirm deleting ${username}`);
  setTimeout(() => {
    if (!button.isConnected) return;
    button.dataset.armed = 'false';
    button.textContent = 'Delete';
    button.setAttribute('aria-label', `Delete ${username}`);
  }, 5000);
}

async function change(username, body, verb) {
  try {
    await api(`/api/agents/${encodeURIComponent(username)}`, { method: 'PUT', body, token: session.token });
    say(`${username} ${verb}.`);
  } catch (e) {
    say(`${username} was not changed: ${e.detail ?? e.message}`);
  }
  await refresh();
}

async function remove(username) {
  try {
    await api(`/api/agents/${encodeURIComponent(username)}`, { method: 'DELETE', token: session.token });
    say(`${username} deleted.`);
    if (editing === username) resetForm();
  } catch (e) {
    say(`${username} was not deleted: ${e.detail ?? e.message}`);
  }
  await refresh();
}

// ---- the form ------------------------------------------------------------------------------------

function beginEdit(account) {
  editing = account.username;
  ui.formTitle.textContent = `Edit ${account.username}`;
  ui.fUsername.value = account.username;
  ui.fUsername.readOnly = true;
  ui.fDisplay.value = account.displayName ?? '';
  ui.fPassword.value = '';
  ui.fPassword.placeholder = 'unchanged';
  ui.fCapacity.value = account.capacity ?? '';
  ui.fDepartments.value = (account.departments ?? []).join(', ');
  ui.fLocale.value = account.locale ?? '';
  ui.fAdmin.checked = Boolean(account.admin);
  ui.fDisabled.checked = Boolean(account.disabled);
  ui.fSubmit.textContent = 'Save changes';
  ui.fCancel.hidden = false;
  ui.formError.hidden = true;
  ui.fDisplay.focus();
}

function resetForm() {
  editing = null;
  ui.form.reset();
  ui.formTitle.textContent = 'New agent';
  ui.fUsername.readOnly = false;
  ui.fPassword.placeholder = '';
  ui.fSubmit.textContent = 'Create agent';
  ui.fCancel.hidden = true;
  ui.formError.hidden = true;
}

ui.fCancel.addEventListener('click', resetForm);

ui.form.addEventListener('submit', async (event) => {
  event.preventDefault();
  ui.formError.hidden = true;
  const body = {
    displayName: ui.fDisplay.value.trim() || undefined,
    capacity: ui.fCapacity.value === '' ? null : Number(ui.fCapacity.value),
    departments: ui.fDepartments.value.split(',').map((d) => d.trim()).filter(Boolean),
    locale: ui.fLocale.value.trim() || null,
    admin: ui.fAdmin.checked,
    disabled: ui.fDisabled.checked,
  };
  if (ui.fPassword.value) body.password = ui.fPassword.value;
  if (!editing) body.username = ui.fUsername.value.trim();
  ui.fSubmit.disabled = true;
  try {
    if (editing) {
      await api(`/api/agents/${encodeURIComponent(editing)}`, { method: 'PUT', body, token: session.token });
      say(`${editing} saved.`);
    } else {
      const created = await api('/api/agents', { body, token: session.token });
      say(`${created.username} created.`);
    }
    resetForm();
    await refresh();
  } catch (e) {
    ui.formError.textContent = e.detail ? `${e.message}: ${e.detail}` : e.message;
    ui.formError.hidden = false;
  } finally {
    ui.fSubmit.disabled = false;
  }
});

// ---- boot ----------------------------------------------------------------------------------------

session = SessionStore.load(STORAGE_KEY);
if (session) start();
else showLogin();
