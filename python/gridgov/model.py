"""The grid model: a county's grid system as one graph of typed nodes.

:class:`Model` wraps the immutable C++ model (``gridgov._core.Model``). Nodes have dense ids
(``int32``), a kind, a unique code, a name, an optional subkind, a containment parent, optional
coordinates in metres and typed attributes; cross links (compound membership, service, hosting,
co-building, dispatch, adjacency, roads) complete the graph. See ``docs/model.md``.
"""

from __future__ import annotations

import os
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from ._core_ref import core as _core
from ._args import floats, not_utf8_rows, number, text
from ._args import path as path_arg
from .errors import InputError, UnknownCodeError, ValidationError
from .messages import tr

KINDS: tuple[str, ...] = tuple(_core.KIND_NAMES)
LINK_TYPES: tuple[str, ...] = tuple(_core.LINK_TYPE_NAMES)
_KIND_ID = {name: i for i, name in enumerate(KINDS)}
_KIND_ID.update({"prefecture": _KIND_ID["city"], "township": _KIND_ID["street"], "town": _KIND_ID["street"],
                 "village": _KIND_ID["community"], "organization": _KIND_ID["organisation"]})
_CORE_COLUMNS = ("code", "parent", "kind", "name", "subkind", "x", "y")

#: Default workload score per building: a weighted sum of its households and of the flags of
#: the people living there (care for the elderly, disabled and key persons takes more visits).
#: The C++ core's table (gridgov::default_workload_weights), read once.
DEFAULT_WORKLOAD_WEIGHTS: dict[str, float] = dict(_core.default_workload_weights())


def _workload_terms(weights: Mapping[str, float]) -> list[tuple[str, float]]:
    if not isinstance(weights, Mapping):
        raise InputError(tr("workload weights must be a mapping attribute -> weight, got {type}",
                            type=type(weights).__name__))
    terms = []
    for key, value in weights.items():
        try:
            terms.append((str(key), float(value)))
        except (TypeError, ValueError):
            raise InputError(tr("workload weight {key} must be a number, got {value}",
                                key=repr(key), value=repr(value))) from None
    return terms


def _kind_id(kind: str) -> int:
    try:
        return _KIND_ID[kind]
    except KeyError:
        raise UnknownCodeError(
            tr("unknown kind {kind}: use one of {kinds}", kind=repr(kind), kinds=', '.join(KINDS))
        ) from None


def _as_str_list(series: pd.Series, column: str, *, allow_missing: bool) -> list[str]:
    """Strings of a code-like column; integer-valued floats (a CSV read without dtype=str) lose '.0'."""
    missing = series.isna().to_numpy()
    any_missing = bool(missing.any())
    if any_missing and not allow_missing:
        rows = np.flatnonzero(missing)[:10].tolist()
        raise InputError(tr("column {column} is empty in row(s) {rows}; every node needs one",
                            column=repr(column), rows=rows))
    if pd.api.types.is_float_dtype(series.dtype):
        out = []
        for v, m in zip(series.to_numpy(), missing):
            if m:
                out.append("")
            elif float(v).is_integer():
                out.append(str(int(v)))
            else:
                out.append(str(v))
        return out
    if any_missing:
        series = series.astype(object).where(~missing, "")
    if pd.api.types.is_object_dtype(series.dtype) or pd.api.types.is_string_dtype(series.dtype):
        values = series.tolist()
        if pd.api.types.infer_dtype(values, skipna=False) == "string":
            return values
        return [str(v) for v in values]
    return series.astype(str).tolist()


def _packed(values: list[str], column: str) -> bytes | None:
    """One UTF-8 buffer with the values separated by NUL (the bulk path into C++), or None when
    a value itself holds a NUL character (then the caller passes the list as it is)."""
    joined = "\0".join(values)
    try:
        encoded = joined.encode("utf-8")
    except UnicodeEncodeError:
        _raise_not_utf8(values, column)
    if joined.count("\0") != max(len(values) - 1, 0):
        return None
    return encoded


def _raise_not_utf8(values: Sequence[Any], column: str) -> None:
    """InputError naming the rows of a text column that cannot be UTF-8 (lone surrogates, as
    bytes decoded with errors='surrogateescape' leave them)."""
    raise InputError(
        tr("column {column} holds text that is not valid Unicode (lone surrogates) in row(s) {not_utf8_rows}; "
           "decode the file with its real encoding",
           column=repr(column), not_utf8_rows=not_utf8_rows(values))
    )


_INT64_MAX = np.iinfo(np.int64).max
_INT64_MIN = np.iinfo(np.int64).min


def _int64_values(name: str, series: pd.Series, valid: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The present values of an integer column as int64; a value outside int64 (a uint64 past
    2^63 - 1, a Python int of any size) is an InputError naming its rows and the column."""
    if pd.api.types.is_integer_dtype(series.dtype):
        if pd.api.types.is_unsigned_integer_dtype(series.dtype):
            raw = series.to_numpy(dtype=np.uint64, na_value=0)
            bad = np.flatnonzero(valid & (raw > np.uint64(_INT64_MAX)))
            if bad.size:
                _raise_out_of_int64(name, raw[bad[0]], rows[bad])
            return raw.astype(np.int64)
        return series.to_numpy(dtype=np.int64, na_value=0)
    values = series.to_numpy()
    bad = [i for i, (v, ok) in enumerate(zip(values, valid)) if ok and not _INT64_MIN <= int(v) <= _INT64_MAX]
    if bad:
        _raise_out_of_int64(name, values[bad[0]], rows[bad])
    return np.array([int(v) if ok else 0 for v, ok in zip(values, valid)], dtype=np.int64)


def _raise_out_of_int64(name: str, value: Any, bad_rows: np.ndarray) -> None:
    first = bad_rows[:10].tolist()
    raise InputError(
        tr("attribute column {name}: {value} in row {first} does not fit a 64-bit integer (rows {first2}); "
           "integers lie in [-2^63, 2^63 - 1]",
           name=repr(name), value=value, first=first[0], first2=first)
    )


def _column_payload(name: str, series: pd.Series, rows: np.ndarray | None = None,
                    kind: str | None = None) -> tuple[str, Any, np.ndarray]:
    """(type, values, valid) of an attribute column for the C++ builder. ``rows`` are the row
    numbers of the series in the caller's table and ``kind`` the kind its rows hold, for error
    messages."""
    valid = ~series.isna().to_numpy()
    dtype = series.dtype
    if rows is None:
        rows = np.arange(len(series))
    if pd.api.types.is_bool_dtype(dtype):
        return "bool", series.to_numpy(dtype=bool, na_value=False).astype(np.uint8), valid
    if pd.api.types.is_integer_dtype(dtype):
        return "int64", _int64_values(name, series, valid, rows), valid
    if pd.api.types.is_float_dtype(dtype):
        return "float64", series.to_numpy(dtype=np.float64, na_value=np.nan), valid
    # object / string: decide from the present values.
    present = series[valid]
    kinds = {type(v) for v in present.to_numpy()}
    if not kinds or kinds <= {str}:
        return "string", [None if not ok else str(v) for v, ok in zip(series.to_numpy(), valid)], valid
    if kinds <= {bool, np.bool_}:
        return "bool", np.array([bool(v) if ok else False for v, ok in zip(series.to_numpy(), valid)], dtype=np.uint8), valid
    if kinds <= {int, np.int64, np.int32, np.uint64, bool, np.bool_}:
        return "int64", _int64_values(name, series, valid, rows), valid
    if kinds <= {int, float, np.int64, np.float64, np.int32, np.float32}:
        return "float64", np.array([float(v) if ok else np.nan for v, ok in zip(series.to_numpy(), valid)]), valid
    types = sorted(k.__name__ for k in kinds)
    if kind is None:
        raise InputError(tr("attribute column {name} mixes value types {types}; give it one type per kind of node "
                            "(numbers, text or true/false)", name=repr(name), types=types))
    raise InputError(tr("attribute column {name} mixes value types {types} for kind {kind}; give it one type per kind "
                        "of node (numbers, text or true/false)", name=repr(name), types=types, kind=kind))


class ModelBuilder:
    """Edits to a copy of a model (or a new model): add, remove, move, link, set attributes.

    ``freeze(validate="raise")`` rejects any violation with a :class:`gridgov.ValidationError`
    naming every offending record; ``freeze(validate="defer")`` builds the model anyway and keeps
    the violations for :meth:`Model.audit`.
    """

    def __init__(self, core: Any | None = None) -> None:
        self._core = core if core is not None else _core.ModelBuilder()

    def add(self, kind: str, code: str, name: str = "", parent: str | None = None, subkind: str | None = None,
            *, x: float | None = None, y: float | None = None, **attributes: Any) -> "ModelBuilder":
        """Add a node; keyword arguments become attributes."""
        kind, code, name = text(kind, "kind"), text(code, "code"), text(name, "name")
        parent, subkind = text(parent or "", "parent"), text(subkind or "", "subkind")
        self._core.add(kind, code, name, parent, subkind)
        if x is not None or y is not None:
            # NaN = not located; the core refuses infinities naming the node
            self._core.set_xy(code, np.nan if x is None else number(x, "x", finite=False, nan=True),
                              np.nan if y is None else number(y, "y", finite=False, nan=True))
        for key, value in attributes.items():
            self.set(code, key, value)
        return self

    def remove(self, code: str, *, recursive: bool = False) -> "ModelBuilder":
        """Remove a node (with ``recursive=True`` its whole subtree) and the links touching it."""
        self._core.remove(code, recursive)
        return self

    def move(self, code: str, parent: str | None) -> "ModelBuilder":
        """Give a node a new containment parent (``None`` makes it a root)."""
        self._core.move(code, parent or "")
        return self

    def rename(self, code: str, name: str) -> "ModelBuilder":
        self._core.rename(code, name)
        return self

    def set_subkind(self, code: str, subkind: str) -> "ModelBuilder":
        self._core.set_subkind(code, subkind)
        return self

    def set_xy(self, code: str, x: float, y: float) -> "ModelBuilder":
        self._core.set_xy(code, float(x), float(y))
        return self

    def link(self, source: str, target: str, link: str, weight: float | None = None) -> "ModelBuilder":
        """Add a cross link (see ``gridgov.model.LINK_TYPES``)."""
        self._core.link(source, target, link, np.nan if weight is None else float(weight))
        return self

    def unlink(self, source: str, target: str | None, link: str) -> int:
        """Remove links of a type from ``source`` (to ``target``, or all when it is None)."""
        if target is None:
            return self._core.unlink_all(source, link)
        return self._core.unlink(source, target, link)

    def set(self, code: str, column: str, value: Any) -> "ModelBuilder":
        """Set one attribute (``None`` makes it absent)."""
        if isinstance(value, float) and np.isnan(value):
            value = float("nan")
        self._core.set(code, column, value)
        return self

    def set_metadata(self, key: str, value: str) -> "ModelBuilder":
        self._core.set_metadata(key, str(value))
        return self

    def contains(self, code: str) -> bool:
        return self._core.contains(code)

    def __len__(self) -> int:
        return self._core.size

    def freeze(self, validate: str = "raise") -> "Model":
        """Check every rule and return the new, immutable :class:`Model`."""
        return Model(self._core.freeze(validate))


class Model:
    """The immutable grid model of a county (or province, or country).

    Build one with :meth:`from_frame`, :func:`gridgov.datasets.seed_county`,
    :func:`gridgov.from_buildings` or :meth:`load`; change one with :meth:`edit`.
    Array accessors (:attr:`kinds`, :attr:`parents`, :attr:`x`, :attr:`y`) are read-only numpy
    views of the C++ storage (no copies).
    """

    __slots__ = ("_core",)

    def __init__(self, core: Any | None = None) -> None:
        self._core = core if core is not None else _core.Model()

    # ---- construction ------------------------------------------------------------------------
    @classmethod
    def from_frame(cls, nodes: pd.DataFrame, links: pd.DataFrame | None = None, *, validate: str = "raise",
                   metadata: Mapping[str, str] | None = None) -> "Model":
        """Build a model from a table of nodes (and one of links).

        Parameters
        ----------
        nodes : pandas.DataFrame
            Columns ``code``, ``parent`` (empty or NaN for a root), ``kind``, ``name``, optional
            ``subkind``, optional ``x``/``y`` (metres), and any attribute columns (NaN = absent).
        links : pandas.DataFrame, optional
            Columns ``source``, ``target``, ``link`` and optional ``weight``.
        validate : {"raise", "defer"}
            ``"raise"`` rejects a broken model; ``"defer"`` keeps the violations for the audit.
        metadata : mapping of str to str, optional
            The model's metadata (name, origin, crs…). By default ``nodes.attrs["metadata"]``,
            which :meth:`to_frame` writes; entries given here replace those.

        An attribute column may hold a different type for each kind of node (as the model's
        columns are per kind, and as :meth:`to_frame` writes them): its type is decided for the
        rows of each kind separately.

        Raises
        ------
        gridgov.ValidationError
            On a duplicate code, a missing parent, a cycle, a code not extending its
            administrative ancestor's, a count that is not a whole number from 0 to 2^53 (NaN
            or infinite included)…; the message names the records.
        gridgov.InputError
            On a value that cannot be stored: text in ``x``/``y``, an integer outside int64,
            text that is not valid Unicode, a column mixing types within one kind; the message
            names the rows and the column.
        """
        if not isinstance(nodes, pd.DataFrame):
            raise InputError(tr("nodes must be a pandas DataFrame"))
        missing = [c for c in ("code", "parent", "kind", "name") if c not in nodes.columns]
        if missing:
            raise InputError(tr("nodes table lacks column(s) {missing}; it needs code, parent, kind, name",
                                missing=missing))
        n = len(nodes)
        kind_values = nodes["kind"].astype(object).to_numpy()
        uniques = pd.unique(kind_values)
        bad = [k for k in uniques if not isinstance(k, str) or k not in _KIND_ID]
        if bad:
            rows = np.flatnonzero(np.isin(kind_values, np.array(bad, dtype=object)))[:10].tolist()
            raise UnknownCodeError(
                tr("unknown kind(s) {values} in row(s) {rows}; use one of {kinds}",
                   values=[str(b) for b in bad][:10], rows=rows, kinds=', '.join(KINDS))
            )
        positions, labels = pd.factorize(kind_values)
        kind_ids = np.array([_KIND_ID[k] for k in labels], dtype=np.uint8)[positions]
        codes = _as_str_list(nodes["code"], "code", allow_missing=False)
        parents = _as_str_list(nodes["parent"], "parent", allow_missing=True)
        names = _as_str_list(nodes["name"], "name", allow_missing=True)
        subkinds = _as_str_list(nodes["subkind"], "subkind", allow_missing=True) if "subkind" in nodes.columns else [""] * n
        builder = _core.ModelBuilder()
        packed = [_packed(values, column) for values, column in
                  ((codes, "code"), (names, "name"), (parents, "parent"), (subkinds, "subkind"))]
        if all(p is not None for p in packed):
            builder.add_packed(kind_ids, *packed, 0)
        else:  # a value holds a NUL character: pass the Python strings one by one
            builder.add_many(kind_ids, codes, names, parents, subkinds, 0)
        if "x" in nodes.columns or "y" in nodes.columns:
            x = _coordinates(nodes, "x") if "x" in nodes.columns else np.full(n, np.nan)
            y = _coordinates(nodes, "y") if "y" in nodes.columns else np.full(n, np.nan)
            builder.set_xy_rows(0, x, y)
        for column in nodes.columns:
            if column in _CORE_COLUMNS:
                continue
            _set_attribute(builder, str(column), nodes[column], kind_ids)
        if links is not None and len(links):
            _add_links(builder, links)
        for key, value in _frame_metadata(nodes, metadata).items():
            builder.set_metadata(key, value)
        return cls(builder.freeze(validate))

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> "Model":
        """Load a model saved with :meth:`save`.

        Raises :class:`gridgov.FormatError` for a damaged or foreign file and
        :class:`gridgov.VersionError` for a file written by a newer gridgov.
        """
        return cls(_core.Model.load(path_arg(path)))

    def save(self, path: str | os.PathLike[str]) -> None:
        """Save the model losslessly (every attribute, link, metadata entry and finding)."""
        self._core.save(os.fspath(path))

    def to_bytes(self) -> bytes:
        """The model file's bytes, exactly what :meth:`save` writes: the way a model travels to
        another process or machine (``gridgov.distributed`` sends these, never a pickle)."""
        return self._core.to_bytes()

    @classmethod
    def from_bytes(cls, data: bytes, source: str = "<bytes>") -> "Model":
        """A model from :meth:`to_bytes` (or a model file's content), checked as :meth:`load`
        checks a file; ``source`` names it in the errors.

        Raises :class:`gridgov.FormatError` for damaged or foreign bytes and
        :class:`gridgov.VersionError` for bytes written by a newer gridgov.
        """
        if isinstance(data, (bytearray, memoryview)):
            data = bytes(data)
        if not isinstance(data, bytes):
            raise InputError(tr("Model.from_bytes needs bytes, got {type}", type=type(data).__name__))
        return cls(_core.Model.from_bytes(data, text(source, "Model.from_bytes: source")))

    def edit(self) -> ModelBuilder:
        """A builder holding a copy of this model; ``freeze()`` it to get the edited model."""
        return ModelBuilder(self._core.edit())

    # ---- identity ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return self._core.size

    @property
    def size(self) -> int:
        """Number of nodes."""
        return self._core.size

    @property
    def kinds(self) -> np.ndarray:
        """Kind id of every node (``uint8``; names in ``gridgov.model.KINDS``)."""
        return self._core.kinds()

    @property
    def parents(self) -> np.ndarray:
        """Parent id of every node (``int32``, -1 for roots)."""
        return self._core.parents()

    @property
    def x(self) -> np.ndarray:
        """x coordinate in metres of every node (NaN where unknown)."""
        return self._core.x()

    @property
    def y(self) -> np.ndarray:
        """y coordinate in metres of every node (NaN where unknown)."""
        return self._core.y()

    @property
    def metadata(self) -> dict[str, str]:
        return dict(self._core.metadata())

    @property
    def findings(self) -> list[tuple[str, str, str, str, str]]:
        """Violations kept by ``freeze(validate="defer")``: (rule, severity, kind, code, detail)."""
        return list(self._core.findings())

    def kind_range(self, kind: str) -> range:
        """The id range of one kind (ids are sorted by kind)."""
        b, e = self._core.kind_range(kind)
        return range(b, e)

    def nodes(self, kind: str, subkind: str | None = None) -> np.ndarray:
        """Ids of the nodes of a kind (and subkind)."""
        r = self.kind_range(kind)
        ids = np.arange(r.start, r.stop, dtype=np.int32)
        if subkind is None:
            return ids
        names = self._core.subkind_names()
        if subkind not in names:
            return ids[:0]
        sub = self._core.subkind_ids()[r.start:r.stop]
        return ids[sub == names.index(subkind)]

    def count(self, kind: str, subkind: str | None = None) -> int:
        return self._core.count(kind, subkind or "")

    def subkinds(self, ids: Iterable[int] | None = None) -> np.ndarray:
        """Subkind names (object array) of the given ids, or of every node."""
        names = np.array(self._core.subkind_names(), dtype=object)
        sub = self._core.subkind_ids()
        return names[sub if ids is None else sub[np.asarray(ids, dtype=np.int64)]]

    def kind_names(self, ids: Iterable[int] | None = None) -> np.ndarray:
        """Kind names (object array) of the given ids, or of every node."""
        names = np.array(KINDS, dtype=object)
        k = self.kinds
        return names[k if ids is None else k[np.asarray(ids, dtype=np.int64)]]

    def id(self, code: str) -> int:
        """The dense id of a code; raises :class:`gridgov.UnknownCodeError` when absent."""
        v = self._core.find(text(code, "code") if isinstance(code, str) else str(code))
        if v < 0:
            raise UnknownCodeError(tr("unknown code {code}: no node of the model has it", code=repr(code)))
        return v

    def ids(self, codes: Iterable[str], *, strict: bool = True) -> np.ndarray:
        """Dense ids (``int32``) of codes; unknown codes raise (or give -1 with ``strict=False``)."""
        codes = [str(c) for c in codes]
        ids = self._core.ids(codes)
        if strict and (ids < 0).any():
            bad = [codes[i] for i in np.flatnonzero(ids < 0)[:10]]
            raise UnknownCodeError(tr("{sum} unknown code(s), e.g. {bad}", sum=int((ids < 0).sum()), bad=bad))
        return ids

    def codes(self, ids: Iterable[int] | None = None) -> list[str]:
        """Codes of dense ids (all nodes when None)."""
        ids = np.arange(self.size, dtype=np.int32) if ids is None else np.asarray(ids, dtype=np.int32)
        return self._core.codes(ids)

    def names(self, ids: Iterable[int] | None = None) -> list[str]:
        """Names of dense ids (all nodes when None)."""
        ids = np.arange(self.size, dtype=np.int32) if ids is None else np.asarray(ids, dtype=np.int32)
        return self._core.names(ids)

    def code(self, id: int) -> str:
        return self._core.code(int(id))

    def name(self, code_or_id: str | int) -> str:
        return self._core.name(self._resolve(code_or_id))

    def kind(self, code_or_id: str | int) -> str:
        return self._core.kind(self._resolve(code_or_id))

    def subkind(self, code_or_id: str | int) -> str:
        return self._core.subkind(self._resolve(code_or_id))

    def _resolve(self, code_or_id: str | int) -> int:
        if isinstance(code_or_id, (int, np.integer)):
            v = int(code_or_id)
            if not 0 <= v < self.size:
                raise InputError(tr("node id {v} is outside [0, {size})", v=v, size=self.size))
            return v
        return self.id(code_or_id)

    # ---- containment -------------------------------------------------------------------------
    def parent(self, code: str | int) -> str | None:
        """Code of the containment parent (None for a root)."""
        p = self._core.parent(self._resolve(code))
        return None if p < 0 else self._core.code(p)

    def children(self, code: str | int, kind: str | None = None) -> list[str]:
        """Codes of the children (of one kind)."""
        return self._core.codes(self._core.children(self._resolve(code), None if kind is None else text(kind, "kind")))

    def descendants(self, code: str | int, kind: str | None = None) -> list[str]:
        """Codes of all descendants (of one kind), depth first."""
        return self._core.codes(self._core.descendants(self._resolve(code), kind))

    def ancestors(self, code: str | int) -> list[str]:
        """Codes of the ancestors, nearest first."""
        return self._core.codes(self._core.ancestors(self._resolve(code)))

    def children_ids(self, id: int, kind: str | None = None) -> np.ndarray:
        return self._core.children(int(id), kind)

    def descendant_ids(self, id: int, kind: str | None = None) -> np.ndarray:
        return self._core.descendants(int(id), kind)

    def _id_array(self, ids: Iterable[int], name: str = "ids") -> np.ndarray:
        """Node ids as int32: a 1-D array of whole numbers in [0, size), or an InputError naming it."""
        try:
            a = np.asarray(ids)
        except (TypeError, ValueError):
            raise InputError(tr("{name} must be a 1-D array of node ids", name=name)) from None
        if a.ndim != 1:
            raise InputError(tr("{name} must be a 1-D array of node ids, got shape {shape}", name=name, shape=a.shape))
        if a.size and not np.issubdtype(a.dtype, np.integer):
            raise InputError(tr("{name} must hold whole node ids, got dtype {dtype}", name=name, dtype=a.dtype))
        if a.size and (a.min() < 0 or a.max() >= self.size):
            bad = int(np.flatnonzero((a < 0) | (a >= self.size))[0])
            raise InputError(tr("{name}: node id {a} at position {bad} is outside [0, {size})",
                                name=name, a=a[bad], bad=bad, size=self.size))
        return a.astype(np.int32)

    def _check_ids(self, ids: Iterable[int]) -> np.ndarray:
        ids = np.asarray(ids, dtype=np.int64).ravel()
        if ids.size and (ids.min() < 0 or ids.max() >= self.size):
            raise InputError(tr("node ids must lie in [0, {size})", size=self.size))
        return ids

    def _ranges(self, starts: np.ndarray, ends: np.ndarray, values: np.ndarray,
                kind: str | None) -> tuple[np.ndarray, np.ndarray]:
        """CSR (offsets, targets) of values[starts[i]:ends[i]] for every i, optionally by kind."""
        lengths = (ends - starts).astype(np.int64)
        total = int(lengths.sum())
        owner = np.repeat(np.arange(len(starts)), lengths)
        first = np.concatenate(([0], np.cumsum(lengths)[:-1])) if len(starts) else np.zeros(0, np.int64)
        index = np.arange(total, dtype=np.int64) - np.repeat(first, lengths) + np.repeat(starts, lengths)
        targets = np.asarray(values)[index].astype(np.int32)
        if kind is not None:
            keep = self.kinds[targets] == _kind_id(kind)
            targets, owner = targets[keep], owner[keep]
        offsets = np.zeros(len(starts) + 1, dtype=np.int64)
        np.cumsum(np.bincount(owner, minlength=len(starts)), out=offsets[1:])
        return offsets, targets

    def children_many(self, ids: Iterable[int], kind: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Children of many nodes at once, as CSR ``(offsets, targets)``: the children of
        ``ids[i]`` are ``targets[offsets[i]:offsets[i + 1]]`` (optionally only of one kind)."""
        ids = self._check_ids(ids)
        offsets, targets = self._core.children_csr()
        offsets = np.asarray(offsets)
        return self._ranges(offsets[ids], offsets[ids + 1], targets, kind)

    def descendants_many(self, ids: Iterable[int], kind: str | None = None) -> tuple[np.ndarray, np.ndarray]:
        """Descendants of many nodes at once (depth first), as CSR ``(offsets, targets)``."""
        ids = self._check_ids(ids)
        pre = np.asarray(self._core.pre_index())
        end = np.asarray(self._core.subtree_end())
        return self._ranges(pre[ids] + 1, end[ids], self._core.preorder(), kind)

    def ancestors_many(self, ids: Iterable[int]) -> np.ndarray:
        """Ancestors of many nodes at once: an ``(n, depth)`` array, nearest first, -1 padded."""
        ids = self._check_ids(ids)
        parents = self.parents
        columns = []
        current = parents[ids] if ids.size else np.zeros(0, np.int32)
        while current.size and (current >= 0).any():
            columns.append(current)
            current = np.where(current >= 0, parents[np.maximum(current, 0)], -1).astype(np.int32)
        if not columns:
            return np.full((ids.size, 0), -1, dtype=np.int32)
        return np.column_stack(columns).astype(np.int32)

    def parent_ids(self, ids: Iterable[int]) -> np.ndarray:
        """Vectorised parent lookup (-1 for roots)."""
        ids = np.asarray(ids, dtype=np.int64)
        if ids.size and (ids.min() < 0 or ids.max() >= self.size):
            raise InputError(tr("node ids must lie in [0, {size})", size=self.size))
        return self.parents[ids]

    def ancestor_of_kind(self, ids: Iterable[int], kind: str) -> np.ndarray:
        """For each id, the nearest ancestor of a kind (itself when it has that kind), or -1."""
        return self._core.ancestor_of_kind(self._id_array(ids), text(kind, "kind"))

    def count_descendants(self, kind: str) -> np.ndarray:
        """For every node, how many nodes of a kind its subtree holds (itself included)."""
        return self._core.count_descendants(kind)

    def aggregate(self, kind: str, column: str) -> np.ndarray:
        """For every node, the sum of a numeric attribute of ``kind`` over its subtree."""
        return self._core.aggregate(kind, column)

    def subtree_sum(self, values: np.ndarray) -> np.ndarray:
        """For every node, the sum of ``values`` (one per node, NaN = 0) over its subtree."""
        return self._core.subtree_sum(floats(values, "values"))

    # ---- links -------------------------------------------------------------------------------
    def linked(self, code: str | int, link: str, *, incoming: bool = False) -> list[str]:
        """Codes of the nodes a node links to (or is linked from) by one link type."""
        offsets, targets, _ = self._core.link_csr(link, incoming)
        v = self._resolve(code)
        return self._core.codes(targets[offsets[v]:offsets[v + 1]])

    def link_csr(self, link: str, *, incoming: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(offsets, targets, weights) of one link type as CSR over node ids (read-only views)."""
        return self._core.link_csr(link, incoming)

    def adjacency(self, kind: str = "building"):
        """Spatial adjacency among the nodes of a kind as a symmetric ``scipy.sparse`` matrix
        (rows and columns are the kind's nodes in id order)."""
        import scipy.sparse as sp

        offsets, targets, _ = self._core.link_csr("adjacent", False)
        r = self.kind_range(kind)
        offsets = np.asarray(offsets)
        lo, hi = offsets[r.start], offsets[r.stop]
        sub_targets = np.asarray(targets[lo:hi])
        rows = np.repeat(np.arange(r.stop - r.start), np.diff(offsets[r.start:r.stop + 1]))
        keep = (sub_targets >= r.start) & (sub_targets < r.stop)
        n = r.stop - r.start
        return sp.csr_matrix((np.ones(int(keep.sum())), (rows[keep], sub_targets[keep] - r.start)), shape=(n, n))

    # ---- attributes --------------------------------------------------------------------------
    def columns(self, kind: str) -> list[str]:
        """Attribute column names of a kind."""
        return [name for name, _ in self._core.column_names(kind)]

    def column(self, kind: str, name: str) -> pd.Series:
        """One attribute of a kind as a pandas Series indexed by code (nullable dtypes)."""
        r = self.kind_range(kind)
        return pd.Series(_series_values(self._core.column(text(kind, "kind"), text(name, "name"))), index=self.codes(range(r.start, r.stop)), name=name)

    def numeric(self, kind: str, name: str) -> np.ndarray:
        """A numeric attribute of a kind as float64 (NaN where absent), in id order."""
        return self._core.numeric(kind, name)

    def value(self, code: str | int, column: str) -> Any:
        """One attribute value of a node (None when absent)."""
        return self._core.value(self._resolve(code), column)

    def workload(self, weights: Mapping[str, float] | Sequence[Mapping[str, float]] | None = None,
                 kind: str = "building") -> np.ndarray:
        """Workload score of each node of ``kind`` (in id order): a weighted sum of attributes.

        A weight's key is ``households`` (household nodes in the subtree), an attribute of the
        node's own kind, or a household attribute summed over the subtree (e.g.
        ``elderly_alone``). Several weight dicts give an ``(n, d)`` array (one column each).
        Defaults: :data:`DEFAULT_WORKLOAD_WEIGHTS`.
        """
        if weights is None:
            weights = DEFAULT_WORKLOAD_WEIGHTS
        if isinstance(weights, (str, bytes)) or not isinstance(weights, (Mapping, Sequence)):
            raise InputError(tr("weights must map attribute names to numbers (or be a list of such maps), got "
                                "{weights}",
                                weights=repr(weights)))
        _kind_id(kind)
        if isinstance(weights, Mapping):
            return _core.workload(self._core, _workload_terms(weights), kind)
        return np.column_stack([_core.workload(self._core, _workload_terms(w), kind) for w in weights])

    # ---- the algorithms on the model (each lives in its area's module) ------------------------
    @classmethod
    def from_buildings(cls, buildings: Any, **options: Any) -> "Model":
        """A model from a planner's table of buildings; see :func:`gridgov.from_buildings`."""
        from .buildings import from_buildings

        return from_buildings(buildings, **options)

    def draw_grids(self, community: Any = None, **options: Any) -> Any:
        """Redraw residential grids from buildings into contiguous, balanced grids; returns a
        :class:`gridgov.GridPlan` (``labels``, ``quality``, ``moved``, ``apply()``). See
        :func:`gridgov.grids.draw_grids`."""
        from .grids import draw_grids

        return draw_grids(self, community, **options)

    def assign_workers(self, **options: Any) -> Any:
        """Assign full-time and part-time workers to grids at least total home-to-grid distance
        (min-cost flow); see :func:`gridgov.grids.assign_workers`."""
        from .grids import assign_workers

        return assign_workers(self, **options)

    def audit(self, **options: Any) -> pd.DataFrame:
        """Coverage audit: one row per finding (rule, severity, kind, code, detail), empty when
        the model is sound; see :func:`gridgov.coverage.audit` for the options."""
        from .coverage import audit

        return audit(self, **options)

    def reach(self, facility: str = "service_station", radius: float = 500.0, metric: str = "euclidean",
              **options: Any) -> Any:
        """Each household's distance to its nearest facility and the share within reach, straight
        or along the model's roads, or along a networkx street graph (``metric="network",
        network=G``, e.g. from OSMnx); see :func:`gridgov.coverage.reach`."""
        from .coverage import reach

        return reach(self, facility, radius, metric, **options)

    def route(self, place: str | int, category: str, urgency: str | None = None, policy: Any = None) -> Any:
        """The escalation route of one event; see :func:`gridgov.escalation.route`."""
        from .escalation import route

        return route(self, place, category, urgency, policy)

    def route_many(self, places: Any, categories: Any, urgencies: Any = None, policy: Any = None) -> Any:
        """Routes of many events as arrays; see :func:`gridgov.escalation.route_many`."""
        from .escalation import route_many

        return route_many(self, places, categories, urgencies, policy)

    # ---- whole model -------------------------------------------------------------------------
    def summary(self) -> dict[str, int]:
        """Headline counts: counties (a city's districts; 1 in a county model), streets,
        communities, compounds, buildings, units, households, residents, residential_grids,
        special_grids, fulltime_workers, parttime_workers, party_groups, stationed_units,
        departments, governance_centres, work_seats, places."""
        return {k: int(v) for k, v in self._core.summary().items()}

    def to_geopandas(self, kind: str = "building") -> Any:
        """The nodes of one kind as a GeoDataFrame in WGS-84 (grids as polygons, footprints kept);
        needs the ``gis`` extra. See :func:`gridgov.files.to_geopandas`."""
        from .files import to_geopandas

        return to_geopandas(self, kind)

    def to_frame(self, kind: str | None = None) -> pd.DataFrame:
        """The nodes of one kind (or of all kinds) as a table that :meth:`from_frame` reads back.

        Columns: code, parent, kind, name, subkind, x, y, then the kind's attributes (nullable
        pandas dtypes for integers, booleans and text, so absent values stay absent). An
        attribute that has a different type in different kinds (text for one, numbers for
        another) becomes a column of Python objects, so that each kind keeps its own type.
        ``frame.attrs["metadata"]`` holds the model's metadata, which :meth:`from_frame` reads
        back. Findings are not part of the table: :meth:`from_frame` finds again those the data
        shows (see docs/model.md).
        """
        if kind is None:
            frames = [self.to_frame(k) for k in KINDS if self.count(k)]
            if not frames:
                return self.to_frame("county")
            types: dict[str, set[str]] = {}
            for k in KINDS:
                if self.count(k):
                    for name, ctype in self._core.column_names(k):
                        types.setdefault(name, set()).add(ctype)
            for name in [name for name, t in types.items() if len(t) > 1]:
                for frame in frames:
                    if name in frame.columns:
                        frame[name] = pd.Series(frame[name].astype(object), index=frame.index, dtype=object)
            whole = pd.concat(frames, ignore_index=True, sort=False)
            whole.attrs["metadata"] = self.metadata
            return whole
        r = self.kind_range(kind)
        ids = np.arange(r.start, r.stop, dtype=np.int32)
        parents = self.parents[r.start:r.stop]
        has_parent = parents >= 0
        parent_codes = np.full(len(ids), "", dtype=object)
        if has_parent.any():
            parent_codes[has_parent] = self._core.codes(parents[has_parent])
        data: dict[str, Any] = {
            "code": self._core.codes(ids),
            "parent": parent_codes,
            "kind": np.full(len(ids), kind, dtype=object),
            "name": self._core.names(ids),
            "subkind": self.subkinds(ids),
            "x": np.array(self.x[r.start:r.stop]),
            "y": np.array(self.y[r.start:r.stop]),
        }
        for name, _ in self._core.column_names(kind):
            data[name] = _series_values(self._core.column(kind, name))
        frame = pd.DataFrame(data)
        frame.attrs["metadata"] = self.metadata
        return frame

    def links_frame(self) -> pd.DataFrame:
        """Every cross link: source, target (codes), link (type name), weight."""
        s, t, types, w = self._core.links()
        link_names = np.array(LINK_TYPES, dtype=object)
        return pd.DataFrame({
            "source": self._core.codes(s),
            "target": self._core.codes(t),
            "link": link_names[types],
            "weight": w,
        })

    def memory_bytes(self) -> int:
        """Bytes held by the model's arrays, strings included."""
        return int(self._core.memory_bytes())

    def __repr__(self) -> str:
        s = self.summary()
        name = self.metadata.get("name", "model")
        return (f"<gridgov.Model {name}: {self.size:,} nodes, {s['communities']} communities, "
                f"{s['residential_grids'] + s['special_grids']} grids, {s['households']:,} households>")

    def _repr_html_(self) -> str:
        """Notebook view: the headline counts and a small map of the located nodes."""
        from ._repr import model_html

        return model_html(self)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Model):
            return NotImplemented
        return self._core.to_bytes() == other._core.to_bytes()

    __hash__ = None  # type: ignore[assignment]


def _coordinates(nodes: pd.DataFrame, column: str) -> np.ndarray:
    values = pd.to_numeric(nodes[column], errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    bad = np.flatnonzero(np.isnan(values) & ~nodes[column].isna().to_numpy())
    if bad.size:
        raise InputError(
            tr("column {column} holds {iloc} in row {bad}, not a number of metres (rows {tolist})",
               column=repr(column), iloc=repr(nodes[column].iloc[bad[0]]), bad=int(bad[0]), tolist=bad[:10].tolist())
        )
    return values


def _set_attribute(builder: Any, name: str, series: pd.Series, kind_ids: np.ndarray) -> None:
    """One attribute column into the builder. A column of one numpy type goes in whole; a column
    of Python objects gets its type per kind of node (the model's columns are per kind), so a
    table from :meth:`Model.to_frame` holding, say, a ``label`` that is text for grids and a
    number for places comes back as it was."""
    present = ~series.isna().to_numpy()
    if not present.any():
        return
    rows = np.arange(len(series))
    if not (pd.api.types.is_object_dtype(series.dtype) or pd.api.types.is_string_dtype(series.dtype)):
        groups = [(None, rows)]
    else:
        groups = [(KINDS[k], np.flatnonzero(kind_ids == k)) for k in np.unique(kind_ids[present])]
    payloads = [(kind, part, _column_payload(name, series.iloc[part], part, kind)) for kind, part in groups]
    if len({ctype for _, _, (ctype, _, _) in payloads}) == 1 and len(payloads) > 1:
        payloads = [(None, rows, _column_payload(name, series, rows))]  # one type for every kind
    for kind, part, (ctype, values, valid) in payloads:
        if len(part) != len(series):  # this kind's rows only: the rest absent
            full_valid = np.zeros(len(series), dtype=np.uint8)
            full_valid[part] = valid
            if ctype == "string":
                full_values: Any = [None] * len(series)
                for i, v in zip(part, values):
                    full_values[i] = v
            else:
                full_values = np.zeros(len(series), dtype=np.asarray(values).dtype)
                full_values[part] = values
            values, valid = full_values, full_valid
        builder.set_column(0, name, ctype, values, np.asarray(valid, dtype=np.uint8))


def _frame_metadata(nodes: pd.DataFrame, metadata: Mapping[str, str] | None) -> dict[str, str]:
    merged: dict[Any, Any] = dict(nodes.attrs.get("metadata") or {})
    merged.update(metadata or {})
    for key, value in merged.items():
        if not isinstance(key, str) or not isinstance(value, str):
            raise InputError(tr("metadata entry {key}: {value}: keys and values must be text",
                                key=repr(key), value=repr(value)))
    return merged


def _series_values(payload: dict) -> Any:
    """A pandas array with nullable dtype from the core's column payload."""
    ctype, values, valid = payload["type"], payload["values"], payload["valid"]
    if ctype == "int64":
        return pd.arrays.IntegerArray(np.asarray(values, dtype=np.int64), ~np.asarray(valid, dtype=bool))
    if ctype == "bool":
        return pd.arrays.BooleanArray(np.asarray(values, dtype=bool), ~np.asarray(valid, dtype=bool))
    if ctype == "float64":
        return np.asarray(values, dtype=np.float64)
    return np.array(values, dtype=object)


def _add_links(builder: Any, links: pd.DataFrame) -> None:
    missing = [c for c in ("source", "target", "link") if c not in links.columns]
    if missing:
        raise InputError(tr("links table lacks column(s) {missing}; it needs source, target, link (and weight)",
                            missing=missing))
    n = len(links)
    weights = (pd.to_numeric(links["weight"], errors="raise").to_numpy(dtype=np.float64)
               if "weight" in links.columns else np.full(n, np.nan))
    builder.link_many(
        _as_str_list(links["source"], "source", allow_missing=False),
        _as_str_list(links["target"], "target", allow_missing=False),
        _as_str_list(links["link"], "link", allow_missing=False),
        weights,
    )
