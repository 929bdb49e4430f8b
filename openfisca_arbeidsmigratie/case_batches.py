"""YAML test cases of one system and period run together, as one simulation of all their entities.

Most of a YAML case's time is the engine's fixed work per variable (looking up holders and
formulas, checking periods, tracing), not its arithmetic: one person or three hundred take about
the same. :class:`Batch` therefore builds each case's simulation as OpenFisca's runner does
(``SimulationBuilder.build_from_dict``), then joins the simulations of cases that share a system,
a period and their overridden variables into one (:func:`merge`), and each case reads its own
rows of it (:class:`CaseView`). The values are the ones each case gets alone, for the reason the
comparison engine may split a population into chunks: under a regime that does not need the
whole population (``requires_whole_population``), a person's values depend only on that person's
own entities (household, employer), and the cases' entities stay apart in the joined simulation.

What is run alone, as OpenFisca's runner would:

* a case whose reforms need the whole population (a bandwidth ranks everyone in the simulation),
  a case with extensions, axes or its own spiral limit;
* a run with a trace (``--verbose``, ``--performance-graph``, ``--performance-tables``), so that
  the trace is the case's own;
* a case that cannot be built (its check or OpenFisca's parsing fails): its error comes from its
  own run;
* every case of a batch from the moment the joined simulation raises an error (a gap in the law
  for one case's date, say): each then runs alone, so an error names its own case.

Cases join only when every variable with a formula that one of them sets as an input is set by
all of them for the same periods: such an input replaces the formula for the whole simulation,
and a case that does not set it must compute it. An input variable (no formula) that one case
sets and another does not takes its default value in the other's rows, which is what that case
gets alone. ``tests/python/test_case_batches.py`` compares every output of every YAML case
batched and alone.
"""

from __future__ import annotations

import json

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.simulations import Simulation

from openfisca_arbeidsmigratie.codes import als_enum

TRACE_OPTIONS = ("verbose", "performance_graph", "performance_tables")


def needs_whole_population(system) -> bool:
    """True when ``system`` or a system it is built on needs the whole population."""
    while system is not None:
        if getattr(type(system), "requires_whole_population", False):
            return True
        system = getattr(system, "baseline", None)
    return False


def batch_key(test, raw, options, system) -> tuple | None:
    """What cases must share to join one batch (system, period, parameters), or None when the
    case runs alone. ``test`` is OpenFisca's parsed case, ``raw`` the case as written, ``system``
    the one its reforms give (None when it cannot be built: the case runs alone)."""
    if any(options.get(name) for name in TRACE_OPTIONS):
        return None
    if system is None or needs_whole_population(system):
        return None
    if not isinstance(raw, dict) or test.extensions or test.max_spiral_loops or test.output is None:
        return None
    given = raw.get("input", {})
    if not isinstance(given, dict) or "axes" in given:
        return None
    reforms = test.reforms if isinstance(test.reforms, list) else [test.reforms]
    parameters = json.dumps(test.parameters, sort_keys=True, default=str) if test.parameters else ""
    return (tuple(map(str, reforms)), str(test.period), parameters)


def overridden(simulation: Simulation) -> frozenset:
    """(variable, period) of every variable with a formula that the simulation's inputs set."""
    found = set()
    for population in simulation.populations.values():
        for name, holder in population._holders.items():
            if holder.variable.formulas:
                found.update((name, str(period)) for period in holder.get_known_periods())
    return frozenset(found)


def merge(system, simulations: list[Simulation]) -> tuple[Simulation, list[dict[str, tuple[int, int]]]]:
    """One simulation of ``system`` holding the entities and inputs of ``simulations`` one after
    the other, and for each of them the rows (start, stop) of each entity in it."""
    populations = system.instantiate_entities()
    rows: list[dict[str, tuple[int, int]]] = [{} for _ in simulations]
    for key, population in populations.items():
        parts = [simulation.populations[key] for simulation in simulations]
        starts = np.cumsum([0, *(part.count for part in parts)])
        for own, start, stop in zip(rows, starts[:-1], starts[1:], strict=True):
            own[key] = (int(start), int(stop))
        population.count = int(starts[-1])
        population.ids = np.arange(population.count)
        if not population.entity.is_person:
            population.members_entity_id = np.concatenate(
                [part.members_entity_id + start for part, start in zip(parts, starts, strict=False)]
            )
            population._members_role = np.concatenate([part.members_role for part in parts])
    merged = Simulation(system, populations)
    for key, population in populations.items():
        _merge_inputs(population, [simulation.populations[key] for simulation in simulations])
    return merged, rows


def _merge_inputs(population, parts) -> None:
    """Each input (variable, period) of the parts, joined; a part without it takes the default."""
    known: dict[str, set] = {}
    for part in parts:
        for name, holder in part._holders.items():
            known.setdefault(name, set()).update(holder.get_known_periods())
    for name, periods_known in known.items():
        holder = population.get_holder(name)
        variable = holder.variable
        for period in periods_known:  # stored as they are: no set_input dispatch, so in any order
            arrays = []
            for part in parts:
                array = part._holders[name].get_array(period) if name in part._holders else None
                arrays.append(np.asarray(variable.default_array(part.count) if array is None else array))
            joined = np.concatenate(arrays)
            if variable.value_type == Enum:
                joined = als_enum(joined, variable.possible_values)
            holder._set(period, joined)


class CaseView:
    """One case's rows of a joined simulation, with the case's own entity ids: what OpenFisca's
    ``YamlItem.check_output`` asks of a simulation (``calculate``, ``populations``,
    ``get_population``)."""

    def __init__(self, merged: Simulation, own: Simulation, rows: dict[str, tuple[int, int]]) -> None:
        self.merged = merged
        self.populations = own.populations
        self.get_population = own.get_population
        self.rows = rows

    def calculate(self, variable_name: str, period):
        array = self.merged.calculate(variable_name, period)
        start, stop = self.rows[self.merged.get_variable_population(variable_name).entity.key]
        return array[start:stop]


class Batch:
    """Cases that may join (same :func:`batch_key`); joined the first time one of them runs.

    ``build(case)`` must return the case's system and its own simulation (raising when the case
    cannot be built: it then runs alone)."""

    def __init__(self, cases: list, build) -> None:
        self.cases = cases
        self.build = build
        self.built: dict[int, tuple] = {}
        self.views: dict[int, CaseView] = {}
        self.joined = False
        self.broken = False

    def own(self, case) -> tuple | None:
        """The case's (system, simulation) as built for the batch, or None."""
        return self.built.get(id(case))

    def view(self, case) -> CaseView | None:
        """The case's rows of its joined simulation, or None when it runs alone."""
        if not self.joined:
            self._join()
        return None if self.broken else self.views.get(id(case))

    def _join(self) -> None:
        self.joined = True
        groups: dict[frozenset, list] = {}
        for case in self.cases:
            try:
                system, simulation = self.build(case)
            except Exception:  # noqa: BLE001 (the case's own run raises it again, as its own error)
                continue
            self.built[id(case)] = (system, simulation)
            groups.setdefault(overridden(simulation), []).append(case)
        for members in groups.values():
            if len(members) < 2:
                continue
            system = self.built[id(members[0])][0]
            own = [self.built[id(case)][1] for case in members]
            merged, rows = merge(system, own)
            for case, simulation, case_rows in zip(members, own, rows, strict=True):
                self.views[id(case)] = CaseView(merged, simulation, case_rows)

    def release(self, case) -> None:
        """Forget what the batch keeps for ``case`` once it has run."""
        self.built.pop(id(case), None)
        self.views.pop(id(case), None)


def batches(cases: list, key, build) -> None:
    """Give each case a ``batch`` attribute: the :class:`Batch` of the cases with its key (None
    for a case that runs alone)."""
    grouped: dict[tuple, list] = {}
    for case in cases:
        case_key = key(case)
        case.batch = None
        if case_key is not None:
            grouped.setdefault(case_key, []).append(case)
    for members in grouped.values():
        if len(members) > 1:
            batch = Batch(members, build)
            for case in members:
                case.batch = batch
