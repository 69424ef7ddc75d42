#include "reach/PyhfWorkspace.hh"

#include <gtest/gtest.h>

#include "ReachTestSupport.hh"
#include "run/InputError.hh"

namespace fathom
{
namespace
{
JsonValue numbers(std::vector<double> const& v)
{
    JsonValue a = JsonValue::array();
    for (double x : v)
        a.push_back(x);
    return a;
}

TEST(PyhfWorkspace, full_model)
{
    ReachInput in;
    in.signal = {2, 0, 1, 0.5};
    in.background = {9, 0, 4, 0};
    in.background_variance = {2.25, 0, 1, 0};
    in.background_norm_uncertainty = 0.1;
    PyhfWorkspaceOptions opt;
    opt.mu_upper_bound = 40;
    JsonValue const ws = make_pyhf_workspace(make_reach_bins(in), opt);

    ASSERT_EQ(1u, ws.find("channels")->size());
    JsonValue const& channel = ws.find("channels")->as_array()[0];
    EXPECT_EQ("reach", channel.find("name")->as_string());
    auto const& samples = channel.find("samples")->as_array();
    ASSERT_EQ(2u, samples.size());

    // The empty bin 1 is gone; bin 3 (signal only) carries the floored background.
    EXPECT_EQ("signal", samples[0].find("name")->as_string());
    EXPECT_EQ(numbers({2, 1, 0.5}), *samples[0].find("data"));
    auto const& smod = samples[0].find("modifiers")->as_array();
    ASSERT_EQ(1u, smod.size());
    EXPECT_EQ("mu", smod[0].find("name")->as_string());
    EXPECT_EQ("normfactor", smod[0].find("type")->as_string());
    EXPECT_TRUE(smod[0].find("data")->is_null());

    EXPECT_EQ("background", samples[1].find("name")->as_string());
    EXPECT_EQ(numbers({9, 4, default_background_floor}), *samples[1].find("data"));
    auto const& bmod = samples[1].find("modifiers")->as_array();
    ASSERT_EQ(2u, bmod.size());
    EXPECT_EQ("staterror", bmod[0].find("type")->as_string());
    EXPECT_EQ("staterror_reach", bmod[0].find("name")->as_string());
    EXPECT_EQ(numbers({1.5, 1, 0}), *bmod[0].find("data"));  // absolute: sqrt(v)
    EXPECT_EQ("normsys", bmod[1].find("type")->as_string());
    EXPECT_DOUBLE_EQ(1.1, bmod[1].find("data")->find("hi")->as_double());
    EXPECT_DOUBLE_EQ(0.9, bmod[1].find("data")->find("lo")->as_double());

    JsonValue const& obs = ws.find("observations")->as_array()[0];
    EXPECT_EQ("reach", obs.find("name")->as_string());
    EXPECT_EQ(numbers({9, 4, default_background_floor}), *obs.find("data"));

    JsonValue const& config = ws.find("measurements")->as_array()[0].find("config")[0];
    EXPECT_EQ("mu", config.find("poi")->as_string());
    JsonValue const& mu = config.find("parameters")->as_array()[0];
    EXPECT_EQ("mu", mu.find("name")->as_string());
    EXPECT_EQ(numbers({0, 40}), mu.find("bounds")->as_array()[0]);
    EXPECT_EQ("1.0.0", ws.find("version")->as_string());
}

TEST(PyhfWorkspace, no_mc_error_no_staterror_and_no_normsys)
{
    JsonValue const ws = make_pyhf_workspace(test::make_bins({1, 2}, {3, 4}));
    auto const& bmod = ws.find("channels")->as_array()[0].find("samples")->as_array()[1]
                           .find("modifiers")->as_array();
    EXPECT_TRUE(bmod.empty());
    // Empty modifiers must still be an array for pyhf's schema.
    EXPECT_NE(std::string::npos, to_json(ws).find("\"modifiers\": []"));
    PyhfWorkspaceOptions bad;
    bad.mu_upper_bound = 0;
    EXPECT_THROW(make_pyhf_workspace(test::make_bins({1}, {3}), bad), InputError);
}
}  // namespace
}  // namespace fathom
