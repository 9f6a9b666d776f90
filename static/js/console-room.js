/* The console's steering of the room: the room bar (pause, lock, timer, board layout, undo, pause
 * requests), themes, and the log of actions (in words, from the server's catalogue). Lit templates. */
import { html, nothing } from "../vendor/lit-html/lit-html.js";
import { repeat } from "../vendor/lit-html/directives/repeat.js";
import { live as liveValue } from "../vendor/lit-html/directives/live.js";
import { config, t, tn } from "./live.js";
import { actionLabel } from "./labels.js";

const LAYOUTS = { auto: t("Selon l'étape"), columns: t("Cartes par groupe"), themes: t("Cartes par thème"),
  agreement: t("Carte des accords"), queue: t("File de parole"), join: t("Écran pour rejoindre") };

const timeFormat = new Intl.DateTimeFormat(config.locale || "fr", { hour: "2-digit", minute: "2-digit" });

/** "2026-11-30T08:30:00Z" → "09:30": the server sends UTC; the room reads the time of its own clock. */
export function clockTime(iso) {
  return timeFormat.format(new Date(iso));
}

/** `selected`: the card ids ticked "Choisir" (moderation-view.js), which theme buttons file. */
export function consoleRoom(live, selected) {
  const call = (event, payload, done) => live.call("moderation", event, payload, done);
  const small = (label, onclick, extra = {}) => html`<button type="button" id=${extra.id || nothing}
    class="button small ${extra.primary ? "primary" : ""}" ?hidden=${Boolean(extra.hidden)} ?disabled=${Boolean(extra.disabled)}
    aria-describedby=${extra.describedby || nothing} @click=${onclick}>${label}</button>`;
  let themeName = "";
  let renaming = null; // theme id being renamed
  let newName = "";

  function bar(store) {
    const step = store.currentStep;
    const waiting = store.pauseRequests;
    return html`<div class="bar-group">
        ${small(store.workshop.paused ? t("Reprendre") : t("Mettre la salle en pause"),
          () => call("workshop.pause", { paused: !store.workshop.paused }), { id: "pause-room", primary: store.workshop.paused })}
        ${step ? small(step.locked ? t("Rouvrir l'écriture") : t("Fermer l'écriture"),
          () => call("step.lock", { step_id: step.id, locked: !step.locked }), { id: "lock-step" }) : nothing}
      </div>
      <div class="bar-group">
        <span class="timer-display" id="timer-display" role="timer" aria-live="off"></span>
        ${step ? html`
          ${small(step.timer.running ? t("Pause du minuteur") : t("Lancer le minuteur"),
            () => call("timer.set", { action: step.timer.running ? "pause" : "start" }), { id: "timer-toggle" })}
          ${small(t("+1 min"), () => call("timer.set", { action: "add", seconds: 60 }))}
          ${small(t("+5 min"), () => call("timer.set", { action: "add", seconds: 300 }))}
          ${small(t("Remettre à zéro"), () => call("timer.set", { action: "reset" }))}` : nothing}
      </div>
      <div class="bar-group"><label for="board-layout">${t("Écran :")}</label>
        <select id="board-layout" .value=${liveValue(store.workshop.board_layout)} @change=${(e) => call("board.layout", { layout: e.target.value })}>
          ${Object.entries(LAYOUTS).map(([key, label]) => html`<option value=${key} ?selected=${key === store.workshop.board_layout}>${label}</option>`)}
        </select></div>
      <div class="bar-group">${store.audit.undoable
        ? small(t("Annuler : %(what)s", { what: store.audit.undoable.label }), () => call("audit.undo", {}), { id: "undo" }) : nothing}</div>
      <p class="pause-requests" role="status">${waiting.length ? html`${t("Besoin d'une pause : %(who)s", { who: waiting.map((r) => r.pseudonym).join(", ") })}
        ${small(t("Vu"), () => call("pause.seen", {}))}` : nothing}</p>`;
  }

  function themes(store) {
    const count = (theme) => store.cardList((c) => c.theme_id === theme.id).length;
    const none = selected.size === 0;
    return html`<form class="row" novalidate @submit=${(e) => {
        e.preventDefault();
        call("theme.create", { name: themeName }, () => { themeName = ""; });
      }}>
        <label for="theme-name" class="visually-hidden">${t("Nom du nouveau thème")}</label>
        <input type="text" id="theme-name" maxlength="120" .value=${liveValue(themeName)} @input=${(e) => { themeName = e.target.value; }}>
        <button type="submit" class="button small">${t("Créer le thème")}</button>
      </form>
      <p class="hint" id="theme-selection" role="status">${none ? t("Les thèmes s'activent quand des cartes sont cochées « Choisir » : cochez des cartes, puis cliquez sur un thème.")
        : tn(selected.size, t("%(n)s carte choisie : cliquez sur un thème pour l'y classer."), t("%(n)s cartes choisies : cliquez sur un thème pour les y classer."))}</p>
      <ul class="theme-list">${repeat(store.themes, (th) => th.id, (theme) => {
        const others = store.themes.filter((th) => th.id !== theme.id);
        return html`<li class="theme-item">
          ${small(theme.name + " (" + count(theme) + ")", () => call("theme.assign", { theme_id: theme.id, card_ids: [...selected] },
            () => selected.clear()), { disabled: none, describedby: "theme-selection" })}
          ${renaming === theme.id ? html`<span class="row">
              <input type="text" maxlength="120" aria-label=${t("Nouveau nom du thème")} .value=${liveValue(newName)} @input=${(e) => { newName = e.target.value; }}>
              ${small(t("Enregistrer"), () => call("theme.rename", { id: theme.id, name: newName }, () => { renaming = null; }), { primary: true })}
              ${small(t("Annuler"), () => { renaming = null; live.render(); })}</span>`
            : small(t("Renommer"), () => { renaming = theme.id; newName = theme.name; live.render(); })}
          ${others.length ? html`<span class="row">
            <select aria-label=${t("Fusionner « %(name)s » dans", { name: theme.name })}>
              ${others.map((th) => html`<option value=${th.id}>${th.name}</option>`)}</select>
            ${small(t("Fusionner"), (e) => call("theme.merge", { id: theme.id, into_id: Number(e.target.parentElement.querySelector("select").value) }))}
          </span>` : nothing}
        </li>`;
      })}</ul>`;
  }

  function log(store) {
    return repeat(store.audit.entries.slice(0, 12), (e) => e.id, (e) => html`<li>
      <span class="log-time">${clockTime(e.at)}</span> ${actionLabel(e.action)}${e.undo_of ? " " + t("(annulation)") : ""}</li>`);
  }

  return { bar, themes, log };
}
