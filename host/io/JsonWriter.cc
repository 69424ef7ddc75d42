#include "JsonWriter.hh"

#include <charconv>
#include <cmath>
#include <ostream>
#include <stdexcept>
#include <system_error>

#include "OutputDirectory.hh"

namespace fathom
{
namespace
{
char const* kind_name(JsonValue::Kind k)
{
    switch (k)
    {
        case JsonValue::Kind::null: return "null";
        case JsonValue::Kind::boolean: return "bool";
        case JsonValue::Kind::int64: return "int64";
        case JsonValue::Kind::uint64: return "uint64";
        case JsonValue::Kind::real: return "double";
        case JsonValue::Kind::string: return "string";
        case JsonValue::Kind::array: return "array";
        case JsonValue::Kind::object: return "object";
    }
    return "?";
}

[[noreturn]] void throw_kind(JsonValue::Kind actual, char const* wanted)
{
    throw std::runtime_error(std::string("JSON value is ") + kind_name(actual) + ", not " + wanted);
}

//! Length of the valid UTF-8 sequence at s[i], or 0 if the bytes there are not valid UTF-8
//! (overlong forms, surrogates and code points above U+10FFFF are invalid).
std::size_t utf8_sequence_length(std::string_view s, std::size_t i)
{
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    unsigned char c = byte(i);
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF)
    {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;  // overlong
        if (c == 0xED)
            hi = 0x9F;  // surrogates
    }
    else if (c >= 0xF0 && c <= 0xF4)
    {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;  // overlong
        if (c == 0xF4)
            hi = 0x8F;  // above U+10FFFF
    }
    else
        return 0;
    if (i + len > s.size())
        return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi)
        return 0;
    for (std::size_t k = 2; k < len; ++k)
    {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF)
            return 0;
    }
    return len;
}

void append_quoted(std::string& out, std::string_view s)
{
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (std::size_t i = 0; i < s.size();)
    {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80)
        {
            switch (c)
            {
                case '"': out += "\\\""; break;
                case '\\': out += "\\\\"; break;
                case '\b': out += "\\b"; break;
                case '\f': out += "\\f"; break;
                case '\n': out += "\\n"; break;
                case '\r': out += "\\r"; break;
                case '\t': out += "\\t"; break;
                default:
                    if (c < 0x20)
                    {
                        out += "\\u00";
                        out += hex[c >> 4];
                        out += hex[c & 0xF];
                    }
                    else
                    {
                        out += static_cast<char>(c);
                    }
            }
            ++i;
            continue;
        }
        std::size_t len = utf8_sequence_length(s, i);
        if (len == 0)
        {
            out += "\xEF\xBF\xBD";  // U+FFFD replacement character
            ++i;
            continue;
        }
        out.append(s.substr(i, len));
        i += len;
    }
    out += '"';
}

void append_number(std::string& out, double d)
{
    if (!std::isfinite(d))
    {
        out += "null";
        return;
    }
    char buf[64];
    // to_chars is locale independent, unlike printf (a "," decimal point would break JSON).
    auto [end, ec] = std::to_chars(buf, buf + sizeof(buf), d, std::chars_format::general, 17);
    if (ec != std::errc{})
        throw std::runtime_error("cannot format a double as JSON");
    std::string_view text(buf, static_cast<std::size_t>(end - buf));
    out += text;
    if (text.find_first_of(".e") == std::string_view::npos)
        out += ".0";  // keep it a floating-point number for readers that distinguish
}

template<class T>
void append_integer(std::string& out, T i)
{
    char buf[32];
    auto result = std::to_chars(buf, buf + sizeof(buf), i);  // cannot fail: 32 chars suffice
    out.append(buf, static_cast<std::size_t>(result.ptr - buf));
}

void append_indent(std::string& out, int depth)
{
    out += '\n';
    out.append(static_cast<std::size_t>(2 * depth), ' ');
}

void append_value(std::string& out, JsonValue const& v, int depth)
{
    switch (v.kind())
    {
        case JsonValue::Kind::null: out += "null"; break;
        case JsonValue::Kind::boolean: out += v.as_bool() ? "true" : "false"; break;
        case JsonValue::Kind::int64: append_integer(out, v.as_int64()); break;
        case JsonValue::Kind::uint64: append_integer(out, v.as_uint64()); break;
        case JsonValue::Kind::real: append_number(out, v.as_double()); break;
        case JsonValue::Kind::string: append_quoted(out, v.as_string()); break;
        case JsonValue::Kind::array:
        {
            auto const& a = v.as_array();
            if (a.empty())
            {
                out += "[]";
                break;
            }
            out += '[';
            for (std::size_t i = 0; i < a.size(); ++i)
            {
                if (i > 0)
                    out += ',';
                append_indent(out, depth + 1);
                append_value(out, a[i], depth + 1);
            }
            append_indent(out, depth);
            out += ']';
            break;
        }
        case JsonValue::Kind::object:
        {
            auto const& o = v.as_object();
            if (o.empty())
            {
                out += "{}";
                break;
            }
            out += '{';
            for (std::size_t i = 0; i < o.size(); ++i)
            {
                if (i > 0)
                    out += ',';
                append_indent(out, depth + 1);
                append_quoted(out, o[i].first);
                out += ": ";
                append_value(out, o[i].second, depth + 1);
            }
            append_indent(out, depth);
            out += '}';
            break;
        }
    }
}
}  // namespace

//---------------------------------------------------------------------------//
bool JsonValue::as_bool() const
{
    if (auto const* p = std::get_if<bool>(&value_))
        return *p;
    throw_kind(this->kind(), "bool");
}

std::int64_t JsonValue::as_int64() const
{
    if (auto const* p = std::get_if<std::int64_t>(&value_))
        return *p;
    throw_kind(this->kind(), "int64");
}

std::uint64_t JsonValue::as_uint64() const
{
    if (auto const* p = std::get_if<std::uint64_t>(&value_))
        return *p;
    throw_kind(this->kind(), "uint64");
}

double JsonValue::as_double() const
{
    if (auto const* p = std::get_if<double>(&value_))
        return *p;
    // A reader cannot know whether "1" was meant as a double: any number converts (large
    // integers round to the nearest double).
    if (auto const* p = std::get_if<std::int64_t>(&value_))
        return static_cast<double>(*p);
    if (auto const* p = std::get_if<std::uint64_t>(&value_))
        return static_cast<double>(*p);
    throw_kind(this->kind(), "number");
}

std::string const& JsonValue::as_string() const
{
    if (auto const* p = std::get_if<std::string>(&value_))
        return *p;
    throw_kind(this->kind(), "string");
}

auto JsonValue::as_array() const -> Array const&
{
    if (auto const* p = std::get_if<Array>(&value_))
        return *p;
    throw_kind(this->kind(), "array");
}

auto JsonValue::as_array() -> Array&
{
    if (auto* p = std::get_if<Array>(&value_))
        return *p;
    throw_kind(this->kind(), "array");
}

auto JsonValue::as_object() const -> Object const&
{
    if (auto const* p = std::get_if<Object>(&value_))
        return *p;
    throw_kind(this->kind(), "object");
}

auto JsonValue::as_object() -> Object&
{
    if (auto* p = std::get_if<Object>(&value_))
        return *p;
    throw_kind(this->kind(), "object");
}

JsonValue& JsonValue::operator[](std::string_view key)
{
    if (this->is_null())
        value_ = Object{};
    auto& o = this->as_object();
    for (auto& [k, v] : o)
    {
        if (k == key)
            return v;
    }
    o.emplace_back(std::string(key), JsonValue{});
    return o.back().second;
}

JsonValue const* JsonValue::find(std::string_view key) const
{
    for (auto const& [k, v] : this->as_object())
    {
        if (k == key)
            return &v;
    }
    return nullptr;
}

JsonValue& JsonValue::set(std::string_view key, JsonValue value)
{
    JsonValue& slot = (*this)[key];
    slot = std::move(value);
    return slot;
}

JsonValue& JsonValue::push_back(JsonValue value)
{
    if (this->is_null())
        value_ = Array{};
    auto& a = this->as_array();
    a.push_back(std::move(value));
    return a.back();
}

std::size_t JsonValue::size() const
{
    if (auto const* a = std::get_if<Array>(&value_))
        return a->size();
    if (auto const* o = std::get_if<Object>(&value_))
        return o->size();
    return 0;
}

//---------------------------------------------------------------------------//
std::string to_json(JsonValue const& value)
{
    std::string out;
    append_value(out, value, 0);
    return out;
}

void write_json(std::ostream& os, JsonValue const& value)
{
    os << to_json(value);
}

std::string json_number(double d)
{
    std::string out;
    append_number(out, d);
    return out;
}

std::string json_quote(std::string_view s)
{
    std::string out;
    append_quoted(out, s);
    return out;
}

void write_json_file(std::filesystem::path const& path, JsonValue const& value)
{
    write_text_file_atomic(path, to_json(value) + '\n');
}
}  // namespace fathom
