"""What one request may ask (a light module: the serve command reads its defaults)."""

from __future__ import annotations

import dataclasses

EXTENSION = "arbeidsmigratie"
"""Key of the endpoints' state (api.state.ApiState) in ``app.extensions``."""


@dataclasses.dataclass(frozen=True)
class Limits:
    """What one request may ask; larger requests get 413 (body, rows, persons) or 422 (regimes,
    outputs); a /calculate or /trace computation past its time limit gets 503.

    The defaults let 100,000 applicants (about 150,000 rows with their families) through as JSON
    records with every input column (about 145 MiB), and a million rows as Parquet or columnar JSON.
    """

    max_body_bytes: int = 256 * 2**20
    max_rows: int = 1_000_000
    max_regimes: int = 6  # besides current law, which is always computed
    max_outputs: int = 20
    max_problems: int = 50  # population problems listed in an error answer
    max_persons: int = 1_000  # persons in one /calculate or /trace situation (axes included); 413
    calculate_seconds: float = 30.0  # time limit of one /calculate or /trace computation; 503
