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
#pragma once

#include <cmath>

#include "fathom/base/Complex.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"

#include "Spinor.hh"

namespace fathom
{
//! Two-component helicity eigenstate chi_lambda(p_hat) (a Weyl spinor).
struct HelicityTwoSpinor
{
    Complex up;
    Complex down;
};

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
struct DiracHelicityBasis
{
    HelicityTwoSpinor chi_plus;   //!< chi_{+1}(p)
    HelicityTwoSpinor chi_minus;  //!< chi_{-1}(p)
    real_type large{0};           //!< sqrt(E + |p|)
    real_type small{0};           //!< sqrt(E - |p|) = m / sqrt(E + |p|), exactly 0 for m = 0

    FATHOM_FORCEINLINE_FUNCTION HelicityTwoSpinor const& chi(int helicity) const
    {
        return helicity > 0 ? chi_plus : chi_minus;
    }
};

//! Helicity basis of a particle of mass `mass` with momentum p.
FATHOM_FUNCTION inline DiracHelicityBasis dirac_helicity_basis(FourVector const& p, real_type mass)
{
    DiracHelicityBasis b;
    real_type const pt2 = p.px * p.px + p.py * p.py;
    real_type const pmag = std::sqrt(pt2 + p.pz * p.pz);
    real_type const plus = p.pz >= 0 ? pmag + p.pz : pt2 / (pmag - p.pz);  // |p| + pz; 0 at rest
    if (pmag == 0)
    {
        b.chi_plus = {{1, 0}, {0, 0}};
        b.chi_minus = {{0, 0}, {1, 0}};
    }
    else if (plus == 0)
    {
        b.chi_plus = {{0, 0}, {1, 0}};
        b.chi_minus = {{-1, 0}, {0, 0}};
    }
    else
    {
        real_type const inv_norm = 1 / std::sqrt(2 * pmag * plus);
        real_type const a = plus * inv_norm;
        real_type const x = p.px * inv_norm;
        real_type const y = p.py * inv_norm;
        b.chi_plus = {{a, 0}, {x, y}};
        b.chi_minus = {{-x, y}, {a, 0}};
    }
    b.large = std::sqrt(p.e + pmag);
    b.small = (mass == 0 || b.large == 0) ? real_type(0) : mass / b.large;
    return b;
}

namespace detail
{
FATHOM_FORCEINLINE_FUNCTION Spinor
stack(real_type upper_weight, real_type lower_weight, HelicityTwoSpinor const& chi)
{
    return {{upper_weight * chi.up, upper_weight * chi.down, lower_weight * chi.up, lower_weight * chi.down}};
}
}  // namespace detail

//! u(p, lambda) from a precomputed basis.
FATHOM_FORCEINLINE_FUNCTION Spinor u_spinor(DiracHelicityBasis const& b, int helicity)
{
    return helicity > 0 ? detail::stack(b.small, b.large, b.chi_plus)
                        : detail::stack(b.large, b.small, b.chi_minus);
}
//! v(p, lambda) from a precomputed basis (built on chi_{-lambda}).
FATHOM_FORCEINLINE_FUNCTION Spinor v_spinor(DiracHelicityBasis const& b, int helicity)
{
    return helicity > 0 ? detail::stack(-b.large, b.small, b.chi_minus)
                        : detail::stack(b.small, -b.large, b.chi_plus);
}

//! u(p, lambda): incoming fermion (e.g. the e- beam).
FATHOM_FUNCTION inline Spinor u_spinor(FourVector const& p, real_type mass, int helicity)
{
    return u_spinor(dirac_helicity_basis(p, mass), helicity);
}
//! v(p, lambda): outgoing antifermion (e.g. the final e+).
FATHOM_FUNCTION inline Spinor v_spinor(FourVector const& p, real_type mass, int helicity)
{
    return v_spinor(dirac_helicity_basis(p, mass), helicity);
}

//! u(p, lambda): an incoming fermion enters the fermion line as a column spinor.
FATHOM_FORCEINLINE_FUNCTION Spinor incoming_fermion(DiracHelicityBasis const& b, int helicity)
{
    return u_spinor(b, helicity);
}
//! ubar(p, lambda): an outgoing fermion leaves the line as a row spinor.
FATHOM_FORCEINLINE_FUNCTION BarSpinor outgoing_fermion(DiracHelicityBasis const& b, int helicity)
{
    return dirac_adjoint(u_spinor(b, helicity));
}
//! vbar(p, lambda): an incoming antifermion (e.g. the e+ beam) is a row spinor.
FATHOM_FORCEINLINE_FUNCTION BarSpinor incoming_antifermion(DiracHelicityBasis const& b, int helicity)
{
    return dirac_adjoint(v_spinor(b, helicity));
}
//! v(p, lambda): an outgoing antifermion is a column spinor.
FATHOM_FORCEINLINE_FUNCTION Spinor outgoing_antifermion(DiracHelicityBasis const& b, int helicity)
{
    return v_spinor(b, helicity);
}

FATHOM_FUNCTION inline Spinor incoming_fermion(FourVector const& p, real_type mass, int helicity)
{
    return u_spinor(p, mass, helicity);
}
FATHOM_FUNCTION inline BarSpinor outgoing_fermion(FourVector const& p, real_type mass, int helicity)
{
    return dirac_adjoint(u_spinor(p, mass, helicity));
}
FATHOM_FUNCTION inline BarSpinor incoming_antifermion(FourVector const& p, real_type mass, int helicity)
{
    return dirac_adjoint(v_spinor(p, mass, helicity));
}
FATHOM_FUNCTION inline Spinor outgoing_antifermion(FourVector const& p, real_type mass, int helicity)
{
    return v_spinor(p, mass, helicity);
}
}  // namespace fathom

