"""Vectorised date helpers for formulas (numpy integer arithmetic, no Python loops)."""

import numpy as np

_NAT = np.iinfo(np.int64).min


def _jaar_maand_dag_numpy(d):
    maanden = d.astype("datetime64[M]")
    jaar = maanden.astype("datetime64[Y]").astype(np.int64) + 1970
    maand = maanden.astype(np.int64) % 12 + 1
    dag = (d - maanden).astype(np.int64) + 1
    return jaar, maand, dag


def _per_dag_tabel(d):
    """Per date its year and ``100 * month + day`` (int64), e.g. 2024-02-29 -> (2024, 229).

    The calendar is worked out once per day in the span of the dates (a few tens of thousands of
    days for birth dates) and read by integer index. None for NaT, 0-d input or a span far wider
    than the array (the caller then uses numpy's calendar on every element).
    """
    if d.ndim != 1 or not len(d):
        return None
    getallen = d.view(np.int64)
    laag = int(getallen.min())
    hoog = int(getallen.max())
    if laag == _NAT or hoog - laag >= max(4 * len(d), 1 << 16):
        return None
    dagen = np.arange(laag, hoog + 1, dtype=np.int64).astype("datetime64[D]")
    jaar, maand, dag = _jaar_maand_dag_numpy(dagen)
    plaats = getallen - laag
    return jaar[plaats], (100 * maand + dag)[plaats]


def leeftijd_op(geboortedatum, peildatum):
    """Age in whole years on ``peildatum`` (a birthday counts from the day itself).

    A person born on 29 February turns a year older on 1 March in a non-leap year.
    """
    geboren = np.asarray(geboortedatum).astype("datetime64[D]", copy=False)
    peil = np.asarray(peildatum).astype("datetime64[D]", copy=False)
    g = _per_dag_tabel(geboren)
    p = _per_dag_tabel(peil) if g is not None else None
    if p is not None:
        # (month, day) compared as 100 * month + day: the birthday has come when it is <= today's
        return (p[0] - g[0] - (p[1] < g[1])).astype(np.int32)
    gj, gm, gd = _jaar_maand_dag_numpy(geboren)
    pj, pm, pd = _jaar_maand_dag_numpy(peil)
    verjaardag_gehad = (pm > gm) | ((pm == gm) & (pd >= gd))
    return (pj - gj - np.where(verjaardag_gehad, 0, 1)).astype(np.int32)


def jaren_tussen(van, tot):
    """Whole years elapsed from ``van`` to ``tot`` (same rule as :func:`leeftijd_op`)."""
    return leeftijd_op(van, tot)
