/* The phone's panels for the method: hand, positions on tracks, the insight's questions, what the
 * group shares, the synthesis to validate, the evaluation. One lit template keyed by card id: a push
 * updates text and pressed states in place; fields are never bound to a value, so what is being
 * typed stays until the person sends it. */
import { html, nothing, render } from "../vendor/lit-html/lit-html.js";
import { repeat } from "../vendor/lit-html/directives/repeat.js";
import { config, t, tn } from "./live.js";
import { VALUES, VALUE_LABELS, localGroupNames, paragraphs } from "./components.js";
import { access } from "./access.js";
import { cardView } from "./card-view.js";
import { releaseLabel } from "./labels.js";

const SCALE_LABELS = [t("Pas du tout"), t("Un peu"), t("Moyennement"), t("Beaucoup"), t("Tout à fait")];

export function phoneMethod(live, say) {
  const root = document.getElementById("method");
  const field = (selector) => root.querySelector(selector);

  function panel(name, title, hidden, body) {
    return html`<section class="method-panel panel-${name}" aria-labelledby="panel-${name}" ?hidden=${hidden}>
      <h2 id="panel-${name}">${title}</h2><div class="panel-body">${hidden ? nothing : body}</div>
      <p class="error" role="alert">${live.errors.get(name) || ""}</p></section>`;
  }

  // -- raise a hand ---------------------------------------------------------------------------------
  function toggleHand() {
    const raised = live.store.mine.hand.status !== "none";
    live.call("hand", raised ? "hand.lower" : "hand.raise", {}, (ack) => {
      live.store.mine.hand = ack.hand;
      say(raised ? t("Main baissée.") : t("Main levée."));
    });
  }

  function hand(store, rules) {
    const state = store.mine.hand;
    return html`<div class=${state.status !== "none" ? "hand-up" : ""}>
      <p class="hand-status" role="status">${state.status === "waiting" ? t("Vous êtes n° %(n)s dans la file.", { n: state.place })
        : state.status === "speaking" ? t("C'est à vous de parler.") : ""}</p>
      <button type="button" class="button big hand-button ${state.status === "none" ? "primary" : ""}" id="hand-button"
        ?hidden=${state.status === "speaking"} @click=${toggleHand}>${access.pictoView("hand")}${state.status === "none"
        ? t("Je demande la parole") : t("Je baisse la main")}</button></div>`;
  }

  // -- positions on tracks --------------------------------------------------------------------------
  function setPosition(card, value) {
    const next = live.store.mine.positions[card.id] === value ? null : value;
    live.call("tracks", "position.set", { card_id: card.id, value: next }, () => {
      if (next) live.store.mine.positions[card.id] = next;
      else delete live.store.mine.positions[card.id];
    });
  }

  function tracks(store) {
    const list = store.cardList((c) => c.kind === "track" && (!c.status || c.status === "published"));
    return html`<p class="hint">${t("Touchez une couleur pour donner votre avis. Vous pouvez changer d'avis.")}</p>
      <ul class="cards track-list">${repeat(list, (c) => c.id, (card) => {
        const answers = (card.links || []).length;
        return cardView(card, {
          glossary: store.glossary, easy: access.easy, listen: true, listenLabel: t("Écouter la piste"), className: "track",
          after: answers ? html`<p class="card-links">${tn(answers, t("Répond à %(n)s perception"), t("Répond à %(n)s perceptions"))}</p>` : nothing,
          actions: html`<div class="positions" role="group" aria-label=${t("Votre position")}>${VALUES.map((value) => html`<button
            type="button" class="position position-${value}" data-value=${value} aria-pressed=${String(store.mine.positions[card.id] === value)}
            @click=${() => setPosition(card, value)}>${access.pictoView(value)}${VALUE_LABELS[value]}</button>`)}</div>`,
        });
      })}</ul>`;
  }

  // -- the insight: key points and questions --------------------------------------------------------
  function insight(store, step, rules) {
    const keyPoints = store.cardList((c) => c.kind === "insight" && c.step_id === step.id);
    const asked = store.cardList((c) => c.kind === "question" && c.step_id === step.id && !c.mine)
      .sort((a, b) => (store.upvotes[b.id] || 0) - (store.upvotes[a.id] || 0) || a.id - b.id);
    const easy = access.easy;
    return html`<ul class="cards key-points">${repeat(keyPoints, (c) => c.id, (card) => cardView(card, {
        glossary: store.glossary, easy, listen: true, listenLabel: t("Écouter le point clé"), className: "key-point",
        after: card.text_easy && !easy ? html`<p class="easy">${access.glossedView(card.text_easy, store.glossary)}</p>` : nothing,
      }))}</ul>
      <h3>${t("Questions de la salle")}</h3>
      <ul class="cards questions">${repeat(asked, (c) => c.id, (card) => {
        const supported = store.mine.upvotes.includes(card.id);
        const count = store.upvotes[card.id] || 0;
        return cardView(card, {
          glossary: store.glossary, easy, className: "question",
          badges: card.answered ? html` <span class="answered badge">${t("Traitée")}</span>` : nothing,
          actions: html`<button type="button" class="button support" ?hidden=${!rules.upvotes} aria-pressed=${String(supported)}
            @click=${() => live.call("insight", "card.upvote", { id: card.id, on: !live.store.mine.upvotes.includes(card.id) })}>${
            t("Je soutiens")} · ${tn(count, t("%(n)s soutien"), t("%(n)s soutiens"))}</button>`,
        });
      })}</ul>`;
  }

  // -- what the group brings to the plenary ---------------------------------------------------------
  function proposeRelease() {
    const boxes = Array.from(root.querySelectorAll(".release-cards input"));
    const summary = field("#release-summary");
    const chosen = boxes.filter((box) => box.checked).map((box) => Number(box.value));
    live.call("release", "release.propose", { summary: summary.value, card_ids: chosen }, (ack) => {
      live.store.upsertRelease(ack.release);
      summary.value = "";
      for (const box of boxes) box.checked = false;
      say(t("Proposition envoyée."));
    });
  }

  function release(store, rules) {
    const own = store.releases.filter((r) => r.peer_group === store.me.peer_group);
    const groupCards = store.cardList((c) => c.sealed && !c.released && c.peer_group === store.me.peer_group
      && (!c.status || c.status === "published") && c.kind !== "summary");
    return html`<div ?hidden=${!rules.release}>
        <p class="hint">${t("Choisissez les cartes et écrivez un résumé. La ou le référent·e du groupe confirme avant que ce soit montré à tout le monde.")}</p>
        <div class="release-cards">${repeat(groupCards, (c) => c.id, (card) => html`<label class="choice"><input type="checkbox"
          value=${card.id}><span class="keep-lines">${card.text}</span></label>`)}</div>
        <label for="release-summary">${t("Résumé du groupe (facultatif)")}</label>
        <textarea id="release-summary" rows="3" maxlength="2000"></textarea>
        <button type="button" class="button primary" id="propose-release" @click=${proposeRelease}>${t("Proposer ce partage")}</button>
      </div>
      <h3>${t("Propositions du groupe")}</h3>
      <ul class="cards proposals">${repeat(own.slice().reverse(), (r) => r.id, (r) => html`<li class="card proposal status-${r.status}">
        ${r.summary ? html`<p class="card-text">${r.summary}</p>` : nothing}
        <p class="card-meta">${tn(r.card_ids.length, t("%(n)s carte"), t("%(n)s cartes"))} — ${releaseLabel(r.status)}</p>
        ${r.status === "proposed" ? html`<button type="button" class="button" @click=${() => live.call("release", "release.cancel",
          { id: r.id }, (ack) => live.store.upsertRelease(ack.release))}>${t("Retirer la proposition")}</button>` : nothing}
      </li>`)}</ul>`;
  }

  // -- the synthesis, validated by every group ------------------------------------------------------
  function decide(decision) {
    const latest = live.store.latestSynthesis;
    const comment = field("#synthesis-comment");
    live.call("synthesis", "synthesis.decide", { version: latest.version, decision, comment: comment.value }, () => {
      comment.value = "";
      say(decision === "validated" ? t("Validation enregistrée.") : t("Demande de changements enregistrée."));
    });
  }

  function synthesis(store, rules) {
    const latest = store.latestSynthesis;
    if (!latest) return html`<p class="empty">${t("La synthèse arrive bientôt.")}</p>`;
    const final = store.synthesis.final_version === latest.version;
    const decision = store.decisionOf(store.me.peer_group, latest.version);
    return html`<div class="synthesis-text"><p class="eyebrow">${t("Version %(n)s", { n: latest.version })}</p>
        ${paragraphs(latest.text, (paragraph) => access.glossedView(paragraph, store.glossary))}
        ${access.listenView(localGroupNames(latest.text), t("Écouter la synthèse"))}</div>
      <p class="group-decision" role="status">${final ? t("Tous les groupes ont validé cette version. Merci !")
        : decision ? (decision.decision === "validated" ? t("Votre groupe a validé cette version.")
          : t("Votre groupe a demandé des changements.")) : t("Votre groupe n'a pas encore donné son avis.")}</p>
      <div class="decide" ?hidden=${!rules.validation || final}>
        <button type="button" class="button primary big" id="validate-synthesis" @click=${() => decide("validated")}>${
          access.pictoView("validate")}${t("Notre groupe valide cette version")}</button>
        <label for="synthesis-comment">${t("Ce que votre groupe voudrait changer")}</label>
        <textarea id="synthesis-comment" rows="3" maxlength="2000"></textarea>
        <button type="button" class="button big" id="ask-changes" @click=${() => decide("changes")}>${t("Notre groupe demande des changements")}</button>
      </div>`;
  }

  // -- the evaluation -------------------------------------------------------------------------------
  function submitEvaluation(event) {
    event.preventDefault();
    const form = event.currentTarget;
    const answers = {};
    for (const question of live.store.evaluation.questions) {
      if (question.kind === "scale") {
        const checked = form.querySelector(`input[name="q${question.id}"]:checked`);
        if (checked) answers[question.id] = Number(checked.value);
      } else {
        const text = form.querySelector(`textarea[name="q${question.id}"]`).value.trim();
        if (text) answers[question.id] = text;
      }
    }
    live.call("evaluation", "evaluation.submit", { answers }, () => {
      live.store.mine.evaluated = true;
      say(t("Merci pour votre avis."));
    });
  }

  function evaluation(store) {
    const easy = access.easy;
    const wording = (q) => (easy && q.text_easy ? q.text_easy : q.text);
    return html`<p class="hint">${t("Vos réponses sont anonymes. Vous pouvez passer une question.")}</p>
      <form class="evaluation-form" novalidate ?hidden=${store.mine.evaluated} @submit=${submitEvaluation}>
        ${repeat(store.evaluation.questions, (q) => q.id, (q) => q.kind === "scale"
          ? html`<fieldset class="field scale"><legend>${wording(q)}</legend><div class="scale-options">${SCALE_LABELS.map((label, i) => html`<label
              class="choice scale-choice"><input type="radio" name="q${q.id}" value=${i + 1}><span class="scale-value">${i + 1}</span><span>${label}</span></label>`)}</div></fieldset>`
          : html`<div class="field"><label for="q${q.id}">${wording(q)}</label><textarea id="q${q.id}" name="q${q.id}" rows="3" maxlength="1000"></textarea></div>`)}
        <button type="submit" class="button primary big">${t("Envoyer mon avis")}</button>
      </form>
      <p class="thanks" ?hidden=${!store.mine.evaluated}>${t("Merci ! Votre avis est enregistré, sans votre nom.")}</p>`;
  }

  return {
    render(store) {
      const step = store.currentStep;
      if (!step || store.workshop.status === "closed") {
        render(nothing, root);
        return;
      }
      const rules = store.workshop.paused ? {} : step.rules;
      const latest = store.latestSynthesis;
      const ownReleases = store.releases.some((r) => r.peer_group === store.me.peer_group);
      const keyPoints = store.cards.size && store.cardList((c) => c.kind === "insight" && c.step_id === step.id).length;
      render(html`
        ${panel("hand", t("Prendre la parole"), !rules.hands && store.mine.hand.status === "none", hand(store, rules))}
        ${panel("tracks", t("Votre avis sur les pistes"), !rules.positions, tracks(store))}
        ${panel("insight", t("L'éclairage"), !(step.kind === "insight" || keyPoints), insight(store, step, rules))}
        ${panel("release", t("Ce que notre groupe partage"), !rules.release && !ownReleases, release(store, rules))}
        ${panel("synthesis", t("La synthèse"), !(rules.validation || (step.kind === "synthesis" && latest)), synthesis(store, rules))}
        ${panel("evaluation", t("Votre avis sur la journée"), !rules.evaluation, evaluation(store))}`, root);
    },
  };
}
