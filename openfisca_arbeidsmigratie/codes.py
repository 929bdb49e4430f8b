"""Fast, exact helpers for codes: fixed-width text codes and the integer codes of Enums.

Text codes: OpenFisca stores ``str`` variables as ``|S<n>``. ``np.unique`` and ``np.isin`` on byte
strings sort strings byte by byte, which is slow on a million persons. A code of 1, 2, 4 or 8
bytes is read here as one unsigned integer of that width (the same bytes, so two codes are equal
exactly when their integers are), which numpy compares and looks up at integer speed (a code of
1 or 2 bytes, such as a nationality, by a table over every possible value). Any other input falls
back to numpy's own functions, with the same result.

Integer codes: :func:`eerste_waar` is ``np.select`` for small integer codes (an Enum's index, a
number of months) by integer arithmetic, and :func:`als_enum` hands such codes to OpenFisca as
they are (no re-encoding).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Hashable, Iterable

import numpy as np
from openfisca_core.indexed_enums import ENUM_ARRAY_DTYPE, EnumArray

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
    # little-endian on every machine, so that the first byte is the lowest (see begint_met)
    return np.ascontiguousarray(codes).view(np.dtype(soort).newbyteorder("<"))


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
        uniek_, terug = _uniek_getallen(getallen)
        uitkomst = uniek_.view(codes.dtype), terug
    if vast:
        uitkomst[1].flags.writeable = False
        _UNIEK[id(codes)] = (weakref.ref(codes), uitkomst)
        weakref.finalize(codes, _UNIEK.pop, id(codes), None)
    return uitkomst


_UNIEK: dict[int, tuple[weakref.ref, tuple[np.ndarray, np.ndarray]]] = {}


PER_SIMULATIE = "per_simulatie"
"""Attribute of a simulation: what :func:`per_simulatie` keeps, by key."""


def per_simulatie(entity, sleutel: Hashable, arrays, maak: Callable):
    """``maak()``, made once and kept on ``entity``'s simulation under ``sleutel`` while the
    simulation holds the same ``arrays`` (each known by the array that holds its data: a stored
    Enum input is handed out as a new view on every read). The caller reads ``arrays`` on every
    call, so that a formula's reads are what they would be without this."""
    houders = tuple(_houder(array) for array in arrays)
    bewaard = entity.simulation.__dict__.setdefault(PER_SIMULATIE, {})
    gevonden = bewaard.get(sleutel)
    if gevonden is None or len(gevonden[0]) != len(houders) or any(
        a is not b for a, b in zip(gevonden[0], houders, strict=True)
    ):
        gevonden = bewaard[sleutel] = (houders, maak())
    return gevonden[1]


def _houder(array):
    """The array that holds ``array``'s data (itself, or the array it is a view of)."""
    while isinstance(array, np.ndarray) and isinstance(array.base, np.ndarray):
        array = array.base
    return array
_STEEKPROEF = 50_000
_MODULI = (1_021, 4_093, 16_381, 65_521, 262_139, 1_048_573)  # primes: sizes of the lookup table
_HOOGSTENS = 1_024  # distinct values up to which a lookup table replaces the sort


def _uniek_getallen(getallen: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(getallen, return_inverse=True)`` without sorting a large array of few distinct
    values (occupation codes: a few hundred among a million persons).

    The distinct values of a sample (every k-th element) and of the elements not among them are
    sorted; each element finds its place in a lookup table by its remainder modulo a prime at
    which those values do not collide, and the place is checked against the value. Every value
    kept occurs in the array, so the result is np.unique's; many distinct values: np.unique."""
    if len(getallen) <= 4 * _STEEKPROEF:
        return np.unique(getallen, return_inverse=True)
    kandidaten = np.unique(getallen[:: len(getallen) // _STEEKPROEF])
    for _ in range(2):
        plaats = _plaatsen(kandidaten, getallen)
        if plaats is None:
            break
        ontbreekt = plaats < 0
        if not ontbreekt.any():
            return kandidaten, plaats
        kandidaten = np.union1d(kandidaten, getallen[ontbreekt])
    return np.unique(getallen, return_inverse=True)


def _plaatsen(kandidaten: np.ndarray, getallen: np.ndarray) -> np.ndarray | None:
    """Per element its position among ``kandidaten`` (sorted, distinct), -1 where it is none of
    them; None when they are too many or collide at every modulus."""
    if len(kandidaten) > _HOOGSTENS:
        return None
    if getallen.dtype.itemsize <= 2:  # one place per possible value
        tabel = np.full(1 << (8 * getallen.dtype.itemsize), -1, dtype=np.int64)
        tabel[kandidaten] = np.arange(len(kandidaten))
        return tabel.take(getallen)
    for modulus in _MODULI:
        if modulus < 4 * len(kandidaten):
            continue
        vakken = kandidaten % modulus
        if len(np.unique(vakken)) == len(kandidaten):
            break
    else:
        return None
    tabel = np.full(modulus, -1, dtype=np.int64)
    tabel[vakken] = np.arange(len(kandidaten))
    plaats = tabel.take(getallen % modulus)
    mis = kandidaten.take(np.maximum(plaats, 0)) != getallen
    plaats[mis] = -1
    return plaats


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
    gezocht = _als_getallen(lijst.reshape(-1), codes.dtype.itemsize)
    if codes.dtype.itemsize <= 2:  # a table over every possible code (at most 65,536 entries)
        tabel = np.zeros(1 << (8 * codes.dtype.itemsize), dtype=bool)
        tabel[gezocht] = True
        return tabel.take(getallen)
    return np.isin(getallen, gezocht)


def is_code(codes, code: bytes) -> np.ndarray:
    """``codes == code`` for fixed-width byte codes, at integer speed."""
    codes = np.asarray(codes)
    getallen = _als_getallen(codes)
    if getallen is None or len(code) > codes.dtype.itemsize:
        return codes == code
    return getallen == _als_getallen(np.array([code], dtype=codes.dtype))[0]


def begint_met(codes, prefixen: Iterable[bytes]) -> np.ndarray:
    """True where a code starts with one of ``prefixen`` (bytes), like ``np.char.startswith``.

    A code of 1, 2, 4 or 8 bytes is read as a little-endian integer: a code starts with a prefix
    of ``k`` bytes exactly when its lowest ``k`` bytes equal the prefix's.
    """
    codes = np.asarray(codes)
    prefixen = [bytes(p) for p in prefixen]
    getallen = _als_getallen(codes)
    if getallen is None or any(len(p) > codes.dtype.itemsize for p in prefixen):
        uit = np.zeros(codes.shape, dtype=bool)
        for prefix in prefixen:
            uit |= np.char.startswith(codes, prefix)
        return uit
    uit = np.zeros(len(getallen), dtype=bool)
    for prefix in prefixen:
        masker = getallen.dtype.type((1 << (8 * len(prefix))) - 1)
        waarde = getallen.dtype.type(int.from_bytes(prefix, "little"))
        uit |= (getallen & masker) == waarde
    return uit


def eerste_waar(voorwaarden, waarden, standaard, dtype=ENUM_ARRAY_DTYPE) -> np.ndarray:
    """Per element the value of the first true condition, else ``standaard`` (``np.select``), as ``dtype``.

    For small integer codes (an Enum's index, a number of months): each condition is blended in by
    integer arithmetic, from the last to the first (``uit -= voorwaarde * (uit - waarde)``), several
    times faster than ``np.select``'s masked copies on a million persons, with the same result as
    long as every value and every difference of two values fits in ``dtype``.
    """
    voorwaarden = [np.asarray(v, dtype=bool) for v in voorwaarden]
    waarden = list(waarden)
    if _klein(voorwaarden, waarden, standaard):
        # a few persons (a YAML case): the first true condition of each, read from one table
        tabel = np.concatenate(voorwaarden).reshape(len(voorwaarden), -1)
        uit = np.empty(tabel.shape[1], dtype=dtype)
        uit[...] = standaard
        keuze = np.asarray(waarden).astype(dtype)
        np.copyto(uit, keuze[tabel.argmax(axis=0)], where=tabel.any(axis=0))
        return uit
    lengte = np.broadcast_shapes(*(v.shape for v in voorwaarden), np.shape(standaard))
    uit = np.empty(lengte, dtype=dtype)
    uit[...] = standaard
    verschil = np.empty_like(uit)
    for voorwaarde, waarde in zip(reversed(voorwaarden), reversed(waarden), strict=True):
        if not voorwaarde.any():  # a ground that applies to no one (often: an input not given)
            continue
        np.subtract(uit, np.asarray(waarde).astype(dtype, copy=False), out=verschil)
        np.multiply(verschil, voorwaarde, out=verschil)
        uit -= verschil
    return uit


_KLEIN = 64
"""Up to this many persons :func:`eerste_waar` stacks the conditions into one table (cheap on a
few persons, where one numpy call per condition costs more than the work)."""


def _klein(voorwaarden, waarden, standaard) -> bool:
    """One condition per value, all of one shape of at most ``_KLEIN`` persons, each value and the
    default a single number: the shape of the result is then that of the conditions."""
    if not voorwaarden or len(voorwaarden) != len(waarden) or np.ndim(standaard) != 0:
        return False
    vorm = voorwaarden[0].shape
    return (
        len(vorm) == 1
        and 0 < vorm[0] <= _KLEIN
        and all(v.shape == vorm for v in voorwaarden)
        and all(isinstance(w, int | np.generic) for w in waarden)
    )


def in_tabel(indices, tabel) -> np.ndarray:
    """``tabel[indices]`` for a short bool table (one entry per member of an Enum) and its integer codes.

    The entries that are True (or, when fewer, those that are False) are compared one by one,
    several times faster than a gather on a million persons; a table with more than 16 of both
    is read by index. Every index must lie in ``0 .. len(tabel) - 1``.
    """
    tabel = np.asarray(tabel, dtype=bool)
    indices = np.asarray(indices)
    waar, onwaar = np.flatnonzero(tabel), np.flatnonzero(~tabel)
    omkeren = len(onwaar) < len(waar)
    gekozen = onwaar if omkeren else waar
    if len(gekozen) > 16 or indices.dtype.kind not in "iu":
        return tabel.take(indices)
    uit = np.zeros(indices.shape, dtype=bool)
    gelijk = np.empty(indices.shape, dtype=bool)
    for index in gekozen.tolist():
        np.equal(indices, index, out=gelijk)
        uit |= gelijk
    if omkeren:
        np.logical_not(uit, out=uit)
    return uit


def als_enum(indices, enum) -> EnumArray:
    """Integer codes of ``enum``'s members as the EnumArray OpenFisca stores (no re-encoding)."""
    return EnumArray(np.asarray(indices).astype(ENUM_ARRAY_DTYPE, copy=False), enum)
