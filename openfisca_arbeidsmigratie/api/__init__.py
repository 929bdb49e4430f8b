"""Web API for microsimulation: OpenFisca's endpoints plus compare, costing and regimes.

    from openfisca_arbeidsmigratie.api import create_app
    app = create_app()            # a Flask app; `arbeidsmigratie serve` runs it with gunicorn

See docs/api.md for the endpoints, limits, error format and the receipt.
"""

from openfisca_arbeidsmigratie.api.app import create_app
from openfisca_arbeidsmigratie.api.errors import ApiError
from openfisca_arbeidsmigratie.api.receipts import HEADER as RECEIPT_HEADER
from openfisca_arbeidsmigratie.api.state import Limits

__all__ = ["RECEIPT_HEADER", "ApiError", "Limits", "create_app"]
