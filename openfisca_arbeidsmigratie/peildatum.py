"""Parameters read on each person's own date (e.g. the application date), not the period's start.

A monthly simulation reads parameters on the first day of the month. Where a rule changed in the
middle of a month (students' weekly hours on 23 May 2018, the EU Blue Card recast on 12 June 2024),
the law applies on the day of the application: :func:`waarde_op_datums` reads a parameter once per
distinct date, and :func:`op_datums` runs any per-day calculation once per distinct date.
"""

from __future__ import annotations

import contextlib
import functools
import weakref
from collections.abc import Callable

import numpy as np
from openfisca_core import periods
from openfisca_core.errors import ParameterNotFoundError

from openfisca_arbeidsmigratie.tijd import NAT, een_dag

_WIJZIGINGSDATUMS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _systeem(parameters):
    """The tax-benefit system behind a formula's ``parameters`` callable (traced or not), or None."""
    eigenaar = getattr(parameters, "__self__", None)
    return getattr(eigenaar, "tax_benefit_system", eigenaar)


def wijzigingsdatums(parameters) -> np.ndarray | None:
    """Every date on which some parameter of the system takes a new value (sorted datetime64[D]).

    Between two consecutive dates no parameter changes, so a calculation that depends on the date
    only through the parameters gives the same result on every day in between. None when the
    system cannot be reached.
    """
    eigen = getattr(parameters, "system_for_change_dates", None)  # a recording simulation's
    systeem = eigen() if eigen is not None else _systeem(parameters)
    if systeem is None or not hasattr(systeem, "parameters"):
        return None
    try:
        return _WIJZIGINGSDATUMS[systeem]
    except (KeyError, TypeError):
        pass
    datums = set()
    stapel = [systeem.parameters]
    while stapel:
        knoop = stapel.pop()
        kinderen = getattr(knoop, "children", None)
        if kinderen is not None:
            stapel.extend(kinderen.values())
        for waarde in getattr(knoop, "values_list", ()) or ():
            datums.add(waarde.instant_str)
        for rij in getattr(knoop, "brackets", ()) or ():
            stapel.append(rij)
    uitkomst = np.array(sorted(datums), dtype="datetime64[D]")
    with contextlib.suppress(TypeError):  # a system that cannot be weakly referenced is not cached
        _WIJZIGINGSDATUMS[systeem] = uitkomst
    return uitkomst


def _per_wetsperiode(dagen: np.ndarray, parameters) -> np.ndarray:
    """Each date replaced by the last parameter change on or before it (itself before the first change)."""
    grenzen = wijzigingsdatums(parameters)
    if grenzen is None or not len(grenzen) or not len(dagen):
        return dagen
    plaats = np.searchsorted(grenzen, dagen, side="right") - 1
    return np.where(plaats >= 0, grenzen[np.maximum(plaats, 0)], dagen)


def op_datums(datums, bereken: Callable, *, waar=None, anders=np.nan, parameters=None, dtype=None) -> np.ndarray:
    """``bereken(dag)`` for every date in ``datums``, with ``dag`` a DAY period (vectorised over distinct dates).

    ``waar`` (a boolean array) limits the calculation to those persons; the others get ``anders``.
    Use it where ``bereken`` only makes sense for some persons (a parameter that starts on a later day).
    With ``parameters`` (the formula's argument), ``bereken`` must depend on the date only through
    the parameters: it is then computed once per period in which no parameter changes, not once per
    distinct date (a population with application dates spread over years stays fast).
    ``dtype``: the type of the result (as ``.astype(dtype)`` on it, without the intermediate array).
    When every person has the same date and ``waar`` is not given (or True for all), the result is a read-only view
    of the one value (no array of a million copies is written; for one person a one-element array):
    use it in a calculation, and copy it (``np.array``) before returning it as a variable's value.
    """
    dagen = np.asarray(datums).astype("datetime64[D]", copy=False)
    kiezen = None if waar is None else np.asarray(waar, dtype=bool)
    dag = een_dag(dagen) if dagen.ndim == 1 else None
    if dag is not None and (kiezen is None or kiezen.any()):
        # Every person has the same date (the default: the first day of the simulated month).
        waarden = np.array([bereken(dagperiode(dag))])
        if kiezen is None:
            waarden = waarden.astype(waarden.dtype if dtype is None else dtype, copy=False)
            if waarden.shape == dagen.shape:  # one person (a YAML case): the one-element array itself
                return waarden
            return np.broadcast_to(waarden[0], dagen.shape)
        soort = np.result_type(waarden, np.asarray(anders))
        waarde, ander = waarden.astype(soort)[0], np.asarray(anders, dtype=soort)
        if dtype is not None:
            waarde, ander = np.asarray(waarde).astype(dtype), ander.astype(dtype)
        if kiezen.all():
            if len(dagen) == 1:  # one person: a one-element array of the value
                return np.asarray(waarde).reshape(1)
            return np.broadcast_to(waarde, dagen.shape)
        return np.where(kiezen, waarde, ander)
    if kiezen is None or dagen.ndim != 1 or kiezen.any():
        uitkomst = _op_verschillende_datums(dagen, bereken, kiezen, anders, parameters)
    else:  # nobody chosen (a rule that applies to no one in a YAML case): ``anders`` for all
        uitkomst = np.full(len(dagen), anders, dtype=np.result_type(np.array([]), np.asarray(anders)))
    return uitkomst if dtype is None else uitkomst.astype(dtype)


def _op_verschillende_datums(dagen, bereken, kiezen, anders, parameters):
    # the chosen persons by index (a boolean mask gathers and scatters far more slowly)
    rijen = None if kiezen is None else np.flatnonzero(kiezen)
    gekozen = dagen if rijen is None else dagen.take(rijen)
    uniek, terug = unieke_dagen(gekozen)
    if parameters is None or len(uniek) <= _ENKELE_DAGEN:
        waarden = np.array([bereken(dagperiode(dag)) for dag in uniek])
    else:
        waarden = np.array(_per_periode_zonder_wijziging(uniek, bereken, parameters))
    if kiezen is None:
        return waarden[terug] if len(uniek) else np.zeros(0)
    uitkomst = np.full(len(dagen), anders, dtype=np.result_type(waarden, np.asarray(anders)))
    uitkomst[rijen] = waarden[terug] if len(uniek) else anders
    return uitkomst


_ENKELE_DAGEN = 8
"""Up to this many distinct dates, ``bereken`` runs once per date: grouping them by the periods
without a parameter change (which walks the whole parameter tree once per system) would cost more."""


def dagperiode(dag) -> periods.Period:
    """The DAY period of ``dag`` (a datetime64 scalar), ``periods.period("day:YYYY-MM-DD")``, parsed
    once per date in a process (a Period is immutable): formulas ask for the same few dates in
    every simulation."""
    return _dagperiode(int(np.datetime64(dag, "D").astype(np.int64)))


@functools.lru_cache(maxsize=1 << 14)
def _dagperiode(dag: int) -> periods.Period:
    return periods.period(f"day:{np.datetime64(dag, 'D')}")


def unieke_dagen(dagen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(dagen, return_inverse=True)`` for a 1-D datetime64[D] array, in linear time.

    The dates of a population lie within a few thousand days (often all on one day, the first of
    the simulated month): each date is placed in a table over that span instead of sorting all of
    them. NaT or a span far wider than the array falls back to ``np.unique`` (same result).
    """
    if dagen.ndim != 1 or not len(dagen):
        uniek, terug = np.unique(dagen, return_inverse=True)
        return uniek, terug.reshape(-1)
    getallen = dagen.view(np.int64)
    laag = int(getallen.min())
    hoog = int(getallen.max())
    if laag == hoog and laag != NAT:
        return dagen[:1].copy(), np.zeros(len(dagen), dtype=np.intp)
    if laag == NAT or hoog - laag >= max(4 * len(dagen), 1 << 16):
        return np.unique(dagen, return_inverse=True)
    plaats = getallen - laag
    aanwezig = np.zeros(hoog - laag + 1, dtype=bool)
    aanwezig[plaats] = True
    rang = np.cumsum(aanwezig, dtype=np.intp) - 1
    uniek = (np.flatnonzero(aanwezig) + laag).astype("datetime64[D]")
    return uniek, rang[plaats]


def _per_periode_zonder_wijziging(uniek: np.ndarray, bereken: Callable, parameters) -> list:
    """``bereken`` once per period without a parameter change; an error is raised for the real date."""
    sleutels = _per_wetsperiode(uniek, parameters)
    bekend: dict = {}
    waarden = []
    for dag, sleutel in zip(uniek, sleutels, strict=True):
        if sleutel not in bekend:
            try:
                bekend[sleutel] = bereken(dagperiode(sleutel))
            except Exception:  # noqa: BLE001 (recomputed on the real date, whose own error is raised)
                bekend[sleutel] = bereken(dagperiode(dag))
        waarden.append(bekend[sleutel])
    return waarden


_GEEN = object()


def waarde_op_datums(parameters, datums, kies: Callable, *, waar=None, anders=np.nan, voor_begin=_GEEN, dtype=None) -> np.ndarray:
    """``kies(parameters(datum))`` for every date in ``datums`` (vectorised over distinct dates).

    ``parameters`` is the formula's ``parameters`` argument; ``kies`` picks the value out of the
    parameter tree at one instant, e.g. ``lambda p: p.wav.student_maximale_arbeidsuren_per_week``.
    ``waar`` and ``anders`` as in :func:`op_datums`. ``voor_begin``: the value for an application
    date before the parameter's first value (the rule did not exist yet, e.g. an application of
    December 2013 decided under the 2014 rules); without it such a date raises
    ParameterNotFoundError. ``dtype`` as in :func:`op_datums`.
    """

    def bereken(dag):
        try:
            return kies(parameters(dag.start))
        except ParameterNotFoundError:
            if voor_begin is _GEEN:
                raise
            return voor_begin

    return op_datums(datums, bereken, waar=waar, anders=anders, parameters=parameters, dtype=dtype)


def eerste_datum(parameters, pad: str) -> np.datetime64:
    """The first date on which parameter ``pad`` (dotted) has a value: where a rule read on an
    application date starts (an application before it falls outside the rule). NaT when unknown."""
    eigen = getattr(parameters, "system_for_path", None)  # a recording simulation's
    systeem = eigen(pad) if eigen is not None else _systeem(parameters)
    knoop = getattr(systeem, "parameters", None)
    for deel in pad.split("."):
        knoop = getattr(knoop, deel, None)
    datums = [w.instant_str for w in getattr(knoop, "values_list", ()) or () if w.value is not None]
    return np.datetime64(min(datums), "D") if datums else np.datetime64("NaT", "D")
