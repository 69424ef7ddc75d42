// Volume of massless n-body phase space.
#pragma once

#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"

namespace fathom
{
//---------------------------------------------------------------------------//
/*!
 * Massless n-body phase-space volume at squared CM energy \p s, n >= 2.
 *
 * Normalisation (used by all of fathom/phasespace):
 *   dPhi_n = (2 pi)^4 delta^4(P - sum p_i) prod_i d^3p_i / ((2 pi)^3 2 E_i),
 * whose massless integral is
 *   Phi_n = (2 pi)^(4 - 3n) (pi/2)^(n-1) s^(n-2) / ((n-1)! (n-2)!)
 * (Kleiss, Stirling, Ellis, Comput. Phys. Commun. 40 (1986) 359, eq. 2.5,
 * times (2 pi)^(4-3n) for the factors of 2 pi above); Phi_2 = 1/(8 pi).
 */
FATHOM_FUNCTION inline real_type massless_volume(size_type n, real_type s)
{
    constexpr real_type pi = 3.14159265358979323846;
    constexpr real_type two_pi = 2 * pi;
    // (2 pi)^(4-3n) = (2 pi)^4 / ((2 pi)^3)^n
    real_type result = two_pi * two_pi * two_pi * two_pi;
    for (size_type i = 0; i < n; ++i)
        result /= two_pi * two_pi * two_pi;
    for (size_type i = 1; i < n; ++i)
        result *= pi / 2 / i;  // (pi/2)^(n-1) / (n-1)!
    for (size_type i = 2; i < n; ++i)
        result *= s / (i - 1);  // s^(n-2) / (n-2)!
    return result;
}
}  // namespace fathom
