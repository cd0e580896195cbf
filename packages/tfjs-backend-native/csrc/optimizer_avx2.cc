// The optimizers' update loops compiled with AVX2 (see binding.gyp); used only when the CPU
// has it (optimizer_kernels() in optimizer.cc checks). -mfma is on for this library, so
// contraction must be off here: a fused multiply-add would round differently from tfjs.
#pragma GCC optimize("fp-contract=off")

#include <cstdint>

#include "optimizer.h"

namespace divergent {
namespace opt_avx2 {
#include "optimizer_kernels.inc"
}  // namespace opt_avx2

const OptimizerKernels& optimizer_kernels_avx2() { return opt_avx2::kKernels; }

}  // namespace divergent
