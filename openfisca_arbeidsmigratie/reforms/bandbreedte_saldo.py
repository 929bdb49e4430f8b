"""Reform ``bandbreedte_saldo``: a bandwidth for the yearly net labour-migration balance.

The Adviesraad Migratie recommends bandwidths for the (net) number of labour migrants, and the
motion Bikker (Kamerstuk 29861 nr. 129) asks for a bandwidth for the arbeidsmigratiesaldo (Kamerstuk
29861 nr. 153). EU free movement and departures count in the balance but cannot be steered, so the
room for non-EU admissions in a year is what the upper bound leaves:

    vertrek  = eerdere_instroom.eu * vertrekaandeel_binnen_vijf_jaar.eu
               + eerdere_instroom.niet_eu * vertrekaandeel_binnen_vijf_jaar.niet_eu
    ruimte   = max(0, bovengrens - verwachte_eu_instroom + vertrek)
    saldo    = verwachte_eu_instroom + toegelaten (weighted, non-EU) - vertrek

(with a constant yearly inflow of earlier cohorts, the departures in a year of those who leave within
five years equal one cohort times the share leaving within five years). Applicants the proposal
reaches (``bandbreedte_bereik``) whom the previous regime admits through a non-EU labour route are
ranked by points as under ``bandbreedte`` and admitted while the weighted count stays within the room;
the rest are refused with ``bandbreedte_saldo_bovengrens``. Outputs: the room
(``bandbreedte_saldo_ruimte``), whether the upper bound binds and whether the lower bound is reached.
What the balance counts and leaves out: docs/reforms.md. The simulated population is one year of
applications; the class needs the whole population (``requires_whole_population``).
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
from openfisca_arbeidsmigratie.reforms.bandbreedte import cumulative_weight, rank_by_points

PATH = "bandbreedte_saldo"
REFERENCES = [KAMERBRIEF_29861_153, "https://cbs.nl/nl-nl/longread/statistische-trends/2025/komen-en-gaan-van-arbeidsmigranten-in-de-periode-2005-2021"]


def _parameters_of(parameters, period):
    return proposal_parameters(parameters, period, PATH)


class bandbreedte_saldo_in_aanmerking(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Valt onder de bandbreedte voor het arbeidsmigratiesaldo: zou zonder bandbreedte als arbeidsmigrant van buiten de EU worden toegelaten"
    reference = KAMERBRIEF_29861_153
    documentation = "While the reform applies: bandbreedte_bereik and a non-EU labour route under the previous regime."

    def formula(persoon, period, parameters):
        if not applies(parameters, period, PATH):
            return persoon.filled_array(False)
        arbeid = is_labour_migration_route(persoon("toelatingsroute_zonder_bandbreedte_saldo", period))
        return arbeid & persoon("bandbreedte_bereik", period)


class bandbreedte_saldo_rangnummer(Variable):
    value_type = int
    entity = Persoon
    definition_period = MONTH
    label = "Rangnummer onder de bandbreedte voor het saldo (1 = hoogste punten; 0 = valt er niet onder)"
    reference = KAMERBRIEF_29861_153
    documentation = "As bandbreedte_rangnummer: more points first, then the higher bruto_maandloon, then the lower row index."

    def formula(persoon, period, parameters):
        return rank_by_points(persoon, period, persoon("bandbreedte_saldo_in_aanmerking", period))


class bandbreedte_saldo_gewogen_aantal_tot_en_met(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Gewogen aantal aanvragers onder de bandbreedte voor het saldo met dit rangnummer of een hoger"
    reference = KAMERBRIEF_29861_153
    unit = "person"

    def formula(persoon, period, parameters):
        return cumulative_weight(persoon, period, persoon("bandbreedte_saldo_rangnummer", period))


class bandbreedte_saldo_vertrek_eerdere_cohorten(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Vertrek in het jaar van arbeidsmigranten uit eerdere cohorten (binnen vijf jaar na aankomst)"
    reference = REFERENCES
    unit = "person"
    documentation = "eerdere_instroom.eu x vertrekaandeel_binnen_vijf_jaar.eu + eerdere_instroom.niet_eu x vertrekaandeel_binnen_vijf_jaar.niet_eu; the same for every person."

    def formula(persoon, period, parameters):
        if not applies(parameters, period, PATH):
            return persoon.filled_array(0.0)
        p = _parameters_of(parameters, period)
        vertrek = float(p.eerdere_instroom.eu) * float(p.vertrekaandeel_binnen_vijf_jaar.eu) + float(
            p.eerdere_instroom.niet_eu
        ) * float(p.vertrekaandeel_binnen_vijf_jaar.niet_eu)
        return persoon.filled_array(vertrek)


class bandbreedte_saldo_ruimte(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Ruimte voor toelating van arbeidsmigranten van buiten de EU binnen de bovengrens van het saldo"
    reference = REFERENCES
    unit = "person"
    documentation = "max(0, bovengrens - verwachte_eu_instroom + bandbreedte_saldo_vertrek_eerdere_cohorten); the same for every person (0 while the reform does not apply)."

    def formula(persoon, period, parameters):
        if not applies(parameters, period, PATH):
            return persoon.filled_array(0.0)
        p = _parameters_of(parameters, period)
        vertrek = persoon("bandbreedte_saldo_vertrek_eerdere_cohorten", period)
        return np.maximum(0.0, float(p.bovengrens) - float(p.verwachte_eu_instroom) + vertrek)


class bandbreedte_saldo_bovengrens_bereikt(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Geweigerd omdat de bovengrens van het arbeidsmigratiesaldo geen ruimte meer laat"
    reference = KAMERBRIEF_29861_153

    def formula(persoon, period, parameters):
        in_aanmerking = persoon("bandbreedte_saldo_in_aanmerking", period)
        if not in_aanmerking.any():
            return in_aanmerking
        ruimte = persoon("bandbreedte_saldo_ruimte", period)
        return in_aanmerking & (persoon("bandbreedte_saldo_gewogen_aantal_tot_en_met", period) > ruimte)


def _weighted_sum(persoon, period, masker):
    gewicht = np.asarray(persoon("gewicht", period), dtype=np.float64)
    return float(gewicht[masker].sum())


class bandbreedte_saldo_bovengrens_bindend(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "De bovengrens van het saldo is bindend: er zijn meer aanvragers onder de bandbreedte dan ruimte"
    reference = KAMERBRIEF_29861_153
    documentation = "The weighted count of bandbreedte_saldo_in_aanmerking exceeds bandbreedte_saldo_ruimte; the same for every person."

    def formula(persoon, period, parameters):
        in_aanmerking = persoon("bandbreedte_saldo_in_aanmerking", period)
        ruimte = persoon("bandbreedte_saldo_ruimte", period)
        return persoon.filled_array(bool(in_aanmerking.any()) and _weighted_sum(persoon, period, in_aanmerking) > float(ruimte[0]))


class bandbreedte_saldo_verwacht_saldo(Variable):
    value_type = float
    entity = Persoon
    definition_period = MONTH
    label = "Verwacht arbeidsmigratiesaldo in het jaar: EU-instroom + toegelaten van buiten de EU - vertrek eerdere cohorten"
    reference = REFERENCES
    unit = "person"

    def formula(persoon, period, parameters):
        if not applies(parameters, period, PATH):
            return persoon.filled_array(0.0)
        toegelaten = persoon("bandbreedte_saldo_in_aanmerking", period) & ~persoon(
            "bandbreedte_saldo_bovengrens_bereikt", period
        )
        vertrek = persoon("bandbreedte_saldo_vertrek_eerdere_cohorten", period)
        eu = float(_parameters_of(parameters, period).verwachte_eu_instroom)
        return eu + _weighted_sum(persoon, period, toegelaten) - vertrek


class bandbreedte_saldo_ondergrens_bereikt(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Het verwachte arbeidsmigratiesaldo haalt de ondergrens van de bandbreedte"
    reference = KAMERBRIEF_29861_153
    documentation = "bandbreedte_saldo_verwacht_saldo >= ondergrens; the same for every person (False while the reform does not apply)."

    def formula(persoon, period, parameters):
        if not applies(parameters, period, PATH):
            return persoon.filled_array(False)
        return persoon("bandbreedte_saldo_verwacht_saldo", period) >= float(_parameters_of(parameters, period).ondergrens)


@register(PATH)
class BandbreedteSaldo(Proposal):
    parameter_path = "voorstellen.bandbreedte_saldo"
    name = "Bandbreedte voor het arbeidsmigratiesaldo: ruimte voor toelating van buiten de EU, rangorde op punten"
    requires_whole_population = True
    fase = 2

    def apply(self):
        keep_as(
            self,
            "toelatingsroute",
            "toelatingsroute_zonder_bandbreedte_saldo",
            "Toelatingsroute zonder de bandbreedte voor het saldo (het regime waarop de hervorming is toegepast)",
        )
        for variable in (
            bandbreedte_saldo_in_aanmerking,
            bandbreedte_saldo_rangnummer,
            bandbreedte_saldo_gewogen_aantal_tot_en_met,
            bandbreedte_saldo_vertrek_eerdere_cohorten,
            bandbreedte_saldo_ruimte,
            bandbreedte_saldo_bovengrens_bereikt,
            bandbreedte_saldo_bovengrens_bindend,
            bandbreedte_saldo_verwacht_saldo,
            bandbreedte_saldo_ondergrens_bereikt,
        ):
            self.add_variable(variable)
        decide_where(
            self,
            "bandbreedte_saldo_bovengrens_bereikt",
            {
                "toelatingsroute": constant(Toelatingsroute.geweigerd.index),
                "weigeringsgrond": constant(Weigeringsgrond.bandbreedte_saldo_bovengrens.index),
                "verblijfsvergunning_geldigheidsduur_maanden": constant(0),
                "verblijfsdoel_niet_tijdelijk": constant(False),
                "vroegste_maand_verblijf_onbepaalde_tijd": constant(np.datetime64("1970-01-01", "D")),
            },
        )
