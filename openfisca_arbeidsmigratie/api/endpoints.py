"""The arbeidsmigratie endpoints: ``POST /compare``, ``POST /costing``, ``GET /regimes``, ``GET /requirements``."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pyarrow as pa
from flask import Blueprint, current_app, g, request

from openfisca_arbeidsmigratie import projection
from openfisca_arbeidsmigratie.api.bodies import CompareRequest, read_compare_request
from openfisca_arbeidsmigratie.api.errors import ApiError, population_rejected, unprocessable
from openfisca_arbeidsmigratie.api.options import (
    CompareOptions,
    parse_options,
    pop_costing_options,
)
from openfisca_arbeidsmigratie.api.receipts import attach_body_receipt
from openfisca_arbeidsmigratie.api.regimes import RegimeBuilder, catalogue
from openfisca_arbeidsmigratie.api.results import comparison_body, finite, json_response
from openfisca_arbeidsmigratie.api.situations import check_population_month
from openfisca_arbeidsmigratie.api.spec import arbeidsmigratie_spec
from openfisca_arbeidsmigratie.api.state import ApiState, state
from openfisca_arbeidsmigratie.costing import CostingError, run_costing
from openfisca_arbeidsmigratie.eisen import catalogue as requirements_catalogue
from openfisca_arbeidsmigratie.law_coverage import coverage_message, not_covered
from openfisca_arbeidsmigratie.microsimulation import (
    ComparisonError,
    Regime,
    RegimeComputationError,
    compare,
)
from openfisca_arbeidsmigratie.population import Population, PopulationError, population_from_table
from openfisca_arbeidsmigratie.receipt import receipt_for
from openfisca_arbeidsmigratie.reforms import BASELINE

blueprint = Blueprint("arbeidsmigratie", __name__)


def validate_population(parsed: CompareRequest, st: ApiState) -> Population:
    try:
        return population_from_table(
            parsed.table, st.schema, source=parsed.source, max_errors=st.limits.max_problems
        )
    except PopulationError as error:
        raise population_rejected(error) from None
    except pa.ArrowException as error:
        raise unprocessable(
            f"{parsed.source}: a column could not be read: {error}", "invalid_population"
        ) from None


def _regimes(options: CompareOptions, st: ApiState) -> list[Regime]:
    builder, g.baseline, marks = st.builder, st.system, []
    if options.projected:  # a marked projection over its own baseline (not cached)
        g.baseline = projection.projected_baseline(options.period)
        builder, marks = RegimeBuilder(g.baseline, st.builder.parameter_dir), projection.notice(g.baseline)
    regimes = [builder.regime(r) for r in options.regimes]
    specs = {BASELINE: BASELINE, **{r.label: str(r.spec) for r in regimes}}
    systems = {BASELINE: g.baseline, **{r.label: r.system for r in regimes}}
    not_in_force = [w for r in regimes for w in r.inactive_reforms(options.period)]
    g.projection = marks
    g.receipt = receipt_for(
        systems,
        period=options.period,
        specs=specs,
        not_in_force=not_in_force,
        **({"projection": marks} if marks else {}),
    )
    return regimes


def _period_error(error: Exception, period: str) -> ApiError | None:
    """A month outside the law the package encodes, as a 422; None for other errors."""
    cause = not_covered(error)
    if cause is None:
        return None
    return unprocessable(f"period {period}: {coverage_message(cause)}", "invalid_period")


@dataclasses.dataclass
class Asked:
    """A validated /compare or /costing request."""

    options: CompareOptions
    extra: dict
    regimes: list[Regime]
    population: Population
    named_regimes: bool  # the request had a `regimes` field


def _read(st: ApiState, extra_fields: Callable[[dict], dict] | None = None) -> Asked:
    parsed = read_compare_request(request, st.limits)
    extra = extra_fields(parsed.options) if extra_fields else {}
    named = "regimes" in parsed.options
    options = parse_options(parsed.options, st.system, st.limits)
    regimes = _regimes(options, st)
    population = validate_population(parsed, st)
    check_population_month(population, options.period)  # api/situations.py
    return Asked(options, extra, regimes, population, named)


@blueprint.post("/compare")
def compare_endpoint():
    st = state(current_app)
    asked = _read(st)
    options, regimes, population = asked.options, asked.regimes, asked.population
    try:
        result = compare(
            population, regimes, period=options.period, outputs=options.outputs, baseline=g.baseline
        )
    except RegimeComputationError as error:
        raise _period_error(error, options.period) or ApiError(
            500, "regime_computation_failed", str(error)
        ) from None
    except ComparisonError as error:
        raise unprocessable(
            str(error).replace("--reform ", "regimes: "), "invalid_regime"
        ) from None
    specs = {BASELINE: BASELINE, **{r.label: str(r.spec) for r in regimes}}
    body = comparison_body(result, population, options.per_applicant, specs)
    if g.projection:
        body = {"projection": g.projection, **body}
    return json_response(attach_body_receipt(body))


@blueprint.post("/costing")
def costing_endpoint():
    st = state(current_app)
    asked = _read(st, pop_costing_options)
    try:
        result = run_costing(
            asked.population,
            # None: the costing's default reforms
            asked.regimes if asked.named_regimes else None,
            asked.options.period,
            **asked.extra,
            **({"baseline": g.baseline} if asked.options.projected else {}),
        )
    except CostingError as error:
        raise unprocessable(f"costing: {error}", "invalid_costing") from None
    except RegimeComputationError as error:
        raise _period_error(error, asked.options.period) or ApiError(
            500, "regime_computation_failed", str(error)
        ) from None
    body = finite(result.to_dict())
    if isinstance(body.get("receipt"), dict):
        g.receipt = body["receipt"]  # the costing's own receipt (population hash, seed, ...)
    return json_response(attach_body_receipt(body))


@blueprint.get("/regimes")
def regimes_endpoint():
    st = state(current_app)
    return json_response(attach_body_receipt({"regimes": catalogue(st.system)}))


@blueprint.get("/requirements")
def requirements_endpoint():
    """Every requirement an applicant can fail, from the registry (openfisca_arbeidsmigratie.eisen)."""
    return json_response(attach_body_receipt({"requirements": requirements_catalogue()}))


@blueprint.get("/spec/arbeidsmigratie")
def spec_endpoint():
    return json_response(arbeidsmigratie_spec(request.host_url.rstrip("/")))
