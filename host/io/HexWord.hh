// A 64-bit word as 16 lower-case hex digits and back: exact text for integers and bit patterns
// (checksums, exact sums, doubles' bits) in TOML files, whose integers stop at 2^63.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

namespace fathom
{
inline std::string hex_word(std::uint64_t w)
{
    char buf[20];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(w));
    return buf;
}

//! Exactly 16 hex digits back to their word; nullopt for anything else.
inline std::optional<std::uint64_t> parse_hex_word(std::string const& text)
{
    std::uint64_t w = 0;
    auto const [end, ec] = std::from_chars(text.data(), text.data() + text.size(), w, 16);
    if (text.size() != 16 || ec != std::errc{} || end != text.data() + text.size())
        return std::nullopt;
    return w;
}
}  // namespace fathom
