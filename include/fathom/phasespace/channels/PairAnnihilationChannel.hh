// Importance-sampling channel for the s-channel ("annihilation") topology of
// e+e- -> e+ e- gamma gamma: the final state as two clusters, a photon pair X of mass in a window
// and a lepton pair Y, with small dilepton masses (photon conversion, Dalitz-like pairs) enhanced
// and, optionally, the photon decay angles measured about one of the leptons (bremsstrahlung);
// or, in the fixed-mass mode, e+e- -> X Y with X an on-shell particle of mass m_a decaying
// isotropically to two photons (the annihilation diagrams of the narrow-width ALP signal,
// e+e- -> gamma* -> a gamma*, gamma* -> e+e-).
#pragma once

#include <cmath>

#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"
#include "fathom/kinematics/StableInvariants.hh"

#include "ChannelGeometry.hh"

namespace fathom
{
//---------------------------------------------------------------------------//
//! Polar axis of the photon decay angles (x4, x5) in the rest frame of the photon pair.
enum class PhotonDecayAxis
{
    beam,      //!< the CM z axis (the e- beam direction)
    positron,  //!< the outgoing e+ momentum, boosted into the photon-pair rest frame
    electron,  //!< the outgoing e- momentum, boosted into the photon-pair rest frame
};

//! Parameters of PairAnnihilationChannel (GeV, GeV^2).
struct PairAnnihilationParams
{
    real_type sqrt_s{0};       //!< CM energy; beams e+ along -z, e- along +z
    real_type lepton_mass{0};  //!< m_e (>= 0)
    //! Window of the photon-pair mass M (0 <= pair_mass_min < pair_mass_max).
    real_type pair_mass_min{0};
    real_type pair_mass_max{0};
    /*!
     * Fixed mass (narrow-width ALP): X on shell with mass pair_mass, decayed isotropically; the
     * window is not used. The convention of TwoPhotonFusionParams::fixed_mass, so that both
     * channels are densities on the same space: no M^2 dimension (7 instead of 8), and the
     * weight is the three-body weight dPhi_3(P; p3, p4, X) / d^7 x with the decay normalised
     * to 1 (the narrow-width delta function absorbs dM^2 / 2 pi and dPhi_2(X) = 1 / 8 pi).
     */
    bool fixed_mass{false};
    real_type pair_mass{0};
    PhotonDecayAxis decay_axis{PhotonDecayAxis::beam};
    /*!
     * Scale c (GeV^2) of the dilepton-mass map: log(m_Y^2 - 4 m^2 + c) uniform. Below c the map is
     * flat in m_Y^2, above it logarithmic (the 1 / m_Y^2 of a photon conversion or Dalitz pair).
     * 0 (default): c = 4 m^2 for m > 0 (the threshold regulates the 1 / m_Y^2 peak at
     * m_Y^2 - 4 m^2 ~ 4 m^2), and c = 1e-3 GeV^2 for massless leptons.
     */
    real_type dilepton_mass_scale{0};
};

//---------------------------------------------------------------------------//
/*!
 * Map x in [0, 1]^8 to the momenta of e+ e- -> e+(p3) e-(p4) gamma(k1) gamma(k2) in the CM frame,
 * with the exact phase-space weight W(x) = dPhi_4 / d^8 x, and the inverse map. Fixed mass
 * (PairAnnihilationParams::fixed_mass): x in [0, 1]^7, x0 below dropped (M = pair_mass) and
 * every later variable one place earlier; W(x) = dPhi_3 / d^7 x with the decay angles of unit
 * Jacobian, i.e. W without its first and fourth factors below,
 *   W_fixed = [(u + c) L / 2 pi] [q / (4 pi sqrt_s)] [beta_Y / 8 pi],
 * as TwoPhotonFusionChannel's fixed mass (and ResonanceSampler.hh) normalise it.
 *
 * Output order (the reference order without the beams): e+ out, e- out, k1, k2.
 * X = k1 + k2 (mass M), Y = p3 + p4 (mass m_Y), P = X + Y = (sqrt_s, 0), m the lepton mass.
 *
 * Factorisation into two clusters (two-body recursion, e.g. E. Byckling and K. Kajantie,
 * "Particle Kinematics", Wiley 1973, ch. IV-V; the normalisation of Rambo.hh):
 *   dPhi_4 = dM^2/(2 pi) dm_Y^2/(2 pi) dPhi_2(P; X, Y) dPhi_2(X; k1, k2) dPhi_2(Y; p3, p4),
 *   dPhi_2(Q; a, b) = lambda^1/2(Q^2, m_a^2, m_b^2) / (8 pi Q^2) dOmega / (4 pi),
 * so dPhi_2(P; X, Y) = q / (4 pi sqrt_s) dOmega / 4 pi (q = |p_X| in the CM frame),
 * dPhi_2(X; k1, k2) = 1 / (8 pi) dOmega* / 4 pi, dPhi_2(Y; p3, p4) = beta_Y / (8 pi) dOmega* / 4 pi
 * with beta_Y = (1 - 4 m^2 / m_Y^2)^1/2.
 *
 * Variables, in the order of x (u = m_Y^2 - 4 m^2, u_max = (sqrt_s - M)^2 - 4 m^2 at this M):
 *   x0  M^2:   flat in [pair_mass_min^2, pair_mass_max^2]                  dW: (M_hi^2 - M_lo^2)
 *   x1  m_Y^2: log(u + c) uniform, u = c expm1(L x1), L = log(1 + u_max / c)      dW: (u + c) L
 *   x2  cos theta of X in the CM frame, 2 x2 - 1
 *   x3  phi of X in the CM frame, 2 pi x3
 *   x4  cos theta* of k1 in the X rest frame about the decay axis (PhotonDecayAxis), 2 x4 - 1
 *   x5  phi* of k1 about that axis, 2 pi x5 (transverse axes from Duff et al., JCGT 6 (2017) 1;
 *       for the beam axis they are the CM x and y axes)
 *   x6  cos theta* of p3 in the Y rest frame (CM axes), 2 x6 - 1
 *   x7  phi* of p3 in the Y rest frame, 2 pi x7
 * Rest frames are reached from the CM frame by the pure boost along the cluster momentum. The
 * leptons are generated before the photons, since the lepton axes need them. Every angular map
 * has unit Jacobian with respect to dOmega / 4 pi, and the decay axis depends on x0..x3, x6, x7
 * only, so W does not depend on the axis (or on x2..x7):
 *   W = [(M_hi^2 - M_lo^2) / 2 pi] [(u + c) L / 2 pi] [q / (4 pi sqrt_s)] [1 / 8 pi] [beta_Y / 8 pi].
 *
 * density(p) = 1 / W(x(p)) from the invariants of the event (M^2 = 2 k1.k2, u = 2 (p3.p4 - m^2),
 * both as sums of non-negative terms, and q = |k1 + k2|), so it serves events of any generator;
 * 0 where this channel cannot produce the event (M outside the window, q = 0, m_Y = 0).
 * Fixed mass: the pair mass of the event is taken to be M = pair_mass (as in
 * TwoPhotonFusionChannel; the density is with respect to the narrow-width phase space).
 * Photon order: the map produces the ordered output (p3, p4, k1, k2) and x4, x5 describe k1 =
 * p[2]; the events (.., k1, k2) and (.., k2, k1) are both reachable (at different x), and
 * density() is the density of producing exactly the ordered output it is given. Every channel
 * of a multichannel uses the same ordered output, so sum_c alpha_c g_c(p) is consistent. (Here
 * W depends only on invariants symmetric in k1, k2, so density() is the same for both orders;
 * inverse() is not: x4, x5 follow p[2].)
 *
 * Numerics (measured in tests/channels, all three axes): |sum p - P| / sqrt_s <= 1.4e-15,
 * |p^2 - m^2| / E^2 <= 5.5e-16, |density(map(x)) W(x) - 1| <= 1.5e-11, |inverse(map(x)) - x|
 * <= 1.1e-10. The density bound is set by the output itself: for a nearly collinear lepton pair
 * (x1 ~ 1e-5) the exact m_Y^2 - 4 m^2 of the rounded momenta differs from the map's u by ~3e-11
 * relative, while density() recovers it from the doubles to ~1e-12. Fixed mass (m_a = 0.05, 1,
 * 9 GeV): |density(map(x)) W(x) - 1| <= 8.3e-12, |inverse(map(x)) - x| <= 2.1e-11,
 * |m_gg / m_a - 1| <= 1.6e-12.
 * Energies of boosted momenta are set from the mass shell; near the upper threshold
 * (m_Y -> sqrt_s - M) q comes from u_max - u = (u_max + c) (-expm1(-L (1 - x1))) without
 * cancellation; near the lower one (m_Y -> 2 m) beta_Y = (u / m_Y^2)^1/2 with u from expm1.
 * Lepton-photon products for the decay axis use invariant_product (StableInvariants.hh).
 *
 * Device code: no heap, no virtual calls, no exceptions; std::log/exp/sqrt/atan2/sin/cos only.
 */
class PairAnnihilationChannel
{
  public:
    static constexpr size_type max_dims = 8;

    FATHOM_FUNCTION explicit PairAnnihilationChannel(PairAnnihilationParams const& p) : p_(p)
    {
        constexpr real_type two_pi = 2 * pi_;
        real_type const m = p.lepton_mass;
        m2_ = m * m;
        c_ = p.dilepton_mass_scale > 0 ? p.dilepton_mass_scale
                                       : (m > 0 ? 4 * m2_ : real_type(1e-3));
        bool ok = p.sqrt_s > 0 && std::isfinite(p.sqrt_s) && m >= 0 && std::isfinite(m);
        if (p.fixed_mass)
        {
            ok = ok && p.pair_mass > 0 && std::isfinite(p.pair_mass) && p.pair_mass + 2 * m < p.sqrt_s;
            lo2_ = hi2_ = p.pair_mass * p.pair_mass;
            mass_factor_ = 1;  // the delta function absorbs dM^2 / 2 pi and dPhi_2(X) = 1 / 8 pi
            ndim_ = 7;
        }
        else
        {
            ok = ok && p.pair_mass_min >= 0 && p.pair_mass_min < p.pair_mass_max
                 && std::isfinite(p.pair_mass_max) && p.pair_mass_max + 2 * m < p.sqrt_s;
            lo2_ = p.pair_mass_min * p.pair_mass_min;
            hi2_ = p.pair_mass_max * p.pair_mass_max;
            mass_factor_ = (hi2_ - lo2_) / two_pi / (8 * pi_);  // dM^2 / 2 pi, dPhi_2(X -> gamma gamma)
            ndim_ = 8;
        }
        ok = ok && c_ > 0 && std::isfinite(c_);
        ok = ok
             && (p.decay_axis == PhotonDecayAxis::beam || p.decay_axis == PhotonDecayAxis::positron
                 || p.decay_axis == PhotonDecayAxis::electron);
        valid_ = ok;
        beam_p_ = ok ? std::sqrt((p.sqrt_s / 2 - m) * (p.sqrt_s / 2 + m)) : real_type(0);
    }

    FATHOM_FUNCTION bool valid() const { return valid_; }
    //! Number of x dimensions (uniforms per event): 8, or 7 at fixed mass.
    FATHOM_FUNCTION size_type ndim() const { return ndim_; }
    //! Number of output momenta (e+, e-, gamma, gamma).
    FATHOM_FUNCTION size_type num_final() const { return 4; }
    FATHOM_FUNCTION PairAnnihilationParams const& params() const { return p_; }
    //! The scale c of the dilepton-mass map actually used (GeV^2).
    FATHOM_FUNCTION real_type dilepton_mass_scale() const { return c_; }

    //! Incoming beams in the reference order: [0] e+ (along -z), [1] e- (along +z).
    FATHOM_FUNCTION FourVector beam(size_type i) const
    {
        real_type const e = p_.sqrt_s / 2;
        return i == 0 ? FourVector{e, 0, 0, -beam_p_} : FourVector{e, 0, 0, beam_p_};
    }

    //-----------------------------------------------------------------------//
    /*!
     * Fill out[0..4) from x in [0, 1]^ndim() and return W(x) = dPhi / d^ndim x; 0 (with zero
     * momenta) where there is no phase space at this x (M = 0, q = 0, m_Y = 0: boundaries), or if
     * !valid().
     */
    FATHOM_FUNCTION FATHOM_DEVICE_NOINLINE real_type map(real_type const* x_in, FourVector* out) const
    {
        if (!valid_)
            return this->fail(out);
        constexpr real_type two_pi = 2 * pi_;
        real_type const rs = p_.sqrt_s;
        // fixed mass: the 8-dimensional layout with x0 unused, so one code path serves both
        real_type x_full[max_dims];
        real_type const* x = x_in;
        if (p_.fixed_mass)
        {
            x_full[0] = 0;
            for (size_type d = 1; d < max_dims; ++d)
                x_full[d] = x_in[d - 1];
            x = x_full;
        }

        // photon-pair mass, flat in M^2 (fixed: lo2_ = hi2_ = M^2)
        real_type const big_m2 = p_.fixed_mass ? lo2_ : lo2_ + (hi2_ - lo2_) * x[0];
        if (!(big_m2 > 0))
            return this->fail(out);
        real_type const big_m = std::sqrt(big_m2);

        // dilepton mass: u = m_Y^2 - 4 m^2 = c expm1(L x1), u_max - u without cancellation
        Upper const up = this->upper(big_m);
        if (!(up.u_max > 0))
            return this->fail(out);
        real_type const u = c_ * std::expm1(up.log_ratio * x[1]);
        real_type const my2 = 4 * m2_ + u;
        if (!(my2 > 0 && u >= 0))
            return this->fail(out);
        real_type const my = std::sqrt(my2);
        real_type const to_top = (up.u_max + c_) * -std::expm1(-up.log_ratio * (1 - x[1]));
        // lambda(s, M^2, m_Y^2) = (s - (M + m_Y)^2) (s - (M - m_Y)^2) and
        // (sqrt_s - M - m_Y) (sqrt_s - M + m_Y) = u_max - u:
        // lambda = (u_max - u) (sqrt_s + M + m_Y) (sqrt_s + M - m_Y)
        real_type const lam = to_top * (rs + big_m + my) * (rs + big_m - my);
        real_type const q = std::sqrt(lam > 0 ? lam : real_type(0)) / (2 * rs);
        if (!(q > 0))
            return this->fail(out);

        // X and Y back to back in the CM frame
        FourVector big_x, big_y;
        {
            real_type c, st;
            channel_geometry::cos_sin(x[2], c, st);
            real_type const ph = two_pi * x[3];
            real_type const nx = st * std::cos(ph), ny = st * std::sin(ph);
            big_x = {std::sqrt(big_m2 + q * q), q * nx, q * ny, q * c};
            big_y = {std::sqrt(my2 + q * q), -q * nx, -q * ny, -q * c};
        }

        // Y -> e+ e-, isotropic in the Y rest frame (CM axes)
        {
            real_type const h = my / 2, k = std::sqrt(u) / 2;
            real_type c, st;
            channel_geometry::cos_sin(x[6], c, st);
            real_type const ph = two_pi * x[7];
            real_type const kx = k * st * std::cos(ph), ky = k * st * std::sin(ph), kz = k * c;
            out[0] = channel_geometry::boost_from_rest({h, kx, ky, kz}, big_y, my, m2_);
            out[1] = channel_geometry::boost_from_rest({h, -kx, -ky, -kz}, big_y, my, m2_);
        }

        // X -> gamma gamma, isotropic in the X rest frame about the decay axis
        {
            Basis const b = this->decay_basis(out, big_x, big_m);
            real_type const h = big_m / 2;
            real_type c, st;
            channel_geometry::cos_sin(x[4], c, st);
            real_type const ph = two_pi * x[5];
            real_type const a1 = h * st * std::cos(ph), a2 = h * st * std::sin(ph), a3 = h * c;
            real_type const kx = a1 * b.b1[0] + a2 * b.b2[0] + a3 * b.n[0];
            real_type const ky = a1 * b.b1[1] + a2 * b.b2[1] + a3 * b.n[1];
            real_type const kz = a1 * b.b1[2] + a2 * b.b2[2] + a3 * b.n[2];
            out[2] = channel_geometry::boost_from_rest({h, kx, ky, kz}, big_x, big_m, 0);
            out[3] = channel_geometry::boost_from_rest({h, -kx, -ky, -kz}, big_x, big_m, 0);
        }
        real_type const w = this->weight(u, up.log_ratio, q);
        return w > 0 ? w : this->fail(out);  // u = 0 (m_Y = 2 m): beta_Y = 0
    }

    //! Sampler seam: draw ndim() uniforms (dimension 0 first) and map them.
    template<class Rng>
    FATHOM_FUNCTION real_type operator()(Rng& rng, FourVector* out) const
    {
        real_type x[max_dims];
        for (size_type d = 0; d < ndim_; ++d)
            x[d] = rng.uniform();
        return this->map(x, out);
    }

    //-----------------------------------------------------------------------//
    /*!
     * Phase-space density g(p) = 1 / W(x(p)) of producing exactly the ordered event
     * p = (e+ out, e- out, k1, k2); 0 where the channel cannot produce it.
     */
    FATHOM_FUNCTION real_type density(FourVector const* p) const
    {
        Invariants v;
        return this->invariants(p, v) ? 1 / v.weight : real_type(0);
    }

    /*!
     * Inverse map: x(p) in [0, 1]^ndim() (clamped against rounding; x4, x5 from p[2]) and the
     * density g(p) = 1 / W(x(p)); returns 0 (x unspecified) where the channel cannot produce p.
     */
    FATHOM_FUNCTION FATHOM_DEVICE_NOINLINE real_type inverse(FourVector const* p, real_type* x_out) const
    {
        Invariants v;
        if (!this->invariants(p, v))
            return 0;
        real_type x[max_dims];  // the 8-dimensional layout; fixed mass drops x0 below
        x[0] = v.x_m2;
        x[1] = v.x_u;

        // X direction in the CM frame
        FourVector const big_x = p[2] + p[3];
        x[2] = channel_geometry::clamp01((1 + big_x.pz / v.q) / 2);
        x[3] = channel_geometry::unit_azimuth(big_x.px, big_x.py);

        // the photon k1 = p[2] in the X rest frame, about the decay axis
        {
            Basis const b = this->decay_basis(p, big_x, v.big_m);
            FourVector const k = channel_geometry::boost_to_rest(p[2], v.big_m / 2, big_x, v.big_m);
            real_type const k1 = k.px * b.b1[0] + k.py * b.b1[1] + k.pz * b.b1[2];
            real_type const k2 = k.px * b.b2[0] + k.py * b.b2[1] + k.pz * b.b2[2];
            real_type const k3 = k.px * b.n[0] + k.py * b.n[1] + k.pz * b.n[2];
            real_type const ka = pabs(k);
            x[4] = channel_geometry::clamp01((1 + (ka > 0 ? k3 / ka : real_type(1))) / 2);
            x[5] = channel_geometry::unit_azimuth(k1, k2);
        }

        // the positron p[0] in the Y rest frame (CM axes)
        {
            FourVector const big_y = p[0] + p[1];
            real_type const my = std::sqrt(4 * m2_ + v.u);
            FourVector const r = channel_geometry::boost_to_rest(p[0], my / 2, big_y, my);
            real_type const ra = pabs(r);
            x[6] = channel_geometry::clamp01((1 + (ra > 0 ? r.pz / ra : real_type(1))) / 2);
            x[7] = channel_geometry::unit_azimuth(r.px, r.py);
        }
        size_type const skip = p_.fixed_mass ? 1 : 0;
        for (size_type d = skip; d < max_dims; ++d)
            x_out[d - skip] = x[d];
        return 1 / v.weight;
    }

  private:
    static constexpr real_type pi_ = 3.14159265358979323846;

    PairAnnihilationParams p_;
    real_type m2_{0}, lo2_{0}, hi2_{0}, c_{0}, beam_p_{0};
    real_type mass_factor_{0};  //!< [dM^2/dx0 / 2 pi] [1 / 8 pi], or 1 at fixed mass
    size_type ndim_{8};
    bool valid_{false};

    //! Upper end of u = m_Y^2 - 4 m^2 at pair mass M, and L = log(1 + u_max / c).
    struct Upper
    {
        real_type u_max, log_ratio;
    };
    //! Orthonormal basis (b1, b2, n) of the photon decay in the X rest frame.
    struct Basis
    {
        real_type n[3], b1[3], b2[3];
    };
    //! Invariants of an event and what depends on them.
    struct Invariants
    {
        real_type big_m, u, q;
        real_type x_m2, x_u;
        real_type weight;
    };

    FATHOM_FUNCTION real_type fail(FourVector* out) const
    {
        for (size_type i = 0; i < 4; ++i)
            out[i] = FourVector{};
        return 0;
    }



    //! u_max = (sqrt_s - M - 2 m) (sqrt_s - M + 2 m), L = log1p(u_max / c).
    FATHOM_FUNCTION Upper upper(real_type big_m) const
    {
        real_type const a = p_.sqrt_s - big_m, m = p_.lepton_mass;
        Upper up;
        up.u_max = (a - 2 * m) * (a + 2 * m);
        up.log_ratio = up.u_max > 0 ? std::log1p(up.u_max / c_) : real_type(0);
        return up;
    }

    //! W from M^2 (flat, or fixed), u (log map with ratio L) and the CM momentum q of the clusters.
    FATHOM_FUNCTION real_type weight(real_type u, real_type log_ratio, real_type q) const
    {
        constexpr real_type two_pi = 2 * pi_;
        real_type const beta = std::sqrt(u / (u + 4 * m2_));
        return mass_factor_ * ((u + c_) * log_ratio / two_pi) * (q / (4 * pi_ * p_.sqrt_s))
               * (beta / (8 * pi_));
    }

    /*!
     * The decay basis in the X rest frame (mass big_m): the CM axes for the beam axis; else n =
     * the direction of the chosen lepton of p (CM frame) boosted into the X rest frame, with
     * E* = l.X / M from invariant_product (no cancellation), and transverse axes from T. Duff
     * et al., "Building an Orthonormal Basis, Revisited", J. Computer Graphics Techniques 6
     * (2017) 1, listing 3. A lepton at rest in the X frame (measure zero) falls back to the z axis.
     */
    FATHOM_FUNCTION Basis decay_basis(FourVector const* p, FourVector const& big_x, real_type big_m) const
    {
        Basis b;
        real_type n0 = 0, n1 = 0, n2 = 1;
        if (p_.decay_axis != PhotonDecayAxis::beam)
        {
            FourVector const& l = p[p_.decay_axis == PhotonDecayAxis::positron ? 0 : 1];
            real_type const e_rest
                = invariant_product(l, momentum_magnitude(l), m2_, big_x, momentum_magnitude(big_x),
                                    big_m * big_m)
                  / big_m;
            FourVector const r = channel_geometry::boost_to_rest(l, e_rest, big_x, big_m);
            real_type const ra = pabs(r);
            if (ra > 0)
            {
                n0 = r.px / ra;
                n1 = r.py / ra;
                n2 = r.pz / ra;
            }
        }
        b.n[0] = n0;
        b.n[1] = n1;
        b.n[2] = n2;
        real_type const sg = n2 >= 0 ? real_type(1) : real_type(-1);
        real_type const a = -1 / (sg + n2);
        real_type const c = n0 * n1 * a;
        b.b1[0] = 1 + sg * n0 * n0 * a;
        b.b1[1] = sg * c;
        b.b1[2] = -sg * n0;
        b.b2[0] = c;
        b.b2[1] = sg + n1 * n1 * a;
        b.b2[2] = -n1;
        return b;
    }

    //! Invariants of the event p, x0, x1 and W; false where the channel cannot produce it.
    FATHOM_FUNCTION bool invariants(FourVector const* p, Invariants& v) const
    {
        if (!valid_)
            return false;
        real_type big_m2 = lo2_;  // fixed mass: the event's pair mass is taken to be M
        if (!p_.fixed_mass)
        {
            real_type const k1 = momentum_magnitude(p[2]), k2 = momentum_magnitude(p[3]);
            big_m2 = 2 * invariant_product(p[2], k1, real_type(0), p[3], k2, real_type(0));
            if (!(big_m2 >= lo2_ && big_m2 <= hi2_ && big_m2 > 0))
                return false;
        }
        v.big_m = std::sqrt(big_m2);
        v.u = 2 * same_mass_product_excess(p[0], momentum_magnitude(p[0]), p[1], momentum_magnitude(p[1]), m2_);
        if (!(v.u >= 0 && 4 * m2_ + v.u > 0))
            return false;
        Upper const up = this->upper(v.big_m);
        if (!(up.u_max > 0))
            return false;
        v.q = pabs(p[2] + p[3]);
        if (!(v.q > 0))
            return false;
        v.x_m2 = p_.fixed_mass ? real_type(0) : channel_geometry::clamp01((big_m2 - lo2_) / (hi2_ - lo2_));
        v.x_u = channel_geometry::clamp01(std::log1p(v.u / c_) / up.log_ratio);
        v.weight = this->weight(v.u, up.log_ratio, v.q);
        return v.weight > 0 && std::isfinite(v.weight);
    }
};
}  // namespace fathom
