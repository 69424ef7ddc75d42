// Acceptance cut: every particle of a set must lie in at least one of a few regions (a union,
// e.g. the barrel in the CM frame or a forward tagger in the lab frame).
#pragma once

#include "fathom/base/Array.hh"
#include "fathom/event/Event.hh"
#include "fathom/observables/Observable.hh"

namespace fathom
{
//! One polar-angle (and energy) window in its own frame; angles in radians, energies in GeV.
struct AcceptanceRegion
{
    Frame frame{Frame::cm};
    real_type theta_min{0};  //!< radians, to the e- beam (+z)
    real_type theta_max{3.14159265358979323846};
    real_type energy_min{0};
    real_type energy_max{INFINITY};
    //! Relative energy resolution of a lab-frame tagger (detector response); 0: tracking as usual.
    real_type energy_resolution{0};

    //! Whether a particle with polar angle \p theta and energy \p e (in this region's frame) is in.
    FATHOM_FUNCTION bool contains(real_type theta, real_type e) const
    {
        return theta >= theta_min && theta <= theta_max && e >= energy_min && e <= energy_max;
    }
};

inline constexpr size_type max_acceptance_regions = 4;
inline constexpr size_type max_acceptance_cuts = 2;

struct AcceptanceCut
{
    SlotMask particles{0};
    size_type num_regions{0};
    Array<AcceptanceRegion, max_acceptance_regions> regions{};
};
}  // namespace fathom
