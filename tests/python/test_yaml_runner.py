"""The YAML test cases under `openfisca test` and `python -m pytest`: the drafter's command works
from the repository root, each case is its own item named after the case, a bad case gets one line
per problem before it runs, and every mismatch of a case is listed."""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
OPENFISCA = str(pathlib.Path(sys.executable).parent / "openfisca")


def yaml_case_count(folder: pathlib.Path) -> int:
    count = 0
    for path in folder.rglob("*.yaml"):
        cases = yaml.safe_load(path.read_text(encoding="utf-8"))
        count += len(cases) if isinstance(cases, list) else 1
    return count


def test_openfisca_test_tests_runs_every_yaml_case_from_the_repository_root():
    """`openfisca test tests -c openfisca_arbeidsmigratie`: the YAML cases only (no fixture file
    collected as a case, no Python test), all passing."""
    run = subprocess.run(
        [OPENFISCA, "test", "tests", "-c", "openfisca_arbeidsmigratie"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    last = run.stdout.strip().splitlines()[-1]
    assert f"{yaml_case_count(ROOT / 'tests' / 'yaml')} passed" in last
    assert "error" not in last and "test_" not in run.stdout


CASES = """\
- name: A kennismigrant earning exactly the criterion is admitted
  period: 2026-01
  input: {nationaliteit: IN, geboortedatum: 1990-01-01, bruto_maandloon: 5942, erkend_referent: true}
  output: {toegelaten: true}

- name: Two outputs wrong at once
  period: 2026-01
  input: {nationaliteit: IN, bruto_maandloon: 3000}
  output: {toelatingsroute: kennismigrant, twv_geldigheidsduur: 3}

- name: Two persons, the output wrong for both
  period: 2026-01
  input:
    personen:
      ana: {nationaliteit: IN, bruto_maandloon: 3000}
      piotr: {nationaliteit: PL}
  output:
    personen:
      ana: {toegelaten: false}
      piotr: {toegelaten: false}

- name: A reform that does not exist
  period: 2026-01
  reforms: openfisca_arbeidsmigratie.reforms.brede_welvaartstoets.BredeWelvaartsToets
  input: {nationaliteit: IN}
  output: {toegelaten: true}

- name: A period typo
  period: 2025-3
  input: {nationaliteit: IN}
  output: {toegelaten: true}

- name: A Polish worker in lower case and a misspelt wage
  period: 2026-01
  input: {nationaliteit: pl, bruto_maandlon: 3000}
  output: {toegelaten: true}

- name: A Polish worker in lower case and a misspelt wage
  period: 2026-01
  input: {nationaliteit: PL}
  output: {vrij_verkeer_van_werknemers: true}
"""


def _write_cases(tmp_path: pathlib.Path) -> None:
    (tmp_path / "tests" / "yaml").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "tests" / "conftest.py", tmp_path / "tests" / "conftest.py")
    (tmp_path / "tests" / "yaml" / "cases.yaml").write_text(CASES, encoding="utf-8")


def _pytest(tmp_path: pathlib.Path, *args: str) -> subprocess.CompletedProcess:
    _write_cases(tmp_path)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--rootdir", str(tmp_path), "tests", *args],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )


def test_each_case_is_an_item_named_after_the_case_and_k_selects_by_words(tmp_path):
    ids = _pytest(tmp_path, "--collect-only", "-q").stdout.splitlines()
    assert "tests/yaml/cases.yaml::A kennismigrant earning exactly the criterion is admitted" in ids
    assert "tests/yaml/cases.yaml::Two outputs wrong at once" in ids
    # a repeated name gets its index
    assert "tests/yaml/cases.yaml::A Polish worker in lower case and a misspelt wage #6" in ids
    assert "tests/yaml/cases.yaml::A Polish worker in lower case and a misspelt wage #7" in ids
    selected = _pytest(tmp_path, "--collect-only", "-q", "-k", "kennismigrant and criterion").stdout
    assert "1/7 tests collected" in selected


def test_failures_name_their_case_list_every_mismatch_and_bad_input_in_one_line_each(tmp_path):
    run = _pytest(tmp_path, "-q")
    out = run.stdout
    assert run.returncode == 1
    assert "5 failed, 2 passed" in out
    assert "Traceback" not in out and "site-packages" not in out
    # every mismatch of a case, under its name
    assert "FAILED tests/yaml/cases.yaml::Two outputs wrong at once" in out
    assert "2 output(s) differ from the expected values:" in out
    assert "toelatingsroute@2026-01: ['twv_gvva'] differs from kennismigrant." in out
    assert "twv_geldigheidsduur@2026-01: [24.] differs from 3.0" in out
    assert "cases.yaml, case 3 (Two persons, the output wrong for both): 2 output(s) differ" in out
    assert "  ana: toegelaten@2026-01: 1.0 differs from 0.0" in out
    assert "  piotr: toegelaten@2026-01: 1.0 differs from 0.0" in out
    # one line per problem, before the case runs
    assert (
        "cases.yaml, case 5 (A period typo): period '2025-3': not a period; allowed: YYYY-MM (a month, e.g. 2026-01)"
        in out
    )
    assert "case 6 (A Polish worker in lower case and a misspelt wage): input: unknown input 'bruto_maandlon'; did you mean 'bruto_maandloon'?" in out
    assert "input.nationaliteit, value 'pl': not a known code (did you mean 'PL'?); allowed: an upper-case ISO 3166-1 alpha-2 code" in out
    assert (
        "cases.yaml, case 4 (A reform that does not exist): reforms, value "
        "'openfisca_arbeidsmigratie.reforms.brede_welvaartstoets.BredeWelvaartsToets': cannot be applied" in out
    )
    # once in the failure's report (the short summary repeats it in full where CI is set)
    period_error = [
        line
        for line in out.splitlines()
        if "A period typo" in line and "not a period" in line and not line.startswith("FAILED ")
    ]
    assert len(period_error) == 1, out


def test_openfisca_test_uses_the_same_collector(tmp_path):
    """Under `openfisca test` the same checks and item names (OpenFisca's own plugin is replaced)."""
    _write_cases(tmp_path)
    run = subprocess.run(
        [OPENFISCA, "test", "tests", "-c", "openfisca_arbeidsmigratie", "-n", "typo"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )
    assert run.returncode == 1
    assert "period '2025-3': not a period; allowed:" in run.stdout
    assert "1 failed" in run.stdout and "Traceback" not in run.stdout


BWT = "openfisca_arbeidsmigratie.reforms.brede_welvaartstoets.BredeWelvaartstoets"
VIJF = "openfisca_arbeidsmigratie.reforms.vijfjarige_vergunning.VijfjarigeVergunning"


def test_a_case_system_is_built_once_per_combination_and_leaves_current_law_as_it_was():
    """A case's reforms are applied without cloning current law (a Reform copies what it
    changes): the system is shared by the cases with the same reforms, current law keeps its own
    formulas, and the same reforms in another order are another system."""
    from openfisca_arbeidsmigratie import CountryTaxBenefitSystem  # noqa: PLC0415
    from openfisca_arbeidsmigratie.testing import case_system  # noqa: PLC0415

    baseline = CountryTaxBenefitSystem()
    formulas = {name: variable.formulas for name, variable in baseline.variables.items()}
    parameters = baseline.parameters
    assert case_system(baseline, [], []) is baseline
    combined = case_system(baseline, [BWT, VIJF], [])
    assert case_system(baseline, [BWT, VIJF], []) is combined
    assert case_system(baseline, [VIJF, BWT], []) is not combined
    assert case_system(baseline, BWT, []) is case_system(baseline, [BWT], [])
    assert set(combined.variables) > set(baseline.variables)  # the reform's own variables
    assert combined.get_variable("toelatingsroute").formulas != baseline.get_variable("toelatingsroute").formulas
    assert {name: variable.formulas for name, variable in baseline.variables.items()} == formulas
    assert baseline.parameters is parameters
    assert all(entity._tax_benefit_system is baseline for entity in baseline.entities)
