"""`diffcompare descent`: the book's linear-regression lesson with each engine's gradient.

The acceptance runs use a larger learning rate and fewer epochs than the command's defaults
(convergence still holds: the contraction factor is computed in the comments), so the four
engines train in seconds.
"""

import json

import numpy as np
import pytest

from diffcompare.cli import main
from diffcompare.views.descent import (Settings, descend, epoch_batches, least_squares, make_data, problem,
                                 run_engine)
from diffcompare.render.descent import chart_series, descent_json, descent_sheet, epoch_log, traversals_text
from diffcompare.engines import ENGINES
from diffcompare.engines.symbolic import jacobian as symbolic_jacobian
from diffcompare.errors import InputError
from diffcompare.interpreter import Meter
from diffcompare.analysis.measure import run_engine as measure_engine
from diffcompare.language.resolve import load

EXACT = ("symbolic", "forward", "reverse")


def lstsq(columns, ys):
    return np.linalg.lstsq(np.column_stack(columns), np.array(ys), rcond=None)[0]


@pytest.fixture(scope="module")
def linreg_xy():
    p = problem("linreg")
    return p.xs, p.ys


# --- acceptance: convergence and agreement ---------------------------------------------

@pytest.fixture(scope="module")
def gd():
    # lr 0.4: the loss's curvatures are 0.28 and 4.21, so |1 - 0.4 λ| <= 0.89 and 100 epochs shrink
    # the starting error (about 4) below 4 * 0.89**100 ≈ 3e-5
    return descend("linreg", engines="all", optimizer="gd", learning_rate=0.4, epochs=100)


@pytest.fixture(scope="module")
def momentum():
    # lr 0.3, beta 0.5: the slowest root of z² - (1.5 - 0.3 λ) z + 0.5 is 0.74, so 60 epochs give ≈ 1e-7
    return descend("linreg", engines="all", optimizer="momentum", learning_rate=0.3, momentum=0.5, epochs=60)


@pytest.mark.parametrize("run", ["gd", "momentum"])
def test_every_engine_converges_to_the_closed_form_within_1e_3(run, request, linreg_xy):
    d = request.getfixturevalue(run)
    xs, ys = linreg_xy
    best = lstsq([np.ones_like(xs), xs], ys)
    assert np.allclose(d.closed_form.theta, best, rtol=0, atol=1e-9)
    for engine in ENGINES:
        r = d.runs[engine]
        assert r.error is None, engine
        assert r.distance < 1e-3, engine
        assert np.max(np.abs(np.array(r.theta) - best)) < 1e-3, engine
        assert len(r.losses) == len(r.thetas) == d.settings.epochs + 1


@pytest.mark.parametrize("run", ["gd", "momentum"])
def test_exact_engines_follow_one_trajectory_and_numerical_drifts(run, request):
    d = request.getfixturevalue(run)
    finals = [np.array(d.runs[e].theta) for e in EXACT]
    for a in finals:
        for b in finals:
            assert np.max(np.abs(a - b)) < 1e-10
    assert d.reference == "reverse"
    for e in EXACT:
        assert d.runs[e].drift < 1e-10
    # forward differences with h ≈ 1.5e-8 are off by about 1e-7: the drift is real, and small
    assert 1e-12 < d.runs["numerical"].drift < 1e-4


def test_the_loss_falls_and_the_log_reads_like_the_book(gd):
    r = gd.runs["reverse"]
    assert r.losses[0] == pytest.approx(51.39268068560002, rel=1e-12)   # theta = 0: the mean of y²
    assert r.losses[-1] == pytest.approx(gd.closed_form.loss, rel=1e-9)
    assert all(b <= a for a, b in zip(r.losses, r.losses[1:]))          # gd with a stable step never climbs
    lines = epoch_log(gd, 25)
    assert lines[:2] == ["numerical (Numerical differentiation)", "  Epoch 0 MSE = 51.39268"]
    assert [ln.split()[1] for ln in lines[1:6]] == ["0", "25", "50", "75", "100"]


# --- traversals per step follow the formulas (n from theta's length) --------------------

def _file(tmp_path, name, theta, body, rows=8):
    xs, ys = make_data(7, rows)
    (tmp_path / f"{name}.py").write_text(
        f"def {name}({theta}, xs={xs}, ys={ys}):\n" + "".join(f"    {line}\n" for line in body))
    return str(tmp_path / f"{name}.py")


def poly_file(tmp_path, n):
    """A polynomial model of degree n - 1: theta has n elements, the loss stays quadratic in it."""
    terms = " + ".join(f"w[{k}] * xs[i]**{k}" for k in range(n))
    return _file(tmp_path, f"poly{n}", f"w={[0.0] * n}",
                 ["m = len(xs)", f"return sum(({terms} - ys[i])**2 for i in range(m)) / m"])


@pytest.mark.parametrize("n", [1, 2, 3])
@pytest.mark.parametrize("batch_size", [None, 3])
def test_traversals_per_step_follow_the_formulas(tmp_path, n, batch_size):
    prob = problem(poly_file(tmp_path, n))
    n = prob.n                                   # derived from theta's length, not assumed
    settings = Settings("gd", 0.01, 0.9, 3, batch_size, 42)
    expected = {"numerical": n + 1, "forward": n, "reverse": 2}
    for engine, count in expected.items():
        r = run_engine(engine, prob, settings)
        assert r.error is None
        assert r.steps == 3 * (1 if batch_size is None else 3)          # 8 rows: batches of 3, 3, 2
        assert set(r.traversals) == {count}, engine
        assert r.traversals_per_step == count
    sym = run_engine("symbolic", prob, settings)
    # one traversal over sympy symbols per derivation, then the cached derivative is only evaluated;
    # batches of 3 and of 2 rows are two input shapes, so two derivations
    derivations = 1 if batch_size is None else 2
    assert sym.derivations == derivations
    assert sym.traversal_counts == {1: derivations, 0: sym.steps - derivations}
    assert traversals_text(sym) == ("0; 1 in the step that derives" if derivations == 1 else
                                    f"0; 1 in each of the {derivations} steps that derive")


def test_closed_form_of_a_polynomial_model_matches_lstsq(tmp_path):
    prob = problem(poly_file(tmp_path, 3))
    best = lstsq([prob.xs ** k for k in range(3)], prob.ys)
    assert np.allclose(least_squares(prob).theta, best, rtol=0, atol=1e-8)
    d = descend(poly_file(tmp_path, 3), engines="reverse,forward", learning_rate=0.2, optimizer="momentum",
                momentum=0.9, epochs=400)
    assert d.runs["reverse"].distance < 1e-3


# --- mini-batches ------------------------------------------------------------------------

def test_mini_batches_shuffle_every_row_once_per_epoch_with_the_seed():
    s = Settings(batch_size=30, seed=5)
    rng = np.random.default_rng(5)
    first, second = epoch_batches(100, s, rng), epoch_batches(100, s, rng)
    assert [len(b) for b in first] == [30, 30, 30, 10]
    assert sorted(np.concatenate(first).tolist()) == list(range(100))
    assert np.concatenate(first).tolist() != np.concatenate(second).tolist()    # a new order each epoch
    again = epoch_batches(100, s, np.random.default_rng(5))
    assert all((a == b).all() for a, b in zip(first, again))
    assert epoch_batches(100, Settings(batch_size=100), rng) == [None]


def test_mini_batch_descent_is_reproducible_and_exact_engines_agree():
    kw = dict(engines="forward,reverse,numerical", learning_rate=0.05, epochs=20, batch_size=10, seed=3)
    d = descend("linreg", **kw)
    assert d.steps_per_epoch == 10
    assert d.runs["forward"].steps == 200
    assert np.max(np.abs(np.array(d.runs["forward"].theta) - d.runs["reverse"].theta)) < 1e-10
    assert d.runs["numerical"].drift < 1e-5
    # a constant step on noisy batches hovers near the minimum rather than reaching it
    assert 1e-4 < d.runs["reverse"].distance < 0.1
    assert d.runs["reverse"].losses[-1] < d.runs["reverse"].losses[0] / 40
    again = descend("linreg", **kw)
    assert again.runs["reverse"].thetas == d.runs["reverse"].thetas
    other_seed = descend("linreg", **{**kw, "seed": 4, "engines": "reverse"})
    assert other_seed.runs["reverse"].theta != d.runs["reverse"].theta


# --- errors are data ---------------------------------------------------------------------

def test_a_branch_on_theta_stops_symbolic_only_and_has_no_closed_form(tmp_path):
    mae = _file(tmp_path, "mae", "theta=[0.0, 0.0]", [
        "total = 0.0", "for i in range(len(xs)):",
        "    r = theta[0] + theta[1] * xs[i] - ys[i]", "    if r < 0:", "        r = -r",
        "    total = total + r", "return total / len(xs)"])
    d = descend(mae, learning_rate=0.05, epochs=5)
    assert "branch depends on the input" in d.runs["symbolic"].error
    assert d.closed_form.theta is None and "not quadratic" in d.closed_form.reason
    for engine in ("numerical", "forward", "reverse"):
        assert d.runs[engine].error is None and d.runs[engine].distance is None
    sheet = descent_sheet(d)
    assert any(row[0] == "symbolic" and row[1].startswith("error:") for row in sheet.rows)
    assert sheet.findings[0].startswith("No closed form")


@pytest.fixture(scope="module")
def diverged():
    # |1 - 1000 * 4.21| ≈ 4200 per step: the squares overflow within about 45 steps
    return descend("linreg", engines="reverse,forward", learning_rate=1000.0, epochs=1000)


def test_too_large_a_learning_rate_diverges_with_the_reason(diverged):
    for r in diverged.runs.values():
        assert r.error is not None and ("diverged" in r.error or "overflows" in r.error)
        assert r.steps < 100
    assert diverged.reference is None
    entry = descent_json(diverged)["engines"]["reverse"]
    assert entry["final_theta"] is None and entry["error"] == diverged.runs["reverse"].error


# --- the convention ------------------------------------------------------------------------

@pytest.mark.parametrize("text, message", [
    ("x^2 + y", "inline expression has no data parameters"),
    ("def f(xs=[1.0], ys=[1.0], theta=[0.0]):\n    return theta[0]", "first parameter must be the vector"),
    ("def f(theta=0.0, xs=[1.0], ys=[1.0]):\n    return theta", "first parameter must be the vector"),
    ("def f(theta=[0.0], xs=[1.0]):\n    return theta[0]", "has no parameter ys"),
    ("def f(theta=[0.0], xs=1.0, ys=[1.0]):\n    return theta[0]", "xs must be a vector"),
    ("def f(theta=[0.0], xs=[1.0], ys=[1.0], lam=0.1):\n    return theta[0]", "remove or inline lam"),
    ("def f(theta=[0.0], xs=[1.0, 2.0], ys=[1.0]):\n    return theta[0]", "xs has 2 rows but ys has 1"),
    ("def f(theta=[0.0], xs=[1.0], ys=[1.0]):\n    return theta[0], xs[0]", "returns several values"),
])
def test_the_convention_is_checked_with_a_clear_error(tmp_path, text, message):
    function = text
    if text.startswith("def"):
        (tmp_path / "f.py").write_text(text + "\n")
        function = str(tmp_path / "f.py")
    with pytest.raises(InputError, match=message):
        problem(function)


def test_the_bundled_data_is_the_seeded_generator(linreg_xy):
    xs, ys = make_data(42)
    assert linreg_xy[0].tolist() == xs and linreg_xy[1].tolist() == ys
    assert len(xs) == 100
    slope_intercept = lstsq([np.ones(100), np.array(xs)], ys)
    assert abs(slope_intercept[0] - 4) < 0.3 and abs(slope_intercept[1] - 3) < 0.3   # y = 4 + 3x + noise


# --- the symbolic engine's opt-in cache --------------------------------------------------

def test_symbolic_cache_derives_once_per_shape_and_is_off_by_default(tmp_path):
    program = load(poly_file(tmp_path, 2))
    prob = problem(program)
    cols = prob.wrt()
    cache = {}
    first, m1 = symbolic_jacobian(program, prob.point([1.0, 2.0]), (m1 := Meter()), cols, cache=cache), m1
    second = symbolic_jacobian(program, prob.point([1.0, 2.0]), (m2 := Meter()), cols, cache=cache)
    assert (first.details["cached"], second.details["cached"]) == (False, True)
    assert (m1.traversals, m2.traversals) == (1, 0)
    assert second.jacobian == first.jacobian
    # the cache holds expressions, not numbers: a new point reuses them, a new shape derives anew
    moved = symbolic_jacobian(program, prob.point([0.0, 0.0]), Meter(), cols, cache=cache)
    assert moved.details["cached"] and moved.jacobian != first.jacobian
    batch = symbolic_jacobian(program, prob.point([0.0, 0.0], np.arange(5)), Meter(), cols, cache=cache)
    assert not batch.details["cached"] and len(cache) == 2
    # without a cache (what `diff` does) every call derives: its derive time is never a cache hit
    plain = [symbolic_jacobian(program, prob.point([1.0, 2.0]), Meter(), cols) for _ in range(2)]
    assert [p.details["cached"] for p in plain] == [False, False]
    measured = measure_engine("symbolic", program, prob.point([1.0, 2.0]), cols)
    assert measured.details["cached"] is False and measured.traversals == 1


# --- the command ---------------------------------------------------------------------------

def cli(args, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(args)
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


def test_cli_json_has_per_epoch_losses_and_the_final_table(capsys):
    code, out, _ = cli(["descent", "--engine", "forward,reverse", "--optimizer", "momentum", "--epochs", "30",
                        "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["n"] == 2 and data["rows"] == 100 and data["settings"]["momentum"] == 0.9
    for name in ("forward", "reverse"):
        e = data["engines"][name]
        assert len(e["losses"]) == 31 and e["steps"] == 30
        assert e["traversals_per_step"] == 2 and e["formula"] in ("n = 2", "n_outputs + 1 = 2")
        assert e["final_mse"] == e["losses"][-1]
        assert e["distance_to_closed_form"] > 0 and e["time_per_step_s"] > 0
    assert data["closed_form"]["theta"] == pytest.approx([3.9486985445, 3.0383184621], abs=1e-9)


def test_cli_rich_output_saves_an_svg_with_log_table_and_chart(tmp_path, capsys):
    target = tmp_path / "descent.svg"
    code, out, err = cli(["descent", "--engine", "reverse,numerical", "--epochs", "20", "--every", "10",
                          "--save", str(target)], capsys)
    assert code == 0
    assert "Epoch 0 MSE = 51.39268" in out and "Epoch 20 MSE" in out
    assert "n + 1 = 3" in out and "log10(MSE - MSE*) per epoch" in out
    assert target.read_text().startswith("<svg")


def test_chart_leaves_out_points_at_round_off(gd):
    label, series = chart_series(gd)
    assert label == "MSE - MSE*"
    epochs, values = series["reverse"]
    assert epochs[0] == 0 and all(v > 0 for v in values)


@pytest.mark.parametrize("args, message", [
    (["--optimizer", "adam"], "'adam' is not one of 'gd', 'momentum'."),
    (["--learning-rate", "-1"], "--learning-rate must be a positive number"),
    (["--learning-rate", "nan"], "--learning-rate must be a positive number"),
    (["--momentum", "1"], "--momentum must be in [0, 1)"),
    (["--epochs", "0"], "--epochs must be at least 1"),
    (["--batch-size", "0"], "--batch-size must be between 1 and the 100 rows"),
    (["--batch-size", "101"], "--batch-size must be between 1 and the 100 rows"),
    (["--seed", "-1"], "--seed must be a whole number"),
    (["--every", "0"], "Invalid value for '--every': 0 is not in the range x>=1."),
    (["--engine", "tensorflow"], "'tensorflow' is not one of 'numerical', 'symbolic', 'forward', 'reverse', 'all'."),
    (["book"], "first parameter must be the vector"),
])
def test_bad_options_exit_non_zero_with_one_line(capsys, args, message):
    code, out, err = cli(["descent", *args], capsys)
    assert code != 0 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("error: ") and message in err
