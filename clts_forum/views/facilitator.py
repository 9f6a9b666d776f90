"""The facilitator's console and the référent's view of their group."""
from __future__ import annotations

from flask import Blueprint

from ..actors import FACILITATOR, REFERENT
from ..vocabulary import PEER_GROUPS
from .pages import render_live_page
from .roles import link_or_404

bp = Blueprint("facilitator", __name__)


@bp.get("/f/<token>")
def console(token: str):
    link = link_or_404(token, FACILITATOR)
    return render_live_page("facilitator/console.html", token=link.token, role=FACILITATOR,
                            workshop=link.workshop)


@bp.get("/r/<token>")
def referent(token: str):
    link = link_or_404(token, REFERENT)
    return render_live_page("facilitator/referent.html", token=link.token, role=REFERENT,
                            workshop=link.workshop, group_label=PEER_GROUPS[link.peer_group])
