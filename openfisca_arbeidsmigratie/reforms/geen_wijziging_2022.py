"""Counterfactual ``geen_wijziging_2022``: no 2022 Wav amendment for the TWV/GVVA validity.

Since 1 January 2022 (Stb. 2021, 505) a TWV or GVVA granted after a full labour-market test is
valid for at most two years; before, one year (Kamerstuk 29861 nr. 153; Wav art. 11). This
counterfactual keeps the one year from the first date its ``van_toepassing`` is true (1 January
2022), so that the amendment's effect on renewals can be costed. The other 2022 changes (the
three-year statutory ceiling, the bank-transfer and economic-activity grounds) stay.

It sets the Wav parameter wav.twv_maximale_geldigheidsduur.na_volledige_arbeidsmarkttoets from
parameters/voorstellen/geen_wijziging_2022 when the system is built (a parameter file of the
regime specification is applied before the reforms, so it can change these values).
"""

from __future__ import annotations

from openfisca_core.periods import instant

from openfisca_arbeidsmigratie.reforms import register
from openfisca_arbeidsmigratie.reforms._common import Proposal

PATH = "geen_wijziging_2022"


def _first_date_in_force(schakelaar) -> str | None:
    for waarde in reversed(schakelaar.values_list):  # values_list runs from the latest date back
        if waarde.value:
            return waarde.instant_str
    return None


def _without_amendment(parameters):
    eigen = parameters.voorstellen.geen_wijziging_2022
    start = _first_date_in_force(eigen.van_toepassing)
    if start is None:
        return parameters
    duur = eigen.maximale_geldigheidsduur_na_volledige_arbeidsmarkttoets
    doel = parameters.wav.twv_maximale_geldigheidsduur.na_volledige_arbeidsmarkttoets
    doel.update(start=instant(start), value=duur(start))
    for waarde in reversed(duur.values_list):
        if waarde.instant_str > start:
            doel.update(start=instant(waarde.instant_str), value=waarde.value)
    return parameters


@register(PATH)
class GeenWijziging2022(Proposal):
    parameter_path = "voorstellen.geen_wijziging_2022"
    name = "Tegenfeitelijk: TWV/GVVA na volledige arbeidsmarkttoets blijft een jaar geldig (geen Wav-wijziging 2022)"

    def apply(self):
        self.modify_parameters(modifier_function=_without_amendment)
