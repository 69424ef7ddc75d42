// Multichannel phase space for the peripheral topology of e+e- -> e+e- gamma gamma and
// e+e- -> e+e- a: the two orderings of TwoPhotonFusionChannel (the positron's or the electron's
// momentum transfer generated first), combined with a-priori weights alpha and 1 - alpha.
// One-sample multichannel: pick a channel, generate with it, weight the event with
//   w = 1 / (alpha g_+(p) + (1 - alpha) g_-(p)),
// the density of the mixture at the generated point (each channel's density() inverts its map),
// so that every event's weight is exact whichever channel produced it.
#pragma once

#include "TwoPhotonFusionChannel.hh"

namespace fathom
{
struct TwoPhotonFusionSamplerParams
{
    TwoPhotonFusionParams channel;  //!< `first` is set per channel
    real_type alpha_positron_first{0.5};
};

class TwoPhotonFusionSampler
{
  public:
    static constexpr size_type num_channels = 2;

    FATHOM_FUNCTION explicit TwoPhotonFusionSampler(TwoPhotonFusionSamplerParams const& p)
        : channels_{make(p.channel, FirstLepton::positron), make(p.channel, FirstLepton::electron)}
        , alpha_(p.alpha_positron_first)
    {
    }

    FATHOM_FUNCTION bool valid() const { return channels_[0].valid() && channels_[1].valid(); }

    //! Final state in the process order (e+, e-, photons); weight = 1 / mixture density.
    template<class Rng>
    FATHOM_FUNCTION real_type operator()(Rng& rng, FourVector* out) const
    {
        size_type const k = rng.uniform() <= alpha_ ? 0 : 1;
        real_type w = channels_[k](rng, out);
        if (!(w > 0))
            return 0;
        real_type g = alpha_ * channels_[0].density(out) + (1 - alpha_) * channels_[1].density(out);
        return g > 0 ? 1 / g : real_type(0);
    }

  private:
    TwoPhotonFusionChannel channels_[num_channels];
    real_type alpha_;

    FATHOM_FUNCTION static TwoPhotonFusionChannel make(TwoPhotonFusionParams p, FirstLepton first)
    {
        p.first = first;
        return TwoPhotonFusionChannel{p};
    }
};
}  // namespace fathom
