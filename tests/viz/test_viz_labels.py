"""Hostile labels (issue 12): no label can break the stepper page, the SVG, or dot."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from helpers import mlp_loss

import viz
from autograd import Value
from viz.model.names import MAX_NAME, MAX_TOOLTIP
from viz.outputs.widget import script_json, static

LABELS = {
    "markup": "</script><script>window.pwned=1</script><b>x</b>",
    "comment": "<!--<script>",
    "entities": "&amp; &foo; &#0; &lt;",
    "quotes": "\"'`\\{}|<>",
    "control": "a\x00b\x07c\x1bd\x7f",
    "surrogate": "lone\ud800half",
    "rtl": "\u202eעברית مرحبا",
    "long": "λ" * 100_000,
}



def hostile(label: str) -> Value:
    x = Value(2.0, label=label)
    return (x * 3).tanh()


def test_script_json_escapes_everything_that_could_end_a_script():
    text = script_json({"a": "</script><!--<script>&"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "</script" not in static("stepper.js").lower() and "<!--" not in static("stepper.js")


@pytest.mark.parametrize("kind", LABELS)
def test_every_label_gives_well_formed_svg_and_a_short_drawn_name(kind):
    s = viz.step(hostile(LABELS[kind]))
    svg = s.svg()
    ET.fromstring(svg)  # well-formed XML
    assert all(len(name) <= MAX_NAME for name in s.spec.names.values())
    assert all(len(tip) <= MAX_TOOLTIP for tip in s.spec.tooltip.values())
    assert "\x00" not in svg and "\ud800" not in svg
    ET.fromstring(viz.draw(hostile(LABELS[kind])).pipe(format="svg", encoding="utf-8"))


@pytest.mark.parametrize("prefix", ["&foo;", "&#0;", "a\x01b", "<x>", "\"q\""])
def test_nn_style_prefixes_collapsed_into_clusters_stay_well_formed(prefix):
    loss = mlp_loss(use_nn=False)
    for v in _nodes(loss):
        if v.label:
            v.label = f"{prefix}.{v.label}"
    g = viz.draw(loss, collapse="neuron", max_nodes=100)
    assert "subgraph cluster_0" in g.source and prefix not in g.source.split("label=")[0]
    ET.fromstring(g.pipe(format="svg", encoding="utf-8"))


def _nodes(root):
    from autograd import topological_order

    return topological_order(root)


def test_long_labels_render_and_save(tmp_path):
    f = hostile("x" * 100_000)
    viz.render(f, tmp_path / "long.png")
    path = viz.step(f).save_html(tmp_path / "long.html")
    assert path.stat().st_size < 200_000  # the label is cut when drawn, not carried 100,000 times


def test_every_label_class_on_one_page_keeps_both_steppers_alive(browser, tmp_path):
    steppers = [viz.step(hostile(label)) for label in LABELS.values()]
    page_html = "<!DOCTYPE html><html><head><meta charset='utf-8'></head><body>" + "".join(
        s.html() for s in steppers) + "</body></html>"
    path = tmp_path / "all.html"
    path.write_text(page_html, encoding="utf-8", errors="surrogatepass")
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(path.as_uri())
    assert page.locator("script").count() == 2 * len(steppers)  # no label opened or closed a script
    assert page.evaluate("window.pwned") is None
    for s in steppers:
        root = page.locator(f"#{s.uid}")
        assert root.locator(".cr-live").is_visible() and not root.locator(".cr-still").is_visible()
        root.locator('[data-act="last"]').click()
        assert root.locator(".cr-pos").text_content() == f"step {len(s.frames)} / {len(s.frames)}"
    assert errors == []


def test_the_issue_example_label_keeps_its_page_working(browser, tmp_path):
    s = viz.step(Value(2.0, label="<!--<script>") * 3)
    page = browser.new_page()
    page.goto(s.save_html(tmp_path / "p.html").as_uri())
    assert page.locator("script").count() == 3  # the data, the widget, the focus line
    page.keyboard.press("End")
    assert page.locator(f"#{s.uid} .cr-pos").text_content() == "step 2 / 2"
    assert "<!--<script>" in page.locator(f"#{s.uid} .cr-svg").inner_text()
