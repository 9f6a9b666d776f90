"""The projected board: public content only, readable from the back of the room."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, current_app

from ..actors import BOARD
from .pages import render_live_page
from .roles import link_or_404

bp = Blueprint("board", __name__)


@bp.get("/b/<token>")
def board(token: str):
    link = link_or_404(token, BOARD)
    public = urlsplit(current_app.config["PUBLIC_URL"])
    join_host = f"{public.netloc}{public.path.rstrip('/')}"
    return render_live_page("board/board.html", token=link.token, role=BOARD, workshop=link.workshop,
                            join_host=join_host)
