"""The workshop's outcome: every format read back, the privacy rules, "<5", the JSON round trip."""
from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from docx import Document
from pypdf import PdfReader

from clts_forum.exports import archive, document, pdf, report, spreadsheet
from clts_forum.extensions import db
from clts_forum.models import Card, Participant, Workshop
from clts_forum.services import ServiceError, organisers
from clts_forum.services.statistics import shown_count

import factory

SECRETS = list(factory.SECRET_TEXTS.values()) + ["Secret Sam", "Karim", "Nadia", "Paul", "Inès"]
TYPOGRAPHY = ["« L'accueil »", "œcuménique", "—", "Éloïse", "« sans attente »"]


@pytest.fixture
def organiser(app):
    return organisers.create(name="Claire", email="claire@clts.example", password="un long mot de passe")


@pytest.fixture
def festival(organiser):
    return factory.build(organiser)


@pytest.fixture
def built(festival):
    return report.build(festival)


def plain(text: str) -> str:
    """French typography's no-break spaces (exports/typography.py) read as plain spaces."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def pdf_text(body: bytes) -> str:
    return plain("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages))


def docx_content(body: bytes) -> tuple[list, list]:
    doc = Document(io.BytesIO(body))
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in doc.tables]
    return doc.paragraphs, tables


def all_text(body: bytes) -> str:
    paragraphs, tables = docx_content(body)
    return plain("\n".join([p.text for p in paragraphs] + ["|".join(row) for t in tables for row in t]))


def csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM for Excel
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_the_report_holds_public_content_attributed_by_consent(built):
    steps = {s["kind"]: s for s in built["steps"]}
    perceptions = [c for g in steps["perceptions"]["perceptions"] for c in g["cards"]]
    by_text = {c["text"]: c["by"] for c in perceptions}
    assert by_text["On attend des heures au guichet, debout."] == "Josiane (Savoir d'expérience)"
    assert by_text['=HYPERLINK("http://evil") on ne nous écoute pas'] == "Savoir d'expérience"
    assert [g["label"] for g in steps["perceptions"]["perceptions"]] == ["Savoir d'expérience", "Savoir d'action"]
    assert steps["peer_groups"]["summaries"][0]["by"] == "Savoir d'expérience"
    track = steps["tracks"]["tracks"][0]
    assert track["answers"] == ["On attend des heures au guichet, debout.",
                                "Les formulaires sont illisibles — même pour nous."]
    assert [(p["group"], p["agree"], p["mixed"], p["disagree"]) for p in track["positions"]] == [
        ("experience", 2, 0, 0), ("practice", 0, 1, 0), ("research", 1, 0, 1)]
    question = steps["insight"]["questions"][0]
    assert question["answered"] and question["support"] == 1 and question["by"] == "Savoir académique"
    assert steps["insight"]["insights"][0]["by"] == "Animation"
    assert built["themes"][0]["name"] == "Attente" and len(built["themes"][0]["cards"]) == 1
    assert built["synthesis"]["final"]["version"] == 2
    assert [(line["version"], line["group"], line["decision"]) for line in built["synthesis"]["log"]] == [
        (1, "experience", "changes"), (2, "experience", "validated"), (2, "practice", "validated"),
        (2, "research", "validated")]
    assert [s["cards"] for s in built["share"]] == [4, 3, 1]  # the public cards, summaries included
    assert built["share"][0]["speaking"] == "3 min 00 s" and built["share"][0]["speaking_percent"] == "50 %"
    assert built["timeline"][0]["lasted"] == 40 and built["final"] is True


def test_composition_counts_under_five_are_suppressed(built):
    assert [shown_count(n) for n in (0, 1, 4, 5, 12)] == ["0", "<5", "<5", "5", "12"]
    participation = built["participation"]
    categories = {c["key"]: (c["n"], c["percent"]) for c in participation["categories"]}
    assert categories["personne_accompagnee"] == ("6", "55 %")
    assert categories["professionnel"] == ("<5", "—") and categories["chercheur"] == ("<5", "—")
    assert categories["elu"] == ("0", "0 %")
    groups = {g["key"]: g["n"] for g in participation["groups"]}
    assert groups == {"experience": "6", "practice": "<5", "research": "<5"}
    assert participation["total_shown"] == "11"


def _assert_private(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret
    assert "participant:" not in text and "yes" not in text.split()  # no recorder, no dependency answer


def test_pdf_prints_the_report_with_its_typography(built):
    text = pdf_text(pdf.render(built))
    for expected in TYPOGRAPHY + ["Josiane (Savoir d'expérience)", "Un accueil sans rendez-vous le matin",
                                  "Journal de validation", "Participation", "<5", "Déroulé de la journée",
                                  "Méthode du croisement des savoirs", "Doubs (25)", "Anne Martin",
                                  "Comment former les agents d'accueil ?", "La honte empêche"]:
        assert expected in text, expected
    _assert_private(text)


def test_docx_has_real_headings_and_tables(built):
    body = document.render(built)
    paragraphs, tables = docx_content(body)
    headings = [(p.style.name, plain(p.text)) for p in paragraphs if p.style.name.startswith(("Heading", "Title"))]
    assert headings[0] == ("Title", built["workshop"]["title"])
    assert ("Heading 1", "Pistes d'amélioration") in headings and ("Heading 2", "Journal de validation") in headings
    assert any(p.style.name == "List Bullet" and "Josiane" in p.text for p in paragraphs)
    positions = next(t for t in tables if t[0] == ["Groupe", "D'accord", "Mitigé", "Pas d'accord"])
    assert positions[1] == ["Savoir d'expérience", "2", "0", "0"]
    composition = next(t for t in tables if t[0][0] == "Catégorie")
    assert ["Professionnel·le", "<5", "—"] in composition
    text = all_text(body)
    for expected in TYPOGRAPHY:
        assert expected in text
    _assert_private(text)


@pytest.mark.parametrize("odd", ["\x00", "\x0b", "\x1b", "\ufffe", "\uffff"], ids=["nul", "vt", "esc", "fffe", "ffff"])
def test_an_imported_archive_loses_what_typed_text_loses(festival, odd):
    """Before: the import kept NUL and control characters (SQLite took them, PostgreSQL refused the
    whole archive with a misleading message). Now its texts are cleaned as typed text is."""
    data = archive.export(festival)
    data["cards"][0]["text"] = f"Avant{odd} après{odd}"
    data["workshop"]["title"] = f"Titre{odd}"
    restored = archive.restore(data)
    assert restored.title == "Titre"
    built = report.build(restored)
    assert "Avant après" in [row[5] for row in csv_rows(spreadsheet.cards_csv(built))]
    assert "Avant après" in all_text(document.render(built)) and "Avant après" in pdf_text(pdf.render(built))


@pytest.mark.parametrize("odd", ["\x0b", "\ufffe"], ids=["vt", "fffe"])
def test_a_character_xml_cannot_hold_already_stored_leaves_the_exports_whole(festival, odd):
    """An older database may still hold such characters: the DOCX and XLSX drop them, not the file."""
    card = db.session.scalar(db.select(Card).filter_by(workshop_id=festival.id, kind="track"))
    card.text = f"Avant{odd} après{odd}"
    db.session.commit()
    built = report.build(festival)
    assert "Avant après" in all_text(document.render(built))
    book = openpyxl.load_workbook(io.BytesIO(spreadsheet.workbook(built)))
    assert "Avant après" in [row[5] for row in book["Cartes"].iter_rows(values_only=True)]


def test_csv_of_cards_neutralises_formulas_and_keeps_privacy(built):
    rows = csv_rows(spreadsheet.cards_csv(built))
    assert rows[0] == ["N° de carte", "Étape", "Type", "Groupe", "Auteur", "Texte", "Thème", "Soutiens",
                       "Écrite le (heure de Paris)"]
    texts = [row[5] for row in rows[1:]]
    assert "'=HYPERLINK(\"http://evil\") on ne nous écoute pas" in texts
    assert "'-Formulaires en FALC" in texts
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
    assert len(rows) - 1 == built["card_count"] == 9
    _assert_private(spreadsheet.cards_csv(built).decode("utf-8-sig"))


def test_csv_of_positions_is_per_group(built):
    rows = csv_rows(spreadsheet.positions_csv(built))
    assert rows[0] == ["N° de carte", "Étape", "Piste", "Groupe", "D'accord", "Mitigé", "Pas d'accord"]
    track = built["steps"][3]["tracks"][0]["id"]
    assert rows[1:4] == [[str(track), "Pistes d'amélioration", "Un accueil sans rendez-vous le matin", g, *v] for g, v in [
        ("Savoir d'expérience", ["2", "0", "0"]), ("Savoir d'action", ["0", "1", "0"]),
        ("Savoir académique", ["1", "0", "1"])]]


@pytest.mark.parametrize("cell", ["=1+1", "+33 6", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_every_formula_start_is_neutralised(cell):
    assert spreadsheet.neutralise(cell) == "'" + cell
    assert spreadsheet.neutralise("a=1") == "a=1"


def test_json_archive_has_a_schema_and_no_identity_beyond_consent(festival):
    data = archive.export(festival)
    assert data["schema"] == "clts_forum.workshop/2"
    assert {a["pseudonym"] for a in data["authors"]} == {"Josiane", "Éloïse", "Marc", "Zoé"}  # with consent
    assert sum(c["count"] for c in data["composition"]) == 11 and "participants" not in data
    _assert_private(json.dumps(data, ensure_ascii=False))
    assert len(data["cards"]) == 9 and data["workshop"]["current_step"] == "s6"
    track = next(c["ref"] for c in data["cards"] if c["kind"] == "track")
    assert data["positions"][0] == {"card": track, "peer_group": "experience", "agree": 2, "mixed": 0, "disagree": 0}
    question = next(c["ref"] for c in data["cards"] if c["kind"] == "question")
    assert data["upvotes"] == [{"card": question, "count": 1}] and data["evaluation"]["submissions"] == 4


def test_json_round_trip_gives_the_same_document(app, festival):
    first = archive.export(festival)
    restored = archive.restore(json.loads(json.dumps(first)))
    second = archive.export(restored)
    assert restored.id != festival.id and restored.join_code != festival.join_code
    first.pop("exported_at"), second.pop("exported_at")
    assert first == second
    # and the report of the copy reads the same
    original, copy = report.build(festival), report.build(restored)
    for part in ("steps", "themes", "synthesis", "evaluation", "participation", "share", "timeline"):
        assert _without_ids(original[part]) == _without_ids(copy[part]), part
    assert all(p.purged_at for p in db.session.scalars(db.select(Participant).filter_by(workshop_id=restored.id))
               if p.pseudonym.startswith("Participant·e"))


def _without_ids(value):
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items() if k not in ("id", "theme_id")}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


@pytest.mark.parametrize("damage", [
    lambda d: d.update(schema="other/9"),
    lambda d: d["cards"][0].update(kind="bomb"),
    lambda d: d["cards"][0].update(author="a999"),
    lambda d: d["cards"][1].update(author="a1"),  # a card without consent naming someone
    lambda d: d["positions"][0].update(agree=-1),
    lambda d: d["positions"][0].update(agree=12),  # more than the participants
    lambda d: d["composition"][0].update(category=None),
    lambda d: d["workshop"].update(glossary={"": "vide"}),  # an empty term made every phone hang
    lambda d: d["workshop"].update(glossary={"CAF": ""}),
    lambda d: d["steps"][1].update(duration_minutes=601),  # the step editor's limit
    lambda d: d["steps"][1].update(title="  "),
    lambda d: d["cards"][0].update(text="x" * 2001),
    lambda d: d["evaluation"]["answers"][0].update(scale_value=6),
    lambda d: d["evaluation"].update(submissions=12),
    lambda d: d.update(steps="nope"),
    lambda d: d["validations"][0].update(version=42),
    lambda d: d["workshop"].update(date="hier"),
    lambda d: d["steps"][1].update(rules={"post": {"kinds": ["virus"]}}),
    lambda d: d["cards"][0].update(links=["c404"]),
    lambda d: d.update(cards=[{"ref": "c1"}]),
    lambda d: d["authors"][1].update(pseudonym=d["authors"][0]["pseudonym"].upper()),
    lambda d: d["cards"][1].update(ref="c1"),
])
def test_a_damaged_archive_is_refused_and_changes_nothing(festival, damage):
    data = json.loads(json.dumps(archive.export(festival)))
    damage(data)
    before = db.session.scalar(db.select(db.func.count()).select_from(Workshop))
    with pytest.raises(ServiceError) as refused:
        archive.restore(data)
    assert refused.value.code == "invalid_archive"
    assert db.session.scalar(db.select(db.func.count()).select_from(Workshop)) == before


def test_a_running_workshop_gives_a_draft(festival):
    festival.status = "running"
    db.session.commit()
    built = report.build(festival)
    assert built["final"] is False
    assert "Version provisoire" in pdf_text(pdf.render(built))
