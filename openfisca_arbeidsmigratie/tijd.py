"""Vectorised date helpers for formulas (numpy integer arithmetic, no Python loops)."""

import datetime

import numpy as np

NAT = np.iinfo(np.int64).min
"""NaT as the int64 view of a datetime64 array."""


def _jaar_maand_dag_numpy(d):
    maanden = d.astype("datetime64[M]")
    jaar = maanden.astype("datetime64[Y]").astype(np.int64) + 1970
    maand = maanden.astype(np.int64) % 12 + 1
    dag = (d - maanden).astype(np.int64) + 1
    return jaar, maand, dag


def _jjjjmmdd(d):
    """Each date as the integer ``10000 * year + 100 * month + day`` (2024-02-29 -> 20240229)."""
    jaar, maand, dag = _jaar_maand_dag_numpy(d)
    return 10000 * jaar + 100 * maand + dag


def _over_spanne(dagen, bereken):
    """``bereken`` once per day from the earliest to the latest of the 1-D dates ``dagen`` (a few
    tens of thousands of days for birth dates), read back by integer index. None for an empty or
    not 1-D array, NaT, or a span far wider than the array (the caller then computes on every
    element)."""
    if dagen.ndim != 1 or not len(dagen):
        return None
    getallen = dagen.view(np.int64)
    laag = int(getallen.min())
    hoog = int(getallen.max())
    if laag == NAT or hoog - laag >= max(4 * len(dagen), 1 << 16):
        return None
    tabel = np.asarray(bereken(np.arange(laag, hoog + 1, dtype=np.int64).astype("datetime64[D]")))
    return tabel.take(getallen - laag)


def leeftijd_op(geboortedatum, peildatum):
    """Age in whole years on ``peildatum`` (a birthday counts from the day itself).

    A person born on 29 February turns a year older on 1 March in a non-leap year.
    """
    geboren = np.asarray(geboortedatum).astype("datetime64[D]", copy=False)
    peil = np.asarray(peildatum).astype("datetime64[D]", copy=False)
    if geboren.ndim == 1 and len(geboren) <= _KLEIN and (peil.ndim == 0 or peil.shape == geboren.shape):
        uit = _leeftijd_klein(geboren, peil)
        if uit is not None:
            return uit
    vast = een_dag(peil)
    if vast is not None and geboren.ndim == 1 and (peil.ndim == 0 or peil.shape == geboren.shape):
        uit = _leeftijd_per_geboortedag(geboren, vast)
        if uit is not None:
            return uit
    g = _over_spanne(geboren, _jjjjmmdd)
    p = _over_spanne(peil, _jjjjmmdd) if g is not None else None
    if p is not None:
        # the difference of two yyyymmdd numbers in whole 10,000s: the years, one less before the birthday
        return ((p - g) // 10000).astype(np.int32)
    gj, gm, gd = _jaar_maand_dag_numpy(geboren)
    pj, pm, pd = _jaar_maand_dag_numpy(peil)
    verjaardag_gehad = (pm > gm) | ((pm == gm) & (pd >= gd))
    return (pj - gj - np.where(verjaardag_gehad, 0, 1)).astype(np.int32)


_KLEIN = 8
"""Up to this many persons (a YAML case, an explanation) ages are worked out by Python's calendar:
a dozen numpy calls on arrays of one element cost more than the arithmetic itself."""


def _leeftijd_klein(geboren, peil):
    """Ages of a few persons by Python's calendar (the same rule); None when a date is NaT or
    outside the years 1-9999 (the caller then uses numpy's calendar)."""
    g = geboren.tolist()
    p = [peil.item()] * len(g) if peil.ndim == 0 else peil.tolist()
    if not all(type(d) is datetime.date for d in g) or not all(type(d) is datetime.date for d in p):
        return None
    return np.array([b.year - a.year - ((b.month, b.day) < (a.month, a.day)) for a, b in zip(g, p, strict=True)], dtype=np.int32)


def een_dag(d):
    """The one date of a datetime64[D] scalar, or of a 1-D array whose elements are all that date
    (not NaT); else None."""
    if d.ndim == 0:
        return None if np.isnat(d) else d
    if d.ndim != 1 or not len(d):
        return None
    if d.strides[0] == 0:  # a view of one value (a date given for all)
        return None if np.isnat(d[0]) else d[0]
    getallen = d.view(np.int64)
    eerste = getallen[0]
    if eerste == NAT or (len(getallen) > 1 and (getallen.min() != eerste or getallen.max() != eerste)):
        return None
    return d[0]


def _leeftijd_per_geboortedag(geboren, peil):
    """Ages on one date ``peil``: worked out once per day in the span of the birth dates, read by index.

    None for NaT or a span far wider than the array (the caller then uses the general path).
    """
    dag = _jjjjmmdd(np.asarray(peil).reshape(1))[0]
    return _over_spanne(geboren, lambda dagen: ((dag - _jjjjmmdd(dagen)) // 10000).astype(np.int32))


def per_dag(datums, bereken):
    """``bereken(datums)`` for a vectorised calculation on datetime64[D] dates, done once per distinct day.

    One date for everyone (the default application date) is computed once (the result is then a
    read-only view of that one value: copy it before returning it as a variable's value); dates
    within a span of a few thousand days once per day of the span, read by integer index; else on
    every element.
    """
    dagen = np.asarray(datums).astype("datetime64[D]", copy=False)
    dag = een_dag(dagen) if dagen.ndim == 1 else None
    if dag is not None:
        return np.broadcast_to(np.asarray(bereken(dagen[:1]))[0], dagen.shape)
    uit = _over_spanne(dagen, bereken)
    return uit if uit is not None else np.asarray(bereken(dagen))


def jaren_tussen(van, tot):
    """Whole years elapsed from ``van`` to ``tot`` (same rule as :func:`leeftijd_op`)."""
    return leeftijd_op(van, tot)
