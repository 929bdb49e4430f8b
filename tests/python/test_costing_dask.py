"""The Monte Carlo loop on a local Dask cluster gives the same draws as in-process."""

from __future__ import annotations

import pytest

distributed = pytest.importorskip("distributed")  # in the dev extra; skip only in a bare install

from openfisca_arbeidsmigratie.costing import run_costing  # noqa: E402
from openfisca_arbeidsmigratie.microsimulation import resolve_regimes  # noqa: E402
from openfisca_arbeidsmigratie.population import derive_schema, population_from_table  # noqa: E402
from openfisca_arbeidsmigratie.population.generator import generate  # noqa: E402


def test_draws_on_a_local_cluster_equal_in_process():
    schema = derive_schema(*(r.system for r in resolve_regimes(["vijfjarige_vergunning"])))
    population = population_from_table(generate(50, seed=3, schema=schema), schema)
    arguments = {"years": 4, "draws": 3, "seed": 5}
    local = run_costing(population, ["vijfjarige_vergunning"], "2026-01", **arguments)
    with (
        distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster,
        distributed.Client(cluster) as client,
    ):
        remote = run_costing(population, ["vijfjarige_vergunning"], "2026-01", scheduler=client, **arguments)
        by_address = run_costing(population, ["vijfjarige_vergunning"], "2026-01", scheduler=cluster.scheduler_address, **arguments)
    assert remote.intervals == local.intervals
    assert by_address.draw_values == local.draw_values
