"""Every payload of the shared XSS corpus, stored through the services in the text fields, then
rendered in a real browser on every page that shows them: no script may run, and the text must read
as typed.

To check one more page, add an entry to `PAGES`.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pytest
from playwright.sync_api import expect

from live_server import app_for
from xss_corpus import answer_evaluation, corpus, readable, shown_as, store_everywhere

from e2e.browser import BOARD, LAPTOP, PHONE

# Runs before any page script: every way a payload could announce itself sets a marker.
TRAP = """
window.__xss = [];
for (const name of ["alert", "prompt", "confirm", "print"]) {
  window[name] = function () { window.__xss.push(name); };
}
document.addEventListener("securitypolicyviolation", (e) => window.__xss.push("csp:" + e.violatedDirective));
"""
GROUP_LABELS = {"experience": "Savoir d'expérience", "practice": "Savoir d'action", "research": "Savoir académique"}


@pytest.fixture(scope="module")
def stored(database_url):
    """A workshop holding every payload in every text field, at its perceptions step (its evaluation
    answered on the way), and a second one held at its evaluation step, where the console shows the
    answers and the phones the questionnaire."""
    from clts_forum.services import organisers, workshops

    payloads = corpus()
    assert len(payloads) > 500
    with app_for(database_url):
        everywhere = store_everywhere(payloads)
        workshop = everywhere.workshop
        evaluated = workshops.create_workshop(title="Évaluation", theme="XSS", place="Navigateur")
        answered = answer_evaluation(evaluated, payloads, everywhere.evaluation.questions)
        sample = [p[:1000] for p in readable(payloads)]
        assert len(sample) >= 10
        organisers.create(name="Secrétariat", email="secretariat@clts.example", password="un long mot de passe")
        # on the report an answer reads "its lines — its group", which no card does
        answers = [f"{text} — {GROUP_LABELS[group]}" for text, group in everywhere.evaluation.answers
                   if any(shown_as(p) in shown_as(text) for p in sample)]
        assert answers
        facts = [workshop.title, workshop.theme, workshop.place, workshop.organiser_name, workshop.territory,
                 workshop.facilitation_team]
        return {"code": workshop.join_code, "workshop_id": workshop.id, "sample": sample, "answers": answers,
                "facts": facts,
                "links": {role: workshops.active_link(workshop, role).token for role in ("board", "facilitator")},
                "referent": workshops.active_link(workshop, "referent", "experience").token,
                "evaluated": {"code": evaluated.join_code, "questions": answered.questions,
                              "facilitator": workshops.active_link(evaluated, "facilitator").token}}


@dataclass
class Page:
    path: Callable[[dict], str]
    device: dict
    ready: str  # what the page shows once its live state has arrived
    shows: Callable[[dict], list[str]]  # texts that must read as typed, whitespace collapsed
    within: str = "body"


PAGES = {
    "board": Page(lambda s: f"/b/{s['links']['board']}", BOARD, ".card", lambda s: s["sample"]),
    "facilitator": Page(lambda s: f"/f/{s['links']['facilitator']}", LAPTOP, ".card", lambda s: s["sample"]),
    "referent": Page(lambda s: f"/r/{s['referent']}", LAPTOP, ".card", lambda s: s["sample"]),
    # a phone shows the current step's cards only, the others everything
    "phone": Page(lambda s: f"/j/{s['code']}", PHONE, ".card", lambda s: []),
    "report": Page(lambda s: f"/organiser/workshops/{s['workshop_id']}/report", LAPTOP, "h1",
                   lambda s: s["facts"] + s["sample"] + s["answers"]),
    "easy-report": Page(lambda s: f"/organiser/workshops/{s['workshop_id']}/report/facile", LAPTOP, "h1",
                        lambda s: [s["facts"][1], s["facts"][2]]),  # the theme and the place
    "facilitator-evaluation": Page(lambda s: f"/f/{s['evaluated']['facilitator']}", LAPTOP, ".evaluation-results",
                                   lambda s: s["evaluated"]["questions"] + s["sample"],
                                   within=".evaluation-results"),
    "phone-evaluation": Page(lambda s: f"/j/{s['evaluated']['code']}", PHONE, ".evaluation-form",
                             lambda s: s["evaluated"]["questions"], within=".evaluation-form"),
}


@pytest.mark.parametrize("page_name", sorted(PAGES))
def test_no_payload_runs_and_each_reads_as_typed(browser, server, stored, page_name):
    shown = PAGES[page_name]
    context = browser.new_context(base_url=server.url, **shown.device)
    context.set_default_timeout(30_000)
    context.add_init_script(TRAP)
    dialogs = []
    context.on("page", lambda page: page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss())))
    try:
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        if page_name.startswith("phone"):  # a phone that joined: its identity is in the session cookie
            page.goto(shown.path(stored))
            page.get_by_label("Votre prénom ou un pseudonyme").fill("Lectrice")
            page.get_by_label("Personne accompagnée", exact=True).check()
            page.get_by_role("button", name="Entrer dans l'atelier").click()
        elif "report" in page_name:  # the secretariat's printable report: no live connection
            page.goto("/login")
            page.locator("input[name=email]").fill("secretariat@clts.example")
            page.locator("input[name=password]").fill("un long mot de passe")
            page.get_by_role("button", name="Se connecter").click()
            page.goto(shown.path(stored))
        else:
            page.goto(shown.path(stored))
        if "report" not in page_name:
            expect(page.locator("body")).to_have_attribute("data-connection", "online")
        expect(page.locator(f"{shown.ready}:visible").first).to_be_visible()
        page.wait_for_timeout(500)
        text = " ".join(page.locator(shown.within).first.evaluate("node => node.textContent").split())
        assert dialogs == []
        assert page.evaluate("window.__xss") == []
        missing = [p for p in shown.shows(stored) if shown_as(p) not in text]
        examples = [m[:120] for m in missing[:3]]
        assert not missing, f"{len(missing)} payloads not shown as typed on {page_name}, e.g. {examples}"
        assert page.locator("script:not([src]):not([type='application/json'])").count() == 0
        page.evaluate("alert('probe')")  # the trap itself works: a payload's alert would have been seen
        assert page.evaluate("window.__xss") == ["alert"]
    finally:
        context.close()
