"""YAML cases run together (openfisca_arbeidsmigratie.case_batches) get the values each gets alone,
every variable the case's outputs need; a case that sets a formula's variable as an input, a reform
that needs the whole population and a case whose rows make the joined simulation fail run alone."""

from __future__ import annotations

import functools
import pathlib
import shutil
import subprocess
import sys
from types import SimpleNamespace

import numpy as np
import pytest
import yaml
from openfisca_core.tools.test_runner import build_test

from openfisca_arbeidsmigratie import case_batches
from openfisca_arbeidsmigratie.testing import build_case, case_system

ROOT = pathlib.Path(__file__).resolve().parents[2]
OPENFISCA = str(pathlib.Path(sys.executable).parent / "openfisca")
KNOWN = {"name", "period", "input", "output", "reforms", "extensions", "absolute_error_margin",
         "relative_error_margin", "keywords", "max_spiral_loops", "parameters", "description"}


@functools.cache
def baseline():
    from openfisca_arbeidsmigratie import CountryTaxBenefitSystem  # noqa: PLC0415

    return CountryTaxBenefitSystem()


def key(case):
    """The runner's batch key of a case (no trace asked)."""
    try:
        system = case_system(baseline(), case.test.reforms, case.test.extensions)
    except Exception:  # noqa: BLE001
        system = None
    return case_batches.batch_key(case.test, case.raw, {}, system)


def yaml_cases() -> list[SimpleNamespace]:
    cases = []
    for path in sorted((ROOT / "tests" / "yaml").rglob("*.yaml")):
        for index, raw in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")) or [], start=1):
            test = build_test({k: v for k, v in raw.items() if k in KNOWN})
            cases.append(SimpleNamespace(raw=raw, test=test, path=path, index=index))
    return cases


def build(case):
    return build_case(baseline(), case.test, case.raw, source=f"{case.path.name}, case {case.index}", path=case.path)


def asked(case, system) -> list[tuple[str, str]]:
    """(variable, period) of every output of the case."""
    found = []

    def add(name, value):
        if isinstance(value, dict):
            found.extend((name, str(period)) for period in value)
        else:
            found.append((name, str(case.test.period)))

    singulars = {entity.key for entity in system.entities}
    for key, value in case.test.output.items():
        if key in system.variables:
            add(key, value)
        elif key in singulars:
            for name, at in value.items():
                add(name, at)
        else:  # an entity's plural: {id: {variable: value}}
            for values in value.values():
                for name, at in values.items():
                    add(name, at)
    return found


def same(a, b) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    if a.dtype.kind == "f" and b.dtype.kind == "f":
        return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=True))
    return a.shape == b.shape and bool(np.all(a == b))


def test_every_yaml_case_run_together_gets_every_value_it_gets_alone():
    """Every batch the runner forms from tests/yaml: each case's outputs and every variable its
    own simulation computes for them, compared with the case's rows of the joined simulation."""
    cases = yaml_cases()
    case_batches.batches(cases, key=key, build=build)
    batched = compared = values = broken = 0
    for batch in {id(c.batch): c.batch for c in cases if c.batch is not None}.values():
        for case in batch.cases:
            view = batch.view(case)
            if view is None:
                continue
            batched += 1
            system, alone = build(case)
            try:
                for name, period in asked(case, system):
                    alone.calculate(name, period)
            except Exception:  # noqa: BLE001 (a case that fails alone: the runner reports its own run)
                continue
            try:
                for population in alone.populations.values():
                    for name, holder in population._holders.items():
                        for period in holder.get_known_periods():
                            assert same(view.calculate(name, period), holder.get_array(period)), (
                                f"{case.path.name}, case {case.index}: {name}@{period} differs run together"
                            )
                            values += 1
            except AssertionError:
                raise
            except Exception:  # noqa: BLE001 (the joined simulation failed: the runner runs the rest alone)
                broken += 1
                batch.broken = True
                continue
            compared += 1
    # Most cases run together, and all but the cases of a failed batch were compared.
    assert batched >= 400, batched
    assert broken <= 2 and compared >= batched - 40, (batched, compared, broken)
    assert values >= 20 * compared


def two(case_a: dict, case_b: dict):
    cases = [
        SimpleNamespace(raw=raw, test=build_test(raw), path=ROOT / "cases.yaml", index=i)
        for i, raw in enumerate([case_a, case_b], start=1)
    ]
    case_batches.batches(cases, key=key, build=build)
    return cases


def test_a_case_that_sets_a_formulas_variable_does_not_join_a_case_that_computes_it():
    """An input of a variable with a formula replaces the formula for the whole simulation: the
    kennismigrant whose route is computed would get the default route in the other's rows."""
    computed = {"name": "computed", "period": "2026-01",
                "input": {"nationaliteit": "IN", "geboortedatum": "1990-01-01", "bruto_maandloon": 5942,
                          "erkend_referent": True},
                "output": {"toelatingsroute": "kennismigrant"}}
    given = {"name": "given", "period": "2026-01",
             "input": {"nationaliteit": "IN", "toelatingsroute": "twv_gvva"},
             "output": {"toelatingsroute": "twv_gvva"}}
    a, b = two(computed, given)
    assert a.batch is b.batch is not None
    assert a.batch.view(a) is None and a.batch.view(b) is None
    c, d = two(computed, {**computed, "name": "computed again"})
    assert c.batch.view(c).merged is c.batch.view(d).merged
    assert str(c.batch.view(d).calculate("toelatingsroute", "2026-01").decode_to_str()[0]) == "kennismigrant"


def test_a_reform_that_needs_the_whole_population_runs_each_case_alone():
    bandbreedte = "openfisca_arbeidsmigratie.reforms.bandbreedte.Bandbreedte"
    bwt = "openfisca_arbeidsmigratie.reforms.brede_welvaartstoets.BredeWelvaartstoets"
    assert case_batches.needs_whole_population(case_system(baseline(), [bwt, bandbreedte], []))
    assert not case_batches.needs_whole_population(case_system(baseline(), [bwt], []))
    case = {"name": "x", "period": "2026-01", "reforms": [bandbreedte], "input": {"nationaliteit": "IN"},
            "output": {"toegelaten": False}}
    a, b = two(case, {**case, "name": "y"})
    assert key(a) is None and a.batch is None and b.batch is None


@pytest.mark.parametrize("option", case_batches.TRACE_OPTIONS)
def test_a_traced_run_runs_each_case_alone(option):
    raw = {"name": "x", "period": "2026-01", "input": {"nationaliteit": "IN"}, "output": {"toegelaten": False}}
    assert case_batches.batch_key(build_test(raw), raw, {}, baseline()) is not None
    assert case_batches.batch_key(build_test(raw), raw, {option: True}, baseline()) is None


CASES = """\
- name: Decided in June 2011 on an application of 19 June, the Blue Card criterion is known
  period: 2011-06
  input: {aanvraagdatum: 2011-06-19}
  output: {europese_blauwe_kaart_looncriterium: 4629.63}
  absolute_error_margin: 0.01

- name: On an application of 18 June 2011 the criterion is asked, and has no value
  period: 2011-06
  input: {aanvraagdatum: 2011-06-18}
  output: {europese_blauwe_kaart_looncriterium: 0}

- name: A Polish worker in June 2011 moves freely
  period: 2011-06
  input: {nationaliteit: PL}
  output: {vrij_verkeer_van_werknemers: true}
"""


def test_a_case_whose_rows_make_the_joined_simulation_fail_fails_alone_and_the_others_pass(tmp_path):
    """The first case asks a criterion the second case's date has no value for: the joined
    simulation raises, and each case is then run alone (the second fails with its own error)."""
    (tmp_path / "tests" / "yaml").mkdir(parents=True)
    shutil.copy(ROOT / "tests" / "conftest.py", tmp_path / "tests" / "conftest.py")
    (tmp_path / "tests" / "yaml" / "cases.yaml").write_text(CASES, encoding="utf-8")
    run = subprocess.run(
        [OPENFISCA, "test", "tests", "-c", "openfisca_arbeidsmigratie"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )
    out = run.stdout
    assert run.returncode == 1, out[-3000:]
    assert "1 failed, 2 passed" in out, out[-3000:]
    assert "FAILED tests/yaml/cases.yaml::On an application of 18 June 2011" in out
    assert "No published value of 'europese_blauwe_kaart.looncriterium.algemeen' for 2011-06" in out
