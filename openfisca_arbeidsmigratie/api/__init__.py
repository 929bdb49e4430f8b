"""Web API for microsimulation: OpenFisca's endpoints plus compare, costing and regimes.

    from openfisca_arbeidsmigratie.api import create_app
    app = create_app()            # a Flask app; `arbeidsmigratie serve` runs it with gunicorn

See docs/api.md for the endpoints, limits, error format and the receipt. The names below are
imported on first use, so that ``arbeidsmigratie serve --help`` does not load Flask and the law.
"""

from __future__ import annotations

import importlib

_NAMES = {
    "create_app": ("openfisca_arbeidsmigratie.api.app", "create_app"),
    "ApiError": ("openfisca_arbeidsmigratie.api.errors", "ApiError"),
    "RECEIPT_HEADER": ("openfisca_arbeidsmigratie.api.receipts", "HEADER"),
    "Limits": ("openfisca_arbeidsmigratie.api.limits", "Limits"),
}
__all__ = ["RECEIPT_HEADER", "ApiError", "Limits", "create_app"]  # noqa: F822 (imported on first use)


def __getattr__(name: str):
    if name not in _NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    module, attribute = _NAMES[name]
    return getattr(importlib.import_module(module), attribute)
