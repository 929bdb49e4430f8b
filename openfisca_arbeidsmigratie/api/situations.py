"""The package's input check before OpenFisca's ``/calculate`` and ``/trace`` and in ``/compare``.

A situation posted to ``/calculate`` or ``/trace`` is checked by
:func:`openfisca_arbeidsmigratie.validation.check_situation` (the validator of YAML tests,
``explain`` and population files) before OpenFisca builds a simulation: an unknown name with the
closest known names, a period that does not parse, a code or enum value that is not allowed, a
value of the wrong type, out of bounds or not finite after the cast, a birth date after the
application date. The answer is a 400 in the arbeidsmigratie error format::

    {"error": "situation rejected, 1 problem(s); nothing was computed.", "code": "invalid_situation",
     "status": 400, "problems": ["situation: personen.aanvrager.nationaliteit, value 'pl': ..."],
     "total_problems": 1}

A population posted to ``/compare`` or ``/costing`` gets the same birth-date check against the
month asked (422, like every other population problem).
"""

from __future__ import annotations

import functools

from flask import Flask, current_app, jsonify, request

from openfisca_arbeidsmigratie.api.errors import population_rejected
from openfisca_arbeidsmigratie.api.state import state
from openfisca_arbeidsmigratie.population import Population, PopulationError
from openfisca_arbeidsmigratie.population.validation import check_simulated_month
from openfisca_arbeidsmigratie.validation import SituationError, check_situation

CHECKED_VIEWS = ("calculate", "trace")


def situation_problems(body) -> SituationError | None:
    """The problems of a posted situation (None when it passes or is not a JSON object: the
    views behind answer those)."""
    if not isinstance(body, dict):
        return None
    try:
        check_situation(body, state(current_app).system, source="situation")
    except SituationError as error:
        return error
    return None


def _checked(view):
    @functools.wraps(view)
    def checked(*args, **kwargs):
        error = situation_problems(request.get_json(silent=True)) if request.is_json else None
        if error is None:
            return view(*args, **kwargs)
        body = {
            "error": f"situation rejected, {error.total} problem(s); nothing was computed.",
            "code": "invalid_situation",
            "status": 400,
            "problems": error.problems,
            "total_problems": error.total,
        }
        return jsonify(body), 400

    return checked


def check_openfisca_situations(app: Flask) -> None:
    """Wrap OpenFisca's ``/calculate`` and ``/trace`` views with the situation check."""
    for name in CHECKED_VIEWS:
        app.view_functions[name] = _checked(app.view_functions[name])


def check_population_month(population: Population, period) -> None:
    """Raise a 422 ApiError when a birth date lies after the application (the first day of the month asked)."""
    try:
        check_simulated_month(population, period)
    except PopulationError as error:
        raise population_rejected(error) from None
