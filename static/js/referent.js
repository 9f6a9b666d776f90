/* A référent's view: their peer group's cards (every status) and members, nothing of other groups' rooms. */
(function () {
  "use strict";
  const { t, el, syncList, connect } = window.CLTS;
  const $ = (id) => document.getElementById(id);
  const STATUS_LABELS = { pending: t("En attente"), published: t("Publiée"), hidden: t("Masquée") };

  connect(render);

  function cardNode(card) {
    return el("li", { class: "card status-" + card.status },
      el("p", { class: "card-text", text: card.text }),
      el("p", { class: "card-meta" }, card.author_pseudonym || "",
        el("span", { class: "badge", text: STATUS_LABELS[card.status] || card.status })));
  }

  function render(store) {
    const step = store.currentStep;
    $("step-name").textContent = step ? t("Étape en cours : %(title)s", { title: step.title }) : t("L'atelier n'a pas commencé.");
    const group = store.me.peer_group;
    const cards = store.cardList((c) => c.peer_group === group).reverse();
    syncList($("cards"), cards, (c) => c.id + ":" + c.status + ":" + c.text, cardNode);
    $("cards-empty").hidden = cards.length > 0;
    const people = store.participants || [];
    $("people-title").textContent = t("Membres du groupe (%(n)s)", { n: people.length });
    syncList($("people"), people, (p) => p.id + ":" + p.followed_here, (p) => el("li", {}, p.pseudonym,
      p.followed_here === "yes" ? el("span", { class: "badge followed" }, t("suivi·e présent·e")) : null));
  }
})();
