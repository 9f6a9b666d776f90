/* The console's moderation and steering: card actions (approve, hide, restore, reword, spotlight,
 * merge, select for a theme), the room bar (pause, lock, timer, board layout, undo), themes, pause
 * requests and the audit log. One click per action; every action can be undone from the bar. */
(function () {
  "use strict";
  const { config, t, el, syncList } = window.CLTS;
  const ui = window.CLTS.ui;
  const $ = (id) => document.getElementById(id);

  const FLAG_LABELS = { phone: t("téléphone"), email: t("e-mail"), address: t("adresse"), name: t("nom de personne") };
  const LAYOUTS = { auto: t("Selon l'étape"), columns: t("Cartes par groupe"), themes: t("Cartes par thème"),
    agreement: t("Carte des accords"), queue: t("File de parole"), join: t("Écran pour rejoindre") };

  window.CLTS.consoleModeration = function (live) {
    const selected = new Set(); // card ids chosen for a theme
    let rewording = null; // card id whose new wording is being typed
    let merging = null; // card id being merged
    let renaming = null; // theme id being renamed
    const error = $("moderation-error");

    async function call(event, payload) {
      error.textContent = "";
      const ack = await live.request(event, payload);
      if (!ack.ok) error.textContent = ack.error.message;
      live.render();
      return ack;
    }

    // -- actions on one card --------------------------------------------------------------------------
    function button(label, onclick, extra) {
      return el("button", Object.assign({ type: "button", class: "button small", onclick }, extra || {}), label);
    }

    function cardActions(card) {
      const moderate = (action) => () => call("card.moderate", { id: card.id, action });
      const isPublic = card.status === "published" && !card.merged_into_id && (!card.sealed || card.released);
      const row = el("div", { class: "row card-actions" },
        card.status === "pending" ? button(t("Valider"), moderate("approve"), { class: "button small primary" }) : null,
        ["pending", "published"].includes(card.status) ? button(t("Masquer"), moderate("hide")) : null,
        card.status === "hidden" ? button(t("Rétablir"), moderate("restore")) : null,
        card.author_id && card.status !== "hidden" ? button(t("Reformuler"), () => { rewording = card.id; live.render(); }) : null,
        isPublic ? button(live.store.workshop.spotlight_card_id === card.id ? t("Retirer de l'écran") : t("Mettre en avant"),
          () => call("spotlight.set", { card_id: live.store.workshop.spotlight_card_id === card.id ? null : card.id })) : null,
        isPublic ? button(t("Fusionner…"), () => { merging = card.id; live.render(); }) : null,
        el("label", { class: "select-card" },
          el("input", { type: "checkbox", checked: selected.has(card.id), onchange: (e) => {
            if (e.target.checked) selected.add(card.id); else selected.delete(card.id);
            renderThemes(live.store);
          } }), t("Choisir")));
      const extra = [];
      if (rewording === card.id) {
        const area = el("textarea", { rows: 3, maxlength: 2000, "aria-label": t("Nouvelle formulation proposée à l'auteur·rice") });
        area.value = card.text;
        extra.push(el("div", { class: "reword-form" }, area, el("div", { class: "row" },
          button(t("Proposer à l'auteur·rice"), async () => {
            const ack = await call("card.reword", { id: card.id, text: area.value });
            if (ack.ok) rewording = null;
            live.render();
          }, { class: "button small primary" }),
          button(t("Annuler"), () => { rewording = null; live.render(); }))));
      }
      if (merging === card.id) {
        const others = live.store.cardList((c) => c.id !== card.id && c.kind === card.kind && c.status === "published" && !c.merged_into_id);
        const target = el("select", { "aria-label": t("Carte à garder") }, others.map((c) => el("option", { value: String(c.id), text: c.text.slice(0, 80) })));
        extra.push(el("div", { class: "row merge-form" }, el("span", { text: t("Fusionner dans :") }), target,
          button(t("Fusionner"), async () => {
            const ack = await call("card.merge", { id: card.id, into_id: Number(target.value) });
            if (ack.ok) merging = null;
            live.render();
          }, { class: "button small primary", disabled: !others.length }),
          button(t("Annuler"), () => { merging = null; live.render(); })));
      }
      return [row, ...extra];
    }

    function cardBadges(card) {
      const theme = live.store.themes.find((th) => th.id === card.theme_id);
      return [
        ...(card.flags || []).map((f) => el("span", { class: "badge flag", text: "⚠ " + FLAG_LABELS[f] })),
        card.reword ? el("span", { class: "badge", text: t("reformulation proposée") }) : null,
        theme ? el("span", { class: "badge theme", text: theme.name }) : null,
        card.support > 1 ? el("span", { class: "badge", text: t("%(n)s soutiens", { n: card.support }) }) : null,
        live.store.workshop.spotlight_card_id === card.id ? el("span", { class: "badge spot", text: t("à l'écran") }) : null,
      ];
    }

    // -- the room bar: pause, lock, timer, board, undo ------------------------------------------------
    const bar = $("room-bar");
    const timerDisplay = el("span", { class: "timer-display", role: "timer", "aria-live": "off" });
    const pauseButton = button("", () => call("workshop.pause", { paused: !live.store.workshop.paused }), { id: "pause-room" });
    const lockButton = button("", () => {
      const step = live.store.currentStep;
      if (step) call("step.lock", { step_id: step.id, locked: !step.locked });
    }, { id: "lock-step" });
    const timerButton = button("", () => {
      const step = live.store.currentStep;
      call("timer.set", { action: step && step.timer.running ? "pause" : "start" });
    }, { id: "timer-toggle" });
    const layout = el("select", { id: "board-layout", onchange: (e) => call("board.layout", { layout: e.target.value }) },
      Object.entries(LAYOUTS).map(([key, label]) => el("option", { value: key, text: label })));
    const undoButton = button("", () => call("audit.undo", {}), { id: "undo" });
    const requests = el("p", { class: "pause-requests", role: "status" });
    bar.append(
      el("div", { class: "bar-group" }, pauseButton, lockButton),
      el("div", { class: "bar-group" }, timerDisplay, timerButton,
        button(t("+1 min"), () => call("timer.set", { action: "add", seconds: 60 })),
        button(t("+5 min"), () => call("timer.set", { action: "add", seconds: 300 })),
        button(t("Remettre à zéro"), () => call("timer.set", { action: "reset" }))),
      el("div", { class: "bar-group" }, el("label", { for: "board-layout", text: t("Écran :") }), layout),
      el("div", { class: "bar-group" }, undoButton),
      requests);
    ui.tickTimer(live.store, timerDisplay);

    function renderBar(store) {
      const step = store.currentStep;
      pauseButton.textContent = store.workshop.paused ? t("Reprendre") : t("Mettre la salle en pause");
      pauseButton.classList.toggle("primary", store.workshop.paused);
      lockButton.hidden = timerButton.hidden = !step;
      if (step) {
        lockButton.textContent = step.locked ? t("Rouvrir l'écriture") : t("Fermer l'écriture");
        timerButton.textContent = step.timer.running ? t("Pause du minuteur") : t("Lancer le minuteur");
      }
      layout.value = store.workshop.board_layout;
      undoButton.hidden = !store.audit.undoable;
      if (store.audit.undoable) undoButton.textContent = t("Annuler : %(what)s", { what: store.audit.undoable.label });
      const waiting = store.pauseRequests;
      requests.replaceChildren(...(waiting.length ? [
        t("Besoin d'une pause : %(who)s", { who: waiting.map((r) => r.pseudonym).join(", ") }), " ",
        button(t("Vu"), () => call("pause.seen", {}))] : []));
    }

    // -- themes ---------------------------------------------------------------------------------------
    const themeName = el("input", { type: "text", id: "theme-name", maxlength: 120 });
    const themeList = el("ul", { class: "theme-list" });
    const selection = el("p", { class: "hint", role: "status" });
    $("themes-panel").append(
      el("form", { class: "row", novalidate: true, onsubmit: async (e) => {
        e.preventDefault();
        const ack = await call("theme.create", { name: themeName.value });
        if (ack.ok) themeName.value = "";
      } }, el("label", { for: "theme-name", class: "visually-hidden", text: t("Nom du nouveau thème") }), themeName,
      el("button", { type: "submit", class: "button small" }, t("Créer le thème"))),
      selection, themeList);

    function renderThemes(store) {
      selection.textContent = selected.size ? t("%(n)s carte(s) choisie(s) : cliquez sur un thème pour les y classer.", { n: selected.size })
        : t("Cochez « Choisir » sur des cartes, puis cliquez sur un thème.");
      const count = (theme) => store.cardList((c) => c.theme_id === theme.id).length;
      syncList(themeList, store.themes, (th) => [th.id, th.name, count(th), selected.size, store.themes.length, renaming === th.id].join(":"), (theme) => {
        const others = store.themes.filter((th) => th.id !== theme.id);
        const into = el("select", { "aria-label": t("Fusionner « %(name)s » dans", { name: theme.name }) },
          others.map((th) => el("option", { value: String(th.id), text: th.name })));
        return el("li", { class: "theme-item" },
          button(theme.name + " (" + count(theme) + ")", async () => {
            if (!selected.size) return;
            const ack = await call("theme.assign", { theme_id: theme.id, card_ids: [...selected] });
            if (ack.ok) selected.clear();
            live.render();
          }, { class: "button small theme-button", disabled: !selected.size }),
          renaming === theme.id ? renameForm(theme) : button(t("Renommer"), () => { renaming = theme.id; renderThemes(live.store); }),
          others.length ? el("span", { class: "row" }, into, button(t("Fusionner"), () => call("theme.merge", { id: theme.id, into_id: Number(into.value) }))) : null);
      });
    }

    function renameForm(theme) {
      const input = el("input", { type: "text", value: theme.name, maxlength: 120, "aria-label": t("Nouveau nom du thème") });
      return el("span", { class: "row" }, input,
        button(t("Enregistrer"), async () => {
          const ack = await call("theme.rename", { id: theme.id, name: input.value });
          if (ack.ok) renaming = null;
          renderThemes(live.store);
        }, { class: "button small primary" }),
        button(t("Annuler"), () => { renaming = null; renderThemes(live.store); }));
    }

    // -- the log --------------------------------------------------------------------------------------
    const ACTIONS = { "step.goto": t("Changement d'étape"), "card.moderate": t("Modération"), "card.reword": t("Reformulation proposée"),
      "card.merge": t("Fusion de cartes"), "card.unmerge": t("Fusion annulée"), "theme.create": t("Thème créé"), "theme.rename": t("Thème renommé"),
      "theme.assign": t("Cartes classées"), "theme.merge": t("Thèmes fusionnés"), "theme.delete": t("Thème supprimé"),
      "step.lock": t("Écriture ouverte/fermée"), "workshop.pause": t("Pause"), "spotlight.set": t("Mise en avant"),
      "board.layout": t("Disposition de l'écran"), "reword.accept": t("Reformulation acceptée"), "reword.refuse": t("Reformulation refusée"),
      "glossary.update": t("Glossaire modifié") };
    function renderLog(store) {
      syncList($("audit-log"), store.audit.entries.slice(0, 12), (e) => String(e.id), (e) => el("li", {},
        el("span", { class: "log-time", text: e.at.slice(11, 16) }), " ",
        (ACTIONS[e.action] || e.action) + (e.undo_of ? " " + t("(annulation)") : "")));
    }

    return {
      cardActions,
      cardBadges,
      /** What the card's node shows besides the card itself (forms open on it). */
      cardState: (card) => [rewording === card.id, merging === card.id, live.store.workshop.spotlight_card_id === card.id].join(":"),
      render(store) {
        renderBar(store);
        renderThemes(store);
        renderLog(store);
      },
    };
  };
})();
