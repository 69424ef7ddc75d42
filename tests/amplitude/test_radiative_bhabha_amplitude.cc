// e+e- -> e+e- gamma and e+e- -> e+e- gamma gamma: |M|^2 against the MadGraph5 reference points,
// gauge invariance of every helicity amplitude, Bose symmetry, C / P / CP, Lorentz invariance, the
// soft-photon limit, the massless limit at wide angles, and numerical stability near the beams
// against the same code in __float128 (or long double).
#include "fathom/amplitude/RadiativeBhabhaAmplitude.hh"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "fathom/amplitude/BhabhaAmplitude.hh"
#include "fathom/base/Constants.hh"
#include "fathom/amplitude/LightConeAlgebra.hh"
#include "fathom/amplitude/OffShellWavefunctions.hh"
#include "fathom/amplitude/Propagators.hh"
#include "fathom/kinematics/StableInvariants.hh"
#include "ReferenceData.hh"

namespace fathom::test
{
namespace
{
#if defined(__SIZEOF_FLOAT128__)
using high_real = __float128;
constexpr char const* high_real_name = "__float128";
#else
using high_real = long double;
constexpr char const* high_real_name = "long double";
#endif

constexpr double two_pi = 2 * 3.14159265358979323846;
constexpr char const* leg_names[6] = {"ep_in", "em_in", "ep_out", "em_out", "a1", "a2"};

using Event = std::vector<FourVector>;

real_type rel_diff(real_type a, real_type b)
{
    return std::fabs(a - b) / std::fabs(b);
}

QedParams params_for(bool massive, bool ew)
{
    QedParams p = default_qed_params();
    p.electron_mass = massive ? constants::electron_mass : 0;
    p.z_exchange = ew;
    return p;
}

//! |M|^2 of e+e- -> e+e- + n photons (n = 1, 2) with the given parameters.
real_type me2(int n_photons, QedParams const& params, FourVector const* p)
{
    return n_photons == 1 ? RadiativeBhabhaAmplitude{params}(p) : DoubleRadiativeBhabhaAmplitude{params}(p);
}

//! All helicity amplitudes (index = configuration), optionally with a photon's eps -> k.
std::vector<Complex> helicity_amplitudes(int n_photons, QedParams const& params, FourVector const* p, int ward = -1)
{
    std::vector<Complex> amps(std::size_t(1) << (4 + n_photons));
    auto sink = [&amps](size_type config, Complex const& a) { amps.at(config) = a; };
    if (n_photons == 1)
        RadiativeBhabhaAmplitude{params}.helicity_amplitudes(p, sink, ward);
    else
        DoubleRadiativeBhabhaAmplitude{params}.helicity_amplitudes(p, sink, ward);
    return amps;
}

//---------------------------------------------------------------------------//
// Phase-space points, built in any real type T (square roots only, so also in __float128)
//---------------------------------------------------------------------------//
template<class T>
struct Point
{
    BasicFourVector<T> p[6];
};

template<class T>
BasicFourVector<T> massless_momentum(T energy, double dx, double dy, double dz)
{
    T const x = dx, y = dy, z = dz;
    T const inv = energy / real_sqrt(x * x + y * y + z * z);
    return {energy, x * inv, y * inv, z * inv};
}

//! Direction at polar angle theta (small: given directly, accurate) to +z (side > 0) or -z.
std::array<double, 3> direction_near_axis(double theta, double phi, int side)
{
    return {std::sin(theta) * std::cos(phi), std::sin(theta) * std::sin(phi), side * std::cos(theta)};
}

/*!
 * e+e- -> e+e- + photons in the CM frame (sqrt_s, e+ along -z), in the real type T: the photons
 * as given, the lepton `fixed` (2 = e+ or 3 = e-) along direction n, its energy solved so that
 * the other lepton is on shell: with R = P - K, R^2 = 2 R.p, i.e. for x = |p|
 * (R0^2 - B^2) x^2 - 2 A B x + R0^2 m^2 - A^2 = 0, A = R^2 / 2, B = R.n.
 * Returns false where no physical solution exists.
 */
template<class T>
bool build_point(T sqrt_s, T m, BasicFourVector<T> const* photons, int n_photons, int fixed,
                 std::array<double, 3> const& n_dir, Point<T>& out)
{
    T const e_beam = sqrt_s / 2;
    T const p_beam = real_sqrt((e_beam - m) * (e_beam + m));
    out.p[0] = {e_beam, 0, 0, -p_beam};
    out.p[1] = {e_beam, 0, 0, p_beam};
    BasicFourVector<T> r{sqrt_s, 0, 0, 0};
    for (int a = 0; a < n_photons; ++a)
    {
        out.p[4 + a] = photons[a];
        r -= photons[a];
    }
    T const nx = n_dir[0], ny = n_dir[1], nz = n_dir[2];
    T const nn = real_sqrt(nx * nx + ny * ny + nz * nz);
    T const ux = nx / nn, uy = ny / nn, uz = nz / nn;
    T const r2 = mass2(r);
    if (!(r.e > 0) || !(r2 > 4 * m * m))
        return false;
    T const a = r2 / 2;
    T const b = r.px * ux + r.py * uy + r.pz * uz;
    T const c2 = r.e * r.e - b * b;
    T const disc = a * a - m * m * c2;
    if (!(c2 > 0) || !(disc >= 0))
        return false;
    T const x = (a * b + r.e * real_sqrt(disc)) / c2;
    if (!(x > 0))
        return false;
    BasicFourVector<T> const lepton{real_sqrt(x * x + m * m), x * ux, x * uy, x * uz};
    if (!(a + b * x > 0))  // the squared equation's spurious root
        return false;
    BasicFourVector<T> const other = r - lepton;
    if (!(other.e > 0))
        return false;
    out.p[fixed] = lepton;
    out.p[fixed == 2 ? 3 : 2] = other;
    return true;
}

template<class T>
Point<double> to_double(Point<T> const& hp)
{
    Point<double> p;
    for (int i = 0; i < 6; ++i)
        p.p[i] = {double(hp.p[i].e), double(hp.p[i].px), double(hp.p[i].py), double(hp.p[i].pz)};
    return p;
}

template<class T>
Point<T> from_double(Point<double> const& p)
{
    Point<T> hp;
    for (int i = 0; i < 6; ++i)
        hp.p[i] = {T(p.p[i].e), T(p.p[i].px), T(p.p[i].py), T(p.p[i].pz)};
    return hp;
}

//! Which near-collinear configurations a random point may have.
enum class Collinear
{
    none,           //!< every direction random (isotropic)
    photon_beam,    //!< photons within a small angle of a beam, leptons random
    lepton_beam,    //!< the fixed lepton within a small angle of a beam, photons random
    photon_lepton,  //!< photons within a small angle of the fixed lepton (final-state radiation)
    any,            //!< each photon and the lepton: random, near a beam, or (photons) near the lepton
};

/*!
 * Random e+e- -> e+e- + n photons point in the CM frame, in the real type T: small angles are
 * log-uniform in [theta_min, 1e-2], photon energies log-uniform in [1e-3, 0.45 sqrt(s)] GeV.
 */
template<class T>
struct RandomPointMaker
{
    std::mt19937_64 rng;
    double sqrt_s{10.58};
    double mass{0};
    double theta_min{1e-8};
    Collinear collinear{Collinear::none};

    double flat() { return std::uniform_real_distribution<double>(0, 1)(rng); }
    double log_uniform(double lo, double hi) { return lo * std::pow(hi / lo, flat()); }
    std::array<double, 3> random_direction()
    {
        double const c = 2 * flat() - 1;
        double const s = std::sqrt((1 - c) * (1 + c));
        double const phi = two_pi * flat();
        return {s * std::cos(phi), s * std::sin(phi), c};
    }
    std::array<double, 3> near_beam()
    {
        return direction_near_axis(log_uniform(theta_min, 1e-2), two_pi * flat(), flat() < 0.5 ? 1 : -1);
    }
    //! A direction at a small angle to the unit vector n.
    std::array<double, 3> near(std::array<double, 3> const& n)
    {
        double const theta = log_uniform(theta_min, 1e-2);
        std::array<double, 3> a = std::fabs(n[0]) < 0.6 ? std::array<double, 3>{1, 0, 0}
                                                         : std::array<double, 3>{0, 1, 0};
        double const an = a[0] * n[0] + a[1] * n[1] + a[2] * n[2];
        for (int i = 0; i < 3; ++i)
            a[i] -= an * n[i];
        double const na = std::sqrt(a[0] * a[0] + a[1] * a[1] + a[2] * a[2]);
        for (auto& x : a)
            x /= na;
        std::array<double, 3> const b = {n[1] * a[2] - n[2] * a[1], n[2] * a[0] - n[0] * a[2], n[0] * a[1] - n[1] * a[0]};
        double const phi = two_pi * flat();
        double const st = std::sin(theta), ct = std::cos(theta);
        return {ct * n[0] + st * (std::cos(phi) * a[0] + std::sin(phi) * b[0]),
                ct * n[1] + st * (std::cos(phi) * a[1] + std::sin(phi) * b[1]),
                ct * n[2] + st * (std::cos(phi) * a[2] + std::sin(phi) * b[2])};
    }

    Point<T> operator()(int n_photons)
    {
        for (;;)
        {
            int const fixed = flat() < 0.5 ? 2 : 3;
            bool const lepton_near_beam = collinear == Collinear::lepton_beam
                                          || (collinear == Collinear::any && flat() < 0.5);
            std::array<double, 3> const n_lepton = lepton_near_beam ? near_beam() : random_direction();
            BasicFourVector<T> photons[2];
            for (int a = 0; a < n_photons; ++a)
            {
                int kind = 0;  // 0 random, 1 near a beam, 2 near the lepton
                if (collinear == Collinear::photon_beam)
                    kind = 1;
                else if (collinear == Collinear::photon_lepton)
                    kind = 2;
                else if (collinear == Collinear::any)
                    kind = int(3 * flat());
                std::array<double, 3> const d = kind == 0   ? random_direction()
                                                : kind == 1 ? near_beam()
                                                            : near(n_lepton);
                double const energy = log_uniform(1e-3, 0.45 * sqrt_s);
                photons[a] = massless_momentum<T>(T(energy), d[0], d[1], d[2]);
            }
            Point<T> point;
            if (build_point<T>(T(sqrt_s), T(mass), photons, n_photons, fixed, n_lepton, point))
                return point;
        }
    }
};

//! Lorentz boost by (bx, by, bz) in the real type T (square roots only).
template<class T>
BasicFourVector<T> boost_t(BasicFourVector<T> const& p, T bx, T by, T bz)
{
    T const b2 = bx * bx + by * by + bz * bz;
    if (!(b2 > 0))
        return p;
    T const gamma = 1 / real_sqrt(1 - b2);
    T const bp = bx * p.px + by * p.py + bz * p.pz;
    T const f = (gamma - 1) / b2 * bp + gamma * p.e;
    return {gamma * (p.e + bp), p.px + f * bx, p.py + f * by, p.pz + f * bz};
}

//! Lorentz boost of every momentum (FourVector.hh boost).
Point<double> boosted(Point<double> pt, int n_legs, double bx, double by, double bz)
{
    for (int i = 0; i < n_legs; ++i)
        pt.p[i] = boost(pt.p[i], bx, by, bz);
    return pt;
}

FourVector reflected(FourVector const& p)
{
    return {p.e, -p.px, -p.py, -p.pz};
}

//---------------------------------------------------------------------------//
// Building blocks of the radiative amplitudes
//---------------------------------------------------------------------------//
std::vector<FourVector> random_momenta(std::mt19937_64& rng, real_type m, int n)
{
    std::uniform_real_distribution<real_type> u(-5, 5);
    std::vector<FourVector> result;
    for (int i = 0; i < n; ++i)
    {
        real_type const px = u(rng), py = u(rng), pz = u(rng);
        result.push_back({std::sqrt(px * px + py * py + pz * pz + m * m), px, py, pz});
    }
    return result;
}

Complex random_complex(std::mt19937_64& rng)
{
    std::uniform_real_distribution<real_type> u(-1, 1);
    return {u(rng), u(rng)};
}

TEST(LightConeAlgebra, currents_and_products_match_cartesian)
{
    std::mt19937_64 rng(3);
    real_type worst = 0;
    for (int i = 0; i < 100; ++i)
    {
        BarSpinor const b{{random_complex(rng), random_complex(rng), random_complex(rng), random_complex(rng)}};
        Spinor const s{{random_complex(rng), random_complex(rng), random_complex(rng), random_complex(rng)}};
        ComplexFourVector const cl = cartesian(light_cone_left_current(b, s));
        ComplexFourVector const cr = cartesian(light_cone_right_current(b, s));
        ComplexFourVector const l = left_vector_bilinear(b, s);
        ComplexFourVector const r = right_vector_bilinear(b, s);
        ComplexFourVector const a{{random_complex(rng), random_complex(rng), random_complex(rng), random_complex(rng)}};
        for (int mu = 0; mu < 4; ++mu)
        {
            worst = std::max(worst, std::sqrt(norm2(cl.c[mu] - l.c[mu])));
            worst = std::max(worst, std::sqrt(norm2(cr.c[mu] - r.c[mu])));
        }
        worst = std::max(worst, std::sqrt(norm2(light_cone_dot(light_cone(a), light_cone_left_current(b, s)) - dot(a, l))));
        worst = std::max(worst, std::sqrt(norm2(cartesian(light_cone(a)).c[2] - a.c[2])));
        real_type e2 = 0;
        for (int mu = 0; mu < 4; ++mu)
            e2 += norm2(a.c[mu]);
        worst = std::max(worst, std::fabs(euclidean_norm2(light_cone(a)) - e2));
    }
    EXPECT_LT(worst, 1e-14);
}

TEST(StableInvariants, agree_with_high_precision_and_keep_collinear_digits)
{
    // Invariants of nearly collinear on-shell pairs, checked against the same pair in __float128
    // (naive formula there): the stable forms keep ~1e-16 relative where the naive double
    // formula E E' - p.p' loses up to all digits.
    std::mt19937_64 rng(4);
    real_type const m = constants::electron_mass;
    real_type worst_product = 0, worst_excess = 0, worst_naive = 0;
    for (int i = 0; i < 200; ++i)
    {
        double const theta = 1e-9 * std::pow(1e7, std::uniform_real_distribution<double>(0, 1)(rng));
        double const e1 = 1 + 4 * std::uniform_real_distribution<double>(0, 1)(rng);
        double const e2 = 1 + 4 * std::uniform_real_distribution<double>(0, 1)(rng);
        // along +z and at theta from it (axis-aligned: the inputs define the angle exactly)
        FourVector const p{e1, 0, 0, std::sqrt((e1 - m) * (e1 + m))};
        real_type const q_abs = std::sqrt((e2 - m) * (e2 + m));
        FourVector const q{e2, q_abs * std::sin(theta), 0, q_abs * std::cos(theta)};
        FourVector const k{e2, e2 * std::sin(theta), 0, e2 * std::cos(theta)};
        auto high = [](FourVector const& v) {
            return BasicFourVector<high_real>{high_real(v.e), high_real(v.px), high_real(v.py), high_real(v.pz)};
        };
        // exact values for these (rounded) inputs, with the masses implied by the inputs'
        // energies replaced by the nominal ones exactly as the stable forms do
        auto exact_dot = [&](FourVector const& a, real_type ma, FourVector const& b, real_type mb) {
            BasicFourVector<high_real> ha = high(a), hb = high(b);
            ha.e = real_sqrt(p2(ha) + high_real(ma) * high_real(ma));
            hb.e = real_sqrt(p2(hb) + high_real(mb) * high_real(mb));
            return dot(ha, hb);
        };
        real_type const pq = invariant_product(p, momentum_magnitude(p), m * m, q, momentum_magnitude(q), m * m);
        real_type const pk = invariant_product(p, momentum_magnitude(p), m * m, k, momentum_magnitude(k), real_type(0));
        real_type const ex = same_mass_product_excess(p, momentum_magnitude(p), q, momentum_magnitude(q), m * m);
        high_real const pq_exact = exact_dot(p, m, q, m);
        high_real const pk_exact = exact_dot(p, m, k, 0);
        high_real const ex_exact = pq_exact - high_real(m) * high_real(m);
        worst_product = std::max({worst_product, std::fabs(double((high_real(pq) - pq_exact) / pq_exact)),
                                  std::fabs(double((high_real(pk) - pk_exact) / pk_exact))});
        worst_excess = std::max(worst_excess, std::fabs(double((high_real(ex) - ex_exact) / ex_exact)));
        worst_naive = std::max(worst_naive, std::fabs(double((high_real(dot(p, k)) - pk_exact) / pk_exact)));
    }
    EXPECT_LT(worst_product, 1e-14);
    EXPECT_LT(worst_excess, 1e-13);
    EXPECT_GT(worst_naive, 1e4 * worst_product);  // what the stable forms are for
    std::printf("[ invariants] worst relative error: p.q %.2e, p.q - m^2 %.2e (naive E E' - p.p': %.2e)\n",
                worst_product, worst_excess, worst_naive);
}

TEST(RadiativeBhabhaCore, dressing_equals_helas_blocks_and_line_currents_are_gauge_invariant)
{
    // The dressed spinors are the off-shell wavefunctions of OffShellWavefunctions.hh (vertex
    // -i e Q eps-slash, propagator i (qslash + m) / (q^2 - m^2)); the one-photon current of a line
    // vanishes with eps -> k (Ward identity line by line).
    std::mt19937_64 rng(5);
    for (real_type m : {real_type(0), constants::electron_mass})
    {
        RandomPointMaker<double> maker{std::mt19937_64(6), 10.58, m, 1e-3, Collinear::none};
        Point<double> const pt = maker(2);
        FourVector const* p = pt.p;
        real_type const e = elementary_charge(constants::alpha_default);
        ChiralCoupling const photon = electron_photon_coupling(e);
        FermionPropagator const propagate{m, 0};
        auto const prop = detail::radiative_bhabha_propagators<double, 2>(p, m, -e);
        detail::PhotonSlashes<double, 2> photons;
        for (int a = 0; a < 2; ++a)
        {
            photons.k[a] = detail::slash_components(p[4 + a]);
            for (int h = 0; h < 2; ++h)
            {
                photons.eps_vector[a][h] = outgoing_polarization_vector(p[4 + a], slot_helicity(h));
                photons.eps[a][h] = detail::slash_components(photons.eps_vector[a][h]);
            }
        }
        real_type worst = 0;
        for (int h = 0; h < 2; ++h)
        {
            detail::DressedColumn<double, 2> x;  // u(p1)
            detail::DressedRow<double, 2> y;     // ubar(p3)
            x(0, 0) = u_spinor(p[1], m, slot_helicity(h));
            y(0, 0) = outgoing_fermion(p[3], m, slot_helicity(h));
            detail::dress_column<double, 2>(x, p[1], photons, prop.dress_q[1], prop.dress_factor[1], m);
            detail::dress_row<double, 2>(y, p[3], photons, prop.dress_q[3], prop.dress_factor[3], m);
            for (int l = 0; l < 4; ++l)
            {
                ComplexFourVector const eps1 = photons.eps_vector[0][l & 1];
                ComplexFourVector const eps2 = photons.eps_vector[1][l >> 1];
                // one photon
                Spinor const x1 = off_shell_fermion(eps1, x(0, 0), photon, p[1] - p[4], propagate);
                BarSpinor const y1 = off_shell_fermion(y(0, 0), eps1, photon, p[3] + p[4], propagate);
                // two photons, both orders
                Spinor const x12 = off_shell_fermion(eps1, off_shell_fermion(eps2, x(0, 0), photon, p[1] - p[5], propagate),
                                                     photon, p[1] - p[4] - p[5], propagate)
                                   + off_shell_fermion(eps2, x1, photon, p[1] - p[4] - p[5], propagate);
                real_type scale = 0, diff = 0;
                for (int i = 0; i < 4; ++i)
                {
                    scale = std::max({scale, std::sqrt(norm2(x1.c[i])), std::sqrt(norm2(x12.c[i]))});
                    diff = std::max({diff, std::sqrt(norm2(x(1, l & 1).c[i] - x1.c[i])),
                                     std::sqrt(norm2(y(1, l & 1).c[i] - y1.c[i])),
                                     std::sqrt(norm2(x(3, l).c[i] - x12.c[i]))});
                }
                worst = std::max(worst, diff / scale);
            }
        }
        EXPECT_LT(worst, 1e-12) << "m = " << m;

        // Ward identity of the one-photon current of line (ubar(p3), u(p1)): eps_1 -> k_1
        detail::PhotonSlashes<double, 2> ward = photons;
        for (int h = 0; h < 2; ++h)
        {
            ward.eps_vector[0][h] = to_complex(p[4]);
            ward.eps[0][h] = detail::slash_components(p[4]);
        }
        for (int hy = 0; hy < 2; ++hy)
            for (int hx = 0; hx < 2; ++hx)
            {
                detail::DressedColumn<double, 2> x;
                detail::DressedRow<double, 2> y;
                x(0, 0) = u_spinor(p[1], m, slot_helicity(hx));
                y(0, 0) = outgoing_fermion(p[3], m, slot_helicity(hy));
                detail::dress_column<double, 2>(x, p[1], ward, prop.dress_q[1], prop.dress_factor[1], m);
                detail::dress_row<double, 2>(y, p[3], ward, prop.dress_q[3], prop.dress_factor[3], m);
                LightConeVector left, right, left0, right0;
                detail::line_current<double, 2>(y, x, 1, 0, left, right);
                detail::line_current<double, 2>(y, x, 0, 0, left0, right0);
                real_type const scale = e * (std::sqrt(euclidean_norm2(left0)) + std::sqrt(euclidean_norm2(right0))) + 1e-300;
                EXPECT_LT(std::sqrt(euclidean_norm2(left + right)) / scale, 1e-13);
            }
    }
}

TEST(RadiativeBhabhaAmplitude, real_type_template_agrees)
{
    // The same functor in long double (and __float128) agrees with double at moderate points.
    RandomPointMaker<double> maker{std::mt19937_64(8), 10.58, constants::electron_mass, 1e-3, Collinear::none};
    for (bool ew : {false, true})
    {
        QedParams const params = params_for(true, ew);
        for (int i = 0; i < 5; ++i)
        {
            Point<double> const pt = maker(2);
            Point<long double> const lp = from_double<long double>(pt);
            Point<high_real> const hp = from_double<high_real>(pt);
            BasicQedParams<long double> const lparams = convert_params<long double>(params);
            real_type const d1 = RadiativeBhabhaAmplitude{params}(pt.p);
            real_type const l1 = double(BasicRadiativeBhabhaAmplitude<long double>{lparams}(lp.p));
            real_type const d2 = DoubleRadiativeBhabhaAmplitude{params}(pt.p);
            real_type const l2 = double(BasicDoubleRadiativeBhabhaAmplitude<long double>{lparams}(lp.p));
            real_type const h2 = double(BasicDoubleRadiativeBhabhaAmplitude<high_real>{convert_params<high_real>(params)}(hp.p));
            EXPECT_LT(rel_diff(d1, l1), 1e-13);
            EXPECT_LT(rel_diff(d2, l2), 1e-13);
            EXPECT_LT(rel_diff(l2, h2), 1e-15);
        }
    }
}

//---------------------------------------------------------------------------//
// Reference files
//---------------------------------------------------------------------------//
struct ReferenceCase
{
    char const* file;
    int n_photons;
    bool massive;
    bool ew;
    std::size_t expected_rows;
};

void PrintTo(ReferenceCase const& c, std::ostream* os)
{
    *os << c.file;
}

std::string case_name(testing::TestParamInfo<ReferenceCase> const& info)
{
    std::string name = info.param.file;
    return name.substr(0, name.find('.'));
}

class RadiativeReferenceTest : public testing::TestWithParam<ReferenceCase>
{
};

TEST_P(RadiativeReferenceTest, every_row_agrees)
{
    ReferenceCase const& c = GetParam();
    FATHOM_SKIP_WITHOUT_REFERENCE();
    ReferenceTable const table = read_reference_table(c.file);
    ASSERT_TRUE(table.ok) << table.error;
    ASSERT_EQ(c.expected_rows, table.rows.size());
    int const me2_col = table.column("me2");
    ASSERT_GE(me2_col, 0);
    QedParams const params = params_for(c.massive, c.ew);

    real_type worst = 0;
    std::size_t worst_row = 0;
    for (std::size_t r = 0; r < table.rows.size(); ++r)
    {
        FourVector p[6];
        for (int i = 0; i < 4 + c.n_photons; ++i)
            p[i] = table.momentum(r, leg_names[i]);
        real_type const expected = table.rows[r][me2_col];
        real_type const actual = me2(c.n_photons, params, p);
        real_type const d = rel_diff(actual, expected);
        EXPECT_LT(d, 1e-10) << c.file << " row " << r << ": fathom " << actual << " reference " << expected;
        if (!(d <= worst))
        {
            worst = d;
            worst_row = r;
        }
    }
    std::printf("[ reference ] %-32s %3zu rows, worst relative deviation %.3e (row %zu)\n", c.file,
                table.rows.size(), worst, worst_row);
    RecordProperty("worst_relative_deviation", std::to_string(worst));
}

INSTANTIATE_TEST_SUITE_P(
    ee_eea_and_ee_eeaa,
    RadiativeReferenceTest,
    testing::Values(ReferenceCase{"ee_eea_massive_qed_rambo.csv", 1, true, false, 100},
                    ReferenceCase{"ee_eea_massive_qed_cuts.csv", 1, true, false, 25},
                    ReferenceCase{"ee_eea_massive_ew_rambo.csv", 1, true, true, 100},
                    ReferenceCase{"ee_eea_massive_ew_cuts.csv", 1, true, true, 25},
                    ReferenceCase{"ee_eea_massless_qed_rambo.csv", 1, false, false, 100},
                    ReferenceCase{"ee_eea_massless_qed_cuts.csv", 1, false, false, 25},
                    ReferenceCase{"ee_eea_massless_ew_rambo.csv", 1, false, true, 100},
                    ReferenceCase{"ee_eea_massless_ew_cuts.csv", 1, false, true, 25},
                    ReferenceCase{"ee_eeaa_massive_qed_rambo.csv", 2, true, false, 100},
                    ReferenceCase{"ee_eeaa_massive_qed_cuts.csv", 2, true, false, 25},
                    ReferenceCase{"ee_eeaa_massive_ew_rambo.csv", 2, true, true, 100},
                    ReferenceCase{"ee_eeaa_massive_ew_cuts.csv", 2, true, true, 25},
                    ReferenceCase{"ee_eeaa_massless_qed_rambo.csv", 2, false, false, 100},
                    ReferenceCase{"ee_eeaa_massless_qed_cuts.csv", 2, false, false, 25},
                    ReferenceCase{"ee_eeaa_massless_ew_rambo.csv", 2, false, true, 100},
                    ReferenceCase{"ee_eeaa_massless_ew_cuts.csv", 2, false, true, 25}),
    case_name);

//---------------------------------------------------------------------------//
// Symmetries, on reference points and random points (moderate and near-collinear)
//---------------------------------------------------------------------------//
struct SymmetryCase
{
    int n_photons;
    bool massive;
    bool ew;
};

void PrintTo(SymmetryCase const& c, std::ostream* os)
{
    *os << (c.n_photons == 1 ? "ee_eea " : "ee_eeaa ") << (c.massive ? "massive" : "massless")
        << (c.ew ? " ew" : " qed");
}

std::string symmetry_case_name(testing::TestParamInfo<SymmetryCase> const& info)
{
    return std::string(info.param.n_photons == 1 ? "ee_eea_" : "ee_eeaa_") + (info.param.massive ? "massive" : "massless")
           + "_" + (info.param.ew ? "ew" : "qed");
}

class RadiativeSymmetryTest : public testing::TestWithParam<SymmetryCase>
{
  protected:
    int n_legs() const { return 4 + GetParam().n_photons; }
    QedParams params() const { return params_for(GetParam().massive, GetParam().ew); }
    real_type me2_at(Point<double> const& pt) const { return me2(GetParam().n_photons, this->params(), pt.p); }

    //! Reference points of the matching files, random moderate points and (extreme = true)
    //! random points near the collinear limits.
    std::vector<Point<double>> points(bool extreme) const
    {
        SymmetryCase const c = GetParam();
        std::vector<Point<double>> result;
        std::string const stem = std::string(c.n_photons == 1 ? "ee_eea_" : "ee_eeaa_")
                                 + (c.massive ? "massive" : "massless") + "_" + (c.ew ? "ew" : "qed");
        for (char const* sample : {"_rambo.csv", "_cuts.csv"})
        {
            // without the reference data the symmetries are checked on the random points alone
            if (!reference_points_available())
                continue;
            ReferenceTable const table = read_reference_table(stem + sample);
            EXPECT_TRUE(table.ok) << table.error;
            for (std::size_t r = 0; r < table.rows.size(); ++r)
            {
                Point<double> pt;
                for (int i = 0; i < this->n_legs(); ++i)
                    pt.p[i] = table.momentum(r, leg_names[i]);
                result.push_back(pt);
            }
        }
        RandomPointMaker<double> maker{std::mt19937_64(2024 + c.n_photons), 10.58,
                                       c.massive ? constants::electron_mass : 0, 1e-6, Collinear::none};
        for (int i = 0; i < 100; ++i)
            result.push_back(maker(c.n_photons));
        if (extreme)
        {
            maker.collinear = Collinear::any;
            for (int i = 0; i < 100; ++i)
                result.push_back(maker(c.n_photons));
        }
        return result;
    }
};

TEST_P(RadiativeSymmetryTest, gauge_invariant_for_every_helicity_configuration)
{
    // eps_a -> k_a: the sum over a line's insertions of photon a telescopes to zero (the Ward
    // identity holds line by line), so every helicity amplitude vanishes. Scale: k_a^0 times the
    // largest physical helicity amplitude of the point.
    SymmetryCase const c = GetParam();
    QedParams const params = this->params();
    real_type worst = 0;
    for (Point<double> const& pt : this->points(false))
    {
        std::vector<Complex> const phys = helicity_amplitudes(c.n_photons, params, pt.p);
        real_type scale = 0;
        for (Complex const& a : phys)
            scale = std::max(scale, std::sqrt(norm2(a)));
        ASSERT_GT(scale, 0);
        for (int a = 0; a < c.n_photons; ++a)
        {
            std::vector<Complex> const ward = helicity_amplitudes(c.n_photons, params, pt.p, a);
            for (std::size_t config = 0; config < ward.size(); ++config)
            {
                real_type const r = std::sqrt(norm2(ward[config])) / (pt.p[4 + a].e * scale);
                EXPECT_LT(r, 1e-12) << "photon " << a << " configuration " << config;
                worst = std::max(worst, r);
            }
        }
    }
    std::printf("[ gauge     ] %s: worst |M(eps -> k)| / (k0 max|M|) = %.3e\n",
                symmetry_case_name({GetParam(), 0}).c_str(), worst);
}

TEST_P(RadiativeSymmetryTest, cp_invariant_and_c_p_for_qed)
{
    // CP: e+ <-> e- (in and out) with all momenta reflected; photons reflected. QED is also C and
    // P invariant separately; with the Z, C and P are each violated (checked to be visible).
    // Reference and random points in a generic frame (boosted off the beam axis) to 1e-12, and
    // points with a photon or a lepton within 1e-6..1e-2 rad of a beam in the CM frame to the
    // precision established there by `precision_near_the_beams` (<= ~1e-10 at these angles; 1e-9
    // for the comparison of two evaluations).
    SymmetryCase const c = GetParam();
    int const n = this->n_legs();
    auto images = [&](Point<double> const& pt) {
        Point<double> cp = pt, conj = pt, par = pt;
        cp.p[0] = reflected(pt.p[1]);
        cp.p[1] = reflected(pt.p[0]);
        cp.p[2] = reflected(pt.p[3]);
        cp.p[3] = reflected(pt.p[2]);
        conj.p[0] = pt.p[1];
        conj.p[1] = pt.p[0];
        conj.p[2] = pt.p[3];
        conj.p[3] = pt.p[2];
        for (int i = 0; i < n; ++i)
            par.p[i] = reflected(pt.p[i]);
        for (int i = 4; i < n; ++i)
            cp.p[i] = reflected(pt.p[i]);
        return std::array<Point<double>, 3>{cp, conj, par};
    };
    real_type worst[2][3] = {};  // [moderate, near-collinear][CP, C, P]
    std::vector<Point<double>> const moderate = this->points(false);
    std::vector<Point<double>> near_collinear;
    {
        RandomPointMaker<double> maker{std::mt19937_64(77 + c.n_photons), 10.58,
                                       c.massive ? constants::electron_mass : 0, 1e-6, Collinear::photon_beam};
        for (int i = 0; i < 200; ++i)
        {
            maker.collinear = i % 2 ? Collinear::photon_beam : Collinear::lepton_beam;
            near_collinear.push_back(maker(c.n_photons));
        }
    }
    for (int set = 0; set < 2; ++set)
    {
        real_type const tol = set == 0 ? 1e-12 : 1e-9;
        for (Point<double> pt : set == 0 ? moderate : near_collinear)
        {
            if (set == 0)
                pt = boosted(pt, n, 0.1, -0.2, 0.25);  // a generic frame
            auto const img = images(pt);
            real_type const ref = this->me2_at(pt);
            real_type const d[3] = {rel_diff(this->me2_at(img[0]), ref), rel_diff(this->me2_at(img[1]), ref),
                                    rel_diff(this->me2_at(img[2]), ref)};
            EXPECT_LT(d[0], tol) << "CP, set " << set;
            if (!c.ew)
            {
                EXPECT_LT(d[1], tol) << "C, set " << set;
                EXPECT_LT(d[2], tol) << "P, set " << set;
            }
            for (int k = 0; k < 3; ++k)
                worst[set][k] = std::max(worst[set][k], d[k]);
        }
    }
    if (c.ew)
    {
        // Z exchange breaks C and P separately (forward-backward asymmetry): a sanity check that
        // the Z is really in, and with its axial coupling
        EXPECT_GT(worst[0][1], 1e-6);
        EXPECT_GT(worst[0][2], 1e-6);
    }
    std::printf("[ CP        ] %s: worst relative change CP %.3e, C %.3e, P %.3e (generic frame); "
                "near-collinear CM points CP %.3e, C %.3e, P %.3e\n",
                symmetry_case_name({GetParam(), 0}).c_str(), worst[0][0], worst[0][1], worst[0][2], worst[1][0],
                worst[1][1], worst[1][2]);
}

TEST_P(RadiativeSymmetryTest, lorentz_invariant)
{
    real_type const bg = 0.2835;  // Belle II centre-of-mass boost
    real_type const beta = bg / std::sqrt(1 + bg * bg);
    int const n = this->n_legs();
    real_type worst = 0;
    for (Point<double> const& pt : this->points(false))
    {
        real_type const ref = this->me2_at(pt);
        for (Point<double> const& b : {boosted(pt, n, 0, 0, beta), boosted(pt, n, beta, 0, 0),
                                       boosted(pt, n, 0.6 * beta, -0.48 * beta, 0.64 * beta)})
        {
            real_type const d = rel_diff(this->me2_at(b), ref);
            EXPECT_LT(d, 1e-11);
            worst = std::max(worst, d);
        }
    }
    std::printf("[ lorentz   ] %s: worst relative change under boosts %.3e\n",
                symmetry_case_name({GetParam(), 0}).c_str(), worst);
}

INSTANTIATE_TEST_SUITE_P(all,
                         RadiativeSymmetryTest,
                         testing::Values(SymmetryCase{1, true, false}, SymmetryCase{1, true, true},
                                         SymmetryCase{1, false, false}, SymmetryCase{1, false, true},
                                         SymmetryCase{2, true, false}, SymmetryCase{2, true, true},
                                         SymmetryCase{2, false, false}, SymmetryCase{2, false, true}),
                         symmetry_case_name);

//! Symmetries of e+e- -> e+e- gamma gamma only.
class DoubleRadiativeSymmetryTest : public RadiativeSymmetryTest
{
};

TEST_P(DoubleRadiativeSymmetryTest, bose_symmetric_in_the_photons)
{
    real_type worst = 0;
    for (Point<double> pt : this->points(true))
    {
        real_type const ref = this->me2_at(pt);
        std::swap(pt.p[4], pt.p[5]);
        real_type const d = rel_diff(this->me2_at(pt), ref);
        EXPECT_LT(d, 1e-12);
        worst = std::max(worst, d);
    }
    std::printf("[ bose      ] %s: worst relative change under a1 <-> a2: %.3e\n",
                symmetry_case_name({GetParam(), 0}).c_str(), worst);
}

INSTANTIATE_TEST_SUITE_P(ee_eeaa,
                         DoubleRadiativeSymmetryTest,
                         testing::Values(SymmetryCase{2, true, false}, SymmetryCase{2, true, true},
                                         SymmetryCase{2, false, false}, SymmetryCase{2, false, true}),
                         symmetry_case_name);

//---------------------------------------------------------------------------//
// Soft-photon limit of e+e- -> e+e- gamma
//---------------------------------------------------------------------------//
/*!
 * Eikonal factor of soft-photon emission, summed over the photon's polarisations:
 *   |M(ee -> ee gamma)|^2 -> S |M(ee -> ee)|^2,  S = -e^2 sum_ij eta_i eta_j (p_i.p_j) / ((p_i.k)(p_j.k)),
 * from M_n+1 -> e sum_i eta_i (p_i.eps*)/(p_i.k) M_n (each leg's propagator 1/(2 p_i.k) times the
 * numerator 2 p_i.eps* of the emission vertex; an incoming leg's propagator has the opposite sign),
 * eta_i = Q_i (+1 outgoing, -1 incoming) with Q the charge in units of e: e+ in -1, e- in +1,
 * e+ out +1, e- out -1 (reference order). The polarisation sum -g_{mu nu} is exact here because
 * sum_i eta_i = 0 (charge conservation) makes the eikonal current transverse to k. Massive legs
 * keep their diagonal terms eta_i^2 m^2 / (p_i.k)^2. S > 0: the current is space-like.
 */
real_type eikonal_factor(FourVector const* p, FourVector const& k, real_type m, real_type alpha)
{
    constexpr real_type eta[4] = {-1, 1, 1, -1};
    real_type const e2 = 4 * constants::pi * alpha;
    real_type const k_abs = momentum_magnitude(k);
    real_type pk[4], p_abs[4];
    for (int i = 0; i < 4; ++i)
    {
        p_abs[i] = momentum_magnitude(p[i]);
        pk[i] = invariant_product(p[i], p_abs[i], m * m, k, k_abs, real_type(0));
    }
    real_type sum = 0;
    for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 4; ++j)
        {
            real_type const pp = i == j ? m * m : invariant_product(p[i], p_abs[i], m * m, p[j], p_abs[j], m * m);
            sum += eta[i] * eta[j] * pp / (pk[i] * pk[j]);
        }
    return -e2 * sum;
}

struct SoftCase
{
    bool massive;
    bool ew;
};

void PrintTo(SoftCase const& c, std::ostream* os)
{
    *os << (c.massive ? "massive" : "massless") << (c.ew ? " ew" : " qed");
}

std::string soft_case_name(testing::TestParamInfo<SoftCase> const& info)
{
    return std::string(info.param.massive ? "massive" : "massless") + "_" + (info.param.ew ? "ew" : "qed");
}

class SoftPhotonTest : public testing::TestWithParam<SoftCase>
{
};

TEST_P(SoftPhotonTest, ratio_to_eikonal_times_bhabha_approaches_one_linearly)
{
    // Fixed e- direction and photon direction; the photon energy omega -> 0 with the e+ recoiling
    // (build_point), so the point tends to a 2 -> 2 Bhabha point. R = |M_3|^2 / (S |M_2|^2) with
    // |M_2|^2 at the 2 -> 3 lepton momenta must approach 1 as 1 + O(omega / E) (next-to-soft
    // corrections, and the O(omega) freedom of where |M_2|^2 is evaluated): |R - 1| must fall by
    // about 10x per decade of omega.
    SoftCase const c = GetParam();
    QedParams const params = params_for(c.massive, c.ew);
    BhabhaParams bhabha_params = default_bhabha_params();
    bhabha_params.electron_mass = params.electron_mass;
    bhabha_params.z_exchange = params.z_exchange;
    RadiativeBhabhaAmplitude const me2_3{params};
    BhabhaAmplitude const me2_2{bhabha_params};

    std::mt19937_64 rng(31);
    auto flat = [&rng] { return std::uniform_real_distribution<double>(0, 1)(rng); };
    constexpr double omegas[] = {1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6};
    constexpr int num_omegas = 6;
    real_type worst_smallest = 0;
    real_type worst_slope = 0;
    for (int config = 0; config < 40; ++config)
    {
        // e- at 15..165 degrees, photon at 10..170 degrees to the beam, random azimuths
        auto direction = [&](double theta_lo, double theta_hi) {
            double const theta = (theta_lo + (theta_hi - theta_lo) * flat()) * constants::pi / 180;
            return direction_near_axis(theta, two_pi * flat(), 1);
        };
        std::array<double, 3> const n_lepton = direction(15, 165);
        std::array<double, 3> const n_photon = direction(10, 170);
        real_type dev[num_omegas];
        for (int w = 0; w < num_omegas; ++w)
        {
            BasicFourVector<real_type> const k = massless_momentum<real_type>(omegas[w], n_photon[0], n_photon[1], n_photon[2]);
            Point<real_type> pt;
            ASSERT_TRUE(build_point<real_type>(10.58, params.electron_mass, &k, 1, 3, n_lepton, pt));
            real_type const s_factor = eikonal_factor(pt.p, k, params.electron_mass, params.alpha);
            real_type const ratio = me2_3(pt.p) / (s_factor * me2_2(pt.p));
            dev[w] = std::fabs(ratio - 1);
        }
        // linear approach: below omega = 1e-3 GeV the deviation scales with omega
        EXPECT_LT(dev[num_omegas - 1], 1e-4) << "configuration " << config;
        EXPECT_LT(dev[num_omegas - 1], 0.02 * dev[num_omegas - 3] + 1e-9) << "configuration " << config;
        EXPECT_LT(dev[2], 0.1) << "configuration " << config;
        worst_smallest = std::max(worst_smallest, dev[num_omegas - 1]);
        worst_slope = std::max(worst_slope, dev[3] / omegas[3]);
        if (config < 3)
            std::printf("[ soft      ] %s config %d: |R - 1| at omega = 1e-1..1e-6 GeV: %.2e %.2e %.2e %.2e %.2e %.2e\n",
                        soft_case_name({c, 0}).c_str(), config, dev[0], dev[1], dev[2], dev[3], dev[4], dev[5]);
    }
    std::printf("[ soft      ] %s: 40 configurations, worst |R - 1| at omega = 1e-6 GeV: %.3e, "
                "largest |R - 1| / omega at 1e-4 GeV: %.3g / GeV\n",
                soft_case_name({c, 0}).c_str(), worst_smallest, worst_slope);
}

INSTANTIATE_TEST_SUITE_P(ee_eea,
                         SoftPhotonTest,
                         testing::Values(SoftCase{true, false}, SoftCase{true, true}, SoftCase{false, false},
                                         SoftCase{false, true}),
                         soft_case_name);

//---------------------------------------------------------------------------//
// Numerical precision near the collinear limits, against the same code in high precision
//---------------------------------------------------------------------------//
class RadiativePrecisionTest : public testing::TestWithParam<SymmetryCase>
{
};

template<class T>
T me2_in(int n_photons, QedParams const& params, BasicFourVector<T> const* p)
{
    BasicQedParams<T> const hp = convert_params<T>(params);
    return n_photons == 1 ? BasicRadiativeBhabhaAmplitude<T>{hp}(p) : BasicDoubleRadiativeBhabhaAmplitude<T>{hp}(p);
}

TEST_P(RadiativePrecisionTest, precision_near_the_beams)
{
    // Points are built in __float128 (on shell and momentum conserving to ~1e-33), moved to the
    // frame in __float128 and rounded to double. Measured: the double code against the same code
    // in __float128 on the same (rounded) inputs, i.e. the error of the algorithm; long double
    // against __float128 is printed too. Conditioning: how far |M|^2 (in __float128) moves when
    // every input component is changed by one part in 2^53 (two random sign patterns), the
    // precision the double inputs themselves allow: a photon at angle theta to a lepton in a
    // generic direction has that angle only to ~1e-16 / theta, and |M|^2 can depend on it strongly
    // (two photons near a massless lepton: |M|^2 moves by up to ~1e-3 at theta ~ 1e-8).
    //
    // Asserted:
    // (a) photon or lepton near a beam, CM frame and the Belle II boost along the beams (where
    //     such directions have exactly represented small transverse components): massive
    //     leptons 1e-10, massless 1e-7. One lepton near a beam, the other random: both leptons
    //     along one beam as a low-mass pair lose more (up to ~3e-8 below 1e-4 rad; test
    //     RadiativePrecision.lepton_pair_along_a_beam). Justification: denominators come from invariants without
    //     cancellation and collinear-emission numerators from terms as small as themselves
    //     (RadiativeBhabhaCore.hh); what remains is the gauge cancellation of a quasi-real
    //     t-channel photon, ~1e-16 E / sqrt(|t|): <= ~3e-12 for massive leptons
    //     (sqrt|t| >= m x / sqrt(1 - x)), ~1e-16 / theta for massless ones (1e-8 at the smallest
    //     angle generated, 1e-8 rad).
    // (b) every category and frame, including final-state radiation at generic directions and a
    //     frame boosted off the beam axis: error <= floor + 1e3 x conditioning (the algorithm is
    //     within three digits of what its double inputs determine), floor 1e-10 (massive) or
    //     1e-8 (massless; the quasi-real photon above).
    SymmetryCase const c = GetParam();
    QedParams const params = params_for(c.massive, c.ew);
    struct Category
    {
        Collinear collinear;
        char const* name;
        bool beam;  //!< bound (a) applies
    };
    constexpr Category categories[] = {{Collinear::photon_beam, "photon near a beam", true},
                                       {Collinear::lepton_beam, "lepton near a beam", true},
                                       {Collinear::photon_lepton, "photon near a lepton", false},
                                       {Collinear::any, "any combination", false}};
    int const points_per_category = (c.n_photons == 1 ? 40 : 16) / (c.ew ? 2 : 1);
    real_type const beam_bound = c.massive ? 1e-10 : 1e-7;
    real_type const floor = c.massive ? 1e-10 : 1e-8;
    constexpr real_type max_ratio = 1e3;
    real_type const bg = 0.2835;
    high_real const beta_z = high_real(bg) / real_sqrt(high_real(1 + bg * bg));
    struct Frame
    {
        char const* name;
        high_real bx, by, bz;
        bool axis;  //!< beams along z: bound (a) applies
    };
    Frame const frames[] = {{"CM", 0, 0, 0, true},
                            {"Belle II (z boost)", 0, 0, beta_z, true},
                            {"generic boost", high_real(0.1), high_real(-0.2), high_real(0.25), false}};
    std::mt19937_64 perturb_rng(99);
    real_type worst_beam = 0;
    for (Frame const& frame : frames)
    {
        real_type worst_long = 0;
        for (Category const& cat : categories)
        {
            RandomPointMaker<high_real> maker{std::mt19937_64(1000 + 10 * c.n_photons + int(cat.collinear)), 10.58,
                                              c.massive ? constants::electron_mass : 0, 1e-8, cat.collinear};
            real_type cat_worst = 0, cat_cond = 0, cat_ratio = 0;
            for (int i = 0; i < points_per_category; ++i)
            {
                Point<high_real> exact = maker(c.n_photons);
                for (int j = 0; j < 4 + c.n_photons; ++j)
                    exact.p[j] = boost_t(exact.p[j], frame.bx, frame.by, frame.bz);
                Point<double> const rounded = to_double(exact);
                Point<high_real> const same_inputs = from_double<high_real>(rounded);
                Point<long double> const long_inputs = from_double<long double>(rounded);
                high_real const reference = me2_in(c.n_photons, params, same_inputs.p);
                real_type const d = me2(c.n_photons, params, rounded.p);
                real_type const err = std::fabs(double((high_real(d) - reference) / reference));
                real_type const err_long
                    = std::fabs(double((high_real(me2_in(c.n_photons, params, long_inputs.p)) - reference) / reference));
                real_type cond = 0;
                for (int sample = 0; sample < 2; ++sample)
                {
                    Point<high_real> moved = same_inputs;
                    for (int j = 0; j < 4 + c.n_photons; ++j)
                        for (high_real* x : {&moved.p[j].e, &moved.p[j].px, &moved.p[j].py, &moved.p[j].pz})
                            *x *= 1 + ((perturb_rng() & 1) ? 1 : -1) * high_real(1.1102230246251565e-16);
                    high_real const value = me2_in(c.n_photons, params, moved.p);
                    cond = std::max(cond, std::fabs(double((value - reference) / reference)));
                }
                if (frame.axis && cat.beam)
                {
                    EXPECT_LT(err, beam_bound) << frame.name << ", " << cat.name << ", point " << i;
                    worst_beam = std::max(worst_beam, err);
                }
                EXPECT_LT(err, floor + max_ratio * cond)
                    << frame.name << ", " << cat.name << ", point " << i << ": conditioning " << cond;
                cat_worst = std::max(cat_worst, err);
                cat_cond = std::max(cat_cond, cond);
                if (err > floor)
                    cat_ratio = std::max(cat_ratio, err / cond);
                worst_long = std::max(worst_long, err_long);
            }
            std::printf("[ precision ] %s, %-18s %-20s double error %.2e, conditioning %.2e, "
                        "max error / conditioning above the floor %.1f\n",
                        symmetry_case_name({c, 0}).c_str(), frame.name, cat.name, cat_worst, cat_cond, cat_ratio);
        }
        std::printf("[ precision ] %s, %-18s long double error %.2e (reference %s)\n",
                    symmetry_case_name({c, 0}).c_str(), frame.name, worst_long, high_real_name);
    }
    std::printf("[ precision ] %s: worst double error with a photon or lepton near a beam (CM, z boost): %.2e "
                "(bound %.0e)\n",
                symmetry_case_name({c, 0}).c_str(), worst_beam, beam_bound);
}

/*!
 * e+e- -> e+e- gamma gamma with both leptons along one beam as a pair of mass x m_e (x in [2, 3])
 * at polar angle theta to it, in the real type T (CM frame): the pair built in its rest frame
 * (leptons back to back, random axis) and boosted to energy e_pair along the beam direction; the
 * photons back to back in the rest frame of what remains, boosted with it. The configuration of
 * a forward tagger's converted or Dalitz-like pairs.
 */
template<class T>
Point<T> lepton_pair_along_a_beam(std::mt19937_64& rng, double theta, double e_pair)
{
    std::uniform_real_distribution<double> u(0, 1);
    auto random_axis = [&] {
        double const c = 2 * u(rng) - 1, phi = two_pi * u(rng);
        double const st = std::sqrt((1 - c) * (1 + c));
        return std::array<double, 3>{st * std::cos(phi), st * std::sin(phi), c};
    };
    T const m = constants::electron_mass;
    T const sqrt_s = 10.58, e_beam = sqrt_s / 2, p_beam = real_sqrt((e_beam - m) * (e_beam + m));
    T const pair_mass = m * T(2 + u(rng));
    std::array<double, 3> const n = direction_near_axis(theta, two_pi * u(rng), u(rng) < 0.5 ? 1 : -1);
    T const e = e_pair, p = real_sqrt((e - pair_mass) * (e + pair_mass));
    BasicFourVector<T> const pair{e, p * T(n[0]), p * T(n[1]), p * T(n[2])};
    T const q = real_sqrt((pair_mass / 2 - m) * (pair_mass / 2 + m));
    std::array<double, 3> const a = random_axis();
    BasicFourVector<T> const lepton{pair_mass / 2, q * T(a[0]), q * T(a[1]), q * T(a[2])};
    BasicFourVector<T> const anti{pair_mass / 2, -lepton.px, -lepton.py, -lepton.pz};
    BasicFourVector<T> const rest = BasicFourVector<T>{sqrt_s, 0, 0, 0} - pair;
    T const rest_mass = real_sqrt(mass2(rest));
    std::array<double, 3> const b = random_axis();
    BasicFourVector<T> const k{rest_mass / 2, rest_mass / 2 * T(b[0]), rest_mass / 2 * T(b[1]), rest_mass / 2 * T(b[2])};
    BasicFourVector<T> const k_other{rest_mass / 2, -k.px, -k.py, -k.pz};
    Point<T> out;
    out.p[0] = {e_beam, 0, 0, -p_beam};
    out.p[1] = {e_beam, 0, 0, p_beam};
    out.p[2] = boost_t(lepton, pair.px / pair.e, pair.py / pair.e, pair.pz / pair.e);
    out.p[3] = boost_t(anti, pair.px / pair.e, pair.py / pair.e, pair.pz / pair.e);
    out.p[4] = boost_t(k, rest.px / rest.e, rest.py / rest.e, rest.pz / rest.e);
    out.p[5] = boost_t(k_other, rest.px / rest.e, rest.py / rest.e, rest.pz / rest.e);
    return out;
}

TEST(RadiativePrecision, lepton_pair_along_a_beam)
{
    // Both leptons along one beam as a pair of 2-3 m_e: |M|^2 in double against the same code in
    // __float128 on the same (rounded) inputs, and the conditioning (|M|^2 when every input moves by
    // one part in 2^53), per polar angle of the pair. The single-lepton bound of
    // precision_near_the_beams (1e-10) does not hold here: the pair's propagators and the quasi-real
    // photon between the beam and the pair cancel between diagrams at small angles. Measured (24
    // points per angle): 1.8-2.7e-8 from 1e-6 to 1e-4 rad, 2e-9 at 1e-3 rad, 9e-11 at 0.5 degrees,
    // 3e-11 at 1 degree, 1.6e-12 at 3 degrees; the conditioning is as large (1.5-2.5e-8 at the
    // smallest angles): double evaluation loses about as much as the rounding of its inputs
    // allows, so a cancellation-free rewrite would gain a factor 2 at most. A quad-precision
    // survey of more points found up to 3.4e-8. Asserted: 1e-7 down to 1e-6 rad, and 1e-9 from
    // 0.5 degrees on (an order of magnitude above the worst measured), the smallest lepton angle a
    // tagger study would generate (a lab angle of 0.5 degrees is 0.69 degrees in the CM frame).
    QedParams const params = params_for(true, false);
    std::mt19937_64 rng(2406);
    std::mt19937_64 perturb_rng(14614);
    struct Angle
    {
        double theta;
        double bound;
    };
    constexpr double half_degree = 0.5 * 3.14159265358979323846 / 180;
    Angle const angles[] = {{1e-6, 1e-7}, {1e-5, 1e-7}, {1e-4, 1e-7}, {1e-3, 1e-7},
                            {half_degree, 1e-9}, {2 * half_degree, 1e-9}, {6 * half_degree, 1e-9}};
    for (Angle const& angle : angles)
    {
        real_type worst = 0, worst_cond = 0;
        for (int i = 0; i < 24; ++i)
        {
            double const e_pair = 1 + 4 * std::uniform_real_distribution<double>(0, 1)(rng);
            Point<high_real> const exact = lepton_pair_along_a_beam<high_real>(rng, angle.theta, e_pair);
            Point<double> const rounded = to_double(exact);
            Point<high_real> const same_inputs = from_double<high_real>(rounded);
            high_real const reference = me2_in(2, params, same_inputs.p);
            real_type const err
                = std::fabs(double((high_real(me2(2, params, rounded.p)) - reference) / reference));
            real_type cond = 0;
            for (int sample = 0; sample < 2; ++sample)
            {
                Point<high_real> moved = same_inputs;
                for (auto& v : moved.p)
                    for (high_real* x : {&v.e, &v.px, &v.py, &v.pz})
                        *x *= 1 + ((perturb_rng() & 1) ? 1 : -1) * high_real(1.1102230246251565e-16);
                cond = std::max(cond, std::fabs(double((me2_in(2, params, moved.p) - reference) / reference)));
            }
            EXPECT_LT(err, angle.bound) << "pair at " << angle.theta << " rad, point " << i << ", conditioning " << cond;
            worst = std::max(worst, err);
            worst_cond = std::max(worst_cond, cond);
        }
        std::printf("[ precision ] e+e- pair of 2-3 m_e at %.2e rad to a beam: double error %.2e, conditioning %.2e "
                    "(bound %.0e)\n",
                    angle.theta, worst, worst_cond, angle.bound);
    }
}

INSTANTIATE_TEST_SUITE_P(all,
                         RadiativePrecisionTest,
                         testing::Values(SymmetryCase{1, true, false}, SymmetryCase{1, true, true},
                                         SymmetryCase{1, false, false}, SymmetryCase{1, false, true},
                                         SymmetryCase{2, true, false}, SymmetryCase{2, true, true},
                                         SymmetryCase{2, false, false}, SymmetryCase{2, false, true}),
                         symmetry_case_name);
}  // namespace
}  // namespace fathom::test
