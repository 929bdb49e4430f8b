"""Walking a dotted parameter path (``"voorstellen.brede_welvaartstoets.stap_1.drempel"``).

The one walker of the package, for the parameter tree (``system.parameters``) and for the tree at
an instant (``parameters(period)``). It imports openfisca-core only, so law-side modules may use it.
"""

from __future__ import annotations


class ParameterPathError(KeyError, AttributeError):
    """A step of a dotted path that does not exist in the parameter tree.

    A KeyError and an AttributeError, as a dict lookup or an attribute lookup of the step would be.
    """

    def __init__(self, path: str, step: str, parent: str, children: list[str]) -> None:
        super().__init__(path)
        self.path, self.step, self.parent, self.children = path, step, parent, children

    def __str__(self) -> str:
        where = self.parent or "the root"
        possible = ", ".join(self.children) or "none"
        return f"no parameter '{self.step}' under {where}; children there: {possible}"


def node_at(root, path: str):
    """The node at ``path`` under ``root``: a parameter, a group of parameters, or (in a tree at an
    instant) a value. A missing step raises ParameterPathError; in a tree at an instant, a parameter
    without a value then raises openfisca-core's ParameterNotFoundError."""
    node = root
    walked: list[str] = []
    for step in path.split("."):
        children = getattr(node, "children", None)
        if children is None:  # a node at an instant
            node = node[step]
        elif step in children:
            node = children[step]
        else:
            raise ParameterPathError(path, step, ".".join(walked), sorted(children))
        walked.append(step)
    return node
