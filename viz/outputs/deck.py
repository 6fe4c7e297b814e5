"""Lecture decks: an expression's backward pass as 16:9 slides, in PDF (fpdf2) or PowerPoint (python-pptx).

Pages: a title page with the graph and its values; one page per forward step when
``forward=True`` (the op's formula with its numbers); one page per backward step, the
stepper's frame as a picture captioned with that step's chain-rule line; a final page with
every gradient. ``think=True`` puts a "think" page before each backward step: the frame
before it and the question (``∂L/∂n1 = ∂L/∂n2·∂n2/∂n1 = ?``). Where the whole graph would
put text under :data:`MIN_SLIDE_PT` on a slide, a step's picture is cut to that step's nodes
(:func:`zoom`); the title page keeps the whole graph. Captions are real text: you
can search, copy and (in PowerPoint) edit them. The chain-rule lines are the stepper's
(:attr:`viz.Stepper.frames`, the frames of ``viz.step(root, forward=True)``: the forward pages are its
forward frames). Graphviz lays the graph out once: every picture is that one drawing at a frame,
recoloured and cut (:mod:`viz.outputs.picture`), a vector drawing in the PDF and a PNG made from it in the
PowerPoint file. Nothing is re-derived. An output stage of graph → Spec → frames → outputs.
"""

from __future__ import annotations

import dataclasses
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from autograd import Value, topological_order

from ..model.names import as_path, as_root, check_precision, check_title, names, num
from ..views.frames import Frame
from ..views.steps import MAX_STEPPER_NODES
from .picture import FramePictures, Picture, Window
from .renderers import write
from .stepper import Stepper, step
from .widget import svg_size_px

PAGE_W, PAGE_H = 960.0, 540.0  # points: 13.33 × 7.5 inches, PowerPoint's 16:9
SUFFIXES = (".pdf", ".pptx")
FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu", "/usr/local/share/fonts",
             "/Library/Fonts", "C:/Windows/Fonts")
SANS = "DejaVu Sans"  # the slides' font (captions and pictures)
ROWS, COLUMNS = 14, 3  # gradients per column and columns per page on the final page(s)


@dataclass(frozen=True)
class Page:
    """One slide: a heading, an optional picture (vector SVG), a caption and body lines (all text is real text)."""

    kind: str  # "title", "forward", "think", "backward" or "grads"
    heading: str
    caption: str = ""
    image: Picture | None = None
    lines: tuple[str, ...] = ()


def question(formula: str) -> str:
    """The chain-rule line with its numbers hidden: ``∂L/∂n1 = ∂L/∂n2·∂n2/∂n1 = ?``."""
    parts = formula.split(" = ")
    return " = ".join([*parts[:2], "?"]) if len(parts) > 2 else f"{parts[0]} = ?"


def check_rankdir(rankdir: object, who: str) -> None:
    if rankdir not in ("auto", "LR", "TB"):
        raise ValueError(f"{who}: rankdir must be 'auto', 'LR' or 'TB', got {rankdir!r}")


def laid_out(root: Value, rankdir: str, precision: int, *, forward: bool, max_nodes: int, who: str) -> Stepper:
    """The stepper (it runs the backward pass), laid out once; ``auto`` picks the direction whose drawing
    fills a slide best (one Graphviz run each, no picture made). The deck and the worksheet use its frames."""
    check_rankdir(rankdir, who)
    best: tuple[float, Stepper] | None = None
    for direction in ("TB", "LR") if rankdir == "auto" else (rankdir,):
        stepper = step(root, forward=forward, precision=precision, rankdir=direction, max_nodes=max_nodes)
        w, h = svg_size_px(stepper.svg())
        scale = fit(Picture(b"", w * 0.75, h * 0.75), IMAGE_BOX)[2] / (w * 0.75)
        if best is None or scale > best[0] * 1.05:  # TB unless LR is clearly bigger
            best = (scale, stepper)
    assert best is not None
    return best[1]


def pages(root: Value, *, title: str | None = None, forward: bool = False, think: bool = False,
          dpi: int = 150, precision: int = 4, rankdir: str = "auto") -> list[Page]:
    """Every page of the deck, in order (this runs the backward pass). Graphviz lays the graph out
    once; every picture is that drawing at one frame (:class:`viz.outputs.picture.FramePictures`).
    ``dpi`` is the PNGs' resolution in a .pptx; a PDF's pictures are vector drawings."""
    root = as_root(root, "deck")
    check_precision(precision)
    check_rankdir(rankdir, "deck")
    if (n := len(topological_order(root))) > MAX_STEPPER_NODES:
        raise ValueError(f"deck: the graph has {n:,} value nodes, over max_nodes={MAX_STEPPER_NODES}: that is "
                         f"{n:,} slides; make the deck of a smaller expression (one neuron's, say)")
    stepper = laid_out(root, rankdir, precision, forward=True, max_nodes=MAX_STEPPER_NODES, who="deck")
    frames = FramePictures(stepper.svg(), stepper.frame(0), stepper.spec.rankdir)
    first = stepper.forward_frames  # the frame where the forward pass is done and backward begins
    nm = names(topological_order(root))
    loss, n = nm[root], stepper.backward_frames
    ahead = stepper.frames[:first]  # the forward pass's frames

    def zoomed(k: int, around: Frame) -> Picture:  # frame k, around ``around``'s node and its inputs
        return frames.picture(stepper.frame(k), zoom(frames, [around.node or "", *around.parents]))

    s = stepper.spec
    given = ", ".join(f"{s.names[v]} = {num(v.data, precision)}" for v in s.order if v.is_leaf)
    intro = (f"inputs: {given}", *[f.formula for f in ahead[:10]],
             *([f"… {len(ahead) - 10} more steps"] if len(ahead) > 10 else []))
    out = [Page("title", title or f"The chain rule, step by step: {loss} = {num(root.data, precision)}",
                f"{loss} = {num(root.data, precision)}; backward: {n} steps from ∂{loss}/∂{loss} = 1",
                frames.picture(stepper.frame(first), highlight=False), intro)]
    if forward:
        out += [Page("forward", f"Forward pass, step {k} of {first}", f.formula, zoomed(k, f))
                for k, f in enumerate(ahead, 1)]
    for k in range(1, n + 1):
        frame = stepper.frames[first + k - 1]
        if think:
            out.append(Page("think", f"Think: backward step {k} of {n}", question(frame.formula),
                            zoomed(first + k - 1, frame)))
        out.append(Page("backward", f"Backward pass, step {k} of {n}", frame.formula, zoomed(first + k, frame)))
    order = topological_order(root)
    leaves = [v for v in order if v.is_leaf] + [v for v in order if not v.is_leaf]
    grads = [f"∂{loss}/∂{nm[v]} = {num(v.grad, precision)}" for v in leaves]
    per_page = ROWS * COLUMNS
    chunks = [grads[i:i + per_page] for i in range(0, len(grads), per_page)]
    for i, chunk in enumerate(chunks, 1):
        more = f" ({i} of {len(chunks)})" if len(chunks) > 1 else ""
        out.append(Page("grads", f"Every gradient{more}", f"one backward pass: {n} steps", None, tuple(chunk)))
    return out


# ---------------------------------------------------------------------------
# layout, shared by both writers (in points, from the top left)
# ---------------------------------------------------------------------------

MARGIN, HEAD_Y, HEAD_H = 36.0, 20.0, 40.0
CAPTION_Y = 444.0
IMAGE_BOX = (MARGIN, 70.0, PAGE_W - 2 * MARGIN, CAPTION_Y - 80.0)
HEAD_PT, CAPTION_PT, BODY_PT = 26, 20, 18
MIN_SLIDE_PT = 14.0  # graph text on a step's slide is never smaller: the picture zooms to the step instead


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def safe_text(page: Page) -> Page:
    """The page with every character that XML (PowerPoint) or UTF-8 (PDF) cannot hold as U+FFFD
    (a title= or label with U+FFFF, a lone surrogate, a control character)."""
    def fix(text: str) -> str:
        return _NOT_XML.sub("\ufffd", text)

    return dataclasses.replace(page, heading=fix(page.heading), caption=fix(page.caption),
                               lines=tuple(fix(line) for line in page.lines))


def fit(picture: Picture, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """Where the picture goes: centred in ``box``, scaled down to fit, never up past twice its size."""
    x, y, w, h = box
    pw, ph = picture.width, picture.height
    scale = min(w / pw, h / ph, 2.0)
    return x + (w - pw * scale) / 2, y + (h - ph * scale) / 2, pw * scale, ph * scale


def zoom(frames: FramePictures, ids: Sequence[str], box: tuple[float, float, float, float] = IMAGE_BOX
         ) -> Window | None:
    """The window of the drawing around the nodes ``ids`` that shows its smallest text (11 pt edge labels)
    at :data:`MIN_SLIDE_PT` at least once fitted to ``box``; None when the whole drawing does."""
    need = MIN_SLIDE_PT / 11.0 * 1.01  # slide points per graph point (1% spare)
    win_w, win_h = box[2] / need, box[3] / need  # the part of the graph, in its points, that fits
    width, height = frames.width, frames.height
    if width <= win_w and height <= win_h:
        return None
    win_w, win_h = min(win_w, width), min(win_h, height)
    boxes = [frames.node_box(i) for i in ids]
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[2] for b in boxes), max(b[3] for b in boxes)
    own = boxes[0]  # when the step's nodes do not fit together, the node itself
    cx = (x0 + x1) / 2 if x1 - x0 <= win_w else (own[0] + own[2]) / 2
    cy = (y0 + y1) / 2 if y1 - y0 <= win_h else (own[1] + own[3]) / 2
    left = min(max(cx - win_w / 2, 0.0), width - win_w)
    top = min(max(cy - win_h / 2, 0.0), height - win_h)
    return Window(left, top, win_w, win_h)


def _boxes(page: Page) -> tuple[tuple[float, float, float, float], tuple[float, float, float, float]]:
    """(picture box, body-text box) for a page."""
    if page.kind == "title":
        return (PAGE_W * 0.42, 70.0, PAGE_W * 0.58 - MARGIN, CAPTION_Y - 80.0), \
               (MARGIN, 80.0, PAGE_W * 0.42 - MARGIN - 10.0, CAPTION_Y - 90.0)
    return IMAGE_BOX, (MARGIN, 80.0, PAGE_W - 2 * MARGIN, CAPTION_Y - 90.0)


def find_font(file: str) -> Path:
    """A DejaVu font file: the system's, else matplotlib's copy; one clear line if there is none."""
    dirs = [Path(d) for d in FONT_DIRS]
    try:
        import matplotlib

        dirs.append(Path(matplotlib.__file__).parent / "mpl-data" / "fonts" / "ttf")
    except ImportError:  # pragma: no cover - matplotlib comes with the viz extra
        pass
    for d in dirs:
        if (d / file).is_file():
            return d / file
    raise RuntimeError(f"deck: no {file} font found; apt-get install fonts-dejavu-core (or pip install matplotlib)")


def write_pdf(deck_pages: Sequence[Page], path: str | Path, dpi: int, size: tuple[float, float] = (PAGE_W, PAGE_H),
              title: str = "chainrule") -> Path:
    """The pages as a PDF with real text (fpdf2, DejaVu Sans embedded)."""
    from fpdf import FPDF

    w, h = size
    pdf = FPDF(orientation="L" if w > h else "P", unit="pt", format=(min(w, h), max(w, h)))
    pdf.set_auto_page_break(False)
    pdf.set_title(_NOT_XML.sub("\ufffd", title))
    pdf.set_creator("chainrule viz.deck")
    # by the names Graphviz's SVG gives them, so that the pictures use them too
    pdf.add_font(SANS, "", str(find_font("DejaVuSans.ttf")))
    pdf.add_font(SANS, "B", str(find_font("DejaVuSans-Bold.ttf")))
    if any(page.image is not None for page in deck_pages):
        pdf.add_font("DejaVu Sans Mono", "", str(find_font("DejaVuSansMono.ttf")))
    sx, sy = w / PAGE_W, h / PAGE_H
    for page in map(safe_text, deck_pages):
        pdf.add_page()
        pdf.set_font(SANS, "B", HEAD_PT)
        pdf.set_xy(MARGIN * sx, HEAD_Y * sy)
        pdf.cell(w=(PAGE_W - 2 * MARGIN) * sx, h=HEAD_H * sy, text=page.heading)
        picture, body = _boxes(page)
        if page.image is not None:  # a vector drawing, clipped to its window
            x, y, pw, ph = fit(page.image, (picture[0] * sx, picture[1] * sy, picture[2] * sx, picture[3] * sy))
            with pdf.rect_clip(x=x, y=y, w=pw, h=ph):
                pdf.image(io.BytesIO(_for_fpdf(page.image.svg)), x=x, y=y, w=pw, h=ph)
        if page.lines:
            _pdf_lines(pdf, page, body, sx, sy)
        pdf.set_font(SANS, "", CAPTION_PT)
        pdf.set_xy(MARGIN * sx, CAPTION_Y * sy)
        pdf.multi_cell(w=(PAGE_W - 2 * MARGIN) * sx, h=CAPTION_PT * 1.3, text=page.caption)
    return write(path, bytes(pdf.output()))


_TITLE = re.compile(rb"<title\b[^>]*>[^<]*</title>")
_LINK = re.compile(rb"<a\b[^>]*>")


def _for_fpdf(svg: bytes) -> bytes:
    """Graphviz's SVG as fpdf2 reads it: no "transparent" colour (it is "none"), no tooltips (``<title>``)
    and no links (``<a>``, a tooltip's holder, becomes a plain group): fpdf2 warns about each, one line each."""
    svg = _TITLE.sub(b"", svg.replace(b'"transparent"', b'"none"'))
    return _LINK.sub(b"<g>", svg).replace(b"</a>", b"</g>")


def _pdf_lines(pdf: Any, page: Page, body: tuple[float, float, float, float], sx: float, sy: float) -> None:
    pdf.set_font(SANS, "", BODY_PT)
    columns = 1 if page.kind == "title" else COLUMNS
    col_w = body[2] / columns
    for i, line in enumerate(page.lines):
        col, row = divmod(i, ROWS) if columns > 1 else (0, i)
        pdf.set_xy((body[0] + col * col_w) * sx, (body[1] + row * BODY_PT * 1.45) * sy)
        pdf.multi_cell(w=(col_w - 8) * sx, h=BODY_PT * 1.3, text=line)


def write_pptx(deck_pages: Sequence[Page], path: str | Path, dpi: int) -> Path:
    """The pages as PowerPoint slides: each picture a picture, each caption an editable text box."""
    from pptx import Presentation
    from pptx.util import Emu, Pt

    def emu(points: float) -> Any:
        return Emu(int(points * 12700))

    prs = Presentation()
    prs.slide_width, prs.slide_height = emu(PAGE_W), emu(PAGE_H)
    blank = prs.slide_layouts[6]

    def text(slide: Any, box: tuple[float, float, float, float], lines: Iterable[str], size: int,
             bold: bool = False) -> None:
        frame = slide.shapes.add_textbox(*(emu(v) for v in box)).text_frame
        frame.word_wrap = True
        for i, line in enumerate(lines):
            para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            para.text = line
            para.font.size, para.font.bold = Pt(size), bold

    for page in map(safe_text, deck_pages):
        slide = prs.slides.add_slide(blank)
        text(slide, (MARGIN, HEAD_Y, PAGE_W - 2 * MARGIN, HEAD_H), [page.heading], HEAD_PT, bold=True)
        picture, body = _boxes(page)
        if page.image is not None:
            x, y, w, h = fit(page.image, picture)
            at = max(10, round(dpi * min(1.0, w / page.image.width)))  # no more pixels than the slide shows
            slide.shapes.add_picture(io.BytesIO(page.image.png(at)), emu(x), emu(y), emu(w), emu(h))
        if page.lines:
            columns = 1 if page.kind == "title" else COLUMNS
            col_w = body[2] / columns
            for c in range(columns):
                chunk = page.lines[c * ROWS:(c + 1) * ROWS] if columns > 1 else page.lines
                if chunk:
                    text(slide, (body[0] + c * col_w, body[1], col_w - 8, body[3]), chunk, BODY_PT)
        text(slide, (MARGIN, CAPTION_Y, PAGE_W - 2 * MARGIN, PAGE_H - CAPTION_Y - 12), [page.caption], CAPTION_PT)
        slide.notes_slide.notes_text_frame.text = page.caption  # the speaker notes say it too
    buf = io.BytesIO()
    prs.save(buf)
    return write(path, buf.getvalue())


def _check(path: str | Path, dpi: int, allowed: tuple[str, ...], who: str) -> Path:
    p = as_path(path, who)
    if p.suffix.lower() not in allowed:
        raise ValueError(f"{who}: unknown file type {p.suffix or '(none)'!r} for {str(p)!r}; "
                         f"use {' or '.join(allowed)}")
    if isinstance(dpi, bool) or not isinstance(dpi, int) or not 10 <= dpi <= 600:
        raise ValueError(f"{who}: dpi must be an int from 10 to 600, got {dpi!r}")
    return p


def deck(root: Value, path: str | Path, *, title: str | None = None, forward: bool = False, think: bool = False,
         dpi: int = 150, precision: int = 4, rankdir: str = "auto") -> Path:
    """Write ``root``'s backward pass as 16:9 slides: ``.pdf`` or ``.pptx`` (this runs the backward pass).

    ``forward=True`` adds the forward pass first; ``think=True`` a question page before
    each backward step. ``rankdir="auto"`` draws the graph top-down or left-right,
    whichever fills a slide better. A PDF's pictures are vector drawings; ``dpi`` is the resolution of
    a .pptx's pictures. Returns the path.  There is no ``palette=`` option: the slides use
    the Okabe–Ito palette every drawing uses (viz/model/palette.py), chosen for projectors.

    A think page asks for the step before showing it:

    >>> question("∂L/∂n1 = ∂L/∂n2·∂n2/∂n1 = 0.1·6.0 = 0.6")
    '∂L/∂n1 = ∂L/∂n2·∂n2/∂n1 = ?'
    """
    p = _check(path, dpi, SUFFIXES, "deck")
    check_title(title, "deck")
    heading = title
    made = pages(root, title=heading, forward=forward, think=think, dpi=dpi, precision=precision, rankdir=rankdir)
    if p.suffix.lower() == ".pdf":
        return write_pdf(made, p, dpi, title=made[0].heading)
    return write_pptx(made, p, dpi)


def deck_cli_outputs(root: Value, outputs: Sequence[str | Path], *, expression: str | None = None,
                     forward: bool = False, think: bool = False, dpi: int | None = None,
                     precision: int = 4) -> list[Path]:
    """What ``python -m viz EXPR NAME=VALUE ... --deck -o lecture.pdf -o lecture.pptx`` writes.

    Every ``-o`` must end in .pdf or .pptx (else a one-line ValueError naming it, before
    anything is written); the pages are made once and written to each file. ``expression``
    (the command line's EXPR) becomes the title.
    """
    if not outputs:
        raise ValueError("--deck needs at least one -o FILE ending in .pdf or .pptx")
    res = 150 if dpi is None else dpi
    paths = [_check(o, res, SUFFIXES, "--deck") for o in outputs]
    title = f"The chain rule on {expression}" if expression else None
    made = pages(root, title=title, forward=forward, think=think, dpi=res, precision=precision)
    return [write_pdf(made, p, res, title=made[0].heading) if p.suffix.lower() == ".pdf"
            else write_pptx(made, p, res) for p in paths]
