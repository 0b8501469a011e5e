// Giveaways (免费送) on the circle page: each open or recently drawn giveaway as a card with its
// entrant count moving live (topic giveaway:<id>), an enter button, and after the draw the
// seed, its hash, the winners and how to verify the draw. Text goes in with textContent (el()).
import { api, auth, describe, el } from './flashgroup.js';

const VERIFY = 'java src/main/java/io/flashgroup/giveaway/DrawVerifier.java';

/** Fills `container` with the giveaway cards and keeps them live on `live`. */
export async function mountGiveaways(container, live) {
  const [open, drawn] = await Promise.all([
    api('GET', '/api/giveaways?status=OPEN'), api('GET', '/api/giveaways?status=DRAWN')]);
  if (!open.ok || !drawn.ok) {
    container.replaceChildren(el('p', { class: 'problem' }, describe((open.ok ? drawn : open).problem)));
    return;
  }
  const list = [...open.data, ...drawn.data.slice(0, 3)];
  container.replaceChildren();
  if (!list.length) container.append(el('p', { class: 'muted', 'data-testid': 'giveaways-empty' }, 'No giveaways now.'));
  for (const giveaway of list) {
    const card = el('div', { class: 'card', 'data-testid': `giveaway-${giveaway.id}` });
    container.append(card);
    await render(card, giveaway.id);
    live.subscribe(`giveaway:${giveaway.id}`, (state) => onState(card, giveaway.id, state));
  }
}

async function onState(card, id, state) {
  const count = card.querySelector(`[data-testid=giveaway-entrants-${id}]`);
  if (count) count.textContent = String(state.entrants);
  if (state.status === 'DRAWN' && card.dataset.status !== 'DRAWN') await render(card, id);
}

/** The card of one giveaway as the signed-in shopper (if any) sees it. */
async function render(card, id) {
  const answer = await api('GET', `/api/giveaways/${id}`, { role: 'shopper' });
  if (!answer.ok) { card.replaceChildren(el('p', { class: 'problem' }, describe(answer.problem))); return; }
  const g = answer.data;
  card.dataset.status = g.status;
  const message = el('p', { class: 'problem', 'data-testid': `giveaway-message-${id}` });
  const terms = `${g.winners} to win · ${g.platform ? 'from the platform' : 'from the shop'}`
    + (g.minLevel > 0 ? ` · level ${g.minLevel}+` : '') + ` · closes ${new Date(g.closesAt).toLocaleString()}`;
  card.replaceChildren(
    el('h3', { 'data-testid': `giveaway-title-${id}` }, `免费送 ${g.title}`),
    el('p', { class: 'muted' }, terms),
    el('p', {}, el('strong', { 'data-testid': `giveaway-entrants-${id}` }, String(g.entrants)), ' entered'),
    el('p', { class: 'muted' }, 'Seed hash (committed before any entry): ',
      el('code', { 'data-testid': `giveaway-seed-hash-${id}`, style: 'overflow-wrap:anywhere' }, g.seedHash)),
    g.status === 'DRAWN' ? result(g, message) : entry(g, message),
    message);
}

function entry(g, message) {
  if (g.youEntered) return el('p', { 'data-testid': `giveaway-entered-${g.id}` }, 'You entered. Good luck!');
  return el('button', {
    'data-testid': `giveaway-enter-${g.id}`,
    onclick: async (event) => {
      if (!auth.get('shopper')) { message.textContent = 'Sign in to enter.'; return; }
      event.target.disabled = true;
      const answer = await api('POST', `/api/giveaways/${g.id}/entries`, { role: 'shopper' });
      if (!answer.ok) { message.textContent = describe(answer.problem); event.target.disabled = false; return; }
      event.target.replaceWith(el('p', { 'data-testid': `giveaway-entered-${g.id}` },
        `You entered with weight ${answer.data.weight}. Good luck!`));
    },
  }, 'Enter');
}

function result(g, message) {
  const draw = g.draw;
  const you = g.youWon ? 'You won!' : g.youEntered ? 'You did not win this time.' : '';
  const box = el('div', { 'data-testid': `giveaway-result-${g.id}` },
    el('p', {}, el('strong', {}, you)),
    el('p', { class: 'muted' }, 'Seed: ', el('code', { 'data-testid': `giveaway-seed-${g.id}`, style: 'overflow-wrap:anywhere' }, draw.seed)),
    el('p', { class: 'muted' }, `Winners (${draw.winners.length} of ${draw.entries.length} entries):`),
    el('ol', { 'data-testid': `giveaway-winners-${g.id}` },
      ...draw.winners.map((w) => el('li', {}, el('code', {}, w.slice(0, 16) + '…')))),
    el('p', { class: 'muted', 'data-testid': `giveaway-verify-${g.id}` },
      'Verify: SHA-256 of the seed must equal the hash above; then save GET /api/giveaways/' + g.id
      + ` as giveaway.json and run “${VERIFY} giveaway.json [your user id]”: it re-draws and prints OK.`));
  if (g.yourPrize === 'WON') {
    box.append(el('button', {
      'data-testid': `giveaway-claim-${g.id}`,
      onclick: async (event) => {
        const answer = await api('POST', `/api/giveaways/${g.id}/prize`, { role: 'shopper' });
        message.textContent = answer.ok ? 'Prize claimed: the shop will send it.' : describe(answer.problem);
        if (answer.ok) event.target.remove();
      },
    }, `Claim your prize (by ${new Date(draw.claimBy).toLocaleString()})`));
  } else if (g.yourPrize) {
    box.append(el('p', { 'data-testid': `giveaway-prize-${g.id}` }, `Prize: ${g.yourPrize}`));
  }
  return box;
}
