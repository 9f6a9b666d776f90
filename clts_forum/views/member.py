"""A working group's member on their own phone: their personal link (`/m/<token>`, the QR code of their card).

Opening it while a meeting of their group is open offers to join it as themselves; the phone then holds
that meeting's participant like any joined phone (`/j/<code>`). The link also remembers the member on
this phone, so the meeting's join page offers "enter as …". Nothing here needs an account or an e-mail.
"""
from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from ..exports import member_cards
from ..models import Member
from ..services import ServiceError, members
from ..vocabulary import CATEGORIES
from .participant import guessing_limit, remember_participant

bp = Blueprint("member", __name__, url_prefix="/m")

# session key: {working group id: member link token} for the members known on this phone
KNOWN_MEMBERS = "members"


def _member_or_404(token: str) -> Member:
    found = members.by_link(token)
    if found is None:
        abort(404)
    return found


def remember(member: Member) -> None:
    known = dict(session.get(KNOWN_MEMBERS) or {})
    known[str(member.working_group_id)] = member.token
    session[KNOWN_MEMBERS] = known
    session.permanent = True


def known_member(working_group_id: int | None) -> Member | None:
    """The member of this group this phone opened a member link for (if the link still works)."""
    if working_group_id is None:
        return None
    found = members.by_link((session.get(KNOWN_MEMBERS) or {}).get(str(working_group_id)))
    return found if found is not None and found.working_group_id == working_group_id else None


@bp.get("/<token>")
@guessing_limit
def home(token: str):
    member = _member_or_404(token)
    if member.left_on is None:
        remember(member)
    return render_template("member/home.html", member=member, group=member.group, categories=CATEGORIES,
                           meetings=members.open_meetings(member), attended=members.attended(member))


@bp.post("/<token>/meetings/<int:workshop_id>")
@guessing_limit
def join(token: str, workshop_id: int):
    """Join an open meeting of the group as this member, then the live phone page."""
    member = _member_or_404(token)
    meeting = next((w for w in members.open_meetings(member) if w.id == workshop_id), None)
    if meeting is None:
        flash(_("Cette réunion n'est pas ouverte. Demandez à l'animation."), "error")
        return redirect(url_for("member.home", token=token))
    try:
        participant = members.join_meeting(member, meeting)
    except ServiceError as refusal:
        flash(refusal.message, "error")
        return redirect(url_for("member.home", token=token))
    remember_participant(meeting, participant)
    return redirect(url_for("participant.join", code=meeting.join_code))


@bp.get("/<token>/card.pdf")
@guessing_limit
def card(token: str):
    member = _member_or_404(token)
    url = current_app.config["PUBLIC_URL"] + url_for("member.home", token=member.token)
    response = Response(member_cards.render(member.group.organisation.name, member.group.name,
                                            [(member.display_name, url)]), mimetype="application/pdf")
    response.headers["Content-Disposition"] = 'attachment; filename="ma-carte-de-membre.pdf"'
    return response


@bp.route("/<token>/leave", methods=["GET", "POST"])
@guessing_limit
def leave(token: str):
    """Leave the group from one's own link: a confirmation, then the roster says so."""
    member = _member_or_404(token)
    if request.method == "POST":
        if request.form.get("confirm") != "yes":
            flash(_("Cochez la case pour confirmer."), "error")
            return render_template("member/leave.html", member=member), 400
        members.leave(member)
        known = dict(session.get(KNOWN_MEMBERS) or {})
        known.pop(str(member.working_group_id), None)
        session[KNOWN_MEMBERS] = known
        flash(_("Vous avez quitté le groupe. Merci pour votre participation."), "ok")
        return redirect(url_for("member.home", token=token))
    return render_template("member/leave.html", member=member)
