#include "run/Luminosity.hh"

#include <gtest/gtest.h>

#include "run/InputError.hh"

namespace fathom
{
TEST(Luminosity, UnitsScaleToInversePicobarn)
{
    EXPECT_DOUBLE_EQ(parse_luminosity_pb("50ab-1", "x"), 5e7);
    EXPECT_DOUBLE_EQ(parse_luminosity_pb("50 /ab", "x"), 5e7);
    EXPECT_DOUBLE_EQ(parse_luminosity_pb("1000fb-1", "x"), 1e6);
    EXPECT_DOUBLE_EQ(parse_luminosity_pb("5e7pb-1", "x"), 5e7);
    EXPECT_DOUBLE_EQ(parse_luminosity_pb("2 nb-1", "x"), 2e-3);
    EXPECT_EQ(format_luminosity(5e7), "50 ab^-1");
}

TEST(Luminosity, BadInputNamesTheOption)
{
    for (char const* bad : {"50", "ab-1", "-1ab-1", "0fb-1", "x50ab-1", "50 xb-1", "nanab-1", "infab-1", ""})
    {
        try
        {
            parse_luminosity_pb(bad, "option --luminosity");
            ADD_FAILURE() << bad;
        }
        catch (InputError const& e)
        {
            EXPECT_NE(std::string(e.what()).find("option --luminosity"), std::string::npos) << e.what();
        }
    }
}

TEST(Luminosity, UnknownUnitIsNamed)
{
    try
    {
        parse_luminosity_pb("50xb-1", "option --luminosity");
        ADD_FAILURE() << "50xb-1 accepted";
    }
    catch (InputError const& e)
    {
        std::string const msg = e.what();
        EXPECT_NE(msg.find("unknown unit \"xb-1\""), std::string::npos) << msg;
        EXPECT_NE(msg.find("ab-1, fb-1, pb-1"), std::string::npos) << msg;
    }
}
}  // namespace fathom
