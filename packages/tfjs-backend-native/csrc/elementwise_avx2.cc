// The element-wise kernels compiled with AVX2+FMA (see binding.gyp); used only when the
// CPU has them (ew_table in elementwise_base.cc checks).
// Comparisons that cannot trap let the compiler turn the kernels' selects into blends.
#pragma GCC optimize("no-trapping-math")

#include <cstdint>
#include <cstring>
#include <limits>

#include "elementwise.h"

namespace divergent {
namespace ew_avx2 {
#include "elementwise_kernels.inc"
}  // namespace ew_avx2

const EwTable& ew_table_avx2() { return ew_avx2::kTable; }

}  // namespace divergent
