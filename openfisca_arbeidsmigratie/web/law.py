"""What the law browser of the web page lists: variables, parameters and refusal grounds."""

from __future__ import annotations

import functools
import pathlib

import yaml
from openfisca_core.parameters import Parameter, ParameterScale
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_arbeidsmigratie.population.schema import is_input


def _first_paragraph(text: str | None) -> str:
    return " ".join((text or "").strip().split("\n\n")[0].split())


def _reference(reference) -> list[str]:
    if not reference:
        return []
    return [reference] if isinstance(reference, str) else [str(r) for r in reference]


def variables(system: TaxBenefitSystem) -> list[dict]:
    rows = []
    for name, variable in sorted(system.variables.items()):
        rows.append(
            {
                "id": name,
                "label": variable.label or "",
                "documentation": _first_paragraph(variable.documentation),
                "entity": variable.entity.key,
                "value_type": variable.value_type.__name__,
                "input": is_input(variable),
                "references": _reference(variable.reference),
            }
        )
    return rows


def parameters(system: TaxBenefitSystem) -> list[dict]:
    rows = []
    for node in system.parameters.get_descendants():
        if not isinstance(node, Parameter | ParameterScale):
            continue
        metadata = node.metadata or {}
        rows.append(
            {
                "id": node.name,
                "description": node.description or "",
                "label_en": metadata.get("label_en", ""),
                "unit": metadata.get("unit"),
                "assumption": "assumption" in metadata,
                "scale": isinstance(node, ParameterScale),
            }
        )
    return sorted(rows, key=lambda row: row["id"])


def yaml_folder() -> pathlib.Path | None:
    """tests/yaml of a source checkout (an editable install); None in an installed wheel."""
    folder = pathlib.Path(__file__).resolve().parents[2] / "tests" / "yaml"
    return folder if folder.is_dir() else None


def _names(node, depth: int = 0) -> dict[str, object]:
    """Variable names in a test's input or output (flat or by entity), with a value each."""
    found: dict[str, object] = {}
    if not isinstance(node, dict) or depth > 3:  # noqa: PLR2004 (entity plural, id, variable)
        return found
    for key, value in node.items():
        if isinstance(value, dict):
            found.update(_names(value, depth + 1))
        found.setdefault(str(key), value)
    return found


@functools.cache
def _case_index(folder: pathlib.Path) -> dict[str, list[dict]]:
    index: dict[str, list[dict]] = {}
    for path in sorted(folder.rglob("*.y*ml")):
        try:
            cases = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        except (OSError, yaml.YAMLError):
            continue
        for case in cases if isinstance(cases, list) else [cases]:
            if not isinstance(case, dict):
                continue
            where = {"file": path.relative_to(folder.parents[1]).as_posix(), "name": str(case.get("name", "")), "period": str(case.get("period", ""))}
            for role in ("input", "output"):
                for name, value in _names(case.get(role)).items():
                    shown = value if isinstance(value, bool | int | float | str | list) or value is None else str(value)
                    index.setdefault(name, []).append({**where, "as": role, "value": shown})
    return index


def cases_naming(variable: str) -> dict:
    """The YAML test cases that name ``variable`` as an input or an expected output."""
    folder = yaml_folder()
    if folder is None:
        return {"available": False, "cases": []}
    return {"available": True, "cases": _case_index(folder).get(variable, [])}
