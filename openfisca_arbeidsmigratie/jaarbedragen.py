"""Amounts the law sets anew every year (tax brackets, credits, premiums, salary norms), read only for a published year.

A parameter (or scale) whose metadata has ``yearly: true`` is indexed or fixed again each year
(Wet IB 2001 art. 10.1, the yearly premium regulation, the WNT norm). OpenFisca would carry the last
value into a later year; :func:`jaarbedrag` refuses that: a year after the last publication, or a
``null`` (a year known to change but not yet published), is an :class:`OntbrekendBedragError`
naming the parameter, the year and the last published year. :func:`gepubliceerd_tot` gives the
last year for which every yearly amount under a node is published.
"""

from __future__ import annotations

from openfisca_core.parameters import Parameter, ParameterNode, ParameterScale

from openfisca_arbeidsmigratie.indexatie import OntbrekendBedragError, _parameter_in, _systeem


def _leaves(node) -> list[Parameter]:
    if isinstance(node, Parameter):
        return [node]
    if isinstance(node, ParameterScale):
        out = []
        for bracket in node.brackets:
            out += [child for child in bracket.children.values() if isinstance(child, Parameter)]
        return out
    return []


def _jaren(node) -> tuple[int, int | None]:
    """(first year with a value, last year with a value dated in it, None if the series ends in a gap)."""
    eerste, laatste = None, None
    for leaf in _leaves(node):
        waarden = sorted(leaf.values_list, key=lambda v: v.instant_str)
        bekend = [int(v.instant_str[:4]) for v in waarden if v.value is not None]
        if not bekend:
            continue
        eerste = bekend[0] if eerste is None else min(eerste, bekend[0])
        laatste = bekend[-1] if laatste is None else max(laatste, bekend[-1])
        if waarden[-1].value is None:
            gat = int(waarden[-1].instant_str[:4])
            laatste = min(laatste, gat - 1)
    return eerste or 0, laatste


def jaarlijks(node) -> bool:
    return bool((getattr(node, "metadata", None) or {}).get("yearly"))


def jaarbedrag(parameters, period, pad: str):
    """The parameter (or scale) ``pad`` at the start of ``period``; an error in a year it is not published."""
    node = _parameter_in(_systeem(parameters).parameters, pad)
    jaar = period.start.year
    if jaarlijks(node):
        eerste, laatste = _jaren(node)
        if laatste is None or not eerste <= jaar <= laatste:
            boodschap = (
                f"parameter {pad}: no amount is published for {jaar} (published for {eerste} to {laatste}); "
                "the amount is set anew every year and is not carried forward. Choose a published year."
            )
            raise OntbrekendBedragError(boodschap, na_laatste_publicatie=laatste is not None and jaar > laatste)
    return _parameter_in(parameters(period.start), pad)


def gepubliceerd_tot(node) -> tuple[int, int]:
    """(first, last) year for which every yearly amount under ``node`` is published."""
    eerste, laatste = 0, 10_000
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, ParameterNode):
            stack.extend(current.children.values())
        elif jaarlijks(current):
            a, b = _jaren(current)
            eerste, laatste = max(eerste, a), min(laatste, b if b is not None else 0)
    return eerste, laatste
