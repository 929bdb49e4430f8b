"""Score tables of the proposed brede welvaartstoets: lookup in formulas, and users' own tables.

The default (illustrative) table lives in ``parameters/voorstellen/brede_welvaartstoets/stap_1``:
one node per SBI 2008 section (``sector/A`` ... ``sector/U``) and one per ISCO-08 code
(``beroep/isco_<code>``, by default the major groups 0-9, plus ``beroep/onbekend``), each with a
score on the three dimensions of broad welfare.

An analyst can replace that table with the list of an "Adviescommissie brede welvaart" by passing
a YAML file (regime spec ``brede_welvaartstoets@my_scores.yaml``, see ``docs/reforms.md``)::

    puntentabel:
      naam: Voorbeeld                        # optional, free text
      bron: https://...                      # optional, free text
      sectoren:                              # every SBI section A-U, each with the three dimensions
        A: {economie: 2, ecologie: 1, samenleving: 3}
        ...
      beroepen:                              # ISCO-08 codes as quoted strings; at least "0" to "9"
        "2": {economie: 8, ecologie: 0, samenleving: 6}
        "2221": {economie: 7, ecologie: 0, samenleving: 10}   # more specific codes refine
        onbekend: {economie: 0, ecologie: 0, samenleving: 0}  # optional, default all 0

An occupation code is scored by its longest listed prefix ("2221" before "222" before "2"); a code
with no listed prefix (or an empty or non-numeric code) gets the ``onbekend`` scores.
Scores are numbers from -10 to 10. Every error names the file and the entry.
"""

from __future__ import annotations

import math
import pathlib
from dataclasses import dataclass

import numpy as np
import yaml
from openfisca_core.parameters import ParameterNode

from openfisca_arbeidsmigratie.codes import per_simulatie
from openfisca_arbeidsmigratie.codes import uniek as unieke_codes
from openfisca_arbeidsmigratie.enums import SbiSectie

DIMENSIES = ("economie", "ecologie", "samenleving")
MIN_SCORE = -10.0
MAX_SCORE = 10.0
ONBEKEND = "onbekend"
GELDIG_VANAF = "2000-01-01"
"""Start date of the values of a user's table (the default table starts on the same date)."""

SECTOR_PAD = "voorstellen.brede_welvaartstoets.stap_1.sector"
BEROEP_PAD = "voorstellen.brede_welvaartstoets.stap_1.beroep"


class PuntentabelError(ValueError):
    """A score table that cannot be used; the message names the file and the entry."""


Scores = dict[str, float]


@dataclass(frozen=True)
class Puntentabel:
    """A validated score table: SBI section letter -> scores, ISCO-08 code -> scores."""

    sectoren: dict[str, Scores]
    beroepen: dict[str, Scores]
    naam: str = ""


# --- lookup inside formulas -------------------------------------------------------------


def _bekende_beroepen(beroep_node) -> dict[str, Scores]:
    return {
        naam.removeprefix("isco_"): {dim: float(beroep_node[naam][dim]) for dim in DIMENSIES}
        for naam in beroep_node
    }


def _beroep(bekend: dict[str, Scores], code) -> Scores:
    return bekend.get(_langste_prefix(_als_tekst(code), bekend), dict.fromkeys(DIMENSIES, 0.0))


def _langste_prefix(code: str, bekend: dict[str, Scores]) -> str:
    if code.isdigit():
        for lengte in range(min(len(code), 4), 0, -1):
            if code[:lengte] in bekend:
                return code[:lengte]
    return ONBEKEND


def werkscores(stap_1_node, cellen: tuple[np.ndarray, np.ndarray], dimensie: str) -> np.ndarray:
    """Per person the score of the job's SBI section plus the score of its ISCO-08 occupation on
    ``dimensie`` (float32; an occupation code by its longest listed prefix, see the module).

    Read from one table of every section and every distinct code (each entry the float32 sum of
    the two scores) by the cell index per person ``cellen`` (:func:`celindex`)."""
    cel, uniek = cellen
    sectoren = np.array([float(stap_1_node.sector[s.name][dimensie]) for s in SbiSectie], dtype=np.float32)
    bekend = _bekende_beroepen(stap_1_node.beroep)
    beroepen = np.array([_beroep(bekend, code)[dimensie] for code in uniek], dtype=np.float32)
    return np.add.outer(sectoren, beroepen).reshape(-1).take(cel)


def celindex(sector, codes) -> tuple[np.ndarray, np.ndarray]:
    """Per person the index of (section, occupation code) in a table of SbiSectie x distinct codes,
    and the distinct codes."""
    uniek, positie = unieke_codes(codes)
    cel = np.asarray(sector).astype(np.intp) * len(uniek)
    cel += positie.reshape(-1)
    return cel, uniek


def cellen(persoon, period) -> tuple[np.ndarray, np.ndarray]:
    """:func:`celindex` of the simulation's sector_sbi and beroep_isco08 in ``period``, made once
    for the three dimensions while the simulation holds the same arrays (codes.per_simulatie)."""
    sector, codes = persoon("sector_sbi", period), persoon("beroep_isco08", period)
    return per_simulatie(persoon, ("puntentabel_cellen", period), (sector, codes), lambda: celindex(sector, codes))


def _als_tekst(code) -> str:
    return (code.decode() if isinstance(code, bytes) else str(code)).strip()


# --- users' tables ----------------------------------------------------------------------


def lees_puntentabel(path: str | pathlib.Path) -> Puntentabel:
    """Read and validate the score table in the YAML file ``path`` (key ``puntentabel``)."""
    path = pathlib.Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, yaml.YAMLError) as error:
        msg = f"{path}: cannot read the score table: {error}"
        raise PuntentabelError(msg) from error
    if not isinstance(data, dict) or "puntentabel" not in data:
        msg = f"{path}: expected a mapping with the key 'puntentabel'"
        raise PuntentabelError(msg)
    return valideer_puntentabel(data["puntentabel"], bron=str(path))


def valideer_puntentabel(data, bron: str = "puntentabel") -> Puntentabel:
    """Validate a score table given as a dict (the value of the ``puntentabel`` key)."""
    _eis_mapping(data, f"{bron}: puntentabel")
    onbekend = set(data) - {"naam", "bron", "sectoren", "beroepen"}
    if onbekend:
        msg = f"{bron}: puntentabel: unknown key(s) {', '.join(sorted(map(str, onbekend)))}; allowed: naam, bron, sectoren, beroepen"
        raise PuntentabelError(msg)
    for deel in ("sectoren", "beroepen"):
        if deel not in data:
            msg = f"{bron}: puntentabel: missing '{deel}'"
            raise PuntentabelError(msg)
    return Puntentabel(
        sectoren=_valideer_sectoren(data["sectoren"], bron),
        beroepen=_valideer_beroepen(data["beroepen"], bron),
        naam=str(data.get("naam") or ""),
    )


def _eis_mapping(data, plaats: str) -> None:
    if not isinstance(data, dict) or not data:
        msg = f"{plaats}: expected a non-empty mapping"
        raise PuntentabelError(msg)


def _valideer_sectoren(data, bron: str) -> dict[str, Scores]:
    _eis_mapping(data, f"{bron}: sectoren")
    toegestaan = [s.name for s in SbiSectie]
    sectoren = {}
    for sleutel, scores in data.items():
        letter = str(sleutel).strip()
        if letter not in toegestaan:
            msg = f"{bron}: sectoren.{sleutel}: unknown SBI section '{sleutel}'; allowed: {', '.join(toegestaan)}"
            raise PuntentabelError(msg)
        sectoren[letter] = _valideer_scores(scores, f"{bron}: sectoren.{letter}")
    ontbrekend = [s for s in toegestaan if s not in sectoren]
    if ontbrekend:
        msg = f"{bron}: sectoren: missing SBI section(s) {', '.join(ontbrekend)}; the table must score all of A-U"
        raise PuntentabelError(msg)
    return sectoren


def _valideer_beroepen(data, bron: str) -> dict[str, Scores]:
    _eis_mapping(data, f"{bron}: beroepen")
    beroepen = {}
    for sleutel, scores in data.items():
        code = str(sleutel).strip()
        if code != ONBEKEND and not (code.isdigit() and 1 <= len(code) <= 4):
            msg = f"{bron}: beroepen.{sleutel}: not an ISCO-08 code (1 to 4 digits, quoted) nor '{ONBEKEND}'"
            raise PuntentabelError(msg)
        if code in beroepen:
            msg = f"{bron}: beroepen.{sleutel}: listed twice"
            raise PuntentabelError(msg)
        beroepen[code] = _valideer_scores(scores, f"{bron}: beroepen.{code}")
    ontbrekend = [str(g) for g in range(10) if str(g) not in beroepen]
    if ontbrekend:
        msg = f"{bron}: beroepen: missing ISCO-08 major group(s) {', '.join(ontbrekend)}; the table must score all of 0-9"
        raise PuntentabelError(msg)
    beroepen.setdefault(ONBEKEND, dict.fromkeys(DIMENSIES, 0.0))
    return beroepen


def _valideer_scores(scores, plaats: str) -> Scores:
    if not isinstance(scores, dict):
        msg = (
            f"{plaats}: expected a mapping of the dimensions {', '.join(DIMENSIES)}, got {scores!r}"
        )
        raise PuntentabelError(msg)
    extra = [str(k) for k in scores if k not in DIMENSIES]
    if extra:
        msg = f"{plaats}: unknown dimension(s) {', '.join(extra)}; allowed: {', '.join(DIMENSIES)}"
        raise PuntentabelError(msg)
    ontbrekend = [d for d in DIMENSIES if d not in scores]
    if ontbrekend:
        msg = f"{plaats}: missing dimension(s) {', '.join(ontbrekend)}; required: {', '.join(DIMENSIES)}"
        raise PuntentabelError(msg)
    return {dim: _valideer_score(scores[dim], f"{plaats}.{dim}") for dim in DIMENSIES}


def _valideer_score(waarde, plaats: str) -> float:
    if isinstance(waarde, bool) or not isinstance(waarde, int | float) or not math.isfinite(waarde):
        msg = f"{plaats}: score {waarde!r} is not a number"
        raise PuntentabelError(msg)
    if not MIN_SCORE <= waarde <= MAX_SCORE:
        msg = f"{plaats}: score {waarde!r} is outside the allowed range {MIN_SCORE:g} to {MAX_SCORE:g}"
        raise PuntentabelError(msg)
    return float(waarde)


# --- replacing the default table --------------------------------------------------------


def _node(pad: str, rijen: dict[str, Scores], bron: str) -> ParameterNode:
    data = {
        sleutel: {
            dim: {
                "description": f"Score {dim}, {sleutel} ({bron})",
                "metadata": {
                    "unit": "point",
                    "assumption": {"rationale": "user score table", "provenance": bron},
                },
                "values": {GELDIG_VANAF: {"value": score}},
            }
            for dim, score in scores.items()
        }
        for sleutel, scores in rijen.items()
    }
    return ParameterNode(pad, data=data)


def vervang_tabel(parameters: ParameterNode, tabel: Puntentabel, bron: str) -> ParameterNode:
    """Replace the default sector and occupation scores in ``parameters`` by ``tabel``."""
    stap_1 = parameters.voorstellen.brede_welvaartstoets.stap_1
    beroepen = {(k if k == ONBEKEND else f"isco_{k}"): v for k, v in tabel.beroepen.items()}
    for naam, node in (
        ("sector", _node(SECTOR_PAD, tabel.sectoren, bron)),
        ("beroep", _node(BEROEP_PAD, beroepen, bron)),
    ):
        stap_1.children[naam] = node
        setattr(stap_1, naam, node)
    return parameters
