"""The options of a ``/compare`` request: regimes, period, outputs and per-applicant results."""

from __future__ import annotations

import dataclasses

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_arbeidsmigratie.api.errors import unprocessable
from openfisca_arbeidsmigratie.api.regimes import parse_regimes
from openfisca_arbeidsmigratie.api.state import Limits
from openfisca_arbeidsmigratie.explain.requirements import FAILED
from openfisca_arbeidsmigratie.law_coverage import PeriodError, default_period, parse_month
from openfisca_arbeidsmigratie.microsimulation import DEFAULT_OUTPUTS
from openfisca_arbeidsmigratie.reforms import RegimeSpec

FIELDS = ("population", "regimes", "period", "outputs", "per_applicant", "projected")
PER_APPLICANT = {
    False: None,
    True: "records",
    "false": None,
    "true": "records",
    "0": None,
    "1": "records",
    "records": "records",
    "columns": "columns",
    None: None,
}


@dataclasses.dataclass(frozen=True)
class CompareOptions:
    regimes: list[RegimeSpec]
    period: str
    outputs: tuple[str, ...]
    per_applicant: str | None  # None, "records" or "columns"
    projected: bool = False  # fill unpublished amounts by projection (openfisca_arbeidsmigratie.projection)


def _check_fields(options: dict) -> None:
    unknown = sorted(str(k) for k in options if k not in FIELDS)
    if unknown:
        raise unprocessable(
            f"Unknown field(s) {', '.join(unknown)}; allowed: {', '.join(FIELDS)}.", "unknown_field"
        )


def parse_period(value) -> str:
    """The ``period`` field: a month (the command line's rule); default the latest month for which
    all law is published."""
    if value is None:
        return default_period()
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    try:
        return str(parse_month(value))
    except PeriodError as error:
        raise unprocessable(f"{error}.", "invalid_period") from None


def parse_outputs(value, system: TaxBenefitSystem, limits: Limits) -> tuple[str, ...]:
    if value is None:
        return DEFAULT_OUTPUTS
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value) or not value:
        raise unprocessable(
            "outputs: expected a non-empty list of variable names (strings).", "invalid_outputs"
        )
    if len(value) > limits.max_outputs:
        raise unprocessable(
            f"outputs: {len(value)} variables asked; allowed: at most {limits.max_outputs}.",
            "invalid_outputs",
        )
    person = system.person_entity.key
    for name in value:
        variable = system.variables.get(name)
        if name == FAILED:  # the list of failed requirements (see GET /requirements)
            continue
        if variable is None or variable.entity.key != person:
            reason = (
                "is not a variable" if variable is None else f"belongs to the {variable.entity.key}"
            )
            raise unprocessable(
                f"outputs: '{name}' {reason}; allowed: variables of the persoon (see GET /variables).",
                "unknown_variable",
            )
    return tuple(dict.fromkeys(value))


def parse_per_applicant(value) -> str | None:
    key = value.lower() if isinstance(value, str) else value
    if isinstance(key, int | float) and not isinstance(key, bool):
        key = str(key)
    try:
        return PER_APPLICANT[key]
    except (KeyError, TypeError):
        raise unprocessable(
            f'per_applicant: {value!r} is not allowed; allowed: false, true (= "records"), '
            '"records" or "columns".',
            "invalid_option",
        ) from None


PROJECTED = {None: False, False: False, True: True, "false": False, "true": True, "0": False, "1": True}


def parse_projected(value) -> bool:
    key = value.lower() if isinstance(value, str) else value
    if isinstance(key, int) and not isinstance(key, bool):
        key = str(key)
    try:
        return PROJECTED[key]
    except (KeyError, TypeError):
        raise unprocessable(
            f"projected: {value!r} is not allowed; allowed: false (default) or true.", "invalid_option"
        ) from None


def parse_options(options: dict, system: TaxBenefitSystem, limits: Limits) -> CompareOptions:
    _check_fields(options)
    return CompareOptions(
        regimes=parse_regimes(options.get("regimes"), limits.max_regimes),
        period=parse_period(options.get("period")),
        outputs=parse_outputs(options.get("outputs"), system, limits),
        per_applicant=parse_per_applicant(options.get("per_applicant")),
        projected=parse_projected(options.get("projected")),
    )


# Extra fields of POST /costing: name -> (minimum, maximum), passed on when run_costing accepts them.
# Draws are capped so that one request stays within the server's timeout (each draw re-simulates
# the population); more draws: the command line `arbeidsmigratie costing`.
COSTING_FIELDS = {"years": (1, 30), "draws": (0, 200), "seed": (0, 2**32 - 1)}


def pop_costing_options(options: dict) -> dict[str, int]:
    """Remove and validate the costing-only fields (integers within their ranges)."""
    extra = {}
    for name, (low, high) in COSTING_FIELDS.items():
        if name not in options:
            continue
        value = options.pop(name)
        if isinstance(value, str) and value.strip().isdigit():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise unprocessable(
                f"{name}: {value!r} is not allowed; allowed: an integer from {low} to {high}.",
                "invalid_option",
            )
        extra[name] = value
    return extra
