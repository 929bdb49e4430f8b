"""Benchmark of the per-applicant explanations and the refusal counts (not part of the test suite).

A synthetic comparison table of N applicants under current law and one reform (random decisions,
grounds and failed-requirement lists in the engine's layout) is explained with
``explanation_table`` and counted with ``refusal_counts``; beside it, the sentence step alone is
timed with the keys packed into one integer (the package) and with ``np.unique(axis=1)`` over the
4 x N keys (release 0.1.0), and both give the same sentences.

    python benchmarks/bench_explanations.py [N]   # default 1,000,000
"""

from __future__ import annotations

import sys
import time

import numpy as np
import pyarrow as pa

from openfisca_arbeidsmigratie.enums import Toelatingsroute as R
from openfisca_arbeidsmigratie.enums import Weigeringsgrond as G
from openfisca_arbeidsmigratie.explain.counts import decision, explanation_table, refusal_counts
from openfisca_arbeidsmigratie.explain.differences import deciding_condition, sentence, sentences
from openfisca_arbeidsmigratie.explain.requirements import COLUMN_OF_INDEX, NAMES, to_list_array


def _regime(rng, n: int, label: str, routes: list[int], grounds: list[int]) -> dict[str, pa.Array]:
    admitted = rng.random(n) < 0.7
    route = np.where(admitted, rng.choice(routes, n), R.geweigerd.index)
    ground = np.where(admitted, G.geen.index, rng.choice(grounds, n))
    failed = (rng.random((n, len(NAMES))) < 0.05) & ~admitted[:, None]
    rows = np.flatnonzero(~admitted)
    failed[rows, COLUMN_OF_INDEX[ground[rows]]] = True
    names_r = pa.array([m.name for m in R])
    names_g = pa.array([m.name for m in G])
    return {
        f"{label}.toegelaten": pa.array(admitted),
        f"{label}.toelatingsroute": pa.DictionaryArray.from_arrays(pa.array(route.astype(np.int16)), names_r),
        f"{label}.weigeringsgrond": pa.DictionaryArray.from_arrays(pa.array(ground.astype(np.int16)), names_g),
        f"{label}.niet_voldaan": to_list_array(failed),
    }


def table(n: int) -> pa.Table:
    rng = np.random.default_rng(1)
    current = [R.vrij_verkeer.index, R.kennismigrant.index, R.europese_blauwe_kaart.index, R.twv_gvva.index]
    grounds = [g.index for g in G if g is not G.geen and not g.name.startswith(("puntentoets", "bandbreedte"))]
    columns = {"persoon_id": pa.array(np.arange(n)), "gewicht": pa.array(np.ones(n, np.float32))}
    columns |= _regime(rng, n, "huidig_recht", current, grounds)
    columns |= _regime(rng, n, "brede_welvaartstoets", [R.vrij_verkeer.index, R.puntentoets.index],
                       [G.puntentoets_stap_1.index, G.puntentoets_totaal.index])
    return pa.table(columns)


def _old_sentences(outcome, a, b, name_a, name_b) -> np.ndarray:
    keys = np.stack([outcome["verschil"], outcome["beslissende_grond"], a.toelatingsroute, b.toelatingsroute])
    unique, inverse = np.unique(keys, axis=1, return_inverse=True)
    texts = np.array([sentence(*map(int, column), a=name_a, b=name_b) for column in unique.T], dtype=object)
    return texts[np.asarray(inverse).reshape(-1)]


def _timed(label: str, function):
    started = time.perf_counter()
    result = function()
    print(f"{label:<60} {time.perf_counter() - started:7.2f} s")
    return result


def main(n: int) -> None:
    data = _timed(f"build the synthetic table ({n:,} applicants, 2 regimes)", lambda: table(n))
    a = _timed("read current law's decision (list column -> matrix)", lambda: decision(data, "huidig_recht"))
    b = decision(data, "brede_welvaartstoets")
    outcome = _timed("deciding condition", lambda: deciding_condition(a, b))
    new = _timed("sentences, packed integer keys (package)", lambda: sentences(outcome, a, b, "huidig_recht", "b"))
    old = _timed("sentences, np.unique(axis=1) over 4 x N keys (0.1.0)", lambda: _old_sentences(outcome, a, b, "huidig_recht", "b"))
    assert new.to_pylist() == old.tolist(), "the two methods disagree"
    _timed("explanation_table (whole, per reform)", lambda: explanation_table(data))
    _timed("refusal_counts (both regimes, with failed requirements)", lambda: refusal_counts(data))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000)
