// CUDA builds only: the lepton-pair amplitudes (e+e- -> e+e- + 0, 1, 2 photons) evaluated in a
// kernel agree with the reference points and with the host evaluation (up to FMA contraction,
// which nvcc applies and g++ does not).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include <cuda_runtime.h>
#include <gtest/gtest.h>

#include "DeviceTestSupport.hh"

#include "fathom/amplitude/BhabhaAmplitude.hh"
#include "fathom/amplitude/RadiativeBhabhaAmplitude.hh"
#include "ReferenceData.hh"

namespace fathom::test
{
namespace
{
template<class Amplitude, int Legs>
__global__ void amplitude_kernel(Amplitude amplitude, FourVector const* momenta, real_type* me2, int n)
{
    int const i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        me2[i] = amplitude(momenta + Legs * i);
}

//! Legs: 4 + photons, in the reference order.
template<class Amplitude, int Legs>
void check_file(char const* file, bool massive, bool ew)
{
    constexpr char const* names[6] = {"ep_in", "em_in", "ep_out", "em_out", "a1", "a2"};
    FATHOM_SKIP_WITHOUT_REFERENCE();
    ReferenceTable const table = read_reference_table(file);
    ASSERT_TRUE(table.ok) << table.error;
    int const me2_col = table.column("me2");
    ASSERT_GE(me2_col, 0);
    int const n = static_cast<int>(table.rows.size());
    std::vector<FourVector> momenta;
    for (int r = 0; r < n; ++r)
        for (int leg = 0; leg < Legs; ++leg)
            momenta.push_back(table.momentum(r, names[leg]));

    QedParams params;
    params.electron_mass = massive ? params.electron_mass : 0;
    params.z_exchange = ew;
    Amplitude const amplitude{params};

    FourVector* d_momenta = nullptr;
    real_type* d_me2 = nullptr;
    ASSERT_EQ(cudaSuccess, cudaMalloc(&d_momenta, momenta.size() * sizeof(FourVector)));
    ASSERT_EQ(cudaSuccess, cudaMalloc(&d_me2, n * sizeof(real_type)));
    ASSERT_EQ(cudaSuccess,
              cudaMemcpy(d_momenta, momenta.data(), momenta.size() * sizeof(FourVector), cudaMemcpyHostToDevice));
    amplitude_kernel<Amplitude, Legs><<<(n + 63) / 64, 64>>>(amplitude, d_momenta, d_me2, n);
    ASSERT_EQ(cudaSuccess, cudaGetLastError());
    std::vector<real_type> me2(n);
    ASSERT_EQ(cudaSuccess, cudaMemcpy(me2.data(), d_me2, n * sizeof(real_type), cudaMemcpyDeviceToHost));
    cudaFree(d_momenta);
    cudaFree(d_me2);

    real_type worst_ref = 0;
    real_type worst_host = 0;
    for (int r = 0; r < n; ++r)
    {
        real_type const ref = table.rows[r][me2_col];
        real_type const host = amplitude(momenta.data() + Legs * r);
        real_type const d_ref = std::fabs(me2[r] - ref) / std::fabs(ref);
        real_type const d_host = std::fabs(me2[r] - host) / std::fabs(host);
        EXPECT_LT(d_ref, 1e-10) << file << " row " << r;
        EXPECT_LT(d_host, 1e-12) << file << " row " << r;
        worst_ref = std::max(worst_ref, d_ref);
        worst_host = std::max(worst_host, d_host);
    }
    std::printf("[ device    ] %-32s worst vs reference %.3e, vs host %.3e\n", file, worst_ref, worst_host);
}
}  // namespace

TEST(BhabhaDevice, matches_reference_and_host)
{
    FATHOM_REQUIRE_CUDA_DEVICE();
    check_file<BhabhaAmplitude, 4>("ee_ee_massive_qed_rambo.csv", true, false);
    check_file<BhabhaAmplitude, 4>("ee_ee_massive_ew_rambo.csv", true, true);
    check_file<BhabhaAmplitude, 4>("ee_ee_massless_qed_rambo.csv", false, false);
    check_file<BhabhaAmplitude, 4>("ee_ee_massless_ew_rambo.csv", false, true);
}

TEST(RadiativeBhabhaDevice, matches_reference_and_host)
{
    FATHOM_REQUIRE_CUDA_DEVICE();
    check_file<RadiativeBhabhaAmplitude, 5>("ee_eea_massive_qed_rambo.csv", true, false);
    check_file<RadiativeBhabhaAmplitude, 5>("ee_eea_massive_ew_rambo.csv", true, true);
    check_file<RadiativeBhabhaAmplitude, 5>("ee_eea_massless_qed_rambo.csv", false, false);
    check_file<RadiativeBhabhaAmplitude, 5>("ee_eea_massless_ew_rambo.csv", false, true);
}

TEST(DoubleRadiativeBhabhaDevice, matches_reference_and_host)
{
    FATHOM_REQUIRE_CUDA_DEVICE();
    check_file<DoubleRadiativeBhabhaAmplitude, 6>("ee_eeaa_massive_qed_rambo.csv", true, false);
    check_file<DoubleRadiativeBhabhaAmplitude, 6>("ee_eeaa_massive_ew_rambo.csv", true, true);
    check_file<DoubleRadiativeBhabhaAmplitude, 6>("ee_eeaa_massless_qed_rambo.csv", false, false);
    check_file<DoubleRadiativeBhabhaAmplitude, 6>("ee_eeaa_massless_ew_rambo.csv", false, true);
}
}  // namespace fathom::test
