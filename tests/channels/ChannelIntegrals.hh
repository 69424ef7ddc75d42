// Test helper: Monte Carlo integrals over e+ e- -> e+ e- gamma gamma phase space with a channel
// or with massive RAMBO, the reference every channel test compares against.
#pragma once

#include <algorithm>
#include <cmath>
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

//! The worst deviations of one channel's inverse map and density from its map.
struct InverseCheck
{
    double density{0};      //!< max |density(map(x)) W(x) - 1|
    double x{0};            //!< max |inverse(map(x)) - x|, azimuths weighted
    double raw_azimuth{0};  //!< max periodic distance of an azimuth, unweighted
    std::size_t zero{0};    //!< points where map() gave no phase space
};

/*!
 * Map n points x (PhiloxStream(seed, e) uniforms, then perturb(e, x) moves some of them near
 * the corners) and compare: density(map(x)) W(x) with 1, inverse()'s density with density()
 * (EXPECT_EQ) and inverse(map(x)) with x. azimuth_weight(i, x, p) < 0 marks an ordinary
 * dimension; otherwise dimension i is an azimuth, periodic, whose distance is multiplied by the
 * returned weight (the sine of its polar angle: near the poles the representable precision of
 * the transverse momenta limits it, distance on the sphere dphi sin theta).
 */
template<class Channel, class Perturb, class AzimuthWeight>
InverseCheck check_inverse(Channel const& channel, std::uint64_t seed, std::size_t n, Perturb&& perturb,
                           AzimuthWeight&& azimuth_weight)
{
    InverseCheck c;
    FourVector p[4];
    auto const d = channel.ndim();
    for (std::size_t e = 0; e < n; ++e)
    {
        PhiloxStream rng(seed, e);
        double x[Channel::max_dims], y[Channel::max_dims];
        for (decltype(channel.ndim()) i = 0; i < d; ++i)
            x[i] = rng.uniform();
        perturb(e, x);
        double w = channel.map(x, p);
        if (!(w > 0))
        {
            ++c.zero;
            continue;
        }
        double g = channel.density(p);
        c.density = std::max(c.density, std::fabs(g * w - 1));
        double g2 = channel.inverse(p, y);
        EXPECT_EQ(g, g2);
        for (decltype(channel.ndim()) i = 0; i < d; ++i)
        {
            double dx = std::fabs(x[i] - y[i]);
            double const weight = azimuth_weight(int(i), x, p);
            if (weight >= 0)
            {
                dx = std::min(dx, 1 - dx);
                c.raw_azimuth = std::max(c.raw_azimuth, dx);
                dx *= weight;
            }
            c.x = std::max(c.x, dx);
        }
    }
    return c;
}

//! perturb for check_inverse: leave every point as drawn.
inline void unperturbed(std::size_t, double*) {}

//! A channel of invalid parameters: valid() is false, map() gives 0 with zero momenta, and
//! density() is 0.
template<class Channel, class Params>
void expect_invalid(Params const& params)
{
    Channel channel(params);
    EXPECT_FALSE(channel.valid());
    double x[Channel::max_dims];
    for (double& xi : x)
        xi = 0.5;
    FourVector p[4];
    p[0] = {1, 1, 1, 1};
    EXPECT_EQ(0.0, channel.map(x, p));
    EXPECT_EQ(0.0, p[0].e);
    EXPECT_EQ(0.0, channel.density(p));
}
}  // namespace fathom::test
