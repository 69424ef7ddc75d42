// RAMBO: phase-space volumes, distributions, conservation laws, random-number
// budget; reference values from formulas or RecursivePhaseSpace.hh.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <iostream>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "MeanError.hh"

#include "fathom/phasespace/MasslessVolume.hh"
#include "fathom/phasespace/Rambo.hh"
#include "fathom/random/PhiloxStream.hh"

#include "RecursivePhaseSpace.hh"

namespace fathom::test
{
namespace
{
double const pi = std::acos(-1.0);

RamboParams make_params(double sqrt_s, std::vector<double> const& masses)
{
    RamboParams p;
    p.sqrt_s = sqrt_s;
    p.n = static_cast<size_type>(masses.size());
    for (std::size_t i = 0; i < masses.size(); ++i)
        p.masses[i] = masses[i];
    return p;
}


//! Weighted means of the weight and of weight * observables over n_events.
template<class... F>
std::vector<MeanError>
integrate(RamboParams const& params, std::uint64_t seed, std::size_t n_events, F... observables)
{
    Rambo rambo(params);
    std::vector<MeanError> result(1 + sizeof...(F));
    FourVector p[RamboParams::max_particles];
    for (std::size_t e = 0; e < n_events; ++e)
    {
        PhiloxStream rng(seed, e);
        double w = rambo(rng, p);
        result[0].add(w);
        std::size_t i = 1;
        ((result[i++].add(w * observables(p))), ...);
    }
    return result;
}

//! Reference integral by quadrature, checked converged (64 vs 48 nodes).
double reference(double sqrt_s,
                 std::vector<double> const& masses,
                 std::function<double(double)> const& g = nullptr)
{
    double fine = recursive_integral(sqrt_s, masses, GaussLegendre(64), g);
    double coarse = recursive_integral(sqrt_s, masses, GaussLegendre(48), g);
    EXPECT_NEAR(fine, coarse, 1e-10 * std::fabs(fine)) << "quadrature not converged";
    return fine;
}

//! Counts the uniforms it hands out.
struct CountingRng
{
    PhiloxStream stream;
    std::size_t count = 0;
    double uniform()
    {
        ++count;
        return stream.uniform();
    }
};
}  // namespace

//---------------------------------------------------------------------------//
// The closed-form massless volume against the independent recursion, n = 2..6.
TEST(Rambo, MasslessVolumeFormula)
{
    double const sqrt_s = 91.1876;
    EXPECT_DOUBLE_EQ(1 / (8 * pi), massless_volume(2, sqrt_s * sqrt_s));
    EXPECT_DOUBLE_EQ(sqrt_s * sqrt_s / (256 * pi * pi * pi), massless_volume(3, sqrt_s * sqrt_s));
    for (size_type n = 2; n <= 6; ++n)
    {
        double ref = reference(sqrt_s, std::vector<double>(n, 0.0));
        EXPECT_NEAR(ref, massless_volume(n, sqrt_s * sqrt_s), 1e-12 * ref) << "n = " << n;
    }
}

//---------------------------------------------------------------------------//
// Massless RAMBO has the constant weight Phi_n: its mean is the volume with
// zero MC error (so no pull can be formed); every event is checked.
TEST(Rambo, MasslessWeightIsVolume)
{
    FourVector p[RamboParams::max_particles];
    for (size_type n = 2; n <= 6; ++n)
    {
        Rambo rambo(make_params(500.0, std::vector<double>(n, 0.0)));
        double const volume = massless_volume(n, 500.0 * 500.0);
        std::size_t wrong = 0;
        for (std::size_t e = 0; e < 10000; ++e)
        {
            PhiloxStream rng(11, e);
            wrong += (rambo(rng, p) != volume);
        }
        EXPECT_EQ(0u, wrong) << "n = " << n;
    }
}

//---------------------------------------------------------------------------//
// Smooth functions of the massless momenta with known integrals:
//  x = 2 E_0 / sqrt(s) has density ~ x (1 - x)^(n-3), so
//  <e^x> = 2 (n = 3) and 6 (3 - e) (n = 4);  isotropy: <cos^2 theta_0> = 1/3;
//  n = 3 Dalitz plot is flat in (s01, s12): <(s01/s)^2> = 1/6.
TEST(Rambo, MasslessSmoothFunctions)
{
    double const sqrt_s = 240.0, s = sqrt_s * sqrt_s;
    auto exp_x = [&](FourVector const* p) { return std::exp(2 * p[0].e / sqrt_s); };
    auto cos2 = [](FourVector const* p) {
        double c = cos_theta(p[0]);
        return c * c;
    };
    auto s01sq = [&](FourVector const* p) {
        double s01 = mass2(p[0] + p[1]) / s;
        return s01 * s01;
    };
    constexpr std::size_t n_events = 400000;
    {
        auto r = integrate(make_params(sqrt_s, {0, 0, 0}), 3, n_events, exp_x, cos2, s01sq);
        double vol = massless_volume(3, s);
        EXPECT_LT(std::fabs(r[1].pull(2 * vol, "n=3 <e^x0>")), 4);
        EXPECT_LT(std::fabs(r[2].pull(vol / 3, "n=3 <cos^2 theta0>")), 4);
        EXPECT_LT(std::fabs(r[3].pull(vol / 6, "n=3 <(s01/s)^2>")), 4);
        // the same integral by quadrature, as a check of the reference
        double quad = reference(sqrt_s, {0, 0, 0}, [&](double e0) {
            return std::exp(2 * e0 / sqrt_s);
        });
        EXPECT_NEAR(2 * vol, quad, 1e-10 * quad);
    }
    {
        auto r = integrate(make_params(sqrt_s, {0, 0, 0, 0}), 4, n_events, exp_x, cos2);
        double vol = massless_volume(4, s);
        EXPECT_LT(std::fabs(r[1].pull(6 * (3 - std::exp(1.0)) * vol, "n=4 <e^x0>")), 4);
        EXPECT_LT(std::fabs(r[2].pull(vol / 3, "n=4 <cos^2 theta0>")), 4);
    }
}

//---------------------------------------------------------------------------//
// Two massive particles: the weight is the exact two-body volume every event,
// beta / (8 pi) for equal masses (to rounding: 1e-13 relative).
TEST(Rambo, MassiveTwoBody)
{
    double const sqrt_s = 10.0;
    auto worst_deviation = [&](double m1, double m2, double expected) {
        Rambo rambo(make_params(sqrt_s, {m1, m2}));
        FourVector p[2];
        double worst = 0;
        for (std::size_t e = 0; e < 10000; ++e)
        {
            PhiloxStream rng(5, e);
            worst = std::max(worst, std::fabs(rambo(rng, p) / expected - 1));
        }
        return worst;
    };
    for (double m : {0.1, 1.0, 4.0, 4.999})
    {
        double beta = std::sqrt(1 - 4 * m * m / (sqrt_s * sqrt_s));
        EXPECT_LE(worst_deviation(m, m, beta / (8 * pi)), 1e-13) << "m = " << m;
    }
    for (auto [m1, m2] : {std::pair{0.0, 3.0}, std::pair{1.0, 7.0}, std::pair{2.5, 0.5}})
    {
        double expected = two_body_volume(sqrt_s, m1, m2);
        EXPECT_LE(worst_deviation(m1, m2, expected), 1e-13) << m1 << " " << m2;
    }
}

//---------------------------------------------------------------------------//
// Massive n = 3..6 volumes and <E_0> against the recursion by quadrature.
TEST(Rambo, MassiveVolumes)
{
    struct Case
    {
        double sqrt_s;
        std::vector<double> masses;
        std::size_t n_events;
    };
    Case const cases[] = {
        {10.0, {1.0, 2.0, 3.0}, 400000},
        {10.0, {0.0, 1.5, 4.0}, 400000},
        {10.0, {0.5, 1.0, 1.5, 2.0}, 400000},
        {10.0, {0.0, 0.0, 2.0, 3.0}, 400000},
        {91.2, {4.8, 4.8, 1.777, 1.777}, 400000},
        {10.0, {0.5, 0.5, 1.0, 1.0, 2.0}, 200000},
        {10.0, {0.3, 0.3, 0.3, 0.3, 1.0, 1.0}, 200000},
    };
    std::uint64_t seed = 100;
    for (Case const& c : cases)
    {
        std::string name = "n=" + std::to_string(c.masses.size()) + " sqrt_s=" + std::to_string(c.sqrt_s)
                           + " m0=" + std::to_string(c.masses[0]);
        auto energy = [](FourVector const* p) { return p[0].e; };
        auto r = integrate(make_params(c.sqrt_s, c.masses), seed++, c.n_events, energy);
        double vol = reference(c.sqrt_s, c.masses);
        double e0 = reference(c.sqrt_s, c.masses, [](double e) { return e; });
        EXPECT_LT(std::fabs(r[0].pull(vol, name + " volume")), 4);
        EXPECT_LT(std::fabs(r[1].pull(e0, name + " <E0>")), 4);
    }
}

//---------------------------------------------------------------------------//
// Momentum conservation and on-shell masses, per event. Rounding in
// E^2 - |p|^2 scales with E^2, so the mass check is |p^2 - m^2| <= 1e-12 E^2;
// conservation is checked per component relative to sqrt_s.
TEST(Rambo, ConservationAndMassShell)
{
    struct Case
    {
        double sqrt_s;
        std::vector<double> masses;
    };
    Case const cases[] = {
        {91.1876, {0, 0}},
        {91.1876, {0, 0, 0}},
        {500, {0, 0, 0, 0, 0, 0}},
        {10, {1, 7}},
        {10, {1, 2, 3}},
        {10, {0, 0, 2, 3}},
        {10, {3.3, 3.3, 3.3}},  // near threshold: xi ~ 0.1
        {500, {80.4, 80.4, 91.2, 91.2, 4.8, 4.8}},
        {13, {1, 1, 1, 1, 1, 1}},
    };
    constexpr std::size_t n_events = 100000;
    std::uint64_t seed = 7;
    for (Case const& c : cases)
    {
        Rambo rambo(make_params(c.sqrt_s, c.masses));
        ASSERT_TRUE(rambo.valid());
        size_type n = static_cast<size_type>(c.masses.size());
        double worst_sum = 0, worst_shell = 0;
        std::size_t zero_weights = 0, negative_energy = 0;
        FourVector p[RamboParams::max_particles];
        for (std::size_t e = 0; e < n_events; ++e)
        {
            PhiloxStream rng(seed, e);
            double w = rambo(rng, p);
            zero_weights += !(w > 0);
            FourVector total{};
            for (size_type i = 0; i < n; ++i)
            {
                total += p[i];
                negative_energy += !(p[i].e >= 0);
                double m = c.masses[i];
                worst_shell = std::max(worst_shell, std::fabs(mass2(p[i]) - m * m) / (p[i].e * p[i].e));
            }
            for (double d : {total.e - c.sqrt_s, total.px, total.py, total.pz})
                worst_sum = std::max(worst_sum, std::fabs(d) / c.sqrt_s);
        }
        ++seed;
        EXPECT_EQ(0u, zero_weights) << "n = " << n << " m0 = " << c.masses[0];
        EXPECT_EQ(0u, negative_energy);
        EXPECT_LE(worst_sum, 1e-12) << "n = " << n << " m0 = " << c.masses[0];
        EXPECT_LE(worst_shell, 1e-12) << "n = " << n << " m0 = " << c.masses[0];
        std::cout << "[ info ] n=" << n << " sqrt_s=" << c.sqrt_s << " m0=" << c.masses[0]
                  << ": max |sum p - P|/sqrt_s = " << worst_sum
                  << ", max |p^2 - m^2|/E^2 = " << worst_shell << std::endl;
    }
}

//---------------------------------------------------------------------------//
// Exactly 4n uniforms per event (also for zero weight); none for invalid params.
TEST(Rambo, UniformBudget)
{
    FourVector p[RamboParams::max_particles];
    for (size_type n = 2; n <= 6; ++n)
    {
        for (double m : {0.0, 1.0})
        {
            Rambo rambo(make_params(20.0, std::vector<double>(n, m)));
            EXPECT_EQ(4 * n, rambo.num_uniforms());
            CountingRng rng{PhiloxStream(1, n), 0};
            for (int e = 0; e < 100; ++e)
                rambo(rng, p);
            EXPECT_EQ(400u * n, rng.count) << "n = " << n << " m = " << m;
        }
    }
    // a point whose q_i are all zero (every u = 1) is degenerate: weight 0, 4n draws
    struct OnesRng
    {
        std::size_t count = 0;
        double uniform()
        {
            ++count;
            return 1.0;
        }
    } ones;
    Rambo rambo(make_params(20.0, {0, 0, 0}));
    EXPECT_EQ(0.0, rambo(ones, p));
    EXPECT_EQ(12u, ones.count);
    for (int i = 0; i < 3; ++i)
        EXPECT_EQ(0.0, p[i].e);
}

//---------------------------------------------------------------------------//
TEST(Rambo, InvalidParams)
{
    double const inf = std::numeric_limits<double>::infinity();
    EXPECT_TRUE(Rambo(make_params(10, {1, 2, 3})).valid());
    EXPECT_FALSE(Rambo(make_params(10, {0})).valid());
    EXPECT_FALSE(Rambo(make_params(10, {0, 0, 0, 0, 0, 0, 0})).valid());
    EXPECT_FALSE(Rambo(make_params(10, {5, 5})).valid());   // at threshold
    EXPECT_FALSE(Rambo(make_params(10, {4, 4, 4})).valid());  // above
    EXPECT_FALSE(Rambo(make_params(10, {-1, 0})).valid());
    EXPECT_FALSE(Rambo(make_params(10, {inf, 0})).valid());
    EXPECT_FALSE(Rambo(make_params(0, {0, 0})).valid());
    EXPECT_FALSE(Rambo(make_params(-1, {0, 0})).valid());
    EXPECT_FALSE(Rambo(make_params(inf, {0, 0})).valid());

    Rambo rambo(make_params(10, {4, 4, 4}));
    CountingRng rng{PhiloxStream(1, 0), 0};
    FourVector p[3] = {{1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}};
    EXPECT_EQ(0.0, rambo(rng, p));
    EXPECT_EQ(0u, rng.count);
    EXPECT_EQ(0u, rambo.num_uniforms());
    for (auto const& v : p)
        EXPECT_EQ(0.0, v.e);
}
}  // namespace fathom::test
