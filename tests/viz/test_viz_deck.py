"""viz.deck: lecture slides as PDF (read back with pypdf, one page rasterised by pdftoppm) and PPTX."""

import io
import re
import shutil
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

import viz
from autograd import parse
from viz.outputs.deck import deck_cli_outputs, question

# Worked example B's backward pass, by hand (the README's explanation of the same graph)
STEPS = [
    "∂L/∂L = 1.0",
    "∂L/∂n3 = ∂L/∂L·∂L/∂n3 = 1.0·0.1 = 0.1",
    "∂L/∂n2 = ∂L/∂n3·∂n3/∂n2 = 0.1·1.0 = 0.1",
    "∂L/∂n1 = ∂L/∂n2·∂n2/∂n1 = 0.1·6.0 = 0.6",
    "∂L/∂z = ∂L/∂n3·∂n3/∂z = 0.1·1.0 = 0.1",
    "∂L/∂y = ∂L/∂n1·∂n1/∂y = 0.6·1.0 = 0.6",
    "∂L/∂x = ∂L/∂n1·∂n1/∂x = 0.6·1.0 = 0.6",
]
FORWARD = ["n1 = x + y = 2.0 + 1.0 = 3.0", "n2 = n1**2 = 3.0**2 = 9.0", "n3 = n2 + z = 9.0 + 1.0 = 10.0",
           "L = log(n3) = log(10.0) = 2.303"]
GRADS = ["∂L/∂x = 0.6", "∂L/∂y = 0.6", "∂L/∂z = 0.1", "∂L/∂L = 1.0"]


def squash(text):
    """Text without whitespace: PDF text extraction spaces and wraps words its own way."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("deck") / "lecture.pdf"
    f = parse("log((x+y)**2+z)", x=2, y=1, z=1)
    assert viz.deck(f, path, forward=True, title="log((x+y)**2+z) at x=2, y=1, z=1") == path
    return path


def test_pdf_pages_and_captions(pdf):
    reader = PdfReader(pdf)
    # title + 4 forward + 7 backward + every gradient
    assert len(reader.pages) == 1 + 4 + 7 + 1
    texts = [squash(p.extract_text()) for p in reader.pages]
    assert squash("log((x+y)**2+z) at x=2, y=1, z=1") in texts[0]
    assert squash("inputs: x = 2.0, y = 1.0, z = 1.0") in texts[0]
    for k, line in enumerate(FORWARD):
        assert squash(line) in texts[1 + k] and squash(f"Forward pass, step {k + 1} of 4") in texts[1 + k]
    for k, line in enumerate(STEPS):
        assert squash(line) in texts[5 + k], (k, texts[5 + k])
        assert squash(f"Backward pass, step {k + 1} of 7") in texts[5 + k]
    for line in GRADS:
        assert squash(line) in texts[-1]
    for page in reader.pages:  # 16:9
        assert (float(page.mediabox.width), float(page.mediabox.height)) == (960.0, 540.0)


def test_pdf_page_rasterised_has_a_picture(pdf, tmp_path):
    assert shutil.which("pdftoppm"), "pdftoppm is missing: tools/system-deps.sh installs poppler-utils"
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "6", "-l", "6", str(pdf), str(tmp_path / "pg")],
                   check=True, timeout=60)
    (png,) = tmp_path.glob("pg*.png")
    with Image.open(png) as im:
        rgb = im.convert("RGB")
    assert abs(rgb.width - 533) <= 1 and rgb.height == 300  # 960 × 540 pt at 40 dpi
    picture = np.asarray(rgb, dtype=int)[40:240].reshape(-1, 3)  # between the heading and the caption
    inked = int((picture.min(axis=1) < 240).sum())
    coloured = picture[picture.max(axis=1) - picture.min(axis=1) > 60]  # node fills: not only black on white
    assert inked > 0.05 * len(picture), inked
    assert len({tuple(p) for p in coloured}) > 20


def test_think_pages_ask_before_they_reveal(tmp_path):
    f = parse("log((x+y)**2+z)", x=2, y=1, z=1)
    reader = PdfReader(viz.deck(f, tmp_path / "think.pdf", think=True))
    assert len(reader.pages) == 1 + 2 * 7 + 1
    texts = [squash(p.extract_text()) for p in reader.pages]
    assert squash("∂L/∂n1 = ∂L/∂n2·∂n2/∂n1 = ?") in texts[1 + 2 * 3]
    assert "0.1·6.0" not in texts[1 + 2 * 3] and squash(STEPS[3]) in texts[2 + 2 * 3]
    assert question("∂L/∂L = 1.0") == "∂L/∂L = ?"


def test_pptx_slides_pictures_and_editable_captions(tmp_path):
    f = parse("log((x+y)**2+z)", x=2, y=1, z=1)
    prs = Presentation(str(viz.deck(f, tmp_path / "lecture.pptx")))
    slides = list(prs.slides)
    assert len(slides) == 1 + 7 + 1
    assert (prs.slide_width, prs.slide_height) == (12192000, 6858000)  # 13.33 × 7.5 in: 16:9
    for k, slide in enumerate(slides[1:8]):
        pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        assert len(pictures) == 1
        assert STEPS[k] in texts and f"Backward pass, step {k + 1} of 7" in texts
        assert slide.notes_slide.notes_text_frame.text == STEPS[k]
        with Image.open(io.BytesIO(pictures[0].image.blob)) as im:
            assert im.format == "PNG" and im.width > 100
    last = "\n".join(s.text_frame.text for s in slides[-1].shapes if s.has_text_frame)
    for line in GRADS:
        assert line in last


def test_cli_outputs_write_both_and_refuse_other_files(tmp_path):
    f = parse("x*y + x", x=2, y=3)
    written = deck_cli_outputs(f, [tmp_path / "a.pdf", tmp_path / "a.pptx"], expression="x*y + x")
    assert [p.name for p in written] == ["a.pdf", "a.pptx"]
    assert len(PdfReader(written[0]).pages) == len(Presentation(str(written[1])).slides) == 1 + 4 + 1
    assert "The chain rule on x*y + x" in PdfReader(written[0]).pages[0].extract_text()
    with pytest.raises(ValueError, match=r"^--deck: unknown file type '\.png' for '.*b\.png'; use \.pdf or \.pptx$"):
        deck_cli_outputs(f, [tmp_path / "b.pdf", tmp_path / "b.png"])
    assert not (tmp_path / "b.pdf").exists()  # checked before anything is written
    with pytest.raises(ValueError, match="--deck needs at least one -o FILE"):
        deck_cli_outputs(f, [])


def test_bad_arguments_are_one_line(tmp_path):
    f = parse("x*y", x=2, y=3)
    with pytest.raises(ValueError, match=r"^deck: unknown file type '\.docx'"):
        viz.deck(f, tmp_path / "a.docx")
    with pytest.raises(ValueError, match="deck: dpi must be an int"):
        viz.deck(f, tmp_path / "a.pdf", dpi=0)
    with pytest.raises(ValueError, match="deck: rankdir must be"):
        viz.deck(f, tmp_path / "a.pdf", rankdir="RL")
    with pytest.raises(TypeError, match="deck needs an autograd Value"):
        viz.deck("x*y", tmp_path / "a.pdf")


def test_the_command_line_writes_a_deck(tmp_path):
    """python -m viz EXPR NAME=VALUE --deck -o lecture.pdf -o lecture.pptx, as a lecturer types it."""
    pdf, pptx = tmp_path / "lecture.pdf", tmp_path / "lecture.pptx"
    r = subprocess.run([sys.executable, "-m", "viz", "x*y + x", "x=2", "y=3", "--deck", "--think", "-q",
                        "-o", str(pdf), "-o", str(pptx)], capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["wrote", str(pdf), "wrote", str(pptx)]
    # x*y + x has 4 backward steps: title, 4 × (think page, step page), the final gradients
    assert len(PdfReader(pdf).pages) == len(Presentation(str(pptx)).slides) == 1 + 2 * 4 + 1
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "x*y + x" in text
    bad = subprocess.run([sys.executable, "-m", "viz", "x*2", "x=1", "--deck", "-o", str(tmp_path / "a.png")],
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "a.png" in bad.stderr
    lone = subprocess.run([sys.executable, "-m", "viz", "x*2", "x=1", "--think"],
                          capture_output=True, text=True, timeout=120)
    assert lone.returncode == 2 and lone.stderr.strip() == "viz: error: --forward and --think go with --deck"


def test_step_slides_zoom_so_graph_text_stays_legible_on_a_projector():
    """A step's picture (forward, think or backward) shows the step's nodes with its smallest text (11 pt edge
    labels) at 14 pt or more on the slide; the whole quick-start graph would be 7 pt. The title page keeps
    the whole graph."""
    from viz.model.palette import CURRENT, TOUCHED
    from viz.outputs.deck import IMAGE_BOX, fit, pages

    dpi = 100
    made = pages(parse("log((x+y)**2+z)", x=2, y=1, z=1), dpi=dpi, think=True, forward=True)

    def slide_pt(page, text_pt):  # a text's size on the slide, as placed (the picture's size is in points)
        svg_width = float(re.search(rb'<svg[^>]*width="([\d.]+)pt"', page.image.svg).group(1))
        assert svg_width == pytest.approx(page.image.width, abs=0.01)
        return text_pt * fit(page.image, IMAGE_BOX)[2] / svg_width

    assert slide_pt(made[0], 11) < 10  # the whole graph: an overview, too small to read from the back
    steps = [p for p in made if p.kind in ("backward", "think", "forward")]
    assert len(steps) == 2 * len(STEPS) + len(FORWARD)  # the forward pages zoom too
    for page in steps:
        assert slide_pt(page, 11) >= 14 - 1e-6, page.heading
    backward = [p for p in steps if p.kind == "backward"]
    for k, page in enumerate(backward, 1):  # the step itself is in the picture: the node, and its inputs
        pixels = np.asarray(Image.open(io.BytesIO(page.image.png(dpi))).convert("RGB")).reshape(-1, 3).astype(int)

        def count(hexa, pixels=pixels):
            rgb = np.array([int(hexa[i:i + 2], 16) for i in (1, 3, 5)])
            return int((np.abs(pixels - rgb).sum(axis=1) < 30).sum())

        has_inputs = k <= 4  # by hand: L, n3, n2 and n1 have inputs; steps 5-7 are the leaves z, y, x
        assert count(CURRENT) > 500 and (count(TOUCHED) > 50) == has_inputs, (page.heading, count(TOUCHED))


def test_pdf_pictures_are_vector_drawings_of_one_layout(pdf):
    """Every picture is the one drawing at a frame: graph text is real text in the PDF (no raster image),
    and a backward step's page shows that step's numbers (by hand: at step 4, n1 (grad 0.6) passes 0.6 × 1 to
    x and y through the edges being updated, marked ↑)."""
    reader = PdfReader(pdf)
    for page in reader.pages:
        assert not page.images, "a picture was put in as a raster image"
    step4 = squash(reader.pages[5 + 3].extract_text())
    assert squash("n1 data 3.0000 grad 0.6000") in step4 and step4.count(squash("↑ 0.6 × 1.0 = 0.6")) == 2
    title = squash(reader.pages[0].extract_text())
    assert squash("data 2.3026") in title and "0.6000" not in title  # before backward: no grad yet
