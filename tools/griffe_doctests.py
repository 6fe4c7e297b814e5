"""A Griffe extension for the API reference (mkdocs.yml loads it): doctest examples in docstrings become
code blocks, so the site shows them as Python and never reads ``[...]`` in them as a link."""

from __future__ import annotations

from typing import Any

import griffe


def fence_doctests(text: str) -> str:
    """Wrap each run of ``>>>`` lines (with their ``...`` lines and expected output) in a pycon fence."""
    out: list[str] = []
    in_example = False
    for line in text.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith(">>>") and not in_example:
            indent = line[: len(line) - len(stripped)]
            out.append(f"{indent}```pycon")
            in_example = True
        elif in_example and not stripped:
            out.append(f"{indent}```")
            in_example = False
        out.append(line)
    if in_example:
        out.append(f"{indent}```")
    return "\n".join(out)


class DoctestBlocks(griffe.Extension):
    def on_object(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None and ">>>" in obj.docstring.value:
            obj.docstring.value = fence_doctests(obj.docstring.value)
