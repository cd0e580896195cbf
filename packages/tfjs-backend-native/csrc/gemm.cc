// SGEMM driver: picks the micro-kernel for this CPU, packs B once per distinct B matrix
// (broadcast batches share it), then hands (batch, row block, column block) tasks to the
// thread pool; each task packs its rows of A per K block and runs the micro-kernel over
// its tiles, finishing with the bias + activation epilogue while C is still in cache.
#include "gemm.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <new>
#include <vector>

#include "elementwise.h"
#include "gemm_buffer.h"
#include "gemm_isa.h"
#include "gemm_kernel.h"
#include "thread_pool.h"

namespace divergent {
namespace {

const GemmKernel& kernel_for_cpu() {
  static const GemmKernel& k = [] () -> const GemmKernel& {
    switch (best_isa()) {
      case Isa::kAvx512: return gemm_kernel_avx512();
      case Isa::kAvx2: return gemm_kernel_avx2();
      default: return gemm_kernel_scalar();
    }
  }();
  return k;
}

int64_t ceil_div(int64_t a, int64_t b) { return (a + b - 1) / b; }

// Whether the micro-kernel should stream a row-major A in place rather than packed. Its
// rows are ld floats apart; when that stride is a multiple of 128 bytes (a power-of-two
// channel count, say), the rows fall into a fraction of the L1 cache's sets and evict one
// another before their reuse by the next tiles, so such an operand is packed, unless each
// of its strips is used by only a few tiles (`reuses`), where packing costs more than the
// evictions.
bool read_a_in_place(int64_t ld, int64_t reuses) { return ld % 32 != 0 || reuses < 4; }

// B is packed whenever its strips are reused by enough row tiles to repay the copy: a
// strip read in place is kc rows a whole B row apart, which the prefetcher follows poorly
// and which straddles two cache lines per row when the stride is not a multiple of 16
// floats; packed, it is one contiguous run (on the VAE nets' layers, packing every B made
// the MLP forward ~10% faster, measured with interleaved runs).
bool read_b_in_place(int64_t reuses) { return reuses < 4; }

// Enough tasks per thread that the last one claimed is a small share of the work.
constexpr int64_t kTasksPerThread = 8;
// Fewest MR-row tiles per row block when rows are cut for threads: fewer would re-read B
// for too little work.
constexpr int64_t kMinRowTiles = 8;
// Column blocks per thread when tasks pack their own B: enough to even out the threads'
// finishing times, few enough that re-reading A for each block stays cheap.
constexpr int64_t kColumnTasksPerThread = 4;
// Rows per item of the epilogue's pass when it runs after the product.
constexpr int64_t kEpilogueRows = 8;

float activate(float v, const Epilogue& ep, int64_t j) {
  switch (ep.act) {
    case Activation::kRelu: return v < 0.0f ? 0.0f : v;
    case Activation::kRelu6: return v < 0.0f ? 0.0f : (v > 6.0f ? 6.0f : v);
    case Activation::kElu: return v >= 0.0f ? v : std::expm1(v);
    case Activation::kLeakyRelu: return v < 0.0f ? ep.alpha * v : v;
    case Activation::kPrelu: return v < 0.0f ? ep.prelu[j * ep.prelu_stride] * v : v;
    case Activation::kSigmoid: return 1.0f / (1.0f + std::exp(-v));
    case Activation::kTanh: return std::tanh(v);
    default: return v;
  }
}

thread_local ScratchBuffer packed_a_buffer;
thread_local ScratchBuffer packed_b_buffer;
thread_local ScratchBuffer edge_tile_buffer;
thread_local ScratchBuffer task_b_buffer;

// [0, total) cut into `parts` contiguous ranges whose sizes differ by at most one.
struct EvenSplit {
  std::vector<int64_t> start, size;
  EvenSplit(int64_t total, int64_t parts) {
    const int64_t base = total / parts, rem = total % parts;
    for (int64_t i = 0, at = 0; i < parts; ++i) {
      const int64_t s = base + (i < rem ? 1 : 0);
      start.push_back(at);
      size.push_back(s);
      at += s;
    }
  }
};

// The fixed split of [0, K) into blocks of at most kc_max: it decides the summation order.
EvenSplit k_blocks(int64_t k, int64_t kc_max) { return EvenSplit(k, std::max<int64_t>(1, ceil_div(k, kc_max))); }

}  // namespace

// One loop per activation (the switch outside) so that each loop vectorises.
template <class F>
void map_grad(const float* dy, const float* y, float* g, int64_t n, F f) {
  parallel_for(n, 1 << 14, [&](int64_t i0, int64_t i1) {
    for (int64_t i = i0; i < i1; ++i) g[i] = f(dy[i], y[i]);
  });
}

// 1 where positive, else negative_slope, as a bit select: the compiler keeps a conditional
// expression of floats as a branch, which blocks vectorisation and, on the sign of
// activations, mispredicts half the time.
namespace {
float slope(bool positive, float negative_slope) {
  const int32_t mask = -static_cast<int32_t>(positive);
  const float one = 1.0f;
  int32_t one_bits, negative_bits;
  std::memcpy(&one_bits, &one, sizeof one_bits);
  std::memcpy(&negative_bits, &negative_slope, sizeof negative_bits);
  const int32_t bits = (one_bits & mask) | (negative_bits & ~mask);
  float out;
  std::memcpy(&out, &bits, sizeof out);
  return out;
}
}  // namespace

void activation_grad(Activation act, float alpha, const float* dy, const float* y, float* g, int64_t n) {
  switch (act) {
    case Activation::kRelu: return map_grad(dy, y, g, n, [](float d, float v) { return v > 0.0f ? d : 0.0f; });
    case Activation::kRelu6:
      return map_grad(dy, y, g, n, [](float d, float v) { return v > 0.0f && v < 6.0f ? d : 0.0f; });
    case Activation::kLeakyRelu:
      return map_grad(dy, y, g, n, [alpha](float d, float v) { return d * slope(v > 0.0f, alpha); });
    case Activation::kSigmoid: return map_grad(dy, y, g, n, [](float d, float v) { return d * v * (1.0f - v); });
    case Activation::kTanh: return map_grad(dy, y, g, n, [](float d, float v) { return d * (1.0f - v * v); });
    case Activation::kElu:
      return map_grad(dy, y, g, n, [](float d, float v) { return d * slope(v > 0.0f, v + 1.0f); });
    default: return map_grad(dy, y, g, n, [](float d, float) { return d; });
  }
}

namespace {
// Whether apply_epilogue has anything to do (sgemm skips its pass over C otherwise).
bool has_epilogue(const Epilogue& ep) { return ep.bias != nullptr || ep.act != Activation::kLinear; }
}  // namespace

void apply_epilogue(float* c, int64_t ldc, int64_t m, int64_t j0, int64_t j1, const Epilogue& ep) {
  if (!has_epilogue(ep)) return;
  for (int64_t i = 0; i < m; ++i) {
    float* row = c + i * ldc;
    if (ep.bias != nullptr) {
      for (int64_t j = j0; j < j1; ++j) row[j] += ep.bias[j * ep.bias_stride];
    }
    if (ep.act == Activation::kRelu) {
      for (int64_t j = j0; j < j1; ++j) row[j] = row[j] < 0.0f ? 0.0f : row[j];
    } else if (ep.act == Activation::kTanh || ep.act == Activation::kSigmoid || ep.act == Activation::kElu) {
      // Transcendental activations use the vectorised element-wise kernels, in place.
      const UnaryOp op = ep.act == Activation::kTanh      ? UnaryOp::kTanh
                         : ep.act == Activation::kSigmoid ? UnaryOp::kSigmoid
                                                          : UnaryOp::kElu;
      ew_table().unary(op, row + j0, row + j0, j1 - j0, 0.0f, 0.0f);
    } else if (ep.act != Activation::kLinear) {
      for (int64_t j = j0; j < j1; ++j) row[j] = activate(row[j], ep, j);
    }
  }
}

void sgemm(const GemmProblem& p, const Epilogue& ep) {
  if (p.batch <= 0 || p.m <= 0 || p.n <= 0) return;
  auto a_at = [&](int64_t b) { return p.a + (p.a_offsets != nullptr ? p.a_offsets[b] : 0); };
  auto c_at = [&](int64_t b) { return p.c + b * p.c_batch_stride; };

  if (p.k <= 0) {
    for (int64_t b = 0; b < p.batch; ++b) {
      float* c = c_at(b);
      if (!p.accumulate) {
        for (int64_t i = 0; i < p.m; ++i) std::fill(c + i * p.ldc, c + i * p.ldc + p.n, 0.0f);
      }
      apply_epilogue(c, p.ldc, p.m, 0, p.n, ep);
    }
    return;
  }

  const GemmKernel& kern = kernel_for_cpu();
  const int64_t MR = kern.mr, NR = kern.nr;
  const EvenSplit kb = k_blocks(p.k, kern.kc);
  const int64_t nk = static_cast<int64_t>(kb.start.size());
  const int64_t nstrips = ceil_div(p.n, NR);
  const int64_t packed_b_size = p.k * nstrips * NR;

  // Distinct B matrices (broadcast batch dimensions repeat one offset).
  std::vector<int64_t> b_unique;
  std::vector<int64_t> b_index(p.batch, 0);
  if (p.b_offsets != nullptr && p.batch > 1) {
    b_unique.assign(p.b_offsets, p.b_offsets + p.batch);
    std::sort(b_unique.begin(), b_unique.end());
    b_unique.erase(std::unique(b_unique.begin(), b_unique.end()), b_unique.end());
    for (int64_t b = 0; b < p.batch; ++b) {
      b_index[b] = std::lower_bound(b_unique.begin(), b_unique.end(), p.b_offsets[b]) - b_unique.begin();
    }
  } else {
    b_unique.push_back(p.b_offsets != nullptr ? p.b_offsets[0] : 0);
  }
  const int64_t nb_unique = static_cast<int64_t>(b_unique.size());

  // B strides in the (k, n) orientation of op(B).
  const int64_t b_rs = p.trans_b ? 1 : p.ldb, b_cs = p.trans_b ? p.ldb : 1;
  const int64_t a_rs = p.trans_a ? 1 : p.lda, a_cs = p.trans_a ? p.lda : 1;
  const bool a_in_place = !p.trans_a && read_a_in_place(p.lda, nstrips);

  const int threads = p.serial ? 1 : num_threads();
  const double flops = 2.0 * p.batch * p.m * p.n * p.k;
  const bool parallel = threads > 1 && flops > 2e5;
  auto run = [&](int64_t n, int64_t grain, auto&& fn) {
    if (parallel) {
      parallel_for(n, grain, fn);
    } else if (n > 0) {
      fn(0, n);
    }
  };

  // B is packed by the tasks that use it, each its own strips one K block at a time, when
  // one matrix's columns can be dealt out to the threads whole: every task then covers all
  // rows, its packed strips stay in its own core's cache, and no thread waits for another's
  // packing. That needs a single B and an A read in place (tasks would pack A again for each
  // column block otherwise) and short enough to read again for each column block (at most
  // two L2 blocks of rows; a minibatch's activations). Other products pack every distinct B
  // once up front (below).
  const bool b_in_place = !p.trans_b && read_b_in_place(ceil_div(p.m, MR));
  const bool b_in_tasks = !b_in_place && p.batch == 1 && a_in_place && p.m <= 2 * kern.mc;

  // Phase 1: pack every distinct B, item = (matrix, K block, group of strips). A row-major
  // B used by few row tiles is read in place, except a last partial strip (zero-padded copy).
  const int64_t first_packed = b_in_place ? (p.n % NR != 0 ? nstrips - 1 : nstrips) : 0;
  constexpr int64_t kStripsPerItem = 4;
  const int64_t groups = b_in_tasks ? 0 : ceil_div(nstrips - first_packed, kStripsPerItem);
  float* packed_b = packed_b_buffer.floats(static_cast<size_t>(groups > 0 ? packed_b_size * nb_unique : 1));
  if (packed_b == nullptr) throw std::bad_alloc();
  run(nb_unique * nk * groups, 1, [&](int64_t begin, int64_t end) {
    for (int64_t item = begin; item < end; ++item) {
      const int64_t g = item % groups, pc = (item / groups) % nk, u = item / (groups * nk);
      const int64_t s0 = first_packed + g * kStripsPerItem, s1 = std::min(nstrips, s0 + kStripsPerItem);
      const int64_t k0 = kb.start[pc], kc = kb.size[pc];
      const float* src = p.b + b_unique[u] + k0 * b_rs + s0 * NR * b_cs;
      float* dst = packed_b + u * packed_b_size + nstrips * NR * k0 + s0 * NR * kc;
      kern.pack_b(kc, std::min(p.n, s1 * NR) - s0 * NR, src, b_rs, b_cs, dst);
    }
  });

  // Phase 2: tasks over (batch, row block, column block). Row blocks (in MR-row tiles) are
  // capped by the L2 blocking; when they are too few to keep every thread busy, the work
  // is cut further into near-equal blocks, so that threads claiming tasks dynamically
  // finish together: first rows, while blocks keep kMinRowTiles tiles (each row block
  // reads B once more, from L2 when its K block fits there), then columns (each column
  // block reads, or packs, its rows of A once more), then rows again. When the tasks pack
  // B, they are column blocks only (kColumnTasksPerThread per thread: each reads all of A
  // once more), and each walks its rows in L2-sized sub-blocks. Any split gives the same
  // sums: each tile runs over the same K blocks in the same order.
  const int64_t row_tiles = ceil_div(p.m, MR);
  const int64_t l2_tiles = std::max<int64_t>(1, kern.mc / MR);
  int64_t mb = ceil_div(row_tiles, l2_tiles), nbk = 1;
  if (b_in_tasks) {
    mb = 1;
    nbk = std::min(nstrips, parallel ? kColumnTasksPerThread * threads : 1);
  } else if (parallel) {
    const int64_t target = kTasksPerThread * threads;
    if (p.batch * mb < target) mb = std::max(mb, std::min(row_tiles / kMinRowTiles, ceil_div(target, p.batch)));
    if (p.batch * mb < target) nbk = std::min(nstrips, ceil_div(target, p.batch * mb));
    if (p.batch * mb * nbk < target) mb = std::min(row_tiles, ceil_div(target, p.batch * nbk));
  }
  const EvenSplit row_blocks(row_tiles, mb), col_blocks(nstrips, nbk);
  const int64_t mc = std::min(ceil_div(row_tiles, mb), l2_tiles) * MR;
  const int64_t task_strips = ceil_div(nstrips, nbk);
  // Column tasks leave the bias and activation to a pass over whole rows once every task is
  // done: a task's share of a row is a short run whose end cache lines the tasks beside it,
  // on the other thread, also write (a row is rarely a whole number of lines). In the VAE
  // nets' forward products (100 rows) the epilogue then cost 20-50 µs less per product.
  const bool epilogue_after = b_in_tasks && nbk > 1 && has_epilogue(ep);

  // Consecutive tasks take different row blocks: threads working at the same time then
  // write different rows of C rather than neighbouring columns of the same cache lines.
  run(p.batch * mb * nbk, 1, [&](int64_t begin, int64_t end) {
    float* packed_a = packed_a_buffer.floats(static_cast<size_t>(mc * kern.kc));
    float* edge = edge_tile_buffer.floats(static_cast<size_t>(MR * NR));
    float* task_b = b_in_tasks ? task_b_buffer.floats(static_cast<size_t>(task_strips * NR * kern.kc)) : nullptr;
    if (packed_a == nullptr || edge == nullptr || (b_in_tasks && task_b == nullptr)) std::abort();  // cannot recover inside a worker
    for (int64_t task = begin; task < end; ++task) {
      const int64_t ib = task % mb, jb = (task / mb) % nbk, b = task / (nbk * mb);
      const int64_t i0 = row_blocks.start[ib] * MR, i1 = std::min(p.m, i0 + row_blocks.size[ib] * MR);
      const int64_t s0 = col_blocks.start[jb], s1 = s0 + col_blocks.size[jb];
      const float* a = a_at(b);
      const float* b_mat = p.b + (p.b_offsets != nullptr ? p.b_offsets[b] : 0);
      float* c = c_at(b);
      const float* pb = packed_b + b_index[b] * packed_b_size;
      for (int64_t pc = 0; pc < nk; ++pc) {
        const int64_t k0 = kb.start[pc], kc = kb.size[pc];
        const bool acc = pc > 0 || p.accumulate;
        if (b_in_tasks) kern.pack_b(kc, std::min(p.n, s1 * NR) - s0 * NR, b_mat + k0 * b_rs + s0 * NR * b_cs, b_rs, b_cs, task_b);
        for (int64_t r0 = i0; r0 < i1; r0 += mc) {
          const int64_t r1 = std::min(i1, r0 + mc);
          // A row-major A with a cache-friendly stride is read in place, except a last
          // partial strip (zero-padded copy).
          const int64_t full_rows = a_in_place ? (r1 - r0) / MR * MR : 0;
          const float* a_block = a + r0 * a_rs + k0 * a_cs;
          if (full_rows < r1 - r0) {
            kern.pack_a(r1 - r0 - full_rows, kc, a_block + full_rows * a_rs, a_rs, a_cs, packed_a + full_rows * kc);
          }
          for (int64_t s = s0; s < s1; ++s) {
            const bool b_direct = s < first_packed;
            const float* bstrip = b_direct     ? b_mat + k0 * p.ldb + s * NR
                                  : b_in_tasks ? task_b + (s - s0) * NR * kc
                                               : pb + nstrips * NR * k0 + s * NR * kc;
            const int64_t j = s * NR, cols = std::min(NR, p.n - j);
            for (int64_t i = r0; i < r1; i += MR) {
              const int64_t rows = std::min(MR, r1 - i);
              const bool a_direct = i - r0 < full_rows;
              const float* astrip = a_direct ? a_block + (i - r0) * a_rs : packed_a + (i - r0) * kc;
              float* ct = c + i * p.ldc + j;
              float* dst = rows == MR && cols == NR ? ct : edge;
              const int64_t ldd = dst == ct ? p.ldc : NR;
              kern.micro[a_direct][b_direct](kc, astrip, p.lda, bstrip, p.ldb, dst, ldd, dst == ct && acc);
              if (dst == ct) continue;
              for (int64_t r = 0; r < rows; ++r) {
                for (int64_t q = 0; q < cols; ++q) {
                  ct[r * p.ldc + q] = acc ? ct[r * p.ldc + q] + edge[r * NR + q] : edge[r * NR + q];
                }
              }
            }
          }
        }
      }
      if (!epilogue_after) apply_epilogue(c + i0 * p.ldc, p.ldc, i1 - i0, s0 * NR, std::min(p.n, s1 * NR), ep);
    }
  });
  if (epilogue_after) {
    run(ceil_div(p.m, kEpilogueRows), 1, [&](int64_t begin, int64_t end) {
      const int64_t i0 = begin * kEpilogueRows, i1 = std::min(p.m, end * kEpilogueRows);
      apply_epilogue(p.c + i0 * p.ldc, p.ldc, i1 - i0, 0, p.n, ep);
    });
  }
}

}  // namespace divergent
