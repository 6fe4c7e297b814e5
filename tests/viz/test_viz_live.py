"""fit(..., live=True) in a real IPython kernel: one (empty) display_data placed at the start, then
update_display_data messages for the same display id, each a PNG that changes as the model learns."""

import base64
import os
import queue

import pytest
from jupyter_client.manager import start_new_kernel

CELL = """
import viz, viz.outputs.live
from nn import MLP, SGD, fit
from nn.data import moons
viz.outputs.live.BUDGET = 1e9   # redraw at every step, for the test
X, y = moons(40, noise=0.1, seed=0)
model = MLP(2, [8, 1], seed=0)
h = fit(model, X, y, loss="bce", optimizer=SGD(model, lr=0.5), epochs=4, live=True, progress=False)
print("losses", len(h.loss))
"""


@pytest.fixture(scope="module")
def kernel():
    env = {**os.environ, "PYTHONPATH": os.getcwd() + os.pathsep + os.environ.get("PYTHONPATH", "")}
    km, kc = start_new_kernel(kernel_name="python3", env=env, extra_arguments=["--IPKernelApp.exec_lines=[]"])
    yield kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def _run(kc, code):
    msg_id = kc.execute(code)
    messages = []
    while True:
        try:
            msg = kc.get_iopub_msg(timeout=120)
        except queue.Empty:
            pytest.fail("the kernel went quiet for 120 s")
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        messages.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return messages


def test_live_redraws_the_picture_in_place(kernel):
    messages = _run(kernel, f"import sys; sys.path.insert(0, {os.getcwd()!r})\n" + CELL)
    errors = [m["content"] for m in messages if m["msg_type"] == "error"]
    assert not errors, errors
    shown = [m for m in messages if m["msg_type"] == "display_data"]
    updates = [m for m in messages if m["msg_type"] == "update_display_data"]
    assert len(shown) == 1
    assert len(updates) >= 4  # a redraw per step (4 steps) plus the final picture
    display_id = shown[0]["content"]["transient"]["display_id"]
    assert all(u["content"]["transient"]["display_id"] == display_id for u in updates)
    assert "image/png" not in shown[0]["content"]["data"]  # the placeholder
    pngs = [base64.b64decode(m["content"]["data"]["image/png"]) for m in updates]
    assert all(p.startswith(b"\x89PNG\r\n\x1a\n") for p in pngs)
    assert len(set(pngs)) >= 4, "the picture did not change between redraws"
    out = "".join(m["content"].get("text", "") for m in messages if m["msg_type"] == "stream")
    assert "losses 4" in out


def test_default_rate_redraws_rarely_on_a_short_fit(kernel):
    # with the default budget (4 % of the time so far, a redraw guessed at 0.3 s) a fit of a
    # few seconds redraws once or twice, the last at its end
    code = CELL.replace("viz.outputs.live.BUDGET = 1e9",
                        "import importlib; importlib.reload(viz.outputs.live)")
    messages = _run(kernel, f"import sys; sys.path.insert(0, {os.getcwd()!r})\n" + code)
    kinds = [m["msg_type"] for m in messages if m["msg_type"] in ("display_data", "update_display_data")]
    assert kinds[0] == "display_data" and 1 <= kinds.count("update_display_data") <= 3, kinds


def test_live_outside_a_kernel_is_a_one_line_error():
    import numpy as np

    import viz  # noqa: F401  (registers the live view)
    from nn import MLP, fit

    with pytest.raises(RuntimeError, match=r"^fit\(\.\.\., live=True\) redraws in a running Jupyter/IPython kernel; "
                                           r"there is none here$"):
        fit(MLP(2, [2, 1], seed=0), np.zeros((3, 2)), np.zeros(3), epochs=1, live=True, progress=False)
