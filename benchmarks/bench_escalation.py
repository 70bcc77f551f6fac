"""Escalation benchmark, side by side in one run.

1. ``gg.route_many`` (C++ router) for 1,000,000 events on the reference county against a
   straightforward pure-Python implementation of the same routing written below; both answers
   are compared element by element and the speed ratio is reported (target >= 100x). Both sides
   are timed the same way: wall clock (``time.perf_counter``), the best of ``--repeat`` runs
   (default 5) after one untimed warm-up run each.
2. ``gg.simulate`` of >= 1,000,000 events on the county (30 days at 50x the default rates): the
   C++ core timed apart from building the pandas tables (target <= 2 s), and peak memory.

Run:  GRIDGOV_CORE_DIR=build/escalation/python/gridgov PYTHONPATH=python \\
      .venv/bin/python benchmarks/bench_escalation.py [--events 1000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import resource
import time

import numpy as np

import gridgov as gg

# Bits of the routing reason (the order of gridgov.escalation.REASONS).
SPECIAL, NO_GRID, NO_FULLTIME, SKIP, CATEGORY_ENTRY, NO_COMPOUND, NO_DEPARTMENT, NO_STATION, ABOVE, MISSING = (
    1 << k for k in range(10))


class PythonRouter:
    """The routing rules of docs/escalation.md in plain Python: per-place chains resolved once into
    dicts and lists, then one loop over the events."""

    def __init__(self, model: gg.Model, policy: gg.EscalationPolicy) -> None:
        d = policy.to_dict()
        tier = lambda s: int(s[1])  # noqa: E731
        self.sectors: list[str] = []

        def sector_index(s: str) -> int:
            if s not in self.sectors:
                self.sectors.append(s)
            return self.sectors.index(s)

        self.default_urgency = [int(c["default_urgency"][1]) for c in d["categories"]]
        self.rules = []  # [category][urgency] -> (entry, close, sector, flags)
        for c in d["categories"]:
            row = []
            for u in range(4):
                r = c["rules"][f"U{u}"]
                skip = d["skip_rules"][f"U{u}"]
                entry = max(tier(r["entry"]), tier(skip["min_entry"]))
                close = max(tier(r["close"]), entry)
                flags = (SKIP if entry > tier(r["entry"]) else 0) | (CATEGORY_ENTRY if tier(r["entry"]) > 0 else 0)
                flags |= ABOVE if skip["report_above"] else 0
                sector = -1 if r["sector"] in ("", d["community_sector"]) else sector_index(r["sector"])
                row.append((entry, close, sector, flags))
            self.rules.append(row)
        special_sector = {k: sector_index(v) for k, v in d["special_sectors"].items()}
        street_tier = self.street_tier = d["street_tier"]

        from gridgov.model import KINDS

        kinds = [KINDS[k] for k in model.kinds.tolist()]
        sub = list(model.subkinds())
        parent = model.parents.tolist()

        def ancestor(v: int, kind: str) -> int:
            while v >= 0 and kinds[v] != kind:
                v = parent[v]
            return v

        def orgs(p: int, subkind: str) -> int:
            if p < 0:
                return -1
            for o in model.children_ids(p, "organisation").tolist():
                if sub[o] == subkind:
                    return int(o)
            return -1

        # Departments by (county, sector) from the county centre's dispatch links, then children.
        sector_col = None
        if any(name == "sector" for name, _ in model._core.column_names("organisation")):
            col = model._core.column("organisation", "sector")
            sector_col = [v if ok else None for v, ok in zip(col["values"], col["valid"].tolist())]
        org_first = model.kind_range("organisation").start
        self.county_centre: dict[int, int] = {}
        self.department: dict[tuple[int, int], int] = {}
        for c in model.nodes("county").tolist():
            centre = orgs(c, "command_centre")
            self.county_centre[c] = centre
            candidates = [model.id(x) for x in model.linked(centre, "dispatches")] if centre >= 0 else []
            candidates += [o for o in model.children_ids(c, "organisation").tolist() if sub[o] == "department"]
            for o in candidates:
                s = sector_col[o - org_first] if sector_col is not None else None
                if isinstance(s, str) and s in self.sectors and (c, self.sectors.index(s)) not in self.department:
                    self.department[(c, self.sectors.index(s))] = o

        self.sites: list[tuple] = []
        site_index: dict[tuple[int, int, int], int] = {}
        self.site_of = [-1] * len(model)

        def site(grid: int, compound: int, community: int) -> int:
            key = (grid, compound, community)
            if key in site_index:
                return site_index[key]
            handler = [-1] * 6
            flags, min_entry, host, special = 0, 0, -1, -1
            county = ancestor(community, "county") if community >= 0 else -1
            if grid < 0:
                flags |= NO_GRID
                min_entry = 1 if compound >= 0 else 2
            else:
                fulltime = next((model.id(w) for w in model.linked(grid, "serves", incoming=True)
                                 if kinds[model.id(w)] == "worker" and sub[model.id(w)] == "fulltime"), -1)
                handler[0] = fulltime
                if fulltime < 0:
                    flags |= NO_FULLTIME
                    min_entry = 2
                if sub[grid] == "special":
                    flags |= SPECIAL
                    hosts = model.linked(grid, "hosts", incoming=True)
                    if hosts:
                        host = model.id(hosts[0])
                        special = special_sector.get(sub[host], -1)
            handler[1] = host if host >= 0 else compound
            if handler[1] < 0:
                flags |= NO_COMPOUND
            station, centre = orgs(community, "service_station"), orgs(community, "command_centre")
            handler[2] = station if station >= 0 else centre
            if station < 0:
                flags |= NO_STATION
            if street_tier and community >= 0:
                handler[3] = ancestor(parent[community], "street")
            handler[4] = self.county_centre.get(county, -1)
            handler[5] = parent[county] if county >= 0 else -1
            site_index[key] = len(self.sites)
            self.sites.append((handler, flags, min_entry, special, county))
            return site_index[key]

        member_of = {}
        for c in model.nodes("compound").tolist():
            for b in model.linked(c, "member"):
                member_of.setdefault(model.id(b), c)
        for b in model.nodes("building").tolist():
            g = parent[b] if parent[b] >= 0 and kinds[parent[b]] == "grid" else -1
            self.site_of[b] = site(g, member_of.get(b, -1), ancestor(b, "community"))
        for k in ("unit", "household"):
            for v in model.nodes(k).tolist():
                b = ancestor(v, "building")
                self.site_of[v] = self.site_of[b] if b >= 0 else site(-1, -1, ancestor(v, "community"))
        for p in model.nodes("place").tolist():
            hosted = model.linked(p, "hosts")
            g = model.id(hosted[0]) if hosted else ancestor(p, "grid")
            self.site_of[p] = site(g, -1, ancestor(g if g >= 0 else p, "community"))
        for g in model.nodes("grid").tolist():
            self.site_of[g] = site(g, -1, ancestor(g, "community"))

    def route_many(self, places, categories):
        n = len(places)
        entry_out = [0] * n
        close_out = [0] * n
        handlers_out = [None] * n
        dept_out = [0] * n
        reason_out = [0] * n
        sites, site_of, rules, default_u, department = self.sites, self.site_of, self.rules, self.default_urgency, self.department
        street_tier = self.street_tier
        for i in range(n):
            handler, flags, min_entry, special, county = sites[site_of[places[i]]]
            c = categories[i]
            r_entry, r_close, sector, r_flags = rules[c][default_u[c]]
            reason = flags | r_flags
            entry = max(r_entry, min_entry)
            while entry < 4 and handler[entry] < 0:
                if entry == 2 or (entry == 3 and street_tier):
                    reason |= MISSING
                entry += 1
            close = max(r_close, entry)
            row = [handler[t] if entry <= t <= close else -1 for t in range(5)]
            row.append(handler[5] if r_flags & ABOVE else -1)
            if sector < 0 and special >= 0:
                sector = special
            dept = department.get((county, sector), -1) if sector >= 0 else -1
            if dept < 0 and sector >= 0:
                reason |= NO_DEPARTMENT
            entry_out[i], close_out[i], handlers_out[i], dept_out[i], reason_out[i] = entry, close, row, dept, reason
        return {"entry_tier": np.array(entry_out, dtype=np.int8), "close_tier": np.array(close_out, dtype=np.int8),
                "handlers": np.array(handlers_out, dtype=np.int32), "department": np.array(dept_out, dtype=np.int32),
                "reason": np.array(reason_out, dtype=np.uint16)}


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--events", type=int, default=1_000_000)
    ap.add_argument("--rates", type=float, default=50.0, help="multiplier of the default rates for the simulation")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs of each router (best kept)")
    args = ap.parse_args()

    county = gg.datasets.seed_county(0)
    policy = gg.EscalationPolicy.default()
    rng = np.random.default_rng(7)
    households, places_ = county.nodes("household"), county.nodes("place")
    where = np.where(rng.random(args.events) < 0.95, rng.choice(households, args.events), rng.choice(places_, args.events))
    cats = rng.integers(0, len(policy.category_codes), args.events).astype(np.int32)
    print(f"route_many: {args.events:,} events on the reference county ({len(households):,} households)")

    print(f"  wall clock (time.perf_counter), best of {args.repeat} runs after a warm-up run, both sides")

    def best_of(run):
        run()  # warm-up: builds and caches the C++ router; the Python side gets the same
        best, answer = float("inf"), None
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            answer = run()
            best = min(best, time.perf_counter() - t0)
        return best, answer

    best, fast = best_of(lambda: gg.route_many(county, where, cats, policy=policy))
    print(f"  C++ via gg.route_many : {best * 1e3:8.1f} ms  ({args.events / best / 1e6:.1f} M events/s)")

    t0 = time.perf_counter()
    slow_router = PythonRouter(county, policy)
    setup = time.perf_counter() - t0
    where_list, cats_list = where.tolist(), cats.tolist()
    slow_t, slow = best_of(lambda: slow_router.route_many(where_list, cats_list))
    print(f"  pure Python           : {slow_t * 1e3:8.1f} ms  ({args.events / slow_t / 1e6:.2f} M events/s; "
          f"chains resolved beforehand in {setup:.2f} s)")
    for key in ("entry_tier", "close_tier", "handlers", "department", "reason"):
        np.testing.assert_array_equal(fast[key], slow[key], err_msg=key)
    print(f"  same answers: yes (entry, close, handlers, department, reason); ratio {slow_t / best:.0f}x (target >= 100x)")

    rss0 = peak_rss_mb()
    t0 = time.perf_counter()
    result = gg.simulate(county, policy, days=30, seed=0, rates=args.rates)
    total = time.perf_counter() - t0
    n = len(result.events)
    print(f"simulate: 30 days at {args.rates:g}x the default rates -> {n:,} events, {len(result.transitions):,} transitions")
    print(f"  C++ core: {result.core_seconds:.2f} s wall, {result.core_cpu_seconds:.2f} s CPU "
          f"({n / result.core_cpu_seconds / 1e6:.2f} M events per CPU second; target <= 2 s)")
    print(f"  with the pandas tables: {total:.2f} s; peak RSS {peak_rss_mb():.0f} MB (before: {rss0:.0f} MB)")
    k = result.kpis
    print(f"  结案率 {k['closure_rate']:.3f}, 按期结案率 {k['on_time_closure_rate']:.3f} (of the events due), "
          f"in the grid {k['closed_in_grid_share']:.3f} of those closed, red cards {k['red_cards']:,}")


if __name__ == "__main__":
    main()
