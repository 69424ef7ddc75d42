// Phase space of a production process with a resonance in the final state (the ALP) that decays
// isotropically into two massless particles:
//   dPhi_{n+1} = dPhi_n(..., q^2) (dq^2 / 2 pi) dPhi_2(q -> k1 k2),  dPhi_2 = (1 / 8 pi) dOmega* / 4 pi.
// - narrow width: q^2 = m^2 exactly (the delta function of the narrow-width |M|^2 absorbs
//   dq^2 / 2 pi and dPhi_2, see fathom/amplitude/AlpLineshape.hh), so a window in the pair mass
//   costs nothing; the weight is the production phase-space weight.
// - Breit-Wigner: q^2 = m^2 + m Gamma tan(t) with t uniform in [t_min, t_max] (the map that
//   flattens the Breit-Wigner); the weight carries dq^2 / dt / 2 pi and the 1 / 8 pi of dPhi_2.
#pragma once

#include <cmath>

#include "Rambo.hh"
#include "TwoBodyDecay.hh"

namespace fathom
{
struct ResonanceParams
{
    RamboParams production;   //!< the resonance is the last particle; its mass is set per event
    real_type mass{0};        //!< resonance mass m (GeV)
    real_type width{0};       //!< width Gamma (GeV), Breit-Wigner mode
    bool breit_wigner{false};
    real_type t_min{0};       //!< Breit-Wigner mode: range of t = atan((q^2 - m^2) / (m Gamma))
    real_type t_max{0};
};

/*!
 * Output: the n - 1 other production particles, then the two daughters (n + 1 momenta).
 * Uses 4n + 2 uniforms (narrow width) or 4n + 3 (Breit-Wigner).
 */
class ResonanceSampler
{
  public:
    FATHOM_FUNCTION explicit ResonanceSampler(ResonanceParams const& params) : params_(params) {}

    template<class Rng>
    FATHOM_FUNCTION real_type operator()(Rng& rng, FourVector* out) const
    {
        size_type const n = params_.production.n;
        if (n < 2 || n > RamboParams::max_particles)
            return 0;  // invalid parameters (the host refuses them before a run)
        RamboParams prod = params_.production;
        real_type extra = 1;
        if (params_.breit_wigner)
        {
            constexpr real_type pi = 3.14159265358979323846;
            real_type t = params_.t_min + (params_.t_max - params_.t_min) * rng.uniform();
            real_type mg = params_.mass * params_.width;
            real_type q2 = params_.mass * params_.mass + mg * std::tan(t);
            real_type d = q2 - params_.mass * params_.mass;
            // dq^2/dt / 2 pi x dPhi_2 normalisation (1 / 8 pi): the isotropic decay is dOmega*/4pi
            extra = (d * d + mg * mg) / mg * (params_.t_max - params_.t_min) / (2 * pi) / (8 * pi);
            prod.masses[n - 1] = q2 > 0 ? std::sqrt(q2) : real_type(0);
        }
        FourVector p[RamboParams::max_particles];
        real_type w = Rambo{prod}(rng, p);
        real_type u1 = rng.uniform();
        real_type u2 = rng.uniform();
        for (size_type i = 0; i + 1 < n; ++i)
            out[i] = p[i];
        if (!(w > 0) || !(prod.masses[n - 1] > 0))
        {
            out[n - 1] = FourVector{};
            out[n] = FourVector{};
            return 0;
        }
        decay_isotropic_massless(p[n - 1], u1, u2, out[n - 1], out[n]);
        return w * extra;
    }

  private:
    ResonanceParams params_;
};
}  // namespace fathom
