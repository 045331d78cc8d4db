/**
 * The browser side of the chat widget, served as /widget.js. Plain ES2017 in a string: the
 * server has no bundler, and the script must run on any site. It builds its DOM with
 * createElement and writes every message with textContent, so nothing a visitor, a bot or an
 * agent writes is ever read as HTML. (No template literals inside: the string is one itself.)
 */
export const WIDGET_SCRIPT = String.raw`(function () {
  'use strict';
  var script = document.currentScript || document.querySelector('script[data-bot]');
  if (!script || !script.getAttribute('data-bot')) return;
  var bot = script.getAttribute('data-bot');
  var base = new URL(script.src, location.href).origin;
  var fullPage = script.getAttribute('data-mode') === 'page';
  var lang = (script.getAttribute('data-lang') || navigator.language || 'ja').toLowerCase().indexOf('ja') === 0 ? 'ja' : 'en';
  var T = {
    ja: { open: 'チャットで問い合わせる', close: 'チャットを閉じる', title: 'チャット', placeholder: 'メッセージを入力', send: '送信',
      typing: '入力中…', ended: 'チャットは終了しました。', again: '新しいチャットを始める', error: '送信できませんでした。もう一度お試しください。',
      unavailable: 'チャットを開始できませんでした。', you: 'あなた', botName: 'ボット', agentName: '担当者' },
    en: { open: 'Chat with us', close: 'Close chat', title: 'Chat', placeholder: 'Type a message', send: 'Send',
      typing: 'Typing…', ended: 'The chat has ended.', again: 'Start a new chat', error: 'Could not send. Please try again.',
      unavailable: 'The chat could not start.', you: 'You', botName: 'Bot', agentName: 'Agent' }
  }[lang];
  var storeKey = 'musubi-chat:' + bot;
  var state = { id: null, token: null, after: 0, status: 'bot', seen: {}, source: null, pollTimer: null, started: false, busy: false };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }
  function load() {
    try { var saved = JSON.parse(localStorage.getItem(storeKey) || 'null'); if (saved && saved.id && saved.token) return saved; } catch (e) { /* private mode */ }
    return null;
  }
  function save() {
    try { localStorage.setItem(storeKey, JSON.stringify({ id: state.id, token: state.token })); } catch (e) { /* private mode */ }
  }
  function forget() {
    try { localStorage.removeItem(storeKey); } catch (e) { /* private mode */ }
  }

  var css = el('style');
  css.textContent = [
    '.musubi-chat, .musubi-chat * { box-sizing: border-box; font-family: system-ui, -apple-system, "Hiragino Sans", "Noto Sans JP", sans-serif; }',
    '.musubi-chat-button { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; border: 0; border-radius: 28px; padding: 14px 20px; background: #1f5eff; color: #fff; font-size: 15px; cursor: pointer; box-shadow: 0 4px 14px rgba(0,0,0,.25); }',
    '.musubi-chat-button:focus-visible, .musubi-chat button:focus-visible, .musubi-chat textarea:focus-visible { outline: 3px solid #ffbf47; outline-offset: 2px; }',
    '.musubi-chat-panel { position: fixed; right: 20px; bottom: 84px; z-index: 2147483000; width: 360px; max-width: calc(100vw - 24px); height: 520px; max-height: calc(100vh - 110px); display: flex; flex-direction: column; background: #fff; color: #1b1b1b; border-radius: 12px; box-shadow: 0 8px 30px rgba(0,0,0,.3); overflow: hidden; }',
    '.musubi-chat-panel[hidden] { display: none; }',
    '.musubi-chat.page .musubi-chat-panel { position: static; width: 100%; max-width: 720px; height: 100vh; max-height: none; margin: 0 auto; border-radius: 0; box-shadow: none; }',
    '@media (max-width: 520px) { .musubi-chat-panel { right: 0; bottom: 0; width: 100vw; max-width: 100vw; height: 100%; max-height: 100%; border-radius: 0; } }',
    '.musubi-chat-head { display: flex; align-items: center; justify-content: space-between; padding: 12px 14px; background: #1f5eff; color: #fff; font-weight: 600; }',
    '.musubi-chat-head button { background: transparent; border: 0; color: #fff; font-size: 20px; cursor: pointer; }',
    '.musubi-chat-log { flex: 1; overflow-y: auto; padding: 12px; display: flex; flex-direction: column; gap: 8px; background: #f5f6f8; }',
    '.musubi-chat-msg { max-width: 85%; padding: 8px 12px; border-radius: 12px; white-space: pre-wrap; word-break: break-word; line-height: 1.5; font-size: 14px; }',
    '.musubi-chat-msg.visitor { align-self: flex-end; background: #1f5eff; color: #fff; }',
    '.musubi-chat-msg.bot, .musubi-chat-msg.agent { align-self: flex-start; background: #fff; border: 1px solid #dde1e8; }',
    '.musubi-chat-msg.system { align-self: center; background: transparent; color: #555; font-size: 12px; }',
    '.musubi-chat-choices { display: flex; flex-wrap: wrap; gap: 6px; }',
    '.musubi-chat-choices button { border: 1px solid #1f5eff; background: #fff; color: #1f5eff; border-radius: 16px; padding: 6px 12px; cursor: pointer; font-size: 14px; }',
    '.musubi-chat-typing { padding: 0 14px 6px; color: #555; font-size: 12px; min-height: 18px; background: #f5f6f8; }',
    '.musubi-chat-form { display: flex; gap: 8px; padding: 10px; border-top: 1px solid #dde1e8; }',
    '.musubi-chat-form textarea { flex: 1; resize: none; border: 1px solid #c4c9d2; border-radius: 8px; padding: 8px; font-size: 16px; height: 42px; }',
    '.musubi-chat-form button, .musubi-chat-again { border: 0; border-radius: 8px; background: #1f5eff; color: #fff; padding: 0 16px; font-size: 14px; cursor: pointer; }',
    '.musubi-chat-again { margin: 10px; padding: 10px; }',
    '.musubi-chat-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }'
  ].join('\n');
  document.head.appendChild(css);

  var root = el('div', 'musubi-chat' + (fullPage ? ' page' : ''));
  root.lang = lang;
  var button = el('button', 'musubi-chat-button', T.open);
  button.type = 'button';
  button.setAttribute('aria-expanded', 'false');
  var panel = el('section', 'musubi-chat-panel');
  panel.id = 'musubi-chat-panel';
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', T.title);
  button.setAttribute('aria-controls', panel.id);
  var head = el('div', 'musubi-chat-head');
  head.appendChild(el('span', '', T.title));
  var closeButton = el('button', '', '×');
  closeButton.type = 'button';
  closeButton.setAttribute('aria-label', T.close);
  if (!fullPage) head.appendChild(closeButton);
  var log = el('div', 'musubi-chat-log');
  log.setAttribute('role', 'log');
  log.setAttribute('aria-live', 'polite');
  log.tabIndex = 0;
  var typing = el('div', 'musubi-chat-typing');
  typing.setAttribute('aria-live', 'polite');
  var form = el('form', 'musubi-chat-form');
  var label = el('label', 'musubi-chat-sr', T.placeholder);
  var input = el('textarea');
  input.id = 'musubi-chat-input';
  label.htmlFor = input.id;
  input.placeholder = T.placeholder;
  input.maxLength = 2000;
  input.rows = 1;
  var sendButton = el('button', '', T.send);
  sendButton.type = 'submit';
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(sendButton);
  panel.appendChild(head);
  panel.appendChild(log);
  panel.appendChild(typing);
  panel.appendChild(form);
  if (!fullPage) { panel.hidden = true; root.appendChild(button); }
  root.appendChild(panel);
  document.body.appendChild(root);

  function senderName(sender) { return sender === 'visitor' ? T.you : sender === 'agent' ? T.agentName : T.botName; }
  function clearChoices() {
    var old = log.querySelectorAll('.musubi-chat-choices');
    for (var i = 0; i < old.length; i++) old[i].parentNode.removeChild(old[i]);
  }
  function render(message) {
    if (state.seen[message.id]) return;
    state.seen[message.id] = true;
    if (message.id > state.after) state.after = message.id;
    if (message.sender === 'visitor' || message.sender === 'agent') clearChoices();
    var line = el('div', 'musubi-chat-msg ' + message.sender);
    var who = el('span', 'musubi-chat-sr', senderName(message.sender) + ': ');
    line.appendChild(who);
    line.appendChild(document.createTextNode(message.text));
    log.appendChild(line);
    if (message.choices && message.choices.length) {
      clearChoices();
      var box = el('div', 'musubi-chat-choices');
      message.choices.forEach(function (choice) {
        var b = el('button', '', choice);
        b.type = 'button';
        b.addEventListener('click', function () { send(choice); });
        box.appendChild(b);
      });
      log.appendChild(box);
    }
    log.scrollTop = log.scrollHeight;
  }
  function setStatus(status) {
    state.status = status;
    if (status !== 'closed') return;
    input.disabled = true;
    sendButton.disabled = true;
    clearChoices();
    stopStreams();
    if (!panel.querySelector('.musubi-chat-again')) {
      var again = el('button', 'musubi-chat-again', T.again);
      again.type = 'button';
      again.addEventListener('click', function () {
        forget();
        again.parentNode.removeChild(again);
        while (log.firstChild) log.removeChild(log.firstChild);
        state = { id: null, token: null, after: 0, status: 'bot', seen: {}, source: null, pollTimer: null, started: false, busy: false };
        input.disabled = false;
        sendButton.disabled = false;
        begin();
      });
      panel.insertBefore(again, form);
    }
  }
  function api(method, path, body) {
    var headers = { 'Accept': 'application/json', 'Accept-Language': lang };
    if (body) headers['Content-Type'] = 'application/json';
    if (state.token) headers['X-Chat-Token'] = state.token;
    return fetch(base + path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined, credentials: 'omit' })
      .then(function (res) {
        return res.json().catch(function () { return {}; }).then(function (data) {
          if (!res.ok) { var error = new Error((data && data.error && data.error.message) || res.statusText); error.status = res.status; throw error; }
          return data;
        });
      });
  }
  function apply(result) {
    if (result.conversationId && result.token) { state.id = result.conversationId; state.token = result.token; save(); }
    (result.messages || []).forEach(render);
    if (result.status) setStatus(result.status);
  }
  function stopStreams() {
    if (state.source) { state.source.close(); state.source = null; }
    if (state.pollTimer) { clearInterval(state.pollTimer); state.pollTimer = null; }
  }
  function poll() {
    if (!state.id) return;
    api('GET', '/api/chat/conversations/' + encodeURIComponent(state.id) + '/messages?after=' + state.after).then(apply, function () {});
  }
  function startPolling() {
    if (state.pollTimer) return;
    state.pollTimer = setInterval(poll, 3000);
  }
  function connect() {
    stopStreams();
    if (!state.id || state.status === 'closed') return;
    if (!window.EventSource) { startPolling(); return; }
    var url = base + '/api/chat/conversations/' + encodeURIComponent(state.id) + '/events?after=' + state.after + '&token=' + encodeURIComponent(state.token);
    var source = new EventSource(url);
    state.source = source;
    var failures = 0;
    source.addEventListener('message', function (event) { failures = 0; try { render(JSON.parse(event.data)); } catch (e) { /* ignore a bad line */ } });
    source.addEventListener('status', function (event) { try { setStatus(JSON.parse(event.data).status); } catch (e) { /* ignore */ } });
    source.addEventListener('typing', function (event) { try { typing.textContent = JSON.parse(event.data).on ? T.typing : ''; } catch (e) { /* ignore */ } });
    source.onerror = function () {
      failures += 1;
      if (source.readyState === 2 || failures > 3) { source.close(); state.source = null; startPolling(); }
    };
  }
  function begin(text) {
    state.started = true;
    var saved = load();
    if (saved && text === undefined) {
      state.id = saved.id; state.token = saved.token;
      return api('GET', '/api/chat/conversations/' + encodeURIComponent(saved.id) + '/messages?after=0').then(function (result) {
        apply(result); connect();
      }, function (error) {
        if (error.status === 404) { forget(); state.id = null; state.token = null; return begin(); }
        startPolling();
      });
    }
    var visitor = { language: navigator.language || lang, pageUrl: location.href };
    typing.textContent = T.typing;
    return api('POST', '/api/chat/bots/' + encodeURIComponent(bot) + '/conversations', text === undefined ? { visitor: visitor } : { visitor: visitor, text: text })
      .then(function (result) { typing.textContent = ''; apply(result); connect(); },
        function () { typing.textContent = ''; render({ id: -Date.now(), sender: 'system', text: T.unavailable }); state.started = false; });
  }
  function send(text) {
    text = (text || '').trim();
    if (!text || state.busy || state.status === 'closed') return;
    if (!state.id) { input.value = ''; begin(text); return; }
    state.busy = true;
    typing.textContent = T.typing;
    input.value = '';
    api('POST', '/api/chat/conversations/' + encodeURIComponent(state.id) + '/messages', { text: text })
      .then(apply, function (error) {
        if (error.status === 409) setStatus('closed');
        else { input.value = text; render({ id: -Date.now(), sender: 'system', text: T.error }); }
      })
      .then(function () { state.busy = false; typing.textContent = ''; input.focus(); });
  }
  function open() {
    panel.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    if (!state.started) begin();
    input.focus();
  }
  function close() {
    panel.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    button.focus();
  }
  button.addEventListener('click', function () { if (panel.hidden) open(); else close(); });
  closeButton.addEventListener('click', close);
  panel.addEventListener('keydown', function (event) { if (event.key === 'Escape' && !fullPage) close(); });
  form.addEventListener('submit', function (event) { event.preventDefault(); send(input.value); });
  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) { event.preventDefault(); send(input.value); }
  });
  // A reload with a conversation in progress reopens it where it was.
  if (fullPage || load()) open();
})();
`;
