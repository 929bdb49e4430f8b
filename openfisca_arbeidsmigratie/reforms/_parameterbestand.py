"""Parameter files of regime specifications (``"name+name@path/to/file.yaml"``).

See :func:`openfisca_arbeidsmigratie.reforms.apply_parameter_file` for the format.
"""

from __future__ import annotations

import datetime
import math
import pathlib

import yaml
from openfisca_core.parameters import Parameter, ParameterNode
from openfisca_core.periods import instant
from openfisca_core.reforms import Reform
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_arbeidsmigratie.puntentabel import valideer_puntentabel, vervang_tabel

SLEUTELS = ("parameters", "puntentabel")


class ParameterFileError(ValueError):
    """A parameter file that cannot be applied; the message names the file and the entry."""


def _fout(bron: str, plaats: str, tekst: str) -> ParameterFileError:
    return ParameterFileError(f"{bron}: {plaats}: {tekst}")


def _lees(path: pathlib.Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError) as error:
        msg = f"{path}: cannot read the parameter file: {error}"
        raise ParameterFileError(msg) from error
    if not isinstance(data, dict) or not data:
        msg = f"{path}: expected a mapping with the key(s) {' and/or '.join(SLEUTELS)}"
        raise ParameterFileError(msg)
    onbekend = [str(k) for k in data if k not in SLEUTELS]
    if onbekend:
        msg = f"{path}: unknown key(s) {', '.join(onbekend)}; allowed: {', '.join(SLEUTELS)}"
        raise ParameterFileError(msg)
    return data


def _parameter(parameters: ParameterNode, naam: str, bron: str) -> Parameter:
    node = parameters
    gelopen = []
    for deel in naam.split("."):
        kinderen = getattr(node, "children", {})
        if deel not in kinderen:
            waar = ".".join(gelopen) or "the root"
            mogelijk = ", ".join(sorted(kinderen)) or "none"
            raise _fout(
                bron,
                f"parameters.{naam}",
                f"no parameter '{deel}' under {waar}; children there: {mogelijk}",
            )
        node = kinderen[deel]
        gelopen.append(deel)
    if not isinstance(node, Parameter):
        raise _fout(
            bron,
            f"parameters.{naam}",
            "is a group of parameters, not a single parameter with values",
        )
    return node


def _waarde(waarde, plaats: str, bron: str):
    if waarde is None or isinstance(waarde, bool):
        return waarde
    if isinstance(waarde, int | float) and math.isfinite(waarde):
        return float(waarde) if isinstance(waarde, float) else waarde
    raise _fout(bron, plaats, f"value {waarde!r} is not a number, true/false or null")


def _datum(sleutel, plaats: str, bron: str) -> str:
    if isinstance(sleutel, datetime.date):
        return sleutel.isoformat()
    try:
        return datetime.date.fromisoformat(str(sleutel)).isoformat()
    except ValueError:
        raise _fout(bron, plaats, f"'{sleutel}' is not a date (YYYY-MM-DD)") from None


def _wijzigingen(
    parameters: ParameterNode, data, bron: str
) -> list[tuple[str, list[tuple[str, object]]]]:
    """Validate the ``parameters`` section: [(name, [(start date, value), ...]), ...]."""
    if not isinstance(data, dict) or not data:
        raise _fout(bron, "parameters", "expected a non-empty mapping of parameter names to values")
    wijzigingen = []
    for sleutel, waarden in data.items():
        naam = str(sleutel)
        parameter = _parameter(parameters, naam, bron)
        plaats = f"parameters.{naam}"
        if isinstance(waarden, dict):
            reeks = sorted(
                (_datum(d, f"{plaats}.{d}", bron), _waarde(w, f"{plaats}.{d}", bron))
                for d, w in waarden.items()
            )
        else:
            eerste = (
                parameter.values_list[-1].instant_str if parameter.values_list else "0001-01-01"
            )
            reeks = [(eerste, _waarde(waarden, plaats, bron))]
        wijzigingen.append((naam, reeks))
    return wijzigingen


def _pas_wijzigingen_toe(parameters: ParameterNode, wijzigingen) -> None:
    for naam, reeks in wijzigingen:
        parameter = _parameter(parameters, naam, "")
        for start, waarde in reeks:
            parameter.update(start=instant(start), value=waarde)


def toepassen(system: TaxBenefitSystem, path: str) -> TaxBenefitSystem:
    """Validate the file at ``path`` and return ``system`` with its values applied."""
    bestand = pathlib.Path(path)
    bron = str(bestand)
    data = _lees(bestand)
    wijzigingen = (
        _wijzigingen(system.parameters, data["parameters"], bron) if "parameters" in data else []
    )
    tabel = valideer_puntentabel(data["puntentabel"], bron=bron) if "puntentabel" in data else None

    def modifier(parameters: ParameterNode) -> ParameterNode:
        if tabel is not None:
            vervang_tabel(parameters, tabel, bron)
        _pas_wijzigingen_toe(parameters, wijzigingen)
        return parameters

    class parameterbestand(Reform):  # noqa: N801 (named like OpenFisca reforms)
        name = f"Parameters from {bron}"

        def apply(self):
            self.modify_parameters(modifier_function=modifier)

    return parameterbestand(system)
