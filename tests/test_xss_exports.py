"""Every payload of the shared XSS corpus, stored through the services, then exported as the
secretariat does: the PDF, the Word document, the CSV files and the JSON archive give each one back
as typed, and no CSV cell can run as a formula or break its row.

The browser side (the same payloads on every page) is e2e/test_xss_corpus.py.
"""
from __future__ import annotations

import io
import json
import re
import uuid
import zipfile
from xml.etree import ElementTree

import pytest
from fontTools.ttLib import TTFont

from clts_forum.exports import archive, document, pdf, report, spreadsheet
from clts_forum.extensions import db
from clts_forum.models import Card, Synthesis, Theme, Workshop

from test_exports import csv_rows, docx_content, pdf_text
from xss_corpus import corpus, readable, shown_as, store_everywhere

# The classic spreadsheet injections, which the HTML corpus hardly holds: each goes in every CSV column.
FORMULAS = ["=1+1", '=HYPERLINK("http://evil.example";"clic")', "+33 6 12 34 56 78", "-2+3", "@SUM(A1:A2)",
            "=cmd|' /C calc'!A0", "\t=1+1 après une tabulation", "\r\n-1 après un retour chariot"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FONT_GLYPHS = TTFont(str(pdf.FONTS / "DejaVuSans.ttf")).getBestCmap()  # what the PDF can print
GROUP_LABEL = {"experience": "Savoir d'expérience", "practice": "Savoir d'action", "research": "Savoir académique"}


def as_cell(text: str) -> str:
    """What a CSV cell must hold for `text`: a formula start behind an apostrophe, anything else as is."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def bare(text: str) -> str:
    """Without any whitespace: a PDF wraps long lines where it can, even inside a word."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def outcome(module_app):
    """One workshop with every payload in every text field, as far as the secretariat's exports go:
    held cards approved, rewordings accepted, cards sorted into themes, tracks proposed, and the
    formulas in each column of the CSV files. Exported once; the tests read the files back."""
    from clts_forum.actors import link_actor, participant_actor
    from clts_forum.services import cards, moderation, participants, steps, themes, workshops

    payloads = corpus()
    stored = store_everywhere(payloads)
    workshop = stored.workshop
    facilitator = link_actor(workshops.active_link(workshop, "facilitator"))
    for reword in stored.rewords:
        moderation.answer_reword(participant_actor(reword.card.author), {"id": reword.id, "accept": True})
    for n, theme in enumerate(stored.themes):
        themes.assign(facilitator, {"theme_id": theme.id,
                                    "card_ids": [c.id for c in stored.cards[n::len(stored.themes)]]})
    perceptions = workshop.current_step
    steps.update(facilitator, {"id": perceptions.id, "title": FORMULAS[0]})
    formulas = themes.create(facilitator, {"name": FORMULAS[4]})
    posted = []
    for n, formula in enumerate(FORMULAS):
        author = participants.join(workshop, pseudonym=f"{formula[:30]} {n}", category="personne_accompagnee",
                                   quote_by_default=True)
        posted.append(cards.create(participant_actor(author), {"client_id": uuid.uuid4().hex, "kind": "perception",
                                                               "text": formula})[0])
    themes.assign(facilitator, {"theme_id": formulas.id, "card_ids": [c.id for c in posted]})

    def approve_held(held: list[Card]) -> None:  # a text that looks like a name or a phone number waits
        for card in held:
            if card.status == "pending":
                moderation.moderate(facilitator, {"id": card.id, "action": "approve"})

    approve_held(stored.cards + posted)
    tracks = next(s for s in workshop.steps if s.kind == "tracks")
    steps.goto(facilitator, step_id=tracks.id, from_step_id=perceptions.id)
    proposer = participant_actor(stored.authors[0])
    for n, text in enumerate(FORMULAS + readable(payloads)):
        posted.append(cards.create(proposer, {"client_id": uuid.uuid4().hex, "kind": "track", "text": text,
                                              "links": [stored.cards[n].id, stored.cards[-n - 1].id]})[0])
    approve_held(posted)
    built = report.build(workshop)
    return {"payloads": payloads, "stored": stored, "report": built, "workshop_id": workshop.id,
            "cards": stored.questions + stored.cards + posted, "pdf": pdf_text(pdf.render(built)),
            "docx": document.render(built), "cards_csv": spreadsheet.cards_csv(built),
            "positions_csv": spreadsheet.positions_csv(built)}


def test_every_card_is_exported(outcome):
    assert {c.status for c in outcome["cards"]} == {"published"}
    stored = outcome["stored"]
    assert all(r.card.text == r.proposed_text for r in stored.rewords)
    reworded = {r.card_id for r in stored.rewords}
    # stored as typed (within a card's 1,000 characters), only trimmed: the exports give back the typed text
    assert all(card.text == payload[:1000].strip() for card, payload in zip(stored.cards, outcome["payloads"])
               if card.id not in reworded)
    assert outcome["report"]["card_count"] == len(outcome["cards"]) > len(outcome["payloads"])


def by(card: Card) -> str:
    """The attribution the report prints: every author here consented to be quoted."""
    return f"{card.author.pseudonym} ({GROUP_LABEL[card.peer_group]})" if card.author else "Animation"


def font_prints(text: str) -> bool:
    """Whether the PDF's font has a glyph for every visible character: one it lacks prints as nothing."""
    return all(ord(c) in FONT_GLYPHS for c in text if not c.isspace())


def test_the_pdf_prints_the_payloads_as_typed(outcome):
    workshop = db.session.get(Workshop, outcome["workshop_id"])
    # "title — 3/12" (or "title — Version provisoire — 3/12"), mid-text at a page break
    footer = re.escape(bare(f"{workshop.title} —")) + r"(Versionprovisoire—)?\d+/\d+"
    text = re.sub(footer, "", bare(outcome["pdf"]))
    answered = outcome["stored"].evaluation
    expected = readable(outcome["payloads"], every=1) + [workshop.title, workshop.theme, workshop.place,
                                                         workshop.organiser_name, workshop.territory,
                                                         workshop.facilitation_team]
    expected += [f"{answer} — {GROUP_LABEL[group]}" for answer, group in answered.answers]
    expected += answered.questions + [theme.name for theme in outcome["stored"].themes]
    unprintable = [e for e in expected if not font_prints(e)]
    assert len(unprintable) <= 2  # the fullwidth "ｅｘｐｒｅｓｓｉｏｎ" of one payload, in its card and its answer
    missing = [e for e in expected if font_prints(e) and bare(e) not in text]
    assert not missing, f"{len(missing)} texts not in the PDF as typed, e.g. {[m[:120] for m in missing[:3]]}"


def test_the_pdf_keeps_words_apart_at_a_tab(outcome):
    text = shown_as(outcome["pdf"])
    tabbed = [p for p in outcome["payloads"] if "\t" in p.strip()]
    assert tabbed and all(shown_as(p) in text for p in tabbed)


def test_the_docx_is_well_formed_and_holds_every_payload_as_typed(outcome):
    body = outcome["docx"]
    with zipfile.ZipFile(io.BytesIO(body)) as parts:
        for name in parts.namelist():
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(parts.read(name))  # raises on any malformed part
    paragraphs, tables = docx_content(body)
    # compared without whitespace: French typography turns spaces before ? ! ; : and inside « » into no-break ones
    lines = {bare(p.text) for p in paragraphs} | {bare(cell) for table in tables for row in table for cell in row}
    workshop = db.session.get(Workshop, outcome["workshop_id"])
    cards = outcome["cards"]
    expected = [f"{c.text} — {by(c)}" for c in cards if c.kind == "perception"]
    expected += [c.text for c in cards if c.kind == "question"]
    expected += [f"{n}. {c.text} — {by(c)}" for n, c in enumerate((c for c in cards if c.kind == "track"), 1)]
    answered = outcome["stored"].evaluation
    expected += [f"{answer} — {GROUP_LABEL[group]}" for answer, group in answered.answers] + answered.questions
    expected += [theme.name for theme in outcome["stored"].themes]
    expected += db.session.scalars(db.select(Synthesis.text).filter_by(workshop_id=workshop.id)).all()
    expected += [workshop.title, workshop.theme, workshop.place, workshop.organiser_name, workshop.territory,
                 workshop.facilitation_team]
    missing = [e for e in expected if bare(e) not in lines]
    assert not missing, f"{len(missing)} texts not in the DOCX as typed, e.g. {[m[:120] for m in missing[:3]]}"


def test_the_cards_csv_gives_each_text_back_and_runs_no_formula(outcome):
    rows = csv_rows(outcome["cards_csv"])
    assert rows[0] == ["N° de carte", "Étape", "Type", "Groupe", "Auteur", "Texte", "Thème", "Soutiens",
                       "Écrite le (heure de Paris)"]
    assert all(len(row) == 9 for row in rows)  # no text broke its row or split a cell
    assert not [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]
    cards = outcome["cards"]
    assert len(rows) - 1 == len(cards)
    step = {s.id: s.title for s in db.session.get(Workshop, outcome["workshop_id"]).steps}
    themes = db.session.scalars(db.select(Theme).filter_by(workshop_id=outcome["workshop_id"]))
    theme = {t.id: t.name for t in themes}
    for column, of in [(1, lambda c: step[c.step_id]), (4, by), (5, lambda c: c.text),
                       (6, lambda c: theme.get(c.theme_id, ""))]:
        assert sorted(row[column] for row in rows[1:]) == sorted(as_cell(of(c)) for c in cards), rows[0][column]
    for column in (1, 4, 5, 6):  # the step title, a pseudonym, a card, a theme: each began with a formula
        assert any(row[column][:2] in ("'=", "'+", "'-", "'@") for row in rows[1:]), rows[0][column]


def test_the_positions_csv_has_one_row_per_track_and_group(outcome):
    rows = csv_rows(outcome["positions_csv"])
    tracks = [c for c in outcome["cards"] if c.kind == "track"]
    assert all(len(row) == 7 for row in rows) and len(rows) - 1 == 3 * len(tracks)
    assert not [cell for row in rows for cell in row if cell.startswith(FORMULA_STARTS)]
    assert [row[2] for row in rows[1::3]] == [as_cell(c.text) for c in sorted(tracks, key=lambda c: c.id)]
    assert [row[0] for row in rows[1::3]] == [str(c.id) for c in sorted(tracks, key=lambda c: c.id)]


def test_the_json_archive_round_trips_every_payload(outcome):
    workshop = db.session.get(Workshop, outcome["workshop_id"])
    first = archive.export(workshop)
    assert sorted(c["text"] for c in first["cards"]) == sorted(c.text for c in outcome["cards"])
    restored = archive.restore(json.loads(json.dumps(first)))
    second = archive.export(restored)
    first.pop("exported_at"), second.pop("exported_at")
    assert first == second
