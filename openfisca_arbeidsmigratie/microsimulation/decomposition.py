"""Which measure of a combined regime does what: the change of ``a+b+c`` split by reform.

``stacked``: the reforms are added one at a time in the order :func:`build_regime` applies them
(phase first, then the order of the spec), so the steps ``a``, ``a+b``, ``a+b+c`` are simulated and
each reform's contribution is the change from the step before; the contributions add up to the
change of the whole combination. ``alone``: each reform by itself against current law; these do not
add up when the reforms interact (a cap that binds only after a tightening, say), and the
difference from the combination is shown as the interaction.
"""

from __future__ import annotations

import dataclasses

from openfisca_arbeidsmigratie.reforms import BASELINE, parse_spec, reform_class

MODES = ("stacked", "alone")


def reform_names(spec: str) -> list[str]:
    """The reforms of ``spec`` in the order they are applied (phase, then the spec's order)."""
    parsed = parse_spec(spec)
    return sorted(parsed.reforms, key=lambda name: getattr(reform_class(name), "fase", 1))


def steps(spec: str, mode: str = "stacked") -> list[str]:
    """The specs to simulate beside ``spec`` to decompose it (empty for a single reform); each
    keeps the spec's parameter file and inline overrides."""
    parsed = parse_spec(spec)
    reforms = reform_names(spec)
    if len(reforms) < 2:  # noqa: PLR2004 (a decomposition needs two reforms)
        return []
    chosen = [(name,) for name in reforms] if mode == "alone" else [tuple(reforms[: i + 1]) for i in range(len(reforms))]
    specs = [str(dataclasses.replace(parsed, reforms=names, custom_label=None)) for names in chosen]
    if mode == "stacked":
        specs[-1] = spec  # the last step is the combination itself
    return specs


def expand(specs: list[str], mode: str) -> list[str]:
    """``specs`` followed by every step their decomposition needs that is not already there."""
    out = list(specs)
    for spec in specs:
        out += [step for step in steps(spec, mode) if step not in out]
    return out


def contributions(route_table: list[dict], spec: str, labels: dict[str, str], mode: str) -> list[dict]:
    """Per route: each reform's contribution to the change of ``spec`` from current law.

    ``route_table`` holds one row per route with a figure per regime label; ``labels`` maps each
    spec to its label in that table. Rows: regime, reform, route, contribution (weighted); in
    ``alone`` mode a last row per route, reform ``interaction``, makes the contributions add up.
    """
    reforms = reform_names(spec)
    sequence = steps(spec, mode)
    if not sequence:
        return []
    total = labels[spec]
    rows = []
    for route_row in route_table:
        route = route_row["route"]
        base = route_row[BASELINE]
        previous = base
        explained = 0.0
        for name, step in zip(reforms, sequence, strict=True):
            value = route_row[labels[step]]
            change = value - (previous if mode == "stacked" else base)
            explained += change
            previous = value
            rows.append({"regime": total, "reform": name, "route": route, "contribution": change})
        if mode == "alone":
            interaction = route_row[total] - base - explained
            rows.append(
                {"regime": total, "reform": "interaction", "route": route, "contribution": interaction}
            )
    return rows
