// The one place input files (cards, CSV tables, curves) are opened and read: a path that is not
// a readable regular file is named with the reason (no such file, a directory, a FIFO or device),
// and a read error is reported as one, never as an empty file.
#pragma once

#include <filesystem>
#include <string>

namespace fathom
{
//! Why \p path cannot be read as an input file ("no such file", "is a directory", "is not a
//! regular file (a FIFO)", ...); empty if it is a regular file.
std::string input_file_problem(std::filesystem::path const& path);

//! The whole content of an input file. \p what names it in messages, e.g. "run card 'a.toml'":
//! InputError "<what>: <problem>" for a path that is not a regular file or cannot be opened,
//! std::runtime_error "<what>: read error: <reason>" for a failed read (a file-system failure).
std::string read_input_file(std::filesystem::path const& path, std::string const& what);

//! Drop a UTF-8 byte-order mark at the start (spreadsheet programs write one before a CSV header).
void strip_utf8_bom(std::string& text);
}  // namespace fathom
