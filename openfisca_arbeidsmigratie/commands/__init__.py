"""Sub-commands of the `arbeidsmigratie` command line, one module each.

Each module defines ``register(subparsers)``, which adds its sub-parser and sets
``func=run`` with ``run(args) -> int`` (the exit code). ``openfisca_arbeidsmigratie.cli``
discovers the modules here, so a new sub-command needs no edit elsewhere. A module imports only
light modules at the top (``--help`` must not load the law); heavy ones inside ``run``.
"""

from __future__ import annotations

import importlib
import pkgutil
from types import ModuleType


def command_modules() -> list[ModuleType]:
    """Every sub-command module in this package (not those starting with _), sorted by name."""
    return [
        importlib.import_module(f"{__name__}.{info.name}")
        for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name)
        if not info.name.startswith("_")
    ]
