"""A real JupyterLab for the tests (from PyPI), on 127.0.0.1, and the helpers that open it in Chromium.

One server per test run (the session fixture ``lab`` in tests/viz/conftest.py), with a free port, a
temporary root and Jupyter dirs, no token and no browser; stopped by its own process id. Before it
starts, the course's stepping notebook is executed into its root as ``course.ipynb`` (with two extra
cells: a focused MLP neuron and a drawing). Screenshots go to out/screens/lab_*.png.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from playwright.sync_api import Locator, Page

ROOT = Path(__file__).resolve().parents[1]
SCREENS = ROOT / "out" / "screens"
COURSE = ROOT / "notebooks" / "02_stepping_through_backprop.ipynb"
VIEWPORT = {"width": 1024, "height": 768}
MIN_PX = 14.0
NODE_PT = 11.0  # the smallest text in a drawing, in points (viz.outputs.dot.MIN_FONT_PT)
OUT = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output"  # outputs of the notebook in view


@dataclass
class Lab:
    url: str
    root: Path
    env: dict[str, str]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


EXTRA_CELLS = [  # after the course notebook: a bigger stepper (its still picture is an SVG image) and a drawing
    "import nn\nmodel = nn.MLP(2, [16, 16, 1], seed=1)\nloss = (model([0.5, -1.0]) - 1.0) ** 2\n"
    "viz.step(loss, focus=model.layers[1].neurons[3])",
    "viz.draw(neuron_out)",  # the neuron of section 1 (the notebook keeps it under this name)
]


def _execute(nb: nbformat.NotebookNode, dest: Path) -> None:
    """Run a notebook with nbclient (this repository's code makes the outputs) and store it."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        NotebookClient(nb, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(dest.parent)}}).execute()
    nbformat.write(nb, dest)


def run_cells(lab: Lab, name: str, cells: list[str], **metadata: str) -> nbformat.NotebookNode:
    """A new notebook of ``cells``, run by nbclient under the lab's Jupyter dirs (the kernel sees this
    worktree's packages) and stored in its root as ``name``."""
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                           "language": "python"}, **metadata})
    nb.cells.extend(nbformat.v4.new_code_cell(code) for code in cells)
    old = os.environ.copy()
    os.environ.update(lab.env)
    try:
        _execute(nb, lab.root / name)
    finally:
        os.environ.clear()
        os.environ.update(old)
    return nb


def trusted_copy(lab: Lab, source: str, name: str) -> None:
    """A trusted copy of the notebook ``source`` in the lab's root. Trust goes by content, so the copy differs
    by one metadata field: trusting an identical copy would trust ``source`` too."""
    nb = nbformat.read(lab.root / source, as_version=4)
    nb.metadata["chainrule_copy"] = name
    nbformat.write(nb, lab.root / name)
    subprocess.run([sys.executable, "-m", "jupyter", "trust", str(lab.root / name)], env=lab.env,
                   check=True, capture_output=True)


def open_export(browser, lab: Lab, name: str, out: Path, widget: str) -> tuple[Page, Locator, list[str]]:
    """The notebook ``name`` exported by ``jupyter nbconvert --to html`` into ``out``, opened at 1024x768,
    collecting uncaught exceptions (only those: the export's CDN links are not ours), once the first
    ``widget`` (a selector) shows its live part."""
    subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html", "--output-dir", str(out),
                    str(lab.root / name)], env=lab.env, check=True, capture_output=True)
    page = browser.new_page(viewport=VIEWPORT)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto((out / name).with_suffix(".html").as_uri())
    root = page.locator(widget).first
    root.locator(".cr-live").wait_for(state="visible")
    return page, root, errors


def start_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Lab]:
    """Start the server (the session fixture ``lab`` calls this), yield it, stop it by its process id."""
    home = tmp_path_factory.mktemp("lab")
    root = home / "root"
    root.mkdir()
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_DATA_DIR=str(home / "data"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), IPYTHONDIR=str(home / "ipython"),
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
               PYTHONPATH=os.pathsep.join([str(ROOT), str(ROOT / "notebooks")]))  # notebooks/course: the keys
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    notebook = home / "settings" / "@jupyterlab" / "notebook-extension"
    notebook.mkdir(parents=True)  # render every cell, not only those in view, so the test sees them all
    (notebook / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    old = os.environ.copy()
    os.environ.update(env)  # nbclient and `jupyter trust` use the same Jupyter dirs as the server
    try:
        nb = nbformat.read(COURSE, as_version=4)
        nb.cells.extend(nbformat.v4.new_code_cell(code) for code in EXTRA_CELLS)
        _execute(nb, root / "course.ipynb")
    finally:
        os.environ.clear()
        os.environ.update(old)
    port = _free_port()
    log = (home / "server.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--ServerApp.root_dir={root}", "--IdentityProvider.token=", "--ServerApp.password=",
         f"--LabApp.user_settings_dir={home / 'settings'}", f"--LabApp.workspaces_dir={home / 'workspaces'}",
         *(["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else [])],
        env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/status", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"jupyter lab did not start: {(home / 'server.log').read_text()[-2000:]}")
            time.sleep(0.3)
        yield Lab(url, root, env)
    finally:
        if proc.poll() is None:  # stop the server we started, by its own process id
            os.kill(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


def open_page(browser, url: str) -> tuple[Page, list[str]]:
    """A 1024x768 page at ``url``, collecting console errors and uncaught exceptions."""
    page = browser.new_page(viewport=VIEWPORT)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    return page, errors


def open_notebook(browser, lab: Lab, name: str) -> tuple[Page, list[str]]:
    page, errors = open_page(browser, f"{lab.url}/lab/tree/{name}?reset")  # ?reset: no tabs from before
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
    assert page.locator(".jp-FileBrowser").first.is_visible()  # the file browser is open beside it
    return page, errors


def screenshot(page: Page, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"lab_{name}.png"))
