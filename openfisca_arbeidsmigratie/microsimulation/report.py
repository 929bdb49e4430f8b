"""Printing and writing a comparison: the side-by-side text table and the output files."""

from __future__ import annotations

import dataclasses
import json
import pathlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor, wait

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from openfisca_arbeidsmigratie import eisen
from openfisca_arbeidsmigratie.explain.counts import (
    DECIDING,
    combine_refusal_counts,
    explanation_table,
    refusal_counts,
)
from openfisca_arbeidsmigratie.microsimulation.engine import (
    COLLECT_FROM_PERSONS,
    Comparison,
    select_outputs,
)
from openfisca_arbeidsmigratie.output import pause_point, pending_writes, settle

APPLICANTS = "applicants"
AGGREGATES = "aggregates"
TRANSITIONS = "transitions"
REFUSALS = "refusals"
REGIMES_PER_BLOCK = 4
EXPLANATIONS = "explanations"
CHANGES = "changes"
OUTCOMES = "outcomes"
DECOMPOSITION = "decomposition"
LARGEST_FLOWS = 5
PRECISION = {"weighted": 1, "share": 4}
"""Decimals of the figures in the CSV and JSON outputs: weighted applicants (and their changes and
percentages) to one decimal, shares to four. The per-applicant tables keep the exact values."""
UNIT = "applicants per year (weighted)"


class TableSink:
    """Writes per-applicant tables chunk by chunk to one Parquet or CSV file (bounded memory).

    The file is written under a temporary name next to ``path`` and renamed by :meth:`close`, so
    that a run that fails half-way leaves no partial output (:meth:`abort` removes it). With
    ``path=None`` nothing is written; the sink then only counts refusals. Refusals are counted on
    the whole chunk table; with ``outputs`` only those outputs' columns (and ids, weight) are
    written.
    """

    def __init__(
        self,
        path: pathlib.Path | None,
        fmt: str = "parquet",
        *,
        count_refusals: bool = False,
        outputs: Sequence[str] | None = None,
        pause: bool = True,
    ) -> None:
        self.path = path
        self.pause = pause  # the tests' pause point after each write (main thread only)
        self.fmt = fmt
        self.outputs = outputs
        self.writer = None
        self.rows = 0
        self.count_refusals = count_refusals
        self.refusal_parts: list[list[dict]] = []

    @property
    def partial_path(self) -> pathlib.Path | None:
        return None if self.path is None else self.path.with_name(f".{self.path.name}.partial")

    def refusals(self) -> list[dict]:
        """Refusals by reason over every chunk written so far."""
        return combine_refusal_counts(self.refusal_parts)

    takes_arrays = True  # the engine hands each chunk's refusal counts with its table

    def __call__(self, table: pa.Table, *, refusals: list[dict] | None = None, decisions=None) -> None:
        """Write one chunk's table; ``refusals``: its refusal counts when the engine counted them
        from its arrays (the same rows as refusal_counts of the table, which reads them
        otherwise)."""
        if self.count_refusals:
            self.refusal_parts.append(refusal_counts(table) if refusals is None else refusals)
        self.rows += table.num_rows
        if self.path is None:
            return
        if self.outputs is not None:
            table = select_outputs(table, self.outputs)
        if self.fmt == "csv":
            table = _plain(table)
        if self.writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.fmt == "csv":
                self.writer = pacsv.CSVWriter(self.partial_path, table.schema)
            else:
                self.writer = pq.ParquetWriter(self.partial_path, table.schema, **parquet_options(table.schema))
        if self.fmt == "csv":
            self.writer.write_table(table)
        else:
            write_row_groups(self.writer, table)
        if self.pause:
            pause_point("partial-output")

    def close(self) -> None:
        """Finish the file and give it its final name."""
        if self.writer is not None:
            self.writer.close()
            self.writer = None
            self.partial_path.replace(self.path)

    def abort(self) -> None:
        """Drop what was written (the run failed)."""
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        if self.partial_path is not None:
            self.partial_path.unlink(missing_ok=True)


@dataclasses.dataclass
class _Chunk:
    """One chunk's table with the decision arrays it was made from (what explanation_table
    reads of a Comparison)."""

    table: pa.Table
    decisions: dict


class ExplainingSink:
    """A sink of the per-applicant tables that also writes each chunk's explanations (what differs
    from current law per applicant and reform, and the deciding condition) to a second sink, so a
    streamed run writes the same two files as a run in memory."""

    def __init__(self, applicants: TableSink, explanations: TableSink) -> None:
        self.applicants = applicants
        self.explanations = explanations

    takes_arrays = True  # the engine hands each chunk's decision arrays with its table

    def __call__(self, table: pa.Table, *, refusals: list[dict] | None = None, decisions=None) -> None:
        """Write one chunk's table and its explanations, from the engine's decision arrays of the
        chunk when given (``decisions``, see Comparison.decisions), else read from the table."""
        self.applicants(table, refusals=refusals)
        self.explanations(explanation_table(_Chunk(table, decisions) if decisions else table))

    def close(self) -> None:
        self.applicants.close()
        self.explanations.close()

    def abort(self) -> None:
        self.applicants.abort()
        self.explanations.abort()


class BackgroundSink:
    """A sink that hands each large chunk to ``sink`` in a worker thread, so that writing a chunk
    (its explanations, its Parquet or CSV encoding) runs beside the reading and simulating of the
    next one. At most one chunk is in the worker: the next call waits for it first (the memory of
    one chunk's table more). A chunk under ``inline_below`` rows is written in the calling
    thread, as the engine runs small chunks in-line too. The tests' pause point after each write
    (``partial-output``) stays in the calling thread, after the write it follows; an error of a
    write is raised by the next call, :meth:`close` or :meth:`abort`."""

    takes_arrays = True

    def __init__(self, sink, *, inline_below: int = COLLECT_FROM_PERSONS) -> None:
        self.sink = sink
        self.inline_below = inline_below
        self._pool: ThreadPoolExecutor | None = None
        self._pending = None
        _no_pauses(sink)

    def __getattr__(self, name):  # path, refusals(), ... of the sink
        return getattr(self.sink, name)

    def __call__(self, table: pa.Table, **arrays) -> None:
        self._wait()
        if table.num_rows < self.inline_below:
            self.sink(table, **arrays)
            pause_point("partial-output")
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(1, thread_name_prefix="arbeidsmigratie-sink")
        self._pending = self._pool.submit(self.sink, table, **arrays)

    def _wait(self) -> None:
        if self._pending is not None:
            pending, self._pending = self._pending, None
            pending.result()
            pause_point("partial-output")

    def _stop(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def close(self) -> None:
        try:
            self._wait()
        finally:
            self._stop()
        self.sink.close()

    def abort(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            wait([pending])
        self._stop()
        self.sink.abort()


def _no_pauses(sink) -> None:
    """The TableSinks in ``sink`` leave the pause point to the BackgroundSink around them."""
    for part in (sink, getattr(sink, "applicants", None), getattr(sink, "explanations", None)):
        if isinstance(part, TableSink):
            part.pause = False


PARQUET_COMPRESSION = {"compression": "zstd", "compression_level": 1}
"""The per-applicant tables' codec. zstd level 1 (Arrow's default level) against snappy and lz4 on
a million applicants: about as fast to write (the column encoding, not the codec, takes most of the
time) and files half the size, so zstd stays."""


def parquet_options(schema: pa.Schema) -> dict:
    """Writer settings of the per-applicant Parquet tables (the content is the same as with
    Arrow's defaults). The 64-bit id columns (one value per person, mostly ascending) are written
    with delta encoding and no dictionary: Arrow's default tries a dictionary on every column and
    gives up on these only after building most of one. The enum columns (Arrow dictionaries),
    the lists of failed requirements, the flags, months and weights keep dictionary encoding,
    which suits their few distinct values. Statistics (min and max per row group) are kept for the
    numbers and flags, not for the names (enum columns and lists of requirements): a row group of
    up to a million applicants holds nearly every name, so their first and last in alphabetical
    order select nothing, and computing them was a sixth of the writing time."""
    ids = [f.name for f in schema if pa.types.is_int64(f.type)]
    names = [f.name for f in schema if pa.types.is_dictionary(f.type) or pa.types.is_list(f.type)]
    return {
        **PARQUET_COMPRESSION,
        "use_dictionary": [f.name for f in schema if f.name not in ids],
        "column_encoding": dict.fromkeys(ids, "DELTA_BINARY_PACKED") or None,
        "write_statistics": [f.name for f in schema if f.name not in names],
    }


ROW_GROUP_ROWS = 1024 * 1024
"""The most rows of one Parquet row group (Arrow's default, which ``write_table`` applies)."""


def write_row_groups(writer: pq.ParquetWriter, table: pa.Table) -> None:
    """``writer.write_table(table)``, the same row groups and the same content read back, but a
    dictionary column that repeats a value in its dictionary (the explanations: one sentence
    under several keys) is first given each row group's distinct values in order of first
    appearance, without repeats. With a repeat Arrow cannot write the dictionary as it is, so it
    decodes and writes every value in full (a 90 MB page of sentences per reform for a million
    applicants, most of the writing time), and the reader builds exactly that dictionary back;
    without, the dictionary and the indices are written as they are."""
    repeated = [
        i
        for i, column in enumerate(table.columns)
        if pa.types.is_dictionary(column.type) and column.null_count == 0 and _repeats(column)
    ]
    if not repeated or not table.num_rows:
        writer.write_table(table)
        return
    for start in range(0, table.num_rows, ROW_GROUP_ROWS):
        part = table.slice(start, ROW_GROUP_ROWS)
        for i in repeated:
            part = part.set_column(i, table.field(i), _first_appearance(part.column(i)))
        writer.write_table(part)


def _repeats(column: pa.ChunkedArray) -> bool:
    return any(len(set(chunk.dictionary.to_pylist())) < len(chunk.dictionary) for chunk in column.chunks)


def _first_appearance(column: pa.ChunkedArray) -> pa.DictionaryArray:
    """The values of a dictionary column (no nulls) with a dictionary of its distinct values in
    order of first appearance (as a reader builds it from the values)."""
    distinct: dict = {}
    parts = []
    for chunk in column.chunks:
        to_distinct = np.array(
            [distinct.setdefault(value, len(distinct)) for value in chunk.dictionary.to_pylist()],
            dtype=np.int32,
        )
        parts.append(to_distinct[chunk.indices.to_numpy(zero_copy_only=False)])
    codes = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
    encoded = pc.dictionary_encode(pa.array(codes))  # Arrow's hash: in order of first appearance
    values = list(distinct)
    order = encoded.dictionary.to_numpy(zero_copy_only=False)
    return pa.DictionaryArray.from_arrays(
        encoded.indices.cast(column.type.index_type),
        pa.array([values[i] for i in order], type=column.type.value_type),
        ordered=column.type.ordered,
    )


def _plain(table: pa.Table) -> pa.Table:
    """Dictionary columns as plain text, list columns as space-separated names (CSV has neither)."""
    columns = [
        c.cast(c.type.value_type)
        if pa.types.is_dictionary(c.type)
        else pc.binary_join(c, " ") if pa.types.is_list(c.type) else c
        for c in table.columns
    ]
    return pa.table(columns, names=table.column_names)


def rounded(rows: list[dict]) -> list[dict]:
    """``rows`` with every float rounded to the stated :data:`PRECISION` (shares to four
    decimals, everything else to one), so that sums of weights carry no float noise."""

    def fix(key: str, value):
        if isinstance(value, float):
            return round(value, PRECISION["share" if key.endswith("share") else "weighted"])
        return value

    return [{key: fix(key, value) for key, value in row.items()} for row in rows]


def _rows_to_csv(rows: list[dict], path: pathlib.Path) -> None:
    if not rows:
        path.write_text("", encoding="utf-8")
        return
    pacsv.write_csv(pa.Table.from_pylist(rounded(rows)), path)


def refusals_of(result: Comparison, sink: TableSink | None = None) -> list[dict]:
    """Weighted refusals by reason per regime: from the sink's chunks, or from the result's table."""
    if sink is not None and sink.count_refusals:
        return sink.refusals()
    if result.refusals is not None:  # counted while simulating, the same rows
        return result.refusals
    return refusal_counts(result) if result.table is not None else []


def write_outputs(
    result: Comparison,
    folder: pathlib.Path,
    fmt: str = "parquet",
    metadata: dict | None = None,
    refusals: list[dict] | None = None,
    *,
    decomposition: list[dict] | None = None,
) -> list[pathlib.Path]:
    """Write the aggregates (CSV and JSON), the transitions and the refusals by reason (CSV) and,
    unless a sink already wrote it, the per-applicant table and the per-applicant explanations
    (Parquet or CSV). Returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    if refusals is None:
        refusals = refusals_of(result)
    # The two per-applicant tables are written by threads of their own (Arrow leaves Python's
    # lock while encoding) while this one computes the explanations and writes the aggregates.
    # Into an output set being written (output.output_directory) the tables may still be being
    # written when this returns: the set waits for them before its manifest, so the caller's
    # last steps (the receipt, the hash of the population file) run beside them. Into any other
    # folder every file is complete before this function returns. An error of a writer is
    # raised here or at the manifest.
    pending = pending_writes(folder)
    writer = ThreadPoolExecutor(max_workers=2)
    jobs, written = [], []
    try:
        if result.table is not None:
            path = folder / f"{APPLICANTS}.{fmt}"
            jobs.append(writer.submit(_write_whole, result.applicants_table(), path, fmt))
            written.append(path)
            pause_point("partial-output")
            if len(result.regimes) > 1:
                path = folder / f"{EXPLANATIONS}.{fmt}"
                jobs.append(writer.submit(_write_whole, explanation_table(result), path, fmt))
                written.append(path)
        written += _write_summaries(result, folder, metadata, refusals, decomposition)
    except BaseException:
        wait(jobs)
        writer.shutdown()
        raise
    if pending is not None:
        pending += jobs
        writer.shutdown(wait=False)
    else:
        writer.shutdown()
        for job in jobs:
            job.result()
    return written


def _write_whole(table: pa.Table, path: pathlib.Path, fmt: str) -> None:
    """One per-applicant table as a file, under a temporary name until complete."""
    sink = TableSink(path, fmt, pause=False)
    try:
        sink(table)
        sink.close()
    except BaseException:
        sink.abort()
        raise
    settle(path)  # its sha256 for the manifest, taken in this thread


def _write_summaries(
    result: Comparison,
    folder: pathlib.Path,
    metadata: dict | None,
    refusals: list[dict],
    decomposition: list[dict] | None,
) -> list[pathlib.Path]:
    """The aggregates (CSV and JSON), the transitions, the refusals, the changes, the outcomes
    and the decomposition; the paths written."""
    written = []
    tally = result.tally
    rows = {  # each computed once, for its CSV and for the JSON
        AGGREGATES: result.aggregates(),
        TRANSITIONS: result.transition_matrix(),
        CHANGES: tally.route_changes(),
        OUTCOMES: tally.outcome_rows(),
    }
    aggregates = folder / f"{AGGREGATES}.csv"
    _rows_to_csv(rows[AGGREGATES], aggregates)
    transitions = folder / f"{TRANSITIONS}.csv"
    _rows_to_csv(rows[TRANSITIONS], transitions)
    refusals_path = folder / f"{REFUSALS}.csv"
    _rows_to_csv(refusals, refusals_path)
    written.append(refusals_path)
    tables = [(CHANGES, rows[CHANGES]), (OUTCOMES, rows[OUTCOMES])]
    if decomposition:
        tables.append((DECOMPOSITION, decomposition))
    for name, table_rows in tables:
        path = folder / f"{name}.csv"
        _rows_to_csv(table_rows, path)
        written.append(path)
    document = {
        "metadata": {
            "period": result.period,
            "regimes": result.regimes,
            "unit": UNIT,
            "precision": {"decimals": PRECISION},
            **(metadata or {}),
        },
        "warnings": result.warnings,
        "admissions_by_route": rounded(result.route_table()),
        "changes_by_route": rounded(rows[CHANGES]),
        "outcomes": rounded(rows[OUTCOMES]),
        "transitions": rounded(result.transitions()),
        "largest_flows": rounded(tally.largest_flows(LARGEST_FLOWS)),
        "transition_matrix": rounded(rows[TRANSITIONS]),
        "aggregates": rounded(rows[AGGREGATES]),
        "refusals_by_reason": rounded(refusals),
        **({"decomposition": rounded(decomposition)} if decomposition else {}),
    }
    json_path = folder / f"{AGGREGATES}.json"
    json_path.write_text(json.dumps(document, indent=1, ensure_ascii=False), encoding="utf-8")
    return [*written, aggregates, transitions, json_path]


def _table(header: list[str], rows: list[list[str]], left: frozenset[int] = frozenset({0})) -> str:
    """Columns in ``left`` (indices) are left-aligned text; the others right-aligned numbers."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(  # noqa: E731
        str(c).ljust(w) if i in left else str(c).rjust(w)
        for i, (c, w) in enumerate(zip(r, widths, strict=True))
    )
    lines = [line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]
    return "\n".join(text.rstrip() for text in lines)


def _n(value: float) -> str:
    return f"{value:,.0f}"


def _signed(value: float) -> str:
    text = f"{value:+,.0f}"
    return "0" if text in {"+0", "-0"} else text


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value:+.1f}%"


def _blocks(regimes: list[str]) -> list[list[str]]:
    """Current law followed by at most REGIMES_PER_BLOCK reforms per table, so lines stay readable."""
    reforms = regimes[1:]
    if not reforms:
        return [regimes[:1]]
    return [[regimes[0], *reforms[i : i + REGIMES_PER_BLOCK]] for i in range(0, len(reforms), REGIMES_PER_BLOCK)]


def _refusal_lines(regimes: list[str], refusals: list[dict]) -> list[str]:
    """Weighted refusals by deciding ground (rows) per regime (columns), with the citation."""
    deciding = [r for r in refusals if r["kind"] == DECIDING]
    if not deciding:
        return []
    by_ground: dict[str, dict] = {}
    for row in deciding:
        entry = by_ground.setdefault(row["weigeringsgrond"], {"citation": _citation(row)})
        entry[row["regime"]] = row["weighted_count"]
    lines = ["", "Refusals by deciding ground, weighted applicants (refusals.csv also counts every failed requirement)"]
    for i, shown in enumerate(_blocks(regimes)):
        grounds = [g for g in by_ground if any(by_ground[g].get(r) for r in shown)]
        order = sorted(grounds, key=lambda g: -max(by_ground[g].get(r, 0.0) for r in shown))
        rows = [[g, *(_n(by_ground[g].get(r, 0.0)) for r in shown), by_ground[g]["citation"]] for g in order]
        lines += [""] * (i > 0) + [
            _table(["weigeringsgrond", *shown, "citation"], rows, frozenset({0, len(shown) + 1}))
        ]
    return lines


def _citation(row: dict) -> str:
    """'Wet arbeid vreemdelingen art. 8 lid 1 onder a', from the registry of requirements."""
    eis = eisen.BY_NAME.get(row["weigeringsgrond"])
    return eis.citation.text() if eis is not None and eis.citation is not None else "-"


def _change_lines(result: Comparison) -> list[str]:
    """Per route and in total: each reform's change from current law, weighted and in percent."""
    changes = result.tally.route_changes()
    if not changes:
        return []
    base = result.regimes[0]
    by_key = {(c["regime"], c["route"]): c for c in changes}
    routes = list(dict.fromkeys(c["route"] for c in changes))
    lines = ["", f"Change from {base} by route, {UNIT}"]
    for i, shown in enumerate(_blocks(result.regimes)):
        reforms = shown[1:]
        header = ["route", *(h for r in reforms for h in (r, "%"))]
        rows = [
            [
                route,
                *(
                    cell
                    for r in reforms
                    for cell in (
                        _signed(by_key[r, route]["change"]),
                        _percent(by_key[r, route]["change_percent"]),
                    )
                ),
            ]
            for route in routes
        ]
        lines += [""] * (i > 0) + [_table(header, rows)]
    return lines


OUTCOME_TITLES = {
    "geldigheidsduur_maanden": "Permit validity (months)",
    "gezinshereniging_toegestaan": "Family reunification allowed (admitted applicants)",
    "verblijfsdoel_niet_tijdelijk": "Non-temporary residence purpose (admitted applicants)",
    "verblijf_onbepaalde_tijd": "Earliest permanent residence (from the simulated month)",
}


def _outcome_lines(result: Comparison) -> list[str]:
    """Permit validity and rights per regime, with each reform's change from current law."""
    rows = result.tally.outcome_rows()
    if not rows:
        return []
    by_key = {(r["outcome"], r["category"], r["regime"]): r for r in rows}
    keys = list(dict.fromkeys((r["outcome"], r["category"]) for r in rows))
    base = result.regimes[0]
    lines = ["", f"Permit validity and rights, {UNIT}; change from {base} in brackets"]
    for outcome in dict.fromkeys(o for o, _ in keys):
        categories = [c for o, c in keys if o == outcome]
        for i, shown in enumerate(_blocks(result.regimes)):
            table_rows = []
            for category in categories:
                cells = [_n(by_key[outcome, category, base]["applicants"])]
                for regime in shown[1:]:
                    row = by_key[outcome, category, regime]
                    cells.append(f"{_n(row['applicants'])} ({_signed(row['change'])})")
                table_rows.append([category, *cells])
            lines += ["", f"{OUTCOME_TITLES.get(outcome, outcome)}" + (" (cont.)" if i else "")]
            lines.append(_table([outcome, *shown], table_rows))
    return lines


def _flow_lines(result: Comparison) -> list[str]:
    """The largest flows between routes per reform, with their main deciding ground."""
    flows = result.tally.largest_flows(LARGEST_FLOWS)
    if not flows:
        return []
    lines = ["", f"Largest flows from {result.regimes[0]}, {UNIT}"]
    for flow in flows:
        text = f"  {flow['regime']}: {flow['from_route']} -> {flow['to_route']}: {_n(flow['applicants'])}"
        if flow["main_ground"]:
            text += f"; main deciding ground {flow['main_ground']} ({flow['main_ground_share']:.0%})"
        lines.append(text)
    return lines


def decomposition_lines(rows: list[dict], mode: str) -> list[str]:
    """Each reform's contribution to the change of a combined regime, per route (see
    :mod:`openfisca_arbeidsmigratie.microsimulation.decomposition`)."""
    lines = []
    how = "added one at a time in the order they apply" if mode == "stacked" else "each alone against current law"
    for regime in dict.fromkeys(r["regime"] for r in rows):
        mine = [r for r in rows if r["regime"] == regime]
        reforms = list(dict.fromkeys(r["reform"] for r in mine))
        routes = list(dict.fromkeys(r["route"] for r in mine))
        cell = {(r["reform"], r["route"]): r["contribution"] for r in mine}
        table = [
            [route, *(_signed(cell[f, route]) for f in reforms), _signed(sum(cell[f, route] for f in reforms))]
            for route in routes
        ]
        lines += ["", f"Contribution of each reform to the change of {regime} ({how}), {UNIT}"]
        lines.append(_table(["route", *reforms, "total"], table))
    return lines


def side_by_side(result: Comparison, refusals: list[dict] | None = None) -> str:
    """Admissions by route per regime, totals, transitions versus current law and, when given,
    refusals by deciding ground, as text."""
    regimes = result.regimes
    routes = result.route_table()
    tally = result.tally
    refused = tally.refused_code
    admitted = {g: sum(r[g] for i, r in enumerate(routes) if i != refused) for g in regimes}
    parts = [f"Admissions by route, {UNIT} ({tally.rows:,} applicant rows, period {result.period})"]
    for i, shown in enumerate(_blocks(regimes)):
        rows = [[r["route"], *(_n(r[g]) for g in shown)] for r in routes]
        rows.append(["= admitted (total)", *(_n(admitted[g]) for g in shown)])
        rows.append(["applicants (total)", *(_n(tally.applicants) for _ in shown)])
        parts += [""] * (i > 0) + [_table(["route", *shown], rows)]
    parts += _change_lines(result)
    parts += _outcome_lines(result)
    transitions = result.transitions()
    if transitions:
        keys = [k for k in transitions[0] if k != "regime" and not k.endswith("_rows")]
        parts += [
            "",
            f"Transitions versus huidig_recht, {UNIT} (rows in brackets)",
            _table(
                ["regime", *keys],
                [
                    [t["regime"], *(f"{_n(t[k])} ({t[k + '_rows']:,.0f})" for k in keys)]
                    for t in transitions
                ],
            ),
        ]
    parts += _flow_lines(result)
    parts += _refusal_lines(regimes, refusals or [])
    if result.warnings:
        parts += ["", "Warnings:", *(f"  - {w}" for w in result.warnings)]
    return "\n".join(parts)
