"""What follows each regime's simulation (its table columns, tallies, refusal counts, kept
decisions) runs in a second thread while the next regime is simulated, for populations from
``engine.COLLECT_FROM_PERSONS`` persons; below, in the same thread. Both give the same results,
to the last bit: the worker adds each regime's sums in regime order, as one thread does."""

from __future__ import annotations

import dataclasses

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from openfisca_arbeidsmigratie.explain import counts
from openfisca_arbeidsmigratie.explain.requirements import FailedRows, failed_matrix, failed_rows
from openfisca_arbeidsmigratie.law_coverage import default_period, parse_month
from openfisca_arbeidsmigratie.microsimulation import compare, engine, report, resolve_regimes
from openfisca_arbeidsmigratie.population import derive_schema
from openfisca_arbeidsmigratie.population.generator import generate
from openfisca_arbeidsmigratie.population.validation import population_from_table

REFORMS = ["brede_welvaartstoets", "aanscherping_kennismigranten", "vijfjarige_vergunning"]


def _same(x, y) -> bool:
    if isinstance(x, dict):
        return x.keys() == y.keys() and all(_same(x[k], y[k]) for k in x)
    if isinstance(x, np.ndarray):
        return x.dtype == y.dtype and np.array_equal(x, y)
    return x == y


@pytest.fixture(scope="module")
def population():
    schema = derive_schema(*(r.system for r in resolve_regimes(REFORMS)))
    return population_from_table(generate(3000, seed=11, schema=schema), schema)


def _compare(population, monkeypatch, threaded: bool):
    monkeypatch.setattr(engine, "COLLECT_FROM_PERSONS", 0 if threaded else 10**12)
    return compare(population, REFORMS)


def test_the_worker_thread_gives_the_results_of_one_thread(population, monkeypatch):
    alone = _compare(population, monkeypatch, threaded=False)
    beside = _compare(population, monkeypatch, threaded=True)
    assert beside.table.equals(alone.table)
    assert beside.refusals == alone.refusals == counts.refusal_counts(alone.table)
    for field in dataclasses.fields(alone.tally):
        assert _same(getattr(beside.tally, field.name), getattr(alone.tally, field.name)), field.name
    assert beside.aggregates() == alone.aggregates()
    assert beside.tally.largest_flows() == alone.tally.largest_flows()
    assert counts.explanation_table(beside).equals(counts.explanation_table(alone.table))
    # the reforms do change decisions on this population, so the comparison can fail
    assert any(t["admitted_to_refused"] or t["refused_to_admitted"] for t in alone.transitions())


def test_a_failing_regime_is_reported_from_the_worker_too(population, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(engine.Tally, "add_outcomes", broken)
    with pytest.raises(RuntimeError, match="boom"):
        _compare(population, monkeypatch, threaded=True)


def test_failed_rows_equal_the_failed_matrix_of_a_simulation(population):
    """The engine reads the failed requirements as FailedRows (explain.requirements.failed_rows),
    without the persons x requirements matrix: the same rows and values as the matrix."""
    regime = resolve_regimes(["aanscherping_kennismigranten"])[1]
    month = parse_month(default_period())
    simulation = engine.build_simulation(regime.system, population, month)
    applicants = population.applicant_rows()
    mask = np.zeros(population.count, dtype=bool)
    mask[applicants[::2]] = True
    for rows in (applicants, mask, None):
        matrix = failed_matrix(simulation, month, rows)
        failing = failed_rows(simulation, month, rows)
        assert (failing.count, failing.width) == matrix.shape
        assert np.array_equal(failing.matrix(), matrix)
        assert np.array_equal(failing.rows, FailedRows(matrix).rows)
    assert len(failing.rows)  # some persons fail something


def test_a_streamed_run_explains_and_counts_from_the_arrays_as_from_its_tables(population, tmp_path, monkeypatch):
    """The sinks of a streamed run (report.TableSink, ExplainingSink) take each chunk's refusal
    counts and decision arrays from the engine; the files and the counts equal those read back
    from each chunk's table."""
    outputs = {}
    for label, takes in (("arrays", True), ("tables", False)):
        monkeypatch.setattr(report.TableSink, "takes_arrays", takes)
        monkeypatch.setattr(report.ExplainingSink, "takes_arrays", takes)
        folder = tmp_path / label
        applicants = report.TableSink(folder / "applicants.parquet", count_refusals=True)
        sink = report.ExplainingSink(applicants, report.TableSink(folder / "explanations.parquet"))
        result = compare(population, REFORMS, chunk_size=population.count // 3, sink=sink)
        sink.close()
        assert result.chunks > 1
        outputs[label] = (
            pq.read_table(folder / "applicants.parquet"),
            pq.read_table(folder / "explanations.parquet"),
            applicants.refusals(),
        )
    arrays, tables = outputs["arrays"], outputs["tables"]
    assert arrays[0].equals(tables[0]) and arrays[1].equals(tables[1])
    assert arrays[2] == tables[2] and arrays[2]


def _streamed_files(population, folder, wrap):
    applicants = report.TableSink(folder / "applicants.parquet", count_refusals=True)
    sink = wrap(report.ExplainingSink(applicants, report.TableSink(folder / "explanations.parquet")))
    result = compare(population, REFORMS, chunk_size=population.count // 3, sink=sink)
    sink.close()
    assert result.chunks > 1
    return (
        pq.read_table(folder / "applicants.parquet"),
        pq.read_table(folder / "explanations.parquet"),
        applicants.refusals(),
    )


def test_chunks_written_beside_the_next_chunk_give_the_same_files(population, tmp_path):
    """report.BackgroundSink (the command line's streamed run): each chunk written in a worker
    thread while the next is computed gives the files and refusal counts of writing in turn."""
    in_turn = _streamed_files(population, tmp_path / "in_turn", lambda sink: sink)
    beside = _streamed_files(population, tmp_path / "beside", lambda sink: report.BackgroundSink(sink, inline_below=0))
    assert beside[0].equals(in_turn[0]) and beside[1].equals(in_turn[1])
    assert beside[2] == in_turn[2] and beside[2]


def test_a_failing_background_write_is_raised_and_leaves_no_file(tmp_path):
    class Failing(report.TableSink):
        def __call__(self, table, **arrays):
            super().__call__(table, **arrays)
            raise OSError("disk full")

    target = tmp_path / "applicants.parquet"
    sink = report.BackgroundSink(Failing(target), inline_below=0)
    table = pa.table({"persoon_id": [1, 2], "gewicht": [1.0, 1.0]})
    sink(table)  # handed to the worker
    with pytest.raises(OSError, match="disk full"):
        sink(table)  # the next chunk waits for the previous write and raises its error
    sink.abort()
    assert not target.exists()
    assert not any(tmp_path.iterdir()), "the partial file is removed"
