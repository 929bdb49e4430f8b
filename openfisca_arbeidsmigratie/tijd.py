"""Vectorised date helpers for formulas (numpy datetime64, no Python loops)."""

import numpy as np


def _jaar_maand_dag(datums):
    d = np.asarray(datums).astype("datetime64[D]")
    maanden = d.astype("datetime64[M]")
    jaar = maanden.astype("datetime64[Y]").astype(np.int64) + 1970
    maand = maanden.astype(np.int64) % 12 + 1
    dag = (d - maanden).astype(np.int64) + 1
    return jaar, maand, dag


def leeftijd_op(geboortedatum, peildatum):
    """Age in whole years on ``peildatum`` (a birthday counts from the day itself).

    A person born on 29 February turns a year older on 1 March in a non-leap year.
    """
    gj, gm, gd = _jaar_maand_dag(geboortedatum)
    pj, pm, pd = _jaar_maand_dag(peildatum)
    verjaardag_gehad = (pm > gm) | ((pm == gm) & (pd >= gd))
    return (pj - gj - np.where(verjaardag_gehad, 0, 1)).astype(np.int32)


def jaren_tussen(van, tot):
    """Whole years elapsed from ``van`` to ``tot`` (same rule as :func:`leeftijd_op`)."""
    return leeftijd_op(van, tot)
