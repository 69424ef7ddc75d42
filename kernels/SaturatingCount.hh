// Byte and event counts of memory estimates that stop at 2^64 - 1 instead of wrapping: an
// absurd card must read as "too large", never as a small number.
#pragma once

#include <cstdint>

namespace fathom
{
inline std::uint64_t saturating_mul(std::uint64_t a, std::uint64_t b)
{
    return a != 0 && b > ~std::uint64_t{0} / a ? ~std::uint64_t{0} : a * b;
}

inline std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b)
{
    return b > ~std::uint64_t{0} - a ? ~std::uint64_t{0} : a + b;
}
}  // namespace fathom
