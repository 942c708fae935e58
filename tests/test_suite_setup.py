"""The test suite's own set-up: which hypothesis profile runs, and test modules that stand alone.

CI runs `.ci/run` with `CI=true`; every count the issues pin (300 solver-vs-oracle examples, 250 fuzzed
scenarios, ...) must then be the full one, while a local run takes a tenth of each.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).parent
ROOT = TESTS.parent

PROBE = (
    "import tests.conftest; from hypothesis import settings; from tests.helpers import examples; "
    "print(settings.default.max_examples, settings.default.derandomize, examples(300), examples(250), examples(5))"
)


def profile_numbers(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "HYPOTHESIS_PROFILE")}
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


def test_ci_set_to_anything_runs_the_full_counts_and_a_local_run_a_tenth() -> None:
    # `ci`: max_examples 100, so examples(n) = n * 100 // 100 = n: 300 and 250 as the issues pin them.
    assert profile_numbers(CI="1") == "100 True 300 250 5"
    # `dev`: max_examples 10, so examples(300) = 300 * 10 // 100 = 30, examples(250) = 25, and
    # examples(5) = 5 * 10 // 100 = 0, raised to the floor of 1. An empty CI counts as unset.
    assert profile_numbers(CI="") == "10 True 30 25 1"


def test_hypothesis_profile_names_the_profile() -> None:
    assert profile_numbers(CI="true", HYPOTHESIS_PROFILE="dev") == "10 True 30 25 1"


def test_no_test_module_imports_another() -> None:
    """Shared helpers live in tests/helpers.py (and the other non-test modules), not in test modules."""
    found = []
    for path in sorted(TESTS.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else ([alias.name for alias in node.names] if isinstance(node, ast.Import) else [])
            )
            # relative imports (`from .x import`) have level 1 and the bare module name
            names = [f"tests.{n}" if isinstance(node, ast.ImportFrom) and node.level else n for n in names]
            found += [
                f"{path.name}: {n}"
                for n in names
                if n.startswith(("tests.test_", "tests.conftest")) and n != "tests.conftest_realclients"
            ]
    assert found == []
