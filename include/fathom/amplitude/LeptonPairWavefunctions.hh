// External wavefunctions of the four leptons of e+e- -> e+e- X, for both helicities of each:
// what every lepton-pair amplitude (Bhabha, ALP fusion) builds before combining currents.
#pragma once

#include "DiracWavefunctions.hh"
#include "HelicityConfigurations.hh"
#include "Spinor.hh"

namespace fathom
{
//! Indexed by helicity slot (HelicityConfigurations.hh).
struct LeptonPairWavefunctions
{
    BarSpinor ep_in[2];   //!< vbar of the incoming e+
    Spinor em_in[2];      //!< u of the incoming e-
    Spinor ep_out[2];     //!< v of the outgoing e+
    BarSpinor em_out[2];  //!< ubar of the outgoing e-
};

FATHOM_FUNCTION inline LeptonPairWavefunctions lepton_pair_wavefunctions(FourVector const& ep_in,
                                                                         FourVector const& em_in,
                                                                         FourVector const& ep_out,
                                                                         FourVector const& em_out,
                                                                         real_type mass)
{
    DiracHelicityBasis const b_ep_in = dirac_helicity_basis(ep_in, mass);
    DiracHelicityBasis const b_em_in = dirac_helicity_basis(em_in, mass);
    DiracHelicityBasis const b_ep_out = dirac_helicity_basis(ep_out, mass);
    DiracHelicityBasis const b_em_out = dirac_helicity_basis(em_out, mass);
    LeptonPairWavefunctions wf;
    for (size_type h = 0; h < 2; ++h)
    {
        int const hel = slot_helicity(h);
        wf.ep_in[h] = incoming_antifermion(b_ep_in, hel);
        wf.em_in[h] = incoming_fermion(b_em_in, hel);
        wf.ep_out[h] = outgoing_antifermion(b_ep_out, hel);
        wf.em_out[h] = outgoing_fermion(b_em_out, hel);
    }
    return wf;
}
}  // namespace fathom
