"""Per-app settings and caches of the arbeidsmigratie endpoints (stored in ``app.extensions``)."""

from __future__ import annotations

import dataclasses
import functools
import pathlib

from flask import Flask
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_arbeidsmigratie.api.limits import EXTENSION, Limits
from openfisca_arbeidsmigratie.api.regimes import RegimeBuilder
from openfisca_arbeidsmigratie.population import PopulationSchema, derive_schema
from openfisca_arbeidsmigratie.receipt import receipt_for
from openfisca_arbeidsmigratie.reforms import BASELINE


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
        return RegimeBuilder(self.system, self.parameter_dir)

    @functools.cached_property
    def baseline_receipt(self) -> dict:
        return receipt_for({BASELINE: self.system})


def state(app: Flask) -> ApiState:
    return app.extensions[EXTENSION]
