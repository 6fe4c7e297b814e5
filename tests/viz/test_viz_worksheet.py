"""viz.worksheet: a blank graph to fill in, and its answer key, checked with pypdf."""

import re
import xml.etree.ElementTree as ET

import pytest
from pypdf import PdfReader

import viz
from autograd import parse
from viz.outputs.worksheet import pictures


def squash(text):
    return re.sub(r"\s+", "", text)


def test_two_pages_blank_then_every_gradient(tmp_path):
    f = parse("log((x+y)**2+z)", x=2, y=1, z=1)
    reader = PdfReader(viz.worksheet(f, tmp_path / "sheet.pdf"))
    assert len(reader.pages) == 2
    sheet, key = (squash(p.extract_text()) for p in reader.pages)
    assert squash("Fill in every grad: ∂L/∂v for each node v") in sheet
    assert "∂L/∂x=0.6" not in sheet
    assert squash("Answer key") in key
    # by hand: ∂L/∂z = 1/10, ∂L/∂x = ∂L/∂y = 2·3/10, ∂L/∂n2 = ∂L/∂n3 = 0.1, ∂L/∂n1 = 0.6
    for line in ("∂L/∂x = 0.6", "∂L/∂y = 0.6", "∂L/∂z = 0.1", "∂L/∂n1 = 0.6", "∂L/∂n2 = 0.1",
                 "∂L/∂n3 = 0.1", "∂L/∂L = 1.0"):
        assert squash(line) in key
    page = reader.pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (842.0, 595.0)  # A4 landscape


def texts(picture):
    return [" ".join((t.text or "").split()) for t in ET.fromstring(picture.svg).iter("{http://www.w3.org/2000/svg}text")]


def test_the_blank_picture_has_no_grads_and_the_key_has_them():
    f = parse("x*y + x", x=2, y=3)
    blank, key = pictures(f)
    assert texts(blank).count("grad –") == 4 and b"4.0000" not in blank.svg and b"grad 1" not in blank.svg
    assert "local 3.0" in texts(blank) and "local 2.0" in texts(blank)  # ∂n1/∂x = y, ∂n1/∂y = x
    # by hand: ∂L/∂x = y + 1 = 4, ∂L/∂y = x = 2; the x*y edge to x passes 1·3 = 3
    found = texts(key)
    assert "grad 4.0000" in found and "grad 2.0000" in found and "1.0 × 3.0 = 3.0" in found
    hard, _ = pictures(f, show_local=False)
    assert not any("local" in t for t in texts(hard)) and "grad –" in texts(hard)


def test_bad_arguments_are_one_line(tmp_path):
    f = parse("x*y", x=2, y=3)
    with pytest.raises(ValueError, match=r"^worksheet: unknown file type '\.pptx'.*use \.pdf$"):
        viz.worksheet(f, tmp_path / "s.pptx")
    with pytest.raises(ValueError, match="worksheet: rankdir must be"):
        viz.worksheet(f, tmp_path / "s.pdf", rankdir="XY")
