"""Writes the notebooks in examples/notebooks (without outputs): python examples/make_notebooks.py.

Edit the cells here and re-run, so the notebooks stay reviewable as code."""
import os
HERE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "notebooks")
import nbformat as nbf, sys
def nb(cells, path):
    n = nbf.v4.new_notebook()
    n.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    n.cells = [nbf.v4.new_markdown_cell(c) if c.startswith("#") else nbf.v4.new_code_cell(c) for c in cells]
    for i, cell in enumerate(n.cells):  # stable ids: re-running this script changes only edited cells
        cell["id"] = f"cell-{i:02d}"
    nbf.write(n, path)

tour = [
"# A tour of the built-in county\n\n`gg.datasets.seed_county()` builds the reference county of 15 communities, 268 compounds and 61,880 households, with its grids, workers, stations and roads, in well under a second. This notebook looks at it the way a planner would: what is in it, where it is, how the grids are sized, and how a spreadsheet of one's own buildings becomes a model.",
"import pandas as pd\nimport gridgov as gg\n\ncounty = gg.datasets.seed_county(0)\ncounty",
"pd.Series(county.summary())",
"## Where it is\n\nCoordinates are metres east and north of a WGS-84 origin stored in the metadata; `gg.geo` converts between local metres, WGS-84 and the Chinese map systems (GCJ-02 for Gaode/Tencent, BD-09 for Baidu).",
"meta = county.metadata\norigin = float(meta['origin_lon']), float(meta['origin_lat'])\nlon, lat = gg.geo.from_local(0.0, 0.0, *origin)\nprint('origin (WGS-84):', float(lon), float(lat))\nprint('on Gaode (GCJ-02):', *map(float, gg.geo.from_wgs84(lon, lat, 'gcj02')))\nprint('on Baidu (BD-09):', *map(float, gg.geo.from_wgs84(lon, lat, 'bd09')))",
"## The grid map (社区网格分布图)\n\nGrid areas are built from the buildings (Voronoi cells clipped to the settled area, dissolved per grid); neighbouring grids get different colours.",
"gg.plot.grid_map(county)",
"## How big are the grids?\n\nThe county's grids hold 150-600 households (260 on average); new grids are planned at 300-500.",
"fig, axes = gg.plot.subplots(2, 1, figsize=(10, 7))   # a figure of two panels, no pyplot\ngg.plot.households_per_grid(county, ax=axes[0], band=(300, 500))\ngg.plot.households_per_grid(county, ax=axes[1], what='workload')\nfig",
"loads = gg.plot.grid_loads(county)   # the numbers behind the chart, one row per grid\nloads.describe()",
"## One community up close",
"community = county.children(county.id(county.metadata['county_code']), 'community')[0]\nprint(community, county.name(community))\ngrids = county.children(community, 'grid')\nprint(len(grids), 'grids;', len(county.descendants(community, 'household')), 'households')\ncounty.to_frame('grid').query('parent == @community').head()",
"## The published map: grids.geojson\n\nOne feature per grid, in WGS-84 longitude/latitude, with its code, community, households and full-time worker.",
"collection = gg.report.grids_geojson(county)\nprint(len(collection['features']), 'grids')\ncollection['features'][0]['properties']",
"## Your own buildings\n\nA planner's spreadsheet has one row per building, often with Baidu (BD-09) coordinates and Chinese headers, saved as GBK. `gg.from_buildings` reads it, converts the coordinates, builds the hierarchy and derives which buildings are neighbours.",
"import io\nimport numpy as np\n\nrng = np.random.default_rng(1)\nrows = []\nfor c, name in enumerate(['东风社区', '红旗社区']):\n    for k in range(6):\n        for b in range(10):\n            x, y = c * 1200 + (k % 3) * 250 + rng.uniform(-70, 70), (k // 3) * 250 + rng.uniform(-70, 70)\n            lon, lat = gg.geo.from_local(x, y, 120.15, 30.28)\n            blon, blat = gg.geo.from_wgs84(lon, lat, 'bd09')\n            rows.append({'楼栋': f'{c}-{k}-{b}', '社区': name, '小区': f'{name}{k + 1}区',\n                         '经度': round(float(blon), 6), '纬度': round(float(blat), 6),\n                         '户数': int(rng.integers(20, 80)), '网格': f'{name}第{k // 2 + 1}网格'})\nspreadsheet = pd.DataFrame(rows).to_csv(index=False).encode('gbk')   # as WPS/Excel would save it\nmine = gg.from_buildings(io.BytesIO(spreadsheet), crs='bd09', county_name='我的县')\nmine",
"gg.plot.grid_map(mine)",
"## Bad rows are reported all at once\n\nEvery problem in the table is listed together (row, column, problem), so one round of fixes is enough.",
"bad = pd.DataFrame({'building': ['B1', 'B1', 'B3'], 'community': ['C', 'C', ''], 'lon': [120.1, 30.2, 120.1],\n                    'lat': [30.2, 120.1, 30.2], 'households': [40, -2, 'many']})\ntry:\n    gg.from_buildings(bad)\nexcept gg.InputError as error:\n    print(error)",
]
nb(tour, os.path.join(HERE, "01_tour_of_the_county.ipynb"))

redraw = [
"# Redrawing grids\n\nThe county's grids average 260 households; new grids are planned at 300-500. `gg.draw_grids` redraws the residential grids of every community from its buildings: every grid contiguous on the building adjacency, never crossing a community, households per grid inside the band, workload balanced. This notebook compares the plan with today's grids, publishes it, and staffs the new grids with `gg.assign_workers`.",
"import numpy as np\nimport pandas as pd\nimport gridgov as gg\n\ncounty = gg.datasets.seed_county(0)\nplan = gg.draw_grids(county, households=(300, 500), seed=0)\nplan.quality",
"## Today's grids and the redraw, side by side",
"band = (300, 500)\nlabels = np.asarray(plan.labels)            # the new grid of every building, in id order\nfig, axes = gg.plot.subplots(2, 1, figsize=(10, 7))\ngg.plot.households_per_grid(county, ax=axes[0], band=band, title='today')\ngg.plot.households_per_grid(county, ax=axes[1], labels=labels, band=band, title='redrawn')\nfig",
"gg.plot.grid_map(county, labels=labels, title='redrawn grids')",
"## What a redraw changes\n\nNew grids are matched to today's by overlap and keep their codes, so a building moves only when it leaves the grid that continues its old one.",
"buildings = gg.plot.building_table(county)\nmoved = buildings['code'].isin(plan.moved)\nprint(f'{moved.sum()} of {len(buildings)} buildings ({moved.mean():.0%}) change grid; '\n      f'{buildings.loc[moved, \"households\"].sum():,} households')\nplan.grids.head()",
"## Apply it and staff the new grids\n\n`plan.apply()` gives the new model; `gg.assign_workers` puts one full-time worker in every residential grid and shares the part-time workers by workload, at the least total home-to-grid distance (min-cost flow).",
"redrawn = plan.apply()\nstaffed = gg.assign_workers(redrawn)\nprint(staffed.report if not hasattr(staffed.report, 'to_string') else staffed.report.to_string())\nnew_model = staffed.model\npd.Series(new_model.summary())[['residential_grids', 'fulltime_workers', 'parttime_workers']]",
"## Publish it\n\nThe new grids as GeoJSON (WGS-84), each with its households and full-time worker, ready for a web map.",
"collection = gg.report.grids_geojson(new_model)\nprint(len(collection['features']), 'grid polygons')\ncollection['features'][0]['properties']",
]
nb(redraw, os.path.join(HERE, "02_redrawing_grids.ipynb"))

what_if = [
"# Escalation what-if\n\n小事不出网格、难事不出小区、大事不出社区: each matter should be settled at the lowest tier able to settle it, in time. This notebook simulates a month of events in the built-in county, follows one event's route, and asks what happens to a busy grid when its full-time worker leaves, and when part-time workers are added.",
"import pandas as pd\nimport gridgov as gg\n\ncounty = gg.datasets.seed_county(0)\nbaseline = gg.simulate(county, days=30, seed=0)\n# 结案率 = closed / due, 按期结案率 = closed on time / due (due: closed, or open past its deadline)\nprint(gg.report.kpi_headline(baseline.kpis))\npd.Series(baseline.kpis).round(3)",
"## Where events were closed",
"gg.plot.escalation_funnel(baseline)",
"## One event's route\n\nEvery step says why it is there.",
"household = county.codes(county.nodes('household')[:1])[0]\nroute = gg.route(county, household, 'ZZ01')\nprint(route)",
"## Indicators by community (DOMAIN §(a)) with A-E grades",
"evaluation = gg.evaluate(baseline.events, baseline.transitions)\ntable = evaluation.by_community[['events', '结案率', '按期结案率', '返工率', '自行处置率', '上移率', 'score', 'grade']].copy()\ntable.index = [county.name(c) for c in table.index]\ntable.round(1)",
"## What if the busiest grid loses its full-time worker?",
"busiest = baseline.grids.sort_values('utilisation', ascending=False).iloc[0]\ngrid = busiest['grid']\nprint(grid, county.name(grid), f\"utilisation {busiest['utilisation']:.0%}\")\n\ndef grid_outcomes(result, grid):\n    events = result.events[result.events['grid'] == grid]\n    closed = events['status'] == 'closed'\n    due = closed | ((events['status'] != 'void') & (result.as_of > events['due_at']))  # each event's deadline\n    return pd.Series({'events': len(events),\n                      '结案率 (closed / due)': closed.sum() / due.sum(),\n                      '按期结案率 (on time / due)': events['on_time'].sum() / due.sum(),\n                      'closed in the grid (of closed)': (events['closed_tier'] == 0).sum() / closed.sum(),\n                      'escalated share': (events['escalations'] > 0).mean()})\n\nno_fulltime = gg.simulate(county, days=30, seed=0, staffing={grid: {'fulltime': 0}})\nmore_parttime = gg.simulate(county, days=30, seed=0, staffing={grid: {'parttime': 20}})\ncomparison = pd.DataFrame({'today': grid_outcomes(baseline, grid),\n                           'no full-time worker': grid_outcomes(no_fulltime, grid),\n                           '20 part-time workers': grid_outcomes(more_parttime, grid)})\ncomparison.round(3)",
"## How busy are the workers?",
"gg.plot.worker_utilisation(baseline.workers)",
]
nb(what_if, os.path.join(HERE, "04_escalation_what_if.ipynb"))

siting = [
"# Coverage and station siting\n\n\"全覆盖, no blind spot\": every household should reach its grid service station on foot. This notebook measures how many households are within the 5-, 10- and 15-minute walking circles (300, 500, 1,000 m, GB 50180-2018) of today's stations, then asks where new stations would close the gap: most households covered by a few more stations (MCLP), the fewest stations that cover everyone (LSCP), and the shortest average walk (p-median), always keeping today's stations.",
"import numpy as np\nimport pandas as pd\nimport gridgov as gg\nfrom gridgov.coverage import coverage_matrix, mclp, lscp, p_median\n\ncounty = gg.datasets.seed_county(0)\nbuildings = gg.plot.building_table(county)\ndemand_xy = buildings[['x', 'y']].to_numpy()\nhouseholds = buildings['households'].to_numpy(float)\nstations = county.nodes('organisation', 'service_station')\nstation_xy = np.column_stack([county.x[stations], county.y[stations]])\nprint(len(buildings), 'buildings,', int(households.sum()), 'households,', len(stations), 'service stations')",
"## Today: walking circles\n\nStraight-line distance from every building to its nearest station, within 1,000 m, by a spatial index (no dense matrix).",
"reach = coverage_matrix(demand_xy, station_xy, 1000.0)\nnearest = np.full(len(buildings), np.inf)\nrows = np.repeat(np.arange(reach.shape[0]), np.diff(reach.indptr))\nnp.minimum.at(nearest, rows, reach.data)\nshares = pd.DataFrame({f'{r} m': pd.Series(nearest <= r).groupby(buildings['community']).apply(\n    lambda s, w=households: np.average(s, weights=w[s.index])) for r in (300, 500, 1000)})\nshares.index = [county.name(c) for c in shares.index]\nfor r in (300, 500, 1000):\n    print(f'within {r:>5} m: {households[nearest <= r].sum() / households.sum():.1%} of households')\ngg.plot.reach_by_community(shares)",
"## Candidate sites\n\nEvery building can host a new station; today's stations are fixed (columns 0-14).",
"site_xy = np.vstack([station_xy, demand_xy])\nfixed = np.arange(len(stations))\nradius = 300.0\ncost = coverage_matrix(demand_xy, site_xy, radius)\nprint(cost.shape, cost.nnz, 'pairs within', radius, 'm')",
"## MCLP: the most households within 300 m (the 5-minute circle) with 5 more stations",
"best = mclp(cost, radius, len(stations) + 5, weights=households, fixed=fixed)\nnew_sites = np.setdiff1d(best.sites, fixed)\nprint(f'covered: {best.objective:,.0f} of {households.sum():,.0f} households '\n      f'({best.objective / households.sum():.1%}); gap to the bound {best.gap:.2%}')\nprint('new stations at buildings', buildings['name'].to_numpy()[new_sites - len(stations)])",
"## LSCP: how many stations put every household within 300 m?",
"cover_all = lscp(cost, radius, fixed=fixed)\nprint(f'{len(cover_all.sites)} stations ({len(cover_all.sites) - len(stations)} new) cover every building; '\n      f'proven optimal: {cover_all.proven_optimal}')",
"## p-median: average walk with today's stations and with 5 more",
"far = coverage_matrix(demand_xy, site_xy, 5000.0)\ntoday = p_median(far, len(stations), weights=households, fixed=fixed)\nmore = p_median(far, len(stations) + 5, weights=households, fixed=fixed)\nprint(f'mean walk today: {today.objective / households.sum():.0f} m; with 5 more stations: '\n      f'{more.objective / households.sum():.0f} m (gap {more.gap:.2%})')",
"## On the map\n\nBuildings beyond 300 m of today's stations are crossed; the 5 stations MCLP adds are the red stars.",
"outside = buildings['code'][nearest > radius].tolist()\nfig = gg.plot.grid_map(county, out_of_reach=outside, title='today: buildings beyond 300 m, and 5 new stations')\nax = fig.axes[0]                               # draw more on the map's axes\nnew_xy = site_xy[new_sites]\nax.scatter(new_xy[:, 0], new_xy[:, 1], marker='*', s=260, c='#d62728', edgecolors='white', zorder=8, label='new station')\nax.legend(loc='best', fontsize=8)\nfig",
]
nb(siting, os.path.join(HERE, "03_coverage_and_station_siting.ipynb"))
