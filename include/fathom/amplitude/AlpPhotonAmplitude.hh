// e+(p0) e-(p1) -> gamma(k) a(p_a): ALP production with a photon (alp_photon), ALP on shell.
//
// One diagram: the beams annihilate into an s-channel photon that turns into the ALP and the photon
// at the ALP-photon-photon vertex (AlpPhotonVertex.hh). Photon momenta flowing into that vertex:
// q = p0 + p1 (s channel) and -k (the outgoing photon):
//   i M = [vbar(p0) (-i e Q gamma^nu) u(p1)] (-i / s) x i g eps(q, V, -k, eps*(k)) x s_a,
// with s_a the ALP wavefunction (1 on shell, or an off-shell ALP, AlpThreePhotonsAmplitude.hh).
// The ALP momentum enters only through momentum conservation; a mass-m_a ALP at p3 = p0 + p1 - k is
// implied by the kinematics the caller provides.
//
// Result (reference README convention): |M|^2 summed over the photon helicities, averaged over the
// 4 initial helicities; GeV^-2. dsigma = me2 / (2 s) dPhi_2 for massless beams (the exact flux is
// 1 / (2 sqrt(lambda(s, m_e^2, m_e^2))) = 1 / (2 s beta)). Integrated over angles:
//   sigma = alpha g^2 / 24 (1 - m_a^2/s)^3 x (1 + 2 m_e^2/s) / sqrt(1 - 4 m_e^2/s)
// (alp_photon_cross_section; the reference README's (1 + 4 m_e^2/s) is its first order, equal in
// double precision at Belle II energies; massless: alpha g^2 / 24 (1 - m_a^2/s)^3 exactly).
#pragma once

#include <cmath>

#include "fathom/base/Complex.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"

#include "AlpParams.hh"
#include "AlpPhotonVertex.hh"
#include "ChiralCoupling.hh"
#include "ComplexFourVector.hh"
#include "DiracWavefunctions.hh"
#include "ElectroweakCouplings.hh"
#include "FermionVectorVertex.hh"
#include "HelicityConfigurations.hh"
#include "PolarizationVectors.hh"
#include "Propagators.hh"
#include "Spinor.hh"

namespace fathom
{
/*!
 * sigma(e+e- -> gamma a) in GeV^-2 at centre-of-mass energy squared s, with the exact flux for
 * electrons of mass params.electron_mass: alpha g^2/24 (1 - m_a^2/s)^3 (1 + 2 m_e^2/s) / sqrt(1 - 4 m_e^2/s).
 */
FATHOM_FORCEINLINE_FUNCTION real_type alp_photon_cross_section(real_type s, AlpParams const& params)
{
    real_type const x = 1 - params.mass * params.mass / s;
    real_type const r = params.electron_mass * params.electron_mass / s;
    return params.alpha * params.coupling * params.coupling / 24 * x * x * x * (1 + 2 * r) / std::sqrt(1 - 4 * r);
}

struct AlpPhotonAmplitude
{
    AlpParams params;

    //! p[0] = e+ in, p[1] = e- in, p[2] = photon, p[3] = ALP (GeV, any frame; p[3] is not read).
    FATHOM_FUNCTION real_type operator()(FourVector const* p) const;

    /*!
     * i M for e+ helicity h_ep, e- helicity h_em (+1 / -1), the outgoing photon's wavefunction
     * `photon` (eps*, or k for a Ward-identity check) and the ALP wavefunction `alp`.
     */
    FATHOM_FUNCTION Complex amplitude(FourVector const* p,
                                      int h_ep,
                                      int h_em,
                                      ComplexFourVector const& photon,
                                      Complex const& alp = Complex{1, 0}) const;
};

namespace detail
{
/*!
 * The s-channel side of e+e- -> gamma* -> gamma a, photon leg open: the ALP vertex current
 * J^sigma = i g eps^{mu nu rho sigma} q_mu V_nu (-k)_rho of the propagated beam current V, so that
 * i M = dot(J, eps*(k)) x s_a.
 */
FATHOM_FORCEINLINE_FUNCTION ComplexFourVector alp_photon_recoil_current(BarSpinor const& vbar,
                                                                        Spinor const& u,
                                                                        FourVector const& q,
                                                                        FourVector const& k,
                                                                        ChiralCoupling const& coupling,
                                                                        real_type g)
{
    ComplexFourVector const v = PhotonPropagator{}(vertex_vector_current(vbar, u, coupling), q);
    return alp_vertex_photon_current(Complex{1, 0}, q, v, -k, g);
}

//! m = 0: the vector current of the beams vanishes exactly between opposite chiralities.
FATHOM_FORCEINLINE_FUNCTION bool beam_current_vanishes(bool massless, int h_ep, int h_em)
{
    return massless
           && massless_chirality(FermionRole::incoming_antifermion, h_ep)
                  != massless_chirality(FermionRole::incoming_fermion, h_em);
}
}  // namespace detail

FATHOM_FUNCTION inline Complex AlpPhotonAmplitude::amplitude(
    FourVector const* p, int h_ep, int h_em, ComplexFourVector const& photon, Complex const& alp) const
{
    real_type const m = params.electron_mass;
    ChiralCoupling const coupling = electron_photon_coupling(elementary_charge(params.alpha));
    ComplexFourVector const j = detail::alp_photon_recoil_current(incoming_antifermion(p[0], m, h_ep),
                                                                  incoming_fermion(p[1], m, h_em),
                                                                  p[0] + p[1],
                                                                  p[2],
                                                                  coupling,
                                                                  params.coupling);
    return alp * dot(j, photon);
}

FATHOM_FUNCTION inline real_type AlpPhotonAmplitude::operator()(FourVector const* p) const
{
    real_type const m = params.electron_mass;
    bool const massless = (m == 0);
    ChiralCoupling const coupling = electron_photon_coupling(elementary_charge(params.alpha));
    DiracHelicityBasis const basis_ep = dirac_helicity_basis(p[0], m);
    DiracHelicityBasis const basis_em = dirac_helicity_basis(p[1], m);
    FourVector const q = p[0] + p[1];
    ComplexFourVector const pol[2]
        = {outgoing_polarization_vector(p[2], slot_helicity(0)), outgoing_polarization_vector(p[2], slot_helicity(1))};

    real_type sum = 0;
    for (size_type h_ep = 0; h_ep < 2; ++h_ep)
    {
        for (size_type h_em = 0; h_em < 2; ++h_em)
        {
            if (detail::beam_current_vanishes(massless, slot_helicity(h_ep), slot_helicity(h_em)))
                continue;
            BarSpinor const vbar = incoming_antifermion(basis_ep, slot_helicity(h_ep));
            Spinor const u = incoming_fermion(basis_em, slot_helicity(h_em));
            ComplexFourVector const j = detail::alp_photon_recoil_current(vbar, u, q, p[2], coupling, params.coupling);
            sum += norm2(dot(j, pol[0])) + norm2(dot(j, pol[1]));
        }
    }
    // Average over the 2 x 2 initial helicities
    return sum / 4;
}
}  // namespace fathom
