/* The moderation view shared by the console and the référent view: a card's moderation buttons
 * (approve, hide, restore, reword, and for the facilitator spotlight, merge and "choose for a theme"),
 * the reword and merge forms open on a card, and the badges a moderator sees. Lit templates, so a push
 * updates them in place and never replaces a focused button or a reword being typed. */
import { html, nothing } from "../vendor/lit-html/lit-html.js";
import { live as liveValue } from "../vendor/lit-html/directives/live.js";
import { t, tn } from "./live.js";

const FLAG_LABELS = { phone: t("téléphone"), email: t("e-mail"), address: t("adresse"), name: t("nom de personne") };

/**
 * `live`: the page's connection (live.js `connect`); `options.facilitator`: the console's extra actions;
 * `options.onSelect()`: called when the cards chosen for a theme change. Errors go under the key
 * "moderation" in `live.errors`.
 */
export function moderationView(live, options = {}) {
  const facilitator = Boolean(options.facilitator);
  const selected = new Set(); // card ids chosen for a theme (console)
  const rewordDrafts = new Map(); // card id -> the new wording being typed
  let merging = null; // card id whose merge form is open

  const call = (event, payload, done) => live.call("moderation", event, payload, done);
  const button = (label, onclick, extra = {}) => html`<button type="button" class="button small ${extra.primary ? "primary" : ""}"
    ?disabled=${Boolean(extra.disabled)} aria-label=${extra.label || nothing} @click=${onclick}>${label}</button>`;

  function isPublic(card) {
    return card.status === "published" && !card.merged_into_id && (!card.sealed || card.released);
  }

  function rewordForm(card) {
    const id = `reword-${card.id}`;
    return html`<div class="reword-form">
      <label for=${id}>${t("Nouvelle formulation proposée à l'auteur·rice")}</label>
      <textarea id=${id} rows="3" maxlength="2000" .value=${liveValue(rewordDrafts.get(card.id))}
        @input=${(e) => rewordDrafts.set(card.id, e.target.value)}></textarea>
      <div class="row">
        ${button(t("Proposer à l'auteur·rice"), () => call("card.reword", { id: card.id, text: rewordDrafts.get(card.id) },
          () => rewordDrafts.delete(card.id)), { primary: true })}
        ${button(t("Annuler"), () => { rewordDrafts.delete(card.id); live.render(); })}
      </div>
    </div>`;
  }

  function mergeForm(card) {
    const others = live.store.cardList((c) => c.id !== card.id && c.kind === card.kind && c.status === "published" && !c.merged_into_id);
    const id = `merge-${card.id}`;
    return html`<div class="row merge-form">
      <label for=${id}>${t("Fusionner dans :")}</label>
      <select id=${id}>${others.map((c) => html`<option value=${c.id}>${c.text.slice(0, 80)}</option>`)}</select>
      ${button(t("Fusionner"), (e) => call("card.merge", { id: card.id, into_id: Number(e.target.closest(".merge-form").querySelector("select").value) },
        () => { merging = null; }), { primary: true, disabled: !others.length })}
      ${button(t("Annuler"), () => { merging = null; live.render(); })}
    </div>`;
  }

  /** The buttons under a card (for cardView's `actions`). */
  function actions(card) {
    const moderate = (action) => () => call("card.moderate", { id: card.id, action });
    const spotlit = live.store.workshop.spotlight_card_id === card.id;
    return html`${card.status === "pending" ? button(t("Valider"), moderate("approve"), { primary: true }) : nothing}
      ${["pending", "published"].includes(card.status) ? button(t("Masquer"), moderate("hide")) : nothing}
      ${card.status === "hidden" ? button(t("Rétablir"), moderate("restore")) : nothing}
      ${card.author_id && card.status !== "hidden" && !rewordDrafts.has(card.id)
        ? button(t("Reformuler"), () => { rewordDrafts.set(card.id, card.text); live.render(); }) : nothing}
      ${facilitator && isPublic(card) ? button(spotlit ? t("Retirer de l'écran") : t("Mettre en avant"),
        () => call("spotlight.set", { card_id: spotlit ? null : card.id })) : nothing}
      ${facilitator && isPublic(card) && merging !== card.id ? button(t("Fusionner…"), () => { merging = card.id; live.render(); }) : nothing}
      ${facilitator ? html`<label class="select-card"><input type="checkbox" .checked=${liveValue(selected.has(card.id))}
        @change=${(e) => { if (e.target.checked) selected.add(card.id); else selected.delete(card.id); live.render(); }}>
        ${t("Choisir")}</label>` : nothing}`;
  }

  /** The reword or merge form open on a card, under its text (for cardView's `after`), or nothing. */
  function forms(card) {
    if (rewordDrafts.has(card.id)) return rewordForm(card);
    if (facilitator && merging === card.id) return mergeForm(card);
    return nothing;
  }

  /** What a moderator sees beside the card's status: personal data flags, a reword under way, its theme, support. */
  function badges(card) {
    const theme = live.store.themes.find((th) => th.id === card.theme_id);
    return html`${(card.flags || []).map((f) => html`<span class="badge flag">⚠ ${FLAG_LABELS[f] || t("information personnelle ?")}</span>`)}
      ${card.reword ? html`<span class="badge">${t("reformulation proposée")}</span>` : nothing}
      ${theme ? html`<span class="badge theme">${theme.name}</span>` : nothing}
      ${card.support > 1 ? html`<span class="badge">${tn(card.support, t("%(n)s soutien"), t("%(n)s soutiens"))}</span>` : nothing}
      ${live.store.workshop.spotlight_card_id === card.id ? html`<span class="badge spot">${t("à l'écran")}</span>` : nothing}`;
  }

  return { actions, forms, badges, selected };
}
