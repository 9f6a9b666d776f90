"""Exports and imports run in separate processes, so the worker serving the phones never waits.

Rendering a 5,000-card PDF takes seconds of pure Python; on the eventlet worker it held every
phone's ack for as long (p99 5 ms → 3.9 s), and a thread would still hold the GIL. So each worker
keeps a small pool (`EXPORT_PROCESSES`, default 1) of runner processes, started at its first export
(not with the worker: a restarted worker must answer its phones first, and the runner's start-up
costs a second or two of CPU): `python -m clts_forum.exports.offload FD`, an app of its own on the
same database, in threading mode. The worker hands a job over a socket pair and waits on
that socket — a green socket under eventlet, so the hub keeps serving everyone meanwhile; a plain
blocking one in threading mode (tests, `flask run`). A runner that dies or overruns
`EXPORT_TIMEOUT_SECONDS` is killed and replaced; the request gets a clear error.

A job reads committed data (the runner has its own database session) and returns bytes, the
report's data, or an imported workshop's id; refusals (`ServiceError`) come back as refusals.
"""
from __future__ import annotations

import logging
import pickle
import socket
import struct
import subprocess
import sys
import traceback
from typing import Any, Callable

from flask import Flask
from flask_babel import force_locale
from flask_babel import gettext as _

from ..extensions import db, socketio
from ..services import ServiceError

log = logging.getLogger("clts_forum.exports")
HEADER = struct.Struct("!Q")


def _send(sock: socket.socket, value: Any) -> None:
    body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    sock.sendall(HEADER.pack(len(body)) + body)


def _receive_exactly(sock: socket.socket, size: int) -> bytes:
    chunks, missing = [], size
    while missing:
        chunk = sock.recv(min(missing, 1 << 20))
        if not chunk:
            raise EOFError("the other end closed the connection")
        chunks.append(chunk)
        missing -= len(chunk)
    return b"".join(chunks)


def _receive(sock: socket.socket) -> Any:
    (size,) = HEADER.unpack(_receive_exactly(sock, HEADER.size))
    return pickle.loads(_receive_exactly(sock, size))


# --- the jobs, run inside a runner --------------------------------------------------------------

def _workshop(workshop_id: int):
    from ..models import Workshop

    found = db.session.get(Workshop, workshop_id)
    if found is None:
        raise ServiceError("not_found", _("Atelier introuvable."), 404)
    return found


def _rendered(render: Callable[[dict], bytes]) -> Callable[..., bytes]:
    def job(workshop_id: int) -> bytes:
        from . import report

        return render(report.build(_workshop(workshop_id)))
    return job


def _report(workshop_id: int, named: bool = True) -> dict:
    from . import report

    return report.build(_workshop(workshop_id), named=named)


def _archive(workshop_id: int) -> bytes:
    import json

    from . import archive

    return json.dumps(archive.export(_workshop(workshop_id)), ensure_ascii=False, indent=1).encode("utf-8")


def _restore(raw: bytes, organiser_id: int | None) -> int:
    from ..models import Organiser
    from . import archive

    organiser = db.session.get(Organiser, organiser_id) if organiser_id else None
    return archive.restore(archive.parse(raw), created_by=organiser).id


def _bilan(fmt: str, organisation_id: int, mandate_id: int | None, start: str, end: str) -> bytes:
    """The bilan file of one organisation: the worker checked the account's right and resolved the scope."""
    from datetime import date

    from ..models import Mandate, Organisation
    from ..services import bilan
    from ..services.statistics import Period
    from . import bilan as bilan_export, document, pdf

    organisation = db.session.get(Organisation, organisation_id)
    mandate = db.session.get(Mandate, mandate_id) if mandate_id else None
    scope = bilan.Scope(Period(date.fromisoformat(start), date.fromisoformat(end)), mandate)
    data = bilan.build(organisation, scope)
    if fmt == "pdf":
        return pdf.render_blocks(bilan_export.title(data), bilan_export.blocks(data))
    if fmt == "docx":
        return document.render_blocks(bilan_export.blocks(data), bilan_export.document_info(data))
    return bilan_export.csv(data) if fmt == "csv" else bilan_export.xlsx(data)


def _moderation_log(render_name: str) -> Callable[..., bytes]:
    def job(workshop_id: int) -> bytes:
        from . import moderation_log

        return getattr(moderation_log, render_name)(_workshop(workshop_id))
    return job


def _jobs() -> dict[str, Callable[..., Any]]:
    from . import document, pdf, spreadsheet

    return {"report": _report, "pdf": _rendered(pdf.render), "docx": _rendered(document.render),
            "xlsx": _rendered(spreadsheet.workbook), "cards_csv": _rendered(spreadsheet.cards_csv),
            "positions_csv": _rendered(spreadsheet.positions_csv),
            "evaluation_csv": _rendered(spreadsheet.evaluation_csv), "archive": _archive, "restore": _restore,
            "bilan": _bilan, "moderation_csv": _moderation_log("log_csv"), "moderation_xlsx": _moderation_log("log_xlsx")}


def runner_main(fd: int) -> None:
    """A runner process: one app, then jobs one at a time until the worker closes the socket."""
    from .. import create_app

    sock = socket.socket(fileno=fd)
    sock.setblocking(True)  # made by an eventlet worker, it comes non-blocking
    config = _receive(sock) | {"ASYNC_MODE": "threading", "REDIS_URL": None}
    app = create_app(config)
    jobs = _jobs()
    while True:
        try:
            name, kwargs, locale = _receive(sock)
        except EOFError:
            return
        with app.app_context(), force_locale(locale):
            try:
                answer = ("ok", jobs[name](**kwargs))
            except ServiceError as refusal:
                answer = ("refused", (refusal.code, str(refusal.message), refusal.status))
            except Exception:  # the worker answers 500; the traceback goes to the log
                log.error("export job %s failed:\n%s", name, traceback.format_exc())
                answer = ("failed", None)
            finally:
                db.session.remove()
        _send(sock, answer)


# --- the worker's side ---------------------------------------------------------------------------

class _Runner:
    def __init__(self, config: dict) -> None:
        mine, theirs = socket.socketpair()
        self.process = subprocess.Popen([sys.executable, "-m", "clts_forum.exports.offload", str(theirs.fileno())],
                                        pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL)
        theirs.close()
        self.sock = mine
        _send(self.sock, config)

    @property
    def pid(self) -> int:
        return self.process.pid

    def call(self, job: str, kwargs: dict, locale: str, timeout: float) -> tuple[str, Any]:
        self.sock.settimeout(timeout)
        _send(self.sock, (job, kwargs, locale))
        return _receive(self.sock)

    def stop(self) -> None:
        self.sock.close()  # the runner sees the end of its input and leaves
        try:
            self.process.wait(5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def _picklable(config: dict) -> dict:
    kept = {}
    for key, value in config.items():
        try:
            pickle.dumps(value)
        except Exception:
            continue
        kept[key] = value
    return kept


class ExportPool:
    """The worker's runners: `run(job, **kwargs)` waits for a free one, without holding the hub."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.size = max(1, app.config["EXPORT_PROCESSES"])
        self.timeout = app.config["EXPORT_TIMEOUT_SECONDS"]
        self.runners: list[_Runner] = []
        self.idle = None  # a queue of the async mode in use, made at the first start

    def start(self) -> None:
        if self.idle is not None:
            return
        self.idle = socketio.server.eio.create_queue()
        config = _picklable(dict(self.app.config))
        for _n in range(self.size):
            runner = _Runner(config)
            self.runners.append(runner)
            self.idle.put(runner)

    def run(self, job: str, locale: str = "fr", **kwargs) -> Any:
        self.start()
        runner = self.idle.get()
        try:
            outcome, value = runner.call(job, kwargs, locale, self.timeout)
        except (OSError, EOFError, pickle.UnpicklingError) as trouble:  # timed out, died or garbled
            log.error("export job %s: runner %s lost (%r); starting another", job, runner.pid, trouble)
            runner.process.kill()
            runner.stop()
            self.runners.remove(runner)
            runner = _Runner(_picklable(dict(self.app.config)))
            self.runners.append(runner)
            raise ServiceError("unavailable", _("L'export n'a pas pu être fait. Réessayez dans un instant."), 503)
        finally:
            self.idle.put(runner)
        if outcome == "refused":
            code, message, status = value
            raise ServiceError(code, message, status)
        if outcome == "failed":
            raise ServiceError("failed", _("L'export a échoué. L'erreur est notée dans le journal du serveur."), 500)
        return value

    def stop(self) -> None:
        for runner in self.runners:
            runner.stop()
        self.runners.clear()
        self.idle = None


def pool(app: Flask) -> ExportPool:
    return app.extensions["clts_exports"]


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    runner_main(int(sys.argv[1]))
