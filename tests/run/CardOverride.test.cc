#include "run/CardOverride.hh"

#include <gtest/gtest.h>

#include "run/InputError.hh"
#include "run/RunCard.hh"
#include "run/TomlTableReader.hh"

namespace fathom
{
namespace
{
constexpr char const* card = R"(
[beams]
sqrt_s = 10.58
[process]
name = "ee_ee"
z_exchange = false
[run]
events = 1000
)";

toml::table overridden(std::vector<std::string> const& sets)
{
    toml::table root = toml::parse(card);
    apply_card_overrides(root, sets);
    return root;
}

//! The one-line error of a set of overrides ("" if none).
std::string error_of(std::vector<std::string> const& sets)
{
    try
    {
        overridden(sets);
    }
    catch (InputError const& e)
    {
        std::string msg = e.what();
        EXPECT_EQ(msg.find('\n'), std::string::npos) << msg;
        return msg;
    }
    return "";
}

//! The run card read with overrides, through the shared reader.
RunSpec run_with(std::vector<std::string> const& sets)
{
    return run_spec_from_toml(parse_card_toml(card, "card.toml", "run card", sets), "card.toml");
}
}  // namespace

TEST(CardOverride, ReplacesAndCreatesTypedValues)
{
    toml::table t = overridden({"process.z_exchange=true", "beams.sqrt_s = 11", "process.name=\"ee_eeaa\"",
                                "detector.enabled=true", "run.events=2000", "run.events=3000"});
    EXPECT_EQ(t["process"]["z_exchange"].value<bool>(), true);
    EXPECT_EQ(t["beams"]["sqrt_s"].value<double>(), 11.0);  // an integer where the card has a float
    EXPECT_EQ(t["process"]["name"].value<std::string>(), "ee_eeaa");
    EXPECT_EQ(t["detector"]["enabled"].value<bool>(), true);  // created with its table
    EXPECT_EQ(t["run"]["events"].value<std::int64_t>(), 3000);  // the last one wins
    toml::table a = overridden({"histograms=[{name = \"m\", axes = [{observable = \"m_ee\", bins = 2, "
                                "lower = 0.0, upper = 1.0}]}]"});
    ASSERT_TRUE(a["histograms"].is_array());
    EXPECT_EQ(a["histograms"][0]["name"].value<std::string>(), "m");
}

TEST(CardOverride, KeepsTheCardsType)
{
    EXPECT_EQ(error_of({"process.z_exchange=1"}),
              "option --set 'process.z_exchange=1': the card's 'process.z_exchange' is a boolean, got an integer");
    EXPECT_NE(error_of({"process.name=3"}).find("is a string, got an integer (strings go in quotes"),
              std::string::npos);
    EXPECT_NE(error_of({"beams.sqrt_s=\"10\""}).find("'beams.sqrt_s' is a float, got a string"), std::string::npos);
    EXPECT_EQ(error_of({"process=1"}), "option --set 'process=1': the card's 'process' is a table, got an integer");
    EXPECT_EQ(error_of({"process.name.x=1"}),
              "option --set 'process.name.x=1': the card's 'process.name' is a string, not a table "
              "(--set reaches keys of tables)");
}

TEST(CardOverride, BadSyntaxIsOneLine)
{
    std::string const key = "expected KEY=VALUE with KEY a dotted card key, e.g. process.z_exchange=true";
    std::string const value = "expected a TOML value after '=' (true, 42, 1.5e-4, \"text\", [1, 2])";
    EXPECT_EQ(error_of({"foo"}), "option --set 'foo': " + key);
    EXPECT_EQ(error_of({"=1"}), "option --set '=1': " + key);
    EXPECT_EQ(error_of({"a..b=1"}), "option --set 'a..b=1': " + key);
    EXPECT_EQ(error_of({"a b=1"}), "option --set 'a b=1': " + key);
    EXPECT_EQ(error_of({"a.b="}), "option --set 'a.b=': " + value);
    EXPECT_EQ(error_of({"a.b=out"}), "option --set 'a.b=out': " + value);  // a string needs quotes
    EXPECT_EQ(error_of({"a.b=1 2"}), "option --set 'a.b=1 2': " + value);
    EXPECT_EQ(error_of({"a.b=1\nc=2"}), "option --set 'a.b=1\\nc=2': " + value);
    EXPECT_EQ(error_of({"a.b=1 c=2"}), "option --set 'a.b=1 c=2': " + value);
}

TEST(CardOverride, TheCardsChecksApply)
{
    EXPECT_TRUE(run_with({"process.z_exchange=true"}).z_exchange);
    EXPECT_EQ(run_with({"run.events=1e4"}).events, 10000u);  // a float count, as in a card
    auto error = [](std::vector<std::string> const& sets) -> std::string {
        try
        {
            run_with(sets);
        }
        catch (InputError const& e)
        {
            return e.what();
        }
        return "";
    };
    EXPECT_EQ(error({"process.no_such_key=1"}).rfind("card.toml: unknown key 'process.no_such_key' (expected one of:", 0),
              0u)
        << error({"process.no_such_key=1"});
    EXPECT_EQ(error({"nosuchtable.x=1"}).rfind("card.toml: unknown key 'nosuchtable'", 0), 0u)
        << error({"nosuchtable.x=1"});
    EXPECT_NE(error({"run.events=1.5"}).find("key 'run.events': expected a non-negative integer, got 1.5"),
              std::string::npos);
    EXPECT_NE(error({"process.name=\"nonsense\""}).find("card.toml: key 'process.name'"), std::string::npos)
        << error({"process.name=\"nonsense\""});
}
}  // namespace fathom
