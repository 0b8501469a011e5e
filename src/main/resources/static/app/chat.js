// Chat around a coupon: a "Chat" button on every post of /circle opens the post's thread in a panel.
// Messages are plain text: every one goes in with textContent (el()), never as HTML.
// Resuming without gaps or duplicates: the panel holds the last message id it shows; on chat:<postId>'s
// snapshot (every (re)subscription) it reads after=<last id>; a live message with the next id is shown,
// one at or below it is a duplicate and ignored, one further on means frames were skipped, so it reads
// after=<last id> again. Reads and shows run one at a time.
import { auth, describe, el, ms, newKey } from './flashgroup.js';

const STYLE = `
#chat { position: sticky; bottom: 0; max-height: 70vh; display: flex; flex-direction: column; gap: .5rem; }
#chat ol { list-style: none; margin: 0; padding: 0; overflow-y: auto; flex: 1; min-height: 4rem; }
#chat li { margin: .25rem 0; white-space: pre-wrap; overflow-wrap: anywhere; }
#chat li.mine { text-align: right; }
#chat .who { font-weight: 600; margin-right: .4rem; }
#chat time { color: #888; font-size: .8em; margin-left: .4rem; }
#chat textarea { width: 100%; box-sizing: border-box; }
`;

/** Adds a Chat button to every post card of the feed and runs the chat panel (#chat). */
export function startChat(live) {
  const panel = document.getElementById('chat');
  const feed = document.getElementById('feed');
  if (!panel || !feed) return;
  document.head.append(el('style', {}, STYLE));
  let open = null;

  const addButtons = () => {
    for (const card of feed.querySelectorAll('article[data-testid^="post-"]')) {
      if (card.querySelector('[data-chat-open]')) continue;
      const postId = card.getAttribute('data-testid').slice('post-'.length);
      card.append(el('button', { class: 'secondary', 'data-chat-open': true, 'data-testid': `chat-open-${postId}`,
        onclick: () => openThread(postId, card.querySelector('h3')?.textContent || '') }, 'Chat'));
    }
    // Another shopper signed in on this page: their circle, not this thread.
    if (open && (auth.get('shopper')?.userId !== open.userId)) close();
  };
  let listedFor = null; // whose own posts the closed panel lists
  const watchFeed = () => {
    addButtons();
    if (!open && (auth.get('shopper')?.userId || null) !== listedFor) listOwnPosts();
  };
  new MutationObserver(watchFeed).observe(feed, { childList: true });
  watchFeed();

  function close() {
    if (open) live.unsubscribe(`chat:${open.postId}`);
    open = null;
    listOwnPosts();
  }

  /** With no thread open: the shopper's own posts (not in their feed), each opening its chat. */
  async function listOwnPosts() {
    const who = auth.get('shopper');
    listedFor = who ? who.userId : null;
    panel.hidden = true;
    panel.replaceChildren();
    if (!who) return;
    const response = await fetch('/api/me/posts?limit=20', { headers: { Authorization: 'Bearer ' + who.token } });
    if (!response.ok || open || listedFor !== who.userId) return;
    const posts = (await response.json()).items || [];
    if (!posts.length) return;
    panel.replaceChildren(el('h2', {}, 'Chats on my posts'), el('div', { class: 'row' }, ...posts.map((p) =>
      el('button', { class: 'secondary', 'data-testid': `chat-open-${p.id}`,
        onclick: () => openThread(String(p.id), p.product ? p.product.title : '') }, p.product ? p.product.title : `Post ${p.id}`))));
    panel.hidden = false;
  }

  function openThread(postId, title) {
    if (open) live.unsubscribe(`chat:${open.postId}`);
    const who = auth.get('shopper');
    if (!who) return;
    const list = el('ol', { 'data-testid': 'chat-messages', 'aria-live': 'polite' });
    const input = el('textarea', { rows: 2, maxlength: 1000, placeholder: 'Ask about this coupon…',
      'data-testid': 'chat-input' });
    const problem = el('p', { class: 'problem', 'data-testid': 'chat-problem' });
    const older = el('button', { class: 'link', hidden: true, 'data-testid': 'chat-older' }, 'Older messages');
    const form = el('form', {}, input, el('div', { class: 'row' },
      el('button', { type: 'submit', 'data-testid': 'chat-send' }, 'Send'),
      el('button', { type: 'button', class: 'secondary', onclick: close, 'data-testid': 'chat-close' }, 'Close')));
    panel.replaceChildren(el('h2', { 'data-testid': 'chat-title' }, `Chat: ${title}`), older, list, problem, form);
    panel.hidden = false;
    panel.setAttribute('data-post-id', postId);
    // The token is the one of who opened the panel, whoever signs in later in another tab.
    const thread = { postId, userId: who.userId, token: who.token, first: 0, last: 0, key: null,
      queue: Promise.resolve(), list, problem };
    open = thread;

    const call = async (method, path, body) => {
      const headers = { Authorization: 'Bearer ' + thread.token };
      if (body) headers['Content-Type'] = 'application/json';
      try {
        const response = await fetch(path, { method, headers, body: body ? JSON.stringify(body) : undefined });
        const text = await response.text();
        const data = text ? JSON.parse(text) : {};
        return response.ok ? { ok: true, status: response.status, data } : { ok: false, status: response.status, problem: data };
      } catch (e) {
        return { ok: false, status: 0, problem: { detail: 'The server cannot be reached; try again.' } };
      }
    };
    const base = `/api/circle/posts/${encodeURIComponent(postId)}/messages`;
    const serially = (step) => { thread.queue = thread.queue.then(() => open === thread && step()).catch(() => {}); };

    const row = (m) => el('li', { class: m.sender.you ? 'mine' : '', 'data-testid': `chat-message-${m.id}` },
      el('span', { class: 'who' }, m.sender.you ? 'You' : m.sender.displayName + (m.sender.sharer ? ' (sharer)' : '')),
      el('span', { 'data-testid': `chat-text-${m.id}` }, m.text),
      el('time', {}, new Date(ms(m.sentAt)).toLocaleTimeString()));
    const show = (m) => {
      if (m.id <= thread.last) return;
      thread.last = m.id;
      if (!thread.first) thread.first = m.id;
      list.append(row(m));
      list.scrollTop = list.scrollHeight;
    };
    const catchUp = async () => {
      for (;;) {
        const answer = await call('GET', `${base}?after=${thread.last}&limit=100`);
        if (!answer.ok) { problem.textContent = describe(answer.problem); return; }
        answer.data.items.forEach(show);
        if (!answer.data.hasMore) return;
      }
    };

    serially(async () => {
      const answer = await call('GET', `${base}?limit=50`);
      if (!answer.ok) { problem.textContent = describe(answer.problem); return; }
      answer.data.items.forEach(show);
      older.hidden = !answer.data.hasMore;
    });
    older.addEventListener('click', () => serially(async () => {
      const answer = await call('GET', `${base}?before=${thread.first}&limit=50`);
      if (!answer.ok) { problem.textContent = describe(answer.problem); return; }
      const items = answer.data.items;
      if (items.length) { list.prepend(...items.map(row)); thread.first = items[0].id; }
      older.hidden = !answer.data.hasMore;
    }));

    live.subscribe(`chat:${postId}`, (state) => {
      if (state.event === 'subscribed') serially(catchUp);
      else if (state.event === 'message') {
        const m = state.message;
        serially(() => (m.id === thread.last + 1 ? show(m) : m.id > thread.last ? catchUp() : null));
      } else if (state.event === 'revoked') {
        problem.textContent = 'This chat is no longer available to you.';
        input.disabled = true;
        live.unsubscribe(`chat:${postId}`);
      }
    }, { token: thread.token });

    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = input.value.trim();
      if (!text) return;
      // One key per message typed: a retry after a lost answer sends the same key, never a second message.
      thread.key = thread.key || newKey();
      const clientMessageId = thread.key;
      serially(async () => {
        const answer = await call('POST', base, { text, clientMessageId });
        if (answer.ok) {
          thread.key = null;
          input.value = '';
          problem.textContent = '';
          if (answer.data.id === thread.last + 1) show(answer.data); else if (answer.data.id > thread.last) await catchUp();
          return;
        }
        if (answer.status >= 400 && answer.status < 500) thread.key = null;
        problem.textContent = describe(answer.problem);
      });
    });
    input.focus();
  }
}
