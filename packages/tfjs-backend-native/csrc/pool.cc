#include "pool.h"

#include <algorithm>
#include <limits>
#include <vector>

#include "thread_pool.h"

namespace divergent {
namespace {

struct Window {
  int64_t h0, h1, w0, w1;  // clipped to the input
};

Window window(const PoolShape& s, int64_t oh, int64_t ow) {
  const int64_t hc = oh * s.stride_h - s.pad_top, wc = ow * s.stride_w - s.pad_left;
  return {std::max<int64_t>(0, hc), std::min(s.in_h, hc + s.filter_h), std::max<int64_t>(0, wc),
          std::min(s.in_w, wc + s.filter_w)};
}

// Runs fn(n, oh, ow) over output pixels, images split across threads.
template <class F>
void for_each_output(const PoolShape& s, F&& fn) {
  parallel_for(s.batch * s.out_h, 4, [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      for (int64_t ow = 0; ow < s.out_w; ++ow) fn(r / s.out_h, r % s.out_h, ow);
    }
  });
}

}  // namespace

void max_pool(const PoolShape& s, const float* x, float* y) {
  for_each_output(s, [&](int64_t n, int64_t oh, int64_t ow) {
    const Window w = window(s, oh, ow);
    float* out = y + ((n * s.out_h + oh) * s.out_w + ow) * s.channels;
    std::fill(out, out + s.channels, -std::numeric_limits<float>::infinity());
    for (int64_t ih = w.h0; ih < w.h1; ++ih) {
      for (int64_t iw = w.w0; iw < w.w1; ++iw) {
        const float* in = x + ((n * s.in_h + ih) * s.in_w + iw) * s.channels;
        // `v > m` is false for NaN, so NaN never becomes the maximum (as in the reference).
        for (int64_t c = 0; c < s.channels; ++c) out[c] = in[c] > out[c] ? in[c] : out[c];
      }
    }
  });
}

void avg_pool(const PoolShape& s, const float* x, float* y) {
  for_each_output(s, [&](int64_t n, int64_t oh, int64_t ow) {
    const Window w = window(s, oh, ow);
    float* out = y + ((n * s.out_h + oh) * s.out_w + ow) * s.channels;
    std::fill(out, out + s.channels, 0.0f);
    for (int64_t ih = w.h0; ih < w.h1; ++ih) {
      for (int64_t iw = w.w0; iw < w.w1; ++iw) {
        const float* in = x + ((n * s.in_h + ih) * s.in_w + iw) * s.channels;
        for (int64_t c = 0; c < s.channels; ++c) out[c] += in[c];
      }
    }
    const float count = static_cast<float>((w.h1 - w.h0) * (w.w1 - w.w0));
    for (int64_t c = 0; c < s.channels; ++c) out[c] /= count;
  });
}

// Gradients scatter into dx; one task per image keeps each dx entry's sum in a fixed order.
void max_pool_grad(const PoolShape& s, const float* x, const float* dy, float* dx) {
  std::fill(dx, dx + s.x_size(), 0.0f);
  parallel_for(s.batch, 1, [&](int64_t n0, int64_t n1) {
    std::vector<float> best(s.channels);
    std::vector<int64_t> at(s.channels);
    for (int64_t n = n0; n < n1; ++n) {
      for (int64_t oh = 0; oh < s.out_h; ++oh) {
        for (int64_t ow = 0; ow < s.out_w; ++ow) {
          const Window w = window(s, oh, ow);
          std::fill(best.begin(), best.end(), -std::numeric_limits<float>::infinity());
          std::fill(at.begin(), at.end(), -1);
          for (int64_t ih = w.h0; ih < w.h1; ++ih) {
            for (int64_t iw = w.w0; iw < w.w1; ++iw) {
              const int64_t base = ((n * s.in_h + ih) * s.in_w + iw) * s.channels;
              for (int64_t c = 0; c < s.channels; ++c) {
                if (x[base + c] > best[c]) {
                  best[c] = x[base + c];
                  at[c] = base + c;
                }
              }
            }
          }
          const float* g = dy + ((n * s.out_h + oh) * s.out_w + ow) * s.channels;
          for (int64_t c = 0; c < s.channels; ++c) {
            if (at[c] >= 0) dx[at[c]] += g[c];
          }
        }
      }
    }
  });
}

void avg_pool_grad(const PoolShape& s, const float* dy, float* dx) {
  std::fill(dx, dx + s.x_size(), 0.0f);
  parallel_for(s.batch, 1, [&](int64_t n0, int64_t n1) {
    for (int64_t n = n0; n < n1; ++n) {
      for (int64_t oh = 0; oh < s.out_h; ++oh) {
        for (int64_t ow = 0; ow < s.out_w; ++ow) {
          const Window w = window(s, oh, ow);
          const float scale = 1.0f / static_cast<float>((w.h1 - w.h0) * (w.w1 - w.w0));
          const float* g = dy + ((n * s.out_h + oh) * s.out_w + ow) * s.channels;
          for (int64_t ih = w.h0; ih < w.h1; ++ih) {
            for (int64_t iw = w.w0; iw < w.w1; ++iw) {
              float* d = dx + ((n * s.in_h + ih) * s.in_w + iw) * s.channels;
              for (int64_t c = 0; c < s.channels; ++c) d[c] += g[c] * scale;
            }
          }
        }
      }
    }
  });
}

}  // namespace divergent
