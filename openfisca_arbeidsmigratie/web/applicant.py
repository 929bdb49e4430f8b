"""One applicant on the web page: the input form's fields, the explanation per regime and the
case as a YAML test.

The form's values are checked by the population validator (a one-row population), so a bad
value gets the same message as in a population file or ``/compare``, tied to its field. The
decision, route and validity come from the comparison engine of ``/compare``; the failed
requirements, citations and distance to admission from the explain machinery of
``arbeidsmigratie explain``.
"""

from __future__ import annotations

import dataclasses
import re

import pyarrow as pa
import yaml
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_arbeidsmigratie.api.errors import ApiError, unprocessable
from openfisca_arbeidsmigratie.law_coverage import coverage_message, not_covered
from openfisca_arbeidsmigratie.population import Population, PopulationError, population_from_table
from openfisca_arbeidsmigratie.population.schema import PopulationSchema
from openfisca_arbeidsmigratie.reforms import BASELINE, reform_class

# Population bookkeeping, not a fact of the applicant's case.
NOT_IN_FORM = ("gewicht",)
OUTPUTS = (
    "toegelaten",
    "toelatingsroute",
    "verblijfsvergunning_geldigheidsduur_maanden",
    "gezinshereniging_toegestaan",
    "weigeringsgrond",
)
YAML_OUTPUTS = ("toegelaten", "toelatingsroute", "verblijfsvergunning_geldigheidsduur_maanden", "weigeringsgrond")
COLUMN = re.compile(r"column '([A-Za-z0-9_]+)'")
IDS = {"persoon_id": ["1"], "werkgever_id": ["1"], "huishouden_id": ["1"]}


def _json_default(value):
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def form_fields(system: TaxBenefitSystem, schema: PopulationSchema) -> list[dict]:
    """Every input of the form: label, documentation, type, allowed values, default, reference."""
    fields = []
    for column in schema.columns.values():
        if column.name in NOT_IN_FORM:
            continue
        variable = system.variables[column.name]
        reference = variable.reference or []
        fields.append(
            {
                "name": column.name,
                "entity": column.entity,
                "kind": column.kind,
                "label": column.label,
                "documentation": (variable.documentation or "").strip(),
                "unit": column.unit,
                "default": _json_default(column.default),
                "allowed": column.allowed(),
                "values": [{"name": m.name, "label": m.value} for m in column.enum] if column.enum else None,
                "minimum": column.minimum,
                "maximum": column.maximum,
                "references": [reference] if isinstance(reference, str) else list(reference),
            }
        )
    return fields


@dataclasses.dataclass
class Case:
    """A validated applicant: the form's values (typed) and the one-row population."""

    inputs: dict
    population: Population


def _cell(value) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return str(value).strip()
    raise unprocessable(f"inputs: the value {value!r} is not a text, number or boolean.", "invalid_inputs")


def _typed(column, text: str):
    """The validated cell as the situation's value (an Enum index becomes its member's name)."""
    kind = column.kind
    if kind == "enum" and text.isdigit():
        return column.enum_names[int(text)]
    if kind == "float":
        number = float(text)
        return int(number) if number.is_integer() else number
    if kind == "int":
        return int(float(text))
    if kind == "bool":
        return text.lower() in ("true", "1")
    return text


def read_case(inputs, schema: PopulationSchema, max_problems: int = 50) -> Case:
    """The form's values checked as a one-row population; a 422 naming each bad field."""
    if not isinstance(inputs, dict):
        raise unprocessable("inputs: expected an object {variable: value}.", "invalid_inputs")
    cells = {name: _cell(value) for name, value in inputs.items()}
    cells = {name: text for name, text in cells.items() if text is not None}
    unknown = sorted(n for n in cells if n not in schema.columns or n in NOT_IN_FORM)
    if unknown:
        fields = {n: "not an input variable of this package" for n in unknown}
        raise ApiError(
            422,
            "unknown_variable",
            f"inputs: unknown input(s) {', '.join(unknown)}; allowed: the input variables of GET /web/inputs.",
            problems=[f"inputs: {n}: {fields[n]}" for n in unknown],
        ) from None
    table = pa.table({**IDS, **{name: [text] for name, text in cells.items()}})
    try:
        population = population_from_table(table, schema, source="inputs", max_errors=max_problems)
    except PopulationError as error:
        raise ApiError(
            422,
            "invalid_inputs",
            f"inputs: {error.total} value(s) not allowed; nothing was computed.",
            problems=error.problems,
            total=error.total,
        ) from None
    typed = {name: _typed(schema.columns[name], text) for name, text in cells.items()}
    return Case(typed, population)


def field_errors(problems: list[str]) -> dict[str, str]:
    """{field: message} from the validator's problems ("... column 'x', value ...: why")."""
    fields = {}
    for problem in problems:
        found = COLUMN.search(problem)
        if found:
            fields.setdefault(found.group(1), problem.split(": ", 1)[-1])
            continue
        parts = problem.split(": ", 2)
        if len(parts) == 3:  # "inputs: NAME: why"
            fields.setdefault(parts[1], parts[2])
    return fields


def explain(case: Case, period: str, specs: list[str], baseline: TaxBenefitSystem) -> dict:
    """The explain machinery's answer; a 422 ``invalid_period`` when the law of the month is missing."""
    from openfisca_arbeidsmigratie.explain.explanation import SituationError  # noqa: PLC0415
    from openfisca_arbeidsmigratie.explain.explanation import explain as explain_situation  # noqa: PLC0415

    try:
        return explain_situation(dict(case.inputs), period, specs, baseline=baseline)
    except Exception as error:
        cause = not_covered(error)  # a law the month lacks, also behind an explanation's error
        if cause is not None:
            raise unprocessable(f"period {period}: {coverage_message(cause)}", "invalid_period") from None
        if isinstance(error, SituationError):
            raise unprocessable(f"inputs: {error}", "invalid_inputs") from None
        raise


def _reforms(spec: str) -> list[str]:
    classes = [reform_class(name) for name in spec.split("+")]
    return [f"{c.__module__}.{c.__qualname__}" for c in classes]


def _text(value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


def _sentence(inputs: dict, regime: str, outcome: dict) -> str:
    facts = ", ".join(f"{k} {_text(v)}" for k, v in inputs.items()) or "the ordinary lawful case"
    verdict = (
        f"is admitted on route {outcome['toelatingsroute']}"
        if outcome["toegelaten"]
        else f"is refused on ground {outcome['weigeringsgrond']}"
    )
    return f"Under {regime} an applicant with {facts} {verdict}"


def yaml_case(inputs: dict, period: str, outcomes: dict[str, dict]) -> str:
    """The case as YAML tests (one per regime) in the format of tests/yaml/."""
    cases = []
    for regime, outcome in outcomes.items():
        case = {"name": _sentence(inputs, regime, outcome), "period": period}
        if regime != BASELINE:
            reforms = _reforms(regime)
            case["reforms"] = reforms[0] if len(reforms) == 1 else reforms
        case["input"] = dict(inputs)
        case["output"] = {k: outcome[k] for k in YAML_OUTPUTS if k in outcome}
        cases.append(case)
    return yaml.safe_dump(cases, sort_keys=False, allow_unicode=True, width=100)
