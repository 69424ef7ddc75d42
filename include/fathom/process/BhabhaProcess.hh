// e+e- -> e+e- (Bhabha): the process seam between phase space, selection and the amplitude.
#pragma once

#include "MatrixElement.hh"
#include "fathom/amplitude/BhabhaAmplitude.hh"
#include "fathom/event/Event.hh"

namespace fathom
{
struct BhabhaProcess
{
    static constexpr size_type num_final = 2;
    static constexpr size_type num_photons = 0;
    static constexpr size_type num_parts = 0;
    //! Where the sampler's final-state momenta go: e+ then e- (reference-data order).
    FATHOM_FORCEINLINE_FUNCTION static constexpr size_type final_slot(size_type i)
    {
        return i == 0 ? slot_ep : slot_em;
    }

    BhabhaAmplitude amplitude;

    FATHOM_FUNCTION MatrixElement operator()(Event const& ev) const
    {
        FourVector p[4] = {ev.p[slot_ep_in], ev.p[slot_em_in], ev.p[slot_ep], ev.p[slot_em]};
        MatrixElement me;
        me.total = amplitude(p);
        return me;
    }
};
}  // namespace fathom
