"""The gridgov error classes.

Every error gridgov raises on purpose derives from :class:`Error`, itself a :class:`ValueError`,
so ``except gg.Error`` (or ``except ValueError``) catches all of them. The classes are defined by
the compiled core, so C++ exceptions arrive in Python as exactly these types.
"""

from __future__ import annotations

from ._core_ref import core as _core

Error = _core.Error
InputError = _core.InputError
UnknownCodeError = _core.UnknownCodeError
ValidationError = _core.ValidationError
FormatError = _core.FormatError
VersionError = _core.VersionError
InfeasibleError = _core.InfeasibleError
PolicyError = _core.PolicyError
EventLogError = _core.EventLogError


class InfeasibleWarning(UserWarning):
    """A plan was returned that breaks a constraint (``strict=False``); the message names which."""


class CrsWarning(UserWarning):
    """Longitudes and latitudes inside China were read without a ``crs``: they are taken as
    WGS-84 (GPS), though a table copied from Baidu or Gaode maps is off by hundreds of metres."""


__all__ = [
    "Error",
    "InputError",
    "UnknownCodeError",
    "ValidationError",
    "FormatError",
    "VersionError",
    "InfeasibleError",
    "PolicyError",
    "EventLogError",
    "InfeasibleWarning",
    "CrsWarning",
]
