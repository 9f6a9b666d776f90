"""Checks on untrusted input, shared by every service. Text is kept raw (escaped on output)."""
from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterable, Optional

from flask_babel import gettext as _

from . import ServiceError

# Control characters other than tab and newline have no place in typed text; nor have lone
# surrogates (they cannot be stored as UTF-8) or noncharacters (XML, hence Word, refuses them).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069"
                      "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def invalid(message: object) -> ServiceError:
    return ServiceError("invalid", message)


def payload_dict(data: Any) -> dict:
    if not isinstance(data, dict):
        raise invalid(_("La demande est mal formée."))
    return data


def clean_text(value: Any, *, field: object, max_length: int, required: bool = True,
               multiline: bool = True) -> str:
    """NFC-normalised, trimmed text without control characters, within the length limit."""
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise invalid(_("Le champ « %(field)s » doit être du texte.", field=field))
    text = unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text)
    if not multiline:
        text = " ".join(text.split())
    text = text.strip()
    if required and not text:
        raise invalid(_("Le champ « %(field)s » est vide.", field=field))
    if len(text) > max_length:
        raise invalid(_("Le texte est trop long (%(length)d caractères, %(limit)d au plus).",
                        length=len(text), limit=max_length))
    return text


def choice(value: Any, allowed: Iterable[str], *, field: object) -> str:
    allowed = list(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise invalid(_("Le champ « %(field)s » n'a pas une valeur permise.", field=field))
    return value


# The largest row id: PostgreSQL's `integer`. A larger number names no row; it must not reach the driver.
MAX_ROW_ID = 2**31 - 1


def identifier(value: Any, *, field: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_ROW_ID:
        raise invalid(_("Le champ « %(field)s » doit être un numéro.", field=field))
    return value


def optional_identifier(value: Any, *, field: object) -> Optional[int]:
    return None if value is None else identifier(value, field=field)


def flag(value: Any, *, field: object, default: bool = False) -> bool:
    if value is None:
        return default
    if not isinstance(value, bool):
        raise invalid(_("Le champ « %(field)s » doit valoir vrai ou faux.", field=field))
    return value


_CLIENT_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")


def client_id(value: Any) -> str:
    """The id a client makes for each create, so a retried post is stored once."""
    if not isinstance(value, str) or not _CLIENT_ID.match(value):
        raise invalid(_("Identifiant de message manquant ou invalide."))
    return value
