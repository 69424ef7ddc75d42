// RAMBO: flat n-body phase space in the CM frame, massless or massive.
#pragma once

#include <cmath>

#include "fathom/base/Array.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"

#include "MasslessVolume.hh"
#include "RescaleToMasses.hh"

namespace fathom
{
//---------------------------------------------------------------------------//
//! Final state for RAMBO: CM energy (GeV), multiplicity, masses (first n used).
struct RamboParams
{
    static constexpr size_type max_particles = 6;

    real_type sqrt_s{0};
    size_type n{0};
    Array<real_type, max_particles> masses{};
};

//---------------------------------------------------------------------------//
/*!
 * Generate n = 2..6 momenta with total (sqrt_s, 0, 0, 0) and their weight.
 *
 * Algorithm (Kleiss, Stirling, Ellis, Comput. Phys. Commun. 40 (1986) 359):
 * n independent isotropic massless q_i with energy density q0 exp(-q0) are
 * boosted to the rest frame of Q = sum q_i and scaled by sqrt_s / M,
 * M^2 = Q^2; the result is uniform in massless phase space with the
 * constant weight massless_volume(n, s). With any non-zero mass the momenta
 * are then rescaled by RescaleToMasses (Newton solve) and the weight
 * multiplied by its exact Jacobian.
 *
 * Numerics: the boost is written with the pair invariants q_i.q_j (see the
 * code), not with Q0^2 - |Q|^2, so a strongly boosted Q (nearly collinear
 * q_i, gamma = Q0/M >> 1) costs a relative error ~1e-16 gamma rather than
 * ~1e-16 gamma^2. Measured over 3e6 events: |sum p - P| / sqrt_s and
 * |p^2 - m^2| / E^2 stay below 1.5e-13 (n = 2) and 3e-14 (n >= 3).
 *
 * The weight is in the normalisation of MasslessVolume.hh, i.e. the mean
 * weight is the phase-space volume int dPhi_n:
 *   dPhi_n = (2 pi)^4 delta^4(P - sum p_i) prod d^3p_i / ((2 pi)^3 2 E_i).
 *
 * Random numbers: when valid(), every call draws exactly 4 n values of
 * rng.uniform() (in (0, 1], as PhiloxStream gives), also when it returns
 * weight 0: particle by particle, u1..u4 with cos theta = 2 u1 - 1,
 * phi = 2 pi u2, q0 = -log(u3 u4) (finite since u > 0).
 *
 * Zero weight: if the Newton solve fails, or the point is degenerate (all
 * q_i collinear or zero, probability ~0), the momenta are set to zero and
 * the weight is 0. Params that are not valid() (n outside 2..6, sqrt_s not
 * positive and finite, a negative or non-finite mass, or sum of masses >=
 * sqrt_s: kinematically impossible) give weight 0 with zero momenta and
 * draw no random numbers; check valid() on the host.
 */
class Rambo
{
  public:
    //! Uniform random numbers drawn per final-state particle.
    static constexpr size_type uniforms_per_particle = 4;

    FATHOM_FUNCTION explicit Rambo(RamboParams const& params)
        : params_(params)
    {
        size_type n = params.n;
        bool ok = n >= 2 && n <= RamboParams::max_particles && params.sqrt_s > 0
                  && std::isfinite(params.sqrt_s);
        real_type mass_sum = 0;
        for (size_type i = 0; ok && i < n; ++i)
        {
            real_type m = params.masses[i];
            ok = m >= 0 && std::isfinite(m);
            mass_sum += m;
            massless_ = massless_ && m == 0;
        }
        valid_ = ok && mass_sum < params.sqrt_s;
        if (valid_)
            massless_weight_ = massless_volume(n, params.sqrt_s * params.sqrt_s);
    }

    //! Whether the params describe a possible final state (see class doc).
    FATHOM_FUNCTION bool valid() const { return valid_; }

    //! Number of rng.uniform() calls per event.
    FATHOM_FUNCTION size_type num_uniforms() const
    {
        return valid_ ? uniforms_per_particle * params_.n : 0;
    }

    //! Fill out[0..n) and return the phase-space weight (0 on failure).
    template<class Rng>
    FATHOM_FUNCTION real_type operator()(Rng& rng, FourVector* out) const
    {
        size_type const n = params_.n;
        if (!valid_)
        {
            for (size_type i = 0; i < n && i < RamboParams::max_particles; ++i)
                out[i] = FourVector{};
            return 0;
        }
        real_type const w = params_.sqrt_s;
        constexpr real_type two_pi = 2 * 3.14159265358979323846;

        // Isotropic massless q_i = q0_i (1, n_i) with energy density q0 exp(-q0).
        // out[i] holds (q0_i, n_i) until the boost below.
        FourVector total{};
        for (size_type i = 0; i < n; ++i)
        {
            // Separate statements: the draw order is part of the interface.
            real_type const u_cos = rng.uniform();
            real_type const u_phi = rng.uniform();
            real_type const u_e1 = rng.uniform();
            real_type const u_e2 = rng.uniform();
            real_type const cos_t = 2 * u_cos - 1;
            // sin = sqrt((1 - c)(1 + c)) = 2 sqrt(u (1 - u)): no cancellation at the poles
            real_type const sin_t = 2 * std::sqrt(u_cos * (1 - u_cos));
            real_type const phi = two_pi * u_phi;
            real_type const q0 = -std::log(u_e1 * u_e2);
            out[i] = {q0, sin_t * std::cos(phi), sin_t * std::sin(phi), cos_t};
            total += FourVector{q0, q0 * out[i].px, q0 * out[i].py, q0 * out[i].pz};
        }

        // Invariants from pairs: q_i.q_j = q0_i q0_j |n_i - n_j|^2 / 2, which
        // (unlike Q0^2 - |Q|^2) keeps full relative precision when the q_i
        // are nearly collinear. d[i] = Q.q_i, M^2 = Q.Q = sum_i d[i].
        real_type d[RamboParams::max_particles] = {};
        for (size_type i = 0; i < n; ++i)
        {
            for (size_type j = i + 1; j < n; ++j)
            {
                real_type const dx = out[i].px - out[j].px;
                real_type const dy = out[i].py - out[j].py;
                real_type const dz = out[i].pz - out[j].pz;
                real_type const qq
                    = out[i].e * out[j].e * (dx * dx + dy * dy + dz * dz) / 2;
                d[i] += qq;
                d[j] += qq;
            }
        }
        real_type m2 = 0;
        for (size_type i = 0; i < n; ++i)
            m2 += d[i];
        if (!(m2 > 0))
            return this->fail(out);
        real_type const m = std::sqrt(m2);

        // Boost to the rest frame of Q: E'_i = Q.q_i / M and
        // p'_i = q_i - Q (E'_i + q0_i) / (Q0 + M); then scale M -> w.
        real_type const x = w / m;
        real_type const inv_q0_plus_m = 1 / (total.e + m);
        for (size_type i = 0; i < n; ++i)
        {
            real_type const q0 = out[i].e;
            real_type const e = d[i] / m;
            real_type const c = (e + q0) * inv_q0_plus_m;
            out[i] = {x * e,
                      x * (q0 * out[i].px - c * total.px),
                      x * (q0 * out[i].py - c * total.py),
                      x * (q0 * out[i].pz - c * total.pz)};
        }
        if (massless_)
            return massless_weight_;

        real_type const jacobian = RescaleToMasses(w, n, params_.masses.data())(out);
        if (!(jacobian > 0))
            return this->fail(out);
        return massless_weight_ * jacobian;
    }

  private:
    RamboParams params_;
    real_type massless_weight_{0};
    bool valid_{false};
    bool massless_{true};

    FATHOM_FUNCTION real_type fail(FourVector* out) const
    {
        for (size_type i = 0; i < params_.n; ++i)
            out[i] = FourVector{};
        return 0;
    }
};
}  // namespace fathom
