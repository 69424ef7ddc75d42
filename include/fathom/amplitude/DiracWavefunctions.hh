// External fermion wavefunctions of definite helicity (massive or massless), chiral representation.
//
// With chi_lambda(p) the two-component helicity eigenstates, (sigma.p/|p|) chi_lambda = lambda chi_lambda,
// and helicity lambda = +1 / -1 (twice the helicity):
//   u(p, lambda) = (  sqrt(E - lambda|p|) chi_lambda        ;  sqrt(E + lambda|p|) chi_lambda )
//   v(p, lambda) = ( -lambda sqrt(E + lambda|p|) chi_-lambda ;  lambda sqrt(E - lambda|p|) chi_-lambda )
// (Peskin-Schroeder / HELAS conventions). They satisfy (pslash - m) u = 0, (pslash + m) v = 0,
// ubar u = 2m, vbar v = -2m, sum_lambda u ubar = pslash + m, sum_lambda v vbar = pslash - m.
// For m = 0 the helicity-flip half is exactly zero, so chirality selection rules hold exactly.
//
// sqrt(E - |p|) is formed as m / sqrt(E + |p|): E - |p| of a relativistic electron (~1e-8 GeV at
// 5 GeV) would lose half the digits to cancellation.
// Templates on the real type T (see Complex.hh). The functions of a momentum take T explicitly
// (default real_type): u_spinor<long double>(p, m, h); those of a basis deduce it.
#pragma once

#include <type_traits>

#include "fathom/base/Complex.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/RealMath.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"

#include "Spinor.hh"

namespace fathom
{
//! Two-component helicity eigenstate chi_lambda(p_hat) (a Weyl spinor).
template<class T = real_type>
struct BasicHelicityTwoSpinor
{
    BasicComplex<T> up;
    BasicComplex<T> down;
};
using HelicityTwoSpinor = BasicHelicityTwoSpinor<real_type>;

/*!
 * Everything the spinors u, v of both helicities of one momentum share: the two helicity
 * eigenstates and the weights sqrt(E +- |p|). Build it once per external leg and draw both
 * helicities from it (the square roots and divisions dominate the cost of a spinor).
 *
 * chi_+ = (|p| + pz, px + i py) / N,  chi_- = (-(px - i py), |p| + pz) / N,  N = sqrt(2|p|(|p| + pz)).
 * |p| + pz is formed as pt^2 / (|p| - pz) for pz < 0 so that momenta near -z (the e+ beam) keep
 * their phase and full precision. Exactly along -z: chi_+ = (0, 1), chi_- = (-1, 0) (the phi -> 0
 * limit); at rest the spin is quantised along +z.
 */
template<class T = real_type>
struct BasicDiracHelicityBasis
{
    BasicHelicityTwoSpinor<T> chi_plus;   //!< chi_{+1}(p)
    BasicHelicityTwoSpinor<T> chi_minus;  //!< chi_{-1}(p)
    T large{0};                           //!< sqrt(E + |p|)
    T small{0};                           //!< sqrt(E - |p|) = m / sqrt(E + |p|), exactly 0 for m = 0

    FATHOM_FORCEINLINE_FUNCTION BasicHelicityTwoSpinor<T> const& chi(int helicity) const
    {
        return helicity > 0 ? chi_plus : chi_minus;
    }
};
using DiracHelicityBasis = BasicDiracHelicityBasis<real_type>;

//! Helicity basis of a particle of mass `mass` with momentum p.
template<class T = real_type>
FATHOM_FUNCTION inline BasicDiracHelicityBasis<T>
dirac_helicity_basis(FourVectorArg<T> const& p, std::type_identity_t<T> mass)
{
    BasicDiracHelicityBasis<T> b;
    T const pt2 = p.px * p.px + p.py * p.py;
    T const pmag = real_sqrt(pt2 + p.pz * p.pz);
    T const plus = real_select(p.pz >= 0, T(pmag + p.pz), T(pt2 / (pmag - p.pz)));  // |p| + pz; 0 at rest
    // the general case, then the two special directions (lane selects for SIMD packs, RealMath.hh)
    T const inv_norm = 1 / real_sqrt(2 * pmag * plus);
    T const a = plus * inv_norm;
    T const x = p.px * inv_norm;
    T const y = p.py * inv_norm;
    auto const along_minus_z = plus == 0;
    auto const at_rest = pmag == 0;
    T const zero(0), one(1);
    b.chi_plus = {{real_select(at_rest, one, real_select(along_minus_z, zero, a)), zero},
                  {real_select(at_rest, zero, real_select(along_minus_z, one, x)),
                   real_select(at_rest || along_minus_z, zero, y)}};
    b.chi_minus = {{real_select(at_rest, zero, real_select(along_minus_z, T(-1), T(-x))),
                    real_select(at_rest || along_minus_z, zero, y)},
                   {real_select(at_rest, one, real_select(along_minus_z, zero, a)), zero}};
    b.large = real_sqrt(p.e + pmag);
    b.small = real_select((mass == 0) || (b.large == 0), zero, T(mass / b.large));
    return b;
}

namespace detail
{
template<class T>
FATHOM_FORCEINLINE_FUNCTION BasicSpinor<T>
stack(T upper_weight, T lower_weight, BasicHelicityTwoSpinor<T> const& chi)
{
    return {{upper_weight * chi.up, upper_weight * chi.down, lower_weight * chi.up, lower_weight * chi.down}};
}
}  // namespace detail

//! u(p, lambda) from a precomputed basis.
template<class T>
FATHOM_FORCEINLINE_FUNCTION BasicSpinor<T> u_spinor(BasicDiracHelicityBasis<T> const& b, int helicity)
{
    return helicity > 0 ? detail::stack(b.small, b.large, b.chi_plus)
                        : detail::stack(b.large, b.small, b.chi_minus);
}
//! v(p, lambda) from a precomputed basis (built on chi_{-lambda}).
template<class T>
FATHOM_FORCEINLINE_FUNCTION BasicSpinor<T> v_spinor(BasicDiracHelicityBasis<T> const& b, int helicity)
{
    return helicity > 0 ? detail::stack(-b.large, b.small, b.chi_minus)
                        : detail::stack(b.small, -b.large, b.chi_plus);
}

//! u(p, lambda): incoming fermion (e.g. the e- beam).
template<class T = real_type>
FATHOM_FUNCTION inline BasicSpinor<T> u_spinor(FourVectorArg<T> const& p, std::type_identity_t<T> mass, int helicity)
{
    return u_spinor(dirac_helicity_basis<T>(p, mass), helicity);
}
//! v(p, lambda): outgoing antifermion (e.g. the final e+).
template<class T = real_type>
FATHOM_FUNCTION inline BasicSpinor<T> v_spinor(FourVectorArg<T> const& p, std::type_identity_t<T> mass, int helicity)
{
    return v_spinor(dirac_helicity_basis<T>(p, mass), helicity);
}

//! u(p, lambda): an incoming fermion enters the fermion line as a column spinor.
template<class T>
FATHOM_FORCEINLINE_FUNCTION BasicSpinor<T> incoming_fermion(BasicDiracHelicityBasis<T> const& b, int helicity)
{
    return u_spinor(b, helicity);
}
//! ubar(p, lambda): an outgoing fermion leaves the line as a row spinor.
template<class T>
FATHOM_FORCEINLINE_FUNCTION BasicBarSpinor<T> outgoing_fermion(BasicDiracHelicityBasis<T> const& b, int helicity)
{
    return dirac_adjoint(u_spinor(b, helicity));
}
//! vbar(p, lambda): an incoming antifermion (e.g. the e+ beam) is a row spinor.
template<class T>
FATHOM_FORCEINLINE_FUNCTION BasicBarSpinor<T> incoming_antifermion(BasicDiracHelicityBasis<T> const& b, int helicity)
{
    return dirac_adjoint(v_spinor(b, helicity));
}
//! v(p, lambda): an outgoing antifermion is a column spinor.
template<class T>
FATHOM_FORCEINLINE_FUNCTION BasicSpinor<T> outgoing_antifermion(BasicDiracHelicityBasis<T> const& b, int helicity)
{
    return v_spinor(b, helicity);
}

template<class T = real_type>
FATHOM_FUNCTION inline BasicSpinor<T>
incoming_fermion(FourVectorArg<T> const& p, std::type_identity_t<T> mass, int helicity)
{
    return u_spinor<T>(p, mass, helicity);
}
template<class T = real_type>
FATHOM_FUNCTION inline BasicBarSpinor<T>
outgoing_fermion(FourVectorArg<T> const& p, std::type_identity_t<T> mass, int helicity)
{
    return dirac_adjoint(u_spinor<T>(p, mass, helicity));
}
template<class T = real_type>
FATHOM_FUNCTION inline BasicBarSpinor<T>
incoming_antifermion(FourVectorArg<T> const& p, std::type_identity_t<T> mass, int helicity)
{
    return dirac_adjoint(v_spinor<T>(p, mass, helicity));
}
template<class T = real_type>
FATHOM_FUNCTION inline BasicSpinor<T>
outgoing_antifermion(FourVectorArg<T> const& p, std::type_identity_t<T> mass, int helicity)
{
    return v_spinor<T>(p, mass, helicity);
}
}  // namespace fathom
