"""Escalation routing: where an event goes, when it climbs, and what a month of events does.

"小事不出网格、难事不出小区、大事不出社区": each matter should be settled at the lowest tier able to
settle it, in time, with supervision when it is late. This module gives

* :class:`EscalationPolicy` -- tiers L0-L5, urgencies U0-U3, categories (ZZ01-ZZ99 community
  governance, BJ/SJ city management), per category x urgency the entry tier, the highest tier
  allowed to close and the department's sector, time limits per stage and tier, the working
  calendar, the 80/100/150/200 % thresholds, the returned-more-than-twice rule and skip-level
  rules. Saved and loaded as JSON.
* :func:`route` and :func:`route_many` -- the chain of handlers for events (C++ router).
* :func:`evaluate` -- DOMAIN §(a) indicators from any event log with the documented columns.
* :func:`simulate` -- a discrete-event month (or any horizon) of events on a model.

Times in logs are naive local datetimes (a time-zone-aware column is converted to Asia/Shanghai).
See ``docs/escalation.md`` for every default and the choices behind it.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from . import _args, _names
from .messages import tr
from ._core_ref import core as _core
from .errors import EventLogError, InputError, PolicyError, UnknownCodeError


_esc: Any = _core.escalation

#: Tier and urgency codes, in the core's order (gridgov::escalation::tier_codes, urgency_codes).
TIERS: tuple[str, ...] = tuple(_esc.TIER_CODES)
URGENCIES: tuple[str, ...] = tuple(_esc.URGENCY_CODES)
#: Lifecycle states, in the core's order (gridgov::escalation::state_names).
STATES: tuple[str, ...] = tuple(_esc.STATE_NAMES)
#: Where reports come from (gridgov::escalation::source_names): a grid worker's patrol, a resident
#: through the app or the 12345 hotline, a supervisor's inspection.
SOURCES: tuple[str, ...] = tuple(_esc.SOURCE_NAMES)
#: Routing reason bits, lowest first (gridgov::escalation::reason_names).
REASONS: tuple[str, ...] = tuple(_esc.REASON_NAMES)
#: Text of each routing reason bit (gridgov::escalation::reason_texts).
REASON_TEXT: dict[str, str] = dict(zip(REASONS, _esc.REASON_TEXTS))

_WHOLE_PARAMETERS = ("max_events", "satisfaction_max_escalations")
#: Every parameter ``simulate(**params)`` takes besides days, seed, start, rates and staffing
#: (C++ ``SimulationParams``; each default and its source in docs/escalation.md): numbers, whole
#: numbers, per tier / urgency / source (a list of them all, or a mapping of some: ``{"L0": 0.7}``),
#: ``dispute_categories`` (codes), and ``threads``.
SIMULATION_PARAMETERS: tuple[str, ...] = (tuple(_esc.SIMULATION_PARAMETERS) + _WHOLE_PARAMETERS +
                                          tuple(_esc.SIMULATION_STRUCTURED_PARAMETERS) + ("threads",))
EVENT_COLUMNS: tuple[str, ...] = ("event_id", "created_at", "place", "category", "urgency")
TRANSITION_COLUMNS: tuple[str, ...] = ("event_id", "time", "from_state", "to_state", "tier", "actor")


# ---- policy ---------------------------------------------------------------------------------


class EscalationPolicy:
    """A validated escalation policy.

    Build it with :meth:`default`, :meth:`from_dict`, :meth:`from_json` or :meth:`load`; every
    constructor validates and raises :class:`gridgov.PolicyError` listing every inconsistency.
    Limits are stored in hours of the urgency's clock (working hours for a working clock).

    Examples
    --------
    >>> import gridgov as gg
    >>> p = gg.EscalationPolicy.default()
    >>> p.entry_tier("ZZ03")   # safety hazard: urgent by default, skip rule -> community
    'L2'
    """

    __slots__ = ("_core", "_codes", "_index")

    def __init__(self, core: Any | None = None) -> None:
        self._core = core if core is not None else _esc.Policy.standard()
        self._codes: list[str] = list(self._core.category_codes())
        self._index = {c: i for i, c in enumerate(self._codes)}

    @classmethod
    def default(cls) -> "EscalationPolicy":
        """The documented default (DOMAIN §(d); choices in ``docs/escalation.md``).

        Returns
        -------
        EscalationPolicy
        """
        return cls(_esc.Policy.standard())

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "EscalationPolicy":
        """A policy from its JSON-shaped dict (as :meth:`to_dict` writes it).

        Parameters
        ----------
        data : mapping
            ``categories``, ``stage_limits_hours`` and ``handle_limits_hours`` are required; the
            other fields default to :meth:`default`'s. The schema is strict (see
            :meth:`from_json`).

        Returns
        -------
        EscalationPolicy

        Raises
        ------
        gridgov.PolicyError
            Naming the field or every inconsistency.
        gridgov.VersionError
            ``version`` is newer than this gridgov reads.
        """
        if not isinstance(data, Mapping):
            raise InputError(tr("EscalationPolicy.from_dict needs a mapping (the JSON object)"))
        return cls(_esc.Policy.from_json(json.dumps(_json_ready(data, ""), ensure_ascii=False)))

    def to_dict(self) -> dict[str, Any]:
        """The policy as a JSON-shaped dict.

        Returns
        -------
        dict
        """
        return json.loads(self._core.to_json(-1))

    def to_json(self, indent: int | None = 2) -> str:
        """The policy as JSON text (UTF-8, Chinese names kept readable), written by the C++ core.

        Parameters
        ----------
        indent : int or None
            Spaces per level; ``None`` writes one line.

        Returns
        -------
        str
        """
        return self._core.to_json(-1 if indent is None else int(indent))

    @classmethod
    def from_json(cls, text: str) -> "EscalationPolicy":
        """A policy from JSON text, read by the C++ core with a strict schema: an unknown or
        misspelled key, a value of the wrong type, an unknown stage, tier or urgency rule, or an
        impossible date is a :class:`gridgov.PolicyError` naming the key path.

        Parameters
        ----------
        text : str

        Returns
        -------
        EscalationPolicy

        Raises
        ------
        gridgov.FormatError
            The text is not JSON.
        gridgov.VersionError
            ``version`` is newer than this gridgov reads.
        gridgov.PolicyError
            Naming the key path, or listing every inconsistency.
        """
        if not isinstance(text, (str, bytes)):
            raise InputError(tr("EscalationPolicy.from_json needs JSON text (str)"))
        return cls(_esc.Policy.from_json(text))  # bytes go as they are: the core checks UTF-8

    def save(self, path: str | os.PathLike[str]) -> None:
        """Writes the policy as JSON (the C++ core's ``EscalationPolicy::save``).

        Parameters
        ----------
        path : path-like

        Raises
        ------
        gridgov.FormatError
            The file cannot be written.
        """
        self._core.save(_path_bytes(path, "EscalationPolicy.save"))

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> "EscalationPolicy":
        """Reads a policy written by :meth:`save` (or by hand).

        Parameters
        ----------
        path : path-like

        Returns
        -------
        EscalationPolicy

        Raises
        ------
        gridgov.FormatError
            No such file, a folder, a file over 16 MiB, or text that is not JSON; each naming
            the path. Otherwise the errors of :meth:`from_json`, naming the path.
        """
        return cls(_esc.Policy.load(_path_bytes(path, "EscalationPolicy.load")))

    # ---- queries ----------------------------------------------------------------------------
    @property
    def category_codes(self) -> list[str]:
        """Category codes in policy order."""
        return list(self._codes)

    def categories(self) -> pd.DataFrame:
        """One row per category: code, name, default urgency and the default urgency's rule.

        Returns
        -------
        pandas.DataFrame
        """
        rows = []
        for c in self.to_dict()["categories"]:
            r = c["rules"][c["default_urgency"]]
            rows.append({"code": c["code"], "name": c["name"], "default_urgency": c["default_urgency"],
                         "entry": r["entry"], "close": r["close"], "sector": r["sector"]})
        return pd.DataFrame(rows)

    def category_index(self, code: str) -> int:
        """The index of a category code.

        Parameters
        ----------
        code : str

        Returns
        -------
        int

        Raises
        ------
        gridgov.UnknownCodeError
        """
        try:
            return self._index[_args.text(code, "category")]
        except KeyError:
            raise UnknownCodeError(
                tr("unknown event category {code}: the policy knows {codes} ...",
                   code=repr(code), codes=', '.join(self._codes[:12]))
            ) from None

    def default_urgency(self, category: str) -> str:
        """The default urgency code of a category.

        Parameters
        ----------
        category : str

        Returns
        -------
        str
            ``"U0"`` .. ``"U3"``.
        """
        return URGENCIES[int(self._core.default_urgencies()[self.category_index(category)])]

    def entry_tier(self, category: str, urgency: str | None = None) -> str:
        """The tier a category enters at (after the urgency's skip rule).

        Parameters
        ----------
        category : str
        urgency : str, optional
            ``None`` takes the category's default.

        Returns
        -------
        str
            ``"L0"`` .. ``"L4"``.
        """
        return TIERS[self._core.entry_tier(*self._category_urgency(category, urgency))]

    def close_tier(self, category: str, urgency: str | None = None) -> str:
        """The highest tier allowed to close a category at an urgency.

        Parameters
        ----------
        category : str
        urgency : str, optional
            ``None`` takes the category's default.

        Returns
        -------
        str
            ``"L0"`` .. ``"L4"``.
        """
        return TIERS[self._core.close_tier(*self._category_urgency(category, urgency))]

    def _category_urgency(self, category: str, urgency: str | None) -> tuple[int, int]:
        """Indices of a category and of an urgency (None: the category's default)."""
        c = self.category_index(category)
        u = _urgency_index(urgency) if urgency is not None else int(self._core.default_urgencies()[c])
        return c, u

    def __eq__(self, other: object) -> bool:
        return isinstance(other, EscalationPolicy) and self.to_dict() == other.to_dict()

    def __hash__(self) -> int:
        return hash(self.to_json(indent=None))

    def __repr__(self) -> str:
        d = self.to_dict()
        return (f"EscalationPolicy({len(d['categories'])} categories, street tier "
                f"{'on' if d['street_tier'] else 'off'}, thresholds {d['thresholds']})")


def _path_bytes(path: Any, what: str) -> bytes:
    if not isinstance(path, (str, bytes, os.PathLike)):
        raise InputError(tr("{what} needs a file path (got {type})", what=what, type=type(path).__name__))
    return os.fsencode(path)


def _json_ready(value: Any, path: str) -> Any:
    """A mapping/list as plain JSON values (numpy scalars unwrapped). JSON holds no NaN or
    infinity, so a non-finite number is a PolicyError naming its path here."""
    if isinstance(value, Mapping):
        return {str(k): _json_ready(v, f"{path}.{k}" if path else str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(v, f"{path}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        raise PolicyError(tr("escalation policy field '{path}': must be a finite number (got {value})",
                             path=path, value=value))
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    raise PolicyError(tr("escalation policy field '{path}': {type} is not a JSON value",
                         path=path, type=type(value).__name__))


def _policy(policy: EscalationPolicy | None) -> EscalationPolicy:
    if policy is None:
        return EscalationPolicy.default()
    if not isinstance(policy, EscalationPolicy):
        raise InputError(tr("policy must be a gridgov.EscalationPolicy (or None for the default)"))
    return policy


def _urgency_index(u: Any) -> int:
    if isinstance(u, (int, np.integer)) and 0 <= int(u) < len(URGENCIES):
        return int(u)
    if isinstance(u, str) and u in URGENCIES:
        return URGENCIES.index(u)
    raise UnknownCodeError(tr("unknown urgency {u}: use U0 (routine), U1 (priority), U2 (urgent) or U3 (major)",
                              u=repr(u)))


def _core_model(model: Any) -> Any:
    core = getattr(model, "_core", model)
    if not isinstance(core, _core.Model):
        raise InputError(tr("model must be a gridgov.Model"))
    return core


# Routers are cached per (model, policy, staffing); the cache holds the model so ids stay unique.
_ROUTERS: "OrderedDict[tuple, tuple[Any, Any]]" = OrderedDict()


def _router(model_core: Any, policy: EscalationPolicy, fulltime: Sequence[int] | None = None) -> Any:
    key = (id(model_core), id(policy._core), None if fulltime is None else tuple(fulltime))
    hit = _ROUTERS.get(key)
    if hit is not None and hit[0] is model_core:
        _ROUTERS.move_to_end(key)
        return hit[1]
    router = _esc.Router(model_core, policy._core, None if fulltime is None else list(fulltime))
    _ROUTERS[key] = (model_core, router, policy)  # type: ignore[assignment]
    while len(_ROUTERS) > 6:
        _ROUTERS.popitem(last=False)
    return router


def _codes_of(model_core: Any, ids: np.ndarray) -> pd.Categorical:
    """Codes of dense ids as a Categorical (-1 -> missing), one C++ lookup per distinct id.
    Ids are dense, so the distinct ones come from a presence table in one pass (no sort)."""
    ids = np.asarray(ids, dtype=np.int64).reshape(-1)
    if len(ids) == 0:
        return pd.Categorical.from_codes(np.zeros(0, np.int64), categories=pd.Index([], dtype=object))
    shifted = ids + 1  # -1 -> 0
    present = np.zeros(int(shifted.max()) + 1, dtype=bool)
    present[shifted] = True
    present[0] = False
    uniq = np.flatnonzero(present)
    lookup = np.full(len(present), -1, dtype=np.int64)
    lookup[uniq] = np.arange(len(uniq))
    names = model_core.codes((uniq - 1).astype(np.int32)) if len(uniq) else []
    return pd.Categorical.from_codes(lookup[shifted], categories=pd.Index(list(names), dtype=object))


def _factorize(values: pd.Series) -> tuple[np.ndarray, list[Any]]:
    """Integer codes (-1 = missing) and the distinct values, without copying a Categorical."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy().astype(np.int64), list(values.cat.categories)
    codes, uniques = pd.factorize(values, use_na_sentinel=True)
    return codes.astype(np.int64), list(uniques)


def _place_ids(model_core: Any, places: Any, what: str = "place") -> np.ndarray:
    arr = np.asarray(places)
    if arr.ndim == 0:
        arr = arr.reshape(1)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int32, copy=False)
    if arr.ndim != 1:
        raise InputError(tr("{what}s must be one code or id per event (a flat list), got an array of shape "
                            "{shape}",
                            what=what, shape=arr.shape))
    codes = _args.texts(arr.tolist(), what + "s")
    # Codes, or the planner's names and building numbers ("阳光小区 3号楼"): gridgov/_names.py.
    return _names.place_ids(model_core, codes) if codes else np.zeros(0, np.int32)


def _category_ids(policy: EscalationPolicy, categories: Any) -> np.ndarray:
    if isinstance(categories, pd.Series):
        codes, uniques = _factorize(categories)
    else:
        arr = np.asarray(categories)
        if arr.ndim == 0:
            arr = arr.reshape(1)
        if arr.dtype.kind in "iu":
            return arr.astype(np.int32, copy=False)
        codes, uniques = _factorize(pd.Series(arr, dtype=object))
    index = policy._index
    table = np.full(max(len(uniques), 1), -1, dtype=np.int32)
    for j, code in enumerate(uniques):
        key = str(code)
        if key in index:
            table[j] = index[key]
        elif (codes == j).any():  # a code in another case, or a name ("矛盾纠纷"): gridgov/_names.py
            try:
                table[j] = _names.category_index(policy._core, key)
            except InputError as error:
                row = int(np.flatnonzero(codes == j)[0])
                raise type(error)(tr("event {row}: {error}", row=row, error=error)) from None
    if (codes < 0).any():
        raise UnknownCodeError(tr("event {flatnonzero}: category is missing",
                                  flatnonzero=int(np.flatnonzero(codes < 0)[0])))
    return table[codes]


def _urgency_ids(urgencies: Any, n: int) -> np.ndarray | None:
    if urgencies is None:
        return None
    if isinstance(urgencies, pd.Series) and pd.api.types.is_integer_dtype(urgencies.dtype):
        # A nullable integer column's <NA> is a missing urgency (-1: the category's default).
        return urgencies.to_numpy(dtype=np.int64, na_value=-1).astype(np.int8)
    arr = np.asarray(urgencies, dtype=object if not isinstance(urgencies, np.ndarray) else None)
    if arr.ndim == 0:
        arr = np.full(n, arr.item(), dtype=object)
    if arr.dtype.kind in "iu":
        return arr.astype(np.int8)
    # One decision per distinct value (logs hold millions of rows but four urgencies).
    codes, uniques = _factorize(urgencies if isinstance(urgencies, pd.Series) else pd.Series(arr, dtype=object))
    table = np.zeros(max(len(uniques), 1), dtype=np.int8)
    for j, u in enumerate(uniques):
        if not (codes == j).any():
            continue
        try:
            table[j] = _urgency_index(u)
        except UnknownCodeError:
            row = int(np.flatnonzero(codes == j)[0])
            raise UnknownCodeError(tr("event {row}: unknown urgency {u}: use U0-U3 or None for the category "
                                      "default",
                                      row=row, u=repr(u))) from None
    out = np.full(len(arr), -1, dtype=np.int8)
    known = codes >= 0
    out[known] = table[codes[known]]
    return out


# ---- routing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class RouteStep:
    """One step of a route: the tier, the handler's code and name, and why it is there."""

    tier: str
    handler: str
    name: str
    reason: str


@dataclass(frozen=True)
class Route:
    """The route of one event: ordered steps from the first handler up to the highest tier
    allowed to close it."""

    place: str
    category: str
    urgency: str
    entry_tier: str
    close_tier: str
    department: str | None
    reasons: tuple[str, ...]
    steps: tuple[RouteStep, ...] = field(default_factory=tuple)
    place_name: str = ""  #: the planner's name of the place (a model without names: "")
    category_name: str = ""  #: e.g. 矛盾纠纷

    def to_frame(self) -> pd.DataFrame:
        """The steps as a table.

        Returns
        -------
        pandas.DataFrame
            Columns ``tier, handler, name, reason``, one row per step.
        """
        return pd.DataFrame([s.__dict__ for s in self.steps], columns=["tier", "handler", "name", "reason"])

    def _repr_html_(self) -> str:
        from ._repr import route_html

        return route_html(self)

    def __str__(self) -> str:
        category = f"{self.category} {self.category_name}" if self.category_name else self.category
        place = tr("{name} ({code})", name=self.place_name, code=self.place) if self.place_name else self.place
        lines = [tr("{category} ({urgency}) at {place}: enters {entry}, may close up to {close}", category=category,
                    urgency=self.urgency, place=place, entry=self.entry_tier, close=self.close_tier)]
        lines += [tr("  {tier} {handler} {name}: {reason}", tier=s.tier, handler=s.handler, name=s.name, reason=s.reason)
                  for s in self.steps]
        return "\n".join(lines)


def route(model: Any, place: str | int, category: str, urgency: str | None = None,
          policy: EscalationPolicy | None = None) -> Route:
    """The route of one event: who handles it at each tier, and why.

    Parameters
    ----------
    model : gridgov.Model
    place : str or int
        A household, unit, building, place or grid: its code (or dense id), its name or the
        planner's building number, in any case and width, qualified by its compound or
        community when the name alone is not unique (``"阳光小区 3号楼"``,
        ``"香樟公馆1号楼 1单元 101"``, ``"C1-3"``); see docs/escalation.md, "Places and
        categories by name".
    category : str
        A category code of the policy in any case (``"ZZ01"``, ``"zz01"``, ``"BJ0101"`` ...) or
        its name (``"矛盾纠纷"``, or ``"上水井盖"`` for 部件·公用设施·上水井盖).
    urgency : str, optional
        ``"U0"`` .. ``"U3"``; ``None`` takes the category's default.
    policy : EscalationPolicy, optional
        Defaults to :meth:`EscalationPolicy.default`.

    Returns
    -------
    Route
        Ordered steps (tier, handler code, name, reason) from the entry tier up to the close
        tier; at L2 both the service station and the community command centre appear, at L4 the
        county command centre and then the department (explained by the C++ router,
        ``gridgov::escalation::Router::explain``).

    Raises
    ------
    gridgov.UnknownCodeError
        Unknown place, category or urgency (similar names listed).
    gridgov.InputError
        The place is not a household, unit, building, place or grid, or a name fits several
        places or categories (listed, with what tells them apart).
    """
    p = _policy(policy)
    mc = _core_model(model)
    if isinstance(place, (bool, np.bool_)) or not isinstance(place, (str, int, np.integer)):
        raise InputError(tr("place must be a code (text) or a dense id (a whole number), got {type} {place}",
                            type=type(place).__name__, place=repr(place)))
    if isinstance(place, str):  # a code, a name or a building number (gridgov/_names.py)
        pid = [_names.place_id(mc, _args.text(place, "place"))]
    else:
        pid = _place_ids(mc, [place])
    category = _args.text(category, "category")
    cid = [p._index[category] if category in p._index else _names.category_index(p._core, category)]
    if urgency is not None and not isinstance(urgency, (int, np.integer)):
        urgency = _args.text(urgency, "urgency")
    uid = _urgency_ids([urgency], 1)
    r = _router(mc, p).explain(int(pid[0]), int(cid[0]), int(uid[0]))
    department = int(r["department"])
    return Route(place=r["place"], category=r["category"], urgency=URGENCIES[r["urgency"]],
                 entry_tier=TIERS[r["entry_tier"]], close_tier=TIERS[r["close_tier"]],
                 department=mc.code(department) if department >= 0 else None, reasons=tuple(reason_names(r["reasons"])),
                 steps=tuple(RouteStep(TIERS[t], code, name, reason) for t, code, name, reason in r["steps"]),
                 place_name=mc.name(int(pid[0])), category_name=_names.category_name(p._core, int(cid[0])))


def route_many(model: Any, places: Any, categories: Any, urgencies: Any = None,
               policy: EscalationPolicy | None = None) -> dict[str, np.ndarray]:
    """Routes many events at once (C++, no Python loop).

    Parameters
    ----------
    model : gridgov.Model
    places : array-like of str or int
        Codes or dense ids of households, units, buildings, places or grids.
    categories : array-like of str or int
        Category codes or indices into ``policy.category_codes``.
    urgencies : array-like, optional
        ``"U0"``..``"U3"`` or 0..3 (``None``/-1 = the category's default), or one value for all.
    policy : EscalationPolicy, optional

    Returns
    -------
    dict of numpy arrays
        ``entry_tier`` (int8), ``close_tier`` (int8), ``handlers`` (n x 6 int32 dense ids, -1
        where a tier is skipped or above the close tier; L5 only when reported above),
        ``department`` (int32, -1 = none) and ``reason`` (uint16 bit flags, names in
        :data:`REASONS`).
    """
    p = _policy(policy)
    mc = _core_model(model)
    pid = _place_ids(mc, places)
    cid = _category_ids(p, categories)
    if len(cid) == 1 and len(pid) > 1:
        cid = np.full(len(pid), cid[0], dtype=np.int32)
    uid = _urgency_ids(urgencies, len(pid))
    return dict(_router(mc, p).route_many(pid, cid, uid))


def reason_names(reason: int) -> list[str]:
    """Names of the bits set in a route's reason code.

    Parameters
    ----------
    reason : int

    Returns
    -------
    list of str
    """
    return [name for k, name in enumerate(REASONS) if int(reason) >> k & 1]


# ---- event logs and evaluation -----------------------------------------------------------------


def _seconds(values: pd.Series, what: str) -> np.ndarray:
    s = values
    if not pd.api.types.is_datetime64_any_dtype(s.dtype):
        try:
            s = pd.to_datetime(s)
        except (ValueError, TypeError) as e:
            raise EventLogError(tr("{what}: not datetimes ({e})", what=what, e=e)) from None
    if getattr(s.dt, "tz", None) is not None:
        s = s.dt.tz_convert("Asia/Shanghai").dt.tz_localize(None)
    missing = s.isna().to_numpy()
    if missing.any():
        raise EventLogError(tr("{what}: row {flatnonzero} has no time",
                               what=what, flatnonzero=int(np.flatnonzero(missing)[0])))
    return s.to_numpy().astype("datetime64[s]").astype(np.int64)


def _require(df: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    if not isinstance(df, pd.DataFrame):
        raise EventLogError(tr("{what} must be a pandas DataFrame", what=what))
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise EventLogError(tr("{what} lacks column(s) {missing}; required: {columns}",
                               what=what, missing=', '.join(missing), columns=', '.join(columns)))


def _tier_ints(values: pd.Series) -> np.ndarray:
    # Missing first: a nullable integer column's <NA> would otherwise cast to -2^63.
    missing = values.isna().to_numpy()
    if missing.any():
        raise EventLogError(tr("transitions row {flatnonzero}: tier is missing",
                               flatnonzero=int(np.flatnonzero(missing)[0])))
    if pd.api.types.is_integer_dtype(values.dtype):
        arr = values.to_numpy().astype(np.int64)
    else:
        codes, uniques = pd.factorize(values.astype(object))
        table = np.empty(len(uniques), dtype=np.int64)
        for j, v in enumerate(uniques.tolist()):
            if isinstance(v, str) and v in TIERS:
                table[j] = TIERS.index(v)
            elif isinstance(v, (int, np.integer)) or (isinstance(v, float) and float(v).is_integer()):
                table[j] = int(v)
            else:
                raise EventLogError(tr("transitions row {flatnonzero}: tier {v} is not L0-L5",
                                       flatnonzero=int(np.flatnonzero(codes == j)[0]), v=repr(v)))
        arr = table[codes]
    bad = (arr < 0) | (arr >= len(TIERS))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise EventLogError(tr("transitions row {i}: tier {arr} is not L0-L5", i=i, arr=arr[i]))
    return arr.astype(np.int8)


def _state_ints(values: pd.Series, column: str) -> np.ndarray:
    codes, uniques = _factorize(values)
    if (codes < 0).any():
        raise EventLogError(tr("transitions row {flatnonzero}: {column} is missing",
                               flatnonzero=int(np.flatnonzero(codes < 0)[0]), column=column))
    table = np.zeros(max(len(uniques), 1), dtype=np.uint8)
    for j, name in enumerate(uniques):
        if str(name) not in STATES:
            hits = np.flatnonzero(codes == j)
            if len(hits) == 0:
                continue  # an unused category of a Categorical
            raise EventLogError(tr("transitions row {hits}: {column} {name} is not a lifecycle state ({states})",
                                   hits=int(hits[0]), column=column, name=repr(name), states=', '.join(STATES)))
        table[j] = STATES.index(str(name))
    return table[codes]


@dataclass
class Evaluation:
    """Indicators of an event log: overall ``kpis`` and tables per grid, community, department
    and worker (DOMAIN §(a): 结案率, 按期结案率, 处置率, 按期处置率, 返工率, 自行处置率, 上移率, 按时核查率,
    群众满意度, hand-downs, average times, supervision and card counts, composite scores and A-E
    grades)."""

    kpis: dict[str, float]
    events: pd.DataFrame
    by_grid: pd.DataFrame
    by_community: pd.DataFrame
    by_department: pd.DataFrame
    by_worker: pd.DataFrame
    #: A city's tables (a model with several districts, or events with ``street`` / ``district``
    #: columns): indicators by street (街道/乡镇) and by district (区/县); empty for a county.
    by_street: pd.DataFrame = field(default_factory=pd.DataFrame)
    by_district: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: With ``period="M"``: one row per calendar month (its events, measured at the month's end):
    #: the overall indicators, the area score and grade of the month (the policy's grading).
    by_period: pd.DataFrame | None = None


def _indicators(items: Sequence[tuple[str, float, bool]]) -> dict[str, float]:
    """The core's indicators (name, value, is-a-count) as a dict in the core's order."""
    return {name: int(value) if count else float(value) for name, value, count in items}


def _unit_table(raw: Mapping[str, Any] | None, key: str) -> pd.DataFrame:
    """One table of the core's evaluation (rows in code order) as a DataFrame indexed by unit."""
    if raw is None:
        return pd.DataFrame()
    t = pd.DataFrame({k: v for k, v in raw.items() if k != "unit"}, index=pd.Index(raw["unit"], name=key, dtype=object))
    return t


def _city_levels(mc: Any, community: pd.Series, street: pd.Series | None,
                 district: pd.Series | None) -> tuple[pd.Series | None, pd.Series | None]:
    """The street and district of each event's community, on a model with several districts (a
    city); a county's model gives no such columns (its tables stay empty)."""
    if mc.count("county") <= 1:
        return street, district
    codes = community.astype(object).where(community.notna(), None).to_numpy()
    unique = pd.unique(codes[pd.notna(codes)])
    ids = np.asarray(mc.ids([str(c) for c in unique]), dtype=np.int32)
    levels = {}
    for kind in ("street", "county"):
        above = mc.ancestor_of_kind(ids, kind) if len(ids) else ids
        by_code = dict(zip(unique, _codes_of(mc, above)))
        levels[kind] = pd.Series([by_code.get(c) if c is not None else None for c in codes], index=community.index,
                                 dtype=object)
    return (street if street is not None else levels["street"]), (district if district is not None else levels["county"])


def _source_ids(events: pd.DataFrame) -> np.ndarray | None:
    """The optional ``source`` column as core indices (255 where missing), or None."""
    if "source" not in events.columns:
        return None
    values = events["source"]
    out = np.full(len(values), 255, dtype=np.uint8)
    present = values.notna().to_numpy()
    names = values[present].astype(str).to_numpy()
    bad = ~np.isin(names, SOURCES)
    if bad.any():
        i = int(np.flatnonzero(present)[np.flatnonzero(bad)[0]])
        raise EventLogError(tr("events row {i}: source {iloc} is not one of {sources}",
                               i=i, iloc=repr(values.iloc[i]), sources=', '.join(SOURCES)))
    out[present] = [SOURCES.index(x) for x in names]
    return out


def _satisfied_values(events: pd.DataFrame) -> np.ndarray | None:
    """The optional ``satisfied`` column (return visit: True, False, missing) as 1 / 0 / -1, or None."""
    if "satisfied" not in events.columns:
        return None
    values = events["satisfied"]
    present = values.notna().to_numpy()
    out = np.full(len(values), -1, dtype=np.int8)
    # Booleans, 0/1, or their text as a CSV gives them back.
    words = {"true": 1, "false": 0, "1": 1, "0": 0, "1.0": 1, "0.0": 0}
    answers = values[present].astype(str).str.strip().str.lower().map(words)
    if answers.isna().any():
        i = int(np.flatnonzero(present)[np.flatnonzero(answers.isna().to_numpy())[0]])
        raise EventLogError(tr("events row {i}: satisfied {iloc} must be True, False or missing (not asked)",
                               i=i, iloc=repr(values.iloc[i])))
    out[present] = answers.to_numpy(dtype=np.int8)
    return out


def evaluate(events: pd.DataFrame, transitions: pd.DataFrame, policy: EscalationPolicy | None = None,
             as_of: Any = None, model: Any = None, period: str | None = None) -> Evaluation:
    """Indicators of an event log (DOMAIN §(a)) overall and per grid, community, department, worker.

    Parameters
    ----------
    events : pandas.DataFrame
        One row per event: ``event_id, created_at, place, category, urgency`` (required) and
        optionally ``grid``, ``community`` and ``department`` (codes; taken from ``model`` by
        routing when absent and a model is given; departments fall back to the category's sector),
        ``source`` (one of :data:`SOURCES`, for 有效上报率 and the shares by source) and
        ``satisfied`` (the return visit's answer, True / False / missing, for 群众满意度).
    transitions : pandas.DataFrame
        One row per state change: ``event_id, time, from_state, to_state, tier, actor``; rows of
        one event in the order they happened. States are those of :data:`STATES`; tier ``L0``-``L5``
        or 0-5.
    policy : EscalationPolicy, optional
        Clocks, limits and thresholds to measure against (default policy when omitted).
    as_of : datetime-like, optional
        End of the log (open stages are measured up to it). Defaults to ``events.attrs["as_of"]``
        (set by :func:`simulate`) or the latest time in the log.
    model : gridgov.Model, optional
        Resolves places to grids, communities and departments when the events lack them, and
        checks the places exist.
    period : {"M"}, optional
        ``"M"`` grades the log month by month as well: ``Evaluation.by_period`` has one row per
        calendar month of creation, measured at that month's end (or the log's), with the
        month's indicators, area score and grade. Scores and grades use the policy's
        ``grading`` (weights, bands and grade bounds are a documented, editable part of the
        policy's JSON).

    Returns
    -------
    Evaluation

    Raises
    ------
    gridgov.EventLogError
        Missing columns, unknown categories/urgencies/places/states/event ids, transitions the
        lifecycle does not allow, or times going backwards -- naming the row.
    """
    p = _policy(policy)
    if period not in (None, "M"):
        raise InputError(tr("evaluate: period {period} is not supported: use None or 'M' (calendar months)",
                            period=repr(period)))
    _require(events, EVENT_COLUMNS, "events")
    _require(transitions, TRANSITION_COLUMNS, "transitions")
    n = len(events)
    created = _seconds(events["created_at"], "events.created_at")
    ids = events["event_id"].to_numpy()
    dup = pd.Index(ids).duplicated()
    if dup.any():
        raise EventLogError(tr("events row {flatnonzero}: event_id {ids} appears twice",
                               flatnonzero=int(np.flatnonzero(dup)[0]), ids=repr(ids[np.flatnonzero(dup)[0]])))
    try:
        category = _category_ids(p, events["category"])
    except UnknownCodeError as e:
        raise EventLogError(tr("events: {e}", e=e)) from None
    try:
        urgency = _urgency_ids(events["urgency"], n)
    except UnknownCodeError as e:
        raise EventLogError(tr("events: {e}", e=e)) from None
    assert urgency is not None
    if (urgency < 0).any():
        default = p._core.default_urgencies()
        urgency = np.where(urgency < 0, default[category], urgency).astype(np.int8)
    row_of = pd.Index(ids)
    t_event = row_of.get_indexer(transitions["event_id"].to_numpy())
    if (t_event < 0).any():
        i = int(np.flatnonzero(t_event < 0)[0])
        raise EventLogError(tr("transitions row {i}: event_id {iloc} is not in the events table",
                               i=i, iloc=repr(transitions['event_id'].iloc[i])))
    t_time = _seconds(transitions["time"], "transitions.time")
    t_from = _state_ints(transitions["from_state"], "from_state")
    t_to = _state_ints(transitions["to_state"], "to_state")
    t_tier = _tier_ints(transitions["tier"])
    actor_codes, actor_names = _factorize(transitions["actor"])
    if as_of is None:
        as_of = events.attrs.get("as_of")
    if as_of is None:
        end = int(max(created.max(initial=0), t_time.max(initial=0)))
    else:
        end = int(_timestamp(as_of, "as_of").to_datetime64().astype("datetime64[s]").astype(np.int64))

    # Where each event belongs.
    grid = events["grid"] if "grid" in events.columns else None
    community = events["community"] if "community" in events.columns else None
    department = events["department"] if "department" in events.columns else None
    if model is not None and (grid is None or community is None or department is None):
        mc = _core_model(model)
        try:
            pid = _place_ids(mc, events["place"].to_numpy(dtype=object))
        except UnknownCodeError as e:
            raise EventLogError(tr("events: {e}", e=e)) from None
        router = _router(mc, p)
        site = router.sites(pid)
        if (site < 0).any():
            i = int(np.flatnonzero(site < 0)[0])
            raise EventLogError(tr("events row {i}: place {iloc} is not a household, unit, building, place or "
                                   "grid",
                                   i=i, iloc=repr(events['place'].iloc[i])))
        site_grid, site_community = router.site_grid_community()
        if grid is None:
            grid = pd.Series(_codes_of(mc, site_grid[site]), index=events.index)
        if community is None:
            community = pd.Series(_codes_of(mc, site_community[site]), index=events.index)
        if department is None:
            routes = router.route_many(pid, category, urgency)
            department = pd.Series(_codes_of(mc, routes["department"]), index=events.index)
    street = events["street"] if "street" in events.columns else None
    district = events["district"] if "district" in events.columns else None
    if model is not None and community is not None and (street is None or district is None):
        street, district = _city_levels(_core_model(model), community, street, district)
    if department is None:
        sectors = np.asarray(p._core.sectors(), dtype=object)
        department = pd.Series(sectors[category], index=events.index).replace("", None)

    def units(column: pd.Series | None) -> tuple[Any, Any]:
        if column is None:
            return None, None
        codes, names = _factorize(column)
        return codes.astype(np.int32), [str(x) for x in names]

    r = _esc.evaluate(p._core, created, category, urgency, t_event.astype(np.int32), t_time, t_from, t_to, t_tier,
                      actor_codes.astype(np.int32), end, *units(grid), *units(community), *units(department),
                      [str(x) for x in actor_names], _source_ids(events), _satisfied_values(events),
                      *units(street), *units(district))

    status = r["status"]
    is_closed = status == STATES.index("closed")
    hours_to_close = np.where(is_closed, (r["closed_at"] - created) / 3600.0, np.nan)
    hours_to_accept = np.where(r["accepted_at"] >= 0, (r["accepted_at"] - created) / 3600.0, np.nan)
    actor_table = np.append(np.asarray(actor_names, dtype=object), None)  # index -1 -> None
    per_event = pd.DataFrame({
        "event_id": ids,
        "status": pd.Categorical.from_codes(status.astype(np.int64), categories=list(STATES)),
        "entry_tier": r["entry_tier"],
        "closed_tier": r["closed_tier"],
        "closed": is_closed,
        "on_time": r["on_time"].astype(bool),
        "due": r["due"].astype(bool),
        "handled": r["handled"].astype(bool),
        "handled_due": r["handled"].astype(bool) & r["due"].astype(bool),
        "reworked": r["reworks"] > 0,
        "closed_in_grid": is_closed & (r["closed_tier"] == 0),
        "escalated": r["escalations"] > 0,
        "escalations": r["escalations"],
        "returns": r["returns"],
        "extensions": r["extensions"],
        "warnings": r["warnings"],
        "supervised": r["supervised"],
        "yellow_cards": r["yellow_cards"],
        "red_cards": r["red_cards"],
        "disposals_due": r["disposals_due"],
        "disposals_on_time": r["disposals_on_time"],
        "verifications_due": r["verifications_due"],
        "verifications_on_time": r["verifications_on_time"],
        "handed_down": r["handed_down"],
        "hours_to_close": hours_to_close,
        "hours_to_accept": hours_to_accept,
        "closed_at": np.where(is_closed, r["closed_at"], np.iinfo(np.int64).min).astype("datetime64[s]"),
        "due_at": _deadlines(r["due_at"]),
        "grid": grid.to_numpy() if grid is not None else None,
        "community": community.to_numpy() if community is not None else None,
        "department": np.where(r["judged_by_department"] > 0, department.to_numpy(dtype=object), None),
        "worker": actor_table[r["worker"]],
    })
    by_period = None
    if period == "M":
        months = _esc.evaluate_months(p._core, created, category, urgency, t_event.astype(np.int32), t_time, t_from, t_to,
                                      t_tier, actor_codes.astype(np.int32), end, _source_ids(events), _satisfied_values(events))
        by_period = pd.DataFrame([{**_indicators(x["kpis"]), "score": x["score"], "grade": x["grade"],
                                   "measured_at": pd.Timestamp(int(x["end"]), unit="s")} for x in months],
                                 index=pd.Index([x["period"] for x in months], name="period"))
    return Evaluation(kpis=_indicators(r["kpis"]), events=per_event,
                      by_grid=_unit_table(r["by_grid"], "grid"), by_community=_unit_table(r["by_community"], "community"),
                      by_department=_unit_table(r["by_department"], "department"),
                      by_worker=_unit_table(r["by_worker"], "worker"), by_street=_unit_table(r["by_street"], "street"),
                      by_district=_unit_table(r["by_district"], "district"), by_period=by_period)


# ---- simulation ---------------------------------------------------------------------------------


@dataclass
class SimulationResult:
    """What :func:`simulate` returns.

    Attributes
    ----------
    events : pandas.DataFrame
        One row per event (``event_id, created_at, place, grid, community, category, urgency,
        entry_tier, closed_tier, status, closed_at, due_at, on_time, escalations, returns,
        handler``, plus ``department``); ``closed_tier`` is -1 for events not closed. ``due_at``
        is the last moment the event is on time, so 结案率 and 按期结案率 follow from the table
        alone: due = closed, or not void and ``as_of > due_at``; on time = ``closed_at <= due_at``.
    transitions : pandas.DataFrame
        One row per state change (``event_id, time, from_state, to_state, tier, actor``).
    kpis : dict
        The simulator's own tallies through the core's indicator formulas (the same code as
        ``gg.evaluate``, which recounts them from the log).
    workers : pandas.DataFrame
        One row per worker serving a grid: its grid, the grid's capacity and utilisation (a
        grid's workers share one queue).
    grids : pandas.DataFrame
        Staffing and load per grid: ``capacity`` (full-time equivalents: full-time workers plus
        part-time workers x ``parttime_capacity``), ``event_capacity`` (what the routine duties
        leave for events), ``routine_hours`` (patrols, home visits, data collection),
        ``event_hours``, ``busy_hours`` (both), ``available_hours`` (capacity x the period's
        working hours) and ``utilisation`` = busy / available.
    communities : pandas.DataFrame
        Per community, its L2 handlers (station staff, command centre staff, stationed units'
        share), their work hours and utilisation.
    county : dict
        The county centre's work seats (FTE), their hours of dispatching and utilisation.
    as_of : pandas.Timestamp
        The horizon.
    core_seconds : float
        Wall time spent in the C++ simulator alone.
    core_cpu_seconds : float
        CPU time of the C++ simulator (all its threads), unaffected by other load on the machine.
    """

    events: pd.DataFrame
    transitions: pd.DataFrame
    kpis: dict[str, float]
    workers: pd.DataFrame
    grids: pd.DataFrame
    as_of: pd.Timestamp
    core_seconds: float
    core_cpu_seconds: float = 0.0
    communities: pd.DataFrame | None = None
    county: dict[str, float] | None = None

    def _repr_html_(self) -> str:
        from ._repr import simulation_html

        return simulation_html(self)


def _deadlines(due_at: np.ndarray) -> np.ndarray:
    """Deadlines (seconds) as datetimes; NaT where none falls within a century (the core's `never`)."""
    out = due_at.astype("datetime64[s]")
    out[due_at == np.iinfo(np.int64).max] = np.datetime64("NaT")
    return out


def _timestamp(value: Any, name: str) -> pd.Timestamp:
    """A date or time given as text, datetime or Timestamp; an InputError naming the argument
    otherwise (NaT included)."""
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        raise InputError(tr("{name} {value} is not a date", name=name, value=repr(value))) from None
    if pd.isna(ts):
        raise InputError(tr("{name} is missing (NaT); give a date", name=name))
    if ts.tzinfo is not None:  # times are naive local times, as the event columns are read
        ts = ts.tz_convert("Asia/Shanghai").tz_localize(None)
    return ts


def _start_day(start: Any) -> int | None:
    if start is None:
        return None  # the core's default: 2025-03-03, a regular working month
    return int((_timestamp(start, "start").date() - _dt.date(1970, 1, 1)).days)


def simulate(model: Any, policy: EscalationPolicy | None = None, days: int = 30, seed: int = 0, start: Any = None,
             rates: float | Mapping[str, float] | None = None,
             staffing: Mapping[str, Mapping[str, int]] | None = None, **params: float) -> SimulationResult:
    """Simulates event handling on a model (discrete-event, C++ core).

    Parameters
    ----------
    model : gridgov.Model
    policy : EscalationPolicy, optional
    days : int
        Horizon in days from ``start`` (midnight).
    seed : int
        The same seed gives the same result on every machine and thread count.
    start : date-like, optional
        First day (default 2025-03-03, a Monday: the 30 days to 2025-04-01 are a regular working
        month with no public holiday; the default calendar holds 2025's holidays).
    rates : float or mapping, optional
        One multiplier of the default rates, or events per household per day by category code
        (categories left out keep their default). A place counts as ``place_factor`` (10)
        households.
    staffing : mapping, optional
        Per grid code: ``{"fulltime": n, "parttime": m}`` replacing the model's counts. A grid
        with no full-time worker routes to its community station.
    **params
        Further simulation parameters (:data:`SIMULATION_PARAMETERS`; every default and its
        source is in ``docs/escalation.md``). Those with one number per tier, urgency or source
        (``resolve_governance``, ``resolve_city``, ``handle_mean_hours``, ``source_share_*``,
        ``void_prob``) take a list of them all or a mapping of those to change
        (``resolve_governance={"L0": 0.7}``, ``handle_mean_hours={"L2": {"U0": 4}}``,
        ``void_prob={"app": 0.1}`` or one number for every source). Among them ``parttime_capacity`` (0.1),
        ``patrol_hours_per_day`` (3), ``station_staff_per_1000`` / ``station_staff_min`` (1, 3;
        ``station_staff`` > 0 fixes every station's staff), ``centre_staff_per_1000`` /
        ``centre_staff_min`` (0.5, 2), ``stationed_unit_capacity`` (0.1), ``work_seat_capacity``
        (1), ``load_sensitivity`` (1), ``party_group_dispute_bonus`` (0.1), ``void_prob`` (every
        source), ``rework_prob`` (0.05), ``return_visit_share`` (0.3), ``max_events``
        (20,000,000: the expected and the drawn number of events are checked against it before
        tables are allocated), ``threads`` (0 = one per core; communities run in parallel on
        their own random streams, so the result does not depend on it).

    Returns
    -------
    SimulationResult
    """
    p = _policy(policy)
    mc = _core_model(model)
    core_params: dict[str, Any] = {"days": _args.whole(days, "days", minimum=1),
                                   "seed": _args.seed(seed, "simulate: seed")}
    start_day = _start_day(start)
    if start_day is not None:
        core_params["start_day"] = start_day
    if rates is not None:
        if isinstance(rates, Mapping):
            vec = np.asarray(p._core.default_rates(), dtype=float)
            for code, value in rates.items():
                where = f"rates[{code!r}]"
                vec[p.category_index(_args.text(code, "rates: a category code"))] = _args.number(value, where, finite=False, nan=True)
            core_params["household_rates"] = vec.tolist()
        else:
            core_params["rate_multiplier"] = _args.number(rates, "rates (a multiplier of the default rates, or a mapping "
                                                          "of category codes to rates)", finite=False, nan=True)
    for key, value in params.items():
        if key == "threads":
            core_params["threads"] = _args.whole(value, "simulate: threads", minimum=0, maximum=4096)
            continue
        if key not in SIMULATION_PARAMETERS:
            raise InputError(tr("simulate: unknown parameter {key} (known: {simulation_parameters})",
                                key=repr(key), simulation_parameters=', '.join(sorted(SIMULATION_PARAMETERS))))
        if key in _WHOLE_PARAMETERS:
            core_params[key] = _args.whole(value, f"simulate: {key}")
            continue
        if key in _esc.SIMULATION_STRUCTURED_PARAMETERS:  # the core reads and checks them
            core_params[key] = value
            continue
        core_params[key] = _args.number(value, f"simulate: {key}", finite=False, nan=True)  # the core checks the range
    grid_first, grid_end = mc.kind_range("grid")
    n_grids = grid_end - grid_first
    fulltime_override = None
    if staffing is not None and not isinstance(staffing, Mapping):
        raise InputError(tr("staffing must be a mapping of grid codes to {'fulltime': n, 'parttime': m}, got "
                            "{type}",
                            type=type(staffing).__name__))
    if staffing:
        ft = np.full(n_grids, -1, dtype=np.int64)
        pt = np.full(n_grids, -1, dtype=np.int64)
        for code, change in staffing.items():
            gid = mc.find(_args.text(str(code), "staffing: a grid code"))
            if gid < 0 or mc.kind(gid) != "grid":
                raise UnknownCodeError(tr("staffing: {code} is not a grid code of the model", code=repr(code)))
            if not isinstance(change, Mapping):
                raise InputError(tr("staffing[{code}] must be a mapping like {'fulltime': 1, 'parttime': 10}",
                                    code=repr(code)))
            for key, value in change.items():
                if key not in ("fulltime", "parttime"):
                    raise InputError(tr("staffing[{code}]: unknown key {key} (use 'fulltime' and 'parttime')",
                                        code=repr(code), key=repr(key)))
                (ft if key == "fulltime" else pt)[gid - grid_first] = _args.whole(value, f"staffing[{code!r}][{key!r}]", minimum=0)
        core_params["fulltime"] = ft.tolist()
        core_params["parttime"] = pt.tolist()
        fulltime_override = ft.tolist()
    raw = _esc.simulate(mc, p._core, core_params)
    router = _router(mc, p)
    site_grid, site_community = router.site_grid_community()
    site = raw["site"]
    horizon = pd.Timestamp(int(raw["horizon"]), unit="s")
    closed_at = raw["closed_at"].astype("datetime64[s]")
    closed_at[raw["closed_at"] < 0] = np.datetime64("NaT")
    codes = np.asarray(p.category_codes, dtype=object)
    events = pd.DataFrame({
        "event_id": np.arange(len(site), dtype=np.int64),
        "created_at": raw["created_at"].astype("datetime64[s]"),
        "place": _codes_of(mc, raw["place"]),
        "grid": _codes_of(mc, site_grid[site]),
        "community": _codes_of(mc, site_community[site]),
        "category": pd.Categorical.from_codes(raw["category"].astype(np.int64), categories=pd.Index(codes)),
        "urgency": pd.Categorical.from_codes(raw["urgency"].astype(np.int64), categories=list(URGENCIES)),
        "entry_tier": raw["entry_tier"],
        "closed_tier": raw["closed_tier"],
        "status": pd.Categorical.from_codes(raw["status"].astype(np.int64), categories=list(STATES)),
        "closed_at": closed_at,
        "due_at": _deadlines(raw["due_at"]),
        "on_time": raw["on_time"].astype(bool),
        "escalations": raw["escalations"],
        "returns": raw["returns"],
        "handler": _codes_of(mc, raw["handler"]),
        "department": _codes_of(mc, raw["department"]),
        "source": pd.Categorical.from_codes(raw["source"].astype(np.int64), categories=list(SOURCES)),
        "satisfied": pd.array(np.where(raw["satisfied"] < 0, None, raw["satisfied"] == 1), dtype="boolean"),
    })
    events.attrs["as_of"] = horizon
    transitions = pd.DataFrame({
        "event_id": raw["t_event"].astype(np.int64),
        "time": raw["t_time"].astype("datetime64[s]"),
        "from_state": pd.Categorical.from_codes(raw["t_from"].astype(np.int64), categories=list(STATES)),
        "to_state": pd.Categorical.from_codes(raw["t_to"].astype(np.int64), categories=list(STATES)),
        "tier": raw["t_tier"],
        "actor": _codes_of(mc, raw["t_actor"]),
    })
    transitions.attrs["as_of"] = horizon
    kpis = _indicators(raw["kpis"])
    # Grids, communities and workers: worker-hours available, spent on routine duties and on events.
    grid_ids = np.arange(grid_first, grid_end, dtype=np.int32)
    period_h = float(raw["available_seconds"]) / 3600.0
    routine_h = raw["grid_routine_seconds"] / 3600.0
    event_h = raw["grid_work_seconds"] / 3600.0
    available_h = raw["grid_capacity"] * period_h
    grids = pd.DataFrame({
        "grid": _codes_of(mc, grid_ids),
        "fulltime": raw["grid_fulltime"],
        "parttime": raw["grid_parttime"],
        "capacity": raw["grid_capacity"],
        "event_capacity": raw["grid_event_capacity"],
        "routine_hours": routine_h,
        "event_hours": event_h,
        "busy_hours": routine_h + event_h,
        "available_hours": available_h,
        "utilisation": raw["grid_utilisation"],
        "events_handled": raw["grid_handled"],
    })
    community_first, community_end = mc.kind_range("community")
    staff = raw["community_station_staff"] + raw["community_centre_staff"] + raw["community_unit_capacity"]
    community_h = raw["community_work_seconds"] / 3600.0
    communities = pd.DataFrame({
        "community": _codes_of(mc, np.arange(community_first, community_end, dtype=np.int32)),
        "station_staff": raw["community_station_staff"],
        "centre_staff": raw["community_centre_staff"],
        "stationed_unit_capacity": raw["community_unit_capacity"],
        "capacity": staff,
        "work_hours": community_h,
        "available_hours": staff * period_h,
        "utilisation": raw["community_utilisation"],
        "events_handled": raw["community_handled"],
    })
    seats = float(raw["county_seat_capacity"])
    county = {"seat_capacity": seats, "seat_work_hours": float(raw["county_seat_work_seconds"]) / 3600.0,
              "seat_utilisation": float(raw["county_seat_utilisation"])}
    workers = _workers_table(mc, grid_first, grids, fulltime_override)
    return SimulationResult(events=events, transitions=transitions, kpis=kpis, workers=workers, grids=grids,
                            as_of=horizon, core_seconds=float(raw["core_seconds"]),
                            core_cpu_seconds=float(raw["core_cpu_seconds"]), communities=communities, county=county)


def _workers_table(mc: Any, grid_first: int, grids: pd.DataFrame, fulltime_override: Sequence[int] | None) -> pd.DataFrame:
    """One row per (worker, grid served); a grid's workers share its queue, so each carries the
    grid's utilisation. A staffing override of zero full-time workers makes the grid's full-time
    workers inactive."""
    offsets, targets, _ = mc.link_csr("serves", False)
    offsets, targets = np.asarray(offsets), np.asarray(targets)
    wf, we = mc.kind_range("worker")
    src = np.repeat(np.arange(wf, we), np.diff(offsets[wf:we + 1]))
    dst = targets[offsets[wf]:offsets[we]]
    in_grid = (dst >= grid_first) & (dst < grid_first + len(grids))
    src, dst = src[in_grid], dst[in_grid]
    gi = dst - grid_first
    subkind = np.asarray(mc.subkind_names(), dtype=object)[np.asarray(mc.subkind_ids())[src]]
    active = np.ones(len(src), dtype=bool)
    if fulltime_override is not None:
        active &= ~((subkind == "fulltime") & (np.asarray(fulltime_override)[gi] == 0))
    return pd.DataFrame({
        "worker": _codes_of(mc, src),
        "subkind": subkind,
        "grid": grids["grid"].to_numpy()[gi],
        "active": active,
        "grid_capacity": grids["capacity"].to_numpy()[gi],
        "utilisation": np.where(active, grids["utilisation"].to_numpy()[gi], 0.0),
    })


__all__ = [
    "EscalationPolicy",
    "Route",
    "RouteStep",
    "Evaluation",
    "SimulationResult",
    "route",
    "route_many",
    "reason_names",
    "evaluate",
    "simulate",
    "TIERS",
    "URGENCIES",
    "STATES",
    "SOURCES",
    "REASONS",
    "SIMULATION_PARAMETERS",
]
