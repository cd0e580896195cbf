#include "gemm_isa.h"

#include <cstdlib>
#include <cstring>

namespace divergent {
namespace {

Isa detect() {
  Isa isa = Isa::kScalar;
#if defined(__x86_64__) && defined(__GNUC__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) isa = Isa::kAvx2;
  if (__builtin_cpu_supports("avx512f")) isa = Isa::kAvx512;
#endif
  const char* env = std::getenv("DIVERGENT_ISA");
  if (env != nullptr) {
    Isa wanted = isa;
    if (std::strcmp(env, "scalar") == 0) wanted = Isa::kScalar;
    if (std::strcmp(env, "avx2") == 0) wanted = Isa::kAvx2;
    if (std::strcmp(env, "avx512") == 0) wanted = Isa::kAvx512;
    if (static_cast<int>(wanted) < static_cast<int>(isa)) isa = wanted;
  }
  return isa;
}

}  // namespace

Isa best_isa() {
  static const Isa isa = detect();
  return isa;
}

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::kAvx512: return "avx512";
    case Isa::kAvx2: return "avx2";
    default: return "scalar";
  }
}

}  // namespace divergent
