"""A realistic finished workshop, written straight to the database (fast enough for 5,000 cards).

Used by the export tests and by bench/exports.py. It holds everything the privacy rules must
filter: a hidden card, a withdrawn one, a pending one, a merged duplicate, a sealed card its group
did not release, a non-consenting author, a dependency answer, and a validation recorded by a
named participant.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta

from clts_forum.extensions import db
from clts_forum.models import (Card, EvaluationAnswer, EvaluationSubmission, Participant, Position, SpeakRequest,
                               Step, Synthesis, Theme, Upvote, Validation)
from clts_forum.services import workshops
from clts_forum.services.participants import pseudonym_key
from clts_forum.services.programmes import default_rules

# today, so that the dashboard's default period (this year) holds it and no retention limit is reached
START = datetime.combine(date.today(), time(9, 0))

# pseudonym, category, consents to be quoted, dependency answer
PEOPLE = [
    ("Josiane", "personne_accompagnee", True, "yes"),
    ("Secret Sam", "personne_accompagnee", False, "yes"),  # never named in an export
    ("Karim", "personne_accompagnee", False, "no"),
    ("Léa", "personne_accompagnee", True, "unsaid"),
    ("Nadia", "personne_accompagnee", False, "no"),
    ("Paul", "personne_accompagnee", False, "no"),
    ("Éloïse", "professionnel", True, "unsaid"),
    ("Marc", "professionnel", True, "unsaid"),
    ("Zoé", "cadre", True, "unsaid"),
    ("Hugo", "chercheur", True, "unsaid"),
    ("Inès", "etudiant", False, "unsaid"),
]

SECRET_TEXTS = {
    "hidden": "CARTE MASQUÉE par la modération",
    "withdrawn": "CARTE RETIRÉE par son autrice",
    "pending": "CARTE EN ATTENTE de validation",
    "sealed": "CARTE SCELLÉE jamais partagée",
    "merged": "DOUBLON fusionné",
}


def build(organiser=None, extra_cards: int = 0):
    """The workshop `Festival du CLTS`, closed, with `extra_cards` more perceptions for benchmarks."""
    workshop = workshops.create_workshop(
        title="Festival du CLTS — « L'accueil » en 2026", theme="Comment améliorer l'accueil œcuménique ?",
        when=START.date(), place="Maison des associations, Besançon", organiser_name="CLTS du Doubs",
        created_by=organiser)
    # the festival programme, with a peer-group step after the perceptions
    groups_step = Step(kind="peer_groups", title="Travail en groupes de pairs", duration_minutes=30,
                       rules=default_rules("peer_groups"))
    workshop.steps.insert(2, groups_step)
    for position, step in enumerate(workshop.steps):
        step.position = position
    workshop.territory = "Doubs (25)"
    workshop.facilitation_team = "Anne Martin (psychosociologue), Luc Petit"
    steps = {step.kind: step for step in workshop.steps}
    for n, step in enumerate(workshop.steps):
        step.started_at = START + timedelta(minutes=40 * n)
    workshop.current_step = workshop.steps[-1]
    workshop.status, workshop.closed_at = "closed", START + timedelta(minutes=40 * len(workshop.steps))

    people = {}
    for n, (name, category, quoted, followed) in enumerate(PEOPLE):
        person = Participant(workshop_id=workshop.id, token=f"token-{workshop.id}-{n}-" + "x" * 20, pseudonym=name,
                             pseudonym_key=pseudonym_key(name), category=category,
                             peer_group=workshops.group_of(workshop, category), followed_here=followed,
                             quote_by_default=quoted)
        db.session.add(person)
        people[name] = person
    db.session.flush()

    serial = iter(range(1, 10**9))

    def card(kind, text, author=None, step="perceptions", **extra):
        person = people[author] if author else None
        made = Card(workshop_id=workshop.id, step_id=steps[step].id, kind=kind, text=text, author=person,
                    written_by="participant" if person else "facilitator",
                    peer_group=person.peer_group if person else extra.pop("peer_group", None),
                    consent_quote=person.quote_by_default if person else True, client_id=f"c-{next(serial)}",
                    created_at=steps[step].started_at + timedelta(minutes=5), **extra)
        db.session.add(made)
        return made

    waiting = card("perception", "On attend des heures au guichet, debout.", "Josiane")
    unnamed = card("perception", "=HYPERLINK(\"http://evil\") on ne nous écoute pas", "Secret Sam")
    forms = card("perception", "Les formulaires sont illisibles — même pour nous.", "Éloïse")
    card("perception", SECRET_TEXTS["hidden"], "Karim", status="hidden")
    card("perception", SECRET_TEXTS["withdrawn"], "Léa", status="withdrawn")
    card("perception", SECRET_TEXTS["pending"], "Nadia", status="pending")
    duplicate = card("perception", SECRET_TEXTS["merged"], "Paul")
    card("perception", "Groupe : on se sent jugés", "Karim", step="peer_groups", sealed=True, released=True)
    card("perception", SECRET_TEXTS["sealed"], "Hugo", step="peer_groups", sealed=True, released=False)
    summary = Card(workshop_id=workshop.id, step_id=steps["peer_groups"].id, kind="summary", written_by="group",
                   text="Le groupe des personnes concernées demande du respect.", peer_group="experience",
                   sealed=True, released=True, client_id="release-1",
                   created_at=steps["peer_groups"].started_at + timedelta(minutes=20))
    db.session.add(summary)
    track = card("track", "Un accueil sans rendez-vous le matin", "Marc", step="tracks", links=[waiting, forms])
    track2 = card("track", "-Formulaires en FALC", "Zoé", step="tracks", links=[unnamed])
    question = card("question", "Comment former les agents d'accueil ?", "Inès", step="insight",
                    answered_at=steps["insight"].started_at + timedelta(minutes=15))
    card("insight", "La honte empêche de demander de l'aide.", step="insight")
    theme = Theme(workshop_id=workshop.id, name="Attente")
    db.session.add(theme)
    for n in range(extra_cards):
        author = PEOPLE[n % len(PEOPLE)][0]
        card("perception", f"Perception n° {n} : l'accueil « chaleureux » — ou pas ?", author)
    db.session.flush()
    duplicate.merged_into_id = waiting.id
    waiting.theme_id = theme.id
    for name, value in [("Josiane", "agree"), ("Karim", "agree"), ("Marc", "mixed"), ("Hugo", "disagree"),
                        ("Inès", "agree")]:
        db.session.add(Position(card_id=track.id, participant_id=people[name].id,
                                peer_group=people[name].peer_group, value=value))
    db.session.add(Position(card_id=track2.id, participant_id=people["Léa"].id, peer_group="experience",
                            value="agree"))
    db.session.add(Upvote(card_id=question.id, participant_id=people["Léa"].id))
    for n, (name, minutes) in enumerate([("Josiane", 3), ("Marc", 2), ("Hugo", 1)]):
        begin = steps["tracks"].started_at + timedelta(minutes=5 * n)
        db.session.add(SpeakRequest(workshop_id=workshop.id, participant_id=people[name].id, status="done",
                                    peer_group=people[name].peer_group, raised_at=begin, started_at=begin,
                                    ended_at=begin + timedelta(minutes=minutes)))
    first = Synthesis(workshop_id=workshop.id, version=1, text="Premier jet.", created_by="animation",
                      source_card_ids=[waiting.id], created_at=steps["synthesis"].started_at)
    final = Synthesis(workshop_id=workshop.id, version=2, source_card_ids=[waiting.id, track.id],
                      created_by="animation", created_at=steps["synthesis"].started_at + timedelta(minutes=10),
                      text="Nous demandons un accueil digne : « sans attente », avec des formulaires lisibles.")
    db.session.add_all([first, final])
    db.session.flush()
    at = steps["synthesis"].started_at
    db.session.add(Validation(workshop_id=workshop.id, synthesis_id=first.id, peer_group="experience",
                              decision="changes", comment="Ajouter les formulaires",
                              decided_by=f"participant:{people['Josiane'].id}", decided_at=at + timedelta(minutes=5)))
    for n, group in enumerate(("experience", "practice", "research")):
        db.session.add(Validation(workshop_id=workshop.id, synthesis_id=final.id, peer_group=group,
                                  decision="validated", decided_by=f"participant:{people['Josiane'].id}",
                                  decided_at=at + timedelta(minutes=12 + n)))
    questions = workshop.evaluation_questions
    scale = next(q for q in questions if q.kind == "scale")
    text = next(q for q in questions if q.kind == "text")
    for name, value in [("Josiane", 5), ("Karim", 4), ("Marc", 3), ("Hugo", 4)]:
        db.session.add(EvaluationAnswer(workshop_id=workshop.id, question_id=scale.id,
                                        peer_group=people[name].peer_group, scale_value=value))
        db.session.add(EvaluationSubmission(workshop_id=workshop.id, participant_id=people[name].id))
    db.session.add(EvaluationAnswer(workshop_id=workshop.id, question_id=text.id, peer_group="experience",
                                    text_value="@SUM(1) merci pour l'écoute"))
    db.session.commit()
    return workshop
