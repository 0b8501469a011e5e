// The ops dashboard: every node's counters arrive once a second on the live topic ops:metrics;
// this page sums the nodes, turns counters into rates and draws the last two minutes.
import { auth, el, Live, liveDot, signInBar, sparkline } from './flashgroup.js';

const live = new Live(liveDot);
const box = document.getElementById('metrics');
const nodes = new Map(); // node -> latest reading
const series = { purchases: [], sessions: [], lag: [], flushed: [] };
let previous = null;

live.onError = (error) => { box.replaceChildren(el('p', { class: 'problem', 'data-testid': 'ops-problem' }, error.detail)); };

// The counters are for ops only: the topic takes an OPS token in the subscribe message.
signInBar(document.getElementById('auth'), 'ops', ['ops-1'], (who) => {
  if (who) {
    box.replaceChildren(el('p', { class: 'muted' }, 'Waiting for the first reading…'));
    live.subscribe('ops:metrics', (state) => { nodes.set(state.node, state); }, { token: who.token });
  } else {
    live.unsubscribe('ops:metrics');
    nodes.clear();
  }
});

function total() {
  const sum = { purchases: {}, liveSessions: 0, outboxLagEntries: 0, outboxLagSeconds: 0, ordersFlushed: 0 };
  for (const n of nodes.values()) {
    for (const [outcome, count] of Object.entries(n.purchases || {})) sum.purchases[outcome] = (sum.purchases[outcome] || 0) + count;
    sum.liveSessions += n.liveSessions;
    sum.outboxLagEntries += n.outboxLagEntries;
    sum.outboxLagSeconds = Math.max(sum.outboxLagSeconds, n.outboxLagSeconds);
    sum.ordersFlushed += n.ordersFlushed;
  }
  return sum;
}

function push(name, value) { series[name].push(value); if (series[name].length > 120) series[name].shift(); }

function tile(testid, title, value, values, unit) {
  return el('section', { class: 'card', 'data-testid': testid }, el('div', { class: 'kind' }, title),
    el('div', { class: 'metric', 'data-testid': `${testid}-value` }, String(value)), el('div', { class: 'muted' }, unit),
    sparkline(values, { label: title }));
}

setInterval(() => {
  if (!nodes.size) return;
  const now = total();
  const purchases = Object.values(now.purchases).reduce((a, b) => a + b, 0);
  const rate = (key, value) => (previous ? Math.max(0, value - previous[key]) : 0);
  push('purchases', rate('purchases', purchases));
  push('sessions', now.liveSessions);
  push('lag', now.outboxLagEntries);
  push('flushed', rate('flushed', now.ordersFlushed));
  previous = { purchases, flushed: now.ordersFlushed };
  box.replaceChildren(
    tile('purchase-rate', 'Purchases', series.purchases.at(-1), series.purchases, 'per second'),
    tile('live-sessions', 'Live sessions', now.liveSessions, series.sessions, 'WebSocket and SSE watchers'),
    tile('outbox-lag', 'Outbox lag', now.outboxLagEntries, series.lag, `entries, oldest ${now.outboxLagSeconds.toFixed(1)} s`),
    tile('flush-rate', 'Flushed to PostgreSQL', series.flushed.at(-1), series.flushed, 'orders per second'),
    el('section', { class: 'card', 'data-testid': 'outcomes' }, el('div', { class: 'kind' }, 'Purchases by outcome (since start)'),
      el('table', {}, ...Object.entries(now.purchases).map(([o, c]) => el('tr', {}, el('td', {}, o), el('td', {}, String(c)))))),
    el('p', { class: 'muted' }, `${nodes.size} node(s) reporting`));
}, 1000);
