"""Collect the YAML test cases, one pytest item per case, so that one `pytest` runs everything.

`python -m pytest` runs the YAML cases under tests/yaml/ and the Python tests of the machinery;
`openfisca test tests -c openfisca_arbeidsmigratie` (a drafter's command) runs the same YAML cases
alone. Both use openfisca_arbeidsmigratie.testing: OpenFisca's runner with one item per case named
after the case, every case checked by the package's input validator before it runs, and every
mismatch of a case listed. YAML files elsewhere (example files under docs/) are not test cases.
"""

from __future__ import annotations

import functools
import pathlib

import pytest

from openfisca_arbeidsmigratie.testing import CaseFile, prepare_session, replace_openfisca_plugin

HERE = pathlib.Path(__file__).resolve().parent
CASES = HERE / "yaml"  # the YAML test cases
UNDER_OPENFISCA = pytest.StashKey[bool]()


@functools.cache
def tax_benefit_system():
    from openfisca_arbeidsmigratie import CountryTaxBenefitSystem  # noqa: PLC0415

    return CountryTaxBenefitSystem()


def pytest_configure(config):
    config.stash[UNDER_OPENFISCA] = replace_openfisca_plugin(config)


def pytest_collection_finish(session):
    if not session.config.stash.get(UNDER_OPENFISCA, False):
        prepare_session(session)  # under `openfisca test` the plugin does it


def pytest_ignore_collect(collection_path, config):
    """Under `openfisca test`, only the YAML test cases (the Python tests run under pytest)."""
    if not config.stash.get(UNDER_OPENFISCA, False):
        return None
    if collection_path.suffix == ".py" or collection_path == HERE / "python":
        return True
    return None


def pytest_collect_file(parent, file_path):
    if parent.config.stash.get(UNDER_OPENFISCA, False):
        return None  # the plugin that replaced OpenFisca's collects them
    if file_path.suffix in {".yaml", ".yml"} and CASES in file_path.parents:
        return CaseFile.from_parent(
            parent, path=file_path, tax_benefit_system=tax_benefit_system(), options={}
        )
    return None
