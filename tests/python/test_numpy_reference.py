"""The benchmarks' yardstick: benchmarks/numpy_reference.py decides exactly what the package decides.

The hand-written numpy decision of current law must agree with the package on every applicant and
on all five outputs (route, admitted, deciding ground, permit validity, failed requirements): on
the bundled population, on a generated one and on one whose inputs are drawn at the law's
boundaries (every rule exercised). A reference that disagrees would make the benchmark's ratios
meaningless. These tests assert agreement, not speed.
"""

from __future__ import annotations

import importlib.util
import pathlib
import sys

import numpy as np
import pyarrow.parquet as pq
import pytest

from openfisca_arbeidsmigratie.law_coverage import default_period
from openfisca_arbeidsmigratie.microsimulation import compare
from openfisca_arbeidsmigratie.population import derive_schema, load_population
from openfisca_arbeidsmigratie.population.generator import generate
from openfisca_arbeidsmigratie.reforms import baseline_system

ROOT = pathlib.Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "openfisca_arbeidsmigratie" / "data" / "bevolking_2026.parquet"


def _reference():
    spec = importlib.util.spec_from_file_location("numpy_reference", ROOT / "benchmarks" / "numpy_reference.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


ref = _reference()


@pytest.fixture(scope="module")
def schema():
    return derive_schema(baseline_system())


@pytest.fixture(scope="module")
def law():
    return ref.Law.at(ref.load_parameters(), f"{default_period()}-01")


def _population_file(kind: str, schema, folder: pathlib.Path) -> pathlib.Path:
    if kind == "bundled":
        return BUNDLED
    table = generate(3000, seed=11, schema=schema)
    if kind == "boundaries":
        table = ref.vary_inputs(table, f"{default_period()}-01", seed=5, schema=schema)
    path = folder / f"{kind}.parquet"
    pq.write_table(table, path)
    return path


def _disagreements(package: dict, reference: dict) -> dict:
    out = {}
    for name in ref.OUTPUTS:
        rows = np.flatnonzero(np.asarray(package[name]) != np.asarray(reference[name]))
        if len(rows):
            out[name] = [(int(r), package[name][r], reference[name][r]) for r in rows[:5]]
    return out


@pytest.mark.parametrize("kind", ["bundled", "generated", "boundaries"])
def test_the_numpy_reference_agrees_with_the_package_on_every_applicant(kind, schema, law, tmp_path):
    path = _population_file(kind, schema, tmp_path)
    population = load_population(path, schema)
    package = ref.package_outputs(compare(population, [], period=default_period()).table)
    persoon_id, arrays = ref.arrays_from_table(ref.read(str(path)))
    from_file = ref.decision_outputs(ref.decide(arrays, law, len(persoon_id)))
    assert not _disagreements(package, from_file)
    # the same decision from the Population's arrays (the in-process benchmark's input)
    in_memory = ref.decision_outputs(ref.decide(ref.arrays_from_population(population), law, population.applicant_rows().size))
    assert not _disagreements(package, in_memory)
    if kind == "boundaries":  # the population reaches refusals on many grounds, and several validities
        assert len(np.unique(package["weigeringsgrond"])) >= 20
        assert len(np.unique(package["verblijfsvergunning_geldigheidsduur_maanden"])) >= 8


def test_the_reference_notices_a_changed_amount(schema, law, tmp_path):
    """The agreement is not vacuous: the student's weekly hours off by a few change decisions."""
    import dataclasses  # noqa: PLC0415

    path = _population_file("boundaries", schema, tmp_path)
    population = load_population(path, schema)
    package = ref.package_outputs(compare(population, [], period=default_period()).table)
    changed = dataclasses.replace(law, student_hours=law.student_hours + 4)
    wrong = ref.decision_outputs(ref.decide(ref.arrays_from_population(population), changed, population.applicant_rows().size))
    assert _disagreements(package, wrong)


def test_the_reference_reads_the_package_defaults(schema):
    for name, (kind, default, entity) in ref.INPUTS.items():
        column = schema.columns[name]
        assert (column.kind, column.entity) == (kind, entity), name
        expected = str(column.default) if kind == "date" else column.default
        assert expected == default, name


def test_the_pipeline_writes_the_five_outputs(schema, law, tmp_path):
    out = tmp_path / "numpy.parquet"
    seconds = ref.pipeline(str(BUNDLED), str(out), default_period())
    assert set(seconds) == {"startup", "read", "arrays", "decide", "write"}
    written = pq.read_table(out)
    assert written.column_names == ["persoon_id", *(f"huidig_recht.{name}" for name in ref.OUTPUTS)]
    package = ref.package_outputs(compare(load_population(BUNDLED, schema), [], period=default_period()).table)
    assert not _disagreements(package, ref.package_outputs(written))
