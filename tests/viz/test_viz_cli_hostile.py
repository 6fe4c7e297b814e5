"""python -m viz against hostile input: non-finite values, expressions starting with '-', a stdout that fails."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args, stdout=subprocess.PIPE):
    return subprocess.run([sys.executable, "-m", "viz", *args], stdout=stdout, stderr=subprocess.PIPE,
                          text=True, cwd=ROOT, timeout=120)


@pytest.mark.parametrize("value", ["inf", "-inf", "nan", "1e999", "-1e999", "Infinity", "NaN"])
def test_non_finite_values_are_refused_in_one_line(value):
    r = run("x*2", f"x={value}")
    assert r.returncode == 2 and "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == [f"viz: error: bad value for x: '{value}' is not a finite number"]


def test_the_parser_refuses_the_literal_1e999_too():
    r = run("x*1e999", "x=1")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr


@pytest.mark.parametrize(("args", "value"), [
    (["-x**2", "x=3"], "-9.0"),
    (["-x*y", "x=2", "y=5"], "-10.0"),
    (["-(a+b)", "a=1", "b=2"], "-3.0"),
    (["-2*x", "x=4"], "-8.0"),
    (["--precision", "2", "-x", "x=7"], "-7.0"),
    (["-x", "--precision", "2", "x=7"], "-7.0"),
    (["--", "-x", "x=7"], "-7.0"),
])
def test_an_expression_may_start_with_a_minus(args, value):
    r = run(*args)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"Backward pass for L = {value}:"), r.stdout


def test_options_still_work_around_a_minus_expression(tmp_path):
    out = tmp_path / "g.svg"
    r = run("-x*y", "x=2", "y=3", "-q", "-o", str(out), "--rankdir=TB")
    assert r.returncode == 0, r.stderr
    assert r.stdout == f"wrote {out}\n" and out.read_text().startswith("<?xml")
    r = run("-x", "x=1", "--bogus")
    assert r.returncode == 2 and "unrecognized arguments: --bogus" in r.stderr
    assert "it may start with -" in run("--help").stdout


def test_a_closed_pipe_on_stdout_gives_one_line():
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will ever read: every write fails with EPIPE
    try:
        r = run("x*y", "x=2", "y=3", stdout=write_end)
    finally:
        os.close(write_end)
    assert r.returncode == 1
    assert r.stderr.splitlines() == ["viz: error: cannot write to standard output: Broken pipe"], r.stderr


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs Linux's /dev/full")
def test_a_full_disk_on_stdout_gives_one_line(tmp_path):
    with open("/dev/full", "w") as full:
        r = run("-q", "-o", str(tmp_path / "g.dot"), stdout=full)
    assert r.returncode == 1
    assert r.stderr.splitlines() == ["viz: error: cannot write to standard output: No space left on device"]
