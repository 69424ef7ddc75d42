#include "fathom/selection/Selection.hh"

#include <cmath>

#include <gtest/gtest.h>

#include "fathom/base/Constants.hh"

namespace fathom
{
namespace
{
constexpr double deg = constants::pi / 180;

FourVector at_angles(double e, double theta, double phi)
{
    return {e, e * std::sin(theta) * std::cos(phi), e * std::sin(theta) * std::sin(phi),
            e * std::cos(theta)};
}

Event radiative_event()
{
    Event ev;
    ev.p[slot_ep_in] = {5.29, 0, 0, -5.29};
    ev.p[slot_em_in] = {5.29, 0, 0, 5.29};
    ev.p[slot_ep] = at_angles(3.0, 100 * deg, 0.0);
    ev.p[slot_em] = at_angles(3.0, 60 * deg, 180 * deg);
    ev.p[slot_a1] = at_angles(2.0, 90 * deg, 90 * deg);
    ev.p[slot_a2] = at_angles(0.5, 90 * deg + 0.01, 90 * deg + 0.02);  // close to a1
    ev.present = 0x3f;
    return ev;
}

struct SelectionTest : ::testing::Test
{
    SelectionParams params;
    Selection select() const { return Selection{&params, {make_beam_params(5.29, 5.29, 0)}}; }
};
}  // namespace

TEST_F(SelectionTest, EmptySelectionAcceptsEverything)
{
    EXPECT_TRUE(select()(radiative_event()));
}

TEST_F(SelectionTest, ParticleWindows)
{
    ParticleCut& c = params.particle_cuts[params.num_particle_cuts++];
    c.particles = leptons_mask;
    c.theta_min = 22 * deg;
    c.theta_max = 158 * deg;
    Event ev = radiative_event();
    EXPECT_TRUE(select()(ev));
    ev.p[slot_em] = at_angles(3.0, 21 * deg, 0.0);
    EXPECT_FALSE(select()(ev));
    ev.p[slot_em] = at_angles(3.0, 159 * deg, 0.0);
    EXPECT_FALSE(select()(ev));

    params.particle_cuts[0].particles = photons_mask;  // photons only now
    params.particle_cuts[0].energy_min = 0.25;
    EXPECT_TRUE(select()(ev));
    ev.p[slot_a2] = at_angles(0.2, 90 * deg, 0.0);
    EXPECT_FALSE(select()(ev));
}

TEST_F(SelectionTest, SeparationAnyOrAll)
{
    // Belle II style: every photon pair with dtheta > 0.048 rad OR dphi > 0.048 rad.
    SeparationCut& c = params.separation_cuts[params.num_separation_cuts++];
    c.first = photons_mask;
    c.second = photons_mask;
    c.min_delta_theta = 0.048;
    c.min_delta_phi = 0.048;
    Event ev = radiative_event();  // dtheta = 0.01, dphi = 0.02: neither
    EXPECT_FALSE(select()(ev));
    ev.p[slot_a2] = at_angles(0.5, 90 * deg + 0.01, 90 * deg + 0.05);  // dphi passes
    EXPECT_TRUE(select()(ev));
    params.separation_cuts[0].require_all = true;  // both needed now
    EXPECT_FALSE(select()(ev));
    ev.p[slot_a2] = at_angles(0.5, 90 * deg + 0.06, 90 * deg + 0.05);
    EXPECT_TRUE(select()(ev));
}

TEST_F(SelectionTest, SeparationBetweenSets)
{
    SeparationCut& c = params.separation_cuts[params.num_separation_cuts++];
    c.first = photons_mask;
    c.second = leptons_mask;
    c.min_opening_angle = 10 * deg;
    Event ev = radiative_event();
    EXPECT_TRUE(select()(ev));
    ev.p[slot_ep] = at_angles(3.0, 90 * deg, 95 * deg);  // 5 degrees from a1
    EXPECT_FALSE(select()(ev));
}

TEST_F(SelectionTest, ObservableWindow)
{
    ObservableCut& c = params.observable_cuts[params.num_observable_cuts++];
    c.observable = {Quantity::pair_mass, slot_a1, slot_a2};
    Event ev = radiative_event();
    double m = mass(ev.p[slot_a1] + ev.p[slot_a2]);
    c.min = m * 0.99;
    c.max = m * 1.01;
    EXPECT_TRUE(select()(ev));
    params.observable_cuts[0].min = m * 1.001;
    EXPECT_FALSE(select()(ev));
}

TEST_F(SelectionTest, LabFrameWindow)
{
    // a lepton at 30 degrees in the CM of Belle II beams is further forward in the lab
    ParticleCut& c = params.particle_cuts[params.num_particle_cuts++];
    c.particles = slot_bit(slot_em);
    c.theta_min = 25 * deg;
    c.frame = Frame::lab;
    Event ev = radiative_event();
    ev.p[slot_em] = at_angles(3.0, 30 * deg, 0.0);
    Selection lab{&params, {make_beam_params(7.007, 3.994, 0)}};
    EXPECT_FALSE(lab(ev));
    params.particle_cuts[0].frame = Frame::cm;
    EXPECT_TRUE(lab(ev));
}
}  // namespace fathom
