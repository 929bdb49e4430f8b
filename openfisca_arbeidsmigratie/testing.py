"""The YAML test cases under pytest and ``openfisca test``: one item per case, checked first.

OpenFisca's runner (``openfisca_core.tools.test_runner``) gives every case of a file the same
empty id, stops a case at its first mismatch, answers a typo with a long traceback and copies
every parameter of current law for each combination of reforms the cases use. This plugin reuses
that runner (its ``YamlFile``, ``YamlItem``, simulation building and ``assert_near``) and changes
four things:

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
  full passes (:func:`freeze_collected`): the same results in about half the time.

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

from openfisca_arbeidsmigratie.validation import SituationError, check_test_case

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
        source = f"{self.path.name}, case {self.index} ({self.test.name or 'no name'})"
        try:  # the case's reforms may add variables: check against the system the case runs on
            system = case_system(self.baseline_tax_benefit_system, self.test.reforms, self.test.extensions)
        except Exception as error:  # noqa: BLE001 (an import error, a missing attribute, a bad class)
            given = ", ".join(map(str, self.test.reforms if isinstance(self.test.reforms, list) else [self.test.reforms]))
            message = (
                f"{source}: reforms, value {given!r}: cannot be applied ({type(error).__name__}: {error}); "
                "allowed: dotted paths of Reform classes, e.g. "
                "openfisca_arbeidsmigratie.reforms.brede_welvaartstoets.BredeWelvaartstoets"
            )
            raise SituationError([message]) from None
        check_test_case(self.raw, system, source=source)
        try:
            self._run(system)
        finally:
            self.name = item_name
            self.simulation = None  # its arrays and caches are not needed once the case is checked
        if self.mismatches:
            raise AssertionError(os.linesep.join(self.mismatches))

    def _run(self, system) -> None:
        """OpenFisca's ``YamlItem.runtest`` on ``system`` (the case's system, already built)."""
        self.name = self.test.name
        if self.test.output is None:
            msg = f"Missing key 'output' in test '{self.name}' in file '{self.path}'"
            raise ValueError(msg)
        self.tax_benefit_system = system
        if self.test.parameters:
            self.tax_benefit_system = InYamlTestReform(system, self.test.parameters)
        builder = SimulationBuilder()
        try:
            builder.set_default_period(self.test.period)
            self.simulation = builder.build_from_dict(self.tax_benefit_system, self.test.input)
        except (VariableNotFound, SituationParsingError, AssertionError):
            raise
        except Exception as error:
            message = os.linesep.join([str(error), "", f"Unexpected error raised while parsing '{self.path}'"])
            raise ValueError(message).with_traceback(sys.exc_info()[2]) from error
        if self.test.max_spiral_loops:
            self.simulation.max_spiral_loops = self.test.max_spiral_loops
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
        freeze_collected()

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

