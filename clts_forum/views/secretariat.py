"""The staff's side of workshops: the dashboard, live workshops and recorded events, their role links,
sharing, exports, purge and import. Who may do what: services/access.py."""
from __future__ import annotations

import re
import unicodedata
from datetime import date
from typing import Optional

from flask import (Blueprint, Response, abort, current_app, flash, redirect, render_template, request,
                   url_for)
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..actors import BOARD, FACILITATOR, REFERENT, organiser_actor
from ..config import MAX_ARCHIVE_BYTES
from ..exports import offload, poster, report, sections, spreadsheet
from ..extensions import db
from ..forms import DuplicateForm, ModerationRulesForm, RecordEventForm, WorkshopForm
from ..models import Workshop
from ..services import (ServiceError, access, bilan, events, members, moderation_rules, organisers, ownership,
                        productions, recap, retention, statistics, synthesis, workshops)
from ..vocabulary import CATEGORIES, GROUP_ORDER, GROUP_SHORT, PEER_GROUPS
from . import body_limit
from .staff import allowed, attempt, offloaded, require, workshop_for

bp = Blueprint("secretariat", __name__, url_prefix="/organiser")
MULTIPART_OVERHEAD = 64 * 1024  # the form's boundaries, CSRF token and file name around the archive


@bp.before_request
@login_required
def require_organiser():
    """Every page of this blueprint is for logged-in accounts only; what each may do is in services/access.py."""


@bp.get("/")
def dashboard():
    """The organisation's events by state, and the period's figures counted as the bilan counts them.

    Expired identities (workshops, and rosters of ended mandates) are purged first.
    """
    days = current_app.config["RETENTION_DAYS"]
    retention.purge_expired(days)
    members.purge_ended_mandates(days)
    rows = db.session.scalars(db.select(Workshop).where(Workshop.organisation_id == current_user.organisation_id)
                              .order_by(Workshop.date.desc(), Workshop.id.desc())).all()
    live = [w for w in rows if not w.recorded]
    by_status = {status: [w for w in live if w.status == status] for status in ("draft", "running", "closed")}
    period = _period()
    figures = bilan.summary(current_user.organisation, period)
    return render_template("secretariat/dashboard.html", by_status=by_status, figures=figures, period=period,
                           recorded=[w for w in rows if w.recorded], may=_may(),
                           chart=statistics.chart(figures["categories"]))


def _may() -> dict[str, bool]:
    """What the account's role allows, for the pages to offer only that."""
    return {right: access.may(current_user, right) for right in access.ORGANISATION_RIGHTS}


@bp.route("/workshops/new", methods=["GET", "POST"])
def new_workshop():
    require("create_workshop")
    form = WorkshopForm()
    if form.validate_on_submit():
        try:
            workshop = workshops.create_workshop(
                title=form.title.data, theme=form.theme.data or "", when=form.date.data,
                place=form.place.data or "", organiser_name=form.organiser_name.data or "",
                territory=form.territory.data or "", facilitation_team=form.facilitation_team.data or "",
                moderation=form.moderation.data, template=form.template.data, created_by=current_user,
                kind=form.kind.data)
        except ServiceError as refusal:
            form.title.errors = [refusal.message]
        else:
            return redirect(url_for("secretariat.workshop", workshop_id=workshop.id))
    status = 400 if request.method == "POST" else 200
    return render_template("secretariat/new_workshop.html", form=form), status


@bp.route("/events/new", methods=["GET", "POST"])
def record_event():
    """A temps fort (or a past journée) recorded by hand: who went, by category; no live session."""
    require("record_event")
    form = RecordEventForm()
    if form.validate_on_submit():
        try:
            event = events.record(current_user, kind=form.kind.data, title=form.title.data, when=form.date.data,
                                  place=form.place.data, organiser_name=form.organiser_name.data,
                                  counts=_attendance_of(form))
        except ServiceError as refusal:
            form.title.errors = [refusal.message]
        else:
            flash(_("Événement enregistré."), "ok")
            return redirect(url_for("secretariat.workshop", workshop_id=event.id))
    return render_template("secretariat/record_event.html", form=form, categories=CATEGORIES), \
        400 if request.method == "POST" else 200


@bp.route("/events/<int:workshop_id>/edit", methods=["GET", "POST"])
def edit_event(workshop_id: int):
    event = workshop_for(workshop_id, access.RUN)
    if not event.recorded:
        abort(404)
    form = RecordEventForm(obj=event)
    if request.method == "GET":
        for key, count in (event.recorded_attendance or {}).items():
            if hasattr(form, f"n_{key}"):
                getattr(form, f"n_{key}").data = count
    if form.validate_on_submit():
        try:
            events.update(event, kind=form.kind.data, title=form.title.data, when=form.date.data,
                          place=form.place.data, organiser_name=form.organiser_name.data, counts=_attendance_of(form))
        except ServiceError as refusal:
            form.title.errors = [refusal.message]
        else:
            flash(_("Événement modifié."), "ok")
            return redirect(url_for("secretariat.workshop", workshop_id=event.id))
    return render_template("secretariat/record_event.html", form=form, categories=CATEGORIES, event=event), \
        400 if request.method == "POST" else 200


def _attendance_of(form: RecordEventForm) -> dict[str, object]:
    return {key: request.form.get(f"n_{key}", "") for key in CATEGORIES}


def role_urls(workshop: Workshop) -> dict:
    """Absolute URLs of a workshop's entry points, as printed by `flask demo` and shown to organisers."""
    base = current_app.config["PUBLIC_URL"]

    def url(endpoint: str, **values) -> str:
        return base + url_for(endpoint, **values)

    return {
        "join": url("participant.join", code=workshop.join_code),
        "facilitator": url("facilitator.console", token=workshops.active_link(workshop, FACILITATOR).token),
        "board": url("board.board", token=workshops.active_link(workshop, BOARD).token),
        "referents": {g: url("facilitator.referent", token=workshops.active_link(workshop, REFERENT, g).token)
                      for g in GROUP_ORDER},
    }


def team_links(workshop: Workshop) -> list[dict]:
    """The secret links of the team, each with what the organiser needs to replace it."""
    base = current_app.config["PUBLIC_URL"]
    links = [(_("Console d'animation"), "facilitator.console", workshops.active_link(workshop, FACILITATOR)),
             (_("Écran projeté"), "board.board", workshops.active_link(workshop, BOARD))]
    links += [(_("Référent·e — %(group)s", group=PEER_GROUPS[g]), "facilitator.referent",
               workshops.active_link(workshop, REFERENT, g)) for g in GROUP_ORDER]
    return [{"label": label, "id": link.id, "url": base + url_for(endpoint, token=link.token)}
            for label, endpoint, link in links]


@bp.get("/workshops/<int:workshop_id>")
def workshop(workshop_id: int):
    """The workshop's page: everyone of the organisation sees it and its exports; the secret team links,
    the join code and the running of it are for those who run it."""
    found = workshop_for(workshop_id)
    runs = access.workshop_allows(current_user, found, access.RUN)
    live = runs and not found.recorded and found.imported_at is None
    return render_template(
        "secretariat/workshop.html", workshop=found, runs=runs, live=live,
        urls=role_urls(found) if live else None, team_links=team_links(found) if live else [],
        group_labels=PEER_GROUPS, may_purge=access.workshop_allows(current_user, found, access.PURGE),
        may_share=access.workshop_allows(current_user, found, access.SHARE),
        colleagues=[a for a in organisers.of_organisation(found.organisation_id) if a.disabled_at is None],
        final_synthesis=synthesis.final_version(found.id) if runs else None,
        production=productions.from_workshop(found), attendance=_meeting_attendance(found) if runs else None,
        close_summary=retention.close_summary(found.id) if live and found.status != "closed" else None,
        reopenings=retention.reopenings(found),
        categories=CATEGORIES, duplicate_form=DuplicateForm(title=found.title),
        rules_form=ModerationRulesForm(text=found.moderation_rules, easy=found.moderation_rules_easy),
        default_rules=moderation_rules.default_text(found), default_easy_rules=moderation_rules.default_easy(found),
        public_recap_url=_public_recap_url(found) if runs else None)


def _meeting_attendance(found: Workshop) -> Optional[dict]:
    """A meeting's roster with who is present, for marking members without a phone."""
    if found.working_group is None:
        return None
    present = members.present_ids(found)
    return {"roster": [m for m in found.working_group.members if m.left_on is None and m.purged_at is None],
            "present": present}


@bp.post("/workshops/<int:workshop_id>/members/<int:member_id>/present")
def mark_present(workshop_id: int, member_id: int):
    """An animator marks a member who has no phone present at the meeting."""
    found = workshop_for(workshop_id, access.RUN)
    if found.working_group is None:
        abort(404)
    member = allowed(lambda: members.in_group(found.working_group, member_id))
    attempt(lambda: members.mark_present(organiser_actor(current_user, found), found, member),
            _("%(name)s est noté·e présent·e.", name=member.display_name))
    return redirect(url_for("secretariat.workshop", workshop_id=found.id) + "#attendance")


@bp.post("/workshops/<int:workshop_id>/production")
def promote_synthesis(workshop_id: int):
    """A validated synthesis becomes a production in one click."""
    found = workshop_for(workshop_id, access.RUN)
    made = attempt(lambda: productions.promote_synthesis(current_user, found),
                   _("La synthèse est maintenant une production (en cours de validation par le comité technique)."))
    if made is not None:
        return redirect(url_for("productions.production", production_id=made.id))
    return redirect(url_for("secretariat.workshop", workshop_id=found.id))


@bp.post("/workshops/<int:workshop_id>/transfer")
def transfer(workshop_id: int):
    found = workshop_for(workshop_id, access.SHARE)
    attempt(lambda: ownership.transfer(current_user, found, request.form.get("account", type=int)),
            _("L'atelier a changé de responsable."))
    return redirect(url_for("secretariat.workshop", workshop_id=found.id) + "#sharing")


@bp.post("/workshops/<int:workshop_id>/share")
def share(workshop_id: int):
    found = workshop_for(workshop_id, access.SHARE)
    on = request.form.get("on") == "1"
    attempt(lambda: ownership.share(current_user, found, request.form.get("account", type=int), on),
            _("Partage enregistré."))
    return redirect(url_for("secretariat.workshop", workshop_id=found.id) + "#sharing")


@bp.post("/workshops/<int:workshop_id>/duplicate")
def duplicate(workshop_id: int):
    """The same programme, glossary, questionnaire and settings for the next day: new date, new code."""
    found = workshop_for(workshop_id, access.RUN)
    require("create_workshop")
    form = DuplicateForm()
    if not form.validate_on_submit():
        flash(_("Indiquez la date de la nouvelle séance."), "error")
        return redirect(url_for("secretariat.workshop", workshop_id=found.id) + "#duplicate")
    try:
        copy = workshops.duplicate(found, when=form.date.data, title=form.title.data, created_by=current_user)
    except ServiceError as refusal:
        flash(refusal.message, "error")
        return redirect(url_for("secretariat.workshop", workshop_id=found.id) + "#duplicate")
    flash(_("Nouvel atelier créé à partir de « %(title)s » : vérifiez son programme.", title=found.title), "ok")
    return redirect(url_for("secretariat.workshop", workshop_id=copy.id))


@bp.post("/workshops/<int:workshop_id>/moderation-rules")
def save_moderation_rules(workshop_id: int):
    found = workshop_for(workshop_id, access.RUN)
    form = ModerationRulesForm()
    try:
        moderation_rules.update(organiser_actor(current_user, found), found, text=form.text.data or "",
                                easy=form.easy.data or "")
    except ServiceError as refusal:
        flash(refusal.message, "error")
    else:
        flash(_("Règles de modération enregistrées."), "ok")
    return redirect(url_for("secretariat.workshop", workshop_id=found.id) + "#moderation-rules")


def _join_sheet(workshop: Workshop) -> poster.JoinSheet:
    base = current_app.config["PUBLIC_URL"]
    return poster.JoinSheet(title=workshop.title, when=workshop.date, place=workshop.place,
                            join_url=base + url_for("participant.join", code=workshop.join_code),
                            home_url=base.split("://", 1)[-1], code=workshop.join_code,
                            language=workshop.language)


def _paper(workshop: Workshop, render, name: str) -> Response:
    """A PDF for the room; a closed workshop has nothing left to join."""
    if workshop.status == "closed":
        flash(_("Cet atelier est terminé : on ne peut plus le rejoindre."), "error")
        return redirect(url_for("secretariat.workshop", workshop_id=workshop.id))
    response = Response(render(_join_sheet(workshop)), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{_file_name(workshop, name, draft_mark=False)}"'
    return response


@bp.get("/workshops/<int:workshop_id>/affiche.pdf")
def poster_pdf(workshop_id: int):
    """The A4 poster for the room: QR code, code, address and three easy-read steps."""
    found = workshop_for(workshop_id, access.RUN)
    return _paper(found, poster.poster, "affiche.pdf")


@bp.get("/workshops/<int:workshop_id>/cartes-de-table.pdf")
def table_cards_pdf(workshop_id: int):
    found = workshop_for(workshop_id, access.RUN)
    return _paper(found, poster.table_cards, "cartes-de-table.pdf")


@bp.post("/workshops/<int:workshop_id>/links/<int:link_id>/replace")
def replace_link(workshop_id: int, link_id: int):
    """Revoke a team link (lost, shared too widely) and issue a new one; its holders are disconnected."""
    found = workshop_for(workshop_id, access.RUN)
    try:
        workshops.replace_link(found, link_id)
    except ServiceError as refusal:
        abort(refusal.status)
    flash(_("Le lien a été remplacé. L'ancien ne fonctionne plus : transmettez le nouveau."))
    return redirect(url_for("secretariat.workshop", workshop_id=found.id) + "#team-links")


# --- the recap for participants: the public link and its QR code ---------------------------------------

def _public_recap_url(workshop: Workshop) -> Optional[str]:
    if workshop.recap_token is None:
        return None
    return current_app.config["PUBLIC_URL"] + url_for("participant.public_recap", token=workshop.recap_token)


@bp.post("/workshops/<int:workshop_id>/recap-link")
def make_recap_link(workshop_id: int):
    """A public recap link (or a new one: the old one stops working)."""
    found = workshop_for(workshop_id, access.RUN)
    attempt(lambda: recap.make_public_link(organiser_actor(current_user, found), found),
            _("Nouveau lien public du compte rendu : l'ancien, s'il y en avait un, ne fonctionne plus."))
    return redirect(url_for("secretariat.workshop", workshop_id=found.id) + "#recap")


@bp.post("/workshops/<int:workshop_id>/recap-link/revoke")
def revoke_recap_link(workshop_id: int):
    found = workshop_for(workshop_id, access.RUN)
    attempt(lambda: recap.revoke_public_link(organiser_actor(current_user, found), found),
            _("Le lien public du compte rendu est retiré."))
    return redirect(url_for("secretariat.workshop", workshop_id=found.id) + "#recap")


@bp.get("/workshops/<int:workshop_id>/compte-rendu-qr.pdf")
def recap_qr_pdf(workshop_id: int):
    """The public recap link as a QR code on an A4 page, like the room's poster."""
    found = workshop_for(workshop_id, access.RUN)
    url = _public_recap_url(found)
    if url is None:
        flash(_("Créez d'abord le lien public du compte rendu."), "error")
        return redirect(url_for("secretariat.workshop", workshop_id=found.id) + "#recap")
    sheet = poster.RecapSheet(title=found.title, when=found.date, place=found.place, url=url,
                              language=found.language)
    response = Response(poster.recap_poster(sheet), mimetype="application/pdf")
    response.headers["Content-Disposition"] = \
        f'attachment; filename="{_file_name(found, "compte-rendu-qr.pdf", draft_mark=False)}"'
    return response


# --- the outcome: exports, closing, purge, import (issue 5) -------------------------------------


def _file_name(workshop: Workshop, suffix: str, draft_mark: bool = True) -> str:
    stem = unicodedata.normalize("NFKD", workshop.title).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-").lower()[:60] or "atelier"
    day = workshop.date.isoformat() if workshop.date else f"atelier-{workshop.id}"
    status = "" if not draft_mark or report.is_final(workshop) else "-provisoire"
    return f"{stem}-{day}{status}.{suffix}"


def _download(workshop: Workshop, job: str, suffix: str, content_type: str) -> Response:
    body = offloaded(job, workshop_id=workshop.id)
    if report.is_final(workshop):
        retention.record_final_export(organiser_actor(current_user, workshop), workshop, suffix)
    # content_type, not mimetype: Flask would add a second "; charset=utf-8" to a text type
    response = Response(body, content_type=content_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{_file_name(workshop, suffix)}"'
    return response


CSV = "text/csv; charset=utf-8"


# The printable pages: opening one is logged, but only an explicit "final export" mark unlocks the purge
REPORT_PAGES = {"html": "secretariat.report_page", "facile": "secretariat.easy_report"}


def _report(found: Workshop, page: str) -> dict:
    data = offloaded("report", workshop_id=found.id)
    retention.record_report_view(organiser_actor(current_user, found), found, page)
    return data


@bp.get("/workshops/<int:workshop_id>/report")
def report_page(workshop_id: int):
    found = workshop_for(workshop_id)
    data = _report(found, "html")
    return render_template("secretariat/report.html", workshop=found, report=data,
                           blocks=list(sections.blocks(data)), page="html")


@bp.get("/workshops/<int:workshop_id>/report/facile")
def easy_report(workshop_id: int):
    found = workshop_for(workshop_id)
    return render_template("secretariat/easy_report.html", workshop=found, report=_report(found, "facile"),
                           group_short=GROUP_SHORT, page="facile")


@bp.post("/workshops/<int:workshop_id>/report/final")
def mark_final_export(workshop_id: int):
    """The organiser says the printed page (HTML or easy-read) is the final export: it then counts as one."""
    found = workshop_for(workshop_id)
    page = request.form.get("page")
    if page not in REPORT_PAGES:
        abort(400)
    attempt(lambda: retention.mark_final_export(organiser_actor(current_user, found), found, page),
            _("Ce compte rendu est noté comme export final."))
    return redirect(url_for(REPORT_PAGES[page], workshop_id=found.id))


@bp.get("/workshops/<int:workshop_id>/report.pdf")
def report_pdf(workshop_id: int):
    return _download(workshop_for(workshop_id), "pdf", "pdf", "application/pdf")


@bp.get("/workshops/<int:workshop_id>/report.docx")
def report_docx(workshop_id: int):
    return _download(workshop_for(workshop_id), "docx", "docx",
                     "application/vnd.openxmlformats-officedocument.wordprocessingml.document")


@bp.get("/workshops/<int:workshop_id>/data.xlsx")
def data_xlsx(workshop_id: int):
    return _download(workshop_for(workshop_id), "xlsx", "donnees.xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.get("/workshops/<int:workshop_id>/cards.csv")
def cards_csv(workshop_id: int):
    return _download(workshop_for(workshop_id), "cards_csv", "cartes.csv", CSV)


@bp.get("/workshops/<int:workshop_id>/positions.csv")
def positions_csv(workshop_id: int):
    return _download(workshop_for(workshop_id), "positions_csv", "positions.csv", CSV)


@bp.get("/workshops/<int:workshop_id>/evaluation.csv")
def evaluation_csv(workshop_id: int):
    return _download(workshop_for(workshop_id), "evaluation_csv", "evaluation.csv", CSV)


def _moderation_log(workshop: Workshop, job: str, suffix: str, content_type: str) -> Response:
    """The moderation log: not the report, so no final export is recorded."""
    response = Response(offloaded(job, workshop_id=workshop.id), content_type=content_type)
    response.headers["Content-Disposition"] = \
        f'attachment; filename="{_file_name(workshop, suffix, draft_mark=False)}"'
    return response


@bp.get("/workshops/<int:workshop_id>/moderation.csv")
def moderation_csv(workshop_id: int):
    return _moderation_log(workshop_for(workshop_id), "moderation_csv", "moderation.csv", CSV)


@bp.get("/workshops/<int:workshop_id>/moderation.xlsx")
def moderation_xlsx(workshop_id: int):
    return _moderation_log(workshop_for(workshop_id), "moderation_xlsx", "moderation.xlsx",
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@bp.get("/workshops/<int:workshop_id>/archive.json")
def archive_json(workshop_id: int):
    return _download(workshop_for(workshop_id), "archive", "json", "application/json")


@bp.post("/workshops/<int:workshop_id>/close")
def close(workshop_id: int):
    """End the day, once confirmed: every open screen is told at once, and nothing changes afterwards."""
    found = workshop_for(workshop_id, access.RUN)
    if request.form.get("confirm") != "yes":
        flash(_("Cochez la case pour confirmer la fin de l'atelier."), "error")
    else:
        attempt(lambda: retention.close(organiser_actor(current_user, found), found),
                _("L'atelier est terminé : les exports sont maintenant en version finale."))
    return redirect(url_for("secretariat.workshop", workshop_id=found.id) + "#outcome-title")


@bp.post("/workshops/<int:workshop_id>/reopen")
def reopen(workshop_id: int):
    """Unfreeze a closed workshop, once confirmed: the final exports made before are superseded."""
    found = workshop_for(workshop_id, access.RUN)
    if request.form.get("confirm") != "yes":
        flash(_("Cochez la case pour confirmer la réouverture."), "error")
    else:
        attempt(lambda: retention.reopen(organiser_actor(current_user, found), found),
                _("L'atelier est rouvert : les exports finaux faits avant sont remplacés. Terminez-le à nouveau "
                  "puis refaites l'export final."))
    return redirect(url_for("secretariat.workshop", workshop_id=found.id) + "#outcome-title")


@bp.route("/workshops/<int:workshop_id>/purge", methods=["GET", "POST"])
def purge(workshop_id: int):
    """Purge identities: a confirmation page, then a POST that says so explicitly."""
    found = workshop_for(workshop_id, access.PURGE)
    if request.method == "POST":
        if request.form.get("confirm") != "yes":
            flash(_("Cochez la case pour confirmer l'effacement."), "error")
            return render_template("secretariat/purge.html", workshop=found), 400
        try:
            count = retention.purge_identities(organiser_actor(current_user, found), found)
        except ServiceError as refusal:
            flash(str(refusal.message), "error")
            return render_template("secretariat/purge.html", workshop=found), refusal.status
        flash(_("Identités effacées pour %(n)d participant·es. Le contenu et les statistiques restent.", n=count),
              "ok")
        return redirect(url_for("secretariat.workshop", workshop_id=found.id))
    return render_template("secretariat/purge.html", workshop=found)


@bp.route("/import", methods=["GET", "POST"])
@body_limit(MAX_ARCHIVE_BYTES + MULTIPART_OVERHEAD)
def import_workshop():
    require("import")
    if request.method == "POST":
        upload = request.files.get("archive")
        try:
            if upload is None or not upload.filename:
                raise ServiceError("invalid", _("Choisissez le fichier JSON de l'archive."))
            raw = upload.read(MAX_ARCHIVE_BYTES + 1)
            if len(raw) > MAX_ARCHIVE_BYTES:
                raise ServiceError("invalid", _("Le fichier est trop gros."))
            # parsed, checked and written in an export process: a big archive never freezes the room
            restored_id = offload.pool(current_app).run("restore", locale=str(get_locale()), raw=raw,
                                                        organiser_id=current_user.id)
        except ServiceError as refusal:
            flash(str(refusal.message), "error")
            return render_template("secretariat/import.html"), 400 if refusal.status < 500 else refusal.status
        flash(_("Atelier importé."), "ok")
        return redirect(url_for("secretariat.workshop", workshop_id=restored_id))
    return render_template("secretariat/import.html")


@bp.get("/statistics.csv")
def statistics_csv():
    """The dashboard's figures for the period, counted as the bilan counts them."""
    period = _period()
    data = bilan.summary(current_user.organisation, period)
    rows = [[_("Période"), f"{period.start.isoformat()} → {period.end.isoformat()}", ""],
            [_("Événements tenus"), data["events"], ""], [_("Personnes différentes"), data["people"], ""],
            [_("dont membres des groupes"), data["members"], ""], [_("Présences"), data["attendances"], ""],
            [_("Productions"), data["productions"], ""]]
    rows += [[line["label"], line["n"], line["percent"]] for line in data["categories"]]
    body = spreadsheet.table_csv([_("Indicateur"), _("Nombre"), _("Part")], rows)
    response = Response(body, content_type=CSV)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="clts-chiffres-{period.start.isoformat()}-{period.end.isoformat()}.csv"')
    return response


def _period() -> statistics.Period:
    return statistics.Period.parse(request.args.get("from"), request.args.get("to"), date.today())
