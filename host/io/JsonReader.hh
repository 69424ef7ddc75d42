// A small strict JSON parser (RFC 8259) into JsonValue, for the files fathom reads back (the
// mass scan's index.json). Strict: no comments, trailing commas, NaN/Infinity literals or
// leading zeros, one value per document; strings must be valid UTF-8 after unescaping
// (\u surrogate pairs are combined). Numbers: integers that fit are int64, then uint64 (so
// the writer's int64 values read back as they were), everything else is a double (from_chars:
// the nearest double, locale independent).
// Object keys keep their order; a repeated key is an error (which value would be meant?).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "JsonWriter.hh"

namespace fathom
{
//! Parse one JSON document. Throws InputError "<source>:<line>: <what is wrong>", one line.
JsonValue parse_json(std::string_view text, std::string const& source = "JSON text");

//! Read and parse a JSON file. Throws InputError naming the file (and the line for bad JSON).
JsonValue read_json_file(std::filesystem::path const& path);
}  // namespace fathom
