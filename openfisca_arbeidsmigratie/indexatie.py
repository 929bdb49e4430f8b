"""Indexed salary criteria: reading them safely, converting old annual amounts, and indexing.

The kennismigrant and EU Blue Card salary criteria change every 1 January by the percentage change
of the CBS CAO-wage index for October of the preceding year (old BuWav art. 1d lid 3 and art. 1i
lid 2; BuWav 2022 art. 2.1 lid 5 and art. 2.2 lid 3). The new amounts are published in the
Staatscourant in December. This module is the one place that

* reads a published amount for a month and fails with a clear message where none is known
  (:func:`gepubliceerd_bedrag`, :func:`maandbedrag`), instead of carrying an old amount forward;
* converts an annual amount including holiday allowance (the law until 2013) into a monthly amount
  excluding it (the law from 2014): :func:`maandbedrag_uit_jaarbedrag`;
* lists the indexed amounts of current law from their parameters' metadata
  (:func:`indexed_parameters`: ``metadata.indexatiecyclus_maanden``, 12 for the salary criteria,
  6 for the Wml amounts), so that no second list of them exists;
* computes next year's amounts from a CAO-wage index change with the official rounding to whole
  euros (:func:`indexeer`, :func:`prognose`);
* checks published amounts against an index change afterwards (:func:`indexcijfer_bereik`).

A coming year is simulated before publication with a marked projection,
:func:`openfisca_arbeidsmigratie.projection.projected_system` (its ``changes`` give the index
change; by default the last published one), which fills every unpublished indexed amount.

Rounding: the published series is reproduced exactly by rounding each of last year's published
amounts times (1 + change) to the nearest whole euro, halves up (checked for 2015, 2020, 2023, 2024,
2025 and 2026 in tests/python/test_indexatie.py).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal

from openfisca_core.errors import ParameterNotFoundError

from openfisca_arbeidsmigratie.parameter_paths import node_at

__all__ = [
    "JAARLIJKS",
    "OntbrekendBedragError",
    "bedragen_op",
    "gepubliceerd_bedrag",
    "grenzen_in_gat",
    "indexcijfer_bereik",
    "indexed_parameters",
    "indexeer",
    "maandbedrag",
    "maandbedrag_uit_jaarbedrag",
    "prognose",
]

CYCLUS = "indexatiecyclus_maanden"
"""Metadata key of an indexed amount: its indexation cycle in months."""
JAARLIJKS = 12
"""The cycle of the salary criteria, indexed every 1 January (the Wml amounts: every 6 months)."""
NIET_HUIDIG_RECHT = ("voorstellen", "kosten")
"""Top-level parameter folders that are not current law: proposals, the costing's unit values."""

VAKANTIEBIJSLAG = "kennismigranten.looncriterium.vakantiebijslag"


class OntbrekendBedragError(LookupError):
    """No published amount is known for the month asked.

    ``na_laatste_publicatie`` is True when the month lies after the last published amount (the
    year is not yet published): then a marked projection can be made
    (:func:`openfisca_arbeidsmigratie.projection.projected_system`).
    """

    def __init__(self, message: str, *, na_laatste_publicatie: bool) -> None:
        super().__init__(message)
        self.na_laatste_publicatie = na_laatste_publicatie


def maandbedrag_uit_jaarbedrag(jaarbedrag: float, vakantiebijslag: float) -> float:
    """Annual amount including holiday allowance -> monthly amount excluding it.

    Until 31 December 2013 the criteria were gross annual wages including the holiday allowance;
    from 1 January 2014 they are gross monthly wages excluding it (old BuWav art. 1d, 2014 text).
    Monthly = annual / 12 / (1 + holiday allowance fraction); with the statutory 8 % (Wml art. 15)
    the divisor is 12.96. The 2014 switch itself used this factor: EUR 4,048 x 1.08 = EUR 4,371.84.
    """
    return jaarbedrag / 12 / (1 + vakantiebijslag)


def _systeem(parameters):
    """The tax-benefit system behind a formula's ``parameters`` callable (traced or not)."""
    eigenaar = getattr(parameters, "__self__", None)
    return getattr(eigenaar, "tax_benefit_system", eigenaar)


def _parameter_in(knoop, pad: str):
    """Walk a dotted path (``"a.b.c"``) down a parameter node (AttributeError if a step is missing)."""
    return node_at(knoop, pad)


def _publicaties(systeem, pad: str) -> list[datetime.date]:
    """Start dates of the non-null values of a parameter (empty if the system cannot be reached)."""
    try:
        waarden = _parameter_in(systeem.parameters, pad).values_list
    except AttributeError:
        return []
    return sorted(datetime.date.fromisoformat(w.instant_str) for w in waarden if w.value is not None)


#: The known gaps of the salary criteria; a parameter may name its own under ``metadata.gaten``.
BEKENDE_GATEN = "Known gaps: kennismigrant 2005-2010, EU Blue Card 2012; docs/sources.md lists every amount and its source"


def _gaten(systeem, pad: str) -> str:
    """The parameter's own note on its gaps (``metadata.gaten``), else the salary criteria's."""
    try:
        metadata = _parameter_in(systeem.parameters, pad).metadata
    except AttributeError:
        return BEKENDE_GATEN
    return metadata.get("gaten") or BEKENDE_GATEN


def _melding(pad: str, datum: datetime.date, publicaties: list[datetime.date], gaten: str = BEKENDE_GATEN) -> tuple[str, bool]:
    bestand = f"parameters/{pad.replace('.', '/')}.yaml"
    if publicaties and datum > publicaties[-1]:
        return (
            f"No published value of '{pad}' for {datum:%Y-%m}: the last published amount applies from "
            f"{publicaties[-1].isoformat()} and the amounts for {datum.year} are not yet published ({bestand} "
            f"closes the series with `null`). To simulate {datum.year} anyway as a marked projection, rerun "
            f"with --projected (compare, explain; `projected: true` in POST /compare), or build one with "
            f"openfisca_arbeidsmigratie.projection.projected_system(system, \"{datum.year}-12-31\", "
            f"changes={{\"{pad.split('.', 1)[0]}\": <the index change in %>}}) (without changes: the "
            f"last published change).",
            True,
        )
    if publicaties and datum < publicaties[0]:
        oorzaak = f"the first known amount applies from {publicaties[0].isoformat()}"
    else:
        oorzaak = "no amount in force on that date is known (a gap)"
    return (
        f"No published value of '{pad}' for {datum:%Y-%m}: {oorzaak}. {gaten}; see the `null` values and the "
        f"documentation in {bestand}. An earlier amount is deliberately not carried forward.",
        False,
    )


def gepubliceerd_bedrag(parameters, period, pad: str) -> float:
    """The value of parameter ``pad`` at the start of ``period``; a clear error where it is a gap."""
    try:
        waarde = _parameter_in(parameters(period.start), pad)
    except ParameterNotFoundError:
        waarde = None
    if waarde is not None:
        return waarde
    datum = datetime.date.fromisoformat(str(period.start))
    systeem = _systeem(parameters)
    boodschap, na_laatste = _melding(pad, datum, _publicaties(systeem, pad), _gaten(systeem, pad))
    raise OntbrekendBedragError(boodschap, na_laatste_publicatie=na_laatste)


def grenzen_in_gat(parameters, period, pad: str) -> tuple[float, float] | None:
    """In a historical gap of ``pad``: (last amount before, first amount after); else None.

    None when an amount is known for the month, or when the month lies after the last published
    amount (the parameter's series has ended or is not yet published). Before the first amount the
    lower bound is 0. The bounds hold for a series that never falls, such as the minimum wage of
    2003-2012 (indexed or frozen every half-year, never lowered): the unknown amount lies between them.
    """
    try:
        gepubliceerd_bedrag(parameters, period, pad)
    except OntbrekendBedragError as fout:
        if fout.na_laatste_publicatie:
            return None
    else:
        return None
    datum = datetime.date.fromisoformat(str(period.start))
    waarden = _parameter_in(_systeem(parameters).parameters, pad).values_list
    bekend = sorted((datetime.date.fromisoformat(w.instant_str), w.value) for w in waarden if w.value is not None)
    eerder = [w for d, w in bekend if d <= datum]
    later = [w for d, w in bekend if d > datum]
    return float(eerder[-1] if eerder else 0.0), float(later[0])


def maandbedrag(parameters, period, pad: str, grondslag_pad: str, *, streng: bool = True) -> float:
    """A salary criterion as a monthly amount excluding holiday allowance, in euro.

    Reads ``pad`` and converts it with :func:`maandbedrag_uit_jaarbedrag` when ``grondslag_pad``
    (a bool parameter: "the criterion is a monthly wage excluding holiday allowance") is False.
    With ``streng=False`` a historical gap gives NaN (an unknown criterion, which no wage meets)
    instead of an error; a month after the last publication always raises.
    """
    try:
        bedrag = gepubliceerd_bedrag(parameters, period, pad)
    except OntbrekendBedragError as fout:
        if streng or fout.na_laatste_publicatie:
            raise
        return math.nan
    if gepubliceerd_bedrag(parameters, period, grondslag_pad):
        return float(bedrag)
    return maandbedrag_uit_jaarbedrag(bedrag, gepubliceerd_bedrag(parameters, period, VAKANTIEBIJSLAG))


def indexeer(bedrag: float, procent: float) -> int:
    """One amount indexed by ``procent`` (e.g. 4.46), rounded to whole euros, halves up."""
    factor = 1 + Decimal(str(procent)) / 100
    return int((Decimal(str(bedrag)) * factor).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _parameters(knoop):
    children = getattr(knoop, "children", None)
    if children is None:
        if hasattr(knoop, "values_list"):
            yield knoop
        return
    for kind in children.values():
        yield from _parameters(kind)


def indexed_parameters(systeem) -> dict[str, int]:
    """Dotted path -> indexation cycle in months, for every indexed amount of current law.

    An indexed amount is a parameter outside ``voorstellen`` and ``kosten`` with
    ``metadata.indexatiecyclus_maanden`` (the one declaration of which amounts are indexed):
    the kennismigrant and EU Blue Card salary criteria (12 months), the Wml amounts (6 months).
    """
    return {
        parameter.name: int(parameter.metadata[CYCLUS])
        for parameter in _parameters(systeem.parameters)
        if parameter.name.split(".", 1)[0] not in NIET_HUIDIG_RECHT and (parameter.metadata or {}).get(CYCLUS)
    }


def bedragen_op(systeem, datum: str) -> dict[str, float]:
    """The salary criteria (the indexed amounts with the yearly cycle, :data:`JAARLIJKS`) in force
    on ``datum`` (ISO date), by parameter path; gaps are left out."""
    bedragen = {}
    for pad in (pad for pad, cyclus in indexed_parameters(systeem).items() if cyclus == JAARLIJKS):
        waarde = _parameter_in(systeem.parameters, pad)(datum)
        if waarde is not None:
            bedragen[pad] = waarde
    return bedragen


def prognose(systeem, jaar: int, procent: float) -> dict[str, int]:
    """Next year's amounts: the amounts in force on 31 December of ``jaar - 1``, indexed.

    The basis is the last fixing, so for 2025 the Blue Card basis is the post-recast amount of
    June 2024, not the January 2024 one.
    """
    basis = bedragen_op(systeem, f"{jaar - 1}-12-31")
    return {pad: indexeer(bedrag, procent) for pad, bedrag in basis.items()}


def indexcijfer_bereik(oud: Mapping[str, float], nieuw: Mapping[str, float]) -> tuple[float, float]:
    """The range [low, high) of index changes (in %) that turns every ``oud`` amount into ``nieuw``.

    Used to check a publication afterwards: the CBS change should lie in the range. Raises
    ValueError when no single change reproduces all amounts (a typo or a non-indexation change).
    """
    laag, hoog = -math.inf, math.inf
    for sleutel, nieuw_bedrag in nieuw.items():
        basis = Decimal(str(oud[sleutel]))
        laag = max(laag, float(((Decimal(str(nieuw_bedrag)) - Decimal("0.5")) / basis - 1) * 100))
        hoog = min(hoog, float(((Decimal(str(nieuw_bedrag)) + Decimal("0.5")) / basis - 1) * 100))
    if laag >= hoog:
        msg = f"No single index change reproduces all amounts {dict(nieuw)} from {dict(oud)}."
        raise ValueError(msg)
    return laag, hoog
