// One event's momenta in fathom's logical particle order, shared by selection and observables.
#pragma once

#include "fathom/base/Array.hh"
#include "fathom/kinematics/FourVector.hh"

namespace fathom
{
//! Logical slots: incoming beams, outgoing leptons, outgoing photons ordered by CM energy.
//! Every process maps its final state onto these slots, so cuts and observables are written
//! once for all processes. The order of the first four matches ../shared/reference/.
enum Slot : size_type
{
    slot_ep_in = 0,   //!< incoming e+ (along -z in the CM frame)
    slot_em_in = 1,   //!< incoming e- (along +z)
    slot_ep = 2,      //!< outgoing e+
    slot_em = 3,      //!< outgoing e-
    slot_a1 = 4,      //!< hardest outgoing photon (CM energy)
    slot_a2 = 5,
    slot_a3 = 6,
    num_slots = 7,
};

//! Bit mask of slots, e.g. every photon or both leptons.
using SlotMask = std::uint8_t;
FATHOM_FORCEINLINE_FUNCTION constexpr SlotMask slot_bit(size_type s) { return SlotMask(1u << s); }
inline constexpr SlotMask leptons_mask = SlotMask((1u << slot_ep) | (1u << slot_em));
inline constexpr SlotMask photons_mask = SlotMask((1u << slot_a1) | (1u << slot_a2) | (1u << slot_a3));

//! Momenta in the CM frame (the frame of generation, cuts and observables by default), and
//! the mask of slots that this process fills.
struct Event
{
    Array<FourVector, num_slots> p{};
    SlotMask present{0};
};

//! Order the photons in slots a1.. by decreasing energy (at most three: insertion sort).
FATHOM_FORCEINLINE_FUNCTION void order_photons_by_energy(Event& ev, size_type num_photons)
{
    for (size_type i = 1; i < num_photons; ++i)
    {
        for (size_type j = i; j > 0 && ev.p[slot_a1 + j].e > ev.p[slot_a1 + j - 1].e; --j)
        {
            FourVector tmp = ev.p[slot_a1 + j];
            ev.p[slot_a1 + j] = ev.p[slot_a1 + j - 1];
            ev.p[slot_a1 + j - 1] = tmp;
        }
    }
}
}  // namespace fathom
