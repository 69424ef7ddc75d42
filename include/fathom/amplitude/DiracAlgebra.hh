// Gamma matrices acting on spinors, written out in the chiral representation of Spinor.hh.
//
// With a^mu contravariant, aslash = gamma^mu a_mu = [[0, a.sigma], [a.sigmabar, 0]] where
//   a.sigma    = a^0 - sigma.a = [[a0 - a3, -(a1 - i a2)], [-(a1 + i a2), a0 + a3]]
//   a.sigmabar = a^0 + sigma.a = [[a0 + a3,   a1 - i a2 ], [  a1 + i a2 , a0 - a3]]
// ("a1 - i a2" is complex arithmetic on complex components, not a conjugate).
// Templates on the real type T (see Complex.hh).
#pragma once

#include "fathom/base/Complex.hh"
#include "fathom/base/Macros.hh"
#include "fathom/kinematics/FourVector.hh"

#include "ChiralCoupling.hh"
#include "ComplexFourVector.hh"
#include "Spinor.hh"

namespace fathom
{
namespace detail
{
//! The light-cone combinations a0 +- a3, a1 +- i a2 that every slash needs.
template<class T = real_type>
struct BasicSlashComponents
{
    BasicComplex<T> plus;    //!< a0 + a3
    BasicComplex<T> minus;   //!< a0 - a3
    BasicComplex<T> perp;    //!< a1 + i a2
    BasicComplex<T> perpc;   //!< a1 - i a2
};
using SlashComponents = BasicSlashComponents<real_type>;

template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicSlashComponents<T> slash_components(BasicComplexFourVector<T> const& a)
{
    return {a.c[0] + a.c[3], a.c[0] - a.c[3], a.c[1] + times_i(a.c[2]), a.c[1] - times_i(a.c[2])};
}
template<class T = real_type>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicSlashComponents<T> slash_components(FourVectorArg<T> const& p)
{
    return {{p.e + p.pz, 0}, {p.e - p.pz, 0}, {p.px, p.py}, {p.px, -p.py}};
}

template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicSpinor<T> slash_times(BasicSlashComponents<T> const& a,
                                                                 BasicSpinor<T> const& s)
{
    return {{a.minus * s.c[2] - a.perpc * s.c[3],
             a.plus * s.c[3] - a.perp * s.c[2],
             a.plus * s.c[0] + a.perpc * s.c[1],
             a.perp * s.c[0] + a.minus * s.c[1]}};
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicBarSpinor<T> times_slash(BasicBarSpinor<T> const& b,
                                                                    BasicSlashComponents<T> const& a)
{
    return {{b.c[2] * a.plus + b.c[3] * a.perp,
             b.c[2] * a.perpc + b.c[3] * a.minus,
             b.c[0] * a.minus - b.c[1] * a.perp,
             b.c[1] * a.plus - b.c[0] * a.perpc}};
}
}  // namespace detail

//! aslash psi
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicSpinor<T> slash(BasicComplexFourVector<T> const& a, BasicSpinor<T> const& s)
{
    return detail::slash_times(detail::slash_components(a), s);
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicSpinor<T> slash(FourVectorArg<T> const& p, BasicSpinor<T> const& s)
{
    return detail::slash_times(detail::slash_components<T>(p), s);
}
//! psibar aslash
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicBarSpinor<T> slash(BasicBarSpinor<T> const& b,
                                                             BasicComplexFourVector<T> const& a)
{
    return detail::times_slash(b, detail::slash_components(a));
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicBarSpinor<T> slash(BasicBarSpinor<T> const& b, FourVectorArg<T> const& p)
{
    return detail::times_slash(b, detail::slash_components<T>(p));
}

//! gamma^5 psi
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicSpinor<T> gamma5(BasicSpinor<T> const& s)
{
    return {{-s.c[0], -s.c[1], s.c[2], s.c[3]}};
}
//! psibar gamma^5
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicBarSpinor<T> gamma5(BasicBarSpinor<T> const& b)
{
    return {{-b.c[0], -b.c[1], b.c[2], b.c[3]}};
}

//! (left P_L + right P_R) psi
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicSpinor<T> chiral_weight(BasicChiralCoupling<T> const& g,
                                                                   BasicSpinor<T> const& s)
{
    return {{g.left * s.c[0], g.left * s.c[1], g.right * s.c[2], g.right * s.c[3]}};
}
//! psibar (left P_L + right P_R): the projector acts to the left on the row.
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicBarSpinor<T> chiral_weight(BasicBarSpinor<T> const& b,
                                                                      BasicChiralCoupling<T> const& g)
{
    return {{g.left * b.c[0], g.left * b.c[1], g.right * b.c[2], g.right * b.c[3]}};
}

//! psibar gamma^mu P_L psi' = chibar_R sigmabar^mu psi'_L (upper index mu).
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplexFourVector<T>
left_vector_bilinear(BasicBarSpinor<T> const& b, BasicSpinor<T> const& s)
{
    return {{b.c[2] * s.c[0] + b.c[3] * s.c[1],
             -(b.c[2] * s.c[1] + b.c[3] * s.c[0]),
             times_i(b.c[2] * s.c[1] - b.c[3] * s.c[0]),
             b.c[3] * s.c[1] - b.c[2] * s.c[0]}};
}
//! psibar gamma^mu P_R psi' = chibar_L sigma^mu psi'_R (upper index mu).
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplexFourVector<T>
right_vector_bilinear(BasicBarSpinor<T> const& b, BasicSpinor<T> const& s)
{
    return {{b.c[0] * s.c[2] + b.c[1] * s.c[3],
             b.c[0] * s.c[3] + b.c[1] * s.c[2],
             times_i(b.c[1] * s.c[2] - b.c[0] * s.c[3]),
             b.c[0] * s.c[2] - b.c[1] * s.c[3]}};
}
//! psibar gamma^mu (left P_L + right P_R) psi' (upper index mu).
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplexFourVector<T>
vector_bilinear(BasicBarSpinor<T> const& b, BasicSpinor<T> const& s, BasicChiralCoupling<T> const& g)
{
    return g.left * left_vector_bilinear(b, s) + g.right * right_vector_bilinear(b, s);
}
}  // namespace fathom
