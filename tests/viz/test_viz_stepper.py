import base64
import io
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from helpers import two_children
from PIL import Image

from autograd import Value, parse
from autograd import sum as vsum
from viz.model.names import num
from viz.outputs.render import pipe
from viz.outputs.stepper import step
from viz.views.steps import NOTE

ROOT = Path(__file__).resolve().parents[2]


def graph():
    """Two children feed a, and b is used twice (b*b): sums must grow across steps."""
    f, a = two_children()
    b = f.parents[0].parents[0].parents[1]  # c = a*b
    return f * (b * b), a


def expected(stepper, k):
    """Grads after k steps, straight from the step records (not from the stepper's frames)."""
    s = stepper.spec
    grads = {}
    for st in stepper.steps[:k]:
        grads[s.ids[st.node]] = st.upstream
        for e in st.edges:
            grads[s.ids[e.parent]] = e.after
    return grads


def image_info(path):
    with Image.open(path) as im:
        return im.size, getattr(im, "n_frames", 1)


def norm(text):
    return " ".join(text.replace("\u00a0", " ").split())



def read_state(page, uid, ids):
    return page.evaluate(
        """([uid, ids]) => {
            const root = document.getElementById(uid);
            const out = {};
            for (const id of ids) {
                const t = root.querySelector('[id="' + id + '"]').querySelectorAll("text");
                out[id] = t[2].textContent;
            }
            const cur = root.querySelector('[data-current="1"]');
            return {grads: out, current: cur ? cur.id : null,
                    formula: root.querySelector(".cr-formula").textContent,
                    details: root.querySelector(".cr-details").textContent,
                    pos: root.querySelector(".cr-pos").textContent};
        }""", [uid, ids])


def test_browser_click_through_every_step(browser, tmp_path):
    f, _ = graph()
    s = step(f)
    path = s.save_html(tmp_path / "steps.html")
    page = browser.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    ids = [vid for vid, _ in s.spec.records]
    n = len(s.steps)
    state = read_state(page, s.uid, ids)
    assert state["pos"] == f"step 0 / {n}" and state["current"] is None
    assert all(norm(g) == "grad –" for g in state["grads"].values())
    for k in range(1, n + 1):
        page.click(f'#{s.uid} [data-act="next"]')
        state = read_state(page, s.uid, ids)
        record = s.steps[k - 1]
        assert state["current"] == s.spec.ids[record.node]
        want = expected(s, k)
        for vid in ids:
            shown = norm(state["grads"][vid])
            assert shown == (f"grad {want[vid]:.4f}" if vid in want else "grad –"), (k, vid)
        assert state["pos"] == f"step {k} / {n}"
        assert s.frames[k - 1].formula in state["formula"]
        # each edge: upstream × local = contribution, and the parent's grad before → after
        for i, e in enumerate(record.edges):
            product = f"{num(record.upstream)} × {num(e.local)} = {num(e.contribution)}"
            parent = s.spec.names[e.parent]
            assert f"{product}   (∂L/∂{parent}: {num(e.before)} → {num(e.after)})" in state["details"]
            eid = f"{s.uid}-e{s.spec.order.index(record.node)}_{i}"
            assert page.locator(f'[id="{eid}"] text').text_content() == product
    # keyboard, slider, prev
    page.focus(f"#{s.uid}")
    page.keyboard.press("Home")
    assert read_state(page, s.uid, ids)["pos"] == f"step 0 / {n}"
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    assert read_state(page, s.uid, ids)["current"] == s.spec.ids[s.steps[1].node]
    page.click(f'#{s.uid} [data-act="prev"]')
    assert read_state(page, s.uid, ids)["current"] == s.spec.ids[s.steps[0].node]
    page.fill(f"#{s.uid} .cr-slider", str(n))
    page.dispatch_event(f"#{s.uid} .cr-slider", "input")
    final = read_state(page, s.uid, ids)
    assert final["current"] == s.spec.ids[s.steps[-1].node]
    assert errors == []


def test_browser_without_js_shows_the_final_graph_as_a_picture(browser, tmp_path):
    f, a = graph()
    s = step(f)
    path = s.save_html(tmp_path / "steps.html")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(path.as_uri())
    img = page.locator(f"#{s.uid} img.cr-img")
    assert img.is_visible() and img.evaluate("i => i.naturalWidth") > 0
    assert NOTE in page.locator(f"#{s.uid}").inner_text()
    assert page.locator(f"#{s.uid} svg").count() == 0 and not page.locator(f"#{s.uid} .cr-controls").is_visible()
    # the picture is the final graph: the same drawing as the live SVG, every grad after backward
    svg = ET.fromstring(s.svg())
    texts = [norm(t.text or "") for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    for node in s.spec.order:
        assert f"grad {node.grad:.4f}" in texts
    assert a.grad == 10.0 * f.parents[1].data
    context.close()


def test_two_steppers_in_one_page_do_not_clash(browser, tmp_path):
    s1, s2 = step(parse("x*y", x=2, y=3)), step(parse("x*y", x=2, y=3))
    assert s1.uid != s2.uid
    page_html = f"<html><body>{s1.html()}{s2.html()}</body></html>"
    path = tmp_path / "two.html"
    path.write_text(page_html, encoding="utf-8")
    page = browser.new_page()
    page.goto(path.as_uri())
    ids1 = [v for v, _ in s1.spec.records]
    ids2 = [v for v, _ in s2.spec.records]
    page.click(f'#{s1.uid} [data-act="next"]')
    assert read_state(page, s1.uid, ids1)["pos"] == "step 1 / 3"
    assert read_state(page, s2.uid, ids2)["pos"] == "step 0 / 3"
    assert read_state(page, s2.uid, ids2)["current"] is None


def test_frames_keep_every_node_in_place(tmp_path):
    f, _ = graph()
    s = step(f)
    paths = s.save_frames(tmp_path / "frames", dpi=40)
    assert len(paths) == len(s.steps) + 1
    sizes = {image_info(p)[0] for p in paths}
    assert len(sizes) == 1
    layouts = []
    for k in range(len(paths)):
        js = json.loads(pipe(s.frame_source(k), "json", neato_no_op=2))
        layouts.append({o["id"]: (o["pos"], o["width"], o["height"]) for o in js["objects"] if "id" in o})
    assert all(layout == layouts[0] for layout in layouts)
    # and they sit where dot put them (up to one shift of the whole picture)
    dot_layout = {k: v["pos"].rstrip("!") for k, v in s.layout().items() if "width" in v}
    assert set(dot_layout) == set(layouts[0])
    shifts = set()
    for k, (pos, _, _) in layouts[0].items():
        (x1, y1), (x2, y2) = (map(float, p.split(",")) for p in (pos, dot_layout[k]))
        shifts.add((round(x1 - x2, 2), round(y1 - y2, 2)))
    assert len(shifts) == 1


def test_gif(tmp_path):
    s = step(parse("log((x+y)**2+z)", x=2, y=1, z=1))
    assert image_info(s.save_gif(tmp_path / "a.gif", dpi=30))[1] == len(s.steps) + 1


def test_mimebundle_and_no_dot(tmp_path, monkeypatch):
    s = step(parse("x*y", x=2, y=3))
    bundle = s._repr_mimebundle_()
    assert bundle["image/png"].startswith(b"\x89PNG") and s.uid in bundle["text/html"]
    page = bundle["text/html"]
    assert "<script" in page and not re.search(r"(src|href)=.https?:", page)  # nothing from the network
    assert page.index("<img") < page.index("<script")  # the picture leads; the PNG is the still picture
    assert base64.b64encode(bundle["image/png"]).decode() in page
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setenv("CHAINRULE_RENDERER", "dot")  # no renderer at all: dot forced, and missing
    fresh = step(parse("x*y", x=2, y=3))
    bundle = fresh._repr_mimebundle_()
    assert set(bundle) == {"text/plain"} and "apt-get install graphviz" in bundle["text/plain"]
    assert "apt-get install graphviz" in fresh._repr_html_()


def test_a_bigger_graph_shows_its_svg_as_the_still_picture():
    xs = [Value(float(i), label=f"x{i}") for i in range(50)]
    s = step(vsum(x * x for x in xs))
    bundle = s._repr_mimebundle_()
    assert "image/png" not in bundle and bundle["image/svg+xml"].startswith("<svg")
    page = bundle["text/html"]
    assert page.index('<img class="cr-img" src="data:image/svg+xml;base64,') < page.index("<script")


def test_stepper_refuses_big_graphs_and_runs_backward():
    xs = [Value(float(i)) for i in range(200)]
    with pytest.raises(ValueError, match="max_nodes="):
        step(sum(xs, Value(0.0)))
    f, a = two_children()
    f.backward()
    step(f)
    assert a.grad == 10.0  # zeroed, then one backward pass


def test_cli_html_and_gif(tmp_path):
    r = subprocess.run([sys.executable, "-m", "viz", "-q", "-o", str(tmp_path / "s.html"), "-o",
                        str(tmp_path / "s.gif"), "--dpi", "30"], capture_output=True, text=True, cwd=ROOT,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [f"wrote {tmp_path / 's.html'}", f"wrote {tmp_path / 's.gif'}"]
    assert image_info(io.BytesIO((tmp_path / "s.gif").read_bytes()))[1] == 8


def test_saved_page_takes_arrow_keys_at_once_and_scrolls_rather_than_shrinks(browser, tmp_path):
    """A lecturer opens the saved file and presses → without clicking first; a narrow window scrolls."""
    f, _ = graph()
    s = step(f)
    path = s.save_html(tmp_path / "steps.html")
    page = browser.new_page(viewport={"width": 500, "height": 600})
    page.goto(path.as_uri())
    ids = [vid for vid, _ in s.spec.records]
    for k in range(1, len(s.steps) + 1):
        page.keyboard.press("ArrowRight")
        state = read_state(page, s.uid, ids)
        assert state["pos"] == f"step {k} / {len(s.steps)}"
        assert state["current"] == s.spec.ids[s.steps[k - 1].node]
        # what a person sees a moment later: the page may still be settling its first layout (fonts, the
        # resize observer refitting the graph) when the first key arrives; the refit must bring the current
        # node back into view (it did not, and 1 run in 8 failed here), so allow a loaded machine 3 s for it
        page.wait_for_function(f"uid => ({SEEN})(uid).inside", arg=s.uid, timeout=3000)
        seen = page.evaluate(SEEN, s.uid)
        assert seen["smallest"] >= 14 - 0.01 and seen["inside"] and seen["controls"], (k, seen)
    assert seen["scrolls"]  # past the minimum text size the graph scrolls instead of shrinking


SEEN = """uid => {
    const root = document.getElementById(uid), svg = root.querySelector(".cr-svg svg");
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const sizes = [...svg.querySelectorAll("text")].map(t => parseFloat(t.getAttribute("font-size")) * scale);
    const view = root.querySelector(".cr-view"), v = view.getBoundingClientRect();
    const r = root.querySelector('[data-current="1"]').getBoundingClientRect();
    const c = root.querySelector('[data-act="next"]').getBoundingClientRect();
    const inside = r.left >= Math.max(0, v.left) - 1 && r.right <= Math.min(innerWidth, v.right) + 1
        && r.top >= Math.max(0, v.top) - 1 && r.bottom <= Math.min(innerHeight, v.bottom) + 1;
    return {smallest: Math.min(...sizes), inside, controls: c.top >= 0 && c.bottom <= innerHeight,
            scrolls: view.scrollWidth > view.clientWidth || view.scrollHeight > view.clientHeight};
}"""


def test_presentation_mode_full_screen_keys_focus_ring_and_legend(browser, tmp_path):
    f, _ = graph()
    s = step(f)
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(s.save_html(tmp_path / "steps.html").as_uri())
    root = page.locator(f"#{s.uid}")
    ring = root.evaluate("r => [getComputedStyle(r).outlineStyle, parseFloat(getComputedStyle(r).outlineWidth)]")
    assert ring[0] == "solid" and ring[1] >= 2  # the widget has the keys, and shows it
    assert "space" in root.locator(".cr-keys").inner_text() and "this node" in root.locator(".cr-keys").inner_text()
    assert float(root.locator(".cr-formula").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 20
    root.locator('[data-act="full"]').click()
    page.wait_for_function(f"document.fullscreenElement && document.fullscreenElement.id === '{s.uid}'")
    assert root.locator('[data-act="full"]').text_content() == "leave full screen"
    assert float(root.locator(".cr-formula").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 28
    for key, want in [("End", len(s.steps)), ("Home", 0), ("ArrowRight", 1), (" ", 1)]:
        page.keyboard.press(key)
        assert read_state(page, s.uid, [])["pos"] == f"step {want} / {len(s.steps)}", key
    assert root.locator('[data-act="play"]').text_content() == "❚❚ pause"  # space plays ...
    page.keyboard.press(" ")
    assert root.locator('[data-act="play"]').text_content() == "▶ play"  # ... and pauses
    root.locator('[data-act="full"]').click()
    page.wait_for_function("!document.fullscreenElement")
    assert errors == []
