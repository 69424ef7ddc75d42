// e+(p0) e-(p1) -> gamma(k2) gamma(k3) gamma(k4) in QED: tree-level |M|^2 from helicity amplitudes,
// massive electrons (the QED background of e+e- -> gamma a(-> gamma gamma)).
//
// Six diagrams on the single fermion line vbar(p0) ... u(p1), one per order of the three photon
// emissions (no relative Fermi signs: one fermion chain). For the order (b next to u, then a, then c)
//   i M = vbar(p0) [-i e Q eps*_c-slash] S(p1 - k_a - k_b) [-i e Q eps*_a-slash] S(p1 - k_b)
//         [-i e Q eps*_b-slash] u(p1),
//   S(q) = i (qslash + m) / (q^2 - m^2).
// The e- line dressed with one photon (3 spinors) and with two (6 ordered pairs) is built once per
// e- helicity and photon-helicity configuration and shared by both e+ helicities.
//
// Result (reference README convention): |M|^2 summed over the photon helicities, averaged over the
// 4 initial helicities, and divided by 3! = 6 for the three identical photons; GeV^-2.
// dsigma = me2 / (2 s) dPhi_3 for massless beams, integrated over the full (unordered) phase space.
//
// Checks (tests/alp): gauge invariance for each photon, Bose symmetry, the massless closed form of
// Berends & Kleiss, and the soft-photon limit
//   me2(k -> 0) = (1/3) x e^2 [2 p0.p1 / (p0.k p1.k) - m^2/(p0.k)^2 - m^2/(p1.k)^2] x me2(e+e- -> gamma gamma)
// (eikonal factor summed over the soft photon's helicities; 1/3 = 2!/3! from the identical-particle
// factors of the two processes).
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
struct EeToThreePhotonsAmplitude
{
    QedAnnihilationParams params;

    //! p[0] = e+ in, p[1] = e- in, p[2], p[3], p[4] = photons (GeV, any frame).
    FATHOM_FUNCTION real_type operator()(FourVector const* p) const;

    /*!
     * i M for e+ helicity h_ep, e- helicity h_em (+1 / -1) and the outgoing photons' wavefunctions
     * photon[0..2] (eps* of a helicity state, or a momentum for a Ward-identity check).
     */
    FATHOM_FUNCTION Complex
    amplitude(FourVector const* p, int h_ep, int h_em, ComplexFourVector const* photon) const;
};

/*!
 * Eikonal factor of a soft photon k radiated by the e+ (p_positron) and e- (p_electron) beams, summed
 * over its helicities: e^2 [2 p+.p- / (p+.k p-.k) - m^2/(p+.k)^2 - m^2/(p-.k)^2].
 */
FATHOM_FORCEINLINE_FUNCTION real_type soft_photon_eikonal_factor(FourVector const& p_positron,
                                                                 FourVector const& p_electron,
                                                                 FourVector const& k,
                                                                 real_type mass,
                                                                 real_type alpha)
{
    real_type const e2 = 4 * constants::pi * alpha;
    real_type const a = dot(p_positron, k);
    real_type const b = dot(p_electron, k);
    real_type const m2 = mass * mass;
    return e2 * (2 * dot(p_positron, p_electron) / (a * b) - m2 / (a * a) - m2 / (b * b));
}

namespace detail
{
//! The six emission orders (first = next to u, second, last = next to vbar) of three photons.
struct PhotonOrder
{
    int first, second, last;
};
//! Order o in [0, 6): first = o / 2, then the other two in either order (a function rather than a
//! table: a namespace-scope array would not be visible in device code).
FATHOM_FORCEINLINE_FUNCTION constexpr PhotonOrder three_photon_order(int o)
{
    int const first = o / 2;
    int const second = (first + 1 + o % 2) % 3;
    return {first, second, 3 - first - second};
}

//! The e- line u(p_em) dressed with two photons, one spinor per emission order (before the last vertex).
struct TwoPhotonDressedLine
{
    Spinor order[6];
};

FATHOM_FORCEINLINE_FUNCTION TwoPhotonDressedLine dress_with_two_photons(Spinor const& u,
                                                                        FourVector const& p_em,
                                                                        FourVector const* k,
                                                                        ComplexFourVector const* w,
                                                                        ChiralCoupling const& coupling,
                                                                        FermionPropagator const& propagate)
{
    Spinor single[3];
    for (int i = 0; i < 3; ++i)
        single[i] = off_shell_fermion(w[i], u, coupling, p_em - k[i], propagate);
    TwoPhotonDressedLine line;
    for (int o = 0; o < 6; ++o)
    {
        PhotonOrder const ord = three_photon_order(o);
        line.order[o] = off_shell_fermion(
            w[ord.second], single[ord.first], coupling, p_em - k[ord.first] - k[ord.second], propagate);
    }
    return line;
}

//! Close the dressed line with vbar and the last photon of each order: the sum of the 6 diagrams.
FATHOM_FORCEINLINE_FUNCTION Complex close_three_photon_line(BarSpinor const& vbar,
                                                            TwoPhotonDressedLine const& line,
                                                            ComplexFourVector const* w,
                                                            ChiralCoupling const& coupling)
{
    Complex sum{};
    for (int o = 0; o < 6; ++o)
        sum += vertex_amplitude(vbar, line.order[o], w[three_photon_order(o).last], coupling);
    return sum;
}
}  // namespace detail

FATHOM_FUNCTION inline Complex EeToThreePhotonsAmplitude::amplitude(FourVector const* p,
                                                                    int h_ep,
                                                                    int h_em,
                                                                    ComplexFourVector const* photon) const
{
    real_type const m = params.electron_mass;
    ChiralCoupling const coupling = electron_photon_coupling(elementary_charge(params.alpha));
    BarSpinor const vbar = incoming_antifermion(p[0], m, h_ep);
    Spinor const u = incoming_fermion(p[1], m, h_em);
    detail::TwoPhotonDressedLine const line
        = detail::dress_with_two_photons(u, p[1], p + 2, photon, coupling, FermionPropagator{m, 0});
    return detail::close_three_photon_line(vbar, line, photon, coupling);
}

FATHOM_FUNCTION inline real_type EeToThreePhotonsAmplitude::operator()(FourVector const* p) const
{
    real_type const m = params.electron_mass;
    bool const massless = (m == 0);
    ChiralCoupling const coupling = electron_photon_coupling(elementary_charge(params.alpha));
    FermionPropagator const propagate{m, 0};
    DiracHelicityBasis const basis_ep = dirac_helicity_basis(p[0], m);
    DiracHelicityBasis const basis_em = dirac_helicity_basis(p[1], m);
    FourVector const* k = p + 2;
    ComplexFourVector pol[3][2];  // [photon][helicity slot]
    for (int i = 0; i < 3; ++i)
        for (size_type h = 0; h < 2; ++h)
            pol[i][h] = outgoing_polarization_vector(k[i], slot_helicity(h));
    BarSpinor vbar[2];
    for (size_type h = 0; h < 2; ++h)
        vbar[h] = incoming_antifermion(basis_ep, slot_helicity(h));

    real_type sum = 0;
    for (size_type h_em = 0; h_em < 2; ++h_em)
    {
        Spinor const u = incoming_fermion(basis_em, slot_helicity(h_em));
        for (size_type config = 0; config < 8; ++config)
        {
            ComplexFourVector const w[3] = {
                pol[0][helicity_slot(config, 0)], pol[1][helicity_slot(config, 1)], pol[2][helicity_slot(config, 2)]};
            detail::TwoPhotonDressedLine const line
                = detail::dress_with_two_photons(u, p[1], k, w, coupling, propagate);
            for (size_type h_ep = 0; h_ep < 2; ++h_ep)
            {
                // m = 0: the chain (an odd number of gamma matrices) vanishes exactly between ends
                // of opposite chirality (HelicityConfigurations.hh).
                if (massless
                    && massless_chirality(FermionRole::incoming_antifermion, slot_helicity(h_ep))
                           != massless_chirality(FermionRole::incoming_fermion, slot_helicity(h_em)))
                    continue;
                sum += norm2(detail::close_three_photon_line(vbar[h_ep], line, w, coupling));
            }
        }
    }
    // Average over the 2 x 2 initial helicities; 1/3! for the identical photons
    return sum / (4 * 6);
}
}  // namespace fathom
