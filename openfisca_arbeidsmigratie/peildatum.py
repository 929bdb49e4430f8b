"""Parameters read on each person's own date (e.g. the application date), not the period's start.

A monthly simulation reads parameters on the first day of the month. Where a rule changed in the
middle of a month (students' weekly hours on 23 May 2018, the EU Blue Card recast on 12 June 2024),
the law applies on the day of the application: :func:`waarde_op_datums` reads a parameter once per
distinct date, and :func:`op_datums` runs any per-day calculation once per distinct date.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from openfisca_core import periods


def op_datums(datums, bereken: Callable, *, waar=None, anders=np.nan) -> np.ndarray:
    """``bereken(dag)`` for every date in ``datums``, with ``dag`` a DAY period (vectorised over distinct dates).

    ``waar`` (a boolean array) limits the calculation to those persons; the others get ``anders``.
    Use it where ``bereken`` only makes sense for some persons (a parameter that starts on a later day).
    """
    dagen = np.asarray(datums).astype("datetime64[D]")
    gekozen = dagen if waar is None else dagen[np.asarray(waar, dtype=bool)]
    uniek, terug = np.unique(gekozen, return_inverse=True)
    waarden = np.array([bereken(periods.period(f"day:{dag}")) for dag in uniek])
    if waar is None:
        return waarden[terug] if len(uniek) else np.zeros(0)
    uitkomst = np.full(len(dagen), anders, dtype=np.result_type(waarden, np.asarray(anders)))
    uitkomst[np.asarray(waar, dtype=bool)] = waarden[terug] if len(uniek) else anders
    return uitkomst


def waarde_op_datums(parameters, datums, kies: Callable, *, waar=None, anders=np.nan) -> np.ndarray:
    """``kies(parameters(datum))`` for every date in ``datums`` (vectorised over distinct dates).

    ``parameters`` is the formula's ``parameters`` argument; ``kies`` picks the value out of the
    parameter tree at one instant, e.g. ``lambda p: p.wav.student_maximale_arbeidsuren_per_week``.
    ``waar`` and ``anders`` as in :func:`op_datums`.
    """
    return op_datums(datums, lambda dag: kies(parameters(dag.start)), waar=waar, anders=anders)
