"""viz.explore in a real JupyterLab (the session fixture ``lab``) in Debian Chromium at 1024x768.

Untrusted, the stored output is a picture of the graph and of the tangent plot with one line of advice
(no SVG, script or JSON text left behind); trusted, the sliders work with no kernel round-trip: the
notebook is opened without running it. Screenshots go to out/screens/lab_explore_*.png.

By hand, for f = log((x+y)² + z) at y = z = 1 and x = 1: ∂f/∂x = 2(x+y)/((x+y)² + z) = 4/5.
"""

from __future__ import annotations

from lab import MIN_PX, NODE_PT, OUT, SCREENS, Lab, open_export, open_notebook, run_cells, screenshot, trusted_copy

CELL = ('from autograd import parse\nimport viz\nf = parse("log((x+y)**2+z)", x=2, y=1, z=1)\n'
        "viz.explore(f, x=(-2, 2))")


def executed(lab: Lab, name: str, trusted: bool) -> None:
    """A notebook with one explore cell, run by nbclient and stored in the lab's root (trusted: as a copy)."""
    if (lab.root / name).exists():
        return
    if not trusted:
        run_cells(lab, name, [CELL])
        return
    executed(lab, "explore_untrusted.ipynb", trusted=False)
    trusted_copy(lab, "explore_untrusted.ipynb", name)


def test_untrusted_shows_the_graph_and_the_plot_as_pictures(lab, browser):
    executed(lab, "explore_untrusted.ipynb", trusted=False)
    page, errors = open_notebook(browser, lab, "explore_untrusted.ipynb")
    root = page.locator(f"{OUT} .chainrule-explore").first
    root.wait_for(timeout=30_000)
    img, plot = root.locator("img.cr-img"), root.locator("img.cr-plot-img")
    for i in (img, plot):
        i.scroll_into_view_if_needed()
        page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=i.element_handle())
    shown, natural = img.evaluate("i => [i.getBoundingClientRect().width, i.naturalWidth]")
    assert img.get_attribute("src").startswith("data:image/png") and shown / natural * NODE_PT * 4 / 3 >= MIN_PX - 0.01
    shown, natural = plot.evaluate("i => [i.getBoundingClientRect().width, i.naturalWidth]")
    assert shown / natural * 15 >= MIN_PX - 0.01  # the plot's smallest text is 15 px
    assert root.locator(".cr-note").inner_text() == "Run the cell or trust the notebook to move the sliders."
    assert root.locator("svg, script, style, input").count() == 0  # the sanitizer dropped them, and ...
    text = root.inner_text()
    for junk in ("<svg", "points", "function", "{", "cr-"):
        assert junk not in text, junk  # ... no SVG, JSON, CSS or JS text was left behind
    screenshot(page, "explore_untrusted")
    assert errors == []


def test_trusted_sliders_work_without_a_kernel(lab, browser):
    executed(lab, "explore_trusted.ipynb", trusted=True)
    page, errors = open_notebook(browser, lab, "explore_trusted.ipynb")
    page.wait_for_selector(f"{OUT} .chainrule-explore .cr-live:not([hidden])", timeout=30_000)
    root = page.locator(f"{OUT} .chainrule-explore").first
    assert not root.locator(".cr-still").is_visible()
    slider = root.locator(".cr-slider").first
    slider.scroll_into_view_if_needed()
    slider.focus()
    for _ in range(10):
        page.keyboard.press("ArrowLeft")
    assert root.locator(".cr-value").inner_text() == "x = 1.0"
    grad = root.evaluate("""r => {
        const g = [...r.querySelectorAll(".cr-svg g.node")].find(g => g.querySelector("text").textContent === "x");
        const t = g.querySelectorAll("text");
        return t[t.length - 1].textContent.replace(/\\s+/g, " ").trim(); }""")
    assert grad == "grad 0.8000"
    assert root.locator(".cr-slope").text_content() == "slope of the tangent ∂L/∂x = 0.8000"
    smallest = root.evaluate("""r => {
        let s = Infinity;
        for (const svg of r.querySelectorAll(".cr-live svg")) {
            const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
            for (const t of svg.querySelectorAll("text"))
                if (t.getBoundingClientRect().width > 0)
                    s = Math.min(s, parseFloat(t.getAttribute("font-size")) * scale);
        }
        return s; }""")
    assert smallest >= MIN_PX - 0.01
    assert page.locator(".jp-Notebook .jp-Cell").count() == 1  # the arrow keys moved the slider, not the notebook
    screenshot(page, "explore_trusted")
    assert errors == []


def test_nbconvert_export_is_live(lab, browser, tmp_path):
    executed(lab, "explore_untrusted.ipynb", trusted=False)
    page, root, errors = open_export(browser, lab, "explore_untrusted.ipynb", tmp_path / "export", ".chainrule-explore")
    root.locator(".cr-slider").first.focus()
    page.keyboard.press("Home")  # x = -2: s = -1, r = 2, ∂f/∂x = 2s/r = -1
    assert root.locator(".cr-value").inner_text() == "x = -2.0"
    assert root.locator(".cr-slope").text_content() == "slope of the tangent ∂L/∂x = -1.0000"
    page.screenshot(path=str(SCREENS / "lab_explore_nbconvert.png"))
    assert errors == []  # the widget's own script raised nothing (the export's CDN links are not ours)
