// Scan card (TOML) -> ScanSpec, with the run card's strict checking, and ScanSpec -> effective card.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "ScanSpec.hh"

namespace fathom
{
//! Read and validate a scan card; throws InputError naming the file and key on any problem.
//! \p overrides: the command line's `--set KEY=VALUE`, applied before the card is read.
ScanSpec read_scan_card(std::filesystem::path const& path, std::vector<std::string> const& overrides = {});

//! Parse a scan card from text (tests); `origin` names it in messages.
ScanSpec parse_scan_card(std::string const& text, std::string const& origin);

//! The scan-card part of a parsed TOML document; top-level tables in `other_tables` are left
//! to the caller (a tagger study's [tagger]).
ScanSpec scan_spec_from_toml(toml::table const& root, std::string const& origin,
                             std::vector<std::string> const& other_tables = {});

//! Cross-key checks, also after command-line overrides (masses, luminosity).
void validate(ScanSpec const& spec);

//! The effective scan card: the base run card's effective tables and [scan] with every value.
toml::table effective_card(ScanSpec const& spec);
}  // namespace fathom
