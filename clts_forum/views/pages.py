"""What every live page hands its script: one JSON blob read by static/js/live.js."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po
from flask import current_app, g, render_template
from flask_babel import force_locale, get_locale
from flask_babel import gettext as _

from .. import MAX_SOCKET_MESSAGE
from ..actors import FACILITATOR, REFERENT
from ..vocabulary import (AUDIT_ACTIONS, CARD_KINDS, CARD_STATUS_LABELS, CATEGORIES, GROUP_ORDER, GROUP_SHORT, PEER_GROUPS,
                          RELEASE_STATUS_LABELS, STEP_KINDS, labels)

# The catalogue that lists, with their locations, the strings the scripts translate with t().
CATALOGUE = Path(__file__).resolve().parents[2] / "translations" / "en" / "LC_MESSAGES" / "messages.po"
# Pictograms of the easy-read mode (static/img/pictos/<name>.svg): peer groups, card kinds, actions.
PICTOS = ("group-experience", "group-practice", "group-research", "group-staff",
          "kind-perception", "kind-track", "kind-question", "kind-insight", "kind-synthesis", "kind-summary",
          "send", "hand", "listen", "mic", "pause", "agree", "mixed", "disagree", "validate", "easy-read", "edit")
SPEECH_LANGS = {"fr": "fr-FR", "en": "en-GB"}


@lru_cache(maxsize=1)
def script_msgids() -> tuple[str, ...]:
    """Source strings used in static/js, read once from the catalogue's locations."""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle)
    return tuple(message.id for message in catalogue
                 if isinstance(message.id, str) and message.id
                 and any(path.startswith("static/js/") for path, _line in message.locations))


def script_strings(locale: str) -> dict[str, str]:
    """The scripts' strings in `locale`; French is the source language, so it needs none."""
    if locale == "fr":
        return {}
    return {msgid: _(msgid) for msgid in script_msgids()}


def group_names(group: str) -> list[str]:
    """A group's labels in every language: a synthesis typed with "(Personnes concernées)" reads
    "(People concerned)" on an English phone (components.js `paragraphs`)."""
    names = set()
    for locale in current_app.config["LANGUAGES"]:
        with force_locale(locale):
            names.update((str(PEER_GROUPS[group]), str(GROUP_SHORT[group])))
    return sorted(names, key=len, reverse=True)


def reader_config() -> dict:
    """What the reading aids need (easy-read, read-aloud): the page's language, its voice, the
    scripts' strings and the pictograms. The join page has these alone, without a connection."""
    from . import static_url

    locale = str(get_locale())
    return {
        "locale": locale,
        "speech_lang": SPEECH_LANGS.get(locale, "fr-FR"),
        "strings": script_strings(locale),
        "pictos": {name: static_url(f"img/pictos/{name}.svg") for name in PICTOS},
    }


def render_live_page(template: str, *, token: str, role: str, storage_key: str = "", **context):
    """Render a live page; `storage_key` names this identity's drafts and outbox on the device."""
    g.dictation = role == "participant"  # the phone's microphone button (Permissions-Policy)
    page = {
        "storage_key": storage_key,
        "token": token,
        "role": role,
        **reader_config(),
        "max_card_length": current_app.config["MAX_CARD_LENGTH"],
        "max_message_bytes": MAX_SOCKET_MESSAGE,
        "groups": [{"key": g, "label": str(PEER_GROUPS[g]), "short": str(GROUP_SHORT[g]),
                    "names": group_names(g)} for g in GROUP_ORDER],
        "categories": labels(CATEGORIES),
        "card_kinds": labels(CARD_KINDS),
        "step_kinds": labels(STEP_KINDS),
        # static/js/labels.js: one wording for statuses and audited actions, never a raw code on screen.
        "labels": {"statuses": labels(CARD_STATUS_LABELS), "releases": labels(RELEASE_STATUS_LABELS),
                   "actions": labels(AUDIT_ACTIONS) if role in (FACILITATOR, REFERENT) else {}},
    }
    return render_template(template, page=page, **context)
