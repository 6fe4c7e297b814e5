"""Every link between the course's notebooks resolves, and every "notebook NN" in their text names one.

The README's and docs' links are followed in tests/test_docs.py; these are the ones inside the notebooks.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]+)\)")
MENTION = re.compile(r"\b[Nn]otebooks? (\d\d)\b")
HEADING = re.compile(r"^#{1,6}\s+(.*)$", re.M)


def markdown(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def anchors(path: Path) -> set[str]:
    """Jupyter's heading anchors: the heading's text with spaces as '-' (case kept), and GitHub's lower-case slug."""
    found = set()
    for title in HEADING.findall(markdown(path)):
        text = re.sub(r"[`*]", "", title).strip()
        found.add(text.replace(" ", "-"))
        found.add(re.sub(r"[^\w\- ]", "", text.lower()).replace(" ", "-"))
    return found


def broken(source: Path, target: str) -> str | None:
    if re.match(r"^[a-z]+:", target) or target.startswith("#"):
        return None  # web links are not fetched here; in-page anchors are Jupyter's own
    file, _, anchor = target.partition("#")
    path = (source.parent / file).resolve()
    if not path.exists():
        return f"{source.name}: {target}: no such file"
    if anchor and path.suffix == ".ipynb" and anchor not in anchors(path):
        return f"{source.name}: {target}: no heading #{anchor} in {path.name}"
    return None


def test_the_course_is_numbered_without_duplicates():
    numbers = [p.name[:2] for p in NOTEBOOKS]
    assert len(numbers) == len(set(numbers)) >= 20, numbers


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_link_to_a_file_resolves(path):
    relative = [t for t in LINK.findall(markdown(path)) if ".ipynb" in t or t.endswith((".md", ".png", ".py"))]
    assert [why for t in relative if (why := broken(path, t))] == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_every_notebook_mentioned_by_number_exists_and_the_title_carries_its_own(path):
    numbers = {p.name[:2] for p in NOTEBOOKS}
    text = markdown(path)
    assert sorted(set(MENTION.findall(text)) - numbers) == []
    title = HEADING.search(text)
    assert title and title.group(1).startswith(f"{path.name[:2]} ·"), title


def test_a_broken_link_is_caught(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# 01 · x\n[a](02_missing.ipynb)")])
    source = tmp_path / "01_x.ipynb"
    nbformat.write(nb, source)
    assert broken(source, "02_missing.ipynb") == "01_x.ipynb: 02_missing.ipynb: no such file"
    assert broken(source, "01_x.ipynb#nowhere") == "01_x.ipynb: 01_x.ipynb#nowhere: no heading #nowhere in 01_x.ipynb"
    assert broken(source, "01_x.ipynb#01-·-x") is None
