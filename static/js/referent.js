/* A référent's view (the page's entry module): their peer group's cards (every status) and members,
 * the group's proposals to confirm, and the group's decision on the synthesis. Nothing of other
 * groups' rooms. Lit templates keyed by id: a push never replaces the focused control. */
import { html, render, nothing } from "../vendor/lit-html/lit-html.js";
import { repeat } from "../vendor/lit-html/directives/repeat.js";
import { t, connect, newClientId } from "./live.js";
import { validationStatus, paragraphs } from "./components.js";
import { cardView } from "./card-view.js";
import { releaseLabel } from "./labels.js";
import { moderationView } from "./moderation-view.js";

const $ = (id) => document.getElementById(id);

const live = connect(draw);
const moderation = moderationView(live);
const call = (event, payload, done) => live.call("referent", event, payload, done);

// -- scribe mode: writing for someone of the group who has no phone --------------------------------
$("scribe").addEventListener("submit", (event) => {
  event.preventDefault();
  const kinds = (live.store.currentStep || { rules: { post_kinds: [] } }).rules.post_kinds;
  const sent = $("scribe-text").value;
  call("card.scribe", { client_id: newClientId(), kind: kinds[0], pseudonym: $("scribe-name").value, text: sent }, () => {
    if ($("scribe-text").value === sent) $("scribe-text").value = "";
  });
});

function releaseItem(release) {
  return html`<li class="card release status-${release.status}">
    <p class="card-meta">${releaseLabel(release.status, "staff")}</p>
    ${release.summary ? html`<div class="card-text">${paragraphs(release.summary)}</div>` : nothing}
    <ul class="release-cards">${release.card_ids.map((id) => html`<li>${(live.store.cards.get(id) || {}).text || ""}</li>`)}</ul>
    ${release.status === "proposed" ? html`<div class="row">
      <button type="button" class="button primary" @click=${() => call("release.confirm", { id: release.id })}>${t("Confirmer le partage")}</button>
      <button type="button" class="button" @click=${() => call("release.cancel", { id: release.id })}>${t("Retirer")}</button></div>` : nothing}
  </li>`;
}

function drawSynthesis(store, step) {
  const latest = store.latestSynthesis;
  const open = step && step.rules.validation && latest && store.synthesis.final_version !== latest.version;
  $("synthesis-panel").hidden = !latest;
  if (!latest) return;
  $("synthesis-version").textContent = t("Version %(n)s", { n: latest.version });
  render(paragraphs(latest.text), $("synthesis-text"));
  render(validationStatus(store), $("synthesis-status"));
  $("synthesis-decide").hidden = !open;
}

function decide(decision) {
  const latest = live.store.latestSynthesis;
  call("synthesis.decide", { version: latest.version, decision, comment: $("synthesis-comment").value },
    () => { $("synthesis-comment").value = ""; });
}
$("validate").addEventListener("click", () => decide("validated"));
$("ask-changes").addEventListener("click", () => decide("changes"));

function badges(card) {
  return html`${card.written_by === "referent" ? html`<span class="badge">${t("écrite par vous")}</span>` : nothing}${moderation.badges(card)}`;
}

function draw(store) {
  const step = store.currentStep;
  render(html`${live.errors.get("referent") || live.errors.get("moderation") || ""}`, $("referent-error"));
  $("step-name").textContent = step ? t("Étape en cours : %(title)s", { title: step.title }) : t("L'atelier n'a pas commencé.");
  const group = store.me.peer_group;
  const cards = store.cardList((c) => c.peer_group === group).reverse();
  render(repeat(cards, (c) => c.id, (card) => cardView(card, { audience: "staff", kind: false, badges: badges(card),
    after: moderation.forms(card), actions: moderation.actions(card) })), $("cards"));
  const kinds = step && !step.locked && !store.workshop.paused && store.workshop.status !== "closed" ? step.rules.post_kinds : [];
  $("scribe-panel").hidden = !kinds.length;
  $("cards-empty").hidden = cards.length > 0;
  const releases = store.releases.slice().reverse();
  render(repeat(releases, (r) => r.id, releaseItem), $("releases"));
  $("releases-panel").hidden = releases.length === 0;
  drawSynthesis(store, step);
  const people = store.participants || [];
  $("people-title").textContent = t("Membres du groupe (%(n)s)", { n: people.length });
  render(repeat(people, (p) => p.id, (p) => html`<li>${p.pseudonym}${p.followed_here === "yes"
    ? html`<span class="badge followed">${t("suivi·e présent·e")}</span>` : nothing}</li>`), $("people"));
}
