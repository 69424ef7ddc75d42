// Importance-sampling channel of two-body final states (Bhabha): the polar angle of the second
// particle restricted to the window the cuts allow, so that no event is generated outside it.
#pragma once

#include <cmath>

#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"

namespace fathom
{
//! Parameters of TwoBodyChannel (GeV, cosines of CM polar angles about +z).
struct TwoBodyParams
{
    real_type sqrt_s{0};
    real_type mass{0};        //!< both particles (e+ e-)
    real_type cos_min{-1};    //!< window of cos theta of the second output particle (e-)
    real_type cos_max{1};
    //! Sample 1 / (1 - cos theta) uniformly (density ~ 1/t^2: the forward peak of t-channel
    //! photon exchange) instead of cos theta; needs cos_max < 1.
    bool forward_peak{false};
};

/*!
 * x in [0, 1]^2 -> (p1, p2) back to back in the CM frame, azimuth 2 pi x1. With
 * dPhi_2 = beta / (8 pi) dOmega / (4 pi) (normalisation of Rambo.hh), beta = sqrt(1 - 4 m^2 / s):
 *   W = beta / (16 pi) |d cos theta / d x0|.
 * - flat: cos theta of p2 uniform in [cos_min, cos_max], W = beta (cos_max - cos_min) / (16 pi),
 *   the full-range value beta / (8 pi) times the window's share of the solid angle;
 * - forward_peak: z = 1 - cos theta with 1/z uniform in [1/z_max, 1/z_min] (z_min = 1 - cos_max),
 *   W = beta (1/z_min - 1/z_max) z^2 / (16 pi): flat in the 1/t^2 of t-channel exchange
 *   (t = -2 k^2 z for massless particles). sin theta comes from z, so small angles keep their
 *   precision.
 * The angular window comes from the cuts (a polar-angle cut on either particle is a window on
 * cos theta of p2, since p1 is back to back), so a VEGAS grid on x0 only has to follow the
 * matrix element (the 1/t^2 forward peak of Bhabha scattering).
 */
class TwoBodyChannel
{
  public:
    static constexpr size_type max_dims = 2;

    FATHOM_FUNCTION explicit TwoBodyChannel(TwoBodyParams const& p) : p_(p)
    {
        real_type const s = p.sqrt_s * p.sqrt_s;
        real_type const b2 = 1 - 4 * p.mass * p.mass / s;
        valid_ = p.sqrt_s > 0 && std::isfinite(p.sqrt_s) && p.mass >= 0 && b2 > 0 && p.cos_min >= -1
                 && p.cos_max <= 1 && p.cos_min < p.cos_max;
        valid_ = valid_ && (!p.forward_peak || p.cos_max < 1);
        beta_ = valid_ ? std::sqrt(b2) : real_type(0);
        weight_ = valid_ ? beta_ * (p.cos_max - p.cos_min) / (16 * pi_) : real_type(0);
        inv_z_lo_ = valid_ && p.forward_peak ? 1 / (2 - (1 + p.cos_min)) : real_type(0);  // 1 / z_max
        inv_z_hi_ = valid_ && p.forward_peak ? 1 / (1 - p.cos_max) : real_type(0);        // 1 / z_min
    }

    FATHOM_FUNCTION bool valid() const { return valid_; }
    FATHOM_FUNCTION size_type ndim() const { return 2; }
    FATHOM_FUNCTION size_type num_final() const { return 2; }

    FATHOM_FUNCTION real_type map(real_type const* x, FourVector* out) const
    {
        if (!valid_)
        {
            out[0] = out[1] = FourVector{};
            return 0;
        }
        real_type c, sn, w = weight_;
        if (p_.forward_peak)
        {
            real_type const z = 1 / (inv_z_lo_ + (inv_z_hi_ - inv_z_lo_) * x[0]);
            c = 1 - z;
            sn = std::sqrt(z * (2 - z));
            w = beta_ * (inv_z_hi_ - inv_z_lo_) * z * z / (16 * pi_);
        }
        else
        {
            c = p_.cos_min + (p_.cos_max - p_.cos_min) * x[0];
            sn = std::sqrt((1 - c) * (1 + c));
        }
        real_type const phi = 2 * pi_ * x[1];
        real_type const e = p_.sqrt_s / 2;
        real_type const k = e * beta_;
        FourVector const p2{e, k * sn * std::cos(phi), k * sn * std::sin(phi), k * c};
        out[0] = FourVector{e, -p2.px, -p2.py, -p2.pz};
        out[1] = p2;
        return w;
    }

    template<class Rng>
    FATHOM_FUNCTION real_type operator()(Rng& rng, FourVector* out) const
    {
        real_type x[2];
        x[0] = rng.uniform();
        x[1] = rng.uniform();
        return this->map(x, out);
    }

    //! Inverse map and density 1 / W; 0 outside the window.
    FATHOM_FUNCTION real_type inverse(FourVector const* p, real_type* x) const
    {
        real_type const k = pabs(p[1]);
        if (!valid_ || !(k > 0))
            return 0;
        real_type const c = p[1].pz / k;
        if (!(c >= p_.cos_min && c <= p_.cos_max))
            return 0;
        real_type phi = std::atan2(p[1].py, p[1].px) / (2 * pi_);
        x[1] = phi < 0 ? phi + 1 : phi;
        if (!p_.forward_peak)
        {
            x[0] = (c - p_.cos_min) / (p_.cos_max - p_.cos_min);
            return 1 / weight_;
        }
        // z = 1 - cos theta without cancellation for small angles: pt^2 / (k (k + pz))
        real_type const pt2 = p[1].px * p[1].px + p[1].py * p[1].py;
        real_type const z = p[1].pz > 0 ? pt2 / (k * (k + p[1].pz)) : 1 - c;
        real_type const u = (1 / z - inv_z_lo_) / (inv_z_hi_ - inv_z_lo_);
        x[0] = u < 0 ? real_type(0) : (u > 1 ? real_type(1) : u);
        return 16 * pi_ / (beta_ * (inv_z_hi_ - inv_z_lo_) * z * z);
    }

    FATHOM_FUNCTION real_type density(FourVector const* p) const
    {
        real_type x[2];
        return this->inverse(p, x);
    }

  private:
    static constexpr real_type pi_ = 3.14159265358979323846;
    TwoBodyParams p_;
    real_type beta_{0};
    real_type weight_{0};
    real_type inv_z_lo_{0};
    real_type inv_z_hi_{0};
    bool valid_{false};
};
}  // namespace fathom
