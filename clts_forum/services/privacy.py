"""What the privacy notice (RGPD art. 13) says of a workshop: who is responsible and how long data lives.

The notice itself is a page (templates/participant/privacy.html) in plain and easy-read language;
its facts come from here, so that what it promises is what the code does (the retention setting,
the phone's session length).
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from ..models import Workshop


@dataclass(frozen=True)
class PrivacyFacts:
    controller: str  # who is responsible for the data: the organisation
    contact: str  # where to exercise one's rights, as its admin set it ("" : ask the team)
    retention_days: int  # after the workshop's end, at the latest (0: purged only by hand)
    session_days: int  # how long a phone keeps its identity


def facts(workshop: Workshop) -> PrivacyFacts:
    organisation = workshop.organisation
    return PrivacyFacts(
        controller=organisation.name,
        contact=(organisation.settings or {}).get("privacy_contact", ""),
        retention_days=current_app.config["RETENTION_DAYS"],
        session_days=int(current_app.config["PERMANENT_SESSION_LIFETIME"]) // 86400,
    )
