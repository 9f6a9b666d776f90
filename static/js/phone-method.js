/* The phone's panels for the method: hand, positions on tracks, the insight's questions, what the
 * group shares, the synthesis to validate, the evaluation. Each panel keeps its own nodes, so a
 * push never wipes what is being typed. */
import { config, t, el, syncList } from "./live.js";
import { ui } from "./components.js";
import { access } from "./access.js";

export function phoneMethod(live, say) {
  const root = document.getElementById("method");
  const errors = new Map(); // panel name -> message

  async function call(panel, event, payload, done) {
    errors.delete(panel);
    const ack = await live.request(event, payload);
    if (!ack.ok) errors.set(panel, ack.error.message);
    else if (done) done(ack);
    live.render();
    return ack;
  }

  function section(name, title) {
    const error = el("p", { class: "error", role: "alert" });
    const body = el("div", { class: "panel-body" });
    const node = el("section", { class: "method-panel panel-" + name, "aria-labelledby": "panel-" + name },
      el("h2", { id: "panel-" + name, text: title }), body, error);
    root.append(node);
    return { node, body, error, name };
  }

  function showError(panel) {
    panel.error.textContent = errors.get(panel.name) || "";
  }

  // -- raise a hand ---------------------------------------------------------------------------------
  const hand = section("hand", t("Prendre la parole"));
  const handButton = el("button", { type: "button", class: "button big hand-button", id: "hand-button" });
  const handStatus = el("p", { class: "hand-status", role: "status" });
  hand.body.append(handStatus, handButton);
  handButton.addEventListener("click", () => {
    const raised = live.store.mine.hand.status !== "none";
    call("hand", raised ? "hand.lower" : "hand.raise", {}, (ack) => {
      live.store.mine.hand = ack.hand;
      say(raised ? t("Main baissée.") : t("Main levée."));
    });
  });

  function renderHand(store, rules) {
    const state = store.mine.hand;
    hand.node.hidden = !rules.hands && state.status === "none";
    hand.node.classList.toggle("hand-up", state.status !== "none");
    handButton.replaceChildren(access.picto("hand"), state.status === "none" ? t("Je demande la parole") : t("Je baisse la main"));
    handButton.classList.toggle("primary", state.status === "none");
    handButton.hidden = state.status === "speaking";
    handStatus.textContent = state.status === "waiting" ? t("Vous êtes n° %(n)s dans la file.", { n: state.place })
      : state.status === "speaking" ? t("C'est à vous de parler.") : "";
  }

  // -- positions on tracks --------------------------------------------------------------------------
  const tracks = section("tracks", t("Votre avis sur les pistes"));
  const trackList = el("ul", { class: "cards track-list" });
  tracks.body.append(el("p", { class: "hint", text: t("Touchez une couleur pour donner votre avis. Vous pouvez changer d'avis.") }), trackList);

  function positionButtons(card) {
    return el("div", { class: "positions", role: "group", "aria-label": t("Votre position") },
      ui.VALUES.map((value) => el("button", {
        type: "button", class: "position position-" + value, "data-value": value,
        onclick: () => {
          const next = live.store.mine.positions[card.id] === value ? null : value;
          call("tracks", "position.set", { card_id: card.id, value: next }, () => {
            if (next) live.store.mine.positions[card.id] = next;
            else delete live.store.mine.positions[card.id];
          });
        },
      }, access.picto(value), ui.VALUE_LABELS[value])));
  }

  function fillTrack(node, card, store) {
    const answers = (card.links || []).length;
    node.querySelector(".card-text").replaceChildren(...access.glossed(card.text, store.glossary));
    node.querySelector(".card-meta").textContent = answers ? t("Répond à %(n)s perception(s)", { n: answers }) : "";
    for (const button of node.querySelectorAll(".position")) {
      button.setAttribute("aria-pressed", String(store.mine.positions[card.id] === button.dataset.value));
    }
  }

  function renderTracks(store, rules) {
    tracks.node.hidden = !rules.positions;
    if (!rules.positions) return;
    const list = store.cardList((c) => c.kind === "track" && (!c.status || c.status === "published"));
    syncList(trackList, list, (c) => c.id + ":" + store.glossary.length, (card) => {
      const node = el("li", { class: "card track" }, el("p", { class: "card-kind" }, access.picto("kind-track"), config.card_kinds.track),
        el("p", { class: "card-text" }), el("p", { class: "card-meta" }),
        access.listenButton(() => card.text, t("Écouter la piste")), positionButtons(card));
      fillTrack(node, card, store);
      return node;
    }, (node, card) => fillTrack(node, card, store));
  }

  // -- the insight: key points and questions --------------------------------------------------------
  const insight = section("insight", t("L'éclairage"));
  const points = el("ul", { class: "cards key-points" });
  const questionList = el("ul", { class: "cards questions" });
  insight.body.append(points, el("h3", { text: t("Questions de la salle") }), questionList);

  function fillQuestion(node, card, store, canSupport) {
    const supported = store.mine.upvotes.includes(card.id);
    const count = store.upvotes[card.id] || 0;
    node.querySelector(".card-text").replaceChildren(...access.glossed(card.text, store.glossary));
    node.querySelector(".answered").hidden = !card.answered;
    const button = node.querySelector(".support");
    button.hidden = !canSupport;
    button.setAttribute("aria-pressed", String(supported));
    button.textContent = t("Je soutiens · %(n)s", { n: count });
  }

  function renderInsight(store, step, rules) {
    const keyPoints = store.cardList((c) => c.kind === "insight" && c.step_id === step.id);
    const asked = store.cardList((c) => c.kind === "question" && c.step_id === step.id && !c.mine)
      .sort((a, b) => (store.upvotes[b.id] || 0) - (store.upvotes[a.id] || 0) || a.id - b.id);
    insight.node.hidden = !(step.kind === "insight" || keyPoints.length);
    const easy = access.easy;
    syncList(points, keyPoints, (c) => [c.id, c.text, easy, store.glossary.length].join(":"), (card) => {
      const shown = easy && card.text_easy ? card.text_easy : card.text;
      return el("li", { class: "card key-point" },
        el("p", { class: "card-kind" }, access.picto("kind-insight"), config.card_kinds.insight),
        el("p", { class: "card-text" }, access.glossed(shown, store.glossary)),
        card.text_easy && !easy ? el("p", { class: "easy" }, access.glossed(card.text_easy, store.glossary)) : null,
        access.listenButton(shown, t("Écouter le point clé")));
    });
    syncList(questionList, asked, (c) => c.id, (card) => {
      const node = el("li", { class: "card question" }, el("p", { class: "card-kind" }, access.picto("kind-question"), config.card_kinds.question),
        el("p", { class: "card-text" }),
        el("p", { class: "answered badge", text: t("Traitée") }),
        el("button", {
          type: "button", class: "button support",
          onclick: () => {
            const on = !live.store.mine.upvotes.includes(card.id);
            call("insight", "card.upvote", { id: card.id, on });
          },
        }));
      fillQuestion(node, card, store, rules.upvotes);
      return node;
    }, (node, card) => fillQuestion(node, card, store, rules.upvotes));
  }

  // -- what the group brings to the plenary ---------------------------------------------------------
  const release = section("release", t("Ce que notre groupe partage"));
  const releaseCards = el("div", { class: "release-cards" });
  const summary = el("textarea", { id: "release-summary", rows: 3, maxlength: 2000 });
  const proposals = el("ul", { class: "cards proposals" });
  const RELEASE_STATUS = { proposed: t("Proposé, en attente de confirmation"), confirmed: t("Partagé avec la salle"),
    cancelled: t("Retiré") };
  release.body.append(
    el("p", { class: "hint", text: t("Choisissez les cartes et écrivez un résumé. La ou le référent·e du groupe confirme avant que ce soit montré à tout le monde.") }),
    releaseCards,
    el("label", { for: "release-summary", text: t("Résumé du groupe (facultatif)") }), summary,
    el("button", {
      type: "button", class: "button primary", id: "propose-release",
      onclick: () => {
        const chosen = Array.from(releaseCards.querySelectorAll("input:checked")).map((i) => Number(i.value));
        call("release", "release.propose", { summary: summary.value, card_ids: chosen }, (ack) => {
          live.store.upsertRelease(ack.release);
          summary.value = "";
          for (const box of releaseCards.querySelectorAll("input")) box.checked = false;
          say(t("Proposition envoyée."));
        });
      },
    }, t("Proposer ce partage")),
    el("h3", { text: t("Propositions du groupe") }), proposals);

  function renderRelease(store, rules) {
    const own = store.releases.filter((r) => r.peer_group === store.me.peer_group);
    release.node.hidden = !rules.release && !own.length;
    const groupCards = store.cardList((c) => c.sealed && !c.released && c.peer_group === store.me.peer_group
      && (!c.status || c.status === "published") && c.kind !== "summary");
    syncList(releaseCards, groupCards, (c) => c.id + ":" + c.text, (card) => el("label", { class: "choice" },
      el("input", { type: "checkbox", value: String(card.id) }), el("span", { text: card.text })));
    syncList(proposals, own.slice().reverse(), (r) => r.id + ":" + r.status, (r) => el("li", { class: "card proposal status-" + r.status },
      r.summary ? el("p", { class: "card-text", text: r.summary }) : null,
      el("p", { class: "card-meta", text: t("%(n)s carte(s)", { n: r.card_ids.length }) + " — " + RELEASE_STATUS[r.status] }),
      r.status === "proposed" ? el("button", {
        type: "button", class: "button", onclick: () => call("release", "release.cancel", { id: r.id },
          (ack) => live.store.upsertRelease(ack.release)),
      }, t("Retirer la proposition")) : null));
    release.node.querySelector("#propose-release").hidden = !rules.release;
  }

  // -- the synthesis, validated by every group ------------------------------------------------------
  const synthesis = section("synthesis", t("La synthèse"));
  const synthesisText = el("div", { class: "synthesis-text" });
  const groupDecision = el("p", { class: "group-decision", role: "status" });
  const comment = el("textarea", { id: "synthesis-comment", rows: 3, maxlength: 2000 });
  const decideBox = el("div", { class: "decide" },
    el("button", {
      type: "button", class: "button primary big", id: "validate-synthesis",
      onclick: () => decide("validated"),
    }, access.picto("validate"), t("Notre groupe valide cette version")),
    el("label", { for: "synthesis-comment", text: t("Ce que votre groupe voudrait changer") }), comment,
    el("button", { type: "button", class: "button big", id: "ask-changes", onclick: () => decide("changes") },
      t("Notre groupe demande des changements")));
  synthesis.body.append(synthesisText, groupDecision, decideBox);

  function decide(decision) {
    const latest = live.store.latestSynthesis;
    call("synthesis", "synthesis.decide", { version: latest.version, decision, comment: comment.value }, () => {
      comment.value = "";
      say(decision === "validated" ? t("Validation enregistrée.") : t("Demande de changements enregistrée."));
    });
  }

  function renderSynthesis(store, step, rules) {
    const latest = store.latestSynthesis;
    synthesis.node.hidden = !(rules.validation || (step.kind === "synthesis" && latest));
    if (synthesis.node.hidden) return;
    if (!latest) {
      synthesisText.replaceChildren(el("p", { class: "empty", text: t("La synthèse arrive bientôt.") }));
      decideBox.hidden = true;
      groupDecision.textContent = "";
      return;
    }
    const versionKey = latest.version + ":" + store.glossary.length;
    if (synthesisText.dataset.version !== versionKey) {
      synthesisText.dataset.version = versionKey;
      synthesisText.replaceChildren(el("p", { class: "eyebrow", text: t("Version %(n)s", { n: latest.version }) }),
        ...latest.text.split(/\n{2,}/).map((paragraph) => el("p", {}, access.glossed(paragraph, store.glossary))),
        access.listenButton(latest.text, t("Écouter la synthèse")));
    }
    const final = store.synthesis.final_version === latest.version;
    const decision = store.decisionOf(store.me.peer_group, latest.version);
    groupDecision.textContent = final ? t("Tous les groupes ont validé cette version. Merci !")
      : decision ? (decision.decision === "validated" ? t("Votre groupe a validé cette version.")
        : t("Votre groupe a demandé des changements.")) : t("Votre groupe n'a pas encore donné son avis.");
    decideBox.hidden = !rules.validation || final;
  }

  // -- the evaluation -------------------------------------------------------------------------------
  const evaluation = section("evaluation", t("Votre avis sur la journée"));
  const evaluationForm = el("form", { class: "evaluation-form", novalidate: true });
  const thanks = el("p", { class: "thanks", text: t("Merci ! Votre avis est enregistré, sans votre nom.") });
  evaluation.body.append(el("p", { class: "hint", text: t("Vos réponses sont anonymes. Vous pouvez passer une question.") }),
    evaluationForm, thanks);
  const SCALE_LABELS = [t("Pas du tout"), t("Un peu"), t("Moyennement"), t("Beaucoup"), t("Tout à fait")];
  evaluationForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const answers = {};
    for (const question of live.store.evaluation.questions) {
      if (question.kind === "scale") {
        const checked = evaluationForm.querySelector(`input[name="q${question.id}"]:checked`);
        if (checked) answers[question.id] = Number(checked.value);
      } else {
        const text = evaluationForm.querySelector(`textarea[name="q${question.id}"]`).value.trim();
        if (text) answers[question.id] = text;
      }
    }
    call("evaluation", "evaluation.submit", { answers }, () => {
      live.store.mine.evaluated = true;
      say(t("Merci pour votre avis."));
    });
  });

  function buildEvaluation(questions) {
    const easy = access.easy;
    const key = questions.map((q) => q.id).join(",") + ":" + easy;
    if (evaluationForm.dataset.questions === key) return;
    evaluationForm.dataset.questions = key;
    evaluationForm.replaceChildren(...questions.map((q) => q.kind === "scale"
      ? el("fieldset", { class: "field scale" }, el("legend", { text: easy && q.text_easy ? q.text_easy : q.text }),
        el("div", { class: "scale-options" }, SCALE_LABELS.map((label, i) => el("label", { class: "choice scale-choice" },
          el("input", { type: "radio", name: "q" + q.id, value: String(i + 1) }),
          el("span", { class: "scale-value", text: String(i + 1) }), el("span", { text: label })))))
      : el("div", { class: "field" }, el("label", { for: "q" + q.id, text: easy && q.text_easy ? q.text_easy : q.text }),
        el("textarea", { id: "q" + q.id, name: "q" + q.id, rows: 3, maxlength: 1000 }))),
    el("button", { type: "submit", class: "button primary big" }, t("Envoyer mon avis")));
  }

  function renderEvaluation(store, rules) {
    evaluation.node.hidden = !rules.evaluation;
    if (!rules.evaluation) return;
    buildEvaluation(store.evaluation.questions);
    evaluationForm.hidden = store.mine.evaluated;
    thanks.hidden = !store.mine.evaluated;
  }

  const panels = [hand, tracks, insight, release, synthesis, evaluation];
  return {
    render(store) {
      const step = store.currentStep;
      if (!step) {
        for (const panel of panels) panel.node.hidden = true;
        return;
      }
      const rules = store.workshop.paused ? {} : step.rules;
      renderHand(store, rules);
      renderTracks(store, rules);
      renderInsight(store, step, rules);
      renderRelease(store, rules);
      renderSynthesis(store, step, rules);
      renderEvaluation(store, rules);
      for (const panel of panels) showError(panel);
    },
  };
}
