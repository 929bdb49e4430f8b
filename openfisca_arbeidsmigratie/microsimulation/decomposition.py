"""Which measure of a combined regime does what: the change of ``a+b+c`` split by reform.

``stacked``: the reforms are added one at a time in the order :func:`build_regime` applies them
(phase first, then the order of the spec), so the steps ``a``, ``a+b``, ``a+b+c`` are simulated and
each reform's contribution is the change from the step before; the contributions add up to the
change of the whole combination. ``alone``: each reform by itself against current law; these do not
add up when the reforms interact (a cap that binds only after a tightening, say), and the
difference from the combination is shown as the interaction.
"""

from __future__ import annotations

from openfisca_arbeidsmigratie.reforms import BASELINE, reform_class

MODES = ("stacked", "alone")


def reform_names(spec: str) -> tuple[list[str], str]:
    """The reforms of ``spec`` in the order they are applied, and its parameter-file suffix."""
    names, at, parameter_file = spec.partition("@")
    reforms = [name for name in names.split("+") if name and name != BASELINE]
    reforms.sort(key=lambda name: getattr(reform_class(name), "fase", 1))
    return reforms, f"{at}{parameter_file}"


def steps(spec: str, mode: str = "stacked") -> list[str]:
    """The specs to simulate beside ``spec`` to decompose it (empty for a single reform)."""
    reforms, suffix = reform_names(spec)
    if len(reforms) < 2:  # noqa: PLR2004 (a decomposition needs two reforms)
        return []
    if mode == "alone":
        return [f"{name}{suffix}" for name in reforms]
    return ["+".join(reforms[: i + 1]) + suffix for i in range(len(reforms))]


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
    reforms, _ = reform_names(spec)
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
