"""Printing and writing a comparison: the side-by-side text table and the output files."""

from __future__ import annotations

import json
import pathlib
from collections.abc import Sequence

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from openfisca_arbeidsmigratie import eisen
from openfisca_arbeidsmigratie.explain.counts import (
    SOORT_BESLISSEND,
    combine_refusal_counts,
    explanation_table,
    refusal_counts,
)
from openfisca_arbeidsmigratie.microsimulation.engine import Comparison, select_outputs
from openfisca_arbeidsmigratie.output import pause_point

APPLICANTS = "applicants"
AGGREGATES = "aggregates"
TRANSITIONS = "transitions"
REFUSALS = "refusals"
REGIMES_PER_BLOCK = 4
EXPLANATIONS = "explanations"


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
    ) -> None:
        self.path = path
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

    def __call__(self, table: pa.Table) -> None:
        if self.count_refusals:
            self.refusal_parts.append(refusal_counts(table))
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
                self.writer = pq.ParquetWriter(self.partial_path, table.schema, compression="zstd")
        self.writer.write_table(table)
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


def _plain(table: pa.Table) -> pa.Table:
    """Dictionary columns as plain text, list columns as space-separated names (CSV has neither)."""
    columns = [
        c.cast(c.type.value_type)
        if pa.types.is_dictionary(c.type)
        else pc.binary_join(c, " ") if pa.types.is_list(c.type) else c
        for c in table.columns
    ]
    return pa.table(columns, names=table.column_names)


def _rows_to_csv(rows: list[dict], path: pathlib.Path) -> None:
    if not rows:
        path.write_text("", encoding="utf-8")
        return
    pacsv.write_csv(pa.Table.from_pylist(rows), path)


def refusals_of(result: Comparison, sink: TableSink | None = None) -> list[dict]:
    """Weighted refusals by reason per regime: from the sink's chunks, or from the result's table."""
    if sink is not None and sink.count_refusals:
        return sink.refusals()
    return refusal_counts(result) if result.table is not None else []


def write_outputs(
    result: Comparison,
    folder: pathlib.Path,
    fmt: str = "parquet",
    metadata: dict | None = None,
    refusals: list[dict] | None = None,
) -> list[pathlib.Path]:
    """Write the aggregates (CSV and JSON), the transitions and the refusals by reason (CSV) and,
    unless a sink already wrote it, the per-applicant table and the per-applicant explanations
    (Parquet or CSV). Returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    if refusals is None:
        refusals = refusals_of(result)
    if result.table is not None:
        for name, table in (
            (APPLICANTS, result.applicants_table()),
            (EXPLANATIONS, explanation_table(result) if len(result.regimes) > 1 else None),
        ):
            if table is None:
                continue
            path = folder / f"{name}.{fmt}"
            sink = TableSink(path, fmt)
            sink(table)
            sink.close()
            written.append(path)
    aggregates = folder / f"{AGGREGATES}.csv"
    _rows_to_csv(result.aggregates(), aggregates)
    transitions = folder / f"{TRANSITIONS}.csv"
    _rows_to_csv(result.transition_matrix(), transitions)
    refusals_path = folder / f"{REFUSALS}.csv"
    _rows_to_csv(refusals, refusals_path)
    written.append(refusals_path)
    document = {
        "metadata": {"period": result.period, "regimes": result.regimes, **(metadata or {})},
        "warnings": result.warnings,
        "admissions_by_route": result.route_table(),
        "transitions": result.transitions(),
        "transition_matrix": result.transition_matrix(),
        "aggregates": result.aggregates(),
        "refusals_by_reason": refusals,
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


def _blocks(regimes: list[str]) -> list[list[str]]:
    """Current law followed by at most REGIMES_PER_BLOCK reforms per table, so lines stay readable."""
    reforms = regimes[1:]
    if not reforms:
        return [regimes[:1]]
    return [[regimes[0], *reforms[i : i + REGIMES_PER_BLOCK]] for i in range(0, len(reforms), REGIMES_PER_BLOCK)]


def _refusal_lines(regimes: list[str], refusals: list[dict]) -> list[str]:
    """Weighted refusals by deciding ground (rows) per regime (columns), with the citation."""
    deciding = [r for r in refusals if r["soort"] == SOORT_BESLISSEND]
    if not deciding:
        return []
    by_ground: dict[str, dict] = {}
    for row in deciding:
        entry = by_ground.setdefault(row["weigeringsgrond"], {"citation": _citation(row)})
        entry[row["regime"]] = row["gewogen_aantal"]
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


def side_by_side(result: Comparison, refusals: list[dict] | None = None) -> str:
    """Admissions by route per regime, totals, transitions versus current law and, when given,
    refusals by deciding ground, as text."""
    regimes = result.regimes
    routes = result.route_table()
    tally = result.tally
    refused = tally.refused_code
    admitted = {g: sum(r[g] for i, r in enumerate(routes) if i != refused) for g in regimes}
    parts = [f"Admissions by route, weighted applicants ({tally.rows:,} applicant rows, period {result.period})"]
    for i, shown in enumerate(_blocks(regimes)):
        rows = [[r["route"], *(_n(r[g]) for g in shown)] for r in routes]
        rows.append(["= admitted (total)", *(_n(admitted[g]) for g in shown)])
        rows.append(["applicants (total)", *(_n(tally.applicants) for _ in shown)])
        parts += [""] * (i > 0) + [_table(["route", *shown], rows)]
    transitions = result.transitions()
    if transitions:
        keys = [k for k in transitions[0] if k != "regime" and not k.endswith("_rows")]
        parts += [
            "",
            "Transitions versus huidig_recht, weighted applicants (rows in brackets)",
            _table(
                ["regime", *keys],
                [
                    [t["regime"], *(f"{_n(t[k])} ({t[k + '_rows']:,.0f})" for k in keys)]
                    for t in transitions
                ],
            ),
        ]
    parts += _refusal_lines(regimes, refusals or [])
    if result.warnings:
        parts += ["", "Warnings:", *(f"  - {w}" for w in result.warnings)]
    return "\n".join(parts)
