"""Collect the YAML test cases with OpenFisca's own runner, so that one `pytest` runs everything.

`openfisca test tests/ --country-package openfisca_arbeidsmigratie` runs the same YAML cases
(drafters' command); `pytest` runs them and the Python tests of the machinery together.
"""

from __future__ import annotations

import functools

from openfisca_core.tools.test_runner import OpenFiscaPlugin, YamlFile

from openfisca_arbeidsmigratie import CountryTaxBenefitSystem


@functools.cache
def tax_benefit_system():
    return CountryTaxBenefitSystem()


def _openfisca_runner_active(config) -> bool:
    """True under `openfisca test`, whose own plugin already collects the YAML files."""
    return any(isinstance(p, OpenFiscaPlugin) for p in config.pluginmanager.get_plugins())


def pytest_collect_file(parent, file_path):
    if _openfisca_runner_active(parent.config):
        return None
    if file_path.suffix in {".yaml", ".yml"} and "yaml" in file_path.relative_to(parent.config.rootpath).parts[:2]:
        return YamlFile.from_parent(
            parent,
            path=file_path,
            tax_benefit_system=tax_benefit_system(),
            options={},
        )
    return None
