// Complex four-vectors in light-cone components, and fermion currents built directly in them.
//
// A vector a is held as (a^0 + a^3, a^0 - a^3, a^1 + i a^2, a^1 - i a^2): exactly the
// combinations every slash needs (DiracAlgebra.hh, detail::BasicSlashComponents, reused here as
// the light-cone vector type). In the chiral representation the vector bilinears are then single
// products of spinor components, without additions:
//   psibar gamma^mu P_L psi':  (+, -, perp, perpc) = 2 (b3 s1, b2 s0, -b2 s1, -b3 s0)
//   psibar gamma^mu P_R psi':  (+, -, perp, perpc) = 2 (b0 s2, b1 s3, b0 s3, b1 s2)
// (b = psibar, s = psi' components), which costs a third less than the Cartesian form
// (left_vector_bilinear, right_vector_bilinear) and keeps components along the beam axis, e.g.
// a^0 - a^3 of a current nearly parallel to +z, to full relative precision instead of forming
// them as differences of large Cartesian components. Minkowski product:
//   a.b = (a+ b- + a- b+ - aperp bperpc - aperpc bperp) / 2.
// Templates on the real type T.
#pragma once

#include "fathom/base/Complex.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"

#include "ComplexFourVector.hh"
#include "DiracAlgebra.hh"
#include "Spinor.hh"

namespace fathom
{
//! Light-cone components (a0 + a3, a0 - a3, a1 + i a2, a1 - i a2) of a complex four-vector.
template<class T = real_type>
using BasicLightConeVector = detail::BasicSlashComponents<T>;
using LightConeVector = BasicLightConeVector<real_type>;

//! Light-cone components of a complex / real four-vector.
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicLightConeVector<T> light_cone(BasicComplexFourVector<T> const& a)
{
    return detail::slash_components(a);
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicLightConeVector<T> light_cone(BasicFourVector<T> const& p)
{
    return detail::slash_components<T>(p);
}

//! Back to Cartesian components (a0, a1, a2, a3).
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplexFourVector<T> cartesian(BasicLightConeVector<T> const& a)
{
    T const half = T(0.5);
    return {{(a.plus + a.minus) * half, (a.perp + a.perpc) * half, times_minus_i(a.perp - a.perpc) * half,
             (a.plus - a.minus) * half}};
}

template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicLightConeVector<T>
operator+(BasicLightConeVector<T> const& a, BasicLightConeVector<T> const& b)
{
    return {a.plus + b.plus, a.minus + b.minus, a.perp + b.perp, a.perpc + b.perpc};
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicLightConeVector<T>& operator+=(BasicLightConeVector<T>& a,
                                                                          BasicLightConeVector<T> const& b)
{
    a.plus += b.plus;
    a.minus += b.minus;
    a.perp += b.perp;
    a.perpc += b.perpc;
    return a;
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicLightConeVector<T> operator*(BasicComplex<T> const& z,
                                                                        BasicLightConeVector<T> const& a)
{
    return {z * a.plus, z * a.minus, z * a.perp, z * a.perpc};
}
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicLightConeVector<T> operator*(std::type_identity_t<T> x,
                                                                        BasicLightConeVector<T> const& a)
{
    return {x * a.plus, x * a.minus, x * a.perp, x * a.perpc};
}
//! a - z b
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicLightConeVector<T>
minus_scaled(BasicLightConeVector<T> const& a, BasicComplex<T> const& z, BasicLightConeVector<T> const& b)
{
    return {a.plus - z * b.plus, a.minus - z * b.minus, a.perp - z * b.perp, a.perpc - z * b.perpc};
}

//! Minkowski product a.b.
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicComplex<T> light_cone_dot(BasicLightConeVector<T> const& a,
                                                                     BasicLightConeVector<T> const& b)
{
    return (a.plus * b.minus + a.minus * b.plus - a.perp * b.perpc - a.perpc * b.perp) * T(0.5);
}

//! Sum of |component|^2 of the Cartesian components, sum_mu |a^mu|^2 (a Euclidean size).
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr T euclidean_norm2(BasicLightConeVector<T> const& a)
{
    // |a0|^2 + |a3|^2 = (|a+|^2 + |a-|^2) / 2, |a1|^2 + |a2|^2 = (|aperp|^2 + |aperpc|^2) / 2
    return (norm2(a.plus) + norm2(a.minus) + norm2(a.perp) + norm2(a.perpc)) * T(0.5);
}

//! psibar gamma^mu P_L psi' in light-cone components.
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicLightConeVector<T> light_cone_left_current(BasicBarSpinor<T> const& b,
                                                                                      BasicSpinor<T> const& s)
{
    BasicComplex<T> const p = b.c[3] * s.c[1];
    BasicComplex<T> const m = b.c[2] * s.c[0];
    BasicComplex<T> const t = b.c[2] * s.c[1];
    BasicComplex<T> const u = b.c[3] * s.c[0];
    return {p + p, m + m, -(t + t), -(u + u)};
}
//! psibar gamma^mu P_R psi' in light-cone components.
template<class T>
FATHOM_FORCEINLINE_FUNCTION constexpr BasicLightConeVector<T> light_cone_right_current(BasicBarSpinor<T> const& b,
                                                                                       BasicSpinor<T> const& s)
{
    BasicComplex<T> const p = b.c[0] * s.c[2];
    BasicComplex<T> const m = b.c[1] * s.c[3];
    BasicComplex<T> const t = b.c[0] * s.c[3];
    BasicComplex<T> const u = b.c[1] * s.c[2];
    return {p + p, m + m, t + t, u + u};
}
}  // namespace fathom
