"""Column widths that fit a table's content, for the PDF and the DOCX alike.

The browser's automatic table layout, done once on the server: each column needs at least its
longest word (a word never breaks inside), would like its longest line, and the page's width is
shared out between those two. Text is measured with the bundled font's real advance widths, so
"Savoir d'expérience" keeps its width in print.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

FONTS = Path(__file__).resolve().parent / "fonts"


@lru_cache(maxsize=2)
def _advances(bold: bool) -> tuple[dict[int, int], int, int]:
    font = TTFont(str(FONTS / ("DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf")), lazy=True)
    cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
    advances = {code: metrics[name][0] for code, name in cmap.items()}
    units = font["head"].unitsPerEm
    return advances, units, metrics[".notdef"][0] if ".notdef" in metrics else units // 2


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Width in points of `text` set in DejaVu Sans at `size` points (a missing glyph counts as an em)."""
    advances, units, _missing = _advances(bold)
    return sum(advances.get(ord(ch), units) for ch in text) * size / units


def column_widths(header: list, rows: list[list], total: float, size: float, padding: float) -> list[float]:
    """Widths in points for each column: header (bold) and rows set at `size` points, each cell with
    `padding` points of margins and borders, left and right together."""
    least, most = [], []
    for column in range(len(header)):
        cells = [(str(header[column]), True)] + [(str(row[column]), False) for row in rows if column < len(row)]
        words = [text_width(word, size, bold) for text, bold in cells for word in text.split()] or [0.0]
        lines = [text_width(line, size, bold) for text, bold in cells for line in text.splitlines()] or [0.0]
        least.append(max(words) + padding)
        most.append(max(max(lines), max(words)) + padding)
    if sum(most) <= total:  # everything fits on one line each: share what is left in proportion
        spare = total - sum(most)
        return [w + spare * w / sum(most) for w in most]
    if sum(least) >= total:  # even single words do not fit: the narrowest honest compromise
        return [total * w / sum(least) for w in least]
    give = (total - sum(least)) / (sum(most) - sum(least))
    return [lo + (hi - lo) * give for lo, hi in zip(least, most)]
