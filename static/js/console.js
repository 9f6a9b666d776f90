/* The facilitator's console (the page's entry module): the programme, the current step's cards, who is
 * in the room. Every region is a lit template drawn from the store after each push; lists are keyed
 * by id, so a push never replaces the control that has the focus or a field being typed in. */
import { html, render, nothing } from "../vendor/lit-html/lit-html.js";
import { repeat } from "../vendor/lit-html/directives/repeat.js";
import { config, t, tn, connect } from "./live.js";
import { tickTimer } from "./components.js";
import { cardView } from "./card-view.js";
import { moderationView } from "./moderation-view.js";
import { consoleMethod } from "./console-method.js";
import { consoleRoom } from "./console-room.js";
import { programmeEditor } from "./console-programme.js";
import { glossaryEditor } from "./console-glossary.js";

const $ = (id) => document.getElementById(id);

let target = null; // the step a move is being confirmed for
let removing = null; // the participant whose removal is being confirmed
let closing = false; // "Terminer l'atelier" waits for its confirmation

const live = connect(draw, { onPush: announce });
const moderation = moderationView(live, { facilitator: true });
const method = consoleMethod(live);
const room = consoleRoom(live, moderation.selected);
const programme = programmeEditor(live);
const glossary = glossaryEditor(live);

$("edit-programme").addEventListener("click", () => {
  $("programme-dialog").showModal();
  live.render();
});
$("close-programme").addEventListener("click", () => $("programme-dialog").close());

// -- moving between steps: one click to choose, one to confirm, never two steps at once ---------

function choose(step) {
  target = step;
  live.errors.delete("step");
  live.render();
  focusSoon("confirm-move");
}

function confirmMove() {
  if (!target) return;
  const step = target;
  target = null;
  live.call("step", "step.goto", { step_id: step.id, from_step_id: live.store.workshop.current_step_id }).then((ack) => {
    if (!ack.ok && ack.error.code === "stale") live.refresh();
  });
}

function cancelMove() {
  target = null;
  live.render();
}

function controls(store) {
  if (store.workshop.status === "closed") return html`<p class="closed-note">${t("L'atelier est terminé : plus rien ne change.")}</p>`;
  if (target) {
    return html`<p class="confirm-text">${t("Passer à « %(title)s » pour toute la salle ?", { title: target.title })}</p>
      <div class="row">
        <button id="confirm-move" class="button primary" type="button" @click=${confirmMove}>${t("Confirmer")}</button>
        <button class="button" type="button" @click=${cancelMove}>${t("Annuler")}</button>
      </div>`;
  }
  if (closing) return closeConfirmation(store);
  const steps = store.steps;
  const current = store.currentStep;
  const index = current ? steps.indexOf(current) : -1;
  const previous = index > 0 ? steps[index - 1] : null;
  const next = steps[index + 1] || null;
  return html`<div class="row">
      ${previous ? html`<button class="button" type="button" @click=${() => choose(previous)}>${t("◀ Étape précédente")}</button>` : nothing}
      ${next ? html`<button id="next-step" class="button primary" type="button" @click=${() => choose(next)}>
        ${index < 0 ? t("Démarrer l'atelier") : t("Étape suivante ▶")}</button>` : nothing}
    </div>
    ${next ? html`<p class="hint">${t("Ensuite : %(title)s", { title: next.title })}</p>` : nothing}
    ${current ? html`<button type="button" class="button ${next ? "" : "primary"}" id="close-workshop"
      @click=${() => { closing = true; live.refresh(); live.render(); focusSoon("confirm-close"); }}>${t("Terminer l'atelier")}</button>` : nothing}`;
}

// -- closing the day: say what it does and how many questionnaires are still open -----------------

/** The figures are the state's at the moment the confirmation opens (the button asks for a fresh one). */
function closeConfirmation(store) {
  const summary = store.workshop.close_summary || {};
  const open = summary.questionnaires_open || 0;
  return html`<div class="confirm-close" role="group" aria-labelledby="close-question">
    <p class="confirm-text" id="close-question">${t("Terminer l'atelier pour toute la salle ?")}</p>
    <p>${t("Plus personne ne pourra écrire, voter ni répondre au questionnaire. Les téléphones et le grand écran montrent l'écran de fin, et les comptes rendus deviennent définitifs. Seul·e l'organisateur·rice peut rouvrir l'atelier.")}</p>
    <p class=${open ? "warning" : "hint"}>${open
      ? tn(open, t("%(n)s questionnaire n'est pas encore rempli."), t("%(n)s questionnaires ne sont pas encore remplis."))
      : t("Tous les questionnaires sont remplis.")}</p>
    <div class="row">
      <button type="button" class="button danger" id="confirm-close" @click=${() => {
        closing = false;
        live.call("step", "workshop.close", {});
      }}>${t("Oui, terminer l'atelier")}</button>
      <button type="button" class="button" @click=${() => { closing = false; live.render(); }}>${t("Annuler")}</button>
    </div>
  </div>`;
}

function focusSoon(id) {
  requestAnimationFrame(() => { const node = $(id); if (node) node.focus(); });
}

function stepItem(step, store) {
  const current = step.id === store.workshop.current_step_id;
  return html`<li class=${current ? "current" : ""}><button type="button" class="step-item" aria-current=${current ? "step" : nothing}
    @click=${current || store.workshop.status === "closed" ? null : () => choose(step)}>
    <span class="step-number">${step.position + 1}</span><span class="step-name">${step.title}</span>
    <span class="step-minutes">${t("%(n)s min", { n: step.duration_minutes })}</span></button></li>`;
}

/** Pending cards first (they wait for someone), then the newest. */
function cardOrder(a, b) {
  return (b.status === "pending") - (a.status === "pending") || b.id - a.id;
}

// -- who is in the room, and removing a participant created in bad faith --------------------------

function removeParticipant(person) {
  removing = null;
  live.call("people", "participant.remove", { id: person.id });
}

function personItem(person) {
  const confirming = removing === person.id;
  return html`<li class="person">
    <span>${person.pseudonym}<span class="category"> — ${config.categories[person.category] || person.category}</span>
    ${person.followed_here === "yes" ? html`<span class="badge followed" title=${t("Une personne qui la suit est présente")}>${t("suivi·e présent·e")}</span>` : nothing}</span>
    ${confirming ? html`<span class="confirm-remove" role="group" aria-label=${t("Retirer %(who)s", { who: person.pseudonym })}>
        <span>${t("Retirer %(who)s de l'atelier ? Son téléphone ne pourra plus participer.", { who: person.pseudonym })}</span>
        <button type="button" class="button small danger" id="confirm-remove" @click=${() => removeParticipant(person)}>${t("Oui, retirer cette personne")}</button>
        <button type="button" class="button small" @click=${() => { removing = null; live.render(); }}>${t("Annuler")}</button></span>`
      : html`<button type="button" class="button small" aria-label=${t("Retirer %(who)s", { who: person.pseudonym })}
        @click=${() => { removing = person.id; live.render(); focusSoon("confirm-remove"); }}>${t("Retirer")}</button>`}
  </li>`;
}

function people(store) {
  const everyone = store.participants || [];
  return html`${config.groups.map((group) => {
    const members = everyone.filter((p) => p.peer_group === group.key);
    return html`<section class="people-group group-${group.key}">
      <h3><span class="group-dot group-${group.key}" aria-hidden="true"></span>${group.label} (${members.length})</h3>
      <ul>${repeat(members, (p) => p.id, personItem)}</ul></section>`;
  })}
  <p class="error" role="alert">${live.errors.get("people") || ""}</p>`;
}

// -- drawing ---------------------------------------------------------------------------------------

let timerStarted = false;

function draw(store) {
  const current = store.currentStep;
  const closed = store.workshop.status === "closed";
  document.body.classList.toggle("workshop-closed", closed);
  $("closed-banner").hidden = !closed;
  render(repeat(store.steps, (s) => s.id, (s) => stepItem(s, store)), $("steps"));
  render(controls(store), $("step-controls"));
  render(html`${live.errors.get("step") || ""}`, $("step-error"));
  render(room.bar(store), $("room-bar"));
  if (!timerStarted) {
    tickTimer(store, $("timer-display"));
    timerStarted = true;
  }
  render(html`${live.errors.get("moderation") || ""}`, $("moderation-error"));
  render(method.center(store), $("method-panels"));
  render(method.side(store), $("side-panels"));

  $("current-prompt").textContent = current ? current.prompt : t("L'atelier n'a pas commencé. Les téléphones attendent.");
  const cards = current ? store.cardList((c) => c.step_id === current.id && !c.merged_into_id).sort(cardOrder) : [];
  const pending = cards.filter((c) => c.status === "pending").length;
  $("cards-title").textContent = current ? t("Cartes : %(title)s", { title: current.title })
    + (pending ? " — " + t("%(n)s à valider", { n: pending }) : "") : t("Cartes de l'étape");
  render(repeat(cards, (c) => c.id, (card) => cardView(card, { audience: "staff", kind: false, badges: moderation.badges(card),
    after: moderation.forms(card), actions: moderation.actions(card) })), $("cards"));
  $("cards-empty").hidden = cards.length > 0;

  render(room.themes(store), $("themes-panel"));
  $("people-title").textContent = t("Participants (%(n)s)", { n: (store.participants || []).length });
  render(people(store), $("people"));
  render(room.log(store), $("audit-log"));
  glossary.render(store);
  if ($("programme-dialog").open) render(programme(store), $("programme-editor"));
}

function announce(event, payload) {
  if (event === "step.changed") $("announce").textContent = t("Étape en cours : %(title)s", { title: payload.step.title });
  if (event === "workshop.changed" && payload.status === "closed") $("announce").textContent = t("L'atelier est terminé.");
}
