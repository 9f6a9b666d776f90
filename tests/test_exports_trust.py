"""The day's record can be trusted (issue 12) and hostile archives are refused (issue 17).

Every test here failed before its fix. The privacy tests download every export format through the
organiser's routes (so through the export processes of exports/offload.py) and read each back.
"""
from __future__ import annotations

import io
import json
import os
import zipfile
from datetime import datetime, timedelta

import openpyxl
import pytest
from docx import Document
from docx.shared import Cm
from pypdf import PdfReader

from clts_forum.exports import archive, document, layout, offload, pdf, report, sections, spreadsheet
from clts_forum.extensions import db
from clts_forum.models import Card, EvaluationAnswer, EvaluationSubmission, Participant, Position, Step, Workshop
from clts_forum.services import evaluation, glossary, organisers, workshops

import factory
from test_exports import all_text, csv_rows, docx_content, pdf_text, plain
from test_secretariat import claire, festival, signed_in  # noqa: F401  (fixtures)

UNSIGNED = "SANS ACCORD : cette carte n'est pas signée"
EVERY_FORMAT = ["report", "report/facile", "report.pdf", "report.docx", "cards.csv", "positions.csv",
                "evaluation.csv", "data.xlsx", "archive.json"]


def readable(path: str, body: bytes) -> str:
    """The text a person would read in the downloaded file, row by row or line by line."""
    if path.endswith(".pdf"):
        return pdf_text(body)
    if path.endswith(".docx"):
        return all_text(body)
    if path.endswith(".xlsx"):
        book = openpyxl.load_workbook(io.BytesIO(body))
        return "\n".join("|".join("" if v is None else str(v) for v in row)
                         for sheet in book.worksheets for row in sheet.iter_rows(values_only=True))
    text = plain(body.decode("utf-8-sig"))
    for tag in ("<li", "<tr", "<p"):  # an HTML page: one item, row or paragraph per line
        text = text.replace(tag, "\n" + tag)
    return text


def download_all(client, workshop_id: int) -> dict[str, bytes]:
    got = {}
    for path in EVERY_FORMAT:
        response = client.get(f"/organiser/workshops/{workshop_id}/{path}")
        assert response.status_code == 200, path
        got[path] = response.data
    return got


# --- consent and re-identification -------------------------------------------------------------

def test_a_card_without_consent_is_never_tied_to_its_author_in_any_format(signed_in, festival):
    """Josiane signed one card, not this one: before, the archive's `author: p1` named her."""
    josiane = db.session.scalar(db.select(Participant).filter_by(workshop_id=festival.id, pseudonym="Josiane"))
    perceptions = next(s for s in festival.steps if s.kind == "perceptions")
    db.session.add(Card(workshop_id=festival.id, step_id=perceptions.id, kind="perception", text=UNSIGNED,
                        author=josiane, peer_group="experience", consent_quote=False, client_id="unsigned-1"))
    db.session.commit()
    files = download_all(signed_in, festival.id)
    for path, body in files.items():
        for line in readable(path, body).splitlines():
            assert not ("Josiane" in line and "SANS ACCORD" in line), path
    data = json.loads(files["archive.json"])
    unsigned = next(c for c in data["cards"] if c["text"] == UNSIGNED)
    assert unsigned["author"] is None
    named = {a["ref"] for a in data["authors"]}
    # the only references to a named person are her own signed cards
    refs = [c["author"] for c in data["cards"] if c["author"]]
    assert set(refs) <= named and all(c["consent_quote"] for c in data["cards"] if c["author"])
    text = json.dumps({k: v for k, v in data.items() if k not in ("cards", "authors")})
    assert not any(f'"{ref}"' in text for ref in named)


def test_no_vote_turn_or_questionnaire_is_tied_to_anyone_in_the_archive(festival):
    """Before: positions, upvotes, turns and `evaluation.submitted_by` carried each person's ref."""
    data = archive.export(festival)
    for part in (data["positions"], data["upvotes"], data["speaking_turns"], data["evaluation"]["answers"]):
        assert all(set(item) & {"participant", "author", "submitted_by"} == set() for item in part)
    assert "submitted_by" not in data["evaluation"] and "participants" not in data
    assert {(t["peer_group"]) for t in data["speaking_turns"]} == {"experience", "practice", "research"}
    # and the report rebuilt from it reads the same: counts per group, turns and durations per group
    copy = report.build(archive.restore(json.loads(json.dumps(data))))
    original = report.build(festival)
    assert copy["share"] == original["share"] and copy["participation"] == original["participation"]
    assert [t["positions"] for s in copy["steps"] for t in s["tracks"]] == \
        [t["positions"] for s in original["steps"] for t in s["tracks"]]


def _v1_archive() -> dict:
    return {
        "schema": "clts_forum.workshop/1", "exported_at": "2026-03-12T17:00:00",
        "workshop": {"title": "Ancien atelier", "moderation": "post", "language": "fr", "template": "festival",
                     "status": "closed", "closed_at": "2026-03-12T16:00:00", "current_step": "s0"},
        "steps": [{"ref": "s0", "kind": "tracks", "title": "Pistes", "duration_minutes": 30,
                   "rules": {"post": {"kinds": ["track"], "groups": None}, "positions": True},
                   "started_at": "2026-03-12T08:30:00"}],
        "participants": [{"ref": "p1", "category": "personne_accompagnee", "peer_group": "experience",
                          "pseudonym": "Josiane", "joined_at": "2026-03-12T08:00:00"},
                         {"ref": "p2", "category": "professionnel", "peer_group": "practice", "pseudonym": None}],
        "themes": [],
        "cards": [{"ref": "c1", "step": "s0", "kind": "track", "text": "Signée", "author": "p1",
                   "written_by": "participant", "peer_group": "experience", "consent_quote": True, "links": []},
                  {"ref": "c2", "step": "s0", "kind": "track", "text": "Pas signée", "author": "p1",
                   "written_by": "participant", "peer_group": "experience", "consent_quote": False, "links": []}],
        "positions": [{"card": "c1", "participant": "p1", "peer_group": "experience", "value": "agree"},
                      {"card": "c1", "participant": "p2", "peer_group": "practice", "value": "mixed"}],
        "upvotes": [], "syntheses": [], "validations": [],
        "speaking_turns": [{"participant": "p1", "peer_group": "experience", "raised_at": "2026-03-12T08:40:00",
                            "started_at": "2026-03-12T08:41:00", "ended_at": "2026-03-12T08:44:00"}],
        "evaluation": {"questions": [], "answers": [], "submitted_by": ["p1", "p2"]},
    }


def test_a_version_1_archive_is_imported_under_the_same_rules(app):
    restored = archive.restore(_v1_archive())
    again = archive.export(restored)
    assert again["schema"] == "clts_forum.workshop/2"
    cards = {c["text"]: c for c in again["cards"]}
    assert cards["Pas signée"]["author"] is None and cards["Signée"]["author"] == "a1"
    assert again["authors"] == [{"ref": "a1", "pseudonym": "Josiane", "peer_group": "experience"}]
    assert again["positions"] == [{"card": "c1", "peer_group": "experience", "agree": 1, "mixed": 0, "disagree": 0},
                                  {"card": "c1", "peer_group": "practice", "agree": 0, "mixed": 1, "disagree": 0}]
    assert again["speaking_turns"] == [{"peer_group": "experience", "started_at": "2026-03-12T09:41:00+01:00",
                                        "ended_at": "2026-03-12T09:44:00+01:00"}]
    assert again["evaluation"]["submissions"] == 2
    assert db.session.scalar(db.select(db.func.count()).select_from(Position)
                             .where(Position.participant_id.is_not(None))) == 0


# --- evaluation: the "<5" rule -------------------------------------------------------------------

def test_a_group_under_five_respondents_shows_no_distribution_and_no_text(signed_in, festival):
    """Before: one person's free text was printed under their group's name, their score in the table."""
    found = evaluation.results(festival.id)
    scale, text = found["questions"][0], next(q for q in found["questions"] if q["kind"] == "text")
    assert scale["groups"]["experience"] == {"count": "<5", "withheld": True, "distribution": None, "mean": None}
    assert text["groups"]["experience"] == {"count": "<5", "withheld": True, "texts": []}
    files = download_all(signed_in, festival.id)
    for path, body in files.items():
        if path != "archive.json":  # the archive keeps answers per group, so a re-import can rebuild this
            assert "merci pour l'écoute" not in readable(path, body), path
    assert "ni répartition, ni moyenne, ni réponse écrite" in " ".join(pdf_text(files["report.pdf"]).split())
    assert "ni répartition, ni moyenne, ni réponse écrite" in all_text(files["report.docx"])


def test_a_group_of_five_respondents_shows_its_results(festival):
    question = festival.evaluation_questions[0]
    for value in (1, 2, 2, 4, 5):
        db.session.add(EvaluationAnswer(workshop_id=festival.id, question_id=question.id, peer_group="practice",
                                        scale_value=value))
    db.session.commit()
    practice = evaluation.results(festival.id)["questions"][0]["groups"]["practice"]
    assert practice == {"count": "6", "withheld": False, "distribution": [1, 2, 1, 1, 1], "mean": 2.83}
    tables = docx_content(document.render(report.build(festival)))[1]
    assert any(["Savoir d'action", "6", "2,8", "1", "2", "1", "1", "1"] in table for table in tables)


def test_the_console_gets_the_same_rule(app, festival, connect):
    facilitator = workshops.active_link(festival, "facilitator").token
    client = connect(facilitator)
    answer = client.emit("workshop.state", {}, callback=True)
    results = answer["state"]["evaluation"]["results"]
    assert results["questions"][0]["groups"]["experience"]["distribution"] is None


# --- figures: local time, drafts -----------------------------------------------------------------

@pytest.fixture
def march(festival):
    """The festival moved to 12 March 2026: 08:30 UTC is 09:30 in Paris."""
    moment = datetime(2026, 3, 12, 8, 30)
    for n, step in enumerate(festival.steps):
        step.started_at = moment + timedelta(minutes=40 * n)
    festival.closed_at = moment + timedelta(hours=6)
    for card in db.session.scalars(db.select(Card).filter_by(workshop_id=festival.id)):
        card.created_at = moment
    db.session.commit()
    return festival


def test_every_export_shows_the_workshops_local_time(signed_in, march):
    files = download_all(signed_in, march.id)
    for path in ("report.pdf", "report.docx", "report"):
        text = readable(path, files[path])
        assert "12/03/2026 09:30" in text and "08:30" not in text, path
        assert "heure de Paris" in text, path
    assert "12/03/2026 09:30" in readable("cards.csv", files["cards.csv"])
    assert "Écrite le (heure de Paris)" in readable("cards.csv", files["cards.csv"])
    book = openpyxl.load_workbook(io.BytesIO(files["data.xlsx"]))
    assert book["Cartes"]["I2"].value == datetime(2026, 3, 12, 9, 30)
    data = json.loads(files["archive.json"])
    assert data["steps"][0]["started_at"] == "2026-03-12T09:30:00+01:00"
    assert data["workshop"]["time_zone"] == "Europe/Paris"
    page = signed_in.get(f"/organiser/workshops/{march.id}").data.decode()
    assert "12/03/2026 15:30" in page  # closed at 14:30 UTC


def test_the_time_zone_is_the_organisation_setting(app, march):
    march.organisation.time_zone = "America/Cayenne"
    db.session.commit()
    assert "12/03/2026 05:30" in pdf_text(pdf.render(report.build(march)))


def test_a_draft_says_provisoire_on_every_page(signed_in, festival):
    festival.status = "running"
    db.session.commit()
    files = download_all(signed_in, festival.id)
    pages = PdfReader(io.BytesIO(files["report.pdf"])).pages
    assert len(pages) > 1 and all("Version provisoire" in plain(page.extract_text()) for page in pages)
    footer = Document(io.BytesIO(files["report.docx"])).sections[0].footer
    assert "Version provisoire" in footer.paragraphs[0].text
    assert "Version provisoire" in files["report/facile"].decode()


# --- what the secretariat opens ------------------------------------------------------------------

def test_the_docx_is_a4_with_properties_fitting_columns_and_page_numbers(festival):
    body = document.render(report.build(festival))
    doc = Document(io.BytesIO(body))
    section = doc.sections[0]
    assert abs(section.page_width - Cm(21)) < Cm(0.01) and abs(section.page_height - Cm(29.7)) < Cm(0.01)
    assert abs(section.left_margin - Cm(2.5)) < Cm(0.01) and section.left_margin == section.right_margin
    props = doc.core_properties
    assert props.author == "CLTS du Doubs" and props.title == festival.title and props.subject == festival.theme
    assert props.created.year == props.modified.year == datetime.now().year
    xml = zipfile.ZipFile(io.BytesIO(body)).read("word/document.xml").decode()
    footer = zipfile.ZipFile(io.BytesIO(body)).read("word/footer1.xml").decode()
    assert 'w:instr="PAGE"' in footer and 'w:instr="NUMPAGES"' in footer
    for table in doc.tables:
        assert table.rows[0]._tr.trPr is not None and "tblHeader" in table.rows[0]._tr.trPr.xml
        for n, column in enumerate(table.columns):
            width = table._tbl.tblGrid.gridCol_lst[n].w.pt
            words = [w for row in table.rows for w in row.cells[n].text.split()]
            longest = max((layout.text_width(w, 9, bold=True) for w in words), default=0)
            assert width >= longest, (table.rows[0].cells[n].text, words)
    assert xml.count("<w:tblLayout") == len(doc.tables)


def test_emoji_and_symbols_print_in_the_pdf(festival, caplog):
    track = db.session.scalar(db.select(Card).filter_by(workshop_id=festival.id, kind="track"))
    track.text = "Merci 👍 📋 🙏 ✅ à tous"
    db.session.commit()
    text = pdf_text(pdf.render(report.build(festival)))
    assert "Merci 👍 📋 🙏 ✅ à tous" in text
    assert "missing" not in caplog.text.lower()


def test_french_typography_keeps_question_marks_with_their_words(signed_in, festival):
    built = report.build(festival)
    raw = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.render(built))).pages)
    assert "agents d'accueil\u202f?" in raw  # fpdf2 prints U+00A0 as a space it never breaks at
    paragraphs, tables = docx_content(document.render(built))
    assert any("agents d'accueil\u202f?" in cell for table in tables for row in table for cell in row)
    assert any("«\u00a0sans attente\u00a0»" in p.text for p in paragraphs)
    html = signed_in.get(f"/organiser/workshops/{festival.id}/report").data.decode()
    assert "agents d&#39;accueil\u202f?" in html or "agents d'accueil\u202f?" in html
    # spreadsheets and the archive keep the text as typed
    assert "agents d'accueil ?" in spreadsheet.cards_csv(built).decode("utf-8-sig")


def test_the_workbook_has_typed_cells_and_a_card_number_joining_its_sheets(signed_in, festival):
    track = db.session.scalar(db.select(Card).filter_by(workshop_id=festival.id, kind="track"))
    track.text = "+ de permanences le samedi"
    db.session.commit()
    got = signed_in.get(f"/organiser/workshops/{festival.id}/data.xlsx")
    assert got.headers["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = openpyxl.load_workbook(io.BytesIO(got.data))
    cards, positions = book["Cartes"], book["Positions"]
    by_text = {row[5].value: row for row in cards.iter_rows(min_row=2)}
    plus, formula = by_text["+ de permanences le samedi"], by_text['=HYPERLINK("http://evil") on ne nous écoute pas']
    assert plus[5].data_type == formula[5].data_type == "s"  # text, not a formula, no apostrophe
    assert isinstance(plus[0].value, int) and isinstance(plus[8].value, datetime)
    card_ids = {row[0].value for row in cards.iter_rows(min_row=2)}
    assert {row[0].value for row in positions.iter_rows(min_row=2)} <= card_ids
    assert all(isinstance(row[4].value, int) for row in positions.iter_rows(min_row=2))
    assert book["Évaluation"]["C2"].value == "<5"


def test_csv_files_say_their_charset_once(signed_in, festival):
    for path in ("cards.csv", "positions.csv", "evaluation.csv"):
        got = signed_in.get(f"/organiser/workshops/{festival.id}/{path}")
        assert got.headers["Content-Type"] == "text/csv; charset=utf-8", path
    assert signed_in.get("/organiser/statistics.csv").headers["Content-Type"] == "text/csv; charset=utf-8"


def test_the_report_says_what_happened_in_the_synthesis_and_evaluation_steps(festival):
    blocks = list(sections.blocks(report.build(festival)))
    headings = [b[1] for b in blocks if b[0] == "heading"]
    assert headings.count("Évaluation") == 1 and "Synthèse" not in headings  # the step "Synthèse et validation" holds it
    start = headings.index("Synthèse et validation")
    after = blocks[[i for i, b in enumerate(blocks) if b[0] == "heading"][start]:]
    notes = [b[1] for b in after[:6] if b[0] == "note"]
    assert notes and "validée par chaque groupe" in notes[0]
    assert not any(b[1] == "Aucune contribution écrite à cette étape." for b in after[:6])


def test_the_easy_read_counts_people_and_names_only_the_groups_that_came(signed_in, claire):
    empty = workshops.create_workshop(title="Personne", created_by=claire)
    page = signed_in.get(f"/organiser/workshops/{empty.id}/report/facile").data.decode()
    assert "étions 0" not in page and "Personne n'a rejoint" in page
    assert "Chercheur·es" not in page
    from clts_forum.services import participants
    for n in range(6):
        participants.join(empty, pseudonym=f"P{n}", category="personne_accompagnee")
    page = signed_in.get(f"/organiser/workshops/{empty.id}/report/facile").data.decode()
    assert "Nous étions 6 personnes." in page and "Personnes concernées" in page
    assert "Professionnel·les" not in page and "Chercheur·es" not in page


# --- hostile archives, and the worker kept free ---------------------------------------------------

def test_a_deeply_nested_archive_is_refused_with_its_reason(signed_in):
    nested = b"[" * 100_000 + b"]" * 100_000
    got = signed_in.post("/organiser/import", data={"archive": (io.BytesIO(nested), "a.json")},
                         content_type="multipart/form-data")
    assert got.status_code == 400 and "imbriqué trop profondément" in got.data.decode()


def test_an_imported_glossary_goes_through_the_live_editors_rules(signed_in, festival):
    data = archive.export(festival)
    data["workshop"]["glossary"] = {"": "vide"}
    got = signed_in.post("/organiser/import", data={"archive": (io.BytesIO(json.dumps(data).encode()), "a.json")},
                         content_type="multipart/form-data")
    assert got.status_code == 400 and "Sigle" in got.data.decode()
    festival.glossary = {"": "vide", "caf": "minuscules", "CAF": "Caisse d'allocations familiales.", "RSA": ""}
    db.session.commit()
    assert glossary.entries(festival) == [{"term": "CAF", "explanation": "Caisse d'allocations familiales."}]


def test_exports_and_imports_run_in_another_process(app, signed_in, festival):
    assert signed_in.get(f"/organiser/workshops/{festival.id}/report.pdf").status_code == 200
    runners = offload.pool(app).runners
    assert runners and all(r.pid != os.getpid() and r.process.poll() is None for r in runners)
    body = signed_in.get(f"/organiser/workshops/{festival.id}/archive.json").data
    done = signed_in.post("/organiser/import", data={"archive": (io.BytesIO(body), "a.json")},
                          content_type="multipart/form-data")
    assert done.status_code == 302
    copy = db.session.scalar(db.select(Workshop).order_by(Workshop.id.desc()))
    assert copy.id != festival.id and copy.title == festival.title
