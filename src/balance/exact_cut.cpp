// ExactCut: backtracking over connected pieces (ESU enumeration) with a memo of failed leftovers.
#include "exact_cut.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace gridgov::balance::detail {

ExactCut::ExactCut(const WeightedGraph& g, const std::vector<node_id>& nodes, std::int32_t m, const PartBounds& b,
                   std::int64_t budget)
    : m_(m), d_(b.ideal.size()), b_(b), budget_(budget) {
  const auto size = nodes.size();
  std::vector<std::int32_t> local(static_cast<std::size_t>(g.n()), -1);
  for (std::size_t i = 0; i < size; ++i) local[nodes[i]] = static_cast<std::int32_t>(i);
  adj_.resize(size);
  w_.resize(size * d_);
  for (std::size_t i = 0; i < size; ++i) {
    for (edge_id e = g.offsets[nodes[i]]; e < g.offsets[nodes[i] + 1]; ++e)
      if (local[g.targets[e]] >= 0) adj_[i].push_back(local[g.targets[e]]);
    for (std::size_t c = 0; c < d_; ++c) w_[i * d_ + c] = g.w(nodes[i])[c];
  }
  owner_.assign(size, -1);
  seen_.assign(size * static_cast<std::size_t>(m), 0);  // one mark row per piece being grown
  wsum_.assign(static_cast<std::size_t>(m) * d_, 0.0);
  total_.assign(d_, 0.0);
  for (std::size_t i = 0; i < size; ++i)
    for (std::size_t c = 0; c < d_; ++c) total_[c] += w_[i * d_ + c];
  done_.assign(size, 0);
  lw_.resize(d_);
}

std::vector<std::int32_t> ExactCut::solve() {
  if (attempt()) return owner_;
  return {};
}

std::vector<std::int32_t> ExactCut::solve_restarts(std::int64_t total_budget, Rng& rng) {
  rng_ = &rng;
  std::int64_t slice = 2000;
  while (total_budget > 0 && !proven_impossible_) {
    budget_ = std::min(slice, total_budget);
    total_budget -= budget_;
    if (attempt()) return owner_;
    slice *= 2;
  }
  return {};
}

bool ExactCut::attempt() {
  const std::int64_t given = budget_;
  std::fill(owner_.begin(), owner_.end(), -1);
  std::fill(seen_.begin(), seen_.end(), 0);
  pool_.clear();
  marked_.clear();
  const bool found = place(0);
  used_ += given - std::max<std::int64_t>(budget_, 0);
  if (!found && budget_ >= 0) proven_impossible_ = true;
  return found;
}

bool ExactCut::fits(const double* w, std::int32_t parts) const {
  for (std::size_t c = 0; c < d_; ++c)
    if (w[c] > parts * b_.hi[c] * (1 + 1e-12) || w[c] < parts * b_.lo[c] * (1 - 1e-12)) return false;
  return true;
}

bool ExactCut::leftover_ok(std::int32_t parts) {
  // First the cheap test on the leftover's total weight (pieces 0 .. m - parts - 1 are placed).
  if (parts > 0) {
    std::vector<double>& left = lw_;
    left = total_;
    for (std::int32_t q = 0; q < m_ - parts; ++q)
      for (std::size_t c = 0; c < d_; ++c) left[c] -= wsum_[static_cast<std::size_t>(q) * d_ + c];
    if (!fits(left.data(), parts)) return false;
  }
  std::int64_t need = 0, room = 0;
  std::vector<std::uint32_t>& done = done_;
  std::vector<std::int32_t>& queue = queue_;
  std::vector<double>& w = lw_;
  if (++stamp_ == 0) {
    std::fill(done.begin(), done.end(), 0);
    stamp_ = 1;
  }
  const std::uint32_t stamp = stamp_;
  for (std::size_t s = 0; s < owner_.size(); ++s) {
    if (owner_[s] >= 0 || done[s] == stamp) continue;
    std::fill(w.begin(), w.end(), 0.0);
    queue.assign(1, static_cast<std::int32_t>(s));
    done[s] = stamp;
    for (std::size_t h = 0; h < queue.size(); ++h) {
      for (std::size_t c = 0; c < d_; ++c) w[c] += w_[queue[h] * d_ + c];
      for (std::int32_t u : adj_[queue[h]])
        if (owner_[u] < 0 && done[u] != stamp) {
          done[u] = stamp;
          queue.push_back(u);
        }
    }
    std::int64_t lo_j = 1, hi_j = static_cast<std::int64_t>(queue.size());
    for (std::size_t c = 0; c < d_; ++c) {
      if (b_.hi[c] > 0) lo_j = std::max<std::int64_t>(lo_j, static_cast<std::int64_t>(std::ceil(w[c] / b_.hi[c] - 1e-9)));
      if (b_.lo[c] > 0) hi_j = std::min<std::int64_t>(hi_j, static_cast<std::int64_t>(std::floor(w[c] / b_.lo[c] + 1e-9)));
    }
    need += lo_j;
    room += hi_j;
    if (lo_j > hi_j || need > parts) return false;
  }
  return need <= parts && parts <= room;
}

bool ExactCut::place(std::int32_t part) {
  // Root the next piece at the unassigned node with the fewest unassigned neighbours (the
  // periphery, so the leftover tends to stay in one piece), the heaviest among those: it has
  // the fewest ways to fit, so the search fails fast where it must (every piece holds some
  // node, so this is complete).
  std::int32_t root = -1;
  double root_w = -1;
  std::size_t root_deg = 0;
  for (std::size_t i = 0; i < owner_.size(); ++i)
    if (owner_[i] < 0) {
      std::size_t deg = 0;
      for (std::int32_t u : adj_[i]) deg += owner_[u] < 0;
      double x = 0;
      for (std::size_t c = 0; c < d_; ++c) x += b_.ideal[c] > 0 ? w_[i * d_ + c] / b_.ideal[c] : 0;
      if (root < 0 || deg < root_deg || (deg == root_deg && x > root_w)) {
        root_w = x;
        root_deg = deg;
        root = static_cast<std::int32_t>(i);
      }
    }
  if (root < 0) return part == m_;
  if (part == m_) return false;
  leftover_key(part);
  if (failed_.count(key_)) return false;
  double* w = &wsum_[static_cast<std::size_t>(part) * d_];
  for (std::size_t c = 0; c < d_; ++c) {
    w[c] = w_[root * d_ + c];
    if (w[c] > b_.hi[c] * (1 + 1e-12)) return false;
  }
  owner_[root] = part;
  char* seen = &seen_[static_cast<std::size_t>(part) * owner_.size()];
  const std::size_t begin = pool_.size();
  seen[root] = 1;
  for (std::int32_t u : adj_[root])
    if (owner_[u] < 0 && !seen[u]) {
      seen[u] = 1;
      pool_.push_back(u);
    }
  const std::size_t end = pool_.size();
  const bool found = extend(part, begin, end, w);
  seen[root] = 0;
  for (std::size_t i = begin; i < end; ++i) seen[pool_[i]] = 0;
  pool_.resize(begin);
  if (!found) {
    owner_[root] = -1;
    if (budget_ >= 0) {  // searched to the end: this leftover cannot be cut
      leftover_key(part);
      failed_.insert(key_);
    }
  }
  return found;
}

void ExactCut::leftover_key(std::int32_t part) {
  key_.assign((owner_.size() + 63) / 64 + 1, 0);
  for (std::size_t i = 0; i < owner_.size(); ++i)
    if (owner_[i] < 0) key_[i / 64] |= std::uint64_t{1} << (i % 64);
  key_.back() = static_cast<std::uint64_t>(part);
}

bool ExactCut::extend(std::int32_t part, std::size_t begin, std::size_t end, double* w) {
  if (--budget_ < 0) return false;
  if (fits(w, 1) && leftover_ok(m_ - part - 1) && place(part + 1)) return true;
  if (budget_ < 0) return false;
  char* seen = &seen_[static_cast<std::size_t>(part) * owner_.size()];
  while (end > begin) {
    if (rng_ && end - begin > 1) std::swap(pool_[end - 1], pool_[begin + rng_->below(end - begin)]);
    const std::int32_t v = pool_[--end];
    bool light = true;
    for (std::size_t c = 0; c < d_ && light; ++c) light = w[c] + w_[v * d_ + c] <= b_.hi[c] * (1 + 1e-12);
    if (!light) continue;  // too heavy now, so for every larger set too
    const std::size_t next_begin = pool_.size();
    for (std::size_t i = begin; i < end; ++i) {
      const std::int32_t x = pool_[i];
      pool_.push_back(x);
    }
    // The deeper levels shuffle the pool, so the newly marked nodes are kept apart.
    const std::size_t fresh = marked_.size();
    for (std::int32_t u : adj_[v])
      if (owner_[u] < 0 && !seen[u]) {
        seen[u] = 1;
        pool_.push_back(u);
        marked_.push_back(u);
      }
    const std::size_t next_end = pool_.size();
    owner_[v] = part;
    for (std::size_t c = 0; c < d_; ++c) w[c] += w_[v * d_ + c];
    const bool found = extend(part, next_begin, next_end, w);
    for (std::size_t i = fresh; i < marked_.size(); ++i) seen[marked_[i]] = 0;
    marked_.resize(fresh);
    pool_.resize(next_begin);
    if (found) return true;
    for (std::size_t c = 0; c < d_; ++c) w[c] -= w_[v * d_ + c];
    owner_[v] = -1;
    if (budget_ < 0) return false;
  }
  return false;
}

}  // namespace gridgov::balance::detail
