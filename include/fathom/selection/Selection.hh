// Selection: does an event pass the cuts? Pure function of the event and SelectionParams.
#pragma once

#include "SelectionParams.hh"

namespace fathom
{
struct Selection
{
    SelectionParams const* params;
    ObservableEvaluator observables;

    FATHOM_FUNCTION bool operator()(Event const& ev) const
    {
        for (size_type c = 0; c < params->num_particle_cuts; ++c)
        {
            if (!pass(params->particle_cuts[c], ev))
                return false;
        }
        for (size_type c = 0; c < params->num_separation_cuts; ++c)
        {
            if (!pass(params->separation_cuts[c], ev))
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

    FATHOM_FUNCTION bool pass(ParticleCut const& c, Event const& ev) const
    {
        SlotMask m = c.particles & ev.present;
        for (size_type s = 0; s < num_slots; ++s)
        {
            if (!(m & slot_bit(s)))
                continue;
            FourVector p = observables.in_frame(ev.p[s], c.frame);
            real_type th = theta(p);
            if (!(p.e >= c.energy_min && p.e <= c.energy_max && th >= c.theta_min
                  && th <= c.theta_max))
                return false;
        }
        return true;
    }

    FATHOM_FUNCTION bool pass(SeparationCut const& c, Event const& ev) const
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
                if (!separated(c, observables.in_frame(ev.p[i], c.frame),
                               observables.in_frame(ev.p[j], c.frame)))
                    return false;
            }
        }
        return true;
    }

    FATHOM_FUNCTION static bool
    separated(SeparationCut const& c, FourVector const& a, FourVector const& b)
    {
        bool any = false, all = true;
        auto test = [&](real_type threshold, real_type value) {
            if (threshold <= 0)
                return;
            bool ok = value > threshold;
            any = any || ok;
            all = all && ok;
        };
        test(c.min_opening_angle, opening_angle_rad(a, b));
        test(c.min_delta_theta, std::fabs(theta(a) - theta(b)));
        test(c.min_delta_phi, delta_phi_rad(a, b));
        test(c.min_delta_r, delta_r(a, b));
        bool used = c.min_opening_angle > 0 || c.min_delta_theta > 0 || c.min_delta_phi > 0
                    || c.min_delta_r > 0;
        return !used || (c.require_all ? all : any);
    }
};
}  // namespace fathom
