"""The website's build hooks (tools/site_hooks.py, tools/griffe_doctests.py), without building: fast checks.
The built site itself is tested in a browser by tests/test_site.py."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


hooks = _load("site_hooks")
doctests = _load("griffe_doctests")


def test_the_course_is_every_numbered_notebook_in_order():
    on_disk = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb") if p.name[:2].isdigit())
    assert hooks.notebooks() == [f"notebooks/{name}" for name in on_disk]
    assert hooks.notebooks()[0] == "notebooks/00_notation.ipynb"


def test_the_home_page_is_the_readmes_pitch_picture_and_quick_start():
    home = hooks.home_page()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    pitch = readme.split("\n## ")[0].splitlines()[2]
    assert pitch in home and "## Quick start" in home and "print(viz.explain(f))" in home
    assert "## Two commands" not in home and "](docs/" not in home  # links point into the site
    assert '<div class="cr-picture" markdown>\n![' in home and "](stepper.png)" in home
    for nb in hooks.notebooks():
        assert f"]({nb})" in home


def test_external_loads_are_found_and_links_are_not():
    page = ('<script src="https://cdn.example/m.js"></script><link rel="stylesheet" href="//fonts.example/a.css">'
            '<style>@import url("https://x.example/b.css")</style><script type="module">import("https://y.example/c")'
            '</script><a href="https://github.com/">a link is not a load</a><svg xmlns="http://www.w3.org/2000/svg">'
            '<img src="stepper.png">')
    assert [hit.split("example")[0] for hit in hooks.external_loads(page)] == [
        'src="https://cdn.', '<link rel="stylesheet" href="//fonts.', '@import url("https://x.', 'import("https://y.']


def test_the_notebook_toc_uses_the_page_s_own_heading_ids():
    html = ('<h1 id="t">Title<a class="anchor-link" href="#t">¶</a></h1><h2 id="a-x">A <code>x</code></h2>'
            '<h3 id="b">B</h3><h2 id="c">C</h2>')
    toc = hooks.toc_of(html)
    (title,) = list(toc)
    assert [(a.id, a.title) for a in title.children] == [("a-x", "A x"), ("c", "C")]
    assert [a.id for a in title.children[0].children] == ["b"]


def test_doctest_examples_become_code_blocks():
    text = "Adds.\n\n>>> [x for x in (1, 2)]\n[1, 2]\n\nAfter.\n    >>> f(\n    ...     1)\n    2"
    assert doctests.fence_doctests(text) == ("Adds.\n\n```pycon\n>>> [x for x in (1, 2)]\n[1, 2]\n```\n\nAfter.\n"
                                             "    ```pycon\n    >>> f(\n    ...     1)\n    2\n    ```")
