/* The projected board: what the current step needs the room to see, in large type.
 * It only ever receives published, non-sealed content (docs/protocol.md). */
import { config, t, el, syncList, connect } from "./live.js";
import { ui } from "./components.js";
const $ = (id) => document.getElementById(id);
const stage = $("stage");

const live = connect(render, { onPush: announce });

/** Screen readers hear step changes and each new card once (a polite live region), not every redraw.
 * The message is cleared soon after, and at once when a card is removed, so no hidden text lingers. */
let clearing = null;
function announce(event, payload) {
  const region = $("announce");
  if (event === "step.changed") region.textContent = t("Nouvelle étape : %(title)s", { title: payload.step.title });
  else if (event === "card.created") {
    region.textContent = t("Nouvelle carte de %(group)s : %(text)s", { group: ui.groupOf(payload.peer_group).short, text: payload.text });
  } else if (event === "card.removed") region.textContent = "";
  else return;
  clearTimeout(clearing);
  clearing = setTimeout(() => { region.textContent = ""; }, 5000);
}

// -- cards in one column per peer group, people concerned first -----------------------------------

function columnNode(group) {
  return el("section", { class: "column group-" + group.key, "aria-labelledby": "col-" + group.key },
    el("h2", { id: "col-" + group.key },
      el("span", { class: "column-title", text: group.label }),
      el("span", { class: "column-count" })),
    el("ul", { class: "cards" }));
}

function cardNode(card) {
  return el("li", { class: "card kind-" + card.kind },
    card.kind === "summary" ? el("p", { class: "card-kind", text: config.card_kinds.summary }) : null,
    el("p", { class: "card-text", text: card.text }),
    card.author ? el("p", { class: "card-meta", text: card.author }) : null);
}

function columns(container, cards, groupsShown) {
  const groups = config.groups.filter((g) => groupsShown.includes(g.key));
  if (cards.some((c) => !c.peer_group)) groups.push({ key: "staff", label: t("Animation") });
  syncList(container, groups, (g) => g.key, columnNode);
  for (const group of groups) {
    const column = container.querySelector(".column.group-" + group.key);
    const mine = cards.filter((c) => (c.peer_group || "staff") === group.key)
      .sort((a, b) => (b.kind === "summary") - (a.kind === "summary") || b.id - a.id);
    column.querySelector(".column-count").textContent = t("%(n)s cartes", { n: mine.length });
    syncList(column.querySelector(".cards"), mine, (c) => c.id + ":" + c.text, cardNode);
  }
}

// -- one layout per kind of step ------------------------------------------------------------------

const LAYOUTS = {
  cards(store, step, root) {
    const cards = store.cardList((c) => c.step_id === step.id);
    const posting = step.rules.post_groups || config.groups.map((g) => g.key);
    columns(root, cards, config.groups.map((g) => g.key).filter((k) => posting.includes(k) || cards.some((c) => c.peer_group === k)));
  },

  peer_groups(store, step, root) {
    const released = store.cardList((c) => c.released);
    if (!root.firstChild) {
      root.append(el("p", { class: "stage-message", text: t("Chaque groupe travaille dans sa salle. Ce qu'il choisit de partager apparaîtra ici.") }),
        el("div", { class: "board-columns" }));
    }
    columns(root.lastChild, released, config.groups.map((g) => g.key));
  },

  crossing(store, step, root) {
    const cards = store.cardList((c) => c.released || c.step_id === step.id);
    columns(root, cards, config.groups.map((g) => g.key));
  },

  tracks(store, step, root) {
    if (!root.firstChild) {
      root.append(el("section", { class: "tracks-map", "aria-labelledby": "tracks-title" },
        el("h2", { id: "tracks-title", text: t("Pistes et positions de chaque groupe") }), el("ul", { class: "track-rows" })),
      el("aside", { class: "coverage", "aria-labelledby": "coverage-title" },
        el("h2", { id: "coverage-title", text: t("Perceptions") }), el("ul", { class: "coverage-list" })));
    }
    const tracks = store.cardList((c) => c.kind === "track").reverse();
    syncList(root.querySelector(".track-rows"), tracks, (c) => c.id + ":" + c.text, (card) =>
      el("li", { class: "track-row" }, el("p", { class: "card-text", text: card.text }), el("div", { class: "map" })),
    );
    for (const node of root.querySelectorAll(".track-row")) {
      const id = Number(node.dataset.key.split(":")[0]);
      node.querySelector(".map").replaceChildren(ui.agreementMap(store.positions[id]));
    }
    const answered = new Set(tracks.flatMap((c) => c.links || []));
    const perceptions = store.cardList((c) => c.kind === "perception" || c.kind === "summary")
      .sort((a, b) => answered.has(a.id) - answered.has(b.id) || a.id - b.id);
    syncList(root.querySelector(".coverage-list"), perceptions, (c) => c.id + ":" + answered.has(c.id), (card) =>
      el("li", { class: "coverage-item " + (answered.has(card.id) ? "has-track" : "no-track") },
        el("span", { class: "coverage-mark", text: answered.has(card.id) ? t("✓ a une piste") : t("sans piste") }),
        el("span", { class: "card-text", text: card.text })));
  },

  insight(store, step, root) {
    if (!root.firstChild) {
      root.append(el("section", { class: "key-points", "aria-labelledby": "points-title" },
        el("h2", { id: "points-title", text: t("Points clés") }), el("ul", { class: "cards" })),
      el("section", { class: "questions", "aria-labelledby": "questions-title" },
        el("h2", { id: "questions-title", text: t("Questions de la salle") }), el("ul", { class: "cards" })));
    }
    const points = store.cardList((c) => c.kind === "insight" && c.step_id === step.id);
    syncList(root.querySelector(".key-points .cards"), points, (c) => c.id + ":" + c.text, (card) =>
      el("li", { class: "card key-point" }, el("p", { class: "card-text", text: card.text })));
    const questions = store.cardList((c) => c.kind === "question" && c.step_id === step.id)
      .sort((a, b) => a.answered - b.answered || (store.upvotes[b.id] || 0) - (store.upvotes[a.id] || 0) || a.id - b.id);
    syncList(root.querySelector(".questions .cards"), questions,
      (c) => [c.id, c.text, c.answered, store.upvotes[c.id] || 0].join(":"), (card) =>
        el("li", { class: "card question" + (card.answered ? " answered" : "") },
          el("p", { class: "card-text", text: card.text }),
          el("p", { class: "card-meta" }, ui.groupTag(card.peer_group, true),
            " · " + t("%(n)s soutiens", { n: store.upvotes[card.id] || 0 }),
            card.answered ? el("span", { class: "badge", text: t("Traitée") }) : null)));
  },

  synthesis(store, step, root) {
    const latest = store.latestSynthesis;
    const key = latest ? latest.version + ":" + JSON.stringify(store.synthesis.log.length) + ":" + store.synthesis.final_version : "none";
    if (root.dataset.key === key) return;
    root.dataset.key = key;
    if (!latest) {
      root.replaceChildren(el("p", { class: "stage-message", text: t("La synthèse est en cours de rédaction.") }));
      return;
    }
    const final = store.synthesis.final_version === latest.version;
    root.replaceChildren(
      el("section", { class: "synthesis", "aria-labelledby": "synthesis-title" },
        el("h2", { id: "synthesis-title", text: final ? t("Synthèse validée par tous les groupes (version %(n)s)", { n: latest.version })
          : t("Synthèse, version %(n)s", { n: latest.version }) }),
        ...latest.text.split(/\n{2,}/).map((paragraph) => el("p", { text: paragraph }))),
      el("aside", { class: "validations", "aria-labelledby": "validations-title" },
        el("h2", { id: "validations-title", text: t("Validation par les groupes") }), ui.validationStatus(store)));
  },

  themes(store, step, root) {
    const cards = store.cardList((c) => c.kind !== "summary" || c.released);
    const themes = store.themes.map((th) => ({ key: "t" + th.id, label: th.name, id: th.id }))
      .concat([{ key: "none", label: t("Sans thème"), id: null }]);
    const shown = themes.filter((th) => cards.some((c) => c.theme_id === th.id));
    syncList(root, shown, (th) => th.key + ":" + th.label, (th) => el("section", { class: "column theme-column" },
      el("h2", {}, el("span", { class: "column-title", text: th.label }), el("span", { class: "column-count" })),
      el("ul", { class: "cards" })));
    for (const node of root.children) {
      const theme = shown.find((th) => th.key + ":" + th.label === node.dataset.key);
      const mine = cards.filter((c) => c.theme_id === theme.id).reverse();
      node.querySelector(".column-count").textContent = t("%(n)s cartes", { n: mine.length });
      syncList(node.querySelector(".cards"), mine, (c) => c.id + ":" + c.text, (card) =>
        el("li", { class: "card group-" + (card.peer_group || "staff") },
          el("p", { class: "card-text", text: card.text }), el("p", { class: "card-meta" }, ui.groupTag(card.peer_group, true))));
    }
    if (!shown.length) root.replaceChildren(el("p", { class: "stage-message", text: t("Aucune carte classée pour l'instant.") }));
  },

  queue(store, step, root) {
    const queue = store.queue || { waiting: [], speaking: null, share: null };
    const who = (entry) => ui.groupOf(entry.peer_group).short + (entry.pseudonym ? " — " + entry.pseudonym : "");
    root.replaceChildren(
      el("section", { class: "queue-board", "aria-labelledby": "queue-title" },
        el("h2", { id: "queue-title", text: t("Prise de parole") }),
        el("p", { class: "speaking-now", text: queue.speaking ? t("Parole : %(who)s", { who: who(queue.speaking) }) : t("Personne n'a la parole.") }),
        el("ol", { class: "queue-board-list" }, queue.waiting.map((entry) => el("li", {},
          el("span", { class: "group-dot group-" + entry.peer_group, "aria-hidden": "true" }), who(entry))))),
      el("aside", { class: "voice-board" }, ui.shareOfVoice(queue.share)));
  },

  join(store, step, root) {
    document.body.classList.add("waiting");
  },

  evaluation(store, step, root) {
    if (!root.firstChild) {
      root.append(el("p", { class: "stage-message big", text: t("Merci à toutes et à tous ! Donnez votre avis sur votre téléphone : c'est anonyme.") }));
    }
  },
};
const LAYOUT_OF = { welcome: "cards", perceptions: "cards", peer_groups: "peer_groups", crossing: "crossing",
  tracks: "tracks", insight: "insight", synthesis: "synthesis", evaluation: "evaluation" };
// What the facilitator may choose instead of the step's own layout.
const CHOSEN = { columns: "cards", themes: "themes", agreement: "tracks", queue: "queue", join: "join" };

function render(store) {
  const step = store.currentStep;
  $("step-title").textContent = step ? step.title : t("L'atelier va commencer");
  $("step-prompt").textContent = step ? step.prompt : t("Rejoignez l'atelier avec votre téléphone.");
  document.body.classList.toggle("waiting", !step);
  const layout = step ? CHOSEN[store.workshop.board_layout] || LAYOUT_OF[step.kind] : "none";
  if (stage.dataset.layout !== layout + ":" + (step && step.id)) {
    stage.dataset.layout = layout + ":" + (step && step.id);
    stage.className = "stage layout-" + layout;
    stage.replaceChildren();
    delete stage.dataset.key;
  }
  if (step) LAYOUTS[layout](store, step, stage);
  renderOverlays(store);
  renderFooter(store);
}

function renderOverlays(store) {
  $("pause").hidden = !store.workshop.paused;
  const card = store.workshop.spotlight_card_id ? store.cards.get(store.workshop.spotlight_card_id) : null;
  $("spotlight").hidden = !card || store.workshop.paused;
  if (card) {
    $("spotlight-group").replaceChildren(ui.groupTag(card.peer_group), card.author ? " — " + card.author : "");
    $("spotlight-text").textContent = card.text;
  }
}

ui.tickTimer(live.store, $("timer"));

// Long lists turn their pages by themselves, slowly, so the back of the room can read them.
const PAGE_EVERY = 9000;
setInterval(() => {
  for (const list of stage.querySelectorAll(".cards, .track-rows, .coverage-list, .queue-board-list")) {
    if (list.scrollHeight <= list.clientHeight + 4) {
      list.scrollTop = 0;
      continue;
    }
    const atEnd = list.scrollTop + list.clientHeight >= list.scrollHeight - 4;
    list.scrollTo({ top: atEnd ? 0 : list.scrollTop + list.clientHeight * 0.85, behavior: "smooth" });
  }
}, PAGE_EVERY);

function renderFooter(store) {
  const composition = store.composition;
  $("gauge-total").textContent = t("%(n)s participant·es", { n: composition.total || 0 });
  const items = config.groups.map((g) => ({ key: g.key, label: g.short, n: composition.groups[g.key] || 0 }));
  syncList($("gauge"), items, (g) => g.key + ":" + g.n, (g) =>
    el("p", { class: "gauge-item group-" + g.key },
      el("span", { class: "gauge-n", text: String(g.n) }), " ", g.label));
  const speaking = store.queue && store.queue.speaking;
  $("speaker").textContent = speaking ? t("Parole : %(who)s", {
    who: ui.groupOf(speaking.peer_group).short + (speaking.pseudonym ? " (" + speaking.pseudonym + ")" : ""),
  }) : "";
  const share = store.queue && store.queue.share;
  syncList($("voice"), share ? config.groups : [], (g) => g.key + ":" + JSON.stringify(share[g.key]), (g) =>
    el("p", { class: "voice-item group-" + g.key },
      el("span", { class: "group-dot group-" + g.key, "aria-hidden": "true" }),
      t("%(turns)s tour(s) · %(time)s · %(cards)s carte(s)", { turns: share[g.key].turns, time: ui.minutes(share[g.key].seconds),
        cards: share[g.key].cards })));
}
