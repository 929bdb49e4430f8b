"""Regimes chosen per request: registered reforms, combined, with parameter overrides inline.

A regime in a request is either a string ``"name"`` / ``"name+name"`` (optionally ``"@file.yaml"``,
a parameter file in the server's ``--parameter-dir``; refused when the server has none), or an
object::

    {"regime": "brede_welvaartstoets", "label": "bwt_drempel_20",
     "parameters": {"voorstellen.brede_welvaartstoets.toelatingsdrempel": 20},
     "puntentabel": {...}}

whose ``parameters`` and ``puntentabel`` have the format of a regime parameter file
(:func:`openfisca_arbeidsmigratie.reforms.apply_parameter_file`), validated and applied in
memory by the same function (:func:`openfisca_arbeidsmigratie.reforms.apply_overrides`). The
strings are parsed by :func:`openfisca_arbeidsmigratie.reforms.parse_spec`, the command line's
parser: a bad spec gets a 400 with the message the command line prints.
Built systems are cached per app (a regime is built once, then reused by later requests).
"""

from __future__ import annotations

import collections
import pathlib
import re
import threading

from openfisca_core.parameters import Parameter
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_arbeidsmigratie.api.errors import ApiError, bad_request, unprocessable
from openfisca_arbeidsmigratie.microsimulation import Regime
from openfisca_arbeidsmigratie.reforms import (
    BASELINE,
    ParameterFileError,
    RegimeSpec,
    RegimeSpecError,
    available_regimes,
    parameter_at,
    parse_spec,
    reform_class,
)

LABEL_PATTERN = re.compile(r"^[A-Za-z0-9_.+@-]{1,80}$")
FILE_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,120}\.ya?ml$")
OBJECT_KEYS = ("regime", "label", "parameters", "puntentabel")
OVERRIDE_KEYS = ("parameters", "puntentabel")
CACHE_SIZE = 32


def spec_error(error: RegimeSpecError, where: str) -> ApiError:
    """A bad regime spec: 400, with the message the command line prints for the same spec."""
    return bad_request(f"{where}: {error}", "invalid_regime")


def _from_string(text: str, where: str) -> RegimeSpec:
    try:
        spec = parse_spec(text)
    except RegimeSpecError as error:
        raise spec_error(error, where) from None
    if spec.parameter_file is not None and not FILE_PATTERN.match(spec.parameter_file):
        raise unprocessable(
            f"{where}: '{spec.parameter_file}' is not a parameter file name; allowed: a file name "
            "ending in .yaml in the server's parameter directory (letters, digits, _ . -), or inline "
            'overrides as {"regime": ..., "parameters": {...}}.',
            "invalid_regime",
        )
    return RegimeSpec(spec.reforms, spec.parameter_file, source=where)


def _from_object(item: dict, where: str) -> RegimeSpec:
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
    spec = _from_string(base, f"{where}.regime").with_label(label)
    overrides = {key: item[key] for key in OVERRIDE_KEYS if key in item}
    return spec.with_overrides(overrides, where) if overrides else spec


def parse_regimes(items, max_regimes: int) -> list[RegimeSpec]:
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
    specs = []
    for index, item in enumerate(items):
        where = f"regimes[{index}]"
        if isinstance(item, str):
            specs.append(_from_string(item, where))
        elif isinstance(item, dict):
            specs.append(_from_object(item, where))
        else:
            raise unprocessable(
                f"{where}: expected a regime name (string) or an object with the fields "
                f"{', '.join(OBJECT_KEYS)}; got {type(item).__name__}.",
                "invalid_regime",
            )
    return [s for s in specs if not s.is_baseline]


class RegimeBuilder:
    """Builds and caches the systems of regime specs over one baseline (thread-safe)."""

    def __init__(self, baseline: TaxBenefitSystem, parameter_dir: pathlib.Path | None) -> None:
        self.baseline = baseline
        self.parameter_dir = parameter_dir.resolve() if parameter_dir else None
        self._cache: collections.OrderedDict = collections.OrderedDict()
        self._lock = threading.Lock()

    def regime(self, spec: RegimeSpec) -> Regime:
        if spec.parameter_file:  # the full path, so that receipts can hash the file
            spec = spec.with_parameter_file(str(self._file(spec)))
        key = (spec.reforms, spec.parameter_file, spec.overrides)
        with self._lock:
            system = self._cache.get(key)
            if system is None:
                system = self._build(spec)
                self._cache[key] = system
                while len(self._cache) > CACHE_SIZE:
                    self._cache.popitem(last=False)
            self._cache.move_to_end(key)
        return Regime(spec.label, spec, system)

    def _build(self, spec: RegimeSpec) -> TaxBenefitSystem:
        try:
            return spec.build(self.baseline)
        except ParameterFileError as error:
            message = str(error)
            if spec.parameter_file:  # the file as the request named it, not the server's path
                name = pathlib.Path(spec.parameter_file).name
                message = f"{spec.source}: " + message.replace(spec.parameter_file, name)
            raise unprocessable(message, "invalid_parameters") from None

    def _file(self, spec: RegimeSpec) -> pathlib.Path:
        if self.parameter_dir is None:
            raise unprocessable(
                f"{spec.source}: parameter files on the server are not enabled (the server was "
                "started without --parameter-dir); give the overrides inline instead: "
                '{"regime": "...", "parameters": {"dotted.name": value}}.',
                "parameter_files_disabled",
            )
        path = (self.parameter_dir / spec.parameter_file).resolve()
        if not path.is_relative_to(self.parameter_dir) or not path.is_file():
            raise unprocessable(
                f"{spec.source}: no parameter file '{spec.parameter_file}' in the server's parameter directory.",
                "unknown_parameter_file",
            )
        return path


def reform_parameters(system: TaxBenefitSystem, name: str) -> list[str]:
    """The dotted names of the parameters a reform declares (its ``parameter_path``), sorted."""
    path = getattr(reform_class(name), "parameter_path", None)
    if not path:
        return []
    node = parameter_at(system.parameters, path)
    if isinstance(node, Parameter):
        return [node.name]
    return sorted(p.name for p in node.get_descendants() if isinstance(p, Parameter))


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
                "parameter_path": getattr(cls, "parameter_path", None),
                "parameters": reform_parameters(system, name),
            }
        )
    return regimes
