"""Pages for everyone, whatever their role: the accessibility statement (RGAA 4.1)."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, render_template

bp = Blueprint("public", __name__)

# When the statement was last checked against the tests it cites (tests/e2e/test_accessibility.py and the
# keyboard tests): the RGAA asks for the date of the assessment.
ASSESSED_ON = date(2026, 11, 30)


@bp.get("/accessibilite")
def accessibility():
    """The "déclaration d'accessibilité": state, what was tested and how, known gaps, contact, recourse."""
    return render_template("accessibility.html", assessed_on=ASSESSED_ON,
                           contact=current_app.config["ACCESSIBILITY_CONTACT"])
