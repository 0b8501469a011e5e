// Shared by every page: signing in, calling the API, the live connection, small DOM helpers.
// Plain ES modules, no build step, no third-party code.

const TOKENS = 'flashgroup.tokens';

/** Tokens per role ("shopper", "seller", "ops") kept in this browser. */
export const auth = {
  all() { return JSON.parse(localStorage.getItem(TOKENS) || '{}'); },
  get(role) { return this.all()[role] || null; },
  set(role, userId, token) {
    const all = this.all();
    all[role] = { userId, token };
    localStorage.setItem(TOKENS, JSON.stringify(all));
  },
  clear(role) {
    const all = this.all();
    delete all[role];
    localStorage.setItem(TOKENS, JSON.stringify(all));
  },
};

/** Calls the API; answers {ok, status, data, problem} and never throws on an HTTP error. */
export async function api(method, path, { body, role, idempotencyKey } = {}) {
  const headers = {};
  const who = role && auth.get(role);
  if (who) headers.Authorization = 'Bearer ' + who.token;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    return { ok: false, status: 0, problem: { title: 'Offline', detail: 'The server cannot be reached; retrying helps.' } };
  }
  const text = await response.text();
  const data = text ? JSON.parse(text) : null;
  return response.ok ? { ok: true, status: response.status, data } : { ok: false, status: response.status, problem: data || {} };
}

/** A problem as one line for people: its detail, then its field errors. */
export function describe(problem) {
  const errors = problem.errors ? Object.entries(problem.errors).map(([f, m]) => `${f}: ${m}`) : [];
  return [problem.detail || problem.title || 'Something went wrong', ...errors].join(' — ');
}

/** A fresh Idempotency-Key for one user action; retries of that action reuse it. */
export function newKey() {
  return (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random()).replace(/[^A-Za-z0-9-]/g, '');
}

/** Signs in with the dev token endpoint (dev and test runs only). */
export async function devSignIn(role, userId) {
  const roles = { shopper: ['SHOPPER'], seller: ['SELLER'], ops: ['OPS'] }[role];
  const answer = await api('POST', '/api/dev/tokens', { body: { userId, roles } });
  if (answer.ok) auth.set(role, userId, answer.data.token);
  return answer;
}

/**
 * The sign-in bar: in the dev run a picker of demo users, otherwise a field to paste a token.
 * Calls onChange(user) once signed in (and at once if already signed in).
 */
export function signInBar(container, role, demoUsers, onChange) {
  const render = () => {
    container.replaceChildren();
    const who = auth.get(role);
    if (who) {
      container.append(el('span', { 'data-testid': 'signed-in-as' }, `Signed in as ${who.userId}`),
        el('button', { class: 'link', onclick: () => { auth.clear(role); render(); onChange(null); } }, 'Sign out'));
      return;
    }
    const select = el('select', { 'data-testid': 'user-picker', 'aria-label': 'Demo user' },
      ...demoUsers.map((u) => el('option', { value: u }, u)));
    const token = el('input', { placeholder: 'or paste a bearer token', 'aria-label': 'Token', size: 18 });
    const message = el('span', { class: 'problem' });
    const button = el('button', {
      'data-testid': 'sign-in',
      onclick: async () => {
        if (token.value.trim()) {
          auth.set(role, 'token user', token.value.trim());
        } else {
          const answer = await devSignIn(role, select.value);
          if (!answer.ok) { message.textContent = 'Dev sign-in is off here: paste a token.'; return; }
        }
        render();
        onChange(auth.get(role));
      },
    }, 'Sign in');
    container.append(select, button, token, message);
  };
  render();
  if (auth.get(role)) onChange(auth.get(role));
}

/**
 * One live WebSocket, topics re-subscribed after every reconnect (each answers with a fresh
 * snapshot), server time from the hello message.
 */
class LiveConnection {
  constructor(onStatus, owner) {
    this.owner = owner;
    this.handlers = new Map();
    this.offset = 0;
    this.onStatus = onStatus;
    this.delay = 500;
    this.connect();
  }

  /** Server time (Redis time) now, in epoch ms: run countdowns from this, not the device clock. */
  now() { return Date.now() + this.offset; }

  /** Subscribes; `extra` goes with every (re)subscription, e.g. {token} for topics that need a role. */
  subscribe(topic, handler, extra = {}) {
    this.handlers.set(topic, { handler, extra });
    this.send({ op: 'subscribe', topic, ...extra });
  }

  unsubscribe(topic) {
    this.handlers.delete(topic);
    this.send({ op: 'unsubscribe', topic });
  }

  send(message) {
    if (this.socket && this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  connect() {
    const socket = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
    this.socket = socket;
    socket.onopen = () => {
      this.delay = 500;
      this.onStatus('live');
      for (const [topic, { extra }] of this.handlers) this.send({ op: 'subscribe', topic, ...extra });
    };
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === 'hello') {
        this.offset = message.serverTime - Date.now();
      } else if (message.type === 'snapshot' || message.type === 'update') {
        const entry = this.handlers.get(message.topic);
        if (entry) entry.handler(message.state, message);
      } else if (message.type === 'error' && this.owner.onError) {
        this.owner.onError(message);
      }
    };
    socket.onclose = () => {
      this.onStatus('reconnecting');
      setTimeout(() => this.connect(), this.delay);
      this.delay = Math.min(this.delay * 2, 5000);
    };
  }
}

/** Topics one connection may carry (the server's flashgroup.live.max-topics-per-session). */
const TOPICS_PER_CONNECTION = 50;

/**
 * The page's live updates: topics spread over as many WebSockets as needed, at most
 * TOPICS_PER_CONNECTION each, so a shop with more live campaigns than that still shows them all live.
 */
export class Live {
  constructor(onStatus = () => {}) {
    this.onStatus = onStatus;
    this.connections = [new LiveConnection(onStatus, this)];
  }

  /** Server time (Redis time) now, in epoch ms: run countdowns from this, not the device clock. */
  now() { return this.connections[0].now(); }

  /** Subscribes; `extra` goes with every (re)subscription, e.g. {token} for topics that need a role. */
  subscribe(topic, handler, extra = {}) {
    let connection = this.connections.find((c) => c.handlers.has(topic))
      || this.connections.find((c) => c.handlers.size < TOPICS_PER_CONNECTION);
    if (!connection) {
      connection = new LiveConnection(() => {}, this); // the first connection reports the status
      this.connections.push(connection);
    }
    connection.subscribe(topic, handler, extra);
  }

  unsubscribe(topic) {
    for (const connection of this.connections) {
      if (connection.handlers.has(topic)) connection.unsubscribe(topic);
    }
  }
}

/** Creates an element: el('div', {class: 'x', onclick: fn}, 'text', child). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

/** Epoch ms of a time given either way: REST answers ISO-8601, live states epoch ms. */
export function ms(time) {
  return typeof time === 'number' ? time : Date.parse(time);
}

export function money(minor, currency) {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).format(minor / 100);
}

/** "1h 02m 03s", "2m 05s", "9s"; never negative. */
export function countdown(ms) {
  const s = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
  const pad = (n) => String(n).padStart(2, '0');
  return h > 0 ? `${h}h ${pad(m)}m ${pad(r)}s` : m > 0 ? `${m}m ${pad(r)}s` : `${r}s`;
}

/** A small line chart of the last values, as inline SVG. */
export function sparkline(values, { width = 160, height = 36, label = '' } = {}) {
  const max = Math.max(1, ...values), n = Math.max(2, values.length);
  const points = values.map((v, i) => `${(i / (n - 1)) * width},${height - (v / max) * (height - 2) - 1}`).join(' ');
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', `0 0 ${width} ${height}`);
  svg.setAttribute('class', 'spark');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.innerHTML = `<polyline fill="none" stroke="currentColor" stroke-width="2" points="${points}"/>`;
  return svg;
}

/** Re-renders the live status dot in the header. */
export function liveDot(status) {
  const dot = document.querySelector('[data-testid=live-status]');
  if (dot) { dot.textContent = status; dot.className = 'dot ' + status; }
}
