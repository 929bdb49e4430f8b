"""Reading a ``/compare`` request: the population (JSON, CSV or Parquet) and the options.

Accepted bodies (see docs/api.md):

* ``application/json``: ``{"population": [...records...] | {column: [values]}, "regimes": [...], ...}``;
* ``text/csv`` or ``application/vnd.apache.parquet`` as the raw body, options in the query string;
* ``multipart/form-data`` with one file part (``population``; format by file name or part type)
  and the options as a JSON form field ``options`` and/or simple form fields and query parameters.

Only the shape is checked here; the population validator checks the cells and reports rows and
columns, and :mod:`.options` checks the options.
"""

from __future__ import annotations

import dataclasses
import json
import math
import operator
import os
import pathlib
import tempfile

import pyarrow as pa
import pyarrow.parquet as pq
from flask import Request

from openfisca_arbeidsmigratie.api.errors import ApiError, bad_request, unprocessable
from openfisca_arbeidsmigratie.api.state import Limits
from openfisca_arbeidsmigratie.population import PopulationFileError, read_table
from openfisca_arbeidsmigratie.population.schema import REQUIRED_ID_COLUMNS

JSON_TYPES = {"application/json"}
CSV_TYPES = {"text/csv", "application/csv", "text/plain"}
PARQUET_TYPES = {
    "application/vnd.apache.parquet",
    "application/parquet",
    "application/x-parquet",
    "application/octet-stream",
}
MULTIPART = "multipart/form-data"
SUFFIXES = {".csv": "csv", ".parquet": "parquet", ".pq": "parquet", ".json": "json"}
SIMPLE_OPTIONS = ("regimes", "period", "outputs", "per_applicant", "years", "draws", "seed")
SCALARS = (str, int, float, bool, type(None))


@dataclasses.dataclass
class CompareRequest:
    table: pa.Table
    options: dict
    source: str


def too_many_rows(rows: int, limits: Limits) -> ApiError:
    return ApiError(
        413,
        "too_many_rows",
        f"The population has {rows} rows; allowed: at most {limits.max_rows} rows per request "
        "(split the population, or use the command line `arbeidsmigratie compare` with --chunk-size).",
    )


def _reject_constant(name: str):
    raise ValueError(f"{name} is not a JSON number")


def parse_json(data: bytes) -> object:
    try:
        return json.loads(data, parse_constant=_reject_constant)
    except UnicodeDecodeError as error:
        raise bad_request(
            f"The JSON body is not UTF-8 text ({error.reason}).", "malformed_json"
        ) from None
    except ValueError as error:
        raise bad_request(f"Malformed JSON: {error}.", "malformed_json") from None
    except RecursionError:
        raise bad_request("Malformed JSON: nested too deeply.", "malformed_json") from None


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _nested_row(values, name: str, where: str) -> ApiError:
    row = next(i for i, v in enumerate(values) if not isinstance(v, SCALARS))
    return unprocessable(
        f"{where}: row {row + 1}, column '{name}': a JSON {type(values[row]).__name__}; "
        "allowed: a single value (text, number, true/false or null).",
        "invalid_population",
    )


def column_array(values, name: str, where: str = "population") -> pa.Array:
    """One JSON column as an Arrow array: typed when the values agree, else as text cells."""
    try:
        array = pa.array(values)
    except (pa.ArrowException, OverflowError, TypeError, ValueError):
        if any(not isinstance(v, SCALARS) for v in values):
            raise _nested_row(values, name, where) from None
        return pa.array([_text(v) for v in values], pa.string())
    if pa.types.is_nested(array.type):
        raise _nested_row(values, name, where)
    if pa.types.is_floating(array.type) and any(
        isinstance(v, float) and not math.isfinite(v) for v in values
    ):  # pragma: no cover (json.loads already rejects NaN and Infinity)
        raise unprocessable(f"{where}: column '{name}' holds a value that is not finite.")
    return array


def _check_records(records: list) -> None:
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            raise unprocessable(
                f"population[{index}]: expected an object (one person: column -> value); got "
                f"{type(record).__name__}.",
                "invalid_population",
            )


def _transpose(records: list[dict]) -> dict[str, list | tuple]:
    """Columns of the records: a C-level transpose when every record has the same keys."""
    names = set().union(*records)
    if not names:
        raise unprocessable(
            "population: the records have no fields; required: "
            f"{', '.join(REQUIRED_ID_COLUMNS)} and the inputs you know (see docs/population-format.md).",
            "invalid_population",
        )
    first = tuple(records[0])
    if len(first) == len(names) and all(record.keys() == names for record in records):
        if len(first) == 1:
            return {first[0]: [record[first[0]] for record in records]}
        return dict(
            zip(first, zip(*map(operator.itemgetter(*first), records), strict=True), strict=True)
        )
    ordered = [*first, *sorted(names.difference(first))]
    return {name: [record.get(name) for record in records] for name in ordered}


def _records_table(records: list, limits: Limits) -> pa.Table:
    if len(records) > limits.max_rows:
        raise too_many_rows(len(records), limits)
    _check_records(records)
    if not records:
        return pa.table({})
    columns = _transpose(records)
    return pa.table({name: column_array(values, name) for name, values in columns.items()})


def _columns_table(columns: dict, limits: Limits) -> pa.Table:
    lengths = {}
    for name, values in columns.items():
        if not isinstance(values, list):
            raise unprocessable(
                f"population.{name}: expected a list of values (columnar form); got {type(values).__name__}.",
                "invalid_population",
            )
        lengths[name] = len(values)
    if len(set(lengths.values())) > 1:
        shown = ", ".join(f"{n}: {c}" for n, c in list(lengths.items())[:10])
        raise unprocessable(
            f"population: the columns have different lengths ({shown}); allowed: one value per person in every column.",
            "invalid_population",
        )
    rows = next(iter(lengths.values()), 0)
    if rows > limits.max_rows:
        raise too_many_rows(rows, limits)
    return pa.table({name: column_array(values, name) for name, values in columns.items()})


def population_table(population, limits: Limits) -> pa.Table:
    """The ``population`` field of a JSON body (records or columns) as an Arrow table."""
    if isinstance(population, list):
        table = _records_table(population, limits)
    elif isinstance(population, dict):
        table = _columns_table(population, limits)
    else:
        raise unprocessable(
            'population: expected a list of records ([{"persoon_id": 1, ...}, ...]) or an object of '
            f'columns ({{"persoon_id": [1, 2], ...}}); got {type(population).__name__}.',
            "invalid_population",
        )
    if table.num_rows == 0:
        raise unprocessable(
            "population: no rows; allowed: at least one person.", "invalid_population"
        )
    return table


def _json_request(data: bytes, limits: Limits) -> CompareRequest:
    body = parse_json(data)
    if not isinstance(body, dict):
        raise bad_request(
            "The JSON body must be an object with the field 'population' (and optionally regimes, "
            f"period, outputs, per_applicant); got {type(body).__name__}.",
            "invalid_body",
        )
    if "population" not in body:
        raise unprocessable(
            "The field 'population' is missing; give the persons as a list of records or an object of columns.",
            "missing_population",
        )
    options = {key: value for key, value in body.items() if key != "population"}
    return CompareRequest(population_table(body["population"], limits), options, "population")


def _parquet_table(data: bytes, name: str, limits: Limits) -> pa.Table:
    try:
        handle = pq.ParquetFile(pa.BufferReader(data))
        rows = handle.metadata.num_rows
        if rows > limits.max_rows:
            raise too_many_rows(rows, limits)
        return handle.read()
    except (pa.ArrowException, OSError) as error:
        raise bad_request(
            f"{name}: not a readable Parquet file: {error}", "malformed_file"
        ) from None


def _csv_table(data: bytes, name: str, limits: Limits) -> pa.Table:
    with tempfile.TemporaryDirectory(prefix="arbeidsmigratie-api-") as folder:
        path = pathlib.Path(folder) / "upload.csv"
        path.write_bytes(data)
        try:
            table = read_table(path)
        except PopulationFileError as error:
            raise bad_request(str(error).replace(os.fspath(path), name), "malformed_file") from None
    if table.num_rows > limits.max_rows:
        raise too_many_rows(table.num_rows, limits)
    return table


def file_table(data: bytes, fmt: str, name: str, limits: Limits) -> pa.Table:
    if not data:
        raise bad_request(f"{name}: the upload is empty (0 bytes).", "empty_body")
    table = (
        _parquet_table(data, name, limits) if fmt == "parquet" else _csv_table(data, name, limits)
    )
    if table.num_rows == 0:
        raise unprocessable(
            f"{name}: no data rows; allowed: at least one person.", "invalid_population"
        )
    return table


def _query_options(values) -> dict:
    """Options from the query string or simple form fields (regimes/outputs comma-separated)."""
    options = {}
    for key in SIMPLE_OPTIONS:
        items = [v for v in values.getlist(key) if v != ""]
        if not items:
            continue
        if key in {"regimes", "outputs"}:
            parts = [p.strip() for item in items for p in item.split(",") if p.strip()]
            # A '+' in a query string arrives as a space: "a b" means "a+b".
            options[key] = [p.replace(" ", "+") for p in parts] if key == "regimes" else parts
        else:
            options[key] = items[-1]
    return options


def _options_field(form) -> dict:
    raw = form.get("options")
    if raw is None:
        return {}
    options = parse_json(raw.encode("utf-8"))
    if not isinstance(options, dict):
        raise bad_request("The form field 'options' must be a JSON object.", "invalid_body")
    if "population" in options:
        raise unprocessable(
            "The form field 'options' may not hold a population; upload it as the file part.",
            "invalid_body",
        )
    return options


def _file_format(filename: str, mimetype: str) -> str | None:
    suffix = pathlib.Path(filename or "").suffix.lower()
    if suffix in SUFFIXES:
        return SUFFIXES[suffix]
    if mimetype in CSV_TYPES:
        return "csv"
    if mimetype in PARQUET_TYPES:
        return "parquet"
    if mimetype in JSON_TYPES:
        return "json"
    return None


def _multipart_request(request: Request, limits: Limits) -> CompareRequest:
    files = request.files
    part = files.get("population") or (next(iter(files.values())) if len(files) == 1 else None)
    if part is None:
        raise bad_request(
            "multipart upload: expected one file part named 'population' (a .csv or .parquet file); "
            f"got {len(files)} file part(s).",
            "missing_population",
        )
    name = part.filename or "population"
    fmt = _file_format(name, part.mimetype)
    if fmt is None:
        raise ApiError(
            415,
            "unsupported_media_type",
            f"{name}: unknown file type; allowed: a .csv or .parquet file (or the part type text/csv "
            "or application/vnd.apache.parquet).",
        )
    data = part.read()
    options = {
        **_options_field(request.form),
        **_query_options(request.form),
        **_query_options(request.args),
    }
    if fmt == "json":
        parsed = _json_request(data, limits)
        return CompareRequest(parsed.table, {**parsed.options, **options}, name)
    return CompareRequest(file_table(data, fmt, name, limits), options, name)


def read_compare_request(request: Request, limits: Limits) -> CompareRequest:
    mimetype = request.mimetype
    if mimetype == MULTIPART:
        return _multipart_request(request, limits)
    data = request.get_data(cache=False)
    if mimetype in JSON_TYPES or (not mimetype and data[:1] in (b"{", b"[")):
        parsed = _json_request(data, limits)
        return CompareRequest(
            parsed.table, {**parsed.options, **_query_options(request.args)}, parsed.source
        )
    fmt = {**dict.fromkeys(CSV_TYPES, "csv"), **dict.fromkeys(PARQUET_TYPES, "parquet")}.get(
        mimetype
    )
    if fmt is None:
        raise ApiError(
            415,
            "unsupported_media_type",
            f"Content-Type '{mimetype or '(none)'}' is not accepted; allowed: application/json, text/csv, "
            f"application/vnd.apache.parquet or {MULTIPART}.",
        )
    name = f"upload.{fmt}"
    return CompareRequest(file_table(data, fmt, name, limits), _query_options(request.args), name)
