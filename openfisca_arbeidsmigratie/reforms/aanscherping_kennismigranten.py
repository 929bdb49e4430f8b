"""Reforms tightening the kennismigrantenregeling (Kamerstuk 29861 nr. 163, 4 July 2025).

Four variants, each registered under its own name with its own start date (``van_toepassing`` in
parameters/voorstellen/aanscherping_kennismigranten/<variant>/), combinable with ``+``;
``aanscherping_kennismigranten`` applies all four:

* ``kennismigrant_onder_30_verhoogd`` (a): the under-30 criterion raised by ``verhoging`` (10%),
  rounded to whole euros;
* ``kennismigrant_gemiddeld_loon`` (b): the under-30 and 30+ criteria become 1.1 and 1.3 times the
  average gross annual wage / 12 (figure not found: an assumption), never below the current one;
* ``kennismigrant_verlaagd_beperkt`` (c): the reduced criterion only within ``termijn_na_afstuderen_jaren``
  after graduation and below ``maximale_leeftijd``;
* ``referent_betrouwbaarheid_strenger`` (d): a sponsor with ``aantal_boetes_onbetrouwbaar`` or more
  fines within ``terugkijktermijn_jaren`` (input referent_aantal_boetes_terugkijktermijn) is not reliable.

The EU Blue Card criteria are not changed. The reforms act on the salary criterion variables, so
the decision (route, refusal ground kennismigrant_looncriterium / kennismigrant_geen_erkend_referent)
follows from current-law formulas.
"""

from __future__ import annotations

import numpy as np

from openfisca_arbeidsmigratie.reforms import register
from openfisca_arbeidsmigratie.reforms._common import (
    Proposal,
    applies,
    proposal_parameters,
    replace_rows,
    wrap_formula,
)

PATH = "aanscherping_kennismigranten"
CRITERIA = ("kennismigrant_looncriterium", "kennismigrant_looncriterium_bekend")


def _ordinary_criterion(persoon, period):
    """Persons to whom the under-30 or 30+ criterion (not the reduced one) applies."""
    return ~persoon("kennismigrant_verlaagd_criterium_van_toepassing", period)


def _from_start_date(variant: str):
    """Decorator: the wrapper keeps the previous value while ``variant`` does not apply.

    The decorated ``f(entity, period, vorige_waarde, p)`` gets the previous regime's value and the
    variant's parameters ``p`` in the period.
    """
    path = f"{PATH}.{variant}"

    def decorator(f):
        def formule(entity, period, parameters, vorige):
            waarde = vorige(entity, period, parameters)
            if not applies(parameters, period, path):
                return waarde
            return f(entity, period, waarde, proposal_parameters(parameters, period, path))

        return formule

    return decorator


@_from_start_date("onder_30_verhoogd")
def _under_30_raised(persoon, period, criterium, p):
    jonger = persoon("kennismigrant_jonger_dan_dertig", period) & _ordinary_criterion(persoon, period)
    criterium = np.asarray(criterium)
    rows = np.flatnonzero(jonger)
    verhoogd = np.round(criterium.take(rows) * (1 + p.verhoging))
    return replace_rows(rows, verhoogd.astype(criterium.dtype, copy=False), criterium)  # in the criterion's dtype


@_from_start_date("gemiddeld_loon")
def _average_wage(persoon, period, criterium, p):
    jonger = persoon("kennismigrant_jonger_dan_dertig", period)
    # the two amounts, each worked out once (the same operations as on every person's factor)
    jong, oud = (np.round(np.float64(factor) * p.gemiddeld_bruto_jaarloon / 12)
                 for factor in (p.factor_jonger_dan_dertig, p.factor_dertig_jaar_en_ouder))
    bedragen = np.array([jong, oud])
    if (bedragen.astype(np.float32) == bedragen).all():  # whole euros: exact in the variable's float32
        bedragen = bedragen.astype(np.float32)
    nieuw = np.where(jonger, bedragen[0], bedragen[1])
    if p.niet_lager_dan_huidig:
        nieuw = np.maximum(nieuw, criterium)
    # the reduced criterion stays where it applies (a few persons)
    verlaagd = np.flatnonzero(persoon("kennismigrant_verlaagd_criterium_van_toepassing", period))
    return replace_rows(verlaagd, np.asarray(criterium).take(verlaagd), nieuw)


@_from_start_date("verlaagd_beperkt")
def _reduced_limited(persoon, period, verlaagd, p):
    jaren = persoon("jaren_sinds_afstuderen", period)
    binnen_termijn = (jaren >= 0) & (jaren < p.termijn_na_afstuderen_jaren)
    return verlaagd & binnen_termijn & (persoon("leeftijd", period) < p.maximale_leeftijd)


@_from_start_date("referent_strenger")
def _stricter_sponsor(werkgever, period, betrouwbaar, p):
    boetes = werkgever("referent_aantal_boetes_terugkijktermijn", period)
    return betrouwbaar & (boetes < p.aantal_boetes_onbetrouwbaar)


def _criteria(formule):
    def pas_toe(reform):
        for naam in CRITERIA:
            wrap_formula(reform, naam, formule)

    return pas_toe


VARIANTS = {
    "kennismigrant_onder_30_verhoogd": _criteria(_under_30_raised),
    "kennismigrant_gemiddeld_loon": _criteria(_average_wage),
    "kennismigrant_verlaagd_beperkt": lambda reform: wrap_formula(
        reform, "kennismigrant_verlaagd_criterium_van_toepassing", _reduced_limited
    ),
    "referent_betrouwbaarheid_strenger": lambda reform: wrap_formula(
        reform, "erkend_referent_betrouwbaar", _stricter_sponsor
    ),
}


class _Variant(Proposal):
    parameter_path = "voorstellen.aanscherping_kennismigranten"
    """A variant: applies the wrappers of VARIANTS[regime_name] (set by ``register``)."""

    def apply(self):
        VARIANTS[self.regime_name](self)


def _variant(naam: str, klasse: str, titel: str) -> type[Proposal]:
    return register(naam)(type(klasse, (_Variant,), {"name": titel, "__module__": __name__}))


KennismigrantOnder30Verhoogd = _variant(
    "kennismigrant_onder_30_verhoogd",
    "KennismigrantOnder30Verhoogd",
    "Kennismigrant: looncriterium jonger dan 30 verhoogd (variant a, Kamerstuk 29861 nr. 163)",
)
KennismigrantGemiddeldLoon = _variant(
    "kennismigrant_gemiddeld_loon",
    "KennismigrantGemiddeldLoon",
    "Kennismigrant: looncriteria 1,1 / 1,3 keer het gemiddeld loon (variant b, Kamerstuk 29861 nr. 163)",
)
KennismigrantVerlaagdBeperkt = _variant(
    "kennismigrant_verlaagd_beperkt",
    "KennismigrantVerlaagdBeperkt",
    "Kennismigrant: verlaagd looncriterium beperkt in de tijd (variant c, Kamerstuk 29861 nr. 163)",
)
ReferentBetrouwbaarheidStrenger = _variant(
    "referent_betrouwbaarheid_strenger",
    "ReferentBetrouwbaarheidStrenger",
    "Erkend referent: strengere betrouwbaarheidseis (variant d, Kamerstuk 29861 nr. 163)",
)


@register("aanscherping_kennismigranten")
class AanscherpingKennismigranten(Proposal):
    parameter_path = "voorstellen.aanscherping_kennismigranten"
    name = "Aanscherping kennismigrantenregeling: de varianten a tot en met d samen (Kamerstuk 29861 nr. 163)"

    def apply(self):
        for pas_toe in VARIANTS.values():
            pas_toe(self)
