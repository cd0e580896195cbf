// A persistent, process-wide thread pool for the native kernels.
//
// parallel_for(n, grain, fn) splits [0, n) into the chunks [k*grain, min(n, (k+1)*grain))
// and calls fn(begin, end) exactly once per chunk. The chunks depend only on n and grain,
// never on the number of threads, so a reduction that keeps one partial result per chunk
// (index k = begin / grain) and combines them in chunk order gives bit-identical results
// for any DIVERGENT_NUM_THREADS.
//
// Safe to call from several threads at once (Node worker threads each load the addon):
// one caller at a time uses the workers, a concurrent or nested caller runs its chunks
// inline on its own thread. fn must not throw.
#pragma once

#include <cstdint>
#include <type_traits>

namespace divergent {

using ChunkFn = void (*)(void* ctx, int64_t begin, int64_t end);

/** Threads the pool uses, the calling thread included (>= 1). */
int num_threads();

/** Type-erased core of parallel_for. */
void parallel_for_impl(int64_t n, int64_t grain, ChunkFn fn, void* ctx);

/** Number of chunks parallel_for(n, grain, ...) makes. */
inline int64_t num_chunks(int64_t n, int64_t grain) {
  if (n <= 0) return 0;
  if (grain < 1) grain = 1;
  return (n + grain - 1) / grain;
}

template <class F>
void parallel_for(int64_t n, int64_t grain, F&& fn) {
  using Fn = std::remove_reference_t<F>;
  parallel_for_impl(
      n, grain,
      [](void* ctx, int64_t begin, int64_t end) { (*static_cast<Fn*>(ctx))(begin, end); },
      const_cast<void*>(static_cast<const void*>(&fn)));
}

}  // namespace divergent
