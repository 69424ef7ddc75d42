// Results are bit-identical for any thread count and batch size: randoms depend only on
// (seed, event index) and all sums are exact.
#include <cstring>

#include <gtest/gtest.h>

#include "run/RunCard.hh"
#include "run/RunDriver.hh"

namespace fathom
{
namespace
{
RunOutcome run_with(unsigned threads, std::uint64_t batch, std::uint64_t seed = 99)
{
    RunSpec spec = read_run_card(FATHOM_SOURCE_DIR "/configs/bhabha_belle2.toml");
    spec.events = 30'011;
    spec.seed = seed;
    spec.threads = threads;
    spec.batch_size = batch;
    return simulate(spec);
}

bool bit_equal(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }
}  // namespace

TEST(Determinism, ThreadsAndBatchesGiveIdenticalBits)
{
    RunOutcome a = run_with(1, 30'011);
    RunOutcome b = run_with(2, 1'000);
    RunOutcome c = run_with(3, 257);
    for (RunOutcome const* o : {&b, &c})
    {
        EXPECT_TRUE(bit_equal(a.summary.sum_w, o->summary.sum_w));
        EXPECT_TRUE(bit_equal(a.summary.sum_w2, o->summary.sum_w2));
        EXPECT_TRUE(bit_equal(a.summary.cross_section_pb, o->summary.cross_section_pb));
        EXPECT_TRUE(bit_equal(a.summary.cross_section_error_pb, o->summary.cross_section_error_pb));
        EXPECT_TRUE(bit_equal(a.summary.max_weight, o->summary.max_weight));
        EXPECT_EQ(a.summary.events_accepted, o->summary.events_accepted);
        ASSERT_EQ(a.histograms.size(), o->histograms.size());
        for (std::size_t h = 0; h < a.histograms.size(); ++h)
        {
            ASSERT_EQ(a.histograms[h].values.size(), o->histograms[h].values.size());
            EXPECT_EQ(std::memcmp(a.histograms[h].values.data(), o->histograms[h].values.data(),
                                  a.histograms[h].values.size() * sizeof(double)),
                      0);
            EXPECT_EQ(std::memcmp(a.histograms[h].variances.data(), o->histograms[h].variances.data(),
                                  a.histograms[h].variances.size() * sizeof(double)),
                      0);
        }
    }
}

TEST(Determinism, SeedChangesTheSample)
{
    RunOutcome a = run_with(2, 5'000, 1);
    RunOutcome b = run_with(2, 5'000, 2);
    EXPECT_NE(a.summary.sum_w, b.summary.sum_w);
    // ... but both estimate the same cross section
    double diff = a.summary.cross_section_pb - b.summary.cross_section_pb;
    double err = std::hypot(a.summary.cross_section_error_pb, b.summary.cross_section_error_pb);
    EXPECT_LT(std::fabs(diff), 5 * err);
}
}  // namespace fathom
