#include "reach/PyhfWorkspace.hh"

#include <gtest/gtest.h>

#include "ReachTestSupport.hh"
#include "run/InputError.hh"

namespace fathom
{
namespace
{
Json numbers(std::vector<double> const& v)
{
    Json a = Json::array();
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
    Json const ws = make_pyhf_workspace(make_reach_bins(in), opt);

    ASSERT_EQ(1u, ws.at("channels").size());
    Json const& channel = ws.at("channels").at(0);
    EXPECT_EQ("reach", channel.at("name").get<std::string>());
    auto const& samples = channel.at("samples");
    ASSERT_EQ(2u, samples.size());

    // The empty bin 1 is gone; bin 3 (signal only) carries the floored background.
    EXPECT_EQ("signal", samples[0].at("name").get<std::string>());
    EXPECT_EQ(numbers({2, 1, 0.5}), samples[0].at("data"));
    auto const& smod = samples[0].at("modifiers");
    ASSERT_EQ(1u, smod.size());
    EXPECT_EQ("mu", smod[0].at("name").get<std::string>());
    EXPECT_EQ("normfactor", smod[0].at("type").get<std::string>());
    EXPECT_TRUE(smod[0].at("data").is_null());

    EXPECT_EQ("background", samples[1].at("name").get<std::string>());
    EXPECT_EQ(numbers({9, 4, default_background_floor}), samples[1].at("data"));
    auto const& bmod = samples[1].at("modifiers");
    ASSERT_EQ(2u, bmod.size());
    EXPECT_EQ("staterror", bmod[0].at("type").get<std::string>());
    EXPECT_EQ("staterror_reach", bmod[0].at("name").get<std::string>());
    EXPECT_EQ(numbers({1.5, 1, 0}), bmod[0].at("data"));  // absolute: sqrt(v)
    EXPECT_EQ("normsys", bmod[1].at("type").get<std::string>());
    EXPECT_DOUBLE_EQ(1.1, bmod[1].at("data").at("hi").get<double>());
    EXPECT_DOUBLE_EQ(0.9, bmod[1].at("data").at("lo").get<double>());

    Json const& obs = ws.at("observations").at(0);
    EXPECT_EQ("reach", obs.at("name").get<std::string>());
    EXPECT_EQ(numbers({9, 4, default_background_floor}), obs.at("data"));

    Json const& config = ws.at("measurements").at(0).at("config");
    EXPECT_EQ("mu", config.at("poi").get<std::string>());
    Json const& mu = config.at("parameters").at(0);
    EXPECT_EQ("mu", mu.at("name").get<std::string>());
    EXPECT_EQ(numbers({0, 40}), mu.at("bounds").at(0));
    EXPECT_EQ("1.0.0", ws.at("version").get<std::string>());
}

TEST(PyhfWorkspace, no_mc_error_no_staterror_and_no_normsys)
{
    Json const ws = make_pyhf_workspace(test::make_bins({1, 2}, {3, 4}));
    auto const& bmod = ws.at("channels").at(0).at("samples").at(1).at("modifiers");
    EXPECT_TRUE(bmod.is_array() && bmod.empty());
    // Empty modifiers must still be an array for pyhf's schema.
    EXPECT_NE(std::string::npos, to_json_text(ws).find("\"modifiers\": []"));
    PyhfWorkspaceOptions bad;
    bad.mu_upper_bound = 0;
    EXPECT_THROW(make_pyhf_workspace(test::make_bins({1}, {3}), bad), InputError);
}
}  // namespace
}  // namespace fathom
