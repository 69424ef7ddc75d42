// Selection: does an event pass the cuts? Pure function of the event and SelectionParams.
#pragma once

#include "SelectionParams.hh"

namespace fathom
{
//! A particle's momentum in a cut's frame with its polar angle and azimuth, each computed once
//! per event however many cuts and pairs use them (atan2 dominates the cost of the cuts).
struct CutKinematics
{
    FourVector p;
    real_type theta{0};
    real_type phi{0};
};

struct Selection
{
    SelectionParams const* params;
    ObservableEvaluator observables;

    //! Per-event cache of CutKinematics per frame (CM, lab) and slot, filled on first use.
    struct EventKinematics
    {
        CutKinematics k[2][num_slots];
        SlotMask have[2]{0, 0};
    };

    FATHOM_FUNCTION bool operator()(Event const& ev) const
    {
        EventKinematics cache;
        for (size_type c = 0; c < params->num_particle_cuts; ++c)
        {
            if (!pass(params->particle_cuts[c], ev, cache))
                return false;
        }
        for (size_type c = 0; c < params->num_acceptance_cuts; ++c)
        {
            if (!pass(params->acceptance_cuts[c], ev, cache))
                return false;
        }
        for (size_type c = 0; c < params->num_separation_cuts; ++c)
        {
            if (!pass(params->separation_cuts[c], ev, cache))
                return false;
        }
        for (size_type c = 0; c < params->num_observable_cuts; ++c)
        {
            ObservableCut const& oc = params->observable_cuts[c];
            real_type x = observables(oc.observable, ev);
            if (!(x >= oc.min && x < oc.max))
                return false;
        }
        return true;
    }

    FATHOM_FUNCTION CutKinematics const& kinematics(Event const& ev, size_type slot, Frame f, EventKinematics& cache) const
    {
        int const fi = f == Frame::lab ? 1 : 0;
        CutKinematics& k = cache.k[fi][slot];
        if (!(cache.have[fi] & slot_bit(slot)))
        {
            k.p = observables.in_frame(ev.p[slot], f);
            k.theta = theta(k.p);
            k.phi = phi(k.p);
            cache.have[fi] |= slot_bit(slot);
        }
        return k;
    }

    FATHOM_FUNCTION bool pass(ParticleCut const& c, Event const& ev, EventKinematics& cache) const
    {
        SlotMask m = c.particles & ev.present;
        for (size_type s = 0; s < num_slots; ++s)
        {
            if (!(m & slot_bit(s)))
                continue;
            CutKinematics const& k = kinematics(ev, s, c.frame, cache);
            real_type th = k.theta;
            if (!(k.p.e >= c.energy_min && k.p.e <= c.energy_max && th >= c.theta_min && th <= c.theta_max))
                return false;
        }
        return true;
    }

    //! Each particle of the set in at least one region (regions may mix frames).
    FATHOM_FUNCTION bool pass(AcceptanceCut const& c, Event const& ev, EventKinematics& cache) const
    {
        SlotMask m = c.particles & ev.present;
        for (size_type s = 0; s < num_slots; ++s)
        {
            if (!(m & slot_bit(s)))
                continue;
            bool in = false;
            for (size_type r = 0; r < c.num_regions && !in; ++r)
            {
                AcceptanceRegion const& region = c.regions[r];
                CutKinematics const& k = kinematics(ev, s, region.frame, cache);
                in = region.contains(k.theta, k.p.e);
            }
            if (!in)
                return false;
        }
        return true;
    }

    FATHOM_FUNCTION bool pass(SeparationCut const& c, Event const& ev, EventKinematics& cache) const
    {
        SlotMask m1 = c.first & ev.present;
        SlotMask m2 = c.second & ev.present;
        for (size_type i = 0; i < num_slots; ++i)
        {
            if (!(m1 & slot_bit(i)))
                continue;
            for (size_type j = 0; j < num_slots; ++j)
            {
                // each unordered pair once: skip j <= i when j could also be a "first"
                if (i == j || !(m2 & slot_bit(j)) || ((m1 & slot_bit(j)) && (m2 & slot_bit(i)) && j < i))
                    continue;
                if (!separated(c, kinematics(ev, i, c.frame, cache), kinematics(ev, j, c.frame, cache)))
                    return false;
            }
        }
        return true;
    }

    //! Only the separations the cut asks for are computed.
    FATHOM_FUNCTION static bool separated(SeparationCut const& c, CutKinematics const& a, CutKinematics const& b)
    {
        constexpr real_type pi = real_type(3.14159265358979323846);
        bool any = false, all = true;
        auto record = [&](bool ok) {
            any = any || ok;
            all = all && ok;
        };
        auto dphi = [&] {
            real_type d = std::fabs(a.phi - b.phi);  // as delta_phi_rad (Observable.hh)
            return d > pi ? 2 * pi - d : d;
        };
        if (c.min_opening_angle > 0)
            record(opening_angle_rad(a.p, b.p) > c.min_opening_angle);
        if (c.min_delta_theta > 0)
            record(std::fabs(a.theta - b.theta) > c.min_delta_theta);
        if (c.min_delta_phi > 0)
            record(dphi() > c.min_delta_phi);
        if (c.min_delta_r > 0)
        {
            real_type const dy = rapidity(a.p) - rapidity(b.p);
            real_type const dp = dphi();
            record(std::sqrt(dy * dy + dp * dp) > c.min_delta_r);  // as delta_r (Observable.hh)
        }
        bool used = c.min_opening_angle > 0 || c.min_delta_theta > 0 || c.min_delta_phi > 0
                    || c.min_delta_r > 0;
        return !used || (c.require_all ? all : any);
    }
};
}  // namespace fathom
