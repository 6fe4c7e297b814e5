"""The README, CONTRIBUTING.md and docs/ stay true: every link resolves (file and heading), and every
code name they mention (``viz.step``, ``Value.backward``, ``autograd/ops.py``) still exists."""

from __future__ import annotations

import importlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("**/*.md"))]
PACKAGES = ("autograd", "nn", "viz")
# a dotted name that starts with a package or Value: `viz.step`, `autograd.testing.check_engine`, `Value.grad`
CODE_NAME = re.compile(r"(?<![\w./-])(autograd|nn|viz|Value)((?:\.[A-Za-z_]\w*)+)")
# a path into the repository: `viz/model/palette.py`, `tests/test_torch.py`, `notebooks/`
REPO_PATH = re.compile(r"(?<![\w./-])((?:autograd|nn|viz|tests|tools|benchmarks|notebooks|docs)/[\w./-]*)")


@dataclass(frozen=True)
class Link:
    source: Path
    target: str


def parse(text: str) -> list[Token]:
    return MarkdownIt("commonmark").enable("table").parse(text)


def inline_children(tokens: list[Token]) -> list[Token]:
    return [child for t in tokens if t.type == "inline" for child in (t.children or [])]


def links(path: Path) -> list[Link]:
    """Every link and image target in a Markdown file (code spans and fences are not links)."""
    found = []
    for t in inline_children(parse(path.read_text(encoding="utf-8"))):
        target = t.attrs.get("href") if t.type == "link_open" else t.attrs.get("src") if t.type == "image" else None
        if isinstance(target, str):
            found.append(Link(path, target))
    return found


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen."""
    text = unicodedata.normalize("NFC", heading).strip().lower()
    text = "".join(c for c in text if c.isalnum() or c in " -_")
    return text.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    tokens = parse(path.read_text(encoding="utf-8"))
    titles = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    found: set[str] = set()
    for title in titles:
        base = slug(re.sub(r"[`*]", "", title))
        name, n = base, 1
        while name in found:  # GitHub numbers repeated headings: a, a-1, a-2
            name, n = f"{base}-{n}", n + 1
        found.add(name)
    return found


def broken(link: Link) -> str | None:
    """Why a link does not resolve, or None. Web links are not fetched (this machine has no network)."""
    if re.match(r"^[a-z]+:", link.target):
        return None if link.target.startswith(("http://", "https://", "mailto:")) else f"odd scheme {link.target}"
    file, _, anchor = link.target.partition("#")
    path = (link.source.parent / file).resolve() if file else link.source
    if not path.exists():
        shown = path.relative_to(ROOT) if path.is_relative_to(ROOT) else path
        return f"{link.source.name}: {link.target}: no file {shown}"
    if anchor and path.suffix == ".md" and anchor not in anchors(path):
        return f"{link.source.name}: {link.target}: no heading #{anchor} in {path.name}"
    return None


def code_texts(text: str) -> list[str]:
    """The text of every code span and code block: where a doc names code."""
    tokens = parse(text)
    return [t.content for t in tokens if t.type in ("fence", "code_block")] + \
           [t.content for t in inline_children(tokens) if t.type == "code_inline"]


def resolves(dotted: str) -> bool:
    """``viz.step``, ``autograd.testing.check_engine``, ``Value.backward``: an import, then attributes."""
    head, *rest = dotted.split(".")
    obj: object = importlib.import_module("autograd").Value if head == "Value" else importlib.import_module(head)
    module = head
    for part in rest:
        if hasattr(obj, part):
            obj = getattr(obj, part)
            continue
        module = f"{module}.{part}"
        try:
            obj = importlib.import_module(module)
        except ModuleNotFoundError:
            return False
    return True


def missing_names(text: str) -> list[str]:
    names = {m.group(1) + m.group(2) for code in code_texts(text) for m in CODE_NAME.finditer(code)}
    return sorted(n for n in names if not resolves(n))


def missing_paths(text: str) -> list[str]:
    paths = {m.group(1).rstrip(".") for code in code_texts(text) for m in REPO_PATH.finditer(code)}
    return sorted(p for p in paths if not (ROOT / p).exists())


@pytest.mark.parametrize("path", DOCS, ids=[str(p.relative_to(ROOT)) for p in DOCS])
def test_every_link_resolves(path):
    assert [why for link in links(path) if (why := broken(link))] == []


@pytest.mark.parametrize("path", DOCS, ids=[str(p.relative_to(ROOT)) for p in DOCS])
def test_every_code_name_exists(path):
    text = path.read_text(encoding="utf-8")
    assert missing_names(text) == []
    assert missing_paths(text) == []


def test_the_docs_are_there():
    names = {p.relative_to(ROOT).as_posix() for p in DOCS}
    assert {"README.md", "CONTRIBUTING.md", "docs/autograd.md", "docs/numerics.md", "docs/nn.md",
            "docs/viz.md", "docs/design.md", "docs/benchmarks.md"} <= names
    assert len((ROOT / "README.md").read_text(encoding="utf-8").splitlines()) <= 200


def test_the_checks_can_fail(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# Title\n\nSee [a](page.md#title), [b](page.md#nope), [c](gone.md), ![d](pic.png).\n"
                    "Code: `viz.step`, `viz.no_such_view`, `Value._repr_mimebundle_`, `Value.backward`, "
                    "`autograd/ops.py`, `viz/gone.py`.\n", encoding="utf-8")
    assert [why for link in links(page) if (why := broken(link))] == [
        "page.md: page.md#nope: no heading #nope in page.md",
        f"page.md: gone.md: no file {tmp_path / 'gone.md'}",
        f"page.md: pic.png: no file {tmp_path / 'pic.png'}"]
    text = page.read_text(encoding="utf-8")
    assert missing_names(text) == ["Value._repr_mimebundle_", "viz.no_such_view"]
    assert missing_paths(text) == ["viz/gone.py"]


def test_github_anchors_match_by_hand():
    assert slug("Without Graphviz") == "without-graphviz"
    assert slug("Paths, forward mode, lecture decks and worksheets") == \
           "paths-forward-mode-lecture-decks-and-worksheets"
    assert slug("Render times: Graphviz's dot and the pure-pip renderer") == \
           "render-times-graphvizs-dot-and-the-pure-pip-renderer"
