// The detector response functor: widths, biases, mass shells, reproducibility.
#include <cmath>

#include <gtest/gtest.h>

#include "fathom/base/Constants.hh"
#include "fathom/detector/DetectorResponse.hh"

namespace fathom
{
namespace
{
constexpr double me = 0.000510998950;

BeamParams belle2() { return make_beam_params(7.0, 4.0, me); }

//! A lab-frame momentum with energy e, polar angle th, azimuth ph, mass m.
FourVector lab_momentum(double e, double th, double ph, double m)
{
    double const p = std::sqrt(e * e - m * m);
    return {e, p * std::sin(th) * std::cos(ph), p * std::sin(th) * std::sin(ph), p * std::cos(th)};
}

//! An event with e+, e- and two photons given in the lab frame (stored in the CM, as generated).
Event make_event(BeamParams const& b)
{
    Event ev;
    ev.p[slot_ep_in] = b.positron_in_cm();
    ev.p[slot_em_in] = b.electron_in_cm();
    ev.p[slot_ep] = b.to_cm(lab_momentum(2.0, 2.0, -1.0, me));
    ev.p[slot_em] = b.to_cm(lab_momentum(3.0, 0.9, 2.0, me));
    ev.p[slot_a1] = b.to_cm(lab_momentum(1.5, 1.0, 0.5, 0));
    ev.p[slot_a2] = b.to_cm(lab_momentum(0.3, 2.2, -2.5, 0));
    for (size_type s = 0; s < 6; ++s)
        ev.present |= slot_bit(s);
    order_photons_by_energy(ev, 2);
    return ev;
}

//! Mean and standard deviation, and their statistical errors, of a sample.
struct Moments
{
    double n{0}, s1{0}, s2{0};
    void add(double x) { n += 1; s1 += x; s2 += x * x; }
    double mean() const { return s1 / n; }
    double sd() const { return std::sqrt(s2 / n - mean() * mean()); }
    double mean_error() const { return sd() / std::sqrt(n); }
    double sd_error() const { return sd() / std::sqrt(2 * n); }
};

void expect_standard_normal(Moments const& m, char const* what)
{
    std::printf("%-16s pull mean %+.4f +- %.4f, width %.4f +- %.4f\n", what, m.mean(), m.mean_error(), m.sd(),
                m.sd_error());
    EXPECT_LT(std::fabs(m.mean()), 4 * m.mean_error()) << what;
    EXPECT_LT(std::fabs(m.sd() - 1), 4 * m.sd_error()) << what;
}
}  // namespace

TEST(DetectorResponse, DefaultsAreTheDocumentedOnes)
{
    DetectorResponseParams p;
    EXPECT_FALSE(p.enabled);
    // Belle ECL: 0.066 %/E (+) 0.81 %/E^1/4 (+) 1.34 %; at 1 GeV sqrt(0.066^2 + 0.81^2 + 1.34^2) %
    EXPECT_NEAR(photon_energy_resolution(p, 1.0), std::sqrt(0.00066 * 0.00066 + 0.0081 * 0.0081 + 0.0134 * 0.0134),
                1e-15);  // 1.567 %
    EXPECT_NEAR(lepton_momentum_resolution(p, 1.0), std::hypot(0.0011, 0.0025), 1e-15);
}

TEST(DetectorResponse, PullsAreStandardNormal)
{
    BeamParams const b = belle2();
    DetectorResponseParams p;
    p.enabled = true;
    p.photon_energy_stochastic = 0.02;  // every term in use
    p.photon_theta_sigma = 0.01;
    p.photon_phi_sigma = 0.02;
    ApplyDetectorResponse const respond{&p, b};
    Event const ev = make_event(b);
    FourVector const a1 = b.to_lab(ev.p[slot_a1]), a2 = b.to_lab(ev.p[slot_a2]);
    FourVector const em = b.to_lab(ev.p[slot_em]), ep = b.to_lab(ev.p[slot_ep]);
    Moments e1, e2, th1, ph1, th2, pem, pep;
    constexpr int n = 200000;
    for (int i = 0; i < n; ++i)
    {
        PhiloxStream rng(detector_response_seed(7), i);
        Event const r = respond(ev, rng, 2);
        // the photons are far apart in energy (1.5 and 0.3 GeV): the order never flips
        FourVector const r1 = b.to_lab(r.p[slot_a1]), r2 = b.to_lab(r.p[slot_a2]);
        e1.add((r1.e - a1.e) / (a1.e * photon_energy_resolution(p, a1.e)));
        e2.add((r2.e - a2.e) / (a2.e * photon_energy_resolution(p, a2.e)));
        th1.add((theta(r1) - theta(a1)) / p.photon_theta_sigma);
        ph1.add((phi(r1) - phi(a1)) / p.photon_phi_sigma);
        th2.add((theta(r2) - theta(a2)) / p.photon_theta_sigma);
        FourVector const rem = b.to_lab(r.p[slot_em]), rep = b.to_lab(r.p[slot_ep]);
        pem.add((pabs(rem) - pabs(em)) / (pabs(em) * lepton_momentum_resolution(p, pt(em))));
        pep.add((pabs(rep) - pabs(ep)) / (pabs(ep) * lepton_momentum_resolution(p, pt(ep))));
        // photons massless, leptons on shell (up to the rounding of two boosts)
        for (size_type s : {slot_a1, slot_a2})
            EXPECT_LT(std::fabs(mass2(r.p[s])), 1e-13 * r.p[s].e * r.p[s].e);
        for (size_type s : {slot_ep, slot_em})
            EXPECT_LT(std::fabs(mass2(r.p[s]) - me * me), 1e-13 * r.p[s].e * r.p[s].e);
        // lepton directions are kept (in the lab)
        EXPECT_NEAR(theta(rem), theta(em), 1e-12);
        // the beams are not touched
        EXPECT_EQ(r.p[slot_em_in].pz, ev.p[slot_em_in].pz);
        if (::testing::Test::HasFailure())
            break;
    }
    expect_standard_normal(e1, "photon 1 energy");
    expect_standard_normal(e2, "photon 2 energy");
    expect_standard_normal(th1, "photon 1 theta");
    expect_standard_normal(ph1, "photon 1 phi");
    expect_standard_normal(th2, "photon 2 theta");
    expect_standard_normal(pem, "e- momentum");
    expect_standard_normal(pep, "e+ momentum");
}

TEST(DetectorResponse, SameStreamSameReconstruction)
{
    BeamParams const b = belle2();
    DetectorResponseParams p;
    p.enabled = true;
    ApplyDetectorResponse const respond{&p, b};
    Event const ev = make_event(b);
    PhiloxStream r1(detector_response_seed(3), 12345), r2(detector_response_seed(3), 12345),
        r3(detector_response_seed(3), 12346);
    Event const a = respond(ev, r1, 2), c = respond(ev, r2, 2), d = respond(ev, r3, 2);
    for (size_type s = 0; s < num_slots; ++s)
    {
        EXPECT_EQ(a.p[s].e, c.p[s].e);
        EXPECT_EQ(a.p[s].px, c.p[s].px);
        EXPECT_EQ(a.p[s].py, c.p[s].py);
        EXPECT_EQ(a.p[s].pz, c.p[s].pz);
    }
    EXPECT_EQ(a.present, ev.present);
    EXPECT_NE(a.p[slot_a1].e, d.p[slot_a1].e);
    // the response's key differs from the sampler's (the seed)
    EXPECT_NE(detector_response_seed(3), std::uint64_t{3});
}

TEST(DetectorResponse, ZeroResolutionIsTheIdentityUpToRounding)
{
    BeamParams const b = belle2();
    DetectorResponseParams p{true, 0, 0, 0, 0, 0, 0, 0, 0};
    ApplyDetectorResponse const respond{&p, b};
    Event const ev = make_event(b);
    PhiloxStream rng(detector_response_seed(1), 0);
    Event const r = respond(ev, rng, 2);
    for (size_type s = slot_ep; s <= slot_a2; ++s)
    {
        EXPECT_NEAR(r.p[s].e, ev.p[s].e, 1e-14 * ev.p[s].e);
        EXPECT_NEAR(r.p[s].pz, ev.p[s].pz, 1e-14 * ev.p[s].e);
    }
}

TEST(DetectorResponse, BeamEnergySpreadMovesTheEventsSqrtS)
{
    // resolutions 0: only the beams act. The final state's invariant mass, reconstructed in the
    // nominal CM frame, is the event's sqrt(s') = 2 sqrt(E1' E2') (massless limit), whose
    // relative width is (sigma_1 (+) sigma_2) / 2 to first order; its mean stays sqrt(s) (to
    // second order). Leptons on shell: their masses are kept.
    DetectorResponseParams p;
    p.enabled = true;
    p.photon_energy_noise = p.photon_energy_quartic = p.photon_energy_constant = 0;
    p.photon_theta_sigma = p.photon_phi_sigma = 0;
    p.lepton_pt_slope = p.lepton_pt_constant = 0;
    p.electron_energy_spread = 6.4e-4;
    p.positron_energy_spread = 8.1e-4;
    p.crossing_angle = 0.083;
    BeamParams const b = make_beam_params(7.0, 4.0, me, p.crossing_angle);
    ApplyDetectorResponse response{&p, b};
    // a final state that sums to the CM beams: back-to-back e+ e- and two photons
    Event ev;
    ev.p[slot_ep_in] = b.positron_in_cm();
    ev.p[slot_em_in] = b.electron_in_cm();
    double const e = b.sqrt_s / 4;
    double const q = std::sqrt(e * e - me * me);
    ev.p[slot_ep] = {e, q * 0.6, 0, q * 0.8};
    ev.p[slot_em] = {e, -q * 0.6, 0, -q * 0.8};
    ev.p[slot_a1] = {e, 0, e, 0};
    ev.p[slot_a2] = {e, 0, -e, 0};
    for (size_type s = 0; s < 6; ++s)
        ev.present |= slot_bit(s);
    Moments rel;
    for (std::uint64_t i = 0; i < 40000; ++i)
    {
        PhiloxStream rng(11, i);
        Event r = response(ev, rng, 2);
        FourVector const sum = r.p[slot_ep] + r.p[slot_em] + r.p[slot_a1] + r.p[slot_a2];
        rel.add(mass(sum) / b.sqrt_s - 1);
        EXPECT_NEAR(mass2(r.p[slot_ep]), me * me, 1e-12);
        EXPECT_NEAR(mass(r.p[slot_a1] + r.p[slot_a2]) / mass(ev.p[slot_a1] + ev.p[slot_a2]) - 1,
                    mass(sum) / b.sqrt_s - 1, 1e-9);  // every momentum scaled alike
    }
    double const expected = std::hypot(6.4e-4, 8.1e-4) / 2;
    std::printf("relative sqrt(s') spread %.5g +- %.2g (expected %.5g), mean %.3g +- %.2g\n", rel.sd(),
                rel.sd_error(), expected, rel.mean(), rel.mean_error());
    EXPECT_LT(std::fabs(rel.sd() - expected), 4 * rel.sd_error() + 1e-3 * expected);
    EXPECT_LT(std::fabs(rel.mean()), 4 * rel.mean_error());
    // the incoming beams (the analysis' invariants) are the nominal ones
    PhiloxStream rng(11, 0);
    Event r = response(ev, rng, 2);
    EXPECT_EQ(r.p[slot_em_in].pz, ev.p[slot_em_in].pz);
}

TEST(DetectorResponse, CrossingAngleAloneIsATransformationRoundTrip)
{
    // resolutions 0, no spread: lab and back with the same (tilted) beams returns the event
    DetectorResponseParams p;
    p.enabled = true;
    p.photon_energy_noise = p.photon_energy_quartic = p.photon_energy_constant = 0;
    p.photon_theta_sigma = p.photon_phi_sigma = 0;
    p.lepton_pt_slope = p.lepton_pt_constant = 0;
    p.crossing_angle = 0.083;
    BeamParams const b = make_beam_params(7.0, 4.0, me, p.crossing_angle);
    Event ev = make_event(b);
    PhiloxStream rng(5, 3);
    Event r = ApplyDetectorResponse{&p, b}(ev, rng, 2);
    for (size_type s = slot_ep; s <= slot_a2; ++s)
    {
        EXPECT_NEAR(r.p[s].e, ev.p[s].e, 1e-12 * ev.p[s].e) << s;
        EXPECT_NEAR(r.p[s].px, ev.p[s].px, 1e-12 * ev.p[s].e) << s;
        EXPECT_NEAR(r.p[s].pz, ev.p[s].pz, 1e-12 * ev.p[s].e) << s;
    }
}

TEST(DetectorResponse, TaggedLeptonsHaveTheTaggerEnergyResolution)
{
    BeamParams const b = belle2();
    DetectorResponseParams p;
    p.enabled = true;
    DetectorResponseParams tagged = p;
    TaggerRegion& t = tagged.taggers[tagged.num_taggers++];
    t.theta_min = 2 * constants::pi / 180;  // a forward tagger, lab 2-17 degrees
    t.theta_max = 17 * constants::pi / 180;
    t.energy_resolution = 0.05;
    ApplyDetectorResponse const plain{&p, b}, respond{&tagged, b};
    Event ev = make_event(b);
    ev.p[slot_em] = b.to_cm(lab_momentum(5.0, 0.15, 2.0, me));  // lab 8.6 degrees: tagged
    FourVector const em = b.to_lab(ev.p[slot_em]), ep = b.to_lab(ev.p[slot_ep]);
    Moments eem, pep;
    constexpr int n = 100000;
    for (int i = 0; i < n; ++i)
    {
        PhiloxStream rng(detector_response_seed(9), i), same(detector_response_seed(9), i);
        Event const r = respond(ev, rng, 2), u = plain(ev, same, 2);
        FourVector const rem = b.to_lab(r.p[slot_em]), rep = b.to_lab(r.p[slot_ep]);
        eem.add((rem.e - em.e) / (em.e * t.energy_resolution));
        pep.add((pabs(rep) - pabs(ep)) / (pabs(ep) * lepton_momentum_resolution(p, pt(ep))));
        EXPECT_NEAR(theta(rem), theta(em), 1e-12);  // direction kept
        EXPECT_LT(std::fabs(mass2(r.p[slot_em]) - me * me), 1e-12 * r.p[slot_em].e * r.p[slot_em].e);
        // one deviate per lepton either way: everything else reconstructs as without a tagger
        EXPECT_EQ(r.p[slot_ep].e, u.p[slot_ep].e);
        EXPECT_EQ(r.p[slot_a1].e, u.p[slot_a1].e);
        EXPECT_EQ(r.p[slot_a2].pz, u.p[slot_a2].pz);
        if (::testing::Test::HasFailure())
            break;
    }
    expect_standard_normal(eem, "tagged e- energy");
    expect_standard_normal(pep, "e+ momentum");  // outside the tagger: the tracker
}
}  // namespace fathom
