// Read-only description of the event selection (cuts), all angles in radians, energies in GeV.
#pragma once

#include "AcceptanceCut.hh"
#include "fathom/base/Array.hh"
#include "fathom/event/Event.hh"
#include "fathom/observables/Observable.hh"

namespace fathom
{
//! Energy and polar-angle window applied to each particle of a set of slots.
struct ParticleCut
{
    SlotMask particles{0};
    Frame frame{Frame::cm};
    real_type energy_min{0};
    real_type energy_max{INFINITY};
    real_type theta_min{0};     //!< radians, to the e- beam (+z)
    real_type theta_max{3.14159265358979323846};
};

//! Separation required between every pair (i in first, j in second, i != j).
//! A criterion with threshold 0 is not used. With require_all false the pair passes if any
//! used criterion holds (e.g. "Delta theta > 0.048 rad or Delta phi > 0.048 rad").
struct SeparationCut
{
    SlotMask first{0};
    SlotMask second{0};
    Frame frame{Frame::cm};
    real_type min_opening_angle{0};  //!< radians
    real_type min_delta_theta{0};    //!< radians
    real_type min_delta_phi{0};      //!< radians
    real_type min_delta_r{0};        //!< rapidity-azimuth distance (azimuth in radians)
    bool require_all{false};
};

//! Window [min, max) on any observable (invariant masses, invariants, ...).
struct ObservableCut
{
    ObservableDef observable{};
    real_type min{-INFINITY};
    real_type max{INFINITY};
};

inline constexpr size_type max_particle_cuts = 8;
inline constexpr size_type max_separation_cuts = 8;
inline constexpr size_type max_observable_cuts = 8;

struct SelectionParams
{
    size_type num_particle_cuts{0};
    Array<ParticleCut, max_particle_cuts> particle_cuts{};
    size_type num_separation_cuts{0};
    Array<SeparationCut, max_separation_cuts> separation_cuts{};
    size_type num_observable_cuts{0};
    Array<ObservableCut, max_observable_cuts> observable_cuts{};
    size_type num_acceptance_cuts{0};
    Array<AcceptanceCut, max_acceptance_cuts> acceptance_cuts{};
};
}  // namespace fathom
