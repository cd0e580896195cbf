// Which vector instruction set the CPU we run on supports. The AVX2 and AVX-512 kernels
// live in their own translation units (csrc/*_avx2.cc, csrc/*_avx512.cc), compiled with
// those instructions enabled; everything else is portable and picks a kernel at run time.
#pragma once

#include <cstdint>

namespace divergent {

enum class Isa { kScalar = 0, kAvx2 = 1, kAvx512 = 2 };

/** The widest usable ISA; DIVERGENT_ISA=scalar|avx2|avx512 can lower it (for testing). */
Isa best_isa();
const char* isa_name(Isa isa);

// Single-thread FMA throughput loops: `iters` iterations over independent accumulators;
// returns the flops done and writes a sum to *sink so the work cannot be optimised away.
int64_t fma_loop_avx512(int64_t iters, float* sink);
int64_t fma_loop_avx2(int64_t iters, float* sink);

}  // namespace divergent
