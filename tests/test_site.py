"""The course website, as a student sees it: built strictly by `mkdocs build`, served on 127.0.0.1 by a server
this test starts (and stops by its PID), opened in Debian's Chromium at 1024×768 with every request that
leaves 127.0.0.1 blocked and recorded. Screenshots: out/screens/site_*.png.

tests/conftest.py marks this file `browser` and `slow`: `make check` leaves it out, `make test` runs it.
"""

from __future__ import annotations

import importlib.util
import math
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from helpers import chromium
from playwright.sync_api import Page

from autograd import Value, backward_steps, forward_mode_grad

ROOT = Path(__file__).resolve().parent.parent
SCREENS = ROOT / "out" / "screens"
VIEWPORT = {"width": 1024, "height": 768}
MIN_PX = 14.0
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


hooks = _load("_site_hooks", ROOT / "tools" / "site_hooks.py")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """`make site`'s build, into a temporary folder: strict, from the stored outputs. Built once a session:
    test_site_views.py uses the same build (its `built` file is written only when the build passed)."""
    out = tmp_path_factory.getbasetemp() / "site_build" / "site"
    if (out.parent / "built").exists():
        return out
    shutil.rmtree(out.parent, ignore_errors=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "WARNING" not in done.stderr, done.stderr[-3000:]
    (out.parent / "built").touch()
    return out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def url(site) -> str:
    """A static file server on 127.0.0.1, started here and stopped by its PID."""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/index.html", timeout=2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        os.kill(server.pid, 15)
        server.wait(timeout=10)


class Visit:
    """One browser context: what it asked for outside 127.0.0.1 (blocked), and every console error."""

    def __init__(self, browser, base: str):
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport=VIEWPORT)
        self.context.route("**/*", self._route)
        self.base = base

    def _route(self, route) -> None:
        if route.request.url.startswith(self.base + "/"):
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def open(self, path: str) -> Page:
        page = self.context.new_page()
        page.on("console", lambda m: self.errors.append(f"{path}: {m.text}") if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(f"{path}: {e}"))
        page.goto(f"{self.base}/{path}")
        page.wait_for_load_state("load")
        return page


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture
def visit(browser, url):
    v = Visit(browser, url)
    yield v
    v.context.close()
    assert v.outside == [], v.outside
    assert v.errors == [], v.errors


def shot(page: Page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"site_{name}.png"))


def grads_shown(page: Page, root_id: str) -> dict[str, str]:
    """label -> the grad field, for every value node of one stepper's live graph."""
    return page.evaluate("""(id) => Object.fromEntries([...document.getElementById(id).querySelectorAll('g.node')]
        .map(g => [...g.querySelectorAll('text')].map(t => t.textContent)).filter(t => t.length >= 3)
        .map(t => [t[0], t[2].replace(/\\s+/g, ' ')]))""", root_id)


def grads_after(records, k: int, labels) -> dict[str, str]:
    """What the graph should show after k steps: each node's grad once the engine has written it."""
    now: dict[str, float] = {}
    for record in records[:k]:
        now.setdefault(record.node.label, record.upstream)
        for e in record.edges:
            now[e.parent.label] = e.after
    return {lab: (f"grad {now[lab]:.4f}" if lab in now else "grad –") for lab in labels}


def notebook_02_neuron() -> Value:
    """Notebook 02's first stepper: deck 004's neuron with micrograd's numbers (typed again here)."""
    x1, x2 = Value(2.0, label="x1"), Value(0.0, label="x2")
    w1, w2 = Value(-3.0, label="w1"), Value(1.0, label="w2")
    b = Value(6.8813735870195432, label="b")
    x1w1 = x1 * w1
    x1w1.label = "x1w1"
    x2w2 = x2 * w2
    x2w2.label = "x2w2"
    s = x1w1 + x2w2
    s.label = "s"
    z = s + b
    z.label = "z"
    a = z.tanh()
    a.label = "a"
    return a


def test_the_site_has_every_notebook_in_course_order(site):
    pages = [f"notebooks/{p.stem}.html" for p in NOTEBOOKS]
    assert [p for p in pages if not (site / p).exists()] == []
    nav = re.findall(r'href="(notebooks/[0-9]{2}_[^"#]+\.html)"', (site / "index.html").read_text(encoding="utf-8"))
    assert list(dict.fromkeys(nav)) == pages  # the navigation lists all of them, in order
    for name in ("autograd", "numerics", "nn", "viz", "design", "benchmarks", "running", "site",
                 "reference/autograd", "reference/nn", "reference/viz"):
        assert (site / f"{name}.html").exists(), name
    assert "Value" in (site / "reference/autograd.html").read_text(encoding="utf-8")  # from the docstrings


def test_nothing_is_loaded_from_outside_the_site(site):
    found = [f"{p.relative_to(site)}: {hit}" for p in site.glob("**/*.html")
             for hit in hooks.external_loads(p.read_text(encoding="utf-8"))]
    assert found == []
    assert hooks.external_loads('<script src="https://cdn.example/x.js"></script><link rel="stylesheet" '
                                'href="//fonts.example/css">') != []  # the check can fail


def test_a_link_checker_finds_no_broken_link_or_anchor(site, url):
    checker = shutil.which("linkchecker", path=str(Path(sys.executable).parent))
    assert checker, "linkchecker is not installed (the site extra installs it)"
    config = site.parent / "linkcheckerrc"
    # anchors too; web links are not fetched (no network), nor the pictures' data: URIs
    config.write_text("[filtering]\nignore=\n  ^data:\n[AnchorCheck]\n", encoding="utf-8")

    def check(page: str, *depth: str) -> subprocess.CompletedProcess[str]:
        # a missing anchor is a warning to LinkChecker, and any warning makes it exit 1
        return subprocess.run([checker, "--config", str(config), "--no-status", *depth, f"{url}/{page}"],
                              capture_output=True, text=True, timeout=600)

    done = check("index.html")
    assert done.returncode == 0, done.stdout[-4000:]
    assert "0 warnings found" in done.stdout and "0 errors found" in done.stdout, done.stdout[-500:]
    assert int(re.search(r"(\d+) links? in \d+ URLs? checked", done.stdout).group(1)) > 100  # it crawled the site
    (site / "broken_test_page.html").write_text('<a href="nowhere.html">a</a> <a href="index.html#no-such-heading">b'
                                                "</a>", encoding="utf-8")
    broken = check("broken_test_page.html", "--recursion-level=1")  # it can fail: a missing page, a missing anchor
    (site / "broken_test_page.html").unlink()
    assert broken.returncode == 1 and "nowhere.html" in broken.stdout and "no-such-heading" in broken.stdout


def test_the_home_page_shows_the_picture(visit):
    page = visit.open("index.html")
    img = page.locator('img[src$="stepper.png"]')
    img.scroll_into_view_if_needed()
    page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=img.element_handle())
    shown, natural = img.evaluate("i => [i.getBoundingClientRect().width, i.naturalWidth]")
    assert shown >= natural - 0.5  # drawn at its size: its text stays at least 14 px (it scrolls instead)
    assert "Quick start" in page.inner_text("article")
    shot(page, "home")


def test_the_stepping_notebook_steps_with_next_and_the_arrow_key(visit):
    page = visit.open("notebooks/02_stepping_through_backprop.html")
    root = page.locator(".chainrule-stepper").first
    root_id = root.get_attribute("id")
    records = list(backward_steps(notebook_02_neuron()))
    labels = ["x1", "x2", "w1", "w2", "b", "x1w1", "x2w2", "s", "z", "a"]
    n = len(records)
    assert root.locator(".cr-pos").inner_text() == f"step 0 / {n}"
    assert grads_shown(page, root_id) == grads_after(records, 0, labels)
    for k in range(1, n + 1):
        root.locator('[data-act="next"]').click()
        assert root.locator(".cr-pos").inner_text() == f"step {k} / {n}"
        assert grads_shown(page, root_id) == grads_after(records, k, labels), k
        if k == 3:
            shot(page, "stepper_next")
    final = grads_shown(page, root_id)
    assert final["x1"] == "grad -1.5000" and final["w1"] == "grad 1.0000" and final["w2"] == "grad 0.0000"  # by hand
    root.focus()
    page.keyboard.press("Home")
    assert root.locator(".cr-pos").inner_text() == f"step 0 / {n}"
    for k in range(1, 4):
        page.keyboard.press("ArrowRight")
        assert root.locator(".cr-pos").inner_text() == f"step {k} / {n}"
        assert grads_shown(page, root_id) == grads_after(records, k, labels), k
    shot(page, "stepper_arrow_key")


def test_the_quiz_marks_a_wrong_answer_and_scores_a_right_one(visit):
    page = visit.open("notebooks/02_stepping_through_backprop.html")
    quiz = page.locator(".chainrule-stepper:has(.cr-quiz)").first
    a, b = Value(2.0, label="a"), Value(3.0, label="b")  # notebook 02's reused value, typed again
    c = a * b
    c.label = "c"
    d = a * 4
    d.label = "d"
    loss = c * 2 + d
    loss.label = "L"
    records = list(backward_steps(loss))
    k = 0
    while not quiz.locator(".cr-quiz").is_visible() and k < len(records):
        quiz.locator('[data-act="next"]').click()
        k += 1
    prompt = quiz.locator(".cr-q-prompt").inner_text()
    record = records[k - 1]
    asked = re.search(r"passes back to (\w+)", prompt) or re.search(r"∂L/∂(\w+) after this step", prompt)
    assert asked, prompt
    edge = next(e for e in record.edges if e.parent.label == asked.group(1))
    answer = edge.contribution if "passes back" in prompt else edge.after
    quiz.locator(".cr-q-input").fill(str(answer + 7))
    quiz.locator(".cr-q-check").click()
    verdict = quiz.locator(".cr-q-verdict").inner_text()
    assert verdict and not verdict.startswith("Right"), verdict
    assert "0 / 0" in quiz.locator(".cr-q-score").inner_text()
    shot(page, "quiz_wrong")
    quiz.locator(".cr-q-input").fill(str(answer))
    quiz.locator(".cr-q-input").press("Enter")
    assert quiz.locator(".cr-q-verdict").inner_text().startswith("Right")
    assert quiz.locator(".cr-q-score").inner_text().startswith("score 0 / 1")  # right, but not at the first try
    quiz.locator('[data-act="next"]').click()
    while not quiz.locator(".cr-quiz").is_visible():
        quiz.locator('[data-act="next"]').click()
    quiz.locator(".cr-q-reveal").click()
    assert quiz.locator(".cr-q-verdict").inner_text().startswith("The answer: ")
    shot(page, "quiz_right")


def test_forward_mode_steps_and_counts(visit):
    page = visit.open("notebooks/10_forward_vs_reverse_mode.html")
    steppers = page.locator(".chainrule-stepper")
    fm = next(steppers.nth(i) for i in range(steppers.count()) if steppers.nth(i).locator(".cr-counter").count())
    _, cost = forward_mode_grad(lambda x1, x2, x3, x4: (x1 + x2) * (x3 + x4), [1, 2, 3, 4])  # example A
    fm.locator('[data-act="next"]').click()
    assert fm.locator(".cr-pos").inner_text().startswith(f"pass 1 / {cost['passes']}")
    fm.focus()
    page.keyboard.press("End")
    assert fm.locator(".cr-pos").inner_text().startswith(f"pass {cost['passes']} / {cost['passes']}")
    assert f"{cost['add']} additions, {cost['mul']} multiplications" in fm.locator(".cr-counter").inner_text()
    fm.scroll_into_view_if_needed()
    shot(page, "forward_mode")


def test_exercises_show_question_placeholder_and_a_closed_solution(visit):
    page = visit.open("notebooks/01_chain_rule_by_hand.html")
    note = page.locator(".chainrule-kernel-note")
    assert "needs a running kernel" in note.inner_text()
    assert note.locator("a").get_attribute("href") == "../running.html"
    assert page.locator("h3", has_text="Exercise 1").count() == 1
    assert "answer_dfdx = ..." in page.inner_text("article")
    solution = page.locator("details", has_text="Solution").first
    assert solution.evaluate("d => !d.open") and not solution.locator("p").first.is_visible()
    solution.locator("summary").click()
    assert solution.locator("p").first.is_visible()
    shot(page, "exercise")
    page.goto(note.locator("a").evaluate("a => a.href"))
    assert "Run the course yourself" in page.inner_text("h1")


SMALLEST_TEXT = """() => {
    let smallest = Infinity;
    for (const svg of document.querySelectorAll('.chainrule-stepper .cr-svg svg')) {
        const box = svg.getBoundingClientRect();
        if (!box.width) continue;
        const scale = box.width / svg.viewBox.baseVal.width;
        for (const t of svg.querySelectorAll('text'))
            if (t.getBoundingClientRect().width > 0)
                smallest = Math.min(smallest, parseFloat(t.getAttribute('font-size')) * scale);
    }
    return smallest;
}"""
SHRUNK = """() => [...document.querySelectorAll('.jp-OutputArea-output img, .cr-picture img')]
    .filter(i => i.naturalWidth && i.getBoundingClientRect().width > 0)  // hidden ones (a live stepper's still) aside
    .filter(i => i.getBoundingClientRect().width < i.naturalWidth - 0.5)
    .map(i => i.getBoundingClientRect().width + ' of ' + i.naturalWidth)"""


def test_every_page_loads_cleanly_with_graph_text_at_least_14_px(visit, site):
    pages = sorted(p.relative_to(site).as_posix() for p in site.glob("**/*.html") if p.name != "404.html")
    assert len(pages) >= len(NOTEBOOKS) + 11
    for path in pages:
        page = visit.open(path)
        smallest = page.evaluate(SMALLEST_TEXT)
        assert smallest >= MIN_PX - 0.01 or math.isinf(smallest), (path, smallest)
        assert page.evaluate(SHRUNK) == [], path  # pictures keep their drawn size (graph text 11 pt = 14.7 px)
        page.close()


def test_the_site_works_from_a_file_url_too(browser, site):
    """Opened from disk, with no server: the pages' links name their .html files and nothing is fetched."""
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    web, errors = [], []
    page.on("request", lambda r: web.append(r.url) if not r.url.startswith(("file:", "data:")) else None)
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((site / "index.html").as_uri())
    page.locator('article a[href$="02_stepping_through_backprop.html"]').first.click()
    page.wait_for_load_state("load")
    root = page.locator(".chainrule-stepper").first
    root.locator('[data-act="next"]').click()
    assert root.locator(".cr-pos").inner_text().startswith("step 1 / ")
    shot(page, "file_url")
    context.close()
    assert web == [] and errors == []
