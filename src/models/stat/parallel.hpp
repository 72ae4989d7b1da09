#pragma once
// Internal: run f(0) .. f(count - 1) on up to `threads` threads (0 = one per hardware thread). f
// must not throw; each index runs exactly once.

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace stockcast::models::stat::detail {

/// Number of worker threads for a request of `threads` (0 = hardware concurrency, at least 1).
inline int resolve_threads(int threads) {
  if (threads > 0) return threads;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

template <typename F>
void parallel_for(std::size_t count, int threads, const F& f) {
  const std::size_t workers =
      std::min<std::size_t>(count, static_cast<std::size_t>(resolve_threads(threads)));
  if (workers <= 1) {
    for (std::size_t i = 0; i < count; ++i) f(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  const auto work = [&] {
    for (std::size_t i = next++; i < count; i = next++) f(i);
  };
  for (std::size_t w = 0; w + 1 < workers; ++w) pool.emplace_back(work);
  work();
  for (auto& t : pool) t.join();
}

}  // namespace stockcast::models::stat::detail
