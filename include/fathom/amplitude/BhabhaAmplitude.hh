// Bhabha scattering e+(p0) e-(p1) -> e+(p2) e-(p3): tree-level |M|^2 from helicity amplitudes.
//
// Diagrams (photon, and Z when enabled), with the Fermi signs of FermionFlowSign.hh:
//   s channel:  - [vbar(p0) G u(p1)] D(p0 + p1) [ubar(p3) G v(p2)]
//   t channel:  + [ubar(p3) G u(p1)] D(p1 - p3) [vbar(p0) G v(p2)]
// Each channel's two fermion pairs give four currents each (one per helicity pair), built once and
// shared by the 16 helicity configurations; a configuration then costs one contraction per
// channel and boson (NeutralCurrent.hh). Radiative processes follow the same pattern with more
// shared off-shell wavefunctions (OffShellWavefunctions.hh).
//
// Result: |M|^2 summed over final and averaged over the 4 initial helicities, dimensionless
// (reference README convention; dsigma = |M|^2 / (2 s) dPhi_2 for massless beams).
#pragma once

#include "fathom/base/Complex.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"

#include "ChiralCoupling.hh"
#include "ComplexFourVector.hh"
#include "DiracWavefunctions.hh"
#include "ElectroweakCouplings.hh"
#include "FermionFlowSign.hh"
#include "HelicityConfigurations.hh"
#include "NeutralCurrent.hh"
#include "Propagators.hh"
#include "LeptonPairWavefunctions.hh"
#include "QedParams.hh"
#include "Spinor.hh"

namespace fathom
{
//! Reference-data parameters (reference README): photon exchange only, massive electrons.
FATHOM_FORCEINLINE_FUNCTION constexpr BhabhaParams default_bhabha_params()
{
    return BhabhaParams{};
}

/*!
 * Textbook spin-averaged massless Bhabha |M|^2 (photon exchange only):
 * 2 e^4 [(s^2 + u^2)/t^2 + 2 u^2/(s t) + (t^2 + u^2)/s^2],
 * t = (p_e+in - p_e+out)^2, u = (p_e+in - p_e-out)^2.
 */
FATHOM_FORCEINLINE_FUNCTION real_type
bhabha_massless_analytic(real_type s, real_type t, real_type u, real_type alpha)
{
    constexpr real_type four_pi = 4 * 3.14159265358979323846;
    real_type const e2 = four_pi * alpha;
    return 2 * e2 * e2
           * ((s * s + u * u) / (t * t) + 2 * u * u / (s * t) + (t * t + u * u) / (s * s));
}

struct BhabhaAmplitude
{
    BhabhaParams params;

    //! p[0] = e+ in, p[1] = e- in, p[2] = e+ out, p[3] = e- out (GeV, any frame).
    FATHOM_FUNCTION real_type operator()(FourVector const* p) const;
};

FATHOM_FUNCTION inline real_type BhabhaAmplitude::operator()(FourVector const* p) const
{
    enum Leg : int
    {
        ep_in = 0,
        em_in = 1,
        ep_out = 2,
        em_out = 3,
        num_legs = 4
    };
    constexpr int s_sign = fermion_flow_sign({ep_in, em_in, em_out, ep_out});
    constexpr int t_sign = fermion_flow_sign({em_out, em_in, ep_in, ep_out});
    static_assert(s_sign * t_sign == -1, "Bhabha s and t channels interfere with a relative minus sign");

    real_type const m = params.electron_mass;
    bool const massless = (m == 0);
    bool const with_z = params.z_exchange;
    real_type const e = elementary_charge(params.alpha);
    NeutralCouplings const couplings{electron_photon_coupling(e), electron_z_coupling(e, params.sin2w), with_z};
    NeutralPropagator const propagate{MassiveVectorPropagator{params.mz, params.wz}, with_z};

    // External wavefunctions, indexed by helicity slot
    LeptonPairWavefunctions const wf = lepton_pair_wavefunctions(p[ep_in], p[em_in], p[ep_out], p[em_out], m);

    // Currents of the four fermion pairs, one per helicity pair [row][column]; one pair of each
    // channel carries the propagator.
    FourVector const q_s = p[ep_in] + p[em_in];
    FourVector const q_t = p[em_in] - p[em_out];
    NeutralCurrent s_boson[2][2];    // (e+ in, e- in), propagated
    NeutralCurrent s_current[2][2];  // (e- out, e+ out)
    NeutralCurrent t_boson[2][2];    // (e- out, e- in), propagated
    NeutralCurrent t_current[2][2];  // (e+ in, e+ out)
    for (size_type a = 0; a < 2; ++a)
    {
        for (size_type b = 0; b < 2; ++b)
        {
            s_boson[a][b] = propagate(neutral_current(wf.ep_in[a], wf.em_in[b], couplings), q_s);
            s_current[a][b] = neutral_current(wf.em_out[a], wf.ep_out[b], couplings);
            t_boson[a][b] = propagate(neutral_current(wf.em_out[a], wf.em_in[b], couplings), q_t);
            t_current[a][b] = neutral_current(wf.ep_in[a], wf.ep_out[b], couplings);
        }
    }

    real_type sum = 0;
    for (size_type config = 0; config < num_helicity_configs(num_legs); ++config)
    {
        size_type const h_ep_in = helicity_slot(config, ep_in);
        size_type const h_em_in = helicity_slot(config, em_in);
        size_type const h_ep_out = helicity_slot(config, ep_out);
        size_type const h_em_out = helicity_slot(config, em_out);

        if (massless)
        {
            // Exact zeros only: massless vector/axial chains conserve chirality, so a configuration
            // in which both diagrams have a chirality-violating chain vanishes identically.
            int const c_ep_in = massless_chirality(FermionRole::incoming_antifermion, slot_helicity(h_ep_in));
            int const c_em_in = massless_chirality(FermionRole::incoming_fermion, slot_helicity(h_em_in));
            int const c_ep_out = massless_chirality(FermionRole::outgoing_antifermion, slot_helicity(h_ep_out));
            int const c_em_out = massless_chirality(FermionRole::outgoing_fermion, slot_helicity(h_em_out));
            bool const s_open = (c_ep_in == c_em_in) && (c_em_out == c_ep_out);
            bool const t_open = (c_em_out == c_em_in) && (c_ep_in == c_ep_out);
            if (!s_open && !t_open)
                continue;
        }

        Complex const amp_s
            = exchange_amplitude(s_boson[h_ep_in][h_em_in], s_current[h_em_out][h_ep_out], with_z);
        Complex const amp_t
            = exchange_amplitude(t_boson[h_em_out][h_em_in], t_current[h_ep_in][h_ep_out], with_z);
        sum += norm2(real_type(s_sign) * amp_s + real_type(t_sign) * amp_t);
    }
    // Average over the 2 x 2 initial helicities
    return sum / 4;
}
}  // namespace fathom
