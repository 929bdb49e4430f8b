"""The arbeidsmigratie endpoints: ``POST /compare``, ``POST /costing``, ``GET /regimes``."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable

import pyarrow as pa
from flask import Blueprint, current_app, g, request

from openfisca_arbeidsmigratie.api.bodies import CompareRequest, read_compare_request
from openfisca_arbeidsmigratie.api.coverage import coverage_message, not_covered
from openfisca_arbeidsmigratie.api.errors import ApiError, unprocessable
from openfisca_arbeidsmigratie.api.options import (
    CompareOptions,
    parse_options,
    pop_costing_options,
)
from openfisca_arbeidsmigratie.api.receipts import attach_body_receipt
from openfisca_arbeidsmigratie.api.regimes import catalogue
from openfisca_arbeidsmigratie.api.results import comparison_body, finite, json_response
from openfisca_arbeidsmigratie.api.spec import arbeidsmigratie_spec
from openfisca_arbeidsmigratie.api.state import ApiState, state
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
COSTING_MODULE = "openfisca_arbeidsmigratie.costing"
COSTING_FUNCTION = "run_costing"


def validate_population(parsed: CompareRequest, st: ApiState) -> Population:
    try:
        return population_from_table(
            parsed.table, st.schema, source=parsed.source, max_errors=st.limits.max_problems
        )
    except PopulationError as error:
        raise ApiError(
            422,
            "invalid_population",
            f"{error.source}: population rejected, {error.total} problem(s); nothing was computed. "
            "Rows count from 1 = the first record (line 2 of a CSV).",
            problems=error.problems,
            total=error.total,
        ) from None
    except pa.ArrowException as error:
        raise unprocessable(
            f"{parsed.source}: a column could not be read: {error}", "invalid_population"
        ) from None


def _regimes(options: CompareOptions, st: ApiState) -> list[Regime]:
    regimes = [st.builder.regime(r) for r in options.regimes]
    specs = {BASELINE: BASELINE, **{r.label: r.spec for r in regimes}}
    systems = {BASELINE: st.system, **{r.label: r.system for r in regimes}}
    g.receipt = receipt_for(systems, period=options.period, specs=specs)
    return regimes


def _read(
    st: ApiState, extra_fields: Callable[[dict], dict] | None = None
) -> tuple[CompareOptions, dict, list[Regime], Population]:
    parsed = read_compare_request(request, st.limits)
    extra = extra_fields(parsed.options) if extra_fields else {}
    options = parse_options(parsed.options, st.system, st.limits)
    regimes = _regimes(options, st)
    return options, extra, regimes, validate_population(parsed, st)


@blueprint.post("/compare")
def compare_endpoint():
    st = state(current_app)
    options, _, regimes, population = _read(st)
    try:
        result = compare(
            population, regimes, period=options.period, outputs=options.outputs, baseline=st.system
        )
    except RegimeComputationError as error:
        cause = not_covered(error)
        if cause is not None:
            raise unprocessable(
                f"period {options.period}: {coverage_message(cause)}", "invalid_period"
            ) from None
        raise ApiError(500, "regime_computation_failed", str(error)) from None
    except ComparisonError as error:
        raise unprocessable(
            str(error).replace("--reform ", "regimes: "), "invalid_regime"
        ) from None
    specs = {BASELINE: BASELINE, **{r.label: r.spec for r in regimes}}
    body = comparison_body(result, population, options.per_applicant, specs)
    return json_response(attach_body_receipt(body))


def costing_function():
    """F's ``run_costing`` when the costing package provides it, else None."""
    try:
        module = importlib.import_module(COSTING_MODULE)
    except ImportError:
        return None
    return getattr(module, COSTING_FUNCTION, None)


@blueprint.post("/costing")
def costing_endpoint():
    st = state(current_app)
    run_costing = costing_function()
    if run_costing is None:
        raise ApiError(
            501,
            "not_implemented",
            "Costing is not available in this version of the package (no "
            f"{COSTING_MODULE}.{COSTING_FUNCTION}); use POST /compare for admissions and transitions.",
        )
    options, extra, regimes, population = _read(st, pop_costing_options)
    accepted = inspect.signature(run_costing).parameters
    arguments = {"population": population, "regimes": regimes, "period": options.period, **extra}
    result = run_costing(**{k: v for k, v in arguments.items() if k in accepted})
    body = finite(result.to_dict() if hasattr(result, "to_dict") else dict(result))
    return json_response(attach_body_receipt(body))


@blueprint.get("/regimes")
def regimes_endpoint():
    st = state(current_app)
    return json_response(attach_body_receipt({"regimes": catalogue(st.system)}))


@blueprint.get("/spec/arbeidsmigratie")
def spec_endpoint():
    return json_response(arbeidsmigratie_spec(request.host_url.rstrip("/")))
