"""Compare regimes on a population file of any size, read in chunks (bounded memory).

from openfisca_arbeidsmigratie.microsimulation.streaming import compare_file
result = compare_file("big.parquet", ["brede_welvaartstoets"], chunk_rows=250_000, sink=sink)

The file is read twice (population/streaming.py): a first pass validates all of it, so that a bad
file is rejected with every problem before anything is computed or written; the second pass
simulates one chunk of whole households at a time under every regime, hands each chunk's
per-applicant table to ``sink`` and adds the chunk to the running tallies. Peak memory is that of
one chunk, plus 8 bytes per row and per household and a small record per employer for the checks
across chunks. Results equal those of :func:`compare` on the whole file, in file order.

With ``validate_first=False`` (for a sink that stages what it is given and discards it when the
run fails, as the command line's do), each cell is checked once: the first pass reads and checks
only what spans rows (ids, households and roles, employers), and the second checks each chunk's
person inputs as it encodes them. A problem there stops the run; the file is then checked as a
whole and rejected with the same messages as with ``validate_first``, but the sink may have been
given the tables of the chunks before.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence

import pyarrow as pa
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_arbeidsmigratie.law_coverage import default_period
from openfisca_arbeidsmigratie.microsimulation.engine import (
    DEFAULT_OUTPUTS,
    Comparison,
    ComparisonError,
    Regime,
    parse_month,
    refuse_whole_population_regimes,
    release_memory,
    resolve_regimes,
    run_chunks,
)
from openfisca_arbeidsmigratie.population import io
from openfisca_arbeidsmigratie.population.schema import PopulationSchema, derive_schema
from openfisca_arbeidsmigratie.population.streaming import (
    DEFAULT_CHUNK_ROWS,
    check_file,
    population_chunks,
)
from openfisca_arbeidsmigratie.population.validation import MAX_ERRORS, PopulationError


def compare_file(
    path: str | os.PathLike,
    regimes: Sequence[str | Regime] = (),
    *,
    period: str | None = None,
    outputs: Sequence[str] = DEFAULT_OUTPUTS,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    sink: Callable[[pa.Table], None] | None = None,
    progress: bool = False,
    baseline: TaxBenefitSystem | None = None,
    schema: PopulationSchema | None = None,
    max_errors: int = MAX_ERRORS,
    validate_first: bool = True,
) -> Comparison:
    """Simulate the population file at ``path`` under current law and each regime, ``chunk_rows``
    persons at a time (whole households; a household larger than that is a chunk of its own).

    Raises PopulationError (every problem of the file, nothing computed) and ComparisonError
    (bad period or regime; a regime that needs the whole population while the file is larger
    than one chunk). Without ``sink`` the per-applicant tables are concatenated into
    ``Comparison.table``, which defeats the purpose for a large file. ``validate_first=False``:
    see the module's docstring (the sink must discard what it got when the run raises).
    """
    if chunk_rows < 1:
        msg = f"chunk_rows is {chunk_rows}; allowed: a whole number of rows >= 1."
        raise ComparisonError(msg)
    month = parse_month(period if period is not None else default_period())
    resolved = resolve_regimes(regimes, baseline)
    known_rows = _row_count(path)
    if known_rows is not None and known_rows > chunk_rows:
        refuse_whole_population_regimes(resolved)  # before reading a large file
    schema = schema or derive_schema(*(r.system for r in resolved))

    def check_whole_file():
        return check_file(path, schema, chunk_rows=chunk_rows, max_errors=max_errors, period=period)

    if validate_first:
        summary = check_whole_file()
    else:
        try:
            summary = check_file(
                path, schema, chunk_rows=chunk_rows, max_errors=max_errors, person_inputs=False
            )
        except PopulationError:
            summary = None  # the whole check words the file's problems (and raises)
        if summary is None:
            summary = check_whole_file()
    release_memory()  # what the checking pass freed (its id keys and chunks), before computing
    if summary.chunks > 1:
        refuse_whole_population_regimes(resolved)
    chunks = population_chunks(
        path,
        schema,
        employers=summary.employers,
        chunk_rows=chunk_rows,
        check=not validate_first,
        period=period,
    )
    problem = None
    try:
        return run_chunks(
            resolved,
            chunks,
            month=month,
            outputs=outputs,
            sink=sink,
            progress=progress,
            chunk_count=summary.chunks,
        )
    except PopulationError as error:
        if validate_first:
            raise
        problem = (error.source, error.problems, error.total)  # not the traceback: it holds a chunk
    release_memory()
    check_whole_file()  # raises with every problem of the file
    raise PopulationError(*problem)


def _row_count(path) -> int | None:
    """Rows of a Parquet file from its footer; None for CSV or a file the checks will reject."""
    try:
        return io.row_count(path)
    except (OSError, ValueError, pa.ArrowException):
        return None
