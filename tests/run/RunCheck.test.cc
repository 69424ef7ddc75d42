// The decision "does this run have a usable result" (RunCheck.hh): no accepted event or more
// than 1e-6 non-finite weights fail with RunFailure (exit status 3) and a one-line reason.
#include "run/RunCheck.hh"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "run/RunCard.hh"
#include "run/RunDriver.hh"
#include "run/RunFailure.hh"

namespace fathom
{
namespace
{
RunSummary usable()
{
    RunSummary s;
    s.events_tried = 1'000'000;
    s.events_accepted = 600'000;
    s.events_failed_cuts = 400'000;
    s.cross_section_pb = 1;
    return s;
}

RunSpec card()
{
    RunSpec spec = parse_run_card("[process]\nname = \"ee_ee\"\n", "card.toml");
    return spec;
}
}  // namespace

TEST(RunCheck, UsableRunsPass)
{
    EXPECT_EQ(unusable_run_reason(card(), usable()), "");
    RunSummary s = usable();
    s.nonfinite_weights = 1;  // exactly 1e-6 of the events: tolerated
    EXPECT_EQ(unusable_run_reason(card(), s), "");
    EXPECT_TRUE(check_run_usable(card(), s));
}

TEST(RunCheck, NoAcceptedEventNamesTheStages)
{
    RunSummary s = usable();
    s.events_accepted = 0;
    s.events_failed_cuts = 999'990;
    s.events_zero_phase_space = 10;
    std::string const r = unusable_run_reason(card(), s);
    EXPECT_EQ(r.find('\n'), std::string::npos);
    EXPECT_NE(r.find("card.toml: no usable result: no event passed the cuts (of 1000000 events, 999990 failed the "
                     "cuts, 10 had no phase-space point"),
              std::string::npos)
        << r;
    EXPECT_NE(r.find("sqrt(s) = 10.58"), std::string::npos) << r;
    s.events_tried = 0;
    s.events_failed_cuts = s.events_zero_phase_space = 0;
    EXPECT_NE(unusable_run_reason(card(), s).find("no events were generated"), std::string::npos);
}

TEST(RunCheck, NonfiniteWeightsNameTheFactorAndTheExtremeKey)
{
    RunSummary s = usable();
    s.nonfinite_weights = 5;
    s.nonfinite_me = 3;
    s.nonfinite_phase_space = 1;
    RunSpec spec = card();
    std::string r = unusable_run_reason(spec, s);
    EXPECT_NE(r.find("5 of 1000000 events"), std::string::npos) << r;
    EXPECT_NE(r.find("|M|^2 not finite in 3, the phase-space weight in 1, their product"), std::string::npos) << r;
    EXPECT_NE(r.find("in 1; no card value is extreme"), std::string::npos) << r;
    spec.g_agg = 1e300;
    spec.z_mass = std::numeric_limits<double>::infinity();
    r = unusable_run_reason(spec, s);
    EXPECT_NE(r.find("extreme card values: "), std::string::npos) << r;
    EXPECT_NE(r.find("process.z_mass = inf"), std::string::npos) << r;
    EXPECT_NE(r.find("process.g_agg = 1e+300"), std::string::npos) << r;

    EXPECT_THROW(check_run_usable(spec, s), RunFailure);
    try
    {
        check_run_usable(spec, s, "scan: m_a = 1 GeV, component 'signal': ");
    }
    catch (RunFailure const& e)
    {
        EXPECT_EQ(std::string(e.what()).rfind("scan: m_a = 1 GeV, component 'signal': card.toml: no usable", 0), 0u)
            << e.what();
    }
    spec.allow_empty = true;
    EXPECT_FALSE(check_run_usable(spec, s));  // a warning on stderr, no exception
}

// The counters behind the diagnosis: a Z at infinite mass makes the |M|^2 NaN (validation
// refuses such a card; the spec here bypasses it), and the run says so.
TEST(RunCheck, InfiniteZMassIsANonfiniteMatrixElement)
{
    RunSpec spec = parse_run_card("[run]\nevents = 2000\nthreads = 1\n[process]\nname = \"ee_ee\"\nz_exchange = true\n",
                                  "card.toml");
    spec.z_mass = std::numeric_limits<double>::infinity();
    RunOutcome const o = simulate(spec);
    EXPECT_GT(o.summary.nonfinite_weights, 1000u);
    EXPECT_EQ(o.summary.nonfinite_me, o.summary.nonfinite_weights);
    EXPECT_EQ(o.summary.nonfinite_phase_space, 0u);
    std::string const r = unusable_run_reason(spec, o.summary);
    EXPECT_NE(r.find("process.z_mass = inf"), std::string::npos) << r;
    EXPECT_THROW(check_run_usable(spec, o.summary), RunFailure);
}
}  // namespace fathom
