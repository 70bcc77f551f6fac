// Flow-based refinement of pairs of neighbouring parts (KaHIP's idea, written for connected
// parts and two-sided bounds). Private to the balance area (not installed).
#pragma once

#include <cstdint>

#include "part_state.hpp"
#include "gridgov/core/random.hpp"

namespace gridgov::balance::detail {

/// For every pair of neighbouring parts (A, B), a corridor on both sides of their border is cut
/// anew by a minimum cut between the rest of A and the rest of B (max flow). The new border is
/// kept when it cuts fewer edges, leaves both parts inside the bounds (or no further outside
/// than before) and both parts connected; a corridor whose cut is unbalanced is halved and
/// tried again. Pinned nodes never move. `rounds` sweeps over all pairs, stopping early when a
/// sweep saves nothing. Returns the cut edges saved.
std::int64_t flow_refine(PartState& st, int rounds, Rng& rng);

}  // namespace gridgov::balance::detail
