"""Serving the app: eventlet by default, with Nagle's algorithm off on the listening socket."""
from __future__ import annotations

import logging
import socket

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


def serve(app: Flask) -> None:
    host, port = app.config["HOST"], int(app.config["PORT"])
    mode = app.config["ASYNC_MODE"]
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    _announce(app)
    if mode == "eventlet":
        import eventlet.wsgi

        eventlet.wsgi.server(listening_socket(host, port), app, log_output=False, max_size=4096)
    else:
        socketio.run(app, host=host, port=port, allow_unsafe_werkzeug=mode == "threading",
                     log_output=False, use_reloader=False)
