"""The moderation log export (CSV, XLSX): the audit log's moderation entries one by one, naming nobody."""
from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from clts_forum import localtime
from clts_forum.actors import link_actor, organiser_actor
from clts_forum.extensions import db
from clts_forum.models import AuditEntry
from clts_forum.services import cards, moderation, organisers, participants, steps, undo, workshops
from helpers import as_actor

PASSWORD = "un long mot de passe"
NAMES = ("Zéphyrine", "Barnabé", "Claire")
TEXTS = ("Le guichet ferme trop tôt", "Appelez-moi au 06 12 34 56 78", "Les courriers sont illisibles",
         "Les courriers sont difficiles à lire", "Pas de place pour les poussettes")


@pytest.fixture
def moderated(app):
    """A day where every kind of moderation happened: held, hidden, restored, approved, reworded (accepted
    and refused), merged, and one action undone — by the facilitator, a référent and the organiser."""
    claire = organisers.create(name="Claire", email="claire@clts.example", password=PASSWORD)
    workshop = workshops.create_workshop(title="Journée", created_by=claire)
    facilitator = link_actor(workshops.active_link(workshop, "facilitator"))
    referent = link_actor(workshops.active_link(workshop, "referent", "experience"))
    organiser = organiser_actor(claire, workshop)
    step = next(s for s in workshop.steps if s.kind == "perceptions")
    steps.goto(facilitator, step_id=step.id, from_step_id=None)
    zephyrine = participants.join(workshop, pseudonym=NAMES[0], category="personne_accompagnee")
    barnabe = participants.join(workshop, pseudonym=NAMES[1], category="personne_accompagnee")
    posted = [cards.create(as_actor(author), {"client_id": f"log-card-{n:08d}", "kind": "perception", "text": text})[0]
              for n, (author, text) in enumerate(zip([zephyrine, zephyrine, barnabe, barnabe, zephyrine], TEXTS))]
    plain, held, duplicate, kept, other = posted
    assert held.status == "pending"  # a phone number: held whatever the mode
    moderation.moderate(facilitator, {"id": plain.id, "action": "hide"})
    moderation.moderate(facilitator, {"id": plain.id, "action": "restore"})
    moderation.moderate(referent, {"id": held.id, "action": "hide"})
    first = moderation.propose_reword(facilitator, {"id": other.id, "text": "Pas de place pour les landaus"})
    moderation.answer_reword(as_actor(zephyrine), {"id": first.id, "accept": True})
    second = moderation.propose_reword(referent, {"id": kept.id, "text": "Des courriers faciles à lire"})
    moderation.answer_reword(as_actor(barnabe), {"id": second.id, "accept": False})
    moderation.merge(facilitator, {"id": duplicate.id, "into_id": kept.id})
    moderation.moderate(organiser, {"id": other.id, "action": "hide"})
    undo.undo_last(facilitator)  # the organiser's hide, undone
    return workshop


def logged_in(client):
    client.post("/login", data={"email": "claire@clts.example", "password": PASSWORD})
    return client


def moderation_entries(workshop) -> list[AuditEntry]:
    actions = ("card.hold", "card.moderate", "card.reword", "reword.accept", "reword.refuse", "card.merge",
               "card.unmerge")
    return list(db.session.scalars(db.select(AuditEntry).where(AuditEntry.workshop_id == workshop.id,
                                                               AuditEntry.action.in_(actions))
                                   .order_by(AuditEntry.id)))


EXPECTED = [  # (by, what) of each entry, in order
    ("Automatique", "Mise en attente : la carte semble nommer quelqu'un ou donner un contact (téléphone)"),
    ("Animation", "Masquée"), ("Animation", "Rétablie"), ("Référent·e — Savoir d'expérience", "Masquée"),
    ("Animation", "Reformulation proposée à l'auteur·rice"),
    ("L'auteur·rice de la carte", "Reformulation acceptée par l'auteur·rice"),
    ("Référent·e — Savoir d'expérience", "Reformulation proposée à l'auteur·rice"),
    ("L'auteur·rice de la carte", "Reformulation refusée par l'auteur·rice"),
    ("Animation", "Fusionnée avec la carte n° {kept}"),
    ("Animation (compte du comité)", "Masquée"), ("Animation", "Rétablie"),
]


def test_the_csv_matches_the_audit_log_entry_by_entry_and_names_nobody(client, moderated):
    answer = logged_in(client).get(f"/organiser/workshops/{moderated.id}/moderation.csv")
    assert answer.status_code == 200 and answer.headers["Content-Type"] == "text/csv; charset=utf-8"
    text = answer.data.decode("utf-8-sig")
    header, *rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert header[:2] == ["N° d'entrée", "Quand (heure de Paris)"]
    log = moderation_entries(moderated)
    assert len(rows) == len(log) == len(EXPECTED)
    kept = next(e for e in log if e.action == "card.merge").data["into"]
    for row, entry, (by, what) in zip(rows, log, EXPECTED):
        assert row[0] == str(entry.id)
        assert row[1] == localtime.when(moderated, entry.at)
        assert (row[2], row[3]) == (by, what.format(kept=kept))
        assert row[4] == entry.target.split(":")[1]
        assert row[5] == str(entry.data.get("undo_of") or "")
    assert rows[-1][5] == rows[-2][0]  # the undo says which entry it reverses
    for secret in NAMES + TEXTS + ("Pas de place pour les landaus", "Des courriers faciles à lire", "06 12"):
        assert secret not in text, secret


def test_the_xlsx_holds_the_same_rows_with_real_dates(client, moderated):
    answer = logged_in(client).get(f"/organiser/workshops/{moderated.id}/moderation.xlsx")
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(answer.data)).active
    rows = [row for row in sheet.iter_rows(min_row=4, values_only=True)]
    log = moderation_entries(moderated)
    assert [row[0] for row in rows] == [entry.id for entry in log]
    # real dates in the workshop's zone (a spreadsheet keeps them to the millisecond)
    assert all(abs((row[1] - localtime.local_naive(moderated, entry.at)).total_seconds()) < 0.01
               for row, entry in zip(rows, log))
    cells = " ".join(str(value) for row in sheet.iter_rows(values_only=True) for value in row if value is not None)
    for secret in NAMES + TEXTS:
        assert secret not in cells, secret


def test_a_card_held_again_on_edit_is_logged(app, moderated):
    marie = participants.join(moderated, pseudonym="Marie", category="personne_accompagnee")
    card, _ = cards.create(as_actor(marie), {"client_id": "log-card-edit-01", "kind": "perception",
                                             "text": "Rien à signaler"})
    assert card.status == "published"
    cards.edit(as_actor(marie), {"id": card.id, "text": "Écrivez à marie@example.org"})
    last = moderation_entries(moderated)[-1]
    assert (last.action, last.target, last.data["flags"]) == ("card.hold", f"card:{card.id}", ["email"])
