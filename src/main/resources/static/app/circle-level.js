// My level on /circle (#my-level): read from GET /api/me/level when circle:me is (re)subscribed, then
// replaced by each {event: "level"} message the server pushes after my settled XP changed.
import { api, auth, el } from './flashgroup.js';

const box = document.getElementById('my-level');

function render(level, xp, pendingXp, nextThreshold) {
  if (!box) return;
  const next = nextThreshold === null || nextThreshold === undefined ? 'top level' : `next at ${nextThreshold} XP`;
  box.replaceChildren(
    el('strong', { 'data-testid': 'my-level-value' }, `Level ${level}`), ' · ',
    el('span', { 'data-testid': 'my-level-xp' }, `${xp} XP`),
    pendingXp ? el('span', { class: 'muted' }, ` (+${pendingXp} pending)`) : '',
    el('span', { class: 'muted' }, ` · ${next}`));
}

let pending = 0;
let nextThreshold = null;

async function load() {
  if (!auth.get('shopper')) { box?.replaceChildren(); return; }
  const answer = await api('GET', '/api/me/level', { role: 'shopper' });
  if (!answer.ok) return;
  pending = answer.data.pendingXp;
  nextThreshold = answer.data.nextThreshold;
  render(answer.data.level, answer.data.xp, pending, nextThreshold);
}

/**
 * Feed every circle:me state here first: true when it was mine (a level message); a `subscribed`
 * snapshot (sign-in, reconnect) reloads the level and lets the caller go on.
 */
export function levelOnCircleMe(state) {
  if (state && state.event === 'subscribed') { load(); return false; }
  if (state && state.event === 'level') {
    load(); // the push carries level and xp; the read refreshes pending XP and the next threshold
    render(state.level, state.xp, pending, nextThreshold);
    return true;
  }
  return false;
}
