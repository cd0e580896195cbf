// Transpose: axes that stay adjacent and in order are merged first (so most permutations
// become a batch of 2-D transposes); the 2-D core walks 32 x 32 tiles so that reads and
// writes both stay within a few cache lines.
#include "transpose.h"

#include <algorithm>
#include <cstring>

#include "thread_pool.h"

namespace divergent {
namespace {

constexpr int64_t kTile = 32;

}  // namespace

void transpose32(const uint32_t* x, uint32_t* out, const std::vector<int64_t>& shape_in,
                 const std::vector<int64_t>& perm_in) {
  int64_t total = 1;
  for (int64_t d : shape_in) total *= d;
  if (total == 0) return;
  // Drop size-1 axes, then merge runs of consecutive input axes.
  std::vector<int64_t> keep(shape_in.size(), -1);
  std::vector<int64_t> shape;
  for (size_t i = 0; i < shape_in.size(); ++i) {
    if (shape_in[i] != 1) {
      keep[i] = static_cast<int64_t>(shape.size());
      shape.push_back(shape_in[i]);
    }
  }
  std::vector<int64_t> perm;
  for (int64_t p : perm_in) {
    if (keep[p] >= 0) perm.push_back(keep[p]);
  }
  std::vector<int64_t> mshape, mperm;  // merged
  {
    std::vector<std::vector<int64_t>> groups;
    for (int64_t p : perm) {
      if (!groups.empty() && groups.back().back() + 1 == p) {
        groups.back().push_back(p);
      } else {
        groups.push_back({p});
      }
    }
    // Order groups by their first input axis to number the merged input axes.
    std::vector<size_t> order(groups.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return groups[a][0] < groups[b][0]; });
    std::vector<int64_t> merged_index(groups.size());
    mshape.resize(groups.size());
    for (size_t r = 0; r < order.size(); ++r) {
      merged_index[order[r]] = static_cast<int64_t>(r);
      int64_t size = 1;
      for (int64_t a : groups[order[r]]) size *= shape[a];
      mshape[r] = size;
    }
    for (size_t g = 0; g < groups.size(); ++g) mperm.push_back(merged_index[g]);
  }
  const int64_t rank = static_cast<int64_t>(mshape.size());
  bool identity = true;
  for (int64_t i = 0; i < rank; ++i) identity = identity && mperm[i] == i;
  if (identity) {
    std::memcpy(out, x, total * sizeof(uint32_t));
    return;
  }
  std::vector<int64_t> in_stride(rank, 1);
  for (int64_t i = rank - 2; i >= 0; --i) in_stride[i] = in_stride[i + 1] * mshape[i + 1];
  std::vector<int64_t> out_shape(rank), src_stride(rank);
  for (int64_t i = 0; i < rank; ++i) {
    out_shape[i] = mshape[mperm[i]];
    src_stride[i] = in_stride[mperm[i]];
  }
  // The last two output axes form the tiled 2-D core; the axes before it are a batch.
  const int64_t rows = out_shape[rank - 2], cols = out_shape[rank - 1];
  const int64_t rs = src_stride[rank - 2], cs = src_stride[rank - 1];
  const int64_t outer = total / (rows * cols);
  const int64_t row_tiles = (rows + kTile - 1) / kTile;
  parallel_for(outer * row_tiles, std::max<int64_t>(1, 4096 / (kTile * cols) + 1), [&](int64_t t0, int64_t t1) {
    for (int64_t t = t0; t < t1; ++t) {
      const int64_t o = t / row_tiles, r0 = (t % row_tiles) * kTile, r1 = std::min(rows, r0 + kTile);
      int64_t base = 0, rest = o;
      for (int64_t i = rank - 3; i >= 0; --i) {
        base += (rest % out_shape[i]) * src_stride[i];
        rest /= out_shape[i];
      }
      uint32_t* dst = out + o * rows * cols;
      for (int64_t c0 = 0; c0 < cols; c0 += kTile) {
        const int64_t c1 = std::min(cols, c0 + kTile);
        for (int64_t r = r0; r < r1; ++r) {
          const uint32_t* src = x + base + r * rs;
          uint32_t* d = dst + r * cols;
          for (int64_t c = c0; c < c1; ++c) d[c] = src[c * cs];
        }
      }
    }
  });
}

void slice32(const uint32_t* x, uint32_t* out, const std::vector<int64_t>& shape, const std::vector<int64_t>& begin,
             const std::vector<int64_t>& size) {
  const int64_t rank = static_cast<int64_t>(shape.size());
  int64_t total = 1;
  for (int64_t d : size) total *= d;
  if (total == 0) return;
  if (rank == 0) {
    out[0] = x[0];
    return;
  }
  // Trailing axes taken whole join the contiguous run copied at once.
  int64_t run = size[rank - 1], inner = rank - 1;
  while (inner > 0 && size[inner] == shape[inner] && begin[inner] == 0) {
    run *= size[inner - 1];
    --inner;
  }
  std::vector<int64_t> stride(rank, 1);
  for (int64_t i = rank - 2; i >= 0; --i) stride[i] = stride[i + 1] * shape[i + 1];
  int64_t base = 0;
  for (int64_t i = 0; i < rank; ++i) base += begin[i] * stride[i];
  const int64_t runs = total / run;
  parallel_for(runs, std::max<int64_t>(1, 16384 / run), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      int64_t off = base, rest = r;
      for (int64_t i = inner - 1; i >= 0; --i) {
        off += (rest % size[i]) * stride[i];
        rest /= size[i];
      }
      std::memcpy(out + r * run, x + off, run * sizeof(uint32_t));
    }
  });
}

}  // namespace divergent
