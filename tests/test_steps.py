"""`diffcompare steps`: finite-difference error against h, measured against the 50-digit reference."""

import json
import math
import sys

import pytest
from click.testing import CliRunner

from diffcompare.cli import cli as cli_group
from diffcompare.engines import numerical
from diffcompare.errors import EvaluationError
from diffcompare.interpreter import Meter
from diffcompare.language.point import parse_point
from diffcompare.language.resolve import load
from diffcompare.views.steps import sweep, step_sizes

EPS = sys.float_info.epsilon


@pytest.fixture(scope="module")
def exp_at_1():
    return sweep("exp(x)", at="x=1")


def test_step_sizes_span_1e_1_to_1e_16_log_spaced():
    h = step_sizes()
    assert len(h) == 30 and h[0] == pytest.approx(1e-1) and h[-1] == pytest.approx(1e-16)
    ratios = {round(math.log10(a / b), 9) for a, b in zip(h, h[1:])}
    assert len(ratios) == 1          # evenly spaced in log10


def test_forward_difference_best_h_near_sqrt_eps(exp_at_1):
    f = exp_at_1.methods["forward"]
    assert 1e-9 <= f.best_h <= 1e-7
    assert 1e-9 <= f.best_error <= 1e-7          # about 1e-8 relative: half the digits
    assert f.textbook_h == pytest.approx(math.sqrt(EPS))
    assert f.traversals == 2                     # n_inputs + 1


def test_central_difference_best_h_near_cbrt_eps(exp_at_1):
    c = exp_at_1.methods["central"]
    assert 1e-6 <= c.best_h <= 1e-4
    assert c.best_error < 1e-10                  # two thirds of the digits
    assert c.textbook_h == pytest.approx(EPS ** (1 / 3))
    assert c.traversals == 2                     # 2 n_inputs


def test_complex_step_has_no_round_off_floor(exp_at_1):
    z = exp_at_1.methods["complex"]
    assert z.best_error < 1e-14
    # no V: once truncation is gone the error stays at rounding level down to h = 1e-16
    small = [e for h, e in zip(exp_at_1.h, z.error) if h < 1e-8]
    assert small and max(small) < 1e-14
    assert z.traversals == 1                     # n_inputs


def test_forward_error_is_a_v_truncation_then_round_off(exp_at_1):
    e = exp_at_1.methods["forward"].error
    h = exp_at_1.h
    # truncation: the error falls about in proportion to h at large h (e^1 h / 2 relative to e: h / 2)
    assert e[0] == pytest.approx(h[0] / 2, rel=0.2)
    # round-off: at h = 1e-14 the error is far above the best
    at_tiny = [err for step, err in zip(h, e) if 1e-15 < step < 1e-13 and err is not None]
    assert min(at_tiny) > 100 * exp_at_1.methods["forward"].best_error


def test_h_below_the_last_digit_of_x_is_a_gap_not_a_crash():
    # next to x = 1, h = 1e-16 vanishes: x + h == x, there is no difference quotient
    s = sweep("exp(x)", at="x=1", methods="forward")
    assert s.h[-1] < EPS / 2 and s.methods["forward"].error[-1] is None


def test_numerical_engine_refuses_a_step_lost_in_rounding():
    # regression: this was a ZeroDivisionError (an internal error in the CLI)
    program = load("exp(x)")
    with pytest.raises(EvaluationError, match="lost in rounding"):
        numerical.jacobian(program, parse_point("x=1", program), Meter(), method="forward", h=1e-17)


def test_complex_step_refused_on_abs_the_others_still_run():
    s = sweep("abs(x) + x^2", at="x=1")
    assert s.methods["complex"].refused and "abs" in s.methods["complex"].refused
    assert s.methods["forward"].best_error is not None


def test_json_has_exactly_the_issue_schema():
    result = CliRunner().invoke(cli_group, ["steps", "exp(x)", "--at", "x=1", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert set(data) == {"h", "methods"} and len(data["h"]) == 30
    assert set(data["methods"]) == {"forward", "central", "complex"}
    for m in data["methods"].values():
        assert set(m) == {"error", "best_h", "best_error", "textbook_h"}
        assert len(m["error"]) == 30
    assert 1e-9 <= data["methods"]["forward"]["best_h"] <= 1e-7


def test_rich_output_has_table_and_chart(tmp_path):
    out = tmp_path / "steps.svg"
    result = CliRunner().invoke(cli_group, ["steps", "exp3", "--save", str(out)])
    assert result.exit_code == 0, result.output
    assert "best h" in result.output and "relative error" in result.output
    assert out.read_text().startswith("<svg")


@pytest.mark.parametrize("args, message", [
    (["steps", "exp(x)", "--method", "sideways"], "'sideways' is not one of 'forward', 'central', 'complex', 'richardson'."),
    (["steps", "exp(x)", "--wrt", "y"], "not an input"),
    (["steps", "exp(x)", "--save", "chart.png"], "png"),
    (["steps", "log(x)", "--at", "x=-1"], "reference"),
    (["steps", "exp(x) +"], "error"),
])
def test_bad_input_exits_non_zero_with_one_line(cli, args, message):
    run = cli(*args)        # the real command in a fresh process
    assert run.code != 0 and message in run.err and "Traceback" not in run.err
    assert len(run.err_lines) == 1 or (run.err_lines[1:] and "^" in run.err_lines[-1])   # a parse error adds a caret
