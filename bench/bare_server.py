"""The yardstick: a bare python-socketio broadcast server on eventlet, nothing else.

It speaks just enough of the app's protocol for the load generator: `card.create` broadcasts the
card to one room and acks; `position.set` acks. Same stack and socket options as the app
(python-socketio, eventlet, TCP_NODELAY), no database, no rules, no visibility.

    python bench/bare_server.py --port 5100
"""
from __future__ import annotations

import argparse
import gc
import itertools
import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
import eventlet  # noqa: E402

eventlet.monkey_patch()

import socket  # noqa: E402

import eventlet.wsgi  # noqa: E402
import socketio  # noqa: E402

ROOM = "w"


def build() -> socketio.WSGIApp:
    server = socketio.Server(async_mode="eventlet", cors_allowed_origins=None)
    ids = itertools.count(1)

    @server.event
    def connect(sid, environ, auth=None):
        server.enter_room(sid, ROOM)

    @server.on("card.create")
    def card_create(sid, data):
        card = {"id": next(ids), "kind": data.get("kind"), "text": data.get("text"), "peer_group": "practice",
                "author": None, "released": False, "sealed": False, "links": []}
        server.emit("card.created", card, to=ROOM)
        return {"ok": True, "card": card, "replayed": False}

    @server.on("position.set")
    def position_set(sid, data):
        return {"ok": True, "value": data.get("value")}

    return socketio.WSGIApp(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5100)
    args = parser.parse_args()
    gc.collect()  # the same garbage-collector settings as the app (clts_forum/server.py): a like-for-like yardstick
    gc.freeze()
    gc.set_threshold(50_000, 50, 100)
    listener = eventlet.listen((args.host, args.port), backlog=2048)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    print(f"bare python-socketio server on http://{args.host}:{args.port}", flush=True)
    eventlet.wsgi.server(listener, build(), log_output=False, max_size=4096)


if __name__ == "__main__":
    main()
