"""What the domain and the store refuse, in words the user can act on.

The server maps each kind to an HTTP status in one place (server/errors.py); the CLI prints
the message. Nothing here knows about HTTP.
"""

from __future__ import annotations


class DomainError(Exception):
    """A refusal: ``message`` says why, ``fields`` names the inputs at fault."""

    def __init__(self, message: str, *, fields: dict[str, str] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields


class NotFound(DomainError):
    """No such record, or it belongs to another user (the two are not told apart)."""

    def __init__(self, what: str = "record"):
        super().__init__(f"no such {what}, or it is not yours")


class Invalid(DomainError):
    """The input cannot be used as it is."""


class Conflict(DomainError):
    """The input is fine but clashes with what is stored."""


class SamePerson(Conflict):
    """Someone of that name is already tracked at that company: ``people`` (their summaries)
    are who the new one would duplicate."""

    def __init__(self, message: str, *, people: list[dict]):
        super().__init__(message)
        self.people = people
