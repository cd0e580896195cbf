// Convolutions as matrix products over the im2col matrix, whose row (n, oh, ow) holds the
// receptive field of that output pixel: [rows x (fh*fw*c)] · [(fh*fw*c) x out_c].
// Rows are processed in blocks so the im2col buffer stays a few MB; the block size
// depends only on the shapes, so results do not depend on the thread count.
#include "conv.h"

#include <algorithm>
#include <cstring>
#include <new>

#include "gemm_buffer.h"
#include "thread_pool.h"

namespace divergent {
namespace {

thread_local ScratchBuffer col_buffer;

constexpr int64_t kColBlockFloats = int64_t{1} << 20;  // 4 MB of im2col at a time

bool is_pointwise(const ConvShape& s) {
  return s.filter_h == 1 && s.filter_w == 1 && s.stride_h == 1 && s.stride_w == 1 && s.pad_top == 0 &&
         s.pad_left == 0 && s.out_h == s.in_h && s.out_w == s.in_w;
}

// Rows per block: whole images where possible (col2im writes per image), at least one image.
int64_t images_per_block(const ConvShape& s) {
  const int64_t per_image = s.out_h * s.out_w * s.patch();
  return std::max<int64_t>(1, kColBlockFloats / std::max<int64_t>(1, per_image));
}

float* col_block(const ConvShape& s, int64_t images) {
  float* col = col_buffer.floats(static_cast<size_t>(std::max<int64_t>(1, images * s.out_h * s.out_w * s.patch())));
  if (col == nullptr) throw std::bad_alloc();
  return col;
}

// Fills col rows of images [n0, n0 + images) (zeros where the field leaves the input).
void im2col(const ConvShape& s, const float* x, int64_t n0, int64_t images, float* col) {
  const int64_t k = s.patch();
  const int64_t rows = images * s.out_h * s.out_w;
  parallel_for(rows, 64, [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      const int64_t ow = r % s.out_w, oh = (r / s.out_w) % s.out_h, n = n0 + r / (s.out_w * s.out_h);
      float* dst = col + r * k;
      for (int64_t fh = 0; fh < s.filter_h; ++fh) {
        const int64_t ih = oh * s.stride_h - s.pad_top + fh * s.dilation_h;
        for (int64_t fw = 0; fw < s.filter_w; ++fw, dst += s.in_c) {
          const int64_t iw = ow * s.stride_w - s.pad_left + fw * s.dilation_w;
          const bool outside = ih < 0 || ih >= s.in_h || iw < 0 || iw >= s.in_w;
          const float* src = outside ? nullptr : x + ((n * s.in_h + ih) * s.in_w + iw) * s.in_c;
          if (s.in_c < 16) {
            // A few channels (an image's first layer): a library call per pixel costs more than the copy.
            for (int64_t c = 0; c < s.in_c; ++c) dst[c] = outside ? 0.0f : src[c];
          } else if (outside) {
            std::memset(dst, 0, s.in_c * sizeof(float));
          } else {
            std::memcpy(dst, src, s.in_c * sizeof(float));
          }
        }
      }
    }
  });
}

// dx += scatter of col rows of images [n0, n0 + images); one task per image keeps the
// additions into each dx entry in a fixed order.
void col2im(const ConvShape& s, const float* col, int64_t n0, int64_t images, float* dx) {
  const int64_t k = s.patch();
  parallel_for(images, 1, [&](int64_t i0, int64_t i1) {
    for (int64_t i = i0; i < i1; ++i) {
      const int64_t n = n0 + i;
      const float* src = col + i * s.out_h * s.out_w * k;
      float* img = dx + n * s.in_h * s.in_w * s.in_c;
      for (int64_t oh = 0; oh < s.out_h; ++oh) {
        for (int64_t ow = 0; ow < s.out_w; ++ow) {
          for (int64_t fh = 0; fh < s.filter_h; ++fh) {
            const int64_t ih = oh * s.stride_h - s.pad_top + fh * s.dilation_h;
            for (int64_t fw = 0; fw < s.filter_w; ++fw, src += s.in_c) {
              const int64_t iw = ow * s.stride_w - s.pad_left + fw * s.dilation_w;
              if (ih < 0 || ih >= s.in_h || iw < 0 || iw >= s.in_w) continue;
              float* dst = img + (ih * s.in_w + iw) * s.in_c;
              for (int64_t c = 0; c < s.in_c; ++c) dst[c] += src[c];
            }
          }
        }
      }
    }
  });
}

GemmProblem rows_problem(int64_t m, int64_t n, int64_t k) {
  GemmProblem p;
  p.m = m;
  p.n = n;
  p.k = k;
  return p;
}

// Calls body(n0, images, col) for each block of images [n0, n0 + images), in order, with col
// scratch space for the im2col rows of the largest block.
template <typename Body>
void for_each_image_block(const ConvShape& s, Body body) {
  const int64_t per_block = images_per_block(s);
  float* col = col_block(s, std::min(per_block, s.batch));
  for (int64_t n0 = 0; n0 < s.batch; n0 += per_block) body(n0, std::min(per_block, s.batch - n0), col);
}

}  // namespace

void conv2d_forward(const ConvShape& s, const float* x, const float* filter, float* y, const Epilogue& ep) {
  if (s.rows() == 0 || s.out_c == 0) return;
  GemmProblem p = rows_problem(s.rows(), s.out_c, s.patch());
  p.b = filter;
  p.ldb = s.out_c;
  p.ldc = s.out_c;
  if (is_pointwise(s)) {
    p.a = x;
    p.lda = s.in_c;
    p.c = y;
    sgemm(p, ep);
    return;
  }
  const int64_t rows_per_image = s.out_h * s.out_w;
  for_each_image_block(s, [&](int64_t n0, int64_t images, float* col) {
    im2col(s, x, n0, images, col);
    p.m = images * rows_per_image;
    p.a = col;
    p.lda = s.patch();
    p.c = y + n0 * rows_per_image * s.out_c;
    sgemm(p, ep);
  });
}

void conv2d_backprop_input(const ConvShape& s, const float* dy, const float* filter, float* dx) {
  std::fill(dx, dx + s.x_size(), 0.0f);
  if (s.rows() == 0 || s.patch() == 0) return;
  // col = dy · filterᵀ, with the filter viewed as a (fh*fw*c) x out_c matrix.
  GemmProblem p = rows_problem(s.rows(), s.patch(), s.out_c);
  p.b = filter;
  p.ldb = s.out_c;
  p.trans_b = true;
  p.lda = s.out_c;
  if (is_pointwise(s)) {
    p.a = dy;
    p.c = dx;
    p.ldc = s.in_c;
    sgemm(p);
    return;
  }
  const int64_t rows_per_image = s.out_h * s.out_w;
  for_each_image_block(s, [&](int64_t n0, int64_t images, float* col) {
    p.m = images * rows_per_image;
    p.a = dy + n0 * rows_per_image * s.out_c;
    p.c = col;
    p.ldc = s.patch();
    sgemm(p);
    col2im(s, col, n0, images, dx);
  });
}

void conv2d_backprop_filter(const ConvShape& s, const float* x, const float* dy, float* dfilter) {
  // dfilter = colᵀ · dy, summed over row blocks in order.
  GemmProblem p = rows_problem(s.patch(), s.out_c, 0);
  p.trans_a = true;
  p.lda = s.patch();
  p.b = dy;
  p.ldb = s.out_c;
  p.c = dfilter;
  p.ldc = s.out_c;
  if (s.rows() == 0) {
    std::fill(dfilter, dfilter + s.filter_size(), 0.0f);
    return;
  }
  if (is_pointwise(s)) {
    p.a = x;
    p.k = s.rows();
    sgemm(p);
    return;
  }
  const int64_t rows_per_image = s.out_h * s.out_w;
  for_each_image_block(s, [&](int64_t n0, int64_t images, float* col) {
    im2col(s, x, n0, images, col);
    p.a = col;
    p.k = images * rows_per_image;
    p.b = dy + n0 * rows_per_image * s.out_c;
    p.accumulate = n0 > 0;
    sgemm(p);
  });
}

}  // namespace divergent
