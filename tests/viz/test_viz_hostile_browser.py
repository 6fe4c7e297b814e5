"""Issue 21 item 12 in Chromium: a page whose numbers are inf and nan starts and shows them readably.

By hand: f = log(z)·y + y at z = 0, y = 2 is -inf; ∂f/∂y = log 0 + 1 = -inf; ∂f/∂z = y/z = +inf.
Screenshots go to out/screens/.
"""

from pathlib import Path

import pytest

import viz
from autograd import Value

SCREENS = Path(__file__).resolve().parents[2] / "out" / "screens"


def grad_text(page, uid, node_id):
    return page.evaluate("""([uid, id]) => {
        const t = document.getElementById(uid).querySelector('[id="' + id + '"]').querySelectorAll("text");
        return t[t.length - 1].textContent.replace(/\\s+/g, " ").trim(); }""", [uid, node_id])


@pytest.mark.parametrize("options", [{"quiz": True}, {"forward": True}, {"mode": "forward"}, {}],
                         ids=["quiz", "forward", "forward_mode", "plain"])
def test_inf_and_nan_pages_start_and_show_them(browser, tmp_path, renderer_kind, options):
    y = Value(2.0, label="y")
    f = Value(0.0).log() * y + y
    st = viz.step(f, **options)
    path = st.save_html(tmp_path / "page.html")
    page = browser.new_page(viewport={"width": 1024, "height": 768})
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(path.as_uri())
    assert page.is_visible(".cr-live") and not page.is_visible(".cr-still")  # the script ran
    page.keyboard.press("End")
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"hostile_inf_{'_'.join(options) or 'plain'}_{renderer_kind}.png"))
    formula = page.inner_text(".cr-formula")
    yid = st.spec.ids[y]
    if options.get("mode") == "forward":  # the last pass seeds the 0 leaf z: ∂f/∂z = y/z = +inf, ẏ = 0
        assert formula.endswith("= inf") and grad_text(page, st.uid, yid) == "tan 0.0000"
    else:
        assert formula.startswith("∂L/∂y") and formula.endswith("= -inf")
        assert grad_text(page, st.uid, yid) == "grad -inf"
    assert "NaN" not in page.inner_text(".chainrule-stepper") and "Infinity" not in page.inner_text(".cr-formula")
    assert errors == []
