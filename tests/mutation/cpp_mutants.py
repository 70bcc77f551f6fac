#!/usr/bin/env python3
"""Hand mutations of the C++ evaluation, model file and partition quality code (issue 17 item 6).

Each mutant is one small edit a careless change could make (a flipped comparison, a dropped
term, a swapped numerator and denominator, a swapped field) to `src/escalation/evaluate.cpp`,
`src/model_io.cpp` or `src/balance/quality.cpp`. For every mutant the script edits a copy of the
source tree, rebuilds the test programs and the Python module there, runs the tests that guard
that file (the GoogleTest programs, and the pytest files that exercise it through the bindings),
and records whether a test failed (killed) or none did (survived). The source tree itself is
never edited.

    tests/mutation/cpp_mutants.py [--build build/mutation] [--jobs 2] [--only ID...] [--list]

Writes `<build>/results.tsv` (`--results` names another file) (id, file, verdict, seconds, the first failing test) and prints the
kill rate. A mutant whose text no longer occurs exactly once in its file is reported as stale, so
the list is kept in step with the code: edit it when the code moves. A mutant that does not
compile is reported as such and left out of the rate (the compiler killed it, not a test).
"""

from __future__ import annotations

import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Guard:
    """The tests that must catch a wrong line of one source file."""

    targets: tuple[str, ...]  # build targets (test programs, _core)
    gtests: tuple[str, ...]  # GoogleTest programs to run (all of their tests)
    pytests: tuple[str, ...]  # pytest files run against the rebuilt _core


GUARDS = {
    "src/escalation/evaluate.cpp": Guard(
        ("test_escalation", "test_escalation_api", "_core"), ("test_escalation", "test_escalation_api"),
        ("tests/python/test_escalation_indicators.py", "tests/python/test_escalation.py")),
    "src/model_io.cpp": Guard(
        ("test_model_io", "test_model", "_core"), ("test_model_io", "test_model"),
        ("tests/python/test_model_roundtrip.py", "tests/python/test_model_file.py", "tests/python/test_model.py")),
    "src/balance/quality.cpp": Guard(
        ("test_balance", "_core"), ("test_balance",), ("tests/python/test_balance.py",)),
    "src/planning/staffing.cpp": Guard(
        ("test_planning", "_core"), ("test_planning",), ("tests/python/test_grids.py",)),
    "src/planning/apply.cpp": Guard(
        ("test_planning", "_core"), ("test_planning",), ("tests/python/test_grids.py",)),
}


@dataclass(frozen=True)
class Mutant:
    id: str
    file: str
    before: str
    after: str
    what: str


E, IO, Q = "src/escalation/evaluate.cpp", "src/model_io.cpp", "src/balance/quality.cpp"
S, A = "src/planning/staffing.cpp", "src/planning/apply.cpp"

MUTANTS = [
    # --- evaluation: the indicator formulas and the tallies behind them -------------------------
    Mutant("eval-closure-denominator", E, 'k.set("closure_rate", share(t.closed, t.due));',
           'k.set("closure_rate", share(t.closed, n));', "结案率 over all events instead of the events due"),
    Mutant("eval-on-time-swapped", E, 'k.set("on_time_closure_rate", share(t.on_time, t.due));',
           'k.set("on_time_closure_rate", share(t.due, t.on_time));', "numerator and denominator swapped"),
    Mutant("eval-disposal-numerator", E, 'k.set("disposal_rate", share(t.handled_due, t.due));',
           'k.set("disposal_rate", share(t.handled, t.due));', "处置率 counts events not yet due"),
    Mutant("eval-compound-share-term", E, 'share(at[0] + at[1], t.closed)', 'share(at[0], t.closed)',
           "closed at the compound or below drops the compound tier"),
    Mutant("eval-community-share-term", E, 'share(at[0] + at[1] + at[2], t.closed)', 'share(at[0] + at[2], t.closed)',
           "closed at the community or below drops the compound tier"),
    Mutant("eval-county-term", E, 'share(at[4] + at[5], n)', 'share(at[4], n)',
           "reached the county drops the tier above the county"),
    Mutant("eval-rework-denominator", E, 'k.set("rework_rate", share(t.reworked, t.handled));',
           'k.set("rework_rate", share(t.reworked, n));', "返工率 over all events instead of those handled"),
    Mutant("eval-valid-report", E, 'k.set("valid_report_rate", share(n - t.voided, n));',
           'k.set("valid_report_rate", share(n - t.voided, n - t.voided));', "有效上报率 always 1"),
    Mutant("eval-return-rate", E, 'k.set("return_rate", share(t.returns, t.handovers));',
           'k.set("return_rate", share(t.returns, n));', "回退率 over all events instead of the hand-overs"),
    Mutant("eval-verification-on-time", E,
           'k.set("on_time_verification_rate", share(t.verifications_on_time, t.verifications_due));',
           'k.set("on_time_verification_rate", share(t.verifications_on_time, t.verifications));',
           "按时核查率 over the verifications done instead of those due"),
    Mutant("eval-mean-close", E, 't.closed ? t.hours_to_close_sum / static_cast<double>(t.closed) : 0.0',
           't.closed ? t.hours_to_close_sum / static_cast<double>(n) : 0.0', "mean hours to close over all events"),
    Mutant("eval-handled-due", E, 'handled_due += o.handled && o.due;', 'handled_due += o.handled;',
           "handled-and-due loses its due"),
    Mutant("eval-reworked-threshold", E, 'reworked += o.reworks > 0;', 'reworked += o.reworks > 1;',
           "an event reworked once is not counted"),
    Mutant("eval-satisfied-missing", E, 'o.status == static_cast<std::uint8_t>(State::closed) && o.satisfied >= 0',
           'o.status == static_cast<std::uint8_t>(State::closed) && o.satisfied > 0',
           "a dissatisfied return visit is not a return visit"),
    Mutant("eval-handovers", E, 'handovers += o.escalations + o.handed_down;', 'handovers += o.escalations;',
           "hand-downs drop out of the hand-overs"),
    Mutant("eval-tally-sum", E, '  hours_to_close_sum += o.hours_to_close_sum;\n', '',
           "adding tallies loses the hours to close"),
    Mutant("eval-self-resolved", E, 'const double self_resolved = rate(s.closed_at_tier[0], s.events);',
           'const double self_resolved = rate(s.closed_at_tier[0], s.closed);',
           "a unit's self-resolved rate over its closed events"),
    Mutant("eval-department-disposal", E, 'const double on_time_disposal = department ?',
           'const double on_time_disposal = !department ?', "departments judged on the area's stages"),
    Mutant("eval-department-rework", E, 'g.department_no_rework * (100 - rework)', 'g.department_no_rework * rework',
           "a department scored for its rework instead of its absence"),
    Mutant("eval-month-end", E, 'p.end = std::min(next * seconds_per_day, as_of);', 'p.end = next * seconds_per_day;',
           "a month measured past the end of the log"),
    Mutant("eval-month-transitions", E, 'transitions.time[r] > p.end) continue;', 'transitions.time[r] >= p.end) continue;',
           "a transition at the month's last second dropped"),
    # --- the model file: every field written and read back, every check ----------------------
    Mutant("io-xy-swapped", IO, '  w.vec(d.x);\n  w.vec(d.y);', '  w.vec(d.y);\n  w.vec(d.x);', "x and y written swapped"),
    Mutant("io-set-xy", IO, 'b.set_xy(codes[v], x[v], y[v]);', 'b.set_xy(codes[v], x[v], x[v]);', "y read as x"),
    Mutant("io-metadata-swapped", IO, '    w.str(k);\n    w.str(v);', '    w.str(v);\n    w.str(k);',
           "metadata written value first"),
    Mutant("io-link-weight", IO, 'static_cast<LinkType>(type), weight);', 'static_cast<LinkType>(type), 1.0);',
           "link weights lost on load"),
    Mutant("io-names-as-codes", IO, '  w.pool(d.codes);\n  w.pool(d.names);', '  w.pool(d.codes);\n  w.pool(d.codes);',
           "names written as codes"),
    Mutant("io-finding-fields", IO, '    f.kind = r.str(finding + " (kind)");\n    f.code = r.str(finding + " (code)");',
           '    f.code = r.str(finding + " (kind)");\n    f.kind = r.str(finding + " (code)");',
           "a finding's kind and code read swapped"),
    Mutant("io-checksum", IO, 'if (crc32(payload, h.length) != h.checksum)', 'if (false && crc32(payload, h.length) != h.checksum)',
           "the checksum is not checked"),
    Mutant("io-parent-bound", IO, 'parent[v] >= static_cast<node_id>(n)', 'parent[v] > static_cast<node_id>(n)',
           "a parent one past the last node accepted"),
    Mutant("io-count-bound", IO, 'if (n > remaining() / min_bytes_each)', 'if (n > remaining())',
           "counts checked against bytes, not records: a count sizes memory beyond the file"),
    Mutant("io-extra-bytes", IO, 'if (!r.at_end()) r.fail(', 'if (false) r.fail(', "bytes after the data accepted"),
    Mutant("io-utf8", IO, 'if (const auto bad = utf8_invalid_at(s); bad != std::string::npos)\n      fail(std::string(what) + " is not',
           'if (const auto bad = utf8_invalid_at(s); false && bad != std::string::npos)\n      fail(std::string(what) + " is not',
           "text read without the UTF-8 check"),
    Mutant("io-column-rows", IO, 'if (c.size() != end - begin ||', 'if (c.size() > end - begin ||',
           "a column shorter than its kind accepted"),
    Mutant("io-merged-findings", IO, 'if (!in_file.count(&f)) added.push_back(f);', 'if (in_file.count(&f)) added.push_back(f);',
           "the freeze's own findings replaced by duplicates of the file's"),
    Mutant("io-version", IO, 'if (h.version > model_format_version)', 'if (h.version >= model_format_version + 1 + 1)',
           "a file from the next format version read as this one"),
    Mutant("io-duplicate-metadata", IO, 'if (!metadata.emplace(key, std::move(value)).second) r.fail(',
           'if (!metadata.emplace(key, std::move(value)).second && false) r.fail(', "a metadata key given twice accepted"),
    # --- partition quality: the ruler every plan is judged by --------------------------------
    Mutant("quality-ideal-swapped", Q, 'q.ideal[c] = k > 0 ? total[c] / k : 0.0;', 'q.ideal[c] = k > 0 ? k / total[c] : 0.0;',
           "ideal weight: numerator and denominator swapped"),
    Mutant("quality-max-ratio", Q, 'q.max_ratio[c] = std::max(q.max_ratio[c], r);', 'q.max_ratio[c] = std::min(q.max_ratio[c], r);',
           "heaviest part taken as the minimum"),
    Mutant("quality-min-ratio", Q, 'q.min_ratio[c] = std::min(q.min_ratio[c], r);', 'q.min_ratio[c] = std::max(q.min_ratio[c], r);',
           "lightest part taken as the maximum"),
    Mutant("quality-ratio-swapped", Q, 'const double r = q.ideal[c] > 0 ? w / q.ideal[c] : 1.0;',
           'const double r = q.ideal[c] > 0 ? q.ideal[c] / w : 1.0;', "ratio upside down"),
    Mutant("quality-total-term", Q, '      total[c] += weights[v * ud + c];\n', '',
           "the total drops every node's weight"),
    Mutant("quality-cut-double", Q, 'if (u > v && labels[u] != labels[v]) ++q.cut_edges;',
           'if (u != v && labels[u] != labels[v]) ++q.cut_edges;', "every cut edge counted twice"),
    Mutant("quality-cut-flipped", Q, 'if (u > v && labels[u] != labels[v]) ++q.cut_edges;',
           'if (u > v && labels[u] == labels[v]) ++q.cut_edges;', "edges inside parts counted as cut"),
    Mutant("quality-disconnected", Q, 'if (q.pieces[p] > 1) ++q.disconnected_parts;', 'if (q.pieces[p] >= 1) ++q.disconnected_parts;',
           "every non-empty part counted as disconnected"),
    Mutant("quality-empty", Q, 'if (q.pieces[p] == 0) ++q.empty_parts;', 'if (q.pieces[p] <= 1) ++q.empty_parts;',
           "connected parts counted as empty"),
    Mutant("quality-negative-weight", Q, 'if (!std::isfinite(x) || x < 0)', 'if (!std::isfinite(x))',
           "negative weights accepted"),
    Mutant("quality-empty-min", Q, '    if (k == 0) q.min_ratio[c] = 0.0;\n', '', "no parts: the lightest ratio is infinite"),
    # --- staffing: who serves which residential grid (planning::assign_workers) -----------------
    Mutant("staff-fulltime-shortage", S, 'if (nw < ng)\n          throw InfeasibleError("assign_workers: community " + std::string(m.code(c)) + " has " + std::to_string(nw) +\n                                " full-time',
           'if (nw <= ng)\n          throw InfeasibleError("assign_workers: community " + std::string(m.code(c)) + " has " + std::to_string(nw) +\n                                " full-time',
           "exactly one full-time worker per grid refused"),
    Mutant("staff-spare-column", S, '        if (spare_column) capacity.push_back(nw - ng), minimum.push_back(0);\n', '',
           "no place for full-time workers beyond one per grid"),
    Mutant("staff-centroid-y", S, 'm.y()[static_cast<std::size_t>(w)] - sy[grid] / located[grid]',
           'm.y()[static_cast<std::size_t>(w)] - sx[grid] / located[grid]', "a grid's centroid y taken from the x sum"),
    Mutant("staff-unlocated-building", S, 'if (std::isfinite(x) && std::isfinite(y)) sx[it->second]',
           'if (true) sx[it->second]', "an unlocated building enters the centroid"),
    Mutant("staff-load-term", S, 'load[it->second] += score[static_cast<std::size_t>(b - b0)];',
           'load[it->second] += 1;', "part-time shares by building count instead of workload"),
    Mutant("staff-parttime-minimum", S, 'capacity = largest_remainder(nw, w, 1);', 'capacity = largest_remainder(nw, w, 0);',
           "a grid of little workload may get no part-time worker"),
    Mutant("staff-capacity-override", S,
           'capacity.push_back(it != options.parttime_per_grid_by_code.end() ? it->second : options.parttime_per_grid.value_or(1));',
           'capacity.push_back(options.parttime_per_grid.value_or(1));', "a grid's own part-time capacity ignored"),
    Mutant("staff-capacity-total", S, 'if (total < nw)', 'if (total <= nw)', "capacities that exactly fit refused"),
    Mutant("staff-cap-check", S, 'if (cap < 1) throw', 'if (cap < 0) throw', "a grid's part-time capacity of 0 accepted"),
    Mutant("staff-per-grid-check", S, '*options.parttime_per_grid < 1', '*options.parttime_per_grid < 0',
           "parttime_per_grid of 0 accepted"),
    Mutant("staff-code-not-residential", S, 'if (g == no_node || !grid_index.count(g))', 'if (g == no_node)',
           "a special grid's code accepted as a residential grid's capacity"),
    Mutant("staff-no-parttime", S, '        if (nw == 0) continue;\n', '', "a community without part-time workers refused"),
    Mutant("staff-community-filter", S, '        if (m.parent(w) != c) continue;\n', '',
           "workers of other communities considered"),
    Mutant("staff-special-grid-workers", S,
           'if (g == no_node || std::find(gids.begin(), gids.end(), g) != gids.end()) workers.push_back(w);',
           'workers.push_back(w);', "the workers of special grids moved"),
    Mutant("staff-home-y", S,
           'if (!std::isfinite(m.x()[static_cast<std::size_t>(w)]) || !std::isfinite(m.y()[static_cast<std::size_t>(w)]))',
           'if (!std::isfinite(m.x()[static_cast<std::size_t>(w)]))', "a home without y accepted"),
    Mutant("staff-unlink", S, '          if (before != no_node) builder.unlink(move.worker, m.code(before), LinkType::serves);\n', '',
           "a moved worker still serves the old grid too"),
    Mutant("staff-unassigned", S, '          out.unassigned.push_back(move.worker);', '          ;',
           "full-time workers left without a grid not listed"),
    Mutant("staff-changed", S, 'if (mv.grid_before != mv.grid_after) ++s.changed;', 'if (mv.grid_before == mv.grid_after) ++s.changed;',
           "the unchanged workers counted as changed"),
    Mutant("staff-total-after-field", S, 's.total_after += mv.distance_after, ++after_n;',
           's.total_after += mv.distance_before, ++after_n;', "the total after sums the distances before"),
    Mutant("staff-mean-after", S, 's.mean_after = after_n ? s.total_after / after_n : 0.0;',
           's.mean_after = s.workers ? s.total_after / s.workers : 0.0;', "mean after over workers without a grid too"),
    Mutant("staff-assigned-residential", S, 'if (model.kind(g) == Kind::grid && model.subkind(g) == "residential") {',
           'if (model.kind(g) == Kind::grid) {', "assigned_fulltime counts special grids' workers"),
    # --- applying a grid plan: surplus workers kept, party groups merged, placeholders ----------
    Mutant("apply-none-column", A, 'capacity.back() = static_cast<std::int64_t>(rows);', 'capacity.back() = 1;',
           "at most one worker or party group left without a grid"),
    Mutant("apply-spare-fulltime", A, '        if (is_worker(m, v, "fulltime")) spare.push_back(v);\n        else if',
           '        if (is_worker(m, v, "fulltime")) ;\n        else if', "a retired grid's full-time worker not offered to new grids"),
    Mutant("apply-parttime-successor", A, 'else if (m.kind(v) == Kind::worker) s.parttime.emplace_back(v, successor);',
           'else if (m.kind(v) == Kind::worker) s.parttime.emplace_back(v, 0);',
           "a retired grid's part-time workers all sent to the first grid"),
    Mutant("apply-surplus", A, '          s.surplus.push_back(spare[i]);\n', '', "surplus full-time workers not reported"),
    Mutant("apply-new-groups", A, 'if (!served.count(part)) s.new_groups.push_back(part);',
           'if (served.count(part)) s.new_groups.push_back(part);', "new party groups where a retired grid's moved in"),
    Mutant("apply-placeholders", A, 'if (!taken.count(part)) s.placeholders.push_back(part);',
           'if (taken.count(part)) s.placeholders.push_back(part);', "placeholders where a spare worker moved in"),
    Mutant("apply-place-nearest", A, 'if (dist < best) best = dist, target', 'if (dist > best) best = dist, target',
           "a place no longer follows its nearest building"),
    Mutant("apply-placeholder-serial", A, 'serial = std::max(serial, std::stoi(std::string(digits)));',
           'serial = std::min(serial, std::stoi(std::string(digits)));', "placeholder codes numbered from W0001 again"),
    Mutant("apply-placeholder-home", A, '        if (std::isfinite(cx[k]) && std::isfinite(cy[k])) builder.set_xy(worker, cx[k], cy[k]);\n', '',
           "a placeholder worker without a home at its grid"),
    Mutant("apply-group-rename", A, 'if (moves == &s.moved_groups) builder.rename(', 'if (moves != &s.moved_groups) builder.rename(',
           "the merged party groups renamed instead of the moved ones"),
    Mutant("apply-moved-unlink", A, '      for (node_id g : m.linked(w, LinkType::serves)) builder.unlink(m.code(w), m.code(g), LinkType::serves);\n', '',
           "a moved full-time worker keeps its old serves link"),
]


def tracked_files() -> list[str]:
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, check=True,
                         capture_output=True).stdout
    return [p for p in out.decode().split("\0") if p]


def sync_tree(tree: Path) -> None:
    """Copies the tracked files into `tree`, touching only those that differ (so the build stays incremental)."""
    for rel in tracked_files():
        src, dst = ROOT / rel, tree / rel
        if not src.is_file():
            continue
        if dst.is_file() and filecmp.cmp(src, dst, shallow=False):
            continue
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, dst)  # a fresh mtime, so the build sees the change
    shared = tree.parent / "shared"  # the tests find ../shared/data beside the tree
    if not shared.exists():
        shared.symlink_to(ROOT.parent / "shared")


def configure(tree: Path, build: Path) -> None:
    if (build / "build.ninja").exists():
        return
    python = os.environ.get("PYTHON", sys.executable)
    pybind = subprocess.run([python, "-m", "pybind11", "--cmakedir"], check=True, capture_output=True, text=True).stdout.strip()
    subprocess.run(["cmake", "-S", str(tree), "-B", str(build), "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                    "-DGRIDGOV_BUILD_PYTHON=ON", "-DGRIDGOV_BUILD_BENCHMARKS=OFF", "-DGRIDGOV_INSTALL=OFF",
                    f"-DPython_EXECUTABLE={python}", f"-Dpybind11_DIR={pybind}"], check=True, stdout=subprocess.DEVNULL)


def run_guard(tree: Path, build: Path, guard: Guard, jobs: int) -> tuple[str, str]:
    """Builds and runs a file's tests: ('pass' | 'fail' | 'build', first failing test)."""
    b = subprocess.run(["cmake", "--build", str(build), "-j", str(jobs), "--target", *guard.targets],
                       capture_output=True, text=True)
    if b.returncode != 0:
        return "build", (b.stdout + b.stderr).strip().splitlines()[-1][:200]
    for program in guard.gtests:
        r = subprocess.run([str(build / "tests" / program), "--gtest_brief=1"], capture_output=True, text=True,
                           cwd=build, timeout=1800)
        if r.returncode != 0:
            failed = [l for l in r.stdout.splitlines() if l.startswith("[  FAILED  ]")]
            return "fail", (failed[0] if failed else f"{program} exit {r.returncode}")[:200]
    if guard.pytests:
        env = dict(os.environ, GRIDGOV_CORE_DIR=str(build / "python" / "gridgov"), PYTHONPATH=str(tree / "python"))
        python = os.environ.get("PYTHON", sys.executable)
        r = subprocess.run([python, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *guard.pytests],
                           capture_output=True, text=True, cwd=tree, env=env, timeout=3600)
        if r.returncode != 0:
            failed = [l for l in r.stdout.splitlines() if l.startswith("FAILED") or l.startswith("ERROR")]
            return "fail", (failed[0] if failed else f"pytest exit {r.returncode}")[:200]
    return "pass", ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--build", default=str(ROOT / "build" / "mutation"))
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", nargs="*", help="mutant ids (default: all)")
    ap.add_argument("--file", nargs="*", help="only the mutants of these source files (default: all)")
    ap.add_argument("--results", default="results.tsv", help="file name of the table in the build folder")
    ap.add_argument("--list", action="store_true", help="list the mutants and whether each still applies")
    args = ap.parse_args()

    mutants = [m for m in MUTANTS if (not args.only or m.id in args.only) and (not args.file or m.file in args.file)]
    if args.list:
        for m in mutants:
            n = (ROOT / m.file).read_text().count(m.before)
            print(f"{m.id:30} {m.file:32} {'ok' if n == 1 else f'STALE ({n} matches)'}  {m.what}")
        return 0

    work = Path(args.build).resolve()
    # The build folder sits two levels below the tree, as build/cpp does below the source, so that
    # with CCACHE_BASEDIR the unmutated objects come from the cache of an ordinary build.
    tree = work / "tree"
    build = tree / "build" / "mut"
    os.environ.setdefault("CCACHE_BASEDIR", ROOT.anchor)
    tree.mkdir(parents=True, exist_ok=True)
    sync_tree(tree)
    configure(tree, build)
    for path, guard in GUARDS.items():
        if not any(m.file == path for m in mutants):
            continue
        verdict, detail = run_guard(tree, build, guard, args.jobs)
        if verdict != "pass":
            print(f"the unmutated tree fails the tests of {path}: {verdict} {detail}", file=sys.stderr)
            return 2

    rows = []
    for m in mutants:
        path = tree / m.file
        original = path.read_text()
        if original.count(m.before) != 1:
            rows.append((m.id, m.file, "stale", 0.0, f"text found {original.count(m.before)} times"))
            print(f"{m.id}: stale", flush=True)
            continue
        start = time.monotonic()
        try:
            path.write_text(original.replace(m.before, m.after))
            verdict, detail = run_guard(tree, build, GUARDS[m.file], args.jobs)
        except subprocess.TimeoutExpired:
            verdict, detail = "fail", "timeout"
        finally:
            path.write_text(original)
        outcome = {"fail": "killed", "pass": "SURVIVED", "build": "no-build"}[verdict]
        rows.append((m.id, m.file, outcome, time.monotonic() - start, detail))
        print(f"{m.id}: {outcome} ({time.monotonic() - start:.0f} s) {detail}", flush=True)
    # Leave the build matching the source again.
    subprocess.run(["cmake", "--build", str(build), "-j", str(args.jobs)], capture_output=True)

    with open(work / args.results, "w") as f:
        f.write("id\tfile\tverdict\tseconds\tdetail\n")
        for row in rows:
            f.write("\t".join([row[0], row[1], row[2], f"{row[3]:.0f}", row[4]]) + "\n")
    judged = [r for r in rows if r[2] in ("killed", "SURVIVED")]
    killed = sum(r[2] == "killed" for r in judged)
    print(f"killed {killed} of {len(judged)} mutants ({100 * killed / max(len(judged), 1):.0f} %); "
          f"{sum(r[2] == 'no-build' for r in rows)} did not compile, {sum(r[2] == 'stale' for r in rows)} stale")
    for r in rows:
        if r[2] == "SURVIVED":
            print(f"  survived: {r[0]} ({r[1]})")
    return 0 if killed == len(judged) else 1


if __name__ == "__main__":
    sys.exit(main())
