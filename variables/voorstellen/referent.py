"""Input of the proposed stricter sponsor reliability test (Kamerstuk 29861 nr. 163)."""

from openfisca_core.periods import MONTH
from openfisca_core.variables import Variable

from openfisca_arbeidsmigratie.entities import Werkgever


class referent_aantal_boetes_terugkijktermijn(Variable):
    value_type = int
    entity = Werkgever
    definition_period = MONTH
    label = "Aantal onherroepelijke boetes van de werkgever binnen de terugkijktermijn van de strengere referenteis"
    unit = "/1"
    reference = [
        "https://www.tweedekamer.nl/kamerstukken/brieven_regering/detail?did=2025D32387",
        "https://wetten.overheid.nl/BWBR0011823/2024-01-01#Hoofdstuk1a",
    ]
    documentation = """
    Irrevocable fines imposed on the employer within the look-back window of the reform
    referent_betrouwbaarheid_strenger (parameter terugkijktermijn_jaren, 5 years by default) for tax
    offences, non-payment of the minimum wage, illegal employment and the other labour-law fines of
    Wav art. 9 lid 1 onder i (the cabinet wants 'more violations counted'). Allowed: >= 0.
    Default (formula): the four-year count of current law, referent_aantal_boetes_laatste_4_jaar, a
    lower bound for a longer window; give this input when the fines of the extra year are known.
    """

    def formula(werkgever, period, parameters):
        return werkgever("referent_aantal_boetes_laatste_4_jaar", period)
