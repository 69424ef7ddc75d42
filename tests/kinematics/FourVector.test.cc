#include "fathom/kinematics/FourVector.hh"

#include <cmath>

#include <gtest/gtest.h>

#include "fathom/base/Constants.hh"
#include "fathom/kinematics/BeamParams.hh"

namespace fathom
{
TEST(FourVector, Invariants)
{
    FourVector p{5, 1, 2, 3}, q{4, -1, 0, 2};
    EXPECT_DOUBLE_EQ(dot(p, q), 20 + 1 - 0 - 6);
    EXPECT_DOUBLE_EQ(mass2(p), 25 - 14);
    EXPECT_DOUBLE_EQ(mass(p), std::sqrt(11.0));
    EXPECT_DOUBLE_EQ(mass(FourVector{1, 0, 0, 2}), -std::sqrt(3.0));  // space-like: negative
    EXPECT_DOUBLE_EQ(pt(p), std::sqrt(5.0));
    EXPECT_NEAR(theta(FourVector{1, 0, 1, 0}), constants::pi / 2, 1e-15);
    EXPECT_NEAR(theta(FourVector{1, 0, 0, -1}), constants::pi, 1e-15);
    EXPECT_NEAR(phi(FourVector{1, 0, 1, 0}), constants::pi / 2, 1e-15);
    EXPECT_NEAR(rapidity(FourVector{2, 0, 0, 1}), 0.5 * std::log(3.0), 1e-15);
    FourVector s = p + q;
    EXPECT_DOUBLE_EQ(s.e, 9);
    EXPECT_DOUBLE_EQ((p - q).pz, 1);
    EXPECT_DOUBLE_EQ((2.0 * p).px, 2);
}

TEST(FourVector, BoostPreservesInvariantsAndComposes)
{
    FourVector p{5, 1, 2, 3}, q{4, -1, 0, 2};
    FourVector bp = boost(p, 0.1, -0.2, 0.5), bq = boost(q, 0.1, -0.2, 0.5);
    EXPECT_NEAR(mass2(bp), mass2(p), 1e-12);
    EXPECT_NEAR(dot(bp, bq), dot(p, q), 1e-12);
    FourVector back = boost(bp, -0.1, 0.2, -0.5);
    EXPECT_NEAR(back.e, p.e, 1e-12);
    EXPECT_NEAR(back.px, p.px, 1e-12);
    EXPECT_NEAR(back.pz, p.pz, 1e-12);
    // a particle at rest acquires the boost velocity
    FourVector rest{2, 0, 0, 0};
    FourVector moving = boost(rest, 0, 0, 0.6);
    EXPECT_NEAR(moving.pz / moving.e, 0.6, 1e-15);
    EXPECT_NEAR(moving.e, 2 / std::sqrt(1 - 0.36), 1e-14);
}

TEST(BeamParams, Belle2Beams)
{
    BeamParams b = make_beam_params(7.007, 3.994, constants::electron_mass);
    EXPECT_NEAR(b.sqrt_s, 10.58, 1e-3);
    EXPECT_NEAR(b.beta_z / std::sqrt(1 - b.beta_z * b.beta_z), 0.2848, 1e-3);
    FourVector tot = b.electron_in_cm() + b.positron_in_cm();
    EXPECT_NEAR(tot.e, b.sqrt_s, 1e-12);
    EXPECT_EQ(tot.pz, 0.0);
    // on shell: E^2 - p^2 cancels to m^2 ~ 1e-8 E^2, so the rounding scale is eps E^2
    FourVector em = b.electron_in_cm();
    EXPECT_NEAR(mass2(em), constants::electron_mass * constants::electron_mass, 4e-16 * em.e * em.e);
    // flux: 4 sqrt((p1.p2)^2 - m^4) -> 2 s for massless beams
    BeamParams sym = make_beam_params(5.29, 5.29, 0);
    EXPECT_NEAR(sym.flux(), 2 * 10.58 * 10.58, 1e-10);
    EXPECT_EQ(sym.beta_z, 0.0);
    FourVector lab = b.to_lab(b.electron_in_cm());
    EXPECT_NEAR(lab.e, 7.007, 1e-12);
}

TEST(BeamParams, CrossingAngleBeams)
{
    double const m = constants::electron_mass;
    double const theta_c = 0.083;  // Belle II full crossing angle
    BeamParams b = make_beam_params(7.007, 3.994, m, theta_c);
    // the CM beams go to the tilted lab beams: e- along (sin, 0, cos) of theta_c / 2
    FourVector const e1 = b.to_lab(b.electron_in_cm());
    FourVector const e2 = b.to_lab(b.positron_in_cm());
    double const p1 = std::sqrt(7.007 * 7.007 - m * m), p2 = std::sqrt(3.994 * 3.994 - m * m);
    EXPECT_NEAR(e1.e, 7.007, 1e-12);
    EXPECT_NEAR(e1.px, p1 * std::sin(theta_c / 2), 1e-12);
    EXPECT_NEAR(e1.py, 0.0, 1e-15);
    EXPECT_NEAR(e1.pz, p1 * std::cos(theta_c / 2), 1e-12);
    EXPECT_NEAR(e2.e, 3.994, 1e-12);
    EXPECT_NEAR(e2.px, p2 * std::sin(theta_c / 2), 1e-12);
    EXPECT_NEAR(e2.pz, -p2 * std::cos(theta_c / 2), 1e-12);
    // sqrt(s) = 2 sqrt(E1 E2) cos(theta_c / 2) for massless beams; the boost gains an x part
    EXPECT_NEAR(b.sqrt_s, 2 * std::sqrt(7.007 * 3.994) * std::cos(theta_c / 2), 1e-6);
    EXPECT_NEAR(b.beta_x, (p1 + p2) * std::sin(theta_c / 2) / (7.007 + 3.994), 1e-12);
    // to_cm inverts to_lab; masses are kept
    FourVector const k{2.0, 0.3, -0.7, 1.1};
    FourVector const back = b.to_cm(b.to_lab(k));
    EXPECT_NEAR(back.e, k.e, 1e-14);
    EXPECT_NEAR(back.px, k.px, 1e-14);
    EXPECT_NEAR(back.py, k.py, 1e-14);
    EXPECT_NEAR(back.pz, k.pz, 1e-14);
    EXPECT_NEAR(mass2(b.to_lab(k)), mass2(k), 1e-13);
    // without a crossing angle: exactly the head-on transformation
    BeamParams h = make_beam_params(7.007, 3.994, m, 0);
    BeamParams h0 = make_beam_params(7.007, 3.994, m);
    EXPECT_EQ(h.beta_x, 0.0);
    EXPECT_EQ(h.to_lab(k).pz, h0.to_lab(k).pz);
    EXPECT_EQ(h.to_lab(k).pz, boost(k, 0, 0, h.beta_z).pz);
}
}  // namespace fathom
