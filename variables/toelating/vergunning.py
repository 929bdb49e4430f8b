"""What the admission gives: permit validity, whether the purpose is non-temporary, family reunification."""

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.codes import in_tabel
from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.enums import Toelatingsroute, Verblijfsdoel
from openfisca_arbeidsmigratie.peildatum import waarde_op_datums

VB_3_5 = "https://wetten.overheid.nl/BWBR0011825/2024-01-01#Hoofdstuk3_Afdeling1_Paragraaf1_Artikel3.5"
VW_21 = "https://wetten.overheid.nl/BWBR0011823/2024-01-01#Hoofdstuk3_Afdeling3_Paragraaf2_Artikel21"
WEKEN_PER_MAAND = 52 / 12

#: Residence purposes that count towards permanent residence (Vb 2000 art. 3.5; see the docs below).
NIET_TIJDELIJKE_DOELEN = {
    Verblijfsdoel.arbeid_in_loondienst,
    Verblijfsdoel.kennismigrant,
    Verblijfsdoel.europese_blauwe_kaart,
    Verblijfsdoel.wetenschappelijk_onderzoek,
    Verblijfsdoel.familie_en_gezin,
    Verblijfsdoel.asiel_bepaalde_tijd,
    Verblijfsdoel.onbepaalde_tijd,
    Verblijfsdoel.overig_niet_tijdelijk,
}
_NIET_TIJDELIJK_PER_INDEX = np.array([doel in NIET_TIJDELIJKE_DOELEN for doel in Verblijfsdoel])


class duur_arbeidsovereenkomst_maanden(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Duur van de arbeidsovereenkomst in maanden"
    unit = "month"
    reference = ["https://wetten.overheid.nl/BWBR0007523/2015-01-01#Artikel1i"]
    documentation = """
    beoogde_duur_arbeid_weken converted at 52 weeks = 12 months (26 weeks = 6 months). Give a large
    number of weeks (e.g. 520) for a contract for an indefinite period.
    """

    def formula(persoon, period, parameters):
        return persoon("beoogde_duur_arbeid_weken", period) / WEKEN_PER_MAAND


class verblijfsvergunning_geldigheidsduur_maanden(Variable):
    value_type = int
    entity = Persoon
    definition_period = MONTH
    label = "Geldigheidsduur van de verblijfs- of tewerkstellingsvergunning in maanden (0: geen vergunning nodig of geweigerd)"
    unit = "month"
    reference = [
        "https://wetten.overheid.nl/BWBR0011825/2024-01-01#Hoofdstuk3",
        "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32021L1883",
        "https://wetten.overheid.nl/BWBR0007149/2022-01-01#Hoofdstuk2_Artikel11",
    ]
    documentation = """
    kennismigrant: the contract duration in whole months (rounded up), at most 60.
    europese_blauwe_kaart: contract duration + 3 months, at most 48 (old directive) or 60 (recast, for
    an application from 12 June 2024: the maximum is read on `aanvraagdatum`).
    twv_gvva: twv_geldigheidsduur of the Wav route. vrij_verkeer and vrijgesteld: 0, no permit is
    needed to work (an EU citizen's residence right is declaratory). geweigerd: 0.
    """

    def formula(persoon, period, parameters):
        p = parameters(period).toelating.verblijfsvergunning_geldigheidsduur
        kennismigrant_maximum = int(p.kennismigrant_maximum_maanden)  # read for all: a gap fails here
        route = np.asarray(persoon("toelatingsroute", period))
        twv_gvva = persoon("twv_geldigheidsduur", period)
        duur = persoon("duur_arbeidsovereenkomst_maanden", period)
        # each route's rule on the persons of that route only (one route per person)
        uit = np.zeros(len(route), dtype=np.int32)
        rows = np.flatnonzero(route == Toelatingsroute.kennismigrant.index)
        if len(rows):
            uit[rows] = np.minimum(_hele_maanden(duur[rows]), kennismigrant_maximum)
        rows = np.flatnonzero(route == Toelatingsroute.europese_blauwe_kaart.index)
        if len(rows):  # its parameters start in June 2011
            uit[rows] = _blauwe_kaart_maanden(persoon, period, parameters, _hele_maanden(duur[rows]), rows)
        rows = np.flatnonzero(route == Toelatingsroute.twv_gvva.index)
        if len(rows):
            uit[rows] = np.asarray(twv_gvva)[rows]
        return uit


def _hele_maanden(duur):
    """Whole months of the contract (rounded up) as integers: every amount of validity is whole months."""
    return np.ceil(duur - 1e-6).astype(np.int32)


def _blauwe_kaart_maanden(persoon, period, parameters, maanden, rows):
    """Contract + supplement, at most the maximum in force on the application date (48, or 60 from
    12 June 2024), for the persons ``rows``."""
    maximum = waarde_op_datums(
        parameters,
        np.asarray(persoon("aanvraagdatum", period))[rows],
        lambda p: p.toelating.verblijfsvergunning_geldigheidsduur.europese_blauwe_kaart_maximum_maanden,
        voor_begin=0,  # an application before 19 June 2011: no Blue Card yet
        dtype=np.int32,
    )
    toeslag = parameters(period).toelating.verblijfsvergunning_geldigheidsduur.europese_blauwe_kaart_toeslag_maanden
    return np.minimum(maanden + int(toeslag), maximum)


class verblijfsdoel_niet_tijdelijk(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Verblijf na toelating is niet-tijdelijk en telt mee voor verblijf voor onbepaalde tijd"
    reference = [VB_3_5, VW_21]
    documentation = """
    Vb 2000 art. 3.5 lid 2 lists the temporary purposes (seasonal work, lerend werken, study,
    orientation year, ...); all other work-related purposes are non-temporary.
    * kennismigrant, europese_blauwe_kaart: True.
    * twv_gvva: a first application from abroad (verblijfsdoel `geen`) gets a GVVA 'arbeid in
      loondienst': True unless it is seasonal or temporary work (seizoenarbeid) or shorter than
      13 weeks (a TWV without residence permit). A person already resident keeps the purpose held
      (verblijfsdoel), e.g. a student working on a TWV stays temporary.
    * vrij_verkeer: Dutch nationals and EU/EEA/Swiss workers True (EU citizens: permanent residence
      after 5 years, Dir. 2004/38 art. 16, a different regime counted as non-temporary here); others
      (free labour-market access) by the purpose they hold.
    * vrijgesteld: by the purpose they hold (the exemption gives no residence right).
    * geweigerd: False.
    Assumptions: family members count as non-temporary (Vb art. 3.5 lid 2 onder a makes them
    temporary only with a temporary principal); intra-corporate transfer counts as temporary.
    """

    def formula(persoon, period, parameters):
        route = persoon("toelatingsroute", period)
        doel = persoon("verblijfsdoel", period)
        huidig = in_tabel(doel, _NIET_TIJDELIJK_PER_INDEX)
        eerste_aanvraag = doel == Verblijfsdoel.geen
        twv_gvva = (eerste_aanvraag & persoon("gecombineerde_vergunning", period)) | (~eerste_aanvraag & huidig)
        vrij = ~persoon("vreemdeling", period) | persoon("vrij_verkeer_van_werknemers", period) | huidig
        # one route per person: the rule of that route
        return (
            (route == Toelatingsroute.kennismigrant)
            | (route == Toelatingsroute.europese_blauwe_kaart)
            | ((route == Toelatingsroute.twv_gvva) & twv_gvva)
            | ((route == Toelatingsroute.vrij_verkeer) & vrij)
            | ((route == Toelatingsroute.vrijgesteld) & huidig)
        )


class gecombineerde_vergunning(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Arbeid vanuit het buitenland waarvoor een gecombineerde vergunning (GVVA) nodig is, geen TWV alleen"
    reference = ["https://wetten.overheid.nl/jci1.3:c:BWBR0011823&artikel=14&lid=1&g=2014-04-01"]
    documentation = """
    A first application from abroad (verblijfsdoel `geen`) for work of at least
    toelating.gecombineerde_vergunning_minimale_duur_weken weeks (a stay of more than 90 days) that
    is not seasonal work (seizoenarbeid: a TWV for at most 24 weeks, Wav art. 11 lid 2).
    """

    def formula(persoon, period, parameters):
        minimum = parameters(period.start).toelating.gecombineerde_vergunning_minimale_duur_weken
        vanuit_buitenland = persoon("verblijfsdoel", period) == Verblijfsdoel.geen
        lang = persoon("beoogde_duur_arbeid_weken", period) >= minimum
        return vanuit_buitenland & ~persoon("seizoenarbeid", period) & lang


class gezinshereniging_toegestaan(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "De toelatingsroute staat gezinshereniging toe"
    reference = [
        "https://wetten.overheid.nl/BWBR0011823/2024-01-01#Hoofdstuk3",
        "https://wetten.overheid.nl/BWBR0007523/2015-01-01#Artikel2",
    ]
    documentation = """
    Admitted with a non-temporary residence purpose (verblijfsdoel_niet_tijdelijk): kennismigrant and
    Blue Card families may follow (their family members work freely, old BuWav art. 2 onder a); a
    GVVA 'arbeid in loondienst' follows the regular family rules; temporary purposes (seasonal work,
    study, orientation year) give no family reunification. The family member's own conditions
    (age 21, income, civic-integration exam abroad) are not modelled here.
    """

    def formula(persoon, period, parameters):
        return persoon("toegelaten", period) & persoon("verblijfsdoel_niet_tijdelijk", period)
