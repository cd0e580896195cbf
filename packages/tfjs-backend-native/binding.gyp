{
  "variables": {
    "common_cflags": ["-O3", "-std=c++17", "-fno-math-errno", "-fPIC", "-fvisibility=hidden"]
  },
  "targets": [
    {
      "target_name": "divergent_native",
      "sources": ["<!@(node scripts/list-sources.cjs base)"],
      "include_dirs": ["<!@(node -p \"require('node-addon-api').include\")"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "cflags_cc": ["<@(common_cflags)", "-pthread"],
      "ldflags": ["-pthread"],
      "cflags_cc!": ["-fno-exceptions"],
      "conditions": [
        ["target_arch=='x64' or target_arch=='ia32'", {
          "dependencies": ["divergent_avx2", "divergent_avx512"]
        }, {
          # No AVX units elsewhere: the portable kernels stand in for them.
          "sources": ["<!@(node scripts/list-sources.cjs portable)"]
        }]
      ]
    }
  ],
  "conditions": [
    ["target_arch=='x64' or target_arch=='ia32'", {
      "targets": [
        {
          # Kernels that need AVX2+FMA; called only after a run-time CPU check.
          "target_name": "divergent_avx2",
          "type": "static_library",
          "sources": ["<!@(node scripts/list-sources.cjs avx2)"],
          "cflags_cc": ["<@(common_cflags)", "-mavx2", "-mfma"],
          "cflags_cc!": ["-fno-exceptions"]
        },
        {
          # Kernels that need AVX-512F; called only after a run-time CPU check.
          "target_name": "divergent_avx512",
          "type": "static_library",
          "sources": ["<!@(node scripts/list-sources.cjs avx512)"],
          "cflags_cc": ["<@(common_cflags)", "-mavx512f", "-mavx512dq", "-mavx2", "-mfma"],
          "cflags_cc!": ["-fno-exceptions"]
        }
      ]
    }]
  ]
}
