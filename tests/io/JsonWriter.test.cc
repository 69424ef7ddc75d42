#include "io/JsonWriter.hh"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <random>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "ScratchDirectory.hh"

namespace fathom
{
namespace
{
TEST(JsonWriter, scalars)
{
    EXPECT_EQ("null", to_json(JsonValue{}));
    EXPECT_EQ("null", to_json(JsonValue{nullptr}));
    EXPECT_EQ("true", to_json(JsonValue{true}));
    EXPECT_EQ("false", to_json(JsonValue{false}));
    EXPECT_EQ("-42", to_json(JsonValue{-42}));
    EXPECT_EQ("0", to_json(JsonValue{0}));
    EXPECT_EQ("-9223372036854775808",
              to_json(JsonValue{std::numeric_limits<std::int64_t>::min()}));
    EXPECT_EQ("18446744073709551615",
              to_json(JsonValue{std::numeric_limits<std::uint64_t>::max()}));
    EXPECT_EQ("\"abc\"", to_json(JsonValue{"abc"}));
    EXPECT_EQ("\"abc\"", to_json(JsonValue{std::string("abc")}));
}

TEST(JsonWriter, integer_kinds)
{
    EXPECT_EQ(JsonValue::Kind::int64, JsonValue{int{1}}.kind());
    EXPECT_EQ(JsonValue::Kind::int64, JsonValue{std::int64_t{1}}.kind());
    EXPECT_EQ(JsonValue::Kind::uint64, JsonValue{1u}.kind());
    EXPECT_EQ(JsonValue::Kind::uint64, JsonValue{std::uint64_t{1}}.kind());
    EXPECT_EQ(JsonValue::Kind::uint64, JsonValue{std::size_t{1}}.kind());
    EXPECT_EQ(JsonValue::Kind::boolean, JsonValue{true}.kind());
    EXPECT_EQ(JsonValue::Kind::real, JsonValue{1.0}.kind());
    EXPECT_EQ(JsonValue::Kind::real, JsonValue{1.0f}.kind());
    EXPECT_EQ(JsonValue::Kind::string, JsonValue{"x"}.kind());
}

TEST(JsonWriter, doubles)
{
    EXPECT_EQ("1.0", json_number(1.0));
    EXPECT_EQ("-0.0", json_number(-0.0));
    EXPECT_EQ("0.0", json_number(0.0));
    EXPECT_EQ("0.10000000000000001", json_number(0.1));
    EXPECT_EQ("1.0000000000000001e+300", json_number(1e300));
    EXPECT_EQ("1e-300", json_number(1e-300));
    EXPECT_EQ("-0.25", json_number(-0.25));
    EXPECT_EQ("9.5367431640625e-07", json_number(std::ldexp(1.0, -20)));
    EXPECT_EQ("123456789012.0", json_number(123456789012.0));
    EXPECT_EQ("4.9406564584124654e-324", json_number(std::numeric_limits<double>::denorm_min()));
    EXPECT_EQ("1.7976931348623157e+308", json_number(std::numeric_limits<double>::max()));
    // JSON has no literal for non-finite numbers: documented as null
    EXPECT_EQ("null", json_number(std::numeric_limits<double>::quiet_NaN()));
    EXPECT_EQ("null", json_number(std::numeric_limits<double>::infinity()));
    EXPECT_EQ("null", json_number(-std::numeric_limits<double>::infinity()));
}

TEST(JsonWriter, double_round_trip)
{
    std::mt19937_64 rng(12345);
    std::uniform_int_distribution<std::uint64_t> bits;
    int checked = 0;
    for (int i = 0; i < 100000; ++i)
    {
        std::uint64_t b = bits(rng);
        double d;
        static_assert(sizeof(d) == sizeof(b));
        std::memcpy(&d, &b, sizeof(d));
        if (!std::isfinite(d))
            continue;
        std::string text = json_number(d);
        double back = std::strtod(text.c_str(), nullptr);
        ASSERT_EQ(0, std::memcmp(&d, &back, sizeof(d))) << text;
        ++checked;
    }
    EXPECT_GT(checked, 99000);
    for (double d : {0.1, 1.0 / 3.0, 2.0 / 3.0, 1e23, 5e-324, 2.2250738585072014e-308})
    {
        EXPECT_EQ(d, std::strtod(json_number(d).c_str(), nullptr)) << d;
    }
}

TEST(JsonWriter, string_escaping)
{
    EXPECT_EQ(R"("a\"b\\c")", json_quote("a\"b\\c"));
    EXPECT_EQ(R"("\b\f\n\r\t")", json_quote("\b\f\n\r\t"));
    EXPECT_EQ(R"("\u0000\u0001\u001f")", json_quote(std::string("\0\x01\x1f", 3)));
    EXPECT_EQ("\"/ \x7f\"", json_quote("/ \x7f"));  // neither needs escaping
    // valid UTF-8 passes through unchanged
    EXPECT_EQ("\"cos \xce\xb8 \xe2\x86\x92 \xf0\x9f\x98\x80\"",
              json_quote("cos \xce\xb8 \xe2\x86\x92 \xf0\x9f\x98\x80"));
    // invalid UTF-8 bytes become U+FFFD, one per bad byte
    std::string const fffd = "\xef\xbf\xbd";
    EXPECT_EQ("\"a" + fffd + "b\"", json_quote("a\xff"
                                                "b"));
    EXPECT_EQ("\"" + fffd + fffd + "\"", json_quote("\xc0\xaf"));           // overlong '/'
    EXPECT_EQ("\"" + fffd + fffd + fffd + "\"", json_quote("\xed\xa0\x80"));  // surrogate
    EXPECT_EQ("\"x" + fffd + fffd + "\"", json_quote("x\xe2\x86"));         // truncated
}

TEST(JsonWriter, nesting_and_indentation)
{
    JsonValue doc = JsonValue::object();
    doc["name"] = "run";
    doc["events"] = std::uint64_t{10};
    doc["empty_array"] = JsonValue::array();
    doc["empty_object"] = JsonValue::object();
    JsonValue& list = doc["list"];
    list.push_back(1);
    list.push_back(2.5);
    JsonValue inner;
    inner["k"] = nullptr;
    list.push_back(inner);
    list.push_back(JsonValue::Array{JsonValue{true}, JsonValue{"s"}});

    std::string expected = R"({
  "name": "run",
  "events": 10,
  "empty_array": [],
  "empty_object": {},
  "list": [
    1,
    2.5,
    {
      "k": null
    },
    [
      true,
      "s"
    ]
  ]
})";
    EXPECT_EQ(expected, to_json(doc));
    std::ostringstream os;
    write_json(os, doc);
    EXPECT_EQ(expected, os.str());
}

TEST(JsonWriter, insertion_order_and_replacement)
{
    JsonValue o;
    o["zeta"] = 1;
    o["alpha"] = 2;
    o["mid"] = 3;
    o.set("alpha", "two");  // replaced in place, order kept
    EXPECT_EQ(3u, o.size());
    EXPECT_EQ("{\n  \"zeta\": 1,\n  \"alpha\": \"two\",\n  \"mid\": 3\n}", to_json(o));
    ASSERT_NE(nullptr, o.find("mid"));
    EXPECT_EQ(3, o.find("mid")->as_int64());
    EXPECT_EQ(nullptr, o.find("absent"));
    EXPECT_EQ(R"({
  "a\"key\n": 0
})",
              to_json(JsonValue::Object{{"a\"key\n", JsonValue{0}}}));
}

TEST(JsonWriter, kind_mismatch_throws)
{
    JsonValue i = 1;
    EXPECT_THROW(i.as_string(), std::runtime_error);
    EXPECT_THROW(i["key"], std::runtime_error);
    EXPECT_THROW(i.push_back(2), std::runtime_error);
    EXPECT_THROW(JsonValue{1u}.as_int64(), std::runtime_error);
    EXPECT_EQ(JsonValue{1}, JsonValue{1});
    EXPECT_NE(JsonValue{1}, JsonValue{1u});
}

TEST(JsonWriter, write_file)
{
    test::ScratchDirectory dir;
    auto path = dir / "summary.json";
    JsonValue doc;
    doc["x"] = 0.5;
    write_json_file(path, doc);
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ("{\n  \"x\": 0.5\n}\n", ss.str());
    // only the file itself: no temporary left behind
    EXPECT_EQ(std::vector<std::string>{"summary.json"}, test::list_directory(dir.path()));
    EXPECT_THROW(write_json_file(dir / "missing" / "x.json", doc), std::runtime_error);
}
}  // namespace
}  // namespace fathom
