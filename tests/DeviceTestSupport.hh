// Shared by the CUDA-only tests (fathom_add_device_test): they run where a GPU is lent and skip,
// saying why, where none is visible.
#pragma once

#include <cuda_runtime.h>
#include <gtest/gtest.h>

namespace fathom::test
{
inline bool have_cuda_device()
{
    int count = 0;
    return cudaGetDeviceCount(&count) == cudaSuccess && count > 0;
}
}  // namespace fathom::test

#define FATHOM_REQUIRE_CUDA_DEVICE()                 \
    if (!::fathom::test::have_cuda_device())         \
    GTEST_SKIP() << "no CUDA device"
