// Lorentz products of on-shell momenta without catastrophic cancellation.
//
// p.q = E_p E_q - p.q(3) loses all its digits when p and q are nearly collinear: for an electron
// and a photon at angle theta both E_p E_q and |p||q| cos(theta) are ~E^2 while p.q ~
// E omega (theta^2 + m^2/E^2) / 2, so double precision keeps only ~1e-16 / (theta^2 + m^2/E^2)
// relative accuracy (1e-8 at theta ~ m/E ~ 1e-4). Propagator denominators near the collinear and
// small-|t| regions need them to full precision. For on-shell momenta (E^2 = |p|^2 + m^2):
//   p.q = [E_p E_q - |p||q|] + [|p||q| - p.q(3)]
//       = (m_p^2 |q|^2 + m_q^2 |p|^2 + m_p^2 m_q^2) / (E_p E_q + |p||q|) + |p x q|^2 / (|p||q| + p.q(3)),
// the second form of the angular bracket for p.q(3) > 0 (otherwise |p||q| - p.q(3) has no
// cancellation). Both brackets are then sums of non-negative terms. The cross product keeps full
// relative precision in the case that matters here, momenta close to the beam axis (its components
// are built from the small transverse components). The remaining error is ~1e-16 / theta relative
// for two vectors at a small angle theta away from the axes.
// For two momenta of the same mass, the excess p.q - m^2 (so that (p - q)^2 = -2 (p.q - m^2), the
// momentum transfer of a scattered lepton) follows from the same split:
//   E_p E_q - |p||q| - m^2 = m^2 (E_p - E_q)^2 / (E_p E_q + |p||q| - m^2).
// The energies are taken from the four-vectors, |p| from their 3-momenta: the formulas assume the
// momenta on shell to the precision of the inputs. Templates on the real type.
#pragma once

#include "fathom/base/Macros.hh"
#include "fathom/base/RealMath.hh"
#include "fathom/base/Types.hh"

#include "FourVector.hh"

namespace fathom
{
namespace detail
{
//! |p||q| - p.q(3) = |p||q| (1 - cos theta_pq), without cancellation.
template<class T>
FATHOM_FORCEINLINE_FUNCTION T angular_product(BasicFourVector<T> const& p, T p_abs, BasicFourVector<T> const& q, T q_abs)
{
    T const pq = p.px * q.px + p.py * q.py + p.pz * q.pz;
    T const norms = p_abs * q_abs;
    T const cx = p.py * q.pz - p.pz * q.py;
    T const cy = p.pz * q.px - p.px * q.pz;
    T const cz = p.px * q.py - p.py * q.px;
    // (both forms are evaluated: the choice is a lane select for SIMD packs, RealMath.hh)
    return real_select(pq > 0, T((cx * cx + cy * cy + cz * cz) / (norms + pq)), T(norms - pq));
}
}  // namespace detail

//! |p| (3-momentum magnitude).
template<class T>
FATHOM_FORCEINLINE_FUNCTION T momentum_magnitude(BasicFourVector<T> const& p)
{
    return real_sqrt(p2(p));
}

/*!
 * p.q for on-shell p (mass^2 mp2, |p| = p_abs) and q (mq2, q_abs), as a sum of non-negative terms.
 * Zero for two null vectors.
 */
template<class T>
FATHOM_FORCEINLINE_FUNCTION T invariant_product(
    BasicFourVector<T> const& p, T p_abs, T mp2, BasicFourVector<T> const& q, T q_abs, T mq2)
{
    T const norms = p_abs * q_abs;
    T const d = p.e * q.e + norms;
    T const mass_part = real_select(d > 0, T((mp2 * q_abs * q_abs + mq2 * p_abs * p_abs + mp2 * mq2) / d), T(0));
    return mass_part + detail::angular_product(p, p_abs, q, q_abs);
}

/*!
 * p.q - m^2 for on-shell p, q of the same mass (m2 = m^2): (p - q)^2 = -2 (p.q - m^2) and
 * (p + q)^2 = 4 m^2 + 2 (p.q - m^2), to full relative precision also for small angles.
 */
template<class T>
FATHOM_FORCEINLINE_FUNCTION T same_mass_product_excess(
    BasicFourVector<T> const& p, T p_abs, BasicFourVector<T> const& q, T q_abs, T m2)
{
    T const d = p.e * q.e + p_abs * q_abs - m2;
    T const de = p.e - q.e;
    T const mass_part = real_select((m2 > 0) && (d > 0), T(m2 * de * de / d), T(0));
    return mass_part + detail::angular_product(p, p_abs, q, q_abs);
}
}  // namespace fathom
