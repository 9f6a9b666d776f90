"""Working groups (staff side): the group, its roster and member cards, its meetings."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..exports import member_cards
from ..forms import GroupForm, MeetingForm, MemberForm
from ..models import Member, WorkingGroup
from ..services import ServiceError, access, mandates, members, organisers, working_groups
from ..vocabulary import CATEGORIES
from .staff import allowed, attempt, group_for, require

bp = Blueprint("groups", __name__, url_prefix="/organiser/groups")


@bp.before_request
@login_required
def require_account():
    """Every account of the organisation sees its groups; animators and admins change them."""


def _group_form(group: WorkingGroup | None = None, formdata=None) -> GroupForm:
    form = GroupForm(formdata=formdata, obj=group) if formdata is not None or group else GroupForm()
    form.mandate.choices = [("", _("— aucun —"))] + [(str(m.id), mandates.label(m))
                                                     for m in mandates.of_organisation(current_user.organisation_id)]
    form.animators.choices = [(a.id, a.name) for a in organisers.of_organisation(current_user.organisation_id)
                              if a.disabled_at is None]
    if group is not None and request.method == "GET":
        form.mandate.data = str(group.mandate_id or "")
        form.animators.data = [a.id for a in group.animators]
    return form


def _mandate_id(form: GroupForm):
    value = form.mandate.data
    return int(value) if value and str(value).isdigit() else None


@bp.route("/", methods=["GET", "POST"])
def groups():
    form = _group_form()
    if request.method == "POST":
        require("create_group")
        if form.validate_on_submit():
            try:
                group = working_groups.create(current_user, name=form.name.data, question=form.question.data,
                                              mandate_id=_mandate_id(form))
            except ServiceError as refusal:
                form.name.errors = [refusal.message]
            else:
                flash(_("Groupe créé : ajoutez ses membres."), "ok")
                return redirect(url_for("groups.group", group_id=group.id))
    return render_template("groups/groups.html", groups=working_groups.of_organisation(current_user.organisation_id),
                           form=form, may_create=access.may(current_user, "create_group")), \
        400 if request.method == "POST" else 200


def _member_form(member: Member | None = None) -> MemberForm:
    form = MemberForm(obj=member) if member else MemberForm()
    if member is None and request.method == "GET":
        form.joined_on.data = date.today()
    return form


@bp.get("/<int:group_id>")
def group(group_id: int):
    found = group_for(group_id)
    return _group_page(found)


def _group_page(found: WorkingGroup, *, status: int = 200, group_form=None, member_form=None, meeting_form=None):
    meetings = working_groups.meetings(found)
    meeting_form = meeting_form or MeetingForm(formdata=None,
                                               title=_("Réunion n° %(n)d — %(name)s", n=len(meetings) + 1,
                                                       name=found.name)[:200])
    return render_template("groups/group.html", group=found, meetings=meetings,
                           manages=access.manages(current_user, found), group_form=group_form or _group_form(found),
                           member_form=member_form or _member_form(), meeting_form=meeting_form,
                           previous=working_groups.previous_meeting(found), categories=CATEGORIES,
                           member_url=_member_url), status


def _member_url(member: Member) -> str:
    return current_app.config["PUBLIC_URL"] + url_for("member.home", token=member.token)


@bp.post("/<int:group_id>")
def update(group_id: int):
    found = group_for(group_id, manage=True)
    form = _group_form(found, formdata=request.form)
    if not form.validate_on_submit():
        return _group_page(found, status=400, group_form=form)
    attempt(lambda: working_groups.update(found, name=form.name.data, question=form.question.data,
                                          mandate_id=_mandate_id(form), animator_ids=form.animators.data or []),
            _("Groupe enregistré."))
    return redirect(url_for("groups.group", group_id=found.id))


@bp.post("/<int:group_id>/members")
def add_member(group_id: int):
    found = group_for(group_id, manage=True)
    form = MemberForm()
    if form.validate_on_submit():
        try:
            member = members.add(found, display_name=form.display_name.data, category=form.category.data,
                                 structure=form.structure.data, joined_on=form.joined_on.data,
                                 consent_listed=form.consent_listed.data)
        except ServiceError as refusal:
            form.display_name.errors = [refusal.message]
        else:
            flash(_("%(name)s est membre du groupe. Imprimez sa carte.", name=member.display_name), "ok")
            return redirect(url_for("groups.group", group_id=found.id) + "#roster")
    return _group_page(found, status=400, member_form=form)


@bp.route("/<int:group_id>/members/<int:member_id>", methods=["GET", "POST"])
def member(group_id: int, member_id: int):
    found = group_for(group_id, manage=True)
    person = allowed(lambda: members.in_group(found, member_id))
    form = _member_form(person)
    if form.validate_on_submit():
        try:
            members.update(person, display_name=form.display_name.data, category=form.category.data,
                           structure=form.structure.data, joined_on=form.joined_on.data, left_on=form.left_on.data,
                           consent_listed=form.consent_listed.data)
        except ServiceError as refusal:
            form.display_name.errors = [refusal.message]
        else:
            flash(_("Membre enregistré."), "ok")
            return redirect(url_for("groups.group", group_id=found.id) + "#roster")
    return render_template("groups/member.html", group=found, member=person, form=form,
                           attended=members.attended(person), url=_member_url(person)), \
        400 if request.method == "POST" else 200


@bp.post("/<int:group_id>/members/<int:member_id>/card")
def replace_card(group_id: int, member_id: int):
    """A lost card: a new link and card; the old link opens nothing from now on."""
    found = group_for(group_id, manage=True)
    person = allowed(lambda: members.in_group(found, member_id))
    attempt(lambda: members.replace_card(person),
            _("Nouvelle carte pour %(name)s : l'ancienne ne fonctionne plus. Imprimez la nouvelle.",
              name=person.display_name))
    return redirect(url_for("groups.member", group_id=found.id, member_id=person.id))


def _cards_pdf(found: WorkingGroup, people: list[Member], name: str) -> Response:
    body = member_cards.render(found.organisation.name, found.name,
                               [(m.display_name, _member_url(m)) for m in people])
    response = Response(body, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@bp.get("/<int:group_id>/members/<int:member_id>/card.pdf")
def card_pdf(group_id: int, member_id: int):
    found = group_for(group_id, manage=True)
    person = allowed(lambda: members.in_group(found, member_id))
    return _cards_pdf(found, [person], f"carte-membre-{person.id}.pdf")


@bp.get("/<int:group_id>/cards.pdf")
def cards_pdf(group_id: int):
    """Every current member's card, ten to an A4 page, to print and cut."""
    found = group_for(group_id, manage=True)
    people = [m for m in found.members if m.left_on is None and m.purged_at is None]
    return _cards_pdf(found, people, f"cartes-membres-groupe-{found.id}.pdf")


@bp.post("/<int:group_id>/meetings")
def new_meeting(group_id: int):
    found = group_for(group_id, manage=True)
    form = MeetingForm()
    if form.validate_on_submit():
        try:
            meeting = working_groups.new_meeting(current_user, found, title=form.title.data, when=form.date.data,
                                                 place=form.place.data, template=form.template.data,
                                                 carry_forward=form.carry_forward.data)
        except ServiceError as refusal:
            form.title.errors = [refusal.message]
        else:
            flash(_("Réunion créée."), "ok")
            return redirect(url_for("secretariat.workshop", workshop_id=meeting.id))
    return _group_page(found, status=400, meeting_form=form)
