"""Wage taxes on the wage of an employee: box 1 with the general credits, the 30% ruling, employer premiums.

All amounts are per calendar year (YEAR). The scope is a resident employee below the AOW age with
wage income only: no other income, deductions, partner or transfer of credits; the wage tax
withheld then equals the income tax and national-insurance contributions of box 1 after the two
general credits (Wet LB 1964 art. 20a and 22 take the box 1 rates and the credits). Amounts set
anew every year are read with :func:`openfisca_arbeidsmigratie.jaarbedragen.jaarbedrag`: a year
without publication fails loudly instead of carrying last year's brackets forward.
"""

import numpy as np
from openfisca_core.periods import YEAR
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Persoon
from openfisca_arbeidsmigratie.jaarbedragen import jaarbedrag

WET_IB = "https://wetten.overheid.nl/jci1.3:c:BWBR0011353&artikel={artikel}&g={datum}"
WET_LB = "https://wetten.overheid.nl/jci1.3:c:BWBR0002471&artikel={artikel}&g={datum}"
WML_15 = "https://wetten.overheid.nl/jci1.3:c:BWBR0002638&artikel=15&lid=1&g=2026-01-01"
DERTIG = "fiscaal.dertig_procent_regeling"


class loon_uit_dienstbetrekking(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Loon uit tegenwoordige dienstbetrekking per jaar, inclusief vakantiebijslag"
    reference = [WET_LB.format(artikel=10, datum="2026-01-01"), WML_15]
    documentation = """
    Twelve times the gross monthly wage of the year's first month (bruto_maandloon, excluding
    holiday allowance) plus the holiday allowance (Wml art. 15 lid 1: at least 8% of the wage),
    without payments in kind or irregular pay. Give it as an input for another annual wage.
    """

    def formula(persoon, period, parameters):
        maandloon = persoon("bruto_maandloon", period.first_month)
        return maandloon * 12.0 * (1.0 + parameters(period.start).fiscaal.vakantiebijslag)


class dertig_procent_regeling_toegepast(Variable):
    value_type = bool
    default_value = False
    entity = Persoon
    definition_period = YEAR
    label = "De werkgever past de 30%-regeling toe (beschikking van de inspecteur, binnen de looptijd)"
    reference = [WET_LB.format(artikel="31a", datum="2026-01-01")]
    documentation = """
    Input: the employee has a 30%-ruling decision (Uitvoeringsbesluit loonbelasting 2011 art. 10ea;
    incoming employee with a specific expertise that is scarce in the Netherlands, recruited from
    more than 150 km from the Dutch border), within its 60 months (art. 10ej), and the employer
    applies it this year. Default False.
    """


class dertig_procent_regeling_vrije_vergoeding(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Vrijgestelde vergoeding voor extraterritoriale kosten onder de 30%-regeling (jaar)"
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0002471&artikel=31a&lid=2&onderdeel=e&g=2026-01-01",
        "https://wetten.overheid.nl/BWBR0030887/2026-01-01#Hoofdstuk3_Paragraaf3.2_Artikel10e",
    ]
    documentation = """
    Without a ruling 0. Otherwise at most the percentage (30%, 27% from 2027) of the wage over at
    most the WNT norm (Uitvoeringsbesluit LB 2011 art. 10e), and no more than keeps the taxable wage
    above the salary norm (art. 10ea: the ruling is kept with the allowance cut back to the norm);
    a wage at or below the salary norm gets none. The reduced norm for those under 30 with a
    master's degree is a parameter but not applied: the package models the general norm.
    """

    def formula(persoon, period, parameters):
        loon = persoon("loon_uit_dienstbetrekking", period)
        toegepast = persoon("dertig_procent_regeling_toegepast", period)
        percentage = jaarbedrag(parameters, period, f"{DERTIG}.percentage")
        maximum_loon = jaarbedrag(parameters, period, f"{DERTIG}.maximum_loon")
        norm = jaarbedrag(parameters, period, f"{DERTIG}.salarisnorm")
        vergoeding = np.clip(np.minimum(percentage * np.minimum(loon, maximum_loon), loon - norm), 0.0, None)
        return np.where(toegepast, vergoeding, 0.0)


class belastbaar_loon(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Belastbaar loon per jaar: loon uit dienstbetrekking minus de vrijgestelde vergoeding"
    reference = [WET_LB.format(artikel=9, datum="2026-01-01"), WET_IB.format(artikel="3.81", datum="2026-01-01")]

    def formula(persoon, period, parameters):
        return persoon("loon_uit_dienstbetrekking", period) - persoon("dertig_procent_regeling_vrije_vergoeding", period)


class box_1_belasting_voor_heffingskortingen(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Inkomstenbelasting en premie volksverzekeringen box 1 over het belastbaar loon, voor heffingskortingen"
    reference = [WET_IB.format(artikel="2.10", datum="2026-01-01"), WET_LB.format(artikel="20a", datum="2026-01-01")]
    documentation = "The box 1 brackets below the AOW age (first bracket including the national-insurance premiums)."

    def formula(persoon, period, parameters):
        return jaarbedrag(parameters, period, "fiscaal.box_1_tarief").calc(persoon("belastbaar_loon", period))


class algemene_heffingskorting(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Algemene heffingskorting (jonger dan de AOW-leeftijd)"
    reference = [WET_IB.format(artikel="8.10", datum="2026-01-01")]
    documentation = "The maximum, less the phase-out percentage of the income above the phase-out point, never below 0."

    def formula(persoon, period, parameters):
        inkomen = persoon("belastbaar_loon", period)
        p = "fiscaal.algemene_heffingskorting"
        afbouw = jaarbedrag(parameters, period, f"{p}.afbouwpercentage") * np.maximum(
            inkomen - jaarbedrag(parameters, period, f"{p}.afbouwpunt"), 0.0
        )
        return np.maximum(jaarbedrag(parameters, period, f"{p}.maximum") - afbouw, 0.0)


class arbeidskorting(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Arbeidskorting (jonger dan de AOW-leeftijd)"
    reference = [WET_IB.format(artikel="8.11", datum="2026-01-01")]
    documentation = """
    Build-up and phase-out over the labour income as a scale (here the taxable wage); nil from the
    last threshold on (the published end point, where the rounded knots would leave a few cents).
    """

    def formula(persoon, period, parameters):
        inkomen = persoon("belastbaar_loon", period)
        schaal = jaarbedrag(parameters, period, "fiscaal.arbeidskorting")
        korting = np.maximum(schaal.calc(inkomen), 0.0)
        return np.where(inkomen >= schaal.thresholds[-1], 0.0, korting)


class loonheffing(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Loonbelasting en premie volksverzekeringen na de heffingskortingen (jaar, niet negatief)"
    reference = [WET_LB.format(artikel="20a", datum="2026-01-01"), WET_LB.format(artikel=22, datum="2026-01-01")]
    documentation = """
    Box 1 tax and premiums less the general tax credit and the employed person's tax credit, never
    below 0 (credits are not paid out to an employee without other income in this scope).
    """

    def formula(persoon, period, parameters):
        kortingen = persoon("algemene_heffingskorting", period) + persoon("arbeidskorting", period)
        return np.maximum(persoon("box_1_belasting_voor_heffingskortingen", period) - kortingen, 0.0)


class werkgeverspremies(Variable):
    value_type = float
    entity = Persoon
    definition_period = YEAR
    unit = "currency-EUR"
    label = "Werkgeverspremies werknemersverzekeringen en werkgeversheffing Zvw over het loon tot het maximumpremieloon"
    reference = [
        "https://wetten.overheid.nl/jci1.3:c:BWBR0017745&artikel=27&g=2026-01-01",
        "https://wetten.overheid.nl/jci1.3:c:BWBR0018450&artikel=42&g=2026-01-01",
    ]
    documentation = """
    AWf (low rate, written permanent contracts), Aof basic premium, Whk (average), the childcare
    surcharge and the Zvw employer levy, over the taxable wage up to the maximum premium wage
    (Wfsv art. 27-40, Zvw art. 42-46). Approximation: the high AWf rate of flexible contracts and
    the sector-specific Whk rates are not distinguished.
    """

    def formula(persoon, period, parameters):
        p = "fiscaal.werkgeverspremies"
        tarief = sum(jaarbedrag(parameters, period, f"{p}.{n}") for n in ("awf_laag", "aof_laag", "whk", "kinderopvang", "zvw"))
        return tarief * np.minimum(persoon("belastbaar_loon", period), jaarbedrag(parameters, period, f"{p}.maximumpremieloon"))
