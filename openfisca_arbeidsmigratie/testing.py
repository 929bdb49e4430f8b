"""The YAML test cases under pytest and ``openfisca test``: one item per case, checked first.

OpenFisca's runner (``openfisca_core.tools.test_runner``) gives every case of a file the same
empty id, stops a case at its first mismatch, answers a typo with a long traceback and copies
every parameter of current law for each combination of reforms the cases use. This plugin reuses
that runner (its ``YamlFile``, ``YamlItem``, simulation building and ``assert_near``) and changes
five things:

* each case is its own pytest item whose name is the case's ``name:`` (``file.yaml::<name>``;
  a repeated name gets `` #<index>``), so ``pytest -k "two and years"`` selects cases by words of
  their names and a failure line names its case;
* before a case runs, :func:`openfisca_arbeidsmigratie.validation.check_test_case` checks it (the
  validator of population files, ``explain`` and the web API): an unknown name with the closest
  known names, a period that does not parse, a code or enum value that is not allowed, a value of
  the wrong type or out of bounds, each in one line;
* every mismatch of a case is listed, not only the first;
* a case's reforms are applied to current law without copying it, once per combination
  (:func:`case_system`), and what lives through the run is kept out of the garbage collector's
  full passes (:func:`freeze_collected`): the same results in about half the time;
* cases of the same system and period run together as one simulation of all their entities, each
  case reading its own rows (:mod:`openfisca_arbeidsmigratie.case_batches`, which says when a
  case runs alone: a trace asked with ``-v``, a reform that needs the whole population, an error).

``tests/conftest.py`` uses it under ``python -m pytest``; under ``openfisca test`` it takes the
place of OpenFisca's own YAML plugin (same options: ``-n``, ``-v``, ``--only-variables``...).
"""

from __future__ import annotations

import gc
import os
import sys

import yaml
from openfisca_core.errors import SituationParsingError, VariableNotFound
from openfisca_core.reforms.in_yaml_test_reform import InYamlTestReform
from openfisca_core.simulations import SimulationBuilder
from openfisca_core.tools import test_runner

from openfisca_arbeidsmigratie import case_batches
from openfisca_arbeidsmigratie.validation import (
    SituationError,
    check_test_case,
    parse_test_case_values,
)

try:
    from yaml import CSafeLoader as Loader
except ImportError:  # pragma: no cover (libyaml missing)
    from yaml import SafeLoader as Loader


_SYSTEMS: dict[tuple, object] = {}


def case_system(baseline, reforms, extensions):
    """The system a case runs on: ``baseline`` with the case's reforms (dotted paths of Reform
    classes) applied in order, built once per process and combination.

    OpenFisca's runner clones the whole baseline (every parameter) before it applies a case's
    reforms. That is needed for an extension, which adds variables to a system in place, but not
    for a reform: a Reform copies the baseline's table of variables and, when it changes
    parameters, the parameters themselves, so the baseline stays as it was. A case with
    extensions therefore goes through OpenFisca's own function; one with reforms only does not
    clone.
    """
    reforms = reforms if isinstance(reforms, list) else [reforms]
    extensions = extensions if isinstance(extensions, list) else [extensions]
    names = tuple(reforms)
    if extensions:
        return test_runner._get_tax_benefit_system(baseline, reforms, extensions)
    key = (id(baseline), names)
    cached = _SYSTEMS.get(key)
    if cached is not None and cached[0] is baseline:
        return cached[1]
    system = baseline
    for name in names:
        system = system.apply_reform(name)
    _SYSTEMS[key] = (baseline, system)
    return system


def build_case(baseline, test, raw, *, source: str, path):
    """The system a case runs on and its simulation, built as OpenFisca's runner builds them, once
    the case is checked (SituationError names what is wrong; ``source`` starts each message).
    ``test`` is OpenFisca's parsed case, ``raw`` the case as written in ``path``."""
    try:  # the case's reforms may add variables: check against the system the case runs on
        system = case_system(baseline, test.reforms, test.extensions)
    except Exception as error:  # noqa: BLE001 (an import error, a missing attribute, a bad class)
        given = ", ".join(map(str, test.reforms if isinstance(test.reforms, list) else [test.reforms]))
        message = (
            f"{source}: reforms, value {given!r}: cannot be applied ({type(error).__name__}: {error}); "
            "allowed: dotted paths of Reform classes, e.g. "
            "openfisca_arbeidsmigratie.reforms.brede_welvaartstoets.BredeWelvaartstoets"
        )
        raise SituationError([message]) from None
    check_test_case(raw, system, source=source)
    if test.output is None:
        msg = f"Missing key 'output' in test '{test.name}' in file '{path}'"
        raise ValueError(msg)
    if test.parameters:
        system = InYamlTestReform(system, test.parameters)
    builder = SimulationBuilder()
    try:
        builder.set_default_period(test.period)
        simulation = builder.build_from_dict(system, test.input)
    except (VariableNotFound, SituationParsingError, AssertionError):
        raise
    except Exception as error:
        message = os.linesep.join([str(error), "", f"Unexpected error raised while parsing '{path}'"])
        raise ValueError(message).with_traceback(sys.exc_info()[2]) from error
    if test.max_spiral_loops:
        simulation.max_spiral_loops = test.max_spiral_loops
    return system, simulation


class CaseError(Exception):
    """A test case that cannot run (the message says where and what is allowed)."""


class CaseFile(test_runner.YamlFile):
    """A YAML file of test cases: one :class:`Case` per case."""

    def collect(self):
        try:
            with open(self.path, encoding="utf-8") as file:
                cases = yaml.load(file, Loader=Loader)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            problem = getattr(error, "problem", None) or str(error)
            msg = f"{self.path}{where}: not valid YAML ({problem})"
            raise self.CollectError(msg) from None
        if cases is None:
            return
        if not isinstance(cases, list):
            cases = [cases]
        names = [str(c.get("name", "")) if isinstance(c, dict) else "" for c in cases]
        for index, case in enumerate(cases, start=1):
            name = names[index - 1] or f"case {index}"
            if names.count(names[index - 1]) > 1 or not names[index - 1]:
                name = f"{name} #{index}"
            if isinstance(case, dict) and self.should_ignore(case):
                continue
            yield Case.from_parent(
                self,
                name=name,
                baseline_tax_benefit_system=self.tax_benefit_system,
                test=case,
                options=self.options,
                index=index,
            )


class Case(test_runner.YamlItem):
    """One YAML test case: checked by the shared validator, then run by OpenFisca's runner."""

    def __init__(self, *, test, index: int, **kwargs) -> None:
        self.raw = test
        self.index = index
        self.mismatches: list[str] = []
        item_name = kwargs["name"]
        # OpenFisca's Test() refuses unknown keys with a TypeError; the check below names them.
        known = {k: v for k, v in test.items() if k in test_runner.TEST_KEYWORDS} if isinstance(test, dict) else {}
        super().__init__(test=known, **kwargs)
        self.name = item_name

    def runtest(self) -> None:
        item_name = self.name
        batch = getattr(self, "batch", None)
        try:
            view = batch.view(self) if batch is not None else None
            built = batch.own(self) if batch is not None else None
            if view is None or not self._check_in_batch(built[0], view, batch):
                system, simulation = built or self.prepare()
                self._check(system, simulation)
        finally:
            self.name = item_name
            self.simulation = None  # its arrays and caches are not needed once the case is checked
            if batch is not None:
                batch.release(self)
        if self.mismatches:
            raise AssertionError(os.linesep.join(self.mismatches))

    def prepare(self):
        """The case's system and simulation (:func:`build_case`)."""
        source = f"{self.path.name}, case {self.index} ({self.test.name or 'no name'})"
        return build_case(self.baseline_tax_benefit_system, self.test, self.raw, source=source, path=self.path)

    def _check_in_batch(self, system, view, batch) -> bool:
        """The case's outputs read from its rows of the batch's joined simulation. False (and the
        batch no longer used) when that simulation raised: the case then runs alone."""
        self.name = self.test.name
        self.tax_benefit_system = system
        self.simulation = view
        try:
            self.check_output()
        except Exception:  # noqa: BLE001 (the case's own run gives its own error, or none)
            batch.broken = True
            self.mismatches = []
            return False
        return True

    def _check(self, system, simulation) -> None:
        """OpenFisca's ``YamlItem.runtest`` on the case's system and simulation (already built)."""
        self.name = self.test.name
        self.tax_benefit_system = system
        self.simulation = simulation
        options = self.options
        try:
            self.simulation.trace = (
                options.get("verbose") or options.get("performance_graph") or options.get("performance_tables")
            )
            self.check_output()
        finally:
            tracer = self.simulation.tracer
            if options.get("verbose"):
                self.print_computation_log(
                    tracer,
                    options.get("aggregate"),
                    options.get("max_depth"),
                    options.get("ignore_default", False),
                    self.tax_benefit_system,
                )
            if options.get("performance_graph"):
                self.generate_performance_graph(tracer)
            if options.get("performance_tables"):
                self.generate_performance_tables(tracer)

    def check_variable(self, variable_name, expected_value, period, entity_index=None):
        """OpenFisca's check of one output, with every mismatch collected instead of the first
        one raised (``runtest`` reports them all)."""
        try:
            return super().check_variable(variable_name, expected_value, period, entity_index)
        except AssertionError as error:
            self.mismatches.append(f"{self._instance(variable_name, entity_index)}{error}")
            return None

    def _instance(self, variable_name: str, entity_index) -> str:
        """'<id>: ' of the entity instance an output was asked for (plural output keys)."""
        if entity_index is None:
            return ""
        try:
            entity = self.tax_benefit_system.get_variable(variable_name).entity.key
            return f"{self.simulation.populations[entity].ids[entity_index]}: "
        except (AttributeError, KeyError, IndexError):
            return f"[{entity_index}]: "

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, SituationError | CaseError):
            return str(excinfo.value)
        if isinstance(excinfo.value, AssertionError) and self.mismatches:
            count = len(self.mismatches)
            return os.linesep.join(
                [
                    f"{self.path.name}, case {self.index} ({self.test.name}): {count} output(s) differ "
                    "from the expected values:",
                    *(f"  {m}" for m in self.mismatches),
                ]
            )
        return super().repr_failure(excinfo)


def prepare_session(session) -> None:
    """Once the cases are collected (and selected): the systems their reforms need, the values
    they give parsed at once per system (:func:`parse_test_case_values`), the batches of cases
    that run together (:mod:`openfisca_arbeidsmigratie.case_batches`), then
    :func:`freeze_collected` (the systems built here are kept out of the collector's passes too)."""
    cases = [item for item in session.items if isinstance(item, Case)]
    systems: dict[int, object] = {}  # per case (by id): the system its reforms give
    by_system: dict[int, tuple] = {}
    for case in cases:
        if case.test.extensions:  # a system of its own, built when the case runs (alone)
            continue
        try:
            system = case_system(case.baseline_tax_benefit_system, case.test.reforms, [])
        except Exception:  # noqa: BLE001 (the case's own check reports it)
            continue
        systems[id(case)] = system
        by_system.setdefault(id(system), (system, []))[1].append(case.raw)
    for system, raws in by_system.values():
        parse_test_case_values(raws, system)
    case_batches.batches(
        cases,
        key=lambda case: case_batches.batch_key(case.test, case.raw, case.options, systems.get(id(case))),
        build=Case.prepare,
    )
    freeze_collected()


def freeze_collected() -> None:
    """Move every object alive once the cases are collected (the modules, the tax-benefit systems,
    the parameter trees, the cases) out of the garbage collector's reach: they live until the run
    ends, and the collector's full passes then no longer walk them again after every few hundred
    cases (about a third of the time the collector takes in a run of the YAML cases)."""
    gc.collect()
    gc.freeze()


class CasePlugin:
    """Collects YAML test cases as :class:`CaseFile` (pass ``paths``: only files under them)."""

    def __init__(self, tax_benefit_system, options, roots=None) -> None:
        self.tax_benefit_system = tax_benefit_system
        self.options = options
        self.roots = roots

    def pytest_collection_finish(self, session) -> None:
        prepare_session(session)

    def pytest_sessionfinish(self, session) -> None:
        # What is alive now lives until the process exits; frozen, pytest's closing garbage
        # collections (five full passes, for objects whose finalizers might raise) skip it.
        gc.freeze()

    def pytest_collect_file(self, parent, file_path):
        if file_path.suffix not in {".yaml", ".yml"}:
            return None
        if self.roots is not None and not any(root in file_path.parents for root in self.roots):
            return None
        return CaseFile.from_parent(
            parent,
            path=file_path,
            tax_benefit_system=self.tax_benefit_system,
            options=self.options,
        )


def replace_openfisca_plugin(config) -> bool:
    """Under ``openfisca test``: unregister OpenFisca's YAML plugin and register a
    :class:`CasePlugin` with its system and options instead. True if it did."""
    for plugin in list(config.pluginmanager.get_plugins()):
        if isinstance(plugin, test_runner.OpenFiscaPlugin):
            config.pluginmanager.unregister(plugin)
            config.pluginmanager.register(
                CasePlugin(plugin.tax_benefit_system, plugin.options), "arbeidsmigratie-cases"
            )
            return True
    return False


def openfisca_runner_active(config) -> bool:
    return config.pluginmanager.has_plugin("arbeidsmigratie-cases")

