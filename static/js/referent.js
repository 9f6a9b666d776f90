/* A référent's view: their peer group's cards (every status) and members, the group's proposals to
 * confirm, and the group's decision on the synthesis. Nothing of other groups' rooms. */
(function () {
  "use strict";
  const { t, el, syncList, connect } = window.CLTS;
  const ui = window.CLTS.ui;
  const $ = (id) => document.getElementById(id);
  const STATUS_LABELS = { pending: t("En attente"), published: t("Publiée"), hidden: t("Masquée") };
  const RELEASE_STATUS = { proposed: t("à confirmer"), confirmed: t("partagé avec la salle"), cancelled: t("retiré") };

  const live = connect(render);

  async function call(event, payload) {
    $("referent-error").textContent = "";
    const ack = await live.request(event, payload);
    if (!ack.ok) $("referent-error").textContent = ack.error.message;
    live.render();
  }

  let rewording = null;

  function moderationRow(card) {
    const act = (action) => () => call("card.moderate", { id: card.id, action });
    const small = (label, onclick, primary) => el("button", { type: "button", class: "button small" + (primary ? " primary" : ""), onclick }, label);
    const row = el("div", { class: "row card-actions" },
      card.status === "pending" ? small(t("Valider"), act("approve"), true) : null,
      ["pending", "published"].includes(card.status) ? small(t("Masquer"), act("hide")) : null,
      card.status === "hidden" ? small(t("Rétablir"), act("restore")) : null,
      card.author_id && card.status !== "hidden" ? small(t("Reformuler"), () => { rewording = card.id; live.render(); }) : null);
    if (rewording !== card.id) return [row];
    const area = el("textarea", { rows: 3, maxlength: 2000, "aria-label": t("Nouvelle formulation proposée à l'auteur·rice") });
    area.value = card.text;
    return [row, el("div", { class: "reword-form" }, area, el("div", { class: "row" },
      small(t("Proposer à l'auteur·rice"), () => call("card.reword", { id: card.id, text: area.value }).then(() => { rewording = null; live.render(); }), true),
      small(t("Annuler"), () => { rewording = null; live.render(); })))];
  }

  function cardNode(card) {
    return el("li", { class: "card status-" + card.status },
      el("p", { class: "card-text", text: card.text }),
      el("p", { class: "card-meta" }, card.author_pseudonym || "",
        el("span", { class: "badge", text: STATUS_LABELS[card.status] || card.status }),
        card.written_by === "referent" ? el("span", { class: "badge", text: t("écrite par vous") }) : null,
        card.sealed && !card.released ? el("span", { class: "badge sealed", text: t("dans le groupe") }) : null,
        ...(card.flags || []).map(() => el("span", { class: "badge flag", text: t("⚠ information personnelle ?") })).slice(0, 1)),
      ...moderationRow(card));
  }

  // -- scribe mode: writing for someone of the group who has no phone --------------------------------
  $("scribe").addEventListener("submit", async (event) => {
    event.preventDefault();
    const kinds = (live.store.currentStep || { rules: { post_kinds: [] } }).rules.post_kinds;
    const ack = await live.request("card.scribe", { client_id: window.CLTS.newClientId(), kind: kinds[0],
      pseudonym: $("scribe-name").value, text: $("scribe-text").value });
    $("referent-error").textContent = ack.ok ? "" : ack.error.message;
    if (ack.ok) $("scribe-text").value = "";
    live.render();
  });

  function releaseNode(release) {
    return el("li", { class: "card release status-" + release.status },
      el("p", { class: "card-meta", text: RELEASE_STATUS[release.status] }),
      release.summary ? el("p", { class: "card-text", text: release.summary }) : null,
      el("ul", { class: "release-cards" }, release.card_ids.map((id) => el("li", { text: (live.store.cards.get(id) || {}).text || "" }))),
      release.status === "proposed" ? el("div", { class: "row" },
        el("button", { type: "button", class: "button primary", onclick: () => call("release.confirm", { id: release.id }) }, t("Confirmer le partage")),
        el("button", { type: "button", class: "button", onclick: () => call("release.cancel", { id: release.id }) }, t("Retirer"))) : null);
  }

  function renderSynthesis(store, step) {
    const latest = store.latestSynthesis;
    const open = step && step.rules.validation && latest && store.synthesis.final_version !== latest.version;
    $("synthesis-panel").hidden = !latest;
    if (!latest) return;
    $("synthesis-version").textContent = t("Version %(n)s", { n: latest.version });
    $("synthesis-text").textContent = latest.text;
    $("synthesis-status").replaceChildren(ui.validationStatus(store));
    $("synthesis-decide").hidden = !open;
  }

  function decide(decision) {
    const latest = live.store.latestSynthesis;
    call("synthesis.decide", { version: latest.version, decision, comment: $("synthesis-comment").value })
      .then(() => { $("synthesis-comment").value = ""; });
  }
  $("validate").addEventListener("click", () => decide("validated"));
  $("ask-changes").addEventListener("click", () => decide("changes"));

  function render(store) {
    const step = store.currentStep;
    $("step-name").textContent = step ? t("Étape en cours : %(title)s", { title: step.title }) : t("L'atelier n'a pas commencé.");
    const group = store.me.peer_group;
    const cards = store.cardList((c) => c.peer_group === group).reverse();
    syncList($("cards"), cards, (c) => [c.id, c.status, c.text, c.released, rewording === c.id, JSON.stringify(c.reword)].join(":"), cardNode);
    const kinds = step && !step.locked && !store.workshop.paused ? step.rules.post_kinds : [];
    $("scribe-panel").hidden = !kinds.length;
    $("cards-empty").hidden = cards.length > 0;
    const releases = store.releases.slice().reverse();
    syncList($("releases"), releases, (r) => r.id + ":" + r.status, releaseNode);
    $("releases-panel").hidden = releases.length === 0;
    renderSynthesis(store, step);
    const people = store.participants || [];
    $("people-title").textContent = t("Membres du groupe (%(n)s)", { n: people.length });
    syncList($("people"), people, (p) => p.id + ":" + p.followed_here, (p) => el("li", {}, p.pseudonym,
      p.followed_here === "yes" ? el("span", { class: "badge followed" }, t("suivi·e présent·e")) : null));
  }
})();
