"""Current law and any number of reforms on one population, side by side.

One simulation per regime, each built by hand over the SAME read-only input arrays (no
``Simulation.clone()``: in openfisca-core 46 a clone shares its holders' storage with the original,
so a reform's results would overwrite current law's). Regimes are computed one after
the other and each simulation is dropped once its outputs are read, so memory holds one simulation
at a time. In chunked mode the population is cut into chunks of whole households and employers
(connected groups); aggregates are summed across chunks and the per-applicant table goes to a sink.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import difflib
import functools
import gc
import sys
import time
import weakref
from collections.abc import Callable, Hashable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from openfisca_core import periods
from openfisca_core.indexed_enums import Enum, EnumArray
from openfisca_core.simulations import Simulation
from openfisca_core.taxbenefitsystems import TaxBenefitSystem
from tqdm import tqdm

from openfisca_arbeidsmigratie.codes import als_enum
from openfisca_arbeidsmigratie.enums import Toelatingsroute, Weigeringsgrond
from openfisca_arbeidsmigratie.explain.counts import Decided, refusal_rows
from openfisca_arbeidsmigratie.explain.requirements import (
    FAILED,
    FailedRows,
    failed_rows,
    to_list_array,
)
from openfisca_arbeidsmigratie.explain.requirements import REQUIREMENTS as FAILED_REQUIREMENTS
from openfisca_arbeidsmigratie.landen import ISO_3166_1_ALPHA2, vrij_verkeer_codes
from openfisca_arbeidsmigratie.law_coverage import default_period, parse_month
from openfisca_arbeidsmigratie.microsimulation import reuse as arrays_reuse
from openfisca_arbeidsmigratie.microsimulation.aggregates import (
    AGE_EDGES,
    OUTCOME_VARIABLES,
    WAGE_EDGES,
    Dimension,
    Tally,
    band_labels,
    gathered,
    group_nationalities,
    wage_band_labels,
)
from openfisca_arbeidsmigratie.population.model import Population
from openfisca_arbeidsmigratie.population.schema import GROUP_ID_COLUMNS, ROLE_ENTITY, is_input
from openfisca_arbeidsmigratie.reforms import (
    BASELINE,
    RegimeSpec,
    RegimeSpecError,
    as_spec,
    baseline_system,
    parse_spec,
)

DEFAULT_OUTPUTS = (
    "toegelaten",
    "toelatingsroute",
    "verblijfsvergunning_geldigheidsduur_maanden",
    "weigeringsgrond",
    FAILED,
)
ROUTE = "toelatingsroute"
COLLECT_FROM_PERSONS = 20_000  # collect a simulation's arrays at once from this size (see _Run._simulate)
ADMITTED = "toegelaten"
# What the route table, the transitions, the refusals and the explanations are computed from: always
# simulated (where the regime defines them), whatever ``outputs`` asks to write.
DECISION_OUTPUTS = (ADMITTED, ROUTE, "weigeringsgrond", FAILED)
GROUND = "weigeringsgrond"


class ComparisonError(ValueError):
    """A comparison that cannot run as asked (bad regime, chunking a whole-population regime, ...)."""


class RegimeComputationError(RuntimeError):
    """A regime's formulas failed on the population (a defect in the law code, not in the input)."""


@dataclasses.dataclass
class Regime:
    """A regime to simulate: its column label, its specification and its built system.

    ``spec`` is a RegimeSpec; a ready-made system (a test's, a costing draw's) may describe itself
    by any text instead, which is kept as it is when it is not a valid spec.
    """

    label: str
    spec: RegimeSpec | str
    system: TaxBenefitSystem

    def __post_init__(self) -> None:
        if isinstance(self.spec, str):
            with contextlib.suppress(RegimeSpecError):
                self.spec = parse_spec(self.spec)

    @property
    def requires_whole_population(self) -> bool:
        """True when any reform in the regime ranks or caps the whole population (e.g. a bandwidth)."""
        system = self.system
        while system is not None:
            if getattr(type(system), "requires_whole_population", False):
                return True
            system = getattr(system, "baseline", None)
        return False

    def inactive_reforms(self, month) -> list[str]:
        """A warning per reform whose switch is off in ``month`` (see RegimeSpec.inactive_reforms)."""
        if not isinstance(self.spec, RegimeSpec):
            return []
        return self.spec.inactive_reforms(self.system, str(month))


def resolve_regimes(
    specs: Sequence[str | RegimeSpec | Regime], baseline: TaxBenefitSystem | None = None
) -> list[Regime]:
    """Current law first, then each spec (text, a RegimeSpec or a ready Regime), each built once.

    A spec that breaks the grammar or names an unknown reform raises RegimeSpecError (a
    ValueError); a parameter file that cannot be applied ParameterFileError.
    """
    baseline = baseline or baseline_system()
    regimes = [Regime(BASELINE, RegimeSpec(), baseline)]
    for spec in specs:
        if isinstance(spec, Regime):
            regimes.append(spec)
            continue
        parsed = as_spec(spec)
        if parsed.is_baseline:
            continue
        regimes.append(Regime(parsed.label, parsed, parsed.build(baseline)))
    labels = [r.label for r in regimes]
    duplicates = sorted({label for label in labels if labels.count(label) > 1})
    if duplicates:
        raise ComparisonError(
            f"Each regime may be compared once; repeated: {', '.join(duplicates)}."
        )
    return regimes


def _malloc_trim():
    """glibc's ``malloc_trim`` (None elsewhere)."""
    try:
        return ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None


_TRIM = _malloc_trim()


def release_memory() -> None:
    """Give the memory freed by numpy (the C heap) and by Arrow (its pool) back to the system.

    Each allocator otherwise keeps what was freed for itself: the arrays freed after reading the
    file or after a regime's simulation would not serve the other's next allocations, and the
    peak would hold both. Called between the stages of the compare command (after reading the
    file, before writing the outputs), not between regimes: memory given back is faulted in
    again (system time), and a regime's simulation reuses what the previous one freed.
    """
    pa.default_memory_pool().release_unused()
    if _TRIM is not None:
        _TRIM(0)


def _period_of(variable, month: periods.Period) -> periods.Period:
    unit = variable.definition_period
    if unit == periods.YEAR:
        return month.this_year
    if unit == periods.DAY:
        return month.first_day
    return month


def build_simulation(
    system: TaxBenefitSystem,
    population: Population,
    month: periods.Period,
    simulation_class: type[Simulation] = Simulation,
) -> Simulation:
    """A simulation of ``system`` over the population's arrays (hand-built entities, no copies)."""
    # Every regime's simulation of the population gets the same ids, indices and roles (made
    # once per population, read-only; see _once).
    entities = system.instantiate_entities()
    person = entities[system.person_entity.key]
    person.ids = _once(population.roles, "ids", lambda: np.arange(population.count))
    person.count = population.count
    for key in GROUP_ID_COLUMNS:
        group = entities[key]
        index = population.group_index[key]
        group.ids = _once(index, "ids", lambda key=key: np.arange(population.group_count[key]))
        group.count = population.group_count[key]
        group.members_entity_id = _as_index(index)
        if key == ROLE_ENTITY:
            by_key = {role.key: role for role in group.entity.roles}
            role_objects = np.array([by_key[k] for k in population.role_keys], dtype=object)
            # The public setter copies through list() (0.2 s per million persons); the indexed
            # object array is already what it would build. Systems built on one another share
            # their Role objects, so their simulations share the array.
            group._members_role = _once(
                population.roles, ("roles", *map(id, role_objects)), functools.partial(role_objects.take, population.roles)
            )
    simulation = simulation_class(system, entities)
    _set_inputs(simulation, system, population.person_inputs, month)
    for key in GROUP_ID_COLUMNS:
        _set_inputs(simulation, system, population.group_inputs.get(key, {}), month)
    _set_defaults(simulation, system, population, month)
    return simulation


def _set_defaults(simulation: Simulation, system: TaxBenefitSystem, population: Population, month) -> None:
    """Every input variable the file does not give, as its default value for all (a read-only view
    of one value, as every input array is read-only): what the engine would otherwise fill into a
    new array of the entity's length, once per variable and regime (half of a simulation's memory)."""
    given = set(population.person_inputs).union(*population.group_inputs.values())
    for name, variable in system.variables.items():
        if name in given or not is_input(variable):
            continue
        one = variable.default_array(1)
        count = simulation.populations[variable.entity.key].count
        simulation.set_input(name, _period_of(variable, month), np.broadcast_to(one, (count,), subok=True))


def _set_inputs(
    simulation: Simulation, system: TaxBenefitSystem, arrays: dict[str, np.ndarray], month
) -> None:
    for name, array in arrays.items():
        variable = system.variables.get(name)
        if variable is not None and is_input(variable):
            simulation.set_input(name, _period_of(variable, month), _encoded(array, variable))


def _enum_array(codes: np.ndarray, values) -> EnumArray:
    """``values.encode(codes)`` for integer codes: when every code is a member's index (a checked
    population), the same EnumArray by one cast; OpenFisca's encoding keeps only the codes below
    the number of members, by a boolean mask over every person."""
    codes = np.asarray(codes)
    if codes.dtype.kind in "iu" and (not len(codes) or int(codes.max()) < len(values)):
        return als_enum(codes, values)
    return values.encode(codes)


_DERIVED: dict[tuple[int, str], tuple[weakref.ref, np.ndarray]] = {}
"""Arrays derived from a population's arrays (encoded text, native-type indices), see _once."""


def _as_index(array: np.ndarray) -> np.ndarray:
    """A group index (each person's household or employer) as numpy's native index type, made
    once per array and shared by every regime (read-only).

    The engine gathers a group's values for its members with it (``GroupPopulation.project``,
    ``sum``) dozens of times per regime; numpy converts any other integer type to ``intp`` on
    every such call (a gather from an int32 index takes some seven times as long)."""
    if array.dtype == np.intp:
        return array
    return _once(array, "index", lambda: array.astype(np.intp))


def _once(array: np.ndarray, tag: Hashable, make) -> np.ndarray:
    """``make()`` (an array derived from ``array``), read-only, kept while ``array`` lives."""
    key = (id(array), tag)
    hit = _DERIVED.get(key)
    if hit is not None and hit[0]() is array:
        return hit[1]
    value = make()
    value.flags.writeable = False
    _DERIVED[key] = (weakref.ref(array), value)
    weakref.finalize(array, _DERIVED.pop, key, None)
    return value


def _encoded(array: np.ndarray, variable) -> np.ndarray:
    """A text input (object array) in the variable's ``|S<n>`` dtype, an Enum input (integer
    codes) as the holder's EnumArray: encoded once per array.

    The holder would cast it the same way (``astype``, ``possible_values.encode``) in every
    regime's simulation; the cast array is kept while the population's array lives and handed to
    every regime (read-only).
    """
    if variable.value_type is Enum and not isinstance(array, EnumArray):
        values = variable.possible_values
        return _once(array, ("enum", id(values)), lambda: _enum_array(array, values))
    dtype = np.dtype(variable.dtype)
    if array.dtype != object or dtype.kind != "S":
        return array
    return _once(array, dtype.str, lambda: array.astype(dtype))


@dataclasses.dataclass
class Comparison:
    """Result of :func:`compare`."""

    regimes: list[str]
    period: str
    outputs: list[str]
    tally: Tally
    table: pa.Table | None
    warnings: list[str]
    seconds_per_regime: dict[str, float]
    nationality_groups: Callable | None = None
    persons: int = 0  # rows simulated (applicants and their household members)
    chunks: int = 1
    refusals: list[dict] | None = None  # refusal_counts of ``table``, when counted while simulating
    # per regime the decision arrays the explanations read (explain.counts.Decided), when kept
    # while simulating (one chunk in memory); explanation_table then does not read the table
    decisions: dict | None = None

    def route_table(self) -> list[dict]:
        return self.tally.route_table()

    def aggregates(self) -> list[dict]:
        return self.tally.dimension_rows(self.nationality_groups)

    def transitions(self) -> list[dict]:
        return self.tally.transition_summary()

    def transition_matrix(self) -> list[dict]:
        return self.tally.transition_matrix_rows()

    def applicants_table(self) -> pa.Table | None:
        """The per-applicant table with the columns asked (``outputs``): ids, weight, outputs.

        ``table`` also holds the decision outputs, which are always computed (DECISION_OUTPUTS).
        """
        return None if self.table is None else select_outputs(self.table, self.outputs)


def select_outputs(table: pa.Table, outputs: Sequence[str]) -> pa.Table:
    """The id columns, ``gewicht`` and ``<regime>.<output>`` for each asked output of ``table``."""
    asked = set(outputs)
    keep = [
        name
        for name in table.column_names
        if "." not in name or name.rsplit(".", 1)[1] in asked  # labels may hold dots
    ]
    return table.select(keep)


def _check_outputs_exist(regimes: list[Regime], outputs: Sequence[str]) -> None:
    """Raise ComparisonError for the first asked output that is a person variable of no regime."""

    def person_variables(regime: Regime) -> set[str]:
        person = regime.system.person_entity.key
        return {n for n, v in regime.system.variables.items() if v.entity.key == person}

    for name in outputs:
        if name == FAILED or any(name in person_variables(r) for r in regimes):
            continue
        found = next((r.system.variables[name] for r in regimes if name in r.system.variables), None)
        reason = "is not a variable" if found is None else f"belongs to the {found.entity.key}"
        known = set().union(*map(person_variables, regimes)) | {FAILED}
        close = difflib.get_close_matches(name, sorted(known), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise ComparisonError(
            f"outputs: '{name}' {reason} in any regime compared{hint}; allowed: a variable of "
            f"the persoon (GET /variables of `arbeidsmigratie serve` lists them) or {FAILED}"
        )


def _available_outputs(
    regimes: list[Regime], outputs: Sequence[str]
) -> tuple[dict[str, list[str]], list[str]]:
    """Per regime the outputs to compute: the decision outputs it defines (always) and the asked
    ones (person variables), and a warning per asked output a regime does not define (a variable
    that only a reform adds). An asked output that no regime defines as a person variable is a
    user error (ComparisonError), not a column left out."""
    _check_outputs_exist(regimes, outputs)
    per_regime, warnings = {}, []
    for regime in regimes:
        names = [
            name
            for name in DECISION_OUTPUTS
            if name not in outputs
            and (
                name == FAILED  # a list built from the niet_voldaan_* variables
                or (
                    name in regime.system.variables
                    and regime.system.variables[name].entity.key == regime.system.person_entity.key
                )
            )
        ]
        for name in outputs:
            variable = regime.system.variables.get(name)
            if name == FAILED:  # the list of failed requirements, from the niet_voldaan_* variables
                names.append(name)
            elif variable is None:
                warnings.append(
                    f"regime {regime.label}: output '{name}' is not defined; column skipped"
                )
            elif variable.entity.key != regime.system.person_entity.key:
                warnings.append(
                    f"regime {regime.label}: output '{name}' is not a person variable; column skipped"
                )
            else:
                names.append(name)
        if ADMITTED not in names and ROUTE not in names:
            raise ComparisonError(
                f"Regime {regime.label} defines neither '{ADMITTED}' nor '{ROUTE}'; nothing to compare."
            )
        per_regime[regime.label] = names
    return per_regime, warnings


def _route_names(regimes: list[Regime]) -> list[str]:
    variable = regimes[0].system.variables.get(ROUTE)
    if variable is None:
        return ["geweigerd", "toegelaten"]
    return [member.name for member in variable.possible_values]


def _ground_names(regimes: list[Regime]) -> list[str]:
    variable = regimes[0].system.variables.get(GROUND)
    return [] if variable is None else [member.name for member in variable.possible_values]


def _outcome_variables(system: TaxBenefitSystem) -> list[str]:
    """The law's outcome variables (permit validity, rights) that ``system`` defines per person."""
    person = system.person_entity.key
    return [
        name
        for name in OUTCOME_VARIABLES.values()
        if name in system.variables and system.variables[name].entity.key == person
    ]


def _month64(month: periods.Period) -> np.datetime64:
    return np.datetime64(f"{month.start.year:04d}-{month.start.month:02d}", "M")


def _free_movement(system: TaxBenefitSystem, month) -> frozenset[str]:
    """Nationalities with free movement of workers in the month, from the law's parameter
    (wav.vrij_verkeer_van_werknemers); none for a system without it (no EU/EEA/CH group)."""
    try:
        node = system.parameters(month.start).wav.vrij_verkeer_van_werknemers
        codes = vrij_verkeer_codes(node)
    except (AttributeError, ValueError, LookupError):
        return frozenset()
    return frozenset(c.decode() if isinstance(c, bytes) else str(c) for c in codes)


class _Dimensions:
    """Breakdowns of the applicants: sector, nationality (per ISO code, grouped at the end), age, wage."""

    def __init__(self, system: TaxBenefitSystem, warnings: list[str]) -> None:
        self.codes = ["", *sorted(ISO_3166_1_ALPHA2)]
        self.code_set = pa.array(self.codes)
        self._by_two_bytes: np.ndarray | None = None
        self.dimensions: dict[str, Dimension] = {}
        sector = system.variables.get("sector_sbi")
        if sector is not None:
            self.dimensions["sector_sbi"] = Dimension(
                "sector_sbi", [m.name for m in sector.possible_values]
            )
        if "nationaliteit" in system.variables:
            self.dimensions["nationaliteit"] = Dimension("nationaliteit", self.codes)
        if "leeftijd" in system.variables:
            self.dimensions["age_band"] = Dimension(
                "age_band", band_labels(AGE_EDGES)
            )
        if "bruto_maandloon" in system.variables:
            self.dimensions["wage_band"] = Dimension("wage_band", wage_band_labels(WAGE_EDGES))
        for missing in {"sector_sbi", "nationaliteit", "leeftijd", "bruto_maandloon"} - set(
            system.variables
        ):
            warnings.append(f"breakdown by '{missing}' skipped: the variable is not defined")

    def codes_for(self, simulation: Simulation, month, rows: np.ndarray) -> Callable[[], dict]:
        """The breakdown codes of the applicant ``rows``: the variables are read from the
        simulation now; the codes are made when the returned function is called (beside the next
        regime's simulation, see _Run.chunk)."""
        names = {
            "sector_sbi": "sector_sbi",
            "nationaliteit": "nationaliteit",
            "age_band": "leeftijd",
            "wage_band": "bruto_maandloon",
        }
        raw = {
            dimension: np.asarray(simulation.calculate(variable, month))[rows]
            for dimension, variable in names.items()
            if dimension in self.dimensions
        }
        return functools.partial(self._codes, raw)

    def _codes(self, raw: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """The codes as 16-bit integers (a few hundred categories at most): they are kept for
        the whole chunk, a quarter of the memory of 64-bit ones; the sums are the same."""
        out = {}
        if "sector_sbi" in raw:
            out["sector_sbi"] = raw["sector_sbi"].astype(np.int64)
        if "nationaliteit" in raw:
            out["nationaliteit"] = self._nationality_codes(raw["nationaliteit"])
        if "age_band" in raw:
            out["age_band"] = gathered(
                raw["age_band"], lambda age: np.searchsorted(AGE_EDGES, age, side="right")
            )
        if "wage_band" in raw:
            out["wage_band"] = np.searchsorted(
                np.asarray(WAGE_EDGES, np.float32), raw["wage_band"], side="right"
            )
        return {name: codes.astype(np.int16) for name, codes in out.items()}

    def _nationality_codes(self, values: np.ndarray) -> np.ndarray:
        """Index in ``codes`` of each nationality (0, unknown, for a code not in ISO 3166-1):
        two-byte codes by a table over their 65,536 values, other arrays through Arrow."""
        if values.dtype == np.dtype("S2"):
            if self._by_two_bytes is None:
                table = np.zeros(1 << 16, dtype=np.int64)
                keys = np.array(self.codes, dtype="S2").view("<u2")
                table[keys] = np.arange(len(self.codes))
                self._by_two_bytes = table
            return np.take(self._by_two_bytes, np.ascontiguousarray(values).view("<u2"))
        index = pc.index_in(pa.array(values, type=pa.string()), value_set=self.code_set)
        return pc.fill_null(index, 0).to_numpy(zero_copy_only=False).astype(np.int64)


def plan_chunks(population: Population, chunk_size: int) -> list[np.ndarray]:
    """Row sets of whole connected groups (households and employers), each about ``chunk_size`` rows.

    A single group larger than ``chunk_size`` becomes a chunk of its own.
    """
    component = _components(population)
    order = np.argsort(component, kind="stable")
    sorted_component = component[order]
    starts = np.flatnonzero(np.r_[True, sorted_component[1:] != sorted_component[:-1]])
    cuts, next_cut = [], chunk_size
    for start in starts[1:]:
        if start >= next_cut:
            cuts.append(start)
            next_cut = start + chunk_size
    return np.split(order, cuts)


def _components(population: Population) -> np.ndarray:
    """Connected component of each person through shared households and employers (label propagation)."""
    household = population.group_index["huishouden"]
    employer = population.group_index["werkgever"]
    label = household.astype(np.int64)
    while True:
        by_employer = np.full(population.group_count["werkgever"], np.iinfo(np.int64).max)
        np.minimum.at(by_employer, employer, label)
        by_household = np.full(population.group_count["huishouden"], np.iinfo(np.int64).max)
        np.minimum.at(by_household, household, np.minimum(label, by_employer[employer]))
        new = by_household[household]
        if np.array_equal(new, label):
            return label
        label = new


def _to_arrow(values: np.ndarray, variable) -> pa.Array:
    if variable.value_type.__name__ == "Enum":
        names = pa.array([m.name for m in variable.possible_values])
        return pa.DictionaryArray.from_arrays(pa.array(np.asarray(values).astype(np.int16)), names)
    return pa.array(np.asarray(values))


@dataclasses.dataclass
class _ChunkState:
    """What the regimes of one chunk share after their simulations (see _Run.chunk)."""

    weights: np.ndarray  # float64, per applicant
    codes: dict[str, np.ndarray] | None = None  # breakdown codes (from the first regime)
    base_route: np.ndarray | None = None  # current law's routes and deciding grounds
    base_ground: np.ndarray | None = None
    refusal_rows: dict[str, list[dict] | None] = dataclasses.field(default_factory=dict)
    decided: dict | None = dataclasses.field(default_factory=dict)


class _Inline:
    """An executor that runs each job at once, in this thread (small chunks)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def submit(self, function, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(function(*args, **kwargs))
        except Exception as error:  # noqa: BLE001 (raised by result(), as a thread's would be)
            future.set_exception(error)
        return future


def _failed_rows(values: dict) -> FailedRows | None:
    """The failed requirements of ``values`` (the engine's FailedRows, or a bool matrix)."""
    failed = values.get(FAILED)
    return failed if failed is None or isinstance(failed, FailedRows) else FailedRows(failed)


def _done(value) -> Future:
    future: Future = Future()
    future.set_result(value)
    return future


def _id_columns(population: Population, rows: np.ndarray, weights: np.ndarray) -> dict[str, pa.Array]:
    """The id columns and ``gewicht`` of the applicants' table."""
    taken = pa.array(rows)
    columns: dict[str, pa.Array] = {name: ids.take(taken) for name, ids in population.ids.items()}
    columns["gewicht"] = pa.array(weights)
    return columns


class _Run:
    """One comparison: regimes, outputs, tallies; processes one chunk at a time."""

    def __init__(self, regimes: list[Regime], month, outputs, sink, progress, *, reuse=True) -> None:
        self.regimes = regimes
        # The first regime's simulation records its dependencies; each further regime takes its
        # arrays for every variable it would compute the same (microsimulation/reuse.py).
        self.reuse = reuse and len(regimes) > 1
        self.reused: dict[str, int] = {}
        self.reusable: dict[str, set[str]] = {}
        self.previous: dict[str, set[str]] = {}
        self.month = month
        self.outputs, self.warnings = _available_outputs(regimes, outputs)
        self.warnings[:0] = [w for regime in regimes for w in regime.inactive_reforms(month)]
        self.dimensions = _Dimensions(regimes[0].system, self.warnings)
        self.routes = _route_names(regimes)
        self.tally = Tally(
            [r.label for r in regimes],
            self.routes,
            self.dimensions.dimensions,
            grounds=_ground_names(regimes),
        )
        self.outcomes = {r.label: _outcome_variables(r.system) for r in regimes}
        self.sink = sink
        self.tables: list[pa.Table] = []
        self.refusal_parts: list[list[dict] | None] = []
        self.decided_parts: list[dict | None] = []
        self.seconds = dict.fromkeys(self.tally.regimes, 0.0)
        self.progress = progress

    def chunk(self, population: Population) -> None:
        rows = population.applicant_rows()
        weights = population.weights()[rows]
        state = _ChunkState(np.asarray(weights, dtype=np.float64))
        # What follows a regime's simulation (its table columns, tallies, refusal counts) runs
        # in a second thread while the next regime is simulated: numpy and Arrow leave Python's
        # lock in their loops, so the two use both cores. One worker, in regime order: the sums
        # are added in the same order as in one thread. Small chunks stay in this thread.
        large = population.count >= COLLECT_FROM_PERSONS
        with ThreadPoolExecutor(max_workers=1) if large else _Inline() as worker:
            id_columns = worker.submit(_id_columns, population, rows, weights)
            jobs = []
            self.source = None
            for regime in self.regimes:
                started = time.perf_counter()
                values, dimension_codes, outcomes = self._simulate(
                    regime, population, rows, need_codes=not jobs
                )
                self.seconds[regime.label] += time.perf_counter() - started
                if regime is not self.regimes[-1]:
                    jobs.append(
                        worker.submit(self._after_regime, state, regime, values, dimension_codes, outcomes)
                    )
                else:  # nothing left to overlap with: its columns and refusals in this thread
                    failed = _failed_rows(values)
                    tallied = worker.submit(
                        self._tally_regime, state, regime, values,
                        codes=dimension_codes, outcomes=outcomes, failed=failed, count=False,
                    )
                    jobs += [_done(self._columns(regime, values, failed)), tallied]
                    if self.sink is None or self._keeps_arrays:
                        state.refusal_rows[regime.label] = self._refused(regime, values, state.weights, failed)
                del values, outcomes, dimension_codes  # the worker holds what it needs
                self.progress.update(1)
            self.source = None
            if large:
                gc.collect()
            columns = id_columns.result()
            for job in jobs:
                columns.update(job.result() or {})
        table = pa.table(columns)
        if self.sink is not None and self._keeps_arrays:
            # a sink that counts refusals or explains takes them from the arrays (the same rows)
            self.sink(table, refusals=self._refusals_of(state), decisions=state.decided)
        elif self.sink is not None:
            self.sink(table)
        else:
            self.tables.append(table)
            self.refusal_parts.append(self._refusals_of(state))
            self.decided_parts.append(state.decided)

    def _refusals_of(self, state: _ChunkState) -> list[dict] | None:
        """The chunk's refusal counts of every regime, in regime order; None when a regime's
        must be read from the table."""
        parts = [state.refusal_rows[r.label] for r in self.regimes]
        return None if None in parts else [row for part in parts for row in part]

    @property
    def _keeps_arrays(self) -> bool:
        """True for a sink that takes each chunk's refusal counts and decision arrays with its
        table (``sink(table, refusals=..., decisions=...)``, report.TableSink): it then need
        not read them back from the table."""
        return bool(getattr(self.sink, "takes_arrays", False))

    def _after_regime(self, state: _ChunkState, regime: Regime, values: dict, codes, outcomes) -> dict:
        """What follows one regime's simulation: its tallies (:meth:`_tally_regime`) and columns."""
        failed = _failed_rows(values)
        self._tally_regime(state, regime, values, codes=codes, outcomes=outcomes, failed=failed)
        return self._columns(regime, values, failed)

    def _tally_regime(
        self, state: _ChunkState, regime: Regime, values: dict, *, codes, outcomes, failed, count=True
    ) -> None:
        """One regime's sums added to the tallies, its decision kept and (``count``) its refusals
        counted (in regime order: the first regime's are those the others are compared with)."""
        label, weights = regime.label, state.weights
        if codes is not None:  # the first regime's: the breakdowns of every regime
            state.codes = codes()
            self.tally.add_applicants(weights, state.codes)
        admitted, route = self._decision(values)
        if state.base_route is None:
            state.base_route, state.base_ground = route, values.get(GROUND)
        self.tally.add_outcomes(weights, label, outcomes, admitted, _month64(self.month))
        self.tally.add_regime(
            weights, state.codes, label, admitted=admitted, route=route, base_route=state.base_route
        )
        base = self.regimes[0].label
        if label != base and GROUND in values and state.base_ground is not None:
            self.tally.add_flow_grounds(  # the same sums as for all regimes at once
                weights,
                {base: state.base_route, label: route},
                {base: state.base_ground, label: np.asarray(values[GROUND])},
            )
        if self.sink is None or self._keeps_arrays:
            if count:
                state.refusal_rows[label] = self._refused(regime, values, weights, failed)
            if state.decided is not None:
                state.decided = self._decided(regime, values, admitted, failed, state.decided)

    @staticmethod
    def _columns(regime: Regime, values: dict, failed) -> dict[str, pa.Array]:
        """One regime's columns of the applicants' table."""
        return {
            f"{regime.label}.{name}": to_list_array(failed)
            if name == FAILED
            else _to_arrow(array, regime.system.variables[name])
            for name, array in values.items()
        }

    def _decided(self, regime: Regime, values: dict, admitted, failed, decided: dict):
        """``decided`` with ``regime``'s decision as the explanations read it from the table
        (explain.counts.Decided); None when they must read the table (other enums)."""
        if GROUND not in values:
            return decided  # not in the table's regimes (no weigeringsgrond column)
        variables = regime.system.variables
        if variables[GROUND].possible_values is not Weigeringsgrond or (
            ROUTE in values and variables[ROUTE].possible_values is not Toelatingsroute
        ):
            return None
        decided[regime.label] = Decided(
            toegelaten=np.asarray(admitted, dtype=bool) if ADMITTED in values else None,
            toelatingsroute=np.asarray(values[ROUTE]) if ROUTE in values else None,
            weigeringsgrond=np.asarray(values[GROUND]),
            failed=failed,
        )
        return decided

    def _refused(self, regime: Regime, values: dict, weights: np.ndarray, failed=None):
        """The refusal counts of ``regime`` (explain.counts.refusal_rows) from the arrays before
        they become table columns: what refusal_counts would read back from the table. None
        when the table must be read (no admitted output, or other grounds' enum)."""
        if GROUND not in values:
            return []
        grounds = regime.system.variables[GROUND].possible_values
        if ADMITTED not in values or grounds is not Weigeringsgrond:
            return None
        return refusal_rows(
            regime.label,
            np.asarray(values[ADMITTED], dtype=bool),
            np.asarray(values[GROUND]),
            failed,
            weights,
        )

    def _simulate(
        self, regime: Regime, population: Population, rows: np.ndarray, *, need_codes: bool
    ):
        """Outputs of one regime for the applicant rows (and the breakdown codes, once)."""
        try:
            first = regime is self.regimes[0]
            simulation = build_simulation(
                regime.system,
                population,
                self.month,
                arrays_reuse.RecordingSimulation if self.reuse and first else Simulation,
            )
            if self.source is not None and not first:
                names = self.reusable[regime.label]
                self.reused[regime.label] = len(names)
                arrays_reuse.seed(simulation, self.source, names)
                arrays_reuse.seed_previous(simulation, self.source, self.previous[regime.label])
                # Current law's arrays that no further regime takes are freed.
                later = self.regimes[self.regimes.index(regime) + 1 :]
                arrays_reuse.keep_only(self.source, self._taken(later))
            values = {
                name: failed_rows(simulation, self.month, rows)
                if name == FAILED
                else simulation.calculate(name, self.month)[rows]
                for name in self.outputs[regime.label]
            }
            codes = self.dimensions.codes_for(simulation, self.month, rows) if need_codes else None
            outcomes = {
                name: values[name] if name in values else simulation.calculate(name, self.month)[rows]
                for name in self.outcomes[regime.label]
            }
            if self.reuse and first:
                # What each further regime will take; the other arrays are freed now.
                # (only the arrays its simulation asks for: see reuse.frontier)
                for r in self.regimes[1:]:
                    reusable = arrays_reuse.reusable_variables(simulation, r.system)
                    self.reusable[r.label] = arrays_reuse.frontier(
                        simulation,
                        reusable,
                        self._asked(r)
                        | arrays_reuse.named_by_changed_formulas(
                            regime.system, r.system, simulation._record.calls  # noqa: SLF001
                        ),
                    )
                    # current law's values of the definitions the reform's formulas wrap
                    self.previous[r.label] = arrays_reuse.previous_definitions(simulation, r.system, reusable)
                arrays_reuse.keep_only(simulation, self._taken(self.regimes[1:]))
                self.source = simulation
        except Exception as error:
            msg = f"regime {regime.label}: the formulas failed on this population: {type(error).__name__}: {error}"
            raise RegimeComputationError(msg) from error
        finally:
            # A simulation is a web of reference cycles (populations, holders, caches): without a
            # collection its arrays wait for Python's cyclic GC, and a few chunks' worth pile up.
            # A collection costs some 25 ms or more, so small simulations are left to the GC.
            simulation = None
            if population.count >= COLLECT_FROM_PERSONS:
                gc.collect()
        return values, codes, outcomes

    def _taken(self, regimes: list[Regime]) -> set[str]:
        """The variables whose current-law arrays ``regimes`` take (reused or as previous values)."""
        return set().union(*(self.reusable[r.label] | self.previous[r.label] for r in regimes))

    def _asked(self, regime: Regime) -> set[str]:
        """The variables the engine asks of ``regime``'s simulation by name."""
        asked = set(self.outputs[regime.label]) | set(self.outcomes[regime.label])
        asked |= {eis.failed_variable for eis in FAILED_REQUIREMENTS}
        return asked

    def _decision(self, values: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        if ROUTE in values:
            route = np.asarray(values[ROUTE]).astype(np.int64)
            refused = self.routes.index("geweigerd")
            admitted = np.asarray(values[ADMITTED]) if ADMITTED in values else route != refused
        else:
            admitted = np.asarray(values[ADMITTED])
            route = admitted.astype(np.int64)
        return admitted.astype(bool), route


def compare(
    population: Population,
    regimes: Sequence[str | Regime] = (),
    *,
    period: str | None = None,
    outputs: Sequence[str] = DEFAULT_OUTPUTS,
    chunk_size: int | None = None,
    sink: Callable[[pa.Table], None] | None = None,
    progress: bool = False,
    baseline: TaxBenefitSystem | None = None,
    reuse: bool = True,
) -> Comparison:
    """Simulate ``population`` under current law and each regime in ``regimes`` for ``period``.

    ``period`` is a month ("2026-01"); a year ("2026") means its first month; default: the latest
    month for which all law is published (:func:`openfisca_arbeidsmigratie.law_coverage.default_period`). ``chunk_size`` (rows)
    bounds the memory of the simulations; ``sink`` then receives each chunk's per-applicant table
    (otherwise the tables are concatenated into ``Comparison.table``). Outputs a regime does not
    define are skipped and reported in ``Comparison.warnings``. To bound the memory of reading the
    file too, use :func:`openfisca_arbeidsmigratie.microsimulation.streaming.compare_file`.
    """
    month = parse_month(period if period is not None else default_period())
    resolved = resolve_regimes(regimes, baseline)
    chunks = None
    if chunk_size and chunk_size < population.count:
        refuse_whole_population_regimes(resolved)
        chunks = plan_chunks(population, chunk_size)
    parts = (population.take(part) for part in chunks) if chunks else [population]
    return run_chunks(
        resolved,
        parts,
        month=month,
        outputs=outputs,
        sink=sink,
        progress=progress,
        chunk_count=len(chunks) if chunks else 1,
        reuse=reuse,
    )


@contextlib.contextmanager
def _collections_of_new_objects():
    """The cyclic collections after each simulation look only at objects made since the start.

    The systems (every parameter and variable of each regime) are some 60,000 objects that a
    full collection walks each time (about 60 ms, once per regime and chunk); they outlive the run
    anyway, so they are set aside (``gc.freeze``) for its length and handed back afterwards.
    Nothing is set aside when something else already did (``gc.get_freeze_count``)."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def refuse_whole_population_regimes(resolved: list[Regime]) -> None:
    """Raise ComparisonError when a regime must see the whole population in one simulation."""
    whole = [r.label for r in resolved if r.requires_whole_population]
    if whole:
        raise ComparisonError(
            f"Regime(s) {', '.join(whole)} rank or cap the whole population in one simulation and cannot be "
            "computed in chunks; run without chunking (omit --chunk-size) or leave the regime out."
        )


def run_chunks(
    resolved: list[Regime],
    parts: Iterable[Population],
    *,
    month: periods.Period,
    outputs: Sequence[str],
    sink: Callable[[pa.Table], None] | None,
    progress: bool,
    chunk_count: int | None,
    reuse: bool = True,
) -> Comparison:
    """Simulate every regime on each population of ``parts`` in turn; sum the tallies.

    With ``reuse`` (the default), each regime after the first takes the first regime's arrays of
    the variables it would compute the same (microsimulation/reuse.py); without, every regime
    computes everything (the results are the same)."""
    total = len(resolved) * chunk_count if chunk_count else None
    with (
        _collections_of_new_objects(),
        tqdm(total=total, disable=not progress, file=sys.stderr, unit="regime", desc="compare") as bar,
    ):
        run = _Run(resolved, month, outputs, sink, bar, reuse=reuse)
        persons = chunks = 0
        for part in parts:
            run.chunk(part)
            persons += part.count
            chunks += 1
            large = part.count >= COLLECT_FROM_PERSONS
            del part  # freed before the next part is read or taken
            if large and chunk_count != 1:
                release_memory()  # so the next chunk's arrays fit in what this one used
    table = None if sink is not None else pa.concat_tables(run.tables)
    # counted while simulating: for one chunk only (the sums of several chunks would be added in
    # another order than refusal_counts adds them over the whole table)
    refusals = run.refusal_parts[0] if len(run.refusal_parts) == 1 else None
    decisions = run.decided_parts[0] if len(run.decided_parts) == 1 else None
    free = _free_movement(resolved[0].system, month)
    return Comparison(
        regimes=run.tally.regimes,
        period=str(month),
        outputs=list(outputs),
        tally=run.tally,
        table=table,
        warnings=run.warnings,
        seconds_per_regime=run.seconds,
        nationality_groups=group_nationalities(free),
        persons=persons,
        chunks=chunks,
        refusals=refusals,
        decisions=decisions,
    )
