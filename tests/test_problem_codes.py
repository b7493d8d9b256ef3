"""The catalogue of problem codes (kuzbass_data/gate/problem_codes.csv) lists every code the package can
emit, and nothing else.

The codes are found in the package's source with ``ast``, by following where a code can come from:

- a ``code=`` keyword of any call (``Problem(..., code="x")``, ``replace(p, code=...)``);
- an argument for a parameter named ``code`` of a function of the package (``row_problems(..., "x")``,
  ``Collector.add("x", make)``, ``_emit(..., "x")``, ``_file_problem(...)``'s default), through
  ``functools.partial`` too;
- and, where that argument is not a literal, what it is made of: both branches of ``a if c else b``,
  ``a or b``, a local variable's assignments (``code = ...``, ``message, hint, code = f()``), the
  tuples a function returns (``f()[2]``, ``code, why = f()``), the tuples stored in an attribute
  (``s.proofs = ("proof-missing", ...)``), and the callers of a function whose own parameter is passed on.

A code expression the scan cannot follow is reported, so that a new way of making codes is taught
to the scan instead of slipping past it.
"""

from __future__ import annotations

import ast
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import kuzbass_data
from kuzbass_data.gate.problems import catalogue
from kuzbass_data.paths import PROBLEM_CATALOGUE, in_package

PACKAGE = Path(kuzbass_data.__file__).parent
CATALOGUE = PROBLEM_CATALOGUE
KEBAB = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")


@dataclass
class Scan:
    """What the scan found: every code with the places that emit it, and what it could not follow."""

    codes: dict[str, set[str]] = field(default_factory=dict)
    unresolved: set[str] = field(default_factory=set)


@dataclass
class _Function:
    node: ast.FunctionDef | ast.AsyncFunctionDef
    module: Path

    @property
    def params(self) -> list[str]:
        args = self.node.args
        return [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]

    def accepts(self, count: int) -> bool:
        """Whether a call with ``count`` positional arguments fits this function."""
        args = self.node.args
        if args.vararg is not None:
            return True
        return len(self.positional) - len(args.defaults) <= count <= len(self.positional)

    @property
    def positional(self) -> list[str]:
        args = self.node.args
        names = [a.arg for a in (*args.posonlyargs, *args.args)]
        return names[1:] if names[:1] in (["self"], ["cls"]) else names


class _Scanner:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.trees = {path: ast.parse(path.read_text(encoding="utf-8"), str(path)) for path in sorted(root.rglob("*.py"))}
        self.functions: dict[str, list[_Function]] = {}
        self.parent: dict[ast.AST, ast.AST] = {}
        for path, tree in self.trees.items():
            for node in ast.walk(tree):
                for child in ast.iter_child_nodes(node):
                    self.parent[child] = node
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    self.functions.setdefault(node.name, []).append(_Function(node, path))
        # (function name, parameter) pairs whose argument is a problem code: the Problem's own, the
        # Collector's (which counts a code, then makes its problem), and every parameter found to be
        # passed on to one of them (``run``).
        self.sinks: set[tuple[str, str]] = {("Problem", "code"), ("add", "code")}
        self.scan = Scan()

    def where(self, path: Path, node: ast.AST) -> str:
        return f"{path.relative_to(self.root.parent)}:{getattr(node, 'lineno', 0)}"

    def run(self) -> Scan:
        size = -1
        while size != len(self.sinks):  # a parameter passed on makes its function's callers sinks too
            size = len(self.sinks)
            self.scan = Scan()
            for path, tree in self.trees.items():
                for node in ast.walk(tree):
                    if isinstance(node, ast.Call):
                        self._call(path, node)
                    elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                        self._defaults(path, node)
        return self.scan

    # -- where codes go in ------------------------------------------------------------------

    def _callee(self, call: ast.Call) -> tuple[str | None, list[ast.expr]]:
        """The called function's name and its positional arguments (after a partial's function)."""
        func = call.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
        if name == "partial" and call.args:
            inner = call.args[0]
            inner_name = inner.id if isinstance(inner, ast.Name) else inner.attr if isinstance(inner, ast.Attribute) else None
            return inner_name, list(call.args[1:])
        return name, list(call.args)

    def _call(self, path: Path, call: ast.Call) -> None:
        name, args = self._callee(call)
        for keyword in call.keywords:
            if keyword.arg == "code" or (name is not None and (name, keyword.arg) in self.sinks):
                self._emit(path, keyword.value)
        if name is None:
            return
        for function in self.functions.get(name, []):
            positional = function.positional
            if not function.accepts(len(args)):
                continue  # another function of that name: set.add(x) is no Collector.add(code, make)
            for index, arg in enumerate(args):
                if index < len(positional) and (name, positional[index]) in self.sinks and not isinstance(arg, ast.Starred):
                    self._emit(path, arg)

    def _defaults(self, path: Path, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        args = node.args
        positional = [*args.posonlyargs, *args.args]
        pairs = list(zip(positional[len(positional) - len(args.defaults) :], args.defaults, strict=True))
        pairs += [(a, d) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True) if d is not None]
        for arg, default in pairs:
            if (node.name, arg.arg) in self.sinks:
                self._emit(path, default)

    # -- what a code expression is made of ------------------------------------------------------

    def _emit(self, path: Path, expr: ast.expr) -> None:
        for code, node in self._values(path, expr, None, set()):
            self.scan.codes.setdefault(code, set()).add(self.where(path, node))

    def _values(self, path: Path, expr: ast.expr, index: int | None, seen: set[int]) -> Iterator[tuple[str, ast.AST]]:
        """The string constants ``expr`` can evaluate to; ``index`` picks an element of a tuple value
        (None: the value itself)."""
        if id(expr) in seen:
            return
        seen = seen | {id(expr)}
        if isinstance(expr, ast.Constant | ast.JoinedStr) or (isinstance(expr, ast.BinOp) and isinstance(expr.left, ast.JoinedStr | ast.Constant)):
            # "" stands for no problem (a valid proof); a string is never the tuple an index looks into;
            # a message built from pieces (f"..." + f"...") is text, like an f-string.
            if isinstance(expr, ast.Constant) and isinstance(expr.value, str) and expr.value and index is None:
                yield expr.value, expr
        elif isinstance(expr, ast.Tuple):
            if index is not None and index < len(expr.elts):
                yield from self._values(path, expr.elts[index], None, seen)
        elif isinstance(expr, ast.IfExp):
            yield from self._values(path, expr.body, index, seen)
            yield from self._values(path, expr.orelse, index, seen)
        elif isinstance(expr, ast.BoolOp):
            for value in expr.values:
                yield from self._values(path, value, index, seen)
        elif isinstance(expr, ast.Subscript) and isinstance(expr.slice, ast.Constant) and isinstance(expr.slice.value, int):
            yield from self._values(path, expr.value, expr.slice.value, seen)
        elif isinstance(expr, ast.Call):
            yield from self._returns(path, expr, index, seen)
        elif isinstance(expr, ast.Name):
            yield from self._name(path, expr, index, seen)
        elif isinstance(expr, ast.Attribute) and expr.attr == "code" and index is None:
            return  # ``problem.code``: a code passed on from a problem made (and scanned) elsewhere
        elif isinstance(expr, ast.Attribute):
            yield from self._attribute(path, expr, index, seen)
        else:
            self.scan.unresolved.add(f"{self.where(path, expr)}: {ast.unparse(expr)}")

    def _returns(self, path: Path, call: ast.Call, index: int | None, seen: set[int]) -> Iterator[tuple[str, ast.AST]]:
        name, _ = self._callee(call)
        functions = self.functions.get(name or "", [])
        scope = self._enclosing(call)
        if not functions and isinstance(call.func, ast.Name) and isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef) and call.func.id in _Function(scope, path).params:
            # A function passed in (``explain()``): what its callers pass for it, called.
            yield from self._passed_callables(scope, call.func.id, index, seen)
            return
        if not functions and index is not None and name is not None and name[:1].isupper():
            return  # an object made by a class is not the tuple an index looks into
        if not functions:
            self.scan.unresolved.add(f"{self.where(path, call)}: {ast.unparse(call)}")
        for function in functions:
            yield from self._returned(function, index, seen)

    def _passed_callables(self, scope: ast.FunctionDef | ast.AsyncFunctionDef, param: str, index: int | None, seen: set[int]) -> Iterator[tuple[str, ast.AST]]:
        """The values returned by the functions that callers of ``scope`` pass as ``param``."""
        function = _Function(scope, Path())
        position = function.positional.index(param) if param in function.positional else None
        for path, tree in self.trees.items():
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                name, args = self._callee(node)
                if name != scope.name:
                    continue
                passed = [k.value for k in node.keywords if k.arg == param]
                if position is not None and position < len(args):
                    passed.append(args[position])
                for value in self._assigned(path, passed):
                    if isinstance(value, ast.Call):  # partial(f, ...): what f returns
                        inner, _ = self._callee(value)
                        for target in self.functions.get(inner or "", []):
                            yield from self._returned(target, index, seen)
                    elif isinstance(value, ast.Name) and value.id in self.functions:
                        for target in self.functions[value.id]:
                            yield from self._returned(target, index, seen)
                    else:
                        self.scan.unresolved.add(f"{self.where(path, value)}: {ast.unparse(value)}")

    def _assigned(self, path: Path, values: list[ast.expr]) -> Iterator[ast.expr]:
        """``values``, with a local variable replaced by what is assigned to it (``explain = partial(...)``)."""
        for value in values:
            if isinstance(value, ast.Name) and value.id not in self.functions:
                scope = self._enclosing(value) or self.trees[path]
                for node in ast.walk(scope):
                    if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == value.id for t in node.targets):
                        yield node.value
            else:
                yield value

    def _returned(self, function: _Function, index: int | None, seen: set[int]) -> Iterator[tuple[str, ast.AST]]:
        for node in ast.walk(function.node):
            if isinstance(node, ast.Return) and node.value is not None and self._enclosing(node) is function.node:
                yield from self._values(function.module, node.value, index, seen)

    def _enclosing(self, node: ast.AST) -> ast.AST | None:
        while node in self.parent:
            node = self.parent[node]
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                return node
        return None

    def _name(self, path: Path, expr: ast.Name, index: int | None, seen: set[int]) -> Iterator[tuple[str, ast.AST]]:
        scope = self._enclosing(expr) or self.trees[path]
        found = False
        for node in ast.walk(scope):
            if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Name) and target.id == expr.id:
                        found = True
                        yield from self._values(path, node.value, index, seen)
                    elif isinstance(target, ast.Tuple):
                        for position, element in enumerate(target.elts):
                            if isinstance(element, ast.Name) and element.id == expr.id:
                                found = True
                                yield from self._values(path, node.value, position, seen)
        if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef) and expr.id in _Function(scope, path).params:
            found = True
            self.sinks.add((scope.name, expr.id))  # its callers' arguments are codes
        if not found:
            self.scan.unresolved.add(f"{self.where(path, expr)}: {expr.id}")

    def _attribute(self, path: Path, expr: ast.Attribute, index: int | None, seen: set[int]) -> Iterator[tuple[str, ast.AST]]:
        found = False
        for tree_path, tree in self.trees.items():
            for node in ast.walk(tree):
                if isinstance(node, ast.Assign):
                    for target in node.targets:
                        if isinstance(target, ast.Attribute) and target.attr == expr.attr:
                            found = True
                            yield from self._values(tree_path, node.value, index, seen)
        if not found:
            self.scan.unresolved.add(f"{self.where(path, expr)}: {ast.unparse(expr)}")


def scan_package(root: Path = PACKAGE) -> Scan:
    """Every problem code the package's source can emit, with where; and what the scan could not follow."""
    return _Scanner(root).run()


def _literals(root: Path = PACKAGE) -> set[str]:
    """Every string literal of the package's source."""
    found = set()
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def test_the_scan_follows_every_code_expression():
    # A code made in a way the scan does not know would slip past the next test: teach the scan.
    assert scan_package().unresolved == set(), "the problem-code scan in tests/test_problem_codes.py cannot follow these code expressions: teach it"


def test_every_emitted_code_is_in_the_catalogue():
    emitted = scan_package().codes
    listed = set(catalogue())
    missing = sorted(set(emitted) - listed)
    lines = [f"  {code}  (emitted at {', '.join(sorted(emitted[code]))})" for code in missing]
    assert not missing, f"add these codes to {CATALOGUE} (columns code,title,level,hint), then run `kuzbass-data docs`:\n" + "\n".join(lines)


def test_the_catalogue_lists_no_code_that_nothing_emits():
    emitted = scan_package().codes
    # A code catalogued for a producer the scan cannot reach would still be a literal of the package.
    stale = sorted(code for code in catalogue() if code not in emitted)
    assert not stale, f"remove these codes from {CATALOGUE} (nothing in kuzbass_data/ emits them), then run `kuzbass-data docs`: {', '.join(stale)}"


def test_catalogue_rows_are_complete_and_well_formed():
    path = in_package(PROBLEM_CATALOGUE)
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == ["code", "title", "level", "hint"]
        rows = list(reader)
    codes = [row["code"] for row in rows]
    assert len(codes) == len(set(codes)), f"{CATALOGUE} lists a code twice"
    assert codes == sorted(codes), f"{CATALOGUE} is kept sorted by code"
    for line, row in enumerate(rows, start=2):
        assert KEBAB.match(row["code"]), f"{CATALOGUE}:{line}: {row['code']!r} is not kebab-case"
        assert row["level"] in ("error", "warning"), f"{CATALOGUE}:{line}: level must be error or warning"
        assert row["title"].strip() and row["hint"].strip(), f"{CATALOGUE}:{line}: {row['code']} needs a title and a hint"


def test_a_problem_emitted_as_a_warning_is_catalogued_as_one():
    # A ``level="warning"`` beside a literal code must match the catalogue, so the docs say what the gate does.
    levels = {code: entry.level for code, entry in catalogue().items()}
    wrong = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            code, level = keywords.get("code"), keywords.get("level")
            if isinstance(code, ast.Constant) and isinstance(level, ast.Constant) and levels.get(code.value, level.value) != level.value:
                wrong.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {code.value} is emitted as {level.value}")
    assert not wrong, f"set these levels in {CATALOGUE}: " + "; ".join(wrong)


def test_the_scan_finds_each_way_of_making_a_code(tmp_path):
    # The scan itself can fail: each producer below makes one code, and each must be found.
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "m.py").write_text(
        "from functools import partial\n"
        "def row_problems(file, lines, mask, column, message, hint, code): yield Problem(file, 1, column, message, hint, code=code)\n"
        "class Collector:\n"
        "    def add(self, code, make): ...\n"
        "def _file_problem(message, *, code='by-default'): return Problem('f', None, None, message, code=code)\n"
        "def _verdict(x):\n"
        "    if x:\n"
        "        return 'by-returned-tuple', 'why'\n"
        "    return '', ''\n"
        "def _explain(x): return 'm', 'h', 'by-subscript'\n"
        "def _pass_on(code): return Problem('f', 1, None, 'm', code=code)\n"
        "def f(c, s):\n"
        "    Problem('f', 1, None, 'm', code='by-keyword')\n"
        "    Problem('f', 1, None, 'm', code='by-if' if s else 'by-else')\n"
        "    list(row_problems('f', [], [], None, 'm', 'h', 'by-position'))\n"
        "    c.add('by-add', partial(Problem, 'f', 1, None, 'm', code='by-partial'))\n"
        "    c.add(_explain(1)[2], None)\n"
        "    code, why = _verdict(s)\n"
        "    Problem('f', 1, None, why, code=code)\n"
        "    s.proofs = ('by-attribute', 'why')\n"
        "    code2, why2 = s.proofs\n"
        "    Problem('f', 1, None, why2, code=code2)\n"
        "    _pass_on('by-caller')\n"
        "    explain = partial(_explain2, 1)\n"
        "    _make(explain)\n"
        "def _explain2(x): return 'm', 'by-passed-function'\n"
        "def _make(explain):\n"
        "    message, code = explain()\n"
        "    return Problem('f', 1, None, message, code=code)\n",
        encoding="utf-8",
    )
    found = scan_package(package)
    expected = {"by-default", "by-returned-tuple", "by-subscript", "by-keyword", "by-if", "by-else", "by-position", "by-add", "by-partial", "by-attribute", "by-caller", "by-passed-function"}
    assert set(found.codes) == expected
    assert found.unresolved == set()
