"""The comparison engine on a hand-made population, with hand-checked aggregates and transitions.

The regimes here are test-only: a baseline whose route rule is simple enough to check by hand
(so the test does not depend on the law's details) and a stricter variant of it.

Rule (``_regel(kennis, twv)``): nationality PL or DE -> vrij_verkeer; else wage >= kennis ->
kennismigrant; else wage >= twv -> twv_gvva; else geweigerd. Basis: (5000, 3000); strenger:
(5500, 4000). Applicants of tests/python/fixtures/tien_personen.csv (weight in brackets):

    row  nat  wage   basis          strenger
    1    PL   2500   vrij_verkeer   vrij_verkeer    (10)
    2    IN   6000   kennismigrant  kennismigrant   (5)
    4    IN   4500   twv_gvva       twv_gvva        (5)
    5    US   3000   twv_gvva       geweigerd       (2)   admitted -> refused
    6    CN   5200   kennismigrant  twv_gvva        (2)   route changed
    8    TR   2000   geweigerd      geweigerd       (1)
    9    DE   7000   vrij_verkeer   vrij_verkeer    (3)
    10   PH   0      geweigerd      geweigerd       (4)
"""

from __future__ import annotations

import pathlib

import numpy as np
import pyarrow as pa
import pytest
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import MONTH
from openfisca_core.reforms import Reform
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.enums import Toelatingsroute
from openfisca_arbeidsmigratie.law_coverage import PeriodError
from openfisca_arbeidsmigratie.microsimulation import (
    ComparisonError,
    Regime,
    build_simulation,
    compare,
    parse_month,
    plan_chunks,
)
from openfisca_arbeidsmigratie.microsimulation.report import _blocks
from openfisca_arbeidsmigratie.population import derive_schema, load_population
from openfisca_arbeidsmigratie.population.generator import generate
from openfisca_arbeidsmigratie.population.validation import population_from_table
from openfisca_arbeidsmigratie.reforms import baseline_system, build_regime

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
R = Toelatingsroute


def _regel(kennis: float, twv: float) -> type[Reform]:
    class toelatingsroute(Variable):
        value_type = Enum
        possible_values = Toelatingsroute
        default_value = Toelatingsroute.geweigerd
        entity = Persoon
        definition_period = MONTH
        label = "Testregel"
        reference = "https://example.org/test"

        def formula(persoon, period, parameters):
            nationaliteit = persoon("nationaliteit", period).astype(str)
            loon = persoon("bruto_maandloon", period)
            keuze = np.select(
                [np.isin(nationaliteit, ["PL", "DE"]), loon >= kennis, loon >= twv],
                [R.vrij_verkeer.index, R.kennismigrant.index, R.twv_gvva.index],
                R.geweigerd.index,
            )
            return keuze.astype(np.int16)

    class toegelaten(Variable):
        value_type = bool
        entity = Persoon
        definition_period = MONTH
        label = "Testregel"
        reference = "https://example.org/test"

        def formula(persoon, period, parameters):
            return persoon("toelatingsroute", period) != Toelatingsroute.geweigerd

    class Regel(Reform):
        def apply(self):
            self.update_variable(toelatingsroute)
            self.update_variable(toegelaten)

    return Regel


class HeleBevolking(Reform):
    requires_whole_population = True

    def apply(self):
        pass


@pytest.fixture(scope="module")
def basis():
    return _regel(5000, 3000)(baseline_system())


@pytest.fixture(scope="module")
def strenger(basis):
    return Regime("strenger", "strenger", _regel(5500, 4000)(baseline_system()))


@pytest.fixture(scope="module")
def population():
    return load_population(FIXTURES / "tien_personen.csv", derive_schema(baseline_system()))


@pytest.fixture(scope="module")
def result(population, basis, strenger):
    return compare(population, [strenger], period="2026-01", baseline=basis)


def test_per_applicant_table_has_ids_weight_and_outputs_per_regime(result):
    table = result.table
    assert table.num_rows == 8  # applicants only
    assert table.column("persoon_id").to_pylist() == [1, 2, 4, 5, 6, 8, 9, 10]
    assert table.column("werkgever_id").to_pylist()[:2] == ["W1", "W1"]
    assert table.column("gewicht").to_pylist() == [10, 5, 5, 2, 2, 1, 3, 4]
    assert table.column("huidig_recht.toelatingsroute").to_pylist() == [
        "vrij_verkeer",
        "kennismigrant",
        "twv_gvva",
        "twv_gvva",
        "kennismigrant",
        "geweigerd",
        "vrij_verkeer",
        "geweigerd",
    ]
    assert table.column("strenger.toegelaten").to_pylist() == [
        True,
        True,
        True,
        False,
        True,
        False,
        True,
        False,
    ]


def test_weighted_admissions_by_route(result):
    routes = {row["route"]: (row["huidig_recht"], row["strenger"]) for row in result.route_table()}
    assert routes["vrij_verkeer"] == (13, 13)
    assert routes["kennismigrant"] == (7, 5)
    assert routes["twv_gvva"] == (7, 7)
    assert routes["geweigerd"] == (5, 7)
    assert routes["puntentoets"] == (0, 0)


def test_transition_matrix_between_regimes(result):
    (summary,) = result.transitions()
    assert summary["regime"] == "strenger"
    assert summary["admitted_to_refused"] == 2 and summary["admitted_to_refused_rows"] == 1
    assert summary["refused_to_admitted"] == 0
    assert summary["route_changed"] == 2 and summary["route_changed_rows"] == 1
    assert summary["unchanged"] == 28 and summary["unchanged_rows"] == 6
    cells = {(c["from_route"], c["to_route"]): c["applicants"] for c in result.transition_matrix()}
    assert cells[("twv_gvva", "geweigerd")] == 2
    assert cells[("kennismigrant", "twv_gvva")] == 2
    assert cells[("vrij_verkeer", "vrij_verkeer")] == 13


def _aggregate(result, dimension, category, regime):
    (row,) = [
        r
        for r in result.aggregates()
        if (r["dimension"], r["category"], r["regime"]) == (dimension, category, regime)
    ]
    return row["applicants"], row["admitted"]


def test_aggregates_by_sector_nationality_age_and_wage(result):
    assert _aggregate(result, "sector_sbi", "J", "huidig_recht") == (10, 10)
    assert _aggregate(result, "sector_sbi", "I", "strenger") == (2, 0)
    assert _aggregate(result, "nationaliteit", "EU/EER/Zwitserland", "huidig_recht") == (13, 13)
    assert _aggregate(result, "nationaliteit", "IN", "strenger") == (10, 10)
    assert _aggregate(result, "nationaliteit", "US", "strenger") == (2, 0)
    # ages on 2026-01-01: row 4 born 2000-03-01 is 25, row 8 born 2001-01-01 is 25
    assert _aggregate(result, "age_band", "25-30", "huidig_recht") == (6, 5)
    assert _aggregate(result, "wage_band", "0 (geen loon)", "huidig_recht") == (4, 0)
    assert _aggregate(result, "wage_band", "7000-8000", "huidig_recht") == (3, 3)
    assert _aggregate(result, "wage_band", "4500-5000", "strenger") == (5, 5)


def test_an_output_only_a_reform_defines_is_skipped_for_the_others_with_a_warning(population, basis):
    puntentoets = Regime("brede_welvaartstoets", "brede_welvaartstoets", build_regime("brede_welvaartstoets", basis))
    asked = "toelatingsroute_zonder_brede_welvaartstoets"  # added by the reform, not in current law
    result = compare(population, [puntentoets], period="2026-06", baseline=basis, outputs=["toegelaten", asked])
    assert f"regime huidig_recht: output '{asked}' is not defined; column skipped" in result.warnings
    assert f"huidig_recht.{asked}" not in result.table.column_names
    assert f"brede_welvaartstoets.{asked}" in result.table.column_names


@pytest.mark.parametrize(
    ("asked", "reason"),
    [("bestaat_niet", "is not a variable"), ("erkend_referent", "belongs to the werkgever")],
)
def test_an_output_no_regime_defines_for_the_person_is_an_error_not_a_column_left_out(
    population, basis, asked, reason
):
    with pytest.raises(ComparisonError, match=f"outputs: '{asked}' {reason} in any regime compared"):
        compare(population, [], period="2026-01", baseline=basis, outputs=["toegelaten", asked])


def test_chunked_equals_unchunked(basis, strenger):
    schema = derive_schema(baseline_system())
    population = population_from_table(generate(400, seed=7, schema=schema), schema)
    whole = compare(population, [strenger], period="2026-01", baseline=basis)
    parts = []
    chunked = compare(
        population, [strenger], period="2026-01", baseline=basis, chunk_size=100, sink=parts.append
    )
    assert len(parts) > 3
    assert chunked.table is None
    key = "persoon_id"
    joined = pa.concat_tables(parts).sort_by(key)
    assert joined.equals(whole.table.sort_by(key))
    assert _close(chunked.route_table(), whole.route_table())
    assert _close(chunked.transitions(), whole.transitions())
    assert _close(chunked.aggregates(), whole.aggregates())


def _close(a: list[dict], b: list[dict]) -> bool:
    assert len(a) == len(b)
    for x, y in zip(a, b, strict=True):
        assert x.keys() == y.keys()
        for k in x:
            if isinstance(x[k], float):
                assert x[k] == pytest.approx(y[k], rel=1e-9), k
            else:
                assert x[k] == y[k], k
    return True


def test_chunks_keep_households_and_employers_whole(population):
    chunks = plan_chunks(population, chunk_size=2)
    rows = np.concatenate(chunks)
    assert sorted(rows.tolist()) == list(range(population.count))
    for entity in ("huishouden", "werkgever"):
        index = population.group_index[entity]
        owner = {}
        for number, chunk in enumerate(chunks):
            for group in index[chunk]:
                assert owner.setdefault(group, number) == number, (
                    f"{entity} {group} split over chunks"
                )


def test_whole_population_regime_refuses_chunking(population, basis):
    cap = Regime("plafond", "plafond", HeleBevolking(basis))
    with pytest.raises(ComparisonError, match="cannot be computed in chunks"):
        compare(population, [cap], period="2026-01", baseline=basis, chunk_size=3)
    assert compare(population, [cap], period="2026-01", baseline=basis).table.num_rows == 8


def test_inputs_are_shared_not_copied(population, basis):
    month = parse_month("2026-01")
    first = build_simulation(basis, population, month)
    second = build_simulation(baseline_system(), population, month)
    wage = population.person_inputs["bruto_maandloon"]
    assert first.get_holder("bruto_maandloon").get_array(month) is wage
    assert second.get_holder("bruto_maandloon").get_array(month) is wage


@pytest.mark.parametrize(
    ("period", "month"), [("2026-01", "2026-01"), ("2026", "2026-01"), ("2024-07", "2024-07")]
)
def test_period_is_a_month_or_a_year_meaning_its_first_month(period, month):
    assert str(parse_month(period)) == month


@pytest.mark.parametrize("period", ["2026-13", "morgen", "2026-01-15"])
def test_bad_period_is_rejected(period):
    with pytest.raises(PeriodError):
        parse_month(period)


def test_side_by_side_tables_repeat_current_law_in_blocks_of_four_reforms():
    regimes = ["huidig_recht", *(f"r{i}" for i in range(9))]
    blocks = _blocks(regimes)
    assert [len(b) for b in blocks] == [5, 5, 2]
    assert all(b[0] == "huidig_recht" for b in blocks)
    assert [g for b in blocks for g in b[1:]] == regimes[1:]
    assert _blocks(["huidig_recht"]) == [["huidig_recht"]]
