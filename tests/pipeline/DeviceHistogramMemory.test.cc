// CUDA builds only (runs where a GPU is lent): the production kernel's histograms privatised in
// shared memory per block, and filled with exact atomics straight into global memory, give the
// same ExactSum bits in every bin and in the tally, for any batch split. Exact fixed-point sums
// make the order of the atomics irrelevant.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "DeviceRun.hh"
#include "DeviceTestSupport.hh"
#include "run/DeviceSetupBuilder.hh"
#include "run/RunCard.hh"

namespace fathom
{
namespace
{
struct DeviceOutcome
{
    DeviceRunResult result;
    std::string description;
};

DeviceOutcome run_with(char const* card, HistogramMemory memory, std::uint64_t events, std::uint64_t batch)
{
    RunSpec spec = read_run_card(std::string(FATHOM_SOURCE_DIR "/configs/") + card);
    spec.seed = 7;
    DeviceSetupBuild build = build_device_setup(spec);
    build.setup.histogram_memory = memory;
    DeviceRun run(build.setup);
    for (std::uint64_t done = 0; done < events; done += batch)
        run.generate(done, std::min(batch, events - done));
    EXPECT_LE(run.events_finished(), events);
    run.synchronize();
    EXPECT_EQ(run.events_finished(), events);
    return {run.result(), run.description()};
}

bool same_bits(ExactSum const& a, ExactSum const& b)
{
    return std::memcmp(a.limb, b.limb, sizeof a.limb) == 0;
}

void expect_identical(DeviceRunResult const& a, DeviceRunResult const& b)
{
    EXPECT_TRUE(same_bits(a.tally.sum_w, b.tally.sum_w));
    EXPECT_TRUE(same_bits(a.tally.sum_w2, b.tally.sum_w2));
    EXPECT_EQ(a.tally.accepted, b.tally.accepted);
    EXPECT_EQ(a.tally.failed_cuts, b.tally.failed_cuts);
    EXPECT_EQ(a.tally.zero_phase_space, b.tally.zero_phase_space);
    EXPECT_EQ(a.tally.nonfinite, b.tally.nonfinite);
    EXPECT_EQ(a.tally.max_weight_bits, b.tally.max_weight_bits);
    ASSERT_EQ(a.sum_w.size(), b.sum_w.size());
    ASSERT_EQ(a.sum_w2.size(), b.sum_w2.size());
    std::size_t differing = 0, filled = 0;
    for (std::size_t k = 0; k < a.sum_w.size(); ++k)
    {
        differing += !same_bits(a.sum_w[k], b.sum_w[k]) || !same_bits(a.sum_w2[k], b.sum_w2[k]);
        filled += to_double(a.sum_w2[k]) > 0;
    }
    EXPECT_EQ(differing, 0u) << "of " << a.sum_w.size() << " bins";
    EXPECT_GT(filled, a.sum_w.size() / 10) << "too few bins filled to compare";
}
}  // namespace

TEST(DeviceHistogramMemory, SharedAndGlobalGiveIdenticalBits)
{
    FATHOM_REQUIRE_CUDA_DEVICE();
    DeviceOutcome const shared = run_with("bhabha_belle2.toml", HistogramMemory::shared, 300'000, 300'000);
    DeviceOutcome const global = run_with("bhabha_belle2.toml", HistogramMemory::global, 300'000, 300'000);
    EXPECT_NE(shared.description.find("shared memory"), std::string::npos) << shared.description;
    EXPECT_NE(global.description.find("global memory"), std::string::npos) << global.description;
    EXPECT_GT(shared.result.tally.accepted, 100'000u);
    expect_identical(shared.result, global.result);
}

TEST(DeviceHistogramMemory, BatchSplitsAndSmallGridsGiveIdenticalBits)
{
    FATHOM_REQUIRE_CUDA_DEVICE();
    // one launch; many launches queued two at a time; launches of fewer events than threads
    DeviceOutcome const one = run_with("bhabha_belle2.toml", HistogramMemory::shared, 100'003, 100'003);
    DeviceOutcome const many = run_with("bhabha_belle2.toml", HistogramMemory::shared, 100'003, 7'919);
    DeviceOutcome const tiny = run_with("bhabha_belle2.toml", HistogramMemory::global, 100'003, 997);
    expect_identical(one.result, many.result);
    expect_identical(one.result, tiny.result);
    std::printf("automatic: %s\n",
                run_with("bhabha_belle2.toml", HistogramMemory::automatic, 1'000, 1'000).description.c_str());
}

TEST(DeviceHistogramMemory, SharedRefusedWhenTheHistogramsCannotFit)
{
    FATHOM_REQUIRE_CUDA_DEVICE();
    // a 4D histogram of 12^4 bins: 1.3 MB of exact sums, beyond any block's shared memory
    RunSpec spec = read_run_card(FATHOM_SOURCE_DIR "/configs/ee_eeaa_belle2_rambo.toml");
    DeviceSetupBuild build = build_device_setup(spec);
    build.setup.histogram_memory = HistogramMemory::shared;
    DeviceRun run(build.setup);
    EXPECT_THROW(run.generate(0, 1'000), std::invalid_argument);
    build.setup.histogram_memory = HistogramMemory::automatic;
    DeviceRun automatic(build.setup);
    EXPECT_NE(automatic.description().find("global memory"), std::string::npos) << automatic.description();
    EXPECT_GT(automatic.preferred_batch_size(), 0u);
}
}  // namespace fathom
