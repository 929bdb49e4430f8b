"""Reuse of current law's computed arrays in a reform's simulation of the same population.

A reform changes a few variables and parameters; most of its formulas and their inputs are those
of current law. The first regime's simulation is a :class:`RecordingSimulation`: besides
calculating, it records, per variable, which variables its formulas asked for (cache hits
included) and which parameters they read (as dotted paths; a whole node when a formula walks its
children or indexes it with an array). A variable is *reusable* in another system when

* the variable and every variable it asked for, transitively, are the same definition (the same
  ``Variable`` object: a reform copies current law's variables and replaces only what it changes);
* none of them read a parameter whose values differ between the two parameter trees, nor reached
  the system in another way (``parameters.__self__``, ``simulation.tax_benefit_system`` from a
  formula): such a formula counts as depending on everything;
* none of them took part in a quasi-circular (spiral) calculation.

Formulas are deterministic functions of their inputs, the variables they ask for and the
parameters they read, so a reusable variable has the same array in both simulations: those arrays
are put into the reform's holders before it calculates anything (by reference, no copies).
"""

from __future__ import annotations

import sys
from collections.abc import Iterable

from openfisca_core import parameters as core_parameters
from openfisca_core.errors import SpiralError
from openfisca_core.parameters import Parameter, ParameterNode, ParameterScale
from openfisca_core.simulations import Simulation

from openfisca_arbeidsmigratie.reforms._common import PREVIOUS_ARRAYS

_CORE = sys.modules["openfisca_core"].__path__[0]
_PACKAGE = __name__.split(".")[0]
_EVERYTHING = ""  # a read of the whole tree


class _Record:
    def __init__(self) -> None:
        self.stack: list[str] = []
        self.calls: dict[str, set[str]] = {}
        self.reads: dict[str, set[str]] = {}
        self.unsafe: set[str] = set()
        self.changed: dict[object, list[str]] = {}  # per other system: its changed parameters

    def read(self, path: str) -> None:
        if self.stack:
            self.reads.setdefault(self.stack[-1], set()).add(path)


class _Node:
    """A parameter node at an instant that records what a formula reads from it."""

    __slots__ = ("_node", "_path", "_record")

    def __init__(self, node, path: str, record: _Record) -> None:
        object.__setattr__(self, "_node", node)
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_record", record)

    def _child(self, key: str, child):
        path = f"{self._path}.{key}" if self._path else key
        if isinstance(child, core_parameters.ParameterNodeAtInstant):
            return _Node(child, path, self._record)
        self._record.read(path if not isinstance(child, core_parameters.VectorialParameterNodeAtInstant) else self._path)
        return child

    def __getattr__(self, key: str):
        if key.startswith("_") or key == "children":
            self._record.read(self._path)  # the node's internals: all of it
            return getattr(self._node, key)
        self._record.read(f"{self._path}.{key}" if self._path else key)  # also when missing
        return self._child(key, getattr(self._node, key))

    def __getitem__(self, key):
        if isinstance(key, str):
            self._record.read(f"{self._path}.{key}" if self._path else key)
            return self._child(key, self._node[key])
        self._record.read(self._path)  # an array of keys: any child
        return self._node[key]

    def __iter__(self):
        self._record.read(self._path)
        return iter(self._node)

    def __contains__(self, key) -> bool:
        self._record.read(self._path)
        return key in self._node


class _Parameters:
    """The ``parameters`` argument of a recorded formula: ``parameters(instant)`` at an instant."""

    def __init__(self, system, record: _Record) -> None:
        self._system = system
        self._record = record

    def __call__(self, instant):
        return _Node(self._system.get_parameters_at_instant(instant), "", self._record)

    def system_for_change_dates(self):
        """The system, for :func:`openfisca_arbeidsmigratie.peildatum.wijzigingsdatums` only: a
        calculation read on an application date depends on the date only through the parameters
        it reads (recorded), so the dates on which other parameters change do not alter it."""
        return self._system

    def system_for_path(self, path: str):
        """The system, to read the parameter at ``path`` (dotted) in it: recorded as a read of it."""
        self._record.read(path)
        return self._system

    @property
    def __self__(self):
        # A helper reaching the system itself may read anything in it.
        self._record.read(_EVERYTHING)
        return self._system


class _Definitions:
    """``system.variables`` seen by a formula: looking a variable up depends on its definition."""

    def __init__(self, variables: dict, record: _Record) -> None:
        self._variables = variables
        self._record = record

    def _depends(self, name) -> None:
        if self._record.stack:
            self._record.calls.setdefault(self._record.stack[-1], set()).add(name)
            self._record.calls.setdefault(name, set())

    def get(self, name, default=None):
        self._depends(name)
        return self._variables.get(name, default)

    def __getitem__(self, name):
        self._depends(name)
        return self._variables[name]

    def __contains__(self, name) -> bool:
        self._depends(name)
        return name in self._variables

    def __getattr__(self, key: str):
        self._record.read(_EVERYTHING)  # any other use (iteration, keys, ...) may see every variable
        return getattr(self._variables, key)


class _SystemView:
    """The system seen by a formula: ``variables`` as above; anything else counts as reading all."""

    def __init__(self, system, record: _Record) -> None:
        self._system = system
        self._record = record

    @property
    def variables(self) -> _Definitions:
        return _Definitions(self._system.variables, self._record)

    def __getattr__(self, key: str):
        self._record.read(_EVERYTHING)
        return getattr(self._system, key)


class RecordingSimulation(Simulation):
    """A Simulation that records each variable's dependencies (see the module docstring)."""

    def __init__(self, tax_benefit_system, populations) -> None:
        self._record = _Record()
        super().__init__(tax_benefit_system, populations)

    @property
    def tax_benefit_system(self):
        caller = sys._getframe(1).f_code.co_filename  # noqa: SLF001
        if not caller.startswith(_CORE) and caller != __file__ and self._record.stack:
            return _SystemView(self._tax_benefit_system, self._record)
        return self._tax_benefit_system

    @tax_benefit_system.setter
    def tax_benefit_system(self, system) -> None:
        self._tax_benefit_system = system

    def _calculate(self, variable_name: str, period):
        record = self._record
        if record.stack:
            record.calls.setdefault(record.stack[-1], set()).add(variable_name)
        record.calls.setdefault(variable_name, set())
        record.stack.append(variable_name)
        try:
            return super()._calculate(variable_name, period)
        finally:
            record.stack.pop()

    def _check_for_cycle(self, variable: str, period) -> None:
        try:
            super()._check_for_cycle(variable, period)
        except SpiralError:
            self._record.unsafe.update(self._record.stack)
            raise

    def _run_formula(self, variable, population, period):
        formula = variable.get_formula(period)
        if formula is None:
            return None
        if formula.__code__.co_argcount == 2:
            return formula(population, period)
        return formula(population, period, _Parameters(self._tax_benefit_system, self._record))


# ---- which parameters differ ------------------------------------------------------------------


def _values(parameter: Parameter) -> tuple:
    return tuple((v.instant_str, v.value) for v in parameter.values_list)


def changed_parameters(a: ParameterNode, b: ParameterNode, path: str = "") -> list[str]:
    """Dotted paths where the two parameter trees differ (a node added, removed or with other values)."""
    if type(a) is not type(b):
        return [path]
    if isinstance(a, Parameter):
        return [] if _values(a) == _values(b) else [path]
    if isinstance(a, ParameterScale):
        return [] if _scale(a) == _scale(b) else [path]
    if not isinstance(a, ParameterNode):
        return [path]
    changed = []
    for key in sorted(set(a.children) | set(b.children)):
        child = f"{path}.{key}" if path else key
        if key not in a.children or key not in b.children:
            changed.append(child)
        else:
            changed += changed_parameters(a.children[key], b.children[key], child)
    return changed


def _scale(scale: ParameterScale) -> tuple:
    return tuple(
        tuple((name, _values(p)) for name, p in sorted(bracket.children.items()))
        for bracket in scale.brackets
    )


def _touches(read: str, changed: list[str]) -> bool:
    return any(
        read in (c, _EVERYTHING) or not c or read.startswith(c + ".") or c.startswith(read + ".")
        for c in changed
    )


# ---- reuse ------------------------------------------------------------------------------------


def _changed_for(source: RecordingSimulation, system) -> list[str]:
    """:func:`changed_parameters` between ``source``'s system and ``system``, worked out once."""
    record = source._record  # noqa: SLF001
    if system not in record.changed:
        record.changed[system] = changed_parameters(source.tax_benefit_system.parameters, system.parameters)
    return record.changed[system]


def _reads_unchanged(record: _Record, name: str, changed: list[str]) -> bool:
    """``name``'s formula took part in no spiral and read no parameter in ``changed``."""
    return name not in record.unsafe and not any(_touches(read, changed) for read in record.reads.get(name, ()))


def reusable_variables(source: RecordingSimulation, system) -> set[str]:
    """The variables computed in ``source`` whose arrays ``system`` would compute the same."""
    record = source._record  # noqa: SLF001
    base = source.tax_benefit_system
    changed = _changed_for(source, system)
    verdict: dict[str, bool] = {}

    def own_ok(name: str) -> bool:
        return base.variables.get(name) is system.variables.get(name) and _reads_unchanged(record, name, changed)

    for start in record.calls:
        if start in verdict:
            continue
        # Iterative depth-first walk; a variable met again while open counts as not reusable.
        stack = [(start, iter(sorted(record.calls.get(start, ()))))]
        open_ = {start}
        verdict_ok = {start: own_ok(start)}
        while stack:
            name, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                open_.discard(name)
                verdict[name] = verdict_ok[name]
                if stack:
                    verdict_ok[stack[-1][0]] = verdict_ok[stack[-1][0]] and verdict[name]
                continue
            if child in verdict:
                verdict_ok[name] = verdict_ok[name] and verdict[child]
            elif child in open_:
                verdict_ok[name] = False
            else:
                open_.add(child)
                verdict_ok[child] = own_ok(child)
                stack.append((child, iter(sorted(record.calls.get(child, ())))))
    return {name for name, ok in verdict.items() if ok}


def previous_definitions(source: RecordingSimulation, system, reusable: set[str]) -> set[str]:
    """Variables whose current-law definition a formula of ``system`` runs as its *previous* value
    (reforms._common.wrap_formula, keep_as) and whose current-law array that value would be.

    A reform wraps a variable's formula and computes the previous regime's value inside it. Where
    the previous definition is current law's own, its value in the reform's simulation is current
    law's array when everything it asked for in ``source`` is reusable (``reusable``:
    :func:`reusable_variables`) and it read no parameter that differs: the same formula on the
    same inputs. Those variables' arrays are handed over by :func:`seed_previous`.
    """
    record = source._record  # noqa: SLF001
    base = source.tax_benefit_system
    changed = _changed_for(source, system)
    wrapped = set()
    for variable in system.variables.values():
        if base.variables.get(variable.name) is variable:
            continue
        for formula in variable.formulas.values():
            old = getattr(formula, "previous_variable", None)
            if old is not None and base.variables.get(old.name) is old:
                wrapped.add(old.name)
    return {
        name
        for name in wrapped
        if name in record.calls
        and all(called in reusable for called in record.calls[name])
        and _reads_unchanged(record, name, changed)
    }


def seed_previous(target: Simulation, source: RecordingSimulation, names: set[str]) -> None:
    """Give ``target`` current law's arrays of ``names`` as the previous values of the reformed
    formulas that wrap them (every period computed; see :func:`previous_definitions`)."""
    variables = source.tax_benefit_system.variables
    known = {(variables[name], period): array for name, period, array in _computed(source, names)}
    setattr(target, PREVIOUS_ARRAYS, known)


def frontier(source: RecordingSimulation, reusable: set[str], asked: Iterable[str]) -> set[str]:
    """The reusable variables another system's simulation will ask for: those in ``asked`` (its
    outputs) and those that a variable it computes itself (not reusable) asked for in ``source``.

    A reusable variable asked for only by reusable ones is not reached once they are seeded, so
    its array need not be kept. Should a changed formula ask for it all the same, the simulation
    computes it: the same array (the variable is reusable), only not taken from ``source``.
    """
    calls = source._record.calls  # noqa: SLF001
    needed = {name for name in asked if name in reusable}
    for caller, called in calls.items():
        if caller not in reusable:
            needed |= called & reusable
    return needed


def named_by_changed_formulas(base, system, computed: Iterable[str] = ()) -> set[str]:
    """Variables whose names appear in the formulas that ``system`` defines otherwise than
    ``base`` (text constants of the formula, of its nested functions, of the package's functions
    and previous variable definitions it holds or names): what a reform's own formulas probably
    ask for, found before they run; followed into the formulas of the variables named that are
    not in ``computed`` (current law did not compute them, the reform's simulation will).

    An over-approximation of the names a formula writes out; one it builds at run time is not
    found (the simulation then computes that variable itself: the same array, only slower)."""
    names: set[str] = set()
    seen: set[int] = set()

    def walk(function, depth: int = 0) -> None:
        code = getattr(function, "__code__", None)
        if code is None or id(function) in seen or depth > 4:  # one code, many closures
            return
        seen.add(id(function))
        stack = [code]
        while stack:
            current = stack.pop()
            for constant in current.co_consts:
                if isinstance(constant, str):
                    names.add(constant)
                elif hasattr(constant, "co_consts"):
                    stack.append(constant)
        held = []
        for cell in getattr(function, "__closure__", None) or ():
            try:
                held.append(cell.cell_contents)
            except ValueError:  # an empty cell
                continue
        scope = getattr(function, "__globals__", {})
        held += [scope.get(name) for name in _names(code)]
        for content in held:
            formulas = getattr(content, "formulas", None)  # a Variable (a previous definition)
            if isinstance(formulas, dict):
                for formula in formulas.values():
                    walk(formula, depth + 1)
            elif callable(content) and getattr(content, "__module__", "").startswith(_PACKAGE):
                walk(content, depth + 1)

    def walk_variable(variable) -> None:
        for formula in getattr(variable, "formulas", {}).values():
            walk(formula)

    for name, variable in system.variables.items():
        if base.variables.get(name) is not variable:
            walk_variable(variable)
    # A variable named there that current law did not compute will be computed by the reform's
    # simulation with its own formula: what that formula names is asked for too.
    walked: set[str] = set()
    while pending := (names & set(system.variables)) - set(computed) - walked:
        for name in pending:
            walked.add(name)
            walk_variable(system.variables[name])
    return names & set(system.variables)


def _names(code) -> set[str]:
    """The global names a code object and its nested functions use."""
    names, stack = set(), [code]
    while stack:
        current = stack.pop()
        names.update(current.co_names)
        stack += [c for c in current.co_consts if hasattr(c, "co_names")]
    return names


def _computed(source: Simulation, names: Iterable[str]):
    """(name, period, array) of every array ``source`` holds for ``names`` (every period computed)."""
    variables = source.tax_benefit_system.variables
    for name in names:
        if name not in variables:  # looked up by a formula, not defined in either system
            continue
        holder = source.get_holder(name)
        for period in holder.get_known_periods():
            array = holder.get_array(period)
            if array is not None:
                yield name, period, array


def seed(target: Simulation, source: RecordingSimulation, names: set[str]) -> int:
    """Put ``source``'s arrays of ``names`` (every period computed) into ``target``; the count."""
    seeded = 0
    for name, period, array in _computed(source, names):
        into = target.get_holder(name)
        if into.get_array(period) is None:
            into.put_in_cache(array, period)
            seeded += 1
    return seeded


def keep_only(source: RecordingSimulation, names: set[str]) -> None:
    """Free ``source``'s computed arrays of every variable not in ``names``."""
    variables = source.tax_benefit_system.variables
    for name in source._record.calls:  # noqa: SLF001
        if name not in names and name in variables:
            source.get_holder(name).delete_arrays()
