"""Compatibility alias: the citation of each refusal ground now lives in the registry of
requirements (:mod:`openfisca_arbeidsmigratie.eisen`, ``Eis.citation``; ``GET /requirements``).

``WEIGERINGSGROND_CITATIES`` keeps the 0.1.0 shape (keys ``wet``, ``artikel``, ``lid``,
``onderdeel``, ``url``, ``bwb_id``, ``omschrijving``), derived from the registry; new code reads
the registry. ``overig`` has a citation now (the kennismigrant market-conform wage condition).
"""

from __future__ import annotations

from openfisca_arbeidsmigratie.eisen import EISEN, jci_url

__all__ = ["WEIGERINGSGROND_CITATIES", "jci_url"]

WEIGERINGSGROND_CITATIES: dict[str, dict] = {
    eis.name: {
        "wet": eis.citation.law,
        "artikel": eis.citation.article,
        "lid": eis.citation.lid,
        "onderdeel": eis.citation.onderdeel,
        "url": eis.citation.url,
        "bwb_id": eis.citation.bwb_id,
        "omschrijving": eis.description,
    }
    for eis in EISEN
    if eis.citation is not None
}
