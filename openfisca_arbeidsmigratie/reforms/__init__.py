"""Regimes: current law and the reforms under study, by name.

A *regime* is a tax-benefit system: current law (``huidig_recht``) or current law with one or
more reforms applied. Reform modules in this package register themselves with :func:`register`
and declare the path of their parameters (``parameter_path``); the comparison engine, the CLI, the
API and the costing describe a regime by one :class:`RegimeSpec` (parsed by :func:`parse_spec`
from text such as ``"brede_welvaartstoets+bandbreedte@scores.yaml"``) and build it with
:meth:`RegimeSpec.build`. Parameter overrides (a file, or inline over HTTP) are applied in memory
by :func:`apply_overrides`.
"""

from __future__ import annotations

from openfisca_arbeidsmigratie.reforms._parameter_file import (
    ParameterFileError,
    apply_overrides,
    apply_parameter_file,
    parameter_at,
    read_parameter_file,
)
from openfisca_arbeidsmigratie.reforms._registry import (
    _REGISTRY,
    BASELINE,
    available_regimes,
    baseline_system,
    reform_class,
    register,
)
from openfisca_arbeidsmigratie.reforms._spec import (
    GRAMMAR,
    RegimeSpec,
    RegimeSpecError,
    as_spec,
    build_regime,
    parse_spec,
)

__all__ = [
    "BASELINE",
    "GRAMMAR",
    "_REGISTRY",
    "ParameterFileError",
    "RegimeSpec",
    "RegimeSpecError",
    "apply_overrides",
    "apply_parameter_file",
    "as_spec",
    "available_regimes",
    "baseline_system",
    "build_regime",
    "parameter_at",
    "parse_spec",
    "read_parameter_file",
    "reform_class",
    "register",
]
