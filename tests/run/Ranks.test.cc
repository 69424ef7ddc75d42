#include "run/Ranks.hh"

#include <stdexcept>

#include <gtest/gtest.h>

namespace fathom
{
namespace
{
TEST(Ranks, LocalRanksMapToDevicesRoundRobin)
{
    // a faked node: the mapping is a pure function of the local rank and the visible devices
    for (int devices : {1, 2, 4, 8})
    {
        std::vector<int> used(devices, 0);
        for (int local = 0; local < 2 * devices; ++local)
        {
            int const d = device_for_local_rank(local, devices);
            ASSERT_GE(d, 0);
            ASSERT_LT(d, devices);
            ++used[d];
        }
        for (int u : used)
            EXPECT_EQ(u, 2);  // every device gets the same number of ranks
    }
    EXPECT_EQ(device_for_local_rank(5, 4), 1);
    EXPECT_THROW(device_for_local_rank(0, 0), std::invalid_argument);
}

TEST(Ranks, OneProcessIsOneRankAndKeepsItsThreads)
{
    // not started by an MPI launcher (or built without MPI): one rank, no-op reductions
    EXPECT_EQ(ranks().size, 1);
    EXPECT_EQ(ranks().rank, 0);
    EXPECT_EQ(threads_for_rank(0), 0u);
    EXPECT_EQ(threads_for_rank(3), 3u);
    EXPECT_EQ(agree_on_status(2), 2);
    DeviceRunResult r;
    r.sum_w.resize(1);
    r.sum_w[0].limb[1] = 7;
    allreduce_exact(r);
    EXPECT_EQ(r.sum_w[0].limb[1], 7u);
}
}  // namespace
}  // namespace fathom
