"""Fast, exact helpers for fixed-width text codes (OpenFisca stores ``str`` variables as ``|S<n>``).

``np.unique`` and ``np.isin`` on byte strings sort strings byte by byte, which is slow on a
million persons. A code of 1, 2, 4 or 8 bytes is read here as one unsigned integer of that width
(the same bytes, so two codes are equal exactly when their integers are), which numpy sorts and
looks up at integer speed. Any other input falls back to numpy's own functions, with the same
result.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable

import numpy as np

_BREEDTES = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}


def _als_getallen(codes: np.ndarray, itemsize: int | None = None) -> np.ndarray | None:
    """The codes as unsigned integers of their byte width, or None when that is not possible."""
    if codes.dtype.kind != "S" or codes.ndim != 1:
        return None
    breedte = codes.dtype.itemsize if itemsize is None else itemsize
    soort = _BREEDTES.get(breedte)
    if soort is None:
        return None
    if codes.dtype.itemsize != breedte:
        codes = codes.astype(f"S{breedte}")
    return np.ascontiguousarray(codes).view(soort)


def uniek(codes) -> tuple[np.ndarray, np.ndarray]:
    """The distinct codes and, per element, the position of its code among them.

    Like ``np.unique(codes, return_inverse=True)``, except that the distinct codes of a
    fixed-width byte array come in the order of their integer reading, not sorted as text.
    """
    codes = np.asarray(codes)
    # An input shared read-only by every regime's simulation is the same array in each: its
    # distinct codes are computed once (kept while the array lives).
    vast = not codes.flags.writeable and codes.base is None
    if vast:
        hit = _UNIEK.get(id(codes))
        if hit is not None and hit[0]() is codes:
            return hit[1]
    getallen = _als_getallen(codes)
    if getallen is None:
        uniek_, terug = np.unique(codes, return_inverse=True)
        uitkomst = uniek_, terug.reshape(-1)
    else:
        uniek_, terug = np.unique(getallen, return_inverse=True)
        uitkomst = uniek_.view(codes.dtype), terug
    if vast:
        uitkomst[1].flags.writeable = False
        _UNIEK[id(codes)] = (weakref.ref(codes), uitkomst)
        weakref.finalize(codes, _UNIEK.pop, id(codes), None)
    return uitkomst


_UNIEK: dict[int, tuple[weakref.ref, tuple[np.ndarray, np.ndarray]]] = {}


def per_code(codes, bereken: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """``bereken`` (a vectorised function of an array of codes) evaluated once per distinct code."""
    uniek_, terug = uniek(codes)
    return np.asarray(bereken(uniek_))[terug]


def in_codes(codes, lijst: Iterable) -> np.ndarray:
    """``np.isin(codes, lijst)`` for fixed-width byte codes, at integer speed."""
    codes = np.asarray(codes)
    lijst = np.asarray(list(lijst) if not isinstance(lijst, np.ndarray) else lijst)
    getallen = _als_getallen(codes)
    if getallen is None or lijst.dtype.kind != "S" or lijst.dtype.itemsize > codes.dtype.itemsize:
        return np.isin(codes, lijst)
    # A listed code is padded with NUL bytes to the codes' width, as numpy compares byte strings.
    return np.isin(getallen, _als_getallen(lijst.reshape(-1), codes.dtype.itemsize))
