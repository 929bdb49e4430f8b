"""Reform ``bandbreedte``: a yearly cap on admissions of non-EU labour migrants.

The Adviesraad Migratie recommends bandwidths for labour migration (Kamerstuk 29861 nr. 153;
motion Bikker, 29861 nr. 129); it names no figure. Here: the applicants whom the previous regime
admits through a non-EU labour route (kennismigrant, EU Blue Card, TWV/GVVA, points test) are
ranked by their points (puntentoets_punten_totaal, computed under any regime), ties broken by the
higher gross monthly wage, then by the lower row index (the order of the population). Going down
the ranking, applicants are admitted while the weighted count (gewicht: applicants per year each
row stands for) stays within the yearly cap (jaarplafond); from the first applicant who would
exceed it, everyone is refused with ground ``bandbreedte_bereikt``. The simulated population is
taken to be one year of applications.

This acts on the population as a whole: a ranking needs every applicant in one simulation, so the
class sets ``requires_whole_population = True`` and the comparison engine must not split the
population into chunks. In a single-person case the applicant is admitted when its own weight
fits within the cap.
"""

from __future__ import annotations

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.enums import Toelatingsroute, Weigeringsgrond
from openfisca_arbeidsmigratie.reforms import register
from openfisca_arbeidsmigratie.reforms._common import (
    KAMERBRIEF_29861_153,
    Proposal,
    applies,
    constant,
    decide_where,
    is_labour_migration_route,
    keep_as,
    proposal_parameters,
)

PATH = "bandbreedte"


def rank_by_points(persoon, period, in_aanmerking):
    """Rank 1.. of the candidates: more points first, then the higher wage, then the lower row; 0 elsewhere."""
    kandidaten = np.flatnonzero(in_aanmerking)
    punten = persoon("puntentoets_punten_totaal", period)[kandidaten]
    loon = persoon("bruto_maandloon", period)[kandidaten]
    volgorde = kandidaten[np.lexsort((kandidaten, -loon, -punten))]
    rang = np.zeros(persoon.count, dtype=np.int32)
    rang[volgorde] = np.arange(1, len(volgorde) + 1)
    return rang


def cumulative_weight(persoon, period, rang):
    """Weighted count (gewicht) of the candidates ranked at or above each candidate; 0 elsewhere."""
    kandidaten = np.flatnonzero(rang)
    volgorde = kandidaten[np.argsort(rang[kandidaten])]
    gewicht = np.asarray(persoon("gewicht", period), dtype=np.float64)
    cumulatief = np.zeros(persoon.count)
    cumulatief[volgorde] = np.cumsum(gewicht[volgorde])
    return cumulatief


class bandbreedte_in_aanmerking(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Valt onder de bandbreedte: zou zonder plafond als arbeidsmigrant van buiten de EU worden toegelaten"
    reference = [KAMERBRIEF_29861_153, "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:12016E079"]
    documentation = """
    While the reform applies: reached by the proposal (bandbreedte_bereik: a first admission for labour)
    and admitted by the previous regime through a non-EU labour route. EU-directive routes count: each
    directive leaves the volumes of admission to the member state (art. 79 lid 5 VWEU; Directive (EU)
    2021/1883 art. 6, 2014/66/EU art. 6, 2016/801 art. 6, 2014/36/EU art. 7).
    """

    def formula(persoon, period, parameters):
        if not applies(parameters, period, PATH):
            return persoon.filled_array(False)
        arbeid = is_labour_migration_route(persoon("toelatingsroute_zonder_bandbreedte", period))
        return arbeid & persoon("bandbreedte_bereik", period)


class bandbreedte_rangnummer(Variable):
    value_type = int
    entity = Persoon
    definition_period = MONTH
    label = "Rangnummer onder de bandbreedte (1 = hoogste punten; 0 = valt er niet onder)"
    reference = KAMERBRIEF_29861_153
    documentation = (
        "Order: more points first, then the higher bruto_maandloon, then the lower row index."
    )

    def formula(persoon, period, parameters):
        return rank_by_points(persoon, period, persoon("bandbreedte_in_aanmerking", period))


class bandbreedte_gewogen_aantal_tot_en_met(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Gewogen aantal aanvragers onder de bandbreedte met dit rangnummer of een hoger (lager nummer)"
    reference = KAMERBRIEF_29861_153
    unit = "person"

    def formula(persoon, period, parameters):
        return cumulative_weight(persoon, period, persoon("bandbreedte_rangnummer", period))


class bandbreedte_bereikt(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Geweigerd omdat het jaarplafond (bandbreedte) voor arbeidsmigratie van buiten de EU bereikt is"
    reference = KAMERBRIEF_29861_153

    def formula(persoon, period, parameters):
        in_aanmerking = persoon("bandbreedte_in_aanmerking", period)
        if not in_aanmerking.any():  # also before the start date, when the cap has no value yet
            return in_aanmerking
        plafond = float(proposal_parameters(parameters, period, PATH).jaarplafond)
        return in_aanmerking & (persoon("bandbreedte_gewogen_aantal_tot_en_met", period) > plafond)


class bandbreedte_marginale_score(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = (
        "Marginale score: punten van de laagst geplaatste toegelaten aanvrager onder de bandbreedte"
    )
    reference = KAMERBRIEF_29861_153
    unit = "point"
    documentation = "The same for every person of the simulation; NaN when nobody under the bandwidth is admitted."

    def formula(persoon, period, parameters):
        binnen = persoon("bandbreedte_in_aanmerking", period) & ~persoon(
            "bandbreedte_bereikt", period
        )
        punten = persoon("puntentoets_punten_totaal", period)
        score = punten[binnen].min() if binnen.any() else np.nan
        return persoon.filled_array(score)


@register(PATH)
class Bandbreedte(Proposal):
    parameter_path = "voorstellen.bandbreedte"
    name = "Bandbreedte: jaarplafond voor arbeidsmigranten van buiten de EU, rangorde op punten"
    requires_whole_population = True
    fase = 2

    def apply(self):
        keep_as(
            self,
            "toelatingsroute",
            "toelatingsroute_zonder_bandbreedte",
            "Toelatingsroute zonder de bandbreedte (het regime waarop de hervorming is toegepast)",
        )
        for variable in (
            bandbreedte_in_aanmerking,
            bandbreedte_rangnummer,
            bandbreedte_gewogen_aantal_tot_en_met,
            bandbreedte_bereikt,
            bandbreedte_marginale_score,
        ):
            self.add_variable(variable)
        decide_where(
            self,
            "bandbreedte_bereikt",
            {
                "toelatingsroute": constant(Toelatingsroute.geweigerd.index),
                "weigeringsgrond": constant(Weigeringsgrond.bandbreedte_bereikt.index),
                "verblijfsvergunning_geldigheidsduur_maanden": constant(0),
                "verblijfsdoel_niet_tijdelijk": constant(False),
                "vroegste_maand_verblijf_onbepaalde_tijd": constant(
                    np.datetime64("1970-01-01", "D")
                ),
            },
        )
