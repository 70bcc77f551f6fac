// Dense integer ids. Every node, part or site is an index into flat arrays.
#pragma once

#include <cstdint>

namespace gridgov {

using node_id = std::int32_t;  ///< dense node index, -1 = none
using edge_id = std::int64_t;  ///< offset into CSR target arrays

inline constexpr node_id no_node = -1;

}  // namespace gridgov
