// Coupling of a vector boson to a fermion line, split by chirality.
//
// A vertex with this coupling is the Feynman rule  -i gamma^mu (left P_L + right P_R),
// from the interaction Lagrangian  L = - psibar gamma^mu (left P_L + right P_R) psi V_mu.
// Vector/axial form: gamma^mu (g_V - g_A gamma^5) has left = g_V + g_A, right = g_V - g_A.
// Real: the fixed-width scheme of the reference data has real couplings.
#pragma once

#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"

namespace fathom
{
struct ChiralCoupling
{
    real_type left{0};   //!< multiplies gamma^mu P_L
    real_type right{0};  //!< multiplies gamma^mu P_R
};

//! Pure vector coupling gamma^mu g (photon).
FATHOM_FORCEINLINE_FUNCTION constexpr ChiralCoupling vector_coupling(real_type g)
{
    return {g, g};
}

//! gamma^mu (g_V - g_A gamma^5).
FATHOM_FORCEINLINE_FUNCTION constexpr ChiralCoupling vector_axial_coupling(real_type g_v, real_type g_a)
{
    return {g_v + g_a, g_v - g_a};
}
}  // namespace fathom
