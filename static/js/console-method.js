/* The console's panels for the method: the programme editor, releases to confirm, key points and
 * questions, the agreement map, the synthesis editor and its validations, the evaluation's results,
 * and the speaker queue with each group's share of voice. */
(function () {
  "use strict";
  const { config, t, el, syncList, newClientId } = window.CLTS;
  const ui = window.CLTS.ui;
  const $ = (id) => document.getElementById(id);

  window.CLTS.consoleMethod = function (live) {
    const errors = new Map();

    async function call(panel, event, payload) {
      errors.delete(panel);
      const ack = await live.request(event, payload);
      if (!ack.ok) errors.set(panel, ack.error.message);
      live.render();
      return ack;
    }

    function panel(parent, name, title) {
      const body = el("div", { class: "panel-body" });
      const error = el("p", { class: "error", role: "alert" });
      const node = el("section", { class: "panel method-panel panel-" + name, "aria-labelledby": "console-" + name },
        el("h2", { id: "console-" + name, text: title }), body, error);
      parent.append(node);
      return { node, body, error, name };
    }

    const center = $("method-panels");
    const side = $("side-panels");

    // -- the speaker queue --------------------------------------------------------------------------
    const queue = panel(side, "queue", t("Demandes de parole"));
    const speakingNow = el("div", { class: "speaking-now" });
    const waiting = el("ol", { class: "queue-list" });
    const share = el("div", { class: "share" });
    queue.body.append(speakingNow, waiting,
      el("button", { type: "button", class: "button", id: "balance-queue", onclick: () => call("queue", "queue.balance", {}) },
        t("Équilibrer la file")),
      el("p", { class: "hint", text: t("Les personnes concernées d'abord, puis celles qui ont le moins parlé.") }), share);

    function moveInQueue(id, delta) {
      const order = live.store.queue.waiting.map((w) => w.id);
      const index = order.indexOf(id);
      const target = index + delta;
      if (target < 0 || target >= order.length) return;
      [order[index], order[target]] = [order[target], order[index]];
      call("queue", "queue.reorder", { order });
    }

    function who(entry) {
      return (entry.pseudonym || t("Anonyme")) + " — " + ui.groupOf(entry.peer_group).short;
    }

    function renderQueue(store) {
      const state = store.queue || { waiting: [], speaking: null, share: null };
      speakingNow.replaceChildren(...(state.speaking
        ? [el("p", { class: "now" }, el("span", { class: "group-dot group-" + state.speaking.peer_group, "aria-hidden": "true" }),
          t("Parole à %(who)s", { who: who(state.speaking) })),
        el("button", { type: "button", class: "button primary", onclick: () => call("queue", "turn.stop", {}) }, t("Terminer le tour"))]
        : [el("p", { class: "hint", text: t("Personne n'a la parole.") })]));
      syncList(waiting, state.waiting, (w) => w.id + ":" + state.waiting.indexOf(w), (entry) => el("li", { class: "queue-item" },
        el("span", { class: "group-dot group-" + entry.peer_group, "aria-hidden": "true" }),
        el("span", { class: "queue-who", text: who(entry) }),
        el("span", { class: "row" },
          el("button", { type: "button", class: "button small", "aria-label": t("Monter %(who)s", { who: who(entry) }), onclick: () => moveInQueue(entry.id, -1) }, "▲"),
          el("button", { type: "button", class: "button small", "aria-label": t("Descendre %(who)s", { who: who(entry) }), onclick: () => moveInQueue(entry.id, 1) }, "▼"),
          el("button", { type: "button", class: "button primary small", onclick: () => call("queue", "turn.start", { id: entry.id }) }, t("Donner la parole")))));
      $("balance-queue").hidden = state.waiting.length < 2;
      share.replaceChildren(...(state.share ? [ui.shareOfVoice(state.share)] : []));
    }

    // -- releases to confirm ------------------------------------------------------------------------
    const releases = panel(center, "releases", t("Partages des groupes"));
    const releaseList = el("ul", { class: "cards" });
    releases.body.append(releaseList);
    const RELEASE_STATUS = { proposed: t("à confirmer"), confirmed: t("partagé"), cancelled: t("retiré") };

    function renderReleases(store, step) {
      const shown = store.releases.filter((r) => r.status === "proposed" || r.step_id === step.id);
      releases.node.hidden = !step.rules.release && !shown.length;
      syncList(releaseList, shown.slice().reverse(), (r) => r.id + ":" + r.status, (r) => el("li", { class: "card release status-" + r.status },
        el("p", { class: "card-meta" }, ui.groupTag(r.peer_group), " — " + RELEASE_STATUS[r.status]),
        r.summary ? el("p", { class: "card-text", text: r.summary }) : null,
        el("ul", { class: "release-cards" }, r.card_ids.map((id) => el("li", { text: (store.cards.get(id) || {}).text || "" }))),
        r.status === "proposed" ? el("div", { class: "row" },
          el("button", { type: "button", class: "button primary", onclick: () => call("releases", "release.confirm", { id: r.id }) }, t("Confirmer le partage")),
          el("button", { type: "button", class: "button", onclick: () => call("releases", "release.cancel", { id: r.id }) }, t("Retirer"))) : null));
    }

    // -- the insight: key points and questions --------------------------------------------------------
    const insight = panel(center, "insight", t("Éclairage : points clés et questions"));
    const pointText = el("textarea", { id: "point-text", rows: 3, maxlength: config.max_card_length });
    const pointEasy = el("textarea", { id: "point-easy", rows: 2, maxlength: 1000 });
    const questionList = el("ul", { class: "cards" });
    insight.body.append(
      el("form", { class: "point-form", novalidate: true, onsubmit: async (event) => {
        event.preventDefault();
        const ack = await call("insight", "card.create", { client_id: newClientId(), kind: "insight", text: pointText.value,
          text_easy: pointEasy.value });
        if (ack.ok) { pointText.value = ""; pointEasy.value = ""; }
      } },
      el("label", { for: "point-text", text: t("Un point clé") }), pointText,
      el("label", { for: "point-easy", text: t("Le même point en facile à lire") }), pointEasy,
      el("button", { type: "submit", class: "button primary" }, t("Publier le point clé"))),
      el("h3", { text: t("Questions, par soutien") }), questionList);

    function renderInsight(store, step) {
      insight.node.hidden = step.kind !== "insight";
      if (insight.node.hidden) return;
      const asked = store.cardList((c) => c.kind === "question" && c.step_id === step.id && c.status === "published")
        .sort((a, b) => a.answered - b.answered || (store.upvotes[b.id] || 0) - (store.upvotes[a.id] || 0));
      syncList(questionList, asked, (c) => [c.id, c.answered, store.upvotes[c.id] || 0, c.text].join(":"), (card) =>
        el("li", { class: "card question" + (card.answered ? " answered" : "") },
          el("p", { class: "card-text", text: card.text }),
          el("p", { class: "card-meta" }, ui.groupTag(card.peer_group, true), " · " + t("%(n)s soutiens", { n: store.upvotes[card.id] || 0 })),
          el("button", { type: "button", class: "button", onclick: () => call("insight", "question.answer", { id: card.id, answered: !card.answered }) },
            card.answered ? t("Remettre en attente") : t("Marquer comme traitée"))));
    }

    // -- tracks: where the groups converge and diverge ------------------------------------------------
    const tracks = panel(center, "tracks", t("Positions des groupes sur les pistes"));
    const trackList = el("ul", { class: "track-rows" });
    tracks.body.append(trackList);

    function renderTracks(store, step) {
      const list = store.cardList((c) => c.kind === "track" && c.status === "published");
      tracks.node.hidden = !step.rules.positions && !(step.kind === "tracks");
      if (tracks.node.hidden) return;
      syncList(trackList, list, (c) => c.id + ":" + c.text, (card) => el("li", { class: "track-row" },
        el("p", { class: "card-text", text: card.text }), el("div", { class: "map" })));
      for (const node of trackList.children) {
        node.querySelector(".map").replaceChildren(ui.agreementMap(store.positions[Number(node.dataset.key.split(":")[0])]));
      }
    }

    // -- the synthesis --------------------------------------------------------------------------------
    const synthesis = panel(center, "synthesis", t("Synthèse"));
    const draft = el("textarea", { id: "synthesis-draft", rows: 10, maxlength: 10000 });
    const picker = el("div", { class: "card-picker" });
    const status = el("div", { class: "validations" });
    const logList = el("ol", { class: "validation-log" });
    const draftButton = el("button", { type: "button", class: "button primary", id: "propose-synthesis" });
    synthesis.body.append(
      el("details", { class: "picker" }, el("summary", { text: t("Reprendre des cartes dans le texte") }), picker,
        el("button", { type: "button", class: "button", onclick: insertChosen }, t("Ajouter les cartes choisies au texte"))),
      el("label", { for: "synthesis-draft", text: t("Texte de la synthèse") }), draft, draftButton,
      el("h3", { text: t("Validation par les groupes") }), status,
      el("h3", { text: t("Journal des validations") }), logList);
    draftButton.addEventListener("click", async () => {
      const ids = Array.from(picker.querySelectorAll("input:checked")).map((i) => Number(i.value));
      const ack = await call("synthesis", "synthesis.draft", { text: draft.value, source_card_ids: ids });
      if (ack.ok) draft.dataset.version = String(ack.version);
    });

    function insertChosen() {
      const chosen = Array.from(picker.querySelectorAll("input:checked")).map((i) => live.store.cards.get(Number(i.value)));
      const lines = chosen.filter(Boolean).map((c) => "– " + c.text + " (" + ui.groupOf(c.peer_group).short + ")");
      draft.value = (draft.value.trim() ? draft.value.trim() + "\n\n" : "") + lines.join("\n");
      draft.focus();
    }

    const DECISIONS = { validated: t("validé"), changes: t("changements demandés") };

    function renderSynthesis(store, step) {
      const latest = store.latestSynthesis;
      synthesis.node.hidden = step.kind !== "synthesis" && !step.rules.validation;
      if (synthesis.node.hidden) return;
      if (latest && draft.dataset.version !== String(latest.version) && document.activeElement !== draft) {
        draft.value = latest.text;
        draft.dataset.version = String(latest.version);
      }
      const final = store.synthesis.final_version;
      draftButton.textContent = t("Proposer la version %(n)s aux groupes", { n: (latest ? latest.version : 0) + 1 });
      draftButton.disabled = final !== null;
      const usable = store.cardList((c) => c.status === "published" && (!c.sealed || c.released)
        && ["perception", "track", "summary"].includes(c.kind));
      syncList(picker, usable, (c) => c.id + ":" + c.text, (card) => el("label", { class: "choice" },
        el("input", { type: "checkbox", value: String(card.id) }),
        el("span", { text: card.text + " — " + ui.groupOf(card.peer_group).short })));
      status.replaceChildren(...(latest ? [
        el("p", { class: final ? "final" : "hint", text: final ? t("Version %(n)s validée par tous les groupes : c'est la synthèse finale.", { n: final })
          : t("Version %(n)s soumise aux groupes.", { n: latest.version }) }), ui.validationStatus(store)]
        : [el("p", { class: "hint", text: t("Aucune version proposée pour l'instant.") })]));
      syncList(logList, store.synthesis.log, (e) => [e.version, e.peer_group, e.decided_at, e.decision].join(":"), (e) =>
        el("li", {}, t("Version %(n)s", { n: e.version }) + " — ", ui.groupTag(e.peer_group, true),
          " — " + DECISIONS[e.decision] + " — " + e.decided_at.slice(11, 16),
          e.comment ? el("q", { class: "decision-comment", text: e.comment }) : null));
    }

    // -- evaluation results ---------------------------------------------------------------------------
    const evaluation = panel(center, "evaluation", t("Résultats de l'évaluation"));
    const results = el("div", { class: "evaluation-results" });
    evaluation.body.append(results);

    function renderEvaluation(store, step) {
      const data = store.evaluation.results;
      evaluation.node.hidden = step.kind !== "evaluation" || !data;
      if (evaluation.node.hidden) return;
      // a group with 1 to 4 answers to a question comes "withheld" (count "<5", no mean, no text)
      const withheld = data.questions.some((q) => config.groups.some((g) => q.groups[g.key].withheld));
      const notes = [el("p", { text: t("%(n)s réponses", { n: data.submissions }) })];
      if (withheld) notes.push(el("p", { class: "hint", text: t("Un groupe qui a moins de 5 réponses est noté « <5 » : ses réponses ne sont pas détaillées, pour que personne ne soit reconnaissable.") }));
      results.replaceChildren(...notes,
        ...data.questions.map((q) => el("section", { class: "evaluation-question" }, el("h3", { text: q.text }),
          q.kind === "scale"
            ? el("table", { class: "share-of-voice" }, el("tbody", {}, config.groups.map((g) => el("tr", {},
              el("th", { scope: "row" }, ui.groupTag(g.key, true)),
              el("td", { text: q.groups[g.key].mean === null ? "—" : t("moyenne %(m)s / 5", { m: q.groups[g.key].mean }) }),
              el("td", { text: t("%(n)s réponses", { n: q.groups[g.key].count }) })))))
            : el("ul", { class: "texts" }, config.groups.flatMap((g) => q.groups[g.key].texts.map((text) =>
              el("li", {}, ui.groupTag(g.key, true), " ", el("q", { text }))))))));
    }

    const panels = [queue, releases, insight, tracks, synthesis, evaluation];
    return {
      render(store) {
        const step = store.currentStep;
        renderQueue(store);
        for (const each of [releases, insight, tracks, synthesis, evaluation]) each.node.hidden = !step;
        if (step) {
          renderReleases(store, step);
          renderInsight(store, step);
          renderTracks(store, step);
          renderSynthesis(store, step);
          renderEvaluation(store, step);
        }
        for (const each of panels) each.error.textContent = errors.get(each.name) || "";
      },
    };
  };
})();
