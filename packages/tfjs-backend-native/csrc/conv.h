// 2-D convolution (NHWC input, HWIO filter) by im2col + SGEMM, and its two gradients.
#pragma once

#include <cstdint>

#include "gemm.h"

namespace divergent {

struct ConvShape {
  int64_t batch, in_h, in_w, in_c;
  int64_t filter_h, filter_w, out_c;
  int64_t out_h, out_w;
  int64_t stride_h, stride_w, dilation_h, dilation_w;
  int64_t pad_top, pad_left;
  int64_t x_size() const { return batch * in_h * in_w * in_c; }
  int64_t filter_size() const { return filter_h * filter_w * in_c * out_c; }
  int64_t y_size() const { return batch * out_h * out_w * out_c; }
  int64_t patch() const { return filter_h * filter_w * in_c; }  // GEMM k of the forward pass
  int64_t rows() const { return batch * out_h * out_w; }        // GEMM m of the forward pass
};

/** y = act(conv(x, filter) + bias). */
void conv2d_forward(const ConvShape& s, const float* x, const float* filter, float* y, const Epilogue& ep);
/** dx = gradient of conv2d with respect to x for output gradient dy (conv2d transpose). */
void conv2d_backprop_input(const ConvShape& s, const float* dy, const float* filter, float* dx);
/** dfilter = gradient of conv2d with respect to the filter. */
void conv2d_backprop_filter(const ConvShape& s, const float* x, const float* dy, float* dfilter);

}  // namespace divergent
