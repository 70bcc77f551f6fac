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


def number(value: Any, name: str, *, minimum: Optional[float] = None, finite: bool = True, nan: bool = False) -> float:
    """A real number (not bool, not text); finite unless ``finite=False`` (NaN only with
    ``nan=True``); at least ``minimum``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise InputError(f"{name} must be a number, got {value!r}")
    x = float(value)
    if math.isnan(x) and nan:
        return x
    if math.isnan(x) or (finite and math.isinf(x)):
        raise InputError(f"{name} must be a finite number, got {value!r}")
    if minimum is not None and x < minimum:
        raise InputError(f"{name} must be at least {minimum:g}, got {value!r}")
    return x


def whole(value: Any, name: str, *, minimum: Optional[int] = None, maximum: int = 2**31 - 1) -> int:
    """A whole number (an int, or a float with no fraction) in ``[minimum, maximum]``."""
    if isinstance(value, (bool, np.bool_)):
        raise InputError(f"{name} must be a whole number, got {value!r}")
    if isinstance(value, numbers.Integral):
        n = int(value)
    elif isinstance(value, numbers.Real) and math.isfinite(float(value)) and float(value).is_integer():
        n = int(value)
    else:
        raise InputError(f"{name} must be a whole number, got {value!r}")
    if minimum is not None and n < minimum:
        raise InputError(f"{name} must be a whole number at least {minimum}, got {value!r}")
    if n > maximum:
        raise InputError(f"{name} must be a whole number at most {maximum:,}, got {value!r}")
    return n


def seed(value: Any, name: str = "seed") -> int:
    """A random seed: any whole number in ``[0, 2**64)`` (the portable generator takes 64 bits);
    not a bool, which ``operator.index`` would take for 0 or 1."""
    try:
        if isinstance(value, (bool, np.bool_)):
            raise TypeError
        n = operator.index(value)
    except TypeError:
        raise InputError(f"{name} must be a whole number from 0 to 2**64 - 1, got {value!r}") from None
    if not 0 <= n < 2**64:
        raise InputError(f"{name} must be a whole number from 0 to 2**64 - 1, got {value!r}")
    return n


def floats(value: Any, name: str) -> np.ndarray:
    """An array of float64 (C-ordered), or an InputError naming the argument."""
    if isinstance(value, (str, bytes)):
        raise InputError(f"{name} must be an array of numbers, got {type(value).__name__}")
    try:
        return np.ascontiguousarray(np.asarray(value, dtype=np.float64))
    except (TypeError, ValueError, OverflowError):
        raise InputError(f"{name} must be an array of numbers (one shape, no text)") from None


def text(value: Any, name: str) -> str:
    """A str that has a UTF-8 form (a lone surrogate has none; pybind11 would raise TypeError)."""
    if not isinstance(value, str):
        raise InputError(f"{name} must be text, got {type(value).__name__} {value!r}")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as e:
        raise InputError(f"{name} is not valid text (character {e.start} has no UTF-8 form): {value!r}") from None
    return value


def path(value: Any, name: str = "path") -> str:
    """A file path (str or os.PathLike)."""
    import os

    try:
        return os.fspath(value)
    except TypeError:
        raise InputError(f"{name} must be a file path, got {type(value).__name__} {value!r}") from None



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
        raise InputError(f"{name} holds text that has no UTF-8 form (lone surrogates) at row(s) {not_utf8_rows(codes)}") from None
    return codes
