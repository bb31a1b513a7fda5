"""The rules package imports nothing from Django, checked two ways."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import thidua.awards.rules

RULES = Path(thidua.awards.rules.__file__).parent


def test_no_module_under_rules_imports_django() -> None:
    offenders = []
    for path in sorted(RULES.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else []
            else:
                continue
            offenders += [
                f"{path.name}: {n}" for n in names if n.split(".")[0] in {"django", "ninja"}
            ]
            # Relative imports must stay inside the package; absolute thidua imports would pull
            # in the Django app.
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "thidua"]
    assert len(list(RULES.rglob("*.py"))) >= 5
    assert offenders == []


def test_the_engine_runs_in_a_fresh_interpreter_without_loading_django() -> None:
    # Load the package from its files so that thidua/__init__ and thidua/awards/__init__
    # (which belong to the Django project) are not executed either.
    code = f"""
import importlib.util, sys, types
for name in ("thidua", "thidua.awards"):
    sys.modules[name] = types.ModuleType(name)
spec = importlib.util.spec_from_file_location(
    "thidua.awards.rules", {str(RULES / "__init__.py")!r},
    submodule_search_locations=[{str(RULES)!r}])
rules = importlib.util.module_from_spec(spec)
sys.modules["thidua.awards.rules"] = rules
spec.loader.exec_module(rules)
v = rules.evaluate_data({{"subject": "individual", "award": "LDTT", "year": 2025,
                          "ratings": {{"2025": "HTT"}}}})
assert v["eligible"] is True, v
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("django", "ninja"))
print("loaded:", loaded)
sys.exit(1 if loaded else 0)
"""
    done = subprocess.run(
        [sys.executable, "-I", "-c", code], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.strip() == "loaded: []"
