// Test helper: Monte Carlo integrals over e+ e- -> e+ e- gamma gamma phase space with a channel
// or with massive RAMBO, the reference every channel test compares against.
#pragma once

#include <cstdint>
#include <functional>

#include <gtest/gtest.h>

#include "../phasespace/MeanError.hh"

#include "fathom/kinematics/FourVector.hh"
#include "fathom/phasespace/Rambo.hh"
#include "fathom/random/PhiloxStream.hh"

namespace fathom::test
{
//! A function of the four final momenta (e+, e-, k1, k2).
using EventFunction = std::function<double(FourVector const*)>;

//! Mean of W f over n events of a channel (any type with valid() and operator()(rng, out));
//! f = 1 if null. Event e draws from PhiloxStream(seed, e).
template<class Channel>
MeanError integrate_events(Channel const& channel, std::uint64_t seed, std::size_t n, EventFunction const& f = nullptr)
{
    EXPECT_TRUE(channel.valid());
    MeanError r;
    FourVector p[4];
    for (std::size_t e = 0; e < n; ++e)
    {
        PhiloxStream rng(seed, e);
        double w = channel(rng, p);
        r.add(w > 0 ? w * (f ? f(p) : 1.0) : 0.0);
    }
    return r;
}

//! Massive RAMBO for e+ e- gamma gamma at sqrt_s, lepton mass m: the independent reference.
inline Rambo rambo_eeaa(double sqrt_s, double m)
{
    RamboParams rp;
    rp.sqrt_s = sqrt_s;
    rp.n = 4;
    rp.masses[0] = m;
    rp.masses[1] = m;
    return Rambo(rp);
}
}  // namespace fathom::test
