// A sampler that draws a fixed number of uniforms (RAMBO, ResonanceSampler), seen as a channel:
// its map from [0, 1]^n to momenta, so that a VEGAS grid can adapt the uniforms it consumes.
#pragma once

#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"

namespace fathom
{
//! Random-number source that hands out given values in order (the sampler's uniforms).
class GivenUniforms
{
  public:
    FATHOM_FUNCTION explicit GivenUniforms(real_type const* x) : x_(x) {}
    FATHOM_FUNCTION real_type uniform() { return x_[next_++]; }
    FATHOM_FUNCTION size_type used() const { return next_; }

  private:
    real_type const* x_;
    size_type next_{0};
};

/*!
 * Channel view of a sampler S with `real_type operator()(Rng&, FourVector*)` that draws exactly
 * num_uniforms uniforms per call. The map is W(x) = the sampler's weight for uniforms x.
 *
 * There is no inverse (RAMBO's 4n uniforms over-parametrise the 3n - 4 dimensional phase
 * space), so such a channel can only be the single channel of an adaptive sampler: with one
 * channel the event weight is W(x) J(y) and no density of other channels' points is needed.
 * Samplers take uniforms in (0, 1]: a VEGAS map sends y in (0, 1] to x in (0, 1].
 */
template<class S>
class UniformsChannel
{
  public:
    static constexpr bool has_inverse = false;

    FATHOM_FUNCTION UniformsChannel(S const& sampler, size_type num_uniforms)
        : sampler_(sampler), n_(num_uniforms)
    {
    }

    FATHOM_FUNCTION size_type ndim() const { return n_; }

    FATHOM_FUNCTION real_type map(real_type const* x, FourVector* out) const
    {
        GivenUniforms u{x};
        return sampler_(u, out);
    }

  private:
    S sampler_;
    size_type n_;
};
}  // namespace fathom
