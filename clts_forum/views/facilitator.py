"""The facilitator's console and the référent's view of their group (and, at a working group's meeting, the
roster page where a référent marks members without a phone present)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ..actors import FACILITATOR, REFERENT, link_actor
from ..services import ServiceError, members, workshops
from ..vocabulary import CATEGORIES, PEER_GROUPS
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


def _meeting_members(link):
    """The roster members a référent may mark present: those of their peer group, at a meeting."""
    meeting = link.workshop
    if meeting.working_group is None:
        abort(404)
    roster = [m for m in meeting.working_group.members if m.left_on is None and m.purged_at is None
              and workshops.group_of(meeting, m.category) == link.peer_group]
    return meeting, roster


@bp.get("/r/<token>/members")
def referent_members(token: str):
    """A server-rendered page beside the référent's view: who of the group's roster is here."""
    link = link_or_404(token, REFERENT)
    meeting, roster = _meeting_members(link)
    return render_template("facilitator/referent_members.html", workshop=meeting, token=link.token, roster=roster,
                           present=members.present_ids(meeting), group_label=PEER_GROUPS[link.peer_group],
                           categories=CATEGORIES)


@bp.post("/r/<token>/members/<int:member_id>")
def referent_mark_present(token: str, member_id: int):
    """Mark a member without a phone present: a participant of this meeting, without a device."""
    link = link_or_404(token, REFERENT)
    meeting, roster = _meeting_members(link)
    member = next((m for m in roster if m.id == member_id), None)
    if member is None:
        abort(404)
    try:
        members.mark_present(link_actor(link), meeting, member)
    except ServiceError as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("%(name)s est noté·e présent·e.", name=member.display_name), "ok")
    return redirect(url_for("facilitator.referent_members", token=link.token))
