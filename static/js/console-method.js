/* The console's panels for the method: releases to confirm, key points and questions, the agreement
 * map, the synthesis editor and its validations, the evaluation's results, and the speaker queue with
 * each group's share of voice. Lit templates keyed by id: pushes update them in place. */
import { html, nothing } from "../vendor/lit-html/lit-html.js";
import { repeat } from "../vendor/lit-html/directives/repeat.js";
import { live as liveValue } from "../vendor/lit-html/directives/live.js";
import { config, t, tn, number, newClientId } from "./live.js";
import { clockTime } from "./console-room.js";
import { groupOf, groupTag, agreementMap, agreementLegend, shareOfVoice, validationStatus, paragraphs } from "./components.js";
import { releaseLabel } from "./labels.js";

export function consoleMethod(live) {
  const call = (panel, event, payload, done) => live.call(panel, event, payload, done);
  const errorOf = (panel) => html`<p class="error" role="alert">${live.errors.get(panel) || ""}</p>`;
  const point = { text: "", easy: "" }; // the key point being typed
  const synthesis = { text: "", version: null, dirty: false, chosen: new Set() };

  function panel(name, title, hidden, body) {
    return html`<section class="panel method-panel panel-${name}" aria-labelledby="console-${name}" ?hidden=${hidden}>
      <h2 id="console-${name}">${title}</h2><div class="panel-body">${hidden ? nothing : body()}</div>${errorOf(name)}</section>`;
  }

  // -- the speaker queue --------------------------------------------------------------------------
  function who(entry) {
    return (entry.pseudonym || t("Anonyme")) + " — " + groupOf(entry.peer_group).short;
  }

  function moveInQueue(id, delta) {
    const order = live.store.queue.waiting.map((w) => w.id);
    const index = order.indexOf(id);
    const target = index + delta;
    if (target < 0 || target >= order.length) return;
    [order[index], order[target]] = [order[target], order[index]];
    call("queue", "queue.reorder", { order });
  }

  /** The server's share of voice, its card counts taken from the cards as they are now (every push). */
  function currentShare(store, share) {
    if (!share) return null;
    const cards = {};
    for (const card of store.cards.values()) {
      if (card.status === "published" && card.peer_group) cards[card.peer_group] = (cards[card.peer_group] || 0) + 1;
    }
    return Object.fromEntries(config.groups.map((g) => [g.key, Object.assign({}, share[g.key], { cards: cards[g.key] || 0 })]));
  }

  function queue(store) {
    const state = store.queue || { waiting: [], speaking: null, share: null };
    return panel("queue", t("Demandes de parole"), false, () => html`
      <div class="speaking-now">${state.speaking
        ? html`<p class="now"><span class="group-dot group-${state.speaking.peer_group}" aria-hidden="true"></span>${t("Parole à %(who)s", { who: who(state.speaking) })}</p>
          <button type="button" class="button primary" @click=${() => call("queue", "turn.stop", {})}>${t("Terminer le tour")}</button>`
        : html`<p class="hint">${t("Personne n'a la parole.")}</p>`}</div>
      <ol class="queue-list">${repeat(state.waiting, (w) => w.id, (entry) => html`<li class="queue-item">
        <span class="group-dot group-${entry.peer_group}" aria-hidden="true"></span><span class="queue-who">${who(entry)}</span>
        <span class="row">
          <button type="button" class="button small" aria-label=${t("Monter %(who)s", { who: who(entry) })} @click=${() => moveInQueue(entry.id, -1)}>▲</button>
          <button type="button" class="button small" aria-label=${t("Descendre %(who)s", { who: who(entry) })} @click=${() => moveInQueue(entry.id, 1)}>▼</button>
          <button type="button" class="button primary small" @click=${() => call("queue", "turn.start", { id: entry.id })}>${t("Donner la parole")}</button>
        </span></li>`)}</ol>
      <button type="button" class="button" id="balance-queue" ?hidden=${state.waiting.length < 2} @click=${() => call("queue", "queue.balance", {})}>${t("Équilibrer la file")}</button>
      <p class="hint">${t("Les personnes concernées d'abord, puis celles qui ont le moins parlé.")}</p>
      <div class="share">${shareOfVoice(currentShare(store, state.share))}</div>`);
  }

  // -- releases to confirm ------------------------------------------------------------------------
  function releases(store, step) {
    const shown = store.releases.filter((r) => r.status === "proposed" || r.step_id === step.id).slice().reverse();
    return panel("releases", t("Partages des groupes"), !step.rules.release && !shown.length, () => html`
      <ul class="cards">${repeat(shown, (r) => r.id, (r) => html`<li class="card release status-${r.status}">
        <p class="card-meta">${groupTag(r.peer_group)} — ${releaseLabel(r.status, "staff")}</p>
        ${r.summary ? html`<div class="card-text">${paragraphs(r.summary)}</div>` : nothing}
        <ul class="release-cards">${r.card_ids.map((id) => html`<li>${(store.cards.get(id) || {}).text || ""}</li>`)}</ul>
        ${r.status === "proposed" ? html`<div class="row">
          <button type="button" class="button primary" @click=${() => call("releases", "release.confirm", { id: r.id })}>${t("Confirmer le partage")}</button>
          <button type="button" class="button" @click=${() => call("releases", "release.cancel", { id: r.id })}>${t("Retirer")}</button></div>` : nothing}
      </li>`)}</ul>`);
  }

  // -- the insight: key points and questions --------------------------------------------------------
  function publishPoint(event) {
    event.preventDefault();
    const sent = { text: point.text, easy: point.easy };
    call("insight", "card.create", { client_id: newClientId(), kind: "insight", text: sent.text, text_easy: sent.easy }, () => {
      // what was typed while this one was on its way stays
      if (point.text === sent.text) point.text = "";
      if (point.easy === sent.easy) point.easy = "";
    });
  }

  function insight(store, step) {
    const asked = store.cardList((c) => c.kind === "question" && c.step_id === step.id && c.status === "published")
      .sort((a, b) => a.answered - b.answered || (store.upvotes[b.id] || 0) - (store.upvotes[a.id] || 0));
    return panel("insight", t("Éclairage : points clés et questions"), step.kind !== "insight", () => html`
      <form class="point-form" novalidate @submit=${publishPoint}>
        <label for="point-text">${t("Un point clé")}</label>
        <textarea id="point-text" rows="3" maxlength=${config.max_card_length} .value=${liveValue(point.text)}
          @input=${(e) => { point.text = e.target.value; }}></textarea>
        <label for="point-easy">${t("Le même point en facile à lire")}</label>
        <textarea id="point-easy" rows="2" maxlength="1000" .value=${liveValue(point.easy)} @input=${(e) => { point.easy = e.target.value; }}></textarea>
        <button type="submit" class="button primary">${t("Publier le point clé")}</button>
      </form>
      <h3>${t("Questions, par soutien")}</h3>
      <ul class="cards">${repeat(asked, (c) => c.id, (card) => html`<li class="card question ${card.answered ? "answered" : ""}">
        <p class="card-text">${card.text}</p>
        <p class="card-meta">${groupTag(card.peer_group, true)} · ${tn(store.upvotes[card.id] || 0, t("%(n)s soutien"), t("%(n)s soutiens"))}</p>
        <button type="button" class="button" @click=${() => call("insight", "question.answer", { id: card.id, answered: !card.answered })}>
          ${card.answered ? t("Remettre en attente") : t("Marquer comme traitée")}</button>
      </li>`)}</ul>`);
  }

  // -- tracks: where the groups converge and diverge ------------------------------------------------
  function tracks(store, step) {
    const list = store.cardList((c) => c.kind === "track" && c.status === "published");
    return panel("tracks", t("Positions des groupes sur les pistes"), !step.rules.positions && step.kind !== "tracks", () => html`
      ${agreementLegend()}
      <ul class="track-rows">${repeat(list, (c) => c.id, (card) => html`<li class="track-row">
        <p class="card-text">${card.text}</p><div class="map">${agreementMap(store.positions[card.id])}</div></li>`)}</ul>`);
  }

  // -- the synthesis --------------------------------------------------------------------------------
  function proposeSynthesis() {
    call("synthesis", "synthesis.draft", { text: synthesis.text, source_card_ids: [...synthesis.chosen] }, (ack) => {
      synthesis.version = ack.version;
      synthesis.dirty = false;
      synthesis.chosen.clear();
    });
  }

  function insertChosen() {
    const chosen = [...synthesis.chosen].map((id) => live.store.cards.get(id)).filter(Boolean);
    const lines = chosen.map((c) => "– " + c.text + " (" + groupOf(c.peer_group).short + ")");
    synthesis.text = (synthesis.text.trim() ? synthesis.text.trim() + "\n\n" : "") + lines.join("\n");
    synthesis.dirty = true;
    live.render();
    requestAnimationFrame(() => document.getElementById("synthesis-draft").focus());
  }

  const DECISIONS = { validated: t("validé"), changes: t("changements demandés"), reopened: t("rouverte par l'animation") };

  function synthesisPanel(store, step) {
    const latest = store.latestSynthesis;
    if (latest && synthesis.version !== latest.version && !synthesis.dirty) {
      synthesis.text = latest.text;
      synthesis.version = latest.version;
    }
    const final = store.synthesis.final_version;
    const usable = store.cardList((c) => c.status === "published" && (!c.sealed || c.released)
      && ["perception", "track", "summary"].includes(c.kind));
    return panel("synthesis", t("Synthèse"), step.kind !== "synthesis" && !step.rules.validation, () => html`
      <details class="picker"><summary>${t("Reprendre des cartes dans le texte")}</summary>
        <div class="card-picker">${repeat(usable, (c) => c.id, (card) => html`<label class="choice">
          <input type="checkbox" .checked=${liveValue(synthesis.chosen.has(card.id))}
            @change=${(e) => { if (e.target.checked) synthesis.chosen.add(card.id); else synthesis.chosen.delete(card.id); }}>
          <span>${card.text} — ${groupOf(card.peer_group).short}</span></label>`)}</div>
        <button type="button" class="button" @click=${insertChosen}>${t("Ajouter les cartes choisies au texte")}</button>
      </details>
      <label for="synthesis-draft">${t("Texte de la synthèse")}</label>
      <textarea id="synthesis-draft" rows="10" maxlength="10000" .value=${liveValue(synthesis.text)}
        @input=${(e) => { synthesis.text = e.target.value; synthesis.dirty = true; }}></textarea>
      <div class="row">
        <button type="button" class="button primary" id="propose-synthesis" ?disabled=${final !== null} @click=${proposeSynthesis}>
          ${t("Proposer la version %(n)s aux groupes", { n: (latest ? latest.version : 0) + 1 })}</button>
        ${final !== null ? html`<button type="button" class="button" id="reopen-synthesis"
          @click=${() => call("synthesis", "synthesis.reopen", {})}>${t("Rouvrir la synthèse")}</button>` : nothing}
      </div>
      <h3>${t("Validation par les groupes")}</h3>
      <div class="validations">${latest ? html`
        <p class=${final ? "final" : "hint"}>${final ? t("Version %(n)s validée par tous les groupes : c'est la synthèse finale.", { n: final })
          : t("Version %(n)s soumise aux groupes.", { n: latest.version })}</p>${validationStatus(store)}`
        : html`<p class="hint">${t("Aucune version proposée pour l'instant.")}</p>`}</div>
      <h3>${t("Journal des validations")}</h3>
      <ol class="validation-log">${repeat(store.synthesis.log, (e) => [e.version, e.peer_group, e.decided_at, e.decision].join(":"), (e) =>
        html`<li>${t("Version %(n)s", { n: e.version })} — ${groupTag(e.peer_group, true)} — ${DECISIONS[e.decision] || ""}
          — ${clockTime(e.decided_at)}${e.comment ? html`<q class="decision-comment">${e.comment}</q>` : nothing}</li>`)}</ol>`);
  }

  // -- evaluation results ---------------------------------------------------------------------------
  /** "1 réponse", "12 réponses", or "<5 réponses" when a small count is withheld (the server sends "<5"). */
  function answers(count) {
    return typeof count === "number" ? tn(count, t("%(n)s réponse"), t("%(n)s réponses")) : t("%(n)s réponses", { n: count });
  }

  function evaluation(store, step) {
    const data = store.evaluation.results;
    return panel("evaluation", t("Résultats de l'évaluation"), step.kind !== "evaluation" || !data, () => {
      // a group with 1 to 4 answers to a question comes "withheld" (count "<5", no mean, no text)
      const withheld = data.questions.some((q) => config.groups.some((g) => q.groups[g.key].withheld));
      return html`<div class="evaluation-results">
        <p>${answers(data.submissions)}</p>
        ${withheld ? html`<p class="hint">${t("Un groupe qui a moins de 5 réponses est noté « <5 » : ses réponses ne sont pas détaillées, pour que personne ne soit reconnaissable.")}</p>` : nothing}
        ${data.questions.map((q) => html`<section class="evaluation-question"><h3>${q.text}</h3>${q.kind === "scale"
          ? html`<table class="share-of-voice"><tbody>${config.groups.map((g) => html`<tr>
              <th scope="row">${groupTag(g.key, true)}</th>
              <td>${q.groups[g.key].mean === null ? "—" : t("moyenne %(m)s / 5", { m: number(q.groups[g.key].mean) })}</td>
              <td>${answers(q.groups[g.key].count)}</td></tr>`)}</tbody></table>`
          : html`<ul class="texts">${config.groups.flatMap((g) => q.groups[g.key].texts.map((text) =>
              html`<li>${groupTag(g.key, true)} <q>${text}</q></li>`))}</ul>`}</section>`)}
      </div>`;
    });
  }

  return {
    /** The panels beside the cards (the queue) and above them (the rest, for the current step). */
    side: (store) => queue(store),
    center(store) {
      const step = store.currentStep;
      if (!step) return nothing;
      return html`${releases(store, step)}${insight(store, step)}${tracks(store, step)}${synthesisPanel(store, step)}${evaluation(store, step)}`;
    },
  };
}
