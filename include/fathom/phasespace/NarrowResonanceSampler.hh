// Phase space of a production process with a narrow resonance in the final state, decayed
// isotropically into two massless particles: the resonance is generated exactly on shell
// (narrow-width approximation), so a window in the pair mass costs nothing.
#pragma once

#include "Rambo.hh"
#include "TwoBodyDecay.hh"

namespace fathom
{
/*!
 * Production with RAMBO (the resonance, of mass params.masses[n-1], is its last particle),
 * then the resonance -> two massless daughters, isotropic in its rest frame.
 * Output: the n - 1 other production particles, then the two daughters (n + 1 momenta).
 * Weight: the production phase-space weight (the decay distribution is normalised); the
 * process multiplies by the branching ratio. Uses 4n + 2 uniforms.
 */
class NarrowResonanceSampler
{
  public:
    FATHOM_FUNCTION explicit NarrowResonanceSampler(RamboParams const& production)
        : production_(production), n_(production.n)
    {
    }

    template<class Rng>
    FATHOM_FUNCTION real_type operator()(Rng& rng, FourVector* out) const
    {
        size_type const n = n_;
        if (n < 2)
            return 0;  // invalid parameters (the host refuses them before a run)
        FourVector prod[RamboParams::max_particles];
        real_type w = production_(rng, prod);
        real_type u1 = rng.uniform();
        real_type u2 = rng.uniform();
        for (size_type i = 0; i + 1 < n; ++i)
            out[i] = prod[i];
        if (!(w > 0))
        {
            out[n - 1] = FourVector{};
            out[n] = FourVector{};
            return 0;
        }
        decay_isotropic_massless(prod[n - 1], u1, u2, out[n - 1], out[n]);
        return w;
    }

  private:
    Rambo production_;
    size_type n_;
};
}  // namespace fathom
