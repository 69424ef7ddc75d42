// Small geometry shared by the importance-sampling channels: unit-cube angles, transverse axes
// about a direction, and boosts into and out of a rest frame that keep the result on shell.
#pragma once

#include <cmath>

#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"

namespace fathom::channel_geometry
{
inline constexpr real_type pi = 3.14159265358979323846;

//! u clamped into [0, 1] (inverse maps, against rounding).
FATHOM_FORCEINLINE_FUNCTION real_type clamp01(real_type u)
{
    return u < 0 ? real_type(0) : (u > 1 ? real_type(1) : u);
}

//! Azimuth / 2 pi in [0, 1) of the transverse components (a, b).
FATHOM_FORCEINLINE_FUNCTION real_type unit_azimuth(real_type a, real_type b)
{
    real_type ph = std::atan2(b, a) / (2 * pi);
    return ph < 0 ? ph + 1 : ph;
}

//! cos theta = 2 u - 1 and sin theta = 2 (u (1 - u))^1/2, exact near both poles.
FATHOM_FORCEINLINE_FUNCTION void cos_sin(real_type u, real_type& c, real_type& st)
{
    c = 2 * u - 1;
    st = 2 * std::sqrt(u * (1 - u));
}

//! Transverse axes (b1, b2) about a unit vector n, so that (b1, b2, n) is right-handed.
struct TransverseBasis
{
    real_type b1[3], b2[3];
};

/*!
 * Transverse axes about the unit vector n, continuous except across n_z = 0's sign choice:
 * T. Duff et al., "Building an Orthonormal Basis, Revisited", J. Computer Graphics Techniques
 * 6 (2017) 1, listing 3.
 */
FATHOM_FORCEINLINE_FUNCTION TransverseBasis transverse_basis(real_type const* n)
{
    TransverseBasis b;
    real_type const sg = n[2] >= 0 ? real_type(1) : real_type(-1);
    real_type const a = -1 / (sg + n[2]);
    real_type const c = n[0] * n[1] * a;
    b.b1[0] = 1 + sg * n[0] * n[0] * a;
    b.b1[1] = sg * c;
    b.b1[2] = -sg * n[0];
    b.b2[0] = c;
    b.b2[1] = sg + n[1] * n[1] * a;
    b.b2[2] = -n[1];
    return b;
}

/*!
 * p (given in the rest frame of q, mass mq) in the frame of q: the momentum
 * p = p* + q (E* + E) / (q0 + mq), E = (q0 E* + q.p*) / mq, then E = sqrt(m2 + p^2), which
 * keeps p on shell where q0 E* and q.p* cancel (p at rest in the frame of q).
 */
FATHOM_FORCEINLINE_FUNCTION FourVector boost_from_rest(FourVector const& r, FourVector const& q, real_type mq,
                                                       real_type m2)
{
    real_type const e = (q.e * r.e + q.px * r.px + q.py * r.py + q.pz * r.pz) / mq;
    real_type const c = (r.e + e) / (q.e + mq);
    FourVector v{0, r.px + c * q.px, r.py + c * q.py, r.pz + c * q.pz};
    v.e = std::sqrt(m2 + p2(v));
    return v;
}

//! The inverse, with the rest-frame energy e_rest known: p* = p - q (E* + E) / (q0 + mq).
FATHOM_FORCEINLINE_FUNCTION FourVector boost_to_rest(FourVector const& p, real_type e_rest, FourVector const& q,
                                                     real_type mq)
{
    real_type const c = (e_rest + p.e) / (q.e + mq);
    return {e_rest, p.px - c * q.px, p.py - c * q.py, p.pz - c * q.pz};
}
}  // namespace fathom::channel_geometry
