// JSON reading and writing (host/io/JsonFile.hh, on nlohmann::ordered_json): the strictness and
// the output conventions fathom's files rely on.
#include "io/JsonFile.hh"

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
#include "run/InputError.hh"

namespace fathom
{
namespace
{
std::string text(Json const& v)
{
    return to_json_text(v);
}

//! The message of the InputError that parsing text throws ("" if none).
std::string parse_error(std::string_view s)
{
    try
    {
        parse_json(s, "doc.json");
    }
    catch (InputError const& e)
    {
        return e.what();
    }
    return {};
}

//! The message of the exception that writing v throws ("" if none).
std::string write_error(Json const& v)
{
    try
    {
        to_json_text(v, "cannot write 'x.json'");
    }
    catch (std::runtime_error const& e)
    {
        return e.what();
    }
    return {};
}

//---------------------------------------------------------------------------//
// Writing

TEST(JsonWriter, scalars)
{
    EXPECT_EQ("null", text(Json{}));
    EXPECT_EQ("null", text(Json(nullptr)));
    EXPECT_EQ("true", text(Json(true)));
    EXPECT_EQ("false", text(Json(false)));
    EXPECT_EQ("-42", text(Json(-42)));
    EXPECT_EQ("0", text(Json(0)));
    EXPECT_EQ("-9223372036854775808", text(Json(std::numeric_limits<std::int64_t>::min())));
    EXPECT_EQ("18446744073709551615", text(Json(std::numeric_limits<std::uint64_t>::max())));
    EXPECT_EQ("\"abc\"", text(Json("abc")));
    EXPECT_EQ("\"abc\"", text(Json(std::string("abc"))));
}

TEST(JsonWriter, integer_kinds)
{
    // integers keep their signedness, so 2^64-1 stays exact; bool is not a number
    EXPECT_TRUE(Json(int{1}).is_number_integer() && !Json(int{1}).is_number_unsigned());
    EXPECT_TRUE(Json(std::int64_t{-1}).is_number_integer());
    EXPECT_TRUE(Json(1u).is_number_unsigned());
    EXPECT_TRUE(Json(std::uint64_t{1}).is_number_unsigned());
    EXPECT_TRUE(Json(std::size_t{1}).is_number_unsigned());
    EXPECT_TRUE(Json(true).is_boolean());
    EXPECT_TRUE(Json(1.0).is_number_float());
    EXPECT_TRUE(Json(1.0f).is_number_float());
    EXPECT_TRUE(Json("x").is_string());
}

TEST(JsonWriter, doubles)
{
    // shortest text that reads back to the same double, always with '.' or an exponent
    EXPECT_EQ("1.0", text(Json(1.0)));
    EXPECT_EQ("-0.0", text(Json(-0.0)));
    EXPECT_EQ("0.0", text(Json(0.0)));
    EXPECT_EQ("0.1", text(Json(0.1)));
    EXPECT_EQ("1e+300", text(Json(1e300)));
    EXPECT_EQ("1e-300", text(Json(1e-300)));
    EXPECT_EQ("-0.25", text(Json(-0.25)));
    EXPECT_EQ("9.5367431640625e-07", text(Json(std::ldexp(1.0, -20))));
    EXPECT_EQ("123456789012.0", text(Json(123456789012.0)));
    EXPECT_EQ("5e-324", text(Json(std::numeric_limits<double>::denorm_min())));
    EXPECT_EQ("1.7976931348623157e+308", text(Json(std::numeric_limits<double>::max())));
    EXPECT_EQ("0.10000000149011612", text(Json(0.1f)));  // a float is written as its double
}

TEST(JsonWriter, non_finite_numbers_are_refused_naming_the_key)
{
    // JSON has no literal for them; nlohmann alone would write null without a word
    double const nan = std::numeric_limits<double>::quiet_NaN();
    double const inf = std::numeric_limits<double>::infinity();
    Json doc = Json::object();
    doc["run"]["ok"] = 1.0;
    doc["run"]["chi2_per_dof"] = nan;
    EXPECT_EQ(write_error(doc), "cannot write 'x.json': key 'run.chi2_per_dof' is nan, and JSON "
                                "has no literal for a non-finite number");
    doc["run"]["chi2_per_dof"] = 1.0;
    doc["points"] = Json::array();
    doc["points"].push_back(Json::object());
    doc["points"].push_back(Json::object());
    doc["points"][1]["g"] = Json::array({1.0, -inf});
    EXPECT_EQ(write_error(doc), "cannot write 'x.json': key 'points[1].g[1]' is -inf, and JSON "
                                "has no literal for a non-finite number");
    EXPECT_NE(write_error(Json(inf)).find("the document is inf"), std::string::npos);
    // where "no value" is meant, null is written on purpose
    EXPECT_EQ("null", text(number_or_null(inf)));
    EXPECT_EQ("null", text(number_or_null(nan)));
    EXPECT_EQ("null", text(number_or_null(std::nullopt)));
    EXPECT_EQ("2.5", text(number_or_null(2.5)));
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
        std::string const s = text(Json(d));
        double back = std::strtod(s.c_str(), nullptr);
        ASSERT_EQ(0, std::memcmp(&d, &back, sizeof(d))) << s;
        // and through fathom's own reader
        double again = parse_json(s).get<double>();
        ASSERT_EQ(0, std::memcmp(&d, &again, sizeof(d))) << s;
        ++checked;
    }
    EXPECT_GT(checked, 99000);
    for (double d : {0.1, 1.0 / 3.0, 2.0 / 3.0, 1e23, 5e-324, 2.2250738585072014e-308})
    {
        EXPECT_EQ(d, std::strtod(text(Json(d)).c_str(), nullptr)) << d;
    }
}

TEST(JsonWriter, string_escaping)
{
    EXPECT_EQ(R"("a\"b\\c")", text(Json("a\"b\\c")));
    EXPECT_EQ(R"("\b\f\n\r\t")", text(Json("\b\f\n\r\t")));
    EXPECT_EQ(R"("\u0000\u0001\u001f")", text(Json(std::string("\0\x01\x1f", 3))));
    EXPECT_EQ("\"/ \x7f\"", text(Json("/ \x7f")));  // neither needs escaping
    // valid UTF-8 passes through unchanged
    EXPECT_EQ("\"cos \xce\xb8 \xe2\x86\x92 \xf0\x9f\x98\x80\"",
              text(Json("cos \xce\xb8 \xe2\x86\x92 \xf0\x9f\x98\x80")));
    // invalid UTF-8 becomes U+FFFD (one per rejected byte; a truncated sequence is one), so
    // the output is always valid JSON: a path on disk may hold any bytes
    std::string const fffd = "\xef\xbf\xbd";
    EXPECT_EQ("\"a" + fffd + "b\"", text(Json("a\xff"
                                              "b")));
    EXPECT_EQ("\"" + fffd + fffd + "\"", text(Json("\xc0\xaf")));           // overlong '/'
    EXPECT_EQ("\"" + fffd + fffd + fffd + "\"", text(Json("\xed\xa0\x80")));  // surrogate
    EXPECT_EQ("\"x" + fffd + "\"", text(Json("x\xe2\x86")));                // truncated
    EXPECT_EQ("{\n  \"k" + fffd + "\": 1\n}", text(Json::object({{"k\xff", 1}})));  // keys too
}

TEST(JsonWriter, nesting_and_indentation)
{
    Json doc = Json::object();
    doc["name"] = "run";
    doc["events"] = std::uint64_t{10};
    doc["empty_array"] = Json::array();
    doc["empty_object"] = Json::object();
    Json& list = doc["list"];
    list.push_back(1);
    list.push_back(2.5);
    Json inner;
    inner["k"] = nullptr;
    list.push_back(inner);
    list.push_back(Json::array({true, "s"}));

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
    EXPECT_EQ(expected, text(doc));
}

TEST(JsonWriter, insertion_order_and_replacement)
{
    Json o;
    o["zeta"] = 1;
    o["alpha"] = 2;
    o["mid"] = 3;
    o["alpha"] = "two";  // replaced in place, order kept
    EXPECT_EQ(3u, o.size());
    EXPECT_EQ("{\n  \"zeta\": 1,\n  \"alpha\": \"two\",\n  \"mid\": 3\n}", text(o));
    ASSERT_NE(o.end(), o.find("mid"));
    EXPECT_EQ(3, o.find("mid")->get<std::int64_t>());
    EXPECT_EQ(o.end(), o.find("absent"));
    EXPECT_EQ(R"({
  "a\"key\n": 0
})",
              text(Json::object({{"a\"key\n", 0}})));
}

TEST(JsonWriter, kind_mismatch_throws)
{
    Json i = 1;
    EXPECT_THROW((void)i.get<std::string>(), Json::type_error);
    EXPECT_THROW(i["key"], Json::type_error);
    EXPECT_THROW(i.push_back(2), Json::type_error);
    EXPECT_THROW((void)Json("1").get<double>(), Json::type_error);
    EXPECT_EQ(Json(1), Json(1));
    EXPECT_NE(Json(1), Json("1"));
}

TEST(JsonWriter, write_file)
{
    test::ScratchDirectory dir;
    auto path = dir / "summary.json";
    Json doc;
    doc["x"] = 0.5;
    write_json_file(path, doc);
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    EXPECT_EQ("{\n  \"x\": 0.5\n}\n", ss.str());
    // only the file itself: no temporary left behind
    EXPECT_EQ(std::vector<std::string>{"summary.json"}, test::list_directory(dir.path()));
    EXPECT_THROW(write_json_file(dir / "missing" / "x.json", doc), std::runtime_error);
    // a non-finite number: refused, naming the file and the key, and nothing written
    doc["y"] = std::numeric_limits<double>::infinity();
    try
    {
        write_json_file(dir / "bad.json", doc);
        FAIL() << "no error";
    }
    catch (std::runtime_error const& e)
    {
        EXPECT_EQ(std::string(e.what()), "cannot write '" + (dir / "bad.json").string()
                                             + "': key 'y' is inf, and JSON has no literal "
                                               "for a non-finite number");
    }
    EXPECT_EQ(std::vector<std::string>{"summary.json"}, test::list_directory(dir.path()));
}

//---------------------------------------------------------------------------//
// Reading

TEST(JsonReader, Scalars)
{
    EXPECT_TRUE(parse_json("null").is_null());
    EXPECT_EQ(parse_json(" true ").get<bool>(), true);
    EXPECT_EQ(parse_json("false").get<bool>(), false);
    EXPECT_EQ(parse_json("-12").get<std::int64_t>(), -12);
    EXPECT_TRUE(parse_json("-12").is_number_integer());
    EXPECT_TRUE(parse_json("18446744073709551615").is_number_unsigned());
    EXPECT_EQ(parse_json("18446744073709551615").get<std::uint64_t>(),
              std::numeric_limits<std::uint64_t>::max());
    EXPECT_EQ(parse_json("5e7").get<double>(), 5e7);
    EXPECT_EQ(parse_json("0.1").get<double>(), 0.1);
    EXPECT_TRUE(parse_json("-0.0").is_number_float());
    EXPECT_TRUE(std::signbit(parse_json("-0.0").get<double>()));
    // integers beyond 64 bits become doubles; get<double> accepts every number kind
    EXPECT_EQ(parse_json("36893488147419103232").get<double>(), 36893488147419103232.0);
    EXPECT_EQ(parse_json("3").get<double>(), 3.0);
    EXPECT_EQ(parse_json("-3").get<double>(), -3.0);
    EXPECT_THROW((void)parse_json("\"x\"").get<double>(), Json::type_error);
}

TEST(JsonReader, Strings)
{
    EXPECT_EQ(parse_json(R"("a\"b\\c\/\n\t")").get<std::string>(), "a\"b\\c/\n\t");
    EXPECT_EQ(parse_json(R"("\u00e9\u03b3")").get<std::string>(), "\xC3\xA9\xCE\xB3");
    EXPECT_EQ(parse_json(R"("\ud83d\ude00")").get<std::string>(), "\xF0\x9F\x98\x80");  // surrogates
    EXPECT_EQ(parse_json("\"\xCE\xB3\"").get<std::string>(), "\xCE\xB3");
    // and back: the writer's text of any UTF-8 string reads back to the same string
    std::string const s = std::string("q\"\\/\b\f\n\r\t\x01\x7f \xCE\xB3 \xF0\x9F\x98\x80", 25);
    EXPECT_EQ(parse_json(text(Json(s))).get<std::string>(), s);
}

TEST(JsonReader, ContainersKeepOrderAndRoundTripTheWriter)
{
    Json doc = Json::object();
    doc["z"] = 1;
    doc["a"] = Json::array({1.5, "x", nullptr, true, Json::object()});
    doc["n"] = -7;
    doc["big"] = std::uint64_t{1} << 63;
    doc["tiny"] = 4.9406564584124654e-324;
    doc["e"] = Json::array();
    Json const back = parse_json(text(doc));
    EXPECT_EQ(back, doc);
    EXPECT_EQ(text(back), text(doc));
    EXPECT_EQ(back.begin().key(), "z");
    EXPECT_EQ(back["a"][1].get<std::string>(), "x");
    EXPECT_EQ(back["big"].get<std::uint64_t>(), std::uint64_t{1} << 63);
}

TEST(JsonReader, StrictErrorsNameSourceAndLine)
{
    EXPECT_EQ(parse_error("{\n  \"a\": 1,\n}"),
              "doc.json:3: invalid JSON: syntax error while parsing object key - unexpected '}'; "
              "expected string literal");
    EXPECT_EQ(parse_error("[1, 2,]"), "doc.json:1: invalid JSON: syntax error while parsing "
                                      "value - unexpected ']'; expected '[', '{', or a literal");
    EXPECT_NE(parse_error("01"), "");
    EXPECT_NE(parse_error("NaN"), "");
    EXPECT_NE(parse_error("Infinity"), "");
    EXPECT_NE(parse_error("1."), "");
    EXPECT_EQ(parse_error("[1,\n1e999\n]"),
              "doc.json:2: invalid JSON: number overflow parsing '1e999'");
    EXPECT_NE(parse_error("\"abc"), "");
    EXPECT_NE(parse_error("\"a\nb\""), "");        // raw control character
    EXPECT_NE(parse_error("\"\\ud800\""), "");     // lone surrogate
    EXPECT_NE(parse_error("\"\\udc00\""), "");     // lone low surrogate
    EXPECT_NE(parse_error("\"\xFF\""), "");        // not UTF-8
    EXPECT_NE(parse_error("\"\xEF\xBF\xBD\xFF\""), "");  // U+FFFD, then an invalid byte
    EXPECT_EQ(parse_json("\"\xEF\xBF\xBD\"").get<std::string>(), "\xEF\xBF\xBD");
    EXPECT_NE(parse_error("// c\n1"), "");
    EXPECT_NE(parse_error("/* c */ 1"), "");
    EXPECT_NE(parse_error(""), "");
    EXPECT_NE(parse_error("   \n"), "");
    EXPECT_EQ(parse_error("  {\"a\": [1, {\"b\": null}]}  \n"), "");
    // every message is one line
    for (char const* bad : {"{\"a\nb\": 1}", "[\"\x01\"]", "{\"\\n\": 1, \"\\n\": 2}"})
        EXPECT_EQ(parse_error(bad).find('\n'), std::string::npos) << parse_error(bad);
}

TEST(JsonReader, TrailingTextIsRefused)
{
    EXPECT_EQ(parse_error("{} {}"), "doc.json:1: invalid JSON: syntax error while parsing value "
                                    "- unexpected '{'; expected end of input");
    EXPECT_NE(parse_error("{\"a\": 1}\n\nx"), "");
    EXPECT_NE(parse_error("1 2"), "");
    EXPECT_NE(parse_error("[1]]"), "");
    // nlohmann alone stops at a NUL byte and would accept these
    EXPECT_EQ(parse_error(std::string("{}\0", 3)),
              "doc.json:1: invalid JSON: NUL byte (not allowed in JSON text)");
    EXPECT_EQ(parse_error(std::string("{}\n\0{\"a\": 1}", 11)),
              "doc.json:2: invalid JSON: NUL byte (not allowed in JSON text)");
    EXPECT_EQ(parse_error(std::string("{\"a\": 1\0}", 10)),
              "doc.json:1: invalid JSON: NUL byte (not allowed in JSON text)");
    EXPECT_NE(parse_error(std::string("\"a\0b\"", 5)), "");
    EXPECT_EQ(parse_error("{}\n\t \r\n"), "");  // white space is not text
}

TEST(JsonReader, RepeatedKeysAreRefused)
{
    // which value would be meant? (nlohmann keeps the last without a word)
    EXPECT_EQ(parse_error("{\"a\": 1, \"a\": 2}"), "doc.json:1: invalid JSON: duplicate key \"a\"");
    EXPECT_EQ(parse_error("{\n  \"x\": {\"b\": 1, \"c\": 2},\n  \"y\": [{\"b\": 1,\n    \"b\": 1}]\n}"),
              "doc.json:4: invalid JSON: duplicate key \"b\"");
    EXPECT_EQ(parse_error("{\"k\\n\": 1, \"k\\n\": 2}"),
              "doc.json:1: invalid JSON: duplicate key \"k\\n\"");  // escaped: one line
    // the same key in different objects, and an object's key equal to its parent's, are fine
    EXPECT_EQ(parse_error("{\"a\": {\"a\": 1}, \"b\": [{\"a\": 1}, {\"a\": 2}]}"), "");
    EXPECT_EQ(parse_error("{\"a\": 1, \"A\": 2, \"a \": 3}"), "");
}

TEST(JsonReader, DeepNestingIsAnErrorNotACrash)
{
    EXPECT_EQ(parse_error(std::string(1000, '[')),
              "doc.json:1: invalid JSON: nested deeper than 256 levels");
    std::string const deep = std::string(100000, '[') + std::string(100000, ']');
    EXPECT_NE(parse_error(deep).find("nested deeper than 256 levels"), std::string::npos);
    std::string objects;
    for (int i = 0; i < 300; ++i)
        objects += "{\"k\":";
    objects += "1" + std::string(300, '}');
    EXPECT_NE(parse_error(objects).find("nested deeper than 256 levels"), std::string::npos);
    // 256 levels are fine
    EXPECT_EQ(parse_error(std::string(256, '[') + std::string(256, ']')), "");
}

TEST(JsonReader, Files)
{
    test::ScratchDirectory dir;
    std::ofstream(dir / "ok.json") << "{\"format\": \"fathom-scan-1\"}\n";
    EXPECT_EQ(read_json_file(dir / "ok.json")["format"].get<std::string>(), "fathom-scan-1");
    std::ofstream(dir / "bad.json") << "{\n\"format\" \"x\"}\n";
    try
    {
        read_json_file(dir / "bad.json");
        FAIL() << "no error";
    }
    catch (InputError const& e)
    {
        EXPECT_EQ(std::string(e.what()),
                  (dir / "bad.json").string()
                      + ":2: invalid JSON: syntax error while parsing object separator - "
                        "unexpected string literal; expected ':'");
    }
    std::ofstream(dir / "dup.json") << "{\n  \"m\": 1,\n  \"m\": 2\n}\n";
    try
    {
        read_json_file(dir / "dup.json");
        FAIL() << "no error";
    }
    catch (InputError const& e)
    {
        EXPECT_EQ(std::string(e.what()),
                  (dir / "dup.json").string() + ":3: invalid JSON: duplicate key \"m\"");
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

TEST(JsonFields, ErrorsNameTheFileAndTheKeyPath)
{
    JsonFields const f("scan index 'i.json'");
    Json const doc = parse_json(R"({"n": 2, "i": -3, "s": "x", "list": [{"m": "1.5"}], "z": null})");
    EXPECT_EQ(f.number(doc, "n"), 2.0);
    EXPECT_EQ(f.number(doc, "i"), -3.0);
    EXPECT_EQ(f.string(doc, "s"), "x");
    EXPECT_EQ(&f.member(doc, "z"), &doc["z"]);
    auto error = [](auto&& fn) -> std::string {
        try
        {
            fn();
        }
        catch (InputError const& e)
        {
            return e.what();
        }
        return {};
    };
    EXPECT_EQ(error([&] { f.number(doc, "absent"); }), "scan index 'i.json': key 'absent' is missing");
    EXPECT_EQ(error([&] { f.number(doc, "s"); }), "scan index 'i.json': key 's' is not a finite number");
    EXPECT_EQ(error([&] { f.number(doc, "z"); }), "scan index 'i.json': key 'z' is not a finite number");
    EXPECT_EQ(error([&] { f.string(doc, "n"); }), "scan index 'i.json': key 'n' is not a string");
    EXPECT_EQ(error([&] { f.number(doc["list"][0], "m", "list[0]"); }),
              "scan index 'i.json': key 'list[0].m' is not a finite number");
    EXPECT_EQ(error([&] { f.member(doc["list"], "m", "list"); }),
              "scan index 'i.json': list is not an object");
    EXPECT_EQ(error([&] { f.member(Json::array(), "m"); }),
              "scan index 'i.json': the document is not an object");
    // a non-finite number can only come from code, never from a file: still refused
    Json inf = Json::object();
    inf["x"] = std::numeric_limits<double>::infinity();
    EXPECT_EQ(error([&] { f.number(inf, "x"); }), "scan index 'i.json': key 'x' is not a finite number");
}
}  // namespace
}  // namespace fathom
