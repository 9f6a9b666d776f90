"""`flask demo`: a committee to try the product on — the festival, a working group with its members and two
meetings (the second starting from the first), a temps fort, a production and a mandate for the bilan.

Made once (each part is found by its name on the next run). The demo's admin account is invited: the command
prints its one-time link until its password is set.
"""
from __future__ import annotations

from datetime import date, timedelta

from .actors import link_actor, participant_actor
from .extensions import db
from .models import Mandate, Organiser, WorkingGroup, Workshop
from .services import (cards, events, invitations, mandates, members, organisations, organisers, participants,
                       productions, retention, steps, synthesis, working_groups, workshops)

FESTIVAL_TITLE = "Festival du CLTS (démonstration)"
GROUP_NAME = "Aller vers les personnes : un enjeu de cohésion sociale"
ADMIN_EMAIL = "secretariat@demo.clts.example"
ROSTER = [("Josiane", "personne_accompagnee", "", True), ("Karim", "personne_accompagnee", "", False),
          ("Éloïse", "professionnel", "CCAS de Besançon", True), ("Marc", "professionnel", "Conseil départemental", True),
          ("Zoé", "cadre", "CAF du Doubs", True), ("Hugo", "chercheur", "Université de Franche-Comté", False)]
TRACKS = ["Des permanences sans rendez-vous dans les quartiers", "Un numéro unique pour les premières démarches",
          "Des binômes professionnel·le et pair-aidant pour aller vers"]


def festival() -> Workshop:
    found = db.session.scalar(db.select(Workshop).filter_by(title=FESTIVAL_TITLE))
    return found or workshops.create_workshop(
        title=FESTIVAL_TITLE, theme="Comment améliorer l'accueil dans les services sociaux ?",
        when=date.today(), place="Maison des associations", organiser_name="CLTS (démonstration)")


def admin() -> tuple[Organiser, str | None]:
    """The demo organisation's first admin; a new one-time link for it until someone has logged in with it."""
    organisation = organisations.default()
    found = db.session.scalar(db.select(Organiser).filter_by(organisation_id=organisation.id, role=organisers.ADMIN)
                              .order_by(Organiser.id).limit(1))
    if found is None:
        found = organisers.create_invited(name="Secrétariat (démonstration)", email=ADMIN_EMAIL,
                                          role=organisers.ADMIN, organisation=organisation)
    return found, None if _has_logged_in(found) else invitations.issue(found, by=None)


def _has_logged_in(account: Organiser) -> bool:
    from .models import AccountSession

    return db.session.scalar(db.select(AccountSession.id).filter_by(organiser_id=account.id).limit(1)) is not None


def _run_first_meeting(meeting: Workshop, people: list) -> None:
    facilitator = link_actor(workshops.active_link(meeting, "facilitator"))
    tracks_step = next(s for s in meeting.steps if s.kind == "tracks")
    steps.goto(facilitator, step_id=tracks_step.id, from_step_id=None)
    joined = [participants.join(meeting, member=m) for m in people[:4]]
    for n, text in enumerate(TRACKS):
        cards.create(participant_actor(joined[n]), {"client_id": f"demo-track-{meeting.id}-{n}", "kind": "track",
                                                     "text": text})
    synthesis_step = next(s for s in meeting.steps if s.kind == "synthesis")
    steps.goto(facilitator, step_id=synthesis_step.id, from_step_id=tracks_step.id)
    synthesis.draft(facilitator, {"text": "Aller vers les personnes, c'est d'abord être là où elles vivent : "
                                          "des permanences sans rendez-vous, un numéro unique, des binômes avec "
                                          "des pairs-aidants."})
    for group in synthesis.groups_expected(meeting.id):
        voter = next(p for p in joined if p.peer_group == group)
        synthesis.decide(participant_actor(voter), {"version": 1, "decision": "validated"})
    retention.close(facilitator, meeting)


def working_group(account: Organiser) -> WorkingGroup:
    found = db.session.scalar(db.select(WorkingGroup).filter_by(name=GROUP_NAME))
    if found is not None:
        return found
    today = date.today()
    mandate = db.session.scalar(db.select(Mandate).filter_by(organisation_id=account.organisation_id, number=1)) or \
        mandates.save(account, number=1, starts_on=today - timedelta(days=120), ends_on=today + timedelta(days=420))
    group = working_groups.create(account, name=GROUP_NAME, mandate_id=mandate.id,
                                  question="Comment aller vers les personnes qui ne viennent plus aux guichets ?")
    people = [members.add(group, display_name=name, category=category, structure=structure,
                          joined_on=mandate.starts_on, consent_listed=listed)
              for name, category, structure, listed in ROSTER]
    first = working_groups.new_meeting(account, group, title="Réunion n° 1 — " + GROUP_NAME[:60],
                                       when=today - timedelta(days=30), place="CCAS de Besançon")
    _run_first_meeting(first, people)
    production = productions.promote_synthesis(account, first)
    productions.advance(production, to="validated", on=today - timedelta(days=10))
    working_groups.new_meeting(account, group, title="Réunion n° 2 — " + GROUP_NAME[:60], when=today,
                               place="CCAS de Besançon", carry_forward=True)
    events.record(account, kind="temps_fort", title="Rencontre régionale des CLTS", when=today - timedelta(days=60),
                  place="Dijon", organiser_name="Réseau régional des CLTS",
                  counts={"personne_accompagnee": 2, "professionnel": 3, "cadre": 1})
    return group
