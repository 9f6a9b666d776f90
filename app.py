"""Start-up only: pick the async mode (monkey-patching first), build the app, serve it.

    python app.py            # eventlet on http://127.0.0.1:5000 (HOST, PORT override)
"""
import os
import warnings

ASYNC_MODE = os.environ.get("ASYNC_MODE", "eventlet")
if ASYNC_MODE == "eventlet":
    warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")  # see clts_forum/__init__.py
    import eventlet

    eventlet.monkey_patch()
elif ASYNC_MODE == "gevent":
    from gevent import monkey

    monkey.patch_all()

from clts_forum import create_app  # noqa: E402  (after monkey-patching, on purpose)
from clts_forum.server import serve  # noqa: E402

app = create_app()

if __name__ == "__main__":
    serve(app)
