"""The synthetic population: deterministic, calibrated to its documented targets, valid."""

from __future__ import annotations

import pathlib

import numpy as np
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from openfisca_arbeidsmigratie.commands._common import bundled_population
from openfisca_arbeidsmigratie.population import calibration as cal
from openfisca_arbeidsmigratie.population import (
    derive_schema,
    load_population,
    population_from_table,
    write_table,
)
from openfisca_arbeidsmigratie.population.generator import FILLS, allocate, generate, segments_of
from openfisca_arbeidsmigratie.reforms import baseline_system
from openfisca_arbeidsmigratie.tijd import leeftijd_op

ROOT = pathlib.Path(__file__).resolve().parents[2]
SIZE = 40_000


@pytest.fixture(scope="module")
def schema():
    return derive_schema(baseline_system())


@pytest.fixture(scope="module")
def big(schema):
    table = generate(SIZE, seed=11, schema=schema)
    return table, segments_of(table)


def _applicants(table, segments, segment):
    mask = (segments == segment) & (
        table.column("rol_huishouden").to_numpy(zero_copy_only=False) == "aanvrager"
    )
    return mask, table.column("gewicht").to_numpy()


def _weighted_share(table, segments, segment, column, predicate) -> float:
    mask, weight = _applicants(table, segments, segment)
    values = table.column(column).to_numpy(zero_copy_only=False)
    return float(weight[mask & predicate(values)].sum() / weight[mask].sum())


def test_same_seed_gives_identical_files(tmp_path, schema):
    paths = [
        write_table(generate(500, seed=3, schema=schema), tmp_path / f"{i}.parquet")
        for i in range(2)
    ]
    assert paths[0].read_bytes() == paths[1].read_bytes()
    assert not generate(500, seed=3, schema=schema).equals(generate(500, seed=4, schema=schema))


def test_generated_columns_are_inputs_of_the_system(schema):
    table = generate(200, seed=1, schema=schema)
    extra = set(table.column_names) - schema.known_columns
    assert not extra
    assert {"nationaliteit", "bruto_maandloon", "geboortedatum", "gewicht"} <= set(
        table.column_names
    )
    assert set(FILLS) >= set(table.column_names) - {
        "persoon_id",
        "werkgever_id",
        "huishouden_id",
        "rol_huishouden",
    }


def test_generated_population_is_valid(schema):
    population = load_population_from(generate(2_000, seed=5, schema=schema), schema)
    assert len(population.applicant_rows()) == 2_000


def load_population_from(table, schema):
    return population_from_table(table, schema)


@pytest.mark.parametrize("segment", cal.SEGMENT_TOTALS)
def test_weights_gross_up_to_the_yearly_totals(big, segment):
    table, segments = big
    mask, weight = _applicants(table, segments, segment)
    assert weight[mask].sum() == pytest.approx(cal.SEGMENT_TOTALS[segment], rel=1e-5)


def test_allocation_gives_small_segments_enough_rows():
    rows = allocate(3_000)
    assert sum(rows.values()) == 3_000
    assert rows["europese_blauwe_kaart"] >= 30


SHARE_TARGETS = [
    ("kennismigrant", "nationaliteit", lambda v: v == "IN", "kennismigrant.nationaliteit.IN"),
    ("kennismigrant", "nationaliteit", lambda v: v == "US", "kennismigrant.nationaliteit.US"),
    ("kennismigrant", "nationaliteit", lambda v: v == "TR", "kennismigrant.nationaliteit.TR"),
    ("eu_werknemer", "nationaliteit", lambda v: v == "PL", "eu_werknemer.nationaliteit.PL"),
    ("eu_werknemer", "nationaliteit", lambda v: v == "DE", "eu_werknemer.nationaliteit.DE"),
    ("kennismigrant", "sector_sbi", lambda v: v == "J", "kennismigrant.sector.J"),
    ("kennismigrant", "sector_sbi", lambda v: np.isin(v, ["M", "N"]), "kennismigrant.sector.MN"),
]


@pytest.mark.parametrize(
    ("segment", "column", "predicate", "key"), SHARE_TARGETS, ids=[t[3] for t in SHARE_TARGETS]
)
def test_shares_match_the_calibration_targets(big, segment, column, predicate, key):
    table, segments = big
    assert _weighted_share(table, segments, segment, column, predicate) == pytest.approx(
        cal.target(key).value, abs=0.02
    )


def _ages(table) -> np.ndarray:
    born = table.column("geboortedatum").to_numpy(zero_copy_only=False).astype("datetime64[D]")
    return leeftijd_op(born, np.datetime64("2026-01-01"))


def test_knowledge_migrant_ages(big):
    table, segments = big
    mask, weight = _applicants(table, segments, "kennismigrant")
    ages = _ages(table)
    under_40 = weight[mask & (ages < 40)].sum() / weight[mask].sum()
    under_30 = weight[mask & (ages < 30)].sum() / weight[mask].sum()
    assert under_40 == pytest.approx(cal.target("kennismigrant.leeftijd_onder_40").value, abs=0.02)
    assert under_30 == pytest.approx(cal.ASSUMPTIONS["kennismigrant.onder_30"], abs=0.02)


def test_wage_mass_around_the_2026_salary_criteria(big):
    table, segments = big
    mask, weight = _applicants(table, segments, "kennismigrant")
    ages = _ages(table)
    wage = table.column("bruto_maandloon").to_numpy(zero_copy_only=False)
    criterion = np.where(ages < 30, cal.KENNISMIGRANT_ONDER_30, cal.KENNISMIGRANT_30_PLUS)
    at_least = weight[mask & (wage >= criterion)].sum() / weight[mask].sum()
    bunched = (
        weight[mask & (wage >= criterion) & (wage < 1.05 * criterion)].sum() / weight[mask].sum()
    )
    assert at_least == pytest.approx(
        cal.ASSUMPTIONS["kennismigrant.loon_boven_criterium"], abs=0.02
    )
    assert bunched == pytest.approx(
        cal.ASSUMPTIONS["kennismigrant.loon_tot_5pct_boven_criterium"], abs=0.02
    )


@pytest.mark.parametrize("segment", ["kennismigrant", "eu_werknemer"])
def test_share_not_living_alone(big, segment):
    table, segments = big
    roles = table.column("rol_huishouden").to_numpy(zero_copy_only=False)
    households = table.column("huishouden_id").to_numpy()
    not_alone = np.isin(households, households[roles != "aanvrager"])
    share = _weighted_share(table, segments, segment, "huishouden_id", lambda v: not_alone)
    assert share == pytest.approx(cal.target(f"{segment}.huishouden_niet_alleen").value, abs=0.02)


def test_bundled_population_is_valid_small_and_reproducible(schema):
    path = bundled_population()
    assert path.stat().st_size < 300_000
    population = load_population(path, schema)
    assert len(population.applicant_rows()) == 3_000
    bundled = pq.read_table(path)
    metadata = {
        k.decode(): v.decode()
        for k, v in bundled.schema.metadata.items()
        if not k.startswith(b"ARROW")
    }
    assert metadata["size"] == "3000" and metadata["seed"] == "2026"
    again = generate(3_000, seed=2026, schema=schema).select(bundled.column_names)
    for name in bundled.column_names:
        assert pc.all(pc.equal(again.column(name), bundled.column(name))).as_py() is not False, name
        assert again.column(name).null_count == bundled.column(name).null_count, name


def test_calibration_targets_are_documented():
    doc = (ROOT / "docs" / "synthetic-population.md").read_text(encoding="utf-8")
    assert cal.markdown_table() in doc, (
        "regenerate the targets table in docs/synthetic-population.md"
    )


def test_a_reference_month_moves_the_dates_and_keeps_every_draw(schema):
    base = generate(500, seed=3, schema=schema)
    past = generate(500, seed=3, schema=schema, reference_month="2024-06")
    shift = np.datetime64("2026-01-01") - np.datetime64("2024-06-01")
    for name in base.column_names:
        a, b = base[name].to_numpy(zero_copy_only=False), past[name].to_numpy(zero_copy_only=False)
        if name in ("geboortedatum", "afstudeerdatum"):
            a, b = a.astype("datetime64[D]"), b.astype("datetime64[D]")
            known = ~np.isnat(a)
            assert (np.isnat(b) == ~known).all() and (a[known] - b[known] == shift).all(), name
        else:
            assert base[name].equals(past[name]), name
    assert past.schema.metadata[b"reference_month"] == b"2024-06"
    born = past["geboortedatum"].to_numpy(zero_copy_only=False).astype("datetime64[D]")
    assert born.max() <= np.datetime64("2024-06-01")
