#include "fathom/observables/Observable.hh"

#include <cmath>

#include <gtest/gtest.h>

#include "fathom/base/Constants.hh"

namespace fathom
{
namespace
{
Event two_body_event(double sqrt_s, double theta_ep, double phi)
{
    Event ev;
    double e = sqrt_s / 2;
    ev.p[slot_ep_in] = {e, 0, 0, -e};
    ev.p[slot_em_in] = {e, 0, 0, e};
    double st = std::sin(theta_ep), ct = std::cos(theta_ep);
    ev.p[slot_ep] = {e, e * st * std::cos(phi), e * st * std::sin(phi), e * ct};
    ev.p[slot_em] = {e, -e * st * std::cos(phi), -e * st * std::sin(phi), -e * ct};
    ev.present = 0x0f;
    return ev;
}
}  // namespace

TEST(Observable, TwoBodyInvariants)
{
    double sqrt_s = 10.58, th = 0.7;
    Event ev = two_body_event(sqrt_s, th, 0.3);
    ObservableEvaluator obs{make_beam_params(5.29, 5.29, 0)};
    double s = sqrt_s * sqrt_s;
    // massless 2 -> 2: t+ = (p_ep_in - p_ep)^2 = -s/2 (1 - cos(angle between them))
    double cos_to_ep_in = -std::cos(th);
    EXPECT_NEAR(obs({Quantity::t_plus}, ev), -s / 2 * (1 - cos_to_ep_in), 1e-12 * s);
    EXPECT_NEAR(obs({Quantity::t_minus}, ev), -s / 2 * (1 - cos_to_ep_in), 1e-12 * s);
    // s- = (p_in - p_ep)^2 = p_em^2 = 0 for 2 -> 2
    EXPECT_NEAR(obs({Quantity::s_minus}, ev), 0.0, 1e-12 * s);
    EXPECT_NEAR(obs({Quantity::pair_mass, slot_ep, slot_em}, ev), sqrt_s, 1e-12);
    EXPECT_NEAR(obs({Quantity::theta, slot_ep}, ev), th * rad_to_deg, 1e-12);
    EXPECT_NEAR(obs({Quantity::cos_theta, slot_em}, ev), -std::cos(th), 1e-14);
    EXPECT_NEAR(obs({Quantity::opening_angle, slot_ep, slot_em}, ev), 180.0, 1e-9);
    EXPECT_NEAR(obs({Quantity::delta_phi, slot_ep, slot_em}, ev), 180.0, 1e-9);
    EXPECT_NEAR(obs({Quantity::delta_theta, slot_ep, slot_em}, ev),
                std::fabs(180 - 2 * th * rad_to_deg), 1e-9);
}

TEST(Observable, LabFrameBoost)
{
    BeamParams beams = make_beam_params(7.007, 3.994, constants::electron_mass);
    EXPECT_NEAR(beams.sqrt_s, 2 * std::sqrt(7.007 * 3.994), 1e-6);
    // beta gamma of the CM along the e- beam, about 0.28 at Belle II
    double bg = beams.beta_z / std::sqrt(1 - beams.beta_z * beams.beta_z);
    EXPECT_NEAR(bg, (7.007 - 3.994) / beams.sqrt_s, 1e-6);
    // the incoming beams boost back to the lab energies
    EXPECT_NEAR(beams.to_lab(beams.electron_in_cm()).e, 7.007, 1e-12);
    EXPECT_NEAR(beams.to_lab(beams.positron_in_cm()).e, 3.994, 1e-12);
    Event ev = two_body_event(beams.sqrt_s, 1.0, 0.0);
    ObservableEvaluator obs{beams};
    FourVector lab = beams.to_lab(ev.p[slot_em]);
    EXPECT_NEAR(obs({Quantity::energy, slot_em, 0, Frame::lab}, ev), lab.e, 1e-12);
    EXPECT_LT(obs({Quantity::theta, slot_em, 0, Frame::lab}, ev),
              obs({Quantity::theta, slot_em, 0, Frame::cm}, ev));  // boosted forward
    // invariants do not depend on the frame
    EXPECT_NEAR(mass2(beams.to_lab(ev.p[slot_ep_in]) - beams.to_lab(ev.p[slot_ep])),
                obs({Quantity::t_plus}, ev), 1e-10);
}

TEST(Observable, SmallMomentumTransferKeepsItsDigits)
{
    // A forward electron (5.29 -> 3 GeV, scattered by 1e-6 rad): |t| ~ 1e-7 GeV^2 while
    // E_in E_out ~ 16 GeV^2, so mass2(p_in - p_out) keeps only ~1e-8 relative accuracy. The
    // stable form must agree with the on-shell value computed in long double.
    double const m = constants::electron_mass, e1 = 5.29, e2 = 3.0, th = 1e-6;
    double const p1 = std::sqrt((e1 - m) * (e1 + m)), p2 = std::sqrt((e2 - m) * (e2 + m));
    FourVector in{e1, 0, 0, p1}, out{e2, p2 * std::sin(th), 0, p2 * std::cos(th)};
    long double const ml = m, q1 = p1;
    long double const q2 = std::sqrt(static_cast<long double>(out.px) * out.px
                                     + static_cast<long double>(out.pz) * out.pz);
    long double const f1 = std::sqrt(q1 * q1 + ml * ml), f2 = std::sqrt(q2 * q2 + ml * ml);
    long double const s = std::sin(static_cast<long double>(th) / 2);
    long double const energy_part = (ml * ml * (q1 * q1 + q2 * q2) + ml * ml * ml * ml) / (f1 * f2 + q1 * q2);
    long double const t_ref = 2 * ml * ml - 2 * energy_part - 4 * q1 * q2 * s * s;
    double const t = momentum_transfer(in, out, m * m);
    double const naive = mass2(in - out);
    std::printf("t = %.17g (stable), %.17g (naive), %.17Lg (long double); relative errors %.1e, %.1e\n", t,
                naive, t_ref, std::fabs(t / static_cast<double>(t_ref) - 1),
                std::fabs(naive / static_cast<double>(t_ref) - 1));
    EXPECT_NEAR(t / static_cast<double>(t_ref), 1.0, 1e-12);
}

TEST(Observable, DeltaR)
{
    FourVector a{1, 1, 0, 0}, b{1, 0, 1, 0};  // both y = 0, dphi = 90 degrees
    EXPECT_NEAR(delta_r(a, b), constants::pi / 2, 1e-14);
    EXPECT_NEAR(opening_angle_rad(a, b), constants::pi / 2, 1e-14);
    FourVector c{1, 0, 0, 1e-9}, d{1, 0, 1e-12, 1e-9};
    EXPECT_GT(opening_angle_rad(c, d), 0.0);  // stays accurate for nearly collinear vectors
}
TEST(Observable, PairTransverseMomentumAndBetaGamma)
{
    BeamParams beams = make_beam_params(7.007, 3.994, constants::electron_mass);
    Event ev{};
    // a parent of mass 1 GeV and momentum (0.3, 0.4, 1.2) GeV split into two massless photons
    // and momenta that sum to it
    double const m = 1.0;
    FourVector const parent{std::sqrt(m * m + 0.09 + 0.16 + 1.44), 0.3, 0.4, 1.2};
    // two momenta summing to the parent (pair quantities see only the sum)
    FourVector const g1{0.5 * parent.e + 0.1, 0.5 * parent.px, 0.5 * parent.py, 0.5 * parent.pz};
    FourVector const g2{parent.e - g1.e, parent.px - g1.px, parent.py - g1.py, parent.pz - g1.pz};
    ev.p[slot_a1] = g1;
    ev.p[slot_a2] = g2;
    ObservableEvaluator obs{beams};
    EXPECT_NEAR(obs({Quantity::pair_pt, slot_a1, slot_a2}, ev), 0.5, 1e-14);
    EXPECT_NEAR(obs({Quantity::pair_betagamma, slot_a1, slot_a2}, ev), 1.3 / m, 1e-14);
    EXPECT_NEAR(obs({Quantity::pair_betagamma_t, slot_a1, slot_a2}, ev), 0.5 / m, 1e-14);
    // lab frame: p_T is unchanged by the boost along z, beta gamma is not
    EXPECT_NEAR(obs({Quantity::pair_pt, slot_a1, slot_a2, Frame::lab}, ev), 0.5, 1e-12);
    FourVector const lab = beams.to_lab(parent);
    EXPECT_NEAR(obs({Quantity::pair_betagamma, slot_a1, slot_a2, Frame::lab}, ev),
                std::sqrt(lab.px * lab.px + lab.py * lab.py + lab.pz * lab.pz) / m, 1e-12);
}
}  // namespace fathom
