"""The one error type the core raises for anything a person can fix."""

from __future__ import annotations


class DeskError(Exception):
    """A problem a person can understand and act on.

    The message says what is wrong and what to do. The command line prints it on one line
    and exits 1; the GUI shows it in words. ``field`` names the offending field when there
    is one, so an editor can show the message next to it.
    """

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class NotFound(DeskError):
    """A record that was asked for does not exist."""


class Invalid(DeskError):
    """Input that breaks a rule (a missing title, a malformed Council File number ...)."""


class Conflict(DeskError):
    """Someone else saved the record after it was loaded; nothing was overwritten."""


class Unavailable(DeskError):
    """An outside program or resource (LibreOffice, the database server) is not usable."""
