"""The Monte Carlo loop on a local Dask cluster gives the same draws as in-process."""

from __future__ import annotations

import pytest

distributed = pytest.importorskip("distributed")  # in the dev extra; skip only in a bare install

from openfisca_arbeidsmigratie.costing import run_costing  # noqa: E402
from openfisca_arbeidsmigratie.microsimulation import resolve_regimes  # noqa: E402
from openfisca_arbeidsmigratie.population import derive_schema, population_from_table  # noqa: E402
from openfisca_arbeidsmigratie.population.generator import generate  # noqa: E402

REFORM = ["vijfjarige_vergunning"]
ARGUMENTS = {"years": 4, "draws": 3, "seed": 5}


@pytest.fixture(scope="module")
def population():
    schema = derive_schema(*(r.system for r in resolve_regimes(REFORM)))
    return population_from_table(generate(50, seed=3, schema=schema), schema)


@pytest.fixture(scope="module")
def in_process(population):
    return run_costing(population, REFORM, "2026-01", **ARGUMENTS)


def test_threads_cluster_with_a_client(population, in_process):
    with (
        distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = run_costing(population, REFORM, "2026-01", scheduler=client, **ARGUMENTS)
    assert remote.intervals == in_process.intervals


def test_process_cluster_by_address(population, in_process):
    """Workers in other processes: the context is pickled and the regimes rebuilt from their specs."""
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    ) as cluster:
        remote = run_costing(population, REFORM, "2026-01", scheduler=cluster.scheduler_address, **ARGUMENTS)
    assert remote.draw_values == in_process.draw_values
    assert remote.intervals == in_process.intervals
