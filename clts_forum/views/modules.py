"""The scripts are ES modules served as they are written (no build step), except that each relative
import names the version of what it imports ("./live.js?v=…"). So every module, not only the page's
entry, has a versioned URL cached for a year, and a new release never mixes old and new modules: a
module's version covers the modules it imports, since their versions are part of its text."""
from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path

from flask import Flask, Response, abort, request
from werkzeug.security import safe_join

# `from "./x.js"`, `import "./x.js"`, also minified (`}from"../lit-html.js"`): relative specifiers only.
IMPORT = re.compile(r'(\b(?:from|import)\s*)"(\.{1,2}/[^"?#]+\.js)"')


@lru_cache(maxsize=256)
def _module(path: str, mtime: float) -> tuple[bytes, str]:
    """A module's text with versioned imports, and its version (a hash of that text)."""
    folder = Path(path).parent

    def versioned(match: re.Match) -> str:
        return f'{match.group(1)}"{match.group(2)}?v={module_version(folder / match.group(2))}"'

    body = IMPORT.sub(versioned, Path(path).read_text(encoding="utf-8")).encode("utf-8")
    return body, hashlib.sha256(body).hexdigest()[:10]


def module_version(path: Path) -> str:
    path = path.resolve()
    return _module(str(path), path.stat().st_mtime)[1]


def serve_modules(app: Flask) -> None:
    """Scripts through `_module`; every other static file as Flask serves it."""
    serve_file = app.view_functions["static"]

    def static(filename: str):
        if not filename.endswith(".js"):
            return serve_file(filename=filename)
        path = safe_join(app.static_folder, filename)
        if path is None or not Path(path).is_file():
            abort(404)
        body, version = _module(path, Path(path).stat().st_mtime)
        response = Response(body, mimetype="text/javascript")
        response.set_etag(version)
        return response.make_conditional(request)

    app.view_functions["static"] = static
