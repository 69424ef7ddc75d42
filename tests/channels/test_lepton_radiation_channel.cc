// LeptonRadiationChannel: phase-space volume against quadrature and RAMBO (both photon orders),
// the inverse map and density (also on RAMBO events and with the photons swapped), conservation
// laws, the meaning of the decay angles, and the flattening of the collinear enhancement.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <functional>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "ChannelIntegrals.hh"

#include "fathom/base/Constants.hh"
#include "fathom/kinematics/StableInvariants.hh"
#include "fathom/phasespace/Rambo.hh"
#include "fathom/phasespace/channels/LeptonRadiationChannel.hh"
#include "fathom/random/PhiloxStream.hh"

#include "../phasespace/RecursivePhaseSpace.hh"

namespace fathom::test
{
namespace
{
double const sqrt_s = 10.58;
double const me = constants::electron_mass;

std::string swap_name(bool swap)
{
    return swap ? "A = k2" : "A = k1";
}

LeptonRadiationParams params(bool swap, double m = me, double scale = 0)
{
    LeptonRadiationParams p;
    p.sqrt_s = sqrt_s;
    p.lepton_mass = m;
    p.swap_photons = swap;
    p.collinear_scale = scale;
    return p;
}

//! 2 p.k of a lepton (mass m) and a photon, without cancellation.
double two_pk(FourVector const& l, FourVector const& k, double m)
{
    return 2 * invariant_product(l, pabs(l), m * m, k, pabs(k), 0.0);
}

//! Mean of W f over n events of the channel (f = 1 if null).
MeanError integrate_channel(LeptonRadiationParams const& pp, std::uint64_t seed, std::size_t n,
                            EventFunction const& f = nullptr)
{
    return integrate_events(LeptonRadiationChannel(pp), seed, n, f);
}

//! Mean of W f over n massive RAMBO events e+ e- gamma gamma (f = 1 if null).
MeanError integrate_rambo(std::uint64_t seed, std::size_t n, double m, EventFunction const& f = nullptr)
{
    return integrate_events(rambo_eeaa(sqrt_s, m), seed, n, f);
}

//! Four-body volume Phi_4(sqrt_s; m, m, 0, 0) by the recursion of RecursivePhaseSpace.hh.
double four_body_volume(double m)
{
    double fine = recursive_integral(sqrt_s, {m, m, 0.0, 0.0}, GaussLegendre(48));
    double coarse = recursive_integral(sqrt_s, {m, m, 0.0, 0.0}, GaussLegendre(32));
    EXPECT_NEAR(fine, coarse, 1e-9 * fine);
    return fine;
}

//! Pull bound: |pull| < 4 for each check (a ~6e-5 two-sided chance per check).
constexpr double max_pull = 4;
}  // namespace

//---------------------------------------------------------------------------//
// (1) Volume of e+ e- gamma gamma: the channel (both photon orders, default and c = 1 GeV^2,
// and massless leptons with c > 0) against quadrature and against massive RAMBO.
TEST(LeptonRadiationChannel, Volume)
{
    double const ref = four_body_volume(me);
    MeanError rambo = integrate_rambo(1, 1000000, me);
    // Massive RAMBO's weight is nearly constant (relative error ~2e-8 here), and its mean was
    // measured ~1e-7 above the quadrature (converged to 1e-12), ~5 of its own sigmas: compare at
    // the 1e-6 level, far below the channel's errors (~1e-3).
    rambo.pull(ref, "RAMBO volume vs quadrature");
    EXPECT_NEAR(rambo.mean(), ref, 1e-6 * ref);
    std::uint64_t seed = 10;
    for (bool swap : {false, true})
    {
        MeanError c = integrate_channel(params(swap), seed++, 2000000);
        EXPECT_LT(std::fabs(c.pull(ref, swap_name(swap) + ", c = m^2 vs quadrature")), max_pull);
        EXPECT_LT(std::fabs(pull(c, rambo, swap_name(swap) + ", c = m^2 vs RAMBO")), max_pull);
        MeanError c1 = integrate_channel(params(swap, me, 1.0), seed++, 500000);
        EXPECT_LT(std::fabs(c1.pull(ref, swap_name(swap) + ", c = 1 vs quadrature")), max_pull);
        EXPECT_LT(std::fabs(pull(c1, rambo, swap_name(swap) + ", c = 1 vs RAMBO")), max_pull);
    }
    double const ref0 = four_body_volume(0.0);
    MeanError c0 = integrate_channel(params(false, 0.0, 0.1), seed++, 500000);
    EXPECT_LT(std::fabs(c0.pull(ref0, "massless leptons, c = 0.1 vs quadrature")), max_pull);
}

//---------------------------------------------------------------------------//
// (2) density(map(x)) W(x) = 1 and inverse(map(x)) = x at random points, both photon orders.
TEST(LeptonRadiationChannel, InverseConsistency)
{
    std::vector<std::pair<std::string, LeptonRadiationParams>> cases;
    for (bool swap : {false, true})
    {
        cases.push_back({swap_name(swap) + ", c = m^2", params(swap)});
        cases.push_back({swap_name(swap) + ", c = 1", params(swap, me, 1.0)});
    }
    cases.push_back({"massless, c = 0.1", params(false, 0.0, 0.1)});
    std::uint64_t seed = 40;
    for (auto const& [name, pp] : cases)
    {
        LeptonRadiationChannel channel(pp);
        ASSERT_TRUE(channel.valid());
        ASSERT_EQ(8u, channel.ndim());
        ASSERT_EQ(4u, channel.num_final());
        // a quarter of the points near the soft / collinear corners
        auto const corners = [](std::size_t e, double* x) {
            if (e % 4 == 1)
            {
                x[0] *= 1e-4;
                x[4] *= 1e-4;
            }
            else if (e % 4 == 3)
            {
                x[1] *= 1e-4;
                x[6] = 1 - 1e-4 * x[6];
            }
        };
        auto const azimuths = [](int i, double const* x, FourVector const*) {
            return i == 3 || i == 5 || i == 7 ? 2 * std::sqrt(x[i - 1] * (1 - x[i - 1])) : -1.0;
        };
        InverseCheck const c = check_inverse(channel, seed, 100000, corners, azimuths);
        double const worst_density = c.density, worst_x = c.x, worst_phi = c.raw_azimuth;
        std::size_t const zero = c.zero;
        ++seed;
        std::cout << "[ info ] " << name << ": max |g W - 1| = " << worst_density
                  << ", max |x(p(x)) - x| = " << worst_x << " (azimuths times sin theta; max raw azimuth "
                  << worst_phi << "), zero weights " << zero << std::endl;
        EXPECT_EQ(0u, zero) << name;
        // The event itself limits |g W - 1| near the upper end of s1 (x0 -> 1, A1 - a1 small):
        // W depends on A2(s1) ~ A1 - a1, and a1 of the rounded momenta is only known to ~1e-16
        // relative, so W of the doubles is defined to ~1e-16 A1 / (A1 - a1) relative (~2e-11 at
        // 1 - x0 ~ 1e-6, c = 1; checked in quad precision: density() agrees with the exact W of
        // the doubles to the same level).
        EXPECT_LE(worst_density, 5e-11) << name;
        EXPECT_LE(worst_x, 1e-9) << name;
        EXPECT_LE(worst_phi, 1e-7) << name;
    }
}

//---------------------------------------------------------------------------//
// (2b) The two photon orders: density_swap(p3, p4, k1, k2) = density(p3, p4, k2, k1) exactly,
// and the two densities differ on a generic event.
TEST(LeptonRadiationChannel, SwappedPhotons)
{
    LeptonRadiationChannel plain(params(false)), swapped(params(true));
    std::size_t differ = 0;
    FourVector p[4], q[4];
    for (std::size_t e = 0; e < 20000; ++e)
    {
        PhiloxStream rng(45, e);
        ASSERT_GT(plain(rng, p), 0);
        q[0] = p[0];
        q[1] = p[1];
        q[2] = p[3];
        q[3] = p[2];
        double g = plain.density(p), gs = swapped.density(q);
        ASSERT_EQ(g, gs);
        differ += swapped.density(p) != g;
    }
    EXPECT_GT(differ, 19000u);
}

//---------------------------------------------------------------------------//
// (2c) The density on events of another generator: E_RAMBO[w g] = int g dPhi = 1. With
// c = 1 GeV^2 the density is ~ m^2 / (c a_i) at small a_i, so the RAMBO estimate has a small,
// well-sampled variance (with c = m^2 it would be ~ s / m^2).
TEST(LeptonRadiationChannel, DensityOnForeignEvents)
{
    std::uint64_t seed = 50;
    for (bool swap : {false, true})
    {
        LeptonRadiationChannel channel(params(swap, me, 1.0));
        MeanError r = integrate_rambo(seed++, 1000000, me, [&](FourVector const* p) { return channel.density(p); });
        EXPECT_LT(std::fabs(r.pull(1.0, "E_RAMBO[w g], " + swap_name(swap))), max_pull);
    }
    // Impossible events: a photon exactly collinear with a massless lepton (a1 = 0).
    LeptonRadiationChannel massless(params(false, 0.0, 0.1));
    FourVector p[4] = {{2, 0, 0, 2}, {5.29, 0, 0, -5.29}, {3.29, 0, 0, 3.29}, {0, 0, 0, 0}};
    double x[8];
    EXPECT_EQ(0.0, massless.density(p));
    EXPECT_EQ(0.0, massless.inverse(p, x));
}

//---------------------------------------------------------------------------//
// (3) Momentum conservation and on-shell masses, per event.
TEST(LeptonRadiationChannel, ConservationAndMassShell)
{
    std::vector<std::pair<std::string, LeptonRadiationParams>> cases = {
        {"A = k1, c = m^2", params(false)},
        {"A = k2, c = m^2", params(true)},
        {"massless, c = 0.1", params(false, 0.0, 0.1)},
    };
    std::uint64_t seed = 60;
    for (auto const& [name, pp] : cases)
    {
        LeptonRadiationChannel channel(pp);
        double worst_sum = 0, worst_shell = 0;
        FourVector p[4];
        for (std::size_t e = 0; e < 100000; ++e)
        {
            PhiloxStream rng(seed, e);
            ASSERT_GT(channel(rng, p), 0);
            FourVector total{};
            for (int i = 0; i < 4; ++i)
            {
                total += p[i];
                double m = i < 2 ? pp.lepton_mass : 0.0;
                worst_shell = std::max(worst_shell, std::fabs(mass2(p[i]) - m * m) / (p[i].e * p[i].e));
                ASSERT_GT(p[i].e, 0);
            }
            for (double d : {total.e - sqrt_s, total.px, total.py, total.pz})
                worst_sum = std::max(worst_sum, std::fabs(d) / sqrt_s);
        }
        ++seed;
        std::cout << "[ info ] " << name << ": max |sum p - P|/sqrt_s = " << worst_sum
                  << ", max |p^2 - m^2|/E^2 = " << worst_shell << std::endl;
        EXPECT_LE(worst_sum, 1e-13) << name;
        EXPECT_LE(worst_shell, 1e-13) << name;
    }
}

//---------------------------------------------------------------------------//
// (4) Meaning of the variables: 2 p3.A = a1 = c expm1(L1 x0) (checked via density's inverse
// above), and x4: the photon A's CM energy is E_A = (k* / m1)(E1 + q cos*) with cos* = 2 x4 - 1,
// i.e. x4 -> 0 is the photon soft in the CM frame: E_A against that value written without
// cancellation (E1 + q cos* = s1 / (E1 + q) + 2 q x4, from the event's own a1 and |Y1|), also for
// x4 = 1e-9 u (soft photons of strongly boosted clusters). And Y1 along cos theta = 2 x2 - 1,
// Y2 opposite.
TEST(LeptonRadiationChannel, DecayAngleMeaning)
{
    LeptonRadiationChannel channel(params(false));
    double worst = 0, worst_dir = 0;
    FourVector p[4];
    for (std::size_t e = 0; e < 50000; ++e)
    {
        PhiloxStream rng(70, e);
        double x[8];
        for (double& xi : x)
            xi = rng.uniform();
        x[4] = e % 2 ? 1e-9 * x[4] : x[4];
        ASSERT_GT(channel.map(x, p), 0);
        FourVector const y1 = p[0] + p[2];
        double const a1 = two_pk(p[0], p[2], me);
        double const s1 = me * me + a1, m1 = std::sqrt(s1);
        double const q = pabs(y1), e1 = std::sqrt(s1 + q * q);
        double const k_star = a1 / (2 * m1);
        double const expected = k_star / m1 * (s1 / (e1 + q) + 2 * q * x[4]);
        worst = std::max(worst, std::fabs(p[2].e / expected - 1));
        // Y1 along (theta, phi) of x2, x3; Y2 opposite
        double const c = 2 * x[2] - 1;
        worst_dir = std::max(worst_dir, std::fabs(y1.pz / q - c));
        FourVector const y2 = p[1] + p[3];
        worst_dir = std::max(worst_dir, std::fabs(y2.pz / pabs(y2) + c));
    }
    std::cout << "[ info ] max |E_A / expected - 1| = " << worst << ", max |cos theta_Y - (2 x2 - 1)| = " << worst_dir
              << std::endl;
    EXPECT_LE(worst, 1e-11);
    EXPECT_LE(worst_dir, 1e-12);
}

//---------------------------------------------------------------------------//
// (5) The collinear + soft enhancement f = 1 / ((p3.k1)(p4.k2)): W f = 4 W / (a1 a2) is ~ L1 L2 q
// for c = m^2, so its relative variance is O(0.1), while RAMBO's is dominated by the rare
// nearly collinear or soft events (the true one is infinite: int f^2 dPhi diverges
// logarithmically at soft photons). Both estimates of int f dPhi agree within errors.
TEST(LeptonRadiationChannel, CollinearVarianceGain)
{
    auto f = [](FourVector const* p) { return 4 / (two_pk(p[0], p[2], me) * two_pk(p[1], p[3], me)); };
    MeanError rambo = integrate_rambo(80, 2000000, me, f);
    MeanError c = integrate_channel(params(false), 81, 500000, f);
    double rel_rambo = rambo.variance() / (rambo.mean() * rambo.mean());
    double rel_channel = c.variance() / (c.mean() * c.mean());
    std::cout << "[ info ] 1/((p3.k1)(p4.k2)): channel " << c.mean() << " +- " << c.error() << ", rel. var "
              << rel_channel << "; RAMBO " << rambo.mean() << " +- " << rambo.error() << ", rel. var " << rel_rambo
              << "; variance ratio RAMBO / channel " << rel_rambo / rel_channel << std::endl;
    EXPECT_LT(rel_channel, 1.0);
    EXPECT_GT(rel_rambo / rel_channel, 1e3);
    // RAMBO's error estimate is unreliable for this f (heavy tail), so only a loose agreement
    EXPECT_LT(std::fabs(pull(c, rambo, "int f dPhi: channel vs RAMBO")), 2 * max_pull);
}

//---------------------------------------------------------------------------//
// (6) Invalid parameters give valid() == false and zero weights with zero momenta.
TEST(LeptonRadiationChannel, InvalidParameters)
{
    std::vector<LeptonRadiationParams> bad = {
        params(false, 0.0, 0.0),     // massless leptons need a positive scale
        params(false, -1.0),         // negative lepton mass
        params(false, 6.0),          // 2 m >= sqrt_s
        params(false, me, -1.0),     // negative scale
    };
    LeptonRadiationParams zero_s = params(false);
    zero_s.sqrt_s = 0;
    bad.push_back(zero_s);
    for (auto const& b : bad)
        expect_invalid<LeptonRadiationChannel>(b);
}
}  // namespace fathom::test
