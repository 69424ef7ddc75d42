// e+(p0) e-(p1) -> e+(p2) e-(p3) a(p4): ALP production in e+e- collisions with the leptons in the
// final state (alp_fusion), ALP on shell (or with an off-shell ALP wavefunction, see amplitude()).
//
// Two diagrams, each one ALP-photon-photon vertex (AlpPhotonVertex.hh) fed by two photons:
// - photon fusion: a t-channel photon from each lepton line; momenta into the vertex
//   q1 = p1 - p3 (e- line) and q2 = p0 - p2 (e+ line),
//     i M_f = + i g eps(q1, V[ubar(p3) .. u(p1)], q2, V[vbar(p0) .. v(p2)]);
// - annihilation: the beams annihilate into an s-channel photon, gamma* -> a gamma*, and the second
//   photon makes the final pair ("Dalitz-like"); momenta into the vertex p0 + p1 and -(p2 + p3),
//     i M_a = - i g eps(p0 + p1, V[vbar(p0) .. u(p1)], -(p2 + p3), V[ubar(p3) .. v(p2)]);
// V[..] the propagated photon of a fermion pair (Feynman gauge; the vertex is transverse, so the
// gauge terms would drop out). The relative sign is Fermi statistics, as between the t and s channels
// of Bhabha scattering (FermionFlowSign.hh): chains [ubar3 .. u1][vbar0 .. v2] -> +1,
// [vbar0 .. u1][ubar3 .. v2] -> -1.
//
// Result (reference README convention): |M|^2 summed over final and averaged over the 4 initial
// helicities; GeV^-2. components(): the total and its parts |fusion|^2, |annihilation|^2 and
// the interference 2 Re(M_f M_a*) (each summed and averaged in the same way; total = the sum).
#pragma once

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
#include "FermionFlowSign.hh"
#include "FermionVectorVertex.hh"
#include "HelicityConfigurations.hh"
#include "Propagators.hh"
#include "LeptonPairWavefunctions.hh"
#include "Spinor.hh"

namespace fathom
{
//! e+e- -> e+e- a |M|^2 and its parts (GeV^-2, or scaled by a decay factor in the 2 -> 4 process).
struct AlpFusionMe
{
    real_type total{0};         //!< |M_f + M_a|^2 (with the Fermi sign)
    real_type fusion{0};        //!< |M_f|^2
    real_type annihilation{0};  //!< |M_a|^2
    real_type interference{0};  //!< 2 Re(M_f M_a^*) = total - fusion - annihilation
};

//! One helicity configuration's two diagrams, each with its Fermi sign (i M = fusion + annihilation).
struct AlpFusionDiagrams
{
    Complex fusion;
    Complex annihilation;
};

struct AlpFusionAmplitude
{
    AlpParams params;

    //! p[0] = e+ in, p[1] = e- in, p[2] = e+ out, p[3] = e- out, p[4] = ALP (GeV, any frame;
    //! p[4] is not read: the vertex needs only the photon momenta).
    FATHOM_FUNCTION real_type operator()(FourVector const* p) const { return this->components(p).total; }

    //! Total |M|^2 and its fusion, annihilation and interference parts.
    FATHOM_FUNCTION AlpFusionMe components(FourVector const* p) const;

    /*!
     * Both diagrams of one helicity configuration: helicity[i] (+1 / -1) of lepton i as in p,
     * `alp` the ALP wavefunction (1 on shell, or an off-shell ALP, AlpFusionDiphotonAmplitude.hh).
     */
    FATHOM_FUNCTION AlpFusionDiagrams diagrams(FourVector const* p,
                                               int const* helicity,
                                               Complex const& alp = Complex{1, 0}) const;
};

namespace detail
{
enum AlpFusionLeg : int
{
    alp_fusion_ep_in = 0,
    alp_fusion_em_in = 1,
    alp_fusion_ep_out = 2,
    alp_fusion_em_out = 3,
    alp_fusion_num_leptons = 4
};

inline constexpr int alp_fusion_sign
    = fermion_flow_sign({alp_fusion_em_out, alp_fusion_em_in, alp_fusion_ep_in, alp_fusion_ep_out});
inline constexpr int alp_annihilation_sign
    = fermion_flow_sign({alp_fusion_ep_in, alp_fusion_em_in, alp_fusion_em_out, alp_fusion_ep_out});
static_assert(alp_fusion_sign * alp_annihilation_sign == -1,
              "fusion and annihilation interfere with a relative minus sign, as Bhabha's t and s channels");

//! Photon momenta flowing into the ALP vertex in each diagram.
struct AlpFusionMomenta
{
    FourVector fusion_em;  //!< p1 - p3
    FourVector fusion_ep;  //!< p0 - p2
    FourVector beams;      //!< p0 + p1
    FourVector pair;       //!< -(p2 + p3)
};

FATHOM_FORCEINLINE_FUNCTION AlpFusionMomenta alp_fusion_momenta(FourVector const* p)
{
    return {p[alp_fusion_em_in] - p[alp_fusion_em_out], p[alp_fusion_ep_in] - p[alp_fusion_ep_out],
            p[alp_fusion_ep_in] + p[alp_fusion_em_in], -(p[alp_fusion_ep_out] + p[alp_fusion_em_out])};
}

//! Propagated photon of the pair (b, s) carrying momentum q.
FATHOM_FORCEINLINE_FUNCTION ComplexFourVector
pair_photon(BarSpinor const& b, Spinor const& s, FourVector const& q, ChiralCoupling const& coupling)
{
    return PhotonPropagator{}(vertex_vector_current(b, s, coupling), q);
}

//! m = 0: a massless chain vanishes exactly between ends of opposite chirality.
FATHOM_FORCEINLINE_FUNCTION bool chain_open(FermionRole row, int h_row, FermionRole column, int h_column)
{
    return massless_chirality(row, h_row) == massless_chirality(column, h_column);
}
}  // namespace detail

FATHOM_FUNCTION inline AlpFusionDiagrams
AlpFusionAmplitude::diagrams(FourVector const* p, int const* helicity, Complex const& alp) const
{
    using namespace detail;
    real_type const m = params.electron_mass;
    real_type const g = params.coupling;
    ChiralCoupling const coupling = electron_photon_coupling(elementary_charge(params.alpha));
    AlpFusionMomenta const q = alp_fusion_momenta(p);
    BarSpinor const ep_in = incoming_antifermion(p[alp_fusion_ep_in], m, helicity[alp_fusion_ep_in]);
    Spinor const em_in = incoming_fermion(p[alp_fusion_em_in], m, helicity[alp_fusion_em_in]);
    Spinor const ep_out = outgoing_antifermion(p[alp_fusion_ep_out], m, helicity[alp_fusion_ep_out]);
    BarSpinor const em_out = outgoing_fermion(p[alp_fusion_em_out], m, helicity[alp_fusion_em_out]);

    ComplexFourVector const v_em = pair_photon(em_out, em_in, q.fusion_em, coupling);
    ComplexFourVector const v_ep = pair_photon(ep_in, ep_out, q.fusion_ep, coupling);
    ComplexFourVector const v_beams = pair_photon(ep_in, em_in, q.beams, coupling);
    ComplexFourVector const v_pair = pair_photon(em_out, ep_out, q.pair, coupling);
    return {real_type(alp_fusion_sign) * alp_vertex_amplitude(alp, q.fusion_em, v_em, q.fusion_ep, v_ep, g),
            real_type(alp_annihilation_sign) * alp_vertex_amplitude(alp, q.beams, v_beams, q.pair, v_pair, g)};
}

FATHOM_FUNCTION inline AlpFusionMe AlpFusionAmplitude::components(FourVector const* p) const
{
    using namespace detail;
    real_type const m = params.electron_mass;
    bool const massless = (m == 0);
    real_type const g = params.coupling;
    ChiralCoupling const coupling = electron_photon_coupling(elementary_charge(params.alpha));
    AlpFusionMomenta const q = alp_fusion_momenta(p);

    LeptonPairWavefunctions const wf = lepton_pair_wavefunctions(
        p[alp_fusion_ep_in], p[alp_fusion_em_in], p[alp_fusion_ep_out], p[alp_fusion_em_out], m);

    // Per helicity pair [row][column]: one side of each diagram as the ALP vertex's photon current
    // (the other photon leg open), the other side as its propagated photon.
    ComplexFourVector fusion_current[2][2];        // (e- out, e- in), contracted with fusion_photon
    ComplexFourVector fusion_photon[2][2];         // (e+ in, e+ out)
    ComplexFourVector annihilation_current[2][2];  // (e+ in, e- in), contracted with pair_photon
    ComplexFourVector annihilation_photon[2][2];   // (e- out, e+ out)
    for (size_type a = 0; a < 2; ++a)
    {
        for (size_type b = 0; b < 2; ++b)
        {
            fusion_current[a][b] = alp_vertex_photon_current(
                Complex{1, 0}, q.fusion_em, pair_photon(wf.em_out[a], wf.em_in[b], q.fusion_em, coupling), q.fusion_ep, g);
            fusion_photon[a][b] = pair_photon(wf.ep_in[a], wf.ep_out[b], q.fusion_ep, coupling);
            annihilation_current[a][b] = alp_vertex_photon_current(
                Complex{1, 0}, q.beams, pair_photon(wf.ep_in[a], wf.em_in[b], q.beams, coupling), q.pair, g);
            annihilation_photon[a][b] = pair_photon(wf.em_out[a], wf.ep_out[b], q.pair, coupling);
        }
    }

    AlpFusionMe me;
    for (size_type config = 0; config < num_helicity_configs(alp_fusion_num_leptons); ++config)
    {
        size_type const h_ep_in = helicity_slot(config, alp_fusion_ep_in);
        size_type const h_em_in = helicity_slot(config, alp_fusion_em_in);
        size_type const h_ep_out = helicity_slot(config, alp_fusion_ep_out);
        size_type const h_em_out = helicity_slot(config, alp_fusion_em_out);
        if (massless)
        {
            int const hi_ep = slot_helicity(h_ep_in), hi_em = slot_helicity(h_em_in);
            int const ho_ep = slot_helicity(h_ep_out), ho_em = slot_helicity(h_em_out);
            bool const fusion_open
                = chain_open(FermionRole::outgoing_fermion, ho_em, FermionRole::incoming_fermion, hi_em)
                  && chain_open(FermionRole::incoming_antifermion, hi_ep, FermionRole::outgoing_antifermion, ho_ep);
            bool const annihilation_open
                = chain_open(FermionRole::incoming_antifermion, hi_ep, FermionRole::incoming_fermion, hi_em)
                  && chain_open(FermionRole::outgoing_fermion, ho_em, FermionRole::outgoing_antifermion, ho_ep);
            if (!fusion_open && !annihilation_open)
                continue;
        }
        Complex const f
            = real_type(alp_fusion_sign) * dot(fusion_current[h_em_out][h_em_in], fusion_photon[h_ep_in][h_ep_out]);
        Complex const a = real_type(alp_annihilation_sign)
                          * dot(annihilation_current[h_ep_in][h_em_in], annihilation_photon[h_em_out][h_ep_out]);
        me.fusion += norm2(f);
        me.annihilation += norm2(a);
        me.interference += 2 * (f.re * a.re + f.im * a.im);
        me.total += norm2(f + a);
    }
    // Average over the 2 x 2 initial helicities
    me.total /= 4;
    me.fusion /= 4;
    me.annihilation /= 4;
    me.interference /= 4;
    return me;
}
}  // namespace fathom
