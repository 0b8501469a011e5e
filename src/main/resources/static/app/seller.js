// The seller console: create campaigns (the server's problems shown next to the fields), watch
// your own live (stock burn, orders per second) and stop one at once.
import { api, auth, describe, el, Live, liveDot, money, signInBar, sparkline } from './flashgroup.js';

const live = new Live(liveDot);
const form = document.getElementById('create');
const mine = document.getElementById('mine');
const watched = new Map();

signInBar(document.getElementById('auth'), 'seller', ['demo-seller', 'seller-1', 'seller-2'], () => loadMine());

const local = (date) => new Date(date.getTime() - date.getTimezoneOffset() * 60000).toISOString().slice(0, 19);
form.startsAt.value = local(new Date(Date.now() + 60_000));
form.endsAt.value = local(new Date(Date.now() + 2 * 3600_000));
form.kind.addEventListener('change', () => {
  for (const part of form.querySelectorAll('[data-kind]')) part.hidden = part.dataset.kind !== form.kind.value;
});

const minor = (v) => (v === '' ? undefined : Math.round(Number(v) * 100));
const number = (v) => (v === '' ? undefined : Number(v));
const minutes = (v) => (v === '' ? undefined : `PT${Math.round(Number(v) * 60)}S`);

function request() {
  const f = form;
  const body = {
    sku: f.sku.value, title: f.title.value, currency: f.currency.value, stock: number(f.stock.value),
    perUserLimit: number(f.perUserLimit.value), payWindow: minutes(f.payWindow.value),
    startsAt: f.startsAt.value ? new Date(f.startsAt.value).toISOString() : undefined,
    endsAt: f.endsAt.value ? new Date(f.endsAt.value).toISOString() : undefined,
  };
  if (f.kind.value === 'FLASH_SALE') return ['/api/flash-sales', { ...body, price: minor(f.price.value) }];
  if (f.kind.value === 'GROUP_BUY') {
    return ['/api/group-buys', { ...body, groupPrice: minor(f.groupPrice.value), leaderPrice: minor(f.leaderPrice.value),
      soloPrice: minor(f.soloPrice.value), groupSize: number(f.groupSize.value), groupTtl: minutes(f.groupTtl.value),
      virtualFill: f.minRealMembers.value ? { minRealMembers: number(f.minRealMembers.value) } : undefined }];
  }
  return ['/api/bargains', { ...body, listPrice: minor(f.listPrice.value), floorPrice: minor(f.floorPrice.value),
    helpersNeeded: number(f.helpersNeeded.value), sessionTtl: minutes(f.sessionTtl.value),
    helpsPerHelperPerDay: number(f.helpsPerHelperPerDay.value) }];
}

// The server keys errors by request field, dotted when nested; the inputs are flat.
const NESTED_INPUTS = { 'virtualFill.minRealMembers': 'minRealMembers' };
const inputFor = (field) => {
  const input = form.elements.namedItem(NESTED_INPUTS[field] ?? field);
  return input instanceof HTMLInputElement || input instanceof HTMLSelectElement ? input : null;
};

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const problem = form.querySelector('[data-testid=form-problem]');
  const result = form.querySelector('[data-testid=form-result]');
  for (const old of form.querySelectorAll('.field-error')) old.remove();
  problem.textContent = '';
  result.textContent = '';
  if (!auth.get('seller')) { problem.textContent = 'Sign in first.'; return; }
  const [path, body] = request();
  const answer = await api('POST', path, { role: 'seller', body });
  if (!answer.ok) {
    problem.textContent = describe(answer.problem);
    for (const [field, text] of Object.entries(answer.problem.errors || {})) {
      const input = inputFor(field);
      if (input) input.after(el('span', { class: 'problem field-error', 'data-testid': `error-${field}` }, text));
    }
    return;
  }
  result.textContent = `Created ${answer.data.title} (#${answer.data.id}).`;
  loadMine();
});

async function loadMine() {
  const who = auth.get('seller');
  if (!who) { mine.replaceChildren(el('p', { class: 'muted' }, 'Sign in to see your campaigns.')); return; }
  const answer = await api('GET', `/api/campaigns?sellerId=${encodeURIComponent(who.userId)}`);
  if (!answer.ok) return;
  if (!answer.data.length) mine.replaceChildren(el('p', { class: 'muted' }, 'No campaigns yet.'));
  for (const entry of answer.data) {
    if (watched.has(entry.id)) continue;
    if (!watched.size) mine.replaceChildren();
    const view = campaignView(entry);
    watched.set(entry.id, view);
    mine.append(view.root);
    const path = { FLASH_SALE: '/api/flash-sales/', GROUP_BUY: '/api/group-buys/', BARGAIN: '/api/bargains/' }[entry.kind];
    const details = await api('GET', path + entry.id);
    if (details.ok) view.update(details.data);
    if (entry.topic) live.subscribe(entry.topic, (state) => view.update(state));
  }
}

function campaignView(entry) {
  const stockLeft = el('strong', { 'data-testid': `seller-stock-${entry.id}` }, '–');
  const status = el('span', { class: 'status' }, '…');
  const rate = el('span', { 'data-testid': `seller-rate-${entry.id}` }, '0');
  const chart = el('div');
  const message = el('p', { class: 'problem' });
  const history = [];
  let state = {};
  let lastSold = null;
  const root = el('article', { class: 'card', 'data-testid': `seller-campaign-${entry.id}` },
    el('div', { class: 'kind' }, entry.kind.replace('_', ' ').toLowerCase(), ' ', status),
    el('h3', {}, entry.title), el('div', {}, money(entry.price, entry.currency)),
    el('div', {}, stockLeft, ' left · ', rate, ' orders/s'), chart,
    el('button', { class: 'secondary', 'data-testid': `cancel-${entry.id}`, onclick: cancel }, 'Kill switch'), message);

  async function cancel() {
    if (!confirm(`Stop "${entry.title}" now? Unpaid reservations are released.`)) return;
    const path = { FLASH_SALE: 'flash-sales', GROUP_BUY: 'group-buys', BARGAIN: 'bargains' }[entry.kind];
    const answer = await api('POST', `/api/${path}/${entry.id}/cancel`, { role: 'seller' });
    if (answer.ok) update(answer.data); else message.textContent = describe(answer.problem);
  }

  function update(next) {
    state = Object.assign(state, next);
    stockLeft.textContent = state.stockLeft ?? '–';
    status.textContent = state.status || '';
    status.className = 'status ' + (state.status || '');
  }

  // Once a second: the stock burn chart and orders per second from the units taken.
  setInterval(() => {
    if (state.stockLeft === undefined) return;
    const sold = (state.stock ?? 0) - state.stockLeft;
    rate.textContent = lastSold === null ? '0' : String(Math.max(0, sold - lastSold));
    lastSold = sold;
    history.push(state.stockLeft);
    if (history.length > 120) history.shift();
    chart.replaceChildren(sparkline(history, { label: 'stock left, last two minutes' }));
  }, 1000);
  return { root, update };
}
