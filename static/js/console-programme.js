/* The programme editor: rename, reorder, add or remove steps, change prompts, durations and rules,
 * before and during the workshop. Every change is one request; the server checks and broadcasts. */
(function () {
  "use strict";
  const { config, t, el, syncList } = window.CLTS;

  const FLAG_LABELS = {
    sealed: t("Groupes de pairs séparés (cartes visibles du seul groupe)"),
    release: t("Les groupes peuvent partager leur travail"),
    positions: t("Positions sur les pistes"),
    upvotes: t("Soutien aux questions"),
    validation: t("Validation de la synthèse"),
    evaluation: t("Questionnaire d'évaluation"),
    hands: t("Demandes de parole"),
  };

  window.CLTS.programmeEditor = function (live, container) {
    const error = el("p", { class: "error", role: "alert" });
    const list = el("ol", { class: "programme-list" });
    const kind = el("select", { id: "new-step-kind", "aria-label": t("Type de la nouvelle étape") },
      Object.entries(config.step_kinds).map(([key, label]) => el("option", { value: key, text: label })));
    const steps = el("section", { class: "programme-steps", "aria-labelledby": "programme-steps-title" },
      el("h3", { id: "programme-steps-title", text: t("Étapes") }), list,
      el("div", { class: "row add-step" }, kind,
        el("button", { type: "button", class: "button", onclick: () => send("step.add", { kind: kind.value }) }, t("Ajouter une étape"))),
      error);
    const questionnaire = el("section", { class: "programme-questionnaire", "aria-labelledby": "questionnaire-title" });
    container.append(steps, questionnaire);

    async function send(event, payload) {
      error.textContent = "";
      const ack = await live.request(event, payload);
      if (!ack.ok) error.textContent = ack.error.message;
      return ack;
    }

    function field(label, control) {
      return el("label", { class: "field-inline" }, el("span", { text: label }), control);
    }

    function editorNode(step) {
      const title = el("input", { type: "text", value: step.title, maxlength: 200 });
      const minutes = el("input", { type: "number", min: 0, max: 600, value: String(step.duration_minutes) });
      const prompt = el("textarea", { rows: 3, maxlength: 2000 });
      prompt.value = step.prompt;
      const easy = el("textarea", { rows: 2, maxlength: 1000 });
      easy.value = step.prompt_easy;
      const kinds = Object.keys(config.card_kinds).filter((k) => k !== "summary").map((k) => el("label", { class: "choice compact" },
        el("input", { type: "checkbox", value: k, checked: step.rules.post_kinds.includes(k), "data-rule": "kind" }),
        el("span", { text: config.card_kinds[k] })));
      const groups = config.groups.map((g) => el("label", { class: "choice compact" },
        el("input", { type: "checkbox", value: g.key, checked: !step.rules.post_groups || step.rules.post_groups.includes(g.key), "data-rule": "group" }),
        el("span", { text: g.short })));
      const flags = Object.entries(FLAG_LABELS).map(([flag, label]) => el("label", { class: "choice compact" },
        el("input", { type: "checkbox", value: flag, checked: step.rules[flag], "data-rule": "flag" }), el("span", { text: label })));
      const moderation = el("select", {},
        el("option", { value: "post", text: t("Publication immédiate"), selected: step.rules.moderation === "post" }),
        el("option", { value: "pre", text: t("Validation avant publication"), selected: step.rules.moderation === "pre" }));
      const node = el("li", { class: "programme-step" },
        el("div", { class: "row" },
          el("span", { class: "step-number", text: String(step.position + 1) }),
          el("span", { class: "step-kind" }, el("strong", { text: step.title }), el("span", { class: "hint", text: " · " + config.step_kinds[step.kind] })),
          el("button", { type: "button", class: "button small", "aria-label": t("Monter « %(title)s »", { title: step.title }), onclick: () => move(step, -1) }, "▲"),
          el("button", { type: "button", class: "button small", "aria-label": t("Descendre « %(title)s »", { title: step.title }), onclick: () => move(step, 1) }, "▼"),
          el("button", { type: "button", class: "button small danger", "aria-label": t("Retirer « %(title)s »", { title: step.title }), onclick: () => remove(step) }, "✕")),
        field(t("Titre"), title), field(t("Durée (minutes)"), minutes),
        el("details", {}, el("summary", { text: t("Consignes et règles") }),
          field(t("Consigne"), prompt), field(t("Consigne en facile à lire"), easy),
          el("fieldset", {}, el("legend", { text: t("Cartes que l'on peut écrire") }), ...kinds),
          el("fieldset", {}, el("legend", { text: t("Groupes qui peuvent écrire") }), ...groups),
          el("fieldset", {}, el("legend", { text: t("Ouvert à cette étape") }), ...flags),
          field(t("Modération"), moderation)),
        el("button", { type: "button", class: "button primary", onclick: () => save() }, t("Enregistrer l'étape")));

      function save() {
        const checked = (rule) => Array.from(node.querySelectorAll(`input[data-rule="${rule}"]:checked`)).map((i) => i.value);
        const chosenGroups = checked("group");
        const rules = { post: { kinds: checked("kind"), groups: chosenGroups.length === config.groups.length ? null : chosenGroups },
          moderation: moderation.value };
        for (const flag of Object.keys(FLAG_LABELS)) rules[flag] = checked("flag").includes(flag);
        send("step.update", { id: step.id, title: title.value, duration_minutes: Number(minutes.value), prompt: prompt.value,
          prompt_easy: easy.value, rules });
      }
      return node;
    }

    function move(step, delta) {
      const order = live.store.steps.map((s) => s.id);
      const index = order.indexOf(step.id);
      if (index + delta < 0 || index + delta >= order.length) return;
      [order[index], order[index + delta]] = [order[index + delta], order[index]];
      send("step.reorder", { order });
    }

    let confirming = null;
    function remove(step) {
      if (confirming !== step.id) {
        confirming = step.id;
        error.textContent = t("Cliquez à nouveau sur ✕ pour retirer « %(title)s ».", { title: step.title });
        return;
      }
      confirming = null;
      send("step.remove", { id: step.id });
    }

    // -- the evaluation questionnaire (until the first answer) -------------------------------------------
    const questions = el("ol", { class: "questionnaire" });
    const questionsError = el("p", { class: "error", role: "alert" });
    questionnaire.append(el("h3", { id: "questionnaire-title", text: t("Questionnaire d'évaluation") }),
      el("p", { class: "hint", text: t("Modifiable jusqu'à la première réponse.") }), questions,
      el("div", { class: "row" },
        el("button", { type: "button", class: "button", onclick: () => questions.append(questionNode({ kind: "scale", text: "", text_easy: "" })) },
          t("Ajouter une question")),
        el("button", { type: "button", class: "button primary", onclick: saveQuestionnaire }, t("Enregistrer le questionnaire"))),
      questionsError);

    function questionNode(question) {
      return el("li", { class: "question-editor" },
        field(t("Type"), el("select", { "data-field": "kind" },
          el("option", { value: "scale", text: t("Échelle de 1 à 5"), selected: question.kind === "scale" }),
          el("option", { value: "text", text: t("Texte libre"), selected: question.kind === "text" }))),
        field(t("Question"), el("input", { type: "text", "data-field": "text", value: question.text, maxlength: 300 })),
        field(t("En facile à lire"), el("input", { type: "text", "data-field": "text_easy", value: question.text_easy, maxlength: 300 })),
        el("button", { type: "button", class: "button small", onclick: (event) => event.target.closest("li").remove() }, t("Retirer la question")));
    }

    async function saveQuestionnaire() {
      questionsError.textContent = "";
      const items = Array.from(questions.children).map((node) => Object.fromEntries(
        Array.from(node.querySelectorAll("[data-field]")).map((input) => [input.dataset.field, input.value])));
      const ack = await live.request("evaluation.configure", { questions: items });
      questionsError.textContent = ack.ok ? t("Questionnaire enregistré.") : ack.error.message;
    }

    return {
      render(store) {
        syncList(list, store.steps, (s) => JSON.stringify(s), editorNode);
        const key = JSON.stringify(store.evaluation.questions);
        if (questions.dataset.key !== key) {
          questions.dataset.key = key;
          questions.replaceChildren(...store.evaluation.questions.map(questionNode));
        }
      },
    };
  };
})();
