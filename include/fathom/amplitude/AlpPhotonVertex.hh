// The ALP-photon-photon vertex of  L = -(g/4) a F_{mu nu} Ftilde^{mu nu},
// Ftilde^{mu nu} = (1/2) eps^{mu nu rho sigma} F_{rho sigma}.
//
// Derivation. F_{mu nu} Ftilde^{mu nu} = (1/2) eps^{mu nu rho sigma} F_{mu nu} F_{rho sigma}
//   = 2 eps^{mu nu rho sigma} d_mu A_nu d_rho A_sigma,  so  L = -(g/2) a eps^{mu nu rho sigma} d_mu A_nu d_rho A_sigma.
// For photons with momenta k1, k2 flowing INTO the vertex (d -> -i k on each) and polarisation
// indices nu, sigma, the two ways of attaching them give equal terms (eps^{mu sigma rho nu} k2_mu k1_rho
// = eps^{mu nu rho sigma} k1_mu k2_rho), so the Feynman rule is
//   i (-(g/2)) 2 (-i)^2 eps^{mu nu rho sigma} k1_mu k2_rho = + i g eps^{mu nu rho sigma} k1_mu k2_rho,
// i.e. a vertex with photon wavefunctions v1, v2 is  i g eps(k1, v1, k2, v2)  (LeviCivita.hh,
// eps^{0123} = -1). Reversing both momenta (outgoing photons) leaves it unchanged; the ALP momentum
// is k1 + k2 by conservation and does not appear. The vertex is transverse: it vanishes for
// v1 = k1 or v2 = k2 (photon gauge invariance, exactly, by antisymmetry), and symmetric under
// (k1, v1) <-> (k2, v2) (Bose symmetry).
//
// Check (tests/alp): a -> gamma gamma with outgoing polarisations eps1*, eps2*, summed over helicities,
//   sum |g eps(k1, eps1*, k2, eps2*)|^2 = -2 g^2 [k1^2 k2^2 - (k1.k2)^2] = 2 g^2 (k1.k2)^2 = g^2 m^4 / 2,
// and Gamma = (1/2) (1/(2m)) (g^2 m^4/2) / (8 pi) = g^2 m^3 / (64 pi): the reference README's values.
//
// HELAS-style, as FermionVectorVertex.hh: one leg left open (amputated) to build an off-shell
// wavefunction, or all legs closed (the diagram's i M, before its Fermi sign). The scalar leg's
// wavefunction s is 1 for an external ALP, or an off-shell ALP (ScalarPropagator.hh).
#pragma once

#include "fathom/base/Complex.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"

#include "ComplexFourVector.hh"
#include "LeviCivita.hh"

namespace fathom
{
/*!
 * ALP leg open (amputated): i g eps(k1, v1, k2, v2) = -i g det[k1; k2; v1; v2], with k1, k2 the
 * momenta of the photon lines v1, v2 flowing into the vertex.
 */
FATHOM_FORCEINLINE_FUNCTION Complex alp_vertex_scalar(FourVector const& k1,
                                                      ComplexFourVector const& v1,
                                                      FourVector const& k2,
                                                      ComplexFourVector const& v2,
                                                      real_type coupling)
{
    return times_minus_i(coupling * levi_civita(k1, k2, v1, v2));
}

//! All legs closed: i g s eps(k1, v1, k2, v2), s the ALP wavefunction (1 if external).
FATHOM_FORCEINLINE_FUNCTION Complex alp_vertex_amplitude(Complex const& s,
                                                         FourVector const& k1,
                                                         ComplexFourVector const& v1,
                                                         FourVector const& k2,
                                                         ComplexFourVector const& v2,
                                                         real_type coupling)
{
    return s * alp_vertex_scalar(k1, v1, k2, v2, coupling);
}

/*!
 * Photon leg 2 open (amputated, upper index): J^sigma = i g s eps^{mu nu rho sigma} k1_mu v1_nu k2_rho,
 * so that dot(J, v2) = alp_vertex_amplitude(s, k1, v1, k2, v2). k2 is the open leg's momentum
 * flowing into the vertex. Apply PhotonPropagator (momentum k2 either way) for an off-shell photon.
 */
FATHOM_FORCEINLINE_FUNCTION ComplexFourVector alp_vertex_photon_current(Complex const& s,
                                                                        FourVector const& k1,
                                                                        ComplexFourVector const& v1,
                                                                        FourVector const& k2,
                                                                        real_type coupling)
{
    ComplexFourVector j = levi_civita_vector(k1, k2, v1);
    Complex const f = times_minus_i(coupling * s);
    for (int mu = 0; mu < 4; ++mu)
        j.c[mu] = f * j.c[mu];
    return j;
}

/*!
 * |M(a* -> gamma gamma)|^2 summed over the photon helicities, for an ALP of virtuality p2 = (k1 + k2)^2
 * and on-shell photons: 2 g^2 (k1.k2)^2 = g^2 p2^2 / 2 (no identical-particle factor).
 */
FATHOM_FORCEINLINE_FUNCTION constexpr real_type alp_diphoton_decay_me2(real_type p2, real_type coupling)
{
    return coupling * coupling * p2 * p2 / 2;
}
}  // namespace fathom
