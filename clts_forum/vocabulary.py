"""The fixed words of the method: peer groups, participant categories, step and card kinds.

Keys are stored in the database and sent over the wire; labels are translated for display.
"""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

# Peer groups in the order the method presents them: lived experience first.
PEER_GROUPS: dict[str, object] = {
    "experience": _l("Savoir d'expérience"),
    "practice": _l("Savoir d'action"),
    "research": _l("Savoir académique"),
}
GROUP_ORDER = list(PEER_GROUPS)

GROUP_SHORT: dict[str, object] = {
    "experience": _l("Personnes concernées"),
    "practice": _l("Professionnel·les"),
    "research": _l("Chercheur·es"),
}

CATEGORIES: dict[str, object] = {
    "personne_accompagnee": _l("Personne accompagnée"),
    "professionnel": _l("Professionnel·le"),
    "cadre": _l("Cadre"),
    "chercheur": _l("Chercheur·e / personne qualifiée"),
    "etudiant": _l("Étudiant·e"),
    "benevole": _l("Bénévole"),
    "elu": _l("Élu·e / institution"),
}

# Default mapping; a workshop may override it (Workshop.category_groups).
DEFAULT_CATEGORY_GROUPS: dict[str, str] = {
    "personne_accompagnee": "experience",
    "professionnel": "practice",
    "cadre": "practice",
    "benevole": "practice",
    "elu": "practice",
    "chercheur": "research",
    "etudiant": "research",
}

# Answers to "is someone who follows you here today?" (DESIGN.md §4); shown to staff only.
FOLLOWED_ANSWERS: dict[str, object] = {
    "no": _l("Non"),
    "yes": _l("Oui"),
    "unsaid": _l("Je préfère ne pas répondre"),
}

STEP_KINDS: dict[str, object] = {
    "welcome": _l("Accueil"),
    "perceptions": _l("Perceptions"),
    "peer_groups": _l("Groupes de pairs"),
    "crossing": _l("Croisement"),
    "tracks": _l("Pistes d'amélioration"),
    "insight": _l("Éclairage"),
    "synthesis": _l("Synthèse"),
    "evaluation": _l("Évaluation"),
}

CARD_KINDS: dict[str, object] = {
    "perception": _l("Perception"),
    "track": _l("Piste d'amélioration"),
    "question": _l("Question"),
    "insight": _l("Point clé"),
    "synthesis": _l("Synthèse"),
    "summary": _l("Ce que le groupe partage"),  # made by confirming a release, never posted directly
}

CARD_STATUSES = ("pending", "published", "hidden", "withdrawn")

# One wording per status for every screen (phone, console, référent view).
CARD_STATUS_LABELS: dict[str, object] = {
    "pending": _l("En attente de validation"),
    "published": _l("Publiée"),
    "hidden": _l("Masquée par l'animation"),
    "withdrawn": _l("Retirée"),
}

RELEASE_STATUS_LABELS: dict[str, object] = {
    "proposed": _l("Proposé, en attente de confirmation"),
    "confirmed": _l("Partagé avec la salle"),
    "cancelled": _l("Retiré"),
}

# Every action the audit log records (services/audit.py `record`), as the console's log shows it.
# tests/test_labels.py checks that each code recorded anywhere has a label here, in both languages.
AUDIT_ACTIONS: dict[str, object] = {
    "board.layout": _l("Disposition de l'écran"),
    "card.merge": _l("Fusion de cartes"),
    "card.moderate": _l("Modération"),
    "card.reword": _l("Reformulation proposée"),
    "card.unmerge": _l("Fusion annulée"),
    "evaluation.configure": _l("Questionnaire modifié"),
    "export.final": _l("Export final"),
    "glossary.update": _l("Glossaire modifié"),
    "identities.purge": _l("Identités effacées"),
    "member.present": _l("Présence d'un membre"),
    "participant.remove": _l("Participant·e retiré·e"),
    "question.answer": _l("Question traitée"),
    "queue.balance": _l("File rééquilibrée entre les groupes"),
    "release.confirm": _l("Partage confirmé"),
    "reword.accept": _l("Reformulation acceptée"),
    "reword.refuse": _l("Reformulation refusée"),
    "spotlight.set": _l("Mise en avant"),
    "step.add": _l("Étape ajoutée"),
    "step.goto": _l("Changement d'étape"),
    "step.lock": _l("Écriture ouverte/fermée"),
    "step.remove": _l("Étape supprimée"),
    "step.reorder": _l("Programme réordonné"),
    "step.update": _l("Étape modifiée"),
    "synthesis.draft": _l("Synthèse rédigée"),
    "synthesis.reopen": _l("Synthèse rouverte"),
    "theme.assign": _l("Cartes classées"),
    "theme.create": _l("Thème créé"),
    "theme.delete": _l("Thème supprimé"),
    "theme.merge": _l("Thèmes fusionnés"),
    "theme.rename": _l("Thème renommé"),
    "turn.start": _l("Parole donnée"),
    "turn.stop": _l("Fin de parole"),
    "workshop.close": _l("Atelier terminé"),
    "workshop.moderation_rules": _l("Règles de modération modifiées"),
    "workshop.pause": _l("Pause"),
    "workshop.reopen": _l("Atelier rouvert"),
    "workshop.share": _l("Atelier partagé"),
    "workshop.transfer": _l("Atelier transmis"),
    "workshop.unshare": _l("Partage arrêté"),
}

MODERATION_MODES = ("post", "pre")
MODERATION_LABELS: dict[str, object] = {
    "post": _l("Publication immédiate, l'animation peut masquer"),
    "pre": _l("Validation par l'animation avant publication"),
}

# What each rule flag of a step opens (services/rules.py), as the programme editors name it.
RULE_FLAG_LABELS: dict[str, object] = {
    "sealed": _l("Groupes de pairs séparés (cartes visibles du seul groupe)"),
    "release": _l("Les groupes peuvent partager leur travail"),
    "positions": _l("Positions sur les pistes"),
    "upvotes": _l("Soutien aux questions"),
    "validation": _l("Validation de la synthèse"),
    "evaluation": _l("Questionnaire d'évaluation"),
    "hands": _l("Demandes de parole"),
}


def labels(mapping: dict[str, object]) -> dict[str, str]:
    """Translate a label mapping for the current locale (for JSON payloads)."""
    return {key: str(label) for key, label in mapping.items()}

# --- the organisation (DESIGN.md §2, issue 13) ---------------------------------------------------

ACCOUNT_ROLES: dict[str, object] = {
    "admin": _l("Administration"),
    "secretariat": _l("Secrétariat"),
    "organiser": _l("Organisation d'ateliers"),
}

EVENT_KINDS: dict[str, object] = {
    "journee": _l("Journée"),
    "reunion": _l("Réunion de groupe de travail"),
    "temps_fort": _l("Temps fort"),
    "autre": _l("Autre"),
}

# Categories as the bilan's sentence names them ("… dont 20 % de professionnel·les du travail social").
CATEGORY_SHARES: dict[str, object] = {
    "personne_accompagnee": _l("de personnes accompagnées"),
    "professionnel": _l("de professionnel·les du travail social"),
    "cadre": _l("de cadres"),
    "chercheur": _l("de chercheur·es et personnes qualifiées"),
    "etudiant": _l("d'étudiant·es"),
    "benevole": _l("de bénévoles"),
    "elu": _l("d'élu·es et d'institutions"),
}

PRODUCTION_KINDS: dict[str, object] = {
    "contribution": _l("Contribution écrite"),
    "guide": _l("Guide"),
    "synthese": _l("Synthèse"),
    "video": _l("Vidéo"),
    "evenement": _l("Événement"),
    "autre": _l("Autre"),
}

PRODUCTION_STATUSES: dict[str, object] = {
    "draft": _l("En cours"),
    "validated": _l("Validée par le comité technique"),
    "diffused": _l("Diffusée"),
}
