"""Proposal ``asiel_en_werk_migratiepact``: work by asylum seekers after the EU Pact on Migration and Asylum.

The cabinet put to consultation (3-30 November 2025) an amendment of BuWav 2022 and RuWav 2022,
to take effect with the EU Pact on 12 June 2026 (rijksoverheid.nl, 3 November 2025; answer to
Kamervragen 2025D52078). Not found published in the Staatsblad or the Staatscourant, so it is
modelled as a proposal, not as law:

* an asylum seeker with good prospects of an asylum permit (``asielzoeker_vooruitzicht`` =
  ``kansrijk``) may work after 3 months of the asylum procedure instead of 6 (the labour-market
  test is dropped, Wav art. 8 lid 2);
* an asylum seeker with low prospects, e.g. from a safe country of origin (``kansarm``), may not
  work: the TWV is refused on ground ``asielzoeker_werkverbod``;
* the 24-week requirement is formally struck; current law stopped applying it on 29 November
  2023 (parameter wav.asielzoeker_24_weken_eis), so nothing changes for it.

Other asylum seekers (``onbekend``, the default) keep the six-month rule. Parameters:
parameters/voorstellen/asiel_en_werk_migratiepact/.
"""

from __future__ import annotations

import numpy as np
from openfisca_core.indexed_enums import Enum
from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.enums import Verblijfsdoel, Weigeringsgrond
from openfisca_arbeidsmigratie.reforms import register
from openfisca_arbeidsmigratie.reforms._common import (
    Proposal,
    applies,
    proposal_parameters,
    wrap_formula,
)

PAD = "asiel_en_werk_migratiepact"
CONSULTATIE = "https://www.rijksoverheid.nl/actueel/nieuws/2025/11/03/asielzoeker-met-grote-kans-op-vergunning-kan-al-na-drie-maanden-werken"


class AsielzoekerVooruitzicht(Enum):
    """The prospect of an asylum permit, as the proposal distinguishes it."""

    onbekend = "Niet onderscheiden (huidige regel: werken na zes maanden)"
    kansrijk = "Grote kans op een asielvergunning"
    kansarm = "Lage kans op een asielvergunning (bijvoorbeeld uit een veilig land van herkomst)"


class asielzoeker_vooruitzicht(Variable):
    value_type = Enum
    possible_values = AsielzoekerVooruitzicht
    default_value = AsielzoekerVooruitzicht.onbekend
    entity = Persoon
    definition_period = MONTH
    label = "Vooruitzicht van de asielzoeker op een asielvergunning (voorstel migratiepact)"
    reference = [CONSULTATIE]
    documentation = """
    Input of the proposal asiel_en_werk_migratiepact: `kansrijk` (good prospects: may work after
    three months), `kansarm` (low prospects, e.g. a safe country of origin: may not work), or
    `onbekend` (default: the current six-month rule). Only read for an asylum seeker
    (verblijfsdoel `asielzoeker`).
    """


def _asielzoeker_art_8_lid_2(persoon, period, parameters, vorige):
    huidig = vorige(persoon, period, parameters)
    if not applies(parameters, period, PAD):
        return huidig
    vooruitzicht = persoon("asielzoeker_vooruitzicht", period)
    asielzoeker = persoon("verblijfsdoel", period) == Verblijfsdoel.asielzoeker
    wachttijd = proposal_parameters(parameters, period, PAD).wachttijd_kansrijk_maanden
    kansrijk = asielzoeker & (vooruitzicht == AsielzoekerVooruitzicht.kansrijk) & (persoon("asielaanvraag_duur_maanden", period) >= wachttijd)
    kansarm = vooruitzicht == AsielzoekerVooruitzicht.kansarm
    return (huidig | kansrijk) & ~kansarm


class asielzoeker_werkverbod(Variable):
    value_type = bool
    entity = Persoon
    definition_period = MONTH
    label = "Werkverbod voor een asielzoeker met een lage kans op een asielvergunning (voorstel migratiepact)"
    reference = [CONSULTATIE]
    documentation = """
    True for an asylum seeker (verblijfsdoel `asielzoeker`) with low prospects
    (asielzoeker_vooruitzicht `kansarm`) who needs a TWV, while the proposal applies: the TWV is
    refused on ground `asielzoeker_werkverbod` (registry of requirements).
    """

    def formula(persoon, period, parameters):
        if not applies(parameters, period, PAD):
            return persoon.filled_array(False)
        return (
            (persoon("verblijfsdoel", period) == Verblijfsdoel.asielzoeker)
            & (persoon("asielzoeker_vooruitzicht", period) == AsielzoekerVooruitzicht.kansarm)
            & persoon("tewerkstellingsvergunning_vereist", period)
        )


def _twv_weigeringsgrond(persoon, period, parameters, vorige):
    huidig = vorige(persoon, period, parameters)
    if not applies(parameters, period, PAD):
        return huidig
    verbod = persoon("asielzoeker_werkverbod", period)
    return np.where(verbod, Weigeringsgrond.asielzoeker_werkverbod.index, huidig)


@register(PAD)
class AsielEnWerkMigratiepact(Proposal):
    name = "Voorstel: werk door asielzoekers na het EU-migratiepact (wachttijd drie maanden bij grote kans, werkverbod bij lage kans)"
    parameter_path = f"voorstellen.{PAD}"

    def apply(self):
        self.add_variable(asielzoeker_vooruitzicht)
        self.add_variable(asielzoeker_werkverbod)
        wrap_formula(self, "asielzoeker_art_8_lid_2", _asielzoeker_art_8_lid_2)
        wrap_formula(self, "twv_weigeringsgrond", _twv_weigeringsgrond)
