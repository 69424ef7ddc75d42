// e+(p0) e-(p1) -> gamma(k2) gamma(k3) in QED: tree-level |M|^2 from helicity amplitudes, massive electrons.
//
// Two diagrams on the single fermion line vbar(p0) ... u(p1), one per order of the photon emissions:
//   i M = sum_{(a, b)} vbar(p0) [-i e Q eps*_a-slash] S(p1 - k_b) [-i e Q eps*_b-slash] u(p1),
//   S(q) = i (qslash + m) / (q^2 - m^2)
// (no relative Fermi sign: one fermion chain). Used on its own and as the hard process of the
// soft-photon limit of e+e- -> gamma gamma gamma (EeToThreePhotonsAmplitude.hh).
//
// Result (reference README convention): |M|^2 summed over the photon helicities, averaged over the
// 4 initial helicities, and divided by 2! for the identical photons; GeV^0.
// dsigma = me2 / (2 s) dPhi_2 for massless beams.
#pragma once

#include "fathom/base/Complex.hh"
#include "fathom/base/Constants.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"

#include "ChiralCoupling.hh"
#include "ComplexFourVector.hh"
#include "DiracWavefunctions.hh"
#include "ElectroweakCouplings.hh"
#include "FermionVectorVertex.hh"
#include "HelicityConfigurations.hh"
#include "OffShellWavefunctions.hh"
#include "PolarizationVectors.hh"
#include "Propagators.hh"
#include "QedAnnihilationParams.hh"
#include "Spinor.hh"

namespace fathom
{
/*!
 * Textbook spin-averaged e+e- -> gamma gamma with massive electrons (Peskin & Schroeder eq. 5.105),
 * divided by 2 for the identical photons:
 *   (1/2) 2 e^4 [p.k2/p.k1 + p.k1/p.k2 + 2 m^2 (1/p.k1 + 1/p.k2) - m^4 (1/p.k1 + 1/p.k2)^2],
 * p the e- momentum (either beam gives the same value), k1, k2 the photons. For m = 0:
 * e^4 (u/t + t/u).
 */
FATHOM_FORCEINLINE_FUNCTION real_type ee_to_two_photons_analytic(
    FourVector const& p_electron, FourVector const& k1, FourVector const& k2, real_type mass, real_type alpha)
{
    real_type const e2 = 4 * constants::pi * alpha;
    real_type const pk1 = dot(p_electron, k1);
    real_type const pk2 = dot(p_electron, k2);
    real_type const m2 = mass * mass;
    real_type const inv = 1 / pk1 + 1 / pk2;
    return e2 * e2 * (pk2 / pk1 + pk1 / pk2 + 2 * m2 * inv - m2 * m2 * inv * inv);
}

struct EeToTwoPhotonsAmplitude
{
    QedAnnihilationParams params;

    //! p[0] = e+ in, p[1] = e- in, p[2], p[3] = photons (GeV, any frame).
    FATHOM_FUNCTION real_type operator()(FourVector const* p) const;

    /*!
     * i M for e+ helicity h_ep, e- helicity h_em (+1 / -1) and the outgoing photons' wavefunctions
     * photon[0], photon[1] (eps* of a helicity state, or a momentum for a Ward-identity check).
     */
    FATHOM_FUNCTION Complex
    amplitude(FourVector const* p, int h_ep, int h_em, ComplexFourVector const* photon) const;
};

namespace detail
{
//! Sum over both emission orders: vbar (-i w_a) S(p_em - k_b) (-i w_b) u, with b next to u.
FATHOM_FORCEINLINE_FUNCTION Complex two_photon_line(BarSpinor const& vbar,
                                                    Spinor const& u,
                                                    FourVector const& p_em,
                                                    FourVector const* k,
                                                    ComplexFourVector const* w,
                                                    ChiralCoupling const& coupling,
                                                    FermionPropagator const& propagate)
{
    Complex sum{};
    for (int b = 0; b < 2; ++b)
    {
        Spinor const dressed = off_shell_fermion(w[b], u, coupling, p_em - k[b], propagate);
        sum += vertex_amplitude(vbar, dressed, w[1 - b], coupling);
    }
    return sum;
}
}  // namespace detail

FATHOM_FUNCTION inline Complex EeToTwoPhotonsAmplitude::amplitude(FourVector const* p,
                                                                  int h_ep,
                                                                  int h_em,
                                                                  ComplexFourVector const* photon) const
{
    real_type const m = params.electron_mass;
    ChiralCoupling const coupling = electron_photon_coupling(elementary_charge(params.alpha));
    BarSpinor const vbar = incoming_antifermion(p[0], m, h_ep);
    Spinor const u = incoming_fermion(p[1], m, h_em);
    return detail::two_photon_line(vbar, u, p[1], p + 2, photon, coupling, FermionPropagator{m, 0});
}

FATHOM_FUNCTION inline real_type EeToTwoPhotonsAmplitude::operator()(FourVector const* p) const
{
    real_type const m = params.electron_mass;
    bool const massless = (m == 0);
    ChiralCoupling const coupling = electron_photon_coupling(elementary_charge(params.alpha));
    FermionPropagator const propagate{m, 0};
    DiracHelicityBasis const basis_ep = dirac_helicity_basis(p[0], m);
    DiracHelicityBasis const basis_em = dirac_helicity_basis(p[1], m);
    FourVector const* k = p + 2;
    ComplexFourVector pol[2][2];  // [photon][helicity slot]
    for (size_type h = 0; h < 2; ++h)
    {
        pol[0][h] = outgoing_polarization_vector(k[0], slot_helicity(h));
        pol[1][h] = outgoing_polarization_vector(k[1], slot_helicity(h));
    }

    real_type sum = 0;
    for (size_type h_em = 0; h_em < 2; ++h_em)
    {
        Spinor const u = incoming_fermion(basis_em, slot_helicity(h_em));
        for (size_type h_ep = 0; h_ep < 2; ++h_ep)
        {
            // m = 0: the chain (an odd number of gamma matrices) vanishes exactly between ends of
            // opposite chirality (HelicityConfigurations.hh).
            if (massless
                && massless_chirality(FermionRole::incoming_antifermion, slot_helicity(h_ep))
                       != massless_chirality(FermionRole::incoming_fermion, slot_helicity(h_em)))
                continue;
            BarSpinor const vbar = incoming_antifermion(basis_ep, slot_helicity(h_ep));
            for (size_type config = 0; config < 4; ++config)
            {
                ComplexFourVector const w[2] = {pol[0][helicity_slot(config, 0)], pol[1][helicity_slot(config, 1)]};
                sum += norm2(detail::two_photon_line(vbar, u, p[1], k, w, coupling, propagate));
            }
        }
    }
    // Average over the 2 x 2 initial helicities; 1/2! for the identical photons
    return sum / (4 * 2);
}
}  // namespace fathom
