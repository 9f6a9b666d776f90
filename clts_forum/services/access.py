"""Who may do what: the one home of every access check.

In a live workshop (socket events): an item is loaded with `load` (or only checked with `present`),
which answers `not_found` for an id of another workshop exactly as for a missing one, and the
facilitator's actions start with `require_staff`. No service compares `workshop_id`s or reads `is_staff` by hand to gate an action.

In an organisation (staff pages):

An account acts only within its own organisation: another organisation's workshops, groups,
productions and accounts answer like missing ones (`not_found`). Within it, by role (DESIGN.md §3):

- **admin**: everything, plus accounts, settings, and transferring or sharing a workshop;
- **secretariat**: sees and exports every workshop, the bilan, retention (purges), mandates, and
  records productions and temps forts; runs no live workshop;
- **organiser**: creates and runs workshops and working groups; sees the organisation's workshops,
  groups and productions.

*Running* a workshop (its secret team links, closing it, the meeting's attendance, promoting its
synthesis) belongs to its owner, the accounts it is shared with, the animators of its working group
and the admins (and, for an event recorded by hand, the secretariat); a workshop without an owner (made by `flask demo` or the command line) is run by
every organiser and admin. *Viewing* (its page, its reports and exports) belongs to every account of
the organisation: the secretariat must see everything, a meeting run from a colleague's account too.
"""
from __future__ import annotations

import functools
from typing import Any, Callable, Optional, TypeVar, Union

from flask_babel import gettext as _
from sqlalchemy import bindparam, select

from ..actors import Actor
from ..extensions import db
from ..models import Organiser, Production, WorkingGroup, Workshop
from . import ServiceError
from .organisers import ADMIN, ORGANISER, SECRETARIAT
from .validation import identifier

Item = TypeVar("Item")

# Workshop rights
VIEW, RUN, PURGE, SHARE = "view", "run", "purge", "share"
# Organisation-wide rights, by role
ORGANISATION_RIGHTS: dict[str, frozenset[str]] = {
    "create_workshop": frozenset({ADMIN, ORGANISER}),
    "record_event": frozenset({ADMIN, SECRETARIAT, ORGANISER}),
    "create_group": frozenset({ADMIN, ORGANISER}),
    "edit_productions": frozenset({ADMIN, SECRETARIAT, ORGANISER}),
    "validate_productions": frozenset({ADMIN, SECRETARIAT}),
    "manage_mandates": frozenset({ADMIN, SECRETARIAT}),
    "bilan": frozenset({ADMIN, SECRETARIAT}),
    "import": frozenset({ADMIN, SECRETARIAT, ORGANISER}),
    "accounts": frozenset({ADMIN}),
    "settings": frozenset({ADMIN}),
}


def _not_found() -> ServiceError:
    return ServiceError("not_found", _("Page introuvable."), 404)


def forbidden() -> ServiceError:
    return ServiceError("forbidden", _("Votre rôle ne permet pas cette action. Demandez à l'administration "
                                       "de votre comité."), 403)


def may(account: Organiser, right: str) -> bool:
    """An organisation-wide right of the account's role."""
    return account.disabled_at is None and account.role in ORGANISATION_RIGHTS[right]


def require(account: Organiser, right: str) -> None:
    if not may(account, right):
        raise forbidden()


def animates(account: Organiser, group: Optional[WorkingGroup]) -> bool:
    return group is not None and any(a.id == account.id for a in group.animators)


def runs(account: Organiser, workshop: Workshop) -> bool:
    if account.role == ADMIN or workshop.created_by_id == account.id:
        return True
    if workshop.recorded and account.role == SECRETARIAT:  # the secretariat keeps the record of events
        return True
    if workshop.created_by_id is None and account.role == ORGANISER:
        return True
    return any(a.id == account.id for a in workshop.shared_with) or animates(account, workshop.working_group)


def workshop_allows(account: Organiser, workshop: Workshop, right: str) -> bool:
    if account.disabled_at is not None or workshop.organisation_id != account.organisation_id:
        return False
    if right == VIEW:
        return True
    if right == RUN:
        return runs(account, workshop)
    if right == PURGE:
        return account.role == SECRETARIAT or runs(account, workshop)
    if right == SHARE:
        return account.role == ADMIN
    raise ValueError(right)


def workshop(account: Organiser, workshop_id: object, right: str = VIEW) -> Workshop:
    """The workshop if the account may `right` it; another organisation's answers like a missing one."""
    found = db.session.get(Workshop, workshop_id) if _an_id(workshop_id) else None
    if found is None or found.organisation_id != account.organisation_id or account.disabled_at is not None:
        raise _not_found()
    if not workshop_allows(account, found, right):
        raise forbidden()
    return found


def group(account: Organiser, group_id: object, manage: bool = False) -> WorkingGroup:
    """A working group of the account's organisation; `manage` (roster, cards, meetings): animators, admins."""
    found = db.session.get(WorkingGroup, group_id) if _an_id(group_id) else None
    if found is None or found.organisation_id != account.organisation_id or account.disabled_at is not None:
        raise _not_found()
    if manage and not manages(account, found):
        raise forbidden()
    return found


def manages(account: Organiser, group: WorkingGroup) -> bool:
    return account.role == ADMIN or animates(account, group)


def production(account: Organiser, production_id: object, right: Optional[str] = None) -> Production:
    found = db.session.get(Production, production_id) if _an_id(production_id) else None
    if found is None or found.organisation_id != account.organisation_id or account.disabled_at is not None:
        raise _not_found()
    if right is not None:
        require(account, right)
    return found


def _an_id(value: object) -> bool:
    """Out-of-range ids (e.g. 2**63) name nothing: they must not reach the database driver."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**53


# -- within a live workshop --------------------------------------------------------------------------

def load(model: type[Item], item_id: Any, within: Union[Actor, Workshop, int], *, message: object = None,
         field: str = "id", accept: Optional[Callable[[Item], bool]] = None) -> Item:
    """The `model` row `item_id` if it belongs to the workshop of `within` (and passes `accept`).

    A malformed id is `invalid`; a missing id, another workshop's item or one `accept` refuses are
    all the same `not_found`, so nothing tells one workshop what another holds.
    """
    found = db.session.get(model, identifier(item_id, field=field))
    if found is None or found.workshop_id != _workshop_id(within) or (accept is not None and not accept(found)):
        raise _not_in_workshop(message)
    return found


def present(model: type, item_id: Any, within: Union[Actor, Workshop, int], where: Any, *,
            message: object = None, field: str = "id") -> int:
    """`load`'s answer for a hot event that needs only to know the item is there: its id, no object.

    `where` is a condition on the row, built once by the caller (the statement is then built once
    too): one indexed SELECT of the id, where `load` built an ORM object with every column.
    """
    wanted = identifier(item_id, field=field)
    found = db.session.scalar(_presence(model, where), {"item_id": wanted, "workshop_id": _workshop_id(within)})
    if found is None:
        raise _not_in_workshop(message)
    return found


def _not_in_workshop(message: object) -> ServiceError:
    return ServiceError("not_found", message or _("Cet élément n'existe pas dans l'atelier."), 404)


@functools.lru_cache(maxsize=32)
def _presence(model: type, where: Any):
    table = model.__table__
    return (select(table.c.id)
            .where(table.c.id == bindparam("item_id"), table.c.workshop_id == bindparam("workshop_id"), where))


def _workshop_id(within: Union[Actor, Workshop, int]) -> int:
    return within if isinstance(within, int) else within.id if isinstance(within, Workshop) else within.workshop_id


def require_staff(actor: Actor, message: object = None) -> None:
    """Only the facilitator (and the organisers acting through the facilitator link) may go on."""
    if not actor.is_staff:
        raise ServiceError("forbidden", message or _("Seule l'animation peut faire cela."), 403)
