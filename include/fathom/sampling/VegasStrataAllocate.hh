// VEGAS+ reallocation: events per hypercube in proportion to the damped spread of f J there.
#pragma once

#include <cmath>
#include <cstdint>

#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"

#include "VegasStrataAccumulator.hh"

namespace fathom
{
//! Damping of the reallocation.
struct VegasStrataOptions
{
    //! n_h proportional to sigma_h^beta: 0 keeps the allocation uniform, 1 is the
    //! variance-optimal (Neyman) allocation for exact sigma_h; the default 0.75 of Lepage
    //! 2021 damps the noise of sigma_h estimated from a few samples.
    real_type beta{0.75};
    //! Events per cube at least (>= 2: each cube needs its own variance estimate).
    std::uint64_t min_per_cube{2};
};

//! Fill \p offsets (num_cubes + 1) with per_cube events in every cube: the first iteration.
FATHOM_FUNCTION inline void
fill_uniform_vegas_strata(std::uint64_t* offsets, std::uint64_t num_cubes, std::uint64_t per_cube)
{
    for (std::uint64_t h = 0; h <= num_cubes; ++h)
        offsets[h] = h * per_cube;
}

//---------------------------------------------------------------------------//
/*!
 * Reallocate the next iteration's events from this iteration's sums (Lepage 2021, sec. 3):
 * d_h = sigma_h^beta with sigma_h the standard deviation of f J in cube h, and
 *   n_h = min_per_cube + floor((events - min_per_cube num_cubes) d_h / sum d).
 * (Lepage takes n_h = max(2, events d_h / sum d); the floor added to a proportional share
 * of the rest keeps the total at or below \p events, so batch sizes stay predictable.)
 * Writes the new prefix sums over the old ones (\p offsets gives this iteration's n_h on
 * entry) and returns the new total: between events - num_cubes and events, or
 * min_per_cube num_cubes if that is more. If sum d is not positive (f J constant in every
 * cube) the allocation becomes uniform, as it stays for beta = 0.
 *
 * Sequential (host, or one device thread) and deterministic. A parallel device version
 * would sum d_h with ExactSum and scan the counts; the counts themselves are per cube.
 */
FATHOM_FUNCTION inline std::uint64_t
allocate_vegas_strata(VegasStrataSumsView const& sums, std::uint64_t* offsets,
                      std::uint64_t events, VegasStrataOptions const& options)
{
    std::uint64_t const num_cubes = sums.num_cubes;
    std::uint64_t const min_n = options.min_per_cube > 2 ? options.min_per_cube : 2;
    auto damped_spread = [&](std::uint64_t h, std::uint64_t n) {
        real_type const var = vegas_cube_moments(sums.sum_fj[h], sums.sum_fj2[h], n).variance;
        return options.beta == 0 ? real_type{1} : std::pow(std::sqrt(var), options.beta);
    };
    real_type total = 0;
    for (std::uint64_t h = 0; h < num_cubes; ++h)
        total += damped_spread(h, offsets[h + 1] - offsets[h]);
    bool const uniform = !(total > 0) || !std::isfinite(total);
    std::uint64_t const floor_events = min_n * num_cubes;
    std::uint64_t const spare = events > floor_events ? events - floor_events : 0;
    real_type const per_unit = uniform ? 0 : static_cast<real_type>(spare) / total;
    std::uint64_t const spare_uniform = spare / (num_cubes > 0 ? num_cubes : 1);

    std::uint64_t old_lo = offsets[0];
    std::uint64_t used = 0;  // of spare; capped so that rounding in sum d never overshoots
    offsets[0] = 0;
    for (std::uint64_t h = 0; h < num_cubes; ++h)
    {
        std::uint64_t const old_hi = offsets[h + 1];
        std::uint64_t extra = spare_uniform;
        if (!uniform)
        {
            // same d_h bits as in the total: same inputs, same operations
            real_type const want = std::floor(damped_spread(h, old_hi - old_lo) * per_unit);
            std::uint64_t const left = spare - used;
            extra = want < static_cast<real_type>(left) ? static_cast<std::uint64_t>(want) : left;
        }
        used += extra;
        offsets[h + 1] = offsets[h] + min_n + extra;
        old_lo = old_hi;
    }
    return offsets[num_cubes];
}
}  // namespace fathom
