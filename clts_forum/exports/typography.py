"""French typography for the printed report: no-break spaces where French puts them.

A space before ? ! ; becomes a narrow no-break space (U+202F), before : a no-break space (U+00A0),
and « » hold their text with no-break spaces: "?" never starts a line, « never ends one. Used by
the blocks every report format lays out (HTML, PDF, DOCX); spreadsheets and the archive keep texts
exactly as typed.
"""
from __future__ import annotations

import re

NARROW_NBSP = "\u202f"
NBSP = "\u00a0"

_SPACES = "[ \t\u00a0\u202f]"
_BEFORE_TALL = re.compile(_SPACES + "+([?!;])")
_BEFORE_COLON = re.compile(_SPACES + "+:")
_AFTER_OPENING = re.compile("«" + _SPACES + "*")
_BEFORE_CLOSING = re.compile(_SPACES + "*»")


def french(text: str) -> str:
    text = _BEFORE_TALL.sub(NARROW_NBSP + r"\1", text)
    text = _BEFORE_COLON.sub(NBSP + ":", text)
    text = _AFTER_OPENING.sub("«" + NBSP, text)
    return _BEFORE_CLOSING.sub(NBSP + "»", text)
