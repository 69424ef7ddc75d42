// The adaptive sampler for every process: the same cross sections as an independent estimate
// (analytic formula or flat RAMBO where RAMBO is reliable), within MC errors.
#include <cmath>
#include <cstdio>

#include <gtest/gtest.h>

#include "fathom/amplitude/AlpPhotonAmplitude.hh"
#include "fathom/base/Constants.hh"
#include "run/RunCard.hh"
#include "run/RunDriver.hh"

namespace fathom
{
namespace
{
constexpr char const* barrel_cuts = R"(
[[cuts.particle]]
particles = "all"
energy_min = 0.25
theta_min = 22.0
theta_max = 158.0
[[cuts.separation]]
first = "photons"
second = "all"
min_opening_angle = 10.0
)";

std::string adaptive_block(int iterations, int events)
{
    return "[phase_space]\nsampler = \"adaptive\"\nadapt_iterations = " + std::to_string(iterations)
           + "\nadapt_events = " + std::to_string(events) + "\n";
}

RunOutcome run(std::string const& body)
{
    RunSpec spec = parse_run_card("[beams]\nsqrt_s = 10.58\n" + body, "adaptive.toml");
    return simulate(spec);
}

//! Pull of a against b, printed.
double pull(char const* what, RunOutcome const& a, RunOutcome const& b)
{
    double const ea = a.summary.cross_section_error_pb, eb = b.summary.cross_section_error_pb;
    double const p = (a.summary.cross_section_pb - b.summary.cross_section_pb) / std::hypot(ea, eb);
    std::printf("%s: adaptive %.6g +- %.2g pb (N_eff/N %.3f), reference %.6g +- %.2g pb, pull %.2f\n", what,
                a.summary.cross_section_pb, ea, a.summary.n_eff / static_cast<double>(a.summary.events_tried),
                b.summary.cross_section_pb, eb, p);
    return p;
}
}  // namespace

TEST(AdaptiveProcesses, AlpPhotonMatchesAnalytic)
{
    // VEGAS over the resonance sampler's uniforms; sigma x BR = alpha g^2 / 24 (1 - m^2/s)^3
    RunOutcome o = run("[run]\nevents = 100000\n[process]\nname = \"alp_photon\"\nalp_mass = 2.0\n"
                       + adaptive_block(4, 20000));
    AlpParams p;
    p.mass = 2.0;
    p.coupling = 1e-4;
    double const expect = alp_photon_cross_section(10.58 * 10.58, p) * constants::gev2_to_pb;
    double const pl = (o.summary.cross_section_pb - expect) / o.summary.cross_section_error_pb;
    std::printf("alp_photon adaptive: %.6e +- %.2e pb, analytic %.6e, pull %.2f\n", o.summary.cross_section_pb,
                o.summary.cross_section_error_pb, expect, pl);
    EXPECT_LT(std::fabs(pl), 3.5);
}

TEST(AdaptiveProcesses, AlpFusionAgreesWithRambo)
{
    std::string const process = "[process]\nname = \"alp_fusion\"\nalp_mass = 1.0\n";
    RunOutcome a = run("[run]\nevents = 200000\n" + process + adaptive_block(5, 40000) + barrel_cuts);
    RunOutcome r = run("[run]\nevents = 2000000\n" + process + barrel_cuts);
    EXPECT_LT(std::fabs(pull("alp_fusion, barrel", a, r)), 3.5);
    EXPECT_EQ(a.summary.nonfinite_weights, 0u);
}

TEST(AdaptiveProcesses, ThreePhotonsAgreeWithRambo)
{
    std::string const process = "[process]\nname = \"ee_aaa\"\n";
    RunOutcome a = run("[run]\nevents = 200000\n" + process + adaptive_block(5, 40000) + barrel_cuts);
    RunOutcome r = run("[run]\nevents = 1000000\n" + process + barrel_cuts);
    EXPECT_LT(std::fabs(pull("ee_aaa, barrel", a, r)), 3.5);
}

TEST(AdaptiveProcesses, RadiativeBhabhaOnePhotonAgreesWithRambo)
{
    std::string const process = "[process]\nname = \"ee_eea\"\n";
    RunOutcome a = run("[run]\nevents = 200000\n" + process + adaptive_block(5, 40000) + barrel_cuts);
    RunOutcome r = run("[run]\nevents = 1000000\n" + process + barrel_cuts);
    EXPECT_LT(std::fabs(pull("ee_eea, barrel", a, r)), 3.5);
}
}  // namespace fathom
