"""The rules of the product. Each public function validates, writes, commits, then broadcasts.

Services never read `request`: they receive the acting `Actor` and plain data, and raise
`ServiceError` with a stable code and a message a person can read.
"""
from __future__ import annotations


class ServiceError(Exception):
    """A refusal the client can show: `code` is stable, `message` is translated text."""

    def __init__(self, code: str, message: object, status: int = 400):
        super().__init__(str(message))
        self.code = code
        self.message = str(message)
        self.status = status

    def as_ack(self) -> dict:
        return {"ok": False, "error": {"code": self.code, "message": self.message}}


def commit_keeping_loaded() -> None:
    """Commit without expiring what the session holds.

    For hot paths that build their pushes and ack from the objects they just wrote: a plain
    commit expires them, and reading them back costs one SELECT per object and relationship.
    """
    from ..extensions import db

    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True
