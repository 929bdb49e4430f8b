"""Shared fixtures of the Python tests."""

from __future__ import annotations

import pathlib

import pyarrow.csv as pacsv
import pyarrow.parquet as pq
import pytest

FIXTURES = pathlib.Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def tien_personen_parquet(tmp_path_factory) -> pathlib.Path:
    """tien_personen.csv as a Parquet file, written at test time (no binary fixture in the repo)."""
    path = tmp_path_factory.mktemp("fixtures") / "tien_personen.parquet"
    pq.write_table(pacsv.read_csv(FIXTURES / "tien_personen.csv"), path)
    return path
