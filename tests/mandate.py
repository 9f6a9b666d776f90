"""A mandate like a real CLTS's, built through the services (tests/test_bilan.py checks every figure).

Three working groups (one run from a second organiser's account), rosters with the bilan's categories,
members who come to several meetings (each counted once), anonymous participants, live and recorded
journées, temps forts, an "autre" event, productions; and what must not count: a planned meeting, a planned
journée, a temps fort to come, one archive imported three times, a production before the mandate, a member
who joined after the start, one who left before it.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from clts_forum.actors import link_actor, participant_actor
from clts_forum.exports import archive
from clts_forum.extensions import db
from clts_forum.services import (cards, events, mandates, members, organisations, organisers, participants,
                                 productions, retention, steps, synthesis, working_groups, workshops)

PASSWORD = "un long mot de passe"
TODAY = date.today()
START = TODAY - timedelta(days=300)
END = TODAY + timedelta(days=240)

# group -> roster: (name, category, joined, left, consent to be listed)
ROSTERS = {
    "Aller vers les personnes": [("Josiane", "personne_accompagnee"), ("Karim", "personne_accompagnee"),
                                 ("Nadia", "personne_accompagnee"), ("Éloïse", "professionnel"),
                                 ("Marc", "professionnel"), ("Luc", "professionnel"), ("Zoé", "cadre"),
                                 ("Aïcha", "benevole")],
    "Numérique et accès aux droits": [("Paul", "personne_accompagnee"), ("Inès", "professionnel"),
                                      ("Sami", "professionnel"), ("Anne", "cadre"), ("Hugo", "chercheur"),
                                      ("Lina", "etudiant")],
    "Logement d'abord": [("Rose", "personne_accompagnee"), ("Yann", "personne_accompagnee"),
                         ("Rémi", "professionnel"), ("Odile", "cadre"), ("Bruno L.", "chercheur"),
                         ("Claude", "chercheur")],
}


@dataclass
class Mandate:
    organisation: object
    admin: object
    secretariat: object
    claire: object
    bruno: object
    mandate: object
    groups: dict = field(default_factory=dict)
    members: dict = field(default_factory=dict)
    meetings: list = field(default_factory=list)
    not_counted: list = field(default_factory=list)


def _run(meeting, people: list, anonymous: list[str]) -> list:
    """Hold the meeting: started, members and anonymous participants joined, then closed."""
    facilitator = link_actor(workshops.active_link(meeting, "facilitator"))
    tracks = next(s for s in meeting.steps if s.kind == "tracks")
    steps.goto(facilitator, step_id=tracks.id, from_step_id=None)
    joined = [participants.join(meeting, member=m) for m in people]
    joined += [participants.join(meeting, pseudonym=f"Anonyme {uuid.uuid4().hex[:6]}", category=c) for c in anonymous]
    return joined


def _validate_synthesis(meeting, joined: list, text: str) -> None:
    facilitator = link_actor(workshops.active_link(meeting, "facilitator"))
    step = next(s for s in meeting.steps if s.kind == "synthesis")
    steps.goto(facilitator, step_id=step.id, from_step_id=meeting.current_step_id)
    synthesis.draft(facilitator, {"text": text})
    for group in synthesis.groups_expected(meeting.id):
        voter = next(p for p in joined if p.peer_group == group)
        synthesis.decide(participant_actor(voter), {"version": 1, "decision": "validated"})


def _close(meeting) -> None:
    retention.close(link_actor(workshops.active_link(meeting, "facilitator")), meeting)


def build() -> Mandate:
    organisation = organisations.create(name="CLTS du Doubs")
    organisation.settings = {"short_name": "CLTSDS"}
    db.session.commit()
    account = lambda name, role: organisers.create(  # noqa: E731
        name=name, email=f"{name.lower()}@clts.example", password=PASSWORD, organisation=organisation, role=role)
    admin = account("Alice", "admin")
    m = Mandate(organisation, admin, account("Sophie", "secretariat"), account("Claire", "organiser"),
                account("Bruno", "organiser"), mandates.save(admin, number=3, starts_on=START, ends_on=END))
    owners = {"Aller vers les personnes": m.claire, "Numérique et accès aux droits": m.claire,
              "Logement d'abord": m.bruno}
    for name, roster in ROSTERS.items():
        group = working_groups.create(owners[name], name=name, mandate_id=m.mandate.id)
        m.groups[name] = group
        for n, (person, category) in enumerate(roster):
            m.members[person] = members.add(group, display_name=person, category=category, joined_on=START,
                                            structure="CCAS" if category == "professionnel" else "",
                                            consent_listed=n % 2 == 0)
    first = m.groups["Aller vers les personnes"]
    # not at the start: joined after it; left before it
    m.members["Tardif"] = members.add(first, display_name="Tardif", category="etudiant",
                                      joined_on=START + timedelta(days=40))
    gone = members.add(first, display_name="Parti", category="elu", joined_on=START - timedelta(days=90))
    members.update(gone, display_name="Parti", category="elu", structure="", joined_on=gone.joined_on,
                   left_on=START - timedelta(days=10), consent_listed=False)

    def meeting(group_name: str, n: int, days: int, owner=None, carry: bool = True):
        group = m.groups[group_name]
        return working_groups.new_meeting(owner or owners[group_name], group, title=f"{group_name} — réunion {n}",
                                          when=START + timedelta(days=days), carry_forward=carry)

    people = m.members
    g1 = "Aller vers les personnes"
    m1 = meeting(g1, 1, 20)
    joined = _run(m1, [people[p] for p in ("Josiane", "Karim", "Nadia", "Éloïse", "Marc")], ["cadre"])
    cards.create(participant_actor(joined[0]), {"client_id": uuid.uuid4().hex, "kind": "track",
                                                "text": "Des permanences sans rendez-vous"})
    _close(m1)
    m2 = meeting(g1, 2, 60)
    joined = _run(m2, [people[p] for p in ("Josiane", "Karim", "Nadia", "Éloïse", "Tardif")], [])
    _validate_synthesis(m2, joined, "Aller vers : être là où les personnes vivent.")
    _close(m2)
    m3 = meeting(g1, 3, 100)
    _run(m3, [people["Josiane"], people["Karim"]], ["personne_accompagnee", "professionnel"])
    _close(m3)
    g2 = "Numérique et accès aux droits"
    n1 = meeting(g2, 1, 30)
    _run(n1, [people[p] for p in ("Paul", "Inès", "Sami", "Anne")], [])
    _close(n1)
    n2 = meeting(g2, 2, 90)
    _run(n2, [people[p] for p in ("Paul", "Inès", "Sami")], ["benevole"])
    _close(n2)
    g3 = "Logement d'abord"  # run from the second organiser's account
    l1 = meeting(g3, 1, 45)
    _run(l1, [people[p] for p in ("Rose", "Yann", "Rémi", "Odile", "Bruno L.", "Claude")], [])
    _close(l1)
    l2 = meeting(g3, 2, 120)
    _run(l2, [people[p] for p in ("Rose", "Yann", "Rémi")], [])
    m.meetings = [m1, m2, m3, n1, n2, l1, l2]
    planned_meeting = meeting(g1, 4, 400)  # after today: planned, never started

    j1 = workshops.create_workshop(title="Festival du CLTS", when=START + timedelta(days=150), created_by=m.claire)
    _run(j1, [], ["personne_accompagnee"] * 4 + ["professionnel"] * 4 + ["elu", "etudiant"])
    _close(j1)
    j2 = workshops.create_workshop(title="Journée croisement", when=START + timedelta(days=200), created_by=m.bruno)
    _run(j2, [], ["personne_accompagnee"] * 3 + ["professionnel"] * 3 + ["cadre", "chercheur"])
    _close(j2)
    events.record(m.secretariat, kind="journee", title="Journée de lancement", when=START + timedelta(days=5),
                  place="Besançon", counts={"personne_accompagnee": 5, "professionnel": 7})
    planned_day = workshops.create_workshop(title="Journée d'automne", when=TODAY + timedelta(days=30),
                                            created_by=m.claire)
    for n, (days, counts) in enumerate([(15, {"professionnel": 2, "personne_accompagnee": 1}),
                                        (110, {"cadre": 1, "professionnel": 1}),
                                        (210, {"personne_accompagnee": 2, "benevole": 1})], start=1):
        events.record(m.secretariat, kind="temps_fort", title=f"Rencontre du réseau n° {n}",
                      when=START + timedelta(days=days), place="Dijon", organiser_name="Réseau régional",
                      counts=counts)
    future_tf = events.record(m.secretariat, kind="temps_fort", title="Rencontre nationale à venir",
                              when=TODAY + timedelta(days=20), counts={"professionnel": 2})
    other = workshops.create_workshop(title="Ciné-débat", when=START + timedelta(days=170), created_by=m.claire,
                                      kind="autre")
    _run(other, [], ["personne_accompagnee", "professionnel", "cadre"])
    _close(other)
    copies = [archive.restore(archive.export(j1), created_by=m.secretariat) for _ in range(3)]
    m.not_counted = [planned_meeting, planned_day, future_tf] + copies

    promoted = productions.promote_synthesis(m.claire, m2)
    productions.advance(promoted, to="validated", on=START + timedelta(days=80))
    productions.advance(promoted, to="diffused", on=START + timedelta(days=95))
    guide = productions.create(m.secretariat, title="+ de permanences : guide", kind="guide",
                               produced_on=START + timedelta(days=130), group_ids=[m.groups[g2].id])
    productions.advance(guide, to="validated", on=START + timedelta(days=140))
    productions.create(m.secretariat, title="=SOMME(A1) contribution", kind="contribution",
                       produced_on=START + timedelta(days=220), group_ids=[m.groups[g3].id, m.groups[g1].id])
    productions.create(m.bruno, title="Vidéo des témoignages", kind="video", produced_on=START + timedelta(days=230))
    productions.create(m.secretariat, title="Avant le mandat", kind="guide", produced_on=START - timedelta(days=30))
    return m


# What the bilan must find, worked out by hand from the above.
EXPECTED = {
    "counts": {"events": 14, "temps_forts": 3, "journees": 3, "meetings": 7, "others": 1, "productions": 4,
               "members_at_start": 20},
    # members: Josiane Karim Nadia Éloïse Marc Tardif | Paul Inès Sami Anne | Rose Yann Rémi Odile Bruno L. Claude
    "people": {"members": 16, "anonymous": 4 + 10 + 8 + 12 + 3, "distinct": 16 + 37,
               "attendances": (6 + 5 + 4) + (4 + 4) + (6 + 3) + 10 + 8 + 12 + 3},
    "roster": {"personne_accompagnee": 6, "professionnel": 6, "cadre": 3, "chercheur": 3, "etudiant": 1,
               "benevole": 1, "elu": 0},
    # distinct people by category: members once (by their roster category) + anonymous ones
    # (members 6 pa, 5 prof, 2 cadres, 2 chercheurs, 1 étudiant; anonymous: m1 cadre; m3 pa, prof; n2 bénévole;
    #  j1 4 pa, 4 prof, élu, étudiant; j2 3 pa, 3 prof, cadre, chercheur; recorded 5 pa, 7 prof; autre pa, prof, cadre)
    "people_categories": {"personne_accompagnee": 6 + 1 + 4 + 3 + 5 + 1, "professionnel": 5 + 1 + 4 + 3 + 7 + 1,
                          "cadre": 2 + 1 + 1 + 1, "chercheur": 2 + 1, "etudiant": 1 + 1, "benevole": 1, "elu": 1},
}
SENTENCE = ("3 temps forts où le CLTSDS a participé dans le cadre du réseau national ou régional ; 4 productions ; "
            "3 journées organisées par le Comité ; 20 membres au début du mandat pour l'ensemble des groupes dont "
            "30\u00a0% de personnes accompagnées, 30\u00a0% de professionnel·les du travail social, 15\u00a0% de "
            "cadres, 15\u00a0% de chercheur·es et personnes qualifiées, 5\u00a0% d'étudiant·es, 5\u00a0% de "
            "bénévoles ; 7 réunions de groupes de travail ; 53 personnes différentes venues (dont 16 membres des "
            "groupes) pour 65 présences.")
