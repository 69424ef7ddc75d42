// ALP building blocks: the Levi-Civita contraction and its sign convention, the ALP-photon-photon
// vertex (normalisation against |M(a -> gamma gamma)|^2 = g^2 m^4/2, transversality, Bose symmetry),
// the width g^2 m^3/(64 pi) by integration, the lineshape and the narrow-width normalisation.
#include <cmath>
#include <cstdio>
#include <random>

#include <gtest/gtest.h>

#include "fathom/amplitude/AlpLineshape.hh"
#include "fathom/amplitude/AlpParams.hh"
#include "fathom/amplitude/AlpPhotonVertex.hh"
#include "fathom/amplitude/LeviCivita.hh"
#include "fathom/amplitude/ScalarPropagator.hh"

#include "AlpTestSupport.hh"

namespace fathom::test
{
namespace
{
ComplexFourVector random_complex_vector(std::mt19937_64& rng)
{
    std::uniform_real_distribution<real_type> u(-1, 1);
    ComplexFourVector v;
    for (auto& c : v.c)
        c = Complex{u(rng), u(rng)};
    return v;
}

FourVector random_vector(std::mt19937_64& rng)
{
    std::uniform_real_distribution<real_type> u(-3, 3);
    return {u(rng), u(rng), u(rng), u(rng)};
}

//! eps^{mu nu rho sigma} a_mu b_nu c_rho d_sigma by the definition: sum over permutations with
//! eps^{0123} = -1, indices lowered with the metric.
Complex levi_civita_by_definition(ComplexFourVector const& a,
                                  ComplexFourVector const& b,
                                  ComplexFourVector const& c,
                                  ComplexFourVector const& d)
{
    auto lower = [](ComplexFourVector v) {
        for (int k = 1; k < 4; ++k)
            v.c[k] = -v.c[k];
        return v;
    };
    ComplexFourVector const al = lower(a), bl = lower(b), cl = lower(c), dl = lower(d);
    Complex sum{};
    int idx[4];
    for (idx[0] = 0; idx[0] < 4; ++idx[0])
        for (idx[1] = 0; idx[1] < 4; ++idx[1])
            for (idx[2] = 0; idx[2] < 4; ++idx[2])
                for (idx[3] = 0; idx[3] < 4; ++idx[3])
                {
                    bool distinct = true;
                    int inversions = 0;
                    for (int i = 0; i < 4; ++i)
                        for (int j = i + 1; j < 4; ++j)
                        {
                            distinct = distinct && idx[i] != idx[j];
                            inversions += idx[i] > idx[j];
                        }
                    if (!distinct)
                        continue;
                    real_type const eps_upper = (inversions % 2 == 0 ? 1 : -1) * real_type(-1);  // eps^{0123} = -1
                    sum += eps_upper * (al.c[idx[0]] * bl.c[idx[1]] * cl.c[idx[2]] * dl.c[idx[3]]);
                }
    return sum;
}

TEST(LeviCivita, convention_and_definition)
{
    // eps_{0123} = +1: the contraction of the contravariant unit vectors e0..e3 is +1
    FourVector const e0{1, 0, 0, 0}, e1{0, 1, 0, 0};
    ComplexFourVector const e2 = to_complex(FourVector{0, 0, 1, 0}), e3 = to_complex(FourVector{0, 0, 0, 1});
    EXPECT_EQ(1.0, levi_civita(e0, e1, e2, e3).re);
    EXPECT_EQ(0.0, levi_civita(e0, e1, e2, e3).im);
    EXPECT_EQ(-1.0, levi_civita(e1, e0, e2, e3).re);

    std::mt19937_64 rng(11);
    real_type worst = 0;
    for (int i = 0; i < 200; ++i)
    {
        FourVector const a = random_vector(rng), b = random_vector(rng);
        ComplexFourVector const c = random_complex_vector(rng), d = random_complex_vector(rng);
        Complex const expected = levi_civita_by_definition(to_complex(a), to_complex(b), c, d);
        Complex const fast = levi_civita(a, b, c, d);
        Complex const via_vector = dot(levi_civita_vector(a, b, c), d);
        worst = std::max({worst, cabs(fast - expected) / cabs(expected), cabs(via_vector - expected) / cabs(expected)});
        // antisymmetry
        EXPECT_LT(cabs(levi_civita(a, b, c, c)), 1e-13);
        EXPECT_LT(cabs(levi_civita(a, a, c, d)), 1e-13);
        EXPECT_LT(cabs(levi_civita(b, a, c, d) + fast), 1e-13 * cabs(fast) + 1e-14);
        EXPECT_LT(cabs(levi_civita(a, b, d, c) + fast), 1e-13 * cabs(fast) + 1e-14);
    }
    EXPECT_LT(worst, 1e-13);
    std::printf("[ epsilon   ] contraction vs definition (eps^0123 = -1): worst relative %.3e\n", worst);
}

TEST(AlpPhotonVertex, transverse_bose_symmetric_and_open_leg_consistent)
{
    std::mt19937_64 rng(12);
    real_type const g = 1e-4;
    for (int i = 0; i < 200; ++i)
    {
        FourVector const k1 = random_vector(rng), k2 = random_vector(rng);
        ComplexFourVector const v1 = random_complex_vector(rng), v2 = random_complex_vector(rng);
        Complex const amp = alp_vertex_scalar(k1, v1, k2, v2, g);
        real_type const scale = g * pabs(k1) * pabs(k2);
        // gauge invariance on either (off-shell) photon leg
        EXPECT_LT(cabs(alp_vertex_scalar(k1, to_complex(k1), k2, v2, g)), 1e-14 * scale * 10);
        EXPECT_LT(cabs(alp_vertex_scalar(k1, v1, k2, to_complex(k2), g)), 1e-14 * scale * 10);
        // Bose symmetry: (k1, v1) <-> (k2, v2)
        EXPECT_LT(cabs(alp_vertex_scalar(k2, v2, k1, v1, g) - amp), 1e-13 * cabs(amp));
        // open photon leg and ALP wavefunction
        Complex const s{0.3, -0.7};
        ComplexFourVector const j = alp_vertex_photon_current(s, k1, v1, k2, g);
        EXPECT_LT(cabs(dot(j, v2) - s * amp), 1e-13 * cabs(s * amp));
        EXPECT_LT(cabs(alp_vertex_amplitude(s, k1, v1, k2, v2, g) - s * amp), 1e-15 * cabs(s * amp));
        // the open current is transverse to its own momentum
        EXPECT_LT(cabs(dot(j, k2)), 1e-13 * cabs(s) * scale * pabs(k2));
    }
}

//! sum over photon helicities |alp_vertex_scalar(-k1, eps1*, -k2, eps2*)|^2
real_type decay_me2_from_vertex(FourVector const& k1, FourVector const& k2, real_type g)
{
    auto const w1 = outgoing_photon_states(k1);
    auto const w2 = outgoing_photon_states(k2);
    real_type sum = 0;
    for (auto const& a : w1)
        for (auto const& b : w2)
            sum += norm2(alp_vertex_scalar(-k1, a, -k2, b, g));
    return sum;
}

TEST(AlpPhotonVertex, decay_me2_is_g2_m4_over_2)
{
    std::mt19937_64 rng(13);
    std::uniform_real_distribution<real_type> u(0, 1);
    real_type const g = 1e-4;
    real_type worst = 0;
    for (real_type m : {0.5, 1.0, 5.0, 9.0})
    {
        for (int i = 0; i < 100; ++i)
        {
            // ALP with a random momentum up to 5 GeV, decayed in a random direction
            real_type const pa = 5 * u(rng);
            FourVector const pa_lab = along(std::sqrt(pa * pa + m * m), pa, 2 * u(rng) - 1, 2 * pi * u(rng));
            auto const [k1, k2] = two_body(pa_lab, 0, 0, 2 * u(rng) - 1, 2 * pi * u(rng));
            real_type const expected = g * g * m * m * m * m / 2;
            real_type const d = rel_diff(decay_me2_from_vertex(k1, k2, g), expected);
            EXPECT_LT(d, 1e-12) << "m = " << m;
            EXPECT_LT(rel_diff(alp_diphoton_decay_me2(m * m, g), expected), 1e-15);
            worst = std::max(worst, d);
        }
    }
    std::printf("[ vertex    ] sum |M(a -> gamma gamma)|^2 vs g^2 m^4 / 2: worst relative %.3e\n", worst);
}

//! Gamma = (1/2m) (1/2) integral dPhi_2 sum|M|^2, dPhi_2 = dOmega / (32 pi^2), integrated numerically.
real_type width_by_integration(real_type m, real_type g, int n_cos, int n_phi)
{
    GaussLegendre const gl = gauss_legendre(n_cos);
    FourVector const rest{m, 0, 0, 0};
    real_type integral = 0;
    for (int i = 0; i < n_cos; ++i)
        for (int j = 0; j < n_phi; ++j)
        {
            real_type const phi = 2 * pi * (j + 0.5) / n_phi;
            auto const [k1, k2] = two_body(rest, 0, 0, gl.x[i], phi);
            integral += gl.w[i] * (2 * pi / n_phi) * decay_me2_from_vertex(k1, k2, g);
        }
    return integral / (32 * pi * pi) / 2 / (2 * m);
}

TEST(AlpPhotonVertex, width_is_g2_m3_over_64_pi)
{
    real_type const g = 1e-4;
    for (real_type m : {0.5, 1.0, 5.0})
    {
        real_type const gamma = width_by_integration(m, g, 8, 8);
        real_type const d = rel_diff(gamma, alp_diphoton_width(m, g));
        EXPECT_LT(d, 1e-13) << "m = " << m;
        std::printf("[ width     ] m_a = %.1f GeV: integrated %.16e, g^2 m^3/(64 pi) %.16e (rel %.1e)\n", m, gamma,
                    alp_diphoton_width(m, g), d);
    }
    // The reference README's value at m_a = 1 GeV, g = 1e-4 GeV^-1
    EXPECT_LT(rel_diff(AlpParams{}.width(), 4.9735919716217297e-11), 1e-15);
}

TEST(AlpParams, defaults_width_override_and_branching_ratio)
{
    AlpParams p;
    EXPECT_EQ(1.0, p.mass);
    EXPECT_EQ(1e-4, p.coupling);
    EXPECT_EQ(1 / 137.035999, p.alpha);
    EXPECT_EQ(0.000510998950, p.electron_mass);
    EXPECT_EQ(AlpLineshape::narrow_width, p.lineshape);
    EXPECT_EQ(alp_diphoton_width(1, 1e-4), p.width());
    EXPECT_EQ(1.0, p.diphoton_branching_ratio());
    p.total_width = 4 * p.width();
    EXPECT_EQ(4 * alp_diphoton_width(1, 1e-4), p.width());
    EXPECT_NEAR(0.25, p.diphoton_branching_ratio(), 1e-15);
    AlpParams const r = reference_alp_params(5);
    EXPECT_EQ(5.0, r.mass);
    EXPECT_EQ(AlpLineshape::breit_wigner, r.lineshape);
}

TEST(AlpLineshape, breit_wigner_narrow_width_and_sampler_normalisation)
{
    for (real_type m : {0.5, 1.0, 5.0})
    {
        for (real_type width_factor : {0.0, 3.0})
        {
            AlpParams p;
            p.mass = m;
            p.total_width = width_factor * alp_diphoton_width(m, p.coupling);
            real_type const gamma = p.width();
            real_type const m2 = m * m;
            // Breit-Wigner and the scalar propagator it comes from
            ScalarPropagator const prop{m, gamma};
            FourVector const q{std::sqrt(m2 + 2 * m * gamma + 4), 0, 0, 2};  // q^2 = m^2 + 2 m Gamma
            EXPECT_LT(rel_diff(norm2(prop.factor(q)), alp_breit_wigner(mass2(q), m, gamma)), 1e-6);
            EXPECT_LT(rel_diff(alp_breit_wigner(m2, m, gamma), 1 / (m2 * gamma * gamma)), 1e-15);
            // integral of the Breit-Wigner over p^2 = pi / (m Gamma) (arctan, to +- 1e6 widths)
            real_type const span = 1e6 * m * gamma;
            real_type const integral = 2 * std::atan(span / (m * gamma)) / (m * gamma);
            EXPECT_LT(rel_diff(integral, alp_narrow_width_weight(m, gamma)), 1e-6);
            // lineshape factors
            p.lineshape = AlpLineshape::breit_wigner;
            real_type const p2 = m2 * (1 + 1e-9);
            EXPECT_LT(rel_diff(alp_diphoton_resonance_factor(p2, p),
                               alp_breit_wigner(p2, m, gamma) * p.coupling * p.coupling * p2 * p2 / 2),
                      1e-15);
            p.lineshape = AlpLineshape::narrow_width;
            EXPECT_LT(rel_diff(alp_diphoton_resonance_factor(p2, p),
                               pi / (m * gamma) * p.coupling * p.coupling * m2 * m2 / 2),
                      1e-15);
            // What a sampler relies on (AlpLineshape.hh): (1/2pi) (pi/(m Gamma)) (1/2) int dPhi_2 |M_dec|^2 = BR
            real_type const decay_integral = 2 * m * 2 * alp_diphoton_width(m, p.coupling);  // int dPhi_2 |M|^2
            real_type const br = alp_diphoton_resonance_factor(m2, p) / alp_diphoton_decay_me2(m2, p.coupling)
                                 / (2 * pi) * decay_integral / 2;
            EXPECT_LT(rel_diff(br, p.diphoton_branching_ratio()), 1e-14);
            // and the same integral done numerically with the vertex
            real_type const numeric = width_by_integration(m, p.coupling, 6, 6) * 2 * 2 * m;
            EXPECT_LT(rel_diff(numeric, decay_integral), 1e-13);
        }
    }
}
}  // namespace
}  // namespace fathom::test
