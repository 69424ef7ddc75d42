#include "io/JsonReader.hh"

#include <cstdint>
#include <fstream>
#include <limits>

#include <gtest/gtest.h>

#include "ScratchDirectory.hh"
#include "run/InputError.hh"

namespace fathom
{
namespace
{
//! The message of the InputError that parsing text throws ("" if none).
std::string parse_error(std::string_view text)
{
    try
    {
        parse_json(text, "doc.json");
    }
    catch (InputError const& e)
    {
        return e.what();
    }
    return {};
}

TEST(JsonReader, Scalars)
{
    EXPECT_TRUE(parse_json("null").is_null());
    EXPECT_EQ(parse_json(" true ").as_bool(), true);
    EXPECT_EQ(parse_json("false").as_bool(), false);
    EXPECT_EQ(parse_json("-12").as_int64(), -12);
    EXPECT_EQ(parse_json("18446744073709551615").as_uint64(),
              std::numeric_limits<std::uint64_t>::max());
    EXPECT_EQ(parse_json("5e7").as_double(), 5e7);
    EXPECT_EQ(parse_json("0.1").as_double(), 0.1);
    EXPECT_EQ(parse_json("-0.0").kind(), JsonValue::Kind::real);
    // integers beyond 64 bits become doubles; as_double accepts every number kind
    EXPECT_EQ(parse_json("36893488147419103232").as_double(), 36893488147419103232.0);
    EXPECT_EQ(parse_json("3").as_double(), 3.0);
    EXPECT_EQ(parse_json("-3").as_double(), -3.0);
    EXPECT_THROW(parse_json("\"x\"").as_double(), std::runtime_error);
}

TEST(JsonReader, Strings)
{
    EXPECT_EQ(parse_json(R"("a\"b\\c\/\n\t")").as_string(), "a\"b\\c/\n\t");
    EXPECT_EQ(parse_json(R"("\u00e9\u03b3")").as_string(), "\xC3\xA9\xCE\xB3");
    EXPECT_EQ(parse_json(R"("\ud83d\ude00")").as_string(), "\xF0\x9F\x98\x80");  // surrogates
    EXPECT_EQ(parse_json("\"\xCE\xB3\"").as_string(), "\xCE\xB3");
}

TEST(JsonReader, ContainersKeepOrderAndRoundTripTheWriter)
{
    JsonValue doc = JsonValue::object();
    doc.set("z", 1);
    doc.set("a", JsonValue(JsonValue::Array{1.5, "x", nullptr, true, JsonValue::object()}));
    doc.set("n", -7);
    doc.set("big", std::uint64_t{1} << 63);
    doc.set("tiny", 4.9406564584124654e-324);
    doc.set("e", JsonValue::array());
    JsonValue const back = parse_json(to_json(doc));
    EXPECT_EQ(back, doc);
    EXPECT_EQ(back.as_object().front().first, "z");
    EXPECT_EQ(back.find("a")->as_array()[1].as_string(), "x");
}

TEST(JsonReader, StrictErrorsNameSourceAndLine)
{
    EXPECT_EQ(parse_error("{\n  \"a\": 1,\n}"),
              "doc.json:3: invalid JSON: expected a string key");
    EXPECT_EQ(parse_error("[1, 2,]"), "doc.json:1: invalid JSON: unexpected character ']'");
    EXPECT_EQ(parse_error("{\"a\": 1, \"a\": 2}"),
              "doc.json:1: invalid JSON: key \"a\" appears twice");
    EXPECT_NE(parse_error("01"), "");
    EXPECT_NE(parse_error("NaN"), "");
    EXPECT_NE(parse_error("1."), "");
    EXPECT_NE(parse_error("1e999"), "");
    EXPECT_NE(parse_error("\"abc"), "");
    EXPECT_NE(parse_error("\"a\nb\""), "");        // raw control character
    EXPECT_NE(parse_error("\"\\ud800\""), "");     // lone surrogate
    EXPECT_NE(parse_error("\"\xFF\""), "");        // not UTF-8
    EXPECT_NE(parse_error("\"\xEF\xBF\xBD\xFF\""), "");  // U+FFFD, then an invalid byte
    EXPECT_EQ(parse_json("\"\xEF\xBF\xBD\"").as_string(), "\xEF\xBF\xBD");
    EXPECT_NE(parse_error("{} {}"), "");
    EXPECT_NE(parse_error("// c\n1"), "");
    EXPECT_NE(parse_error(""), "");
    EXPECT_NE(parse_error(std::string(1000, '[')), "");  // too deep, not a stack overflow
    EXPECT_EQ(parse_error("  {\"a\": [1, {\"b\": null}]}  \n"), "");
}

TEST(JsonReader, Files)
{
    test::ScratchDirectory dir;
    std::ofstream(dir / "ok.json") << "{\"format\": \"fathom-scan-1\"}\n";
    EXPECT_EQ(read_json_file(dir / "ok.json").find("format")->as_string(), "fathom-scan-1");
    std::ofstream(dir / "bad.json") << "{\n\"format\" \"x\"}\n";
    try
    {
        read_json_file(dir / "bad.json");
        FAIL() << "no error";
    }
    catch (InputError const& e)
    {
        EXPECT_EQ(std::string(e.what()),
                  (dir / "bad.json").string() + ":2: invalid JSON: expected ':' after key \"format\"");
    }
    try
    {
        read_json_file(dir / "missing.json");
        FAIL() << "no error";
    }
    catch (InputError const& e)
    {
        EXPECT_NE(std::string(e.what()).find("missing.json"), std::string::npos);
    }
}
}  // namespace
}  // namespace fathom
