/* Pieces shared by the board, the console, the référent view and the phones, as lit templates:
 * agreement maps with their legend, share of voice, validations, the step's countdown.
 * Results are always shown per peer group, never as one majority (DESIGN.md §2). */
import { html, nothing } from "../vendor/lit-html/lit-html.js";
import { repeat } from "../vendor/lit-html/directives/repeat.js";
import { config, t, number } from "./live.js";

export const VALUES = ["agree", "mixed", "disagree"];
export const VALUE_LABELS = { agree: t("D'accord"), mixed: t("Mitigé"), disagree: t("Pas d'accord") };

export function groupOf(key) {
  return config.groups.find((g) => g.key === key) || { key: "staff", label: t("Animation"), short: t("Animation") };
}

export function groupTag(key, short) {
  const group = groupOf(key);
  return html`<span class="group-tag group-${group.key}"><span class="group-dot group-${group.key}"
    aria-hidden="true"></span>${short ? group.short : group.label}</span>`;
}

/** The leading value of a group, or null when it has no positions or a tie at the top. */
function leading(counts) {
  const total = VALUES.reduce((sum, v) => sum + (counts[v] || 0), 0);
  if (!total) return null;
  const sorted = VALUES.slice().sort((a, b) => (counts[b] || 0) - (counts[a] || 0));
  return (counts[sorted[0]] || 0) === (counts[sorted[1]] || 0) ? null : sorted[0];
}

/** Where the groups that took positions converge (same leading value) or diverge. */
export function convergence(aggregate) {
  const leads = config.groups.map((g) => leading((aggregate || {})[g.key] || {})).filter((v) => v !== null);
  if (leads.length < 2) return "open";
  return leads.every((v) => v === leads[0]) ? "converge" : "diverge";
}

export const CONVERGENCE_LABELS = {
  converge: t("Les groupes convergent"),
  diverge: t("Les groupes divergent"),
  open: t("Pas encore assez de positions"),
};

/** One row per peer group: a stacked bar with the counts written out (never colour alone). The bar's
 * widths are set through the CSSOM (`.style`), which the CSP allows, never as a style attribute. */
export function agreementMap(aggregate) {
  const state = convergence(aggregate);
  return html`<div class="agreement-map">${config.groups.map((group) => {
    const counts = Object.assign({ agree: 0, mixed: 0, disagree: 0 }, (aggregate || {})[group.key]);
    const total = VALUES.reduce((sum, v) => sum + counts[v], 0);
    const words = total ? VALUES.map((v) => VALUE_LABELS[v] + " " + counts[v]).join(", ") : t("aucune position");
    return html`<div class="agreement-row">${groupTag(group.key, true)}<span class="bar" aria-hidden="true">${total
      ? VALUES.filter((v) => counts[v]).map((v) => html`<span class="segment value-${v}" .style=${"flex-grow: " + counts[v]}></span>`)
      : html`<span class="segment empty"></span>`}</span><span class="agreement-counts" aria-hidden="true">${total
      ? VALUES.map((v) => counts[v]).join(" · ") : "—"}</span><span class="visually-hidden">${words}</span></div>`;
  })}<p class="convergence convergence-${state}">${CONVERGENCE_LABELS[state]}</p></div>`;
}

/** What the colours and the "2 · 0 · 0" counts of an agreement map mean, once per screen. */
export function agreementLegend() {
  return html`<div class="agreement-legend" role="note" aria-label=${t("Légende")}>
    ${VALUES.map((v) => html`<span class="legend-item"><span class="swatch value-${v}" aria-hidden="true"></span>${VALUE_LABELS[v]}</span>`)}
    <span class="legend-item legend-counts">${t("Chiffres : d'accord · mitigé · pas d'accord")}</span>
  </div>`;
}

/** 125 → "2:05" */
export function minutes(seconds) {
  return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
}

/** Turns, speaking time and cards per group, so an imbalance shows. */
export function shareOfVoice(share) {
  if (!share) return nothing;
  const totals = { turns: 0, seconds: 0, cards: 0 };
  for (const g of config.groups) for (const k of Object.keys(totals)) totals[k] += (share[g.key] || {})[k] || 0;
  const pct = (value, total) => (total ? number(Math.round((100 * value) / total)) + " %" : "—");
  return html`<table class="share-of-voice">
    <caption>${t("Répartition de la parole")}</caption>
    <thead><tr><th scope="col">${t("Groupe")}</th><th scope="col">${t("Tours")}</th><th scope="col">${t("Parole")}</th>
      <th scope="col">${t("Cartes")}</th></tr></thead>
    <tbody>${repeat(config.groups, (g) => g.key, (g) => {
      const row = Object.assign({ turns: 0, seconds: 0, cards: 0 }, share[g.key]);
      return html`<tr><th scope="row">${groupTag(g.key, true)}</th>
        <td>${row.turns} · ${pct(row.turns, totals.turns)}</td>
        <td>${minutes(row.seconds)} · ${pct(row.seconds, totals.seconds)}</td>
        <td>${row.cards} · ${pct(row.cards, totals.cards)}</td></tr>`;
    })}</tbody></table>`;
}

const DECISION_LABELS = { validated: t("a validé"), changes: t("demande des changements"),
  reopened: t("synthèse rouverte par l'animation"), none: t("n'a pas encore répondu") };

/** For the latest synthesis version: each expected group's decision. */
export function validationStatus(store) {
  const latest = store.latestSynthesis;
  if (!latest) return nothing;
  return html`<ul class="validation-status">${repeat(store.synthesis.groups_expected, (group) => group, (group) => {
    const decision = store.decisionOf(group, latest.version);
    const key = decision ? decision.decision : "none";
    return html`<li class="decision decision-${key}">${groupTag(group)} ${DECISION_LABELS[key]}${decision && decision.comment
      ? html`<q class="decision-comment">${decision.comment}</q>` : nothing}</li>`;
  })}</ul>`;
}

/** "(Personnes concernées)" in a text typed in French reads "(People concerned)" on an English page:
 * a group named in brackets, in any language, is given the page's own short label. */
export function localGroupNames(text) {
  let local = text || "";
  for (const group of config.groups) {
    for (const name of group.names || []) {
      if (name !== group.short) local = local.split("(" + name + ")").join("(" + group.short + ")");
    }
  }
  return local;
}

/** A synthesis as paragraphs that keep its line breaks (one card per line stays one line), the
 * groups it names in the page's language. */
export function paragraphs(text, render) {
  return localGroupNames(text).split(/\n{2,}/).map((paragraph) => html`<p class="keep-lines">${render ? render(paragraph) : paragraph}</p>`);
}

/** "12:05" left, or "+1:30" over time. */
export function clock(seconds) {
  const over = seconds < 0;
  const abs = Math.abs(seconds);
  return (over ? "+" : "") + Math.floor(abs / 60) + ":" + String(abs % 60).padStart(2, "0");
}

/** The current step's countdown as words; the end is signalled, never acted on. */
export function timerText(store) {
  const step = store.currentStep;
  const left = store.timeLeft(step);
  if (left === null || !step.timer.running && step.timer.elapsed_seconds === 0) return { text: "", over: false };
  const prefix = step.timer.running ? "" : t("En pause") + " · ";
  return { text: prefix + (left >= 0 ? t("Il reste %(time)s", { time: clock(left) }) : t("Temps dépassé %(time)s", { time: clock(left) })),
    over: left < 0 };
}

/** Keep `node` showing the countdown, every second. */
export function tickTimer(store, node) {
  const update = () => {
    if (!store.ready) return;
    const { text, over } = timerText(store);
    if (node.textContent !== text) node.textContent = text;
    node.classList.toggle("over", over);
  };
  update();
  return setInterval(update, 1000);
}

export const ui = {
  clock, timerText, tickTimer, VALUES, VALUE_LABELS, groupOf, groupTag, agreementMap, agreementLegend, convergence,
  CONVERGENCE_LABELS, shareOfVoice, validationStatus, paragraphs, localGroupNames, minutes };
