"""The explanations table and the refusal counts equal those of the 1.0.0 algorithms.

The per-applicant explanations (``explanations.parquet``) and the refusals by reason
(``refusals.csv``) are computed by vectorised code: the deciding condition only for the applicants
whose admission changes, the distinct sentences by a lookup table over the packed keys, the failed
requirements of the refused in one pass. The reference below is the straightforward algorithm
(``np.select`` over every row, ``np.unique`` over the keys, one mask per requirement); both must
give the same table and the same rows, exactly, on the bundled and on a generated population for
every registered regime.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from openfisca_arbeidsmigratie.commands._common import bundled_population
from openfisca_arbeidsmigratie.enums import Toelatingsroute, Weigeringsgrond
from openfisca_arbeidsmigratie.explain import counts
from openfisca_arbeidsmigratie.explain.differences import (
    DIFFERENCES,
    OTHER_GROUND,
    OTHER_ROUTE,
    SAME,
    TO_ADMITTED,
    TO_REFUSED,
    sentence,
)
from openfisca_arbeidsmigratie.explain.requirements import NAMES, ROUTE_COLUMNS, first_failed
from openfisca_arbeidsmigratie.microsimulation import compare, resolve_regimes
from openfisca_arbeidsmigratie.population import derive_schema, load_population
from openfisca_arbeidsmigratie.population.generator import generate
from openfisca_arbeidsmigratie.reforms import BASELINE, available_regimes

REFORMS = [r for r in available_regimes() if r != BASELINE]


def _reference_condition(a, b):
    kind = np.select(
        [
            a.toegelaten & ~b.toegelaten,
            ~a.toegelaten & b.toegelaten,
            a.toegelaten & b.toegelaten & (a.toelatingsroute != b.toelatingsroute),
            ~a.toegelaten & ~b.toegelaten & (a.weigeringsgrond != b.weigeringsgrond),
        ],
        [TO_REFUSED, TO_ADMITTED, OTHER_ROUTE, OTHER_GROUND],
        SAME,
    )
    route_a_fails_under_b = first_failed(b.failed & ROUTE_COLUMNS[a.toelatingsroute])
    route_b_failed_under_a = first_failed(a.failed & ROUTE_COLUMNS[b.toelatingsroute])
    ground = np.select(
        [kind == TO_REFUSED, kind == TO_ADMITTED, kind == OTHER_GROUND],
        [
            np.where(route_a_fails_under_b != 0, route_a_fails_under_b, b.weigeringsgrond),
            np.where(route_b_failed_under_a != 0, route_b_failed_under_a, a.weigeringsgrond),
            b.weigeringsgrond,
        ],
        Weigeringsgrond.geen.index,
    )
    return kind, ground


def _reference_explanations(table: pa.Table) -> pa.Table:
    columns = {name: table[name] for name in table.column_names if name.endswith("_id")}
    a = counts.decision(table, BASELINE)
    grounds, routes = len(Weigeringsgrond), len(Toelatingsroute)
    for regime in [r for r in counts.regimes_in(table) if r != BASELINE]:
        b = counts.decision(table, regime)
        kind, ground = _reference_condition(a, b)
        columns[f"{regime}.difference"] = pa.DictionaryArray.from_arrays(
            pa.array(kind.astype(np.int8)), pa.array(DIFFERENCES)
        )
        columns[f"{regime}.deciding_ground"] = pa.DictionaryArray.from_arrays(
            pa.array(ground.astype(np.int16)), pa.array([m.name for m in Weigeringsgrond])
        )
        key = ((kind * grounds + ground) * routes + a.toelatingsroute) * routes + b.toelatingsroute
        unique, inverse = np.unique(key, return_inverse=True)
        texts = []
        for value in unique.tolist():
            rest, route_b = divmod(value, routes)
            rest, route_a = divmod(rest, routes)
            k, g = divmod(rest, grounds)
            texts.append(sentence(k, g, route_a, route_b, a=BASELINE, b=regime))
        columns[f"{regime}.explanation"] = pa.DictionaryArray.from_arrays(
            pa.array(np.asarray(inverse).reshape(-1).astype(np.int32)), pa.array(texts, type=pa.string())
        )
    return pa.table(columns)


def _reference_failed_rows(table: pa.Table) -> list[tuple]:
    weights = table["gewicht"].to_numpy(zero_copy_only=False).astype(np.float64)
    rows = []
    for regime in counts.regimes_in(table):
        b = counts.decision(table, regime)
        refused = ~b.toegelaten
        for column, name in enumerate(NAMES):
            hit = refused & b.failed[:, column]
            if hit.any():
                rows.append((regime, name, float(weights[hit].sum()), int(hit.sum())))
    return rows


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    schema = derive_schema(*(r.system for r in resolve_regimes(REFORMS)))
    path = tmp_path_factory.mktemp("explain") / "gegenereerd.parquet"
    pq.write_table(generate(4000, seed=23, schema=schema), path)
    return {
        source: compare(load_population(file, schema), REFORMS)
        for source, file in (("bundled", bundled_population()), ("generated", path))
    }


@pytest.mark.parametrize("source", ["bundled", "generated"])
def test_explanations_equal_the_reference_algorithm(source, tables):
    table = tables[source].table
    for name in table.column_names:
        if name.endswith((".toelatingsroute", ".weigeringsgrond")):
            enum = Toelatingsroute if name.endswith(".toelatingsroute") else Weigeringsgrond
            by_text = counts.enum_codes(table[name].cast(pa.string()), enum)
            assert np.array_equal(counts.enum_codes(table[name], enum), by_text), name
    fast = counts.explanation_table(table)
    reference = _reference_explanations(table)
    assert fast.column_names == reference.column_names
    for name in reference.column_names:
        assert fast[name].equals(reference[name]), name
    changed = [n for n in fast.column_names if n.endswith(".difference")]
    # the populations do show differences, of every kind but one at least
    kinds = {k for n in changed for k in fast[n].combine_chunks().indices.to_numpy().tolist()}
    assert {TO_REFUSED, TO_ADMITTED} <= kinds


@pytest.mark.parametrize("source", ["bundled", "generated"])
def test_failed_requirement_counts_equal_the_reference_algorithm(source, tables):
    table = tables[source].table
    rows = [
        (r["regime"], r["weigeringsgrond"], r["weighted_count"], r["count"])
        for r in counts.refusal_counts(table)
        if r["kind"] == counts.FAILED_REQUIREMENT
    ]
    assert sorted(rows) == sorted(_reference_failed_rows(table))
    assert rows


def test_enum_codes_of_a_dictionary_column_with_another_order_and_unknown_names():
    names = pa.array(["geweigerd", "kennismigrant", "verzonnen"])
    column = pa.chunked_array(
        [pa.DictionaryArray.from_arrays(pa.array([1, 0, 1], pa.int16()), names)]
    )
    assert counts.enum_codes(column, Toelatingsroute).tolist() == [
        Toelatingsroute.kennismigrant.index,
        Toelatingsroute.geweigerd.index,
        Toelatingsroute.kennismigrant.index,
    ]
    bad = pa.DictionaryArray.from_arrays(pa.array([2], pa.int16()), names)
    with pytest.raises(ValueError, match="verzonnen"):
        counts.enum_codes(bad, Toelatingsroute)


@pytest.mark.parametrize("source", ["bundled", "generated"])
def test_refusals_counted_while_simulating_equal_those_read_from_the_table(source, tables):
    comparison = tables[source]
    assert comparison.refusals is not None
    assert comparison.refusals == counts.refusal_counts(comparison.table)


@pytest.mark.parametrize("source", ["bundled", "generated"])
def test_explanations_from_the_engines_arrays_equal_those_read_from_the_table(source, tables, tmp_path):
    """explanation_table of a Comparison works from the decision arrays kept while simulating
    (Comparison.decisions); of a table (a streamed chunk, a file read back) from its columns:
    the same table, also after the applicants' table went through a Parquet file."""
    comparison = tables[source]
    assert comparison.decisions is not None
    assert list(comparison.decisions) == counts.regimes_in(comparison.table)
    from_arrays = counts.explanation_table(comparison)
    assert from_arrays.equals(counts.explanation_table(comparison.table))
    pq.write_table(comparison.table, tmp_path / "applicants.parquet")
    assert from_arrays.equals(counts.explanation_table(pq.read_table(tmp_path / "applicants.parquet")))
    for regime in REFORMS:
        kinds = set(from_arrays[f"{regime}.difference"].combine_chunks().indices.to_numpy().tolist())
        assert kinds <= set(range(len(DIFFERENCES)))
    assert any(
        {TO_REFUSED, TO_ADMITTED} & set(from_arrays[f"{r}.difference"].combine_chunks().indices.to_numpy().tolist())
        for r in REFORMS
    )


def test_a_comparison_in_chunks_keeps_no_arrays_and_reads_the_table():
    """Several chunks in memory: no decisions are kept (the table is concatenated, in the
    chunks' order of rows); the explanations, read from the table, are those of the whole
    population in one chunk, applicant by applicant."""
    population = load_population(bundled_population(), derive_schema(*(r.system for r in resolve_regimes(REFORMS[:2]))))
    chunked = compare(population, REFORMS[:2], chunk_size=population.count // 3)
    assert chunked.chunks > 1 and chunked.decisions is None and chunked.refusals is None
    whole = compare(population, REFORMS[:2])

    def by_applicant(table: pa.Table) -> dict:
        table = table.sort_by("persoon_id")
        return {
            name: (column.cast(pa.string()) if pa.types.is_dictionary(column.type) else column).to_pylist()
            for name, column in zip(table.column_names, table.columns, strict=True)
        }

    assert by_applicant(counts.explanation_table(chunked)) == by_applicant(counts.explanation_table(whole))
