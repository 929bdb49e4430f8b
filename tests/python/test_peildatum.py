"""Reading parameters on each person's application date: once per period without a parameter change."""

from __future__ import annotations

import numpy as np
import pytest
from openfisca_core.simulations import SimulationBuilder

from openfisca_arbeidsmigratie import CountryTaxBenefitSystem
from openfisca_arbeidsmigratie.indexatie import OntbrekendBedragError, maandbedrag
from openfisca_arbeidsmigratie.peildatum import op_datums, wijzigingsdatums

CRITERIUM = "kennismigranten.looncriterium.dertig_jaar_en_ouder"
GRONDSLAG = "kennismigranten.looncriterium.grondslag_maandloon"


@pytest.fixture(scope="module")
def system():
    return CountryTaxBenefitSystem()


def test_grouped_by_law_period_equals_date_by_date(system):
    parameters = system.get_parameters_at_instant  # as a formula receives it
    rng = np.random.default_rng(1)
    datums = (np.datetime64("2013-06-01") + rng.integers(0, 13 * 365, 2000)).astype("datetime64[D]")

    def bereken(dag):
        return maandbedrag(parameters, dag, CRITERIUM, GRONDSLAG)

    aanroepen = []

    def geteld(dag):
        aanroepen.append(dag)
        return bereken(dag)

    gegroepeerd = op_datums(datums, geteld, parameters=parameters)
    per_dag = op_datums(datums, bereken)
    np.testing.assert_array_equal(gegroepeerd, per_dag)
    assert len(aanroepen) < len(np.unique(datums)) / 10  # once per period without a change, not per date


def test_the_change_dates_include_the_criteria_and_mid_month_changes(system):
    datums = wijzigingsdatums(system.get_parameters_at_instant)
    for dag in ("2018-01-01", "2024-06-12", "2023-11-29"):
        assert np.datetime64(dag) in datums


def test_a_gap_is_reported_for_the_real_application_date(system):
    builder = SimulationBuilder()
    builder.set_default_period("2007-05")
    simulatie = builder.build_from_entities(system, {"personen": {"p": {"geboortedatum": "1980-01-01", "aanvraagdatum": {"2007-05": "2007-05-20"}}}})
    with pytest.raises(OntbrekendBedragError, match="2007-05"):
        simulatie.calculate("kennismigrant_looncriterium", "2007-05")
