"""The receipt (package version, parameter hash, reforms) that travels with API answers and costing reports."""

from __future__ import annotations

import json

import openfisca_arbeidsmigratie
from openfisca_arbeidsmigratie.receipt import parameter_hash, receipt_for, reform_chain
from openfisca_arbeidsmigratie.reforms import apply_parameter_file, baseline_system, build_regime


def test_receipt_names_version_reforms_and_hash_of_each_regime():
    baseline = baseline_system()
    reformed = build_regime("brede_welvaartstoets+vijfjarige_vergunning")
    receipt = receipt_for({"huidig_recht": baseline, "hervorming": reformed}, period="2026-01")
    assert receipt["version"] == openfisca_arbeidsmigratie.__version__
    assert receipt["period"] == "2026-01"
    assert receipt["regimes"]["huidig_recht"]["reforms"] == []
    keys = [r["key"] for r in receipt["regimes"]["hervorming"]["reforms"]]
    assert keys == ["brede_welvaartstoets", "vijfjarige_vergunning"]
    assert receipt["regimes"]["huidig_recht"]["parameter_hash"].startswith("sha256:")
    json.dumps(receipt)  # serialisable as it is


def test_parameter_hash_is_stable_and_changes_with_one_value(tmp_path):
    baseline = baseline_system()
    assert parameter_hash(baseline) == parameter_hash(build_regime("huidig_recht"))
    overrides = tmp_path / "drempel.yaml"
    overrides.write_text("parameters:\n  voorstellen.brede_welvaartstoets.toelatingsdrempel: 99\n")
    changed = apply_parameter_file(baseline, str(overrides))
    assert parameter_hash(changed) != parameter_hash(baseline)
    assert reform_chain(changed)[0]["name"].startswith("Parameters from")
