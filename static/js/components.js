/* Pieces shared by the board, the console and the phones: agreement maps, share of voice, validations.
 * Results are always shown per peer group, never as one majority (DESIGN.md §2). */
import { config, t, el } from "./live.js";

const VALUES = ["agree", "mixed", "disagree"];
const VALUE_LABELS = { agree: t("D'accord"), mixed: t("Mitigé"), disagree: t("Pas d'accord") };

function groupOf(key) {
  return config.groups.find((g) => g.key === key) || { key: "staff", label: t("Animation"), short: t("Animation") };
}

function groupTag(key, short) {
  const group = groupOf(key);
  return el("span", { class: "group-tag group-" + group.key },
    el("span", { class: "group-dot group-" + group.key, "aria-hidden": "true" }), short ? group.short : group.label);
}

/** The leading value of a group, or null when it has no positions or a tie at the top. */
function leading(counts) {
  const total = VALUES.reduce((sum, v) => sum + (counts[v] || 0), 0);
  if (!total) return null;
  const sorted = VALUES.slice().sort((a, b) => counts[b] - counts[a]);
  return counts[sorted[0]] === counts[sorted[1]] ? null : sorted[0];
}

/** Where the groups that took positions converge (same leading value) or diverge. */
function convergence(aggregate) {
  const leads = config.groups.map((g) => leading((aggregate || {})[g.key] || {})).filter((v) => v !== null);
  if (leads.length < 2) return "open";
  return leads.every((v) => v === leads[0]) ? "converge" : "diverge";
}

const CONVERGENCE_LABELS = {
  converge: t("Les groupes convergent"),
  diverge: t("Les groupes divergent"),
  open: t("Pas encore assez de positions"),
};

/** One row per peer group: a stacked bar with the counts written out (never colour alone). */
function agreementMap(aggregate) {
  const rows = config.groups.map((group) => {
    const counts = (aggregate || {})[group.key] || { agree: 0, mixed: 0, disagree: 0 };
    const total = VALUES.reduce((sum, v) => sum + counts[v], 0);
    const bar = el("span", { class: "bar", "aria-hidden": "true" });
    for (const value of VALUES) {
      if (!counts[value]) continue;
      const segment = el("span", { class: "segment value-" + value });
      segment.style.flexGrow = String(counts[value]);
      bar.append(segment);
    }
    if (!total) bar.append(el("span", { class: "segment empty" }));
    const words = total
      ? VALUES.map((v) => VALUE_LABELS[v] + " " + counts[v]).join(", ")
      : t("aucune position");
    return el("div", { class: "agreement-row" }, groupTag(group.key, true), bar,
      el("span", { class: "agreement-counts", text: total ? VALUES.map((v) => counts[v]).join(" · ") : "—" }),
      el("span", { class: "visually-hidden", text: words }));
  });
  const state = convergence(aggregate);
  return el("div", { class: "agreement-map" }, ...rows,
    el("p", { class: "convergence convergence-" + state, text: CONVERGENCE_LABELS[state] }));
}

/** 125 → "2:05" */
function minutes(seconds) {
  return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
}

/** Turns, speaking time and cards per group, so an imbalance shows. */
function shareOfVoice(share) {
  if (!share) return null;
  const totals = { turns: 0, seconds: 0, cards: 0 };
  for (const g of config.groups) for (const k of Object.keys(totals)) totals[k] += (share[g.key] || {})[k] || 0;
  const pct = (value, total) => (total ? Math.round((100 * value) / total) + " %" : "—");
  return el("table", { class: "share-of-voice" },
    el("caption", { text: t("Répartition de la parole") }),
    el("thead", {}, el("tr", {}, el("th", { scope: "col", text: t("Groupe") }), el("th", { scope: "col", text: t("Tours") }),
      el("th", { scope: "col", text: t("Parole") }), el("th", { scope: "col", text: t("Cartes") }))),
    el("tbody", {}, config.groups.map((g) => {
      const row = share[g.key] || { turns: 0, seconds: 0, cards: 0 };
      return el("tr", {}, el("th", { scope: "row" }, groupTag(g.key, true)),
        el("td", { text: row.turns + " · " + pct(row.turns, totals.turns) }),
        el("td", { text: minutes(row.seconds) + " · " + pct(row.seconds, totals.seconds) }),
        el("td", { text: row.cards + " · " + pct(row.cards, totals.cards) }));
    })));
}

const DECISION_LABELS = { validated: t("a validé"), changes: t("demande des changements"), none: t("n'a pas encore répondu") };

/** For the latest synthesis version: each expected group's decision. */
function validationStatus(store) {
  const latest = store.latestSynthesis;
  if (!latest) return null;
  return el("ul", { class: "validation-status" }, store.synthesis.groups_expected.map((group) => {
    const decision = store.decisionOf(group, latest.version);
    const key = decision ? decision.decision : "none";
    return el("li", { class: "decision decision-" + key }, groupTag(group), " ", DECISION_LABELS[key],
      decision && decision.comment ? el("q", { class: "decision-comment", text: decision.comment }) : null);
  }));
}

/** "12:05" left, or "+1:30" over time. */
function clock(seconds) {
  const over = seconds < 0;
  const abs = Math.abs(seconds);
  return (over ? "+" : "") + Math.floor(abs / 60) + ":" + String(abs % 60).padStart(2, "0");
}

/** Keep a step's countdown in `node` up to date every second; the end is signalled, never acted on. */
function timerText(store) {
  const step = store.currentStep;
  const left = store.timeLeft(step);
  if (left === null || !step.timer.running && step.timer.elapsed_seconds === 0) return { text: "", over: false };
  const prefix = step.timer.running ? "" : t("En pause") + " · ";
  return { text: prefix + (left >= 0 ? t("Il reste %(time)s", { time: clock(left) }) : t("Temps dépassé %(time)s", { time: clock(left) })),
    over: left < 0 };
}

function tickTimer(store, node) {
  const update = () => {
    if (!store.ready) return;
    const { text, over } = timerText(store);
    node.textContent = text;
    node.classList.toggle("over", over);
  };
  update();
  return setInterval(update, 1000);
}

export const ui = {
  clock, timerText, tickTimer, VALUES, VALUE_LABELS, groupOf, groupTag, agreementMap, convergence, shareOfVoice, validationStatus,
  minutes };
