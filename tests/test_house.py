"""The shape of the house (STYLE.md), checked with the suite: the import rules of pyproject.toml
(import-linter: alliance's ground imports no app, apps in one direction, no circles), modules
that stay small enough to read, and views short enough to read top to bottom."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CODE = ["alliance", "members", "pillars", "library", "surveys", "working_groups", "demo", "bench"]
MAX_MODULE_LINES = 400
MAX_VIEW_LINES = 40


def _modules():
    for folder in CODE:
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def test_the_import_contracts_hold():
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run(
        [str(lint_imports), "--no-cache"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_no_module_outgrows_its_room():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in _modules()
        if (lines := len(path.read_text().splitlines())) > MAX_MODULE_LINES
    }
    assert not long, f"over {MAX_MODULE_LINES} lines: make these packages: {long}"


def _view_modules():
    for path in _modules():
        if path.name == "views.py" or path.parent.name == "views":
            yield path


@pytest.mark.parametrize("path", list(_view_modules()), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_view_reads_top_to_bottom(path):
    tree = ast.parse(path.read_text())
    long = {
        node.name: node.end_lineno - node.lineno + 1
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_VIEW_LINES
    }
    assert not long, f"views over {MAX_VIEW_LINES} lines (decorators aside): {long}"
