// Issue 5, memory: 64-bit event counters and indices everywhere.
#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "DeviceRun.hh"
#include "run/DeviceSetupBuilder.hh"
#include "run/InputError.hh"
#include "run/RunCard.hh"
#include "run/RunDriver.hh"
#include "run/RunSummary.hh"

namespace fathom
{
namespace
{
constexpr std::uint64_t two32 = std::uint64_t{1} << 32;

RunSpec bhabha(unsigned threads)
{
    RunSpec spec = read_run_card(FATHOM_SOURCE_DIR "/configs/bhabha_belle2.toml");
    spec.threads = threads;
    return spec;
}

//! The tally of events [first, first + count) of a fresh run, in one or two launches.
RunTally tally_of(RunSpec const& spec, std::uint64_t first, std::uint64_t count, std::uint64_t split = 0)
{
    DeviceSetupBuild const build = build_device_setup(spec);
    DeviceRun run(build.setup);
    if (split == 0)
        run.generate(first, count);
    else
    {
        run.generate(first, split);
        run.generate(first + split, count - split);
    }
    return run.result().tally;
}

bool same(ExactSum const& a, ExactSum const& b) { return std::memcmp(a.limb, b.limb, sizeof a.limb) == 0; }

}  // namespace

TEST(Counters, TallyMergeAndSummaryBeyond32Bits)
{
    RunTally a, b;
    a.accepted = 3 * two32 + 1;
    b.accepted = 2 * two32 + 5;
    a.failed_cuts = two32;
    b.failed_cuts = two32 - 1;
    a.zero_phase_space = 7;
    b.nonfinite = two32 + 2;
    merge(a, b);
    EXPECT_EQ(a.accepted, 5 * two32 + 6);
    EXPECT_EQ(a.failed_cuts, 2 * two32 - 1);
    EXPECT_EQ(a.nonfinite, two32 + 2);
    std::uint64_t const tried = 10 * two32;
    RunSummary const s = summarize(a, tried);
    EXPECT_EQ(s.events_tried, tried);
    EXPECT_EQ(s.events_accepted, 5 * two32 + 6);
    EXPECT_EQ(s.events_failed_cuts, 2 * two32 - 1);
    EXPECT_EQ(s.nonfinite_weights, two32 + 2);
    EXPECT_DOUBLE_EQ(s.efficiency, static_cast<double>(5 * two32 + 6) / static_cast<double>(tried));
}

TEST(Counters, EventIndicesBeyond32BitsThroughThePipeline)
{
    // Indices straddling 2^32 in one launch (chunks of both sides on several threads) give
    // exactly what two launches give, and events 2^32 + i are not events i again.
    RunSpec const spec = bhabha(2);
    std::uint64_t const first = two32 - 1000;
    RunTally const one = tally_of(spec, first, 3000);
    RunTally const two = tally_of(spec, first, 3000, 1000);
    EXPECT_TRUE(same(one.sum_w, two.sum_w));
    EXPECT_TRUE(same(one.sum_w2, two.sum_w2));
    EXPECT_EQ(one.accepted, two.accepted);
    EXPECT_EQ(one.failed_cuts, two.failed_cuts);
    EXPECT_GT(one.accepted, 0u);

    RunTally const high = tally_of(spec, two32, 2000);
    RunTally const low = tally_of(spec, 0, 2000);
    EXPECT_FALSE(same(high.sum_w, low.sum_w));
}

TEST(Counters, EventCountsOutsideTheIndexRangesAreRefused)
{
    RunSpec spec = bhabha(1);
    spec.events = max_production_events;
    EXPECT_THROW(validate(spec), InputError);
    spec.events = max_production_events - 1;
    EXPECT_NO_THROW(validate(spec));

    RunSpec a = read_run_card(FATHOM_SOURCE_DIR "/configs/ee_eeaa_belle2_adaptive.toml");
    a.adapt_events = max_adaptation_events + 1;
    EXPECT_THROW(validate(a), InputError);
    a.adapt_events = max_adaptation_events;
    EXPECT_NO_THROW(validate(a));
}

}  // namespace fathom
