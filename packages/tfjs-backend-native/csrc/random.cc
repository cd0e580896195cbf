// Seeded random draws filled natively: standard normals, and Bernoulli draws from a caller's generator.
//
// A VAE draws its reparameterisation noise every step, and the importance-sampled
// log-likelihood draws k = 5000 latents per test image: 25 million normals per batch of 100
// images, which took a quarter of the evaluation in JavaScript. Here every pair of outputs
// is a pure function of (seed, pair index), so the pairs can be split over threads in any
// way and the result never depends on the thread count.
//
// Pair p uses Marsaglia's polar method: (u, v) uniform in the open square (-1, 1)^2 from
// the bits of splitmix64(key + attempt counter), rejected unless 0 < s = u² + v² < 1, then
// u·√(-2 ln s / s) and v·√(-2 ln s / s) are independent N(0, 1). With 24-bit uniforms the
// smallest s is about 2^-46, so the draws reach about 8 standard deviations.
//
// Dynamic binarisation draws one number per pixel of every training batch, about 12 ns a
// pixel in JavaScript: a millisecond per batch of 100 MNIST images. Here the Bernoulli draws
// come from the caller's xoshiro128** generator (Blackman and Vigna, 2018), whose four state
// words the caller keeps, so the stream is the one its JavaScript generator would produce
// and a run resumed from saved words draws the same values. The stream is one chain, each
// state the previous one's successor, but the successor map is linear over GF(2), so the
// state k draws ahead is a 128 x 128 bit matrix times the state: threads start their chunks
// of the stream from states jumped ahead that way and draw the very same values.
#include <napi.h>

#include <cmath>
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "napi_args.h"
#include "thread_pool.h"

namespace divergent {
namespace {

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

/** 24 random bits as a uniform in (-1, 1), symmetric and never 0 (exact in float). */
float open_uniform(uint64_t bits24) { return static_cast<float>(static_cast<int64_t>(bits24) * 2 - 0xffffff) * 0x1p-24f; }

// Attempts per pair: 64 bits of counter space are split as pair index << 8 | attempt.
// Each attempt is accepted with probability pi/4, so 256 rejections in a row (probability
// 0.215^256) never happen; the fallback keeps the function total anyway.
constexpr int kAttempts = 256;

void normal_pair(uint64_t key, uint64_t pair, float* out, bool both) {
  for (uint64_t attempt = 0; attempt < kAttempts; ++attempt) {
    const uint64_t h = splitmix64(key + (pair << 8 | attempt));
    const float u = open_uniform(h >> 40), v = open_uniform((h >> 16) & 0xffffff);
    const float s = u * u + v * v;
    if (s >= 1.0f) continue;
    const float f = std::sqrt(-2.0f * std::log(s) / s);
    out[0] = u * f;
    if (both) out[1] = v * f;
    return;
  }
  out[0] = 0.0f;
  if (both) out[1] = 0.0f;
}

/** standardNormal(out, seedHigh, seedLow): fills out with N(0, 1) draws of the 64-bit seed. */
Napi::Value StandardNormal(const Napi::CallbackInfo& info) {
  ArrayArg<float> out;
  int64_t hi, lo;
  if (!GetF32(info, 0, "out", &out) || !GetInt(info, 1, "seedHigh", 0, 0xffffffffLL, &hi) ||
      !GetInt(info, 2, "seedLow", 0, 0xffffffffLL, &lo)) {
    return info.Env().Undefined();
  }
  const uint64_t key = splitmix64(static_cast<uint64_t>(hi) << 32 | static_cast<uint64_t>(lo));
  const int64_t n = static_cast<int64_t>(out.length);
  float* data = out.data;
  parallel_for((n + 1) / 2, 4096, [&](int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; ++p) normal_pair(key, static_cast<uint64_t>(p), data + 2 * p, 2 * p + 1 < n);
  });
  return info.Env().Undefined();
}

using State = std::array<uint32_t, 4>;

// kLanes generators side by side, word w of lane l in words[w][l]: one generator's step is a
// chain of dependent operations, so the lanes' steps run as vector operations instead (GCC's
// vector extensions: SSE2 on x86-64, NEON on arm64).
constexpr int kLanes = 4;
using Lanes = uint32_t __attribute__((vector_size(4 * kLanes)));

template <class Word>
Word rotl(Word x, int k) {
  return (x << k) | (x >> (32 - k));
}

/**
 * The next xoshiro128** output of one generator (Word = uint32_t) or of kLanes side by side
 * (Word = Lanes); advances s. The multiplications by 5 and 9 are shifts and adds (SSE2 has
 * no 32-bit vector multiply).
 */
template <class Word>
Word xoshiro128ss(Word* s) {
  const Word r = rotl<Word>(s[1] + (s[1] << 2), 7);
  const Word result = r + (r << 3);
  const Word t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl<Word>(s[3], 11);
  return result;
}

/** A linear map of 128-bit states over GF(2), as the images of the 128 unit states. */
struct BitMatrix {
  std::array<State, 128> column;

  State operator*(const State& v) const {
    State r{};
    for (int k = 0; k < 128; ++k) {
      const uint32_t mask = 0u - (v[k / 32] >> (k % 32) & 1u);  // all ones where bit k is set
      for (int w = 0; w < 4; ++w) r[w] ^= column[k][w] & mask;
    }
    return r;
  }
  BitMatrix operator*(const BitMatrix& other) const {
    BitMatrix r;
    for (int k = 0; k < 128; ++k) r.column[k] = *this * other.column[k];
    return r;
  }
};

// Draws per chunk of a threaded Bernoulli pass: a power of two, so the jump matrix is the
// one-step matrix squared kChunkLog2 times. A thread draws kLanes chunks at once, one per
// lane.
constexpr int kChunkLog2 = 11;
constexpr int64_t kChunk = int64_t{1} << kChunkLog2;

/** The state kChunk draws ahead, as a matrix (built once). */
const BitMatrix& chunk_jump() {
  static const BitMatrix jump = [] {
    BitMatrix m;
    for (int k = 0; k < 128; ++k) {
      State unit{};
      unit[k / 32] = 1u << (k % 32);
      xoshiro128ss(unit.data());
      m.column[k] = unit;
    }
    for (int i = 0; i < kChunkLog2; ++i) m = m * m;
    return m;
  }();
  return jump;
}

/**
 * xoshiro128Bernoulli(probabilities, state, out[, rows, dim]): out[i] = 1 when draw i · 2^-32
 * < p_i, else 0, drawing in index order and leaving state (4 words) advanced by one draw per
 * element. Without rows, p_i = probabilities[i], and out may be probabilities itself (element
 * i is read before it is written). With rows (Int32Array) and dim, probabilities is a matrix
 * of dim-wide rows and out gathers rows[0], rows[1], ...: p_i = probabilities[rows[i / dim] ·
 * dim + i mod dim] (a minibatch drawn straight from the dataset, no gathered copy first).
 */
Napi::Value Xoshiro128Bernoulli(const Napi::CallbackInfo& info) {
  ArrayArg<float> p, out;
  ArrayArg<uint32_t> state;
  if (!GetF32(info, 0, "probabilities", &p) || !GetArray(info, 1, "state", napi_uint32_array, &state) ||
      !GetF32(info, 2, "out", &out)) {
    return info.Env().Undefined();
  }
  if (state.length != 4) {
    Fail(info, "argument 'state' must hold the 4 words of a xoshiro128** state, got " + std::to_string(state.length));
    return info.Env().Undefined();
  }
  const bool gather = info.Length() > 3 && !info[3].IsUndefined();
  ArrayArg<int32_t> rows;
  int64_t dim = 1;
  if (gather) {
    if (!GetArray(info, 3, "rows", napi_int32_array, &rows) ||
        !GetInt(info, 4, "dim", 1, static_cast<int64_t>(std::max<size_t>(p.length, 1)), &dim)) {
      return info.Env().Undefined();
    }
    const int64_t count = static_cast<int64_t>(p.length) / dim;
    for (size_t r = 0; r < rows.length; ++r) {
      if (rows.data[r] < 0 || rows.data[r] >= count) {
        Fail(info, "argument 'rows' holds " + std::to_string(rows.data[r]) + " at index " + std::to_string(r) +
                       ", outside [0, " + std::to_string(count) + ")");
        return info.Env().Undefined();
      }
    }
  }
  if (!gather && out.length != p.length) {
    Fail(info, "argument 'out' has " + std::to_string(out.length) + " elements, 'probabilities' has " +
                   std::to_string(p.length));
    return info.Env().Undefined();
  }
  if (gather && out.length != rows.length * static_cast<size_t>(dim)) {
    Fail(info, "argument 'out' has " + std::to_string(out.length) + " elements, expected " + std::to_string(rows.length) +
                   " rows x " + std::to_string(dim));
    return info.Env().Undefined();
  }
  // Chunk c starts kChunk · c draws into the stream; its state is the jump matrix applied c
  // times (a few hundred XORs each). The last chunk's end is the caller's new state.
  const int64_t n = static_cast<int64_t>(out.length);
  const int64_t chunks = (n + kChunk - 1) / kChunk;
  std::vector<State> starts(static_cast<size_t>(std::max<int64_t>(chunks, 1)));
  starts[0] = {state.data[0], state.data[1], state.data[2], state.data[3]};
  for (int64_t c = 1; c < chunks; ++c) starts[c] = chunk_jump() * starts[c - 1];
  State end = starts[0];
  const float* source = p.data;
  const int32_t* row_index = rows.data;
  float* result = out.data;
  constexpr int64_t kBlock = 256;
  // Compares draws [i0, i0 + m) with their probabilities. Each comparison is in double, like
  // the JavaScript loop's: the 32-bit draw (converted through int32, which SIMD has, and
  // shifted back: exact) times 2^-32 is exact, and so is its comparison with the float
  // probability. The flag is converted, never branched on, so the loop vectorises.
  auto compare = [&](int64_t i0, int64_t m, const uint32_t* draws, float* gathered) {
    const float* block_p = source + i0;
    if (gather) {
      // The block's probabilities, copied run by run from the rows it spans.
      for (int64_t j = 0; j < m;) {
        const int64_t i = i0 + j, r = i / dim, col = i - r * dim, run = std::min(m - j, dim - col);
        std::memcpy(gathered + j, source + static_cast<int64_t>(row_index[r]) * dim + col, run * sizeof(float));
        j += run;
      }
      block_p = gathered;
    }
    float* block_out = result + i0;
    for (int64_t j = 0; j < m; ++j) {
      const double u = static_cast<double>(static_cast<int32_t>(draws[j] ^ 0x80000000u)) + 0x1p31;
      block_out[j] = static_cast<float>(u * 0x1p-32 < static_cast<double>(block_p[j]));
    }
  };
  const int64_t groups = (chunks + kLanes - 1) / kLanes;
  parallel_for(groups, 1, [&](int64_t g0, int64_t g1) {
    uint32_t draws[kLanes][kBlock];
    float gathered[kBlock];
    for (int64_t g = g0; g < g1; ++g) {
      const int64_t c0 = g * kLanes, c1 = std::min(chunks, c0 + kLanes);
      if (c1 - c0 == kLanes && c1 * kChunk <= n) {
        // kLanes whole chunks, drawn a block at a time, lane l drawing chunk c0 + l.
        Lanes s[4];
        for (int w = 0; w < 4; ++w) {
          uint32_t words[kLanes];
          for (int l = 0; l < kLanes; ++l) words[l] = starts[c0 + l][w];
          std::memcpy(&s[w], words, sizeof words);
        }
        for (int64_t b = 0; b < kChunk; b += kBlock) {
          for (int64_t j = 0; j < kBlock; ++j) {
            const Lanes drawn = xoshiro128ss(s);
            for (int l = 0; l < kLanes; ++l) draws[l][j] = drawn[l];
          }
          for (int l = 0; l < kLanes; ++l) compare((c0 + l) * kChunk + b, kBlock, draws[l], gathered);
        }
        if (c1 == chunks) {
          for (int w = 0; w < 4; ++w) end[w] = s[w][kLanes - 1];
        }
        continue;
      }
      // The stream's last chunks, one at a time.
      for (int64_t c = c0; c < c1; ++c) {
        State s = starts[c];
        for (int64_t i0 = c * kChunk; i0 < std::min(n, (c + 1) * kChunk); i0 += kBlock) {
          const int64_t m = std::min(kBlock, n - i0);
          for (int64_t j = 0; j < m; ++j) draws[0][j] = xoshiro128ss(s.data());
          compare(i0, m, draws[0], gathered);
        }
        if (c == chunks - 1) end = s;
      }
    }
  });
  for (int w = 0; w < 4; ++w) state.data[w] = end[w];
  return info.Env().Undefined();
}

}  // namespace

void InitRandom(Napi::Env env, Napi::Object exports) {
  exports.Set("standardNormal", Napi::Function::New(env, StandardNormal));
  exports.Set("xoshiro128Bernoulli", Napi::Function::New(env, Xoshiro128Bernoulli));
}

}  // namespace divergent
