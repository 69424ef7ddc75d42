// Unit tests of the amplitude building blocks: complex numbers, Dirac algebra, external
// wavefunctions, vertices, propagators, and a complete two-diagram process (e+e- -> gamma gamma)
// assembled from them.
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fathom/amplitude/ChiralCoupling.hh"
#include "fathom/amplitude/ComplexFourVector.hh"
#include "fathom/amplitude/DiracAlgebra.hh"
#include "fathom/amplitude/DiracWavefunctions.hh"
#include "fathom/amplitude/ElectroweakCouplings.hh"
#include "fathom/amplitude/FermionFlowSign.hh"
#include "fathom/amplitude/FermionVectorVertex.hh"
#include "fathom/amplitude/HelicityConfigurations.hh"
#include "fathom/amplitude/NeutralCurrent.hh"
#include "fathom/amplitude/OffShellWavefunctions.hh"
#include "fathom/amplitude/PolarizationVectors.hh"
#include "fathom/amplitude/Propagators.hh"
#include "fathom/amplitude/Spinor.hh"
#include "fathom/base/Complex.hh"

namespace fathom::test
{
namespace
{
constexpr real_type me = 0.000510998950;

real_type cabs(Complex const& z)
{
    return std::sqrt(norm2(z));
}
real_type max_abs(Spinor const& s)
{
    real_type r = 0;
    for (auto const& c : s.c)
        r = std::max(r, cabs(c));
    return r;
}
real_type max_abs(BarSpinor const& s)
{
    real_type r = 0;
    for (auto const& c : s.c)
        r = std::max(r, cabs(c));
    return r;
}
Spinor minus(Spinor a, Spinor const& b)
{
    for (int i = 0; i < 4; ++i)
        a.c[i] -= b.c[i];
    return a;
}
BarSpinor minus(BarSpinor a, BarSpinor const& b)
{
    for (int i = 0; i < 4; ++i)
        a.c[i] -= b.c[i];
    return a;
}
Spinor scaled(real_type x, Spinor a)
{
    for (auto& c : a.c)
        c *= x;
    return a;
}
BarSpinor scaled(real_type x, BarSpinor a)
{
    for (auto& c : a.c)
        c *= x;
    return a;
}

FourVector on_shell(real_type px, real_type py, real_type pz, real_type m)
{
    return {std::sqrt(px * px + py * py + pz * pz + m * m), px, py, pz};
}

//! Momenta that exercise the special cases of the helicity basis, plus random ones.
std::vector<FourVector> test_momenta(real_type m)
{
    std::vector<FourVector> result{on_shell(0, 0, 5.29, m),       on_shell(0, 0, -5.29, m),
                                   on_shell(1e-9, 2e-9, -5.29, m), on_shell(3e-7, -1e-7, 5.29, m),
                                   on_shell(1.5, -2.5, 0, m),       on_shell(-0.3, 0.2, -4.0, m)};
    if (m > 0)
        result.push_back(on_shell(0, 0, 0, m));  // at rest
    std::mt19937_64 rng(99);
    std::uniform_real_distribution<real_type> u(-6, 6);
    for (int i = 0; i < 50; ++i)
        result.push_back(on_shell(u(rng), u(rng), u(rng), m));
    return result;
}

Complex random_complex(std::mt19937_64& rng)
{
    std::uniform_real_distribution<real_type> u(-1, 1);
    return {u(rng), u(rng)};
}
Spinor random_spinor(std::mt19937_64& rng)
{
    return {{random_complex(rng), random_complex(rng), random_complex(rng), random_complex(rng)}};
}
BarSpinor random_bar_spinor(std::mt19937_64& rng)
{
    return {{random_complex(rng), random_complex(rng), random_complex(rng), random_complex(rng)}};
}
ComplexFourVector random_complex_vector(std::mt19937_64& rng)
{
    return {{random_complex(rng), random_complex(rng), random_complex(rng), random_complex(rng)}};
}

void expect_complex_near(Complex const& expected, Complex const& actual, real_type tol)
{
    EXPECT_NEAR(expected.re, actual.re, tol);
    EXPECT_NEAR(expected.im, actual.im, tol);
}

//---------------------------------------------------------------------------//
TEST(Complex, arithmetic)
{
    constexpr Complex a{1.5, -2};
    constexpr Complex b{-0.5, 3};
    static_assert((a * b).re == 1.5 * -0.5 - (-2) * 3);
    static_assert((a * b).im == 1.5 * 3 + (-2) * -0.5);
    EXPECT_EQ((Complex{1, 1}), a + b);
    EXPECT_EQ((Complex{2, -5}), a - b);
    EXPECT_EQ((Complex{1.5, 2}), conj(a));
    EXPECT_EQ(6.25, norm2(a));
    EXPECT_EQ((Complex{2, 1.5}), times_i(a));
    EXPECT_EQ((Complex{-2, -1.5}), times_minus_i(a));
    Complex const q = a / b;
    expect_complex_near(a, q * b, 1e-15);
    Complex const r = a / Complex{1e-3, -7};  // |im| > |re| branch
    expect_complex_near(a, r * Complex{1e-3, -7}, 1e-15);
    expect_complex_near(Complex{0.5, 0} / Complex{0, 2}, Complex{0, -0.25}, 1e-16);
    EXPECT_EQ(2.5, magnitude(a));
}

//---------------------------------------------------------------------------//
TEST(DiracAlgebra, bilinear_slash_and_clifford_are_consistent)
{
    std::mt19937_64 rng(1);
    for (int i = 0; i < 100; ++i)
    {
        BarSpinor const b = random_bar_spinor(rng);
        Spinor const s = random_spinor(rng);
        ComplexFourVector const a = random_complex_vector(rng);
        ChiralCoupling const g{0.3, -1.7};

        // psibar aslash (gl PL + gr PR) psi three ways
        Complex const via_current = dot(vector_bilinear(b, s, g), a);
        Complex const via_ket = b * slash(a, chiral_weight(g, s));
        Complex const via_bra = chiral_weight(slash(b, a), g) * s;
        expect_complex_near(via_ket, via_current, 1e-14);
        expect_complex_near(via_ket, via_bra, 1e-14);

        // {gamma^mu, gamma^nu} = 2 g^{mu nu}: aslash aslash = a.a
        Spinor const aa = slash(a, slash(a, s));
        Complex const a2 = dot(a, a);
        for (int k = 0; k < 4; ++k)
            expect_complex_near(a2 * s.c[k], aa.c[k], 1e-14);
        // gamma5 anticommutes with gamma^mu
        Spinor const g5a = gamma5(slash(a, s));
        Spinor const ag5 = slash(a, gamma5(s));
        for (int k = 0; k < 4; ++k)
            expect_complex_near(-g5a.c[k], ag5.c[k], 1e-15);
        // Hermiticity: (psibar gamma^0 chi)^* = chibar gamma^0 psi, i.e. bar(a)^mu^* for real mu
        ComplexFourVector const j = vector_bilinear(dirac_adjoint(s), s, vector_coupling(1));
        EXPECT_NEAR(0, j.c[0].im, 1e-15);  // psi^dagger psi is real
        EXPECT_GT(j.c[0].re, 0);
    }
}

TEST(DiracAlgebra, real_momentum_slash_matches_complex)
{
    std::mt19937_64 rng(2);
    FourVector const p{3.1, -0.4, 1.2, 2.2};
    Spinor const s = random_spinor(rng);
    BarSpinor const b = random_bar_spinor(rng);
    Spinor const r1 = slash(p, s);
    Spinor const r2 = slash(to_complex(p), s);
    BarSpinor const b1 = slash(b, p);
    BarSpinor const b2 = slash(b, to_complex(p));
    for (int k = 0; k < 4; ++k)
    {
        expect_complex_near(r2.c[k], r1.c[k], 1e-15);
        expect_complex_near(b2.c[k], b1.c[k], 1e-15);
    }
}

//---------------------------------------------------------------------------//
class DiracWavefunctionTest : public testing::TestWithParam<real_type>
{
};

std::string mass_case_name(testing::TestParamInfo<real_type> const& info)
{
    switch (info.index)
    {
        case 0: return "massless";
        case 1: return "electron";
        default: return "tau";
    }
}

TEST_P(DiracWavefunctionTest, dirac_equation)
{
    real_type const m = GetParam();
    for (FourVector const& p : test_momenta(m))
    {
        real_type const scale = p.e * std::sqrt(2 * p.e) * 1e-14;
        for (int h : {-1, 1})
        {
            Spinor const u = u_spinor(p, m, h);
            Spinor const v = v_spinor(p, m, h);
            BarSpinor const ubar = outgoing_fermion(p, m, h);
            BarSpinor const vbar = incoming_antifermion(p, m, h);
            EXPECT_LT(max_abs(minus(slash(p, u), scaled(m, u))), scale) << "(pslash - m) u, h=" << h;
            EXPECT_LT(max_abs(minus(slash(p, v), scaled(-m, v))), scale) << "(pslash + m) v, h=" << h;
            EXPECT_LT(max_abs(minus(slash(ubar, p), scaled(m, ubar))), scale) << "ubar (pslash - m)";
            EXPECT_LT(max_abs(minus(slash(vbar, p), scaled(-m, vbar))), scale) << "vbar (pslash + m)";
        }
    }
}

TEST_P(DiracWavefunctionTest, normalisation_and_orthogonality)
{
    real_type const m = GetParam();
    for (FourVector const& p : test_momenta(m))
    {
        real_type const tol = 1e-14 * p.e;
        for (int h : {-1, 1})
        {
            for (int h2 : {-1, 1})
            {
                Complex const uu = outgoing_fermion(p, m, h) * u_spinor(p, m, h2);
                Complex const vv = incoming_antifermion(p, m, h) * v_spinor(p, m, h2);
                Complex const uv = outgoing_fermion(p, m, h) * v_spinor(p, m, h2);
                Complex const vu = incoming_antifermion(p, m, h) * u_spinor(p, m, h2);
                expect_complex_near({h == h2 ? 2 * m : 0, 0}, uu, tol);
                expect_complex_near({h == h2 ? -2 * m : 0, 0}, vv, tol);
                expect_complex_near({0, 0}, uv, tol);
                expect_complex_near({0, 0}, vu, tol);
            }
            // u^dagger u = 2E
            ComplexFourVector const j = vector_bilinear(outgoing_fermion(p, m, h), u_spinor(p, m, h),
                                                        vector_coupling(1));
            EXPECT_NEAR(2 * p.e, j.c[0].re, tol);
            // ubar gamma^mu u = 2 p^mu (Gordon identity at q = 0)
            EXPECT_NEAR(2 * p.px, j.c[1].re, tol);
            EXPECT_NEAR(2 * p.py, j.c[2].re, tol);
            EXPECT_NEAR(2 * p.pz, j.c[3].re, tol);
        }
    }
}

TEST_P(DiracWavefunctionTest, completeness)
{
    // sum_h u ubar = pslash + m and sum_h v vbar = pslash - m, applied to random spinors
    real_type const m = GetParam();
    std::mt19937_64 rng(3);
    for (FourVector const& p : test_momenta(m))
    {
        Spinor const psi = random_spinor(rng);
        Spinor sum_u{}, sum_v{};
        for (int h : {-1, 1})
        {
            sum_u = sum_u + (outgoing_fermion(p, m, h) * psi) * u_spinor(p, m, h);
            sum_v = sum_v + (incoming_antifermion(p, m, h) * psi) * v_spinor(p, m, h);
        }
        Spinor const pslash_psi = slash(p, psi);
        real_type const tol = 1e-14 * 4 * p.e;
        EXPECT_LT(max_abs(minus(sum_u, pslash_psi + scaled(m, psi))), tol);
        EXPECT_LT(max_abs(minus(sum_v, minus(pslash_psi, scaled(m, psi)))), tol);
    }
}

TEST_P(DiracWavefunctionTest, helicity_eigenstates)
{
    // Helicity operator Sigma.p_hat = diag(sigma.p_hat, sigma.p_hat); v(lambda) describes an
    // antiparticle of helicity lambda, so Sigma.p_hat v = -lambda v.
    real_type const m = GetParam();
    auto sigma_dot = [](FourVector const& p, Spinor const& s) {
        real_type const a = pabs(p);
        Complex const pz{p.pz / a, 0};
        Complex const pm{p.px / a, -p.py / a};  // px - i py
        Complex const pp{p.px / a, p.py / a};
        return Spinor{{pz * s.c[0] + pm * s.c[1], pp * s.c[0] - pz * s.c[1], pz * s.c[2] + pm * s.c[3],
                       pp * s.c[2] - pz * s.c[3]}};
    };
    for (FourVector const& p : test_momenta(m))
    {
        if (pabs(p) == 0)
            continue;
        real_type const tol = 1e-14 * std::sqrt(2 * p.e);
        for (int h : {-1, 1})
        {
            Spinor const u = u_spinor(p, m, h);
            Spinor const v = v_spinor(p, m, h);
            EXPECT_LT(max_abs(minus(sigma_dot(p, u), scaled(h, u))), tol);
            EXPECT_LT(max_abs(minus(sigma_dot(p, v), scaled(-h, v))), tol);
        }
    }
}

INSTANTIATE_TEST_SUITE_P(mass,
                         DiracWavefunctionTest,
                         testing::Values(real_type(0), me, real_type(1.777)),
                         mass_case_name);

TEST(DiracWavefunctions, massless_chirality_is_exact)
{
    for (FourVector const& p : test_momenta(0))
    {
        for (int h : {-1, 1})
        {
            Spinor const u = u_spinor(p, 0, h);
            Spinor const v = v_spinor(p, 0, h);
            // chirality +1 lives in components 2,3; -1 in 0,1
            int const zero_u = massless_chirality(FermionRole::incoming_fermion, h) > 0 ? 0 : 2;
            int const zero_v = massless_chirality(FermionRole::outgoing_antifermion, h) > 0 ? 0 : 2;
            EXPECT_EQ(Complex{}, u.c[zero_u]);
            EXPECT_EQ(Complex{}, u.c[zero_u + 1]);
            EXPECT_EQ(Complex{}, v.c[zero_v]);
            EXPECT_EQ(Complex{}, v.c[zero_v + 1]);
        }
    }
}

TEST(DiracWavefunctions, beam_near_minus_z_keeps_precision)
{
    // The e+ beam of the reference data: |p| + pz would cancel catastrophically.
    FourVector const p{5.29, 1e-7, 0, -5.2899999753194784};
    Spinor const u = u_spinor(p, me, -1);
    EXPECT_LT(max_abs(minus(slash(p, u), scaled(me, u))), 1e-14 * 5.29 * std::sqrt(10.58));
    // chi_-(p) -> (-1, 0) as p -> -z along +x: upper components ~ sqrt(2E) (-1, 0)
    EXPECT_NEAR(-std::sqrt(p.e + pabs(p)), u.c[0].re, 1e-12);
    EXPECT_NEAR(0, cabs(u.c[1]), 1e-7);
}

//---------------------------------------------------------------------------//
TEST(PolarizationVectors, transverse_normalised_complete)
{
    for (FourVector const& k : test_momenta(0))
    {
        if (pabs(k) == 0)
            continue;
        ComplexFourVector const ep = polarization_vector(k, +1);
        ComplexFourVector const em = polarization_vector(k, -1);
        real_type const tol = 1e-15 * k.e;
        for (auto const& eps : {ep, em})
        {
            expect_complex_near({0, 0}, dot(eps, k), tol);
            expect_complex_near({0, 0}, eps.c[0], 0);
            expect_complex_near({-1, 0}, dot(eps, conj(eps)), 1e-15);
        }
        expect_complex_near({0, 0}, dot(ep, conj(em)), 1e-15);
        // sum_l eps^i eps^j* = delta^ij - k^i k^j / k^2
        real_type const kv[3] = {k.px, k.py, k.pz};
        real_type const k2 = p2(k);
        for (int i = 1; i < 4; ++i)
            for (int j = 1; j < 4; ++j)
            {
                Complex const sum = ep.c[i] * conj(ep.c[j]) + em.c[i] * conj(em.c[j]);
                real_type const expected = (i == j ? 1 : 0) - kv[i - 1] * kv[j - 1] / k2;
                expect_complex_near({expected, 0}, sum, 1e-15);
            }
    }
}

TEST(PolarizationVectors, helicity_sign_convention)
{
    // k along +z: eps(+) = -(0, 1, i, 0)/sqrt 2 (angular momentum +1 along k)
    ComplexFourVector const ep = polarization_vector({1, 0, 0, 1}, +1);
    real_type const r = 1 / std::sqrt(2.0);
    expect_complex_near({-r, 0}, ep.c[1], 1e-16);
    expect_complex_near({0, -r}, ep.c[2], 1e-16);
    // Any k: (S.k_hat) eps = i (k_hat x eps) = helicity * eps, with (S_i)_jk = -i epsilon_ijk
    for (FourVector const& k : test_momenta(0))
    {
        real_type const a = pabs(k);
        if (a == 0)
            continue;
        real_type const n[3] = {k.px / a, k.py / a, k.pz / a};
        for (int h : {-1, 1})
        {
            ComplexFourVector const e = polarization_vector(k, h);
            Complex const cross[3] = {n[1] * e.c[3] - n[2] * e.c[2], n[2] * e.c[1] - n[0] * e.c[3],
                                      n[0] * e.c[2] - n[1] * e.c[1]};
            for (int i = 0; i < 3; ++i)
                expect_complex_near(real_type(h) * e.c[i + 1], times_i(cross[i]), 1e-15);
        }
    }
}

TEST(PolarizationVectors, massive_completeness)
{
    // sum over three helicities eps^mu eps^nu* = -g^{mu nu} + k^mu k^nu / M^2
    real_type const mz = 91.188;
    for (FourVector const& k : test_momenta(mz))
    {
        real_type const kv[4] = {k.e, k.px, k.py, k.pz};
        ComplexFourVector const e[3] = {polarization_vector(k, -1, mz), polarization_vector(k, 0, mz),
                                        polarization_vector(k, 1, mz)};
        for (auto const& eps : e)
            expect_complex_near({0, 0}, dot(eps, k), 1e-13);
        for (int mu = 0; mu < 4; ++mu)
            for (int nu = 0; nu < 4; ++nu)
            {
                Complex sum{};
                for (auto const& eps : e)
                    sum += eps.c[mu] * conj(eps.c[nu]);
                real_type const g = mu != nu ? 0 : (mu == 0 ? 1 : -1);
                expect_complex_near({-g + kv[mu] * kv[nu] / (mz * mz), 0}, sum, 1e-14);
            }
    }
}

//---------------------------------------------------------------------------//
TEST(FermionVectorVertex, open_legs_agree_with_closed_vertex)
{
    std::mt19937_64 rng(5);
    ChiralCoupling const g = electron_z_coupling(0.3, 0.23);
    for (int i = 0; i < 50; ++i)
    {
        BarSpinor const b = random_bar_spinor(rng);
        Spinor const s = random_spinor(rng);
        ComplexFourVector const v = random_complex_vector(rng);
        Complex const amp = vertex_amplitude(b, s, v, g);
        expect_complex_near(amp, dot(vertex_vector_current(b, s, g), v), 1e-14);
        expect_complex_near(amp, b * vertex_spinor(v, s, g), 1e-14);
        expect_complex_near(amp, vertex_bar_spinor(b, v, g) * s, 1e-14);
        // the Feynman rule carries -i
        expect_complex_near(times_minus_i(b * slash(v, chiral_weight(g, s))), amp, 1e-14);
    }
}

TEST(FermionVectorVertex, current_conservation)
{
    // q.J = 0 for the vector current of equal-mass on-shell spinors; q.J5 = 2 m ubar gamma5 u.
    for (real_type m : {real_type(0), me, real_type(1.777)})
    {
        std::vector<FourVector> const ps = test_momenta(m);
        for (std::size_t i = 0; i + 1 < ps.size(); ++i)
        {
            FourVector const p = ps[i];
            FourVector const pp = ps[i + 1];
            FourVector const q = pp - p;
            for (int h : {-1, 1})
                for (int h2 : {-1, 1})
                {
                    BarSpinor const ubar = outgoing_fermion(pp, m, h2);
                    Spinor const u = u_spinor(p, m, h);
                    real_type const tol = 1e-14 * (p.e + pp.e) * (p.e + pp.e);
                    expect_complex_near({0, 0}, dot(vector_bilinear(ubar, u, vector_coupling(1)), q), tol);
                    // gamma^mu gamma5 = gamma^mu (P_R - P_L)
                    Complex const qj5 = dot(vector_bilinear(ubar, u, ChiralCoupling{-1, 1}), q);
                    expect_complex_near(2 * m * (ubar * gamma5(u)), qj5, tol);
                    // and for the Z coupling the vector part is conserved: q.J = (right-left)/2 q.J5
                    ChiralCoupling const gz = electron_z_coupling(0.3, 0.23);
                    expect_complex_near((gz.right - gz.left) / 2 * qj5,
                                        dot(vector_bilinear(ubar, u, gz), q), tol);
                }
        }
    }
}

TEST(NeutralCurrent, exchange_equals_closed_vertices)
{
    // J1 . D . J2 from shared bilinears equals the HELAS-style off-shell boson closed by a vertex
    std::mt19937_64 rng(8);
    real_type const e = elementary_charge(1 / 137.035999);
    MassiveVectorPropagator const zprop{91.188, 2.441404};
    FourVector const q{4.0, 1.0, -0.5, 2.0};
    for (bool with_z : {false, true})
    {
        NeutralCouplings const g{electron_photon_coupling(e), electron_z_coupling(e, 0.2121), with_z};
        NeutralPropagator const prop{zprop, with_z};
        for (int i = 0; i < 20; ++i)
        {
            BarSpinor const b1 = random_bar_spinor(rng);
            Spinor const s1 = random_spinor(rng);
            BarSpinor const b2 = random_bar_spinor(rng);
            Spinor const s2 = random_spinor(rng);
            Complex const fused = exchange_amplitude(prop(neutral_current(b1, s1, g), q), neutral_current(b2, s2, g), with_z);
            Complex expected = vertex_amplitude(b2, s2, off_shell_vector(b1, s1, g.photon, q, PhotonPropagator{}), g.photon);
            if (with_z)
                expected += vertex_amplitude(b2, s2, off_shell_vector(b1, s1, g.z, q, zprop), g.z);
            expect_complex_near(expected, fused, 1e-15);
        }
    }
}

//---------------------------------------------------------------------------//
TEST(Propagators, photon_and_massive_vector)
{
    std::mt19937_64 rng(6);
    FourVector const q{3.0, 1.0, -2.0, 0.5};
    ComplexFourVector const j = random_complex_vector(rng);
    ComplexFourVector const v = PhotonPropagator{}(j, q);
    for (int mu = 0; mu < 4; ++mu)
        expect_complex_near(times_minus_i(j.c[mu]) / mass2(q), v.c[mu], 1e-15);

    MassiveVectorPropagator const z{91.188, 2.441404};
    ComplexFourVector const vz = z(j, q);
    Complex const denom{mass2(q) - 91.188 * 91.188, 91.188 * 2.441404};
    // q.V = -i (q.J)(1 - q^2/M^2) / D
    Complex const expected_qv = times_minus_i(dot(j, q)) * (1 - mass2(q) / (91.188 * 91.188)) / denom;
    expect_complex_near(expected_qv, dot(vz, q), 1e-17);
    // a conserved current propagates like g_{mu nu}
    ComplexFourVector jt = j;
    Complex const qj = dot(j, q);
    // make jt transverse: jt = j - q (q.j)/q^2
    for (int mu = 0; mu < 4; ++mu)
        jt.c[mu] -= qj * (to_complex(q).c[mu] / mass2(q));
    ComplexFourVector const vt = z(jt, q);
    for (int mu = 0; mu < 4; ++mu)
        expect_complex_near(times_minus_i(jt.c[mu]) / denom, vt.c[mu], 1e-17);
}

TEST(Propagators, fermion_inverts_dirac_operator)
{
    // (qslash - m) S(q) psi = i psi, from either side
    std::mt19937_64 rng(7);
    for (real_type m : {real_type(0), me, real_type(1.0)})
    {
        FermionPropagator const prop{m, 0};
        FourVector const q{2.0, 0.3, -1.1, 0.7};
        Spinor const psi = random_spinor(rng);
        BarSpinor const chi = random_bar_spinor(rng);
        Spinor const sp = prop(psi, q);
        BarSpinor const sb = prop(chi, q);
        Spinor const back = minus(slash(q, sp), scaled(m, sp));
        BarSpinor const bback = minus(slash(sb, q), scaled(m, sb));
        for (int k = 0; k < 4; ++k)
        {
            expect_complex_near(times_i(psi.c[k]), back.c[k], 1e-14);
            expect_complex_near(times_i(chi.c[k]), bback.c[k], 1e-14);
        }
    }
}

//---------------------------------------------------------------------------//
TEST(FermionFlowSign, permutation_parity)
{
    static_assert(fermion_flow_sign({0, 1, 2, 3}) == 1);
    static_assert(fermion_flow_sign({1, 0, 2, 3}) == -1);
    static_assert(fermion_flow_sign({0, 1, 3, 2}) == -1);  // Bhabha s channel
    static_assert(fermion_flow_sign({3, 1, 0, 2}) == 1);   // Bhabha t channel
    static_assert(fermion_flow_sign({2, 0, 1}) == 1);      // cyclic permutation of 3: even
    static_assert(fermion_flow_sign({5, 4, 3, 2, 1, 0}) == -1);
    SUCCEED();
}

TEST(HelicityConfigurations, enumeration)
{
    static_assert(num_helicity_configs(4) == 16);
    static_assert(helicity_of(0, 0) == -1);
    static_assert(helicity_of(0b1010, 1) == 1 && helicity_of(0b1010, 2) == -1 && helicity_of(0b1010, 3) == 1);
    int sum[5] = {0, 0, 0, 0, 0};
    for (size_type c = 0; c < num_helicity_configs(5); ++c)
        for (size_type leg = 0; leg < 5; ++leg)
            sum[leg] += helicity_of(c, leg);
    for (int s : sum)
        EXPECT_EQ(0, s);
}

TEST(ElectroweakCouplings, standard_model_values)
{
    real_type const e = elementary_charge(1 / 137.035999);
    real_type const s2 = 0.21214629687683773;
    ChiralCoupling const a = electron_photon_coupling(e);
    EXPECT_EQ(-e, a.left);
    EXPECT_EQ(-e, a.right);
    ChiralCoupling const z = electron_z_coupling(e, s2);
    real_type const gz = e / std::sqrt(s2 * (1 - s2));
    // g_V = (T3 - 2 Q s^2)/2, g_A = T3/2 in gamma^mu (g_V - g_A gamma5) units of g_Z
    real_type const g_v = (z.left + z.right) / 2;
    real_type const g_a = (z.left - z.right) / 2;
    EXPECT_NEAR((-0.5 + 2 * s2) / 2 * gz, g_v, 1e-16);
    EXPECT_NEAR(-0.25 * gz, g_a, 1e-16);
    ChiralCoupling const va = vector_axial_coupling(g_v, g_a);
    EXPECT_NEAR(z.left, va.left, 1e-16);
    EXPECT_NEAR(z.right, va.right, 1e-16);
}

//---------------------------------------------------------------------------//
// e+(p1) e-(p2) -> gamma(k1) gamma(k2): two diagrams from off-shell fermions.
//---------------------------------------------------------------------------//
struct AnnihilationPoint
{
    FourVector p1, p2, k1, k2;
};

AnnihilationPoint annihilation_point(real_type sqrt_s, real_type m, real_type cos_t, real_type phi)
{
    real_type const e = sqrt_s / 2;
    real_type const p = std::sqrt((e - m) * (e + m));
    real_type const s = std::sqrt(1 - cos_t * cos_t);
    FourVector const k1{e, e * s * std::cos(phi), e * s * std::sin(phi), e * cos_t};
    return {{e, 0, 0, -p}, {e, 0, 0, p}, k1, {e, -k1.px, -k1.py, -k1.pz}};
}

//! Helicity amplitude with the photon polarisations given (so that either may be replaced by k).
Complex annihilation_amplitude(AnnihilationPoint const& x,
                               real_type m,
                               int h1,
                               int h2,
                               ComplexFourVector const& eps1,
                               ComplexFourVector const& eps2)
{
    ChiralCoupling const g = electron_photon_coupling(elementary_charge(1 / 137.035999));
    FermionPropagator const prop{m, 0};
    BarSpinor const vbar = incoming_antifermion(x.p1, m, h1);
    Spinor const u = incoming_fermion(x.p2, m, h2);
    // u emits k2 first, then k1 (and the crossed order); both chains read vbar(p1) ... u(p2): same sign
    Spinor const u_k2 = off_shell_fermion(eps2, u, g, x.p2 - x.k2, prop);
    Spinor const u_k1 = off_shell_fermion(eps1, u, g, x.p2 - x.k1, prop);
    Complex const d1 = vertex_amplitude(vbar, u_k2, eps1, g);
    Complex const d2 = vertex_amplitude(vbar, u_k1, eps2, g);
    // the same with the row continued instead of the column
    BarSpinor const vbar_k1 = off_shell_fermion(vbar, eps1, g, x.k1 - x.p1, prop);
    Complex const d1_row = vertex_amplitude(vbar_k1, u, eps2, g);
    expect_complex_near(d1, d1_row, 1e-12 * (cabs(d1) + 1e-300));
    return d1 + d2;
}

TEST(OffShellWavefunctions, pair_annihilation_gauge_invariance_and_cross_section)
{
    real_type const alpha = 1 / 137.035999;
    real_type const e4 = std::pow(4 * 3.14159265358979323846 * alpha, 2);
    for (real_type m : {real_type(0), me, real_type(1.0)})
    {
        for (real_type cos_t : {-0.95, -0.3, 0.1, 0.77})
        {
            AnnihilationPoint const x = annihilation_point(10.58, m, cos_t, 0.4);
            real_type sum = 0;
            for (int h1 : {-1, 1})
                for (int h2 : {-1, 1})
                    for (int l1 : {-1, 1})
                        for (int l2 : {-1, 1})
                        {
                            ComplexFourVector const e1 = outgoing_polarization_vector(x.k1, l1);
                            ComplexFourVector const e2 = outgoing_polarization_vector(x.k2, l2);
                            Complex const amp = annihilation_amplitude(x, m, h1, h2, e1, e2);
                            sum += norm2(amp);
                            // Ward identity: eps -> k gives zero
                            Complex const w1 = annihilation_amplitude(x, m, h1, h2, ward_identity_vector(x.k1), e2);
                            Complex const w2 = annihilation_amplitude(x, m, h1, h2, e1, ward_identity_vector(x.k2));
                            EXPECT_LT(cabs(w1), 1e-14 * x.k1.e);
                            EXPECT_LT(cabs(w2), 1e-14 * x.k2.e);
                        }
            real_type const me2 = sum / 4;
            // Peskin-Schroeder (5.105) crossed to pair annihilation, p = p(e-)
            real_type const pk1 = dot(x.p2, x.k1);
            real_type const pk2 = dot(x.p2, x.k2);
            real_type const inv = 1 / pk1 + 1 / pk2;
            real_type const expected
                = 2 * e4 * (pk2 / pk1 + pk1 / pk2 + 2 * m * m * inv - std::pow(m, 4) * inv * inv);
            EXPECT_NEAR(1, me2 / expected, 1e-13) << "m=" << m << " cos=" << cos_t;
        }
    }
}
}  // namespace
}  // namespace fathom::test
