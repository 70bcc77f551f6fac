// The partitioner's driver: input checks, regions and domains, parts per domain, the multilevel
// solve of each domain (coarsen, bisect, uncoarsen with repair and refinement, balance repair,
// cluster re-cuts, whole-domain search) and the independent check of the result.
#include "gridgov/balance/partition.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <numeric>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "checks.hpp"
#include "exact_cut.hpp"
#include "flow_refine.hpp"
#include "initial.hpp"
#include "part_state.hpp"
#include "refine.hpp"
#include "repair.hpp"
#include "weighted_graph.hpp"
#include "gridgov/balance/quality.hpp"
#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"
#include "gridgov/core/random.hpp"

namespace gridgov::balance {

namespace detail {
namespace {

std::string node_list(const std::vector<node_id>& nodes, std::size_t limit = 10) {
  std::string s;
  for (std::size_t i = 0; i < nodes.size() && i < limit; ++i) s += (i ? ", " : "") + std::to_string(nodes[i]);
  if (nodes.size() > limit) s += messages::format("partition.nodes_in_all", {{"count", std::to_string(nodes.size())}});
  return s;
}

std::string fmt(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}

/// Total bound violation of a domain plan, in units of the ideal (part weights summed afresh).
double plan_violation(const WeightedGraph& g, std::int32_t k, const PartBounds& bounds,
                      const std::vector<std::int32_t>& labels) {
  const auto ud = static_cast<std::size_t>(g.d);
  std::vector<double> w(static_cast<std::size_t>(k) * ud, 0.0);
  for (node_id v = 0; v < g.n(); ++v)
    for (std::size_t c = 0; c < ud; ++c) w[labels[v] * ud + c] += g.w(v)[c];
  double violation = 0;
  for (std::int32_t p = 0; p < k; ++p) violation += bounds.violation(&w[p * ud]);
  return violation;
}

/// Total bound violation and cut edges of a domain plan.
std::pair<double, std::int64_t> plan_score(const WeightedGraph& g, std::int32_t k, const PartBounds& bounds,
                                           const std::vector<std::int32_t>& labels) {
  std::int64_t cut = 0;
  for (node_id v = 0; v < g.n(); ++v)
    for (edge_id e = g.offsets[v]; e < g.offsets[v + 1]; ++e) cut += labels[g.targets[e]] != labels[v];
  return {plan_violation(g, k, bounds, labels), cut / 2};
}

/// The same for a plan held in a PartState, its cut read off the border counts the state keeps.
std::pair<double, std::int64_t> plan_score(const PartState& st) {
  return {plan_violation(st.graph(), st.k(), st.bounds(), st.labels()), st.cut_arcs() / 2};
}

/// The common unit of column c's weights: the greatest common divisor of its non-zero values
/// when every value is a whole number below 2^53, else 0 (no unit). A part's weight in that
/// column is then a multiple of the unit.
std::int64_t weight_unit(std::span<const double> weights, node_id n, int d, std::size_t c) {
  std::int64_t unit = 0;
  for (node_id v = 0; v < n; ++v) {
    const double x = weights[static_cast<std::size_t>(v) * static_cast<std::size_t>(d) + c];
    if (x != std::floor(x) || x >= 9007199254740992.0) return 0;
    unit = std::gcd(unit, static_cast<std::int64_t>(x));
  }
  return unit;
}

/// Coarsening stops at this many nodes a part (see solve_domain).
constexpr node_id kCoarsestNodesPerPart = 30;
/// FM refinement of the finest level: passes, and moves without a new best before a pass stops.
/// Longer patience (200, 1000) bought under 1 % of cut on AR and PA at up to twice the time.
constexpr int kFmPasses = 4;
constexpr std::int64_t kFmPatience = 100;
/// Label-propagation rounds on each coarse level on the way up, and no FM there: FM (4 passes)
/// and 8 rounds cost 12 % of the instructions of a whole call on PA k = 18 and held-out B k = 40
/// and bought 0-0.7 % of cut (24 seeds on four rows); those instructions buy more spent on a
/// V-cycle (benchmarks/RESULTS.md, issue 13).
constexpr int kUncoarsenLpRounds = 4;

/// Domains with at least this many nodes a part are "coarse-grained": their cut is refined by
/// flows at the end (on fine-grained domains every part is a handful of nodes, the borders
/// have no room to move and the flows found nothing on PA k = 906 or held-out B k = 3000).
constexpr node_id kCoarseGrainedNodesPerPart = 20;
/// Flow refinement sweeps over all pairs of neighbouring parts (the second sweep only where the
/// first moved a border): a third bought under 1 % on AR, PA and the held-out graphs.
constexpr int kFlowRounds = 2;

/// Domains up to this many nodes are searched whole when the repair leaves parts outside.
constexpr node_id kWholeDomainSearchNodes = 1000;

/// PartitionOptions::vcycles above this is refused (one cycle cost 0.1-0.4 of the first plan's
/// time on the benchmark's rows with large parts; each further cycle costs about as much).
constexpr int kMaxVCycles = 16;

/// Coarsening stops at kCoarsestNodesPerPart nodes a part, or 256 nodes.
node_id coarsest_nodes(std::int32_t k) {
  return std::max<node_id>(static_cast<node_id>(kCoarsestNodesPerPart) * k, 256);
}

/// Clusters are capped at a tenth of a part in every column (the width of a +-5 % window, so a
/// cluster can still cross between two parts).
std::vector<double> coarsening_cap(const PartBounds& bounds) {
  std::vector<double> cap(bounds.ideal.size());
  for (std::size_t c = 0; c < cap.size(); ++c) cap[c] = 0.1 * bounds.ideal[c];
  return cap;
}

/// Projects a plan of the coarsest level down to g, repairing balance and refining the cut by
/// label propagation on every level on the way.
std::vector<std::int32_t> uncoarsen(const WeightedGraph& g, const std::vector<WeightedGraph>& levels,
                                    const std::vector<std::vector<node_id>>& maps, std::int32_t k,
                                    const PartBounds& bounds, std::vector<std::int32_t> labels, Rng& rng) {
  for (std::size_t level = levels.size(); level-- > 0;) {
    {
      PartState st(levels[level], k, bounds, std::move(labels));
      BalanceRepair repair(st, rng);
      repair.single_moves(static_cast<std::int64_t>(levels[level].n()));
      refine_cut(st, kUncoarsenLpRounds, rng);
      labels = st.labels();
    }
    const WeightedGraph& finer = level == 0 ? g : levels[level - 1];
    std::vector<std::int32_t> projected(static_cast<std::size_t>(finer.n()));
    for (node_id v = 0; v < finer.n(); ++v) projected[v] = labels[maps[level][v]];
    labels = std::move(projected);
  }
  return labels;
}

/// Flows on a plan inside its bounds, which re-cut whole stretches of border that single moves
/// cannot improve (each move alone cuts more edges than it saves); FM then tidies the new borders.
void refine_by_flows(PartState& st, Rng& rng) {
  if (st.total_violation() <= kEps && flow_refine(st, kFlowRounds, rng) > 0)
    fm_refine(st, kFmPasses, kFmPatience, rng);
}

/// The last refinement of a plan on the domain itself: label propagation and FM, then (on a
/// coarse-grained domain) flows.
void refine_finest(PartState& st, bool flows, Rng& rng) {
  refine_cut(st, 24, rng);
  fm_refine(st, kFmPasses, kFmPatience, rng);
  if (flows) refine_by_flows(st, rng);
}

/// Partitions one connected domain into k parts held to `bounds`. Sets *proven_infeasible when
/// an exhaustive search showed that no plan meets the bounds. `search` = false (the bounds are
/// already proven impossible) stops after the cheap repair: no cluster re-cuts, no exact search;
/// `search_whole` = false leaves out only the whole-domain search.
std::vector<std::int32_t> solve_domain(const WeightedGraph& g, std::int32_t k, const PartBounds& bounds,
                                       double tol, std::vector<std::int32_t> initial, double effort, int vcycles,
                                       Rng& rng, bool* proven_infeasible = nullptr, bool search = true,
                                       bool search_whole = true) {
  const node_id n = g.n();
  if (k <= 1) return std::vector<std::int32_t>(static_cast<std::size_t>(n), 0);
  const bool has_fixed = std::any_of(g.fixed.begin(), g.fixed.end(), [](std::int32_t f) { return f >= 0; });
  const bool keep_close = !initial.empty();
  std::vector<std::int32_t> labels;
  if (keep_close) {
    labels = std::move(initial);
  } else if (has_fixed) {
    labels = grow_regions(g, k, bounds, rng);
  } else {
    // Coarsen while the graph has more than kCoarsestNodesPerPart nodes a part, clusters capped
    // at a tenth of a part (the width of a +-5 % window, so a cluster can still cross between
    // two parts). Measured on AR and PA (k = 35 .. 203): stopping at 12 nodes a part with
    // clusters up to a fifth of a part gave cuts 4-12 % higher; the initial bisection does
    // better on the finer graph than on coarse clusters whose borders matching drew at random.
    std::vector<WeightedGraph> levels;
    std::vector<std::vector<node_id>> maps;
    const WeightedGraph& coarsest = coarsen_to(g, coarsest_nodes(k), coarsening_cap(bounds), 0.95, rng, levels, maps);
    labels = recursive_bisection(coarsest, k, tol, levels.empty(), rng);
    labels = uncoarsen(g, levels, maps, k, bounds, std::move(labels), rng);
  }
  PartState st(g, k, bounds, std::move(labels));
  TreeSplitter splitter;
  repair_connectivity(st);
  fill_empty_parts(st, splitter, rng);
  BalanceRepair repair(st, rng, static_cast<std::int64_t>(effort * n) + 1);
  repair.single_moves(static_cast<std::int64_t>(n) * 2);
  for (int round = 0; round < 50 && st.total_violation() > kEps; ++round) {
    const bool chained = repair.chains(round < 10 ? 6 : 12, round < 10 ? 4 : 10);
    repair.single_moves(static_cast<std::int64_t>(n));
    if (!chained) break;
  }
  // The hard cases: re-cut small clusters of parts around what is left, then chain again.
  // Small clusters and small budgets first: most stuck parts come free there cheaply; the
  // larger clusters and budgets are spent only on what is left.
  constexpr std::pair<std::int32_t, std::int64_t> kClusterSchedule[] = {
      {8, 5000}, {16, 10000}, {24, 20000}, {32, 80000}, {32, 320000}};
  // A small fine-grained domain is searched whole below (with a budget that grows with it, and
  // able to prove that no plan exists), so there a "cluster" that would take in every part is
  // left to that search instead of being searched three times per stuck part first.
  const bool whole_search = search && search_whole && n <= static_cast<node_id>(kFineGrainedNodesPerPart) * k &&
                            n <= kWholeDomainSearchNodes && !has_fixed;
  std::size_t level = search ? 0 : std::size(kClusterSchedule);
  for (int round = 0; round < 40 && level < std::size(kClusterSchedule) && st.total_violation() > kEps; ++round) {
    const auto [max_parts, budget] = kClusterSchedule[level];
    if (whole_search && max_parts >= k) break;
    if (!repair.resolve_clusters(max_parts, 3, budget)) {
      ++level;
      continue;
    }
    repair.single_moves(static_cast<std::int64_t>(n));
    for (int again = 0; again < 10 && st.total_violation() > kEps && repair.chains(6, 4); ++again) {
    }
  }
  // Still outside on a small fine-grained domain: search the whole domain exactly. It either
  // finds a plan or proves that none exists (each part's window is narrow against the nodes, and
  // the search is complete), which the caller reports as a proof rather than a failure to find.
  if (whole_search && st.total_violation() > kEps) {
    std::vector<node_id> all(static_cast<std::size_t>(n));
    std::iota(all.begin(), all.end(), 0);
    std::vector<std::int32_t> parts(static_cast<std::size_t>(k));
    std::iota(parts.begin(), parts.end(), 0);
    ExactCut whole(g, all, k, bounds, 0);
    const auto piece = whole.solve_restarts(static_cast<std::int64_t>(effort * n) + 1, rng);
    if (!piece.empty()) {
      repair.take_pieces(parts, all, piece);
    } else if (whole.proven_impossible() && proven_infeasible) {
      *proven_infeasible = true;
    }
  }
  if (keep_close) return st.labels();
  const bool coarse_grained = n >= kCoarseGrainedNodesPerPart * k;
  // With a V-cycle to follow, the flows are left to the cycle's finest level: flows on both
  // plans cost 0.8 times the instructions of METIS's whole k-way call on held-out B k = 40 and
  // bought 0.8 % of cut there, 0-0.5 % on three other rows (24 seeds; benchmarks/RESULTS.md).
  const bool cycles = vcycles > 0 && coarse_grained && !has_fixed;
  refine_finest(st, coarse_grained && !cycles, rng);
  if (!cycles || st.total_violation() > kEps) return st.labels();
  // V-cycles: coarsen again, matching only inside the parts of the plan (every coarse node lies
  // in one part, so the plan is exact on every level and stays connected), then refine on the
  // way up, where whole clusters move and reshape borders that single moves could not.
  std::vector<std::int32_t> best = st.labels();
  auto best_score = plan_score(st);
  bool improved = false;
  for (int cycle = 0; cycle < vcycles; ++cycle) {
    std::vector<WeightedGraph> levels;
    std::vector<std::vector<node_id>> maps;
    std::vector<std::int32_t> groups = best;
    coarsen_to(g, coarsest_nodes(k), coarsening_cap(bounds), 0.95, rng, levels, maps, &groups);
    if (levels.empty()) break;
    PartState next(g, k, bounds, uncoarsen(g, levels, maps, k, bounds, std::move(groups), rng));
    refine_finest(next, true, rng);
    const auto score = plan_score(next);
    if (next.total_violation() > kEps || !(score < best_score)) continue;
    best = next.labels();
    best_score = score;
    improved = true;
  }
  if (improved) return best;
  // No cycle did better (or none could coarsen): the first plan gets the flows it went without.
  refine_by_flows(st, rng);
  return st.labels();
}

}  // namespace
}  // namespace detail

/// Partitions a graph into contiguous parts of balanced weight. `weights` holds n x d values
/// (row-major, d columns). `ks` is one number (k parts, spread over the regions in proportion to
/// column-0 weight by largest remainder) or one number per region. Duplicate arcs are merged;
/// the graph must be symmetric and free of self loops. See the header comment for guarantees.
PartitionResult partition(CsrView graph, std::span<const double> weights, int d,
                          std::span<const std::int32_t> ks, const PartitionOptions& opt) {
  using namespace detail;
  check_csr(graph);
  const node_id n = graph.num_nodes();
  check_weights(weights, n, d);
  const auto ud = static_cast<std::size_t>(d);
  if (n == 0) throw InputError(messages::format("partition.no_nodes"));
  if (ks.empty()) throw InputError(messages::format("partition.k_missing"));
  for (std::size_t i = 0; i < ks.size(); ++i)
    if (ks[i] < 1)
      throw InputError(messages::format(ks.size() > 1 ? "partition.k_positive_region" : "partition.k_positive",
                                        {{"k", std::to_string(ks[i])}, {"region", std::to_string(i)}}));
  // Every part needs a node: more parts than nodes is impossible, and checking it here bounds
  // every allocation sized by k by the graph's size (and keeps the sum of ks from overflowing).
  {
    std::int64_t k_sum = 0;
    for (std::int32_t x : ks) k_sum += x;
    if (k_sum > n)
      throw InfeasibleError(messages::format("partition.k_above_nodes",
                                             {{"k", std::to_string(k_sum)},
                                              {"over", ks.size() > 1 ? messages::format("partition.over_regions") : ""},
                                              {"n", std::to_string(n)}}),
                            /*proven=*/true);
  }
  if (!(opt.tol >= 0 && opt.tol < 1) && opt.lower.empty())
    throw InputError(messages::format("partition.tol_range", {{"tol", fmt(opt.tol)}}));
  if (opt.vcycles < 0 || opt.vcycles > kMaxVCycles)
    throw InputError(messages::format("partition.vcycles_range",
                                      {{"vcycles", std::to_string(opt.vcycles)}, {"max", std::to_string(kMaxVCycles)}}));
  if (!opt.lower.empty() || !opt.upper.empty()) {
    if (opt.lower.size() != ud || opt.upper.size() != ud)
      throw InputError(messages::format("partition.bounds_count", {{"d", std::to_string(d)}}));
    for (std::size_t c = 0; c < ud; ++c)
      if (!(opt.lower[c] >= 0) || !(opt.upper[c] >= opt.lower[c]) || !std::isfinite(opt.upper[c]))
        throw InputError(messages::format("partition.bounds_order",
                                          {{"lower", fmt(opt.lower[c])},
                                           {"upper", fmt(opt.upper[c])},
                                           {"c", std::to_string(c)}}));
  }
  auto check_labels = [&](std::span<const std::int32_t> a, const char* what, std::int32_t lo_ok) {
    if (!a.empty() && a.size() != static_cast<std::size_t>(n))
      throw InputError(messages::format("partition.entries_per_node",
                                        {{"what", what}, {"n", std::to_string(n)}, {"a", std::to_string(a.size())}}));
    for (node_id v = 0; v < static_cast<node_id>(a.size()); ++v)
      if (a[v] < lo_ok)
        throw InputError(messages::format("partition.entry_below",
                                          {{"what", what},
                                           {"v", std::to_string(v)},
                                           {"a", std::to_string(a[v])},
                                           {"lo_ok", std::to_string(lo_ok)}}));
  };
  check_labels(opt.regions, "regions", 0);
  check_labels(opt.fixed, "fixed", -1);
  check_labels(opt.initial, "initial", 0);

  // Sorted, merged neighbour lists; symmetry and self loops checked on the way. Lists that
  // are already sorted without repeats (graph_to_csr's) are copied as they are.
  CsrGraph g;
  g.offsets.assign(static_cast<std::size_t>(n) + 1, 0);
  g.targets.reserve(graph.targets.size());
  for (node_id v = 0; v < n; ++v) {
    const auto begin = g.targets.size();
    bool ordered = true;
    for (node_id u : graph.neighbours(v)) {
      if (u == v) throw InputError(messages::format("partition.self_loop", {{"v", std::to_string(v)}}));
      if (g.targets.size() > begin && g.targets.back() >= u) ordered = false;
      g.targets.push_back(u);
    }
    if (!ordered) {
      std::sort(g.targets.begin() + static_cast<std::ptrdiff_t>(begin), g.targets.end());
      g.targets.erase(std::unique(g.targets.begin() + static_cast<std::ptrdiff_t>(begin), g.targets.end()), g.targets.end());
    }
    g.offsets[v + 1] = static_cast<edge_id>(g.targets.size());
  }
  const CsrView gv = g.view();
  // Symmetric exactly when the transpose equals the graph: visiting v in increasing order,
  // every u lists v next in its own sorted list (a cursor per node), and every list is used up.
  // Only when that fails is the missing reverse arc searched for, to name it.
  bool symmetric = true;
  {
    std::vector<edge_id> cursor(g.offsets.begin(), g.offsets.end() - 1);
    for (node_id v = 0; v < n && symmetric; ++v)
      for (node_id u : gv.neighbours(v)) {
        if (cursor[u] == g.offsets[u + 1] || g.targets[cursor[u]] != v) {
          symmetric = false;
          break;
        }
        ++cursor[u];
      }
    for (node_id v = 0; v < n && symmetric; ++v) symmetric = cursor[v] == g.offsets[v + 1];
  }
  if (!symmetric)
    for (node_id v = 0; v < n; ++v)
      for (node_id u : gv.neighbours(v)) {
        auto nb = gv.neighbours(u);
        if (!std::binary_search(nb.begin(), nb.end(), v))
          throw InputError(messages::format("partition.not_symmetric",
                                            {{"v", std::to_string(v)}, {"u", std::to_string(u)}}));
      }

  // Regions and their part counts.
  std::int32_t num_regions = 1;
  for (std::int32_t r : opt.regions) num_regions = std::max(num_regions, r + 1);
  auto region_of = [&](node_id v) { return opt.regions.empty() ? 0 : opt.regions[v]; };
  if (ks.size() > 1 && static_cast<std::int32_t>(ks.size()) != num_regions)
    throw InputError(messages::format("partition.k_per_region",
                                      {{"ks", std::to_string(ks.size())},
                                       {"num_regions", std::to_string(num_regions)}}));
  std::vector<double> region_weight(static_cast<std::size_t>(num_regions) * ud, 0.0);
  std::vector<node_id> region_nodes(static_cast<std::size_t>(num_regions), 0);
  for (node_id v = 0; v < n; ++v) {
    const auto r = static_cast<std::size_t>(region_of(v));
    ++region_nodes[r];
    for (std::size_t c = 0; c < ud; ++c) region_weight[r * ud + c] += weights[v * ud + c];
  }
  for (std::int32_t r = 0; r < num_regions; ++r)
    if (region_nodes[r] == 0)
      throw InputError(messages::format("partition.region_empty", {{"r", std::to_string(r)}}));

  // Domains: connected pieces of the graph restricted to edges inside a region.
  std::vector<std::int32_t> domain(static_cast<std::size_t>(n), -1);
  std::vector<std::vector<node_id>> domain_nodes;
  for (node_id s = 0; s < n; ++s) {
    if (domain[s] >= 0) continue;
    const auto id = static_cast<std::int32_t>(domain_nodes.size());
    domain_nodes.emplace_back(1, s);
    domain[s] = id;
    auto& list = domain_nodes.back();
    for (std::size_t h = 0; h < list.size(); ++h)
      for (node_id u : gv.neighbours(list[h]))
        if (domain[u] < 0 && region_of(u) == region_of(s)) {
          domain[u] = id;
          list.push_back(u);
        }
  }
  const auto num_domains = static_cast<std::int32_t>(domain_nodes.size());
  std::vector<std::int32_t> domain_region(static_cast<std::size_t>(num_domains));
  std::vector<double> domain_weight(static_cast<std::size_t>(num_domains) * ud, 0.0);
  for (std::int32_t i = 0; i < num_domains; ++i) {
    domain_region[i] = region_of(domain_nodes[i][0]);
    for (node_id v : domain_nodes[i])
      for (std::size_t c = 0; c < ud; ++c) domain_weight[i * ud + c] += weights[v * ud + c];
  }

  PartitionResult result;
  auto& report = result.report;
  std::vector<std::string> infeasible;  // reasons found before solving

  std::vector<std::int32_t> region_k(static_cast<std::size_t>(num_regions));
  std::vector<std::int32_t> domain_k(static_cast<std::size_t>(num_domains), 0);
  std::int32_t k_total = 0;
  if (!opt.initial.empty()) {
    // The current plan fixes how many parts each domain holds.
    k_total = ks.size() == 1 ? ks[0] : std::accumulate(ks.begin(), ks.end(), 0);
    for (node_id v = 0; v < n; ++v)
      if (opt.initial[v] >= k_total)
        throw InputError(messages::format("partition.initial_part_range",
                                          {{"v", std::to_string(v)},
                                           {"initial", std::to_string(opt.initial[v])},
                                           {"k_total", std::to_string(k_total)}}));
    std::vector<std::int32_t> part_domain(static_cast<std::size_t>(k_total), -1);
    for (node_id v = 0; v < n; ++v) {
      const std::int32_t p = opt.initial[v];
      if (part_domain[p] < 0) part_domain[p] = domain[v];
      else if (part_domain[p] != domain[v])
        throw InputError(messages::format("partition.initial_spans",
                                          {{"p", std::to_string(p)},
                                           {"node", std::to_string(domain_nodes[part_domain[p]][0])},
                                           {"v", std::to_string(v)}}));
    }
    for (std::int32_t p = 0; p < k_total; ++p) {
      if (part_domain[p] < 0) throw InputError(messages::format("partition.initial_empty_part",
                                                                {{"p", std::to_string(p)}}));
      ++domain_k[part_domain[p]];
    }
    // An initial part that is not connected is bad input, not something to repair silently.
    PartitionQuality q0 = partition_quality(gv, weights, d, opt.initial, k_total);
    if (q0.disconnected_parts > 0) {
      std::int32_t p = 0;
      while (q0.pieces[p] <= 1) ++p;
      throw InputError(messages::format("partition.initial_disconnected",
                                        {{"p", std::to_string(p)}, {"pieces", std::to_string(q0.pieces[p])}}));
    }
    std::fill(region_k.begin(), region_k.end(), 0);
    for (std::int32_t i = 0; i < num_domains; ++i) region_k[domain_region[i]] += domain_k[i];
  } else if (ks.size() > 1 || num_regions == 1) {
    for (std::int32_t r = 0; r < num_regions; ++r) region_k[r] = ks.size() > 1 ? ks[r] : ks[0];
  } else {
    // Spread k over regions by largest remainder on column 0 (node counts if it is all zero).
    const std::int32_t k = ks[0];
    if (k < num_regions)
      throw InfeasibleError(messages::format("partition.k_below_regions",
                                             {{"k", std::to_string(k)},
                                              {"num_regions", std::to_string(num_regions)}}), /*proven=*/true);
    double total = 0;
    for (std::int32_t r = 0; r < num_regions; ++r) total += region_weight[r * ud];
    std::vector<double> quota(static_cast<std::size_t>(num_regions));
    std::int32_t given = 0;
    for (std::int32_t r = 0; r < num_regions; ++r) {
      quota[r] = total > 0 ? k * region_weight[r * ud] / total : static_cast<double>(k) * region_nodes[r] / n;
      region_k[r] = std::max<std::int32_t>(1, static_cast<std::int32_t>(std::floor(quota[r])));
      given += region_k[r];
    }
    while (given > k) {  // the minimum of one part per region pushed us over: take from the largest
      std::int32_t r = static_cast<std::int32_t>(std::max_element(region_k.begin(), region_k.end()) - region_k.begin());
      --region_k[r];
      --given;
    }
    std::vector<std::int32_t> order(static_cast<std::size_t>(num_regions));
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
      return quota[a] - region_k[a] > quota[b] - region_k[b];
    });
    for (std::size_t i = 0; given < k; i = (i + 1) % order.size()) {
      ++region_k[order[i]];
      ++given;
    }
  }
  if (k_total == 0) k_total = std::accumulate(region_k.begin(), region_k.end(), 0);

  // Bounds per region.
  std::vector<PartBounds> region_bounds(static_cast<std::size_t>(num_regions));
  for (std::int32_t r = 0; r < num_regions; ++r) {
    if (region_k[r] > region_nodes[r])
      throw InfeasibleError(messages::format("partition.region_k_above_nodes",
                                             {{"r", std::to_string(r)},
                                              {"region_nodes", std::to_string(region_nodes[r])},
                                              {"region_k", std::to_string(region_k[r])}}), /*proven=*/true);
    auto& b = region_bounds[r];
    b.lo.resize(ud);
    b.hi.resize(ud);
    b.ideal.resize(ud);
    for (std::size_t c = 0; c < ud; ++c) {
      b.ideal[c] = region_weight[r * ud + c] / region_k[r];
      if (opt.lower.empty()) {
        b.lo[c] = (1 - opt.tol) * b.ideal[c];
        b.hi[c] = (1 + opt.tol) * b.ideal[c];
      } else {
        b.lo[c] = opt.lower[c];
        b.hi[c] = opt.upper[c];
      }
    }
  }
  // Regions whose bounds arithmetic shows cannot be met: no search is spent on them, and their
  // domains are solved against `solve_bounds` (the bounds widened as little as the arithmetic
  // needs, where it says how) while the report judges against the bounds asked for.
  std::vector<char> region_impossible(static_cast<std::size_t>(num_regions), 0);
  std::vector<PartBounds> solve_bounds = region_bounds;
  // Nodes heavier than a part may be.
  for (std::size_t c = 0; c < ud; ++c) {
    std::vector<node_id> heavy;
    double hi_seen = 0;
    for (node_id v = 0; v < n; ++v) {
      const auto& b = region_bounds[region_of(v)];
      if (weights[v * ud + c] > b.hi[c] * (1 + 1e-12)) {
        heavy.push_back(v);
        hi_seen = b.hi[c];
        region_impossible[region_of(v)] = 1;
      }
    }
    if (!heavy.empty())
      infeasible.push_back(messages::format(heavy.size() > 1 ? "partition.heavy_nodes" : "partition.heavy_node",
                                            {{"nodes", node_list(heavy)}, {"hi", fmt(hi_seen)}, {"c", std::to_string(c)}}));
  }

  // Whole-number weights: a part's weight is a multiple of the columns' common unit (1 for
  // household counts), so a window holding no such multiple is empty whatever the graph.
  // Arithmetic proves it at once, where a search would take seconds to give up (a 1,600-node
  // grid with k = 37 and tol = 0.001: every part must weigh 43.2 .. 43.29 nodes).
  for (std::size_t c = 0; c < ud; ++c) {
    const std::int64_t unit = weight_unit(weights, n, d, c);
    if (unit == 0) continue;
    for (std::int32_t r = 0; r < num_regions; ++r) {
      auto& b = region_bounds[r];
      const double u = static_cast<double>(unit);
      const double lo = std::ceil(b.lo[c] / u - 1e-9) * u, hi = std::floor(b.hi[c] / u + 1e-9) * u;
      if (lo <= hi) continue;
      region_impossible[r] = 1;
      // The nearest window that holds whole multiples: the multiples on either side.
      solve_bounds[r].lo[c] = hi;
      solve_bounds[r].hi[c] = lo;
      infeasible.push_back(messages::format(num_regions > 1 ? "partition.whole_multiple_region" : "partition.whole_multiple",
                                            {{"r", std::to_string(r)},
                                             {"lo", fmt(b.lo[c])},
                                             {"hi", fmt(b.hi[c])},
                                             {"c", std::to_string(c)},
                                             {"unit", fmt(u)}}));
    }
  }

  // Parts per domain (unless the initial plan fixed them).
  if (opt.initial.empty()) {
    for (std::int32_t r = 0; r < num_regions; ++r) {
      std::vector<std::int32_t> doms;
      for (std::int32_t i = 0; i < num_domains; ++i)
        if (domain_region[i] == r) doms.push_back(i);
      const auto& b = region_bounds[r];
      if (static_cast<std::int32_t>(doms.size()) > region_k[r])
        throw InfeasibleError(messages::format(num_regions > 1 ? "partition.pieces_above_k_region" : "partition.pieces_above_k",
                                               {{"r", std::to_string(r)},
                                                {"pieces", std::to_string(doms.size())},
                                                {"node", std::to_string(domain_nodes[doms.back()][0])},
                                                {"k", std::to_string(region_k[r])}}),
                              /*proven=*/true);
      std::vector<std::int32_t> lo_k(doms.size()), hi_k(doms.size());
      std::int32_t sum_lo = 0;
      for (std::size_t j = 0; j < doms.size(); ++j) {
        const std::int32_t i = doms[j];
        const auto nodes_i = static_cast<std::int32_t>(domain_nodes[i].size());
        std::int32_t need = 1, room = nodes_i;
        for (std::size_t c = 0; c < ud; ++c) {
          const double w = domain_weight[i * ud + c];
          if (b.hi[c] > 0) need = std::max(need, static_cast<std::int32_t>(std::ceil(w / b.hi[c] - 1e-9)));
          if (b.lo[c] > 0) room = std::min(room, static_cast<std::int32_t>(std::floor(w / b.lo[c] + 1e-9)));
        }
        need = std::min(need, nodes_i);
        if (room < need) {
          region_impossible[r] = 1;
          infeasible.push_back(messages::format(num_regions > 1 ? "partition.piece_bounds_region" : "partition.piece_bounds",
                                                {{"nodes", std::to_string(nodes_i)},
                                                 {"node", std::to_string(domain_nodes[i][0])},
                                                 {"r", std::to_string(r)},
                                                 {"weight", fmt(domain_weight[i * ud])},
                                                 {"need", std::to_string(need)}}));
          room = need;
        }
        lo_k[j] = need;
        hi_k[j] = room;
        domain_k[i] = need;
        sum_lo += need;
      }
      std::int32_t left = region_k[r] - sum_lo;
      if (left < 0) {
        region_impossible[r] = 1;
        infeasible.push_back((num_regions > 1 ? messages::format("partition.region_prefix", {{"r", std::to_string(r)}}) : "") +
                             messages::format("partition.pieces_need",
                                              {{"need", std::to_string(sum_lo)}, {"k", std::to_string(region_k[r])}}));
        // Best effort: one part each, the rest by weight.
        for (std::size_t j = 0; j < doms.size(); ++j) domain_k[doms[j]] = 1;
        left = region_k[r] - static_cast<std::int32_t>(doms.size());
        for (auto& x : hi_k) x = std::numeric_limits<std::int32_t>::max();
      }
      bool overflow = false;
      while (left > 0) {
        // Next part to the piece with the most weight per part that may still take one.
        std::int32_t best = -1;
        double best_load = -1;
        for (std::size_t j = 0; j < doms.size(); ++j) {
          const std::int32_t i = doms[j];
          const bool may = overflow ? domain_k[i] < static_cast<std::int32_t>(domain_nodes[i].size()) : domain_k[i] < hi_k[j];
          if (!may) continue;
          double load = 0;
          for (std::size_t c = 0; c < ud; ++c) load += b.ideal[c] > 0 ? domain_weight[i * ud + c] / b.ideal[c] : 0;
          load = load / domain_k[i] + 1e-12 * static_cast<double>(domain_nodes[i].size());
          if (load > best_load) {
            best_load = load;
            best = static_cast<std::int32_t>(j);
          }
        }
        if (best < 0) {
          if (overflow) break;
          region_impossible[r] = 1;
          infeasible.push_back(
              (num_regions > 1 ? messages::format("partition.region_prefix", {{"r", std::to_string(r)}}) : "") +
              messages::format("partition.pieces_too_light", {{"k", std::to_string(region_k[r])}}));
          overflow = true;
          continue;
        }
        ++domain_k[doms[best]];
        --left;
      }
    }
  }

  // Global part ids: each region owns a block; a domain takes the ids its pinned nodes name
  // (or its initial plan's), then the lowest free ids of its region.
  std::vector<std::int32_t> region_first(static_cast<std::size_t>(num_regions) + 1, 0);
  for (std::int32_t r = 0; r < num_regions; ++r) region_first[r + 1] = region_first[r] + region_k[r];
  std::vector<std::vector<std::int32_t>> domain_parts(static_cast<std::size_t>(num_domains));
  std::vector<std::int32_t> part_owner(static_cast<std::size_t>(k_total), -1);
  if (!opt.initial.empty()) {
    for (node_id v = 0; v < n; ++v) part_owner[opt.initial[v]] = domain[v];
    for (std::int32_t p = 0; p < k_total; ++p) domain_parts[part_owner[p]].push_back(p);
  } else {
    if (!opt.fixed.empty()) {
      for (node_id v = 0; v < n; ++v) {
        const std::int32_t p = opt.fixed[v];
        if (p < 0) continue;
        if (p >= k_total)
          throw InputError(messages::format("partition.fixed_range",
                                            {{"v", std::to_string(v)},
                                             {"p", std::to_string(p)},
                                             {"last", std::to_string(k_total - 1)}}));
        const std::int32_t r = region_of(v);
        if (p < region_first[r] || p >= region_first[r + 1])
          throw InfeasibleError(messages::format("partition.fixed_region",
                                                 {{"v", std::to_string(v)},
                                                  {"r", std::to_string(r)},
                                                  {"p", std::to_string(p)},
                                                  {"other", std::to_string(std::upper_bound(region_first.begin(), region_first.end(), p) - region_first.begin() - 1)},
                                                  {"first", std::to_string(region_first[r])},
                                                  {"last", std::to_string(region_first[r + 1] - 1)}}), /*proven=*/true);
        if (part_owner[p] < 0) {
          part_owner[p] = domain[v];
          domain_parts[domain[v]].push_back(p);
        } else if (part_owner[p] != domain[v]) {
          throw InfeasibleError(messages::format("partition.fixed_apart",
                                                 {{"node", std::to_string(domain_nodes[part_owner[p]][0])},
                                                  {"v", std::to_string(v)},
                                                  {"p", std::to_string(p)}}), /*proven=*/true);
        }
      }
      for (std::int32_t i = 0; i < num_domains; ++i)
        if (static_cast<std::int32_t>(domain_parts[i].size()) > domain_k[i]) {
          throw InfeasibleError(messages::format("partition.fixed_too_many_parts",
                                                 {{"node", std::to_string(domain_nodes[i][0])},
                                                  {"parts", std::to_string(domain_parts[i].size())},
                                                  {"room", std::to_string(domain_k[i])}}));
        }
    }
    for (std::int32_t i = 0; i < num_domains; ++i) {
      const std::int32_t r = domain_region[i];
      for (std::int32_t p = region_first[r]; p < region_first[r + 1] && static_cast<std::int32_t>(domain_parts[i].size()) < domain_k[i]; ++p)
        if (part_owner[p] < 0) {
          part_owner[p] = i;
          domain_parts[i].push_back(p);
        }
    }
  }

  report.part_region.assign(static_cast<std::size_t>(k_total), 0);
  report.part_lower.assign(static_cast<std::size_t>(k_total) * ud, 0.0);
  report.part_upper.assign(static_cast<std::size_t>(k_total) * ud, 0.0);
  for (std::int32_t r = 0; r < num_regions; ++r)
    for (std::int32_t p = region_first[r]; p < region_first[r + 1]; ++p) {
      report.part_region[p] = r;
      for (std::size_t c = 0; c < ud; ++c) {
        report.part_lower[p * ud + c] = region_bounds[r].lo[c];
        report.part_upper[p * ud + c] = region_bounds[r].hi[c];
      }
    }

  if (opt.strict && !infeasible.empty()) {
    const std::string separator = messages::format("list.separator");
    std::string reasons;
    for (std::size_t i = 0; i < infeasible.size(); ++i) reasons += (i ? separator : "") + infeasible[i];
    throw InfeasibleError(messages::format("partition.no_plan_constraints", {{"reasons", reasons}}), /*proven=*/true);
  }
  report.violations = infeasible;

  // Solve every domain.
  std::vector<std::string> proofs;  // domains shown infeasible by exhaustive search
  result.labels.assign(static_cast<std::size_t>(n), -1);
  std::vector<node_id> local(static_cast<std::size_t>(n), 0);
  std::vector<std::int32_t> part_local(static_cast<std::size_t>(k_total), -1);
  for (std::int32_t i = 0; i < num_domains; ++i) {
    const auto& nodes = domain_nodes[i];
    for (std::size_t j = 0; j < nodes.size(); ++j) local[nodes[j]] = static_cast<node_id>(j);
    WeightedGraph sub = induced_subgraph(gv, weights, d, nodes, local, domain, i, [](node_id, node_id) { return true; });
    const auto& parts = domain_parts[i];
    for (std::size_t j = 0; j < parts.size(); ++j) part_local[parts[j]] = static_cast<std::int32_t>(j);
    auto local_part = [&](std::int32_t p) { return part_local[p]; };
    if (!opt.fixed.empty()) {
      sub.fixed.assign(nodes.size(), -1);
      for (std::size_t j = 0; j < nodes.size(); ++j)
        if (opt.fixed[nodes[j]] >= 0) sub.fixed[j] = local_part(opt.fixed[nodes[j]]);
    }
    std::vector<std::int32_t> init;
    if (!opt.initial.empty()) {
      init.resize(nodes.size());
      for (std::size_t j = 0; j < nodes.size(); ++j) init[j] = local_part(opt.initial[nodes[j]]);
      if (!sub.fixed.empty())
        for (std::size_t j = 0; j < nodes.size(); ++j)
          if (sub.fixed[j] >= 0 && sub.fixed[j] != init[j])
            throw InputError(messages::format("partition.fixed_vs_initial",
                                              {{"node", std::to_string(nodes[j])},
                                               {"fixed", std::to_string(opt.fixed[nodes[j]])},
                                               {"initial", std::to_string(opt.initial[nodes[j]])}}));
    }
    const double tol_rel = opt.lower.empty() ? std::max(opt.tol, 1e-3) : 0.05;
    const auto kd = static_cast<std::int32_t>(parts.size());
    const PartBounds& bounds = solve_bounds[domain_region[i]];
    // One try. (Three independent tries on domains up to 20,000 nodes, keeping the best, cost
    // three times the time for 1-3 % of cut; the refined bisection and the flows buy more for
    // less.) Fine-grained domains get up to two more (fresh random streams) only while the
    // bounds are still violated: a stuck repair is cheaper to restart than to push on. The
    // retries leave out the whole-domain search: its restarts already spent the effort budget
    // once, and spending it three times made a failed try (the costly part of a city's draw,
    // where many communities cannot meet the requested tolerance) three times as slow. With an
    // initial plan one try: the repair is deterministic given the plan and already moves as
    // little as it can.
    const bool coarse_grained = nodes.size() >= kCoarseGrainedNodesPerPart * static_cast<std::size_t>(kd);
    const int tries = 1;
    // Where arithmetic already proved the bounds impossible (strict = false asks for the best
    // plan anyway), no exact search and no retry: none of them could meet the bounds.
    const bool hopeless = region_impossible[domain_region[i]] != 0;
    const int retries = init.empty() && kd > 1 && !coarse_grained && !hopeless ? 2 : 0;
    std::vector<std::int32_t> lab;
    double best_violation = 0;
    std::int64_t best_cut = 0;
    bool proven = false;
    for (int t = 0; t < tries + retries && !proven; ++t) {
      if (t >= tries && best_violation <= kEps) break;
      Rng rng = Rng::stream(opt.seed, static_cast<std::uint64_t>(i) * 16 + static_cast<std::uint64_t>(t));
      std::vector<std::int32_t> cand =
          solve_domain(sub, kd, bounds, tol_rel, init, opt.effort, opt.vcycles, rng, &proven, !hopeless, t == 0);
      if (tries + retries == 1) {  // a single try: nothing to weigh it against
        lab = std::move(cand);
        break;
      }
      auto [violation, cut] = plan_score(sub, kd, bounds, cand);
      if (t == 0 || violation < best_violation - kEps || (violation <= best_violation + kEps && cut < best_cut)) {
        lab = std::move(cand);
        best_violation = violation;
        best_cut = cut;
      }
    }
    for (std::size_t j = 0; j < nodes.size(); ++j) result.labels[nodes[j]] = parts[lab[j]];
    if (proven)
      proofs.push_back(messages::format(num_regions > 1 ? "partition.proof_region" : "partition.proof",
                                        {{"nodes", std::to_string(nodes.size())},
                                         {"node", std::to_string(nodes[0])},
                                         {"r", std::to_string(domain_region[i])},
                                         {"k", std::to_string(kd)},
                                         {"lo", fmt(region_bounds[domain_region[i]].lo[0])},
                                         {"hi", fmt(region_bounds[domain_region[i]].hi[0])}}) +
                       (ud > 1 ? messages::format("partition.proof_columns") : ""));
  }

  // Judge the plan with an independent measure.
  if (!opt.initial.empty()) {
    report.moved_weight.assign(ud, 0.0);
    for (node_id v = 0; v < n; ++v)
      if (result.labels[v] != opt.initial[v]) {
        ++report.moved_nodes;
        for (std::size_t c = 0; c < ud; ++c) report.moved_weight[c] += weights[v * ud + c];
      }
  }
  PartitionQuality q = partition_quality(gv, weights, d, result.labels, k_total);
  std::vector<std::string> found;
  for (std::int32_t p = 0; p < k_total; ++p) {
    if (q.pieces[p] == 0) found.push_back(messages::format("partition.part_empty", {{"p", std::to_string(p)}}));
    if (q.pieces[p] > 1)
      found.push_back(messages::format("partition.part_pieces", {{"p", std::to_string(p)}, {"pieces", std::to_string(q.pieces[p])}}));
    for (std::size_t c = 0; c < ud; ++c) {
      const double w = q.part_weight[p * ud + c];
      const double lo = report.part_lower[p * ud + c], hi = report.part_upper[p * ud + c];
      const double slack = 1e-9 * std::max(1.0, hi);
      if (w > hi + slack)
        found.push_back(messages::format("partition.part_above",
                                         {{"p", std::to_string(p)}, {"w", fmt(w)}, {"c", std::to_string(c)}, {"bound", fmt(hi)}}));
      else if (w < lo - slack)
        found.push_back(messages::format("partition.part_below",
                                         {{"p", std::to_string(p)}, {"w", fmt(w)}, {"c", std::to_string(c)}, {"bound", fmt(lo)}}));
    }
  }
  if (!found.empty() && opt.strict) {
    const std::string separator = messages::format("list.separator");
    if (!proofs.empty()) {
      std::string listed;
      for (std::size_t i = 0; i < proofs.size() && i < 4; ++i) listed += (i ? separator : "") + proofs[i];
      throw InfeasibleError(messages::format("partition.no_plan_bounds",
                                             {{"proofs", listed}, {"found", found[0]}, {"more", found.size() > 1 ? ", ..." : ""}}),
                            /*proven=*/true);
    }
    std::string listed;
    for (std::size_t i = 0; i < found.size() && i < 8; ++i) listed += (i ? separator : "") + found[i];
    if (found.size() > 8) listed += separator + "...";
    throw InfeasibleError(
        messages::format("partition.no_plan_found", {{"count", std::to_string(found.size())}, {"found", listed}}));
  }
  if (!found.empty()) report.violations.insert(report.violations.end(), proofs.begin(), proofs.end());
  report.violations.insert(report.violations.end(), found.begin(), found.end());
  return result;
}

}  // namespace gridgov::balance
