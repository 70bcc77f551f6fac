"""The files planners already have: Excel workbooks and GIS layers in, Excel or CSV out.

* Excel (``.xlsx``, ``.xlsm``; openpyxl, the ``excel`` extra): the first sheet (or the one named),
  read as text like a CSV, so every reader's checks and row numbers (header = row 1) apply.
* GIS layers (GeoJSON, GeoPackage, Shapefile; geopandas, the ``gis`` extra): points or building
  footprints. Each feature's centroid becomes ``lon``/``lat`` and a footprint is kept as WKT in a
  ``footprint`` column. Coordinates come from the layer's own CRS (any EPSG code: CGCS2000
  EPSG:4490, its Gauss-Krüger zones EPSG:4491-4554, UTM ...) through pyproj; a layer in
  longitude/latitude keeps the ``crs`` given (Chinese layers often hold GCJ-02 or BD-09 under a
  WGS-84 label).
* :func:`write_table` writes a table as ``.xlsx`` when the path asks for it, else as CSV in UTF-8
  with a byte-order mark (what Excel opens without garbling Chinese).
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path
from typing import Any, Optional, Tuple

import numpy as np
import pandas as pd

from ._staging import replacing
from .errors import InputError
from .messages import core_text, tr

__all__ = ["EXCEL_SUFFIXES", "GIS_SUFFIXES", "read_excel", "read_gis", "read_any", "write_table", "file_kind"]

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
GIS_SUFFIXES = (".geojson", ".gpkg", ".shp", ".json")
_ZIP_SIGNATURE = b"PK\x03\x04"


def _need(module: str, extra: str, what: str):
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise InputError(tr("reading {what} needs {module}: pip install \"gridgov[{extra}]\"",
                            what=what, module=module, extra=extra)) from None


def file_kind(source: Any) -> str:
    """``"excel"``, ``"xls"`` (the old binary format), ``"gis"`` or ``"csv"`` for a path, bytes or file."""
    if isinstance(source, (str, os.PathLike)):
        suffix = Path(os.fspath(source)).suffix.lower()
        if suffix in EXCEL_SUFFIXES:
            return "excel"
        if suffix == ".xls":
            return "xls"
        if suffix in GIS_SUFFIXES:
            return "gis"
        return "csv"
    head = bytes(source[:4]) if isinstance(source, (bytes, bytearray)) else b""
    return "excel" if head == _ZIP_SIGNATURE else "csv"


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, _dt.datetime):
        return value.isoformat(sep=" ")
    return str(value).strip()


def read_excel(source: Any, *, sheet: Optional[str] = None) -> pd.DataFrame:
    """Read one sheet of an Excel workbook as text (every cell a string, blank cells ``""``).

    Parameters
    ----------
    source : str, os.PathLike, bytes or binary file
        An ``.xlsx`` / ``.xlsm`` workbook.
    sheet : str, optional
        The sheet's name; default the first sheet.

    Returns
    -------
    pandas.DataFrame
        Like :func:`gridgov.readers.read_csv`: ``attrs["encoding"]`` is ``"xlsx"`` and
        ``attrs["source"]`` names the file and sheet.

    Raises
    ------
    gridgov.InputError
        Missing openpyxl, an unreadable workbook, a missing sheet, an empty sheet, or a header
        given twice.
    """
    openpyxl = _need("openpyxl", "excel", "Excel workbooks")
    import io

    name = os.fspath(source) if isinstance(source, (str, os.PathLike)) else getattr(source, "name", "<workbook>")
    handle = io.BytesIO(bytes(source)) if isinstance(source, (bytes, bytearray)) else source
    try:
        book = openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError(tr("cannot read {name}: no such file", name=repr(name))) from None
    except Exception as exc:  # openpyxl raises zipfile, KeyError and its own errors alike
        raise InputError(tr("{name}: not a readable Excel workbook (.xlsx): {exc}", name=name, exc=exc)) from None
    try:
        if sheet is None:
            ws = book.worksheets[0]
        elif sheet in book.sheetnames:
            ws = book[sheet]
        else:
            raise InputError(tr("{name}: no sheet {sheet}; the workbook has {sheetnames}",
                                name=name, sheet=repr(sheet), sheetnames=', '.join(book.sheetnames)))
        rows = [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        book.close()
    while rows and not any(rows[-1]):
        rows.pop()
    while rows and not any(rows[0]):
        rows.pop(0)
    where = f"{name} (sheet {ws.title})"
    if not rows:
        raise InputError(tr("{where}: the sheet is empty; it needs a header row and at least one record", where=where))
    header = rows[0]
    while header and header[-1] == "":
        header.pop()
    seen: dict = {}
    twice = []
    for position, column in enumerate(header, start=1):
        if column in seen:
            twice.append(tr("{key} (columns {first} and {second})", key=repr(column), first=seen[column], second=position))
        elif column:
            seen[column] = position
    if twice:
        raise InputError(tr("{name}: columns given twice: {twice}; keep one of each", name=where,
                            twice=core_text("list.separator").join(twice)))
    width = len(header)
    body = [(row + [""] * width)[:width] for row in rows[1:]]
    frame = pd.DataFrame(body, columns=header, dtype=object)
    frame.attrs["encoding"] = "xlsx"
    frame.attrs["source"] = where
    return frame


def _geographic(crs) -> bool:
    return crs is None or bool(getattr(crs, "is_geographic", False))


def read_gis(source: Any, *, layer: Optional[str] = None) -> Tuple[pd.DataFrame, bool]:
    """Read a GIS layer (GeoJSON, GeoPackage, Shapefile) as a table of text cells.

    Returns the table and whether its coordinates were converted from a projected CRS (then they
    are longitude/latitude on CGCS2000/WGS-84 and the caller's ``crs`` no longer applies). Each
    feature gives ``lon``/``lat`` (its centroid, or the point) and, for a polygon, ``footprint``
    (WKT, longitude/latitude). A table's own ``lon``/``lat`` columns are replaced.
    """
    gpd = _need("geopandas", "gis", "GIS files")
    name = os.fspath(source) if isinstance(source, (str, os.PathLike)) else "<layer>"
    try:
        frame = gpd.read_file(source, layer=layer) if layer else gpd.read_file(source)
    except Exception as exc:  # pyogrio / fiona raise their own errors
        raise InputError(tr("{name}: not a readable GIS layer: {exc}", name=name, exc=exc)) from None
    table, converted = geodataframe_columns(frame, name)
    table.attrs["source"] = name
    return table, converted


def geodataframe_columns(gdf, name: str = "<GeoDataFrame>") -> Tuple[pd.DataFrame, bool]:
    """A GeoDataFrame as text columns with ``lon``/``lat`` (centroids) and ``footprint`` (WKT)."""
    geometry = gdf.geometry
    empty = geometry.isna() | geometry.is_empty
    if empty.any():
        rows = [str(int(i) + 2) if isinstance(i, (int,)) else str(i) for i in gdf.index[empty][:10]]
        raise InputError(tr("{name}: {sum} feature(s) without a geometry (rows {rows})",
                            name=name, sum=int(empty.sum()), rows=', '.join(rows)))
    converted = False
    if not _geographic(gdf.crs):
        # A projected layer (metres): to CGCS2000 longitude/latitude through pyproj. CGCS2000 and
        # WGS-84 agree to a few centimetres, far below a building's size.
        _need("pyproj", "gis", "projected GIS layers")
        geometry = geometry.to_crs(4490)
        converted = True
    kinds = set(geometry.geom_type)
    table = pd.DataFrame(gdf.drop(columns=gdf.geometry.name)).astype(object)
    table = table.apply(lambda col: col.map(_cell_text))
    for column in ("lon", "lat", "longitude", "latitude", "经度", "纬度", "footprint"):
        if column in table.columns:
            table = table.drop(columns=column)
    if kinds <= {"Point"}:
        centres = geometry
    else:
        # The centroid of the footprint in its own longitude/latitude: buildings are small enough
        # that the planar centroid of the lon/lat polygon is within centimetres of the true one.
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # geopandas warns on geographic centroids
            centres = geometry.centroid
        table["footprint"] = [g.wkt if g.geom_type != "Point" else "" for g in geometry]
    table["lon"] = [repr(float(p.x)) for p in centres]
    table["lat"] = [repr(float(p.y)) for p in centres]
    return table.reset_index(drop=True), converted


def read_any(source: Any, *, sheet: Optional[str] = None) -> pd.DataFrame:
    """A CSV, Excel or GIS table as text cells (the readers' common entry)."""
    from .readers import read_csv

    kind = file_kind(source)
    if kind == "excel":
        return read_excel(source, sheet=sheet)
    if kind == "xls":
        raise InputError(tr("{fspath}: the old Excel format (.xls) is not read; save the sheet as .xlsx (Excel "
                            "2007 and later) or as CSV",
                            fspath=os.fspath(source)))
    if kind == "gis":
        return read_gis(source)[0]
    return read_csv(source)


def write_table(frame: pd.DataFrame, path: Any, *, index: bool = False) -> Path:
    """Write a table where the planner asked: ``.xlsx`` as an Excel workbook (openpyxl), any other
    name as CSV in UTF-8 with a byte-order mark. Written to a temporary file first and moved into
    place, so that a failure leaves no half-written file."""
    path = Path(os.fspath(path))
    excel = path.suffix.lower() in EXCEL_SUFFIXES
    if excel:
        _need("openpyxl", "excel", "Excel workbooks (writing)")
    with replacing(path) as partial:
        if excel:
            frame.to_excel(partial, index=index, engine="openpyxl")
        else:
            frame.to_csv(partial, index=index, encoding="utf-8-sig")
    return path


def epsg_code(crs: Any) -> Optional[int]:
    """The EPSG code of ``"EPSG:4490"``, ``"epsg4490"``, ``4490`` or a pyproj CRS, else None
    (the names gridgov itself knows: wgs84, gcj02, bd09, local and their aliases)."""
    if isinstance(crs, bool):
        return None
    if isinstance(crs, int):
        return crs
    if hasattr(crs, "to_epsg"):
        return crs.to_epsg()
    text = str(crs).strip().lower().replace(" ", "")
    for prefix in ("epsg:", "epsg"):
        if text.startswith(prefix) and text[len(prefix):].isdigit():
            return int(text[len(prefix):])
    return None


def _first(frame: pd.DataFrame, names: Tuple[str, ...]) -> Optional[str]:
    lowered = {str(c).strip().lower(): c for c in frame.columns}
    return next((lowered[n] for n in names if n in lowered), None)


def planner_table(source: Any, crs: Any) -> Tuple[Any, Optional[str]]:
    """A buildings, places or workers source as the readers take it, with its coordinate system
    brought to one gridgov knows: a GIS layer or GeoDataFrame becomes a table of centroids (and
    footprints), and a table in an EPSG coordinate system (``crs="EPSG:4490"``, a Gauss-Krüger
    zone ...) gets WGS-84 ``lon``/``lat`` through pyproj. Returns the source (unchanged when
    nothing applies) and the ``crs`` name for the readers."""
    code = epsg_code(crs)
    is_frame = hasattr(source, "geometry") and hasattr(source, "crs")
    if is_frame or (isinstance(source, (str, os.PathLike)) and file_kind(source) == "gis"):
        table, converted = geodataframe_columns(source) if is_frame else read_gis(source)
        if converted:
            return _spreadsheet_rows(table), "wgs84"
        if code is not None:
            return _spreadsheet_rows(_reproject(table, code, source)), "wgs84"
        if crs is None:  # a layer's lon/lat are its own CRS's (GeoJSON: WGS-84 by RFC 7946), not a guess
            return _spreadsheet_rows(table), "wgs84"
        return _spreadsheet_rows(_footprints_to_wgs84(table, str(crs))), str(crs)
    if code is None:
        return source, None if crs is None else str(crs)
    frame = source if isinstance(source, pd.DataFrame) else _spreadsheet_rows(read_any(source))
    return _reproject(frame, code, source), "wgs84"


def _footprints_to_wgs84(table: pd.DataFrame, crs: str) -> pd.DataFrame:
    """Footprints of a GCJ-02 or BD-09 layer moved to WGS-84, as the C++ side moves the centroids
    (the model keeps every coordinate in one system)."""
    from . import geo

    if "footprint" not in table.columns or geo.canonical_crs(crs) in ("wgs84", "local"):
        return table
    import shapely

    def move(coords):
        lon, lat = geo.to_wgs84(coords[:, 0], coords[:, 1], crs)
        return np.column_stack([lon, lat])

    table = table.copy()
    table["footprint"] = [shapely.transform(shapely.from_wkt(t), move).wkt if t else "" for t in table["footprint"]]
    return table


def _spreadsheet_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows labelled as a spreadsheet numbers them (header = row 1), for the readers' messages."""
    frame = frame.copy()
    frame.index = range(2, len(frame) + 2)
    return frame


def _reproject(frame: pd.DataFrame, code: int, source: Any) -> pd.DataFrame:
    pyproj = _need("pyproj", "gis", f"coordinates in EPSG:{code}")
    try:
        crs = pyproj.CRS.from_epsg(code)
    except pyproj.exceptions.CRSError:
        raise InputError(tr("crs=EPSG:{code}: no such EPSG coordinate system", code=code)) from None
    if crs.is_geographic:
        names = (("lon", "longitude", "lng", "经度"), ("lat", "latitude", "纬度"))
    else:
        names = (("x", "x坐标", "easting", "东坐标"), ("y", "y坐标", "northing", "北坐标"))
    first, second = (_first(frame, n) for n in names)
    if first is None or second is None:
        raise InputError(tr("{value}: crs=EPSG:{code} ({name}) needs the columns {names}/{names2} ({names3}; "
                            "{names4})",
                            value=getattr(source, 'name', source) if not isinstance(source, pd.DataFrame) else 'table', code=code, name=crs.name, names=names[0][0], names2=names[1][0], names3=' / '.join(names[0][1:]), names4=' / '.join(names[1][1:])))
    a = pd.to_numeric(frame[first].map(_cell_text).replace("", None), errors="coerce")
    b = pd.to_numeric(frame[second].map(_cell_text).replace("", None), errors="coerce")
    transformer = pyproj.Transformer.from_crs(crs, 4326, always_xy=True)
    lon, lat = transformer.transform(a.to_numpy(dtype=float), b.to_numpy(dtype=float))
    out = frame.drop(columns=[first, second])
    out["lon"] = ["" if pd.isna(v) else repr(float(v)) for v in lon]
    out["lat"] = ["" if pd.isna(v) else repr(float(v)) for v in lat]
    out.attrs = dict(frame.attrs)
    return out


def to_geopandas(model, kind: str = "building"):
    """The nodes of one kind as a GeoDataFrame in WGS-84 (EPSG:4326).

    Grids are their polygons (the outlines of their buildings, as in the report's map); other
    kinds are points at their location, or their footprint where one was read from a GIS layer
    (the building's ``footprint`` attribute), with every column of :meth:`Model.to_frame`.
    """
    gpd = _need("geopandas", "gis", "GeoDataFrames")
    from shapely import wkt as _wkt
    from shapely.geometry import Point

    from . import geo, report

    if kind == "grid":
        collection = report.grids_geojson(model)
        return gpd.GeoDataFrame.from_features(collection["features"], crs=4326)
    frame = model.to_frame(kind)
    origin = report._origin(model)
    lon, lat = geo.from_local(frame["x"].to_numpy(dtype=float), frame["y"].to_numpy(dtype=float), *origin)
    footprints = frame["footprint"] if "footprint" in frame.columns else None
    shapes = []
    for i, (a, b) in enumerate(zip(lon, lat)):
        text = None if footprints is None else footprints.iloc[i]
        if isinstance(text, str) and text:
            shapes.append(_wkt.loads(text))
        else:
            shapes.append(None if pd.isna(a) or pd.isna(b) else Point(float(a), float(b)))
    out = gpd.GeoDataFrame(frame.assign(lon=lon, lat=lat), geometry=shapes, crs=4326)
    out.attrs["metadata"] = frame.attrs.get("metadata", model.metadata)
    return out


def from_geopandas(gdf, **options):
    """A model from a GeoDataFrame of buildings (points or footprints), as
    :func:`gridgov.from_buildings` reads a GIS layer: centroids as ``lon``/``lat``, footprints
    kept, the layer's CRS honoured (a projected one through pyproj; ``crs=`` for a layer in
    GCJ-02 or BD-09 longitude/latitude)."""
    from .buildings import from_buildings

    if not (hasattr(gdf, "geometry") and hasattr(gdf, "crs")):
        raise InputError(tr("gdf: expected a geopandas GeoDataFrame of buildings, got {type}",
                            type=type(gdf).__name__))
    if len(gdf) == 0:
        raise InputError(tr("gdf: the GeoDataFrame has no buildings"))
    return from_buildings(gdf, **options)
