"""Errors that are the caller's mistake, not the tool's: the CLI prints them as one usage line, exit 2."""

from __future__ import annotations


class UsageError(ValueError):
    """A mistake of the caller: a wrong option combination, a missing extra, a target of the wrong kind.

    The command line prints the message as one line and exits with status 2; it is never
    reported as an internal error.
    """
