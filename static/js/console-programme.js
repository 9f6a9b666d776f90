/* The programme editor: rename, reorder, add or remove steps, change prompts, durations and rules,
 * before and during the workshop. Every change is one request; the server checks and broadcasts.
 *
 * Each step's editor is keyed by the step's id, and what is typed and not saved yet lives in a draft
 * per step: a push (another step changes, the room moves on) redraws the values it changed and never
 * what is being typed. */
import { html, nothing } from "../vendor/lit-html/lit-html.js";
import { repeat } from "../vendor/lit-html/directives/repeat.js";
import { live as liveValue } from "../vendor/lit-html/directives/live.js";
import { config, t } from "./live.js";

const FLAG_LABELS = {
  sealed: t("Groupes de pairs séparés (cartes visibles du seul groupe)"),
  release: t("Les groupes peuvent partager leur travail"),
  positions: t("Positions sur les pistes"),
  upvotes: t("Soutien aux questions"),
  validation: t("Validation de la synthèse"),
  evaluation: t("Questionnaire d'évaluation"),
  hands: t("Demandes de parole"),
};
const POSTABLE_KINDS = Object.keys(config.card_kinds).filter((k) => k !== "summary");

export function programmeEditor(live) {
  const drafts = new Map(); // step id -> the fields changed and not saved yet
  let confirming = null; // step id whose removal waits for a second click
  let newKind = Object.keys(config.step_kinds)[0];
  let questions = null; // the questionnaire being edited, or null when it shows the saved one
  let nextQuestionKey = 0;
  let questionsNote = "";

  const send = (event, payload, done) => live.call("programme", event, payload, done);

  /** The step as the editor shows it: saved values overlaid with what is typed. */
  function edited(step) {
    const draft = drafts.get(step.id) || {};
    const rules = step.rules;
    return {
      title: draft.title ?? step.title,
      duration_minutes: draft.duration_minutes ?? String(step.duration_minutes),
      prompt: draft.prompt ?? step.prompt,
      prompt_easy: draft.prompt_easy ?? step.prompt_easy,
      kinds: draft.kinds ?? rules.post_kinds,
      groups: draft.groups ?? (rules.post_groups || config.groups.map((g) => g.key)),
      flags: Object.fromEntries(Object.keys(FLAG_LABELS).map((f) => [f, (draft.flags || {})[f] ?? Boolean(rules[f])])),
      moderation: draft.moderation ?? rules.moderation,
    };
  }

  function change(step, field, value) {
    drafts.set(step.id, Object.assign(drafts.get(step.id) || {}, { [field]: value }));
  }

  function toggle(step, field, list, value, on) {
    change(step, field, on ? [...new Set([...list, value])] : list.filter((v) => v !== value));
    live.render();
  }

  function save(step) {
    const values = edited(step);
    const rules = { post: { kinds: values.kinds, groups: values.groups.length === config.groups.length ? null : values.groups },
      moderation: values.moderation, ...values.flags };
    const sent = Object.assign({}, drafts.get(step.id));
    send("step.update", { id: step.id, title: values.title, duration_minutes: Number(values.duration_minutes),
      prompt: values.prompt, prompt_easy: values.prompt_easy, rules }, () => forgetSaved(step.id, sent));
  }

  /** Saved: drop what was sent from the draft, but keep what was typed while the save was on its way. */
  function forgetSaved(stepId, sent) {
    const draft = drafts.get(stepId) || {};
    for (const [field, value] of Object.entries(sent)) {
      if (draft[field] === value) delete draft[field];
    }
    if (Object.keys(draft).length) drafts.set(stepId, draft);
    else drafts.delete(stepId);
  }

  function move(step, delta) {
    const order = live.store.steps.map((s) => s.id);
    const index = order.indexOf(step.id);
    if (index + delta < 0 || index + delta >= order.length) return;
    [order[index], order[index + delta]] = [order[index + delta], order[index]];
    send("step.reorder", { order });
  }

  function remove(step) {
    if (confirming !== step.id) {
      confirming = step.id;
      live.render();
      return;
    }
    confirming = null;
    send("step.remove", { id: step.id }, () => drafts.delete(step.id));
  }

  function field(id, label, control) {
    return html`<div class="field-inline"><label for=${id}>${label}</label>${control}</div>`;
  }

  function stepEditor(step) {
    const values = edited(step);
    const id = (name) => `step-${step.id}-${name}`;
    const input = (name) => (e) => change(step, name, e.target.value);
    const unsaved = drafts.has(step.id);
    return html`<li class="programme-step" data-step-id=${step.id}>
      <div class="row">
        <span class="step-number">${step.position + 1}</span>
        <span class="step-kind"><strong>${step.title}</strong><span class="hint"> · ${config.step_kinds[step.kind]}</span></span>
        <button type="button" class="button small" aria-label=${t("Monter « %(title)s »", { title: step.title })} @click=${() => move(step, -1)}>▲</button>
        <button type="button" class="button small" aria-label=${t("Descendre « %(title)s »", { title: step.title })} @click=${() => move(step, 1)}>▼</button>
        <button type="button" class="button small danger" aria-label=${t("Retirer « %(title)s »", { title: step.title })} @click=${() => remove(step)}>✕</button>
      </div>
      ${confirming === step.id ? html`<p class="error" role="alert">${t("Cliquez à nouveau sur ✕ pour retirer « %(title)s ».", { title: step.title })}</p>` : nothing}
      ${field(id("title"), t("Titre"), html`<input type="text" id=${id("title")} maxlength="200" .value=${liveValue(values.title)} @input=${input("title")}>`)}
      ${field(id("minutes"), t("Durée (minutes)"), html`<input type="number" id=${id("minutes")} min="0" max="600"
        .value=${liveValue(values.duration_minutes)} @input=${input("duration_minutes")}>`)}
      <details>
        <summary>${t("Consignes et règles")}</summary>
        ${field(id("prompt"), t("Consigne"), html`<textarea id=${id("prompt")} rows="3" maxlength="2000" .value=${liveValue(values.prompt)} @input=${input("prompt")}></textarea>`)}
        ${field(id("easy"), t("Consigne en facile à lire"), html`<textarea id=${id("easy")} rows="2" maxlength="1000"
          .value=${liveValue(values.prompt_easy)} @input=${input("prompt_easy")}></textarea>`)}
        <fieldset><legend>${t("Cartes que l'on peut écrire")}</legend>
          ${POSTABLE_KINDS.map((k) => html`<label class="choice compact"><input type="checkbox" .checked=${liveValue(values.kinds.includes(k))}
            @change=${(e) => toggle(step, "kinds", values.kinds, k, e.target.checked)}><span>${config.card_kinds[k]}</span></label>`)}
        </fieldset>
        <fieldset><legend>${t("Groupes qui peuvent écrire")}</legend>
          ${config.groups.map((g) => html`<label class="choice compact"><input type="checkbox" .checked=${liveValue(values.groups.includes(g.key))}
            @change=${(e) => toggle(step, "groups", values.groups, g.key, e.target.checked)}><span>${g.short}</span></label>`)}
        </fieldset>
        <fieldset><legend>${t("Ouvert à cette étape")}</legend>
          ${Object.entries(FLAG_LABELS).map(([flag, label]) => html`<label class="choice compact"><input type="checkbox"
            .checked=${liveValue(values.flags[flag])}
            @change=${(e) => { change(step, "flags", Object.assign({}, values.flags, { [flag]: e.target.checked })); live.render(); }}>
            <span>${label}</span></label>`)}
        </fieldset>
        ${field(id("moderation"), t("Modération"), html`<select id=${id("moderation")} .value=${liveValue(values.moderation)}
          @change=${(e) => { change(step, "moderation", e.target.value); live.render(); }}>
          <option value="post" ?selected=${values.moderation === "post"}>${t("Publication immédiate")}</option>
          <option value="pre" ?selected=${values.moderation === "pre"}>${t("Validation avant publication")}</option>
        </select>`)}
      </details>
      <div class="row">
        <button type="button" class="button primary" @click=${() => save(step)}>${t("Enregistrer l'étape")}</button>
        ${unsaved ? html`<span class="hint">${t("Modifications non enregistrées")}</span>` : nothing}
      </div>
    </li>`;
  }

  // -- the evaluation questionnaire (until the first answer) -------------------------------------------
  function shownQuestions(store) {
    return questions || store.evaluation.questions.map((q, index) => Object.assign({ key: "saved-" + index }, q));
  }

  function editQuestions(store) {
    if (!questions) questions = shownQuestions(store).map((q) => Object.assign({}, q));
    return questions;
  }

  function questionEditor(store, question, index) {
    const id = (name) => `question-${question.key}-${name}`;
    const set = (name) => (e) => { editQuestions(store)[index][name] = e.target.value; };
    return html`<li class="question-editor">
      ${field(id("kind"), t("Type"), html`<select id=${id("kind")} .value=${liveValue(question.kind)} @change=${set("kind")}>
        <option value="scale" ?selected=${question.kind === "scale"}>${t("Échelle de 1 à 5")}</option>
        <option value="text" ?selected=${question.kind === "text"}>${t("Texte libre")}</option></select>`)}
      ${field(id("text"), t("Question"), html`<input type="text" id=${id("text")} maxlength="300" .value=${liveValue(question.text)} @input=${set("text")}>`)}
      ${field(id("easy"), t("En facile à lire"), html`<input type="text" id=${id("easy")} maxlength="300"
        .value=${liveValue(question.text_easy)} @input=${set("text_easy")}>`)}
      <button type="button" class="button small" @click=${() => { editQuestions(store).splice(index, 1); live.render(); }}>${t("Retirer la question")}</button>
    </li>`;
  }

  function questionItems(list) {
    return list.map(({ kind, text, text_easy }) => ({ kind, text, text_easy }));
  }

  function saveQuestionnaire(store) {
    const items = questionItems(shownQuestions(store));
    const sent = JSON.stringify(items);
    questionsNote = "";
    send("evaluation.configure", { questions: items }, () => {
      // back to the saved list, unless something was typed while the save was on its way
      if (!questions || JSON.stringify(questionItems(questions)) === sent) questions = null;
      questionsNote = t("Questionnaire enregistré.");
    });
  }

  return function render(store) {
    const shown = shownQuestions(store);
    return html`<section class="programme-steps" aria-labelledby="programme-steps-title">
        <h3 id="programme-steps-title">${t("Étapes")}</h3>
        <ol class="programme-list">${repeat(store.steps, (s) => s.id, stepEditor)}</ol>
        <div class="row add-step">
          <select id="new-step-kind" aria-label=${t("Type de la nouvelle étape")} @change=${(e) => { newKind = e.target.value; }}>
            ${Object.entries(config.step_kinds).map(([key, label]) => html`<option value=${key} ?selected=${key === newKind}>${label}</option>`)}
          </select>
          <button type="button" class="button" @click=${() => send("step.add", { kind: newKind })}>${t("Ajouter une étape")}</button>
        </div>
        <p class="error" role="alert">${live.errors.get("programme") || ""}</p>
      </section>
      <section class="programme-questionnaire" aria-labelledby="questionnaire-title">
        <h3 id="questionnaire-title">${t("Questionnaire d'évaluation")}</h3>
        <p class="hint">${t("Modifiable jusqu'à la première réponse.")}</p>
        <ol class="questionnaire">${repeat(shown, (q) => q.key, (q, index) => questionEditor(store, q, index))}</ol>
        <div class="row">
          <button type="button" class="button" @click=${() => {
            editQuestions(store).push({ key: "new-" + nextQuestionKey++, kind: "scale", text: "", text_easy: "" });
            live.render();
          }}>${t("Ajouter une question")}</button>
          <button type="button" class="button primary" @click=${() => saveQuestionnaire(store)}>${t("Enregistrer le questionnaire")}</button>
        </div>
        <p class="hint" role="status">${questionsNote}</p>
      </section>`;
  };
}
