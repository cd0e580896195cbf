// 2-D max and average pooling over NHWC tensors and their gradients, with the semantics
// of TensorFlow.js's reference kernels: windows clipped to the input (padding is never
// read), the average divides by the number of pixels read, the max ignores NaN and
// routes its gradient to the first pixel holding the maximum.
#pragma once

#include <cstdint>

namespace divergent {

struct PoolShape {
  int64_t batch, in_h, in_w, channels;
  int64_t filter_h, filter_w, out_h, out_w;
  int64_t stride_h, stride_w, pad_top, pad_left;
  int64_t x_size() const { return batch * in_h * in_w * channels; }
  int64_t y_size() const { return batch * out_h * out_w * channels; }
};

void max_pool(const PoolShape& s, const float* x, float* y);
void avg_pool(const PoolShape& s, const float* x, float* y);
void max_pool_grad(const PoolShape& s, const float* x, const float* dy, float* dx);
void avg_pool_grad(const PoolShape& s, const float* dy, float* dx);

}  // namespace divergent
