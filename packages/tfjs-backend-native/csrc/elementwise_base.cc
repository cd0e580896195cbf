// The element-wise kernels compiled for the baseline instruction set, and the run-time
// choice between them and the AVX2 build.
// Comparisons that cannot trap let the compiler turn the kernels' selects into blends.
#pragma GCC optimize("no-trapping-math")
#pragma GCC diagnostic ignored "-Wpsabi"

#include <cstdint>
#include <cstring>
#include <limits>

#include "elementwise.h"
#include "gemm_isa.h"

namespace divergent {
namespace ew_base {
#include "elementwise_kernels.inc"
}  // namespace ew_base

const EwTable& ew_table_base() { return ew_base::kTable; }

const EwTable& ew_table() {
  static const EwTable& table = best_isa() == Isa::kScalar ? ew_table_base() : ew_table_avx2();
  return table;
}

}  // namespace divergent
