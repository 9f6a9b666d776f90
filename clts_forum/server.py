"""Serving the app: eventlet by default, with Nagle's algorithm off on the listening socket.

SIGTERM (systemd, docker stop, a deploy) is graceful: stop accepting, finish the events in
flight, push pending aggregates, close the connections, exit 0.
"""
from __future__ import annotations

import gc
import logging
import os
import signal
import socket
import sys

from flask import Flask

from .extensions import socketio

log = logging.getLogger("clts_forum")


def _announce(app: Flask) -> None:
    url = app.config["PUBLIC_URL"]
    with app.app_context():
        from .services import organisers

        first_run = not organisers.any_exists()
    print(f"clts_forum écoute sur http://{app.config['HOST']}:{app.config['PORT']} "
          f"(mode {app.config['ASYNC_MODE']}) — adresse publique {url}", flush=True)
    print(f"  Participants : {url}/  (code de l'atelier)", flush=True)
    print(f"  Organisateurs : {url}/{'setup' if first_run else 'login'}", flush=True)


class SchemaOutOfDate(SystemExit):
    """The database is behind the code's migrations and is not ours to upgrade at start-up."""


def ensure_schema(app: Flask) -> None:
    """Bring the database to the code's schema before serving.

    On SQLite (one machine, one process) the migrations are applied here, so `python app.py` works
    on a fresh instance. A server database is shared by several workers that must not race to
    migrate it: the process refuses to start and says what to run.
    """
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory
    from flask_migrate import upgrade

    from .extensions import db, migrate

    with app.app_context():
        heads = set(ScriptDirectory.from_config(migrate.get_config()).get_heads())
        with db.engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
        if current == heads:
            return
        if db.engine.dialect.name == "sqlite":
            log.info("applying the database migrations (SQLite)")
            upgrade()
            return
    raise SchemaOutOfDate("The database schema is not up to date: run `.venv/bin/flask --app clts_forum db "
                          "upgrade` once, then start the workers.")


def listening_socket(host: str, port: int):
    """An eventlet listening socket with Nagle's algorithm off.

    Accepted sockets inherit TCP_NODELAY; without it every small ack waits ~40 ms for the
    peer's delayed ACK. socketio.run() under eventlet leaves it on, hence this function.
    """
    import eventlet

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    listener = eventlet.listen((host, port), family=family, backlog=2048)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return listener


def bound_websocket_messages(max_bytes: int) -> None:
    """Count a websocket message's bytes over all its frames, not frame by frame.

    eventlet checks each frame against the limit, but buffers a message split into many small
    frames until its last one; Engine.IO then counts characters, not bytes. One never-ending
    message could fill the server's memory. This closes the connection (1009) at `max_bytes`.
    """
    from eventlet import websocket

    if getattr(websocket.RFC6455WebSocket.Message, "max_bytes", None) == max_bytes:
        return

    class BoundedMessage(websocket.RFC6455WebSocket.Message):
        def push(self, data, final=False):
            self.received = getattr(self, "received", 0) + len(data)
            if self.received > max_bytes:
                raise websocket.FailedConnectionError(1009, f"Incoming message is above {max_bytes} bytes.")
            super().push(data, final)

    BoundedMessage.max_bytes = max_bytes
    websocket.RFC6455WebSocket.Message = BoundedMessage


def unmask_websocket_frames_in_one_pass() -> None:
    """Unmask what phones send with one integer XOR instead of eventlet's byte-by-byte loop.

    Every frame a browser sends is masked (RFC 6455, 5.3); eventlet 0.41 builds one `bytes` per
    byte to undo it, ~0.3 µs a byte, which cost ~2% of a busy worker's CPU on cards and positions.
    """
    from eventlet import websocket

    def apply_mask(data, mask, length=None, offset=0):
        length = len(data) if length is None else length
        key = bytes(mask[(offset + i) % 4] for i in range(4)) * (length // 4 + 1)
        return (int.from_bytes(data[:length], "little") ^ int.from_bytes(key[:length], "little")).to_bytes(
            length, "little")

    websocket.RFC6455WebSocket._apply_mask = staticmethod(apply_mask)


def http_protocol():
    """eventlet's HTTP protocol, handing itself to the app through the environ.

    A view that refuses a request body (413) sets `close_connection` on it, so eventlet answers and
    closes instead of reading the refused body to its end to keep the connection alive.
    """
    import eventlet.wsgi

    class Protocol(eventlet.wsgi.HttpProtocol):
        def handle_one_response(self):
            self.environ["clts.protocol"] = self
            return super().handle_one_response()

    return Protocol


def drain_and_exit(app: Flask, listener) -> None:
    """Finish what is in flight, then leave. Runs in its own green thread after SIGTERM."""
    import eventlet

    drain = app.extensions["clts_drain"]
    drain.start()
    log.info("SIGTERM: no new connections or events; %d event(s) in flight", drain.in_flight)
    try:
        listener.close()
    except OSError:
        pass
    finished = drain.wait(app.config["SHUTDOWN_GRACE_SECONDS"], sleep=eventlet.sleep)
    with app.app_context():
        try:
            from .services import throttle
            throttle.flush_now()
        except Exception:  # the aggregates are in the database; clients read them on reconnect
            log.exception("pending aggregate push failed during shutdown")
        socketio.server.eio.disconnect()  # clients see a close, reconnect, resend un-acked events
        eventlet.sleep(0.05)  # let the close frames leave
        from .extensions import db
        db.engine.dispose()
    if finished:
        log.info("SIGTERM: in-flight events finished; exiting")
    else:
        log.warning("SIGTERM: %d event(s) still running after %ss; exiting anyway",
                    drain.in_flight, app.config["SHUTDOWN_GRACE_SECONDS"])
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    # Long-lived websocket handlers would keep eventlet's server waiting forever: leave directly.
    os._exit(0 if finished else 1)


def serve(app: Flask) -> None:
    host, port = app.config["HOST"], int(app.config["PORT"])
    mode = app.config["ASYNC_MODE"]
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    ensure_schema(app)
    _announce(app)
    # The cyclic garbage collector was the largest single cost under load (bench/, README
    # "Performance"): every message allocates, and with the default thresholds (700, 10, 10) the
    # collector keeps re-walking the long-lived heap. Freeze what start-up loaded (it lives as long
    # as the process) and collect young objects less often.
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)
    if mode == "eventlet":
        import eventlet
        import eventlet.wsgi

        listener = listening_socket(host, port)
        bound_websocket_messages(socketio.server.eio.max_http_buffer_size)
        unmask_websocket_frames_in_one_pass()
        signal.signal(signal.SIGTERM, lambda *_: eventlet.spawn(drain_and_exit, app, listener))
        try:
            eventlet.wsgi.server(listener, app, log_output=False, max_size=4096, protocol=http_protocol())
        except OSError:
            if not app.extensions["clts_drain"].draining:
                raise
        while app.extensions["clts_drain"].draining:  # the listener closed under us: drain_and_exit ends it
            eventlet.sleep(1)
    else:
        socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=mode == "threading",
                     log_output=False, use_reloader=False)
