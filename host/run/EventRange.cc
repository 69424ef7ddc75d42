#include "EventRange.hh"

#include <algorithm>

namespace fathom
{
EventRange stream_range(std::uint64_t seed, std::uint64_t events, std::uint64_t stream, std::uint64_t streams)
{
    using u128 = unsigned __int128;
    auto edge = [&](std::uint64_t k) { return static_cast<std::uint64_t>(u128{events} * k / streams); };
    return {seed, edge(stream), edge(stream + 1)};
}

std::vector<EventRange> coalesce(std::vector<EventRange> ranges)
{
    std::erase_if(ranges, [](EventRange const& r) { return r.end <= r.first; });
    std::sort(ranges.begin(), ranges.end(), [](EventRange const& a, EventRange const& b) {
        return a.seed != b.seed ? a.seed < b.seed : a.first < b.first;
    });
    std::vector<EventRange> out;
    for (EventRange const& r : ranges)
    {
        if (!out.empty() && out.back().seed == r.seed && out.back().end >= r.first)
            out.back().end = std::max(out.back().end, r.end);
        else
            out.push_back(r);
    }
    return out;
}

std::optional<std::pair<std::size_t, std::size_t>>
find_overlap(std::vector<std::pair<EventRange, std::size_t>> ranges)
{
    std::erase_if(ranges, [](auto const& r) { return r.first.end <= r.first.first; });
    std::sort(ranges.begin(), ranges.end(), [](auto const& a, auto const& b) {
        return a.first.seed != b.first.seed ? a.first.seed < b.first.seed : a.first.first < b.first.first;
    });
    // sorted by start: a range overlaps an earlier one iff it starts before the furthest end so far
    for (std::size_t i = 1, far = 0; i < ranges.size(); ++i)
    {
        if (ranges[i].first.seed != ranges[far].first.seed)
        {
            far = i;
            continue;
        }
        if (ranges[i].first.first < ranges[far].first.end)
            return std::pair{ranges[far].second, ranges[i].second};
        if (ranges[i].first.end > ranges[far].first.end)
            far = i;
    }
    return std::nullopt;
}

std::vector<std::uint64_t> encode_ranges(std::vector<EventRange> const& ranges)
{
    std::vector<std::uint64_t> flat;
    for (EventRange const& r : ranges)
        flat.insert(flat.end(), {r.seed, r.first, r.end});
    return flat;
}

std::optional<std::vector<EventRange>> decode_ranges(std::vector<std::uint64_t> const& flat)
{
    if (flat.size() % 3 != 0)
        return std::nullopt;
    std::vector<EventRange> out;
    for (std::size_t i = 0; i < flat.size(); i += 3)
    {
        if (flat[i + 2] < flat[i + 1])
            return std::nullopt;
        out.push_back({flat[i], flat[i + 1], flat[i + 2]});
    }
    return out;
}
}  // namespace fathom
