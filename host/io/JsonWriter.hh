// A small JSON value type and a pretty-printing serialiser (the parser is JsonReader.hh).
//
// Output conventions (stable, so that run summaries diff cleanly between runs):
// - objects keep their keys in insertion order; assigning an existing key replaces its value
//   in place;
// - doubles are written with 17 significant digits, which reads back to the same double, and
//   always look like floating-point numbers ("1.0", not "1") so that readers keep the type;
// - non-finite doubles (NaN, +-inf) are written as null: JSON has no literal for them, and
//   null is read by every parser, whereas a string would silently change the field's type;
// - strings are UTF-8; '"', '\\' and control characters are escaped, bytes that are not valid
//   UTF-8 are replaced by U+FFFD so the output is always valid JSON;
// - two-space indentation, empty containers as [] and {}, no trailing newline (write_json_file
//   adds one).
#pragma once

#include <concepts>
#include <cstdint>
#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace fathom
{
class JsonValue
{
  public:
    using Array = std::vector<JsonValue>;
    using Object = std::vector<std::pair<std::string, JsonValue>>;

    enum class Kind
    {
        null,
        boolean,
        int64,
        uint64,
        real,
        string,
        array,
        object
    };

    //!@{
    //! Construct from a C++ value; integers keep their signedness, so 2^64-1 stays exact.
    JsonValue() = default;
    JsonValue(std::nullptr_t) {}
    JsonValue(bool b) : value_(b) {}
    template<std::signed_integral T>
    JsonValue(T i) : value_(static_cast<std::int64_t>(i))
    {
    }
    template<std::unsigned_integral T>
        requires(!std::same_as<T, bool>)
    JsonValue(T u) : value_(static_cast<std::uint64_t>(u))
    {
    }
    JsonValue(double d) : value_(d) {}
    JsonValue(float f) : value_(static_cast<double>(f)) {}
    JsonValue(std::string s) : value_(std::move(s)) {}
    JsonValue(std::string_view s) : value_(std::string(s)) {}
    JsonValue(char const* s) : value_(std::string(s)) {}
    JsonValue(Array a) : value_(std::move(a)) {}
    JsonValue(Object o) : value_(std::move(o)) {}
    //!@}

    //! Empty containers (a default JsonValue is null).
    static JsonValue array() { return JsonValue(Array{}); }
    static JsonValue object() { return JsonValue(Object{}); }

    Kind kind() const { return static_cast<Kind>(value_.index()); }
    bool is_null() const { return this->kind() == Kind::null; }
    bool is_number() const
    {
        return this->kind() == Kind::int64 || this->kind() == Kind::uint64
               || this->kind() == Kind::real;
    }

    //!@{
    //! Typed access; throws std::runtime_error on a kind mismatch. as_double accepts any
    //! number (int64, uint64 or real).
    bool as_bool() const;
    std::int64_t as_int64() const;
    std::uint64_t as_uint64() const;
    double as_double() const;
    std::string const& as_string() const;
    Array const& as_array() const;
    Array& as_array();
    Object const& as_object() const;
    Object& as_object();
    //!@}

    //! Object member, inserted as null at the end if absent (a null value becomes an object).
    JsonValue& operator[](std::string_view key);
    //! Object member or nullptr if absent (throws if this is not an object).
    JsonValue const* find(std::string_view key) const;
    //! Set an object member: replaces in place if present, else appends.
    JsonValue& set(std::string_view key, JsonValue value);
    //! Append to an array (a null value becomes an array).
    JsonValue& push_back(JsonValue value);
    //! Number of elements of an array or object; zero otherwise.
    std::size_t size() const;

    friend bool operator==(JsonValue const&, JsonValue const&) = default;

  private:
    // Order matters: it matches Kind.
    using Storage = std::variant<std::nullptr_t, bool, std::int64_t, std::uint64_t, double,
                                 std::string, Array, Object>;
    Storage value_{nullptr};
};

//! Pretty-printed JSON text of a value (see the conventions above).
std::string to_json(JsonValue const& value);
//! Write the pretty-printed JSON text of a value to a stream.
void write_json(std::ostream& os, JsonValue const& value);
//! JSON text of a double (17 significant digits, or null when not finite).
std::string json_number(double d);
//! Quoted, escaped JSON string literal of UTF-8 text.
std::string json_quote(std::string_view s);
//! Write a JSON document plus a final newline atomically (temporary file, then rename).
void write_json_file(std::filesystem::path const& path, JsonValue const& value);
}  // namespace fathom
