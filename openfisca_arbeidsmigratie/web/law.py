"""What the law browser of the web page lists: variables, parameters and refusal grounds."""

from __future__ import annotations

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


def requirements(system: TaxBenefitSystem) -> list[dict]:
    """The refusal grounds with their citations, in the format of ``GET /requirements``.

    The law-side registry (``openfisca_arbeidsmigratie.eisen.catalogue``) answers when it is
    installed; otherwise the grounds of the ``Weigeringsgrond`` enum with ``citaties.py``.
    """
    try:
        from openfisca_arbeidsmigratie.eisen import catalogue  # noqa: PLC0415 (optional module)
    except ImportError:
        pass
    else:
        return catalogue()
    from openfisca_arbeidsmigratie.citaties import WEIGERINGSGROND_CITATIES  # noqa: PLC0415
    from openfisca_arbeidsmigratie.enums import Weigeringsgrond  # noqa: PLC0415

    rows = []
    for order, member in enumerate(Weigeringsgrond):
        if member.name == "geen":
            continue
        cited = WEIGERINGSGROND_CITATIES.get(member.name, {})
        variable = f"niet_voldaan_{member.name}"
        rows.append(
            {
                "name": member.name,
                "variable": variable if variable in system.variables else None,
                "routes": [],
                "order": order,
                "description": member.value,
                "citation": {
                    "law": cited.get("wet", ""),
                    "bwb_id": cited.get("bwb_id", ""),
                    "article": cited.get("artikel", ""),
                    "lid": cited.get("lid", ""),
                    "onderdeel": cited.get("onderdeel", ""),
                    "url": cited.get("url", ""),
                },
            }
        )
    return rows
