// Data movement on dense row-major tensors of 4-byte elements (float32 or int32):
// permuting axes and cutting out boxes.
#pragma once

#include <cstdint>
#include <vector>

namespace divergent {

/** out = x.transpose(perm); shape is x's shape, perm a permutation of its axes. */
void transpose32(const uint32_t* x, uint32_t* out, const std::vector<int64_t>& shape, const std::vector<int64_t>& perm);

/** out = x[begin[0]:begin[0]+size[0], ...]; the box must lie inside shape. */
void slice32(const uint32_t* x, uint32_t* out, const std::vector<int64_t>& shape, const std::vector<int64_t>& begin,
             const std::vector<int64_t>& size);

}  // namespace divergent
