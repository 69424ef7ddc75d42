// PairAnnihilationChannel: phase-space volumes against quadrature and RAMBO (all decay axes),
// the inverse map and density (also on RAMBO events and with the photons swapped), conservation
// laws, the meaning of the lepton decay axis, and the fixed-mass (narrow-width ALP) mode against
// the three-body volume and TwoPhotonFusionChannel's fixed mass (the same convention).
#include <algorithm>
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
#include "fathom/phasespace/channels/PairAnnihilationChannel.hh"
#include "fathom/phasespace/channels/TwoPhotonFusionChannel.hh"
#include "fathom/random/PhiloxStream.hh"

#include "RecursivePhaseSpace.hh"

namespace fathom::test
{
namespace
{
double const pi = std::acos(-1.0);
double const sqrt_s = 10.58;
double const me = constants::electron_mass;

constexpr PhotonDecayAxis all_axes[] = {PhotonDecayAxis::beam, PhotonDecayAxis::positron, PhotonDecayAxis::electron};

std::string axis_name(PhotonDecayAxis a)
{
    return a == PhotonDecayAxis::beam ? "beam axis" : (a == PhotonDecayAxis::positron ? "e+ axis" : "e- axis");
}

PairAnnihilationParams params(double m_lo, double m_hi, PhotonDecayAxis axis, double m = me, double scale = 0)
{
    PairAnnihilationParams p;
    p.sqrt_s = sqrt_s;
    p.lepton_mass = m;
    p.pair_mass_min = m_lo;
    p.pair_mass_max = m_hi;
    p.decay_axis = axis;
    p.dilepton_mass_scale = scale;
    return p;
}

//! Fixed mass m_a (narrow-width ALP, decayed isotropically).
PairAnnihilationParams fixed(double m_a, PhotonDecayAxis axis = PhotonDecayAxis::beam, double scale = 0)
{
    PairAnnihilationParams p = params(0, 0, axis, me, scale);
    p.fixed_mass = true;
    p.pair_mass = m_a;
    return p;
}

//! TwoPhotonFusionChannel's fixed mass, decayed: the partner of the fixed-mass mode in alp_fusion.
TwoPhotonFusionParams fusion_fixed(double m_a, FirstLepton first)
{
    TwoPhotonFusionParams p;
    p.sqrt_s = sqrt_s;
    p.lepton_mass = me;
    p.fixed_mass = true;
    p.pair_mass = m_a;
    p.decay = true;
    p.first = first;
    return p;
}

//! Phi_3(sqrt_s; M, m, m) by the recursion of RecursivePhaseSpace.hh, checked converged.
double three_body_volume(double big_m, double m = me)
{
    double fine = recursive_integral(sqrt_s, {big_m, m, m}, GaussLegendre(64));
    double coarse = recursive_integral(sqrt_s, {big_m, m, m}, GaussLegendre(48));
    EXPECT_NEAR(fine, coarse, 1e-10 * fine);
    return fine;
}

double diphoton_mass(FourVector const* p)
{
    return std::sqrt(2 * invariant_product(p[2], pabs(p[2]), 0.0, p[3], pabs(p[3]), 0.0));
}

//! Mean of W over n events of the channel.
MeanError integrate_channel(PairAnnihilationParams const& pp, std::uint64_t seed, std::size_t n)
{
    return integrate_events(PairAnnihilationChannel(pp), seed, n);
}

//! Mean of W f over n massive RAMBO events e+ e- gamma gamma with m_gg in [lo, hi], 0 outside.
MeanError integrate_rambo(std::uint64_t seed, std::size_t n, double lo, double hi, EventFunction const& f = nullptr)
{
    return integrate_events(rambo_eeaa(sqrt_s, me), seed, n, [&](FourVector const* p) {
        double const m = diphoton_mass(p);
        return m >= lo && m <= hi ? (f ? f(p) : 1.0) : 0.0;
    });
}

/*!
 * Reference volume, independent of the channel's factorisation: int_window dM^2/(2 pi)
 * Phi_3(sqrt_s; M, m, m) / (8 pi), the three-body volume by the recursion of
 * RecursivePhaseSpace.hh (M split off first), Gauss-Legendre in M^2; convergence checked.
 */
double window_volume(double lo, double hi, double m)
{
    auto three_body = [&](double big_m) {
        double fine = recursive_integral(sqrt_s, {big_m, m, m}, GaussLegendre(64));
        double coarse = recursive_integral(sqrt_s, {big_m, m, m}, GaussLegendre(48));
        EXPECT_NEAR(fine, coarse, 1e-10 * fine);
        return fine;
    };
    auto integral = [&](int nodes) {
        GaussLegendre gl(nodes);
        double sum = 0, a = lo * lo, b = hi * hi;
        for (int i = 0; i < nodes; ++i)
        {
            double m2 = a + (b - a) * (gl.x[i] + 1) / 2;
            sum += gl.w[i] * (b - a) / 2 / (2 * pi) * three_body(std::sqrt(m2)) / (8 * pi);
        }
        return sum;
    };
    // Phi_3 has an M^2 log M^2 term at M = 0 (massless leptons, window from 0), so the outer rule
    // converges slowly there; 1e-6 is far below the MC errors (~3e-3) it is compared with.
    double fine = integral(32), coarse = integral(24);
    EXPECT_NEAR(fine, coarse, 1e-6 * fine);
    return fine;
}

//! Pull bound: |pull| < 4 for each check (a ~6e-5 two-sided chance per check).
constexpr double max_pull = 4;
}  // namespace

//---------------------------------------------------------------------------//
// (1) Volume of e+ e- gamma gamma with m_gg in a window: the channel with each decay axis (exact
// maps of the same space, so equal volumes) against quadrature and against RAMBO with the window
// as a cut; a massless-lepton case and a non-default dilepton scale against quadrature.
TEST(PairAnnihilationChannel, WindowVolume)
{
    double const lo = 0.5, hi = 4.0;
    double const ref = window_volume(lo, hi, me);
    MeanError rambo = integrate_rambo(1, 2000000, lo, hi);
    EXPECT_LT(std::fabs(rambo.pull(ref, "RAMBO window volume vs quadrature")), max_pull);
    std::uint64_t seed = 10;
    std::vector<MeanError> by_axis;
    for (auto axis : all_axes)
    {
        MeanError c = integrate_channel(params(lo, hi, axis), seed++, 500000);
        EXPECT_LT(std::fabs(c.pull(ref, axis_name(axis) + " vs quadrature")), max_pull);
        EXPECT_LT(std::fabs(pull(c, rambo, axis_name(axis) + " vs RAMBO")), max_pull);
        by_axis.push_back(c);
    }
    EXPECT_LT(std::fabs(pull(by_axis[1], by_axis[0], "e+ axis vs beam axis")), max_pull);
    EXPECT_LT(std::fabs(pull(by_axis[2], by_axis[0], "e- axis vs beam axis")), max_pull);

    // other windows, scales and massless leptons against quadrature
    struct Case
    {
        std::string name;
        PairAnnihilationParams p;
    };
    std::vector<Case> cases = {
        {"narrow window 1.0-1.2, e+ axis", params(1.0, 1.2, PhotonDecayAxis::positron)},
        {"c = 1 GeV^2, e- axis", params(lo, hi, PhotonDecayAxis::electron, me, 1.0)},
        {"massless leptons, beam axis", params(lo, hi, PhotonDecayAxis::beam, 0.0)},
        {"massless leptons, e+ axis, from M = 0", params(0.0, 2.0, PhotonDecayAxis::positron, 0.0)},
    };
    for (auto const& c : cases)
    {
        double r = window_volume(c.p.pair_mass_min, c.p.pair_mass_max, c.p.lepton_mass);
        MeanError v = integrate_channel(c.p, seed++, 300000);
        EXPECT_LT(std::fabs(v.pull(r, c.name + " vs quadrature")), max_pull);
    }
}

//---------------------------------------------------------------------------//
// (2) density(map(x)) W(x) = 1 and inverse(map(x)) = x at random points, all decay axes.
TEST(PairAnnihilationChannel, InverseConsistency)
{
    std::vector<std::pair<std::string, PairAnnihilationParams>> cases;
    for (auto axis : all_axes)
    {
        cases.push_back({"window 0.5-4, " + axis_name(axis), params(0.5, 4.0, axis)});
        cases.push_back({"wide window 0.01-10, " + axis_name(axis), params(0.01, 10.0, axis)});
    }
    cases.push_back({"massless, c = 0.1, e- axis", params(0.1, 5.0, PhotonDecayAxis::electron, 0.0, 0.1)});
    std::uint64_t seed = 40;
    for (auto const& [name, pp] : cases)
    {
        PairAnnihilationChannel channel(pp);
        ASSERT_TRUE(channel.valid());
        ASSERT_EQ(8u, channel.ndim());
        ASSERT_EQ(4u, channel.num_final());
        // azimuths are periodic (not weighted: no point here is near a pole)
        auto const azimuths = [](int i, double const*, FourVector const*) {
            return i == 3 || i == 5 || i == 7 ? 1.0 : -1.0;
        };
        InverseCheck const c = check_inverse(channel, seed, 100000, unperturbed, azimuths);
        double const worst_density = c.density, worst_x = c.x;
        std::size_t const zero = c.zero;
        ++seed;
        std::cout << "[ info ] " << name << ": max |g W - 1| = " << worst_density
                  << ", max |x(p(x)) - x| = " << worst_x << ", zero weights " << zero << std::endl;
        EXPECT_EQ(0u, zero) << name;
        // The output momenta themselves limit |g W - 1|: for a nearly collinear lepton pair
        // (x1 ~ 1e-5, m_Y^2 - 4 m^2 ~ 1e-9 GeV^2) the exact u = m_Y^2 - 4 m^2 of the rounded
        // doubles differs from the u the map intended by ~3e-11 relative (checked in quad
        // precision), while density() recovers the u of the doubles to ~1e-12.
        EXPECT_LE(worst_density, 5e-11) << name;
        EXPECT_LE(worst_x, 1e-9) << name;
    }
}

//---------------------------------------------------------------------------//
// (2b) Photon order: the event with k1 <-> k2 has the same density (W depends on invariants
// symmetric in the photons), and inverse() of the swapped event maps back to the swapped event.
TEST(PairAnnihilationChannel, SwappedPhotons)
{
    for (auto axis : all_axes)
    {
        PairAnnihilationChannel channel(params(0.5, 4.0, axis));
        double worst_g = 0, worst_p = 0;
        FourVector p[4], q[4], r[4];
        for (std::size_t e = 0; e < 50000; ++e)
        {
            PhiloxStream rng(45, e);
            double w = channel(rng, p);
            ASSERT_GT(w, 0);
            q[0] = p[0];
            q[1] = p[1];
            q[2] = p[3];
            q[3] = p[2];
            double y[8];
            double g = channel.inverse(q, y);
            worst_g = std::max(worst_g, std::fabs(g * w - 1));
            double w2 = channel.map(y, r);
            ASSERT_GT(w2, 0);
            for (int i = 0; i < 4; ++i)
                for (double d : {r[i].e - q[i].e, r[i].px - q[i].px, r[i].py - q[i].py, r[i].pz - q[i].pz})
                    worst_p = std::max(worst_p, std::fabs(d) / sqrt_s);
        }
        std::cout << "[ info ] swapped photons, " << axis_name(axis) << ": max |g W - 1| = " << worst_g
                  << ", max |p(x(q)) - q| / sqrt_s = " << worst_p << std::endl;
        EXPECT_LE(worst_g, 1e-11);
        EXPECT_LE(worst_p, 1e-9);
    }
}

//---------------------------------------------------------------------------//
// (2c) The density on events of another generator: E_RAMBO[w g] over the window = int g dPhi = 1
// (g a normalised density on the window), photons in RAMBO's order. With c = 1 GeV^2, g <=
// 1 / (c ...) is bounded, so the RAMBO estimate has a finite, well-sampled variance. And g = 0
// outside the mass window, g > 0 inside.
TEST(PairAnnihilationChannel, DensityOnForeignEvents)
{
    double const lo = 0.5, hi = 4.0;
    PairAnnihilationChannel channel(params(lo, hi, PhotonDecayAxis::positron, me, 1.0));
    MeanError r = integrate_rambo(50, 2000000, lo, hi, [&](FourVector const* p) { return channel.density(p); });
    EXPECT_LT(std::fabs(r.pull(1.0, "E_RAMBO[w g] on the window")), max_pull);

    PairAnnihilationChannel wide(params(0.01, 10.0, PhotonDecayAxis::beam));
    PairAnnihilationChannel narrow(params(1.1, 1.15, PhotonDecayAxis::electron));
    std::size_t in = 0, nonzero_outside = 0, zero_inside = 0;
    FourVector p[4];
    for (std::size_t e = 0; e < 100000; ++e)
    {
        PhiloxStream rng(51, e);
        ASSERT_GT(wide(rng, p), 0);
        double m = diphoton_mass(p);
        bool inside = m > 1.1 && m < 1.15;
        in += inside;
        double g = narrow.density(p);
        double x[8];
        double gi = narrow.inverse(p, x);
        nonzero_outside += (!inside && (g != 0 || gi != 0));
        zero_inside += (inside && !(g > 0 && gi == g));
    }
    EXPECT_GT(in, 0u);
    EXPECT_EQ(0u, nonzero_outside);
    EXPECT_EQ(0u, zero_inside);
}

//---------------------------------------------------------------------------//
// (3) Momentum conservation and on-shell masses, per event; the pair mass lies in the window.
TEST(PairAnnihilationChannel, ConservationAndMassShell)
{
    std::vector<std::pair<std::string, PairAnnihilationParams>> cases = {
        {"window, beam axis", params(0.5, 4.0, PhotonDecayAxis::beam)},
        {"wide, e+ axis", params(0.01, 10.0, PhotonDecayAxis::positron)},
        {"wide, e- axis", params(0.01, 10.0, PhotonDecayAxis::electron)},
        {"massless, e+ axis", params(0.1, 5.0, PhotonDecayAxis::positron, 0.0)},
    };
    std::uint64_t seed = 60;
    for (auto const& [name, pp] : cases)
    {
        PairAnnihilationChannel channel(pp);
        double worst_sum = 0, worst_shell = 0;
        std::size_t outside = 0;
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
            double m = diphoton_mass(p);
            outside += !(m >= pp.pair_mass_min * (1 - 1e-12) && m <= pp.pair_mass_max * (1 + 1e-12));
        }
        ++seed;
        std::cout << "[ info ] " << name << ": max |sum p - P|/sqrt_s = " << worst_sum
                  << ", max |p^2 - m^2|/E^2 = " << worst_shell << std::endl;
        EXPECT_LE(worst_sum, 1e-13) << name;
        EXPECT_LE(worst_shell, 1e-13) << name;
        EXPECT_EQ(0u, outside) << name;
    }
}

//---------------------------------------------------------------------------//
// (4) The decay axis. Lepton axes: k1.l (Lorentz invariant) = (M / 2)(E_l* - |l*| cos) with
// cos = 2 x4 - 1, E_l* = l.X / M, |l*| = (E_l*^2 - m^2)^1/2, so x4 -> 1 is the photon collinear
// with that lepton (written as (M/2)(m^2 / (E* + |l*|) + 2 |l*| (1 - x4)), no cancellation).
// Beam axis: x4 is cos theta* of k1 about the z axis in the X rest frame (pure boost).
// Half the events sit near the collinear peak, x4 = 1 - 1e-7 u.
TEST(PairAnnihilationChannel, DecayAxisMeaning)
{
    for (auto axis : all_axes)
    {
        PairAnnihilationChannel channel(params(0.5, 4.0, axis));
        double worst = 0;
        FourVector p[4];
        for (std::size_t e = 0; e < 50000; ++e)
        {
            PhiloxStream rng(70, e);
            double x[8];
            for (double& xi : x)
                xi = rng.uniform();
            x[4] = e % 2 ? 1 - 1e-7 * x[4] : x[4];
            ASSERT_GT(channel.map(x, p), 0);
            FourVector const big_x = p[2] + p[3];
            double const big_m = diphoton_mass(p);
            if (axis == PhotonDecayAxis::beam)
            {
                FourVector const k = boost(p[2], -big_x.px / big_x.e, -big_x.py / big_x.e, -big_x.pz / big_x.e);
                worst = std::max(worst, std::fabs(k.pz / pabs(k) - (2 * x[4] - 1)));
                continue;
            }
            FourVector const& l = p[axis == PhotonDecayAxis::positron ? 0 : 1];
            double const lx = invariant_product(l, pabs(l), me * me, big_x, pabs(big_x), big_m * big_m);
            double const e_star = lx / big_m;
            double const k_star = std::sqrt((e_star - me) * (e_star + me));
            double const expected = big_m / 2 * (me * me / (e_star + k_star) + k_star * 2 * (1 - x[4]));
            double const kl = invariant_product(p[2], pabs(p[2]), 0.0, l, pabs(l), me * me);
            worst = std::max(worst, std::fabs(kl / expected - 1));
        }
        std::cout << "[ info ] " << axis_name(axis)
                  << (axis == PhotonDecayAxis::beam ? ": max |cos theta* - (2 x4 - 1)| = "
                                                    : ": max |k1.l / expected - 1| = ")
                  << worst << std::endl;
        EXPECT_LE(worst, axis == PhotonDecayAxis::beam ? 1e-12 : 1e-9) << axis_name(axis);
    }
}

//---------------------------------------------------------------------------//
// (6) Fixed mass (narrow-width ALP), the convention of TwoPhotonFusionChannel's fixed mass: the
// mean weight over [0, 1]^7 is the three-body volume Phi_3(s; m_a, m_e, m_e) (decay normalised
// to 1), against quadrature and against the fusion channel's fixed mass (an independent
// factorisation of the same space), for all decay axes and a non-default dilepton scale.
TEST(PairAnnihilationChannel, FixedMassVolume)
{
    std::uint64_t seed = 80;
    for (double m_a : {0.2, 1.0, 5.0})
    {
        double const ref = three_body_volume(m_a);
        MeanError fusion = integrate_events(TwoPhotonFusionChannel{fusion_fixed(m_a, FirstLepton::positron)}, seed++, 1000000);
        std::string const tag = "m_a=" + std::to_string(m_a);
        EXPECT_LT(std::fabs(fusion.pull(ref, tag + " fusion channel vs quadrature")), max_pull);
        for (auto axis : all_axes)
        {
            PairAnnihilationChannel channel(fixed(m_a, axis));
            ASSERT_EQ(7u, channel.ndim());
            MeanError c = integrate_events(channel, seed++, 400000);
            EXPECT_LT(std::fabs(c.pull(ref, tag + " " + axis_name(axis) + " vs quadrature")), max_pull);
            EXPECT_LT(std::fabs(pull(c, fusion, tag + " " + axis_name(axis) + " vs fusion channel")), max_pull);
        }
        MeanError c1 = integrate_events(PairAnnihilationChannel{fixed(m_a, PhotonDecayAxis::beam, 1.0)}, seed++, 400000);
        EXPECT_LT(std::fabs(c1.pull(ref, tag + " c = 1 GeV^2 vs quadrature")), max_pull);
    }
}

//---------------------------------------------------------------------------//
// (6b) Fixed mass: 7 dimensions, density(map(x)) W(x) = 1 and inverse(map(x)) = x, momentum
// conservation, mass shells and the photon pair on shell at m_a.
TEST(PairAnnihilationChannel, FixedMassInverseAndConservation)
{
    std::uint64_t seed = 90;
    for (double m_a : {0.05, 1.0, 9.0})
    {
        for (auto axis : all_axes)
        {
            PairAnnihilationChannel channel(fixed(m_a, axis));
            ASSERT_TRUE(channel.valid());
            ASSERT_EQ(7u, channel.ndim());
            ASSERT_EQ(4u, channel.num_final());
            double worst_density = 0, worst_x = 0, worst_sum = 0, worst_shell = 0, worst_m = 0;
            std::size_t zero = 0;
            FourVector p[4];
            for (std::size_t e = 0; e < 50000; ++e)
            {
                PhiloxStream rng(seed, e);
                double x[7], y[7];
                for (double& xi : x)
                    xi = rng.uniform();
                double w = channel.map(x, p);
                if (!(w > 0))
                {
                    ++zero;
                    continue;
                }
                double g = channel.density(p);
                worst_density = std::max(worst_density, std::fabs(g * w - 1));
                EXPECT_EQ(g, channel.inverse(p, y));
                for (int i = 0; i < 7; ++i)
                {
                    double dx = std::fabs(x[i] - y[i]);
                    if (i == 2 || i == 4 || i == 6)
                        dx = std::min(dx, 1 - dx);  // azimuths are periodic
                    worst_x = std::max(worst_x, dx);
                }
                FourVector total{};
                for (int i = 0; i < 4; ++i)
                {
                    total += p[i];
                    double m = i < 2 ? me : 0.0;
                    worst_shell = std::max(worst_shell, std::fabs(mass2(p[i]) - m * m) / (p[i].e * p[i].e));
                }
                for (double d : {total.e - sqrt_s, total.px, total.py, total.pz})
                    worst_sum = std::max(worst_sum, std::fabs(d) / sqrt_s);
                worst_m = std::max(worst_m, std::fabs(diphoton_mass(p) / m_a - 1));
            }
            ++seed;
            std::string const name = "fixed m_a=" + std::to_string(m_a) + ", " + axis_name(axis);
            std::cout << "[ info ] " << name << ": max |g W - 1| = " << worst_density
                      << ", max |x(p(x)) - x| = " << worst_x << ", max |sum p - P|/sqrt_s = " << worst_sum
                      << ", max |p^2 - m^2|/E^2 = " << worst_shell << ", max |m_gg/m_a - 1| = " << worst_m
                      << std::endl;
            EXPECT_EQ(0u, zero) << name;
            EXPECT_LE(worst_density, 5e-11) << name;  // the bound of the continuum mode, (2) above
            EXPECT_LE(worst_x, 1e-9) << name;
            EXPECT_LE(worst_sum, 1e-13) << name;
            EXPECT_LE(worst_shell, 1e-13) << name;
            EXPECT_LE(worst_m, 1e-11) << name;
        }
    }
}

//---------------------------------------------------------------------------//
// (6c) The fixed-mass density on the fusion channel's fixed-mass events, the multichannel use in
// alp_fusion: E_fusion[W g] = int g dPhi_3 dOmega*/4 pi = 1 only if both channels normalise the
// narrow-width space alike. c = 1 GeV^2 bounds g (finite variance); and the density does not
// depend on the photon order.
TEST(PairAnnihilationChannel, FixedMassDensityOnFusionEvents)
{
    double const m_a = 1.0;
    PairAnnihilationChannel channel(fixed(m_a, PhotonDecayAxis::beam, 1.0));
    TwoPhotonFusionChannel fusion(fusion_fixed(m_a, FirstLepton::electron));
    MeanError r = integrate_events(fusion, 95, 2000000, [&](FourVector const* p) { return channel.density(p); });
    EXPECT_LT(std::fabs(r.pull(1.0, "E_fusion[w g_annihilation], fixed mass")), max_pull);

    double worst = 0;
    FourVector p[4];
    for (std::size_t e = 0; e < 20000; ++e)
    {
        PhiloxStream rng(96, e);
        ASSERT_GT(fusion(rng, p), 0);
        double const g = channel.density(p);
        ASSERT_GT(g, 0);
        std::swap(p[2], p[3]);
        worst = std::max(worst, std::fabs(channel.density(p) / g - 1));
    }
    EXPECT_LE(worst, 1e-12);
}

//---------------------------------------------------------------------------//
// (5) Invalid parameters give valid() == false and zero weights with zero momenta.
TEST(PairAnnihilationChannel, InvalidParameters)
{
    std::vector<PairAnnihilationParams> bad = {
        params(2.0, 1.0, PhotonDecayAxis::beam),     // empty window
        params(0.5, 10.58, PhotonDecayAxis::beam),   // M_max + 2 m >= sqrt_s
        params(-0.1, 1.0, PhotonDecayAxis::beam),    // negative mass
        params(0.5, 1.0, PhotonDecayAxis::beam, -1), // negative lepton mass
        fixed(0.0),                                  // fixed mass 0
        fixed(10.58),                                // m_a + 2 m >= sqrt_s
    };
    for (auto const& b : bad)
        expect_invalid<PairAnnihilationChannel>(b);
}
}  // namespace fathom::test
