// Coupling of a vector boson to a fermion line, split by chirality.
//
// A vertex with this coupling is the Feynman rule  -i gamma^mu (left P_L + right P_R),
// from the interaction Lagrangian  L = - psibar gamma^mu (left P_L + right P_R) psi V_mu.
// Vector/axial form: gamma^mu (g_V - g_A gamma^5) has left = g_V + g_A, right = g_V - g_A.
// Real: the fixed-width scheme of the reference data has real couplings.
// A template on the real type (see Complex.hh); helpers whose arguments are all scalars take the
// real type as an explicit template argument (default real_type): vector_coupling<long double>(g).
#pragma once

#include <type_traits>

#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"

namespace fathom
{
template<class T = real_type>
struct BasicChiralCoupling
{
    using value_type = T;

    T left{0};   //!< multiplies gamma^mu P_L
    T right{0};  //!< multiplies gamma^mu P_R
};

using ChiralCoupling = BasicChiralCoupling<real_type>;

//! Pure vector coupling gamma^mu g (photon).
template<class T = real_type>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicChiralCoupling<T> vector_coupling(std::type_identity_t<T> g)
{
    return {g, g};
}

//! gamma^mu (g_V - g_A gamma^5).
template<class T = real_type>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicChiralCoupling<T>
vector_axial_coupling(std::type_identity_t<T> g_v, std::type_identity_t<T> g_a)
{
    return {g_v + g_a, g_v - g_a};
}
}  // namespace fathom
