"""Parameters read on each person's own date (e.g. the application date), not the period's start.

A monthly simulation reads parameters on the first day of the month. Where a rule changed in the
middle of a month (students' weekly hours on 23 May 2018), the law applies on the day of the
application; :func:`waarde_op_datums` reads the parameter once per distinct date.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def waarde_op_datums(parameters, datums, kies: Callable) -> np.ndarray:
    """``kies(parameters(datum))`` for every date in ``datums`` (vectorised over distinct dates).

    ``parameters`` is the formula's ``parameters`` argument; ``kies`` picks the value out of the
    parameter tree at one instant, e.g. ``lambda p: p.wav.student_maximale_arbeidsuren_per_week``.
    """
    dagen = np.asarray(datums).astype("datetime64[D]")
    uniek, terug = np.unique(dagen, return_inverse=True)
    waarden = np.array([kies(parameters(str(dag))) for dag in uniek])
    return waarden[terug] if len(uniek) else np.zeros(0)
