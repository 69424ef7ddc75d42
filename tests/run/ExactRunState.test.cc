#include "run/ExactRunState.hh"

#include <random>

#include <gtest/gtest.h>

#include "io/ScratchDirectory.hh"
#include "run/InputError.hh"
#include "run/RunCard.hh"

namespace fathom
{
namespace
{
//! A run's sums with random limbs in every bin and the tally, and a sparse weight spectrum.
ExactRunState random_state(DeviceSetupBuild const& build, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    ExactRunState s;
    std::uint64_t const n = build.setup.params.histograms.total_bins;
    s.sums.sum_w.resize(n);
    s.sums.sum_w2.resize(n);
    for (std::uint64_t b = 0; b < n; ++b)
    {
        if (b >= build.setup.params.histograms.weight_spectrum_offset && rng() % 8 != 0)
            continue;  // most spectrum bins empty, as in a run
        for (int k = 0; k < 4; ++k)
        {
            s.sums.sum_w[b].limb[k] = rng();
            s.sums.sum_w2[b].limb[k] = rng();
        }
    }
    s.sums.tally.sum_w.limb[0] = ~std::uint64_t{0};  // a carry into the next limb when added
    s.sums.tally.sum_w2.limb[1] = rng();
    s.sums.tally.accepted = rng() >> 20;
    s.sums.tally.failed_cuts = 3;
    s.sums.tally.max_weight_bits = rng() >> 2;
    s.ranges = {{seed, 0, 1000}};
    s.grid_digest = "fnv1a64:0123456789abcdef";
    return s;
}

void write_state(std::filesystem::path const& file, ExactRunState const& s, DeviceSetupBuild const& build)
{
    std::vector<HistogramData> hists;
    for (std::size_t h = 0; h < build.histograms.size(); ++h)
    {
        HistogramData d;
        d.spec = build.histograms[h];
        d.values.assign(build.setup.histograms[h].size, 0.0);
        d.variances = d.values;
        set_exact_limbs(s.sums, build.setup.histograms[h], d);
        hists.push_back(std::move(d));
    }
    write_histograms_hdf5(file, hists, exact_file_attributes(s, build));
}

void expect_equal(ExactRunState const& a, ExactRunState const& b)
{
    ASSERT_EQ(a.sums.sum_w.size(), b.sums.sum_w.size());
    for (std::size_t i = 0; i < a.sums.sum_w.size(); ++i)
        for (int k = 0; k < 4; ++k)
        {
            ASSERT_EQ(a.sums.sum_w[i].limb[k], b.sums.sum_w[i].limb[k]) << i;
            ASSERT_EQ(a.sums.sum_w2[i].limb[k], b.sums.sum_w2[i].limb[k]) << i;
        }
    for (int k = 0; k < 4; ++k)
    {
        EXPECT_EQ(a.sums.tally.sum_w.limb[k], b.sums.tally.sum_w.limb[k]);
        EXPECT_EQ(a.sums.tally.sum_w2.limb[k], b.sums.tally.sum_w2.limb[k]);
    }
    EXPECT_EQ(a.sums.tally.accepted, b.sums.tally.accepted);
    EXPECT_EQ(a.sums.tally.failed_cuts, b.sums.tally.failed_cuts);
    EXPECT_EQ(a.sums.tally.max_weight_bits, b.sums.tally.max_weight_bits);
    EXPECT_EQ(a.ranges, b.ranges);
    EXPECT_EQ(a.grid_digest, b.grid_digest);
}

TEST(ExactRunState, RoundTripsThroughHistogramsFileBitForBit)
{
    test::ScratchDirectory dir;
    DeviceSetupBuild const build = build_device_setup(read_run_card(FATHOM_SOURCE_DIR "/configs/bhabha_belle2.toml"));
    ExactRunState const s = random_state(build, 11);
    write_state(dir / "h.h5", s, build);
    expect_equal(read_exact_run_state(dir / "h.h5", build), s);
}

TEST(ExactRunState, MergeCarriesBetweenLimbsAndJoinsRanges)
{
    DeviceSetupBuild const build = build_device_setup(read_run_card(FATHOM_SOURCE_DIR "/configs/bhabha_belle2.toml"));
    ExactRunState a = random_state(build, 3);
    ExactRunState b = random_state(build, 3);
    b.ranges = {{3, 1000, 1500}};
    merge(a, b);
    // ~0 + ~0 = 2^65 - 2: limb 0 = ~0 - 1, carry 1 into limb 1 (which held 0 + 0)
    EXPECT_EQ(a.sums.tally.sum_w.limb[0], ~std::uint64_t{0} - 1);
    EXPECT_EQ(a.sums.tally.sum_w.limb[1], 1u);
    EXPECT_EQ(a.ranges, (std::vector<EventRange>{{3, 0, 1500}}));
    EXPECT_EQ(a.events(), 1500u);
    EXPECT_EQ(a.grid_digest, b.grid_digest);
    b.grid_digest = "fnv1a64:fedcba9876543210";
    merge(a, b);
    EXPECT_EQ(a.grid_digest, "mixed");
}

TEST(ExactRunState, RefusesFilesWithoutExactSums)
{
    test::ScratchDirectory dir;
    DeviceSetupBuild const build = build_device_setup(read_run_card(FATHOM_SOURCE_DIR "/configs/bhabha_belle2.toml"));
    HistogramData d;
    d.spec = build.histograms.front();
    d.values.assign(build.setup.histograms.front().size, 0.0);
    d.variances = d.values;
    write_histograms_hdf5(dir / "old.h5", {d}, {{"process", std::string("ee_ee")}});
    try
    {
        read_exact_run_state(dir / "old.h5", build);
        FAIL() << "expected an InputError";
    }
    catch (InputError const& e)
    {
        EXPECT_EQ(std::string(e.what()), (dir / "old.h5").string() + ": histograms format 1 (no exact sums), but "
                                         "fathom merge needs format 2 (run it again with this fathom)");
    }
}
}  // namespace
}  // namespace fathom
