"""Errors that are the user's, not the package's.

``UserError`` is a bad input, option or file: the command line prints its message (one line that
names the file, option or value and what is allowed) and exits with code 2; nothing is computed or
written. Any other exception is a defect of the package (exit code 1).
"""

from __future__ import annotations


class UserError(Exception):
    """A bad input, option or file: its message is printed as is and the exit code is 2."""
