// Moves that improve a connected partition without ever disconnecting a part: cut refinement,
// connectivity repair and empty-part filling. Every move takes a node whose part stays connected
// without it (PartState::removable) into a part it touches, so connected parts stay connected.
// Private to the balance area (not installed).
#pragma once

#include <cstdint>

#include "part_state.hpp"
#include "tree_split.hpp"
#include "gridgov/core/random.hpp"

namespace gridgov::balance::detail {

/// Greedy k-way boundary refinement (METIS's greedy refinement in spirit): moves a boundary
/// node to the neighbouring part it shares most edges with when that cuts fewer edges, does not
/// increase the total bound violation and keeps its part connected. Returns the moves made.
std::int64_t refine_cut(PartState& st, int max_passes, Rng& rng);

/// k-way Fiduccia-Mattheyses refinement with rollback: boundary nodes move best gain first,
/// negative gains included, each node at most once a pass; the pass then rolls back to the best
/// prefix of its moves. A move must not raise the total bound violation and must keep its part
/// connected, so every state on the way (and the one kept) is connected and no less balanced.
/// A pass stops after `patience` moves without a new best. Returns the cut edges saved.
std::int64_t fm_refine(PartState& st, int max_passes, std::int64_t patience, Rng& rng, bool keep_connected = true);

/// Gives every stray piece of a part to the neighbouring part it shares most edges with; the
/// piece holding the part's pinned nodes, or else its heaviest piece, stays. Returns false when
/// a part keeps two pieces that both hold pinned nodes.
bool repair_connectivity(PartState& st);

/// Splits a part to fill every empty part (possible after connectivity repair on tiny inputs).
void fill_empty_parts(PartState& st, TreeSplitter& splitter, Rng& rng);

}  // namespace gridgov::balance::detail
