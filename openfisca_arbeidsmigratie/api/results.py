"""The JSON answer of ``/compare``: aggregates, transitions and, on request, per-applicant rows."""

from __future__ import annotations

import json
import math

import numpy as np
import pyarrow as pa
from flask import Response

from openfisca_arbeidsmigratie.microsimulation import Comparison
from openfisca_arbeidsmigratie.population import Population


def finite(value):
    """JSON-safe copy: NaN and infinities become null, numpy scalars Python numbers."""
    if isinstance(value, dict):
        return {str(k): finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [finite(v) for v in value]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _column_values(column: pa.ChunkedArray) -> list:
    if pa.types.is_floating(column.type):
        values = column.to_numpy().astype(np.float64)
        clean = np.where(np.isfinite(values), values, np.nan)
        return [None if math.isnan(v) else v for v in clean.tolist()]
    if pa.types.is_dictionary(column.type):
        column = column.cast(column.type.value_type)
    return column.to_pylist()


def applicants_table(table: pa.Table, form: str) -> dict | list:
    """Per-applicant results: ``{"columns": {name: [values]}}`` or a list of records."""
    columns = {name: _column_values(table.column(name)) for name in table.column_names}
    if form == "columns":
        return {"rows": table.num_rows, "columns": columns}
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def comparison_body(
    result: Comparison, population: Population, per_applicant: str | None, specs: dict[str, str]
) -> dict:
    rows = population.applicant_rows()
    body = {
        "period": result.period,
        "regimes": result.regimes,
        "specs": specs,
        "outputs": result.outputs,
        "population": {
            "source": population.source,
            "rows": population.count,
            "applicants": len(rows),
            "weighted_applicants": float(population.weights()[rows].astype(np.float64).sum()),
        },
        "routes": result.route_table(),
        "transitions": result.transitions(),
        "transition_matrix": result.transition_matrix(),
        "aggregates": result.aggregates(),
        "warnings": result.warnings,
        "seconds_per_regime": result.seconds_per_regime,
    }
    body = finite(body)
    if per_applicant:
        body["applicants"] = applicants_table(result.applicants_table(), per_applicant)
    return body


def json_response(body: dict, status: int = 200) -> Response:
    """A compact JSON response (faster than jsonify for large per-applicant answers)."""
    text = json.dumps(body, separators=(",", ":"), ensure_ascii=False, allow_nan=False)
    return Response(text, status=status, mimetype="application/json")
