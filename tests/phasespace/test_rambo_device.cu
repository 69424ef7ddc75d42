// CUDA builds only: RAMBO on the device with PhiloxStream agrees with the host
// (same random numbers; the math libraries differ by ulps, hence 1e-12).
#include <algorithm>
#include <cmath>
#include <vector>

#include <cuda_runtime.h>
#include <gtest/gtest.h>

#include "DeviceTestSupport.hh"

#include "fathom/phasespace/Rambo.hh"
#include "fathom/random/PhiloxStream.hh"

namespace fathom::test
{
namespace
{
constexpr size_type kMax = RamboParams::max_particles;

__global__ void rambo_kernel(RamboParams params,
                             std::uint64_t seed,
                             unsigned int n_events,
                             FourVector* momenta,
                             double* weights)
{
    unsigned int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n_events)
        return;
    Rambo rambo(params);
    PhiloxStream rng(seed, i);
    weights[i] = rambo(rng, momenta + i * kMax);
}

RamboParams make_params(double sqrt_s, std::vector<double> const& masses)
{
    RamboParams p;
    p.sqrt_s = sqrt_s;
    p.n = static_cast<size_type>(masses.size());
    for (std::size_t i = 0; i < masses.size(); ++i)
        p.masses[i] = masses[i];
    return p;
}
}  // namespace

TEST(RamboDevice, MatchesHost)
{
    FATHOM_REQUIRE_CUDA_DEVICE();
    constexpr unsigned int n = 8192;
    std::vector<double> const mass_sets[] = {{0, 0}, {0, 0, 0, 0}, {1, 2, 3}, {80.4, 80.4, 4.8, 4.8, 0, 0}};
    for (auto const& masses : mass_sets)
    {
        RamboParams params = make_params(250.0, masses);
        FourVector* d_p = nullptr;
        double* d_w = nullptr;
        ASSERT_EQ(cudaSuccess, cudaMalloc(&d_p, n * kMax * sizeof(FourVector)));
        ASSERT_EQ(cudaSuccess, cudaMalloc(&d_w, n * sizeof(double)));
        rambo_kernel<<<(n + 127) / 128, 128>>>(params, 42, n, d_p, d_w);
        ASSERT_EQ(cudaSuccess, cudaGetLastError());
        std::vector<FourVector> p(n * kMax);
        std::vector<double> w(n);
        ASSERT_EQ(cudaSuccess,
                  cudaMemcpy(p.data(), d_p, p.size() * sizeof(FourVector), cudaMemcpyDeviceToHost));
        ASSERT_EQ(cudaSuccess, cudaMemcpy(w.data(), d_w, w.size() * sizeof(double), cudaMemcpyDeviceToHost));
        cudaFree(d_p);
        cudaFree(d_w);

        Rambo rambo(params);
        double worst_p = 0, worst_w = 0;
        for (unsigned int i = 0; i < n; ++i)
        {
            PhiloxStream rng(42, i);
            FourVector host[kMax];
            double wh = rambo(rng, host);
            worst_w = std::max(worst_w, std::fabs(w[i] - wh) / wh);
            for (size_type j = 0; j < params.n; ++j)
            {
                FourVector const& d = p[i * kMax + j];
                for (double diff : {d.e - host[j].e, d.px - host[j].px, d.py - host[j].py, d.pz - host[j].pz})
                    worst_p = std::max(worst_p, std::fabs(diff) / params.sqrt_s);
            }
        }
        EXPECT_LE(worst_p, 1e-12) << "n = " << params.n;
        EXPECT_LE(worst_w, 1e-12) << "n = " << params.n;
    }
}
}  // namespace fathom::test
