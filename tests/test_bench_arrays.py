"""The numpy cases of `diffcompare bench` (views/bench_arrays.py): the program text we parse and
the Python the peers run are the same code, the peers' gradients are ours, and the memory the
figures divide is counted as hand-derived formulas say. No timing is asserted."""

import math

import numpy as np
import pytest

from diffcompare.engines import reverse
from diffcompare.interpreter import FLOAT, Meter, evaluate
from diffcompare.views import bench_arrays
from diffcompare.views.bench import array_cases


def _cases(n=5, array_n=9):
    return array_cases(n, array_n, network=(6, 3, 4))


def test_the_array_cases_are_the_sizes_asked_for():
    names = [c.name for c in _cases()]
    assert names == ["rosenbrock_np(5)", "rosenbrock_np(9)", "network 6×3→4→1"]
    small, large, net = _cases()
    assert small.point.size == 5 and large.point.size == 9 and small.wrt is None
    assert (small.torch_within, large.torch_within, net.torch_within) == (None, 1.5, None)
    # W1, b1, W2, b2 differentiated (3·4 + 4 + 4 + 1 = 21), X and y data
    assert net.wrt == list(range(21)) and net.point.size == 21 + 6 * 3 + 6
    assert [c.name for c in array_cases(7, 7)][:1] == ["rosenbrock_np(7)"] and len(array_cases(7, 7)) == 2


def test_our_program_text_computes_what_the_peers_python_computes():
    for case in _cases():
        ours = evaluate(case.program, case.point.inputs(), FLOAT, Meter())[0]
        assert ours == pytest.approx(case.plain(), rel=1e-14)
    x = np.array(bench_arrays.rosenbrock_start(5))
    # by hand: sum over i < n-1 of 100 (x[i+1] - x[i]^2)^2 + (1 - x[i])^2
    by_hand = math.fsum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(4))
    assert bench_arrays.rosenbrock_np_plain(np, x) == pytest.approx(by_hand, rel=1e-14)


def _rosenbrock_gradient(x):
    g = np.zeros_like(x)
    g[:-1] = -400 * x[:-1] * (x[1:] - x[:-1] ** 2) - 2 * (1 - x[:-1])
    g[1:] += 200 * (x[1:] - x[:-1] ** 2)
    return g


@pytest.mark.parametrize("library", ["torch", "autograd"])
def test_a_peer_computes_our_gradient_from_the_same_code(library):
    pytest.importorskip(library)
    for case in _cases():
        ours = np.array(reverse.jacobian(case.program, case.point, Meter(), case.wrt).jacobian[0])
        theirs = bench_arrays.peer_gradient(library, case.kind, case.data)()
        flat = np.concatenate([np.asarray(g.detach().numpy() if hasattr(g, "detach") else g).ravel() for g in theirs])
        assert flat.shape == ours.shape
        assert np.allclose(flat, ours, rtol=1e-12, atol=1e-12)
        if case.kind == "rosenbrock_np":
            assert np.allclose(ours, _rosenbrock_gradient(case.data["x"]), rtol=1e-12)


@pytest.mark.parametrize("n", [4, 10, 33])
def test_the_arrays_a_float_run_creates_are_counted_by_their_bytes(n):
    case = array_cases(n, n, network=(n, 3, 5))
    rosen, net = case
    created, count = bench_arrays.created_bytes(rosen.program, rosen.point)
    # x[:-1]**2, x[1:] - ., (.)**2, 100.0 * ., 1 - x[:-1], (.)**2, . + .: seven arrays of n - 1
    # float64s; the slices x[1:] and x[:-1] are views (no data of their own) -- or three more
    # arrays if slicing copies
    assert (created, count) in {(7 * (n - 1) * 8, 7), (10 * (n - 1) * 8, 10)}
    created, count = bench_arrays.created_bytes(net.program, net.point)
    # X @ W1, + b1, tanh: rows × hidden each; @ W2, + b2, - y, **2: rows × 1 each (the mean: a number)
    assert (created, count) == ((3 * n * 5 + 4 * n) * 8, 7)


def test_the_tape_peak_holds_at_least_the_arrays_it_records():
    rosen = array_cases(2000, 2000)[0]
    created, _ = bench_arrays.created_bytes(rosen.program, rosen.point)
    tape = bench_arrays.tape_peak(rosen.program, rosen.point)
    # the tape keeps every value it records, and the sweep adds adjoints: never less than the arrays
    assert tape >= created > 0
    assert bench_arrays.float_peak(rosen.program, rosen.point) > (2000 - 1) * 8


def test_the_peers_are_measured_on_the_numpy_cases_in_their_own_processes():
    from importlib.util import find_spec
    from diffcompare.views.bench import run_bench
    installed = [name for name in ("torch", "autograd") if find_spec(name)]
    if not installed:
        pytest.skip("neither PyTorch nor autograd is installed")
    result = run_bench(rounds=1, n=4, array_n=8, with_peers=True, cli=False, parse_terms=11, memory_iterations=10)
    figures = {f.name: f for f in result.figures}
    for case in ["rosenbrock_np(4)", "rosenbrock_np(8)", "network 64×10→32→1"]:
        autograd = figures[f"reverse gradient speed-up over HIPS autograd, {case}"]
        torch = figures[f"reverse gradient / PyTorch eager, {case}" if case == "rosenbrock_np(8)"
                        else f"reverse gradient speed-up over PyTorch eager, {case}"]
        for library, figure, what in [("autograd", autograd, "HIPS autograd"), ("torch", torch, "PyTorch eager reverse")]:
            if library in installed:
                assert figure.value > 0 and figure.met is not None, figure
                ours = result.timing(case, f"reverse gradient, beside {library}").median_s
                theirs = result.timing(case, what).median_s
                assert figure.value == pytest.approx(ours / theirs if "/" in figure.name else theirs / ours)
            else:
                assert figure.value is None and figure.met is None and "not measured" in figure.detail
    assert figures["reverse gradient / PyTorch eager, rosenbrock_np(8)"].target == "≤ 1.5×"
