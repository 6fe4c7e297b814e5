"""Captions on PNG frames: the step's chain-rule line drawn under the picture (the GIF and saved frames).

Pillow composites plain text in DejaVu Sans (matplotlib's copy, which the viz extra installs),
at :data:`CAPTION_PX` px, never under 14 px, wrapped to the picture's width (at least
:data:`MIN_WIDTH` px wide, so a small graph still gets readable lines).
"""

from __future__ import annotations

import io
from functools import cache
from pathlib import Path
from typing import Any

CAPTION_PX = 18
MIN_WIDTH = 640
PAD = 10


@cache
def _font(px: int) -> Any:
    import matplotlib
    from PIL import ImageFont

    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    return ImageFont.truetype(str(path), px)


def wrap(text: str, width: float, measure: Any) -> list[str]:
    """``text`` in lines no wider than ``width`` (by ``measure``), broken at spaces (a long word alone)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            trial = f"{line} {word}" if line else word
            if line and measure(trial) > width:
                lines.append(line)
                line = word
            else:
                line = trial
        lines.append(line)
    return lines


def add_captions(pngs: list[bytes], texts: list[str], px: int = CAPTION_PX) -> list[bytes]:
    """Each picture with its text under it, every result of one size (a GIF's frames must not jump)."""
    from PIL import Image

    if len(pngs) != len(texts):
        raise ValueError(f"add_captions: {len(pngs)} pictures but {len(texts)} captions")
    sizes = []
    for png in pngs:
        with Image.open(io.BytesIO(png)) as im:
            sizes.append(im.size)
    width = max([MIN_WIDTH, *(w for w, _ in sizes)])
    height = max((h for _, h in sizes), default=0)
    if px < 14:
        raise ValueError(f"caption text must be at least 14 px, got {px}")
    lines = max((len(wrap(t, width - 2 * PAD, _font(px).getlength)) for t in texts), default=1)
    return [add_caption(png, text, px, size=(width, height), lines=lines)
            for png, text in zip(pngs, texts, strict=True)]


def add_caption(png: bytes, text: str, px: int = CAPTION_PX, *, size: tuple[int, int] | None = None,
                lines: int = 1) -> bytes:
    """``png`` with ``text`` under it on a white band (the picture is not scaled). ``size``: the
    picture area to pad to (width, height); ``lines``: the fewest caption lines to leave room for."""
    from PIL import Image, ImageDraw

    if px < 14:
        raise ValueError(f"caption text must be at least 14 px, got {px}")
    font = _font(px)
    with Image.open(io.BytesIO(png)) as im:
        picture = im.convert("RGB")
    area_w, area_h = size or (picture.width, picture.height)
    width = max(area_w, picture.width, MIN_WIDTH)
    height = max(area_h, picture.height)
    wrapped = wrap(text, width - 2 * PAD, font.getlength)
    line_h = round(px * 1.35)
    out = Image.new("RGB", (width, height + 2 * PAD + line_h * max(lines, len(wrapped))), "white")
    out.paste(picture, ((width - picture.width) // 2, 0))
    draw = ImageDraw.Draw(out)
    y = height + PAD
    for line in wrapped:
        draw.text((PAD, y), line, fill="black", font=font)
        y += line_h
    buf = io.BytesIO()
    out.save(buf, format="PNG")
    return buf.getvalue()
