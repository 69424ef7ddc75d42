// Massive extension of RAMBO: give massless momenta their masses, keeping
// momentum and energy conservation, and return the exact Jacobian weight.
#pragma once

#include <cmath>

#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"

namespace fathom
{
//---------------------------------------------------------------------------//
/*!
 * Map massless CM-frame momenta p_i (sum = (w, 0)) to massive ones k_i.
 *
 * Kleiss, Stirling, Ellis, Comput. Phys. Commun. 40 (1986) 359, sec. 4:
 *   k_i = (sqrt(m_i^2 + xi^2 |p_i|^2), xi p_i)
 * with xi in (0, 1) solving  f(xi) = sum_i sqrt(m_i^2 + xi^2 |p_i|^2) - w = 0.
 * The massive phase space then has weight, relative to the massless one,
 *   W = (sum |k_i| / w)^(2n-3) * prod (|k_i| / k_i^0) * w / sum(|k_i|^2 / k_i^0)
 * (from dPhi_massive = w xi^(3n-4) prod(|p|/k^0) / |d sum k^0 / d xi| dPhi_massless;
 * for n = 2 it gives the exact beta = 2|k|/w).
 *
 * f is increasing and convex for xi > 0, so Newton's method converges
 * monotonically (after at most one step past the root) from any xi > 0.
 * The start xi0 = sqrt(1 - (sum m / w)^2) is exact for two equal masses.
 * |p_i| is taken from the 3-vector (not p_i^0), so k_i is on shell to rounding.
 */
class RescaleToMasses
{
  public:
    //! Maximum Newton iterations (quadratic convergence needs ~5).
    static constexpr int max_iterations = 100;
    //! Accept xi when |f(xi)| <= tolerance * w (rounding in f is ~n 1e-16 w).
    static constexpr real_type tolerance = 1e-14;

    //! \p masses has \p n entries, sum(masses) < w, w > 0.
    FATHOM_FUNCTION RescaleToMasses(real_type w, size_type n, real_type const* masses)
        : w_(w), n_(n), masses_(masses)
    {
    }

    //! Rescale \p p in place; return W, or 0 (p unchanged) if no root was found.
    FATHOM_FUNCTION real_type operator()(FourVector* p) const
    {
        real_type mass_sum = 0;
        for (size_type i = 0; i < n_; ++i)
            mass_sum += masses_[i];
        real_type const ratio = mass_sum / w_;
        real_type xi = std::sqrt((1 - ratio) * (1 + ratio));
        bool converged = false;
        for (int iter = 0; iter < max_iterations && xi > 0; ++iter)
        {
            real_type f = -w_;
            real_type dfdxi = 0;
            for (size_type i = 0; i < n_; ++i)
            {
                real_type pp = fathom::p2(p[i]);
                real_type e = std::sqrt(masses_[i] * masses_[i] + xi * xi * pp);
                f += e;
                if (e > 0)
                    dfdxi += xi * pp / e;
            }
            if (std::fabs(f) <= tolerance * w_)
            {
                converged = true;
                break;
            }
            if (!(dfdxi > 0))
                break;
            xi -= f / dfdxi;
        }
        if (!converged || !(xi > 0))
            return 0;

        real_type sum_k = 0;      // sum |k_i|
        real_type sum_k2_e = 0;   // sum |k_i|^2 / k_i^0
        real_type prod_k_e = 1;   // prod |k_i| / k_i^0
        for (size_type i = 0; i < n_; ++i)
        {
            real_type m = masses_[i];
            real_type k2 = xi * xi * fathom::p2(p[i]);
            real_type e = std::sqrt(m * m + k2);
            real_type k = std::sqrt(k2);
            sum_k += k;
            if (m > 0)
            {
                sum_k2_e += k2 / e;
                prod_k_e *= k / e;
            }
            else
            {
                sum_k2_e += k;  // |k| = k^0 exactly; avoids 0/0 for k = 0
            }
            p[i] = {e, xi * p[i].px, xi * p[i].py, xi * p[i].pz};
        }
        if (!(sum_k2_e > 0))
            return 0;
        real_type weight = prod_k_e * w_ / sum_k2_e;
        real_type beta = sum_k / w_;
        for (size_type i = 0; i + 3 < 2 * n_; ++i)
            weight *= beta;  // beta^(2n-3)
        return weight;
    }

  private:
    real_type w_;
    size_type n_;
    real_type const* masses_;
};
}  // namespace fathom
