// JSON documents are nlohmann::ordered_json (keys stay in the order written, so outputs read
// and diff well). This adds what fathom's files need on top of it:
// - strict reading (parse_json, read_json_file): RFC 8259 only (no comments, trailing commas,
//   NaN/Infinity, leading zeros; valid UTF-8; one value per document), and also no repeated
//   key (which value would be meant?) and no nesting deeper than 256 levels. Errors are one
//   InputError line "<source>:<line>: invalid JSON: <what>".
// - typed member access whose errors name the file and the key path (JsonFields);
// - writing (to_json_text, write_json_file): two-space indentation, doubles as the shortest
//   text that reads back to the same double and always with a '.' or an exponent (1.0, not 1),
//   bytes that are not UTF-8 replaced by U+FFFD, atomically (temporary file, then rename).
//   A non-finite double is refused, naming its key: JSON has no literal for it, and nlohmann
//   would write null silently. Where "no value" is meant (no limit), the caller writes null
//   explicitly (number_or_null) and documents it.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace fathom
{
using Json = nlohmann::ordered_json;

//! Parse one JSON document. Throws InputError "<source>:<line>: invalid JSON: <what>".
Json parse_json(std::string_view text, std::string const& source = "JSON text");

//! Read and parse a JSON file. Throws InputError naming the file (and the line for bad JSON).
Json read_json_file(std::filesystem::path const& path);

//! Pretty-printed text of a document (no final newline). Throws std::runtime_error naming
//! the key path of a non-finite number ("<what>: the number at 'a.b[2]' is nan ...").
std::string to_json_text(Json const& doc, std::string const& what = "JSON document");

//! Write a document plus a final newline atomically; a non-finite number is refused (above)
//! and nothing is written.
void write_json_file(std::filesystem::path const& path, Json const& doc);

//! The number, or null when it is absent or not finite: for fields where that means "none"
//! (no limit, no comparison curve), never to hide a failed computation.
Json number_or_null(std::optional<double> x);

//! Members of a parsed document with InputErrors "<context>: key 'masses[0].m_a_gev' is
//! missing" (or "is not a finite number", "is not a string"); `where` is the path of obj.
class JsonFields
{
  public:
    //! context names the file, e.g. "scan index 'out/index.json'"
    explicit JsonFields(std::string context) : context_(std::move(context)) {}

    [[noreturn]] void fail(std::string const& what) const;

    //! obj[key]; fails if obj is not an object or has no such key
    Json const& member(Json const& obj, std::string const& key, std::string const& where = {}) const;
    //! a finite number (integers convert)
    double number(Json const& obj, std::string const& key, std::string const& where = {}) const;
    std::string const& string(Json const& obj, std::string const& key, std::string const& where = {}) const;

  private:
    std::string context_;
};
}  // namespace fathom
