/* The live core shared by every page (an ES module): connection, state snapshot, pushes, outbox.
 *
 * Protocol: docs/protocol.md. On every (re)connect the page asks for `workshop.state` and
 * rebuilds from it; pushes that arrive meanwhile are replayed after the rebuild, so nothing is
 * lost and, because cards are keyed by id, nothing is shown twice. Every push goes through one
 * function, `dispatch`, whether it comes live, buffered during a snapshot, or replayed.
 */
export const config = JSON.parse(document.getElementById("page-config").textContent);
const strings = config.strings || {};

/** Translate a French source string, with %(name)s placeholders. */
export function t(key, params) {
  let text = Object.prototype.hasOwnProperty.call(strings, key) ? strings[key] : key;
  if (params) {
    text = text.replace(/%\((\w+)\)[sd]/g, (m, name) => (name in params ? String(params[name]) : m));
  }
  return text;
}

const numberFormat = new Intl.NumberFormat(config.locale || "fr", { maximumFractionDigits: 1 });
const pluralRules = new Intl.PluralRules(config.locale || "fr");

/** A number as the page's language writes it: "4,5" in French, "4.5" in English. */
export function number(value) {
  return numberFormat.format(value);
}

/**
 * The singular or the plural form for `n`, by the page language's rule (French: 0 and 1 take the
 * singular), with %(n)s written as that language writes numbers. Callers pass both forms through
 * t() so the catalogue lists them: tn(n, t("%(n)s soutien"), t("%(n)s soutiens")).
 */
export function tn(n, one, other, params) {
  const form = pluralRules.select(n) === "one" ? one : other;
  return t(form, Object.assign({ n: number(n) }, params));
}

export function newClientId() {
  if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** Everything the page knows, rebuilt from each snapshot. */
export class Store {
  constructor() {
    this.reset({ workshop: {}, steps: [], me: {}, cards: [], composition: { groups: {}, total: 0 } });
  }

  reset(state) {
    this.workshop = state.workshop;
    this.steps = state.steps;
    this.me = state.me;
    this.composition = state.composition;
    this.participants = state.participants || null;
    this.positions = state.positions || {}; // track id -> group -> {agree, mixed, disagree}
    this.upvotes = state.upvotes || {}; // question id -> count
    this.releases = state.releases || [];
    this.synthesis = state.synthesis || { versions: [], log: [], groups_expected: [], final_version: null };
    this.evaluation = state.evaluation || { questions: [] };
    this.queue = state.queue || null;
    this.mine = state.mine || { positions: {}, upvotes: [], hand: { status: "none", place: null }, evaluated: false };
    this.themes = state.themes || [];
    this.pauseRequests = state.pause_requests || [];
    this.audit = state.audit || { entries: [], undoable: null };
    this.glossary = state.glossary || [];
    this.recap = state.recap || null; // participants: {url} once a final export exists, else {expected}
    this.syncClock(state.server_time);
    this.cards = new Map();
    // Cards this page learns about through a private channel (own or moderator): the private
    // channel is authoritative for them, so a removal from a shared room does not hide them.
    this.privateIds = new Set();
    for (const card of state.cards) this.applyCard(card);
    this.ready = true;
  }

  /** Server time minus device time, so every device shows the same countdown. */
  syncClock(serverTime) {
    if (serverTime) this.clockOffset = Date.parse(serverTime) - Date.now();
  }

  /** Seconds left on a step's timer now (negative once over), or null when it has no duration. */
  timeLeft(step) {
    const timer = step && step.timer;
    if (!timer || !timer.total_seconds) return null;
    let elapsed = timer.elapsed_seconds;
    if (timer.running) elapsed += (Date.now() + (this.clockOffset || 0) - Date.parse(timer.server_time)) / 1000;
    return Math.round(timer.total_seconds - elapsed);
  }

  get currentStep() {
    return this.steps.find((s) => s.id === this.workshop.current_step_id) || null;
  }

  applyCard(card) {
    const isPrivate = "status" in card;
    if (isPrivate) this.privateIds.add(card.id);
    if (card.status === "withdrawn") {
      this.cards.delete(card.id);
      return;
    }
    this.cards.set(card.id, Object.assign({}, this.cards.get(card.id), card));
  }

  removeCard(id) {
    if (!this.privateIds.has(id)) this.cards.delete(id);
  }

  applyStep(change) {
    const index = this.steps.findIndex((s) => s.id === change.step.id);
    if (index >= 0) this.steps[index] = change.step;
    this.workshop.current_step_id = change.current_step_id;
    if (change.status) this.workshop.status = change.status;
  }

  upsertRelease(release) {
    const index = this.releases.findIndex((r) => r.id === release.id);
    if (index >= 0) this.releases[index] = release;
    else this.releases.push(release);
  }

  get latestSynthesis() {
    return this.synthesis.versions[this.synthesis.versions.length - 1] || null;
  }

  /** A group's latest decision on a synthesis version, or null. */
  decisionOf(group, version) {
    const entries = this.synthesis.log.filter((e) => e.peer_group === group && e.version === version);
    return entries[entries.length - 1] || null;
  }

  cardList(filter) {
    return Array.from(this.cards.values()).filter(filter || (() => true)).sort((a, b) => a.id - b.id);
  }
}

/** Posts typed on this phone that the server has not acknowledged yet; survives reloads. */
export class Outbox {
  constructor(key) {
    this.key = key;
    this.items = this.load();
  }
  load() {
    try {
      return JSON.parse(localStorage.getItem(this.key)) || [];
    } catch (e) {
      return [];
    }
  }
  save() {
    try {
      localStorage.setItem(this.key, JSON.stringify(this.items));
    } catch (e) {
      /* private mode: the outbox still lives in memory */
    }
  }
  add(item) {
    this.items.push(item);
    this.save();
  }
  remove(clientId) {
    this.items = this.items.filter((i) => i.client_id !== clientId);
    this.save();
  }
}

export const PUSHES = ["card.created", "card.updated", "card.removed", "step.changed", "steps.changed",
  "composition.changed", "participant.joined", "positions.updated", "position.saved", "upvotes.updated",
  "upvote.saved", "release.changed", "queue.changed", "hand.changed", "synthesis.changed", "evaluation.changed",
  "evaluation.submitted", "evaluation.results", "workshop.changed", "step.updated", "timer.changed", "themes.changed",
  "pause.requests", "audit.changed", "glossary.changed", "share.changed", "recap.changed", "participant.removed"];

/**
 * Connect, keep the store in step, and call `render` after every change.
 * `options.onPush(event, payload)` sees each push after it is applied (for announcements).
 */
export function connect(render, options) {
  options = options || {};
  const store = new Store();
  const status = document.getElementById("connection");
  let buffered = null; // pushes received while a snapshot is on its way
  let scheduled = false;

  function scheduleRender() {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      if (store.ready) render(store);
    });
  }

  /** A calm indicator, in words as well as colour; a phone without network is told its posts wait. */
  function setConnection(state) {
    if (state === "offline" && navigator.onLine === false) state = "nonetwork";
    document.body.dataset.connection = state;
    if (!status) return;
    const labels = { online: t("Connecté"), offline: t("Reconnexion…"), denied: t("Lien expiré"),
      nonetwork: t("Pas de réseau. Ce que vous écrivez est gardé.") };
    status.textContent = labels[state];
    status.className = "connection connection-" + (state === "nonetwork" ? "offline" : state);
  }

  const socket = io({
    auth: { token: config.token },
    reconnectionDelay: 500,
    reconnectionDelayMax: 8000,
    randomizationFactor: 0.5,
  });

  function apply(event, payload) {
    switch (event) {
      case "card.created":
      case "card.updated":
        store.applyCard(payload);
        break;
      case "card.removed":
        store.removeCard(payload.id);
        break;
      case "step.changed":
        store.applyStep(payload);
        break;
      case "composition.changed":
        store.composition = payload;
        break;
      case "participant.joined":
        if (store.participants && !store.participants.some((p) => p.id === payload.id)) {
          store.participants.push(payload);
        }
        break;
      case "steps.changed":
        store.steps = payload.steps;
        store.workshop.current_step_id = payload.current_step_id;
        break;
      case "positions.updated":
        Object.assign(store.positions, payload.tracks);
        break;
      case "position.saved":
        if (payload.value) store.mine.positions[payload.card_id] = payload.value;
        else delete store.mine.positions[payload.card_id];
        break;
      case "upvotes.updated":
        Object.assign(store.upvotes, payload.cards);
        break;
      case "upvote.saved":
        store.mine.upvotes = store.mine.upvotes.filter((id) => id !== payload.id).concat(payload.on ? [payload.id] : []);
        break;
      case "release.changed":
        store.upsertRelease(payload);
        break;
      case "queue.changed":
        store.queue = payload;
        break;
      case "hand.changed":
        store.mine.hand = payload;
        break;
      case "synthesis.changed":
        store.synthesis = payload;
        break;
      case "evaluation.changed":
        store.evaluation.questions = payload.questions;
        break;
      case "evaluation.submitted":
        store.mine.evaluated = true;
        break;
      case "evaluation.results":
        store.evaluation.results = payload;
        break;
      case "workshop.changed":
        Object.assign(store.workshop, payload);
        break;
      case "step.updated":
        store.steps = store.steps.map((step) => (step.id === payload.id ? payload : step));
        break;
      case "timer.changed": {
        const step = store.steps.find((each) => each.id === payload.step_id);
        if (step) step.timer = payload.timer;
        break;
      }
      case "themes.changed":
        store.themes = payload.themes;
        break;
      case "pause.requests":
        store.pauseRequests = payload.requests;
        break;
      case "audit.changed":
        store.audit = payload;
        break;
      case "glossary.changed":
        store.glossary = payload.entries;
        break;
      case "share.changed":
        store.queue = Object.assign({ waiting: [], speaking: null }, store.queue, { share: payload.share });
        break;
      case "recap.changed":
        store.recap = payload.recap;
        break;
      case "participant.removed":
        if (store.participants) store.participants = store.participants.filter((p) => p.id !== payload.id);
        break;
    }
  }

  /**
   * The one door for every push: while a snapshot is on its way the push waits (it is replayed
   * after the snapshot, through here again); otherwise it is applied, announced and drawn.
   */
  function dispatch(event, payload) {
    if (buffered) {
      buffered.push([event, payload]);
      return;
    }
    apply(event, payload);
    if (options.onPush) options.onPush(event, payload, store);
    scheduleRender();
  }

  for (const event of PUSHES) socket.on(event, (payload) => dispatch(event, payload));
  // A busy room's pushes come as one frame, [[event, payload], ...] (docs/protocol.md, "Batches"):
  // each goes, in order, through the listeners it would have met alone (for a push, `dispatch`;
  // `access.revoked` has its own).
  socket.on("batch", (pushes) => {
    for (const [event, payload] of pushes) {
      for (const listener of socket.listeners(event)) listener(payload);
    }
  });

  function refresh() {
    buffered = [];
    socket.timeout(15000).emit("workshop.state", {}, (err, ack) => {
      const pending = buffered || [];
      buffered = null;
      if (err || !ack || !ack.ok) {
        setTimeout(() => socket.connected && refresh(), 2000);
        return;
      }
      store.reset(ack.state);
      for (const [event, payload] of pending) dispatch(event, payload);
      if (options.onState) options.onState(store);
      scheduleRender();
    });
  }

  socket.on("connect", () => {
    setConnection("online");
    refresh();
  });
  socket.on("disconnect", () => setConnection(document.body.dataset.connection === "denied" ? "denied" : "offline"));
  // The organiser replaced this role link: stop reconnecting, the old link opens nothing now.
  socket.on("access.revoked", () => {
    setConnection("denied");
    socket.disconnect();
  });
  socket.on("connect_error", (err) => {
    if (err && err.data && err.data.code === "unauthorized") {
      setConnection("denied");
      socket.disconnect();
    } else {
      setConnection("offline");
    }
  });
  setConnection("offline");

  // The device tells us about its network before the socket notices: queue at once, resend on return.
  window.addEventListener("offline", () => setConnection("offline"));
  window.addEventListener("online", () => {
    if (socket.connected) {
      setConnection("online");
      refresh();
    } else {
      setConnection("offline");
      socket.connect();
    }
  });

  /**
   * Emit a request; resolves with the ack, or with a `timeout` error ack if none comes.
   * A message over the server's limit would cut the connection: it is refused here, and the
   * page keeps the text so the person can shorten it.
   */
  function request(event, payload, timeoutMs) {
    return new Promise((resolve) => {
      if (!socket.connected || navigator.onLine === false) {
        resolve({ ok: false, error: { code: "offline", message: t("Pas de connexion pour l'instant.") } });
        return;
      }
      if (encodedSize([event, payload]) > config.max_message_bytes) {
        resolve({ ok: false, error: { code: "too_large",
          message: t("Ce texte est trop long pour partir en une fois. Raccourcissez-le : il reste ici.") } });
        return;
      }
      socket.timeout(timeoutMs || 10000).emit(event, payload, (err, ack) => {
        if (err) resolve({ ok: false, error: { code: "timeout", message: t("Le serveur ne répond pas.") } });
        else resolve(ack);
      });
    });
  }

  /** Errors of the last request made through `call`, by the key of what shows them (a panel, a card). */
  const errors = new Map();

  /**
   * The one helper for a user's action: send it, keep its refusal under `key` for the screen to
   * show (cleared by the next try), run `done(ack)` once accepted, and draw again.
   */
  async function call(key, event, payload, done) {
    errors.delete(key);
    const ack = await request(event, payload);
    if (!ack.ok) errors.set(key, ack.error.message);
    else if (done) done(ack);
    scheduleRender();
    return ack;
  }

  return { socket, store, request, call, errors, dispatch, refresh, render: scheduleRender };
}

/** Bytes on the wire, with room for the packet type and ack id socket.io-client adds. */
function encodedSize(message) {
  return new TextEncoder().encode(JSON.stringify(message)).length + 16;
}

/**
 * The voice of a polite live region: what is said in the same moment (the pushes of one batch) is
 * read together, once; the region empties 5 s later so no hidden text lingers. `say("")` empties it.
 */
export function announcer(region) {
  let pending = [];
  let clearing = null;
  return function say(message) {
    if (!message) {
      pending = [];
      region.textContent = "";
      return;
    }
    if (!pending.length) {
      queueMicrotask(() => {
        region.textContent = pending.join(" ");
        pending = [];
        clearTimeout(clearing);
        clearing = setTimeout(() => { region.textContent = ""; }, 5000);
      });
    }
    pending.push(message);
  };
}

export function formatGroup(key) {
  const group = (config.groups || []).find((g) => g.key === key);
  return group ? group.label : t("Animation");
}
