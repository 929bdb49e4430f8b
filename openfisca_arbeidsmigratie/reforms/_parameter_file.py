"""Parameter overrides of a regime: from a file (``"name@path/to/file.yaml"``) or inline (the API).

One format, one validation and one function that applies it (:func:`apply_overrides`): a mapping
with the key ``parameters`` (dotted parameter name -> value, or -> {start date: value}) and/or
``puntentabel`` (a score table of the brede welvaartstoets). See docs/reforms.md.
"""

from __future__ import annotations

import datetime
import math
import pathlib
from collections.abc import Mapping

import yaml
from openfisca_core.parameters import Parameter, ParameterNode
from openfisca_core.periods import instant
from openfisca_core.reforms import Reform
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_arbeidsmigratie.parameter_paths import ParameterPathError, node_at
from openfisca_arbeidsmigratie.puntentabel import valideer_puntentabel, vervang_tabel

KEYS = ("parameters", "puntentabel")


class ParameterFileError(ValueError):
    """Overrides that cannot be applied; the message names the file (or request field) and the entry."""


def _error(source: str, where: str, text: str) -> ParameterFileError:
    return ParameterFileError(f"{source}: {where}: {text}")


def parameter_at(root: ParameterNode, name: str, source: str = "parameters"):
    """The node at the dotted path ``name`` under ``root`` (a parameter or a group of them).

    An unknown step raises ParameterFileError naming the step and the children that exist there.
    """
    try:
        return node_at(root, name)
    except ParameterPathError as error:
        raise _error(source, f"parameters.{name}", str(error)) from None


def read_parameter_file(path: str | pathlib.Path) -> dict:
    """The overrides of a YAML parameter file (checked to be a mapping of the allowed keys)."""
    path = pathlib.Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError) as error:
        msg = f"{path}: cannot read the parameter file: {error}"
        raise ParameterFileError(msg) from None
    return data


def _check_shape(data, source: str) -> Mapping:
    if not isinstance(data, Mapping) or not data:
        msg = f"{source}: expected a mapping with the key(s) {' and/or '.join(KEYS)}"
        raise ParameterFileError(msg)
    unknown = [str(k) for k in data if k not in KEYS]
    if unknown:
        msg = f"{source}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(KEYS)}"
        raise ParameterFileError(msg)
    return data


def _kind(parameter: Parameter) -> str | None:
    """'boolean' or 'number': the type of the parameter's known values (None if it has none)."""
    values = [v.value for v in parameter.values_list if v.value is not None]
    if values and all(isinstance(v, bool) for v in values):
        return "boolean"
    if values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "number"
    return None


def _value(value, kind: str | None, where: str, source: str):
    if value is None:
        return None
    if isinstance(value, bool):
        if kind == "number":
            raise _error(source, where, f"value {str(value).lower()} is a boolean; allowed: a number (or null)")
        return value
    if isinstance(value, int | float) and math.isfinite(value):
        if kind == "boolean":
            raise _error(source, where, f"value {value!r} is a number; allowed: true or false (or null)")
        return float(value) if isinstance(value, float) else value
    expected = {"boolean": "true or false", "number": "a number"}.get(kind, "a number or true/false")
    raise _error(source, where, f"value {value!r} is not {expected}; allowed: {expected} (or null)")


def _date(key, where: str, source: str) -> str:
    if isinstance(key, datetime.date):
        return key.isoformat()
    try:
        return datetime.date.fromisoformat(str(key)).isoformat()
    except ValueError:
        raise _error(source, where, f"'{key}' is not a date (YYYY-MM-DD)") from None


def _changes(root: ParameterNode, data, source: str) -> list[tuple[str, list[tuple[str, object]]]]:
    """Validate the ``parameters`` section: [(name, [(start date, value), ...]), ...]."""
    if not isinstance(data, Mapping) or not data:
        raise _error(source, "parameters", "expected a non-empty mapping of parameter names to values")
    changes = []
    for key, values in data.items():
        name = str(key)
        where = f"parameters.{name}"
        parameter = parameter_at(root, name, source)
        if not isinstance(parameter, Parameter):
            raise _error(source, where, "is a group of parameters, not a single parameter with values")
        kind = _kind(parameter)
        if isinstance(values, Mapping):
            series = sorted(
                (_date(d, f"{where}.{d}", source), _value(v, kind, f"{where}.{d}", source))
                for d, v in values.items()
            )
        else:
            first = parameter.values_list[-1].instant_str if parameter.values_list else "0001-01-01"
            series = [(first, _value(values, kind, where, source))]
        changes.append((name, series))
    return changes


def apply_overrides(system: TaxBenefitSystem, data, source: str) -> TaxBenefitSystem:
    """Return ``system`` with the overrides ``data`` applied in memory (nothing is written).

    ``source`` names where the overrides come from (a file path, ``regimes[0]``) in every error.
    Everything is validated before anything is applied.
    """
    data = _check_shape(data, source)
    changes = _changes(system.parameters, data["parameters"], source) if "parameters" in data else []
    table = valideer_puntentabel(data["puntentabel"], bron=source) if "puntentabel" in data else None

    def modifier(parameters: ParameterNode) -> ParameterNode:
        if table is not None:
            vervang_tabel(parameters, table, source)
        for name, series in changes:
            parameter = parameter_at(parameters, name, source)
            for start, value in series:
                parameter.update(start=instant(start), value=value)
        return parameters

    class parameter_overrides(Reform):  # noqa: N801 (named like OpenFisca reforms)
        name = f"Parameters from {source}"

        def apply(self):
            self.modify_parameters(modifier_function=modifier)

    return parameter_overrides(system)


def apply_parameter_file(system: TaxBenefitSystem, path: str | pathlib.Path) -> TaxBenefitSystem:
    """Return ``system`` with the overrides of the YAML file ``path`` applied (see the module docstring)::

        parameters:
          voorstellen.brede_welvaartstoets.stap_1.drempel: 22
          voorstellen.brede_welvaartstoets.van_toepassing: {2025-01-01: true}
        puntentabel: {...}     # format in openfisca_arbeidsmigratie.puntentabel
    """
    return apply_overrides(system, read_parameter_file(path), str(path))
