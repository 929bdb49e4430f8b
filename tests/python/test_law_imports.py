"""The law stands apart from the machinery: a file under variables/ imports only openfisca-core,
numpy, the standard library, the entities, the shared enums and the shared law-side modules (the
registry of requirements and the helpers the formulas use), and those modules import nothing else
of the package either."""

from __future__ import annotations

import ast
import pathlib
import sys

import pytest

from openfisca_arbeidsmigratie import law_directory

PACKAGE = "openfisca_arbeidsmigratie"
PACKAGE_DIR = pathlib.Path(__file__).resolve().parents[2] / PACKAGE
LAW_SIDE = {"codes", "entities", "enums", "eisen", "indexatie", "jaarbedragen", "landen", "parameter_paths", "peildatum", "puntentabel", "tijd"}
"""Modules of the package that the law may import (law-side helpers; no machinery)."""
THIRD_PARTY = {"openfisca_core", "numpy", "yaml"}
VARIABLE_FILES = sorted(pathlib.Path(law_directory("variables")).rglob("*.py"))


def _imports(path: pathlib.Path) -> list[tuple[int, str]]:
    """(line, dotted module) of every import of a file, functions included."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if node.module == PACKAGE:
                found += [(node.lineno, f"{PACKAGE}.{alias.name}") for alias in node.names]
            else:
                found.append((node.lineno, node.module))
    return found


def _not_allowed(path: pathlib.Path) -> list[str]:
    bad = []
    for line, module in _imports(path):
        top, _, rest = module.partition(".")
        if top == PACKAGE:
            allowed = rest.split(".")[0] in LAW_SIDE
        else:
            allowed = top in THIRD_PARTY or top in sys.stdlib_module_names or top == "__future__"
        if not allowed:
            bad.append(f"{path.name}:{line} imports {module}")
    return bad


def test_there_are_variable_files_to_check():
    assert len(VARIABLE_FILES) > 10


@pytest.mark.parametrize("path", VARIABLE_FILES, ids=lambda p: str(p.relative_to(p.parents[1])))
def test_a_variables_file_imports_only_the_framework_entities_enums_and_law_side_modules(path):
    assert not _not_allowed(path)


@pytest.mark.parametrize("name", sorted(LAW_SIDE))
def test_a_law_side_module_imports_no_machinery(name):
    assert not _not_allowed(PACKAGE_DIR / f"{name}.py")


def test_the_check_catches_a_machinery_import(tmp_path):
    path = tmp_path / "bad.py"
    path.write_text(
        "from openfisca_arbeidsmigratie.explain import requirements\n"
        "def f():\n    from openfisca_arbeidsmigratie import microsimulation\n"
    )
    assert _not_allowed(path) == [
        f"bad.py:1 imports {PACKAGE}.explain",
        f"bad.py:3 imports {PACKAGE}.microsimulation",
    ]
