"""Printing and writing a comparison: the side-by-side text table and the output files."""

from __future__ import annotations

import json
import pathlib

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from openfisca_arbeidsmigratie.microsimulation.engine import Comparison

APPLICANTS = "applicants"
AGGREGATES = "aggregates"
TRANSITIONS = "transitions"


class TableSink:
    """Writes per-applicant tables chunk by chunk to one Parquet or CSV file (bounded memory)."""

    def __init__(self, path: pathlib.Path, fmt: str) -> None:
        self.path = path
        self.fmt = fmt
        self.writer = None
        self.rows = 0

    def __call__(self, table: pa.Table) -> None:
        if self.fmt == "csv":
            table = _plain(table)
        if self.writer is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            if self.fmt == "csv":
                self.writer = pacsv.CSVWriter(self.path, table.schema)
            else:
                self.writer = pq.ParquetWriter(self.path, table.schema, compression="zstd")
        self.writer.write_table(table)
        self.rows += table.num_rows

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


def _plain(table: pa.Table) -> pa.Table:
    """Dictionary columns as plain text (CSV has no dictionaries)."""
    columns = [
        c.cast(c.type.value_type) if pa.types.is_dictionary(c.type) else c for c in table.columns
    ]
    return pa.table(columns, names=table.column_names)


def _rows_to_csv(rows: list[dict], path: pathlib.Path) -> None:
    if not rows:
        path.write_text("", encoding="utf-8")
        return
    pacsv.write_csv(pa.Table.from_pylist(rows), path)


def write_outputs(
    result: Comparison, folder: pathlib.Path, fmt: str = "parquet", metadata: dict | None = None
) -> list[pathlib.Path]:
    """Write the aggregates (CSV and JSON), the transitions (CSV) and, unless a sink already wrote
    it, the per-applicant table (Parquet or CSV). Returns the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    if result.table is not None:
        path = folder / f"{APPLICANTS}.{fmt}"
        sink = TableSink(path, fmt)
        sink(result.table)
        sink.close()
        written.append(path)
    aggregates = folder / f"{AGGREGATES}.csv"
    _rows_to_csv(result.aggregates(), aggregates)
    transitions = folder / f"{TRANSITIONS}.csv"
    _rows_to_csv(result.transition_matrix(), transitions)
    document = {
        "metadata": {"period": result.period, "regimes": result.regimes, **(metadata or {})},
        "warnings": result.warnings,
        "admissions_by_route": result.route_table(),
        "transitions": result.transitions(),
        "transition_matrix": result.transition_matrix(),
        "aggregates": result.aggregates(),
    }
    json_path = folder / f"{AGGREGATES}.json"
    json_path.write_text(json.dumps(document, indent=1, ensure_ascii=False), encoding="utf-8")
    return [*written, aggregates, transitions, json_path]


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    line = lambda r: "  ".join(  # noqa: E731
        str(c).ljust(w) if i == 0 else str(c).rjust(w)
        for i, (c, w) in enumerate(zip(r, widths, strict=True))
    )
    return "\n".join([line(header), "  ".join("-" * w for w in widths), *(line(r) for r in rows)])


def _n(value: float) -> str:
    return f"{value:,.0f}"


def side_by_side(result: Comparison) -> str:
    """Admissions by route per regime, totals, and transitions versus current law, as text."""
    regimes = result.regimes
    routes = result.route_table()
    rows = [[r["route"], *(_n(r[g]) for g in regimes)] for r in routes]
    tally = result.tally
    refused = tally.refused_code
    admitted = [sum(r[g] for i, r in enumerate(routes) if i != refused) for g in regimes]
    rows.append(["= toegelaten (totaal)", *(_n(a) for a in admitted)])
    rows.append(["aanvragers (totaal)", *(_n(tally.applicants) for _ in regimes)])
    parts = [
        f"Admissions by route, weighted applicants ({tally.rows:,} applicant rows, period {result.period})",
        _table(["route", *regimes], rows),
    ]
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
    if result.warnings:
        parts += ["", "Warnings:", *(f"  - {w}" for w in result.warnings)]
    return "\n".join(parts)
