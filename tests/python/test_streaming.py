"""Streaming a population file in chunks of whole households (compare_file, compare --chunk-size).

The rule: results equal those of the whole file in memory (same table in file order, same
aggregates, transitions and refusals), and a bad file is rejected with every problem, including
those that span chunks (a duplicate persoon_id, a household whose rows are apart, an employer
whose inputs disagree), before anything is computed or written; or, with validate_first=False
(the command line's staged output), before anything is written, in the same words.
"""

from __future__ import annotations

import datetime
import os
import pathlib
import re
import subprocess
import sys
import weakref

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from openfisca_arbeidsmigratie.cli import EXIT_BAD_INPUT, EXIT_OK, main
from openfisca_arbeidsmigratie.explain.counts import combine_refusal_counts, refusal_counts
from openfisca_arbeidsmigratie.microsimulation import ComparisonError, compare, resolve_regimes
from openfisca_arbeidsmigratie.microsimulation import streaming as compare_streaming
from openfisca_arbeidsmigratie.microsimulation.streaming import compare_file
from openfisca_arbeidsmigratie.population import (
    PopulationError,
    derive_schema,
    load_population,
    streaming,
    write_table,
)
from openfisca_arbeidsmigratie.population.generator import generate
from openfisca_arbeidsmigratie.population.streaming import (
    NO_KEY,
    check_file,
    household_chunks,
    id_keys,
    population_chunks,
)

FIXTURES = pathlib.Path(__file__).parent / "fixtures"
REFORM = "brede_welvaartstoets"
HEADER = "persoon_id,werkgever_id,huishouden_id,rol_huishouden,nationaliteit,bruto_maandloon,erkend_referent\n"


@pytest.fixture(scope="module")
def schema():
    return derive_schema(*(r.system for r in resolve_regimes([REFORM])))


@pytest.fixture(scope="module", params=["parquet", "csv"])
def generated(request, tmp_path_factory, schema) -> pathlib.Path:
    path = tmp_path_factory.mktemp("streaming") / f"bevolking.{request.param}"
    return write_table(generate(300, seed=11, schema=schema), path)


def _write(tmp_path: pathlib.Path, rows: str) -> pathlib.Path:
    path = tmp_path / "bevolking.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def _by_key(rows: list[dict]) -> dict[tuple, dict]:
    return {(r["regime"], r["kind"], r["weigeringsgrond"]): r for r in rows}


@pytest.mark.parametrize(("chunk_rows", "validate_first"), [(23, True), (100, True), (23, False)])
def test_streamed_equals_in_memory(generated, schema, chunk_rows, validate_first):
    whole = compare(load_population(generated, schema), [REFORM], period="2026-01")
    parts = []
    streamed = compare_file(
        generated,
        [REFORM],
        period="2026-01",
        chunk_rows=chunk_rows,
        sink=parts.append,
        validate_first=validate_first,
    )
    assert streamed.chunks == len(parts) > 2
    assert streamed.persons == whole.persons
    assert pa.concat_tables(parts).equals(whole.table)  # same rows, same order (file order)
    assert streamed.route_table() == whole.route_table()
    assert streamed.transition_matrix() == whole.transition_matrix()
    for mine, theirs in zip(streamed.aggregates(), whole.aggregates(), strict=True):
        assert mine == pytest.approx(theirs)
    refusals = combine_refusal_counts(refusal_counts(part) for part in parts)
    expected = _by_key(refusal_counts(whole))
    assert any(soort == "deciding" for (_, soort, _) in expected), "the file must have refusals"
    assert _by_key(refusals).keys() == expected.keys()
    assert list(_by_key(refusals)) == list(expected)  # in the same order (refusals.csv)
    for key, row in _by_key(refusals).items():
        assert row == {
            k: pytest.approx(v) if isinstance(v, float) else v for k, v in expected[key].items()
        }


def test_chunks_hold_whole_households_in_file_order(generated, schema):
    summary = check_file(generated, schema, chunk_rows=10)
    counts, seen, first_ids = [], set(), []
    for population in population_chunks(
        generated, schema, employers=summary.employers, chunk_rows=10
    ):
        households = set(population.ids["huishouden_id"].to_pylist())
        assert not households & seen, "a household was split over chunks"
        seen |= households
        assert population.count <= 10  # the generator's households have at most 6 persons
        counts.append(population.count)
        first_ids.append(population.ids["persoon_id"][0].as_py())
    assert sum(counts) == summary.persons == load_population(generated, schema).count
    assert first_ids == sorted(first_ids)  # the generator numbers persons in file order


def test_a_household_larger_than_a_chunk_is_a_chunk_of_its_own():
    table = pa.table({"huishouden_id": [1, 1, 1, 2, 3, 3], "x": range(6)})
    chunks = [(offset, t.num_rows) for offset, t in household_chunks(table.to_batches(2), 2)]
    assert chunks == [(0, 3), (3, 1), (4, 2)]


def test_a_household_running_into_the_next_batch_is_carried_over():
    table = pa.table({"huishouden_id": ["a", "b", "b", "b", "c", "d"]})
    cut = [t.column(0).to_pylist() for _, t in household_chunks(table.to_batches(2), 3)]
    assert cut == [["a"], ["b", "b", "b"], ["c", "d"]]


def test_id_keys_compare_integers_by_value_and_text_by_content():
    keys = id_keys(pa.array(["12", " 12", "012", "W1", "W1", "w1", "", None]))
    assert keys[0] == keys[1] == keys[2] == 12
    assert keys[3] == keys[4] != keys[5]
    assert keys[6] == keys[7] == NO_KEY
    assert id_keys(pa.array([5, None], pa.int32())).tolist() == [5, NO_KEY]


def test_an_employer_value_given_only_in_a_later_chunk_applies_to_earlier_employees(
    tmp_path, schema
):
    rows = (
        "1,W1,H1,aanvrager,IN,6000,\n2,W2,H2,aanvrager,IN,6000,\n3,W1,H3,aanvrager,IN,6000,true\n"
    )
    path = _write(tmp_path, rows)
    whole = compare(load_population(path, schema), [], period="2026-01")
    parts = []
    compare_file(path, [], chunk_rows=1, sink=parts.append)
    assert len(parts) == 3
    assert pa.concat_tables(parts).equals(whole.table)
    route = whole.table.column("huidig_recht.toelatingsroute").to_pylist()
    assert route[0] == route[2] == "kennismigrant"  # W1 is a recognised sponsor for row 1 too
    assert route[1] != "kennismigrant"


ROWS_WITH_PROBLEMS_IN_SEVERAL_CHUNKS = (
    "a1,W1,H1,aanvrager,IN,6000,true\n"
    "a2,W2,H2,aanvrager,IN,6000,\n"
    "a3,,H2,partner,IN,,\n"
    "a4,W1,H3,aanvrager,XX,6000,\n"
    "a5,W1,H4,aanvrager,IN,6000,false\n"
    "a6,,H2,kind,IN,,\n"
    "a1,W2,H5,aanvrager,IN,6000,true\n"
)


def test_problems_across_chunks_are_all_reported(tmp_path, schema):
    path = _write(tmp_path, ROWS_WITH_PROBLEMS_IN_SEVERAL_CHUNKS)
    with pytest.raises(PopulationError) as caught:
        check_file(path, schema, chunk_rows=2)
    text = str(caught.value)
    assert "row 4, column 'nationaliteit', value 'XX': not a known code" in text
    assert "row 7, column 'persoon_id', value 'a1': duplicate id (first on row 1)" in text
    assert (
        "row 6, column 'huishouden_id', value 'H2': the household's rows are not together" in text
    )
    assert (
        "row 5, column 'erkend_referent', value 'false': conflicts with 'true', given on an earlier "
        "row of the same werkgever (which starts on row 1)" in text
    )


@pytest.mark.parametrize("chunk_rows", [1, 2, 3, 1000])
def test_streamed_validation_finds_what_the_in_memory_one_finds(schema, chunk_rows):
    path = FIXTURES / "fouten.csv"
    with pytest.raises(PopulationError) as in_memory:
        load_population(path, schema)
    with pytest.raises(PopulationError) as streamed:
        check_file(path, schema, chunk_rows=chunk_rows)
    assert streamed.value.total == in_memory.value.total == 15
    assert _cells(streamed.value.problems) == _cells(in_memory.value.problems)
    if chunk_rows == 1000:  # one chunk: the very same messages
        assert sorted(streamed.value.problems) == sorted(in_memory.value.problems)


def _cells(problems: list[str]) -> list[tuple[str, str]]:
    """(row, column) named by each message."""
    return sorted(re.search(r"row (\d+), column '(\w+)'", p).groups() for p in problems)


def _with_person_faults(schema, tmp_path, *, suffix: str) -> pathlib.Path:
    """A generated file whose only faults are person inputs of its last rows (a later chunk): an
    unknown nationality and, in an earlier chunk, a birth date after the month simulated."""
    table = generate(300, seed=11, schema=schema)
    rows = table.num_rows
    nationality = table.column("nationaliteit").to_pylist()
    nationality[rows - 3] = "XX"
    born = table.column("geboortedatum").to_pylist()
    born[rows // 2] = datetime.date(2026, 1, 2)  # a chunk before the nationality's
    table = table.set_column(
        table.column_names.index("nationaliteit"), "nationaliteit", pa.array(nationality)
    )
    table = table.set_column(
        table.column_names.index("geboortedatum"), "geboortedatum", pa.array(born, pa.date32())
    )
    return write_table(table, tmp_path / f"bevolking.{suffix}")


def _rejected(path, schema, **options) -> PopulationError:
    with pytest.raises(PopulationError) as caught:
        compare_file(path, [REFORM], period="2026-01", schema=schema, **options)
    return caught.value


@pytest.mark.parametrize("suffix", ["parquet", "csv"])
@pytest.mark.parametrize("max_errors", [1, 50])
def test_person_inputs_checked_along_give_the_messages_of_the_checking_pass(
    tmp_path, schema, suffix, max_errors
):
    """validate_first=False checks the person inputs while the chunks are computed: a fault in a
    later chunk stops the run, and the file is rejected in the words of the whole check."""
    path = _with_person_faults(schema, tmp_path, suffix=suffix)
    first = _rejected(path, schema, chunk_rows=50, max_errors=max_errors)
    parts = []
    along = _rejected(
        path, schema, chunk_rows=50, max_errors=max_errors, validate_first=False, sink=parts.append
    )
    assert (along.problems, along.total) == (first.problems, first.total)
    assert first.total == 2
    assert "value 'XX': not a known code" in str(first) or max_errors == 1
    assert parts, "the chunks before the fault were computed (and handed to the sink)"


def test_problems_across_chunks_are_reported_alike_when_checked_along(tmp_path, schema):
    path = _write(tmp_path, ROWS_WITH_PROBLEMS_IN_SEVERAL_CHUNKS)
    first = _rejected(path, schema, chunk_rows=2)
    parts = []
    along = _rejected(path, schema, chunk_rows=2, validate_first=False, sink=parts.append)
    assert (along.problems, along.total) == (first.problems, first.total)
    assert not parts  # a problem across rows is found before any chunk is computed


def test_the_error_limit_holds_across_chunks(tmp_path, schema):
    rows = "".join(f"{i},W{i},H{i},aanvrager,XX,6000,\n" for i in range(1, 41))
    with pytest.raises(PopulationError) as caught:
        check_file(_write(tmp_path, rows), schema, chunk_rows=3, max_errors=5)
    assert caught.value.total == 40
    assert len(caught.value.problems) == 5
    assert "... and 35 more" in str(caught.value)


def test_whole_population_regime_is_refused_when_the_file_is_more_than_one_chunk(
    tmp_path, tien_personen_parquet
):
    with pytest.raises(ComparisonError, match="cannot be computed in chunks"):
        compare_file(tien_personen_parquet, ["bandbreedte"], chunk_rows=3)
    csv = FIXTURES / "tien_personen.csv"
    with pytest.raises(ComparisonError, match="cannot be computed in chunks"):
        compare_file(csv, ["bandbreedte"], chunk_rows=3)
    assert compare_file(csv, ["bandbreedte"], chunk_rows=10).table.num_rows == 8


def test_chunk_rows_must_be_positive(tien_personen_parquet):
    with pytest.raises(ComparisonError, match="allowed: a whole number of rows >= 1"):
        compare_file(tien_personen_parquet, [], chunk_rows=0)


def test_cli_streams_with_chunk_size_and_writes_what_the_in_memory_run_writes(
    tmp_path, capsys, tien_personen_parquet
):
    common = ["compare", "--population", str(tien_personen_parquet), "--reform", REFORM]
    whole, streamed = tmp_path / "whole", tmp_path / "streamed"
    assert main([*common, "--output", str(whole)]) == EXIT_OK
    assert main([*common, "--output", str(streamed), "--chunk-size", "2"]) == EXIT_OK
    assert "(10 persons)" in capsys.readouterr().out
    for name in ("applicants.parquet",):
        assert pq.read_table(streamed / name).equals(pq.read_table(whole / name))
    for name in ("aggregates.csv", "transitions.csv"):
        assert (streamed / name).read_text() == (whole / name).read_text()
    assert sorted(p.name for p in streamed.iterdir() if p.name.startswith(".")) == []


def test_cli_writes_nothing_from_a_bad_file_in_streaming_mode(tmp_path, capsys):
    out = tmp_path / "out"
    code = main(
        [
            "compare",
            "--population",
            str(FIXTURES / "fouten.csv"),
            "--reform",
            "huidig_recht",
            "--chunk-size",
            "2",
            "--output",
            str(out),
        ]
    )
    assert code == EXIT_BAD_INPUT
    assert "population rejected, 15 problem(s)" in capsys.readouterr().err
    assert not out.exists() or not any(out.iterdir())


def test_employer_record_keeps_the_first_given_value(schema, tmp_path):
    rows = (
        "1,W1,H1,aanvrager,IN,6000,\n2,W1,H2,aanvrager,IN,6000,true\n3,W1,H3,aanvrager,IN,6000,\n"
    )
    summary = check_file(_write(tmp_path, rows), schema, chunk_rows=1)
    record = summary.employers
    assert len(record) == 1
    assert record.first_rows.tolist() == [0]
    assert record.given["erkend_referent"].tolist() == [True]
    assert record.values["erkend_referent"].tolist() == [True]
    assert set(record.given) == {"erkend_referent"}  # the employer inputs of the file


def test_validate_with_chunk_size_checks_as_streaming_reads(tmp_path, capsys):
    path = _write(tmp_path, "1,W1,H1,aanvrager,IN,6000,\n2,,H2,aanvrager,IN,0,\n3,,H1,kind,IN,,\n")
    assert main(["validate", str(path)]) == EXIT_OK  # in memory a household may be apart
    assert main(["validate", str(path), "--chunk-size", "2"]) == EXIT_BAD_INPUT
    assert "the household's rows are not together" in capsys.readouterr().err
    good = FIXTURES / "tien_personen.csv"
    assert main(["validate", str(good), "--chunk-size", "4"]) == EXIT_OK
    assert "10 persons in 3 chunk(s)" in capsys.readouterr().out


def test_a_chunk_is_freed_before_the_next_chunk_is_read(monkeypatch, tmp_path, schema):
    """Memory holds one chunk at a time: while the rows of the next chunk are read, no population
    of an earlier chunk is alive (in the reader, in the loop over the chunks or in the run)."""
    path = write_table(generate(300, seed=11, schema=schema), tmp_path / "bevolking.parquet")
    monkeypatch.setattr(streaming, "READ_ROWS", 16)
    made, alive_while_reading = [], []
    real_open, real_chunks = streaming.io.open_batches, compare_streaming.population_chunks

    def open_batches(source, rows, *rest):
        names, batches = real_open(source, rows, *rest)

        def watched():
            for batch in batches:
                alive_while_reading.append(sum(ref() is not None for ref in made))
                yield batch

        return names, watched()

    def chunks(*args, **kwargs):
        for population in real_chunks(*args, **kwargs):
            made.append(weakref.ref(population))
            yield population
            del population

    monkeypatch.setattr(streaming.io, "open_batches", open_batches)
    monkeypatch.setattr(compare_streaming, "population_chunks", chunks)
    parts = []
    compare_file(path, [REFORM], period="2026-01", chunk_rows=50, sink=parts.append)
    assert len(made) == len(parts) > 3
    assert len(alive_while_reading) > len(made)
    assert max(alive_while_reading) == 0


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the pool is chosen on Linux only")
@pytest.mark.parametrize(("chosen", "expected"), [(None, "system"), ("mimalloc", "mimalloc")])
def test_compare_makes_the_system_allocator_arrows_pool_unless_the_user_chose_one(chosen, expected):
    """The pool is fixed when pyarrow is first imported: the compare command chooses it before."""
    if chosen == "mimalloc":
        try:
            pa.mimalloc_memory_pool()
        except NotImplementedError:
            pytest.skip("this pyarrow has no mimalloc")
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    if chosen:
        env["ARROW_DEFAULT_MEMORY_POOL"] = chosen
    code = (
        "from openfisca_arbeidsmigratie.commands.compare import prefer_system_pool\n"
        "prefer_system_pool()\n"
        "import pyarrow\n"
        "print(pyarrow.default_memory_pool().backend_name)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert done.stdout.split() == [expected]


@pytest.mark.parametrize(
    ("keys", "repeated"),
    [
        ([5, 3, 5, NO_KEY, NO_KEY, 7], [5]),  # empty ids are not repeats
        ([1, 2, 3], []),
        ([3, 1, 2, 1, 3, 3], [1, 3]),
        ([0, 2**40, 0], [0]),  # a wide range: sorted
        ([2**40, -(2**40), 7], []),
        ([NO_KEY, 4], []),
    ],
)
def test_repeated_values_are_the_keys_given_more_than_once(keys, repeated):
    array = np.array(keys, np.int64)
    assert streaming.repeated_values(array).tolist() == repeated
    assert sorted(array.tolist()) == sorted(keys)  # the keys themselves are kept (maybe sorted)


def test_cli_writes_nothing_when_a_later_chunk_has_a_bad_person_input(tmp_path, capsys, schema):
    """The fault is found while the chunks are computed: the staged files are removed and the
    message is the one of the whole check."""
    path = _with_person_faults(schema, tmp_path, suffix="parquet")
    out = tmp_path / "out"
    common = ["--population", str(path), "--period", "2026-01", "--chunk-size", "50"]
    code = main(["compare", *common, "--reform", REFORM, "--output", str(out)])
    assert code == EXIT_BAD_INPUT
    err = capsys.readouterr().err
    assert "population rejected, 2 problem(s)" in err
    assert "value 'XX': not a known code" in err
    assert not out.exists() or not any(out.iterdir())  # no file, no staged partial file
    with pytest.raises(PopulationError) as whole:
        check_file(path, schema, chunk_rows=50, period="2026-01")
    assert all(problem in err for problem in whole.value.problems)
