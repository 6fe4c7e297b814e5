"""Answer keys for notebook 08 (training an MLP): counts read off the library's MLP objects."""

from __future__ import annotations

from autograd.exercise import Exercise, Mistake
from nn import MLP


def count_the_neurons() -> Exercise:
    net = MLP(3, [4, 2])
    neurons = sum(len(layer.neurons) for layer in net.layers)
    inputs = len(net.layers[0].neurons[0].w)
    return Exercise(neurons, close=0, mistakes=(
        Mistake("you counted the inputs; deck 000 does not count them as neurons", neurons + inputs),
        Mistake("you counted the hidden layer's bias neuron: that is how deck 000's slide, titled '(with bias "
                "neurons)', gets its 7, but its three-layer slide's 9 does not count them, and neither does the "
                "course", neurons + len(net.layers) - 1),
        Mistake("you counted a bias neuron per layer, the input's too; a bias is a parameter of each neuron",
                neurons + len(net.layers)),
    ))


def micrograds_network() -> Exercise:
    net = MLP(2, [16, 16, 1])
    neurons = [n for layer in net.layers for n in layer.neurons]
    weights = sum(len(n.w) for n in neurons)
    return Exercise(net.num_parameters(), close=0, mistakes=(
        Mistake("biases forgotten: one per neuron", weights),
        Mistake("that is the number of neurons, not of parameters", len(neurons)),
        Mistake("one bias per layer, not one per neuron", weights + len(net.layers)),
    ))


EXERCISES = {"08.1": count_the_neurons, "08.2": micrograds_network}
