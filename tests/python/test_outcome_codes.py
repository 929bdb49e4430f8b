"""The permit outcomes' category codes computed once per value and gathered equal the direct
computation row by row (dates' month bands around the 5-year mark, validity bands, NaT and a
range wider than the rows)."""

from __future__ import annotations

import numpy as np
import pytest

from openfisca_arbeidsmigratie.microsimulation import aggregates
from openfisca_arbeidsmigratie.microsimulation.aggregates import OUTCOME_VARIABLES, outcome_codes

MONTH = np.datetime64("2026-01", "M")


def _values(rng, n, *, wide=False, nat=False):
    days = rng.integers(-400, 3000, n) * (5000 if wide else 1)
    earliest = (np.datetime64("2026-01-01") + days).astype("datetime64[D]")
    earliest[rng.random(n) < 0.3] = np.datetime64("1970-01-01")
    earliest[:3] = [np.datetime64("2030-12-31"), np.datetime64("2031-01-01"), np.datetime64("2031-02-01")]
    if nat:
        earliest[5] = np.datetime64("NaT")
    return {
        OUTCOME_VARIABLES["geldigheidsduur_maanden"]: rng.integers(0, 70, n).astype(np.int32),
        OUTCOME_VARIABLES["gezinshereniging_toegestaan"]: rng.random(n) < 0.5,
        OUTCOME_VARIABLES["verblijfsdoel_niet_tijdelijk"]: rng.random(n) < 0.5,
        OUTCOME_VARIABLES["verblijf_onbepaalde_tijd"]: earliest,
    }


@pytest.mark.parametrize(("wide", "nat"), [(False, False), (True, False), (False, True)])
def test_gathered_codes_equal_the_direct_computation(monkeypatch, wide, nat):
    rng = np.random.default_rng(7)
    values = _values(rng, 5000, wide=wide, nat=nat)
    admitted = rng.random(5000) < 0.7
    gathered = outcome_codes(values, admitted, MONTH)
    monkeypatch.setattr(aggregates, "gathered", lambda v, function: function(v))
    direct = outcome_codes(values, admitted, MONTH)
    assert gathered.keys() == direct.keys()
    for name in direct:
        np.testing.assert_array_equal(gathered[name], direct[name], err_msg=name)
    band = direct["verblijf_onbepaalde_tijd"][:3].tolist()
    assert band == [1, 2, 3]  # before, at and after 60 months from the simulated month
