"""The error format of the arbeidsmigratie endpoints: a JSON body, never a traceback.

Every error answer of ``/compare``, ``/costing`` and ``/regimes`` is::

    {"error": "what is wrong, and what is allowed", "code": "invalid_population",
     "status": 422, "problems": ["population: row 3, column 'bruto_maandloon', ..."],
     "total_problems": 1, "receipt": {...}}

``problems`` and ``total_problems`` appear only where there is a list (population validation).
"""

from __future__ import annotations

import logging

import werkzeug.exceptions
from flask import Flask, jsonify, request

from openfisca_arbeidsmigratie.api.receipts import attach_body_receipt

log = logging.getLogger(__name__)

# Paths whose errors this module formats; OpenFisca's own endpoints keep their error format.
OWN_PATHS = ("/compare", "/costing", "/regimes", "/spec/arbeidsmigratie")


class ApiError(Exception):
    """A request we refuse: ``status`` (4xx/5xx), a machine ``code`` and a human ``message``."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        problems: list[str] | None = None,
        total: int | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.problems = problems
        self.total = total

    def body(self) -> dict:
        body = {"error": self.message, "code": self.code, "status": self.status}
        if self.problems is not None:
            body["problems"] = self.problems
            body["total_problems"] = self.total if self.total is not None else len(self.problems)
        return body


def bad_request(message: str, code: str = "bad_request") -> ApiError:
    return ApiError(400, code, message)


def unprocessable(message: str, code: str = "invalid_request") -> ApiError:
    return ApiError(422, code, message)


def population_rejected(error) -> ApiError:
    """The 422 of a population that fails its checks (a PopulationError): every problem listed."""
    return ApiError(
        422,
        "invalid_population",
        f"{error.source}: population rejected, {error.total} problem(s); nothing was computed. "
        "Rows count from 1 = the first record (line 2 of a CSV).",
        problems=error.problems,
        total=error.total,
    )


def _is_own_path() -> bool:
    return request.path.rstrip("/") in OWN_PATHS


def error_response(error: ApiError):
    response = jsonify(attach_body_receipt(error.body()))
    response.status_code = error.status
    return response


def _http_error(error: werkzeug.exceptions.HTTPException):
    """Werkzeug's HTML error pages become JSON (413 body too large, 405, 404, ...), on every path:
    ours in the format above, OpenFisca's as ``{"error": ...}`` like its own errors. An error that
    already carries a response (OpenFisca's ``abort(make_response(...))``) keeps it."""
    if error.code == 413:  # noqa: PLR2004
        limit = request.max_content_length
        message = (
            f"The request body is larger than the limit of {limit} bytes "
            f"({(limit or 0) / 2**20:.0f} MiB); send fewer rows, a Parquet upload or the columnar JSON form."
        )
        response = error_response(ApiError(413, "payload_too_large", message))
        response.headers["Connection"] = "close"  # the rest of the body is never read
        return response
    if error.response is not None:
        return error
    if not _is_own_path():
        response = jsonify({"error": f"{error.name}: {error.description or ''}".strip()})
        response.status_code = error.code or 500
        if isinstance(error, werkzeug.exceptions.MethodNotAllowed) and error.valid_methods:
            response.headers["Allow"] = ", ".join(error.valid_methods)
        return response
    return error_response(
        ApiError(error.code or 500, error.name.lower().replace(" ", "_"), error.description or "")
    )


def _unexpected(error: Exception):
    """Any other exception in our endpoints: a 500 JSON answer without a traceback (logged)."""
    if isinstance(error, werkzeug.exceptions.HTTPException):
        return _http_error(error)
    log.exception("Unexpected error in %s %s", request.method, request.path)
    if not _is_own_path():  # OpenFisca's own format for its endpoints (its message, no traceback)
        return jsonify({"error": f"Internal server error: {error}"}), 500
    return error_response(
        ApiError(
            500,
            "internal_error",
            f"Internal server error ({type(error).__name__}); nothing was computed. The server log has the details.",
        )
    )


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(ApiError, error_response)
    app.register_error_handler(werkzeug.exceptions.HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
