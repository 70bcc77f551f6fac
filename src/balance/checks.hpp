// Input checks shared by the balance area's entry points. Private (not installed).
#pragma once

#include <span>

#include "gridgov/core/ids.hpp"

namespace gridgov::balance::detail {

/// Checks that `weights` holds n x d finite, non-negative numbers. Throws InputError naming the
/// first bad node and column.
void check_weights(std::span<const double> weights, node_id n, int d);

}  // namespace gridgov::balance::detail
