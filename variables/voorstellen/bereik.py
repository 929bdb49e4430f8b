"""Who the proposals reach (bereik) and which applicants keep an EU-directive route.

Scope. The Adviesraad's proposals concern "het beoordelen van aanvragen voor een
verblijfsvergunning voor werk van mensen van buiten de EU" (Kamerstuk 29861 nr. 153, par. 1): a
first admission for labour. By default a proposal therefore reaches an applicant who asks for a
residence permit for work, or a TWV while holding (or applying for) a residence purpose of work,
and not a person who works on a residence right given for another purpose. Each excluded group
has its own reason (the documentation of ``bereik_uitsluitingsgroep`` and the parameters
``voorstellen.<proposal>.bereik.<group>``, which let an analyst include the group).

EU-directive routes. The EU Blue Card (Directive (EU) 2021/1883), intra-corporate transfer
(2014/66/EU), researchers (2016/801) and seasonal work (2014/36/EU) have admission conditions set
by EU law; a national points test can replace national schemes (the Wav labour-market test, the
kennismigrantenregeling) but not these routes (``richtlijnroute``).
"""

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.codes import als_enum, eerste_waar, in_tabel
from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.enums import Verblijfsdoel

KAMERBRIEF_29861_153 = (
    "https://www.tweedekamer.nl/kamerstukken/brieven_regering/detail?did=2025D00418"
)
EUR_LEX = "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:{}"


class BereikGroep(Enum):
    """Group of an applicant for the scope of the proposals (member order is part of the contract)."""

    geen = "Eerste toelating voor arbeid: verblijfsdoel arbeid of nog geen verblijfsrecht (valt onder de voorstellen)"
    asielzoekers = "Asielzoeker met een lopende aanvraag die werkt met een TWV"
    studenten = "Student met een verblijfsvergunning studie die naast de studie werkt"
    gezinsleden = "Gezinslid met een verblijfsvergunning voor verblijf bij familie of gezin"
    houders_verblijfsvergunning_asiel = "Houder van een verblijfsvergunning asiel (vrij op de arbeidsmarkt)"
    ander_verblijfsdoel = "Houder van een verblijfsrecht voor een ander doel (overig, of onbepaalde tijd)"


_GROEP_PER_DOEL = {
    Verblijfsdoel.asielzoeker: BereikGroep.asielzoekers,
    Verblijfsdoel.studie: BereikGroep.studenten,
    Verblijfsdoel.familie_en_gezin: BereikGroep.gezinsleden,
    Verblijfsdoel.asiel_bepaalde_tijd: BereikGroep.houders_verblijfsvergunning_asiel,
    Verblijfsdoel.onbepaalde_tijd: BereikGroep.ander_verblijfsdoel,
    Verblijfsdoel.overig_tijdelijk: BereikGroep.ander_verblijfsdoel,
    Verblijfsdoel.overig_niet_tijdelijk: BereikGroep.ander_verblijfsdoel,
}
_GROEP_PER_DOEL_INDEX = np.array(
    [_GROEP_PER_DOEL.get(doel, BereikGroep.geen).index for doel in Verblijfsdoel], dtype=np.int16
)


class bereik_uitsluitingsgroep(Variable):
    value_type = Enum
    possible_values = BereikGroep
    default_value = BereikGroep.geen
    entity = Persoon
    definition_period = MONTH
    label = "Groep die de voorstellen standaard niet bereiken (geen: eerste toelating voor arbeid)"
    reference = [
        KAMERBRIEF_29861_153,
        EUR_LEX.format("32013L0033"),
        EUR_LEX.format("32016L0801"),
        EUR_LEX.format("32003L0086"),
        EUR_LEX.format("32011L0095"),
        "https://wetten.overheid.nl/jci1.3:c:BWBR0011823&artikel=8&g=2024-01-01",
    ]
    documentation = """
    From the residence purpose held (verblijfsdoel). The groups and the reason each is excluded:
    * asielzoekers (verblijfsdoel asielzoeker): lawful residence pending the asylum application
      (Vw 2000 art. 8 onder f); their access to work is a reception right (Directive 2013/33/EU
      art. 15: effective access after at most nine months), not an admission for labour;
    * studenten (studie): residence for study; work alongside study is a right of the student
      permit (Directive (EU) 2016/801 art. 24, at least 15 hours a week), not an admission for labour;
    * gezinsleden (familie_en_gezin): residence with the sponsor; access to employment follows from
      the family permit (Directive 2003/86/EC art. 14);
    * houders_verblijfsvergunning_asiel (asiel_bepaalde_tijd): beneficiaries of international
      protection may work at once (Directive 2011/95/EU art. 26); free on the labour market (Wav
      art. 4), so no proposal has an application of theirs to decide;
    * ander_verblijfsdoel (overig_tijdelijk, overig_niet_tijdelijk, onbepaalde_tijd): a residence
      right for another purpose, or permanent residence (free on the labour market).
    Work purposes (arbeid in loondienst, kennismigrant, Blue Card, research, seasonal work, lerend
    werken, intra-corporate transfer, zoekjaar hoogopgeleiden) and `geen` (a first application from
    abroad) are `geen`: the proposals reach them. A holder of another purpose who qualifies for a
    residence permit for work (route_kennismigrant_open or route_europese_blauwe_kaart_open) applies
    for a change of purpose to work, a first admission for labour: also `geen`.
    """

    def formula(persoon, period, parameters):
        doel = np.asarray(persoon("verblijfsdoel", period))
        groep = _GROEP_PER_DOEL_INDEX.take(doel)
        naar_arbeid = persoon("route_kennismigrant_open", period) | persoon(
            "route_europese_blauwe_kaart_open", period
        )
        return als_enum(eerste_waar([naar_arbeid], [BereikGroep.geen.index], groep), BereikGroep)


def _bereik(persoon, period, parameters, voorstel):
    """True for a first admission for labour, or a group the proposal's switch includes."""
    schakelaars = parameters(period).voorstellen[voorstel].bereik
    groep = persoon("bereik_uitsluitingsgroep", period)
    per_groep = np.array(
        [True] + [bool(schakelaars[g.name]) for g in list(BereikGroep)[1:]], dtype=bool
    )
    return in_tabel(groep, per_groep)


class brede_welvaartstoets_bereik(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "De brede welvaartstoets bereikt deze aanvrager (eerste toelating voor arbeid of een meegenomen groep)"
    reference = KAMERBRIEF_29861_153
    documentation = """
    True unless bereik_uitsluitingsgroep is a group whose switch
    voorstellen.brede_welvaartstoets.bereik.<group> is false (the default for every group). Also
    the scope of brede_welvaartstoets_met_arbeidsmarkttoets.
    """

    def formula(persoon, period, parameters):
        return _bereik(persoon, period, parameters, "brede_welvaartstoets")


class vijfjarige_vergunning_bereik(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "De vijfjarige vergunning bereikt deze aanvrager (eerste toelating voor arbeid of een meegenomen groep)"
    reference = KAMERBRIEF_29861_153
    documentation = "As brede_welvaartstoets_bereik, with the switches voorstellen.vijfjarige_vergunning.bereik."

    def formula(persoon, period, parameters):
        return _bereik(persoon, period, parameters, "vijfjarige_vergunning")


class bandbreedte_bereik(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "De bandbreedte bereikt deze aanvrager (eerste toelating voor arbeid of een meegenomen groep)"
    reference = KAMERBRIEF_29861_153
    documentation = """
    As brede_welvaartstoets_bereik, with the switches voorstellen.bandbreedte.bereik; also the
    scope of bandbreedte_saldo (the net balance counts labour migration only).
    """

    def formula(persoon, period, parameters):
        return _bereik(persoon, period, parameters, "bandbreedte")


class Richtlijnroute(Enum):
    """EU-directive route an applicant meets (member order is part of the contract)."""

    geen = "Geen richtlijnroute"
    europese_blauwe_kaart = "Europese blauwe kaart (richtlijn (EU) 2021/1883)"
    overplaatsing_binnen_onderneming = "Overplaatsing binnen een onderneming (richtlijn 2014/66/EU)"
    onderzoeker = "Onderzoeker (richtlijn (EU) 2016/801)"
    seizoenarbeid = "Seizoenarbeid (richtlijn 2014/36/EU)"


class richtlijnroute(Variable):
    value_type = Enum
    possible_values = Richtlijnroute
    default_value = Richtlijnroute.geen
    entity = Persoon
    definition_period = MONTH
    label = "EU-richtlijnroute waarvan de aanvrager de voorwaarden vervult (blijft onder elk voorstel bestaan)"
    reference = [
        EUR_LEX.format("32021L1883"),
        EUR_LEX.format("32014L0066"),
        EUR_LEX.format("32016L0801"),
        EUR_LEX.format("32014L0036"),
    ]
    documentation = """
    The first that applies, in this order:
    * europese_blauwe_kaart: the Blue Card conditions are met (route_europese_blauwe_kaart_open;
      Directive (EU) 2021/1883 art. 5);
    * overplaatsing_binnen_onderneming: an intra-corporate transfer (functie_overplaatsing_binnen_onderneming
      not `geen`) whose wage meets its criterion (Directive 2014/66/EU art. 5; the criterion of
      RuWav bijlage I). The package has no ICT permit route of its own: the decision of the regime
      before the proposal (kennismigrant or TWV/GVVA) is what the directive route gives;
    * onderzoeker: a researcher (wetenschappelijk_onderzoeker) admitted with a recognised research
      institution (route_kennismigrant_open; Directive (EU) 2016/801 art. 8 and 9);
    * seizoenarbeid: seasonal work (seizoenarbeid; Directive 2014/36/EU, the TWV of Wav art. 11 lid 2,
      with the labour-market test the Netherlands applies under art. 8 lid 3 of that directive).
    Otherwise `geen`.
    """

    def formula(persoon, period, parameters):
        overplaatsing = persoon("functie_overplaatsing_binnen_onderneming", period)
        ict = (overplaatsing != overplaatsing.possible_values.geen) & persoon(
            "overplaatsing_binnen_onderneming_looncriterium_gehaald", period
        )
        onderzoeker = persoon("wetenschappelijk_onderzoeker", period) & persoon(
            "route_kennismigrant_open", period
        )
        route = eerste_waar(
            [
                persoon("route_europese_blauwe_kaart_open", period),
                ict,
                onderzoeker,
                persoon("seizoenarbeid", period),
            ],
            [
                Richtlijnroute.europese_blauwe_kaart.index,
                Richtlijnroute.overplaatsing_binnen_onderneming.index,
                Richtlijnroute.onderzoeker.index,
                Richtlijnroute.seizoenarbeid.index,
            ],
            Richtlijnroute.geen.index,
        )
        return als_enum(route, Richtlijnroute)
