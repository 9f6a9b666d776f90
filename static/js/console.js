/* The facilitator's console: the programme, the current step's cards, who is in the room. */
(function () {
  "use strict";
  const { config, t, el, syncList, connect, formatGroup } = window.CLTS;
  const $ = (id) => document.getElementById(id);

  const STATUS_LABELS = { pending: t("En attente"), published: t("Publiée"), hidden: t("Masquée") };
  let target = null; // the step a move is being confirmed for
  let busy = false;

  const live = connect(render, { onPush: announce });
  const method = window.CLTS.consoleMethod(live);
  const moderation = window.CLTS.consoleModeration(live);
  const programme = window.CLTS.programmeEditor(live, $("programme-editor"));
  const glossary = window.CLTS.glossaryEditor(live);

  $("edit-programme").addEventListener("click", () => {
    $("programme-dialog").showModal();
    live.render();
  });
  $("close-programme").addEventListener("click", () => $("programme-dialog").close());

  // -- moving between steps: one click to choose, one to confirm, never two steps at once ---------

  function choose(step) {
    target = step;
    $("step-error").textContent = "";
    live.render();
    requestAnimationFrame(() => { const button = $("confirm-move"); if (button) button.focus(); });
  }

  async function confirmMove() {
    if (!target || busy) return;
    busy = true;
    const ack = await live.request("step.goto", { step_id: target.id, from_step_id: live.store.workshop.current_step_id });
    busy = false;
    if (!ack.ok) {
      $("step-error").textContent = ack.error.message;
      if (ack.error.code === "stale") live.refresh();
    }
    target = null;
    live.render();
  }

  function controls(store) {
    const steps = store.steps;
    const current = store.currentStep;
    const index = current ? steps.indexOf(current) : -1;
    if (target) {
      return [
        el("p", { class: "confirm-text" }, t("Passer à « %(title)s » pour toute la salle ?", { title: target.title })),
        el("div", { class: "row" },
          el("button", { id: "confirm-move", class: "button primary", type: "button", onclick: confirmMove, disabled: busy }, t("Confirmer")),
          el("button", { class: "button", type: "button", onclick: () => { target = null; live.render(); } }, t("Annuler"))),
      ];
    }
    const previous = index > 0 ? steps[index - 1] : null;
    const next = steps[index + 1] || null;
    return [
      el("div", { class: "row" },
        previous ? el("button", { class: "button", type: "button", onclick: () => choose(previous) }, t("◀ Étape précédente")) : null,
        next ? el("button", { id: "next-step", class: "button primary", type: "button", onclick: () => choose(next) },
          index < 0 ? t("Démarrer l'atelier") : t("Étape suivante ▶")) : null),
      next ? el("p", { class: "hint", text: t("Ensuite : %(title)s", { title: next.title }) }) : null,
    ];
  }

  // -- rendering -----------------------------------------------------------------------------------

  function stepNode(step) {
    const node = el("li", {}, el("button", { type: "button", class: "step-item" }));
    fillStep(node, step, live.store);
    return node;
  }

  function fillStep(node, step, store) {
    const current = step.id === store.workshop.current_step_id;
    const button = node.firstChild;
    button.replaceChildren(
      el("span", { class: "step-number", text: String(step.position + 1) }),
      el("span", { class: "step-name", text: step.title }),
      el("span", { class: "step-minutes", text: t("%(n)s min", { n: step.duration_minutes }) }));
    button.onclick = current ? null : () => choose(step);
    node.classList.toggle("current", current);
    if (current) button.setAttribute("aria-current", "step");
    else button.removeAttribute("aria-current");
  }

  function cardNode(card) {
    return el("li", { class: "card status-" + card.status + " group-" + (card.peer_group || "staff") },
      el("p", { class: "card-text", text: card.text }),
      el("p", { class: "card-meta" },
        el("span", { class: "group-dot group-" + (card.peer_group || "staff"), "aria-hidden": "true" }),
        (card.author_pseudonym || t("Animation")) + " · " + formatGroup(card.peer_group),
        el("span", { class: "badge", text: STATUS_LABELS[card.status] || card.status }),
        ...moderation.cardBadges(card)),
      ...moderation.cardActions(card));
  }

  /** Pending cards first (they wait for someone), then the newest. */
  function cardOrder(a, b) {
    return (b.status === "pending") - (a.status === "pending") || b.id - a.id;
  }

  function peopleNode(group, people) {
    return el("section", { class: "people-group group-" + group.key },
      el("h3", {}, el("span", { class: "group-dot group-" + group.key, "aria-hidden": "true" }),
        group.label + " (" + people.length + ")"),
      el("ul", {}, people.map((p) => el("li", {},
        p.pseudonym,
        el("span", { class: "category", text: " — " + (config.categories[p.category] || p.category) }),
        p.followed_here === "yes" ? el("span", { class: "badge followed", title: t("Une personne qui la suit est présente") }, t("suivi·e présent·e")) : null))));
  }

  function render(store) {
    const current = store.currentStep;
    syncList($("steps"), store.steps, (s) => s.id, stepNode, (node, step) => fillStep(node, step, store));
    $("step-controls").replaceChildren(...controls(store).filter(Boolean));

    $("current-prompt").textContent = current ? current.prompt : t("L'atelier n'a pas commencé. Les téléphones attendent.");
    const cards = current ? store.cardList((c) => c.step_id === current.id && !c.merged_into_id).sort(cardOrder) : [];
    const pending = cards.filter((c) => c.status === "pending").length;
    $("cards-title").textContent = current ? t("Cartes : %(title)s", { title: current.title })
      + (pending ? " — " + t("%(n)s à valider", { n: pending }) : "") : t("Cartes de l'étape");
    syncList($("cards"), cards, (c) => JSON.stringify(c) + moderation.cardState(c) + store.themes.length, cardNode);
    $("cards-empty").hidden = cards.length > 0;

    const people = store.participants || [];
    $("people-title").textContent = t("Participants (%(n)s)", { n: people.length });
    $("people").replaceChildren(...config.groups.map((g) => peopleNode(g, people.filter((p) => p.peer_group === g.key))));
    method.render(store);
    moderation.render(store);
    glossary.render(store);
    if ($("programme-dialog").open) programme.render(store);
  }

  function announce(event, payload) {
    if (event === "step.changed") $("announce").textContent = t("Étape en cours : %(title)s", { title: payload.step.title });
  }
})();
