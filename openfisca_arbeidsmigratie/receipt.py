"""Receipts: what produced a result (package version, parameter hash, reforms), for audit trails.

A receipt travels with every answer of the web API and with every costing report, so a figure can
be traced back to the exact law and reform parameters that produced it::

    from openfisca_arbeidsmigratie.receipt import receipt_for
    receipt_for({"huidig_recht": baseline, "brede_welvaartstoets": reformed}, period="2026-01")

The receipt is deterministic (no clock time): the same package version and systems give the same
receipt, so two receipts can be compared for equality.
"""

from __future__ import annotations

import hashlib
import json
import weakref
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version

from openfisca_core.parameters import Parameter, ParameterNode, ParameterScale
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

import openfisca_arbeidsmigratie

HASH_NAME = "sha256"
_HASHES: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _openfisca_core_version() -> str:
    try:
        return version("openfisca-core")
    except PackageNotFoundError:  # pragma: no cover (a broken install)
        return "unknown"


def _parameter_values(node, prefix: str = "") -> Iterator[tuple[str, list]]:
    """(dotted name, [[start date, value], ...]) of every parameter under ``node``, in tree order."""
    if isinstance(node, Parameter):
        yield prefix, [[v.instant_str, v.value] for v in node.values_list]
    elif isinstance(node, ParameterScale):
        for position, bracket in enumerate(node.brackets):
            for key, child in sorted(bracket.children.items()):
                yield from _parameter_values(child, f"{prefix}[{position}].{key}")
    elif isinstance(node, ParameterNode):
        for key, child in sorted(node.children.items()):
            yield from _parameter_values(child, f"{prefix}.{key}" if prefix else key)


def parameter_hash(system: TaxBenefitSystem) -> str:
    """``"sha256:<hex>"`` of every parameter's dated values in ``system`` (cached per system).

    Two systems with the same parameter names, start dates and values have the same hash; any
    changed value (for example by a reform or an inline parameter override) changes it.
    """
    cached = _HASHES.get(system)
    if cached is None:
        digest = hashlib.new(HASH_NAME)
        for name, values in _parameter_values(system.parameters):
            line = json.dumps([name, values], sort_keys=True, default=str, separators=(",", ":"))
            digest.update(line.encode("utf-8"))
            digest.update(b"\n")
        cached = f"{HASH_NAME}:{digest.hexdigest()}"
        _HASHES[system] = cached
    return cached


def reform_chain(system: TaxBenefitSystem) -> list[dict[str, str]]:
    """The reforms applied to ``system``, baseline first: ``[{"key", "name"}, ...]`` (empty for current law).

    ``key`` is the registered regime name where there is one (else the class name); ``name`` is the
    reform's description.
    """
    chain = []
    while getattr(system, "baseline", None) is not None:
        cls = type(system)
        key = getattr(cls, "regime_name", None) or getattr(system, "key", cls.__name__)
        chain.append({"key": str(key), "name": str(getattr(system, "name", None) or key)})
        system = system.baseline
    return chain[::-1]


def regime_receipt(system: TaxBenefitSystem) -> dict:
    return {"reforms": reform_chain(system), "parameter_hash": parameter_hash(system)}


def receipt_for(systems: dict[str, TaxBenefitSystem], **extra) -> dict:
    """The receipt of a result computed with ``systems`` (regime label -> tax-benefit system).

    Keys: ``package``, ``version`` (of this package), ``openfisca_core`` (its version), ``regimes``
    (per label: the reform chain and the parameter hash) and any ``extra`` keyword given (e.g.
    ``period``, ``specs``, ``rows``); ``extra`` must be JSON-serialisable.
    """
    return {
        "package": "openfisca-arbeidsmigratie",
        "version": openfisca_arbeidsmigratie.__version__,
        "openfisca_core": _openfisca_core_version(),
        "regimes": {label: regime_receipt(system) for label, system in systems.items()},
        **extra,
    }
