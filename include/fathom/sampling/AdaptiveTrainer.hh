// Training data of the adaptive sampler, accumulated during an adaptation iteration: per-bin
// VEGAS sums for the grid of the channel that generated each event, and per-channel sums for
// the channel weights. Exact integer sums: any thread count or atomic order gives the same bits.
#pragma once

#include <cmath>

#include "fathom/base/ExactSum.hh"
#include "fathom/histogram/HistogramState.hh"

#include "AdaptiveSamplerParams.hh"
#include "VegasAccumulator.hh"

namespace fathom
{
//! View of the training sums (device memory). Channel c's grid cells start at cell_offset[c].
struct AdaptiveTrainingView
{
    size_type num_channels{0};
    size_type bins{0};
    Array<size_type, max_sampler_channels> ndim{};
    Array<size_type, max_sampler_channels> cell_offset{};
    ExactSum* grid_value{nullptr};   //!< VEGAS: sum of scale (f J)^2 per (dimension, bin) cell
    ExactSum* grid_weight{nullptr};  //!< VEGAS: samples per cell
    ExactSum* channel_value{nullptr};  //!< per channel j: sum of scale posterior_j w^2
    ExactSum* channel_count{nullptr};  //!< per channel: events it generated
    real_type scale{1};  //!< keeps scale w^2 near 1 in the fixed-point format

    FATHOM_FORCEINLINE_FUNCTION VegasAccumulatorView grid(size_type c) const
    {
        std::uint64_t const off = cell_offset[c];
        return VegasAccumulatorView{ndim[c], bins, grid_value + off, grid_weight + off};
    }
    //! Total number of grid cells (length of grid_value and grid_weight).
    FATHOM_FORCEINLINE_FUNCTION size_type num_cells() const
    {
        return num_channels > 0 ? cell_offset[num_channels - 1] + ndim[num_channels - 1] * bins : 0;
    }
};

/*!
 * Record one adaptation event with its final weight w (pb; 0 if it failed the cuts or the
 * sampler gave no point, which still counts in the grid's denominators).
 *
 * - Grid of the generating channel c: VEGAS trains on (f J)^2 per bin, and f J for a sample
 *   of channel c is exactly its event weight w (the multichannel weight already divides by
 *   the mixture density), so the grid minimises the variance of the weights it produces.
 * - Channel weights (Kleiss-Pittau): W_j = E[g_j w^2 / G] = E[posterior_j w^2] / alpha_j,
 *   estimated from the sum of posterior_j w^2 over all events.
 * Returns false if a value was out of the exact format's range (nothing added).
 */
template<class FillPolicy>
class AdaptiveTrainer
{
  public:
    FATHOM_FUNCTION explicit AdaptiveTrainer(AdaptiveTrainingView const& view) : v_(view) {}

    FATHOM_FUNCTION FATHOM_DEVICE_NOINLINE bool operator()(SamplerTrace const& trace, real_type w) const
    {
        size_type const c = trace.channel;
        bool ok = true;
        if (v_.bins > 0 && c < v_.num_channels)
            ok = VegasAccumulator<FillPolicy>{v_.grid(c), v_.scale}(trace.bin.data(), w);
        std::uint64_t value[ExactSum::num_limbs], one[ExactSum::num_limbs], zero[ExactSum::num_limbs];
        detail::to_fixed(1.0, one);
        detail::to_fixed(0.0, zero);
        HistogramStateView const sums{v_.channel_value, v_.channel_count};
        real_type const w2 = v_.scale * (w * w);
        for (size_type j = 0; j < v_.num_channels; ++j)
        {
            if (!detail::to_fixed(trace.posterior[j] * w2, value))
            {
                ok = false;
                continue;
            }
            fill_(sums, j, value, j == c ? one : zero);
        }
        return ok;
    }

  private:
    AdaptiveTrainingView v_;
    FillPolicy fill_{};
};

/*!
 * New channel weights from an iteration's sums s_j = sum posterior_j w^2 (Kleiss and Pittau
 * 1994, eq. for the optimal alpha: all W_j equal): alpha_j <- alpha_j (W_j)^beta, normalised,
 * with W_j proportional to s_j / alpha_j. beta = 1/2 is their damped update. Every channel
 * keeps at least floor_share / n of the total, so no channel dies on a noisy iteration.
 * Leaves alpha unchanged if no s_j is positive and finite.
 */
FATHOM_FUNCTION inline void update_channel_weights(real_type* alpha, real_type const* s, size_type n,
                                                   real_type beta = 0.5, real_type floor_share = 0.05)
{
    if (n < 2)
        return;
    real_type total = 0;
    real_type next[max_sampler_channels];
    for (size_type j = 0; j < n; ++j)
    {
        real_type const a = alpha[j];
        next[j] = (a > 0 && s[j] > 0 && std::isfinite(s[j])) ? a * std::pow(s[j] / a, beta) : 0;
        total += next[j];
    }
    if (!(total > 0) || !std::isfinite(total))
        return;
    real_type const floor = floor_share / static_cast<real_type>(n);
    real_type norm = 0;
    for (size_type j = 0; j < n; ++j)
    {
        next[j] /= total;
        next[j] = next[j] > floor ? next[j] : floor;
        norm += next[j];
    }
    for (size_type j = 0; j < n; ++j)
        alpha[j] = next[j] / norm;
}
}  // namespace fathom
