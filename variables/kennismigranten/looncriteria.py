"""The kennismigrant salary criteria: which one applies to a person in a month, and its amount.

Old BuWav (1995) art. 1d lid 1 onder a (1 October 2004 - 31 December 2021) and BuWav 2022 art. 2.1.
Amounts: parameters/kennismigranten/looncriterium/ (annual including holiday allowance until 2013,
monthly excluding it from 2014; converted in openfisca_arbeidsmigratie.indexatie.maandbedrag).
"""

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.enums import (
    KennismigrantEerderCriterium,
    KennismigrantSoortAanvraag,
    Verblijfsdoel,
)
from openfisca_arbeidsmigratie.indexatie import maandbedrag
from openfisca_arbeidsmigratie.peildatum import eerste_datum, op_datums, waarde_op_datums
from openfisca_arbeidsmigratie.tijd import jaren_tussen

BUWAV_1D = "https://wetten.overheid.nl/BWBR0007523/2015-01-01#Artikel1d"
BUWAV22_2_1 = "https://wetten.overheid.nl/BWBR0046078/2024-06-12/0#Hoofdstuk2_Paragraaf2.1_Artikel2.1"
IND_WELK_BEDRAG = "https://ind.nl/en/required-amounts-income-requirements"
RUWAV_BIJLAGE = "https://wetten.overheid.nl/BWBR0046054/2022-01-01#Bijlage1"
CRITERIUM = "kennismigranten.looncriterium"
GRONDSLAG = "kennismigranten.looncriterium.grondslag_maandloon"
LEEFTIJDSGRENS = "kennismigranten.looncriterium.leeftijdsgrens"
TERMIJN = "kennismigranten.verlaagd_criterium.termijn_na_afstuderen_jaren"
AANSLUITEND = "kennismigranten.verlaagd_criterium.aansluitend_op_zoekjaar_vereist"


def _bedrag(persoon, period, parameters, naam, *, streng, waar=None):
    """Amount ``naam`` of the criterion read on each person's application date (aanvraagdatum), not
    on the first day of the simulated month: the IND tests an application against the criterion in
    force on the day it is filed, so an application of 20 December 2018 decided in January 2019
    meets the 2018 amount. ``waar``: only those persons (the others get NaN)."""
    return op_datums(
        persoon("aanvraagdatum", period),
        lambda dag: maandbedrag(parameters, dag, f"{CRITERIUM}.{naam}", GRONDSLAG, streng=streng),
        waar=waar,
        parameters=parameters,
        dtype=np.float32,
    )


def _naar_leeftijd(persoon, period, parameters, streng):
    """The under-30 criterion for whom it applies (kennismigrant_jonger_dan_dertig), else the 30+ one."""
    dertig_en_ouder = _bedrag(persoon, period, parameters, "dertig_jaar_en_ouder", streng=streng)  # first: a gap fails here
    jonger = persoon("kennismigrant_jonger_dan_dertig", period)
    # the two series have the same dates and gaps: reading one where the other is known never fails
    return np.where(jonger, _bedrag(persoon, period, parameters, "jonger_dan_dertig", streng=streng, waar=jonger), dertig_en_ouder)


def _criterium(persoon, period, parameters, naar_leeftijd, *, streng):
    """The criterion that applies to each person: the reduced one where its conditions hold, else
    the criterion by age (variable ``naar_leeftijd``), in EUR a month."""
    naar_leeftijd = persoon(naar_leeftijd, period)
    verlaagd = persoon("kennismigrant_verlaagd_criterium_van_toepassing", period)
    # The reduced criterion is read only for those who qualify for it: its amounts start in 2011.
    return np.where(verlaagd, _bedrag(persoon, period, parameters, "verlaagd", streng=streng, waar=verlaagd), naar_leeftijd)


def _op_aanvraagdatum(persoon, period, parameters, kies, pad):
    """Parameter ``pad`` read on each person's application date (``kies`` picks it from the tree).

    NaN for an application filed before the parameter's first value (the rule did not exist yet):
    every comparison with it is False.
    """
    datums = persoon("aanvraagdatum", period)
    return waarde_op_datums(parameters, datums, kies, waar=datums >= eerste_datum(parameters, pad))


def _voortzetting(persoon, period):
    """(extension with the same employer, extension or change of employer) for each person."""
    soort = persoon("kennismigrant_soort_aanvraag", period)
    zelfde = soort == KennismigrantSoortAanvraag.verlenging_zelfde_werkgever
    return zelfde, zelfde | (soort == KennismigrantSoortAanvraag.wisseling_werkgever)


class kennismigrant_jonger_dan_dertig(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Voor de kennismigrant geldt het criterium jonger dan dertig jaar (leeftijd op de aanvraagdatum, of voortgezet bij dezelfde werkgever)"
    reference = [BUWAV_1D, BUWAV22_2_1, IND_WELK_BEDRAG]
    documentation = """
    Age on the application date (`leeftijd` is measured on `aanvraagdatum`; a birthday counts from the
    day itself; the age limit is read on that date too). On an extension with the same employer
    (kennismigrant_soort_aanvraag = verlenging_zelfde_werkgever) of a permit granted under the
    under-30 criterion (kennismigrant_eerder_toegepast_criterium = jonger_dan_dertig), the under-30
    criterion keeps applying after the 30th birthday (IND practice); on a change of employer the age
    is tested again on the new application date.
    """

    def formula(persoon, period, parameters):
        grens = _op_aanvraagdatum(
            persoon, period, parameters, lambda p: p.kennismigranten.looncriterium.leeftijdsgrens, LEEFTIJDSGRENS
        )
        zelfde_werkgever, _ = _voortzetting(persoon, period)
        eerder_jonger = persoon("kennismigrant_eerder_toegepast_criterium", period) == KennismigrantEerderCriterium.jonger_dan_dertig
        return (persoon("leeftijd", period) < grens) | (zelfde_werkgever & eerder_jonger)


class jaren_sinds_afstuderen(Variable):
    value_type = int
    entity = Persoon
    definition_period = MONTH
    label = "Hele jaren tussen het behalen van het diploma en de aanvraagdatum"
    unit = "year"
    reference = [BUWAV_1D, "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32021L1883"]
    documentation = "Negative when the graduation date lies after the application date."

    def formula(persoon, period, parameters):
        return jaren_tussen(persoon("afstudeerdatum", period), persoon("aanvraagdatum", period))


class kennismigrant_verlaagd_criterium_van_toepassing(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Verlaagd looncriterium kennismigrant van toepassing (afgestudeerde of zoekjaar hoogopgeleiden)"
    reference = [BUWAV_1D, BUWAV22_2_1, "https://wetten.overheid.nl/BWBR0011825/2024-01-01#Hoofdstuk3_Afdeling1_Paragraaf5", IND_WELK_BEDRAG]
    documentation = """
    Every condition is read on the application date (aanvraagdatum), so the version of the rule is
    the one in force when the application is filed:
    2011 - February 2016: completed an accredited Dutch higher-education programme within one year
    before the work (old BuWav art. 1d lid 1 onder a 2°, text read for 2014-2015).
    From March 2016: meets the conditions of the orientation-year permit (zoekjaar hoogopgeleiden,
    Vb 2000 art. 3.42): holds that permit now, or has a Dutch degree or a top-200 foreign master/PhD
    obtained within three years. Until the broadening of 2020 (parameter
    kennismigranten.verlaagd_criterium.aansluitend_op_zoekjaar_vereist, from 1 July 2020) a person
    whose orientation-year permit had ended before the application
    (zoekjaarvergunning_verlopen_zonder_aansluitende_aanvraag) no longer qualified.
    On an extension or a change of employer of a permit granted under the reduced criterion
    (kennismigrant_eerder_toegepast_criterium = verlaagd) it keeps applying: once granted, it has no
    time limit (IND practice).
    The period is parameters/kennismigranten/verlaagd_criterium/; the 1 March 2016 switch date, the
    2011 start of the one-year rule and the 1 July 2020 broadening date are documented assumptions.
    Before 2011 no reduced criterion is encoded (its amounts 2005-2010 are a gap).
    """

    def formula_2011_01(persoon, period, parameters):
        datums = persoon("aanvraagdatum", period)
        vanaf_2016 = datums >= eerste_datum(parameters, AANSLUITEND)  # the orientation-year rule (March 2016)
        binnen_termijn = _binnen_termijn(persoon, period, parameters)
        regel_2011 = binnen_termijn & persoon("diploma_nederlands_hoger_onderwijs", period)
        diploma = persoon("diploma_nederlands_hoger_onderwijs", period) | persoon("diploma_buitenland_top200", period)
        zoekjaar = persoon("verblijfsdoel", period) == Verblijfsdoel.zoekjaar_hoogopgeleiden
        aansluitend_vereist = waarde_op_datums(
            parameters, datums, lambda p: p.kennismigranten.verlaagd_criterium.aansluitend_op_zoekjaar_vereist,
            waar=vanaf_2016, anders=False,
        ).astype(bool)
        # an application before the reduced criterion existed (its first period, 2011) gets none
        bestaat = datums >= eerste_datum(parameters, TERMIJN)
        uitgesloten = aansluitend_vereist & persoon("zoekjaarvergunning_verlopen_zonder_aansluitende_aanvraag", period)
        regel_2016 = zoekjaar | (diploma & binnen_termijn & ~uitgesloten)
        _, voortgezet = _voortzetting(persoon, period)
        eerder_verlaagd = persoon("kennismigrant_eerder_toegepast_criterium", period) == KennismigrantEerderCriterium.verlaagd
        return bestaat & (np.where(vanaf_2016, regel_2016, regel_2011) | (voortgezet & eerder_verlaagd))


def _binnen_termijn(persoon, period, parameters):
    termijn = _op_aanvraagdatum(
        persoon, period, parameters, lambda p: p.kennismigranten.verlaagd_criterium.termijn_na_afstuderen_jaren, TERMIJN
    )
    jaren = persoon("jaren_sinds_afstuderen", period)
    return (jaren >= 0) & (jaren < termijn)


class kennismigrant_looncriterium(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Looncriterium kennismigrant dat voor deze persoon in deze maand geldt (bruto per maand, exclusief vakantiebijslag)"
    unit = "currency-EUR"
    reference = [BUWAV_1D, BUWAV22_2_1, IND_WELK_BEDRAG, "https://ind.nl/nieuws/Paginas/Per-1-januari-nieuwe-inkomenseisen.aspx"]
    documentation = """
    PUBLIC. Read on the application date (aanvraagdatum): the amount in force on the day the
    application is filed, also when it is decided in a later month or year.
    Euro per month excluding holiday allowance: the reduced criterion where its conditions
    hold, else the under-30 criterion if the person is under 30 on the application date, else the
    30+ criterion. Before 2014 the law's annual amount including holiday allowance is converted
    (/ 12 / 1.08). Researchers and doctors in specialist training are exempt from this criterion
    (see kennismigrant_vrijgesteld_van_looncriterium): the amount shown is then not applied.
    Fails with a clear message in a month without a published amount (before 1 October 2004,
    2005-2010, and after the last published year).
    """

    def formula(persoon, period, parameters):
        return _criterium(persoon, period, parameters, "kennismigrant_looncriterium_naar_leeftijd", streng=True)


class kennismigrant_looncriterium_bekend(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Looncriterium kennismigrant, of onbekend (NaN) in een historische maand zonder gepubliceerd bedrag"
    unit = "currency-EUR"
    reference = [BUWAV_1D, BUWAV22_2_1]
    documentation = """
    As kennismigrant_looncriterium, but a historical gap (before October 2004, 2005-2010) gives NaN, which no
    wage meets: used by the route variables so that the Wav variables of other periods can still be
    computed. A month after the last published year still fails (see projection.projected_system).
    """

    def formula(persoon, period, parameters):
        return _criterium(persoon, period, parameters, "kennismigrant_looncriterium_naar_leeftijd_bekend", streng=False)


class kennismigrant_looncriterium_naar_leeftijd(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Looncriterium kennismigrant naar leeftijd: het criterium jonger dan dertig of dertig jaar en ouder (bruto per maand)"
    unit = "currency-EUR"
    reference = [BUWAV_1D, BUWAV22_2_1, IND_WELK_BEDRAG]
    documentation = """
    The under-30 criterion where kennismigrant_jonger_dan_dertig holds, else the criterion for 30 and
    over, read on the application date (aanvraagdatum) like kennismigrant_looncriterium, which is
    this amount unless the reduced criterion applies. Fails in a month without a published amount.
    """

    def formula(persoon, period, parameters):
        return _naar_leeftijd(persoon, period, parameters, streng=True)


class kennismigrant_looncriterium_naar_leeftijd_bekend(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Looncriterium kennismigrant naar leeftijd, of onbekend (NaN) in een historische maand zonder gepubliceerd bedrag"
    unit = "currency-EUR"
    reference = [BUWAV_1D, BUWAV22_2_1]
    documentation = "As kennismigrant_looncriterium_naar_leeftijd, with NaN in a historical gap (see kennismigrant_looncriterium_bekend)."

    def formula(persoon, period, parameters):
        return _naar_leeftijd(persoon, period, parameters, streng=False)


class kennismigrant_vrijgesteld_van_looncriterium(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Geen looncriterium: wetenschappelijk onderzoeker of arts in opleiding tot specialist (alleen het minimumloon geldt)"
    reference = [BUWAV_1D, BUWAV22_2_1]

    def formula(persoon, period, parameters):
        return persoon("wetenschappelijk_onderzoeker", period) | persoon("arts_in_opleiding_tot_specialist", period)


class overplaatsing_binnen_onderneming_looncriterium(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Looncriterium bij overplaatsing binnen een onderneming (bruto per maand, exclusief vakantiebijslag)"
    unit = "currency-EUR"
    reference = [RUWAV_BIJLAGE, "https://wetten.overheid.nl/BWBR0034945/2014-12-31#Bijlage1"]
    documentation = """
    Intra-corporate transferees (Uitvoeringsregels RuWav 2014 §24, continued in RuWav 2022 bijlage I):
    key staff and specialists earn at least the kennismigrant 30+ criterion, trainees at least the
    under-30 criterion, whatever their age. 0 when the person is not an intra-corporate transferee.
    """

    def formula(persoon, period, parameters):
        functie = persoon("functie_overplaatsing_binnen_onderneming", period)
        soorten = functie.possible_values

        def bedrag(naam):
            return maandbedrag(parameters, period, f"{CRITERIUM}.{naam}", GRONDSLAG)

        specialist = functie == soorten.leidinggevende_of_specialist
        trainee = functie == soorten.trainee
        bedragen = [bedrag("dertig_jaar_en_ouder"), bedrag("jonger_dan_dertig")]  # a gap fails here
        if not (specialist.any() or trainee.any()):  # no intra-corporate transferee
            return np.zeros(persoon.count, dtype=np.float32)
        return np.select([specialist, trainee], bedragen, 0.0).astype(np.float32)


class overplaatsing_binnen_onderneming_looncriterium_gehaald(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Loon haalt het looncriterium voor overplaatsing binnen een onderneming"
    reference = [RUWAV_BIJLAGE]
    documentation = "False when the person is not an intra-corporate transferee."

    def formula(persoon, period, parameters):
        criterium = persoon("overplaatsing_binnen_onderneming_looncriterium", period)
        return (criterium > 0) & (persoon("bruto_maandloon", period) >= criterium)
