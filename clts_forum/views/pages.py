"""What every live page hands its script: one JSON blob read by static/js/live.js."""
from __future__ import annotations

from flask import current_app, render_template
from flask_babel import get_locale

from ..vocabulary import CARD_KINDS, CATEGORIES, GROUP_ORDER, GROUP_SHORT, PEER_GROUPS, STEP_KINDS, labels


def render_live_page(template: str, *, token: str, role: str, storage_key: str = "", **context):
    """Render a live page; `storage_key` names this identity's drafts and outbox on the device."""
    page = {
        "storage_key": storage_key,
        "token": token,
        "role": role,
        "locale": str(get_locale()),
        "max_card_length": current_app.config["MAX_CARD_LENGTH"],
        "groups": [{"key": g, "label": str(PEER_GROUPS[g]), "short": str(GROUP_SHORT[g])} for g in GROUP_ORDER],
        "categories": labels(CATEGORIES),
        "card_kinds": labels(CARD_KINDS),
        "step_kinds": labels(STEP_KINDS),
    }
    return render_template(template, page=page, **context)
