/* The participant's phone: the current step, a composer that never loses text, the cards.
 * Lists are lit templates keyed by card id: a push changes text and attributes in place, so the
 * button a keyboard or screen-reader user is on, and the text being typed, stay where they are. */
import { html, nothing, render as draw } from "../vendor/lit-html/lit-html.js";
import { repeat } from "../vendor/lit-html/directives/repeat.js";
import { announcer, config, t, tn, connect, newClientId, Outbox } from "./live.js";
import { tickTimer } from "./components.js";
import { access } from "./access.js";
import { cardView } from "./card-view.js";
import { phoneMethod } from "./phone-method.js";

const $ = (id) => document.getElementById(id);
const outbox = new Outbox("clts:outbox:" + config.storage_key);
const draftKey = "clts:draft:" + config.storage_key;
// What the text box asks for, by the kind of card being written.
const COMPOSE_LABELS = { perception: t("Votre idée"), track: t("Votre piste d'amélioration"), question: t("Votre question"),
  insight: t("Votre point clé"), synthesis: t("Votre proposition de synthèse") };
let editing = null; // id of the card being rewritten
let focusEditor = false; // move focus into the editor once it is drawn
let composeOpen = false;
let confirmingWithdraw = null;
let pauseAsked = null; // what was true when "C'est noté" was said: {step, paused}

/** The polite live region: cleared soon after (and when a card is removed) so no hidden text lingers. */
const announceText = announcer($("announce"));
const live = connect(render, { onState: flushOutbox, onPush: announce });
const method = phoneMethod(live, announceText);
tickTimer(live.store, $("step-timer"));

// Easy-read mode changes wording, pictograms and what is on screen: draw everything again.
access.easySwitch($("easy-read"));
access.onEasyChange(() => live.render());
let spokenPrompt = ""; // the prompt as plain text (the page's copy has the glossary's hidden words)
draw(access.listenView(() => spokenPrompt || $("step-title").textContent, t("Écouter la consigne")), $("prompt-tools"));

$("see-reword").addEventListener("click", () => {
  const offer = document.querySelector("#my-cards .reword-offer");
  if (!offer) return;
  offer.scrollIntoView({ block: "center" });
  const first = offer.querySelector("button");
  if (first) first.focus({ preventScroll: true });
});
$("need-pause").addEventListener("click", async () => {
  const ack = await live.request("pause.request", {});
  pauseAsked = ack.ok ? { step: live.store.workshop.current_step_id, paused: !!live.store.workshop.paused } : null;
  $("need-pause-status").textContent = ack.ok ? t("C'est noté : l'animation est prévenue, discrètement.") : ack.error.message;
});

// -- composer ---------------------------------------------------------------------------------

const text = $("card-text");
text.value = readDraft();
text.addEventListener("input", () => {
  saveDraft(text.value);
  updateCount();
  $("compose-error").textContent = "";
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
  $("card-count").textContent = tn(left, t("%(n)s caractère restant"), t("%(n)s caractères restants"));
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

// Choosing a perception closes the list, so the rest of the form comes back into view.
$("link-options").addEventListener("change", () => {
  $("links").open = false;
  live.render();
});

function chosenLinks() {
  return Array.from($("link-options").querySelectorAll("input:checked")).map((i) => Number(i.value));
}

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
    item.links = chosenLinks();
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

// -- own cards: edit, withdraw, answer a rewording ----------------------------------------------

function cardKey(card) {
  return "card:" + card.id;
}

function saveEdit(card, form) {
  const area = form.querySelector("textarea");
  const consent = form.querySelector("input[type=checkbox]");
  live.call(cardKey(card), "card.edit", { id: card.id, text: area.value, consent_quote: consent.checked }, (ack) => {
    editing = null;
    live.store.applyCard(ack.card);
  });
}

function withdraw(card) {
  live.call(cardKey(card), "card.withdraw", { id: card.id }, (ack) => {
    live.store.applyCard(ack.card);
    announceText(t("Carte retirée."));
  }).then(() => {
    confirmingWithdraw = null;
    live.render();
  });
}

function setState(change) {
  if ("editing" in change) {
    editing = change.editing;
    focusEditor = editing !== null;
  }
  if ("confirmingWithdraw" in change) confirmingWithdraw = change.confirmingWithdraw;
  live.render();
}

function answerReword(card, accept) {
  live.call(cardKey(card), "reword.answer", { id: card.reword.id, accept }, (ack) => live.store.applyCard(ack.card));
}

/** The facilitator proposes a new wording: the author decides. */
function rewordOffer(card) {
  if (!card.reword) return nothing;
  return html`<div class="reword-offer" role="group" aria-label=${t("Proposition de reformulation")}>
    <p class="reword-title">${t("L'animation vous propose d'écrire plutôt :")}</p>
    <blockquote class="keep-lines">${card.reword.text}</blockquote>
    <div class="row">
      <button type="button" class="button primary" @click=${() => answerReword(card, true)}>${t("J'accepte")}</button>
      <button type="button" class="button" @click=${() => answerReword(card, false)}>${t("Je garde mon texte")}</button>
    </div></div>`;
}

function editor(card, error) {
  // The text area is filled once (`.value` only changes if the card's own text changes), so typing stays.
  return html`<li class="card mine editing status-${card.status}" data-id=${card.id}>
    <form class="edit-card" @submit=${(event) => { event.preventDefault(); saveEdit(card, event.currentTarget); }}>
      <textarea rows="4" maxlength=${config.max_card_length} aria-label=${t("Modifier la carte")} .value=${card.text}></textarea>
      <label class="choice"><input type="checkbox" .checked=${!!card.consent_quote}><span>${t("On peut citer mon prénom avec cette carte")}</span></label>
      <div class="row">
        <button class="button primary" type="submit">${t("Enregistrer")}</button>
        <button class="button" type="button" @click=${() => setState({ editing: null })}>${t("Annuler")}</button>
      </div>
    </form>
    ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}</li>`;
}

function ownCard(card, frozen, store) {
  const error = live.errors.get(cardKey(card));
  if (card.status === "sending") {
    return html`<li class="card mine status-sending" data-id=${card.id}><p class="card-text">${card.text}</p>
      <p class="card-status">${t("Envoi en cours…")}</p>
      <p class="hint">${t("Elle partira toute seule dès que la connexion revient.")}</p></li>`;
  }
  if (editing === card.id) return editor(card, error);
  // Once every group has validated the synthesis, the cards it was made from no longer change.
  const actions = frozen ? nothing : confirmingWithdraw === card.id
    ? html`<span class="confirm">${t("Retirer cette carte ?")}</span>
      <button class="button danger" type="button" @click=${() => withdraw(card)}>${t("Oui, retirer")}</button>
      <button class="button" type="button" @click=${() => setState({ confirmingWithdraw: null })}>${t("Non")}</button>`
    : html`<button class="button" type="button" @click=${() => setState({ editing: card.id })}>${access.pictoView("edit")}${t("Modifier")}</button>
      <button class="button" type="button" @click=${() => setState({ confirmingWithdraw: card.id })}>${t("Retirer")}</button>`;
  const review = card.status === "pending" && card.flags && card.flags.length
    ? html`<p class="hint">${t("Votre carte semble contenir une information personnelle (nom, téléphone, adresse…). L'animation la relit avant de la montrer.")}</p>`
    : nothing;
  return cardView(card, {
    audience: "own", glossary: store.glossary, easy: access.easy, listen: true, className: "mine", actions,
    after: html`${review}${rewordOffer(card)}${error ? html`<p class="error" role="alert">${error}</p>` : nothing}`,
  });
}

// -- rendering -----------------------------------------------------------------------------------

/** For a track: the published perceptions it may answer; once chosen, the list folds to one line. */
function renderLinks(store, kind) {
  const perceptions = kind === "track" ? store.cardList((c) => c.kind === "perception" && (!c.status || c.status === "published")) : [];
  $("links").hidden = perceptions.length === 0;
  draw(repeat(perceptions, (c) => c.id, (card) => html`<label class="choice"><input type="checkbox" value=${card.id}>
    <span class="keep-lines">${card.text}</span></label>`), $("link-options"));
  const chosen = chosenLinks().length;
  $("links-chosen").textContent = chosen ? tn(chosen, t("%(n)s perception choisie"), t("%(n)s perceptions choisies")) : "";
}

function renderKinds(kinds) {
  $("kind-choice").hidden = kinds.length < 2;
  const checked = document.querySelector("input[name=kind]:checked");
  const current = checked && kinds.includes(checked.value) ? checked.value : kinds[0];
  draw(repeat(kinds, (kind) => kind, (kind) => html`<label class="choice"><input type="radio" name="kind" value=${kind}
    .checked=${kind === current}>${access.pictoView("kind-" + kind)}<span>${config.card_kinds[kind]}</span></label>`), $("kind-options"));
  $("card-label").textContent = COMPOSE_LABELS[current] || t("Votre idée");
}

/** A status line says what is true now: "C'est noté" goes once the pause came or the step moved on. */
function clearStaleStatus(store) {
  if (pauseAsked && (store.workshop.paused !== pauseAsked.paused || store.workshop.current_step_id !== pauseAsked.step)) {
    pauseAsked = null;
    $("need-pause-status").textContent = "";
  }
}

/** The day is over: a closing screen, with the recap when it is published. */
function renderClosed(store) {
  const closed = store.workshop.status === "closed";
  $("closed").hidden = !closed;
  document.body.classList.toggle("workshop-closed", closed);
  const recap = store.recap && store.recap.url ? store.recap : null;
  $("closed-recap").hidden = !recap;
  $("closed-recap-later").hidden = !!recap;
  if (store.recap && store.recap.expected) $("closed-recap-later").textContent = store.recap.expected;
  $("menu-recap").hidden = !recap;
  if (recap) {
    $("closed-recap-link").href = recap.url;
    $("menu-recap-link").href = recap.url;
  }
}

function render(store) {
  const step = store.currentStep;
  const position = step ? store.steps.indexOf(step) + 1 : 0;
  const closed = store.workshop.status === "closed";
  $("step-counter").textContent = step && !closed ? t("Étape %(n)s sur %(total)s", { n: position, total: store.steps.length }) : "";
  const easy = access.easy;
  const title = closed ? t("L'atelier est terminé") : step ? step.title : t("L'atelier va commencer");
  if ($("step-title").textContent !== title) $("step-title").textContent = title;
  const prompt = closed ? "" : step ? (easy && step.prompt_easy) || step.prompt
    : easy ? t("Restez sur cette page. Elle change toute seule.") : t("Restez sur cette page : elle changera toute seule.");
  spokenPrompt = prompt;
  draw(html`${access.glossedView(prompt, store.glossary)}`, $("step-prompt"));
  if (document.title !== (step ? step.title : store.workshop.title)) document.title = step ? step.title : store.workshop.title;

  const kinds = allowedKinds(store);
  $("compose").hidden = kinds.length === 0;
  document.body.classList.toggle("composing", kinds.length > 0);
  // Positions, releases, the insight, the synthesis or the evaluation give the phone something to do.
  const busy = step && (["positions", "release", "validation", "evaluation"].some((r) => step.rules[r]) || step.kind === "insight");
  $("listen").hidden = closed || kinds.length > 0 || !step || busy;
  $("listen").textContent = store.workshop.paused ? t("Pause. On reprend bientôt.")
    : step && step.locked ? (easy ? t("On n'écrit pas maintenant.") : t("L'écriture est fermée pour le moment."))
      : easy ? t("Maintenant, on écoute. Vous écrirez plus tard.")
        : t("Pour l'instant, on écoute. Vous pourrez écrire quand l'animation ouvrira les cartes.");
  $("pause").hidden = !store.workshop.paused || closed;
  renderKinds(kinds);
  renderLinks(store, selectedKind(store));
  if (kinds.length && !composeOpen) $("consent").checked = !!store.me.quote_by_default;
  composeOpen = kinds.length > 0;
  clearStaleStatus(store);
  renderClosed(store);

  const mine = store.cardList((c) => c.mine).reverse();
  const sending = outbox.items.filter((i) => !mine.some((c) => c.client_id === i.client_id))
    .map((i) => ({ id: "out-" + i.client_id, text: i.text, status: "sending" }));
  const own = sending.concat(mine);
  const frozen = store.synthesis.final_version !== null || closed;
  draw(repeat(own, (c) => c.id, (card) => ownCard(card, frozen, store)), $("my-cards"));
  if (focusEditor) {
    focusEditor = false;
    const area = $("my-cards").querySelector(".editing textarea");
    if (area) area.focus();
  }
  $("my-empty").hidden = own.length > 0;
  // A proposed rewording waits for the author's answer: say so at the top, where it is seen.
  $("reword-notice").hidden = !mine.some((c) => c.reword);
  $("outbox-status").textContent = sending.length
    ? tn(sending.length, t("%(n)s carte en attente d'envoi. Elle partira toute seule."), t("%(n)s cartes en attente d'envoi. Elles partiront toutes seules.")) : "";

  // Tracks, key points and questions have their own panels while those are open.
  const paneled = new Set(step && step.rules.positions ? ["track"] : []);
  if (step && step.kind === "insight") ["insight", "question"].forEach((kind) => paneled.add(kind));
  const room = store.cardList((c) => !c.mine && (!step || c.step_id === step.id) && !paneled.has(c.kind)).reverse();
  draw(repeat(room, (c) => c.id, (card) => cardView(card, { glossary: store.glossary, easy, listen: true })), $("room-cards"));
  $("room-empty").hidden = room.length > 0;
  // Easy-read: one action per screen. While the phone asks for a card, the room's cards wait.
  $("room-section").hidden = easy && kinds.length > 0;
  method.render(store);
}


/** Step changes and new cards from others are read by screen readers (a polite live region), once each. */
function announce(event, payload) {
  if (event === "step.changed") announceText(t("Nouvelle étape : %(title)s", { title: payload.step.title }));
  else if (event === "card.created" && !payload.mine && (!payload.status || payload.status === "published")) {
    announceText(t("Nouvelle carte : %(text)s", { text: payload.text }));
  } else if (event === "card.removed") announceText("");
  else if (event === "workshop.changed" && payload.status === "closed") announceText(t("L'atelier est terminé. Merci !"));
}
