// CUDA builds only: the ALP and multi-photon functors evaluated in a kernel agree with the host
// evaluation (up to FMA contraction, which nvcc applies and g++ does not) and with the reference
// points.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include <cuda_runtime.h>
#include <gtest/gtest.h>

#include "DeviceTestSupport.hh"

#include "fathom/amplitude/AlpFusionAmplitude.hh"
#include "fathom/amplitude/AlpFusionDiphotonAmplitude.hh"
#include "fathom/amplitude/AlpPhotonAmplitude.hh"
#include "fathom/amplitude/AlpThreePhotonsAmplitude.hh"
#include "fathom/amplitude/EeToThreePhotonsAmplitude.hh"
#include "fathom/amplitude/EeToTwoPhotonsAmplitude.hh"

#include "AlpTestSupport.hh"
#include "ReferenceData.hh"

namespace fathom::test
{
namespace
{
//! me2 of the events momenta[n_legs * i ...], one thread per event.
template<class Functor>
__global__ void me2_kernel(Functor f, FourVector const* momenta, int n_legs, real_type* me2, int n)
{
    int const i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        me2[i] = f(momenta + n_legs * i);
}

//! The components of e+e- -> e+e- a (or -> e+e- gamma gamma): total, fusion, annihilation, interference.
template<class Functor>
__global__ void components_kernel(Functor f, FourVector const* momenta, int n_legs, real_type* out, int n)
{
    int const i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
    {
        AlpFusionMe const me = f.components(momenta + n_legs * i);
        out[4 * i + 0] = me.total;
        out[4 * i + 1] = me.fusion;
        out[4 * i + 2] = me.annihilation;
        out[4 * i + 3] = me.interference;
    }
}

//! Run `kernel`-style evaluation on the device: momenta of n events with n_legs legs each.
template<class Launch>
std::vector<real_type> on_device(std::vector<FourVector> const& momenta, int values, Launch launch)
{
    FourVector* d_momenta = nullptr;
    real_type* d_out = nullptr;
    std::vector<real_type> out(values);
    EXPECT_EQ(cudaSuccess, cudaMalloc(&d_momenta, momenta.size() * sizeof(FourVector)));
    EXPECT_EQ(cudaSuccess, cudaMalloc(&d_out, values * sizeof(real_type)));
    EXPECT_EQ(cudaSuccess,
              cudaMemcpy(d_momenta, momenta.data(), momenta.size() * sizeof(FourVector), cudaMemcpyHostToDevice));
    launch(d_momenta, d_out);
    EXPECT_EQ(cudaSuccess, cudaGetLastError());
    EXPECT_EQ(cudaSuccess, cudaMemcpy(out.data(), d_out, values * sizeof(real_type), cudaMemcpyDeviceToHost));
    cudaFree(d_momenta);
    cudaFree(d_out);
    return out;
}

template<class Functor>
void check_me2(char const* what, Functor const& f, std::vector<FourVector> const& momenta, int n_legs)
{
    int const n = static_cast<int>(momenta.size()) / n_legs;
    std::vector<real_type> const device = on_device(momenta, n, [&](FourVector const* p, real_type* out) {
        me2_kernel<<<(n + 63) / 64, 64>>>(f, p, n_legs, out, n);
    });
    real_type worst = 0;
    for (int i = 0; i < n; ++i)
    {
        real_type const host = f(momenta.data() + n_legs * i);
        real_type const d = std::fabs(device[i] - host) / std::fabs(host);
        // FMA contraction changes the rounding of each propagator denominator (AlpTestSupport.hh)
        Event const ev(momenta.begin() + n_legs * i, momenta.begin() + n_legs * (i + 1));
        EXPECT_LT(d, 1e-12 + 16 * propagator_rounding(ev)) << what << " event " << i;
        worst = std::max(worst, d);
    }
    std::printf("[ device    ] %-40s %3d events, worst relative device - host %.3e\n", what, n, worst);
}

template<class Functor>
void check_components(char const* what,
                      Functor const& f,
                      std::vector<FourVector> const& momenta,
                      int n_legs,
                      ReferenceTable const* table)
{
    int const n = static_cast<int>(momenta.size()) / n_legs;
    std::vector<real_type> const device = on_device(momenta, 4 * n, [&](FourVector const* p, real_type* out) {
        components_kernel<<<(n + 63) / 64, 64>>>(f, p, n_legs, out, n);
    });
    char const* columns[4] = {"me2", "me2_fusion", "me2_annihilation", "me2_interference"};
    real_type worst = 0, worst_ref = 0;
    for (int i = 0; i < n; ++i)
    {
        AlpFusionMe const h = f.components(momenta.data() + n_legs * i);
        real_type const host[4] = {h.total, h.fusion, h.annihilation, h.interference};
        for (int c = 0; c < 4; ++c)
        {
            real_type const d = std::fabs(device[4 * i + c] - host[c]) / std::fabs(host[c]);
            EXPECT_LT(d, 1e-12) << what << " event " << i << " " << columns[c];
            worst = std::max(worst, d);
            if (table && table->column(columns[c]) >= 0)
            {
                real_type const ref = table->rows[i][table->column(columns[c])];
                real_type const dr = std::fabs(device[4 * i + c] - ref) / std::fabs(ref);
                EXPECT_LT(dr, 1e-10) << what << " event " << i << " " << columns[c];
                worst_ref = std::max(worst_ref, dr);
            }
        }
    }
    std::printf("[ device    ] %-40s %3d events, worst device - host %.3e, device - reference %.3e\n", what, n,
                worst, worst_ref);
}

std::vector<FourVector> table_momenta(ReferenceTable const& t, std::vector<char const*> const& legs)
{
    std::vector<FourVector> m;
    for (std::size_t r = 0; r < t.rows.size(); ++r)
        for (char const* leg : legs)
            m.push_back(t.momentum(r, leg));
    return m;
}
}  // namespace

TEST(AlpDevice, functors_match_host_and_reference)
{
    FATHOM_REQUIRE_CUDA_DEVICE();

    std::mt19937_64 rng(41);
    real_type const me = 0.000510998950;
    QedAnnihilationParams const qed{1 / 137.035999, me};

    // e+e- -> gamma gamma, gamma gamma gamma
    std::vector<FourVector> two, three;
    for (int i = 0; i < 64; ++i)
    {
        for (auto const& p : concat(beams(belle2_sqrt_s, me), two_massless(belle2_sqrt_s, rng)))
            two.push_back(p);
        for (auto const& p : concat(beams(belle2_sqrt_s, me), three_massless(belle2_sqrt_s, rng)))
            three.push_back(p);
    }
    check_me2("e+e- -> gamma gamma", EeToTwoPhotonsAmplitude{qed}, two, 4);
    check_me2("e+e- -> gamma gamma gamma", EeToThreePhotonsAmplitude{qed}, three, 5);

    // e+e- -> gamma a: reference points
    FATHOM_SKIP_WITHOUT_REFERENCE();
    ReferenceTable const aax = read_reference_table("alp_ee_aax_m1.csv");
    ASSERT_TRUE(aax.ok) << aax.error;
    check_me2("e+e- -> gamma a (alp_ee_aax_m1)", AlpPhotonAmplitude{reference_alp_params(1.0)},
              table_momenta(aax, {"ep_in", "em_in", "a", "ax"}), 4);

    // e+e- -> gamma gamma gamma through the ALP: the reference points with the ALP decayed
    std::vector<FourVector> resonant;
    std::uniform_real_distribution<real_type> u(0, 1);
    for (std::size_t r = 0; r < aax.rows.size(); ++r)
    {
        auto const [k1, k2] = two_body(aax.momentum(r, "ax"), 0, 0, 2 * u(rng) - 1, 2 * pi * u(rng));
        for (auto const& p : {aax.momentum(r, "ep_in"), aax.momentum(r, "em_in"), aax.momentum(r, "a"), k1, k2})
            resonant.push_back(p);
    }
    AlpParams bw = reference_alp_params(1.0);
    AlpParams nw = bw;
    nw.lineshape = AlpLineshape::narrow_width;
    check_me2("e+e- -> 3 gamma via ALP, Breit-Wigner", AlpThreePhotonsAmplitude{bw}, resonant, 5);
    check_me2("e+e- -> 3 gamma via ALP, narrow width", AlpThreePhotonsAmplitude{nw}, resonant, 5);

    // e+e- -> e+e- a: reference points, all components
    ReferenceTable const eeax = read_reference_table("alp_ee_eeax_m1.csv");
    ASSERT_TRUE(eeax.ok) << eeax.error;
    check_components("e+e- -> e+e- a (alp_ee_eeax_m1)", AlpFusionAmplitude{bw},
                     table_momenta(eeax, {"ep_in", "em_in", "ep_out", "em_out", "ax"}), 5, &eeax);

    // e+e- -> e+e- gamma gamma through the ALP
    ReferenceTable const eeaa = read_reference_table("alp_ee_eeaa_m1_onshell.csv");
    ASSERT_TRUE(eeaa.ok) << eeaa.error;
    std::vector<FourVector> const eeaa_momenta
        = table_momenta(eeaa, {"ep_in", "em_in", "ep_out", "em_out", "a1", "a2"});
    check_components("e+e- -> e+e- gamma gamma via ALP (onshell)", AlpFusionDiphotonAmplitude{bw}, eeaa_momenta, 6,
                     nullptr);
    check_me2("e+e- -> e+e- gamma gamma via ALP, narrow", AlpFusionDiphotonAmplitude{nw}, eeaa_momenta, 6);
}
}  // namespace fathom::test
