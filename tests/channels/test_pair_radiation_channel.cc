// PairRadiationChannel: phase-space volume in a diphoton-mass window against quadrature and RAMBO
// (both radiating leptons), the inverse map and density (also on RAMBO events), the photon
// symmetry, conservation laws, the meaning of the variables, and the flattening of the
// one-leg double-emission enhancement.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <iomanip>
#include <iostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ChannelIntegrals.hh"

#include "fathom/base/Constants.hh"
#include "fathom/kinematics/StableInvariants.hh"
#include "fathom/phasespace/Rambo.hh"
#include "fathom/phasespace/channels/PairRadiationChannel.hh"
#include "fathom/random/PhiloxStream.hh"

#include "../phasespace/RecursivePhaseSpace.hh"

namespace fathom::test
{
namespace
{
double const sqrt_s = 10.58;
double const me = constants::electron_mass;

char const* leg_name(RadiatingLepton r)
{
    return r == RadiatingLepton::electron ? "e- radiates" : "e+ radiates";
}

PairRadiationParams params(RadiatingLepton r, double mlo, double mhi, double m = me)
{
    PairRadiationParams p;
    p.sqrt_s = sqrt_s;
    p.lepton_mass = m;
    p.pair_mass_min = mlo;
    p.pair_mass_max = mhi;
    p.radiating = r;
    return p;
}

//! l.k of a lepton (mass m) and a photon, without cancellation.
double lk(FourVector const& l, FourVector const& k, double m = me)
{
    return invariant_product(l, pabs(l), m * m, k, pabs(k), 0.0);
}

//! sin theta** of k1 about the G direction in the G frame, from invariants: 1 + beta c =
//! 2 l.k1 / l.G, beta the lepton's velocity there (the channel's x6), for weighting x7's error.
double sin_theta_photon(FourVector const* p, RadiatingLepton r)
{
    FourVector const& l = p[r == RadiatingLepton::electron ? 1 : 0];
    double const l1 = lk(l, p[2]), l2 = lk(l, p[3]);
    double const s_g = 2 * invariant_product(p[2], pabs(p[2]), 0.0, p[3], pabs(p[3]), 0.0);
    double const d = 2 * (l1 + l2), beta = std::sqrt(d * d - 4 * me * me * s_g) / d;
    double const c = (l1 - l2) / (l1 + l2) / beta;
    return std::sqrt(std::max(0.0, 1 - c * c));
}

//! The diphoton mass.
double pair_mass(FourVector const* p)
{
    return std::sqrt(2 * invariant_product(p[2], pabs(p[2]), 0.0, p[3], pabs(p[3]), 0.0));
}

//! Mean of W f over n events of the channel (f = 1 if null).
MeanError integrate_channel(PairRadiationParams const& pp, std::uint64_t seed, std::size_t n,
                            EventFunction const& f = nullptr)
{
    return integrate_events(PairRadiationChannel(pp), seed, n, f);
}

//! Mean of W f over n massive RAMBO events e+ e- gamma gamma (f = 1 if null).
MeanError integrate_rambo(std::uint64_t seed, std::size_t n, EventFunction const& f = nullptr)
{
    return integrate_events(rambo_eeaa(sqrt_s, me), seed, n, f);
}

/*!
 * Phi_4 restricted to m_G in [mlo, mhi] by quadrature: int ds_G / (2 pi) Phi_3(sqrt_s; m, m, m_G)
 * Phi_2(m_G; 0, 0), Phi_2 = 1 / (8 pi), with Gauss-Legendre in s_G.
 */
double windowed_volume(double mlo, double mhi, int nodes)
{
    GaussLegendre const gl(nodes), inner(48);
    double const slo = mlo * mlo, shi = mhi * mhi, pi = constants::pi;
    double sum = 0;
    for (int i = 0; i < nodes; ++i)
    {
        double const s = slo + (shi - slo) * (1 + gl.x[i]) / 2;
        sum += gl.w[i] * (shi - slo) / 2 / (2 * pi) * recursive_integral(sqrt_s, {me, me, std::sqrt(s)}, inner)
               / (8 * pi);
    }
    return sum;
}

//! Pull bound: |pull| < 4 for each check (a ~6e-5 two-sided chance per check).
constexpr double max_pull = 4;
constexpr RadiatingLepton legs[] = {RadiatingLepton::electron, RadiatingLepton::positron};
}  // namespace

//---------------------------------------------------------------------------//
// (1) Volume of the phase space with m_gg in a window: the channel against quadrature and
// against RAMBO (its events in the window), for an analysis window at 2 GeV, a wide one from
// 0.05 GeV, and both radiating leptons.
TEST(PairRadiationChannel, WindowedVolume)
{
    std::uint64_t seed = 10;
    for (auto [lo, hi] : {std::pair{1.93, 2.04}, std::pair{0.05, 8.0}})
    {
        double const ref = windowed_volume(lo, hi, 48);
        double const coarse = windowed_volume(lo, hi, 32);
        std::cout << std::setprecision(12) << "[ info ] quadrature [" << lo << ", " << hi << "]: " << ref << " (32 nodes: " << coarse << ")\n";
        // converged far below the Monte Carlo errors (>= 1e-4 relative) it is compared with
        EXPECT_NEAR(ref, coarse, 1e-6 * ref);
        MeanError rambo = integrate_rambo(seed++, 2000000, [&](FourVector const* p) {
            double const m = pair_mass(p);
            return m >= lo && m <= hi ? 1.0 : 0.0;
        });
        EXPECT_LT(std::fabs(rambo.pull(ref, "RAMBO in the window vs quadrature")), max_pull);
        for (RadiatingLepton r : legs)
        {
            std::string const what = std::string(leg_name(r)) + ", window [" + std::to_string(lo) + ", "
                                     + std::to_string(hi) + "]";
            MeanError c = integrate_channel(params(r, lo, hi), seed++, 1000000);
            EXPECT_LT(std::fabs(c.pull(ref, what + " vs quadrature")), max_pull);
            EXPECT_LT(std::fabs(pull(c, rambo, what + " vs RAMBO")), max_pull);
        }
    }
}

//---------------------------------------------------------------------------//
// (2) density(map(x)) W(x) = 1 and inverse(map(x)) = x at random points, also near the ends of
// every variable (threshold and top of s_Y, both collinear peaks).
TEST(PairRadiationChannel, InverseConsistency)
{
    std::uint64_t seed = 40;
    for (RadiatingLepton r : legs)
    {
        for (auto [lo, hi] : {std::pair{1.93, 2.04}, std::pair{0.05, 8.0}})
        {
            PairRadiationChannel channel(params(r, lo, hi));
            ASSERT_TRUE(channel.valid());
            ASSERT_EQ(8u, channel.ndim());
            ASSERT_EQ(4u, channel.num_final());
            auto const ends = [](std::size_t e, double* x) {
                switch (e % 5)
                {
                    case 1: x[1] *= 1e-4; break;            // Y near the l + G threshold
                    case 2: x[1] = 1 - 1e-4 * x[1]; break;  // o nearly at rest
                    case 3: x[6] *= 1e-3; break;             // k1 along l
                    case 4: x[6] = 1 - 1e-3 * x[6]; break;   // k2 along l
                    default: break;
                }
            };
            // azimuths weighted by the sine of their polar angle (x7: the photon's, from invariants)
            auto const azimuths = [r](int i, double const* x, FourVector const* p) {
                if (i == 7)
                    return sin_theta_photon(p, r);
                return i == 3 || i == 5 ? 2 * std::sqrt(x[i - 1] * (1 - x[i - 1])) : -1.0;
            };
            InverseCheck const c = check_inverse(channel, seed, 100000, ends, azimuths);
            double const worst_density = c.density, worst_x = c.x, worst_phi = c.raw_azimuth;
            std::size_t const zero = c.zero;
            ++seed;
            std::cout << "[ info ] " << leg_name(r) << " [" << lo << ", " << hi << "]: max |g W - 1| = " << worst_density
                      << ", max |x(p(x)) - x| = " << worst_x << " (max raw azimuth " << worst_phi << "), zero weights "
                      << zero << std::endl;
            EXPECT_EQ(0u, zero);
            // The event limits |g W - 1| near the collinear peaks: l.k of a photon at an angle
            // theta to the lepton is defined by the rounded momenta to ~1e-16 / theta relative
            // (StableInvariants.hh), and W is proportional to it (2.7e-11 measured at theta ~ 1e-5)
            EXPECT_LE(worst_density, 5e-11);
            EXPECT_LE(worst_x, 1e-9);  // azimuths weighted by the sine of their polar angle
        }
    }
}

//---------------------------------------------------------------------------//
// (2b) Symmetric in the photons: density(p3, p4, k1, k2) = density(p3, p4, k2, k1) (to rounding:
// the two products l.k1, l.k2 enter as a symmetric product), and the two legs' densities
// differ on a generic event.
TEST(PairRadiationChannel, PhotonSymmetry)
{
    PairRadiationChannel electron(params(RadiatingLepton::electron, 0.05, 8.0)),
        positron(params(RadiatingLepton::positron, 0.05, 8.0));
    std::size_t differ = 0;
    double worst = 0;
    FourVector p[4], q[4];
    for (std::size_t e = 0; e < 20000; ++e)
    {
        PhiloxStream rng(45, e);
        ASSERT_GT(electron(rng, p), 0);
        q[0] = p[0];
        q[1] = p[1];
        q[2] = p[3];
        q[3] = p[2];
        double g = electron.density(p), gs = electron.density(q);
        worst = std::max(worst, std::fabs(gs / g - 1));
        differ += positron.density(p) != g;
    }
    std::cout << "[ info ] max |g(k2, k1) / g(k1, k2) - 1| = " << worst << std::endl;
    EXPECT_EQ(worst, 0.0);
    EXPECT_GT(differ, 19000u);
}

//---------------------------------------------------------------------------//
// (2c) The density on events of another generator: E_RAMBO[w g] = int g dPhi = 1 (the channel
// covers the whole window: a wide one, so that RAMBO fills it).
TEST(PairRadiationChannel, DensityOnForeignEvents)
{
    std::uint64_t seed = 50;
    for (RadiatingLepton r : legs)
    {
        PairRadiationChannel channel(params(r, 0.05, 8.0));
        MeanError m = integrate_rambo(seed++, 2000000, [&](FourVector const* p) { return channel.density(p); });
        EXPECT_LT(std::fabs(m.pull(1.0, std::string("E_RAMBO[w g], ") + leg_name(r))), max_pull);
    }
    // outside the window: no density, no inverse
    PairRadiationChannel narrow(params(RadiatingLepton::electron, 1.93, 2.04));
    FourVector p[4];
    double x[8];
    for (std::size_t e = 0; e < 1000; ++e)
    {
        PhiloxStream rng(55, e);
        ASSERT_GT(rambo_eeaa(sqrt_s, me)(rng, p), 0);
        double const m = pair_mass(p);
        if (m >= 1.93 && m <= 2.04)
            continue;
        EXPECT_EQ(0.0, narrow.density(p));
        EXPECT_EQ(0.0, narrow.inverse(p, x));
    }
}

//---------------------------------------------------------------------------//
// (3) Momentum conservation, on-shell masses and the pair mass inside the window, per event.
TEST(PairRadiationChannel, ConservationAndMassShell)
{
    std::uint64_t seed = 60;
    for (RadiatingLepton r : legs)
    {
        for (auto [lo, hi] : {std::pair{0.1, 0.12}, std::pair{1.93, 2.04}, std::pair{0.05, 8.0}})
        {
            PairRadiationChannel channel(params(r, lo, hi));
            double worst_sum = 0, worst_shell = 0, worst_window = 0;
            FourVector p[4];
            for (std::size_t e = 0; e < 50000; ++e)
            {
                PhiloxStream rng(seed, e);
                ASSERT_GT(channel(rng, p), 0);
                FourVector total{};
                for (int i = 0; i < 4; ++i)
                {
                    total += p[i];
                    double m = i < 2 ? me : 0.0;
                    worst_shell = std::max(worst_shell, std::fabs(mass2(p[i]) - m * m) / (p[i].e * p[i].e));
                    ASSERT_GT(p[i].e, 0);
                }
                for (double d : {total.e - sqrt_s, total.px, total.py, total.pz})
                    worst_sum = std::max(worst_sum, std::fabs(d) / sqrt_s);
                double const m = pair_mass(p);
                worst_window = std::max(worst_window, std::max(lo - m, m - hi) / hi);
            }
            ++seed;
            std::cout << "[ info ] " << leg_name(r) << " [" << lo << ", " << hi << "]: max |sum p - P|/sqrt_s = "
                      << worst_sum << ", max |p^2 - m^2|/E^2 = " << worst_shell
                      << ", max relative step out of the window = " << worst_window << std::endl;
            EXPECT_LE(worst_sum, 1e-13);
            EXPECT_LE(worst_shell, 1e-13);
            EXPECT_LE(worst_window, 1e-13);
        }
    }
}

//---------------------------------------------------------------------------//
// (4) Meaning of the variables: the radiating lepton and the photon pair form Y with
// s_Y - m^2 = a from x1 (log map between the l + G threshold and the top), Y along
// cos theta = 2 x2 - 1 and the other lepton opposite; m_G^2 = s_G from x0.
TEST(PairRadiationChannel, VariableMeaning)
{
    for (RadiatingLepton r : legs)
    {
        double const lo = 1.93, hi = 2.04;
        PairRadiationChannel channel(params(r, lo, hi));
        std::size_t const l = r == RadiatingLepton::electron ? 1 : 0, o = 1 - l;
        double worst_a = 0, worst_dir = 0, worst_sg = 0;
        FourVector p[4];
        for (std::size_t e = 0; e < 20000; ++e)
        {
            PhiloxStream rng(70, e);
            double x[8];
            for (double& xi : x)
                xi = rng.uniform();
            ASSERT_GT(channel.map(x, p), 0);
            double const s_g = lo * lo + (hi * hi - lo * lo) * x[0];
            worst_sg = std::max(worst_sg, std::fabs(pair_mass(p) * pair_mass(p) / s_g - 1));
            double const a_min = s_g + 2 * me * std::sqrt(s_g), top = sqrt_s * (sqrt_s - 2 * me);
            double const expected = (a_min + me * me) * std::pow((top + me * me) / (a_min + me * me), x[1]) - me * me;
            double const a = 2 * (lk(p[l], p[2]) + lk(p[l], p[3])) + s_g;
            worst_a = std::max(worst_a, std::fabs(a / expected - 1));
            FourVector const y = p[l] + p[2] + p[3];
            worst_dir = std::max(worst_dir, std::fabs(y.pz / pabs(y) - (2 * x[2] - 1)));
            worst_dir = std::max(worst_dir, std::fabs(p[o].pz / pabs(p[o]) + (2 * x[2] - 1)));
        }
        std::cout << "[ info ] " << leg_name(r) << ": max |s_G / expected - 1| = " << worst_sg
                  << ", max |a / expected - 1| = " << worst_a << ", max |cos theta_Y - (2 x2 - 1)| = " << worst_dir
                  << std::endl;
        EXPECT_LE(worst_sg, 1e-12);
        EXPECT_LE(worst_a, 1e-11);
        EXPECT_LE(worst_dir, 1e-12);
    }
}

//---------------------------------------------------------------------------//
// (5) The one-leg double emission f = 1 / (a (l.k1)) + 1 / (a (l.k2)) at fixed pair mass: the
// channel's W f is a slowly varying function, so its relative variance is O(1), while RAMBO
// (events in the window) sees the collinear peaks as a heavy tail. Both estimates of
// int f dPhi over the window agree.
TEST(PairRadiationChannel, OneLegVarianceGain)
{
    double const lo = 1.93, hi = 2.04;
    auto f = [&](FourVector const* p) {
        double const m = pair_mass(p);
        if (!(m >= lo && m <= hi))
            return 0.0;
        double const l1 = lk(p[1], p[2]), l2 = lk(p[1], p[3]);
        double const a = 2 * (l1 + l2) + m * m;
        return 1 / (a * l1) + 1 / (a * l2);
    };
    MeanError rambo = integrate_rambo(80, 4000000, f);
    MeanError c = integrate_channel(params(RadiatingLepton::electron, lo, hi), 81, 500000, f);
    double rel_rambo = rambo.variance() / (rambo.mean() * rambo.mean());
    double rel_channel = c.variance() / (c.mean() * c.mean());
    std::cout << "[ info ] one-leg f: channel " << c.mean() << " +- " << c.error() << ", rel. var " << rel_channel
              << "; RAMBO " << rambo.mean() << " +- " << rambo.error() << ", rel. var " << rel_rambo
              << "; variance ratio RAMBO / channel " << rel_rambo / rel_channel << std::endl;
    EXPECT_LT(rel_channel, 2.0);
    EXPECT_GT(rel_rambo / rel_channel, 100.0);
    // RAMBO's error estimate is unreliable for this f (heavy tail), so only a loose agreement
    EXPECT_LT(std::fabs(pull(c, rambo, "int f dPhi: channel vs RAMBO")), 2 * max_pull);
}

//---------------------------------------------------------------------------//
// (6) Invalid parameters give valid() == false and zero weights with zero momenta.
TEST(PairRadiationChannel, InvalidParameters)
{
    std::vector<PairRadiationParams> bad = {
        params(RadiatingLepton::electron, 1.0, 2.0, 0.0),   // massless leptons: no regulator
        params(RadiatingLepton::electron, 1.0, 2.0, -1.0),  // negative lepton mass
        params(RadiatingLepton::electron, 2.0, 1.0),        // empty window
        params(RadiatingLepton::electron, -1.0, 1.0),       // negative mass
        params(RadiatingLepton::electron, 10.6, 11.0),      // above sqrt_s - 2 m
        params(RadiatingLepton::electron, 1.0, 2.0, 6.0),   // 2 m >= sqrt_s
    };
    PairRadiationParams zero_s = params(RadiatingLepton::electron, 1.0, 2.0);
    zero_s.sqrt_s = 0;
    bad.push_back(zero_s);
    for (auto const& b : bad)
        expect_invalid<PairRadiationChannel>(b);
}
}  // namespace fathom::test
