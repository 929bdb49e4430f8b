"""House rules for the law: every parameter value cites its source, every variable its article.

Parameter files follow one format (see CONTRIBUTING.md):

    description: <Dutch legal term / description>
    metadata:
      unit: currency-EUR | /1 | month | week | year | hour | bool | ...
      reference:
        2014-01-01:                       # one entry per date in `values`
          - title: Besluit uitvoering Wav, art. 1d lid 1 onder a (Stcrt. 2013, 35424)
            href: https://...
      assumption:                         # only where the law leaves the value open
        rationale: why this value
        provenance: where it comes from
    values:
      2014-01-01:
        value: 4048
"""

from __future__ import annotations

import datetime
import pathlib
import shutil
import subprocess

import pytest
import yaml

from openfisca_arbeidsmigratie import law_directory
from openfisca_arbeidsmigratie.reforms import baseline_system

ROOT = pathlib.Path(__file__).resolve().parents[2]
PARAMETERS = pathlib.Path(law_directory("parameters"))
PARAMETER_FILES = sorted(p for p in PARAMETERS.rglob("*.yaml") if p.name != "index.yaml")


def _leaf_parameters(path: pathlib.Path):
    """Yield (name, node) for every leaf parameter in a file (a file may hold a node of leaves)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if isinstance(data, dict) and ("values" in data or "brackets" in data):
        yield path.stem, data
    elif isinstance(data, dict):
        for key, child in data.items():
            if key in {"description", "metadata", "documentation"}:
                continue
            if isinstance(child, dict) and "values" in child:
                yield f"{path.stem}.{key}", child


def _as_date(key) -> datetime.date:
    return key if isinstance(key, datetime.date) else datetime.date.fromisoformat(str(key))


@pytest.mark.parametrize("path", PARAMETER_FILES, ids=lambda p: str(p.relative_to(PARAMETERS)))
def test_every_parameter_value_cites_its_source(path):
    leaves = list(_leaf_parameters(path))
    assert leaves, f"{path}: no parameter with `values` found"
    for name, node in leaves:
        assert node.get("description"), f"{path} ({name}): missing `description`"
        metadata = node.get("metadata") or {}
        references = metadata.get("reference")
        assert isinstance(references, dict), (
            f"{path} ({name}): metadata.reference must map each value's start date to a list of {{title, href}}"
        )
        cited = {_as_date(k) for k in references}
        for key, value in (node.get("values") or {}).items():
            start = _as_date(key)
            expected_placeholder = isinstance(value, dict) and value.get("value") is None
            assert start in cited or expected_placeholder, (
                f"{path} ({name}): the value from {start} has no entry under metadata.reference"
            )
        for start, entries in references.items():
            assert isinstance(entries, list) and entries, f"{path} ({name}): reference {start} is empty"
            for entry in entries:
                assert entry.get("title") and entry.get("href"), (
                    f"{path} ({name}): reference {start} needs both `title` and `href`"
                )


def test_every_variable_has_a_reference_and_a_label():
    system = baseline_system()
    missing = [
        name
        for name, variable in system.variables.items()
        if not variable.reference or not variable.label
    ]
    assert not missing, f"variables without a reference or label: {missing}"


def test_ruff_finds_nothing():
    """The lint settings of pyproject.toml hold for the whole tree (ruff is a dev dependency)."""
    ruff = shutil.which("ruff")
    assert ruff, "ruff is not installed: pip install -e '.[dev]'"
    result = subprocess.run([ruff, "check", "--output-format", "concise", str(ROOT)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]


@pytest.mark.parametrize(
    "path", sorted(PARAMETERS.rglob("index.yaml")), ids=lambda p: str(p.relative_to(PARAMETERS))
)
def test_every_parameter_node_cites_its_law(path):
    metadata = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("metadata") or {}
    references = metadata.get("reference")
    assert isinstance(references, list) and references, f"{path}: metadata.reference must list the node's law"
    assert all(r.get("title") and r.get("href") for r in references), f"{path}: each reference needs title and href"


# Spelled apart, so that this file does not match its own search.
OUTSIDE_OR_WORKING_NOTES = ("domain" + ".md", "engine" + "-notes", "seed" + " letter", "../" + "shared/")
ISSUE_NUMBER = __import__("re").compile(r"\b[Ii]ssue " + r"[0-9]")


def test_the_repository_cites_no_file_outside_it_and_no_working_notes():
    """Code, docs, law and tests cite publications and docs/, never a file outside the repository
    or an issue number (the CHANGELOG's history is the exception)."""
    suffixes = {".py", ".md", ".yaml", ".yml", ".js", ".html", ".toml", ".cfg"}
    skip = {".git", ".venv", "build", "node_modules"}
    found = []
    for path in ROOT.rglob("*"):
        if path.suffix not in suffixes or path.name == "CHANGELOG.md" or skip & set(path.relative_to(ROOT).parts):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if any(word in line for word in OUTSIDE_OR_WORKING_NOTES) or ISSUE_NUMBER.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}")
    assert not found, found
