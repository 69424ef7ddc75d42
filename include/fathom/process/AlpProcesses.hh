// ALP signal processes in the narrow-width approximation, as the event generator sees them:
// the sampler (NarrowResonanceSampler) puts the ALP exactly on shell and decays it isotropically
// into two photons; |M|^2 is the production |M|^2 times BR(a -> gamma gamma), so that the
// integrated cross section is sigma(production) x BR.
#pragma once

#include "MatrixElement.hh"
#include "fathom/amplitude/AlpFusionAmplitude.hh"
#include "fathom/amplitude/AlpPhotonAmplitude.hh"
#include "fathom/event/Event.hh"

namespace fathom
{
//! Indices of MatrixElement::parts for the photon-fusion signal.
enum AlpFusionPart : size_type
{
    alp_part_fusion = 0,
    alp_part_annihilation = 1,
    alp_part_interference = 2,
};

//! e+e- -> e+e- a, a -> gamma gamma. Generated final state: e+, e-, the two decay photons.
struct AlpFusionProcess
{
    static constexpr size_type num_final = 4;
    static constexpr size_type num_photons = 2;
    static constexpr size_type num_parts = 3;  //!< fusion, annihilation, interference

    FATHOM_FORCEINLINE_FUNCTION static constexpr size_type final_slot(size_type i)
    {
        return i == 0 ? slot_ep : i == 1 ? slot_em : slot_a1 + (i - 2);
    }

    AlpFusionAmplitude amplitude;

    FATHOM_FUNCTION MatrixElement operator()(Event const& ev, FourVector const* generated) const
    {
        // The ALP is the sum of its decay photons (on shell by construction).
        FourVector p[5] = {ev.p[slot_ep_in], ev.p[slot_em_in], generated[0], generated[1],
                           generated[2] + generated[3]};
        AlpFusionMe c = amplitude.components(p);
        real_type br = amplitude.params.diphoton_branching_ratio();
        MatrixElement me;
        me.total = c.total * br;
        me.parts[alp_part_fusion] = c.fusion * br;
        me.parts[alp_part_annihilation] = c.annihilation * br;
        me.parts[alp_part_interference] = c.interference * br;
        return me;
    }
};

//! e+e- -> gamma a, a -> gamma gamma. Generated final state: the recoil photon, then the two
//! decay photons (the slots order all three by energy).
struct AlpPhotonProcess
{
    static constexpr size_type num_final = 3;
    static constexpr size_type num_photons = 3;
    static constexpr size_type num_parts = 0;

    FATHOM_FORCEINLINE_FUNCTION static constexpr size_type final_slot(size_type i)
    {
        return slot_a1 + i;
    }

    AlpPhotonAmplitude amplitude;

    FATHOM_FUNCTION MatrixElement operator()(Event const& ev, FourVector const* generated) const
    {
        FourVector p[4] = {ev.p[slot_ep_in], ev.p[slot_em_in], generated[0], generated[1] + generated[2]};
        MatrixElement me;
        me.total = amplitude(p) * amplitude.params.diphoton_branching_ratio();
        return me;
    }
};
}  // namespace fathom
