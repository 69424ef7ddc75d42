// FNV-1a, 64 bit (Fowler, Noll, Vo; http://www.isthe.com/chongo/tech/comp/fnv/): a fast
// checksum of bytes, for detecting damaged files and telling sampler grids apart. Not a
// cryptographic hash: it guards against accidents, not against anyone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "HexWord.hh"

namespace fathom
{
class Fnv1a64
{
  public:
    void add(void const* data, std::size_t size)
    {
        auto const* p = static_cast<unsigned char const*>(data);
        for (std::size_t i = 0; i < size; ++i)
        {
            hash_ ^= p[i];
            hash_ *= 0x100000001b3ull;  // the 64-bit FNV prime
        }
    }
    std::uint64_t value() const { return hash_; }
    //! 16 lower-case hex digits.
    std::string hex() const { return hex_word(hash_); }

  private:
    std::uint64_t hash_{0xcbf29ce484222325ull};  // the 64-bit offset basis
};
}  // namespace fathom
