"""Routes of the web page: the page itself at ``/`` (for browsers), its static files under
``/web/static/`` and the JSON endpoints it needs besides the API's own.

* ``GET /`` with ``Accept: text/html``: the page; any other client keeps OpenFisca's welcome answer;
* ``POST /explain``: one applicant under current law and regimes (decision, route, validity,
  deciding ground, failed requirements with citations, distance to admission, the YAML test);
* ``GET /web/case.yaml``: the same case as a YAML test (query string: ``period``, ``regimes``
  comma-separated, one parameter per input);
* ``GET /web/inputs``: the fields of the applicant form;
* ``GET /web/law``: variables and parameters for the law browser's search;
* ``GET /web/cases/<variable>``: the YAML test cases naming a variable (in a source checkout);
* ``GET /web/population.parquet``: the bundled population, which the page sends to ``/compare``.
"""

from __future__ import annotations

import importlib.resources
import logging

import werkzeug.exceptions
from flask import Blueprint, Flask, Response, current_app, request, send_file

from openfisca_arbeidsmigratie.api.errors import ApiError, error_response, unprocessable
from openfisca_arbeidsmigratie.api.options import parse_period
from openfisca_arbeidsmigratie.api.receipts import attach_body_receipt
from openfisca_arbeidsmigratie.api.regimes import parse_regimes
from openfisca_arbeidsmigratie.api.results import finite, json_response
from openfisca_arbeidsmigratie.api.state import state
from openfisca_arbeidsmigratie.law_coverage import (
    FIRST_YEAR,
    LAST_YEAR,
    coverage_message,
    not_covered,
)
from openfisca_arbeidsmigratie.microsimulation import RegimeComputationError, compare
from openfisca_arbeidsmigratie.reforms import BASELINE
from openfisca_arbeidsmigratie.web import applicant, law

blueprint = Blueprint(
    "web", __name__, static_folder="static", static_url_path="/web/static"
)
BUNDLED_POPULATION = ("data", "bevolking_2026.parquet")
ROOT_VIEW = "get_root"
log = logging.getLogger(__name__)


def wants_html() -> bool:
    """A browser (text/html preferred over JSON); curl's */* and API clients get JSON."""
    best = request.accept_mimetypes.best_match(["application/json", "text/html"])
    return best == "text/html" and request.accept_mimetypes["text/html"] > request.accept_mimetypes["application/json"]


def page() -> Response:
    response = blueprint.send_static_file("index.html")
    response.headers["Cache-Control"] = "no-cache"
    return response


def register_web(app: Flask) -> None:
    """Add the page at ``/`` (browsers only) and the page's endpoints to ``app``."""
    app.register_blueprint(blueprint)
    welcome = app.view_functions[ROOT_VIEW]

    def get_root():
        return page() if wants_html() else welcome()

    app.view_functions[ROOT_VIEW] = get_root


@blueprint.errorhandler(404)
def _not_found(error):
    return error_response(ApiError(404, "not_found", f"{request.path}: no such file of the web page."))


@blueprint.errorhandler(Exception)
def _defect(error):
    """A defect in the page's endpoints: our JSON 500 (logged), never an HTML page or a traceback.

    Flask asks a blueprint's handlers before the app's, so refusals pass through here too.
    """
    if isinstance(error, ApiError):
        return error_response(error)
    if isinstance(error, werkzeug.exceptions.HTTPException):
        code = (error.name or "error").lower().replace(" ", "_")
        return error_response(ApiError(error.code or 500, code, error.description or ""))
    log.exception("Unexpected error in %s %s", request.method, request.path)
    return error_response(
        ApiError(500, "internal_error", f"Internal server error ({type(error).__name__}); nothing was computed. The server log has the details.")
    )


def _regime_names(value, max_regimes: int) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise unprocessable(
            "regimes: expected a list of regime names (NAME or NAME+NAME); reform parameters "
            "are edited on the population page (POST /compare).",
            "invalid_regime",
        )
    return parse_regimes(value, max_regimes)


def _outcomes(case, regimes, period: str, st) -> tuple[dict[str, dict], list[str]]:
    try:
        result = compare(case.population, regimes, period=period, outputs=applicant.OUTPUTS, baseline=st.system)
    except RegimeComputationError as error:
        cause = not_covered(error)
        if cause is None:
            raise
        raise unprocessable(f"period {period}: {coverage_message(cause)}", "invalid_period") from None
    row = result.table.slice(0, 1).to_pylist()[0]
    labels = [BASELINE, *[r.label for r in regimes]]
    outcomes = {
        label: {name: row.get(f"{label}.{name}") for name in applicant.OUTPUTS} for label in labels
    }
    return outcomes, list(result.warnings)


def _answer(options: dict) -> dict:
    st = state(current_app)
    period = str(parse_period(options.get("period")))
    requests = _regime_names(options.get("regimes"), st.limits.max_regimes)
    case = applicant.read_case(options.get("inputs", {}), st.schema, st.limits.max_problems)
    regimes = [st.builder.regime(r) for r in requests]
    outcomes, warnings = _outcomes(case, regimes, period, st)
    try:
        explained = applicant.explain(case, period, [str(r.spec) for r in regimes], st.system)
    except ApiError as error:
        # The decision stands (the engine computed it); only the explanation needs law the month lacks.
        if error.code != "invalid_period":
            raise
        explained = None
        warnings.append(f"No explanation for this month: {error.message}")
    return {
        "period": period,
        "inputs": case.inputs,
        "outcomes": outcomes,
        "explanation": explained,
        "warnings": warnings,
        "yaml": applicant.yaml_case(case.inputs, period, outcomes),
    }


def _with_fields(error: ApiError) -> Response:
    response = error_response(error)
    if error.problems:
        body = response.get_json()
        body["fields"] = applicant.field_errors(error.problems)
        return json_response(body, error.status)
    return response


@blueprint.post("/explain")
def explain_endpoint():
    options = request.get_json(silent=True)
    if not isinstance(options, dict):
        raise ApiError(400, "invalid_body", "Send a JSON object {inputs, period, regimes} with Content-Type: application/json.")
    unknown = sorted(set(options) - {"inputs", "period", "regimes"})
    if unknown:
        raise unprocessable(f"Unknown field(s) {', '.join(unknown)}; allowed: inputs, period, regimes.", "unknown_field")
    try:
        return json_response(attach_body_receipt(finite(_answer(options))))
    except ApiError as error:
        return _with_fields(error)


@blueprint.route("/explain", methods=["GET", "PUT", "PATCH", "DELETE"])
def explain_other_methods():
    raise ApiError(405, "method_not_allowed", f"{request.method} /explain: use POST with a JSON object {{inputs, period, regimes}}.")


@blueprint.get("/web/case.yaml")
def case_yaml():
    query = request.args.to_dict()
    options = {
        "period": query.pop("period", None),
        "regimes": query.pop("regimes", None),
        "inputs": query,
    }
    try:
        text = _answer(options)["yaml"]
    except ApiError as error:
        return _with_fields(error)
    return Response(text, mimetype="text/plain", headers={"Content-Disposition": "inline; filename=case.yaml"})


@blueprint.get("/web/inputs")
def inputs_endpoint():
    st = state(current_app)
    body = {
        "period": parse_period(None),
        "first_year": FIRST_YEAR,
        "last_year": LAST_YEAR,
        "fields": applicant.form_fields(st.system, st.schema),
    }
    return json_response(finite(body))


@blueprint.get("/web/law")
def law_endpoint():
    st = state(current_app)
    return json_response(finite({"variables": law.variables(st.system), "parameters": law.parameters(st.system)}))


@blueprint.get("/web/cases/<variable>")
def cases_endpoint(variable: str):
    st = state(current_app)
    if variable not in st.system.variables:
        raise ApiError(404, "unknown_variable", f"{variable}: no such variable (see GET /variables).")
    return json_response(finite(law.cases_naming(variable)))


@blueprint.get("/web/population.parquet")
def bundled_population():
    path = importlib.resources.files("openfisca_arbeidsmigratie").joinpath(*BUNDLED_POPULATION)
    return send_file(str(path), mimetype="application/vnd.apache.parquet", download_name="bevolking_2026.parquet")
