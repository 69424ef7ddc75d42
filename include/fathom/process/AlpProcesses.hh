// ALP signal processes as the event generator sees them. The sampler (ResonanceSampler) makes
// the photon pair from the ALP decay, on shell (narrow width, the default) or along the
// Breit-Wigner; the |M|^2 matches (fathom/amplitude/AlpLineshape.hh):
// - narrow width: production |M|^2 (ALP on shell, momentum = sum of its decay photons) x
//   BR(a -> gamma gamma), so that sigma = sigma(production) x BR;
// - Breit-Wigner: the full |M|^2 with the fixed-width propagator at the generated pair mass.
#pragma once

#include "MatrixElement.hh"
#include "fathom/amplitude/AlpFusionAmplitude.hh"
#include "fathom/amplitude/AlpFusionDiphotonAmplitude.hh"
#include "fathom/amplitude/AlpPhotonAmplitude.hh"
#include "fathom/amplitude/AlpThreePhotonsAmplitude.hh"
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

    AlpParams params;

    FATHOM_FUNCTION MatrixElement operator()(Event const& ev, FourVector const* generated) const
    {
        AlpFusionMe c;
        real_type factor = 1;
        if (params.lineshape == AlpLineshape::narrow_width)
        {
            // The ALP is the sum of its decay photons (on shell by construction).
            FourVector p[5] = {ev.p[slot_ep_in], ev.p[slot_em_in], generated[0], generated[1],
                               generated[2] + generated[3]};
            c = AlpFusionAmplitude{params}.components(p);
            factor = params.diphoton_branching_ratio();
        }
        else
        {
            FourVector p[6] = {ev.p[slot_ep_in], ev.p[slot_em_in], generated[0],
                               generated[1], generated[2], generated[3]};
            c = AlpFusionDiphotonAmplitude{params}.components(p);
        }
        MatrixElement me;
        me.total = c.total * factor;
        me.parts[alp_part_fusion] = c.fusion * factor;
        me.parts[alp_part_annihilation] = c.annihilation * factor;
        me.parts[alp_part_interference] = c.interference * factor;
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

    AlpParams params;

    FATHOM_FUNCTION MatrixElement operator()(Event const& ev, FourVector const* generated) const
    {
        MatrixElement me;
        if (params.lineshape == AlpLineshape::narrow_width)
        {
            FourVector p[4] = {ev.p[slot_ep_in], ev.p[slot_em_in], generated[0], generated[1] + generated[2]};
            me.total = AlpPhotonAmplitude{params}(p) * params.diphoton_branching_ratio();
        }
        else
        {
            // |M|^2 (with 1/3!) sums the three pairings coherently; the sampler makes the pair of
            // generated[1], generated[2] resonant, one of 3 equivalent labellings: factor 3.
            FourVector p[5] = {ev.p[slot_ep_in], ev.p[slot_em_in], generated[0], generated[1], generated[2]};
            me.total = 3 * AlpThreePhotonsAmplitude{params}.breit_wigner_me2(p);
        }
        return me;
    }
};
}  // namespace fathom
