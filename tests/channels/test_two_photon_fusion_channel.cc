// TwoPhotonFusionChannel: phase-space volumes against quadrature and RAMBO, the inverse map and
// density, conservation laws, a smooth integral, and the variance gain on a t-channel peak.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "ChannelIntegrals.hh"

#include "fathom/base/Constants.hh"
#include "fathom/kinematics/StableInvariants.hh"
#include "fathom/phasespace/MasslessVolume.hh"
#include "fathom/phasespace/Rambo.hh"
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

TwoPhotonFusionParams continuum(double m_lo, double m_hi, FirstLepton first,
                                PairMassMapping mapping = PairMassMapping::flat_m2)
{
    TwoPhotonFusionParams p;
    p.sqrt_s = sqrt_s;
    p.lepton_mass = me;
    p.pair_mass_min = m_lo;
    p.pair_mass_max = m_hi;
    p.mass_mapping = mapping;
    p.first = first;
    return p;
}

TwoPhotonFusionParams fixed(double m_a, bool decay, FirstLepton first)
{
    TwoPhotonFusionParams p;
    p.sqrt_s = sqrt_s;
    p.lepton_mass = me;
    p.fixed_mass = true;
    p.pair_mass = m_a;
    p.decay = decay;
    p.first = first;
    return p;
}

FourVector beam(int i)
{
    double const k = std::sqrt((sqrt_s / 2 - me) * (sqrt_s / 2 + me));
    return i == 0 ? FourVector{sqrt_s / 2, 0, 0, -k} : FourVector{sqrt_s / 2, 0, 0, k};
}

//! |t+| (i = 0) or |t-| (i = 1) of the momenta (e+ out, e- out, ...), without cancellation.
double abs_t(FourVector const* p, int i)
{
    FourVector const b = beam(i);
    return 2 * same_mass_product_excess(b, momentum_magnitude(b), p[i], momentum_magnitude(p[i]), me * me);
}

double diphoton_mass(FourVector const* p)
{
    return std::sqrt(2 * invariant_product(p[2], pabs(p[2]), 0.0, p[3], pabs(p[3]), 0.0));
}

using Observable = std::function<double(FourVector const*)>;

//! Mean of W f over n events of the channel.
MeanError integrate_channel(TwoPhotonFusionParams const& params, std::uint64_t seed, std::size_t n,
                            Observable const& f = nullptr)
{
    return integrate_events(TwoPhotonFusionChannel(params), seed, n, f);
}

//! Mean of W f over n massive RAMBO events e+ e- gamma gamma; f = 0 outside the cut.
MeanError integrate_rambo(std::uint64_t seed, std::size_t n, std::function<bool(FourVector const*)> const& cut,
                          Observable const& f = nullptr)
{
    return integrate_events(rambo_eeaa(sqrt_s, me), seed, n,
                            [&](FourVector const* p) { return cut(p) ? (f ? f(p) : 1.0) : 0.0; });
}

auto window_cut(double lo, double hi)
{
    return [lo, hi](FourVector const* p) {
        double m = diphoton_mass(p);
        return m >= lo && m <= hi;
    };
}

//! int dPhi_3(sqrt_s; m_e, m_e, M) g(E_X) by quadrature (RecursivePhaseSpace.hh), checked converged.
double three_body(double big_m, std::function<double(double)> const& g = nullptr)
{
    double fine = recursive_integral(sqrt_s, {big_m, me, me}, GaussLegendre(64), g);
    double coarse = recursive_integral(sqrt_s, {big_m, me, me}, GaussLegendre(48), g);
    EXPECT_NEAR(fine, coarse, 1e-10 * fine);
    return fine;
}

//! int_window dM^2/(2 pi) Phi_3(M) Phi_2(M; 0, 0), Phi_2 = 1 / (8 pi), by Gauss-Legendre in M^2.
double window_volume(double lo, double hi)
{
    auto integral = [&](int nodes) {
        GaussLegendre gl(nodes);
        double sum = 0;
        double a = lo * lo, b = hi * hi;
        for (int i = 0; i < nodes; ++i)
        {
            double m2 = a + (b - a) * (gl.x[i] + 1) / 2;
            sum += gl.w[i] * (b - a) / 2 / (2 * pi) * three_body(std::sqrt(m2)) / (8 * pi);
        }
        return sum;
    };
    double fine = integral(24), coarse = integral(16);
    EXPECT_NEAR(fine, coarse, 1e-10 * fine);
    return fine;
}

//! Pull bound: |pull| < 4 for each check (a ~6e-5 two-sided chance per check).
constexpr double max_pull = 4;
}  // namespace

//---------------------------------------------------------------------------//
// (1) Volume of e+ e- gamma gamma with m_gg in a window: channel (both orderings, both mass
// maps) against the quadrature reference and against RAMBO with the window as a cut.
TEST(TwoPhotonFusionChannel, WindowVolume)
{
    double const lo = 1.0, hi = 1.2;
    double const ref = window_volume(lo, hi);
    MeanError rambo = integrate_rambo(1, 20000000, window_cut(lo, hi));
    EXPECT_LT(std::fabs(rambo.pull(ref, "RAMBO window volume vs quadrature")), max_pull);
    std::uint64_t seed = 10;
    for (auto first : {FirstLepton::positron, FirstLepton::electron})
    {
        for (auto mapping : {PairMassMapping::flat_m2, PairMassMapping::log_m2})
        {
            std::string name = std::string(first == FirstLepton::positron ? "e+ first" : "e- first")
                               + (mapping == PairMassMapping::flat_m2 ? ", flat m2" : ", log m2");
            MeanError c = integrate_channel(continuum(lo, hi, first, mapping), seed++, 2000000);
            EXPECT_LT(std::fabs(c.pull(ref, name + " vs quadrature")), max_pull);
            EXPECT_LT(std::fabs(pull(c, rambo, name + " vs RAMBO")), max_pull);
        }
    }
}

//---------------------------------------------------------------------------//
// (1b) Fixed mass (narrow-width ALP): the three-body volume Phi_3(s; m_e, m_e, m_a), decayed or not.
TEST(TwoPhotonFusionChannel, FixedMassVolume)
{
    std::uint64_t seed = 20;
    for (double m_a : {0.2, 1.0, 5.0})
    {
        double const ref = three_body(m_a);
        for (bool decay : {false, true})
        {
            for (auto first : {FirstLepton::positron, FirstLepton::electron})
            {
                std::string name = "m_a=" + std::to_string(m_a) + (decay ? " decayed" : "")
                                   + (first == FirstLepton::positron ? " e+ first" : " e- first");
                MeanError c = integrate_channel(fixed(m_a, decay, first), seed++, 1000000);
                EXPECT_LT(std::fabs(c.pull(ref, name)), max_pull);
            }
        }
    }
}

//---------------------------------------------------------------------------//
// (1c) Generation limits: a polar-angle window of the first lepton and |t| limits give the
// volume of RAMBO with the same cuts.
TEST(TwoPhotonFusionChannel, GenerationLimitsVolume)
{
    double const lo = 1.0, hi = 1.2;
    TwoPhotonFusionParams params = continuum(lo, hi, FirstLepton::positron);
    params.first_theta_min = 0.05;  // e+ out at 0.05..3 rad from -z
    params.first_theta_max = 3.0;
    params.abs_t_electron_min = 1e-3;
    params.abs_t_electron_max = 5.0;
    params.abs_t_positron_max = 20.0;
    auto cut = [&](FourVector const* p) {
        double th = std::atan2(pt(p[0]), -p[0].pz);
        double tp = abs_t(p, 0), tm = abs_t(p, 1);
        double m = diphoton_mass(p);
        return m >= lo && m <= hi && th >= 0.05 && th <= 3.0 && tm >= 1e-3 && tm <= 5.0 && tp <= 20.0;
    };
    MeanError rambo = integrate_rambo(2, 20000000, cut);
    MeanError c = integrate_channel(params, 30, 2000000);
    EXPECT_LT(std::fabs(pull(c, rambo, "limits: channel vs RAMBO")), max_pull);
    // every event of the channel passes the cuts
    TwoPhotonFusionChannel channel(params);
    FourVector p[4];
    std::size_t outside = 0;
    for (std::size_t e = 0; e < 100000; ++e)
    {
        PhiloxStream rng(31, e);
        if (channel(rng, p) > 0)
            outside += !cut(p);
    }
    EXPECT_EQ(0u, outside);
}

//---------------------------------------------------------------------------//
// (2) density(map(x)) W(x) = 1 and inverse(map(x)) = x at random points.
TEST(TwoPhotonFusionChannel, InverseConsistency)
{
    std::vector<std::pair<std::string, TwoPhotonFusionParams>> cases = {
        {"continuum e+ first", continuum(1.0, 1.2, FirstLepton::positron)},
        {"continuum e- first log", continuum(0.1, 0.5, FirstLepton::electron, PairMassMapping::log_m2)},
        {"wide continuum", continuum(0.01, 9.0, FirstLepton::positron)},
        {"ALP 0.2 decayed", fixed(0.2, true, FirstLepton::positron)},
        {"ALP 1 undecayed", fixed(1.0, false, FirstLepton::electron)},
        {"ALP 9 decayed", fixed(9.0, true, FirstLepton::electron)},
    };
    std::uint64_t seed = 40;
    for (auto const& [name, params] : cases)
    {
        TwoPhotonFusionChannel channel(params);
        ASSERT_TRUE(channel.valid());
        size_type const d = channel.ndim();
        // azimuths are periodic (not weighted)
        bool const decayed = channel.num_final() == 4;
        auto const azimuths = [d, decayed](int i, double const*, FourVector const*) {
            return i == 2 || i == 4 || (size_type(i) == d - 1 && decayed) ? 1.0 : -1.0;
        };
        InverseCheck const c = check_inverse(channel, seed, 200000, unperturbed, azimuths);
        double const worst_density = c.density, worst_x = c.x;
        std::size_t const zero = c.zero;
        ++seed;
        std::cout << "[ info ] " << name << ": max |g W - 1| = " << worst_density
                  << ", max |x(p(x)) - x| = " << worst_x << ", zero weights " << zero << std::endl;
        EXPECT_EQ(0u, zero) << name;
        EXPECT_LE(worst_density, 1e-10) << name;
        EXPECT_LE(worst_x, 1e-8) << name;
    }
}

//---------------------------------------------------------------------------//
// (2b) The density on events of another generator: E_A[W_A g_B] = 1 when the mirrored channel B
// covers the same phase space (g_B is a normalised density), and g = 0 outside the window.
TEST(TwoPhotonFusionChannel, DensityOnForeignEvents)
{
    TwoPhotonFusionChannel a(continuum(1.0, 1.2, FirstLepton::positron));
    TwoPhotonFusionChannel b(continuum(1.0, 1.2, FirstLepton::electron));
    MeanError r;
    FourVector p[4];
    for (std::size_t e = 0; e < 2000000; ++e)
    {
        PhiloxStream rng(50, e);
        double w = a(rng, p);
        r.add(w * b.density(p));
    }
    EXPECT_LT(std::fabs(r.pull(1.0, "E_{e+ first}[W g_{e- first}]")), max_pull);

    TwoPhotonFusionChannel narrow(continuum(1.1, 1.15, FirstLepton::positron));
    std::size_t in = 0, nonzero_outside = 0;
    for (std::size_t e = 0; e < 100000; ++e)
    {
        PhiloxStream rng(51, e);
        a(rng, p);
        double m = diphoton_mass(p);
        bool inside = m > 1.1 && m < 1.15;
        in += inside;
        nonzero_outside += (!inside && narrow.density(p) != 0);
        if (inside)
            EXPECT_GT(narrow.density(p), 0);
    }
    EXPECT_GT(in, 0u);
    EXPECT_EQ(0u, nonzero_outside);
}

//---------------------------------------------------------------------------//
// (3) Momentum conservation and on-shell masses, per event.
TEST(TwoPhotonFusionChannel, ConservationAndMassShell)
{
    std::vector<std::pair<std::string, TwoPhotonFusionParams>> cases = {
        {"continuum", continuum(1.0, 1.2, FirstLepton::positron)},
        {"wide continuum", continuum(0.01, 9.0, FirstLepton::electron, PairMassMapping::log_m2)},
        {"ALP 0.05 decayed", fixed(0.05, true, FirstLepton::positron)},
        {"ALP 1 undecayed", fixed(1.0, false, FirstLepton::electron)},
    };
    std::uint64_t seed = 60;
    for (auto const& [name, params] : cases)
    {
        TwoPhotonFusionChannel channel(params);
        size_type const n = channel.num_final();
        double worst_sum = 0, worst_shell = 0;
        FourVector p[4];
        for (std::size_t e = 0; e < 200000; ++e)
        {
            PhiloxStream rng(seed, e);
            ASSERT_GT(channel(rng, p), 0);
            FourVector total{};
            for (size_type i = 0; i < n; ++i)
            {
                total += p[i];
                double m = i < 2 ? me : (n == 3 ? params.pair_mass : 0.0);
                worst_shell = std::max(worst_shell, std::fabs(mass2(p[i]) - m * m) / (p[i].e * p[i].e));
                ASSERT_GT(p[i].e, 0);
            }
            for (double d : {total.e - sqrt_s, total.px, total.py, total.pz})
                worst_sum = std::max(worst_sum, std::fabs(d) / sqrt_s);
        }
        ++seed;
        std::cout << "[ info ] " << name << ": max |sum p - P|/sqrt_s = " << worst_sum
                  << ", max |p^2 - m^2|/E^2 = " << worst_shell << std::endl;
        EXPECT_LE(worst_sum, 1e-12) << name;
        EXPECT_LE(worst_shell, 1e-12) << name;
    }
}

//---------------------------------------------------------------------------//
// (4) Smooth functions: fixed mass, int dPhi_3 exp(2 E_X / sqrt_s) against quadrature; the
// continuum, a function of all momenta, against RAMBO.
TEST(TwoPhotonFusionChannel, SmoothFunctions)
{
    {
        double const m_a = 1.0;
        double ref = three_body(m_a, [](double e) { return std::exp(2 * e / sqrt_s); });
        auto f = [](FourVector const* p) { return std::exp(2 * p[2].e / sqrt_s); };
        MeanError c = integrate_channel(fixed(m_a, false, FirstLepton::positron), 70, 1000000, f);
        EXPECT_LT(std::fabs(c.pull(ref, "ALP <exp(2 E_X / sqrt_s)>")), max_pull);
    }
    {
        double const lo = 1.0, hi = 1.2;
        auto f = [](FourVector const* p) {
            double c = cos_theta(p[2]);
            return (1 + c * c) * std::exp(-(p[2].e + p[3].e) / sqrt_s) * (1 + pt(p[1]) / sqrt_s);
        };
        MeanError rambo = integrate_rambo(3, 20000000, window_cut(lo, hi), f);
        MeanError c = integrate_channel(continuum(lo, hi, FirstLepton::electron), 71, 2000000, f);
        EXPECT_LT(std::fabs(pull(c, rambo, "continuum smooth f")), max_pull);
    }
}

//---------------------------------------------------------------------------//
// (5) Weight variance for the t-channel peak f = 1 / (|t+| |t-|) in the window: channel vs RAMBO.
// RAMBO's sample variance underestimates its true variance (the tail at |t| ~ |t|_min ~ 1e-13 GeV^2
// is almost never sampled), so the true RAMBO variance is also predicted from the channel's
// precise estimates of I1 = int f dPhi and I2 = int f^2 dPhi: rel. var = Phi_4 I2 / I1^2 - 1 with
// RAMBO's weight ~ the massless volume Phi_4 (m_e^2 / E^2 corrections).
// Bound: the channel's weight W f ~ s2 ln(..) ln(..) ln(..) / lambda^1/2(s2, t_a, m^2) varies only
// through the slowly varying logs and s2 / lambda^1/2, so its relative variance is O(0.1 - 1),
// while RAMBO's is >= 1 / (fraction of the volume in the window) ~ 1e2 even without the peak
// (the window alone costs that factor), and the peak adds ~1e4 (measured 5.6e5): we assert a
// gain >= 1e3 on the measured RAMBO variance and >= 1e6 on the predicted one.
TEST(TwoPhotonFusionChannel, VarianceGain)
{
    double const lo = 1.0, hi = 1.2;
    auto f = [](FourVector const* p) { return 1 / (abs_t(p, 0) * abs_t(p, 1)); };
    auto f2 = [&](FourVector const* p) { return f(p) * f(p); };
    MeanError rambo = integrate_rambo(4, 20000000, window_cut(lo, hi), f);
    auto params = continuum(lo, hi, FirstLepton::positron);
    MeanError c = integrate_channel(params, 80, 1000000, f);
    MeanError c2 = integrate_channel(params, 81, 1000000, f2);
    double rel_rambo = rambo.variance() / (rambo.mean() * rambo.mean());
    double rel_channel = c.variance() / (c.mean() * c.mean());
    double rel_rambo_predicted = massless_volume(4, sqrt_s * sqrt_s) * c2.mean() / (c.mean() * c.mean()) - 1;
    std::cout << "[ info ] 1/(t+ t-): channel " << c.mean() << " +- " << c.error() << ", rel. var "
              << rel_channel << "; RAMBO " << rambo.mean() << " +- " << rambo.error() << ", rel. var "
              << rel_rambo << " (predicted from int f^2: " << rel_rambo_predicted << ", int f^2 rel. err "
              << c2.error() / c2.mean() << ")" << std::endl;
    std::cout << "[ info ] variance improvement: measured " << rel_rambo / rel_channel << ", predicted "
              << rel_rambo_predicted / rel_channel << std::endl;
    EXPECT_LT(rel_channel, 1.0);
    EXPECT_GT(rel_rambo / rel_channel, 1e3);
    EXPECT_GT(rel_rambo_predicted / rel_channel, 1e6);
}
}  // namespace fathom::test
