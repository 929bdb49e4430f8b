"""A regime specification: which reforms, in which order, with which parameter overrides.

Written as text (the command line's ``--reform``, the API's ``regimes``)::

    SPEC  := NAMES [ "@" FILE ]
    NAMES := NAME ( "+" NAME )*        each reform at most once; huidig_recht only alone

``NAME`` is ``huidig_recht`` (current law) or a registered reform; ``FILE`` a YAML parameter file
(:func:`openfisca_arbeidsmigratie.reforms.apply_parameter_file`). The API adds inline overrides of
the same format (:meth:`RegimeSpec.with_overrides`). :func:`parse_spec` is the only parser: an
empty name, an empty ``@``, ``++``, a leading or trailing ``+``, an unknown or repeated reform is a
:class:`RegimeSpecError` naming the spec and what is allowed, the same on the command line and over
HTTP.

Building (:meth:`RegimeSpec.build`): the parameter file, then the inline overrides, are applied to
current law, then the reforms by phase (``Voorstel.fase``: who qualifies, then a cap, then what the
permit gives; within a phase in the spec's order), so that a reform that reads its parameters when
it is applied sees the overrides.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import pathlib
from collections.abc import Mapping

from openfisca_core.parameters import Parameter
from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_arbeidsmigratie.reforms._parameter_file import (
    ParameterFileError,
    apply_overrides,
    apply_parameter_file,
    parameter_at,
)
from openfisca_arbeidsmigratie.reforms._registry import (
    BASELINE,
    available_regimes,
    baseline_system,
    reform_class,
)

GRAMMAR = (
    "NAME or reforms joined by '+' (NAME+NAME, each reform once), optionally followed by @FILE "
    "(a .yaml parameter file)"
)

SWITCH = "van_toepassing"


class RegimeSpecError(ValueError):
    """A regime specification that does not follow the grammar or names an unknown reform."""


def _refuse(text: str, problem: str) -> RegimeSpecError:
    names = ", ".join(available_regimes())
    return RegimeSpecError(
        f"regime spec {text!r}: {problem}; allowed: {GRAMMAR}, NAME one of: {names}"
    )


@dataclasses.dataclass(frozen=True)
class RegimeSpec:
    """One regime: reform names in the spec's order, an optional parameter file, optional inline
    overrides (canonical JSON) and an optional label chosen by the user."""

    reforms: tuple[str, ...] = ()
    parameter_file: str | None = None
    overrides: str | None = None
    custom_label: str | None = None
    source: str = dataclasses.field(default="inline overrides", compare=False)

    @property
    def names(self) -> str:
        return "+".join(self.reforms) or BASELINE

    @property
    def is_baseline(self) -> bool:
        return not self.reforms and self.parameter_file is None and self.overrides is None

    @property
    def overrides_hash(self) -> str | None:
        if self.overrides is None:
            return None
        return hashlib.sha256(self.overrides.encode()).hexdigest()

    @property
    def label(self) -> str:
        """The regime's column name: ``names``, ``names@<file stem>``, ``...@inline-<hash>``."""
        if self.custom_label:
            return self.custom_label
        text = self.names
        if self.parameter_file:
            text += "@" + pathlib.PurePath(self.parameter_file.replace("\\", "/")).stem
        if self.overrides is not None:
            text += f"@inline-{self.overrides_hash[:8]}"
        return text

    def __str__(self) -> str:
        """The spec as written (``names[@file]``), with ``@inline:sha256:<hash>`` for inline overrides."""
        text = self.names
        if self.parameter_file:
            text += f"@{self.parameter_file}"
        if self.overrides is not None:
            text += f"@inline:sha256:{self.overrides_hash}"
        return text

    def with_overrides(self, overrides: Mapping, source: str) -> RegimeSpec:
        """This spec with inline overrides (the format of a parameter file); ``source`` names them."""
        canonical = json.dumps(overrides, sort_keys=True, separators=(",", ":"), default=str)
        return dataclasses.replace(self, overrides=canonical, source=source)

    def with_label(self, label: str | None) -> RegimeSpec:
        return dataclasses.replace(self, custom_label=label)

    def with_parameter_file(self, path: str) -> RegimeSpec:
        return dataclasses.replace(self, parameter_file=path)

    def inactive_reforms(self, system: TaxBenefitSystem, month: str) -> list[str]:
        """A warning per reform of this spec that does not apply in ``month``: every switch
        (``van_toepassing``) under its ``parameter_path`` is off then in ``system`` (this regime's
        system, so that a parameter file that moves a start date counts). A reform with a switch
        on is not named: it may act (a variant shares its folder with the other variants)."""
        day = f"{month}-01" if len(month) == 7 else month  # noqa: PLR2004 (YYYY-MM)
        warnings = []
        for name in self.reforms:
            path = getattr(reform_class(name), "parameter_path", None)
            switches = _switches(parameter_at(system.parameters, path)) if path else []
            if not switches or any(_value_on(switch, day) for switch in switches):
                continue
            starts = sorted(
                {v.instant_str for switch in switches for v in switch.values_list if v.instant_str > day and v.value}
            )
            when = f"it applies from {starts[0]}" if starts else "it is not switched on at any date"
            names = ", ".join(switch.name for switch in switches)
            what = f"its switch {names} is" if len(switches) == 1 else f"its switches {names} are"
            warnings.append(
                f"regime {self.label}: reform {name} does not apply in {month[:7]}: {what} off in "
                f"that month ({when}), so it has no effect then"
            )
        return warnings

    def build(self, baseline: TaxBenefitSystem | None = None) -> TaxBenefitSystem:
        """The tax-benefit system of this regime over ``baseline`` (default: current law).

        Built once per process and baseline; a spec with a parameter file is built anew each time
        (the file may have changed).
        """
        baseline = baseline or baseline_system()
        if self.parameter_file:
            return self._build(baseline)
        return _built(dataclasses.replace(self, custom_label=None), baseline)

    def _build(self, baseline: TaxBenefitSystem) -> TaxBenefitSystem:
        system = baseline
        classes = sorted(
            (reform_class(name) for name in self.reforms), key=lambda cls: getattr(cls, "fase", 1)
        )
        if self.parameter_file:
            system = apply_parameter_file(system, self.parameter_file)
        if self.overrides is not None:
            system = apply_overrides(system, json.loads(self.overrides), self.source)
            system.name = f"Inline parameter overrides (sha256:{self.overrides_hash})"
        for cls in classes:
            system = cls(system)
        return system


def parse_spec(text: str) -> RegimeSpec:
    """The :class:`RegimeSpec` of ``text``; RegimeSpecError if it breaks the grammar (module docstring)."""
    if not isinstance(text, str) or not text:
        raise _refuse(str(text) if isinstance(text, str) else repr(text), "the spec is empty")
    if text.count("@") > 1:
        raise _refuse(text, "more than one '@'")
    names, at, file = text.partition("@")
    if at and not file:
        raise _refuse(text, "nothing after '@' (expected a parameter file)")
    if not names:
        raise _refuse(text, "no reform name before '@'")
    if names.startswith("+") or names.endswith("+"):
        raise _refuse(text, "a '+' at the start or end (an empty name)")
    if "++" in names:
        raise _refuse(text, "'++' (an empty name between two '+')")
    parts = names.split("+")
    allowed = set(available_regimes())
    for name in parts:
        if name not in allowed:
            raise _refuse(text, f"unknown reform {name!r}")
    repeated = sorted({name for name in parts if parts.count(name) > 1})
    if repeated:
        raise _refuse(text, f"{', '.join(repr(n) for n in repeated)} more than once")
    if BASELINE in parts and len(parts) > 1:
        raise _refuse(text, f"{BASELINE!r} (current law) combined with a reform")
    reforms = tuple(name for name in parts if name != BASELINE)
    return RegimeSpec(reforms, file or None)


@functools.lru_cache(maxsize=64)
def _built(spec: RegimeSpec, baseline: TaxBenefitSystem) -> TaxBenefitSystem:
    return spec._build(baseline)


def _switches(node) -> list[Parameter]:
    if isinstance(node, Parameter):
        return [node] if node.name.rsplit(".", 1)[-1] == SWITCH else []
    return [p for p in node.get_descendants() if isinstance(p, Parameter) and p.name.rsplit(".", 1)[-1] == SWITCH]


def _value_on(parameter: Parameter, day: str):
    for value in parameter.values_list:  # newest first
        if value.instant_str <= day:
            return value.value
    return None


def as_spec(spec: str | RegimeSpec) -> RegimeSpec:
    return spec if isinstance(spec, RegimeSpec) else parse_spec(spec)


def build_regime(spec: str | RegimeSpec, baseline: TaxBenefitSystem | None = None) -> TaxBenefitSystem:
    """The tax-benefit system of a regime spec (text or :class:`RegimeSpec`)."""
    return as_spec(spec).build(baseline)


__all__ = [
    "GRAMMAR",
    "ParameterFileError",
    "RegimeSpec",
    "RegimeSpecError",
    "as_spec",
    "build_regime",
    "parse_spec",
]
