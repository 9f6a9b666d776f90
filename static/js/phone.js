/* The participant's phone: the current step, a composer that never loses text, the cards. */
import { config, t, el, syncList, connect, newClientId, Outbox, formatGroup } from "./live.js";
import { ui } from "./components.js";
import { access } from "./access.js";
import { phoneMethod } from "./phone-method.js";

const $ = (id) => document.getElementById(id);
const outbox = new Outbox("clts:outbox:" + config.storage_key);
const draftKey = "clts:draft:" + config.storage_key;
const STATUS_LABELS = {
  pending: t("En attente de validation"),
  published: t("Publiée"),
  hidden: t("Masquée par l'animation"),
  sending: t("Envoi en cours…"),
};
let editing = null; // id of the card being rewritten
let composeOpen = false;
let confirmingWithdraw = null;

const live = connect(render, { onState: flushOutbox, onPush: announce });
const method = phoneMethod(live, announceText);
ui.tickTimer(live.store, $("step-timer"));

// Easy-read mode changes wording, pictograms and what is on screen: draw everything again.
access.easySwitch($("easy-read"));
access.onEasyChange(() => live.render());
let spokenPrompt = ""; // the prompt as plain text (the page's copy has the glossary's hidden words)
const promptListen = access.listenButton(() => spokenPrompt || $("step-title").textContent, t("Écouter la consigne"));
if (promptListen) $("prompt-tools").append(promptListen);

$("see-reword").addEventListener("click", () => {
  const offer = document.querySelector("#my-cards .reword-offer");
  if (!offer) return;
  offer.scrollIntoView({ block: "center" });
  const first = offer.querySelector("button");
  if (first) first.focus({ preventScroll: true });
});
$("need-pause").addEventListener("click", async () => {
  const ack = await live.request("pause.request", {});
  $("need-pause-status").textContent = ack.ok ? t("C'est noté : l'animation est prévenue, discrètement.") : ack.error.message;
});

// -- composer ---------------------------------------------------------------------------------

const text = $("card-text");
text.value = readDraft();
text.addEventListener("input", () => {
  saveDraft(text.value);
  updateCount();
});
access.dictation($("dictate"), text, $("dictate-status"));

/** The draft is kept on the phone, per workshop and identity, so a reload or a crash loses nothing. */
function readDraft() {
  try {
    return localStorage.getItem(draftKey) || "";
  } catch (e) {
    return "";
  }
}

function saveDraft(value) {
  try {
    if (value) localStorage.setItem(draftKey, value);
    else localStorage.removeItem(draftKey);
  } catch (e) {
    /* private mode: the text stays in the box */
  }
}

function updateCount() {
  const left = config.max_card_length - text.value.length;
  $("card-count").textContent = t("%(n)s caractères restants", { n: left });
}
updateCount();

function allowedKinds(store) {
  const step = store.currentStep;
  if (!step || store.workshop.paused || step.locked || store.workshop.status === "closed") return [];
  const groups = step.rules.post_groups;
  if (groups && !groups.includes(store.me.peer_group)) return [];
  return step.rules.post_kinds;
}

function selectedKind(store) {
  const kinds = allowedKinds(store);
  const checked = document.querySelector("input[name=kind]:checked");
  return checked && kinds.includes(checked.value) ? checked.value : kinds[0];
}

$("kind-options").addEventListener("change", () => live.render());

$("compose").addEventListener("submit", (event) => {
  event.preventDefault();
  const value = text.value.trim();
  $("compose-error").textContent = "";
  if (!value) {
    $("compose-error").textContent = t("Écrivez quelque chose avant d'envoyer.");
    text.focus();
    return;
  }
  const kind = selectedKind(live.store);
  const item = {
    client_id: newClientId(),
    kind,
    text: value,
    consent_quote: $("consent").checked,
  };
  if (kind === "track") {
    item.links = Array.from($("link-options").querySelectorAll("input:checked")).map((i) => Number(i.value));
    for (const box of $("link-options").querySelectorAll("input")) box.checked = false;
  }
  outbox.add(item);
  text.value = "";
  saveDraft("");
  updateCount();
  render(live.store);
  send(item);
});

/** Send one queued post. Connection trouble keeps it queued; a refusal gives the text back. */
async function send(item) {
  const ack = await live.request("card.create", item);
  if (ack.ok) {
    outbox.remove(item.client_id);
    live.store.applyCard(ack.card);
    announceText(t("Votre carte est envoyée."));
  } else if (!["offline", "timeout", "internal"].includes(ack.error.code)) {
    outbox.remove(item.client_id);
    if (!text.value.trim()) {
      text.value = item.text;
      saveDraft(item.text);
      updateCount();
    }
    $("compose-error").textContent = ack.error.message;
  }
  live.render();
}

let flushing = false;
async function flushOutbox(store) {
  if (flushing) return;
  flushing = true;
  try {
    const stored = new Set(store.cardList((c) => c.mine).map((c) => c.client_id));
    for (const item of [...outbox.items]) {
      if (stored.has(item.client_id)) outbox.remove(item.client_id);
      else await send(item);
    }
  } finally {
    flushing = false;
  }
}

// -- own cards: edit and withdraw --------------------------------------------------------------

async function saveEdit(card, value, consent) {
  const ack = await live.request("card.edit", { id: card.id, text: value, consent_quote: consent });
  if (ack.ok) {
    editing = null;
    live.store.applyCard(ack.card);
  } else {
    alertOn(card.id, ack.error.message);
  }
  live.render();
}

async function withdraw(card) {
  const ack = await live.request("card.withdraw", { id: card.id });
  confirmingWithdraw = null;
  if (ack.ok) {
    live.store.applyCard(ack.card);
    announceText(t("Carte retirée."));
  } else {
    alertOn(card.id, ack.error.message);
  }
  live.render();
}

const cardErrors = new Map();
function alertOn(id, message) {
  cardErrors.set(id, message);
}

function cardBody(card) {
  const who = card.author ? card.author + " · " + formatGroup(card.peer_group) : formatGroup(card.peer_group);
  const group = card.peer_group || "staff";
  return [
    el("p", { class: "card-kind" }, access.picto("kind-" + card.kind), config.card_kinds[card.kind] || ""),
    el("p", { class: "card-text" }, access.glossed(card.text, live.store.glossary)),
    el("p", { class: "card-meta" }, access.picto("group-" + group),
      el("span", { class: "group-dot group-" + group, "aria-hidden": "true" }), who,
      card.sealed && !card.released ? el("span", { class: "badge sealed", text: t("Seulement dans votre groupe") }) : null),
    access.listenButton(card.text, t("Écouter la carte")),
  ].filter(Boolean);
}

function ownCardNode(card) {
  const node = el("li", { class: "card mine status-" + card.status });
  fillOwnCard(node, card);
  return node;
}

function fillOwnCard(node, card) {
  node.className = "card mine status-" + card.status;
  const status = el("p", { class: "card-status", text: STATUS_LABELS[card.status] || "" });
  const error = cardErrors.has(card.id) ? el("p", { class: "error", role: "alert", text: cardErrors.get(card.id) }) : null;
  cardErrors.delete(card.id);
  if (card.status === "sending") {
    node.replaceChildren(el("p", { class: "card-text", text: card.text }), status,
      el("p", { class: "hint", text: t("Elle partira toute seule dès que la connexion revient.") }));
    return;
  }
  if (editing === card.id) {
    if (node.querySelector("textarea")) return; // keep what is being typed
    const area = el("textarea", { rows: 4, maxlength: config.max_card_length, "aria-label": t("Modifier la carte") });
    area.value = card.text;
    const consent = el("input", { type: "checkbox", checked: card.consent_quote });
    node.replaceChildren(area,
      el("label", { class: "choice" }, consent, el("span", { text: t("On peut citer mon prénom avec cette carte") })),
      el("div", { class: "row" },
        el("button", { class: "button primary", type: "button", onclick: () => saveEdit(card, area.value, consent.checked) }, t("Enregistrer")),
        el("button", { class: "button", type: "button", onclick: () => { editing = null; live.render(); } }, t("Annuler"))),
      ...(error ? [error] : []));
    area.focus();
    return;
  }
  // Once every group has validated the synthesis, the cards it was made from no longer change.
  const frozen = live.store.synthesis.final_version !== null;
  const actions = frozen ? null : confirmingWithdraw === card.id
    ? el("div", { class: "row confirm" },
      el("span", { text: t("Retirer cette carte ?") }),
      el("button", { class: "button danger", type: "button", onclick: () => withdraw(card) }, t("Oui, retirer")),
      el("button", { class: "button", type: "button", onclick: () => { confirmingWithdraw = null; live.render(); } }, t("Non")))
    : el("div", { class: "row" },
      el("button", { class: "button", type: "button", onclick: () => { editing = card.id; live.render(); } }, access.picto("edit"), t("Modifier")),
      el("button", { class: "button", type: "button", onclick: () => { confirmingWithdraw = card.id; live.render(); } }, t("Retirer")));
  const review = card.status === "pending" && card.flags && card.flags.length
    ? el("p", { class: "hint", text: t("Votre carte semble contenir une information personnelle (nom, téléphone, adresse…). L'animation la relit avant de la montrer.") })
    : null;
  node.replaceChildren(...cardBody(card), status, ...[review, rewordOffer(card), actions, error].filter(Boolean));
}

/** The facilitator proposes a new wording: the author decides. */
function rewordOffer(card) {
  if (!card.reword) return null;
  const answer = (accept) => async () => {
    const ack = await live.request("reword.answer", { id: card.reword.id, accept });
    if (ack.ok) live.store.applyCard(ack.card);
    else alertOn(card.id, ack.error.message);
    live.render();
  };
  return el("div", { class: "reword-offer", role: "group", "aria-label": t("Proposition de reformulation") },
    el("p", { class: "reword-title", text: t("L'animation vous propose d'écrire plutôt :") }),
    el("blockquote", { text: card.reword.text }),
    el("div", { class: "row" },
      el("button", { type: "button", class: "button primary", onclick: answer(true) }, t("J'accepte")),
      el("button", { type: "button", class: "button", onclick: answer(false) }, t("Je garde mon texte"))));
}

function roomCardNode(card) {
  return el("li", { class: "card kind-" + card.kind }, ...cardBody(card));
}

// -- rendering -----------------------------------------------------------------------------------

/** For a track: the published perceptions it may answer. */
function renderLinks(store, kind) {
  const perceptions = kind === "track" ? store.cardList((c) => c.kind === "perception" && (!c.status || c.status === "published")) : [];
  $("links").hidden = perceptions.length === 0;
  syncList($("link-options"), perceptions, (c) => c.id + ":" + c.text, (card) => el("label", { class: "choice" },
    el("input", { type: "checkbox", value: String(card.id) }), el("span", { text: card.text })));
}

function renderKinds(kinds) {
  const box = $("kind-options");
  $("kind-choice").hidden = kinds.length < 2;
  const current = Array.from(box.querySelectorAll("input")).map((i) => i.value).join(",");
  if (current === kinds.join(",")) return;
  box.replaceChildren(...kinds.map((kind, i) => el("label", { class: "choice" },
    el("input", { type: "radio", name: "kind", value: kind, checked: i === 0 }),
    access.picto("kind-" + kind), el("span", { text: config.card_kinds[kind] }))));
}

function render(store) {
  const step = store.currentStep;
  const position = step ? store.steps.indexOf(step) + 1 : 0;
  $("step-counter").textContent = step ? t("Étape %(n)s sur %(total)s", { n: position, total: store.steps.length }) : "";
  const easy = access.easy;
  $("step-title").textContent = step ? step.title : t("L'atelier va commencer");
  const prompt = step ? (easy && step.prompt_easy) || step.prompt
    : easy ? t("Restez sur cette page. Elle change toute seule.") : t("Restez sur cette page : elle changera toute seule.");
  spokenPrompt = prompt;
  const promptKey = prompt + "|" + store.glossary.map((e) => e.term).join(",");
  if ($("step-prompt").dataset.key !== promptKey) {
    $("step-prompt").dataset.key = promptKey;
    $("step-prompt").replaceChildren(...access.glossed(prompt, store.glossary));
  }
  if (document.title !== (step ? step.title : store.workshop.title)) document.title = step ? step.title : store.workshop.title;

  const kinds = allowedKinds(store);
  $("compose").hidden = kinds.length === 0;
  document.body.classList.toggle("composing", kinds.length > 0);
  // Positions, releases, the insight, the synthesis or the evaluation give the phone something to do.
  const busy = step && (["positions", "release", "validation", "evaluation"].some((r) => step.rules[r]) || step.kind === "insight");
  $("listen").hidden = kinds.length > 0 || !step || busy;
  $("listen").textContent = store.workshop.paused ? t("Pause. On reprend bientôt.")
    : step && step.locked ? (easy ? t("On n'écrit pas maintenant.") : t("L'écriture est fermée pour le moment."))
      : easy ? t("Maintenant, on écoute. Vous écrirez plus tard.")
        : t("Pour l'instant, on écoute. Vous pourrez écrire quand l'animation ouvrira les cartes.");
  $("pause").hidden = !store.workshop.paused;
  renderKinds(kinds);
  renderLinks(store, selectedKind(store));
  if (kinds.length && !composeOpen) $("consent").checked = !!store.me.quote_by_default;
  composeOpen = kinds.length > 0;

  const mine = store.cardList((c) => c.mine).reverse();
  const sending = outbox.items.filter((i) => !mine.some((c) => c.client_id === i.client_id))
    .map((i) => ({ id: "out-" + i.client_id, text: i.text, status: "sending" }));
  const own = sending.concat(mine);
  const frozen = store.synthesis.final_version !== null;
  const look = [easy, store.glossary.length].join(":"); // what changes every card's look
  syncList($("my-cards"), own, (c) => [c.id, c.status, c.text, JSON.stringify(c.reword), editing === c.id, confirmingWithdraw === c.id, frozen, look].join(":"),
    ownCardNode, fillOwnCard);
  $("my-empty").hidden = own.length > 0;
  // A proposed rewording waits for the author's answer: say so at the top, where it is seen.
  $("reword-notice").hidden = !mine.some((c) => c.reword);
  $("outbox-status").textContent = sending.length
    ? t("%(n)s carte(s) en attente d'envoi. Elles partiront toutes seules.", { n: sending.length }) : "";

  // Tracks, key points and questions have their own panels while those are open.
  const paneled = new Set(step && step.rules.positions ? ["track"] : []);
  if (step && step.kind === "insight") ["insight", "question"].forEach((kind) => paneled.add(kind));
  const room = store.cardList((c) => !c.mine && (!step || c.step_id === step.id) && !paneled.has(c.kind)).reverse();
  syncList($("room-cards"), room, (c) => c.id + ":" + look, roomCardNode, (node, card) => node.replaceChildren(...cardBody(card)));
  $("room-empty").hidden = room.length > 0;
  // Easy-read: one action per screen. While the phone asks for a card, the room's cards wait.
  $("room-section").hidden = easy && kinds.length > 0;
  method.render(store);
}

/** The polite live region: cleared soon after (and when a card is removed) so no hidden text lingers. */
let clearing = null;
function announceText(message) {
  $("announce").textContent = message;
  clearTimeout(clearing);
  clearing = setTimeout(() => { $("announce").textContent = ""; }, 5000);
}

/** Step changes and new cards from others are read by screen readers (a polite live region). */
function announce(event, payload, store) {
  if (event === "step.changed") announceText(t("Nouvelle étape : %(title)s", { title: payload.step.title }));
  else if (event === "card.created" && !payload.mine && (!payload.status || payload.status === "published")) {
    announceText(t("Nouvelle carte : %(text)s", { text: payload.text }));
  } else if (event === "card.removed") $("announce").textContent = "";
}
