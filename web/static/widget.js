/*! CustomerChat website widget loader. Paste on any page of an allowed origin:
 *  <script src="https://chat.example.com/widget.js" async data-locale="de" data-department="sales"></script>
 * It adds a launcher button (in a Shadow DOM, so it neither restyles nor is restyled by the page)
 * and opens the chat in an iframe of /widget.html from the broker's origin. The page and the iframe only
 * exchange "open", "closed", "close" and an unread count: no token and no message text reach the page. */
(function (w, d) {
  'use strict';
  if (w.CustomerChatWidget) return;
  var started = w.performance ? performance.now() : 0;
  var script = d.currentScript;
  if (!script) {
    var all = d.getElementsByTagName('script');
    for (var i = all.length - 1; i >= 0 && !script; i--) if (/\/widget\.js([?#]|$)/.test(all[i].src)) script = all[i];
  }
  if (!script || !w.URL || !Element.prototype.attachShadow) return;
  var origin = new URL(script.src, location.href).origin;
  var locale = script.getAttribute('data-locale') || '';
  var department = script.getAttribute('data-department') || '';
  var words = {
    en: ['Open chat', 'Close chat', 'unread', 'Chat'],
    de: ['Chat öffnen', 'Chat schließen', 'ungelesen', 'Chat'],
    fr: ['Ouvrir le chat', 'Fermer le chat', 'non lu(s)', 'Discussion'],
    es: ['Abrir el chat', 'Cerrar el chat', 'sin leer', 'Chat'],
  };
  var t = words[(locale || navigator.language || 'en').slice(0, 2).toLowerCase()] || words.en;
  var KEY = 'customerchat.widget.open';
  var NS = 'customerchat';
  var CSS =
    ':host{all:initial}' +
    '.l{all:initial;position:fixed;right:20px;bottom:20px;z-index:2147483000;width:56px;height:56px;border-radius:50%;' +
    'background:#4f46e5;color:#fff;cursor:pointer;box-shadow:0 6px 20px rgba(20,20,60,.3);display:flex;align-items:center;justify-content:center}' +
    '.l:hover{background:#4338ca}.l:focus-visible{outline:3px solid #a5b4fc;outline-offset:3px}' +
    '.l svg{width:28px;height:28px;fill:currentColor}' +
    '.b{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 6px;box-sizing:border-box;border-radius:10px;' +
    'background:#d92d20;color:#fff;font:700 12px/20px system-ui,sans-serif;text-align:center}' +
    '.p{position:fixed;right:20px;bottom:88px;z-index:2147483000;width:380px;height:600px;max-width:calc(100vw - 40px);' +
    'max-height:calc(100vh - 108px);border-radius:16px;overflow:hidden;box-shadow:0 12px 40px rgba(20,20,60,.3);background:#fff}' +
    '.p iframe{border:0;width:100%;height:100%;display:block}[hidden]{display:none!important}' +
    '@media (max-width:480px){.p{right:0;bottom:0;width:100vw;height:100vh;max-width:none;max-height:none;border-radius:0}}';
  var CHAT = 'M12 3C7 3 3 6.6 3 11c0 2.2 1 4.2 2.7 5.7L5 21l4.3-2.2c.9.2 1.8.3 2.7.3 5 0 9-3.6 9-8s-4-8-9-8z';
  var CROSS = 'M18.3 5.7 12 12l6.3 6.3-1.4 1.4L10.6 13.4 4.3 19.7 2.9 18.3 9.2 12 2.9 5.7 4.3 4.3l6.3 6.3 6.3-6.3z';

  function remembered() {
    try { return sessionStorage.getItem(KEY) === '1'; } catch (e) { return false; }
  }
  function remember(open) {
    try { sessionStorage.setItem(KEY, open ? '1' : '0'); } catch (e) { /* storage off: state lasts this page */ }
  }
  function svg(path) {
    var s = d.createElementNS('http://www.w3.org/2000/svg', 'svg');
    s.setAttribute('viewBox', '0 0 24 24');
    s.setAttribute('aria-hidden', 'true');
    s.setAttribute('focusable', 'false');
    var p = d.createElementNS('http://www.w3.org/2000/svg', 'path');
    p.setAttribute('d', path);
    s.appendChild(p);
    return s;
  }

  function mount() {
    // A tag of our own (page rules for div, section… miss it), pinned by inline !important declarations set
    // through the CSSOM (allowed by any CSP): a zero-size fixed box whatever the page's styles say.
    var host = d.createElement('customerchat-widget');
    host.setAttribute('data-customerchat', 'widget');
    host.style.cssText = 'all:initial!important;position:fixed!important;top:0!important;left:0!important;' +
      'width:0!important;height:0!important;display:block!important;z-index:2147483000!important';
    var root = host.attachShadow({ mode: 'open' });
    if (root.adoptedStyleSheets !== undefined && w.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
      var sheet = new CSSStyleSheet(); // constructed sheets need no 'unsafe-inline' in the page's CSP
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      var style = d.createElement('style');
      style.textContent = CSS;
      root.appendChild(style);
    }

    var button = d.createElement('button');
    button.type = 'button';
    button.className = 'l';
    button.setAttribute('aria-controls', 'ccw-panel');
    var icon = svg(CHAT);
    var badge = d.createElement('span');
    badge.className = 'b';
    badge.hidden = true;
    badge.setAttribute('aria-hidden', 'true');
    button.appendChild(icon);
    button.appendChild(badge);
    root.appendChild(button);

    var open = false;
    var unread = 0;
    var panel = null;
    var frame = null;
    // The iframe comes right after the launcher is on screen (it must run while closed, for the unread count).
    function ensureFrame() {
      if (frame) return;
      panel = d.createElement('div');
      panel.className = 'p';
      panel.id = 'ccw-panel';
      panel.hidden = !open;
      frame = d.createElement('iframe');
      var query = new URLSearchParams({ host: location.origin });
      if (locale) query.set('locale', locale);
      if (department) query.set('department', department);
      frame.src = origin + '/widget.html?' + query;
      frame.title = t[3];
      frame.setAttribute('referrerpolicy', 'origin');
      panel.appendChild(frame);
      root.insertBefore(panel, button);
    }
    function post(type) {
      if (frame && frame.contentWindow) frame.contentWindow.postMessage({ ns: NS, type: type }, origin);
    }
    function render() {
      var label = open ? t[1] : t[0];
      if (!open && unread > 0) label += ' (' + unread + ' ' + t[2] + ')';
      button.setAttribute('aria-label', label);
      button.setAttribute('aria-expanded', String(open));
      badge.hidden = open || unread === 0;
      badge.textContent = unread > 99 ? '99+' : String(unread);
      button.replaceChild(svg(open ? CROSS : CHAT), button.firstChild);
    }
    function setOpen(next, focus) {
      open = next;
      ensureFrame();
      panel.hidden = !open;
      remember(open);
      render();
      post(open ? 'open' : 'closed');
      if (open && focus) frame.focus();
      if (!open && focus) button.focus();
    }

    button.addEventListener('click', function () { setOpen(!open, true); });
    root.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && open) setOpen(false, true);
    });
    w.addEventListener('message', function (e) {
      if (!frame || e.origin !== origin || e.source !== frame.contentWindow) return;
      var m = e.data;
      if (!m || m.ns !== NS) return;
      if (m.type === 'ready') post(open ? 'open' : 'closed');
      else if (m.type === 'close') setOpen(false, true);
      else if (m.type === 'unread') {
        unread = Math.max(0, Math.min(9999, m.count | 0));
        render();
      }
    });

    render();
    d.body.appendChild(host);
    var api = w.CustomerChatWidget;
    api.ready = true;
    api.timing = { started: started, inserted: w.performance ? performance.now() : 0, shown: 0 };
    // "shown": the first animation frame after the launcher entered the page, i.e. the frame that paints it.
    if (w.requestAnimationFrame) requestAnimationFrame(function () { api.timing.shown = performance.now(); });
    if (remembered()) setOpen(true, false);
    else setTimeout(ensureFrame, 0);
    w.CustomerChatWidget.open = function () { setOpen(true, true); };
    w.CustomerChatWidget.close = function () { setOpen(false, false); };
  }

  w.CustomerChatWidget = { origin: origin, ready: false };
  if (d.body) mount();
  else d.addEventListener('DOMContentLoaded', mount);
})(window, document);
