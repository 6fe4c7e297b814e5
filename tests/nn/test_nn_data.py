"""Toy datasets: shapes, label conventions, seeding, geometry with noise 0, errors."""

import numpy as np
import pytest

from nn import data

ALL = [data.moons, data.circles, data.xor, data.spiral, data.blobs, data.sine]


@pytest.mark.parametrize("make", ALL)
def test_shapes_dtypes_and_seeding(make):
    X, y = make(60, seed=3)
    assert X.dtype == np.float64 and X.shape[0] == 60 and y.shape == (60,)
    assert X.shape[1] == (1 if make is data.sine else 2)
    X2, y2 = make(60, seed=3)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    X3, _ = make(60, seed=4)
    assert not np.array_equal(X, X3)


@pytest.mark.parametrize("make", [data.moons, data.circles, data.xor, data.spiral, data.blobs])
def test_two_class_labels_are_0_1_ints_and_balanced(make):
    _, y = make(100, seed=0)
    assert y.dtype == np.int64 and sorted(set(y.tolist())) == [0, 1]
    if make is not data.xor:  # xor's labels follow uniform points, so only roughly balanced
        assert int(np.sum(y == 1)) == 50


def test_moons_without_noise_lies_on_the_two_half_circles():
    X, y = data.moons(50, noise=0.0, seed=0)
    outer, inner = X[y == 0], X[y == 1]
    assert np.allclose(np.hypot(outer[:, 0], outer[:, 1]), 1.0) and np.all(outer[:, 1] >= -1e-12)
    assert np.allclose(np.hypot(inner[:, 0] - 1, inner[:, 1] - 0.5), 1.0)
    assert np.all(inner[:, 1] <= 0.5 + 1e-12)


def test_circles_radii():
    X, y = data.circles(40, noise=0.0, factor=0.3, seed=0)
    r = np.hypot(X[:, 0], X[:, 1])
    assert np.allclose(r[y == 0], 1.0) and np.allclose(r[y == 1], 0.3)


def test_xor_rule():
    X, y = data.xor(200, noise=0.0, seed=0)
    assert np.array_equal(y, ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(int))


def test_spiral_classes_and_radius():
    X, y = data.spiral(90, classes=3, seed=0)
    assert sorted(set(y.tolist())) == [0, 1, 2] and np.all(np.hypot(X[:, 0], X[:, 1]) <= 1.0 + 1e-12)


def test_blobs_centres():
    X, y = data.blobs(400, noise=0.1, centers=4, seed=0)
    for k, centre in enumerate([(2, 0), (0, 2), (-2, 0), (0, -2)]):
        assert np.allclose(X[y == k].mean(axis=0), centre, atol=0.05)


def test_sine_without_noise_is_sin():
    X, y = data.sine(30, noise=0.0, seed=0)
    assert y.dtype == np.float64 and np.allclose(y, np.sin(X[:, 0]))
    assert np.all(np.abs(X) <= np.pi)


def test_noise_is_the_std():
    X1, y1 = data.sine(2000, noise=0.2, seed=1)
    assert np.std(y1 - np.sin(X1[:, 0])) == pytest.approx(0.2, rel=0.06)


def test_to_pm1():
    assert data.to_pm1(np.array([0, 1, 1])).tolist() == [-1, 1, 1]
    with pytest.raises(ValueError, match="to_pm1: labels must be 0 or 1, found 2"):
        data.to_pm1(np.array([0, 2]))


@pytest.mark.parametrize(("call", "message"), [
    (lambda: data.moons(1), "moons: n must be an int >= 2, got 1"),
    (lambda: data.circles(10, noise=-0.1), "circles: noise must be a number >= 0, got -0.1"),
    (lambda: data.circles(10, factor=1.5), r"circles: factor must be a number in \(0, 1\), got 1.5"),
    (lambda: data.spiral(10, classes=1), "spiral: classes must be an int from 2 to n, got 1"),
    (lambda: data.blobs(10, centers=20), "blobs: centers must be an int from 2 to n, got 20"),
    (lambda: data.sine(2.5), "sine: n must be an int >= 2, got 2.5"),
])
def test_bad_arguments(call, message):
    with pytest.raises(ValueError, match=message):
        call()
