"""OpenAPI description of the arbeidsmigratie endpoints, merged into OpenFisca's ``GET /spec``
and served alone at ``GET /spec/arbeidsmigratie``."""

from __future__ import annotations

import copy

from openfisca_arbeidsmigratie.law_coverage import default_period

DEFAULT_PERIOD = "<default period>"
"""Placeholder of the examples, replaced by law_coverage.default_period() when a document is made."""

EXAMPLE_POPULATION = [
    {
        "persoon_id": 1,
        "werkgever_id": 10,
        "huishouden_id": 1,
        "nationaliteit": "IN",
        "geboortedatum": "1994-05-17",
        "bruto_maandloon": 6000,
        "erkend_referent": True,
    },
    {
        "persoon_id": 2,
        "werkgever_id": 11,
        "huishouden_id": 2,
        "nationaliteit": "PL",
        "geboortedatum": "1990-01-01",
        "bruto_maandloon": 2500,
    },
]
EXAMPLE_REQUEST = {
    "population": EXAMPLE_POPULATION,
    "regimes": ["brede_welvaartstoets"],
    "period": DEFAULT_PERIOD,
    "per_applicant": True,
}
SCALAR = {"nullable": True, "oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"}]}
ERROR = {
    "type": "object",
    "required": ["error", "code", "status"],
    "properties": {
        "error": {"type": "string", "description": "What is wrong and what is allowed."},
        "code": {"type": "string", "example": "invalid_population"},
        "status": {"type": "integer"},
        "problems": {"type": "array", "items": {"type": "string"}},
        "total_problems": {"type": "integer"},
        "receipt": {"$ref": "#/components/schemas/Receipt"},
    },
}
RECEIPT = {
    "type": "object",
    "description": "What produced the answer: package version, parameter hash and reforms per regime.",
    "properties": {
        "package": {"type": "string"},
        "version": {"type": "string"},
        "openfisca_core": {"type": "string"},
        "regimes": {"type": "object", "additionalProperties": {"type": "object"}},
        "period": {"type": "string"},
        "specs": {"type": "object", "additionalProperties": {"type": "string"}},
    },
}
REGIME = {
    "oneOf": [
        {
            "type": "string",
            "description": "A registered regime, or several joined with '+'.",
            "example": "brede_welvaartstoets",
        },
        {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                "regime": {"type": "string"},
                "label": {"type": "string", "pattern": "^[A-Za-z0-9_.+@-]{1,80}$"},
                "parameters": {
                    "type": "object",
                    "description": "Dotted parameter name -> value, or -> {start date: value}.",
                },
                "puntentabel": {
                    "type": "object",
                    "description": "Score table of the brede welvaartstoets.",
                },
            },
        },
    ]
}
COMPARE_REQUEST = {
    "type": "object",
    "required": ["population"],
    "additionalProperties": False,
    "properties": {
        "population": {
            "description": "One record per person (columns of docs/population-format.md), or an object of columns.",
            "oneOf": [
                {
                    "type": "array",
                    "minItems": 1,
                    "items": {"type": "object", "additionalProperties": SCALAR},
                },
                {"type": "object", "additionalProperties": {"type": "array", "items": SCALAR}},
            ],
        },
        "regimes": {"type": "array", "maxItems": 6, "items": REGIME},
        "period": {
            "type": "string",
            "example": DEFAULT_PERIOD,
            "description": "YYYY-MM (or YYYY: its January); default: the latest month for which "
            "all law is published.",
        },
        "outputs": {"type": "array", "items": {"type": "string"}, "maxItems": 20},
        "per_applicant": {
            "oneOf": [{"type": "boolean"}, {"type": "string", "enum": ["records", "columns"]}]
        },
    },
    "example": EXAMPLE_REQUEST,
}
COMPARE_RESPONSE = {
    "type": "object",
    "properties": {
        "period": {"type": "string"},
        "regimes": {"type": "array", "items": {"type": "string"}},
        "specs": {"type": "object"},
        "outputs": {"type": "array", "items": {"type": "string"}},
        "population": {"type": "object"},
        "routes": {"type": "array", "items": {"type": "object"}},
        "transitions": {"type": "array", "items": {"type": "object"}},
        "transition_matrix": {"type": "array", "items": {"type": "object"}},
        "aggregates": {"type": "array", "items": {"type": "object"}},
        "warnings": {"type": "array", "items": {"type": "string"}},
        "seconds_per_regime": {"type": "object"},
        "applicants": {"description": "Per-applicant results, when per_applicant is set."},
        "receipt": {"$ref": "#/components/schemas/Receipt"},
    },
}
RECEIPT_HEADER = {
    "X-Arbeidsmigratie-Receipt": {
        "description": "The receipt as compact JSON (ASCII).",
        "schema": {"type": "string"},
    }
}


def _error_responses(*statuses: int) -> dict:
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}
    texts = {
        400: "Malformed body (JSON, CSV or Parquet syntax), wrong shape, or a regime spec that breaks the grammar or names an unknown reform.",
        413: "Body larger than the byte limit, or more rows than the row limit.",
        415: "Content type not accepted.",
        422: "Well-formed but invalid: unknown column, regime, variable or field; bad cell values; invalid period.",
        500: "Unexpected error (JSON, no traceback).",
    }
    return {
        str(s): {"description": texts[s], "content": content, "headers": RECEIPT_HEADER}
        for s in statuses
    }


def _ok(schema: dict, description: str) -> dict:
    return {
        "200": {
            "description": description,
            "headers": RECEIPT_HEADER,
            "content": {"application/json": {"schema": schema}},
        }
    }


def _query(name: str, description: str) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": {"type": "string"},
        "description": description,
    }


QUERY = [
    _query("regimes", "Comma-separated regimes (for CSV/Parquet bodies); write '+' as %2B."),
    _query("period", "YYYY-MM."),
    _query("outputs", "Comma-separated person variables."),
    _query("per_applicant", "false, true, records or columns."),
]
FILE_BODIES = {
    "text/csv": {"schema": {"type": "string", "format": "binary"}},
    "application/vnd.apache.parquet": {"schema": {"type": "string", "format": "binary"}},
    "multipart/form-data": {
        "schema": {
            "type": "object",
            "properties": {
                "population": {"type": "string", "format": "binary"},
                "options": {"type": "string", "description": "JSON object of the options."},
            },
        }
    },
}


COSTING_REQUEST = {
    **COMPARE_REQUEST,
    "properties": {
        **COMPARE_REQUEST["properties"],
        "years": {"type": "integer", "minimum": 1, "maximum": 30, "default": 10},
        "draws": {"type": "integer", "minimum": 0, "maximum": 200, "default": 50},
        "seed": {"type": "integer", "minimum": 0, "maximum": 2**32 - 1},
    },
    "example": {**{k: v for k, v in EXAMPLE_REQUEST.items() if k != "per_applicant"}, "draws": 0},
}


def _compare_operation(
    operation_id: str, summary: str, statuses: tuple[int, ...], request: str
) -> dict:
    return {
        "post": {
            "operationId": operation_id,
            "summary": summary,
            "parameters": QUERY,
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {"schema": {"$ref": f"#/components/schemas/{request}"}},
                    **FILE_BODIES,
                },
            },
            "responses": {
                **_ok(
                    {"$ref": "#/components/schemas/CompareResponse"},
                    "Aggregates, transitions and receipt.",
                ),
                **_error_responses(*statuses),
            },
        }
    }


PATHS = {
    "/compare": _compare_operation(
        "compare",
        "Current law and the chosen reforms on one population, side by side (vectorised).",
        (400, 413, 415, 422, 500),
        "CompareRequest",
    ),
    "/costing": _compare_operation(
        "costing",
        "Budget and workload effects of the chosen reforms.",
        (400, 413, 415, 422, 500),
        "CostingRequest",
    ),
    "/regimes": {
        "get": {
            "operationId": "getRegimes",
            "summary": "Current law and every registered reform, with descriptions.",
            "responses": _ok(
                {"type": "object", "properties": {"regimes": {"type": "array"}}}, "The regimes."
            ),
        }
    },
    "/requirements": {
        "get": {
            "operationId": "getRequirements",
            "summary": "Every requirement an applicant can fail (refusal grounds), with route, order and citation.",
            "responses": _ok(
                {
                    "type": "object",
                    "properties": {
                        "requirements": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "required": ["name", "variable", "routes", "order", "description", "citation"],
                                "properties": {
                                    "name": {"type": "string"},
                                    "variable": {"type": "string"},
                                    "routes": {"type": "array", "items": {"type": "string"}},
                                    "order": {"type": "integer"},
                                    "description": {"type": "string"},
                                    "citation": {"type": ["object", "null"]},
                                },
                            },
                        }
                    },
                },
                "The requirements in deciding order.",
            ),
        }
    },
}
SCHEMAS = {
    "CompareRequest": COMPARE_REQUEST,
    "CostingRequest": COSTING_REQUEST,
    "CompareResponse": COMPARE_RESPONSE,
    "ApiError": ERROR,
    "Receipt": RECEIPT,
}


def _filled(node):
    """A copy of ``node`` with the default-period placeholder replaced by the default period."""
    if isinstance(node, dict):
        return {k: _filled(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_filled(v) for v in node]
    return default_period() if node == DEFAULT_PERIOD else copy.deepcopy(node)


def merge_into(spec: dict) -> dict:
    """OpenFisca's spec with our paths and schemas added (a new dict)."""
    merged = copy.deepcopy(spec)
    merged.setdefault("paths", {}).update(_filled(PATHS))
    merged.setdefault("components", {}).setdefault("schemas", {}).update(_filled(SCHEMAS))
    return merged


def arbeidsmigratie_spec(server_url: str) -> dict:
    """Our endpoints alone, as a complete OpenAPI 3.0 document."""
    return {
        "openapi": "3.0.0",
        "info": {"title": "openfisca-arbeidsmigratie: microsimulation endpoints", "version": "1"},
        "servers": [{"url": server_url}],
        "paths": _filled(PATHS),
        "components": {"schemas": _filled(SCHEMAS)},
    }


def example_request() -> dict:
    """The example /compare request, with the default period."""
    return _filled(EXAMPLE_REQUEST)
