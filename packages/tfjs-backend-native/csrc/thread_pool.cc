// Persistent thread pool: workers claim chunks of the current job from an atomic counter.
// Workers spin for a few milliseconds after a job (a training step issues native kernels
// tens to hundreds of microseconds apart, and waking a sleeping thread costs more than a
// small kernel) and then sleep on a condition variable.
#include "thread_pool.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>
#include <vector>

#if defined(__linux__)
#include <sched.h>
#endif
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define DIVERGENT_PAUSE() _mm_pause()
#else
#define DIVERGENT_PAUSE() std::this_thread::yield()
#endif

namespace divergent {
namespace {

// Cores this process may run on (respects taskset / cgroup cpusets), at least 1.
int available_cores() {
#if defined(__linux__)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    int n = CPU_COUNT(&set);
    if (n > 0) return n;
  }
#endif
  unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? static_cast<int>(n) : 1;
}

int configured_threads() {
  const char* env = std::getenv("DIVERGENT_NUM_THREADS");
  if (env != nullptr && *env != '\0') {
    char* end = nullptr;
    long v = std::strtol(env, &end, 10);
    if (end != env && *end == '\0' && v >= 1) return static_cast<int>(std::min(v, 256L));
  }
  return available_cores();
}

thread_local bool in_parallel_region = false;

class Pool {
 public:
  explicit Pool(int threads) : threads_(threads) {
    for (int i = 1; i < threads_; ++i) std::thread([this] { WorkerLoop(); }).detach();
  }

  int threads() const { return threads_; }

  // Returns false when the workers are busy with another caller's job.
  bool TryRun(int64_t chunks, int64_t n, int64_t grain, ChunkFn fn, void* ctx) {
    std::unique_lock<std::mutex> owner(submit_mu_, std::try_to_lock);
    if (!owner.owns_lock()) return false;
    {
      std::lock_guard<std::mutex> lk(mu_);
      job_ = Job{fn, ctx, n, grain, chunks};
      next_.store(0, std::memory_order_relaxed);
      open_ = true;
      generation_.fetch_add(1, std::memory_order_release);
    }
    if (sleepers_.load(std::memory_order_acquire) > 0) cv_.notify_all();
    RunChunks(job_);
    {
      // No worker joins a closed job; the ones that joined finish their chunks and leave.
      std::lock_guard<std::mutex> lk(mu_);
      open_ = false;
    }
    // A worker still running its last chunk: spin briefly, then yield in case it was
    // preempted and is waiting for this core.
    for (int i = 0; joined_.load(std::memory_order_acquire) != 0; ++i) {
      if (i < 4096) {
        DIVERGENT_PAUSE();
      } else {
        std::this_thread::yield();
      }
    }
    return true;
  }

 private:
  struct Job {
    ChunkFn fn = nullptr;
    void* ctx = nullptr;
    int64_t n = 0, grain = 1, chunks = 0;
  };

  void RunChunks(const Job& job) {
    in_parallel_region = true;
    for (;;) {
      int64_t k = next_.fetch_add(1, std::memory_order_relaxed);
      if (k >= job.chunks) break;
      int64_t begin = k * job.grain;
      job.fn(job.ctx, begin, std::min(job.n, begin + job.grain));
    }
    in_parallel_region = false;
  }

  // Spins for up to kSpin while no new job arrives, checking the clock only now and then.
  // Past the first few microseconds it yields between checks, so that on a machine with
  // more runnable threads than cores an idle worker gives its core to whoever needs it.
  // kSpin outlasts the JavaScript between the kernels of a training step (the tape's
  // bookkeeping, the optimizer): with 100 µs the worker slept between most of them and
  // the VAE steps of `npm run bench` took 5-12% longer (runs alternated on 2 cores).
  void SpinWhileIdle(uint64_t seen) const {
    constexpr auto kSpin = std::chrono::milliseconds(5);
    const auto until = std::chrono::steady_clock::now() + kSpin;
    for (int i = 1; generation_.load(std::memory_order_acquire) == seen; ++i) {
      if (i < 1024) {
        DIVERGENT_PAUSE();
      } else {
        std::this_thread::yield();
      }
      if ((i & 63) == 0 && std::chrono::steady_clock::now() > until) return;
    }
  }

  void WorkerLoop() {
    uint64_t seen = 0;
    for (;;) {
      SpinWhileIdle(seen);
      Job job;
      {
        std::unique_lock<std::mutex> lk(mu_);
        if (generation_.load(std::memory_order_relaxed) == seen) {
          sleepers_.fetch_add(1, std::memory_order_release);
          cv_.wait(lk, [&] { return generation_.load(std::memory_order_relaxed) != seen; });
          sleepers_.fetch_sub(1, std::memory_order_relaxed);
        }
        seen = generation_.load(std::memory_order_relaxed);
        if (!open_) continue;
        job = job_;
        joined_.fetch_add(1, std::memory_order_relaxed);
      }
      RunChunks(job);
      joined_.fetch_sub(1, std::memory_order_release);
    }
  }

  const int threads_;
  std::mutex submit_mu_;  // held by the one caller that owns the workers
  std::mutex mu_;         // guards job_ and open_
  std::condition_variable cv_;
  Job job_;
  bool open_ = false;
  std::atomic<uint64_t> generation_{0};
  std::atomic<int64_t> next_{0};
  std::atomic<int> joined_{0};
  std::atomic<int> sleepers_{0};
};

// Created on first use and deliberately never destroyed: detached workers may still be
// asleep on its condition variable when the process exits.
Pool& pool() {
  static Pool* p = new Pool(configured_threads());
  return *p;
}

}  // namespace

int num_threads() { return pool().threads(); }

void parallel_for_impl(int64_t n, int64_t grain, ChunkFn fn, void* ctx) {
  if (n <= 0) return;
  if (grain < 1) grain = 1;
  const int64_t chunks = num_chunks(n, grain);
  if (chunks > 1 && !in_parallel_region && pool().threads() > 1 &&
      pool().TryRun(chunks, n, grain, fn, ctx)) {
    return;
  }
  for (int64_t k = 0; k < chunks; ++k) {
    int64_t begin = k * grain;
    fn(ctx, begin, std::min(n, begin + grain));
  }
}

}  // namespace divergent
