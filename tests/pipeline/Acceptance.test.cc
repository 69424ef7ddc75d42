// [[cuts.acceptance]] through the whole pipeline: the generation windows it implies never cut
// away accepted phase space. A symmetric CM acceptance reproduces the equivalent particle cut
// event by event; a lab-frame tagger gives the cross section of a run whose generation it does
// not restrict (flat RAMBO, or the same selection written as a lab-frame particle cut).
#include <cmath>
#include <cstdio>

#include <gtest/gtest.h>

#include "fathom/base/Constants.hh"
#include "fathom/kinematics/BeamParams.hh"
#include "run/RunCard.hh"
#include "run/RunDriver.hh"

namespace fathom
{
namespace
{
AcceptanceRegionSpec region(char const* frame, double lo, double hi, double energy_min = 0)
{
    AcceptanceRegionSpec r;
    r.frame = frame;
    r.theta_min_deg = lo;
    r.theta_max_deg = hi;
    r.energy_min = energy_min;
    return r;
}

//! The analysis card for e+e- -> e+e- gamma gamma on the adaptive sampler, small and quick.
RunSpec small_radiative_bhabha()
{
    RunSpec spec = read_run_card(FATHOM_SOURCE_DIR "/configs/ee_eeaa_belle2_adaptive.toml");
    spec.events = 40'000;
    spec.adapt_iterations = 3;
    spec.adapt_events = 10'000;
    spec.histograms.clear();
    spec.seed = 21;
    return spec;
}

//! Massless tree-level QED Bhabha cross section (pb) with the e- in [theta1, theta2] (CM,
//! radians): dsigma/dOmega = alpha^2 / (2 s) [(1 + c^4) / s^4 - 2 c^4 / s^2 + (1 + cos^2) / 2],
//! c, s the cosine and sine of theta / 2 (Simpson's rule in theta).
double bhabha_pb(double sqrt_s, double alpha, double theta1, double theta2)
{
    auto f = [&](double th) {
        double const c = std::cos(th / 2), sn = std::sin(th / 2), ct = std::cos(th);
        double const c4 = c * c * c * c;
        return (1 + c4) / (sn * sn * sn * sn) - 2 * c4 / (sn * sn) + (1 + ct * ct) / 2;
    };
    int const n = 20000;
    double const h = (theta2 - theta1) / n;
    double sum = 0;
    for (int i = 0; i <= n; ++i)
    {
        double const th = theta1 + i * h;
        sum += (i == 0 || i == n ? 1 : i % 2 ? 4 : 2) * f(th) * std::sin(th);
    }
    return alpha * alpha / (2 * sqrt_s * sqrt_s) * 2 * constants::pi * sum * h / 3 * constants::gev2_to_pb;
}

//! The CM image of a lab polar angle (massless, Belle II boost beta along +z).
double cm_angle(double th_lab, double beta)
{
    double const c = std::cos(th_lab);
    return std::acos((c - beta) / (1 - beta * c));
}

double pull(RunOutcome const& a, RunOutcome const& b)
{
    return (a.summary.cross_section_pb - b.summary.cross_section_pb)
           / std::hypot(a.summary.cross_section_error_pb, b.summary.cross_section_error_pb);
}

void print(char const* what, RunSpec const& spec, RunOutcome const& o)
{
    std::printf("%-40s %.6g +- %.3g pb, N_eff/N %.4f, failed cuts %.4f\n", what, o.summary.cross_section_pb,
                o.summary.cross_section_error_pb, o.summary.n_eff / static_cast<double>(spec.events),
                static_cast<double>(o.summary.events_failed_cuts) / static_cast<double>(spec.events));
}
}  // namespace

TEST(Acceptance, SymmetricCmAcceptanceIsTheParticleCutEventByEvent)
{
    // leptons 2 < theta* < 178 degrees: the same windows, hence the same events and weights
    RunSpec particle = small_radiative_bhabha();
    ASSERT_EQ(particle.particle_cuts[1].particles, "leptons");
    particle.particle_cuts[1].theta_min_deg = 2;
    particle.particle_cuts[1].theta_max_deg = 178;
    validate(particle);
    RunSpec acceptance = particle;
    acceptance.particle_cuts.erase(acceptance.particle_cuts.begin() + 1);
    acceptance.acceptance_cuts.push_back({"leptons", {region("cm", 2, 178)}});
    validate(acceptance);
    RunOutcome const p = simulate(particle);
    RunOutcome const a = simulate(acceptance);
    print("ee_eeaa leptons 2-178 deg, particle cut", particle, p);
    print("ee_eeaa leptons 2-178 deg, acceptance", acceptance, a);
    EXPECT_EQ(a.summary.sum_w, p.summary.sum_w);
    EXPECT_EQ(a.summary.sum_w2, p.summary.sum_w2);
    EXPECT_EQ(a.summary.events_failed_cuts, p.summary.events_failed_cuts);
    EXPECT_GT(a.summary.cross_section_pb, 0);
}

TEST(Acceptance, BhabhaWithTaggersMatchesTheAnalyticCrossSection)
{
    // Bhabha, leptons in the barrel or in forward/backward lab taggers (3-17 degrees about
    // either beam): the adaptive sampler generates theta* from ~4 degrees (the lab 3 degree
    // edge's CM image). A window a little too narrow at the small-angle edge, where the
    // 1/theta^4 rate sits, would show as a large pull against the analytic cross section
    // (and against flat RAMBO, which generates everything; its error is heavy-tailed here).
    RunSpec flat = read_run_card(FATHOM_SOURCE_DIR "/configs/bhabha_belle2.toml");
    flat.histograms.clear();
    flat.particle_cuts.clear();
    flat.acceptance_cuts.push_back(
        {"leptons", {region("cm", 22, 158), region("lab", 3, 17, 0.5), region("lab", 163, 177, 0.5)}});
    flat.events = 2'000'000;
    flat.seed = 31;
    validate(flat);
    RunSpec adaptive = flat;
    adaptive.sampler = "adaptive";
    adaptive.events = 200'000;
    adaptive.adapt_iterations = 5;
    adaptive.adapt_events = 20'000;
    adaptive.seed = 32;
    validate(adaptive);
    RunOutcome const r = simulate(flat);
    RunOutcome const a = simulate(adaptive);

    // back to back in the CM: with t(x) the CM image of lab angle x, the e- (theta*) and the
    // e+ (pi - theta*) are both accepted for theta* in [t(3), pi - t(163)] (e- forward, e+
    // backward tagged), the barrel, and [t(163), pi - t(3)]
    BeamParams const beams = make_beam_params(flat.electron_energy, flat.positron_energy, flat.electron_mass);
    double const deg = constants::pi / 180, beta = beams.beta_z;
    double const t3 = cm_angle(3 * deg, beta), t163 = cm_angle(163 * deg, beta);
    double const expect = bhabha_pb(beams.sqrt_s, flat.alpha, t3, constants::pi - t163)
                          + bhabha_pb(beams.sqrt_s, flat.alpha, 22 * deg, 158 * deg)
                          + bhabha_pb(beams.sqrt_s, flat.alpha, t163, constants::pi - t3);
    print("Bhabha barrel + taggers, RAMBO", flat, r);
    print("Bhabha barrel + taggers, adaptive", adaptive, a);
    double const pa = (a.summary.cross_section_pb - expect) / a.summary.cross_section_error_pb;
    double const pr = (r.summary.cross_section_pb - expect) / r.summary.cross_section_error_pb;
    std::printf("analytic (massless) %.6g pb; pulls: adaptive %.2f, RAMBO %.2f\n", expect, pa, pr);
    EXPECT_LT(std::fabs(pa), 3.0);
    EXPECT_LT(a.summary.cross_section_error_pb, 1e-3 * expect);
    EXPECT_LT(std::fabs(pr), 4.0);
    EXPECT_GT(a.summary.n_eff / static_cast<double>(adaptive.events), 0.9);  // efficiency kept
    // the taggers add the small-angle rate: far above the barrel-only cross section
    RunSpec barrel = adaptive;
    barrel.acceptance_cuts[0].regions.resize(1);
    RunOutcome const b = simulate(barrel);
    EXPECT_GT(a.summary.cross_section_pb, 10 * b.summary.cross_section_pb);
}

TEST(Acceptance, RadiativeBhabhaTaggerWindowIsUnbiased)
{
    // e+e- -> e+e- gamma gamma with the e- in a forward lab tagger (3-17 degrees): written as
    // an acceptance cut, the e- is generated from theta* ~4 degrees; written as a lab-frame
    // particle cut (the same selection), its generation is not restricted at all.
    RunSpec loose = small_radiative_bhabha();
    loose.particle_cuts[1].particles = "ep";  // the e+ in the barrel, as in the analysis
    ParticleCutSpec tag;
    tag.particles = "em";
    tag.frame = "lab";
    tag.energy_min = 0.5;
    tag.theta_min_deg = 3;
    tag.theta_max_deg = 17;
    loose.particle_cuts.push_back(tag);
    loose.events = 150'000;
    validate(loose);
    RunSpec tight = loose;
    tight.particle_cuts.pop_back();
    tight.acceptance_cuts.push_back({"em", {region("lab", 3, 17, 0.5)}});
    tight.seed = 22;
    validate(tight);
    RunOutcome const l = simulate(loose);
    RunOutcome const t = simulate(tight);
    print("ee_eeaa e- tagged, lab particle cut", loose, l);
    print("ee_eeaa e- tagged, acceptance", tight, t);
    std::printf("pull %.2f\n", pull(t, l));
    EXPECT_LT(std::fabs(pull(t, l)), 3.0);
    EXPECT_EQ(t.summary.nonfinite_weights, 0u);
    // the restricted window wastes fewer events
    EXPECT_LT(t.summary.events_failed_cuts, l.summary.events_failed_cuts);
}
}  // namespace fathom
