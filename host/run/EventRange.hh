// Which events a run (or a merge of runs) holds: Philox key and event-index ranges. Two outputs
// may be merged only if no index of the same key is in both (the same events counted twice).
#pragma once

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

namespace fathom
{
//! Production events [first, end) of the Philox stream keyed by seed.
struct EventRange
{
    std::uint64_t seed{0};
    std::uint64_t first{0};
    std::uint64_t end{0};

    std::uint64_t size() const { return end - first; }
    friend bool operator==(EventRange const&, EventRange const&) = default;
};

//! Stream \p stream of \p streams of a run of \p events events: [s N / M, (s + 1) N / M)
//! (128-bit products: exact for any N < 2^64), so the streams tile [0, N) without gaps.
EventRange stream_range(std::uint64_t seed, std::uint64_t events, std::uint64_t stream, std::uint64_t streams);

//! Sorted by (seed, first), with adjacent ranges of one seed joined; empty ranges dropped.
std::vector<EventRange> coalesce(std::vector<EventRange> ranges);

//! The first two ranges, of inputs (range, input index), that share a seed and an event index:
//! their input indices; nullopt if none overlap.
std::optional<std::pair<std::size_t, std::size_t>>
find_overlap(std::vector<std::pair<EventRange, std::size_t>> ranges);

//! Flat encoding for a file attribute: (seed, first, end) per range.
std::vector<std::uint64_t> encode_ranges(std::vector<EventRange> const& ranges);
//! Inverse of encode_ranges; nullopt if the length is not a multiple of 3 or a range has end < first.
std::optional<std::vector<EventRange>> decode_ranges(std::vector<std::uint64_t> const& flat);
}  // namespace fathom
