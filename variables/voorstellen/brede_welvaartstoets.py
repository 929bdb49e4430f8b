"""The points of the proposed brede welvaartstoets (Adviesraad Migratie, 10 September 2024).

Structure from the cabinet's response (Kamerstuk 29861 nr. 153, 9 January 2025):

* Step 1, the job: a concrete job offer is required; the work earns points on economy, ecology
  and society. Step 1 passes when its points are *above* a threshold ("boven een bepaalde grens").
* Step 2, the newcomer: points for the use of housing and for Dutch (or the intention to learn it).
* Admission: step 1 passes and the total of both steps reaches the admission threshold.

Points per dimension (default table in parameters/voorstellen/brede_welvaartstoets/stap_1):

    economie    = sector score + occupation score + wage points
    ecologie    = sector score + occupation score
    samenleving = sector score + occupation score

Wage points: one point (``punten_per_stap``) for every full 10% (``stapgrootte``) by which the
hourly wage exceeds the reference hourly wage (``puntentoets_referentie_uurloon``: the CBS median of
the latest published year, indexed to the year of the application), at most
``maximum_aantal_stappen``. The comparison is made in monthly euros to the cent: step k is earned when
``bruto_maandloon >= round(referentie * (1 + k * stapgrootte) * uren_per_week * 52 / 12, 2)``.

All values are an illustrative calibration (assumptions): the Adviesraad published none. The
points are computable under every regime, so an analyst can see them under current law; only the
``brede_welvaartstoets`` reform makes them decide admission.
"""

import numpy as np
from openfisca_core import periods
from openfisca_core.errors import ParameterNotFoundError
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.indexatie import OntbrekendBedragError, gepubliceerd_bedrag
from openfisca_arbeidsmigratie.puntentabel import cellen, werkscores

KAMERBRIEF_29861_153 = (
    "https://www.tweedekamer.nl/kamerstukken/brieven_regering/detail?did=2025D00418"
)
WEKEN_PER_MAAND = 52 / 12


def _toets(parameters, period):
    return parameters(period).voorstellen.brede_welvaartstoets


class puntentoets_uurloon(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Bruto uurloon van de baan (voor de loonpunten van de brede welvaartstoets)"
    reference = KAMERBRIEF_29861_153
    unit = "currency-EUR"
    documentation = "bruto_maandloon / (arbeidsuren_per_week * 52 / 12); 0 when no hours are given."

    def formula(persoon, period, parameters):
        uren_per_maand = persoon("arbeidsuren_per_week", period) * WEKEN_PER_MAAND
        loon = persoon("bruto_maandloon", period)
        return np.where(uren_per_maand > 0, loon / np.maximum(uren_per_maand, 1e-9), 0)


CBS_REEKS = "voorstellen.brede_welvaartstoets.stap_1.loon.referentie_uurloon"
INDEX_REEKS = "kennismigranten.looncriterium.dertig_jaar_en_ouder"
EERSTE_CBS_JAAR = 2021


def _cbs_mediaan(parameters, jaar):
    """The CBS median of ``jaar``; None where the year is not published (a gap)."""
    try:
        return parameters(f"{jaar}-01-01").voorstellen.brede_welvaartstoets.stap_1.loon.referentie_uurloon
    except ParameterNotFoundError:
        return None


class puntentoets_referentie_uurloon(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Referentie-uurloon voor de loonpunten: CBS-mediaan bruto uurloon, geindexeerd naar het jaar"
    reference = [
        "https://www.cbs.nl/nl-nl/cijfers/detail/85517NED",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0046078&artikel=2.1&lid=5&g=2024-06-12",
    ]
    unit = "currency-EUR"
    documentation = """
    The CBS median gross hourly wage of all employees (StatLine 85517NED, parameter
    stap_1.loon.referentie_uurloon) of the latest published year Y up to the period's year t, times
    the change of the CAO-wage index from Y to t as the package already applies it: the kennismigrant
    30+ salary criterion on 1 January of t divided by that on 1 January of Y (both indexed with the CBS
    CAO-wage index of October of the preceding year, BuWav 2022 art. 2.1 lid 5); rounded to the cent.
    In a year whose criterion is not published the variable fails (see openfisca_arbeidsmigratie.indexatie).
    2026: 22.20 x 5,942 / 4,840 = 27.25.
    """

    def formula(persoon, period, parameters):
        jaar = period.start.year
        basisjaar = next(
            (j for j in range(jaar, EERSTE_CBS_JAAR - 1, -1) if _cbs_mediaan(parameters, j) is not None),
            None,
        )
        if basisjaar is None:
            msg = (
                f"{CBS_REEKS}: the CBS series (StatLine 85517NED) starts in {EERSTE_CBS_JAAR}; "
                f"there is no reference hourly wage for the wage points in {jaar}."
            )
            raise OntbrekendBedragError(msg, na_laatste_publicatie=False)
        mediaan = float(_cbs_mediaan(parameters, basisjaar))
        index = gepubliceerd_bedrag(parameters, periods.period(f"{jaar}-01"), INDEX_REEKS) / gepubliceerd_bedrag(
            parameters, periods.period(f"{basisjaar}-01"), INDEX_REEKS
        )
        return persoon.filled_array(round(mediaan * index, 2))


class puntentoets_loonpunten(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Loonpunten: punten voor het loon boven het referentieloon (stap 1, dimensie economie)"
    reference = KAMERBRIEF_29861_153
    unit = "point"
    documentation = (
        "Points per full step above the reference hourly wage, capped (see module docstring)."
    )

    def formula(persoon, period, parameters):
        loon = _toets(parameters, period).stap_1.loon
        referentie = float(persoon("puntentoets_referentie_uurloon", period)[0]) if persoon.count else 0.0
        maandloon = persoon("bruto_maandloon", period)
        uren_per_week = persoon("arbeidsuren_per_week", period)
        return _loonpunten(
            maandloon, uren_per_week, referentie, loon.stapgrootte, int(loon.maximum_aantal_stappen),
            punten_per_stap=float(loon.punten_per_stap),
        )


def _loonpunten(maandloon, uren_per_week, referentie, stapgrootte, maximum, *, punten_per_stap):
    """The wage points (float32): ``_aantal_stappen(...) * punten_per_stap`` on the hours per month
    ``uren_per_week * 52 / 12`` (float64), worked out only for the persons whose wage can reach the
    first step's bound.

    Most persons (household members, lower wages) stay below it. The sift is made in float32 on
    the hours per week, with a margin of a millionth and two cents below the unrounded bound (far
    more than float32's error on these products and the half cent of rounding), so that no one who
    reaches the exact bound is left out; the steps of the others are counted exactly as before.
    """
    stapgrootte = float(stapgrootte)
    geen = np.float32(0 * punten_per_stap)
    if not (referentie > 0 and stapgrootte > 0 and maximum >= 1):  # no sift: count on everyone
        uren_per_maand = uren_per_week.astype(np.float64) * WEKEN_PER_MAAND
        stappen = _aantal_stappen(maandloon, uren_per_maand, referentie, stapgrootte, maximum)
        return (stappen * punten_per_stap).astype(np.float32)
    factor = np.float32(referentie * (1 + stapgrootte) * WEKEN_PER_MAAND * (1 - 1e-6))
    with np.errstate(invalid="ignore", over="ignore"):
        grens = np.multiply(uren_per_week, factor, dtype=np.float32)
        grens -= np.float32(0.02)
        kandidaat = ~(maandloon < grens)  # NaN wages are left to the count
        kandidaat &= uren_per_week > 0
    del grens
    rijen = np.flatnonzero(kandidaat)
    uit = np.full(len(maandloon), geen, dtype=np.float32)
    if len(rijen):
        uren_per_maand = uren_per_week.take(rijen).astype(np.float64) * WEKEN_PER_MAAND
        stappen = _aantal_stappen(maandloon.take(rijen), uren_per_maand, referentie, stapgrootte, maximum)
        uit[rijen] = stappen * punten_per_stap
    return uit


def _aantal_stappen(maandloon, uren_per_maand, referentie, stapgrootte, maximum):
    """Per person the number of steps k (1 .. maximum) whose bound the monthly wage reaches.

    The bound of step k is ``round(referentie * (1 + k * stapgrootte) * uren_per_maand, 2)`` (float32),
    for hours above 0. With a positive reference and step the bounds rise with k, so the steps
    reached are 1 .. m: m is estimated from the wage and then corrected against the exact bounds
    until it is exact (a few evaluations of the bound instead of one per step). Those who cannot
    reach the first bound are best sifted out before (:func:`_loonpunten`).
    """

    def grens(k):
        if np.ndim(k) == 0:
            return np.round(referentie * (1 + k * stapgrootte) * uren_per_maand, 2).astype(np.float32)
        # the same operations in the same order, in one buffer: referentie * (1 + k * stapgrootte) * uren
        bedrag = k.astype(np.float64)
        bedrag *= stapgrootte
        bedrag += 1
        bedrag *= referentie
        bedrag *= uren_per_maand
        np.round(bedrag, 2, out=bedrag)
        return bedrag.astype(np.float32)

    uren = uren_per_maand > 0
    if not (referentie > 0 and stapgrootte > 0):  # bounds not rising with k: count step by step
        stappen = np.zeros(len(maandloon), dtype=np.int32)
        for k in range(1, maximum + 1):
            stappen += uren & (maandloon >= grens(k))
        return stappen
    if maximum < 1:
        return np.zeros(len(maandloon), dtype=np.int32)
    with np.errstate(divide="ignore", invalid="ignore"):
        schatting = np.floor((maandloon / (referentie * uren_per_maand) - 1) / stapgrootte)
    stappen = np.clip(np.nan_to_num(schatting, nan=0.0, posinf=maximum, neginf=0.0), 0, maximum).astype(np.int32)
    stappen *= uren
    while True:  # up: the next step's bound is reached
        hoger = uren & (stappen < maximum)
        hoger &= maandloon >= grens(stappen + 1)
        if not hoger.any():
            break
        stappen += hoger
    while True:  # down: the step's own bound is not reached
        lager = stappen > 0
        lager &= maandloon < grens(np.maximum(stappen, 1))
        if not lager.any():
            break
        stappen -= lager
    return stappen


def _tabelpunten(persoon, period, parameters, dimensie):
    """Score of the job's SBI section plus score of its ISCO-08 occupation on ``dimensie``."""
    stap_1 = _toets(parameters, period).stap_1
    return werkscores(stap_1, cellen(persoon, period), dimensie)


class puntentoets_punten_economie(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Punten van het werk op de dimensie economie (stap 1): sector + beroep + loonpunten"
    reference = KAMERBRIEF_29861_153
    unit = "point"

    def formula(persoon, period, parameters):
        tabel = _tabelpunten(persoon, period, parameters, "economie")
        return tabel + persoon("puntentoets_loonpunten", period)


class puntentoets_punten_ecologie(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Punten van het werk op de dimensie ecologie (stap 1): sector + beroep"
    reference = KAMERBRIEF_29861_153
    unit = "point"

    def formula(persoon, period, parameters):
        return _tabelpunten(persoon, period, parameters, "ecologie")


class puntentoets_punten_samenleving(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Punten van het werk op de dimensie samenleving (stap 1): sector + beroep"
    reference = KAMERBRIEF_29861_153
    unit = "point"

    def formula(persoon, period, parameters):
        return _tabelpunten(persoon, period, parameters, "samenleving")


class puntentoets_punten_stap_1(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Punten van stap 1 (het werk): economie + ecologie + samenleving"
    reference = KAMERBRIEF_29861_153
    unit = "point"

    def formula(persoon, period, parameters):
        return (
            persoon("puntentoets_punten_economie", period)
            + persoon("puntentoets_punten_ecologie", period)
            + persoon("puntentoets_punten_samenleving", period)
        )


class puntentoets_drempel_stap_1(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Drempel van stap 1: de punten van het werk moeten erboven liggen"
    reference = KAMERBRIEF_29861_153
    unit = "point"

    def formula(persoon, period, parameters):
        return persoon.filled_array(_toets(parameters, period).stap_1.drempel)


class puntentoets_stap_1_gehaald(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Stap 1 gehaald: concreet werkaanbod en punten van het werk boven de drempel"
    reference = KAMERBRIEF_29861_153
    documentation = "Strictly above the threshold: Kamerstuk 29861 nr. 153 says 'boven een bepaalde grens'."

    def formula(persoon, period, parameters):
        drempel = float(_toets(parameters, period).stap_1.drempel)
        return persoon("concreet_werkaanbod", period) & (
            persoon("puntentoets_punten_stap_1", period) > drempel
        )


class puntentoets_punten_huisvesting(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Punten voor het gebruik van woonruimte (stap 2): huisvestingsvorm en meereizende gezinsleden"
    reference = KAMERBRIEF_29861_153
    unit = "point"

    def formula(persoon, period, parameters):
        stap_2 = _toets(parameters, period).stap_2
        vorm = persoon("huisvestingsvorm", period)
        per_vorm = np.array(
            [float(stap_2.huisvesting[v.name]) for v in vorm.possible_values], dtype=np.float32
        )
        return _huisvestingspunten(
            per_vorm,
            vorm,
            persoon.huishouden("aantal_meereizende_gezinsleden", period),
            int(stap_2.maximum_meereizende_gezinsleden),
            float(stap_2.punten_per_meereizend_gezinslid),
        )


def _huisvestingspunten(per_vorm, vorm, gezinsleden, maximum, punten_per_lid):
    """``per_vorm[vorm] + clip(gezinsleden, 0, maximum) * punten_per_lid`` (the sum in float64, as
    float32): worked out once per form and count, then read per person."""
    geteld = np.clip(gezinsleden, 0, maximum)
    laagste = min(0, maximum)  # np.clip gives everyone `maximum` when it is below 0
    aantallen = np.arange(laagste, max(maximum, 0) + 1)
    tabel = np.add.outer(np.asarray(per_vorm, dtype=np.float32).astype(np.float64), aantallen * punten_per_lid)
    cel = np.asarray(vorm).astype(np.intp) * len(aantallen)
    cel += geteld
    if laagste:
        cel -= laagste
    return tabel.astype(np.float32).reshape(-1).take(cel)


class puntentoets_punten_taal(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Punten voor kennis van het Nederlands of de intentie het te leren (stap 2)"
    reference = KAMERBRIEF_29861_153
    unit = "point"

    def formula(persoon, period, parameters):
        taal = _toets(parameters, period).stap_2.taal
        niveau = persoon("taalniveau_nederlands", period)
        per_niveau = np.array(
            [float(taal[n.name]) for n in niveau.possible_values], dtype=np.float32
        )
        return per_niveau[np.asarray(niveau)]


class puntentoets_punten_stap_2(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Punten van stap 2 (de nieuwkomer): huisvesting + taal"
    reference = KAMERBRIEF_29861_153
    unit = "point"

    def formula(persoon, period, parameters):
        return persoon("puntentoets_punten_huisvesting", period) + persoon(
            "puntentoets_punten_taal", period
        )


class puntentoets_punten_totaal(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Totaal aantal punten van de brede welvaartstoets (stap 1 + stap 2)"
    reference = KAMERBRIEF_29861_153
    unit = "point"

    def formula(persoon, period, parameters):
        return persoon("puntentoets_punten_stap_1", period) + persoon(
            "puntentoets_punten_stap_2", period
        )


class puntentoets_toelatingsdrempel(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Toelatingsdrempel: het totaal moet deze drempel ten minste bereiken"
    reference = KAMERBRIEF_29861_153
    unit = "point"

    def formula(persoon, period, parameters):
        return persoon.filled_array(_toets(parameters, period).toelatingsdrempel)


class puntentoets_gehaald(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Brede welvaartstoets gehaald: stap 1 gehaald en totaal ten minste de toelatingsdrempel"
    reference = KAMERBRIEF_29861_153

    def formula(persoon, period, parameters):
        return persoon("puntentoets_stap_1_gehaald", period) & persoon("puntentoets_totaal_gehaald", period)


class puntentoets_totaal_gehaald(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Het totaal van de punten (stap 1 + stap 2) bereikt ten minste de toelatingsdrempel"
    reference = KAMERBRIEF_29861_153

    def formula(persoon, period, parameters):
        drempel = float(_toets(parameters, period).toelatingsdrempel)
        return persoon("puntentoets_punten_totaal", period) >= drempel


class puntentoets_tekort(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Tekort aan punten: hoeveel punten ontbreken tot de drempels (0 als er geen tekort is)"
    reference = KAMERBRIEF_29861_153
    unit = "point"
    documentation = """
    The larger of (step-1 threshold - step-1 points) and (admission threshold - total), floored
    at 0. A job exactly AT the step-1 threshold has shortfall 0 yet fails step 1, because step 1
    needs points above the threshold: any positive amount more suffices. Without a concrete job
    offer the test fails whatever the shortfall.
    """

    def formula(persoon, period, parameters):
        stap_1 = persoon("puntentoets_drempel_stap_1", period) - persoon(
            "puntentoets_punten_stap_1", period
        )
        totaal = persoon("puntentoets_toelatingsdrempel", period) - persoon(
            "puntentoets_punten_totaal", period
        )
        return np.maximum(np.maximum(stap_1, totaal), 0)
