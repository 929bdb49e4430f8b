"""Prospect of permanent residence after admission (current law; the five-year permit changes it).

Current law (Vw 2000 art. 21 lid 1, Kamerstuk 29861 nr. 153): a third-country national may apply for
a permanent residence permit after five years of uninterrupted lawful residence for a
non-temporary purpose. The proposal vijfjarige_vergunning gives every non-EU labour migrant a
five-year permit with that prospect (openfisca_arbeidsmigratie.reforms.vijfjarige_vergunning).
"""

from datetime import date

import numpy as np
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.tijd import per_dag

VW_21 = "https://wetten.overheid.nl/jci1.3:c:BWBR0011823&artikel=21&lid=1"
GEEN_DATUM = np.datetime64("1970-01-01", "D")


class uitzicht_op_verblijf_onbepaalde_tijd(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "De toelating geeft uitzicht op een verblijfsvergunning voor onbepaalde tijd (niet-tijdelijk verblijfsdoel)"
    reference = VW_21
    documentation = """
    Admitted (toegelaten) with a non-temporary residence purpose (verblijfsdoel_niet_tijdelijk), so
    that the residence counts towards the five years of Vw 2000 art. 21. EU/EEA/Swiss workers count
    as True, as in verblijfsdoel_niet_tijdelijk (their permanent residence follows Dir. 2004/38).
    """

    def formula(persoon, period, parameters):
        return persoon("toegelaten", period) & persoon("verblijfsdoel_niet_tijdelijk", period)


class vroegste_maand_verblijf_onbepaalde_tijd(Variable):
    value_type = date
    entity = Persoon
    definition_period = MONTH
    label = "Eerste dag van de vroegste maand waarin verblijf voor onbepaalde tijd kan worden aangevraagd"
    reference = VW_21
    documentation = """
    The first day of the month of the application (aanvraagdatum) plus the years of
    verblijfsduur_onbepaalde_tijd_jaren (5, Vw 2000 art. 21 lid 1): lawful residence is taken to
    start in the month of the application. 1970-01-01 (OpenFisca's default date) when there is no
    prospect (uitzicht_op_verblijf_onbepaalde_tijd False). Other conditions of art. 21 (means,
    civic integration) are not modelled.
    """

    def formula(persoon, period, parameters):
        jaren = parameters(
            period
        ).voorstellen.vijfjarige_vergunning.verblijfsduur_onbepaalde_tijd_jaren
        def vroegste_dag(dagen):
            return (dagen.astype("datetime64[M]") + np.timedelta64(12 * int(jaren), "M")).astype("datetime64[D]")

        vroegste = per_dag(persoon("aanvraagdatum", period), vroegste_dag)
        return np.where(
            persoon("uitzicht_op_verblijf_onbepaalde_tijd", period), vroegste, GEEN_DATUM
        )


class vroegste_maand_gezinshereniging(Variable):
    value_type = date
    entity = Persoon
    definition_period = MONTH
    label = "Eerste dag van de vroegste maand waarin gezinsleden kunnen overkomen (gezinshereniging)"
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0011825&artikel=3.13&g=2024-01-01",
        "https://eur-lex.europa.eu/legal-content/NL/TXT/?uri=CELEX:32003L0086",
    ]
    documentation = """
    Current law: the first day of the month of the application (aanvraagdatum) when the admission
    allows family reunification (gezinshereniging_toegestaan), else 1970-01-01 (none; OpenFisca's
    default date). The five-year permit (reform vijfjarige_vergunning) moves it to the end of the
    permit for those who gain the right only then (docs/reforms.md). The family member's own
    conditions (income, age, civic-integration exam abroad) are not modelled.
    """

    def formula(persoon, period, parameters):
        maand = per_dag(persoon("aanvraagdatum", period), lambda dagen: dagen.astype("datetime64[M]").astype("datetime64[D]"))
        return np.where(persoon("gezinshereniging_toegestaan", period), maand, GEEN_DATUM)
