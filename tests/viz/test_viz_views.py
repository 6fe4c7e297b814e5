"""viz.step(forward=True / quiz=True / mode="forward") and captioned frames, against hand-derived numbers."""

import io

import pytest
from PIL import Image

import viz
from autograd import parse, topological_order
from viz.outputs.caption import add_caption
from viz.views.quiz import questions

# (x*y + x)*z at x=2, y=3, z=5, by hand: n1 = x*y = 6, n2 = n1 + x = 8, L = n2*z = 40.
# Backward: L -> n2 (local z=5), z (local n2=8); n2 (upstream 5) -> n1 (local 1), x (local 1: x's grad 0 -> 5);
# n1 (upstream 5) -> x (local y=3, +15: x's grad 5 -> 20), y (local x=2, +10).
HAND = {  # (node, parent): (local, contribution, grad before, grad after)
    ("L", "z"): (8.0, 8.0, 0.0, 8.0), ("L", "n2"): (5.0, 5.0, 0.0, 5.0),
    ("n2", "n1"): (1.0, 5.0, 0.0, 5.0), ("n2", "x"): (1.0, 5.0, 0.0, 5.0),
    ("n1", "x"): (3.0, 15.0, 5.0, 20.0), ("n1", "y"): (2.0, 10.0, 0.0, 10.0),
}


def reused():
    return parse("(x*y + x)*z", x=2, y=3, z=5)


def example_a():
    return parse("(x1+x2)*(x3+x4)", x1=1, x2=2, x3=3, x4=4)


def asked(stepper, q):
    """(node, parent) names of a question, read from the stepper's drawing ids."""
    s = stepper.spec
    by_id = {v: k for k, v in s.ids.items()}
    frame = stepper.frames[q.frame - 1]
    return frame.name, s.names[by_id[q.parent]]


def all_questions(seeds=range(40)):
    """Every (kind, node, parent) question some seed asks, with its data."""
    found = {}
    for seed in seeds:
        st = viz.step(reused(), quiz=True, seed=seed)
        for q in st.questions:
            found.setdefault((q.kind, *asked(st, q)), q)
    return found


def test_quiz_answers_match_hand_derived_numbers():
    found = all_questions()
    column = {"local": 0, "contribution": 1, "grad": 3}
    assert {kind for kind, *_ in found} == set(column)
    for (kind, node, parent), q in found.items():
        assert q.answer == pytest.approx(HAND[node, parent][column[kind]]), (kind, node, parent)


def test_quiz_names_the_likely_mistakes():
    found = all_questions()

    def diagnosis(kind, value):
        q = found[kind, "n1", "x"]
        return next(msg for v, msg in q.wrong if v == pytest.approx(value))

    # x's grad after n1's step: 20. It was 5 (from n2); this step adds 15.
    assert diagnosis("grad", 5.0).startswith("Reused node: that is x's grad before this step")
    assert diagnosis("grad", 15.0).startswith("Reused node: x already had grad 5.0")
    assert diagnosis("grad", 5.0 + 3.0).startswith("Upstream gradient forgotten")
    assert diagnosis("grad", -20.0).startswith("Sign error")
    # the contribution 5·3 = 15: 3 alone forgets the upstream 5; 5·2 uses ∂n1/∂y
    assert diagnosis("contribution", 3.0).startswith("Upstream gradient forgotten")
    assert diagnosis("contribution", 10.0).startswith("Wrong operand: that uses ∂n1/∂y = 2.0")
    assert diagnosis("contribution", -15.0).startswith("Sign error")
    assert diagnosis("local", 2.0).startswith("Wrong operand")
    assert found["local", "n1", "x"].answer == 3.0
    for q in found.values():  # no wrong answer is within the tolerance of the right one
        assert all(abs(v - q.answer) > q.tol for v, _ in q.wrong)


def test_quiz_is_seeded():
    kinds = [[q.kind for q in viz.step(reused(), quiz=True, seed=s).questions] for s in range(6)]
    assert kinds[0] == [q.kind for q in viz.step(reused(), quiz=True, seed=0).questions]
    assert len({tuple(k) for k in kinds}) > 1
    assert len(kinds[0]) == 3  # one question per step with edges: L, n2, n1 (not the leaves)


def test_quiz_after_the_forward_pass_points_at_backward_frames():
    st = viz.step(reused(), forward=True, quiz=True, seed=1)
    assert st.forward_frames == 3 and st.backward_frames == 6
    for q in st.questions:
        assert q.frame > 3 and st.frames[q.frame - 1].pos.startswith("backward step")
    # questions built straight from a plain stepper agree, shifted by the forward frames
    plain = viz.step(reused())
    plain = questions(plain.spec, plain.steps, seed=1)
    assert [q.answer for q in plain] == [q.answer for q in st.questions]


def test_forward_frames_reveal_data_in_creation_order():
    root = reused()
    st = viz.step(root, forward=True)
    ops = [n for n in topological_order(root) if not n.is_leaf]
    s = st.spec
    for k in range(st.forward_frames + 1):
        datas = st.frame(k).datas
        for i, op in enumerate(ops):
            text = datas[s.ids[op]].replace("\u00a0", " ").split()[-1]
            if i < k:
                assert float(text) == pytest.approx(op.data)
            else:
                assert text == "?"
        assert all(g.endswith("–") for g in st.frame(k).grads.values())  # no grad during the forward pass
    assert [st.frames[k].formula for k in range(3)] == [
        "n1 = x * y = 2.0 * 3.0 = 6.0", "n2 = n1 + x = 6.0 + 2.0 = 8.0", "L = n2 * z = 8.0 * 5.0 = 40.0"]
    assert st.caption(1) == "forward step 1 / 3   n1 = x * y = 2.0 * 3.0 = 6.0"
    assert st.caption(4) == "backward step 1 / 6   ∂L/∂L = 1.0"


def test_forward_mode_example_a_counts_in_every_frame():
    st = viz.step(example_a(), mode="forward")
    assert len(st.frames) == 4 * 3  # 4 passes, 3 ops each
    # by hand: in pass p, only the sum holding x_p carries a derivative, then the product: p additions,
    # p multiplications after pass p
    for p in range(1, 5):
        last = st.frames[3 * p - 1]
        assert last.pos == f"pass {p} / 4 · step 3 / 3"
        plural = "s" if p > 1 else ""
        assert last.counter.startswith(f"operations so far: {p} addition{plural}, {p} multiplication{plural}")
        assert float(last.grads[st.spec.ids[example_a_root(st)]].split()[-1]) == [7.0, 7.0, 3.0, 3.0][p - 1]
    assert st.frames[-1].counter.endswith(
        "forward mode: 4 passes, 4 additions, 4 multiplications carrying a derivative; "
        "reverse mode: 1 pass, 2 additions, 1 multiplication")


def example_a_root(st):
    return st.root


def test_forward_mode_with_one_input():
    root = example_a()
    x3 = next(n for n in topological_order(root) if n.label == "x3")
    st = viz.step(root, mode="forward", wrt=x3)
    assert len(st.frames) == 3 and st.frames[-1].formula.endswith("= 3.0")  # ∂L/∂x3 = x1+x2 = 3


@pytest.mark.parametrize("kwargs, message", [
    ({"mode": "sideways"}, "step: mode must be 'reverse' or 'forward', got 'sideways'"),
    ({"mode": "forward", "quiz": True}, "step: mode='forward' shows forward mode alone"),
    ({"wrt": 3}, "step: wrt= goes with mode='forward'"),
    ({"quiz": True, "seed": "a"}, "step: seed must be an int, got 'a'"),
    ({"mode": "forward", "wrt": 3}, "forward_mode: wrt 3 is not a node of the graph of L"),
])
def test_bad_options_give_one_line(kwargs, message):
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)")) as e:
        viz.step(reused(), **kwargs)
    assert "\n" not in str(e.value)


def test_frames_and_gif_carry_the_caption(tmp_path):
    st = viz.step(parse("x*y", x=2, y=3), forward=True)
    plain = Image.open(io.BytesIO(st.png(1)))
    paths = st.save_frames(tmp_path)
    assert len(paths) == len(st.frames) + 1
    sizes = set()
    for path in paths:
        with Image.open(path) as im:
            sizes.add(im.size)
    assert len(sizes) == 1  # captions of one, two or three lines: every frame keeps one size (the GIF does not jump)
    with Image.open(paths[1]) as im:
        assert im.height > plain.height + 14
        band = im.convert("L").crop((0, plain.height, im.width, im.height))
        assert band.getextrema()[0] < 100  # dark text in the band under the picture
    gif = st.save_gif(tmp_path / "a.gif")
    with Image.open(gif) as im:
        assert im.n_frames == len(st.frames) + 1 and im.height > plain.height


def test_caption_text_is_at_least_14_px_and_wraps():
    blank = Image.new("RGB", (100, 50), "white")
    buf = io.BytesIO()
    blank.save(buf, format="PNG")
    one = Image.open(io.BytesIO(add_caption(buf.getvalue(), "short")))
    two = Image.open(io.BytesIO(add_caption(buf.getvalue(), "word " * 60)))
    assert one.width >= 640 and two.height - one.height >= 2 * 14  # longer text: more lines, not smaller
    with pytest.raises(ValueError, match="at least 14 px"):
        add_caption(buf.getvalue(), "x", px=10)


def test_focus_with_the_forward_pass_quiz_and_forward_mode():
    import nn

    model = nn.MLP(2, [4, 1], seed=1)
    loss = (model([0.5, -1.0]) - 1.0) ** 2
    neuron = model.layers[0].neurons[0]
    st = viz.step(loss, focus=neuron, forward=True, quiz=True)
    # the folded op is a row whose local derivatives are given, not a rule: no question asks about it
    assert st.frames[st.forward_frames - 1].formula.startswith("L = rest of network(")
    assert st.questions and all(st.frames[q.frame - 1].name != "L" for q in st.questions)
    # forward mode runs on the folded graph too (the fold is an op row): its last tangent, seeded at the
    # bias, is ∂L/∂b, checked against central differences of the whole network's loss
    live = model.layers[0].neurons[1]
    fm = viz.step(loss, focus=live, mode="forward")
    b = live.parameters()[-1]

    def loss_at(v: float) -> float:
        old, b.data = b.data, v
        try:
            return float(((model([0.5, -1.0]) - 1.0) ** 2).data)
        finally:
            b.data = old

    h = 1e-6
    numeric = (loss_at(b.data + h) - loss_at(b.data - h)) / (2 * h)
    last = fm.frames[-1].formula
    assert last.startswith("L̇ = ") and abs(float(last.rsplit("= ", 1)[1]) - numeric) < 1e-3, (last, numeric)


def test_quiz_picture_without_scripts_keeps_the_answers_hidden():
    """An untrusted notebook shows the still picture: for a quiz, the blank graph, not the answers."""
    import base64
    import re

    from autograd import Value

    xs = [Value(float(i), label=f"x{i}") * Value(0.5, label=f"y{i}") for i in range(12)]
    total = xs[0]
    for x in xs[1:]:
        total = total + x
    st = viz.step(total, quiz=True, seed=3)
    assert len(st.spec.order) > 40  # past the PNG limit: the picture is an SVG image, so its text can be read
    img = re.search(r'class="cr-still".*?src="data:image/svg\+xml;base64,([^"]+)"', st.html(), re.S)
    assert img, "the still picture is missing"
    still = base64.b64decode(img.group(1)).decode()
    # by hand: every x_i's grad is y_i = 0.5, every y_i's grad is x_i; none of it may show before it is asked
    def grads(svg):
        return [t.split()[-1] for t in re.findall(r">(grad[^<]*)<", svg.replace("&#160;", " "))]

    live = grads(st.svg())
    assert len(live) == len(st.spec.order) and live.count("0.5000") == 12  # the answers are in the live graph ...
    assert grads(still) == ["–"] * len(st.spec.order)  # ... and not in the picture
    assert "local ?" in still.replace("&#160;", " ").replace("\u00a0", " ")
    assert "answer the questions" in st.html() and "the answers: every step as text" in st.html()
    # a small graph's picture is a PNG: the quiz's differs from the plain stepper's (its grads are blank)
    assert viz.step(reused(), quiz=True).still() != viz.step(reused()).still()


def test_forward_mode_legend_speaks_of_tangents_not_gradients():
    html = viz.step(example_a(), mode="forward").html()
    assert "gradient flowing back" not in html and "whose tangents it reads" in html
    assert "gradient flowing back" in viz.step(example_a()).html()
