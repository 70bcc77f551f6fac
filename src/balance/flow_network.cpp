// The flow network's layout, maximum flow (ISAP) and residual searches.
#include "flow_network.hpp"

#include <algorithm>

namespace gridgov::balance::detail {

void FlowNetwork::build() {
  const auto n = static_cast<std::size_t>(nodes_);
  const std::size_t m = tail_.size();
  first_.assign(n + 1, 0);
  for (std::int32_t u : tail_) ++first_[static_cast<std::size_t>(u) + 1];
  for (std::size_t v = 0; v < n; ++v) first_[v + 1] += first_[v];
  fill_.assign(first_.begin(), first_.end() - 1);
  slot_.resize(m);
  for (std::size_t i = m; i-- > 0;) slot_[i] = fill_[tail_[i]]++;  // latest first in each row
  to_.resize(m);
  cap_.resize(m);
  rev_.resize(m);
  for (std::size_t i = 0; i < m; ++i) {
    const std::int32_t a = slot_[i];
    to_[a] = head_[i];
    cap_[a] = pair_cap_[i];
    rev_[a] = slot_[i ^ 1];
  }
}

std::int64_t FlowNetwork::max_flow(std::int32_t s, std::int32_t t, std::int64_t enough) {
  const std::int32_t n = nodes_;
  const auto un = static_cast<std::size_t>(n);
  const std::int32_t* first = first_.data();
  const std::int32_t* to = to_.data();
  const std::int32_t* rev = rev_.data();
  std::int64_t* cap = cap_.data();
  dist_.assign(un, n);
  count_.assign(un + 1, 0);
  queue_.assign(un, 0);
  it_.resize(un);
  std::int32_t* dist = dist_.data();
  std::int32_t* it = it_.data();
  std::int32_t* queue = queue_.data();
  std::size_t tail = 0;
  queue[tail++] = t;
  dist[t] = 0;
  for (std::size_t h = 0; h < tail; ++h) {
    const std::int32_t y = queue[h];
    for (std::int32_t a = first[y], e = first[y + 1]; a < e; ++a) {
      const std::int32_t x = to[a];  // arc rev[a] runs x -> y
      if (dist[x] == n && cap[rev[a]] > 0) {
        dist[x] = dist[y] + 1;
        queue[tail++] = x;
      }
    }
  }
  for (std::int32_t v = 0; v < n; ++v) {
    ++count_[dist[v]];
    it[v] = first[v];
  }
  std::int64_t flow = 0;
  path_.clear();
  std::int32_t v = s;
  while (dist[s] < n && flow < enough) {
    if (v == t) {
      std::int64_t f = enough - flow;
      for (std::int32_t a : path_) f = std::min(f, cap[a]);
      std::size_t cut_at = path_.size();
      for (std::size_t i = 0; i < path_.size(); ++i) {
        const std::int32_t a = path_[i];
        cap[a] -= f;
        cap[rev[a]] += f;
        if (cap[a] == 0 && cut_at == path_.size()) cut_at = i;
      }
      flow += f;
      if (cut_at == path_.size()) break;  // capped by `enough`: done
      // Go on from the tail of the first arc the path saturated.
      v = to[rev[path_[cut_at]]];
      path_.resize(cut_at);
      continue;
    }
    std::int32_t a = it[v];
    const std::int32_t e = first[v + 1], want = dist[v] - 1;
    while (a < e && !(cap[a] > 0 && dist[to[a]] == want)) ++a;
    it[v] = a;
    if (a < e) {
      path_.push_back(a);
      v = to[a];
      continue;
    }
    // Dead end: relabel v one above its lowest residual neighbour, or out of reach.
    std::int32_t low = n - 1;
    for (std::int32_t b = first[v]; b < e; ++b)
      if (cap[b] > 0) low = std::min(low, dist[to[b]]);
    if (--count_[dist[v]] == 0) break;  // the gap
    dist[v] = low + 1;
    ++count_[dist[v]];
    it[v] = first[v];
    if (v != s) {
      v = to[rev[path_.back()]];
      path_.pop_back();
    }
  }
  return flow;
}

void FlowNetwork::source_side(std::int32_t s, std::vector<char>& side) const {
  side.assign(static_cast<std::size_t>(nodes_), 0);
  std::vector<std::int32_t> queue{s};
  side[s] = 1;
  for (std::size_t h = 0; h < queue.size(); ++h)
    for (std::int32_t a = first_[queue[h]]; a < first_[queue[h] + 1]; ++a)
      if (cap_[a] > 0 && !side[to_[a]]) {
        side[to_[a]] = 1;
        queue.push_back(to_[a]);
      }
}

void FlowNetwork::sink_side(std::int32_t t, std::vector<char>& side) const {
  side.assign(static_cast<std::size_t>(nodes_), 0);
  std::vector<std::int32_t> queue{t};
  side[t] = 1;
  for (std::size_t h = 0; h < queue.size(); ++h)
    for (std::int32_t a = first_[queue[h]]; a < first_[queue[h] + 1]; ++a) {
      const std::int32_t x = to_[a];  // arc rev_[a] runs x -> queue[h]
      if (cap_[rev_[a]] > 0 && !side[x]) {
        side[x] = 1;
        queue.push_back(x);
      }
    }
}

}  // namespace gridgov::balance::detail
