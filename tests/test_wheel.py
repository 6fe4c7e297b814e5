"""The built wheel, as a student gets it: ``pip install 'chainrule[viz]'`` on a machine without Graphviz.

Builds the sdist and wheel (``python -m build``), checks them with ``twine check``, installs the wheel
with the ``viz`` extra into a fresh venv and, with no ``dot`` on PATH, runs
``python -m viz -o g.png -o g.html -o g.gif``; then steps through g.html in Chromium.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def run(cmd: list[str], **kwargs) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=900, **kwargs)
    assert done.returncode == 0, f"{cmd}: {done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, Path]:
    """(the fresh venv's python, the dist folder): the wheel installed with its viz extra."""
    tmp = tmp_path_factory.mktemp("wheel")
    dist = tmp / "dist"
    run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)])
    venv = tmp / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    python = venv / "bin" / "python"
    (wheel,) = dist.glob("chainrule-*.whl")
    run([str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", f"{wheel}[viz]"])
    return python, dist


def no_dot_env(python: Path) -> dict[str, str]:
    """Only the venv on PATH: no Graphviz, as on a locked-down laptop."""
    env = {k: v for k, v in os.environ.items() if k not in ("CHAINRULE_RENDERER", "PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = str(python.parent)
    return env


def test_twine_check_passes(installed):
    _, dist = installed
    files = sorted(str(p) for p in dist.iterdir())
    assert any(f.endswith(".whl") for f in files) and any(f.endswith(".tar.gz") for f in files)
    out = run([sys.executable, "-m", "twine", "check", "--strict", *files]).stdout
    assert out.count("PASSED") == len(files), out


def test_the_packages_import_with_their_types(installed, tmp_path):
    python, _ = installed
    code = ("import importlib.resources as r, autograd, nn, viz\n"
            "for m in (autograd, nn, viz):\n"
            "    print(m.__name__, m.__file__, r.files(m).joinpath('py.typed').is_file())\n")
    out = run([str(python), "-c", code], cwd=tmp_path, env=no_dot_env(python)).stdout.splitlines()
    venv = str(python.parent.parent)
    assert [line.split()[0] for line in out] == ["autograd", "nn", "viz"]
    for line in out:
        _, where, typed = line.split()
        assert where.startswith(venv) and typed == "True", line  # the wheel's copy, not the source tree


def test_cli_without_dot_writes_png_html_gif_that_work(installed, tmp_path):
    python, _ = installed
    env = no_dot_env(python)
    version = run([str(python), "-m", "viz", "--version"], cwd=tmp_path, env=env).stdout
    assert re.fullmatch(r"chainrule 0\.1\.0; renderer: wasm \(dot is not on PATH: .*\)\n", version), version
    done = run([str(python), "-m", "viz", "-o", "g.png", "-o", "g.html", "-o", "g.gif", "-o", "g.svg"],
               cwd=tmp_path, env=env)
    assert done.stdout.splitlines()[-4:] == ["wrote g.png", "wrote g.html", "wrote g.gif", "wrote g.svg"]
    assert done.stderr == ""
    svg = (tmp_path / "g.svg").read_text()
    w_pt, h_pt = (float(v) for v in re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg).groups())
    with Image.open(tmp_path / "g.png") as im:  # 96 dpi, as dot draws it
        assert im.format == "PNG" and abs(im.width - w_pt * 96 / 72) <= 2 and abs(im.height - h_pt * 96 / 72) <= 2
        assert min(im.size) > 500 and im.convert("L").getextrema()[0] < 50  # something dark was drawn
    with Image.open(tmp_path / "g.gif") as im:
        assert im.format == "GIF" and im.n_frames == 8  # before backward, then 7 steps

    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1024, "height": 768})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto((tmp_path / "g.html").as_uri())
            pos = page.locator(".cr-pos")
            assert pos.text_content() == "step 0 / 7"  # with scripts on, it starts before backward
            for _ in range(3):
                page.keyboard.press("ArrowRight")
            assert pos.text_content() == "step 3 / 7"
            by_hand = "∂L/∂n2 = ∂L/∂n3·∂n3/∂n2 = 0.1·1.0 = 0.1"  # ∂L/∂n3 = 1/10, the + passes it on
            assert page.locator(".cr-formula").text_content() == by_hand
            page.keyboard.press("ArrowLeft")
            assert pos.text_content() == "step 2 / 7"
            shots = ROOT / "out" / "screens"
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / "wheel-no-dot-stepper.png"))
            assert errors == []
        finally:
            browser.close()
