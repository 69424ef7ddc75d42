// Read-only state of the adaptive multichannel sampler for one iteration (or for production):
// channel weights alpha and one VEGAS grid per channel, all edges in one device buffer.
#pragma once

#include "fathom/base/Array.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"

#include "VegasGridParams.hh"

namespace fathom
{
//! Channels an adaptive sampler may combine (fixed-size per-event arrays use it).
inline constexpr size_type max_sampler_channels = 12;

/*!
 * Trivially copyable: the host rebuilds it after every refinement (alpha changes) and passes it
 * by value to the kernel; only the grid edges live in device memory.
 *
 * Channel c's grid is the VegasGridParams {ndim[c], bins, edges + edge_offset[c]}; with
 * bins == 0 (VEGAS off) every channel is used with its fixed map alone.
 */
struct AdaptiveSamplerParams
{
    size_type num_channels{0};
    Array<real_type, max_sampler_channels> alpha{};     //!< a-priori weights, sum 1
    Array<size_type, max_sampler_channels> ndim{};      //!< dimensions of each channel
    Array<size_type, max_sampler_channels> edge_offset{};  //!< first edge of each channel's grid
    size_type bins{0};                                  //!< VEGAS bins per dimension; 0: no grid
    real_type const* edges{nullptr};                    //!< all grids' edges (device)

    FATHOM_FORCEINLINE_FUNCTION bool has_grid() const { return bins > 0; }

    FATHOM_FORCEINLINE_FUNCTION VegasGridParams grid(size_type c) const
    {
        return VegasGridParams{ndim[c], bins, edges + edge_offset[c]};
    }
};

//! What the sampler reports about one event, for training the grids and the channel weights.
struct SamplerTrace
{
    size_type channel{0};                          //!< channel that generated the event
    Array<size_type, max_vegas_dims> bin{};        //!< its grid bins, one per dimension
    //! Share alpha_j g_j / sum_k alpha_k g_k of every channel in the event's density.
    Array<real_type, max_sampler_channels> posterior{};
};
}  // namespace fathom
