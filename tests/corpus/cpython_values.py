"""What CPython itself says about each corpus fixture: its value at the default point and an
independent gradient (central differences with Richardson extrapolation, Ridders' scheme).

    python tests/corpus/cpython_values.py [scalar|numpy|FILE.py ...]

prints one block per fixture and exits non-zero if any fixture fails to run under CPython,
gives a non-finite value, or has no well-defined derivative at its default point (the
extrapolation does not settle, or the one-sided derivatives disagree: a kink).

tests/test_corpus.py imports the helpers below. The fixtures are OUR trusted files, so they
are imported and run here; diffcompare itself never imports a user's file.
"""

from __future__ import annotations

import ast
import contextlib
import importlib.util
import inspect
import math
import sys
import types
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SCALAR = sorted((HERE / "scalar").glob("*.py"))
NUMPY = sorted((HERE / "numpy").glob("*.py"))

FD_AGREEMENT = 1e-6      # the independent gradient against the 50-digit reference (normwise)
KINK_AGREEMENT = 1e-5    # left and right one-sided derivatives must agree this well


# -- the fixture as CPython runs it -------------------------------------------------------

@contextlib.contextmanager
def _numpy_look_alikes():
    """`import autograd.numpy as np` runs here without autograd installed: autograd.numpy is
    a thin wrapper that computes numpy's values, so numpy itself stands in for it while the
    fixture is imported. The stand-in is removed afterwards: other tests ask whether the real
    autograd is installed (the bench's peers) and must not find a fake one."""
    if importlib.util.find_spec("autograd") is not None:
        yield
        return
    fake = types.ModuleType("autograd")
    fake.numpy = np
    sys.modules["autograd"], sys.modules["autograd.numpy"] = fake, np
    try:
        yield
    finally:
        del sys.modules["autograd"], sys.modules["autograd.numpy"]


def load_module(path: Path):
    """Import a fixture file as a module of its own (its `if __name__ == "__main__"` stays idle)."""
    name = f"corpus_{path.parent.name}_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    with _numpy_look_alikes():
        spec.loader.exec_module(module)
    return module


def main_def_name(source: str) -> str:
    """The file's only def, or the one def no other def calls."""
    tree = ast.parse(source)
    defs = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
    if not defs:
        raise ValueError("the file has no def")
    if len(defs) == 1:
        return defs[0].name
    names = {d.name for d in defs}
    called = set()
    for d in defs:
        for node in ast.walk(d):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in names \
                    and node.func.id != d.name:
                called.add(node.func.id)
    roots = [d.name for d in defs if d.name not in called]
    if len(roots) != 1:
        raise ValueError(f"no single main def: uncalled defs are {roots}")
    return roots[0]


@dataclass
class Param:
    name: str
    default: object           # as written: a number, a (nested) list, or an array
    shape: tuple              # () for a scalar

    @property
    def size(self) -> int:
        return int(np.prod(self.shape)) if self.shape else 1

    def rebuild(self, flat: np.ndarray):
        """A value of the same kind as the default from `size` floats."""
        if not self.shape:
            return float(flat[0])
        arr = np.asarray(flat, dtype=float).reshape(self.shape)
        return arr if isinstance(self.default, np.ndarray) else arr.tolist()

    def names(self) -> list[str]:
        if not self.shape:
            return [self.name]
        return [self.name + "".join(f"[{i}]" for i in idx) for idx in np.ndindex(*self.shape)]


@dataclass
class Fixture:
    path: Path
    source: str
    name: str
    func: object
    params: list[Param]

    @property
    def x0(self) -> np.ndarray:
        """The default point, flat, parameters in order, arrays row-major."""
        parts = [np.ravel(np.asarray(p.default, dtype=float)) for p in self.params]
        return np.concatenate(parts) if parts else np.zeros(0)

    @property
    def input_names(self) -> list[str]:
        return [n for p in self.params for n in p.names()]

    def call_flat(self, flat) -> np.ndarray:
        """The function at a flat point, its outputs flattened to float64."""
        flat = np.asarray(flat, dtype=float)
        kwargs, i = {}, 0
        for p in self.params:
            kwargs[p.name] = p.rebuild(flat[i:i + p.size])
            i += p.size
        return flatten_outputs(self.func(**kwargs))

    def value(self) -> np.ndarray:
        """The function at its defaults, called exactly as written (no argument passed)."""
        return flatten_outputs(self.func())


def flatten_outputs(result) -> np.ndarray:
    if isinstance(result, (tuple, list)):
        parts = [np.ravel(np.asarray(r, dtype=float)) for r in result]
        return np.concatenate(parts) if parts else np.zeros(0)
    return np.ravel(np.asarray(result, dtype=float))


def load_fixture(path: Path) -> Fixture:
    source = path.read_text(encoding="utf-8")
    name = main_def_name(source)
    func = getattr(load_module(path), name)
    params = []
    for p in inspect.signature(func).parameters.values():
        if p.default is inspect.Parameter.empty:
            raise ValueError(f"parameter {p.name} of {name} has no default")
        params.append(Param(p.name, p.default, np.shape(np.asarray(p.default, dtype=float))))
    return Fixture(path, source, name, func, params)


# -- what the source is like -------------------------------------------------------------

# Calls that return their operands' exact result (or a count): a file that calls nothing
# else, and uses only + - * / and ** with integer literal exponents, must match CPython
# bit for bit; otherwise within 4 ulp.
EXACT_CALLS = {"range", "len", "enumerate", "zip", "reversed", "abs", "min", "max", "int", "float", "sum"}


def _int_literal(node) -> bool:
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) is int


def exact_arithmetic(source: str) -> bool:
    """Does the file use only + - * / and ** with integer exponents (and exact builtins)?"""
    tree = ast.parse(source)
    # the `if __name__ == "__main__":` block only prints; it is not part of the function
    tree.body = [n for n in tree.body if not (isinstance(n, ast.If) and "__name__" in ast.unparse(n.test))]
    helpers = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    for node in ast.walk(tree):
        if isinstance(node, (ast.BinOp, ast.AugAssign)):
            if isinstance(node.op, (ast.Mod, ast.FloorDiv, ast.MatMult)):
                return False
            if isinstance(node.op, ast.Pow) and not _int_literal(node.right if isinstance(node, ast.BinOp) else node.value):
                return False
        elif isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and (f.id in helpers or (f.id in EXACT_CALLS)):
                continue
            if isinstance(f, ast.Name) and f.id == "round" and len(node.args) == 1:
                continue
            return False
    return True


def branches_on_input(source: str) -> bool:
    """Does some `if`, `while`, conditional expression or comprehension condition test a value
    computed from an input? (A static taint over assignments; every def's parameters are
    inputs, so a helper counts as branching when it branches on any of its parameters.)"""
    tree = ast.parse(source)
    for d in (n for n in tree.body if isinstance(n, ast.FunctionDef)):
        tainted = {a.arg for a in d.args.args + d.args.kwonlyargs}

        def reads_tainted(expr) -> bool:
            return any(isinstance(n, ast.Name) and n.id in tainted for n in ast.walk(expr))

        def target_names(t):
            return {n.id for n in ast.walk(t) if isinstance(n, ast.Name)}

        changed = True
        while changed:
            changed = False
            for node in ast.walk(d):
                new = set()
                if isinstance(node, ast.Assign) and reads_tainted(node.value):
                    for t in node.targets:
                        new |= target_names(t)
                elif isinstance(node, (ast.AugAssign, ast.AnnAssign)) and node.value is not None \
                        and reads_tainted(node.value):
                    new |= target_names(node.target)
                elif isinstance(node, (ast.For, ast.comprehension)) and reads_tainted(node.iter):
                    new |= target_names(node.target)
                if new - tainted:
                    tainted |= new
                    changed = True
        for node in ast.walk(d):
            if isinstance(node, (ast.If, ast.While, ast.IfExp)) and reads_tainted(node.test):
                return True
            if isinstance(node, ast.comprehension) and any(reads_tainted(c) for c in node.ifs):
                return True
            # a mask is a branch taken element by element: np.where(r > 0, ...), x[x > 0]
            if isinstance(node, ast.Compare) and reads_tainted(node) and _used_as_mask(node, d):
                return True
    return False


def _used_as_mask(compare: ast.Compare, tree: ast.AST) -> bool:
    """Is this comparison an argument of np.where (or indexes an array), i.e. a mask?"""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "where" \
                and any(compare is n for arg in node.args for n in ast.walk(arg)):
            return True
        if isinstance(node, ast.Subscript) and any(compare is n for n in ast.walk(node.slice)):
            return True
    return False


# -- the independent gradient --------------------------------------------------------------

def _ridders(g, h0: float, ntab: int = 12, con: float = 1.4):
    """Derivative at 0 of g: R -> R^m by Ridders' extrapolation of central differences."""
    con2 = con * con
    a = [[None] * ntab for _ in range(ntab)]
    hh = h0
    a[0][0] = (g(hh) - g(-hh)) / (2 * hh)
    best, err = a[0][0], math.inf
    for i in range(1, ntab):
        hh /= con
        a[0][i] = (g(hh) - g(-hh)) / (2 * hh)
        fac = con2
        for j in range(1, i + 1):
            a[j][i] = (a[j - 1][i] * fac - a[j - 1][i - 1]) / (fac - 1)
            fac *= con2
            e = max(np.max(np.abs(a[j][i] - a[j - 1][i])), np.max(np.abs(a[j][i] - a[j - 1][i - 1])))
            if e <= err:
                best, err = a[j][i], e
        if np.max(np.abs(a[i][i] - a[i - 1][i - 1])) >= 2 * err:
            break
    return best, err


def _one_sided(g, h0: float, levels: int = 8):
    """Derivative at 0 from the right (h0 > 0) or left (h0 < 0): Richardson on forward differences."""
    f0 = g(0.0)
    col = [(g(h0 / 2**k) - f0) / (h0 / 2**k) for k in range(levels)]
    for m in range(1, levels):
        col = [(2**m * col[k + 1] - col[k]) / (2**m - 1) for k in range(len(col) - 1)]
    return col[0]


def _step(fx: Fixture, x0: np.ndarray, j: int) -> float:
    """A first step that keeps the function defined on both sides (shrunk on a domain error)."""
    h = 0.05 * (abs(x0[j]) or 1.0)
    for _ in range(12):
        try:
            for s in (h, -h):
                x = x0.copy()
                x[j] += s
                v = fx.call_flat(x)
                if not np.all(np.isfinite(v)):
                    raise ValueError("not finite")
            return h
        except (ValueError, ZeroDivisionError, OverflowError, FloatingPointError):
            h /= 10
    raise ValueError(f"no step keeps {fx.input_names[j]} inside the domain")


@dataclass
class Gradient:
    jacobian: np.ndarray      # outputs x inputs
    error: np.ndarray         # Ridders' error estimate per input column
    kink: list[str]           # inputs whose one-sided derivatives disagree


def gradient(fx: Fixture) -> Gradient:
    x0 = fx.x0
    cols, errs, kinks = [], [], []
    with np.errstate(all="raise"):
        for j in range(len(x0)):
            def g(t, j=j):
                x = x0.copy()
                x[j] += t
                return fx.call_flat(x)
            h = _step(fx, x0, j)
            # the extrapolation may stop early from a first step that meets curvature or a
            # kink nearby: start from three steps and keep the best-settled estimate
            d, e = min((_ridders(g, h / 10**k) for k in range(3)), key=lambda de: de[1])
            right, left = _one_sided(g, h / 4), _one_sided(g, -h / 4)
            scale = max(np.max(np.abs(d)), 1e-300)
            if np.max(np.abs(right - left)) > KINK_AGREEMENT * max(scale, 1.0):
                kinks.append(fx.input_names[j])
            cols.append(d)
            errs.append(e)
    jac = np.stack(cols, axis=1) if cols else np.zeros((len(fx.value()), 0))
    return Gradient(jac, np.asarray(errs), kinks)


def normwise(a, ref) -> float:
    """max|A - R| / max|R| (absolute where R is all zeros)."""
    a, ref = np.asarray(a, dtype=float), np.asarray(ref, dtype=float)
    diff = float(np.max(np.abs(a - ref))) if a.size else 0.0
    scale = float(np.max(np.abs(ref))) if ref.size else 0.0
    return diff / scale if scale else diff


# -- the script ------------------------------------------------------------------------------

def check(path: Path) -> list[str]:
    """Print what CPython says about one fixture; return its problems."""
    problems = []
    try:
        fx = load_fixture(path)
        values = fx.value()
    except Exception as exc:          # a fixture that does not run is what this script is for
        print(f"{path.parent.name}/{path.name}: FAILS under CPython: {type(exc).__name__}: {exc}")
        return [f"{path.name}: does not run: {exc}"]
    grad = gradient(fx)
    scale = max(float(np.max(np.abs(grad.jacobian))) if grad.jacobian.size else 0.0, 1e-300)
    rel_err = float(np.max(grad.error)) / scale if grad.error.size else 0.0
    exact = "exact" if exact_arithmetic(fx.source) else "4ulp"
    branch = " branches-on-input" if branches_on_input(fx.source) else ""
    print(f"{path.parent.name}/{path.name}: {fx.name}({len(fx.x0)} inputs) -> {len(values)} outputs [{exact}{branch}]")
    print(f"  value    {' '.join(repr(float(v)) for v in values[:6])}{' ...' if len(values) > 6 else ''}")
    flat = grad.jacobian.ravel()
    print(f"  gradient {' '.join(f'{v:.12g}' for v in flat[:6])}{' ...' if flat.size > 6 else ''}"
          f"   (Ridders error ~{rel_err:.1e} relative)")
    if not np.all(np.isfinite(values)):
        problems.append(f"{path.name}: value not finite")
    if not np.all(np.isfinite(grad.jacobian)):
        problems.append(f"{path.name}: gradient not finite")
    if rel_err > FD_AGREEMENT / 10:
        problems.append(f"{path.name}: the extrapolation did not settle (error ~{rel_err:.1e})")
    if grad.kink:
        problems.append(f"{path.name}: one-sided derivatives differ in {', '.join(grad.kink)} (a kink?)")
    if not np.any(grad.jacobian):
        problems.append(f"{path.name}: the gradient is all zero (a flat point tells nothing)")
    return problems


def main(argv: list[str]) -> int:
    paths: list[Path] = []
    for arg in argv or ["scalar", "numpy"]:
        if arg == "scalar":
            paths += SCALAR
        elif arg == "numpy":
            paths += NUMPY
        else:
            paths.append(Path(arg))
    problems = []
    for p in paths:
        problems += check(p)
    print(f"\n{len(paths)} fixtures, {len(problems)} problems")
    for p in problems:
        print("  " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
