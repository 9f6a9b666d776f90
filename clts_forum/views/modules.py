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
def _source(path: str, mtime: float) -> str:
    return Path(path).read_text(encoding="utf-8")


@lru_cache(maxsize=256)
def _versioned(path: str, mtime: float, imported: tuple[str, ...]) -> tuple[bytes, str]:
    """The text with each import's version, and the module's own version (a hash of that text)."""
    versions = iter(imported)
    body = IMPORT.sub(lambda m: f'{m.group(1)}"{m.group(2)}?v={next(versions)}"', _source(path, mtime))
    data = body.encode("utf-8")
    return data, hashlib.sha256(data).hexdigest()[:10]


def module(path: Path) -> tuple[bytes, str]:
    """A module as served, and its version; a change in any module it imports changes both."""
    path = path.resolve()
    mtime = path.stat().st_mtime
    imported = tuple(module_version(path.parent / match.group(2)) for match in IMPORT.finditer(_source(str(path), mtime)))
    return _versioned(str(path), mtime, imported)


def module_version(path: Path) -> str:
    return module(path)[1]


def serve_modules(app: Flask) -> None:
    """Scripts through `module`; every other static file as Flask serves it."""
    serve_file = app.view_functions["static"]

    def static(filename: str):
        if not filename.endswith(".js"):
            return serve_file(filename=filename)
        path = safe_join(app.static_folder, filename)
        if path is None or not Path(path).is_file():
            abort(404)
        body, version = module(Path(path))
        response = Response(body, mimetype="text/javascript")
        response.set_etag(version)
        return response.make_conditional(request)

    app.view_functions["static"] = static
