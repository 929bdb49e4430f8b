"""The ``arbeidsmigratie`` command line: the argument parser and the exit codes.

Each sub-command lives in its own module of :mod:`openfisca_arbeidsmigratie.commands` with
``register(subparsers)``, which adds its sub-parser and sets ``func(args) -> int``. :func:`main`
turns every user error into exit code 2 with one line naming the file, option or value and what is
allowed; exit code 1 only for a defect of the package ("internal error"), never a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from openfisca_arbeidsmigratie import __version__
from openfisca_arbeidsmigratie.commands import command_modules
from openfisca_arbeidsmigratie.commands._common import (
    EXIT_BAD_INPUT,
    EXIT_FAILURE,
    EXIT_OK,
    InputError,
)
from openfisca_arbeidsmigratie.errors import UserError

__all__ = ["EXIT_BAD_INPUT", "EXIT_FAILURE", "EXIT_OK", "InputError", "build_parser", "main"]
PROG = "arbeidsmigratie"
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


class Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line (and exit code 2)."""

    def error(self, message: str):
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command of the commands package."""
    parser = Parser(
        prog=PROG,
        description="Dutch labour-migration admission law: microsimulation tools.",
        epilog="Routes, refusal grounds, regimes and Dutch terms of the outputs in English: docs/glossary.md.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for module in command_modules():
        module.register(subparsers)
    return parser


def user_error(error: BaseException) -> str | None:
    """The message of a user error (bad file, option or value), else None (a package defect)."""
    from openfisca_arbeidsmigratie.law_coverage import (  # noqa: PLC0415 (only after a failure)
        PeriodError,
        coverage_message,
        not_covered,
    )
    from openfisca_arbeidsmigratie.microsimulation import ComparisonError  # noqa: PLC0415
    from openfisca_arbeidsmigratie.population import (  # noqa: PLC0415
        PopulationError,
        PopulationFileError,
    )
    from openfisca_arbeidsmigratie.reforms import ParameterFileError, RegimeSpecError  # noqa: PLC0415

    if isinstance(error, RegimeSpecError):
        return f"--reform: {error}"
    user = (
        UserError,
        ComparisonError,
        PopulationError,
        PopulationFileError,
        ParameterFileError,
        PeriodError,
    )
    if isinstance(error, user):
        return str(error)
    cause = not_covered(error)
    if cause is not None:
        return coverage_message(cause)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a usage error (printed, code 2)
        return stop.code if isinstance(stop.code, int) else EXIT_BAD_INPUT
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return args.func(args)
    except KeyboardInterrupt:
        print(
            f"{PROG} {args.command}: interrupted; no partial output was left (an output is written "
            "completely or not at all, an earlier one stays as it was)",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    except Exception as error:  # noqa: BLE001 (the one place that turns errors into exit codes)
        message = user_error(error)
        if message is not None:
            print(f"{PROG} {args.command}: {message}", file=sys.stderr)
            return EXIT_BAD_INPUT
        print(
            f"{PROG} {args.command}: internal error, a defect of the package "
            f"({type(error).__name__}: {error}); please report it with the command you ran",
            file=sys.stderr,
        )
        return EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())
