// `--set KEY=VALUE` on the command line: one card key replaced (or added) in the parsed TOML
// document before the card is interpreted, so that every check of the card applies to it.
#pragma once

#include <string>
#include <vector>

#include <toml++/toml.h>

namespace fathom
{
//! Apply each "dotted.key=VALUE" in order to \p root. VALUE is a TOML value ("text" in quotes);
//! a key the card has keeps its TOML type (integers and floats are both numbers); a missing key
//! (and its tables) is created, and left to the card reader's unknown-key check. Throws
//! InputError "option --set '...': ..." on one line.
void apply_card_overrides(toml::table& root, std::vector<std::string> const& sets);
}  // namespace fathom
