// [[cuts.acceptance]] through the whole pipeline: the generation windows it implies never cut
// away accepted phase space. A symmetric CM acceptance reproduces the equivalent particle cut
// event by event; a lab-frame tagger gives the cross section of a run whose generation it does
// not restrict (flat RAMBO, or the same selection written as a lab-frame particle cut).
#include <cmath>
#include <cstdio>

#include <gtest/gtest.h>

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

TEST(Acceptance, BhabhaWithTaggersMatchesFlatRambo)
{
    // Bhabha, leptons in the barrel or in forward/backward lab taggers (3-17 degrees about
    // either beam): the adaptive sampler generates theta* from ~4 degrees (the lab 3 degree
    // edge's CM image); flat RAMBO generates everything. A window a little too narrow at the
    // small-angle edge, where the 1/theta^4 rate sits, would show as a large pull.
    RunSpec flat = read_run_card(FATHOM_SOURCE_DIR "/configs/bhabha_belle2.toml");
    flat.histograms.clear();
    flat.particle_cuts.clear();
    flat.acceptance_cuts.push_back(
        {"leptons", {region("cm", 22, 158), region("lab", 3, 17, 0.5), region("lab", 163, 177, 0.5)}});
    flat.events = 4'000'000;
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
    print("Bhabha barrel + taggers, RAMBO", flat, r);
    print("Bhabha barrel + taggers, adaptive", adaptive, a);
    std::printf("pull %.2f\n", pull(a, r));
    EXPECT_LT(std::fabs(pull(a, r)), 3.0);
    EXPECT_LT(r.summary.cross_section_error_pb, 0.03 * r.summary.cross_section_pb);
    // the taggers add the small-angle rate: well above the barrel-only cross section
    RunSpec barrel = adaptive;
    barrel.acceptance_cuts[0].regions.resize(1);
    RunOutcome const b = simulate(barrel);
    EXPECT_GT(a.summary.cross_section_pb, 2 * b.summary.cross_section_pb);
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
