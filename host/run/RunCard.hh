// Run card (TOML) -> RunSpec, with strict checking of every key, and RunSpec -> effective card.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "RunSpec.hh"

namespace fathom
{
//! Read and validate a run card. Throws InputError with a one-line message naming the file
//! and key on any problem (missing/empty file, syntax, unknown key, wrong type or value).
//! \p overrides: the command line's `--set KEY=VALUE`, applied before the card is read.
RunSpec read_run_card(std::filesystem::path const& path, std::vector<std::string> const& overrides = {});

//! Parse a run card from text (for tests); `origin` names it in messages.
RunSpec parse_run_card(std::string const& text, std::string const& origin);

//! The run-card part of a parsed TOML document; top-level keys in `other_tables` are left to
//! the caller (the scan card's [scan] table) instead of being rejected as unknown.
RunSpec run_spec_from_toml(toml::table const& root, std::string const& origin,
                           std::vector<std::string> const& other_tables = {});

//! Validate the cross-key consistency of a spec (also after command-line overrides).
void validate(RunSpec const& spec);

//! The full effective card: every key with the value used, defaults included.
toml::table effective_card(RunSpec const& spec);
}  // namespace fathom
