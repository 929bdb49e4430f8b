"""The documentation speaks for itself: the /calculate example works, the glossary lists every
route, refusal ground and regime, and every repository path the docs name exists."""

from __future__ import annotations

import json
import pathlib
import re

import pytest

from openfisca_arbeidsmigratie import glossary
from openfisca_arbeidsmigratie.api.app import create_app
from openfisca_arbeidsmigratie.enums import Toelatingsroute, Weigeringsgrond
from openfisca_arbeidsmigratie.reforms import available_regimes

ROOT = pathlib.Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
MARKER = "<!-- calculate-example -->\n```json\n"


def _calculate_example(path: pathlib.Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert MARKER in text, f"{path.name} has no /calculate example"
    body = text.split(MARKER, 1)[1].split("```", 1)[0]
    return json.loads(body)


@pytest.mark.parametrize("doc", ["docs/api.md", "README.md"])
def test_the_documented_calculate_body_works_on_calculate_and_trace(doc):
    body = _calculate_example(ROOT / doc)
    assert body == _calculate_example(ROOT / "docs" / "api.md")
    client = create_app().test_client()
    answer = client.post("/calculate", json=body)
    assert answer.status_code == 200, answer.get_json()
    person = answer.get_json()["personen"]["aanvrager"]
    assert person["toegelaten"]["2026-01"] is True
    assert person["toelatingsroute"]["2026-01"] == "kennismigrant"
    assert person["weigeringsgrond"]["2026-01"] == "geen"
    household = answer.get_json()["huishoudens"]["huishouden_1"]
    assert household["aantal_meereizende_gezinsleden"]["2026-01"] == 2
    trace = client.post("/trace", json=body)
    assert trace.status_code == 200
    assert "toegelaten<2026-01>" in trace.get_json()["requestedCalculations"]


def test_the_glossary_names_every_route_refusal_ground_and_regime_and_is_up_to_date():
    text = (ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")
    for name in [*Toelatingsroute.__members__, *Weigeringsgrond.__members__, *available_regimes()]:
        assert f"| `{name}` |" in text, f"docs/glossary.md lacks {name}"
    start, stop = text.index(glossary.BEGIN), text.index(glossary.END) + len(glossary.END)
    assert text[start:stop] == glossary.generated_part(), (
        "docs/glossary.md is out of date: python -m openfisca_arbeidsmigratie.glossary docs/glossary.md"
    )


def test_every_route_ground_and_regime_has_its_english_rendering():
    assert set(Toelatingsroute.__members__) <= set(glossary.ROUTES_EN)
    assert set(available_regimes()) <= set(glossary.REGIMES_EN)
    missing = [m for m in Weigeringsgrond.__members__ if not glossary.english_of_ground(m)]
    assert not missing, f"add the English of {missing} to GROUNDS_EN in openfisca_arbeidsmigratie/glossary.py"


TOP = ("parameters/", "variables/", "openfisca_arbeidsmigratie/", "tests/", "docs/", "benchmarks/", ".ci/")
PATH = re.compile(r"(?<![\w./-])((?:" + "|".join(re.escape(t) for t in TOP) + r")[\w./-]*[\w/])")
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def _named_paths(doc: pathlib.Path) -> list[tuple[str, pathlib.Path]]:
    text = doc.read_text(encoding="utf-8")
    named = []
    for match in PATH.finditer(text):
        path = match.group(1)
        if any(mark in path for mark in ("<", "…", "*", "...")) or text[match.end() : match.end() + 1] in "<*…":
            continue  # a pattern (tests/yaml/<area>/...), not a file
        named.append((path, ROOT / path.rstrip("/")))
    for match in LINK.finditer(text):
        target = match.group(1)
        if "://" in target or target.startswith("mailto:"):
            continue
        named.append((target, (doc.parent / target).resolve()))
    return named


GENERATED = ROOT / "docs" / "screenshots"
"""Written by a documented command (docs/web.md) and kept out of the repository (.gitignore)."""


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.name)
def test_every_repository_path_named_in_the_docs_exists(doc):
    missing = [
        name
        for name, path in _named_paths(doc)
        if not path.exists() and not path.is_relative_to(GENERATED)
    ]
    assert not missing, f"{doc.relative_to(ROOT)} names paths that do not exist: {missing}"


def test_the_docs_cite_no_file_outside_the_repository():
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for outside in ("../" + "shared/", "engine" + "-notes"):  # spelled apart so that a search for them finds none
            assert outside not in text, f"{doc.relative_to(ROOT)} cites {outside}"


def test_the_docs_state_the_default_month_of_this_version():
    from openfisca_arbeidsmigratie.law_coverage import default_period  # noqa: PLC0415

    for name in ("README.md", "docs/api.md", "docs/costing.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        assert f"{default_period()}" in text and "in this version" in text, name
