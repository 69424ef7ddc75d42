#include "fathom/pipeline/EventRecorder.hh"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace fathom
{
namespace
{
struct RecorderTest : ::testing::Test
{
    std::vector<ExactSum> sw = std::vector<ExactSum>(6), sw2 = std::vector<ExactSum>(6);
    HistogramParams hist;
    EventRecorder<PrivateFill> recorder;
    RunTally tally;

    void SetUp() override
    {
        hist.ndim = 1;
        hist.axes[0] = {AxisKind::regular, 4, 0.0, 4.0, nullptr};
        hist.strides[0] = 1;
        hist.size = 6;
        recorder = {{1, &hist, 6}, {sw.data(), sw2.data()}};
    }

    EventResult accepted(double w, double x)
    {
        EventResult r;
        r.status = EventStatus::accepted;
        r.weight = w;
        r.weights[0] = w;
        r.observables[0] = x;
        return r;
    }
};
}  // namespace

TEST_F(RecorderTest, AcceptedEventsFillTallyAndBins)
{
    recorder(accepted(2.0, 1.5), tally);
    recorder(accepted(-0.5, 1.2), tally);
    recorder(accepted(3.0, 9.0), tally);  // overflow bin
    EXPECT_EQ(tally.accepted, 3u);
    EXPECT_EQ(to_double(tally.sum_w), 4.5);
    EXPECT_EQ(to_double(tally.sum_w2), 4.0 + 0.25 + 9.0);
    EXPECT_EQ(to_double(sw[2]), 1.5);
    EXPECT_EQ(to_double(sw2[2]), 4.25);
    EXPECT_EQ(to_double(sw[5]), 3.0);
    double maxw;
    std::memcpy(&maxw, &tally.max_weight_bits, sizeof maxw);
    EXPECT_EQ(maxw, 3.0);
}

TEST_F(RecorderTest, NonFiniteAndOutOfRangeWeightsAreCountedNeverAdded)
{
    recorder(accepted(1.0, 0.5), tally);
    EventResult nan;
    nan.status = EventStatus::nonfinite;
    nan.weight = NAN;
    recorder(nan, tally);
    // finite, but w^2 beyond the exact accumulator's range (2^127): refused as well
    recorder(accepted(1e20, 0.5), tally);
    EXPECT_EQ(tally.nonfinite, 2u);
    EXPECT_EQ(tally.accepted, 1u);
    EXPECT_EQ(to_double(tally.sum_w), 1.0);
    EXPECT_EQ(to_double(sw[1]), 1.0);
}

TEST_F(RecorderTest, RejectedEventsOnlyCount)
{
    EventResult r;
    r.status = EventStatus::failed_cuts;
    recorder(r, tally);
    r.status = EventStatus::zero_phase_space;
    recorder(r, tally);
    EXPECT_EQ(tally.failed_cuts, 1u);
    EXPECT_EQ(tally.zero_phase_space, 1u);
    EXPECT_EQ(tally.accepted, 0u);
    for (auto const& s : sw)
        EXPECT_EQ(to_double(s), 0.0);
}

TEST_F(RecorderTest, HistogramsFilledWithNamedParts)
{
    HistogramParams part_hist = hist;
    part_hist.offset = 0;
    part_hist.weight_index = 2;  // the process's second part
    std::vector<ExactSum> pw(6), pw2(6);
    EventRecorder<PrivateFill> parts{{1, &part_hist, 6}, {pw.data(), pw2.data()}};
    EventResult r = accepted(2.0, 0.5);
    r.num_weights = 4;
    r.weights[1] = 1.5;
    r.weights[2] = 0.75;
    r.weights[3] = -0.25;
    parts(r, tally);
    EXPECT_EQ(to_double(tally.sum_w), 2.0);  // the tally keeps the event weight
    EXPECT_EQ(to_double(pw[1]), 0.75);
    EXPECT_EQ(to_double(pw2[1]), 0.5625);
    // a part out of range makes the whole event non-finite: nothing is added
    r.weights[3] = 1e25;
    parts(r, tally);
    EXPECT_EQ(tally.nonfinite, 1u);
    EXPECT_EQ(to_double(pw[1]), 0.75);
}

TEST(RunTally, MergeIsExactAndKeepsMaximum)
{
    RunTally a, b;
    add(a.sum_w, 1e30);
    add(b.sum_w, 1.0);
    add(b.sum_w, -1e30);
    a.accepted = 2;
    b.accepted = 3;
    a.max_weight_bits = 5;
    b.max_weight_bits = 9;
    merge(a, b);
    EXPECT_EQ(to_double(a.sum_w), 1.0);
    EXPECT_EQ(a.accepted, 5u);
    EXPECT_EQ(a.max_weight_bits, 9u);
}
}  // namespace fathom
