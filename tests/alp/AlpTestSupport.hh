// Test helpers for the ALP and multi-photon amplitudes: kinematics generators, helicity sums with
// explicit polarisation vectors, Gauss-Legendre quadrature.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <random>
#include <utility>
#include <vector>

#include "fathom/amplitude/ComplexFourVector.hh"
#include "fathom/amplitude/PolarizationVectors.hh"
#include "fathom/base/Complex.hh"
#include "fathom/kinematics/FourVector.hh"

namespace fathom::test
{
using Event = std::vector<FourVector>;

inline constexpr real_type pi = 3.14159265358979323846;
inline constexpr real_type belle2_sqrt_s = 10.58;

inline real_type rel_diff(real_type a, real_type b)
{
    return std::fabs(a - b) / std::fabs(b);
}

inline real_type cabs(Complex const& z)
{
    return std::sqrt(norm2(z));
}

/*!
 * Rounding of the amplitudes: each propagator's denominator (e.g. a fermion's q^2 - m^2 = -2 p.k) is
 * formed from the components of q = p - k, with an absolute error ~eps E^2, i.e. a relative one
 * ~eps E_beam^2 / (p.k): near-collinear or soft photons cost digits in any code forming q^2 this way
 * (as the reference README says of small |t|). The comparisons with closed forms allow 1e-13 plus
 * 16 times this bound of the smallest denominator (median deviations are ~2e-15).
 */
inline real_type propagator_rounding(Event const& ev)
{
    real_type smallest = dot(ev[0], ev[2]);
    for (int i = 0; i < 2; ++i)
        for (std::size_t j = 2; j < ev.size(); ++j)
            smallest = std::min(smallest, dot(ev[i], ev[j]));
    return std::numeric_limits<real_type>::epsilon() * ev[0].e * ev[0].e / smallest;
}

//! Beams in the centre-of-mass frame: e+ along -z, e- along +z.
inline Event beams(real_type sqrt_s, real_type mass)
{
    real_type const e = sqrt_s / 2;
    real_type const p = std::sqrt((e - mass) * (e + mass));
    return {FourVector{e, 0, 0, -p}, FourVector{e, 0, 0, p}};
}

//! Unit 3-vector times |p| with energy e.
inline FourVector along(real_type e, real_type p, real_type cos_t, real_type phi)
{
    real_type const sin_t = std::sqrt((1 - cos_t) * (1 + cos_t));
    return {e, p * sin_t * std::cos(phi), p * sin_t * std::sin(phi), p * cos_t};
}

//! p at rest in the frame of `frame` (a time-like momentum), boosted to the frame `frame` is given in.
inline FourVector from_rest_frame_of(FourVector const& frame, FourVector const& p)
{
    return boost(p, frame.px / frame.e, frame.py / frame.e, frame.pz / frame.e);
}

//! Two-body decay of `parent` into masses m1, m2, direction (cos_t, phi) of the first in the parent's
//! rest frame.
inline std::pair<FourVector, FourVector>
two_body(FourVector const& parent, real_type m1, real_type m2, real_type cos_t, real_type phi)
{
    real_type const m = mass(parent);
    real_type const e1 = (m * m + m1 * m1 - m2 * m2) / (2 * m);
    real_type const p = std::sqrt(std::max(real_type(0), (e1 - m1) * (e1 + m1)));
    FourVector const a = along(e1, p, cos_t, phi);
    FourVector const b{m - e1, -a.px, -a.py, -a.pz};
    return {from_rest_frame_of(parent, a), from_rest_frame_of(parent, b)};
}

/*!
 * Three massless momenta summing to (sqrt_s, 0, 0, 0), built sequentially so that they are massless
 * and conserve momentum to rounding (a few eps E): photon k3 with energy in [0.002, 0.45] sqrt_s in
 * a random direction, and a back-to-back pair in the rest frame of the recoiling system (boosted with
 * gamma < 1.8); the slot of k3 is random. (Not a flat phase space: the tests need points, and a
 * conformal RAMBO boost would cost the photons' masslessness digits the 1e-13 comparisons resolve.)
 */
inline Event three_massless(real_type sqrt_s, std::mt19937_64& rng)
{
    std::uniform_real_distribution<real_type> flat(0, 1);
    real_type const w3 = sqrt_s * (0.002 + 0.448 * flat(rng));
    FourVector const k3 = along(w3, w3, 2 * flat(rng) - 1, 2 * pi * flat(rng));
    FourVector const pair{sqrt_s - k3.e, -k3.px, -k3.py, -k3.pz};
    real_type const m = std::sqrt(sqrt_s * (sqrt_s - 2 * w3));
    real_type const e_star = m / 2;
    FourVector const k1_star = along(e_star, e_star, 2 * flat(rng) - 1, 2 * pi * flat(rng));
    FourVector const k2_star{e_star, -k1_star.px, -k1_star.py, -k1_star.pz};
    real_type const inv = 1 / pair.e;
    Event k = {boost(k1_star, pair.px * inv, pair.py * inv, pair.pz * inv),
               boost(k2_star, pair.px * inv, pair.py * inv, pair.pz * inv), k3};
    std::shuffle(k.begin(), k.end(), rng);
    return k;
}

//! Two massless momenta back to back in a random direction, summing to (sqrt_s, 0, 0, 0).
inline Event two_massless(real_type sqrt_s, std::mt19937_64& rng)
{
    std::uniform_real_distribution<real_type> flat(0, 1);
    FourVector const k = along(sqrt_s / 2, sqrt_s / 2, 2 * flat(rng) - 1, 2 * pi * flat(rng));
    return {k, FourVector{k.e, -k.px, -k.py, -k.pz}};
}

inline Event concat(Event a, Event const& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

inline Event boosted(Event ev, real_type bx, real_type by, real_type bz)
{
    for (auto& p : ev)
        p = boost(p, bx, by, bz);
    return ev;
}

//! Outgoing photon wavefunctions of both helicities: [slot 0 = -1, slot 1 = +1].
inline std::array<ComplexFourVector, 2> outgoing_photon_states(FourVector const& k)
{
    return {outgoing_polarization_vector(k, -1), outgoing_polarization_vector(k, +1)};
}

//! Gauss-Legendre nodes and weights on [-1, 1] (Newton iteration on P_n).
struct GaussLegendre
{
    std::vector<real_type> x, w;
};
inline GaussLegendre gauss_legendre(int n)
{
    GaussLegendre r;
    r.x.resize(n);
    r.w.resize(n);
    for (int i = 0; i < n; ++i)
    {
        real_type z = std::cos(pi * (i + 0.75) / (n + 0.5));
        real_type dp = 0;
        for (int it = 0; it < 100; ++it)
        {
            real_type p0 = 1, p1 = z;
            for (int k = 2; k <= n; ++k)
            {
                real_type const pk = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                p0 = p1;
                p1 = pk;
            }
            dp = n * (z * p1 - p0) / (z * z - 1);
            real_type const dz = p1 / dp;
            z -= dz;
            if (std::fabs(dz) < 1e-16)
                break;
        }
        r.x[i] = z;
        r.w[i] = 2 / ((1 - z * z) * dp * dp);
    }
    return r;
}
}  // namespace fathom::test
