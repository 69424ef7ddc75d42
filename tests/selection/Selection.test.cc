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

namespace
{
//! Belle II beams: the CM frame moves along +z (the e- beam) with beta = 0.27.
BeamParams const belle2 = make_beam_params(7.007, 3.994, 0);

AcceptanceRegion region(Frame f, double theta_min_deg, double theta_max_deg)
{
    AcceptanceRegion r;
    r.frame = f;
    r.theta_min = theta_min_deg * deg;
    r.theta_max = theta_max_deg * deg;
    return r;
}

//! The radiative event with the e- (and e+) given by their lab-frame polar angles.
Event lab_event(double em_theta_lab_deg, double ep_theta_lab_deg)
{
    Event ev = radiative_event();
    ev.p[slot_em] = belle2.to_cm(at_angles(5.0, em_theta_lab_deg * deg, 0.3));
    ev.p[slot_ep] = belle2.to_cm(at_angles(2.0, ep_theta_lab_deg * deg, 3.0));
    return ev;
}
}  // namespace

struct AcceptanceTest : SelectionTest
{
    AcceptanceCut& add(SlotMask particles)
    {
        AcceptanceCut& c = params.acceptance_cuts[params.num_acceptance_cuts++];
        c = AcceptanceCut{};
        c.particles = particles;
        return c;
    }
    Selection select() const { return Selection{&params, {belle2}}; }
};

TEST_F(AcceptanceTest, SymmetricCmRegionIsTheParticleCut)
{
    // one CM region [5, 175] degrees: the same decision as [[cuts.particle]] for every angle
    AcceptanceCut& c = add(leptons_mask);
    c.regions[c.num_regions++] = region(Frame::cm, 5, 175);
    SelectionParams pc;
    ParticleCut& p = pc.particle_cuts[pc.num_particle_cuts++];
    p.particles = leptons_mask;
    p.theta_min = 5 * deg;
    p.theta_max = 175 * deg;
    Selection particle{&pc, {belle2}};
    Event ev = radiative_event();
    for (double th = 0.5; th < 180; th += 0.5)
    {
        ev.p[slot_em] = at_angles(3.0, th * deg, 0.0);
        EXPECT_EQ(select()(ev), particle(ev)) << th;
        EXPECT_EQ(select()(ev), th >= 5 && th <= 175) << th;
    }
}

TEST_F(AcceptanceTest, BoundariesAreInclusive)
{
    AcceptanceCut& c = add(slot_bit(slot_em));
    c.regions[c.num_regions++] = region(Frame::cm, 22, 158);
    Event ev = radiative_event();
    for (double edge : {22.0, 158.0})
    {
        double const inward = edge < 90 ? 1 : -1;
        ev.p[slot_em] = at_angles(3.0, edge * deg + inward * 1e-9, 0.0);
        EXPECT_TRUE(select()(ev)) << edge;
        ev.p[slot_em] = at_angles(3.0, edge * deg - inward * 1e-9, 0.0);
        EXPECT_FALSE(select()(ev)) << edge;
    }
    // at the edge itself the AcceptanceRegion is closed, as [[cuts.particle]]
    EXPECT_TRUE(c.regions[0].contains(c.regions[0].theta_min, 1.0));
    EXPECT_TRUE(c.regions[0].contains(c.regions[0].theta_max, 1.0));
}

TEST_F(AcceptanceTest, OneSidedLabTagger)
{
    // barrel (CM 22-158) or a forward tagger (lab 2-17 degrees about the e- beam)
    AcceptanceCut& c = add(leptons_mask);
    c.regions[c.num_regions++] = region(Frame::cm, 22, 158);
    Event ev = lab_event(10, 120);  // e- at lab 10 deg: CM ~13 deg, outside the barrel
    EXPECT_LT(theta(ev.p[slot_em]), 22 * deg);
    EXPECT_FALSE(select()(ev));  // barrel only
    c.regions[c.num_regions++] = region(Frame::lab, 2, 17);
    EXPECT_TRUE(select()(ev));  // the tagger takes it
    EXPECT_TRUE(select()(lab_event(30, 120)));  // barrel still
    EXPECT_FALSE(select()(lab_event(1, 120)));   // below the tagger
    EXPECT_FALSE(select()(lab_event(10, 170)));  // e+ backward: a forward-only tagger misses it
    EXPECT_FALSE(select()(lab_event(170, 120))); // e- backward too

    // a backward tagger mirrors it: lab theta in [180 - 17, 180 - 2]
    c.regions[c.num_regions++] = region(Frame::lab, 163, 178);
    EXPECT_TRUE(select()(lab_event(10, 170)));
    EXPECT_TRUE(select()(lab_event(170, 10)));

    // an energy threshold on the tagger region (lab energy): the 5 GeV e- passes 4, not 6
    c.regions[1].energy_min = 4;
    EXPECT_TRUE(select()(lab_event(10, 120)));
    c.regions[1].energy_min = 6;
    EXPECT_FALSE(select()(lab_event(10, 120)));
}

TEST_F(AcceptanceTest, OnlyTheCutsParticlesAndCutsAreAnded)
{
    AcceptanceCut& c = add(slot_bit(slot_ep));
    c.regions[c.num_regions++] = region(Frame::lab, 163, 178);
    EXPECT_TRUE(select()(lab_event(1, 170)));  // the e- is not in this cut's set
    EXPECT_FALSE(select()(lab_event(1, 120)));
    AcceptanceCut& d = add(slot_bit(slot_em));
    d.regions[d.num_regions++] = region(Frame::lab, 2, 17);
    EXPECT_FALSE(select()(lab_event(1, 170)));  // both cuts must hold
    EXPECT_TRUE(select()(lab_event(5, 170)));

    // any particle set: the photons (CM 90 degrees); a cut without regions accepts nothing
    params.num_acceptance_cuts = 0;
    AcceptanceCut& e = add(photons_mask);
    EXPECT_FALSE(select()(lab_event(5, 170)));
    e.regions[e.num_regions++] = region(Frame::cm, 80, 100);
    EXPECT_TRUE(select()(lab_event(5, 170)));
    e.regions[0] = region(Frame::cm, 95, 100);
    EXPECT_FALSE(select()(lab_event(5, 170)));
}
}  // namespace fathom
