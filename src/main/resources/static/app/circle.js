// The shopping circle: friends' and friends-of-friends' coupons (feed and search), claims with claims
// left moving live, my coupons, and friends (invite by id or by code, accept, unfriend).
// Every text a user wrote goes in with textContent (el()), never as HTML.
import { api, auth, describe, el, Live, liveDot, money, newKey, signInBar } from './flashgroup.js';
import { startChat } from './chat.js';
import { mountGiveaways } from './giveaway.js';
import { levelOnCircleMe } from './circle-level.js';

const live = new Live(liveDot);
window.flashgroup = { live };
startChat(live);
mountGiveaways(document.getElementById('giveaways'), live);
const feedBox = document.getElementById('feed');
const more = document.getElementById('more');
const message = document.getElementById('circle-message');
const couponsBox = document.getElementById('coupons');
const cards = new Map(); // post id -> card
let mode = { path: '/api/circle/feed', query: '' };
let cursor = null;
let watching = null; // the user whose circle:me this page watches

signInBar(document.getElementById('auth'), 'shopper', ['alice', 'bob', 'carol', 'dave', 'erin'], (who) => start(who));

async function start(who) {
  if (watching) { live.unsubscribe('circle:me'); watching = null; }
  cards.clear();
  if (!who) {
    feedBox.replaceChildren(el('p', { class: 'muted' }, 'Sign in to see your circle.'));
    couponsBox.replaceChildren(el('p', { class: 'muted' }, 'Sign in to see your coupons.'));
    return;
  }
  await redeemInviteFromLink();
  watching = who.userId;
  live.subscribe('circle:me', onCircleEvent, { token: auth.get('shopper').token });
  await Promise.all([load(true), loadCoupons(), loadFriends()]);
}

/** The feed or the search results, first page or the next one. */
async function load(fresh) {
  if (!auth.get('shopper')) return;
  if (fresh) { cursor = null; cards.clear(); }
  const params = new URLSearchParams();
  if (mode.query) params.set('q', mode.query);
  if (cursor) params.set('cursor', cursor);
  const answer = await api('GET', `${mode.path}?${params}`, { role: 'shopper' });
  if (!answer.ok) { message.textContent = describe(answer.problem); return; }
  message.textContent = '';
  const items = answer.data.items || [];
  if (fresh) feedBox.replaceChildren();
  for (const item of items) if (!cards.has(item.id)) feedBox.append(card(item).root);
  if (fresh && !items.length) {
    feedBox.append(el('p', { class: 'muted', 'data-testid': 'feed-empty' },
      mode.query ? 'Nothing in your circle matches.' : 'Nothing shared in your circle yet. Add friends!'));
  }
  cursor = answer.data.nextCursor || null;
  more.hidden = !cursor;
}

function card(item) {
  const id = item.id;
  const left = el('strong', { 'data-testid': `claims-left-${id}` }, String(item.claimsLeft));
  const note = el('p', { 'data-testid': `note-${id}` }, item.note || '');
  const problem = el('p', { class: 'problem', 'data-testid': `claim-message-${id}` });
  const button = el('button', { 'data-testid': `claim-${id}`, onclick: () => claim() }, 'Claim coupon');
  const sharer = item.sharer ? item.sharer.displayName + (item.sharer.level ? ` · Lv ${item.sharer.level}` : '') : '';
  const who = item.distance === 2 ? `${sharer}, via ${item.via || 'a friend'}` : `${sharer} (friend)`;
  const root = el('article', { class: 'card', 'data-testid': `post-${id}` },
    el('div', { class: 'kind' }, who),
    el('h3', { 'data-testid': `post-title-${id}` }, item.product ? item.product.title : item.title),
    el('div', { class: 'price' }, terms(item.coupon, item.currency)),
    el('div', { class: 'muted' }, '★'.repeat(item.rating || 0), ' · ', left, ' claims left'),
    note, button, problem);
  const self = { root, item };
  const render = () => {
    left.textContent = String(self.item.claimsLeft);
    button.disabled = self.item.claimedByMe || self.item.claimsLeft <= 0 || self.item.status === 'WITHDRAWN';
    button.textContent = self.item.claimedByMe ? 'Claimed' : self.item.claimsLeft > 0 ? 'Claim coupon' : 'All claimed';
  };
  self.update = (changes) => { Object.assign(self.item, changes); render(); };
  let key = null;
  const claim = async () => {
    key = key || newKey();
    const answer = await api('POST', `/api/circle/posts/${id}/claims`, { role: 'shopper', idempotencyKey: key });
    if (answer.ok) { key = null; self.update({ claimedByMe: true }); problem.textContent = ''; loadCoupons(); return; }
    if (answer.status >= 400 && answer.status < 500) key = null;
    problem.textContent = describe(answer.problem);
  };
  render();
  cards.set(id, self);
  live.subscribe(`post:${id}`, (state) => self.update({ claimsLeft: state.claimsLeft, status: state.status }));
  return self;
}

/** "5.00 off from 30.00" or "10% off (up to 3.00)". */
export function terms(coupon, currency) {
  if (!coupon) return '';
  const d = coupon.discount || {};
  const off = d.amount !== undefined && d.amount !== null ? `${money(d.amount, currency)} off`
    : `${d.percent}% off (up to ${money(d.cap, currency)})`;
  return coupon.minSpend ? `${off} from ${money(coupon.minSpend, currency)}` : off;
}

/** circle:me: a new post in my circle, or claims left of one changed. */
function onCircleEvent(state) {
  if (levelOnCircleMe(state)) return;
  const post = state.post || (state.type === 'post' ? state : null);
  if (post && post.id !== undefined && !cards.has(post.id) && !mode.query) {
    feedBox.querySelector('[data-testid=feed-empty]')?.remove();
    feedBox.prepend(card(post).root);
    return;
  }
  const id = state.postId ?? (post && post.id);
  if (id !== undefined && cards.has(id) && state.claimsLeft !== undefined) cards.get(id).update({ claimsLeft: state.claimsLeft });
}

async function loadCoupons() {
  const answer = await api('GET', '/api/me/coupons', { role: 'shopper' });
  if (!answer.ok) { couponsBox.replaceChildren(el('p', { class: 'problem' }, describe(answer.problem))); return; }
  const list = answer.data.items || answer.data;
  if (!list.length) { couponsBox.replaceChildren(el('p', { class: 'muted' }, 'No coupons yet: claim one above.')); return; }
  couponsBox.replaceChildren(el('table', {}, el('tr', {}, el('th', {}, 'Coupon'), el('th', {}, 'Where'), el('th', {}, 'Status'), el('th', {}, 'Valid until')),
    ...list.map((c) => el('tr', { 'data-testid': `coupon-${c.id}` },
      el('td', {}, terms(c.terms || c, c.currency)),
      el('td', {}, c.scope === 'SKU' ? `${c.sellerId}, ${c.sku} only` : `anything at ${c.sellerId}`),
      el('td', {}, el('span', { class: 'status ' + c.status, 'data-testid': `coupon-status-${c.id}` }, c.status)),
      el('td', { class: 'muted' }, new Date(c.validUntil).toLocaleString())))));
}

async function loadFriends() {
  const [friends, invitations] = await Promise.all([
    api('GET', '/api/me/friends', { role: 'shopper' }), api('GET', '/api/me/invitations', { role: 'shopper' })]);
  const list = document.getElementById('friend-list');
  const pending = document.getElementById('invitations');
  if (friends.ok) {
    const items = friends.data.items || friends.data;
    list.replaceChildren(...(items.length ? items.map((f) => el('div', { 'data-testid': `friend-${f.userId}` },
      f.displayName || f.userId, ' ',
      el('button', { class: 'link', onclick: () => unfriend(f.userId) }, 'unfriend')))
      : [el('p', { class: 'muted' }, 'No friends yet.')]));
  }
  if (invitations.ok) {
    const received = (invitations.data.received || []).filter((i) => i.status === 'PENDING');
    pending.replaceChildren(...received.map((i) => el('div', { 'data-testid': `invitation-${i.id}` },
      `${i.inviterName || i.inviter} wants to be your friend `,
      el('button', { 'data-testid': `accept-${i.id}`, onclick: () => decide(i.id, 'accept') }, 'Accept'), ' ',
      el('button', { class: 'secondary', onclick: () => decide(i.id, 'decline') }, 'Decline'))));
  }
}

async function decide(id, what) {
  const answer = await api('POST', `/api/friends/invitations/${id}/${what}`, { role: 'shopper' });
  if (!answer.ok) message.textContent = describe(answer.problem);
  await Promise.all([loadFriends(), load(true)]);
}

async function unfriend(userId) {
  await api('DELETE', `/api/friends/${encodeURIComponent(userId)}`, { role: 'shopper' });
  await Promise.all([loadFriends(), load(true)]);
}

/** Opening /circle?invite=<code> signed in makes the code's owner a friend. */
async function redeemInviteFromLink() {
  const code = new URLSearchParams(location.search).get('invite');
  if (!code) return;
  const answer = await api('POST', '/api/friends/invitations', { role: 'shopper', body: { code } });
  message.textContent = answer.ok ? '' : describe(answer.problem);
  history.replaceState(null, '', '/circle');
}

document.getElementById('invite').addEventListener('submit', async (event) => {
  event.preventDefault();
  const who = event.target.elements.who.value.trim();
  if (!who) return;
  const by = event.target.elements.by.value;
  const answer = await api('POST', '/api/friends/invitations', { role: 'shopper', body: { [by]: who } });
  message.textContent = answer.ok ? '' : describe(answer.problem);
  event.target.reset();
  await Promise.all([loadFriends(), load(true)]);
});

document.getElementById('new-code').addEventListener('click', async () => {
  const answer = await api('POST', '/api/me/invite-codes', { role: 'shopper' });
  document.getElementById('invite-link').textContent = answer.ok
    ? `Share this link: ${location.origin}${answer.data.link} (code ${answer.data.code})` : describe(answer.problem);
});

document.getElementById('search').addEventListener('submit', (event) => {
  event.preventDefault();
  const q = event.target.elements.q.value.trim();
  mode = q ? { path: '/api/circle/search', query: q } : { path: '/api/circle/feed', query: '' };
  load(true);
});
document.getElementById('search-clear').addEventListener('click', () => {
  document.getElementById('search').reset();
  mode = { path: '/api/circle/feed', query: '' };
  load(true);
});
more.addEventListener('click', () => load(false));
setInterval(() => { if (auth.get('shopper')) loadCoupons(); }, 5000);
