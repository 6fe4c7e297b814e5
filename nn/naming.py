"""Where a node sits in a network, as data: the one place nn's dotted labels are written and read.

A network labels its Values by address. A module's name is its attribute path from the model,
joined with dots (:func:`dotted`): ``layers.1.neurons.3`` is neuron 3 of layer 1. A neuron's
own nodes add their name and, for a list, an index: its parameters ``w.K`` and ``b``, and the
nodes it computes, ``wx.K`` (wₖ·xₖ), ``z`` (the sum) and ``act`` (the activation). A
:class:`NodePath` is such a label as data; :func:`path_of` reads a label back into one, so the
drawings (``viz``) learn a network's structure here, not from patterns of their own.

This module imports nothing heavy (no numpy): ``viz`` may import it at any time.

>>> p = path_of("layers.1.neurons.3.w.0")
>>> p.layer, p.neuron, p.kind, p.index, p.is_parameter
(1, 3, 'w', 0, True)
>>> p.label, p.neuron_name, p.layer_name
('layers.1.neurons.3.w.0', 'layers.1.neurons.3', 'layers.1')
>>> path_of("x") is None, abbreviate("layers.1.neurons.3.w.0")
(True, 'L1.n3.w0')
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ABBREVIATIONS", "KINDS", "LAYERS", "NEURONS", "PARAMETERS", "NodePath", "abbreviate", "dotted",
           "path_of"]

LAYERS, NEURONS = "layers", "neurons"  # the attributes of MLP and Layer that hold their parts
INDEXED = ("w", "wx")  # a neuron's lists: one node per input, addressed by index
KINDS = ("w", "b", "wx", "z", "act")  # a neuron's own nodes, as its labels name them
PARAMETERS = ("w", "b")  # the kinds that are parameters (leaves); the others are computed
ABBREVIATIONS = {LAYERS: "L", NEURONS: "n"}  # how drawings shorten an address: L1.n3.w0


def dotted(prefix: str, local: str) -> str:
    """A member's name inside a module named ``prefix`` ("" for the model itself).

    >>> dotted("layers.1", "neurons.3"), dotted("", "w.0")
    ('layers.1.neurons.3', 'w.0')
    """
    return f"{prefix}.{local}" if prefix else local


@dataclass(frozen=True)
class NodePath:
    """One node of a neuron, by address: its module's name in parts, its kind and its index.

    ``NodePath(("layers", "1", "neurons", "3"), "w", 0)`` is ``layers.1.neurons.3.w.0``.
    """

    module: tuple[str, ...]  # the neuron's dotted name, in parts (() for a neuron on its own)
    kind: str  # one of KINDS
    index: int | None = None  # for w and wx: which input

    @property
    def label(self) -> str:
        """The label nn writes on the node (what :func:`path_of` reads back)."""
        own = self.kind if self.index is None else f"{self.kind}.{self.index}"
        return dotted(".".join(self.module), own)

    @property
    def is_parameter(self) -> bool:
        """A weight or a bias: a leaf the optimizer changes."""
        return self.kind in PARAMETERS

    def within(self, module_name: str) -> bool:
        """Is this node part of the module named ``module_name`` (``"layers.1"``, ``"layers.1.neurons.3"``)?"""
        parts = tuple(module_name.split(".")) if module_name else ()
        return self.module[: len(parts)] == parts

    def _last(self, attr: str) -> int | None:
        """Where the last ``attr.<number>`` pair sits in ``module`` (None: it has none)."""
        m = self.module
        return next((i for i in range(len(m) - 2, -1, -1) if m[i] == attr and m[i + 1].isdecimal()), None)

    def _neuron_at(self) -> int | None:
        """Where ``layers.L.neurons.N`` ends in ``module`` (None if the node is not in an MLP)."""
        i = self._last(NEURONS)
        if i is None or i < 2 or self.module[i - 2] != LAYERS or not self.module[i - 1].isdecimal():
            return None
        return i + 2

    @property
    def neuron_name(self) -> str | None:
        """The dotted name of the MLP neuron this node belongs to (``layers.1.neurons.3``), or None."""
        end = self._neuron_at()
        return None if end is None else ".".join(self.module[:end])

    @property
    def layer_name(self) -> str | None:
        """The dotted name of the MLP layer this node belongs to (``layers.1``), or None."""
        end = self._neuron_at()
        return None if end is None else ".".join(self.module[: end - 2])

    @property
    def neuron(self) -> int | None:
        end = self._neuron_at()
        return None if end is None else int(self.module[end - 1])

    @property
    def layer(self) -> int | None:
        end = self._neuron_at()
        return None if end is None else int(self.module[end - 3])


def path_of(label: str) -> NodePath | None:
    """The address in ``label`` if nn wrote it (a neuron's ``w.K``, ``b``, ``wx.K``, ``z`` or ``act``), else None.

    >>> path_of("b"), path_of("layers.0.neurons.2.z").module
    (NodePath(module=(), kind='b', index=None), ('layers', '0', 'neurons', '2'))
    >>> path_of("layers.0.neurons.2.w"), path_of("z.1")
    (None, None)
    """
    parts = label.split(".")
    if len(parts) >= 2 and parts[-2] in INDEXED and parts[-1].isdecimal():
        module, kind, index = parts[:-2], parts[-2], int(parts[-1])
    elif parts[-1] in KINDS and parts[-1] not in INDEXED:
        module, kind, index = parts[:-1], parts[-1], None
    else:
        return None
    return NodePath(tuple(module), kind, index)


def abbreviate(name: str) -> str:
    """An address, shortened for drawings: each ``name.<number>`` becomes ``name<number>``, with
    ``layers`` and ``neurons`` as ``L`` and ``n``. Any other dotted label shortens the same way.

    >>> abbreviate("layers.0.neurons.13.wx.1"), abbreviate("x.1"), abbreviate("a.b")
    ('L0.n13.wx1', 'x1', 'a.b')
    """
    parts = name.split(".")
    out: list[str] = []
    for part in parts:
        prev = out[-1] if out else None
        if part.isdecimal() and prev is not None and _word(prev):
            out[-1] = ABBREVIATIONS.get(prev, prev) + part
        else:
            out.append(part)
    return ".".join(out)


def _word(part: str) -> bool:
    """A part that ``.<number>`` may join: letters and underscores only (``layers``, ``w``, ``wx``)."""
    return bool(part) and all(c.isascii() and (c.isalpha() or c == "_") for c in part)
