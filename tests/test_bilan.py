"""The bilan of a mandate like a real one (tests/mandate.py): every figure of the page and of each export."""
from __future__ import annotations

import csv
import html
import io
import os
import zipfile
from datetime import timedelta

import pytest
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from clts_forum.exports import bilan as bilan_export
from clts_forum.services import bilan
from clts_forum.services.statistics import Period

import mandate
from mandate import EXPECTED, PASSWORD, SENTENCE


@pytest.fixture(scope="module")
def built(module_app):
    return mandate.build()


@pytest.fixture(scope="module")
def data(built):
    return bilan.build(built.organisation, bilan.Scope.of_mandate(built.mandate))


def sign_in(app, account):
    client = app.test_client()
    assert client.post("/login", data={"email": account.email, "password": PASSWORD}).status_code == 302
    return client


def test_the_counts_follow_the_fixture(data):
    assert data["counts"] == EXPECTED["counts"]
    people = data["people"]
    assert {k: people[k] for k in ("members", "anonymous", "distinct", "attendances")} == EXPECTED["people"]
    assert {line["key"]: line["count"] for line in data["roster"]["categories"]} == EXPECTED["roster"]
    assert {line["key"]: line["count"] for line in people["categories"]} == EXPECTED["people_categories"]
    assert data["sentence"] == SENTENCE


def test_members_count_once_however_many_meetings(data):
    lines = [e for e in data["events"] if e["kind"] == "reunion" and e["group"] == "Aller vers les personnes"]
    assert [e["members"] for e in lines] == [5, 5, 2]  # Josiane and Karim came to all three
    assert [e["anonymous"] for e in lines] == [1, 0, 2]
    assert data["people"]["members"] == 16


def test_roster_per_group_and_who_is_listed(data):
    groups = {g["name"]: g for g in data["roster"]["groups"]}
    assert {name: g["total"] for name, g in groups.items()} == {
        "Aller vers les personnes": 8, "Numérique et accès aux droits": 6, "Logement d'abord": 6}
    first = {line["key"]: (line["count"], line["share"]) for line in groups["Aller vers les personnes"]["categories"]}
    assert first["personne_accompagnee"] == (3, 38) and first["benevole"] == (1, 13)  # published in full
    # only those who agreed are named (every other member of the roster, in the fixture)
    assert [m["name"] for m in groups["Aller vers les personnes"]["listed"]] == ["Josiane", "Nadia", "Marc", "Zoé"]


def test_planned_and_imported_events_are_not_counted(built, data):
    titles = [line["title"] for line in data["not_counted"]]
    assert sorted(titles) == sorted(w.title for w in built.not_counted)
    assert titles.count("Festival du CLTS") == 3  # the same archive imported three times, never counted
    assert sum(1 for e in data["events"] if e["title"] == "Festival du CLTS") == 1


def test_anonymous_attendance_by_category_keeps_the_small_count_rule(data):
    lines = {line["key"]: line for line in data["people"]["categories"]}
    assert lines["benevole"]["n"] == "<5" and lines["benevole"]["percent"] == "—"
    assert lines["cadre"]["n"] == "5" and lines["cadre"]["percent"] == "9 %"
    assert data["people"]["concerned"] == {"n": "20", "percent": "38 %"}


def test_the_page_shows_every_figure_and_states_the_rules(module_app, built, data):
    page = sign_in(module_app, built.secretariat).get(f"/organiser/bilan?mandate={built.mandate.id}")
    assert page.status_code == 200
    source = page.data.decode()
    text = html.unescape(source)
    assert SENTENCE in text
    assert "« <5 »" in text and "maximum" in text
    for event in data["events"]:
        assert event["title"] in text
    table = _tables(data)["Chiffres"]
    for label, value in table.rows:
        assert f"<td>{html.escape(label, quote=False)}</td><td>{value}</td>" in source
    for name in ("Josiane", "Nadia", "Marc", "Zoé"):
        assert name in text
    assert "Karim" not in text  # on the roster, did not agree to be listed


def test_the_dashboard_counts_as_the_bilan(module_app, built):
    period = f"from={mandate.START.isoformat()}&to={mandate.END.isoformat()}"
    client = sign_in(module_app, built.claire)
    page = client.get(f"/organiser/?{period}").data.decode()
    for figure in (14, 53, 16, 65, 4):
        assert f"<dd>{figure}</dd>" in page
    rows = {row[0]: row[1] for row in csv.reader(io.StringIO(
        client.get(f"/organiser/statistics.csv?{period}").data.decode("utf-8-sig")), delimiter=";") if len(row) > 1}
    assert rows["Événements tenus"] == "14" and rows["Personnes différentes"] == "53"
    assert rows["dont membres des groupes"] == "16" and rows["Présences"] == "65" and rows["Productions"] == "4"
    assert rows["Bénévole"] == "<5"


def _tables(data) -> dict:
    return {t.name: t for t in bilan_export.tables(data)}


def test_csv_holds_every_table(module_app, built, data):
    body = sign_in(module_app, built.secretariat).get(f"/organiser/bilan.csv?mandate={built.mandate.id}").data
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[2] == [SENTENCE]
    figures = {row[0]: row[1] for row in rows if len(row) == 2}
    assert figures["Membres au début"] == "20" and figures["Présences"] == "65"
    assert ["Bénévole", "<5", "—"] in rows
    assert [r[1] for r in rows if len(r) > 1 and "SOMME" in r[1]] == ["'=SOMME(A1) contribution"]
    for table in _tables(data).values():
        assert table.header in rows and len([r for r in rows if r == [table.title]]) == 1


def test_xlsx_has_one_sheet_per_table_with_typed_cells(module_app, built, data):
    body = sign_in(module_app, built.secretariat).get(f"/organiser/bilan.xlsx?mandate={built.mandate.id}").data
    book = load_workbook(io.BytesIO(body))
    tables = _tables(data)
    assert book.sheetnames == ["Bilan"] + list(tables)
    figures = {row[0]: row[1] for row in book["Chiffres"].iter_rows(min_row=4, values_only=True)}
    assert figures == {label: value for label, value in tables["Chiffres"].rows}
    assert figures["Membres au début"] == 20 and figures["Personnes différentes venues"] == 53
    members = book["Membres"]
    assert members["B4"].data_type == "n" and members["C4"].value == 30
    products = book["Productions"]
    titles = {products.cell(row=r, column=2).value: r for r in range(4, products.max_row + 1)}
    formula_like = titles["=SOMME(A1) contribution"]
    assert products.cell(row=formula_like, column=2).data_type == "s"  # text, not a formula
    assert products.cell(row=titles["+ de permanences : guide"], column=2).data_type == "s"
    assert products.cell(row=formula_like, column=1).is_date
    people = {row[0]: row[1] for row in book["Personnes"].iter_rows(min_row=4, values_only=True)}
    assert people["Bénévole"] == "<5" and people["Professionnel·le"] == 21
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        assert not any("<f>" in archive.read(name).decode() for name in archive.namelist() if name.endswith(".xml"))


def test_pdf_and_docx_hold_the_sentence_the_chart_and_the_tables(module_app, built, data):
    client = sign_in(module_app, built.secretariat)
    pdf_body = client.get(f"/organiser/bilan.pdf?mandate={built.mandate.id}").data
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf_body)).pages)
    assert " ".join(SENTENCE.replace("\u00a0", " ").split()) in text.replace("\u00a0", " ")
    for label in ("Membres par catégorie", "Chaque événement compté", "Rencontre du réseau n° 2", "Comment on compte"):
        assert label in text
    docx_body = client.get(f"/organiser/bilan.docx?mandate={built.mandate.id}").data
    document = Document(io.BytesIO(docx_body))
    assert SENTENCE in [p.text for p in document.paragraphs]
    assert len(document.inline_shapes) == 1  # the chart
    cells = {row.cells[0].text: row.cells[1].text for table in document.tables for row in table.rows
             if len(row.cells) == 2}
    assert cells["Événements comptés"] == "14" and cells["dont membres des groupes"] == "16"
    counted = [t for t in document.tables if [c.text for c in t.rows[0].cells][:3] == ["Date", "Type", "Événement"]]
    assert len(counted[0].rows) - 1 == EXPECTED["counts"]["events"]


def test_a_period_without_mandate_uses_its_first_day_for_the_roster(built):
    period = Period(mandate.START + timedelta(days=50), mandate.END)
    data = bilan.build(built.organisation, bilan.Scope(period))
    assert data["roster"]["total"] == 21  # Tardif had joined by then
    assert data["counts"]["meetings"] == 4 and "au début de la période" in data["sentence"]


def test_only_secretariat_and_admin_open_the_bilan(module_app, built):
    for account, status in [(built.secretariat, 200), (built.admin, 200), (built.claire, 403), (built.bruno, 403)]:
        assert sign_in(module_app, account).get("/organiser/bilan").status_code == status


def test_bilan_files_are_made_in_the_export_processes(module_app, built):
    from clts_forum.exports import offload

    client = sign_in(module_app, built.secretariat)
    assert client.get(f"/organiser/bilan.pdf?mandate={built.mandate.id}").status_code == 200
    runners = offload.pool(module_app).runners
    assert runners and all(r.pid != os.getpid() and r.process.poll() is None for r in runners)


def test_a_busy_export_process_answers_a_french_page(module_app, built, monkeypatch):
    from clts_forum.exports import offload
    from clts_forum.services import ServiceError

    def busy(*_args, **_kwargs):
        raise ServiceError("unavailable", "L'export n'a pas pu être fait. Réessayez dans un instant.", 503)

    monkeypatch.setattr(offload.ExportPool, "run", busy)
    answer = sign_in(module_app, built.secretariat).get(f"/organiser/bilan.docx?mandate={built.mandate.id}")
    assert answer.status_code == 503
    page = html.unescape(answer.get_data(as_text=True))
    assert "Export impossible" in page and "Réessayez dans un instant" in page
