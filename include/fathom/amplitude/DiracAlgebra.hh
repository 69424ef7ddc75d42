// Gamma matrices acting on spinors, written out in the chiral representation of Spinor.hh.
//
// With a^mu contravariant, aslash = gamma^mu a_mu = [[0, a.sigma], [a.sigmabar, 0]] where
//   a.sigma    = a^0 - sigma.a = [[a0 - a3, -(a1 - i a2)], [-(a1 + i a2), a0 + a3]]
//   a.sigmabar = a^0 + sigma.a = [[a0 + a3,   a1 - i a2 ], [  a1 + i a2 , a0 - a3]]
// ("a1 - i a2" is complex arithmetic on complex components, not a conjugate).
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
struct SlashComponents
{
    Complex plus;    //!< a0 + a3
    Complex minus;   //!< a0 - a3
    Complex perp;    //!< a1 + i a2
    Complex perpc;   //!< a1 - i a2
};

FATHOM_FORCEINLINE_FUNCTION constexpr SlashComponents slash_components(ComplexFourVector const& a)
{
    return {a.c[0] + a.c[3], a.c[0] - a.c[3], a.c[1] + times_i(a.c[2]), a.c[1] - times_i(a.c[2])};
}
FATHOM_FORCEINLINE_FUNCTION constexpr SlashComponents slash_components(FourVector const& p)
{
    return {{p.e + p.pz, 0}, {p.e - p.pz, 0}, {p.px, p.py}, {p.px, -p.py}};
}

FATHOM_FORCEINLINE_FUNCTION constexpr Spinor slash_times(SlashComponents const& a, Spinor const& s)
{
    return {{a.minus * s.c[2] - a.perpc * s.c[3],
             a.plus * s.c[3] - a.perp * s.c[2],
             a.plus * s.c[0] + a.perpc * s.c[1],
             a.perp * s.c[0] + a.minus * s.c[1]}};
}
FATHOM_FORCEINLINE_FUNCTION constexpr BarSpinor times_slash(BarSpinor const& b, SlashComponents const& a)
{
    return {{b.c[2] * a.plus + b.c[3] * a.perp,
             b.c[2] * a.perpc + b.c[3] * a.minus,
             b.c[0] * a.minus - b.c[1] * a.perp,
             b.c[1] * a.plus - b.c[0] * a.perpc}};
}
}  // namespace detail

//! aslash psi
FATHOM_FORCEINLINE_FUNCTION constexpr Spinor slash(ComplexFourVector const& a, Spinor const& s)
{
    return detail::slash_times(detail::slash_components(a), s);
}
FATHOM_FORCEINLINE_FUNCTION constexpr Spinor slash(FourVector const& p, Spinor const& s)
{
    return detail::slash_times(detail::slash_components(p), s);
}
//! psibar aslash
FATHOM_FORCEINLINE_FUNCTION constexpr BarSpinor slash(BarSpinor const& b, ComplexFourVector const& a)
{
    return detail::times_slash(b, detail::slash_components(a));
}
FATHOM_FORCEINLINE_FUNCTION constexpr BarSpinor slash(BarSpinor const& b, FourVector const& p)
{
    return detail::times_slash(b, detail::slash_components(p));
}

//! gamma^5 psi
FATHOM_FORCEINLINE_FUNCTION constexpr Spinor gamma5(Spinor const& s)
{
    return {{-s.c[0], -s.c[1], s.c[2], s.c[3]}};
}
//! psibar gamma^5
FATHOM_FORCEINLINE_FUNCTION constexpr BarSpinor gamma5(BarSpinor const& b)
{
    return {{-b.c[0], -b.c[1], b.c[2], b.c[3]}};
}

//! (left P_L + right P_R) psi
FATHOM_FORCEINLINE_FUNCTION constexpr Spinor chiral_weight(ChiralCoupling const& g, Spinor const& s)
{
    return {{g.left * s.c[0], g.left * s.c[1], g.right * s.c[2], g.right * s.c[3]}};
}
//! psibar (left P_L + right P_R): the projector acts to the left on the row.
FATHOM_FORCEINLINE_FUNCTION constexpr BarSpinor chiral_weight(BarSpinor const& b, ChiralCoupling const& g)
{
    return {{g.left * b.c[0], g.left * b.c[1], g.right * b.c[2], g.right * b.c[3]}};
}

//! psibar gamma^mu P_L psi' = chibar_R sigmabar^mu psi'_L (upper index mu).
FATHOM_FORCEINLINE_FUNCTION constexpr ComplexFourVector
left_vector_bilinear(BarSpinor const& b, Spinor const& s)
{
    return {{b.c[2] * s.c[0] + b.c[3] * s.c[1],
             -(b.c[2] * s.c[1] + b.c[3] * s.c[0]),
             times_i(b.c[2] * s.c[1] - b.c[3] * s.c[0]),
             b.c[3] * s.c[1] - b.c[2] * s.c[0]}};
}
//! psibar gamma^mu P_R psi' = chibar_L sigma^mu psi'_R (upper index mu).
FATHOM_FORCEINLINE_FUNCTION constexpr ComplexFourVector
right_vector_bilinear(BarSpinor const& b, Spinor const& s)
{
    return {{b.c[0] * s.c[2] + b.c[1] * s.c[3],
             b.c[0] * s.c[3] + b.c[1] * s.c[2],
             times_i(b.c[1] * s.c[2] - b.c[0] * s.c[3]),
             b.c[0] * s.c[2] - b.c[1] * s.c[3]}};
}
//! psibar gamma^mu (left P_L + right P_R) psi' (upper index mu).
FATHOM_FORCEINLINE_FUNCTION constexpr ComplexFourVector
vector_bilinear(BarSpinor const& b, Spinor const& s, ChiralCoupling const& g)
{
    return g.left * left_vector_bilinear(b, s) + g.right * right_vector_bilinear(b, s);
}
}  // namespace fathom
