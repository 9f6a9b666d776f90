/* The projected board: what the current step needs the room to see, in large type.
 * It only ever receives published, non-sealed content (docs/protocol.md). Each layout is a lit
 * template keyed by card id, so a push adds or changes one card without redrawing the others. */
import { html, nothing, render as draw } from "../vendor/lit-html/lit-html.js";
import { repeat } from "../vendor/lit-html/directives/repeat.js";
import { announcer, config, t, tn, connect } from "./live.js";
import {
  agreementLegend, agreementMap, convergence, CONVERGENCE_LABELS, groupOf, groupTag, minutes, paragraphs, shareOfVoice,
  tickTimer, validationStatus,
} from "./components.js";
import { cardView } from "./card-view.js";

const $ = (id) => document.getElementById(id);
const stage = $("stage");
const say = announcer($("announce"));

const live = connect(render, { onPush: announce });

/** Screen readers hear step changes and each new card once (a polite live region), not every redraw.
 * The message is cleared soon after, and at once when a card is removed, so no hidden text lingers. */
function announce(event, payload) {
  if (event === "step.changed") say(t("Nouvelle étape : %(title)s", { title: payload.step.title }));
  else if (event === "card.created") {
    say(t("Nouvelle carte de %(group)s : %(text)s", { group: groupOf(payload.peer_group).short, text: payload.text }));
  } else if (event === "card.removed") say("");
}

// -- cards in one column per peer group, people concerned first -----------------------------------

function boardCard(card) {
  return cardView(card, { kind: card.kind === "summary", group: false });
}

/** One column per group shown; a single group spreads its cards over several columns. */
function columns(cards, groupsShown) {
  const groups = config.groups.filter((g) => groupsShown.includes(g.key));
  if (cards.some((c) => !c.peer_group)) groups.push({ key: "staff", label: t("Animation") });
  return html`<div class="board-columns columns-${groups.length}">${repeat(groups, (g) => g.key, (group) => {
    const mine = cards.filter((c) => (c.peer_group || "staff") === group.key)
      .sort((a, b) => (b.kind === "summary") - (a.kind === "summary") || b.id - a.id);
    return html`<section class="column group-${group.key}" aria-labelledby="col-${group.key}">
      <h2 id="col-${group.key}"><span class="column-title">${group.label}</span>
        <span class="column-count">${tn(mine.length, t("%(n)s carte"), t("%(n)s cartes"))}</span></h2>
      <ul class="cards pages">${repeat(mine, (c) => c.id, boardCard)}</ul></section>`;
  })}</div>`;
}

/** Groups that may post in this step or already did; the welcome shows only groups with cards. */
function postingGroups(step, cards) {
  const all = config.groups.map((g) => g.key);
  const posting = step.kind === "welcome" ? [] : step.rules.post_groups || all;
  return all.filter((k) => posting.includes(k) || cards.some((c) => c.peer_group === k));
}

// -- one layout per kind of step ------------------------------------------------------------------

const LAYOUTS = {
  cards(store, step) {
    const cards = store.cardList((c) => c.step_id === step.id);
    const groups = postingGroups(step, cards);
    if (!groups.length && !cards.length) return welcome();
    return columns(cards, groups);
  },

  peer_groups(store) {
    return html`<p class="stage-message">${t("Chaque groupe travaille dans sa salle. Ce qu'il choisit de partager apparaîtra ici.")}</p>
      ${columns(store.cardList((c) => c.released), config.groups.map((g) => g.key))}`;
  },

  crossing(store, step) {
    return columns(store.cardList((c) => c.released || c.step_id === step.id), config.groups.map((g) => g.key));
  },

  tracks(store) {
    const tracks = store.cardList((c) => c.kind === "track").reverse();
    const answered = new Set(tracks.flatMap((c) => c.links || []));
    const perceptions = store.cardList((c) => c.kind === "perception" || c.kind === "summary")
      .sort((a, b) => answered.has(a.id) - answered.has(b.id) || a.id - b.id);
    return html`<section class="tracks-map" aria-labelledby="tracks-title">
        <h2 id="tracks-title">${t("Pistes et positions de chaque groupe")}</h2>
        ${agreementLegend()}
        <ul class="track-rows pages">${repeat(tracks, (c) => c.id, (card) => html`<li class="track-row">
          <p class="card-text">${card.text}</p><div class="map">${agreementMap(store.positions[card.id])}</div></li>`)}</ul>
      </section>
      <aside class="coverage" aria-labelledby="coverage-title">
        <h2 id="coverage-title">${t("Perceptions")}</h2>
        <ul class="coverage-list pages">${repeat(perceptions, (c) => c.id, (card) => html`<li
          class="coverage-item ${answered.has(card.id) ? "has-track" : "no-track"}">
          <span class="coverage-mark">${answered.has(card.id) ? t("✓ a une piste") : t("sans piste")}</span>
          <span class="card-text">${card.text}</span></li>`)}</ul>
      </aside>`;
  },

  insight(store, step) {
    const points = store.cardList((c) => c.kind === "insight" && c.step_id === step.id);
    const questions = store.cardList((c) => c.kind === "question" && c.step_id === step.id)
      .sort((a, b) => a.answered - b.answered || (store.upvotes[b.id] || 0) - (store.upvotes[a.id] || 0) || a.id - b.id);
    return html`<section class="key-points" aria-labelledby="points-title"><h2 id="points-title">${t("Points clés")}</h2>
        <ul class="cards pages">${repeat(points, (c) => c.id, (card) => cardView(card, { kind: false, group: false, className: "key-point" }))}</ul>
      </section>
      <section class="questions" aria-labelledby="questions-title"><h2 id="questions-title">${t("Questions de la salle")}</h2>
        <ul class="cards pages">${repeat(questions, (c) => c.id, (card) => cardView(card, {
          kind: false, className: "question" + (card.answered ? " answered" : ""),
          badges: html` · ${tn(store.upvotes[card.id] || 0, t("%(n)s soutien"), t("%(n)s soutiens"))}${card.answered
            ? html` <span class="badge">${t("Traitée")}</span>` : nothing}`,
        }))}</ul>
      </section>`;
  },

  synthesis(store) {
    const latest = store.latestSynthesis;
    if (!latest) return html`<p class="stage-message">${t("La synthèse est en cours de rédaction.")}</p>`;
    const final = store.synthesis.final_version === latest.version;
    return html`<section class="synthesis" aria-labelledby="synthesis-title">
        <h2 id="synthesis-title">${final ? t("Synthèse validée par tous les groupes (version %(n)s)", { n: latest.version })
          : t("Synthèse, version %(n)s", { n: latest.version })}</h2>
        <div class="synthesis-text pages">${paragraphs(latest.text)}</div></section>
      <aside class="validations" aria-labelledby="validations-title">
        <h2 id="validations-title">${t("Validation par les groupes")}</h2>${validationStatus(store)}</aside>`;
  },

  themes(store) {
    const cards = store.cardList((c) => c.kind !== "summary" || c.released);
    const themes = store.themes.map((th) => ({ key: "t" + th.id, label: th.name, id: th.id }))
      .concat([{ key: "none", label: t("Sans thème"), id: null }]);
    const shown = themes.filter((th) => cards.some((c) => c.theme_id === th.id));
    if (!shown.length) return html`<p class="stage-message">${t("Aucune carte classée pour l'instant.")}</p>`;
    return repeat(shown, (th) => th.key, (th) => {
      const mine = cards.filter((c) => c.theme_id === th.id).reverse();
      return html`<section class="column theme-column"><h2><span class="column-title">${th.label}</span>
        <span class="column-count">${tn(mine.length, t("%(n)s carte"), t("%(n)s cartes"))}</span></h2>
        <ul class="cards pages">${repeat(mine, (c) => c.id, (card) => cardView(card, { kind: false }))}</ul></section>`;
    });
  },

  queue(store) {
    const queue = store.queue || { waiting: [], speaking: null, share: null };
    const who = (entry) => groupOf(entry.peer_group).short + (entry.pseudonym ? " — " + entry.pseudonym : "");
    return html`<section class="queue-board" aria-labelledby="queue-title"><h2 id="queue-title">${t("Prise de parole")}</h2>
        <p class="speaking-now">${queue.speaking ? t("Parole : %(who)s", { who: who(queue.speaking) }) : t("Personne n'a la parole.")}</p>
        <ol class="queue-board-list pages">${repeat(queue.waiting, (entry) => entry.id, (entry) => html`<li><span
          class="group-dot group-${entry.peer_group}" aria-hidden="true"></span>${who(entry)}</li>`)}</ol></section>
      <aside class="voice-board">${shareOfVoice(queue.share)}</aside>`;
  },

  join() {
    return welcome();
  },

  evaluation(store) {
    return html`<p class="stage-message big">${t("Merci à toutes et à tous ! Donnez votre avis sur votre téléphone : c'est anonyme.")}</p>
      ${endOfDay(store)}`;
  },
};
const LAYOUT_OF = { welcome: "cards", perceptions: "cards", peer_groups: "peer_groups", crossing: "crossing",
  tracks: "tracks", insight: "insight", synthesis: "synthesis", evaluation: "evaluation" };
// What the facilitator may choose instead of the step's own layout.
const CHOSEN = { columns: "cards", themes: "themes", agreement: "tracks", queue: "queue", join: "join" };

/** Nothing posted yet: the join invitation fills the board (large QR code and code). */
function welcome() {
  document.body.classList.add("waiting");
  return nothing;
}

/** The day's result: the synthesis the groups validated, and where they converge and diverge. */
function endOfDay(store) {
  const final = store.synthesis.final_version !== null
    ? store.synthesis.versions.find((v) => v.version === store.synthesis.final_version) : null;
  const tracks = store.cardList((c) => c.kind === "track");
  const by = { converge: [], diverge: [], open: [] };
  for (const track of tracks) by[convergence(store.positions[track.id])].push(track);
  return html`<div class="end-of-day">
    ${final ? html`<section class="synthesis" aria-labelledby="final-title">
      <h2 id="final-title">${t("Synthèse validée par tous les groupes (version %(n)s)", { n: final.version })}</h2>
      <div class="synthesis-text pages">${paragraphs(final.text)}</div></section>` : nothing}
    ${tracks.length ? html`<section class="convergences" aria-labelledby="convergences-title">
      <h2 id="convergences-title">${t("Où les groupes se rejoignent")}</h2>
      <div class="pages">${["converge", "diverge"].filter((k) => by[k].length).map((k) => html`<h3 class="convergence convergence-${k}">${
        CONVERGENCE_LABELS[k]} (${by[k].length})</h3>
        <ul class="convergence-list">${repeat(by[k], (c) => c.id, (c) => html`<li class="keep-lines">${c.text}</li>`)}</ul>`)}</div>
    </section>` : nothing}
  </div>`;
}

/** The workshop is closed: a thank-you, with the day's result. */
function closedScreen(store) {
  return html`<div class="thank-you"><p class="stage-message big">${t("Merci à toutes et à tous pour cette journée !")}</p>
    <p class="stage-message">${t("L'atelier est terminé. Le compte rendu sera envoyé à chacune et chacun.")}</p></div>
    ${endOfDay(store)}`;
}

function render(store) {
  const step = store.currentStep;
  const closed = store.workshop.status === "closed";
  $("step-title").textContent = closed ? t("L'atelier est terminé") : step ? step.title : t("L'atelier va commencer");
  $("step-prompt").textContent = closed ? "" : step ? step.prompt : t("Rejoignez l'atelier avec votre téléphone.");
  document.body.classList.remove("waiting");
  document.body.classList.toggle("closed", closed);
  const layout = closed ? "closed" : step ? CHOSEN[store.workshop.board_layout] || LAYOUT_OF[step.kind] : "none";
  stage.className = "stage layout-" + layout;
  const content = closed ? closedScreen(store) : step ? LAYOUTS[layout](store, step) : welcome();
  if (!step && !closed) document.body.classList.add("waiting");
  draw(content, stage);
  stage.querySelectorAll(".pages").forEach(hideCut);
  renderOverlays(store);
  renderFooter(store);
}

function renderOverlays(store) {
  $("pause").hidden = !store.workshop.paused;
  const card = store.workshop.spotlight_card_id ? store.cards.get(store.workshop.spotlight_card_id) : null;
  $("spotlight").hidden = !card || store.workshop.paused;
  if (card) {
    draw(html`${groupTag(card.peer_group)}${card.author ? " — " + card.author : ""}`, $("spotlight-group"));
    $("spotlight-text").textContent = card.text;
  }
}

tickTimer(live.store, $("timer"));

/**
 * Long lists turn their pages by themselves, slowly, so the back of the room can read them. A page
 * starts at the first item not wholly seen, so an item (a card, a track with its map) is never cut
 * in two and never skipped.
 */
const PAGE_EVERY = 9000;

/** An item only partly in the window (the next page's first line under the fold) is not shown at all,
 * unless it is taller than the window itself. */
function hideCut(list) {
  const top = list.scrollTop - 2;
  const bottom = list.scrollTop + list.clientHeight + 2;
  for (const node of list.children) {
    const cut = node.offsetTop < top || node.offsetTop + node.offsetHeight > bottom;
    node.style.visibility = cut && node.offsetHeight <= list.clientHeight ? "hidden" : "";
  }
}

function turnPage(list) {
  const items = Array.from(list.children).filter((node) => node.offsetHeight > 0);
  const end = Math.max(0, ...items.map((node) => node.offsetTop + node.offsetHeight));
  if (end <= list.clientHeight + 2) {
    if (list.scrollTop) list.scrollTop = 0;
    return;
  }
  // Room below the last item, so that any item can start a page (set through the CSSOM, CSP-safe).
  list.style.paddingBottom = list.clientHeight + "px";
  const bottom = list.scrollTop + list.clientHeight;
  const next = items.find((node) => node.offsetTop > list.scrollTop + 2 && node.offsetTop + node.offsetHeight > bottom + 2);
  list.scrollTop = next ? next.offsetTop : 0;
  hideCut(list);
}
setInterval(() => stage.querySelectorAll(".pages").forEach(turnPage), PAGE_EVERY);

function renderFooter(store) {
  const composition = store.composition;
  $("gauge-total").textContent = tn(composition.total || 0, t("%(n)s participant·e"), t("%(n)s participant·es"));
  draw(repeat(config.groups, (g) => g.key, (g) => html`<p class="gauge-item group-${g.key}"><span
    class="gauge-n">${composition.groups[g.key] || 0}</span> ${g.short}</p>`), $("gauge"));
  const speaking = store.queue && store.queue.speaking;
  $("speaker").textContent = speaking ? t("Parole : %(who)s", {
    who: groupOf(speaking.peer_group).short + (speaking.pseudonym ? " (" + speaking.pseudonym + ")" : ""),
  }) : "";
  const share = store.queue && store.queue.share;
  draw(share ? repeat(config.groups, (g) => g.key, (g) => {
    const row = Object.assign({ turns: 0, seconds: 0, cards: 0 }, share[g.key]);
    return html`<p class="voice-item group-${g.key}"><span class="group-dot group-${g.key}" aria-hidden="true"></span>${
      tn(row.turns, t("%(n)s tour"), t("%(n)s tours"))} · ${minutes(row.seconds)} · ${tn(row.cards, t("%(n)s carte"), t("%(n)s cartes"))}</p>`;
  }) : nothing, $("voice"));
}
