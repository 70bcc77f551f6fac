"""Arguments from Python callers, converted once with a typed error naming the argument.

``float(x)``, ``int(x)`` and ``np.asarray(x, dtype=float)`` raise ``TypeError``, ``ValueError`` or
``OverflowError`` on text, lists, complex numbers, infinities and integers past 64 bits, and
pybind11 raises ``TypeError`` for a Python int that does not fit the C++ type. Every public
function converts its scalar and array arguments through these helpers instead, so a bad
argument is a ``gg.InputError`` that names it (issue 15).
"""

from __future__ import annotations

import math
import numbers
import operator
from typing import Any, Optional

import numpy as np

from .errors import InputError
from .messages import tr


def number(value: Any, name: str, *, minimum: Optional[float] = None, finite: bool = True, nan: bool = False) -> float:
    """A real number (not bool, not text); finite unless ``finite=False`` (NaN only with
    ``nan=True``); at least ``minimum``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise InputError(tr("{name} must be a number, got {value}", name=name, value=repr(value)))
    x = float(value)
    if math.isnan(x) and nan:
        return x
    if math.isnan(x) or (finite and math.isinf(x)):
        raise InputError(tr("{name} must be a finite number, got {value}", name=name, value=repr(value)))
    if minimum is not None and x < minimum:
        raise InputError(tr("{name} must be at least {minimum:g}, got {value}",
                            name=name, minimum=minimum, value=repr(value)))
    return x


def whole(value: Any, name: str, *, minimum: Optional[int] = None, maximum: int = 2**31 - 1) -> int:
    """A whole number (an int, or a float with no fraction) in ``[minimum, maximum]``."""
    if isinstance(value, (bool, np.bool_)):
        raise InputError(tr("{name} must be a whole number, got {value}", name=name, value=repr(value)))
    if isinstance(value, numbers.Integral):
        n = int(value)
    elif isinstance(value, numbers.Real) and math.isfinite(float(value)) and float(value).is_integer():
        n = int(value)
    else:
        raise InputError(tr("{name} must be a whole number, got {value}", name=name, value=repr(value)))
    if minimum is not None and n < minimum:
        raise InputError(tr("{name} must be a whole number at least {minimum}, got {value}",
                            name=name, minimum=minimum, value=repr(value)))
    if n > maximum:
        raise InputError(tr("{name} must be a whole number at most {maximum:,}, got {value}",
                            name=name, maximum=maximum, value=repr(value)))
    return n


def seed(value: Any, name: str = "seed") -> int:
    """A random seed: any whole number in ``[0, 2**64)`` (the portable generator takes 64 bits);
    not a bool, which ``operator.index`` would take for 0 or 1."""
    try:
        if isinstance(value, (bool, np.bool_)):
            raise TypeError
        n = operator.index(value)
    except TypeError:
        raise InputError(tr("{name} must be a whole number from 0 to 2**64 - 1, got {value}",
                            name=name, value=repr(value))) from None
    if not 0 <= n < 2**64:
        raise InputError(tr("{name} must be a whole number from 0 to 2**64 - 1, got {value}",
                            name=name, value=repr(value)))
    return n


def floats(value: Any, name: str) -> np.ndarray:
    """An array of float64 (C-ordered), or an InputError naming the argument."""
    if isinstance(value, (str, bytes)):
        raise InputError(tr("{name} must be an array of numbers, got {type}", name=name, type=type(value).__name__))
    try:
        return np.ascontiguousarray(np.asarray(value, dtype=np.float64))
    except (TypeError, ValueError, OverflowError):
        raise InputError(tr("{name} must be an array of numbers (one shape, no text)", name=name)) from None


def text(value: Any, name: str) -> str:
    """A str that has a UTF-8 form (a lone surrogate has none; pybind11 would raise TypeError)."""
    if not isinstance(value, str):
        raise InputError(tr("{name} must be text, got {type} {value}",
                            name=name, type=type(value).__name__, value=repr(value)))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise InputError(tr("{name} is not valid text (character {start} has no UTF-8 form): {value}",
                            name=name, start=e.start, value=repr(value))) from None
    return value


def path(value: Any, name: str = "path") -> str:
    """A file path (str or os.PathLike)."""
    import os

    try:
        return os.fspath(value)
    except TypeError:
        raise InputError(tr("{name} must be a file path, got {type} {value}",
                            name=name, type=type(value).__name__, value=repr(value))) from None



def not_utf8_rows(values: Any, most: int = 10) -> list[int]:
    """Rows (at most ``most``) of the str values that have no UTF-8 form (lone surrogates, as bytes
    decoded with errors='surrogateescape' leave them)."""
    rows = []
    for i, v in enumerate(values):
        if isinstance(v, str):
            try:
                v.encode("utf-8")
            except UnicodeEncodeError:
                rows.append(i)
                if len(rows) == most:
                    break
    return rows


def texts(values: Any, name: str) -> list[str]:
    """A list of codes as str, each with a UTF-8 form (pybind11 raises TypeError on one that has
    none); the error names the argument and the first rows at fault."""
    codes = [v if isinstance(v, str) else str(v) for v in values]
    try:
        "\0".join(codes).encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(tr("{name} holds text that has no UTF-8 form (lone surrogates) at row(s) "
                            "{not_utf8_rows}",
                            name=name, not_utf8_rows=not_utf8_rows(codes))) from None
    return codes
