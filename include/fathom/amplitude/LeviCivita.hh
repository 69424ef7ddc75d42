// The Levi-Civita tensor contracted with four-vectors.
//
// Sign convention (Peskin & Schroeder, and the Dirac algebra of DiracAlgebra.hh):
//   eps^{0123} = -1,  eps_{0123} = +1,
//   tr(gamma^mu gamma^nu gamma^rho gamma^sigma gamma^5) = -4 i eps^{mu nu rho sigma}.
// With all four vectors contracted the invariant is then simply the determinant of their
// contravariant components (rows a, b, c, d):
//   eps(a, b, c, d) = eps^{mu nu rho sigma} a_mu b_nu c_rho d_sigma = eps_{mu nu rho sigma} a^mu b^nu c^rho d^sigma
//                   = det[a; b; c; d].
// (eps^{0123} enters with det(g) = -1 when the four lower-index vectors are raised.) |M|^2 of
// processes with an even number of epsilon tensors per amplitude product - every ALP amplitude in
// this library - does not depend on the convention; one epsilon per amplitude flips the amplitude's
// overall sign only.
//
// The contractions here take the first two vectors real (momenta) and the last two complex
// (polarisations or off-shell currents), the case of the ALP-photon-photon vertex: the six 2 x 2
// minors of the momenta are formed once and combined with those of the complex pair
// (Laplace expansion along the first two rows).
#pragma once

#include "fathom/base/Complex.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"

#include "ComplexFourVector.hh"

namespace fathom
{
namespace detail
{
//! The six minors m[mu nu] = a^mu b^nu - a^nu b^mu of two real vectors, mu < nu, in the order
//! 01, 02, 03, 12, 13, 23.
struct RealMinors
{
    real_type m01, m02, m03, m12, m13, m23;
};

FATHOM_FORCEINLINE_FUNCTION RealMinors real_minors(FourVector const& a, FourVector const& b)
{
    return {a.e * b.px - a.px * b.e,  a.e * b.py - a.py * b.e,   a.e * b.pz - a.pz * b.e,
            a.px * b.py - a.py * b.px, a.px * b.pz - a.pz * b.px, a.py * b.pz - a.pz * b.py};
}

/*!
 * Cofactor covector C_sigma of det[a; b; c; d] with respect to the row d: det = sum_sigma C_sigma d^sigma
 * (no metric), for real rows a, b (through their minors) and a complex row c.
 */
FATHOM_FORCEINLINE_FUNCTION ComplexFourVector cofactor_of_last_row(RealMinors const& m, ComplexFourVector const& c)
{
    return {{-m.m12 * c.c[3] + m.m13 * c.c[2] - m.m23 * c.c[1],
             m.m02 * c.c[3] - m.m03 * c.c[2] + m.m23 * c.c[0],
             -m.m01 * c.c[3] + m.m03 * c.c[1] - m.m13 * c.c[0],
             m.m01 * c.c[2] - m.m02 * c.c[1] + m.m12 * c.c[0]}};
}
}  // namespace detail

/*!
 * E^sigma = eps^{mu nu rho sigma} a_mu b_nu c_rho (contravariant components), so that
 * dot(levi_civita_vector(a, b, c), d) = levi_civita(a, b, c, d) for any d.
 */
FATHOM_FORCEINLINE_FUNCTION ComplexFourVector
levi_civita_vector(FourVector const& a, FourVector const& b, ComplexFourVector const& c)
{
    ComplexFourVector e = detail::cofactor_of_last_row(detail::real_minors(a, b), c);
    // dot() carries the metric: E^0 = C_0, E^k = -C_k
    for (int k = 1; k < 4; ++k)
        e.c[k] = -e.c[k];
    return e;
}

//! eps^{mu nu rho sigma} a_mu b_nu c_rho d_sigma = det[a; b; c; d] (eps^{0123} = -1).
FATHOM_FORCEINLINE_FUNCTION Complex
levi_civita(FourVector const& a, FourVector const& b, ComplexFourVector const& c, ComplexFourVector const& d)
{
    ComplexFourVector const cof = detail::cofactor_of_last_row(detail::real_minors(a, b), c);
    return cof.c[0] * d.c[0] + cof.c[1] * d.c[1] + cof.c[2] * d.c[2] + cof.c[3] * d.c[3];
}
}  // namespace fathom
