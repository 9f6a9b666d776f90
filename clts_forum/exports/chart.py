"""A bar chart as a PNG (Pillow, with the bundled DejaVu Sans), for documents that take images (DOCX)."""
from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from .pdf import FONTS

SCALE = 2  # drawn at twice the size it prints, so it stays sharp
LABEL_W, BAR_W, ROW_H, PAD = 330, 420, 34, 12
INK, BAR = (33, 37, 41), (44, 95, 138)


def png(lines: list[dict]) -> io.BytesIO:
    """`lines`: {"label", "value", "text"}; one bar per line, its figure written after it."""
    font = ImageFont.truetype(str(FONTS / "DejaVuSans.ttf"), 15 * SCALE)
    width, height = (LABEL_W + BAR_W + 170) * SCALE, (ROW_H * len(lines) + 2 * PAD) * SCALE
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    top = max((line["value"] for line in lines), default=0)
    for n, line in enumerate(lines):
        y = (PAD + n * ROW_H) * SCALE
        middle = y + ROW_H * SCALE // 2
        draw.text(((LABEL_W - 10) * SCALE, middle), str(line["label"]), fill=INK, font=font, anchor="rm")
        bar = round(BAR_W * line["value"] / top) if top else 0
        if bar:
            draw.rectangle([LABEL_W * SCALE, y + 6 * SCALE, (LABEL_W + bar) * SCALE, y + (ROW_H - 6) * SCALE],
                           fill=BAR)
        draw.text(((LABEL_W + bar + 8) * SCALE, middle), str(line["text"]), fill=INK, font=font, anchor="lm")
    out = io.BytesIO()
    image.save(out, format="PNG")
    out.seek(0)
    return out
