// Adapts an amplitude functor (momenta in the reference order -> |M|^2) to the process seam
// that the event generator uses: final-state slots and a MatrixElement from an Event.
#pragma once

#include "MatrixElement.hh"
#include "fathom/event/Event.hh"

namespace fathom
{
//! Final state: NumLeptons (0, or 2 = e+ then e-) followed by NumPhotons photons, the order in
//! which the sampler generates them and in which the amplitude expects them.
template<class Amplitude, size_type NumLeptons, size_type NumPhotons>
struct AmplitudeProcess
{
    static_assert(NumLeptons == 0 || NumLeptons == 2);
    static constexpr size_type num_final = NumLeptons + NumPhotons;
    static constexpr size_type num_photons = NumPhotons;
    static constexpr size_type num_parts = 0;

    FATHOM_FORCEINLINE_FUNCTION static constexpr size_type final_slot(size_type i)
    {
        if constexpr (NumLeptons > 0)
        {
            if (i < NumLeptons)
                return i == 0 ? slot_ep : slot_em;
        }
        return slot_a1 + (i - NumLeptons);
    }

    Amplitude amplitude;

    //! |M|^2 of the event, from the final state in generation order (`generated`).
    FATHOM_FUNCTION MatrixElement operator()(Event const& ev, FourVector const* generated) const
    {
        FourVector p[2 + num_final];
        p[0] = ev.p[slot_ep_in];
        p[1] = ev.p[slot_em_in];
        for (size_type i = 0; i < num_final; ++i)
            p[2 + i] = generated[i];
        MatrixElement me;
        me.total = amplitude(p);
        return me;
    }
};
}  // namespace fathom
