import subprocess
import sys
from pathlib import Path

import pytest
from helpers import two_children

import viz
from autograd import Value
from viz.outputs.render import GraphvizMissing

ROOT = Path(__file__).resolve().parents[2]
HINT = "apt-get install graphviz / brew install graphviz / conda install graphviz"


@pytest.fixture
def no_renderer(monkeypatch, tmp_path):
    """No renderer at all: PATH is an empty folder and dot is forced (so the pure-pip one is not used)."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    monkeypatch.setenv("CHAINRULE_RENDERER", "dot")


@pytest.mark.parametrize("suffix,magic", [(".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF"),
                                          (".dot", b"digraph"), (".json", b"{")])
def test_render_by_suffix(lecture, tmp_path, suffix, magic):
    lecture.backward()
    path = viz.render(lecture, tmp_path / "sub" / f"graph{suffix}")
    assert path.read_bytes().startswith(magic)


def test_render_a_drawing_and_dpi(lecture, tmp_path):
    small = viz.render(viz.draw(lecture), tmp_path / "a.png", dpi=36).stat().st_size
    big = viz.render(viz.draw(lecture), tmp_path / "b.png", dpi=150).stat().st_size
    assert big > small


def test_render_bad_input(lecture, tmp_path):
    with pytest.raises(ValueError, match=r"unknown file type '\.bmp'"):
        viz.render(lecture, tmp_path / "g.bmp")
    with pytest.raises(ValueError, match="dpi"):
        viz.render(lecture, tmp_path / "g.png", dpi=0)
    with pytest.raises(OSError, match="cannot write"):
        viz.render(lecture, "/proc/no/such/dir/g.svg")
    with pytest.raises(TypeError, match="render needs a Value"):
        viz.render("x", tmp_path / "g.svg")


def test_inline_svg_display(lecture):
    bundle = viz.draw(lecture)._repr_mimebundle_()
    assert bundle["image/svg+xml"].lstrip().startswith("<?xml") and "text/plain" in bundle
    assert "image/svg+xml" in viz.mimebundle(lecture)


def test_display_without_a_renderer_shows_text_and_hint(lecture, no_renderer):
    bundle = viz.draw(lecture)._repr_mimebundle_()
    assert set(bundle) == {"text/plain"}
    text = bundle["text/plain"]
    assert "n1 = x + y = 3.0" in text and HINT in text
    assert HINT in viz.mimebundle(lecture)["text/plain"]


def test_save_without_a_renderer_is_one_clear_line(lecture, tmp_path, no_renderer):
    with pytest.raises(GraphvizMissing) as e:
        viz.render(lecture, tmp_path / "g.png")
    assert HINT in str(e.value) and "unset CHAINRULE_RENDERER" in str(e.value) and "\n" not in str(e.value)
    viz.render(lecture, tmp_path / "g.dot")  # the source needs no dot


def test_mimebundle_never_raises():
    assert set(viz.mimebundle("not a value")) == {"text/plain"}
    big = sum((Value(float(i)) for i in range(300)), Value(0.0))
    assert "max_nodes" in viz.mimebundle(big)["text/plain"]


def test_explain_two_children_text():
    f, _ = two_children()
    text = viz.explain(f)
    assert "∂L/∂a = ∂L/∂c·∂c/∂a + ∂L/∂d·∂d/∂a = 2.0·3.0 + 1.0·4.0 = 10.0" in text
    assert text.splitlines()[1] == "step 1  ∂L/∂L = 1.0"


def test_explain_runs_one_fresh_backward():
    f, a = two_children()
    f.backward()
    viz.explain(f)
    assert a.grad == 10.0


def test_explain_latex_and_markdown():
    f, _ = two_children()
    tex = viz.explain(f, format="latex")
    assert tex.startswith("\\begin{align*}") and tex.endswith("\\end{align*}")
    assert (r"\frac{\partial L}{\partial a} &= \frac{\partial L}{\partial c}\frac{\partial c}{\partial a}"
            r" + \frac{\partial L}{\partial d}\frac{\partial d}{\partial a}"
            r" = 2.0 \cdot 3.0 + 1.0 \cdot 4.0 = 10.0") in tex
    md = viz.explain(f, format="markdown")
    assert "`∂L/∂a = ∂L/∂c·∂c/∂a + ∂L/∂d·∂d/∂a = 2.0·3.0 + 1.0·4.0 = 10.0`" in md
    with pytest.raises(ValueError, match="format"):
        viz.explain(f, format="html")


def test_explain_names_and_latex_escapes():
    w = Value(-2.0, label="layers.0.neurons.1.w.0")
    x1 = Value(3.0, label="x1")
    tex = viz.explain(w * x1, format="latex")
    assert r"\mathrm{L0.n1.w0}" in tex and "x_{1}" in tex  # nn's names, short (viz.model.names.short)
    assert "1.0·(-2.0)" in viz.explain(w * x1)


def cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "viz", *args], capture_output=True, text=True,
                          cwd=cwd or ROOT, timeout=120)


def test_cli_default_writes_files_and_prints_paths(tmp_path):
    r = cli("-o", str(tmp_path / "out/graph.png"), "-o", str(tmp_path / "g.svg"), "--rankdir", "TB",
            "--precision", "2", "--no-local")
    assert r.returncode == 0, r.stderr
    assert "∂L/∂x = ∂L/∂n1·∂n1/∂x = 0.6·1.0 = 0.6" in r.stdout
    assert f"wrote {tmp_path / 'out/graph.png'}" in r.stdout
    assert (tmp_path / "out/graph.png").read_bytes().startswith(b"\x89PNG")
    svg = (tmp_path / "g.svg").read_text()
    assert "local" not in svg and "0.60" in svg


def test_cli_expression_values_and_formats(tmp_path):
    r = cli("a*b + a", "a=2", "b=-3", "--format", "latex", "-o", str(tmp_path / "g.json"))
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("\\begin{align*}")
    r = cli("x=5", "-q")  # values only: the default expression
    assert r.returncode == 0 and r.stdout == "" and r.stderr == ""


@pytest.mark.parametrize("args,message", [
    (["x*"], "syntax error"),
    (["__import__('os').system('true')"], "is not allowed"),
    (["x.real"], "attribute access"),
    (["x*y", "x=1"], "unknown name 'y'"),
    (["x=abc"], "bad value for x"),
    (["x*2", "x=1", "x=2"], "given twice"),
    (["x*2", "oops"], "expected NAME=VALUE"),
    (["-o", "g.bmp"], "unknown file type '.bmp'"),
    (["-o", "/proc/none/g.svg"], "cannot write"),
    (["--dpi", "abc"], "--dpi"),
    (["--rankdir", "XY"], "rankdir"),
    (["--bogus"], "unrecognized"),
])
def test_cli_bad_input_exits_2_with_one_line(args, message):
    r = cli(*args)
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and message in r.stderr, r.stderr
