// Issue 5, memory: 64-bit event counters and indices everywhere, memory that does not grow with
// the number of events, and histograms that cannot fit the device refused before allocation.
#include <cstring>
#include <string>

#include <gtest/gtest.h>

#include "DeviceRun.hh"
#include "run/DeviceMemoryCheck.hh"
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

std::string error_of(RunSpec const& spec)
{
    try
    {
        simulate(spec);
    }
    catch (InputError const& e)
    {
        return e.what();
    }
    return "";
}
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

TEST(Counters, MemoryEstimateIsWhatTheRunHolds)
{
    for (char const* card : {"/configs/bhabha_belle2.toml", "/configs/ee_eeaa_belle2_adaptive.toml"})
    {
        for (unsigned threads : {1u, 3u})
        {
            RunSpec spec = read_run_card(std::string(FATHOM_SOURCE_DIR) + card);
            spec.threads = threads;
            DeviceSetupBuild const build = build_device_setup(spec);
            DeviceMemoryEstimate const e = DeviceRun::estimate_memory(build.setup);
            EXPECT_EQ(e.replicas, threads);
            EXPECT_EQ(e.histogram_bytes, build.setup.params.histograms.total_bins * threads * 2 * sizeof(ExactSum));
            EXPECT_EQ(e.training_bytes > 0, build.setup.sampler == SamplerKind::adaptive) << card;
            EXPECT_GT(e.available_bytes, 0u);
            DeviceRun run(build.setup);
            // what the run allocates, and on cuda the stack the runtime reserves for its kernels
            EXPECT_EQ(run.device_bytes() + e.local_memory_bytes, e.total_bytes) << card << ", " << threads << " threads";
            if (DeviceRun::backend_name() == std::string("omp"))
                EXPECT_EQ(e.local_memory_bytes, 0u);
        }
    }
}

TEST(Counters, RunsThatDoNotFitAreRefusedWithTheirSize)
{
    RunSpec spec = bhabha(2);
    spec.events = 1000;
    DeviceMemoryEstimate const e = DeviceRun::estimate_memory(build_device_setup(spec).setup);
    spec.max_device_memory = e.total_bytes;
    EXPECT_EQ(simulate(spec).summary.events_tried, 1000u);  // exactly at the limit: runs
    spec.max_device_memory = e.total_bytes - 1;
    std::string const msg = error_of(spec);
    EXPECT_NE(msg.find(std::to_string(e.histogram_bytes) + " bytes"), std::string::npos) << msg;
    EXPECT_NE(msg.find("limit of " + std::to_string(e.total_bytes - 1) + " bytes (--max-device-memory)"),
              std::string::npos)
        << msg;
    EXPECT_EQ(msg.find('\n'), std::string::npos);

    // 4D, 2000 bins per axis: 2002^4 bins with flow, 2 threads x 2 sums x 32 bytes each,
    // about 2 PB: refused against the machine's free memory, naming its size
    RunSpec huge = bhabha(2);
    HistogramSpec h;
    h.name = "huge";
    for (char const* obs : {"t_plus", "t_minus", "s_plus", "s_minus"})
    {
        AxisSpec a;
        a.observable = obs;
        a.bins = 2000;
        a.lower = 0;
        a.upper = 1;
        h.axes.push_back(a);
    }
    huge.histograms.push_back(h);
    std::string const big = error_of(huge);
    std::uint64_t const bins = 2002ull * 2002 * 2002 * 2002;
    EXPECT_NE(big.find("'huge' " + std::to_string(bins) + " bins = " + std::to_string(bins * 128) + " bytes"),
              std::string::npos)
        << big;
    EXPECT_NE(big.find("more than the limit of"), std::string::npos) << big;
}
}  // namespace fathom
