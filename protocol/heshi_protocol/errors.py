"""Exceptions shared by the station and the centre.

``UserFacingError`` is the one base of every error whose ``str()`` is a complete Chinese sentence meant for
the person at the screen (clerk, unit staff, administrator): a caller may show it as it is. Anything else
that escapes an operation is a defect and is logged with its traceback.
"""

from __future__ import annotations


class UserFacingError(Exception):
    """An expected failure; ``str(exc)`` is a complete Chinese message for the user."""


class LedgerError(UserFacingError):
    """Base class of every error the ledger's rules and operations raise on purpose."""


class InvalidStep(LedgerError):
    """A handling step that makes no sense in the opinion's current state (e.g. satisfaction before feedback)."""
