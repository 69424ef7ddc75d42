// CUDA builds only: PhiloxStream on the device (cuRAND's device API) equals the
// host implementation (Random123), bit for bit, for thousands of events.
#include <cstdint>
#include <vector>

#include <cuda_runtime.h>
#include <curand_kernel.h>
#include <gtest/gtest.h>

#include "DeviceTestSupport.hh"

#include "fathom/random/PhiloxStream.hh"

namespace fathom::test
{
namespace
{
constexpr unsigned int kDraws = 23;  // odd: the last block is half used

// Event i of the batch is first_event + i * stride (stride spreads over counter words).
__global__ void stream_kernel(std::uint64_t seed,
                              event_index_type first_event,
                              event_index_type stride,
                              unsigned int n_events,
                              double* out_stream,
                              double* out_curand)
{
    unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n_events)
        return;
    event_index_type event = first_event + i * stride;
    PhiloxStream stream(seed, event);
    for (unsigned int k = 0; k < kDraws; ++k)
        out_stream[i * kDraws + k] = stream.uniform();

    // The defining cuRAND calls, written out.
    curandStatePhilox4_32_10_t st;
    curand_init(seed, event, 0, &st);
    for (unsigned int k = 0; k < kDraws; k += 2)
    {
        double2 d = curand_uniform2_double(&st);
        out_curand[i * kDraws + k] = d.x;
        if (k + 1 < kDraws)
            out_curand[i * kDraws + k + 1] = d.y;
    }
}

void check_batch(std::uint64_t seed, event_index_type first, event_index_type stride)
{
    constexpr unsigned int n = 4096;
    std::size_t const size = std::size_t{n} * kDraws;
    double* d_stream = nullptr;
    double* d_curand = nullptr;
    ASSERT_EQ(cudaSuccess, cudaMalloc(&d_stream, size * sizeof(double)));
    ASSERT_EQ(cudaSuccess, cudaMalloc(&d_curand, size * sizeof(double)));
    stream_kernel<<<(n + 127) / 128, 128>>>(seed, first, stride, n, d_stream, d_curand);
    ASSERT_EQ(cudaSuccess, cudaGetLastError());
    std::vector<double> h_stream(size), h_curand(size);
    ASSERT_EQ(cudaSuccess,
              cudaMemcpy(h_stream.data(), d_stream, size * sizeof(double), cudaMemcpyDeviceToHost));
    ASSERT_EQ(cudaSuccess,
              cudaMemcpy(h_curand.data(), d_curand, size * sizeof(double), cudaMemcpyDeviceToHost));
    cudaFree(d_stream);
    cudaFree(d_curand);

    std::size_t vs_host = 0, vs_curand = 0;
    for (unsigned int i = 0; i < n; ++i)
    {
        PhiloxStream host(seed, first + i * stride);
        for (unsigned int k = 0; k < kDraws; ++k)
        {
            double h = host.uniform();
            vs_host += (h != h_stream[i * kDraws + k]);
            vs_curand += (h != h_curand[i * kDraws + k]);
        }
    }
    EXPECT_EQ(0u, vs_host) << "device PhiloxStream vs host PhiloxStream";
    EXPECT_EQ(0u, vs_curand) << "raw curand_uniform2_double vs host PhiloxStream";
}
}  // namespace

TEST(PhiloxDevice, MatchesHost)
{
    FATHOM_REQUIRE_CUDA_DEVICE();
    check_batch(0, 0, 1);
    check_batch(123456789ull, 0, 1);
    // events straddling 2^32 (counter word 3) with a seed using both key words
    check_batch(0xfedcba9876543210ull, 0xffffffffull - 2000, 1);
    // events spread over the full 64-bit range
    check_batch(31337ull, 12345, 0x000fedcba9876543ull);
}
}  // namespace fathom::test
