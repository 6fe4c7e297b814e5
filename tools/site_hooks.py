"""MkDocs hooks for the course website (mkdocs.yml names this file; docs/site.md explains the site).

- The navigation is made here: the home page, then every notebook that matches
  ``notebooks/[0-9][0-9]_*.ipynb`` in file-name order (course order), the docs pages, the API reference.
  A new notebook appears without editing anything; a page left out of the nav fails the strict build.
- The home page is the README's pitch, picture and quick start, with the README's links made site-relative.
- Every notebook page opens with a line: the steppers and quizzes work here, checking an exercise needs a
  kernel (with a link to how to run the notebook).
- After the build, any page that would load something from outside the site (a CDN script, a web font, an
  analytics tag) fails it: the site must work offline and from ``file://``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

ROOT = Path(__file__).resolve().parent.parent
DOCS = ["autograd.md", "numerics.md", "nn.md", "viz.md", "design.md", "benchmarks.md", "running.md", "site.md"]
PACKAGES = ["autograd", "nn", "viz"]
HOME_SECTIONS = ("Quick start",)  # besides the pitch and picture above the first "##" heading
# a reference to something outside the site that a browser would load by itself
EXTERNAL = re.compile(r"""(?:\bsrc\s*=\s*["']?|<link\b[^>]*\bhref\s*=\s*["']?|@import\s+(?:url\()?["']?"""
                      r"""|\burl\(\s*["']?|\bimport\s*\(\s*["'])(?:https?:)?//""", re.I)
# nbconvert's page head loads MathJax and (when a page has diagrams) mermaid from a CDN. The course writes
# its formulas in Unicode (TeX would show as typed) and draws no mermaid diagrams (one fails the build).
CDN_SCRIPTS = [re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S),
               re.compile(r"<script type=\"module\">(?:(?!</script>).)*?jp-Mermaid.*?</script>", re.S)]
KERNEL_NOTE = ('<div class="admonition note chainrule-kernel-note"><p class="admonition-title">No kernel here</p>'
               "<p>The steppers, quizzes and pictures on this page work as they are. Checking your answer to an "
               "exercise needs a running kernel: <a href=\"../running.html\">run this notebook yourself</a>.</p></div>")


def notebooks() -> list[str]:
    """The course, in order: its file names sort by their two-digit number."""
    return [f"notebooks/{p.name}" for p in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))]


def home_page() -> str:
    """The README's pitch, picture and quick start, its links pointing into the site."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    parts = re.split(r"(?m)^## ", readme)
    keep = [parts[0]] + [f"## {p}" for p in parts[1:] if p.split("\n", 1)[0].strip() in HOME_SECTIONS]
    text = "\n".join(keep)
    text = re.sub(r"\]\(docs/", "](", text)  # docs/viz.md -> viz.md, docs/stepper.png -> stepper.png
    # the picture scrolls rather than shrinks (docs/assets/site.css), so its text stays at least 14 px
    text = re.sub(r"(?m)^(!\[.*\]\(stepper\.png\))$", r'<div class="cr-picture" markdown>\n\1\n</div>', text)
    course = "\n".join(f"{i}. [{title(nb)}]({nb})" for i, nb in enumerate(notebooks(), 1))
    return (f"{text}\n## The course\n\nThe notebooks, in course order, with their stored outputs. Every stepper "
            f"and quiz works on these pages; [run them yourself](running.md) to check your answers.\n\n{course}\n")


def title(notebook: str) -> str:
    """A notebook's first heading (as its page title), or its file name."""
    import json

    cells = json.loads((ROOT / notebook).read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return Path(notebook).stem


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    config["nav"] = [
        {"Home": "index.md"},
        {"Course": notebooks()},
        {"Docs": DOCS},
        {"API reference": [f"reference/{p}.md" for p in PACKAGES]},
    ]
    return config


@event_priority(100)  # before mkdocs-jupyter's, which turns the notebook files into pages
def on_files(files: Files, config: MkDocsConfig) -> Files:
    for nb in notebooks():
        files.append(File(nb, src_dir=str(ROOT), dest_dir=config.site_dir, use_directory_urls=False))
    files.append(File.generated(config, "index.md", content=home_page()))
    for package in PACKAGES:
        files.append(File.generated(config, f"reference/{package}.md", content=f"# `{package}`\n\n::: {package}\n"))
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not page.file.src_uri.endswith(".ipynb"):
        return html
    for script in CDN_SCRIPTS:
        html, n = script.subn("", html)
        if n != 1:
            raise PluginError(f"{page.file.src_uri}: expected nbconvert's {script.pattern[:30]!r} once, found {n}")
    if 'class="jp-Mermaid' in html:
        raise PluginError(f"{page.file.src_uri}: has a mermaid diagram, which this site does not load")
    # a notebook's link to another notebook (`01_chain_rule_by_hand.ipynb`) points at that notebook's page
    html = re.sub(r'href="(\d\d_[\w-]+)\.ipynb(#[^"]*)?"', r'href="\1.html\2"', html)
    page.toc = toc_of(html)
    return KERNEL_NOTE + html


HEADING = re.compile(r'<h([1-6]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)


def toc_of(html: str) -> Any:
    """The page's table of contents from the ids nbconvert gave its headings. (mkdocs-jupyter makes its own
    from the Markdown, where a heading with code in it gets an id the page does not have.)"""
    tokens: list[dict[str, Any]] = []
    open_: list[dict[str, Any]] = []
    for level, anchor, inner in HEADING.findall(html):
        name = re.sub(r"<a class=\"anchor-link\".*?</a>|<[^>]+>", "", inner).strip()
        token = {"level": int(level), "id": anchor, "name": name, "children": []}
        while open_ and open_[-1]["level"] >= token["level"]:
            open_.pop()
        (open_[-1]["children"] if open_ else tokens).append(token)
        open_.append(token)
    return get_toc(tokens)  # type: ignore[arg-type]


def external_loads(html: str) -> list[str]:
    """Each place in a page where the browser would fetch something from another host."""
    return [html[m.start():m.end() + 60].split("\n")[0] for m in EXTERNAL.finditer(html)]


def on_post_build(config: MkDocsConfig, **kwargs: Any) -> None:
    site = Path(config.site_dir)
    found = [f"{page.relative_to(site)}: {hit}" for page in sorted(site.glob("**/*.html"))
             for hit in external_loads(page.read_text(encoding="utf-8"))]
    if found:
        raise PluginError("the site would load from outside itself (it must work offline):\n  "
                          + "\n  ".join(found[:20]))
