"""Periods outside the law the package encodes are the caller's error (4xx), not the server's.

A formula that meets a parameter with no value for the month (``ParameterNotFoundError``) or a
salary criterion not yet published (``OntbrekendBedragError``) means the period asked lies outside
the dates the package covers. OpenFisca's ``/calculate`` and ``/trace`` answer that with a 500; this
module turns it into a 400 there (OpenFisca's error format) and into a 422 in ``/compare``.
It also answers two malformed requests to ``/calculate`` and ``/trace`` that OpenFisca 46 answers
with a 500: a POST without a JSON body (415 here) and an empty entity id such as
``{"personen": {"": {}}}`` (400 here; dpath refuses empty keys).
"""

from __future__ import annotations

import functools

import dpath.exceptions
from flask import Flask, jsonify, request
from openfisca_core.errors import ParameterNotFoundError

from openfisca_arbeidsmigratie.indexatie import OntbrekendBedragError

NOT_COVERED = (ParameterNotFoundError, OntbrekendBedragError)
GUARDED_VIEWS = ("calculate", "trace")


def not_covered(error: BaseException) -> BaseException | None:
    """The period-coverage error behind ``error`` (itself or a cause), else None."""
    seen = error
    while seen is not None:
        if isinstance(seen, NOT_COVERED):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def coverage_message(error: BaseException) -> str:
    return (
        f"The law for the period asked is not in this package: {error} "
        "Ask for a month the package covers (see the parameters' dates at GET /parameters)."
    )


def _guarded(view):
    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if not request.is_json:
            answer = jsonify(
                {"error": "Invalid JSON: send a JSON object with Content-Type: application/json."}
            )
            return answer, 415
        try:
            return view(*args, **kwargs)
        except NOT_COVERED as error:
            return jsonify({"error": coverage_message(error)}), 400
        except dpath.exceptions.InvalidKeyName:
            message = 'Invalid situation: an entity id is empty (""); allowed: non-empty ids.'
            return jsonify({"error": message}), 400

    return guarded


def guard_openfisca_views(app: Flask) -> None:
    for name in GUARDED_VIEWS:
        app.view_functions[name] = _guarded(app.view_functions[name])
