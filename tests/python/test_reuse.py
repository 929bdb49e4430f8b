"""Reuse of current law's arrays in the reforms' simulations gives exactly full recomputation.

Every registered regime and two combined specs, on the bundled population and on a generated one
(and in a month before the 2022 amendment): each output column with reuse equals the column when
every regime computes everything. A test reform that changes a parameter read only through a node's
children checks that such a read is seen (the reform must differ from current law, and reuse must
still agree).
"""

from __future__ import annotations

import pyarrow.parquet as pq
import pytest
from openfisca_core.reforms import Reform

from openfisca_arbeidsmigratie.commands._common import bundled_population
from openfisca_arbeidsmigratie.microsimulation import Regime, compare, engine, resolve_regimes
from openfisca_arbeidsmigratie.microsimulation import reuse as arrays_reuse
from openfisca_arbeidsmigratie.population import derive_schema, load_population
from openfisca_arbeidsmigratie.population.generator import generate
from openfisca_arbeidsmigratie.reforms import BASELINE, available_regimes, baseline_system

REFORMS = [r for r in available_regimes() if r != BASELINE]
COMBINED = ["brede_welvaartstoets+vijfjarige_vergunning", "aanscherping_kennismigranten+referent_betrouwbaarheid_strenger"]


def _population(path, regimes):
    return load_population(path, derive_schema(*(r.system for r in resolve_regimes(regimes))))


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = tmp_path_factory.mktemp("reuse") / "gegenereerd.parquet"
    schema = derive_schema(*(r.system for r in resolve_regimes(REFORMS + COMBINED)))
    pq.write_table(generate(1500, seed=19, schema=schema), path)
    return path


def _assert_same(population, regimes, period=None, chunk_size=None):
    full = compare(population, regimes, period=period, reuse=False, chunk_size=chunk_size).table
    reused = compare(population, regimes, period=period, reuse=True, chunk_size=chunk_size).table
    assert full.column_names == reused.column_names
    for name in full.column_names:
        assert full.column(name).equals(reused.column(name)), name


@pytest.mark.parametrize("source", ["bundled", "generated"])
def test_reuse_equals_full_recomputation_for_every_regime_and_combined_specs(source, generated):
    path = bundled_population() if source == "bundled" else generated
    regimes = REFORMS + COMBINED
    _assert_same(_population(path, regimes), regimes)


def test_reuse_equals_full_recomputation_before_the_2022_amendment(generated):
    regimes = REFORMS + COMBINED
    _assert_same(_population(generated, regimes), regimes, period="2021-06")


def test_reuse_in_chunks_equals_full_recomputation(generated):
    regimes = [r for r in REFORMS if not resolve_regimes([r])[1].requires_whole_population] + COMBINED
    _assert_same(_population(generated, regimes), regimes, chunk_size=500)


class _ZonderPolen(Reform):
    """Test reform: Polish nationals without free movement (a value read through ``_children``)."""

    def apply(self):
        def wijzig(parameters):
            parameters.wav.vrij_verkeer_van_werknemers.pl.update(start="2004-05-01", value=0)
            return parameters

        self.modify_parameters(modifier_function=wijzig)


def test_a_parameter_read_through_a_nodes_children_is_seen(generated):
    regime = Regime("zonder_polen", "test", _ZonderPolen(baseline_system()))
    population = _population(generated, [])
    full = compare(population, [regime], reuse=False).table
    reused = compare(population, [regime], reuse=True).table
    assert full.equals(reused)
    assert not full.column("huidig_recht.toelatingsroute").equals(full.column("zonder_polen.toelatingsroute"))


def test_unchanged_variables_are_reused_and_changed_ones_are_not():
    regimes = resolve_regimes(["aanscherping_kennismigranten"])
    population = _population(bundled_population(), ["aanscherping_kennismigranten"])
    month = engine.parse_month("2026-06")
    source = engine.build_simulation(regimes[0].system, population, month, arrays_reuse.RecordingSimulation)
    source.calculate("toelatingsroute", month)
    names = arrays_reuse.reusable_variables(source, regimes[1].system)
    assert "vrij_verkeer_van_werknemers" in names
    assert "leeftijd" in names
    assert "kennismigrant_looncriterium_bekend" not in names  # replaced by the reform
    assert "toelatingsroute" not in names  # depends on it
    changed = _ZonderPolen(baseline_system())
    assert arrays_reuse.changed_parameters(baseline_system().parameters, changed.parameters) == [
        "wav.vrij_verkeer_van_werknemers.pl"
    ]
    assert "vrij_verkeer_van_werknemers" not in arrays_reuse.reusable_variables(source, changed)


def test_only_the_arrays_a_reform_asks_for_are_kept(generated):
    """The frontier: reusable variables asked by name or by a variable the reform computes itself;
    one asked only by reusable variables is not kept (and reuse still equals recomputation, above)."""
    population = _population(generated, [])
    regimes = resolve_regimes(["aanscherping_kennismigranten"])
    simulation = engine.build_simulation(
        regimes[0].system, population, engine.parse_month("2026-01"), arrays_reuse.RecordingSimulation
    )
    simulation.calculate("toelatingsroute", "2026-01")
    reusable = arrays_reuse.reusable_variables(simulation, regimes[1].system)
    kept = arrays_reuse.frontier(simulation, reusable, ["leeftijd", "bestaat_niet"])
    calls = simulation._record.calls  # noqa: SLF001
    assert "leeftijd" in kept and "bestaat_niet" not in kept
    assert kept < reusable
    for name in reusable - kept - {"leeftijd"}:
        assert all(name not in called for caller, called in calls.items() if caller not in reusable)
    assert "toelatingsroute" not in reusable  # the reform changes the kennismigrant route


def test_a_wrapped_current_law_definition_takes_current_laws_array_where_it_would_be_the_same():
    """A reform's formula that wraps a current-law definition gets current law's array as the
    previous value when that definition's inputs are all reused (brede_welvaartstoets wraps
    toelatingsroute; aanscherping_kennismigranten wraps kennismigrant_verlaagd_criterium_van_toepassing);
    not when the reform changes one of them (kennismigrant_looncriterium_bekend reads the reduced
    criterion the reform changes; weigeringsgrond reads the route the points test changes)."""
    regimes = resolve_regimes(["brede_welvaartstoets", "aanscherping_kennismigranten"])
    population = _population(bundled_population(), ["brede_welvaartstoets", "aanscherping_kennismigranten"])
    month = engine.parse_month("2026-06")
    source = engine.build_simulation(regimes[0].system, population, month, arrays_reuse.RecordingSimulation)
    source.calculate("toelatingsroute", month)
    source.calculate("weigeringsgrond", month)

    def previous(regime):
        reusable = arrays_reuse.reusable_variables(source, regime.system)
        return reusable, arrays_reuse.previous_definitions(source, regime.system, reusable)

    reusable, names = previous(regimes[1])
    assert "toelatingsroute" in names and "toelatingsroute" not in reusable
    assert "weigeringsgrond" not in names
    _, names_aanscherping = previous(regimes[2])
    assert "kennismigrant_verlaagd_criterium_van_toepassing" in names_aanscherping
    assert "kennismigrant_looncriterium_bekend" not in names_aanscherping

    target = engine.build_simulation(regimes[1].system, population, month)
    arrays_reuse.seed(target, source, reusable)
    arrays_reuse.seed_previous(target, source, names)
    before = target.calculate("toelatingsroute_zonder_brede_welvaartstoets", month)
    assert before is source.calculate("toelatingsroute", month)  # handed over, not recomputed
