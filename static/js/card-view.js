/* One card view for every screen: the phone (own cards and the room's), the board, the console and
 * the référent view. Its audiences mirror what services/visibility.py sends each one:
 *   "public" — public_card: text, group, author when quoted (board, room cards on phones);
 *   "own"    — own_card: the same plus status, consent and an open rewording (the author's phone);
 *   "staff"  — moderator_card: the same plus status, pseudonym and flags (console, référent view).
 * A screen renders a list with `repeat(cards, (c) => c.id, (c) => cardView(c, …))`, so a push updates
 * the card's text and attributes in place and never replaces a focused button or a field. */
import { html, nothing } from "../vendor/lit-html/lit-html.js";
import { config, t, formatGroup } from "./live.js";
import { access } from "./access.js";
import { statusLabel } from "./labels.js";

/** Who wrote it, as this audience may know: the quoted name (public), the pseudonym (staff). */
function byline(card, audience) {
  const name = audience === "staff" ? card.author_pseudonym || card.author : card.author;
  const group = formatGroup(card.peer_group);
  return name ? name + " · " + group : group;
}

/**
 * One card as a lit template.
 * options: audience ("public" | "own" | "staff"), glossary (terms explained on tap; phones),
 * easy (easy-read: the easy version of the text when there is one), listen (a read-aloud button),
 * kind (show the card's kind; default true), group (false: the column already says the group, only
 * the quoted name shows), status (show the status line; default for own/staff),
 * className (more classes), badges (in the meta line), after (below the text), actions (a row of
 * buttons at the bottom). badges, after and actions are lit templates the screen passes.
 */
export function cardView(card, options = {}) {
  const audience = options.audience || "public";
  const group = card.peer_group || "staff";
  const text = options.easy && card.text_easy ? card.text_easy : card.text;
  const showStatus = options.status !== undefined ? options.status : audience !== "public";
  const classes = ["card", "kind-" + card.kind, "group-" + group, card.status ? "status-" + card.status : "",
    options.className || ""].filter(Boolean).join(" ");
  const sealed = card.sealed && !card.released; // only its own group receives such a card
  return html`<li class=${classes} data-id=${card.id}>
    ${options.kind === false ? nothing
      : html`<p class="card-kind">${access.pictoView("kind-" + card.kind)}${config.card_kinds[card.kind] || ""}</p>`}
    <p class="card-text">${options.glossary ? access.glossedView(text, options.glossary) : text}</p>
    ${options.after || nothing}
    ${options.group === false
      ? (card.author || options.badges ? html`<p class="card-meta">${card.author || ""}${options.badges || nothing}</p>` : nothing)
      : html`<p class="card-meta">${access.pictoView("group-" + group)}<span class="group-dot group-${group}"
        aria-hidden="true"></span>${byline(card, audience)}${sealed
        ? html` <span class="badge sealed">${t("Seulement dans votre groupe")}</span>` : nothing}${options.badges || nothing}</p>`}
    ${showStatus && card.status ? html`<p class="card-status">${statusLabel(card.status)}</p>` : nothing}
    ${options.listen ? access.listenView(text, options.listenLabel || t("Écouter la carte")) : nothing}
    ${options.actions ? html`<div class="row card-actions">${options.actions}</div>` : nothing}
  </li>`;
}
