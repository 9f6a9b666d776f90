"""Workshop templates: the ordered steps a new workshop starts with, and each kind's default rules.

Rules are data (see rules.py). The facilitator may edit every step afterwards.
"""
from __future__ import annotations

import copy

from flask_babel import lazy_gettext as _l

ALL_GROUPS = None  # in rules, `groups: None` means every peer group

# What each kind of step opens. Keys not given are off (see rules.StepRules); "hands" is raising a hand.
DEFAULT_RULES: dict[str, dict] = {
    "welcome": {"post": {"kinds": [], "groups": ALL_GROUPS}, "hands": True},
    "perceptions": {"post": {"kinds": ["perception"], "groups": ["experience"]}, "hands": True},
    "peer_groups": {"post": {"kinds": ["perception"], "groups": ALL_GROUPS}, "sealed": True, "release": True},
    "crossing": {"post": {"kinds": ["question"], "groups": ALL_GROUPS}, "release": True, "hands": True},
    "tracks": {"post": {"kinds": ["track"], "groups": ALL_GROUPS}, "positions": True, "hands": True},
    "insight": {"post": {"kinds": ["question"], "groups": ALL_GROUPS}, "upvotes": True, "moderation": "pre",
                "hands": True},
    "synthesis": {"post": {"kinds": [], "groups": ALL_GROUPS}, "validation": True, "hands": True},
    "evaluation": {"post": {"kinds": [], "groups": ALL_GROUPS}, "evaluation": True},
}

_WELCOME = {
    "kind": "welcome", "duration": 15,
    "title": _l("Accueil et règles du jeu"),
    "prompt": _l("Bienvenue ! Aujourd'hui, les personnes accompagnées, les professionnel·les et les "
                 "chercheur·es croisent leurs savoirs, à égalité. On s'écoute, on ne juge pas, et ce "
                 "qui se dit ici ne sort pas de la salle avec le nom de quelqu'un."),
    "prompt_easy": _l("Bienvenue. Ici, chaque personne compte autant. On s'écoute. On ne juge pas."),
}
_TRACKS = {
    "kind": "tracks", "duration": 60,
    "title": _l("Pistes d'amélioration"),
    "prompt": _l("Cherchons ensemble des pistes pour améliorer les services sociaux, dans l'intérêt "
                 "de toutes et tous. Une piste par carte."),
    "prompt_easy": _l("Qu'est-ce qui pourrait aller mieux ? Écrivez une idée."),
}
_INSIGHT = {
    "kind": "insight", "duration": 30,
    "title": _l("Éclairage théorique et méthodologique"),
    "prompt": _l("L'animateur ou l'animatrice partage quelques repères. Posez vos questions : elles "
                 "seront lues après validation."),
    "prompt_easy": _l("Écoutez. Vous pouvez poser une question."),
}
_SYNTHESIS = {
    "kind": "synthesis", "duration": 30,
    "title": _l("Synthèse et validation"),
    "prompt": _l("Relisons ensemble la synthèse. Chaque groupe la valide ou demande des changements."),
    "prompt_easy": _l("On relit ce qu'on a dit. Chaque groupe dit s'il est d'accord."),
}
_EVALUATION = {
    "kind": "evaluation", "duration": 10,
    "title": _l("Évaluation"),
    "prompt": _l("Dites-nous comment s'est passée cette journée. Vos réponses sont anonymes."),
    "prompt_easy": _l("Comment s'est passée la journée pour vous ?"),
}

TEMPLATES: dict[str, dict] = {
    "festival": {
        "label": _l("Festival (programme du CLTS)"),
        "steps": [
            _WELCOME,
            {"kind": "perceptions", "duration": 45,
             "title": _l("Les personnes concernées présentent leurs perceptions"),
             "prompt": _l("Comment percevez-vous les services sociaux ? Les personnes concernées "
                          "écrivent une idée par carte ; les autres écoutent."),
             "prompt_easy": _l("Comment ça se passe pour vous avec les services sociaux ? "
                               "Écrivez une idée.")},
            _TRACKS, _INSIGHT, _SYNTHESIS, _EVALUATION,
        ],
    },
    "croisement": {
        "label": _l("Croisement complet (groupes de pairs puis plénière)"),
        "steps": [
            _WELCOME,
            {"kind": "peer_groups", "duration": 60,
             "title": _l("Travail en groupes de pairs"),
             "prompt": _l("Chaque groupe travaille de son côté. Écrivez ce que vous voulez dire des "
                          "services sociaux ; votre groupe choisira ce qu'il apporte en plénière."),
             "prompt_easy": _l("Vous êtes avec votre groupe. Écrivez une idée. Personne d'autre ne "
                               "la voit pour l'instant.")},
            {"kind": "crossing", "duration": 45,
             "title": _l("Croisement en plénière"),
             "prompt": _l("Chaque groupe présente ce qu'il a choisi de partager, en commençant par "
                          "les personnes concernées."),
             "prompt_easy": _l("Chaque groupe présente son travail. Écoutez.")},
            _TRACKS, _INSIGHT, _SYNTHESIS, _EVALUATION,
        ],
    },
}
DEFAULT_TEMPLATE = "festival"


def default_rules(kind: str) -> dict:
    return copy.deepcopy(DEFAULT_RULES[kind])


def template_steps(name: str) -> list[dict]:
    """The steps of a template as plain data with translated text, ready to be stored."""
    return [{"kind": s["kind"], "title": str(s["title"]), "prompt": str(s["prompt"]),
             "prompt_easy": str(s["prompt_easy"]), "duration_minutes": s["duration"],
             "rules": default_rules(s["kind"])}
            for s in TEMPLATES[name]["steps"]]


# The end-of-day questionnaire a workshop starts with: (kind, question, easy-read question).
DEFAULT_QUESTIONNAIRE = [
    ("scale", _l("Vous êtes-vous senti·e écouté·e aujourd'hui ?"), _l("Est-ce qu'on vous a écouté ?")),
    ("scale", _l("Avez-vous pu dire ce que vous pensiez ?"), _l("Avez-vous pu parler ?")),
    ("scale", _l("Cette journée vous semble-t-elle utile pour améliorer les services sociaux ?"),
     _l("Cette journée sert-elle à quelque chose ?")),
    ("text", _l("Un mot pour la suite ?"), _l("Vous voulez dire quelque chose ?")),
]


def default_questionnaire() -> list[dict]:
    return [{"kind": kind, "text": str(text), "text_easy": str(easy)} for kind, text, easy in DEFAULT_QUESTIONNAIRE]
