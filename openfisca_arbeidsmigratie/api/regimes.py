"""Regimes chosen per request: registered reforms, combined, with parameter overrides inline.

A regime in a request is either a string ``"name"`` / ``"name+name"`` (optionally ``"@file.yaml"``,
a parameter file in the server's ``--parameter-dir``; refused when the server has none), or an
object::

    {"regime": "brede_welvaartstoets", "label": "bwt_drempel_20",
     "parameters": {"voorstellen.brede_welvaartstoets.toelatingsdrempel": 20},
     "puntentabel": {...}}

whose ``parameters`` and ``puntentabel`` have the format of a regime parameter file
(:func:`openfisca_arbeidsmigratie.reforms.apply_parameter_file`), validated the same way.
Built systems are cached per app (a regime is built once, then reused by later requests).
"""

from __future__ import annotations

import collections
import dataclasses
import hashlib
import json
import os
import pathlib
import re
import tempfile
import threading

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_arbeidsmigratie.api.errors import ApiError, unprocessable
from openfisca_arbeidsmigratie.microsimulation import Regime
from openfisca_arbeidsmigratie.reforms import (
    BASELINE,
    apply_parameter_file,
    available_regimes,
    build_regime,
    reform_class,
)

LABEL_PATTERN = re.compile(r"^[A-Za-z0-9_.+@-]{1,80}$")
FILE_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,120}\.ya?ml$")
OBJECT_KEYS = ("regime", "label", "parameters", "puntentabel")
OVERRIDE_KEYS = ("parameters", "puntentabel")
CACHE_SIZE = 32


@dataclasses.dataclass(frozen=True)
class RegimeRequest:
    """One regime as asked: reform names, optional server file, optional inline overrides."""

    where: str  # "regimes[2]", for messages
    names: tuple[str, ...]
    file: str | None = None
    overrides: str | None = None  # canonical JSON of {"parameters": ..., "puntentabel": ...}
    label: str | None = None

    @property
    def overrides_hash(self) -> str | None:
        if self.overrides is None:
            return None
        return hashlib.sha256(self.overrides.encode()).hexdigest()

    @property
    def spec(self) -> str:
        """A readable description for the receipt: ``names[@file][+inline:sha256:<hash>]``."""
        text = "+".join(self.names) or BASELINE
        if self.file:
            text += f"@{self.file}"
        if self.overrides is not None:
            text += f"+inline:sha256:{self.overrides_hash}"
        return text

    @property
    def default_label(self) -> str:
        text = "+".join(self.names) or BASELINE
        if self.file:
            text += "@" + self.file.rsplit(".", 1)[0]
        if self.overrides is not None:
            text += f"@inline-{self.overrides_hash[:8]}"
        return text

    @property
    def is_plain_baseline(self) -> bool:
        return set(self.names) <= {BASELINE} and self.file is None and self.overrides is None


def _names(text: str, where: str) -> tuple[str, ...]:
    names = tuple(name.strip() for name in text.split("+"))
    allowed = available_regimes()
    for name in names:
        if name not in allowed:
            raise unprocessable(
                f"{where}: unknown regime or reform '{name}'; allowed: {', '.join(allowed)} "
                "(combine with '+', see GET /regimes).",
                "unknown_regime",
            )
    return names


def _from_string(text: str, where: str) -> RegimeRequest:
    names, at, file = text.partition("@")
    if at and not FILE_PATTERN.match(file):
        raise unprocessable(
            f"{where}: '{file}' is not a parameter file name; allowed: a file name ending in .yaml "
            "in the server's parameter directory (letters, digits, _ . -), or inline overrides as "
            '{"regime": ..., "parameters": {...}}.',
            "invalid_regime",
        )
    return RegimeRequest(where, _names(names, where), file or None)


def _from_object(item: dict, where: str) -> RegimeRequest:
    unknown = sorted(str(k) for k in item if k not in OBJECT_KEYS)
    if unknown:
        raise unprocessable(
            f"{where}: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(OBJECT_KEYS)}.",
            "invalid_regime",
        )
    base = item.get("regime", BASELINE)
    if not isinstance(base, str):
        raise unprocessable(f"{where}.regime: expected a string such as 'brede_welvaartstoets'.")
    label = item.get("label")
    if label is not None and not (isinstance(label, str) and LABEL_PATTERN.match(label)):
        raise unprocessable(
            f"{where}.label: {label!r} is not allowed; allowed: 1-80 characters from A-Z a-z 0-9 _ . + @ -.",
            "invalid_regime",
        )
    parsed = _from_string(base, f"{where}.regime")
    overrides = {key: item[key] for key in OVERRIDE_KEYS if key in item}
    canonical = json.dumps(overrides, sort_keys=True, separators=(",", ":")) if overrides else None
    return dataclasses.replace(parsed, where=where, overrides=canonical, label=label)


def parse_regimes(items, max_regimes: int) -> list[RegimeRequest]:
    """Validate the ``regimes`` field: a list of strings or objects (see the module docstring)."""
    if items is None:
        return []
    if isinstance(items, str):
        items = [items]
    if not isinstance(items, list):
        raise unprocessable(
            "regimes: expected a list of regime names (strings) or regime objects.",
            "invalid_regime",
        )
    if len(items) > max_regimes:
        raise unprocessable(
            f"regimes: {len(items)} regimes asked; allowed: at most {max_regimes} besides current law.",
            "too_many_regimes",
        )
    requests = []
    for index, item in enumerate(items):
        where = f"regimes[{index}]"
        if isinstance(item, str):
            requests.append(_from_string(item, where))
        elif isinstance(item, dict):
            requests.append(_from_object(item, where))
        else:
            raise unprocessable(
                f"{where}: expected a regime name (string) or an object with the fields "
                f"{', '.join(OBJECT_KEYS)}; got {type(item).__name__}.",
                "invalid_regime",
            )
    return [r for r in requests if not r.is_plain_baseline]


class RegimeBuilder:
    """Builds and caches the systems of regime requests over one baseline (thread-safe)."""

    def __init__(self, baseline: TaxBenefitSystem, parameter_dir: pathlib.Path | None) -> None:
        self.baseline = baseline
        self.parameter_dir = parameter_dir.resolve() if parameter_dir else None
        self._cache: collections.OrderedDict = collections.OrderedDict()
        self._lock = threading.Lock()

    def regime(self, request: RegimeRequest) -> Regime:
        key = (request.names, request.file, request.overrides)
        with self._lock:
            system = self._cache.get(key)
            if system is None:
                system = self._build(request)
                self._cache[key] = system
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
            self._cache.move_to_end(key)
        spec = request.spec
        if request.file:  # the full path, so that receipts can hash the file
            spec = spec.replace(f"@{request.file}", f"@{self._file(request)}", 1)
        return Regime(request.label or request.default_label, spec, system)

    def _build(self, request: RegimeRequest) -> TaxBenefitSystem:
        try:
            system = build_regime("+".join(request.names), self.baseline)
            if request.file:
                system = apply_parameter_file(system, os.fspath(self._file(request)))
        except ApiError:
            raise
        except ValueError as error:
            raise unprocessable(f"{request.where}: {error}", "invalid_regime") from None
        if request.overrides is not None:
            system = self._apply_inline(system, request)
        return system

    def _file(self, request: RegimeRequest) -> pathlib.Path:
        if self.parameter_dir is None:
            raise unprocessable(
                f"{request.where}: parameter files on the server are not enabled (the server was "
                "started without --parameter-dir); give the overrides inline instead: "
                '{"regime": "...", "parameters": {"dotted.name": value}}.',
                "parameter_files_disabled",
            )
        path = (self.parameter_dir / request.file).resolve()
        if not path.is_relative_to(self.parameter_dir) or not path.is_file():
            raise unprocessable(
                f"{request.where}: no parameter file '{request.file}' in the server's parameter directory.",
                "unknown_parameter_file",
            )
        return path

    @staticmethod
    def _apply_inline(system: TaxBenefitSystem, request: RegimeRequest) -> TaxBenefitSystem:
        """Validate and apply inline overrides through the parameter-file reader (one code path)."""
        with tempfile.TemporaryDirectory(prefix="arbeidsmigratie-api-") as folder:
            path = pathlib.Path(folder) / "overrides.json"  # JSON is YAML
            path.write_text(request.overrides, encoding="utf-8")
            try:
                system = apply_parameter_file(system, os.fspath(path))
            except ValueError as error:
                message = str(error).replace(os.fspath(path), request.where)
                raise unprocessable(message, "invalid_parameters") from None
        system.name = f"Inline parameter overrides (sha256:{request.overrides_hash})"
        return system


def _proposal_parameters(system: TaxBenefitSystem, name: str) -> list[str]:
    node = getattr(getattr(system.parameters, "voorstellen", None), "children", {}).get(name)
    if node is None:
        return []
    prefix = f"voorstellen.{name}"
    names = []
    for child in node.get_descendants():
        if not hasattr(child, "children"):
            names.append(child.name)
    return sorted(n for n in names if n.startswith(prefix))


def catalogue(system: TaxBenefitSystem) -> list[dict]:
    """GET /regimes: current law and every registered reform, with description and parameters."""
    regimes = [
        {
            "name": BASELINE,
            "description": "Huidig recht: current Dutch labour-migration admission law (always computed).",
            "requires_whole_population": False,
            "parameters": [],
        }
    ]
    for name in available_regimes()[1:]:
        cls = reform_class(name)
        regimes.append(
            {
                "name": name,
                "description": str(cls.name or name),
                "documentation": " ".join((cls.__doc__ or "").split()),
                "requires_whole_population": bool(getattr(cls, "requires_whole_population", False)),
                "parameters": _proposal_parameters(system, name),
            }
        )
    return regimes
