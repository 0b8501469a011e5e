// The shopper page: campaigns with server-synced countdowns and live stock, buy / join / cut,
// and my orders with pay buttons and pay-by countdowns.
import { api, auth, countdown, describe, el, Live, liveDot, money, newKey, signInBar } from './flashgroup.js';

const live = new Live(liveDot);
window.flashgroup = { live }; // a handle for the console (and the browser tests)
const campaigns = new Map(); // id -> {entry, state, card parts}
const orders = new Map(); // id -> order
const grid = document.getElementById('campaigns');
const ordersBox = document.getElementById('orders');

signInBar(document.getElementById('auth'), 'shopper', ['alice', 'bob', 'carol', 'dave', 'erin'], () => refreshOrders());

async function loadCampaigns() {
  const answer = await api('GET', '/api/campaigns');
  if (!answer.ok) { grid.replaceChildren(el('p', { class: 'problem' }, describe(answer.problem))); return; }
  const entries = answer.data.filter((c) => !c.cancelled);
  grid.replaceChildren(...(entries.length ? [] : [el('p', { class: 'muted' }, 'Nothing live right now.')]));
  for (const entry of entries) {
    if (campaigns.has(entry.id)) continue;
    const view = card(entry);
    grid.append(view.root);
    campaigns.set(entry.id, view);
    const path = { FLASH_SALE: '/api/flash-sales/', GROUP_BUY: '/api/group-buys/', BARGAIN: '/api/bargains/' }[entry.kind];
    const details = await api('GET', path + entry.id);
    if (details.ok) view.update(details.data);
    if (entry.topic) live.subscribe(entry.topic, (state) => view.update(state));
  }
}

function card(entry) {
  const id = entry.id;
  const status = el('span', { class: 'status', 'data-testid': `status-${id}` }, '…');
  const clock = el('span', { class: 'muted', 'data-testid': `countdown-${id}` });
  const stock = el('strong', { 'data-testid': `stock-${id}` }, '–');
  const fill = el('span', { style: 'width:100%' });
  const message = el('p', { class: 'problem', 'data-testid': `message-${id}` });
  const extra = el('p', { class: 'muted' });
  const action = el('button', { 'data-testid': `buy-${id}`, onclick: () => act() },
    { FLASH_SALE: 'Buy now', GROUP_BUY: 'Join a group', BARGAIN: 'Start cutting' }[entry.kind]);
  const price = el('div', {}, el('span', { class: 'price' }, money(entry.price, entry.currency)));
  const root = el('article', { class: 'card', 'data-testid': `campaign-${id}` },
    el('div', { class: 'kind' }, entry.kind.replace('_', ' ').toLowerCase(), ' ', status),
    el('h3', {}, entry.title), price,
    el('div', {}, stock, ' left · ', clock), el('div', { class: 'bar' }, fill), extra, action, message);
  const self = { root, entry, state: null };

  self.update = (state) => {
    // Live messages carry counters only; keep what we already know.
    self.state = Object.assign(self.state || {}, state);
    const s = self.state;
    stock.textContent = s.stockLeft ?? '–';
    if (s.stock) fill.style.width = `${(100 * (s.stockLeft ?? 0)) / s.stock}%`;
    if (entry.kind === 'GROUP_BUY' && s.groupSize) {
      extra.textContent = `${s.groupSize}-person groups · ${s.openGroups ?? 0} open · ${s.succeededGroups ?? 0} done`;
      if (s.soloPrice && !price.querySelector('.was')) price.append(el('span', { class: 'was' }, money(s.soloPrice, entry.currency)));
    }
    if (entry.kind === 'BARGAIN' && s.floorPrice !== undefined) {
      extra.textContent = `Friends cut it down to ${money(s.floorPrice, entry.currency)} in ${s.helpersNeeded} cuts`;
    }
    tick();
  };

  /** Status from server time; the live state wins for what only the server knows. */
  const tick = () => {
    const s = self.state || {};
    const now = live.now();
    const starts = Date.parse(entry.startsAt), ends = Date.parse(entry.endsAt);
    let shown;
    if (s.status === 'CANCELLED') shown = 'CANCELLED';
    else if (now < starts) shown = 'SCHEDULED';
    else if (now >= ends) shown = 'ENDED';
    else if (s.status === 'SOLD_OUT' || s.stockLeft === 0) shown = 'SOLD_OUT';
    else shown = 'LIVE';
    status.textContent = shown;
    status.className = 'status ' + shown;
    clock.textContent = shown === 'SCHEDULED' ? `starts in ${countdown(starts - now)}`
      : shown === 'LIVE' ? `ends in ${countdown(ends - now)}` : '';
    action.disabled = shown !== 'LIVE';
  };
  self.tick = tick;

  let key = null; // one key per intended purchase: a retry after a network error reuses it
  const act = async () => {
    if (!auth.get('shopper')) { message.textContent = 'Sign in first.'; return; }
    message.textContent = '';
    key = key || newKey();
    let answer;
    if (entry.kind === 'FLASH_SALE') {
      answer = await api('POST', `/api/flash-sales/${id}/purchases`, { role: 'shopper', idempotencyKey: key, body: { quantity: 1 } });
      if (answer.ok) { showOrder(answer.data); key = null; }
    } else if (entry.kind === 'GROUP_BUY') {
      answer = await api('POST', `/api/group-buys/${id}/join`, { role: 'shopper', idempotencyKey: key });
      if (answer.ok) { key = null; location.href = `/g/${answer.data.group.id}`; return; }
    } else {
      answer = await api('POST', `/api/bargains/${id}/sessions`, { role: 'shopper' });
      if (answer.ok) { location.href = `/b/${answer.data.id}`; return; }
      if (answer.problem && answer.problem.sessionId) { location.href = `/b/${answer.problem.sessionId}`; return; }
    }
    if (!answer.ok) {
      if (answer.status >= 400 && answer.status < 500) key = null; // refused: a new attempt is a new action
      message.textContent = describe(answer.problem);
    }
  };
  return self;
}

function showOrder(order) {
  orders.set(order.id, Object.assign(orders.get(order.id) || {}, order));
  renderOrders();
}

async function refreshOrders() {
  if (!auth.get('shopper')) { orders.clear(); renderOrders(); return; }
  const answer = await api('GET', '/api/me/orders', { role: 'shopper' });
  if (answer.ok) for (const order of answer.data) showOrder(order);
}

let renderedOrders = '';

// A rebuilt table moves the existing Pay and Share buttons into its new rows instead of making new
// ones: a rebuild between a click's mousedown and mouseup (the campaigns' titles arrive just after
// the page loads) would otherwise swallow the click, as mousedown met one button and mouseup another.
let orderButtons = new Map();
let keptButtons = new Map();
function button(id, make) {
  const kept = orderButtons.get(id) || make();
  keptButtons.set(id, kept);
  return kept;
}

function renderOrders() {
  if (!auth.get('shopper')) { ordersBox.replaceChildren(el('p', { class: 'muted' }, 'Sign in to see your orders.')); renderedOrders = ''; orderButtons = new Map(); return; }
  const list = [...orders.values()].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
  if (!list.length) { ordersBox.replaceChildren(el('p', { class: 'muted' }, 'No orders yet.')); renderedOrders = ''; orderButtons = new Map(); return; }
  // The list is refreshed every few seconds; rebuilding unchanged rows would swallow a click whose
  // mousedown met the old button and mouseup the new one.
  const shown = JSON.stringify(list.map((o) => {
    const c = campaigns.get(o.campaignId);
    return [o.id, o.status, o.total, o.payable, o.discount, o.payBy, c && c.entry.title, !!(c && c.state && c.state.shareCoupon)];
  }));
  if (shown === renderedOrders) { tickOrders(); return; }
  renderedOrders = shown;
  keptButtons = new Map();
  ordersBox.replaceChildren(el('table', {}, el('tr', {}, el('th', {}, 'Order'), el('th', {}, 'Total'), el('th', {}, 'Status'), el('th', {}, '')),
    ...list.map((order) => {
      const campaign = campaigns.get(order.campaignId);
      const payBy = el('span', { class: 'muted', 'data-testid': `payby-${order.id}`, 'data-pay-by': order.payBy });
      const pay = order.status === 'RESERVED'
        ? button(`pay-${order.id}`, () => el('button', { 'data-testid': `pay-${order.id}`, onclick: () => openPayment(orders.get(order.id)) }, 'Pay'))
        : (order.status === 'PAID' || order.status === 'SETTLED') && campaign && campaign.state && campaign.state.shareCoupon
          ? button(`share-${order.id}`, () => el('button', { class: 'secondary', 'data-testid': `share-${order.id}`, onclick: () => openShare(orders.get(order.id)) }, 'Share to my circle'))
          : null;
      return el('tr', { 'data-testid': `order-${order.id}` },
        el('td', {}, campaign ? campaign.entry.title : `${order.kind} #${order.campaignId}`),
        el('td', { 'data-testid': `order-total-${order.id}` }, order.discount
          ? [el('span', { class: 'was' }, money(order.total, order.currency)), ' ', money(order.payable, order.currency)]
          : money(order.total, order.currency)),
        el('td', {}, el('span', { class: 'status ' + order.status, 'data-testid': `order-status-${order.id}` }, order.status), ' ',
          order.status === 'RESERVED' ? payBy : ''),
        el('td', {}, pay || ''));
    })));
  orderButtons = keptButtons;
  tickOrders();
}

const panel = document.getElementById('order-panel');

/** The payment step: the shopper's coupons that apply to this order, with what each takes off. */
async function openPayment(order) {
  const answer = await api('GET', `/api/me/coupons?applicableTo=${order.id}`, { role: 'shopper' });
  const coupons = answer.ok ? (answer.data.items || answer.data) : [];
  const choice = el('select', { 'data-testid': 'pay-coupon' }, el('option', { value: '' }, 'No coupon'),
    ...coupons.map((c) => el('option', { value: c.id, 'data-discount': c.discount ?? 0 },
      `${money(c.discount ?? 0, order.currency)} off (coupon ${c.id})`)));
  const amount = el('strong', { 'data-testid': 'pay-amount' });
  const show = () => {
    const option = choice.selectedOptions[0];
    amount.textContent = money(order.total - Number(option.dataset.discount || 0), order.currency);
  };
  choice.addEventListener('change', show);
  const message = el('p', { class: 'problem', 'data-testid': 'pay-message' });
  const confirm = el('button', { 'data-testid': 'pay-confirm', onclick: async () => {
    const body = choice.value ? { couponId: choice.value } : undefined;
    const paid = await api('POST', `/api/orders/${order.id}/payment`, { role: 'shopper', body });
    if (paid.ok) { showOrder(paid.data); panel.hidden = true; } else message.textContent = describe(paid.problem);
  } }, 'Pay now');
  panel.replaceChildren(el('h3', {}, 'Pay order'), el('p', {}, coupons.length ? 'Use a coupon from your circle: ' : 'No coupon of yours applies. ', choice),
    el('p', {}, 'To pay: ', amount), confirm, ' ', el('button', { class: 'secondary', onclick: () => { panel.hidden = true; } }, 'Cancel'), message);
  show();
  panel.hidden = false;
}

/** Share a paid order's coupon with my circle, with a word on how the product really was. */
function openShare(order) {
  const note = el('textarea', { 'data-testid': 'share-note', maxlength: 500, rows: 3, cols: 40, placeholder: 'How was it really?' });
  const rating = el('select', { 'data-testid': 'share-rating' }, ...[5, 4, 3, 2, 1].map((r) => el('option', { value: r }, '★'.repeat(r))));
  const message = el('p', { class: 'problem', 'data-testid': 'share-message' });
  const key = newKey();
  const post = el('button', { 'data-testid': 'share-confirm', onclick: async () => {
    const answer = await api('POST', '/api/circle/posts', { role: 'shopper', idempotencyKey: key,
      body: { orderId: order.id, note: note.value, rating: Number(rating.value) } });
    if (answer.ok) panel.replaceChildren(el('p', { 'data-testid': 'share-done' }, 'Shared with your circle. ', el('a', { href: '/circle' }, 'See it')));
    else message.textContent = describe(answer.problem);
  } }, 'Post to my circle');
  panel.replaceChildren(el('h3', {}, 'Share to my circle'), el('p', { class: 'muted' }, 'Friends get a coupon for this shop; you get levels, never money.'),
    note, el('p', {}, 'Rating ', rating), post, ' ', el('button', { class: 'secondary', onclick: () => { panel.hidden = true; } }, 'Cancel'), message);
  panel.hidden = false;
}

function tickOrders() {
  for (const span of ordersBox.querySelectorAll('[data-pay-by]')) {
    span.textContent = `pay within ${countdown(Date.parse(span.dataset.payBy) - live.now())}`;
  }
}

setInterval(() => { for (const c of campaigns.values()) c.tick(); tickOrders(); }, 250);
setInterval(refreshOrders, 3000);
setInterval(loadCampaigns, 15000);
loadCampaigns();
