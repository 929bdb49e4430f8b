"""The receipt of every answer: a ``receipt`` field in our JSON bodies and the response header
``X-Arbeidsmigratie-Receipt`` (compact JSON, ASCII) on every response, OpenFisca's endpoints included.

Endpoints that compute with reforms put their own receipt (every regime used) in ``flask.g.receipt``;
all other answers carry the receipt of current law (the app's tax-benefit system).
"""

from __future__ import annotations

import json

from flask import Flask, current_app, g

from openfisca_arbeidsmigratie.api.limits import EXTENSION

HEADER = "X-Arbeidsmigratie-Receipt"


def current_receipt() -> dict:
    receipt = g.get("receipt")
    return receipt if receipt is not None else current_app.extensions[EXTENSION].baseline_receipt


def attach_body_receipt(body: dict) -> dict:
    body["receipt"] = current_receipt()
    return body


def _add_header(response):
    response.headers[HEADER] = json.dumps(
        current_receipt(), separators=(",", ":"), ensure_ascii=True, sort_keys=True
    )
    return response


def register_receipt_header(app: Flask) -> None:
    app.after_request(_add_header)
