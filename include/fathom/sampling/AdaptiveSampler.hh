// The adaptive multichannel sampler: channel choice by alpha, a VEGAS grid on every channel's
// unit cube, and the one-sample multichannel weight 1 / sum_c alpha_c g_c(p).
#pragma once

#include "fathom/kinematics/FourVector.hh"
#include "fathom/phasespace/channels/ChannelPack.hh"

#include "AdaptiveSamplerParams.hh"
#include "VegasMap.hh"

namespace fathom
{
/*!
 * Sampler over the channels of a ChannelPack (R. Kleiss and R. Pittau, Comput. Phys. Commun.
 * 83 (1994) 141; VEGAS per channel as in e.g. T. Ohl, Comput. Phys. Commun. 120 (1999) 13):
 *   1. choose channel c with probability alpha_c (one uniform);
 *   2. draw y uniform in [0, 1]^{d_c} and map it with channel c's VEGAS grid: x = V_c(y),
 *      Jacobian J_c(y);
 *   3. map x to momenta with the channel's fixed map: p = Phi_c(x), weight W_c(x);
 *   4. the density of the mixture at p is G(p) = sum_j alpha_j g_j(p), with
 *      g_j(p) = 1 / (W_j(x_j) J_j(x_j)),  x_j = Phi_j^{-1}(p)  (the channel's inverse and the
 *      grid's density at x_j; zero where channel j cannot produce p);
 *      for the generating channel the forward values give g_c = 1 / (W_c J_c).
 * The phase-space weight is 1 / G(p): unbiased for any alpha and grids, as long as the channels
 * with alpha > 0 cover the phase space (every channel here covers all of it).
 *
 * With one channel, 1 / G = W_c J_c and no inverse is needed (UniformsChannel).
 *
 * The trace records the channel, its grid bins and the posterior shares alpha_j g_j / G, which
 * train the grid of the generating channel (AdaptiveTrainer) and the channel weights
 * (update_channel_weights).
 */
template<class Pack>
class AdaptiveSampler
{
    static_assert(Pack::size <= max_sampler_channels, "raise max_sampler_channels (AdaptiveSamplerParams.hh)");

  public:
    FATHOM_FUNCTION AdaptiveSampler(Pack const& channels, AdaptiveSamplerParams const& params)
        : channels_(channels), p_(params)
    {
    }

    FATHOM_FUNCTION size_type num_channels() const { return Pack::size; }

    /*!
     * Steps 1-3: choose a channel, map through its grid and the channel; returns the
     * generating channel's weight W_c J_c (0: no point) and records channel and bins in the
     * trace. The event's weight is mixture_weight() of it: callers that select events first
     * (EventGenerator) compute that only for events that pass the cuts.
     */
    template<class Rng>
    FATHOM_FUNCTION real_type generate(Rng& rng, FourVector* out, SamplerTrace* trace) const
    {
        // 1. channel choice: the last channel takes the rounding remainder of the alphas
        real_type const u = rng.uniform();
        size_type c = 0;
        real_type cumulative = p_.alpha[0];
        while (c + 1 < Pack::size && !(u <= cumulative))
            cumulative += p_.alpha[++c];
        trace->channel = c;

        // 2. the grid
        size_type const nd = p_.ndim[c];
        real_type y[max_vegas_dims];
        real_type x[max_vegas_dims];
        for (size_type d = 0; d < nd; ++d)
            y[d] = rng.uniform();
        real_type jac = 1;
        if (p_.has_grid())
        {
            jac = VegasMap{p_.grid(c)}(y, x, trace->bin.data());
        }
        else
        {
            for (size_type d = 0; d < nd; ++d)
            {
                x[d] = y[d];
                trace->bin[d] = 0;
            }
        }

        // 3. momenta
        real_type const w = channels_.visit(c, [&](auto const& ch) { return ch.map(x, out); });
        if (!(w > 0) || !(jac > 0))
            return 0;
        return w * jac;
    }

    /*!
     * Step 4: the one-sample multichannel weight 1 / sum_j alpha_j g_j of the point that
     * generate() made with weight `generated` (> 0), and every channel's posterior share.
     */
    FATHOM_FUNCTION real_type mixture_weight(FourVector const* out, SamplerTrace* trace, real_type generated) const
    {
        if constexpr (Pack::size == 1)
        {
            trace->posterior[0] = 1;
            return generated;
        }
        else
        {
            size_type const c = trace->channel;
            real_type g[Pack::size];
            real_type total = 0;
            for (size_type j = 0; j < Pack::size; ++j)
            {
                if (j == c)
                {
                    g[j] = 1 / generated;
                }
                else
                {
                    real_type xj[max_vegas_dims];
                    real_type const dens
                        = channels_.visit(j, [&](auto const& ch) { return ch.inverse(out, xj); });
                    g[j] = dens > 0 && p_.has_grid() ? dens * VegasMap{p_.grid(j)}.density(xj) : dens;
                }
                total += p_.alpha[j] * g[j];
            }
            if (!(total > 0))
                return 0;
            for (size_type j = 0; j < Pack::size; ++j)
                trace->posterior[j] = p_.alpha[j] * g[j] / total;
            return 1 / total;
        }
    }

    //! generate() and mixture_weight() in one: the event's phase-space weight (0: none).
    template<class Rng>
    FATHOM_FUNCTION real_type operator()(Rng& rng, FourVector* out, SamplerTrace* trace) const
    {
        real_type const generated = this->generate(rng, out, trace);
        return generated > 0 ? this->mixture_weight(out, trace, generated) : real_type(0);
    }

  private:
    Pack channels_;
    AdaptiveSamplerParams p_;
};
}  // namespace fathom
