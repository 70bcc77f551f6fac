// Drawing residential grids: each community's buildings cut into contiguous grids of balanced
// workload with households inside a planning band, and the plan applied to the model.
//
// One implementation serves the Python face (gg.draw_grids), the command line and the built-in
// county: the household band and the tolerance ladder (cut_community), grid numbering in
// reading order (reading_order), and the plan with its apply (draw_grids, GridPlan).
#pragma once

#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "gridgov/core/csr.hpp"
#include "gridgov/model/model.hpp"
#include "gridgov/model/workload.hpp"

namespace gridgov::planning {

// ---- one community's cut ----------------------------------------------------------------------

/// A planning band of households per grid [low, high].
struct HouseholdBand {
  double low = 300;
  double high = 500;
};

/// Workload tolerances tried after the requested one fails, tightest first ("as balanced as the
/// buildings allow": a community of a few large buildings may not fit +-5 %).
inline constexpr double wider_tolerances[] = {0.08, 0.12, 0.16, 0.22, 0.30, 0.45, 0.6};

struct CutOptions {
  double tol = 0.05;                      ///< every grid's workload within (1 +- tol) x the average
  std::optional<HouseholdBand> band;      ///< every grid's households inside it (when it can be held)
  std::uint64_t seed = 0;
  std::span<const std::int32_t> fixed;    ///< part per node or -1, or empty
  std::span<const std::int32_t> initial;  ///< today's parts (incremental), or empty
  bool strict = false;                    ///< throw rather than widen
  double effort = 1000;                   ///< balance::PartitionOptions::effort
};

/// How one community's cut came out.
struct CommunityCut {
  std::vector<std::int32_t> parts;  ///< 0..k-1 per node
  double tol = 0;                   ///< the workload tolerance met (tol, or a wider one)
  bool tol_proven_impossible = false;  ///< the requested tol was proven impossible (not just not found)
  bool band_held = true;               ///< every grid inside the band (true without a band)
  bool balanced = true;                ///< the workload tolerance reached was met at all
  std::string finding;                 ///< why the plan is outside tol or the band ("" when inside)
};

/// Cuts a connected community (`graph` over its buildings) into `k` contiguous grids: workload
/// (`weights`, n x d row-major) within +-tol of the average and households inside the band,
/// else the tightest of `wider_tolerances` the partitioner meets with the band held, else (not
/// strict) the band is let go and, last, the best plan the partitioner finds. The tightest of
/// the ladder is found by trying the requested tolerance, then the widest, then bisection between
/// them (a failed try runs its search to the end of its budget; walking the ladder cost up to
/// eight of them, bisection two to four). `households` is
/// one value per node. The finding says how far outside and why (a building larger than the
/// band, too few buildings, the average outside the band, or the shape of the adjacency).
/// With `strict`, InfeasibleError instead of any widening.
[[nodiscard]] CommunityCut cut_community(CsrView graph, std::span<const double> weights, int d,
                                         std::span<const double> households, std::int32_t k, const CutOptions& options);

/// Grid numbering order for local standards (DB6101: west to east, north to south): centroids
/// fall into rows `row_height` tall from the northernmost one, and run west to east inside a
/// row. Returns the parts in numbering order.
[[nodiscard]] std::vector<std::int32_t> reading_order(std::span<const double> cx, std::span<const double> cy,
                                                      double row_height);

/// The number of grids that puts a community's average grid inside the band with the tol
/// margin (so grids within +-tol of the average stay inside), else merely inside the band;
/// among those, the average nearest the band's middle. nullopt when no whole number does.
[[nodiscard]] std::optional<std::int32_t> band_grid_count(double households, HouseholdBand band, double tol,
                                                          std::int32_t buildings);

/// `total` seats over `weights` by largest remainder, each at least `minimum` (ties to the
/// lower index). InfeasibleError when total < minimum x n.
[[nodiscard]] std::vector<std::int64_t> largest_remainder(std::int64_t total, std::span<const double> weights,
                                                          std::int64_t minimum = 1);

// ---- the plan on a model ------------------------------------------------------------------------

struct DrawOptions {
  /// Community codes to redraw; empty: every community (or those `k_per_community` names).
  std::vector<std::string> communities;
  /// Residential grids in all, spread over the communities by workload (largest remainder, at
  /// least one each). Neither this nor k_per_community: per community the band decides.
  std::optional<std::int32_t> k;
  std::map<std::string, std::int32_t> k_per_community;
  /// The planning band (default 300-500 households, DOMAIN.md); nullopt with k given: no band.
  std::optional<HouseholdBand> households = HouseholdBand{};
  /// Workload columns to balance (each its own weights); empty: the default score with the
  /// attributes the model has (available_workload_weights).
  std::vector<WorkloadWeights> weights;
  double tol = 0.05;
  std::uint64_t seed = 0;
  /// Pin every redrawn building to its grid of today.
  bool fix_current = false;
  /// Pins: building code -> residential grid code of its community.
  std::map<std::string, std::string> fixed;
  bool strict = false;
  /// Rebalance today's grids (each community keeps its number of grids, few buildings move).
  bool incremental = false;
  /// Threads for independent communities (0 = the hardware's); the plan does not depend on it.
  unsigned threads = 0;
  /// Exact-search steps per building each try of a community may spend
  /// (balance::PartitionOptions::effort). 100, as the built-in county uses: on a city of 100
  /// communities (city_buildings(100)) 1,000 took 2.8 s of CPU against 1.0 s, for one community
  /// of the 100 held to +-12 % instead of +-16 %; the tries that fail (many communities cannot
  /// meet +-5 % with the band) spend the whole budget.
  double effort = 100;
};

/// One new grid of a plan.
struct PlannedGrid {
  std::string code, community, name;
  std::int32_t buildings = 0;
  std::int64_t households = 0;
  std::vector<double> workload;  ///< per workload column
  double x = std::numeric_limits<double>::quiet_NaN(), y = std::numeric_limits<double>::quiet_NaN();
  std::string kept_from;         ///< today's grid it continues ("" when new)
  std::string status;            ///< "kept", "new" or "renumbered"
  bool in_band = true;           ///< households inside the band (true without a band)
};

/// Quality of one community's grids (or of all: community == "overall").
struct PlanQuality {
  std::string community;
  std::int32_t grids = 0;
  std::vector<double> max_ratio, min_ratio;  ///< per workload column, heaviest/lightest over average
  std::int64_t cut_edges = 0;
  std::int32_t disconnected_grids = 0, empty_grids = 0;
  double households_min = 0, households_max = 0, households_mean = 0;
  double in_band = std::numeric_limits<double>::quiet_NaN();  ///< share of grids in the band (NaN: no band)
  double tol = 0;                ///< workload tolerance reached
  std::string graph_source;      ///< "adjacent links" or "Delaunay triangulation of the coordinates"
  std::string finding;           ///< why outside tol or the band ("" when inside)
};

/// What applying a plan does to the people and organisations (a leader decides on these).
struct StaffingChanges {
  std::vector<std::string> surplus_workers;   ///< full-time workers left without a grid (kept, unassigned)
  std::int32_t workers_needed = 0;            ///< new grids without a worker: "待配备网格员" placeholders
  std::vector<std::pair<std::string, std::string>> moved_party_groups;   ///< party group -> new grid it serves
  std::vector<std::pair<std::string, std::string>> merged_party_groups;  ///< party group -> grid it joins
  std::vector<std::string> decisions;         ///< one sentence each
};

class GridPlan {
 public:
  [[nodiscard]] const Model& model() const noexcept;
  /// New grid code of every building (building id order; buildings not redrawn keep today's
  /// grid, "" for none).
  [[nodiscard]] const std::vector<std::string>& labels() const noexcept;
  /// Today's grid code of every building (id order).
  [[nodiscard]] const std::vector<std::string>& current() const noexcept;
  /// Codes of the buildings whose grid changes.
  [[nodiscard]] std::vector<std::string> moved() const;
  [[nodiscard]] const std::vector<PlannedGrid>& grids() const noexcept;
  [[nodiscard]] std::int32_t grid_count() const noexcept { return static_cast<std::int32_t>(grids().size()); }
  /// Per redrawn community, then "overall".
  [[nodiscard]] const std::vector<PlanQuality>& quality() const noexcept;
  [[nodiscard]] const std::vector<std::string>& weight_names() const noexcept;
  [[nodiscard]] const std::optional<HouseholdBand>& band() const noexcept;
  /// One message per community whose grids are outside tol or the band (InfeasibleWarning).
  [[nodiscard]] const std::vector<std::string>& warnings() const noexcept;
  [[nodiscard]] const StaffingChanges& staffing_changes() const noexcept;

  /// The model with this plan's grids. Grids matched to today's keep their code, name, workers
  /// and party group; new grids get a party group and a full-time worker: a retired grid's of
  /// the same community (nearest first: worker homes, party groups by their old grid's centre),
  /// else a new party group and a "待配备网格员" placeholder worker. Nothing is deleted silently:
  /// full-time workers left over stay in the model without a grid, and a party group left over
  /// joins the grid continuing most of its old grid's households (staffing_changes() lists all). Buildings move to their new grid; a place in a redrawn grid
  /// moves to the grid of its nearest redrawn building. Frozen with full validation.
  [[nodiscard]] Model apply() const;

  struct Data;
  explicit GridPlan(std::shared_ptr<const Data> data) : data_(std::move(data)) {}

 private:
  std::shared_ptr<const Data> data_;
};

/// Redraws the residential grids of the chosen communities (special grids and their buildings
/// are never touched). Communities are independent and run in parallel. Throws UnknownCodeError
/// for an unknown community, InputError for bad options, and InfeasibleError for k larger than a
/// community's buildings or, with `strict`, a community that cannot meet tol and the band.
[[nodiscard]] GridPlan draw_grids(const Model& model, const DrawOptions& options = {});

}  // namespace gridgov::planning
