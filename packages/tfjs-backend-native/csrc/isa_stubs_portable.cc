// On CPUs other than x86 (ARM, RISC-V, ...) the AVX translation units are not built (see
// binding.gyp) and best_isa() is always Isa::kScalar, so nothing ever calls into them; these
// definitions only satisfy the linker, routing any such call to the portable kernels.
#include "elementwise.h"
#include "gemm_isa.h"
#include "gemm_kernel.h"
#include "optimizer.h"

namespace divergent {

const EwTable& ew_table_avx2() { return ew_table_base(); }
const OptimizerKernels& optimizer_kernels_avx2() { return optimizer_kernels_base(); }
const GemmKernel& gemm_kernel_avx2() { return gemm_kernel_scalar(); }
const GemmKernel& gemm_kernel_avx512() { return gemm_kernel_scalar(); }
int64_t fma_loop_avx2(int64_t, float*) { return 0; }
int64_t fma_loop_avx512(int64_t, float*) { return 0; }

}  // namespace divergent
