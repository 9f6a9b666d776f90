/* The projected board: the current step's published cards in one column per peer group. */
(function () {
  "use strict";
  const { config, t, el, syncList, connect } = window.CLTS;
  const $ = (id) => document.getElementById(id);

  connect(render);

  function columnNode(group) {
    return el("section", { class: "column group-" + group.key, "aria-labelledby": "col-" + group.key },
      el("h2", { id: "col-" + group.key },
        el("span", { class: "column-title", text: group.label }),
        el("span", { class: "column-count" })),
      el("ul", { class: "cards" }));
  }

  function cardNode(card) {
    return el("li", { class: "card kind-" + card.kind },
      el("p", { class: "card-text", text: card.text }),
      card.author ? el("p", { class: "card-meta", text: card.author }) : null);
  }

  function render(store) {
    const step = store.currentStep;
    $("step-title").textContent = step ? step.title : t("L'atelier va commencer");
    $("step-prompt").textContent = step ? step.prompt : t("Rejoignez l'atelier avec votre téléphone.");
    document.body.classList.toggle("waiting", !step);

    const cards = step ? store.cardList((c) => c.step_id === step.id) : [];
    const groups = config.groups.slice();
    if (cards.some((c) => !c.peer_group)) groups.push({ key: "staff", label: t("Animation") });
    const shown = groups.filter((g) => g.key === "staff" || !step || step.rules.post_groups === null
      || step.rules.post_groups.includes(g.key) || cards.some((c) => c.peer_group === g.key));

    syncList($("columns"), shown, (g) => g.key, columnNode);
    for (const group of shown) {
      const column = $("columns").querySelector(".group-" + group.key);
      const mine = cards.filter((c) => (c.peer_group || "staff") === group.key).reverse();
      column.querySelector(".column-count").textContent = t("%(n)s cartes", { n: mine.length });
      syncList(column.querySelector(".cards"), mine, (c) => c.id + ":" + c.text, cardNode);
    }
    renderGauge(store.composition);
  }

  function renderGauge(composition) {
    const total = composition.total || 0;
    const items = config.groups.map((g) => ({ key: g.key, label: g.short, n: composition.groups[g.key] || 0 }));
    syncList($("gauge"), items, (g) => g.key + ":" + g.n, (g) =>
      el("p", { class: "gauge-item group-" + g.key },
        el("span", { class: "gauge-n", text: String(g.n) }), " ", g.label));
    $("gauge-total").textContent = t("%(n)s participant·es", { n: total });
  }
})();
