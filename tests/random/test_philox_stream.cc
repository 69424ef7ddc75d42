// PhiloxStream (host implementation) vs cuRAND's host generator and vs the
// curand_init layout; independence from batching and construction order.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <random>
#include <set>
#include <vector>

#include <Random123/philox.h>
#include <gtest/gtest.h>

#include "fathom/random/PhiloxStream.hh"

namespace fathom::test
{
namespace
{
std::vector<double> draw(std::uint64_t seed, event_index_type event, std::size_t count)
{
    PhiloxStream stream(seed, event);
    std::vector<double> result(count);
    for (double& u : result)
        u = stream.uniform();
    return result;
}
}  // namespace

//---------------------------------------------------------------------------//
// Event indices above 2^32 (counter word 3) cannot be reached through the
// host generator; check them against Random123 at counter (k, 0, lo, hi).
TEST(PhiloxStream, LargeEventIndices)
{
    std::uint64_t const seed = 0x5eed5eed5eedull;
    for (event_index_type event : {0xffffffffull,
                                   0x100000000ull,
                                   0x100000001ull,
                                   0x0123456789abcdefull,
                                   0xffffffffffffffffull})
    {
        std::vector<double> u = draw(seed, event, 8);
        for (std::uint32_t k = 0; k < 4; ++k)
        {
            auto b = r123::Philox4x32{}(
                {{k, 0, static_cast<std::uint32_t>(event), static_cast<std::uint32_t>(event >> 32)}},
                {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}});
            EXPECT_EQ(uniform_from_bits(b[0], b[1]), u[2 * k]) << event << " " << k;
            EXPECT_EQ(uniform_from_bits(b[2], b[3]), u[2 * k + 1]) << event << " " << k;
        }
    }
}

//---------------------------------------------------------------------------//
// (seed, event) alone fixes the numbers: streams built in any order, drawn
// interleaved in random-sized chunks, and copied mid-stream, agree with
// streams drawn one at a time.
TEST(PhiloxStream, IndependentOfBatch)
{
    std::uint64_t const seed = 987654321ull;
    constexpr std::size_t n_events = 500, n_draws = 37;  // odd: ends mid-block
    std::vector<event_index_type> events(n_events);
    std::iota(events.begin(), events.end(), event_index_type{1000000});

    std::vector<std::vector<double>> reference;
    for (event_index_type e : events)
        reference.push_back(draw(seed, e, n_draws));

    std::mt19937 engine(3u);
    std::vector<std::size_t> order(n_events);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::shuffle(order.begin(), order.end(), engine);

    std::vector<PhiloxStream> streams;
    std::vector<std::vector<double>> got(n_events);
    for (std::size_t i : order)
        streams.emplace_back(seed, events[i]);
    std::size_t remaining = n_events * n_draws;
    while (remaining > 0)
    {
        std::size_t s = engine() % n_events;
        std::size_t i = order[s];
        std::size_t chunk = std::min<std::size_t>(1 + engine() % 5, n_draws - got[i].size());
        for (std::size_t c = 0; c < chunk; ++c)
            got[i].push_back(streams[s].uniform());
        remaining -= chunk;
    }
    for (std::size_t i = 0; i < n_events; ++i)
        EXPECT_EQ(reference[i], got[i]) << "event " << events[i];

    // A copy taken mid-block continues exactly where the original would.
    PhiloxStream a(seed, 17);
    for (int i = 0; i < 5; ++i)
        a.uniform();
    PhiloxStream b = a;
    std::vector<double> ref = draw(seed, 17, 12);
    for (int i = 5; i < 12; ++i)
    {
        EXPECT_EQ(ref[i], a.uniform());
        EXPECT_EQ(ref[i], b.uniform());
    }
}

//---------------------------------------------------------------------------//
// Neighbouring events and seeds give different numbers (a 53-bit collision
// among 2e5 values has probability ~1e-6).
TEST(PhiloxStream, DistinctAcrossEventsAndSeeds)
{
    std::set<double> first;
    for (event_index_type e = 0; e < 100000; ++e)
        first.insert(PhiloxStream(1, e).uniform());
    for (std::uint64_t s = 2; s < 100002; ++s)
        first.insert(PhiloxStream(s, 0).uniform());
    EXPECT_EQ(200000u, first.size());
}

//---------------------------------------------------------------------------//
// Mean, variance and lag-1 correlation of 1e6 stream values within 4 sigma.
TEST(PhiloxStream, Moments)
{
    constexpr std::size_t n_events = 100000, per_event = 10;
    constexpr double n = n_events * per_event;
    double sum = 0, sum2 = 0, lag = 0;
    for (event_index_type e = 0; e < n_events; ++e)
    {
        PhiloxStream stream(77, e);
        double prev = stream.uniform();
        sum += prev;
        sum2 += prev * prev;
        for (std::size_t i = 1; i < per_event; ++i)
        {
            double u = stream.uniform();
            sum += u;
            sum2 += u * u;
            lag += (u - 0.5) * (prev - 0.5);
            prev = u;
        }
    }
    double mean = sum / n;
    double var = sum2 / n - mean * mean;
    double n_pairs = n_events * (per_event - 1);
    double cov = lag / n_pairs;
    double sigma_mean = std::sqrt(1.0 / 12 / n);
    double sigma_var = std::sqrt((1.0 / 80 - 1.0 / 144) / n);
    double sigma_cov = (1.0 / 12) / std::sqrt(n_pairs);
    EXPECT_LT(std::fabs(mean - 0.5), 4 * sigma_mean) << "pull " << (mean - 0.5) / sigma_mean;
    EXPECT_LT(std::fabs(var - 1.0 / 12), 4 * sigma_var)
        << "pull " << (var - 1.0 / 12) / sigma_var;
    EXPECT_LT(std::fabs(cov), 4 * sigma_cov) << "pull " << cov / sigma_cov;
}
}  // namespace fathom::test
