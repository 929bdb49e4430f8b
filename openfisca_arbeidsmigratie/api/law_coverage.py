"""Law coverage over HTTP: periods outside the law the package encodes are the caller's error
(4xx), not the server's (:mod:`openfisca_arbeidsmigratie.law_coverage` says which errors mean that).

A formula that meets a parameter with no value for the month (``ParameterNotFoundError``) or a
salary criterion not yet published (``OntbrekendBedragError``) means the period asked lies outside
the dates the package covers. OpenFisca's ``/calculate`` and ``/trace`` answer that with a 500; this
module turns it into a 400 there (OpenFisca's error format) and into a 422 in ``/compare``.
It also guards ``/calculate`` and ``/trace`` against three requests that OpenFisca 46 mishandles:

* a POST without a JSON body: OpenFisca answers 500; here 415;
* an empty entity id such as ``{"personen": {"": {}}}``: OpenFisca answers 500 (dpath refuses
  empty keys); here 400;
* a key made of digits (an entity id, a variable name) in a situation OpenFisca rejects: its error
  report (``dpath.new``) turns such a key into a list position, so ``"999999999"`` allocates a
  list of a billion entries and stalls the worker. Keys of digits above ``MAX_NUMERIC_KEY`` are
  refused up front with a 400.
"""

from __future__ import annotations

import functools

import dpath.exceptions
from flask import Flask, jsonify, request

from openfisca_arbeidsmigratie.law_coverage import NOT_COVERED, coverage_message

GUARDED_VIEWS = ("calculate", "trace")
MAX_NUMERIC_KEY = 10_000
KEY_DEPTH = 4  # entity plural, id, variable, period


def large_numeric_key(node, depth: int = 0) -> str | None:
    """The first dict key of ASCII digits above MAX_NUMERIC_KEY in the situation, else None."""
    if depth >= KEY_DEPTH or not isinstance(node, dict):
        return None
    for key, child in node.items():
        if key.isascii() and key.isdigit() and int(key) > MAX_NUMERIC_KEY:
            return key
        found = large_numeric_key(child, depth + 1)
        if found is not None:
            return found
    return None


def _guarded(view):
    @functools.wraps(view)
    def guarded(*args, **kwargs):
        if not request.is_json:
            answer = jsonify(
                {"error": "Invalid JSON: send a JSON object with Content-Type: application/json."}
            )
            return answer, 415
        key = large_numeric_key(request.get_json(silent=True))
        if key is not None:
            message = (
                f"Invalid situation: the key '{key[:40]}' is a number above {MAX_NUMERIC_KEY}; "
                "allowed: ids and names that are not large numbers (prefix ids with a letter)."
            )
            return jsonify({"error": message}), 400
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
