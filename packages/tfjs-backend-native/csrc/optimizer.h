// The optimizers' update loops over one contiguous range. The same source
// (optimizer_kernels.inc) is compiled twice: optimizer_avx2.cc with AVX2 and optimizer.cc
// for any CPU; optimizer_kernels() picks one at run time, as ew_table() does.
#pragma once

#include <cstdint>

namespace divergent {

struct OptimizerKernels {
  /**
   * Adam on n elements, in place on p, m, v; k = [beta1, 1-beta1, beta2, 1-beta2,
   * 1-beta1^t, 1-beta2^t, epsilon, -lr].
   */
  void (*adam)(float* p, const float* g, float* m, float* v, int64_t n, const float* k);
  /** SGD with momentum (Nesterov when asked) on n elements, in place on p and acc. */
  void (*momentum)(float* p, const float* g, float* acc, int64_t n, float mom, float nlr, bool nesterov);
};

const OptimizerKernels& optimizer_kernels_base();
const OptimizerKernels& optimizer_kernels_avx2();
/** The fastest loops this CPU runs (DIVERGENT_ISA=scalar forces the portable ones). */
const OptimizerKernels& optimizer_kernels();

}  // namespace divergent
