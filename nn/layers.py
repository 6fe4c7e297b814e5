"""Neuron, Layer and MLP on scalar Values.

A neuron computes ``z = Σ_j w_j x_j + b`` as ONE Σ node (``autograd.sum``) over
the products ``w_j·x_j`` and the bias, then ``act = φ(z)``. Every node a module
creates is labelled with the module's dotted name and its role, so a drawing
can group nodes by neuron and layer::

    layers.1.neurons.3.w.0     a weight (a parameter)
    layers.1.neurons.3.b       the bias (a parameter)
    layers.1.neurons.3.wx.0    the product w_0·x_0
    layers.1.neurons.3.z       the pre-activation Σ node
    layers.1.neurons.3.act     the activation output (absent for "linear": z is the output)

Return types: ``Neuron(x)`` is a Value, ``Layer(x)`` is always a list of Values,
and ``MLP(x)`` is a Value when the last layer has one neuron and a list of
Values otherwise (fixed by the architecture, never by the input), as in micrograd.

>>> model = MLP(2, [16, 16, 1], seed=1)
>>> model
MLP(2 → [16 relu, 16 relu, 1 linear], 337 parameters)
  (layers.0): Layer(2 → 16 relu, 48 parameters)
  (layers.1): Layer(16 → 16 relu, 272 parameters)
  (layers.2): Layer(16 → 1 linear, 17 parameters)
>>> out = model([0.5, -1.0])
>>> out.label
'layers.2.neurons.0.z'
"""

from __future__ import annotations

import itertools
import math
import numbers
import os
import random
from collections.abc import Callable, Sequence
from typing import Any, Union

import numpy as np

from autograd import Value
from autograd import sum as vsum
from autograd.ops import LEAKY_SLOPE, is_real

from .module import Module, _show, read_file
from .naming import NodePath

ACTIVATIONS: dict[str, Callable[[Value], Value] | None] = {
    "relu": Value.relu,
    "tanh": Value.tanh,
    "sigmoid": Value.sigmoid,
    "leaky_relu": lambda z: z.leaky_relu(LEAKY_SLOPE),
    "softplus": Value.softplus,
    "linear": None,  # identity: the neuron returns z itself
}
"""Activation name -> the Value method applying it (None for the identity)."""

INITS = ("uniform", "gaussian", "xavier", "he")
"""Initialisers: see :func:`init_parameters`."""

Input = Union[Sequence[float | Value], "np.ndarray[Any, Any]"]
Seed = int | random.Random | None


def check_activation(name: object) -> str:
    """``name`` if it is a known activation, else a ValueError listing the options."""
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}; choose one of: {', '.join(ACTIVATIONS)}")
    return name


def _rng(seed: Seed) -> random.Random:
    if isinstance(seed, random.Random):
        return seed
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise TypeError(f"seed must be an int, a random.Random or None, got {type(seed).__name__}")
    return random.Random(seed)


def init_parameters(init: str, nin: int, nout: int, rng: random.Random) -> tuple[list[float], float]:
    """One neuron's initial ``(weights, bias)``; ``nin``/``nout`` are the layer's fan-in/fan-out.

    - ``"uniform"``: w ~ U(-1, 1), b = 0 (micrograd).
    - ``"gaussian"``: w ~ N(0, 1/nin) (std √(1/nin)), b ~ N(0, 1) (the lecture's algorithm).
    - ``"xavier"``: w ~ U(-a, a) with a = √(6/(nin+nout)) (Glorot uniform), b = 0.
    - ``"he"``: w ~ N(0, 2/nin) (Kaiming normal, for ReLU), b = 0.
    """
    if init == "uniform":
        return [rng.uniform(-1.0, 1.0) for _ in range(nin)], 0.0
    if init == "gaussian":
        std = math.sqrt(1.0 / nin)
        w = [rng.gauss(0.0, std) for _ in range(nin)]
        return w, rng.gauss(0.0, 1.0)
    if init == "xavier":
        a = math.sqrt(6.0 / (nin + nout))
        return [rng.uniform(-a, a) for _ in range(nin)], 0.0
    if init == "he":
        std = math.sqrt(2.0 / nin)
        return [rng.gauss(0.0, std) for _ in range(nin)], 0.0
    raise ValueError(f"unknown init {init!r}; choose one of: {', '.join(INITS)}")


def _positive_int(x: object, what: str) -> int:
    if isinstance(x, bool) or not isinstance(x, numbers.Integral) or int(x) < 1:
        raise ValueError(f"{what} must be a positive int, got {x!r}")
    return int(x)


def as_inputs(x: object, n: int, who: str) -> list[float | Value]:
    """Check one input vector: a list/tuple of numbers or Values, or a 1-D numpy array of length n."""
    if isinstance(x, np.ndarray):
        if x.ndim != 1:
            raise ValueError(f"{who} expects a 1-D input of length {n}, got an array of shape {x.shape}")
        items: list[Any] = x.tolist()
    elif isinstance(x, (list, tuple)):
        items = list(x)
    elif isinstance(x, (Value, numbers.Real)) and n == 1:
        items = [x]
    else:
        raise TypeError(f"{who} expects a list, tuple or 1-D array of {n} inputs, got {type(x).__name__}")
    if len(items) != n:
        raise ValueError(f"{who} expects {n} inputs, got {len(items)}")
    out: list[float | Value] = []
    for i, v in enumerate(items):
        if isinstance(v, Value):
            out.append(v)
        elif is_real(v):
            out.append(float(v))
        else:
            raise TypeError(f"{who}: input {i} must be a number or a Value, got {type(v).__name__}")
    return out


class Neuron(Module):
    """``act = φ(Σ_j w_j x_j + b)`` with one Σ node; returns a Value.

    >>> n = Neuron(2, activation="tanh", seed=0)
    >>> n
    Neuron(2 → tanh, 3 parameters)
    >>> y = n([1.0, 2.0])
    >>> y.label, y.edges[0][0].label, len(y.edges[0][0].edges)
    ('act', 'z', 3)
    """

    def __init__(self, nin: int, activation: str = "relu", init: str = "uniform", seed: Seed = None,
                 *, fan_out: int = 1) -> None:
        self.nin = _positive_int(nin, "Neuron nin")
        self.activation = check_activation(activation)
        w, b = init_parameters(init, self.nin, fan_out, _rng(seed))
        self.w = [Value(wi) for wi in w]
        self.b = Value(b)
        self._act = ACTIVATIONS[self.activation]
        self._relabel()

    def _relabel(self) -> None:
        module = tuple(self.name.split(".")) if self.name else ()
        self._wx_labels = [NodePath(module, "wx", i).label for i in range(self.nin)]
        self._z_label = NodePath(module, "z").label
        self._act_label = NodePath(module, "act").label

    def architecture(self) -> dict[str, Any]:
        return {"type": "Neuron", "nin": self.nin, "activation": self.activation}

    def forward(self, x: Input) -> Value:
        return self._forward(as_inputs(x, self.nin, f"Neuron {self.name}".rstrip()))

    def _forward(self, x: Sequence[float | Value]) -> Value:
        terms = [wi * xi for wi, xi in zip(self.w, x, strict=True)]
        for term, label in zip(terms, self._wx_labels, strict=True):
            term.label = label
        terms.append(self.b)
        z = vsum(terms)
        z.label = self._z_label
        if self._act is None:
            return z
        out = self._act(z)
        out.label = self._act_label
        return out

    def _describe(self) -> str:
        return f"Neuron({self.nin} → {self.activation}, {self.num_parameters()} parameters)"


class Layer(Module):
    """``nout`` neurons on the same ``nin`` inputs; calling it always returns a list of Values.

    >>> layer = Layer(3, 2, activation="sigmoid", seed=0)
    >>> [v.label for v in layer([1, 2, 3])]
    ['neurons.0.act', 'neurons.1.act']
    """

    def __init__(self, nin: int, nout: int, activation: str = "relu", init: str = "uniform",
                 seed: Seed = None) -> None:
        self.nin = _positive_int(nin, "Layer nin")
        self.nout = _positive_int(nout, "Layer nout")
        self.activation = check_activation(activation)
        rng = _rng(seed)
        self.neurons = [Neuron(self.nin, self.activation, init, rng, fan_out=self.nout)
                        for _ in range(self.nout)]

    def architecture(self) -> dict[str, Any]:
        return {"type": "Layer", "nin": self.nin, "nout": self.nout, "activation": self.activation}

    def forward(self, x: Input) -> list[Value]:
        return self._forward(as_inputs(x, self.nin, f"Layer {self.name}".rstrip()))

    def _forward(self, x: Sequence[float | Value]) -> list[Value]:
        return [n._forward(x) for n in self.neurons]

    def _describe(self) -> str:
        return f"Layer({self.nin} → {self.nout} {self.activation}, {self.num_parameters()} parameters)"

    def __repr__(self) -> str:  # the neurons are all alike: one line says it all
        return self._describe()


class MLP(Module):
    """A multi-layer perceptron: ``a⁽ˡ⁾ = φ_l(W⁽ˡ⁾ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾)``.

    ``activation`` is one name for every hidden layer (the last layer then uses
    ``output_activation``, default None = "linear"), or a list with one name per
    layer, the last included (``output_activation`` must then be None).
    ``MLP(2, [16, 16, 1])`` is micrograd's: relu hidden layers, a linear output.

    Calling it returns a Value when the last layer has one neuron, else a list of Values.

    >>> MLP(3, [4, 2], seed=0)([1.0, 2.0, 3.0])  # doctest: +ELLIPSIS
    [Value(data=..., label='layers.1.neurons.0.z'), Value(data=..., label='layers.1.neurons.1.z')]
    >>> MLP(3, [4, 3, 2], activation=["tanh", "sigmoid", "linear"]).num_parameters()
    39
    """

    def __init__(self, nin: int, nouts: Sequence[int], activation: str | Sequence[str] = "relu",
                 output_activation: str | None = None, init: str = "uniform", seed: Seed = None) -> None:
        self.nin = _positive_int(nin, "MLP nin")
        if isinstance(nouts, (str, bytes)) or not isinstance(nouts, Sequence) or not nouts:
            raise ValueError(f"MLP nouts must be a non-empty list of layer sizes, got {nouts!r}")
        sizes = [self.nin] + [_positive_int(n, f"MLP nouts[{i}]") for i, n in enumerate(nouts)]
        if isinstance(activation, str):
            acts = [activation] * (len(nouts) - 1) + [output_activation or "linear"]
        else:
            acts = list(activation)
            if len(acts) != len(nouts):
                raise ValueError(f"MLP activation list has {len(acts)} names for {len(nouts)} layers")
            if output_activation is not None:
                raise ValueError("MLP: give output_activation only when activation is a single name")
        for a in acts:
            check_activation(a)
        if init not in INITS:
            raise ValueError(f"unknown init {init!r}; choose one of: {', '.join(INITS)}")
        rng = _rng(seed)
        self.layers = [Layer(sizes[i], sizes[i + 1], acts[i], init, rng) for i in range(len(nouts))]
        self.nouts = sizes[1:]
        self.activations = acts

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> MLP:
        """Build the MLP a :meth:`save` file describes and load its parameters.

        The size the architecture declares must match the number of weights in the
        file before anything is built: a short file cannot make a huge model.
        """
        doc = read_file(path)
        arch, state = doc["architecture"], doc["state"]
        try:
            nin, nouts, acts = arch["nin"], arch["nouts"], arch["activations"]
            sizes = [_positive_int(nin, "nin")] + [_positive_int(n, "each of nouts") for n in nouts]
            if isinstance(acts, str) or not isinstance(acts, list):
                raise TypeError("activations must be a list of names")
        except (KeyError, TypeError, ValueError) as e:
            raise ValueError(f"{path}: the architecture is not an MLP's: {_one_line(e)}") from None
        declared = sum((a + 1) * b for a, b in itertools.pairwise(sizes))
        held = len(state) if isinstance(state, dict) else 0
        if declared != held:
            raise ValueError(f"{path}: the architecture declares {declared} parameters "
                             f"but the file holds {held} weights")
        try:
            model = cls(nin, nouts, activation=acts)
        except (TypeError, ValueError) as e:
            raise ValueError(f"{path}: the architecture is not an MLP's: {_one_line(e)}") from None
        model._load_document(doc, path)
        return model

    def architecture(self) -> dict[str, Any]:
        return {"type": "MLP", "nin": self.nin, "nouts": list(self.nouts),
                "activations": list(self.activations)}

    def forward(self, x: Input) -> Value | list[Value]:
        out = self._forward(as_inputs(x, self.nin, "MLP"))
        return out[0] if len(out) == 1 else out

    def _forward(self, x: Sequence[float | Value]) -> list[Value]:
        for layer in self.layers:
            x = layer._forward(x)
        return x  # type: ignore[return-value]

    def _describe(self) -> str:
        layers = ", ".join(f"{n} {a}" for n, a in zip(self.nouts, self.activations, strict=True))
        return f"MLP({self.nin} → [{layers}], {self.num_parameters()} parameters)"


def _one_line(e: Exception) -> str:
    return _show(f"missing key {e.args[0]!r}" if isinstance(e, KeyError) and e.args else str(e), 200)


def explain_parameters(model: Module) -> str:
    """The parameter count worked out layer by layer, as the lecture does it.

    >>> print(explain_parameters(MLP(3, [4, 3, 2])))
    layer 0: 4 neurons × (3 inputs + 1 bias) = 16
    layer 1: 3 neurons × (4 inputs + 1 bias) = 15
    layer 2: 2 neurons × (3 inputs + 1 bias) = 8
    total: 16 + 15 + 8 = 39 parameters
    """
    if isinstance(model, MLP):
        layers = model.layers
    elif isinstance(model, Layer):
        layers = [model]
    elif isinstance(model, Neuron):
        return f"1 neuron × ({model.nin} inputs + 1 bias) = {model.nin + 1} parameters"
    else:
        raise TypeError(f"explain_parameters needs a Neuron, Layer or MLP, got {type(model).__name__}")
    lines, counts = [], []
    for i, layer in enumerate(layers):
        count = layer.nout * (layer.nin + 1)
        counts.append(count)
        lines.append(f"layer {i}: {layer.nout} neurons × ({layer.nin} inputs + 1 bias) = {count}")
    lines.append(f"total: {' + '.join(map(str, counts))} = {sum(counts)} parameters")
    return "\n".join(lines)
