"""Productions: what the committee produces, from draft to validated by its comité technique to diffused.

A production has a link or an uploaded file. Uploads are PDF or DOCX only, recognised by their content
(a PDF header; a Word document's parts inside the ZIP), never by their name; they are stored under the
instance folder by a random name and served only to accounts of the organisation. A meeting's synthesis,
once validated by every group, becomes a production in one click.
"""
from __future__ import annotations

import io
import secrets
import zipfile
from datetime import date
from pathlib import Path
from typing import Any, Optional

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..extensions import db
from ..models import Organiser, Production, WorkingGroup, Workshop
from ..vocabulary import PRODUCTION_KINDS, PRODUCTION_STATUSES
from . import ServiceError, synthesis
from .validation import choice, clean_text

FILE_TYPES = {"pdf": "application/pdf",
              "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
NEXT_STATUS = {"draft": "validated", "validated": "diffused"}


def _groups(organisation_id: int, group_ids: list[int]) -> list[WorkingGroup]:
    found = [db.session.get(WorkingGroup, i) for i in group_ids]
    if any(g is None or g.organisation_id != organisation_id for g in found):
        raise ServiceError("invalid", _("Groupe de travail introuvable."))
    return found


def _link(value: Any) -> str:
    link = clean_text(value, field=_l("Lien"), max_length=500, required=False, multiline=False)
    if link and not link.lower().startswith(("https://", "http://")):
        raise ServiceError("invalid", _("Le lien doit commencer par https:// ou http://."))
    return link


def _fields(title: Any, kind: Any, produced_on: Any, link: Any) -> dict:
    if not isinstance(produced_on, date):
        raise ServiceError("invalid", _("Indiquez la date de la production."))
    return {"title": clean_text(title, field=_l("Titre"), max_length=200, multiline=False),
            "kind": choice(kind, PRODUCTION_KINDS, field=_l("Type")), "produced_on": produced_on,
            "link": _link(link)}


def create(account: Organiser, *, title: Any, kind: Any, produced_on: Any, link: Any = "",
           group_ids: list[int] = ()) -> Production:
    production = Production(organisation_id=account.organisation_id, created_by_id=account.id, status="draft",
                            **_fields(title, kind, produced_on, link),
                            groups=_groups(account.organisation_id, list(group_ids)))
    db.session.add(production)
    db.session.commit()
    return production


def update(production: Production, *, title: Any, kind: Any, produced_on: Any, link: Any,
           group_ids: list[int]) -> Production:
    for key, value in _fields(title, kind, produced_on, link).items():
        setattr(production, key, value)
    production.groups = _groups(production.organisation_id, list(group_ids))
    db.session.commit()
    return production


def file_type(data: bytes) -> Optional[str]:
    """"pdf" or "docx" from the bytes themselves, else None (a renamed file is not trusted)."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names and "[Content_Types].xml" in names:
                    types = archive.read("[Content_Types].xml")
                    if b"wordprocessingml.document.main+xml" in types:
                        return "docx"
        except (zipfile.BadZipFile, KeyError, RuntimeError, ValueError):
            return None
    return None


def check_file(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The file's type if it may be stored: within the size limit, a PDF or a DOCX by its content."""
    if len(data) > max_bytes:
        raise ServiceError("too_large", _("Le fichier est trop gros (%(size)d Mo au plus).",
                                          size=max_bytes // (1024 * 1024)), 413)
    kind = file_type(data)
    if kind is None:
        raise ServiceError("invalid", _("Seuls les fichiers PDF ou Word (DOCX) sont acceptés."))
    return kind


def attach_file(production: Production, *, name: Any, data: bytes, folder: Path,
                max_bytes: int = DEFAULT_MAX_BYTES) -> Production:
    """Store an uploaded PDF or DOCX (checked by content and size); a previous file is replaced."""
    kind = check_file(data, max_bytes)
    shown = (name if isinstance(name, str) else "").replace("\\", "/").rsplit("/", 1)[-1]  # a name, never a path
    stem = clean_text(shown, field=_l("Nom du fichier"), max_length=200, required=False,
                      multiline=False).rsplit(".", 1)[0] or production.title
    folder.mkdir(parents=True, exist_ok=True)
    key = f"{secrets.token_hex(16)}.{kind}"
    (folder / key).write_bytes(data)
    old = production.file_key
    production.file_key, production.file_type, production.file_size = key, kind, len(data)
    production.file_name = f"{stem[:190]}.{kind}"
    db.session.commit()
    if old:
        (folder / old).unlink(missing_ok=True)
    return production


def file_path(production: Production, folder: Path) -> Optional[Path]:
    if not production.file_key:
        return None
    path = folder / production.file_key
    return path if path.is_file() else None


def advance(production: Production, *, to: Any, on: Any) -> Production:
    """en cours → validée par le comité technique (date) → diffusée (date), in that order."""
    status = choice(to, PRODUCTION_STATUSES, field=_l("Statut"))
    if NEXT_STATUS.get(production.status) != status:
        raise ServiceError("not_allowed_now", _("Une production est validée par le comité technique, puis diffusée."))
    if not isinstance(on, date):
        raise ServiceError("invalid", _("Indiquez la date."))
    if status == "validated":
        production.validated_on = on
    else:
        if on < production.validated_on:
            raise ServiceError("invalid", _("La diffusion suit la validation."))
        production.diffused_on = on
    production.status = status
    db.session.commit()
    return production


def promote_synthesis(account: Organiser, workshop: Workshop) -> Production:
    """A meeting's synthesis, validated by every group, as a production (once)."""
    existing = db.session.scalar(db.select(Production).filter_by(source_workshop_id=workshop.id))
    if existing is not None:
        raise ServiceError("conflict", _("Cette synthèse est déjà une production."), 409)
    final = synthesis.final_version(workshop.id)
    if final is None:
        raise ServiceError("not_allowed_now", _("La synthèse n'est pas encore validée par tous les groupes."))
    production = Production(organisation_id=workshop.organisation_id, created_by_id=account.id, status="draft",
                            title=_("Synthèse — %(title)s", title=workshop.title)[:200], kind="synthese",
                            produced_on=workshop.date or date.today(), text=final.text,
                            source_workshop_id=workshop.id,
                            groups=[workshop.working_group] if workshop.working_group else [])
    db.session.add(production)
    db.session.commit()
    return production


def of_organisation(organisation_id: int) -> list[Production]:
    return list(db.session.scalars(db.select(Production).filter_by(organisation_id=organisation_id)
                                   .order_by(Production.produced_on.desc(), Production.id.desc())))


def from_workshop(workshop: Workshop) -> Optional[Production]:
    return db.session.scalar(db.select(Production).filter_by(source_workshop_id=workshop.id))
