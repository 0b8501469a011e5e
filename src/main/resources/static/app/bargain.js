// A bargain page meant to be shared with friends: every cut arrives live; friends cut, the owner buys.
import { api, auth, countdown, describe, el, Live, liveDot, money, ms, signInBar } from './flashgroup.js';

const sessionId = location.pathname.split('/').pop();
const live = new Live(liveDot);
const box = document.getElementById('session');
let session = null;
let order = null;
const message = el('p', { class: 'problem', 'data-testid': 'session-message' });

signInBar(document.getElementById('auth'), 'shopper', ['alice', 'bob', 'carol', 'dave', 'erin'], () => render());

async function load() {
  const answer = await api('GET', `/api/bargain-sessions/${sessionId}`);
  if (!answer.ok) { box.replaceChildren(el('p', { class: 'problem' }, describe(answer.problem))); return; }
  session = answer.data;
  render();
  live.subscribe(`bargain:${sessionId}`, (state) => { session = state; render(); });
}

function render() {
  if (!session) return;
  const who = auth.get('shopper');
  const owner = who && who.userId === session.ownerId;
  const open = session.status === 'OPEN' || session.status === 'COMPLETED';
  const cut = session.listPrice - session.currentPrice, total = session.listPrice - session.floorPrice;
  const actions = [];
  if (open && !owner && session.status === 'OPEN') actions.push(el('button', { 'data-testid': 'cut', onclick: cutIt }, 'Cut the price for them'));
  if (open && owner) actions.push(el('button', { 'data-testid': 'buy', onclick: buy }, `Buy now at ${money(session.currentPrice, session.currency)}`));
  if (order && order.status === 'RESERVED') actions.push(el('button', { 'data-testid': 'pay', onclick: pay }, 'Pay'));
  box.replaceChildren(
    el('div', { class: 'kind' }, 'bargain ', el('span', { class: 'status ' + session.status, 'data-testid': 'session-status' }, session.status)),
    el('h3', {}, `${session.ownerName} is cutting the price`),
    el('div', {}, el('span', { class: 'price', 'data-testid': 'current-price' }, money(session.currentPrice, session.currency)),
      el('span', { class: 'was' }, money(session.listPrice, session.currency))),
    el('div', { class: 'bar' }, el('span', { style: `width:${(100 * cut) / Math.max(1, total)}%` })),
    el('p', {}, el('strong', { 'data-testid': 'cuts-left' }, String(session.cutsLeft)), ` cuts to ${money(session.floorPrice, session.currency)} · `,
      el('span', { class: 'muted', 'data-testid': 'deadline', 'data-deadline': ms(session.deadline) })),
    el('ol', { 'data-testid': 'cuts' }, ...session.cuts.map((c) => el('li', {}, `${c.name} cut ${money(c.amount, session.currency)}`))),
    ...actions, order ? el('p', { 'data-testid': 'order-status' }, `Order ${order.status}`) : '', message,
    el('p', { class: 'muted' }, 'Share this page: ', el('code', {}, location.href)));
  tick();
}

function tick() {
  const span = box.querySelector('[data-deadline]');
  if (span && session) span.textContent = session.status === 'OPEN' || session.status === 'COMPLETED'
    ? `ends in ${countdown(Number(span.dataset.deadline) - live.now())}` : '';
}

async function cutIt() {
  if (!auth.get('shopper')) { message.textContent = 'Sign in to help.'; return; }
  const answer = await api('POST', `/api/bargain-sessions/${sessionId}/cuts`, { role: 'shopper' });
  if (answer.ok) { session = answer.data.session; message.textContent = `You cut ${money(answer.data.amount, session.currency)}!`; render(); }
  else message.textContent = describe(answer.problem);
}

async function buy() {
  const answer = await api('POST', `/api/bargain-sessions/${sessionId}/purchase`, { role: 'shopper' });
  if (answer.ok) { order = answer.data.order; session = answer.data.session; render(); }
  else message.textContent = describe(answer.problem);
}

async function pay() {
  const answer = await api('POST', `/api/orders/${order.id}/payment`, { role: 'shopper' });
  if (answer.ok) { order = answer.data; render(); } else message.textContent = describe(answer.problem);
}

setInterval(tick, 250);
load();
