// QED e+e- -> gamma gamma and e+e- -> gamma gamma gamma (massive electrons): the textbook two-photon
// formula; for three photons gauge invariance for each photon, Bose symmetry, the massless closed
// form, the soft-photon limit (eikonal factor x two-photon |M|^2) and Lorentz invariance.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "fathom/amplitude/EeToThreePhotonsAmplitude.hh"
#include "fathom/amplitude/EeToTwoPhotonsAmplitude.hh"

#include "AlpTestSupport.hh"

namespace fathom::test
{
namespace
{
constexpr real_type me = 0.000510998950;
constexpr real_type alpha = 1 / 137.035999;

QedAnnihilationParams qed(real_type m_e)
{
    return QedAnnihilationParams{alpha, m_e};
}

//! e+e- -> photons at sqrt(s) = 10.58 GeV, photons from RAMBO, then a boost.
Event random_photon_event(std::mt19937_64& rng, int n_photons, real_type m_e)
{
    Event const photons = n_photons == 2 ? two_massless(belle2_sqrt_s, rng) : three_massless(belle2_sqrt_s, rng);
    Event const ev = concat(beams(belle2_sqrt_s, m_e), photons);
    return boosted(ev, 0.03, -0.05, 0.27);
}

//---------------------------------------------------------------------------//
// e+e- -> gamma gamma
//---------------------------------------------------------------------------//
TEST(EeToTwoPhotons, textbook_formula_massive_and_massless)
{
    std::mt19937_64 rng(31);
    for (real_type m_e : {me, 0.0, 0.3})
    {
        EeToTwoPhotonsAmplitude const amplitude{qed(m_e)};
        real_type worst = 0;
        real_type worst_ratio = 0;
        for (int i = 0; i < 500; ++i)
        {
            Event const ev = random_photon_event(rng, 2, m_e);
            real_type const analytic = ee_to_two_photons_analytic(ev[1], ev[2], ev[3], m_e, alpha);
            real_type const d = rel_diff(amplitude(ev.data()), analytic);
            real_type const bound = propagator_rounding(ev);
            EXPECT_LT(d, 1e-13 + 16 * bound) << "m_e " << m_e;
            // the same with the e+ momentum (the formula is symmetric)
            EXPECT_LT(rel_diff(ee_to_two_photons_analytic(ev[0], ev[2], ev[3], m_e, alpha), analytic),
                      1e-13 + 16 * bound);
            worst = std::max(worst, d);
            worst_ratio = std::max(worst_ratio, d / bound);
        }
        std::printf("[ 2 photons ] m_e = %g GeV: vs Peskin & Schroeder (5.105) / 2, worst relative %.3e "
                    "(worst / propagator rounding bound %.2f)\n",
                    m_e, worst, worst_ratio);
    }
    // massless: e^4 (u/t + t/u)
    std::mt19937_64 rng2(32);
    EeToTwoPhotonsAmplitude const massless{qed(0)};
    Event const ev = random_photon_event(rng2, 2, 0);
    real_type const t = mass2(ev[1] - ev[2]), u = mass2(ev[1] - ev[3]);
    real_type const e2 = 4 * pi * alpha;
    EXPECT_LT(rel_diff(massless(ev.data()), e2 * e2 * (u / t + t / u)), 1e-12);
}

TEST(EeToTwoPhotons, gauge_invariance)
{
    std::mt19937_64 rng(33);
    EeToTwoPhotonsAmplitude const amplitude{qed(me)};
    real_type worst = 0;
    for (int i = 0; i < 200; ++i)
    {
        Event const ev = random_photon_event(rng, 2, me);
        real_type scale = 0;
        for (int h_ep : {-1, 1})
            for (int h_em : {-1, 1})
                for (auto const& a : outgoing_photon_states(ev[2]))
                    for (auto const& b : outgoing_photon_states(ev[3]))
                    {
                        ComplexFourVector const w[2] = {a, b};
                        scale = std::max(scale, cabs(amplitude.amplitude(ev.data(), h_ep, h_em, w)));
                    }
        for (int j = 0; j < 2; ++j)
            for (int h_ep : {-1, 1})
                for (int h_em : {-1, 1})
                    for (auto const& other : outgoing_photon_states(ev[3 - j]))
                    {
                        ComplexFourVector w[2];
                        w[j] = to_complex((1 / ev[2 + j].e) * ev[2 + j]);
                        w[1 - j] = other;
                        real_type const r = cabs(amplitude.amplitude(ev.data(), h_ep, h_em, w)) / scale;
                        EXPECT_LT(r, 1e-12);
                        worst = std::max(worst, r);
                    }
    }
    std::printf("[ 2 photons ] worst Ward |M(eps -> k/E)| / max|M| %.3e\n", worst);
}

//---------------------------------------------------------------------------//
// e+e- -> gamma gamma gamma
//---------------------------------------------------------------------------//
//! Helicity sum of amplitude(), / 4 / 3!; scale = max |M|.
real_type three_photon_helicity_sum(EeToThreePhotonsAmplitude const& amplitude, Event const& ev, real_type* scale)
{
    real_type sum = 0;
    *scale = 0;
    for (int h_ep : {-1, 1})
        for (int h_em : {-1, 1})
            for (auto const& a : outgoing_photon_states(ev[2]))
                for (auto const& b : outgoing_photon_states(ev[3]))
                    for (auto const& c : outgoing_photon_states(ev[4]))
                    {
                        ComplexFourVector const w[3] = {a, b, c};
                        Complex const amp = amplitude.amplitude(ev.data(), h_ep, h_em, w);
                        *scale = std::max(*scale, cabs(amp));
                        sum += norm2(amp);
                    }
    return sum / 4 / 6;
}

TEST(EeToThreePhotons, helicity_sum_gauge_invariance_bose_symmetry_lorentz)
{
    std::mt19937_64 rng(34);
    for (real_type m_e : {me, 0.0})
    {
        EeToThreePhotonsAmplitude const amplitude{qed(m_e)};
        real_type worst_sum = 0, worst_gauge = 0, worst_bose = 0, worst_boost = 0;
        for (int i = 0; i < 200; ++i)
        {
            Event const ev = random_photon_event(rng, 3, m_e);
            real_type const me2 = amplitude(ev.data());
            real_type scale = 0;
            real_type const d_sum = rel_diff(three_photon_helicity_sum(amplitude, ev, &scale), me2);
            EXPECT_LT(d_sum, 1e-12);
            worst_sum = std::max(worst_sum, d_sum);
            for (int j = 0; j < 3; ++j)
                for (int h_ep : {-1, 1})
                    for (int h_em : {-1, 1})
                        for (auto const& a : outgoing_photon_states(ev[2 + (j + 1) % 3]))
                            for (auto const& b : outgoing_photon_states(ev[2 + (j + 2) % 3]))
                            {
                                ComplexFourVector w[3];
                                w[j] = to_complex((1 / ev[2 + j].e) * ev[2 + j]);
                                w[(j + 1) % 3] = a;
                                w[(j + 2) % 3] = b;
                                real_type const r = cabs(amplitude.amplitude(ev.data(), h_ep, h_em, w)) / scale;
                                EXPECT_LT(r, 1e-12);
                                worst_gauge = std::max(worst_gauge, r);
                            }
            int perm[3] = {0, 1, 2};
            while (std::next_permutation(perm, perm + 3))
            {
                Event const pe = {ev[0], ev[1], ev[2 + perm[0]], ev[2 + perm[1]], ev[2 + perm[2]]};
                real_type const d = rel_diff(amplitude(pe.data()), me2);
                EXPECT_LT(d, 1e-12);
                worst_bose = std::max(worst_bose, d);
            }
            real_type const d_boost = rel_diff(amplitude(boosted(ev, -0.1, 0.2, -0.3).data()), me2);
            EXPECT_LT(d_boost, 1e-11);
            worst_boost = std::max(worst_boost, d_boost);
        }
        std::printf("[ 3 photons ] m_e = %g: helicity sum %.3e, Ward |M(eps -> k/E)|/max|M| %.3e, Bose %.3e, "
                    "boost %.3e\n",
                    m_e, worst_sum, worst_gauge, worst_bose, worst_boost);
    }
}

/*!
 * Massless closed form (Berends & Kleiss, Nucl. Phys. B 186 (1981) 22), spin-averaged and with 1/3!:
 *   (1/6) e^6 s sum_i (p+.k_i)(p-.k_i) [(p+.k_i)^2 + (p-.k_i)^2] / prod_j (p+.k_j)(p-.k_j).
 * (Its normalisation follows from the soft limit: for k3 -> 0 it becomes
 * e^2 s/(p+.k3 p-.k3) x 2 e^4 (t^2 + u^2)/(t u), eikonal x two-photon.)
 */
real_type three_photons_massless_analytic(Event const& ev)
{
    // long double: the formula's own rounding out of the way
    using ld = long double;
    auto ldot = [](FourVector const& x, FourVector const& y) {
        return ld(x.e) * y.e - ld(x.px) * y.px - ld(x.py) * y.py - ld(x.pz) * y.pz;
    };
    ld const e2 = 4 * ld(pi) * ld(alpha);
    ld const s = ldot(ev[0] + ev[1], ev[0] + ev[1]);
    ld numerator = 0;
    ld denominator = 1;
    for (int i = 2; i < 5; ++i)
    {
        ld const a = ldot(ev[0], ev[i]);
        ld const b = ldot(ev[1], ev[i]);
        numerator += a * b * (a * a + b * b);
        denominator *= a * b;
    }
    return real_type(e2 * e2 * e2 * s * numerator / denominator / 6);
}

TEST(EeToThreePhotons, massless_closed_form_and_massive_limit)
{
    std::mt19937_64 rng(35);
    EeToThreePhotonsAmplitude const massless{qed(0)};
    EeToThreePhotonsAmplitude const massive{qed(me)};
    real_type worst = 0;
    real_type worst_ratio = 0;
    std::vector<real_type> deviations;
    for (int i = 0; i < 1000; ++i)
    {
        Event const ev = concat(beams(belle2_sqrt_s, 0), three_massless(belle2_sqrt_s, rng));
        real_type const ours = massless(ev.data());
        real_type const formula = three_photons_massless_analytic(ev);
        real_type const d = rel_diff(ours, formula);
        EXPECT_LT(d, 1e-13 + 16 * propagator_rounding(ev)) << "point " << i;
        worst_ratio = std::max(worst_ratio, d / propagator_rounding(ev));
        worst = std::max(worst, d);
        deviations.push_back(d);
    }
    std::sort(deviations.begin(), deviations.end());
    std::printf("[ 3 photons ] massless vs Berends-Kleiss closed form: median %.3e, worst %.3e "
                "(worst / propagator rounding bound %.2f)\n",
                deviations[deviations.size() / 2], worst, worst_ratio);
    // Mass effects are O(m^2 / (p.k)) away from the beams
    for (int i = 0; i < 200; ++i)
    {
        Event const ev = random_photon_event(rng, 3, me);
        bool wide = true;
        for (int j = 2; j < 5; ++j)
            wide = wide && std::fabs(cos_theta(boosted(ev, -0.03, 0.05, -0.27)[j])) < 0.95;
        if (wide)
        {
            Event const ev0
                = concat(boosted(beams(belle2_sqrt_s, 0), 0.03, -0.05, 0.27), Event(ev.begin() + 2, ev.end()));
            EXPECT_LT(rel_diff(massive(ev.data()), massless(ev0.data())), 1e-5);
        }
    }
}

//! e+e- -> gamma(k1) gamma(k2) gamma(k3) with k3 = lambda x (direction cos3, phi3) soft and the pair
//! (k1, k2) recoiling, back-to-back at (cos_star, phi_star) in its rest frame.
Event soft_event(
    real_type m_e, real_type lambda, real_type cos3, real_type phi3, real_type cos_star, real_type phi_star)
{
    Event const in = beams(belle2_sqrt_s, m_e);
    FourVector const k3 = along(lambda, lambda, cos3, phi3);
    FourVector const pair = in[0] + in[1] - k3;
    auto const [k1, k2] = two_body(pair, 0, 0, cos_star, phi_star);
    return {in[0], in[1], k1, k2, k3};
}

TEST(EeToThreePhotons, soft_photon_limit)
{
    // me2(3 photons) -> eikonal(k3) x me2(2 photons) / 3 (1/3 = 2!/3!); the remainder is O(lambda / E).
    struct Direction
    {
        real_type cos3, phi3;
        char const* what;
    };
    for (real_type m_e : {me, 0.0})
    {
        EeToThreePhotonsAmplitude const three{qed(m_e)};
        EeToTwoPhotonsAmplitude const two{qed(m_e)};
        for (Direction const dir : {Direction{0.3, 1.1, "wide angle"}, Direction{-0.8, 4.0, "backward"}})
        {
            real_type previous = 1;
            for (real_type lambda : {1e-2, 1e-3, 1e-4, 1e-5, 1e-6})
            {
                Event const ev = soft_event(m_e, lambda, dir.cos3, dir.phi3, 0.4, 2.5);
                real_type const eikonal = soft_photon_eikonal_factor(ev[0], ev[1], ev[4], m_e, alpha);
                real_type const ratio = three(ev.data()) / (eikonal * two(ev.data()) / 3);
                real_type const dev = std::fabs(ratio - 1);
                EXPECT_LT(dev, 2 * lambda) << dir.what << " lambda " << lambda;
                if (lambda < 1e-2)
                {
                    EXPECT_LT(dev, 0.2 * previous) << "the remainder must fall with lambda";
                }
                previous = dev;
                std::printf("[ soft      ] m_e = %g, %-10s lambda = %.0e GeV: |ratio - 1| = %.3e\n", m_e, dir.what,
                            lambda, dev);
            }
        }
    }
    // Near the e- beam (theta = 3e-3 ~ 6 m_e/E) the mass terms of the eikonal factor are ~2e-3 of it:
    // the massive amplitude follows the massive eikonal factor, not the massless one.
    EeToThreePhotonsAmplitude const three{qed(me)};
    EeToTwoPhotonsAmplitude const two{qed(me)};
    real_type const theta = 3e-3;
    Event const ev = soft_event(me, 1e-4, std::cos(theta), 0.7, 0.4, 2.5);
    real_type const hard = two(ev.data()) / 3;
    real_type const massive_eikonal = soft_photon_eikonal_factor(ev[0], ev[1], ev[4], me, alpha);
    real_type const massless_eikonal = soft_photon_eikonal_factor(ev[0], ev[1], ev[4], 0, alpha);
    real_type const dev_massive = std::fabs(three(ev.data()) / (massive_eikonal * hard) - 1);
    real_type const dev_massless = std::fabs(three(ev.data()) / (massless_eikonal * hard) - 1);
    std::printf("[ soft      ] collinear (theta = 3e-3, lambda = 1e-4): |ratio - 1| massive eikonal %.3e, "
                "massless eikonal %.3e\n",
                dev_massive, dev_massless);
    EXPECT_LT(dev_massive, 1e-4);
    EXPECT_GT(dev_massless, 1e-3);
}
}  // namespace
}  // namespace fathom::test
