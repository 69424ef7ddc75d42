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

//! The radiative-Bhabha background with the analysis cuts and the adaptive sampler, small.
RunOutcome adaptive_background(bool simd, unsigned threads)
{
    RunSpec spec = read_run_card(FATHOM_SOURCE_DIR "/configs/ee_eeaa_belle2_adaptive.toml");
    spec.events = 20'003;
    spec.adapt_iterations = 2;
    spec.adapt_events = 6'001;
    spec.threads = threads;
    spec.simd = simd;
    spec.batch_size = 7'000;
    return simulate(spec);
}

TEST(Determinism, SimdPagesGiveTheEventByEventBits)
{
    // the omp backend evaluates ee_eeaa on SIMD packs of events in pages (kernels/CpuEventPages.hh),
    // in adaptation and in production: grids, weights and histograms must not notice
    RunOutcome const a = adaptive_background(false, 1);
    RunOutcome const b = adaptive_background(true, 2);
    EXPECT_GT(a.summary.events_accepted, 1000u);
    EXPECT_TRUE(bit_equal(a.summary.sum_w, b.summary.sum_w));
    EXPECT_TRUE(bit_equal(a.summary.sum_w2, b.summary.sum_w2));
    EXPECT_TRUE(bit_equal(a.summary.max_weight, b.summary.max_weight));
    EXPECT_EQ(a.summary.events_accepted, b.summary.events_accepted);
    EXPECT_EQ(a.summary.nonfinite_weights, b.summary.nonfinite_weights);
    ASSERT_EQ(a.histograms.size(), b.histograms.size());
    for (std::size_t h = 0; h < a.histograms.size(); ++h)
    {
        ASSERT_EQ(a.histograms[h].values.size(), b.histograms[h].values.size());
        EXPECT_EQ(std::memcmp(a.histograms[h].values.data(), b.histograms[h].values.data(),
                              a.histograms[h].values.size() * sizeof(double)),
                  0)
            << "histogram " << h;
        EXPECT_EQ(std::memcmp(a.histograms[h].variances.data(), b.histograms[h].variances.data(),
                              a.histograms[h].variances.size() * sizeof(double)),
                  0)
            << "histogram " << h;
    }
}

TEST(Determinism, ThreadCountOfOneRunDoesNotLeakIntoTheNext)
{
    // threads = 0 means the machine's default, also after a run that asked for 1 thread
    RunOutcome const a = run_with(0, 10'000);
    RunOutcome const b = run_with(1, 10'000);
    RunOutcome const c = run_with(0, 10'000);
    EXPECT_EQ(b.threads, 1u);
    EXPECT_EQ(a.threads, c.threads);
    EXPECT_TRUE(bit_equal(a.summary.sum_w, c.summary.sum_w));
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
