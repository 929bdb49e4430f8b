"""The Flask app: OpenFisca's web API plus the arbeidsmigratie endpoints, a receipt on every answer."""

from __future__ import annotations

import pathlib

import werkzeug.exceptions
from flask import Flask, jsonify, request
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from openfisca_web_api.app import create_app as create_openfisca_app

from openfisca_arbeidsmigratie.api.endpoints import blueprint
from openfisca_arbeidsmigratie.api.errors import register_error_handlers
from openfisca_arbeidsmigratie.api.hardening import (
    TOO_LARGE,
    ChunkedBodyLimit,
    configure_cors,
    guard_situation_views,
)
from openfisca_arbeidsmigratie.api.law_coverage import guard_openfisca_views
from openfisca_arbeidsmigratie.api.receipts import register_receipt_header
from openfisca_arbeidsmigratie.api.situations import check_openfisca_situations
from openfisca_arbeidsmigratie.api.spec import merge_into
from openfisca_arbeidsmigratie.api.state import EXTENSION, ApiState, Limits
from openfisca_arbeidsmigratie.reforms import baseline_system
from openfisca_arbeidsmigratie.web import register_web

WELCOME = (
    "openfisca-arbeidsmigratie web API: OpenFisca's endpoints (/calculate, /trace, /variables, "
    "/parameters, ...) plus POST /compare, POST /costing and GET /regimes. OpenAPI: {}spec"
)


def _extend_spec(app: Flask) -> None:
    """GET /spec: OpenFisca's document with our endpoints added (so clients and fuzzers see them)."""
    original = app.view_functions["get_spec"]

    def get_spec():
        return jsonify(merge_into(original().get_json()))

    app.view_functions["get_spec"] = get_spec


def _refuse_too_large():
    """A chunked body above the limit (see hardening.ChunkedBodyLimit): 413 whatever the endpoint."""
    if request.environ.get(TOO_LARGE):
        raise werkzeug.exceptions.RequestEntityTooLarge()


def create_app(
    system: TaxBenefitSystem | None = None,
    *,
    limits: Limits | None = None,
    parameter_dir: str | pathlib.Path | None = None,
    welcome_message: str | None = None,
    cors_origins: tuple[str, ...] | list[str] | None = None,
) -> Flask:
    """The web API over ``system`` (default: current law, built once per process).

    CORS is off unless ``cors_origins`` lists the origins (``https://host``) allowed to call it.
    """
    if system is None:
        system = baseline_system()
    limits = limits or Limits()
    app = create_openfisca_app(system, welcome_message=welcome_message)
    app.config["MAX_CONTENT_LENGTH"] = limits.max_body_bytes
    # The `options` form field of a multipart upload may hold a whole score table.
    app.config["MAX_FORM_MEMORY_SIZE"] = 16 * 2**20
    app.extensions[EXTENSION] = ApiState(
        system, limits, pathlib.Path(parameter_dir) if parameter_dir else None
    )
    app.register_blueprint(blueprint)
    _extend_spec(app)
    check_openfisca_situations(app)  # the package's input check (api/situations.py), inside the guards
    guard_openfisca_views(app)
    guard_situation_views(app)
    configure_cors(app, cors_origins)
    app.wsgi_app = ChunkedBodyLimit(app.wsgi_app, app)
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_too_large)
    register_error_handlers(app)
    register_receipt_header(app)
    register_web(app)  # the web page at / for browsers (docs/web.md)
    return app
