"""HTML for notebooks: what the kernel-free pages share (their display protocol, script and CSS), the
stepper page and a drawing's scrolling display.

The widget's markup, JS and CSS are package files (``viz/static/``). What is stored in a
notebook must look right on every host:

- untrusted JupyterLab, GitHub and other sanitizing viewers drop ``<script>``, ``<style>`` and
  ``<svg>`` (keeping an SVG's text as junk). So the stored HTML leads with an ``<img>`` holding a
  data URI (sanitizers keep it) and one line of advice, and the live SVG is not inline: it sits
  as a JSON string inside ``<script type="application/json">``, which a sanitizer drops whole;
- trusted (or exported by nbconvert, or saved as a page), the script hides the picture and
  builds the live stepper from that JSON.

Every JSON inside ``<script>`` has ``<``, ``>`` and ``&`` escaped (:func:`script_json`), so no
label can close the script or open a comment.
"""

from __future__ import annotations

import base64
import html
import json
import math
import re
import struct
from functools import cache
from importlib import resources
from pathlib import Path
from string import Template
from typing import Any, ClassVar, Protocol

from ..model.names import INSTALL_HINT
from ..model.palette import ACTIVE, BLACK, CURRENT, MUTED_TEXT, TOUCHED, WHITE, css_properties
from .renderers import write

MIN_FONT_PX = 14.0  # graph text is never shown smaller than this (CSS px)
MAX_ZOOM = 1.5  # a drawing's display grows to fill the cell up to this times its natural size
PX_PER_PT = 4 / 3


@cache
def static(name: str) -> str:
    """A file shipped in ``viz/static/``."""
    return resources.files("viz").joinpath("static", name).read_text(encoding="utf-8")


def page_script(name: str, uid: str, *before: str) -> str:
    """A page's script: the shared ``page.js`` (defines ``window.chainrule`` once), the files in
    ``before`` (extensions), then the page's own function expression called with the widget's id."""
    own = static(name).rstrip().rstrip(";") + f"({script_json(uid)});"
    return "\n".join([static("page.js"), *(static(b) for b in before), own])


def still_html(note: str, image: str) -> str:
    """The still picture every page leads with (inline styles only, kept by sanitizers): one line of advice,
    then ``image`` (HTML); the page's script hides it."""
    return Template(static("still.html")).substitute(muted=MUTED_TEXT, note=html.escape(note), image=image).rstrip()


def player_html(what: str, last: int, value: int) -> str:
    """The play controls of the stepper and the training scrubber (``page.js`` drives them): first, previous,
    play/pause, next and last, and a slider from 0 to ``last`` at ``value``; ``what`` names one step."""
    return Template(static("player.html")).substitute(what=html.escape(what), last=last, value=value).rstrip()


def page_css(root: str, name: str) -> str:
    """A page's CSS: the palette and fonts on ``root``, the shared controls (``page.css``), its own file."""
    return css_properties(root) + static("page.css") + static(name)


def cannot_draw(story: str, e: Exception) -> str:
    """What a page shows when it cannot draw: its story, then why (how to install Graphviz, or the error)."""
    why = INSTALL_HINT if "not installed" in str(e) else f"(could not draw: {e})"
    return f"{story}\n{why}"


class _Page(Protocol):
    """What :class:`Display` needs of a page."""

    uid: str
    PAGE_TITLE: ClassVar[str]
    FOCUS: ClassVar[str]

    def html(self) -> str: ...
    def still(self) -> bytes | None: ...
    def still_svg(self) -> str: ...
    def story(self) -> str: ...


class Display:
    """The display protocol of the kernel-free pages (the stepper, explore, training): ``_repr_html_``
    and ``_repr_mimebundle_`` (which never raise: a page that cannot draw shows its :meth:`story` and
    why) and ``save_html``. The page supplies ``html()``, ``still()`` (a PNG, or None: then
    ``still_svg()`` is the picture), ``story()``, ``uid``, ``PAGE_TITLE`` and ``FOCUS`` (what takes the
    keys on a saved page: a selector inside the widget, or "" for the widget itself)."""

    PAGE_TITLE: ClassVar[str] = "chainrule"
    FOCUS: ClassVar[str] = ""

    def _repr_html_(self: _Page) -> str:
        try:
            return self.html()
        except Exception as e:  # a display method never raises
            return f"<pre>{html.escape(cannot_draw(self.story(), e))}</pre>"

    def _repr_mimebundle_(self: _Page, include: Any = None, exclude: Any = None, **_: Any) -> dict[str, Any]:
        try:  # the PNG (or SVG) is the still picture the HTML already carries: no extra Graphviz run
            bundle: dict[str, Any] = {"text/html": self.html(), "text/plain": repr(self)}
            png = self.still()
            bundle.update({"image/png": png} if png is not None else {"image/svg+xml": self.still_svg()})
            return bundle
        except Exception as e:  # a display method never raises
            return {"text/plain": cannot_draw(self.story(), e)}

    def save_html(self: _Page, path: str | Path) -> Path:
        """A standalone HTML page (no network needed); alone on its page, the widget takes the keys at once
        (in a notebook: click it first)."""
        find = f"document.getElementById({json.dumps(self.uid)})"
        if self.FOCUS:
            find += f".querySelector({json.dumps(self.FOCUS)})"
        page = (f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>chainrule: {self.PAGE_TITLE}</title>"
                f"</head><body>\n{self.html()}\n<script>{find}.focus();</script>\n</body></html>\n")
        return write(path, page)


def check_min_font(px: object) -> float:
    if isinstance(px, bool) or not isinstance(px, (int, float)) or not 6 <= px <= 72:
        raise ValueError(f"min_font_px must be a number from 6 to 72, got {px!r}")
    return float(px)


def strict(data: Any) -> Any:
    """``data`` with every inf and nan float written as the string ``"inf"``, ``"-inf"`` or ``"nan"``:
    JSON has no such numbers, and the browser's ``JSON.parse`` refuses ``NaN`` and ``Infinity``.

    >>> strict({"a": [1.5, float("inf")], "b": float("nan")})
    {'a': [1.5, 'inf'], 'b': 'nan'}
    """
    if isinstance(data, float) and not math.isfinite(data):
        return repr(data)
    if isinstance(data, dict):
        return {k: strict(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [strict(v) for v in data]
    return data


_SURROGATE = re.compile("[\ud800-\udfff]")


def script_json(data: Any) -> str:
    """Strict JSON (:func:`strict`) safe inside ``<script>``: ``<``, ``>`` and ``&`` as ``\\u003c`` ...,
    a lone surrogate as its ``\\ud800`` escape (UTF-8 cannot hold it); JSON.parse reads them back.

    >>> script_json({"label": "</script><!--&"})
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003c!--\\\\u0026"}'
    """
    text = json.dumps(strict(data), ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    text = _SURROGATE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def svg_element(svg: str) -> str:
    """dot's SVG from ``<svg`` on: no XML prolog, no doctype, no comments."""
    return re.sub(r"<!--.*?-->\n?", "", svg[svg.index("<svg"):], flags=re.S)


def svg_size_px(svg: str) -> tuple[float, float]:
    """The natural size of dot's SVG (``width="123pt"``) in CSS px."""
    head = svg[svg.index("<svg"):svg.index(">", svg.index("<svg"))]
    w, h = (re.search(rf'{a}="([\d.]+)pt"', head) for a in ("width", "height"))
    if not (w and h):
        raise ValueError("not an SVG from dot (no width/height in pt)")
    return float(w.group(1)) * PX_PER_PT, float(h.group(1)) * PX_PER_PT


def png_size_px(png: bytes) -> tuple[int, int]:
    """A PNG's width and height in pixels, from its header."""
    if png[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    w, h = struct.unpack(">II", png[16:24])
    return w, h


def image_html(uri: str, natural: tuple[float, float], *, shrink_limit: float, alt: str, cls: str) -> str:
    """An ``<img>`` that fills the cell's width, but is never narrower than ``shrink_limit`` times
    its natural width (the box then scrolls) nor wider than :data:`MAX_ZOOM` times. Inline styles
    only, all of them kept by JupyterLab's sanitizer."""
    w = natural[0]
    lo, hi = w * min(shrink_limit, 1.0), w * max(MAX_ZOOM, shrink_limit)
    return (f'<img class="{cls}" src="{uri}" alt="{html.escape(alt)}" style="display:block;width:100%;'
            f'min-width:{lo:.0f}px;max-width:{hi:.0f}px;height:auto">')


def drawing_html(svg: str, *, min_font_px: float, min_font_pt: float, alt: str) -> str:
    """A drawing for a notebook: the SVG as an ``<img>`` in a box that scrolls sideways."""
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    img = image_html(uri, svg_size_px(svg), shrink_limit=min_font_px / (min_font_pt * PX_PER_PT),
                     alt=alt[:500], cls="cr-drawing-img")
    return f'<div class="chainrule-drawing" style="overflow:auto;max-width:100%">{img}</div>'


def legend(words: tuple[str, str, str]) -> str:
    """The key legend under the formula: the keys, and what the colours mean in this view
    (``words``: the current node, its inputs, the lit edges; the edges' entry is left out when empty)."""
    def swatch(fill: str, border: str) -> str:
        return f'<span class="cr-swatch" style="background:{fill};border-color:{border}"></span>'

    current, inputs, flow = (html.escape(w) for w in words)
    arrow = f' · <span style="color:{ACTIVE}">◀━━</span> {flow}' if flow else ""
    return (f"<kbd>←</kbd> <kbd>→</kbd> step · <kbd>space</kbd> play/pause · <kbd>Home</kbd> "
            f"<kbd>End</kbd> · <kbd>+</kbd> <kbd>−</kbd> <kbd>0</kbd> zoom/fit · <kbd>f</kbd> full screen"
            f" &nbsp; {swatch(CURRENT, BLACK)} {current} · {swatch(WHITE, TOUCHED)} {inputs}{arrow}")


def still_image(svg: str, png: bytes | None, *, min_font_px: float, min_font_pt: float, alt: str) -> str:
    """The picture shown where scripts do not run: the PNG when there is one, else the SVG as an image."""
    size: tuple[float, float]
    if png is not None:
        uri, size = "data:image/png;base64," + base64.b64encode(png).decode(), png_size_px(png)
    else:
        uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
        size = svg_size_px(svg)
    return image_html(uri, size, shrink_limit=min_font_px / (min_font_pt * PX_PER_PT), alt=alt[:500],
                      cls="cr-img")


def stepper_html(*, uid: str, n: int, svg: str, still: str, data: dict[str, Any], story: str,
                 min_font_px: float, note: str, words: tuple[str, str, str], story_title: str) -> str:
    """The whole widget (see the module docstring for how it degrades)."""
    payload = dict(data, svg=svg_element(svg), css=page_css(".chainrule-stepper", "stepper.css"))
    ext = bool(data.get("ext"))  # the forward pass, forward mode and the quiz (viz/views/steps.py, static/views.*)
    if ext:
        payload["css"] += static("views.css")
    js = page_script("stepper.js", uid, *(["views.js"] if ext else []))
    return Template(static("stepper.html")).substitute(
        uid=html.escape(uid), n=n, still=still_html(note, still), player=player_html("step", n, 0),
        legend=legend(words),
        min_font_px=f"{min_font_px:g}", story=html.escape(story), story_title=html.escape(story_title),
        data=script_json(payload), js=js)
