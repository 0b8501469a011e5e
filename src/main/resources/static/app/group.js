// A group page meant to be shared with friends: seats fill live, join and pay from here.
import { api, auth, countdown, describe, el, Live, liveDot, money, ms, newKey, signInBar } from './flashgroup.js';

const groupId = location.pathname.split('/').pop();
const live = new Live(liveDot);
const box = document.getElementById('group');
let group = null;
let campaign = null;
let myOrder = null;
let key = null;
const message = el('p', { class: 'problem', 'data-testid': 'group-message' });

signInBar(document.getElementById('auth'), 'shopper', ['alice', 'bob', 'carol', 'dave', 'erin'], () => render());

async function load() {
  const answer = await api('GET', `/api/groups/${groupId}`);
  if (!answer.ok) { box.replaceChildren(el('p', { class: 'problem' }, describe(answer.problem))); return; }
  group = answer.data;
  const details = await api('GET', `/api/group-buys/${group.campaignId}`);
  if (details.ok) campaign = details.data;
  render();
  live.subscribe(`group:${groupId}`, (state) => { group = state; render(); });
}

// A seat still counts while it is held, paid or settled; closed groups also list expired, refunded
// and cancelled seats (see the README: each member's `seat`).
const HOLDS = new Set(['HELD', 'PAID', 'SETTLED']);
const OUTCOME = { SETTLED: ' ✓ paid', PAID: ' ✓ paid', EXPIRED: ' · expired', REFUNDED: ' · refunded', CANCELLED: ' · left' };
function holds(m) { return HOLDS.has(m.seat || (m.paid ? 'PAID' : 'HELD')); }

function me() { const who = auth.get('shopper'); return who && group && group.members.find((m) => m.userId === who.userId); }

let lookedUp = false;

/** After a reload, my seat's order comes from my orders. */
async function findMyOrder() {
  lookedUp = true;
  const answer = await api('GET', '/api/me/orders', { role: 'shopper' });
  if (answer.ok) { myOrder = answer.data.find((o) => o.groupId === groupId) || null; render(); }
}

function render() {
  if (!group) return;
  const mine = me();
  if (mine && !myOrder && !lookedUp) findMyOrder();
  const seats = [];
  const holders = group.members.filter(holds);
  for (let i = 0; i < group.size; i++) {
    const m = holders[i];
    seats.push(el('div', { class: 'seat' + (m ? ' taken' : '') + (m && m.paid ? ' paid' : ''), title: m ? m.name : 'free seat' },
      m ? m.name.slice(0, 2).toUpperCase() : '+'));
  }
  const actions = [];
  if (group.status === 'OPEN' && !mine && !group.full) {
    actions.push(el('button', { 'data-testid': 'join', onclick: join }, 'Join this group'));
  }
  if (mine && !mine.paid && myOrder && myOrder.status === 'RESERVED') {
    actions.push(el('button', { 'data-testid': 'pay', onclick: pay }, `Pay ${money(myOrder.total, myOrder.currency)}`));
  }
  box.replaceChildren(
    el('div', { class: 'kind' }, 'group buy ', el('span', { class: 'status ' + group.status, 'data-testid': 'group-status' }, group.status)),
    el('h3', {}, campaign ? campaign.title : 'Group'),
    campaign ? el('div', {}, el('span', { class: 'price' }, money(campaign.groupPrice, campaign.currency)),
      campaign.soloPrice ? el('span', { class: 'was' }, money(campaign.soloPrice, campaign.currency)) : '') : '',
    el('div', { class: 'seats', 'data-testid': 'seats' }, ...seats),
    el('p', {}, el('strong', { 'data-testid': 'seats-left' }, String(group.seatsLeft)), ' seats left · ',
      el('span', { 'data-testid': 'members-count' }, String(holders.length)), ' joined · ',
      el('span', { class: 'muted', 'data-testid': 'deadline', 'data-deadline': group.deadline })),
    el('ul', { 'data-testid': 'members' }, ...group.members.map((m) => el('li', {}, m.name, m.leader ? ' (leader)' : '', OUTCOME[m.seat] || (m.paid ? ' ✓ paid' : '')))),
    ...actions, message,
    el('p', { class: 'muted' }, 'Share this page: ', el('code', {}, location.href)));
  tick();
}

function tick() {
  const span = box.querySelector('[data-deadline]');
  if (span && group) span.textContent = group.status === 'OPEN' ? `closes in ${countdown(ms(group.deadline) - live.now())}` : '';
}

async function join() {
  if (!auth.get('shopper')) { message.textContent = 'Sign in first.'; return; }
  key = key || newKey();
  const answer = await api('POST', `/api/groups/${groupId}/members`, { role: 'shopper', idempotencyKey: key });
  if (answer.ok) { myOrder = answer.data.order; group = answer.data.group; key = null; message.textContent = ''; render(); }
  else { if (answer.status < 500) key = null; message.textContent = describe(answer.problem); }
}

async function pay() {
  const answer = await api('POST', `/api/orders/${myOrder.id}/payment`, { role: 'shopper' });
  if (answer.ok) { myOrder = answer.data; render(); } else message.textContent = describe(answer.problem);
}

setInterval(tick, 250);
load();
