// A grow-only, 64-byte aligned scratch buffer, kept per thread (thread_local) so that
// repeated kernel calls allocate nothing once warmed up.
#pragma once

#include <cstddef>
#include <cstdlib>

namespace divergent {

class ScratchBuffer {
 public:
  ScratchBuffer() = default;
  ScratchBuffer(const ScratchBuffer&) = delete;
  ScratchBuffer& operator=(const ScratchBuffer&) = delete;
  ~ScratchBuffer() { std::free(data_); }

  /** At least `count` floats, contents unspecified; nullptr if memory is exhausted. */
  float* floats(size_t count) {
    size_t bytes = (count * sizeof(float) + 63) / 64 * 64;
    if (bytes > capacity_) {
      std::free(data_);
      data_ = std::aligned_alloc(64, bytes);
      capacity_ = data_ != nullptr ? bytes : 0;
    }
    return static_cast<float*>(data_);
  }

 private:
  void* data_ = nullptr;
  size_t capacity_ = 0;
};

}  // namespace divergent
