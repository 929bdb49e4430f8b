"""Per-app settings and caches of the arbeidsmigratie endpoints (stored in ``app.extensions``)."""

from __future__ import annotations

import dataclasses
import functools
import pathlib

from flask import Flask
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_arbeidsmigratie.population import PopulationSchema, derive_schema
from openfisca_arbeidsmigratie.receipt import receipt_for
from openfisca_arbeidsmigratie.reforms import BASELINE

EXTENSION = "arbeidsmigratie"


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


@dataclasses.dataclass
class ApiState:
    system: TaxBenefitSystem
    limits: Limits
    parameter_dir: pathlib.Path | None = None

    @functools.cached_property
    def schema(self) -> PopulationSchema:
        return derive_schema(self.system)

    @functools.cached_property
    def builder(self):
        from openfisca_arbeidsmigratie.api.regimes import RegimeBuilder  # noqa: PLC0415 (cycle)

        return RegimeBuilder(self.system, self.parameter_dir)

    @functools.cached_property
    def baseline_receipt(self) -> dict:
        return receipt_for({BASELINE: self.system})


def state(app: Flask) -> ApiState:
    return app.extensions[EXTENSION]
