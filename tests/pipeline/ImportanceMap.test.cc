// training_weight: an adaptation event trains with f / g times the map's factor in its bin of the
// map's histogram (flow bins included, offset of the histogram in the set removed), 0 if not
// accepted, and f / g alone without a map.
#include "fathom/pipeline/ImportanceMap.hh"

#include <gtest/gtest.h>

namespace fathom
{
namespace
{
EventResult event(EventStatus status, double w, double x)
{
    EventResult r;
    r.status = status;
    r.weight = w;
    r.weights[0] = w;
    r.observables[1] = x;
    return r;
}
}  // namespace

TEST(ImportanceMap, TrainsOnWeightTimesTheFactorOfTheEventsBin)
{
    HistogramParams hist;
    hist.ndim = 1;
    hist.axes[0] = {AxisKind::regular, 4, 0.0, 4.0, nullptr};
    hist.observable_slot[0] = 1;
    hist.strides[0] = 1;
    hist.offset = 100;  // a second histogram of the set: the map indexes its own bins
    hist.size = 6;
    real_type const factor[6] = {0.5, 1, 2, 3, 4, 7};
    ImportanceMapView const map{&hist, factor};
    EXPECT_EQ(training_weight(event(EventStatus::accepted, 2.0, 1.5), map), 2.0 * 2);
    EXPECT_EQ(training_weight(event(EventStatus::accepted, 2.0, -1.0), map), 2.0 * 0.5);  // underflow
    EXPECT_EQ(training_weight(event(EventStatus::accepted, 2.0, 9.0), map), 2.0 * 7);     // overflow
    EXPECT_EQ(training_weight(event(EventStatus::failed_cuts, 2.0, 1.5), map), 0.0);
    EXPECT_EQ(training_weight(event(EventStatus::nonfinite, 2.0, 1.5), map), 0.0);
    EXPECT_EQ(training_weight(event(EventStatus::accepted, 2.0, 1.5), ImportanceMapView{}), 2.0);
}
}  // namespace fathom
