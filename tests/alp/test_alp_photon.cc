// e+e- -> gamma a (alp_photon) against the MadGraph5 reference points and the analytic cross
// section; e+e- -> gamma gamma gamma through the ALP: gauge invariance, Bose symmetry, helicity
// sum, Breit-Wigner vs narrow width.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "fathom/amplitude/AlpPhotonAmplitude.hh"
#include "fathom/amplitude/AlpThreePhotonsAmplitude.hh"

#include "AlpTestSupport.hh"
#include "ReferenceData.hh"

namespace fathom::test
{
namespace
{
constexpr real_type me = 0.000510998950;

AlpParams alp_params(real_type m_a, real_type electron_mass = me)
{
    AlpParams p = reference_alp_params(m_a);
    p.electron_mass = electron_mass;
    return p;
}

//---------------------------------------------------------------------------//
// Reference points
//---------------------------------------------------------------------------//
struct AlpPhotonFile
{
    char const* file;
    real_type m_a;
};

void PrintTo(AlpPhotonFile const& c, std::ostream* os)
{
    *os << c.file;
}

std::string alp_photon_case_name(testing::TestParamInfo<AlpPhotonFile> const& info)
{
    std::string n = info.param.file;
    n = n.substr(0, n.size() - 4);
    std::replace(n.begin(), n.end(), '.', 'p');
    return n;
}

class AlpPhotonReference : public testing::TestWithParam<AlpPhotonFile>
{
};

TEST_P(AlpPhotonReference, every_row_agrees)
{
    AlpPhotonFile const c = GetParam();
    FATHOM_SKIP_WITHOUT_REFERENCE();
    ReferenceTable const table = read_reference_table(c.file);
    ASSERT_TRUE(table.ok) << table.error;
    ASSERT_EQ(10u, table.rows.size());
    int const me2_col = table.column("me2");
    ASSERT_GE(me2_col, 0);
    AlpPhotonAmplitude const amplitude{alp_params(c.m_a)};
    real_type worst = 0;
    for (std::size_t r = 0; r < table.rows.size(); ++r)
    {
        Event const ev = {table.momentum(r, "ep_in"), table.momentum(r, "em_in"), table.momentum(r, "a"),
                          table.momentum(r, "ax")};
        // the ALP of the file is on shell
        EXPECT_LT(std::fabs(mass(ev[3]) - c.m_a), 1e-12 * 10.58);
        real_type const expected = table.rows[r][me2_col];
        real_type const d = rel_diff(amplitude(ev.data()), expected);
        EXPECT_LT(d, 1e-10) << c.file << " row " << r;
        worst = std::max(worst, d);
    }
    std::printf("[ reference ] %-24s %2zu rows, me2 worst relative deviation %.3e\n", c.file, table.rows.size(),
                worst);
}

INSTANTIATE_TEST_SUITE_P(alp_ee_aax,
                         AlpPhotonReference,
                         testing::Values(AlpPhotonFile{"alp_ee_aax_m0.5.csv", 0.5},
                                         AlpPhotonFile{"alp_ee_aax_m1.csv", 1.0},
                                         AlpPhotonFile{"alp_ee_aax_m5.csv", 5.0}),
                         alp_photon_case_name);

//---------------------------------------------------------------------------//
// Cross section
//---------------------------------------------------------------------------//
//! sigma = 1 / (2 sqrt(lambda(s, m_e^2, m_e^2))) integral dPhi_2 me2, dPhi_2 = |k| / (16 pi^2 sqrt s) dOmega.
real_type integrated_cross_section(AlpPhotonAmplitude const& amplitude, real_type sqrt_s, int n_cos, int n_phi)
{
    real_type const s = sqrt_s * sqrt_s;
    real_type const m_a = amplitude.params.mass;
    real_type const m_e = amplitude.params.electron_mass;
    Event const in = beams(sqrt_s, m_e);
    real_type const k = (s - m_a * m_a) / (2 * sqrt_s);
    GaussLegendre const gl = gauss_legendre(n_cos);
    real_type integral = 0;
    for (int i = 0; i < n_cos; ++i)
        for (int j = 0; j < n_phi; ++j)
        {
            real_type const phi = 2 * pi * (j + 0.25) / n_phi;
            FourVector const photon = along(k, k, gl.x[i], phi);
            FourVector const alp{sqrt_s - k, -photon.px, -photon.py, -photon.pz};
            Event const ev = {in[0], in[1], photon, alp};
            integral += gl.w[i] * (2 * pi / n_phi) * amplitude(ev.data());
        }
    real_type const phase_space = k / (16 * pi * pi * sqrt_s);
    real_type const flux = 2 * s * std::sqrt(1 - 4 * m_e * m_e / s);
    return integral * phase_space / flux;
}

TEST(AlpPhotonCrossSection, massless_electrons_alpha_g2_over_24)
{
    // me2 is a polynomial of degree 2 in cos(theta): an 8-point Gauss-Legendre rule is exact.
    real_type worst = 0;
    for (real_type sqrt_s : {10.58, 3.0, 91.0})
        for (real_type m_a : {0.0, 0.5, 1.0, 5.0, 0.9 * sqrt_s})
        {
            AlpParams const p = alp_params(m_a, 0);
            real_type const s = sqrt_s * sqrt_s;
            real_type const x = 1 - m_a * m_a / s;
            real_type const expected = p.alpha * p.coupling * p.coupling / 24 * x * x * x;
            real_type const sigma = integrated_cross_section(AlpPhotonAmplitude{p}, sqrt_s, 8, 3);
            real_type const d = rel_diff(sigma, expected);
            EXPECT_LT(d, 1e-13) << "sqrt s " << sqrt_s << " m_a " << m_a;
            EXPECT_LT(rel_diff(alp_photon_cross_section(s, p), expected), 1e-15);
            worst = std::max(worst, d);
        }
    std::printf("[ sigma     ] massless electrons: integrated vs alpha g^2/24 (1 - m^2/s)^3, worst relative %.3e\n",
                worst);
}

TEST(AlpPhotonCrossSection, massive_electrons_exact_flux)
{
    real_type worst = 0;
    real_type worst_readme = 0;
    for (real_type sqrt_s : {10.58, 3.0})
        for (real_type m_a : {0.5, 1.0, 5.0})
        {
            if (m_a >= sqrt_s)
                continue;
            AlpParams const p = alp_params(m_a);
            real_type const s = sqrt_s * sqrt_s;
            real_type const x = 1 - m_a * m_a / s;
            real_type const sigma = integrated_cross_section(AlpPhotonAmplitude{p}, sqrt_s, 8, 3);
            // exact: (1 + 2 m_e^2/s) / sqrt(1 - 4 m_e^2/s); the README's first order: (1 + 4 m_e^2/s)
            real_type const d = rel_diff(sigma, alp_photon_cross_section(s, p));
            real_type const readme = p.alpha * p.coupling * p.coupling / 24 * x * x * x * (1 + 4 * me * me / s);
            real_type const d_readme = rel_diff(sigma, readme);
            EXPECT_LT(d, 1e-13);
            EXPECT_LT(d_readme, 1e-13);
            worst = std::max(worst, d);
            worst_readme = std::max(worst_readme, d_readme);
            // the mass correction itself, 4 m_e^2/s ~ 1e-8, is resolved
            AlpParams p0 = p;
            p0.electron_mass = 0;
            real_type const massless = integrated_cross_section(AlpPhotonAmplitude{p0}, sqrt_s, 8, 3);
            EXPECT_LT(rel_diff(sigma / massless - 1, 4 * me * me / s), 1e-6);
        }
    std::printf("[ sigma     ] massive electrons: vs exact-flux formula %.3e, vs README (1 + 4 m_e^2/s) %.3e\n",
                worst, worst_readme);
}

//---------------------------------------------------------------------------//
// Gauge invariance, e+e- -> gamma a
//---------------------------------------------------------------------------//
TEST(AlpPhotonAmplitude, gauge_invariance_and_helicity_sum)
{
    std::mt19937_64 rng(21);
    std::uniform_real_distribution<real_type> u(0, 1);
    for (real_type m_e : {me, 0.0})
    {
        AlpPhotonAmplitude const amplitude{alp_params(1.0, m_e)};
        real_type worst = 0;
        for (int i = 0; i < 100; ++i)
        {
            Event const in = beams(belle2_sqrt_s, m_e);
            auto const [photon, alp] = two_body(in[0] + in[1], 0, 1.0, 2 * u(rng) - 1, 2 * pi * u(rng));
            Event const ev = boosted(Event{in[0], in[1], photon, alp}, 0, 0, 0.27);
            real_type scale = 0;
            real_type sum = 0;
            for (int h_ep : {-1, 1})
                for (int h_em : {-1, 1})
                    for (auto const& w : outgoing_photon_states(ev[2]))
                    {
                        Complex const a = amplitude.amplitude(ev.data(), h_ep, h_em, w);
                        scale = std::max(scale, cabs(a));
                        sum += norm2(a);
                    }
            EXPECT_LT(rel_diff(sum / 4, amplitude(ev.data())), 1e-13);
            for (int h_ep : {-1, 1})
                for (int h_em : {-1, 1})
                {
                    real_type const ward
                        = cabs(amplitude.amplitude(ev.data(), h_ep, h_em, to_complex((1 / ev[2].e) * ev[2])));
                    EXPECT_LT(ward, 1e-12 * scale);
                    worst = std::max(worst, ward / scale);
                }
        }
        std::printf("[ gauge     ] e+e- -> gamma a (m_e = %g): worst |M(eps -> k/E)| / max|M| %.3e\n", m_e, worst);
    }
}

//---------------------------------------------------------------------------//
// e+e- -> gamma gamma gamma through the ALP
//---------------------------------------------------------------------------//
//! e+e- -> gamma a, a -> gamma gamma: photon 2 the recoil photon, 3 and 4 from the ALP (on shell).
Event resonant_point(std::mt19937_64& rng, real_type m_a, real_type m_e)
{
    std::uniform_real_distribution<real_type> u(0, 1);
    Event const in = beams(belle2_sqrt_s, m_e);
    auto const [photon, alp] = two_body(in[0] + in[1], 0, m_a, 2 * u(rng) - 1, 2 * pi * u(rng));
    auto const [k1, k2] = two_body(alp, 0, 0, 2 * u(rng) - 1, 2 * pi * u(rng));
    return {in[0], in[1], photon, k1, k2};
}

real_type breit_wigner_by_amplitudes(AlpThreePhotonsAmplitude const& amplitude, Event const& ev, real_type* scale)
{
    real_type sum = 0;
    *scale = 0;
    auto const w0 = outgoing_photon_states(ev[2]);
    auto const w1 = outgoing_photon_states(ev[3]);
    auto const w2 = outgoing_photon_states(ev[4]);
    for (int h_ep : {-1, 1})
        for (int h_em : {-1, 1})
            for (auto const& a : w0)
                for (auto const& b : w1)
                    for (auto const& c : w2)
                    {
                        ComplexFourVector const w[3] = {a, b, c};
                        Complex const amp = amplitude.amplitude(ev.data(), h_ep, h_em, w);
                        *scale = std::max(*scale, cabs(amp));
                        sum += norm2(amp);
                    }
    return sum / 4 / 6;
}

TEST(AlpThreePhotons, helicity_sum_gauge_invariance_and_bose_symmetry)
{
    std::mt19937_64 rng(22);
    real_type worst_sum = 0, worst_gauge = 0, worst_bose = 0;
    for (real_type m_e : {me, 0.0})
        for (real_type m_a : {0.5, 1.0, 5.0})
        {
            AlpThreePhotonsAmplitude const amplitude{alp_params(m_a, m_e)};
            for (int i = 0; i < 40; ++i)
            {
                // half on the resonance, half generic three-photon points (off resonance)
                Event ev = (i % 2 == 0) ? resonant_point(rng, m_a, m_e)
                                        : concat(beams(belle2_sqrt_s, m_e), three_massless(belle2_sqrt_s, rng));
                ev = boosted(ev, 0.05, -0.1, 0.27);
                real_type const me2 = amplitude.breit_wigner_me2(ev.data());
                real_type scale = 0;
                real_type const d_sum = rel_diff(breit_wigner_by_amplitudes(amplitude, ev, &scale), me2);
                EXPECT_LT(d_sum, 1e-12);
                worst_sum = std::max(worst_sum, d_sum);
                // Ward identity for each photon, every helicity of the others
                for (int j = 0; j < 3; ++j)
                {
                    auto const wa = outgoing_photon_states(ev[2 + (j + 1) % 3]);
                    auto const wb = outgoing_photon_states(ev[2 + (j + 2) % 3]);
                    for (int h_ep : {-1, 1})
                        for (int h_em : {-1, 1})
                            for (auto const& a : wa)
                                for (auto const& b : wb)
                                {
                                    ComplexFourVector w[3];
                                    w[j] = to_complex((1 / ev[2 + j].e) * ev[2 + j]);
                                    w[(j + 1) % 3] = a;
                                    w[(j + 2) % 3] = b;
                                    real_type const r = cabs(amplitude.amplitude(ev.data(), h_ep, h_em, w)) / scale;
                                    EXPECT_LT(r, 1e-12);
                                    worst_gauge = std::max(worst_gauge, r);
                                }
                }
                // Bose symmetry: every permutation of the three photons
                int perm[3] = {0, 1, 2};
                while (std::next_permutation(perm, perm + 3))
                {
                    Event const pe = {ev[0], ev[1], ev[2 + perm[0]], ev[2 + perm[1]], ev[2 + perm[2]]};
                    real_type const d = rel_diff(amplitude.breit_wigner_me2(pe.data()), me2);
                    EXPECT_LT(d, 1e-12);
                    worst_bose = std::max(worst_bose, d);
                }
            }
        }
    std::printf("[ 3 photons ] via ALP: helicity sum vs me2 %.3e, worst Ward |M(eps -> k/E)|/max|M| %.3e, "
                "Bose %.3e\n",
                worst_sum, worst_gauge, worst_bose);
}

TEST(AlpThreePhotons, resonance_factorises_and_narrow_width_normalisation)
{
    std::mt19937_64 rng(23);
    real_type worst_factor = 0;
    for (real_type m_a : {0.5, 1.0, 5.0})
    {
        AlpParams bw = alp_params(m_a);
        AlpParams nw = bw;
        nw.lineshape = AlpLineshape::narrow_width;
        AlpThreePhotonsAmplitude const full{bw};
        AlpThreePhotonsAmplitude const narrow{nw};
        real_type const gamma = bw.width();
        for (int i = 0; i < 20; ++i)
        {
            Event const ev = resonant_point(rng, m_a, me);
            real_type const p2 = mass2(ev[3] + ev[4]);
            // production: the 2 -> 2 |M|^2 with the ALP momentum k3 + k4
            Event const two = {ev[0], ev[1], ev[2], ev[3] + ev[4]};
            real_type const production = AlpPhotonAmplitude{bw}(two.data());
            EXPECT_EQ(production, full.production_me2(ev.data()));
            // on the resonance the (2; 3, 4) pairing dominates: me2 = (1/3!) production x BW x g^2 p^4/2
            real_type const single = production * alp_breit_wigner(p2, m_a, gamma)
                                     * alp_diphoton_decay_me2(p2, bw.coupling) / 6;
            real_type const d = rel_diff(full(ev.data()), single);
            EXPECT_LT(d, 1e-8);
            worst_factor = std::max(worst_factor, d);
            // narrow width = production x pi/(m Gamma) x g^2 m^4/2 x 1/2 = 3 pi m Gamma x (Breit-Wigner on
            // shell). The generated p^2 equals m^2 only up to rounding (~1e-15 GeV^2), which the
            // Breit-Wigner resolves (m Gamma = 3e-12 GeV^2 at m = 0.5): compare at the p^2 formed.
            real_type const nw_expected = production * pi / (m_a * gamma) * bw.coupling * bw.coupling * m_a * m_a
                                          * m_a * m_a / 2 / 2;
            EXPECT_LT(rel_diff(narrow(ev.data()), nw_expected), 1e-14);
            real_type const on_shell_ratio = alp_breit_wigner(m_a * m_a, m_a, gamma) / alp_breit_wigner(p2, m_a, gamma)
                                             * std::pow(m_a * m_a / p2, 2);
            EXPECT_LT(rel_diff(narrow(ev.data()), 3 * pi * m_a * gamma * full(ev.data()) * on_shell_ratio), 1e-8);
        }
    }
    std::printf("[ 3 photons ] on resonance: coherent 3-pairing sum vs factorised single pairing, worst %.3e\n",
                worst_factor);
}

TEST(AlpThreePhotons, production_of_the_reference_points)
{
    // The reference 2 -> 2 points with their ALP decayed: production_me2 reproduces the file
    std::mt19937_64 rng(24);
    std::uniform_real_distribution<real_type> u(0, 1);
    for (auto const& [file, m_a] : {std::pair<char const*, real_type>{"alp_ee_aax_m0.5.csv", 0.5},
                                    {"alp_ee_aax_m1.csv", 1.0},
                                    {"alp_ee_aax_m5.csv", 5.0}})
    {
        FATHOM_SKIP_WITHOUT_REFERENCE();
        ReferenceTable const table = read_reference_table(file);
        ASSERT_TRUE(table.ok) << table.error;
        AlpThreePhotonsAmplitude const amplitude{alp_params(m_a)};
        real_type worst = 0;
        for (std::size_t r = 0; r < table.rows.size(); ++r)
        {
            auto const [k1, k2] = two_body(table.momentum(r, "ax"), 0, 0, 2 * u(rng) - 1, 2 * pi * u(rng));
            Event const ev = {table.momentum(r, "ep_in"), table.momentum(r, "em_in"), table.momentum(r, "a"), k1, k2};
            real_type const d = rel_diff(amplitude.production_me2(ev.data()), table.rows[r][table.column("me2")]);
            EXPECT_LT(d, 1e-10);
            worst = std::max(worst, d);
        }
        std::printf("[ 3 photons ] %-22s production_me2 after the decay: worst %.3e\n", file, worst);
    }
}
}  // namespace
}  // namespace fathom::test
