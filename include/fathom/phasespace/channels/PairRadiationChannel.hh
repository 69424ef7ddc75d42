// Importance-sampling channel for e+ e- -> e+ e- gamma gamma with both photons radiated off one
// lepton: the lepton-diphoton cluster's mass carries the 1 / (s_Y - m^2) propagator, the photon
// pair's mass lies in the analysis window, and the photons' decay angle follows the
// 1 / (p.k1) + 1 / (p.k2) collinear peaks of the inner emission.
#pragma once

#include <cmath>

#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"
#include "fathom/kinematics/StableInvariants.hh"

#include "ChannelGeometry.hh"

namespace fathom
{
//! Which outgoing lepton radiates the photon pair.
enum class RadiatingLepton
{
    positron,  //!< out[0]
    electron,  //!< out[1]
};

//---------------------------------------------------------------------------//
//! Parameters of PairRadiationChannel (GeV).
struct PairRadiationParams
{
    real_type sqrt_s{0};         //!< CM energy; beams e+ along -z, e- along +z
    real_type lepton_mass{0};    //!< m_e (> 0: it regulates the collinear peaks)
    real_type pair_mass_min{0};  //!< diphoton mass window (GeV), 0 <= min < max
    real_type pair_mass_max{0};  //!< capped at sqrt_s - 2 m
    RadiatingLepton radiating{RadiatingLepton::electron};
};

//---------------------------------------------------------------------------//
/*!
 * Map x in [0, 1]^8 to the momenta of e+ e- -> e+(p3) e-(p4) gamma(k1) gamma(k2) in the CM frame,
 * with the exact phase-space weight W(x) = dPhi_4 / d^8 x, and the inverse map.
 *
 * Topology: P -> o + Y, Y -> l + G, G -> k1 k2, where l is the radiating lepton (p4 for the
 * electron, p3 for the positron), o the other one, G = k1 + k2 the photon pair (mass^2 s_G) and
 * Y = l + G (mass^2 s_Y = m^2 + a). When both photons come off the line of l, the amplitude has
 * the propagator 1 / a of Y and, inside it, 1 / (2 l.k1) + 1 / (2 l.k2) of the last emission.
 * This is the region the one-photon-per-lepton channels (LeptonRadiationChannel) and the
 * annihilation channels (lepton pair and photon pair, PairAnnihilationChannel) do not map: a
 * photon pair close to one lepton, of a mass fixed by the analysis window.
 *
 * Phase space by the two-body recursion (E. Byckling and K. Kajantie, "Particle Kinematics",
 * Wiley 1973, ch. IV-V; the normalisation of Rambo.hh):
 *   dPhi_4 = ds_G/(2 pi) ds_Y/(2 pi) dPhi_2(P; o, Y) dPhi_2(Y; l, G) dPhi_2(G; k1, k2),
 *   dPhi_2(Q; a, b) = lambda^1/2(Q^2, m_a^2, m_b^2) / (8 pi Q^2) dOmega / (4 pi),
 * so dPhi_2(P; o, Y) = q / (4 pi sqrt_s) dOmega / 4 pi (q = |Y| in the CM frame),
 * dPhi_2(Y; l, G) = lambda_Y^1/2 / (8 pi s_Y) dOmega* / 4 pi, lambda_Y = lambda(s_Y, m^2, s_G),
 * and dPhi_2(G; k1, k2) = 1 / (8 pi) dOmega** / 4 pi.
 *
 * Variables, in the order of x (m the lepton mass, m_G = sqrt(s_G)):
 *   x0  s_G flat in [m_min^2, m_max^2]                                       dW: (m_max^2 - m_min^2)
 *   x1  a = s_Y - m^2 on log(a + m^2) uniform in [a_min, A], a_min = s_G + 2 m m_G (Y at the l + G
 *       threshold), A = sqrt_s (sqrt_s - 2 m) (o at rest)                      dW: (a + m^2) L, L = log((A + m^2) / (a_min + m^2))
 *   x2  cos theta of Y in the CM frame, 2 x2 - 1
 *   x3  phi of Y, 2 pi x3
 *   x4  cos theta* of G in the Y rest frame about the Y flight direction n (reached by the pure
 *       boost along n), 2 x4 - 1
 *   x5  phi* of G about n, 2 pi x5 (transverse axes: ChannelGeometry.hh)
 *   x6  the photon k1 in the G rest frame (reached from the Y frame by the pure boost along the G
 *       direction d): cos theta** = c about d from beta c = tanh((2 x6 - 1) atanh(beta)), beta the
 *       velocity of l in the G frame, so that c has the density
 *       (1 - beta^2 c^2)^-1 ~ 1 / (1 + beta c) + 1 / (1 - beta c), the two peaks of
 *       l.k1 = E_l k (1 + beta c) and l.k2 = E_l k (1 - beta c) (l moves along -d there);
 *                                                                            dW: atanh(beta) (1 - beta^2 c^2) / beta
 *   x7  phi** of k1 about d, 2 pi x7 (k2 opposite)
 * so W = [(m_max^2 - m_min^2) / 2 pi] [(a + m^2) L / 2 pi] [q / (4 pi sqrt_s)]
 *        [lambda_Y^1/2 / (8 pi s_Y)] [1 / (8 pi)] [atanh(beta) (1 - beta^2 c^2) / beta].
 * Every factor follows from invariants and |o| = q: with D = 2 l.G = a - s_G, lambda_Y = D^2 - 4 m^2 s_G,
 * beta = lambda_Y^1/2 / D, 1 - beta^2 c^2 = 4 (l.k1)(l.k2) / (l.G)^2 and
 * tanh^-1(beta c) = log(l.k1 / l.k2) / 2, all from invariant_product (no cancellation), so the
 * density 1 / W serves the events of any generator. density() is symmetric in k1 <-> k2 (c -> -c,
 * phi** -> phi** + pi). 0 where this channel cannot produce the event (s_G outside the window,
 * a outside [a_min, A], q = 0).
 *
 * Numerics. The upper end of a without cancellation, A - a = (A + m^2)(-expm1(-L (1 - x1))),
 * and the threshold end a - a_min = (a_min + m^2) expm1(L x1), so that
 * lambda(s, m^2, s_Y) = (A - a) / (sqrt_s - m + m_Y) (sqrt_s + m + m_Y)(sqrt_s - m_Y + m)
 * (sqrt_s + m_Y - m), lambda_Y = (a - a_min)(a - a_min + 4 m m_G) and D = (a - a_min) + 2 m m_G
 * (not a - s_G, which cancels near the threshold). With A = atanh(beta) and z = (2 x6 - 1) A,
 * 1 +- c = sinh(A +- z) / (sinh A cosh z) and 1 - beta^2 c^2 = 1 / cosh^2 z, exact from the
 * threshold (beta -> 0) to the collinear peaks (beta -> 1), with 1 - beta^2 = 4 m^2 s_G / D^2,
 * atanh(beta) = log1p(2 beta / (1 - beta)) / 2 and 1 - beta = (1 - beta^2) / (1 + beta). The
 * momenta are built in the G frame, boosted into the Y frame along d and into the CM frame along
 * n (ChannelGeometry.hh's on-shell boosts); the inverse boosts back with the rest-frame energies
 * from invariants (Y.k1 = l.k1 + s_G / 2, G.k1 = s_G / 2) and takes q = |o|, one vector's
 * magnitude, exact where o is nearly at rest. Measured in tests/channels (1e5 points per case,
 * 4 in 5 of them near an end of a or of x6): |sum p - P| / sqrt_s <= 3.5e-15, |p^2 - m^2| / E^2
 * <= 9e-16, |density(map(x)) W(x) - 1| <= 3e-11 (set by the event: l.k of a photon at an angle
 * theta to the lepton is defined to ~1e-16 / theta relative), |inverse(map(x)) - x| <= 1e-10
 * (azimuths weighted by the sine of their polar angle).
 *
 * Device code: no heap, no virtual calls, no exceptions; std::log/exp/sqrt/atan2/sin/cos only.
 */
class PairRadiationChannel
{
  public:
    static constexpr size_type max_dims = 8;

    FATHOM_FUNCTION explicit PairRadiationChannel(PairRadiationParams const& p) : p_(p)
    {
        real_type const m = p.lepton_mass;
        m2_ = m * m;
        bool ok = p.sqrt_s > 0 && std::isfinite(p.sqrt_s) && m > 0 && std::isfinite(m) && 2 * m < p.sqrt_s;
        ok = ok && p.pair_mass_min >= 0 && p.pair_mass_min < p.pair_mass_max && std::isfinite(p.pair_mass_max);
        real_type const top = ok ? (p.sqrt_s - 2 * m) * (1 - real_type(1e-12)) : real_type(0);
        real_type const mhi = p.pair_mass_max < top ? p.pair_mass_max : top;
        ok = ok && p.pair_mass_min < mhi;
        valid_ = ok;
        s_min_ = ok ? p.pair_mass_min * p.pair_mass_min : real_type(0);
        s_max_ = ok ? mhi * mhi : real_type(0);
        a_max_ = ok ? p.sqrt_s * (p.sqrt_s - 2 * m) : real_type(0);
        beam_p_ = ok ? std::sqrt((p.sqrt_s / 2 - m) * (p.sqrt_s / 2 + m)) : real_type(0);
    }

    FATHOM_FUNCTION bool valid() const { return valid_; }
    //! Number of x dimensions (uniforms per event).
    FATHOM_FUNCTION size_type ndim() const { return 8; }
    //! Number of output momenta (e+, e-, gamma, gamma).
    FATHOM_FUNCTION size_type num_final() const { return 4; }
    FATHOM_FUNCTION PairRadiationParams const& params() const { return p_; }

    //! Incoming beams in the reference order: [0] e+ (along -z), [1] e- (along +z).
    FATHOM_FUNCTION FourVector beam(size_type i) const
    {
        real_type const e = p_.sqrt_s / 2;
        return i == 0 ? FourVector{e, 0, 0, -beam_p_} : FourVector{e, 0, 0, beam_p_};
    }

    //-----------------------------------------------------------------------//
    /*!
     * Fill out[0..4) from x in [0, 1]^8 and return W(x) = dPhi_4 / d^8 x; 0 (with zero momenta)
     * where there is no phase space at this x (boundaries), or if !valid().
     */
    FATHOM_FUNCTION FATHOM_DEVICE_NOINLINE real_type map(real_type const* x, FourVector* out) const
    {
        namespace g = channel_geometry;
        if (!valid_)
            return this->fail(out);
        real_type const rs = p_.sqrt_s, m = p_.lepton_mass;

        // the photon pair's mass and the cluster Y = l + G
        real_type const s_g = s_min_ + (s_max_ - s_min_) * x[0];
        if (!(s_g > 0))
            return this->fail(out);
        real_type const m_g = std::sqrt(s_g);
        Cluster const y = this->cluster(s_g, m_g);
        if (!(y.log_ratio > 0))
            return this->fail(out);
        real_type const above = (y.a_min + m2_) * std::expm1(y.log_ratio * x[1]);  // a - a_min
        real_type const below = (a_max_ + m2_) * -std::expm1(-y.log_ratio * (1 - x[1]));  // A - a
        real_type const a = y.a_min + above;
        real_type const s_y = m2_ + a;
        real_type const m_y = std::sqrt(s_y);
        real_type const lam = below / (rs - m + m_y) * (rs + m + m_y) * (rs - m_y + m) * (rs + m_y - m);
        real_type const q = std::sqrt(lam > 0 ? lam : real_type(0)) / (2 * rs);
        real_type const lam_y = above * (above + 4 * m * m_g);
        real_type const d = above + 2 * m * m_g;  // 2 l.G = a - s_G, without cancellation
        if (!(q > 0 && lam_y > 0 && d > 0))
            return this->fail(out);
        Collinear const col = this->collinear(s_g, d, lam_y);

        // Y along n in the CM frame, o opposite
        real_type n[3];
        direction(x[2], x[3], nullptr, n);
        FourVector const y4{std::sqrt(s_y + q * q), q * n[0], q * n[1], q * n[2]};
        FourVector const other{std::sqrt(m2_ + q * q), -q * n[0], -q * n[1], -q * n[2]};

        // G along dir in the Y frame, l opposite
        real_type const p_star = std::sqrt(lam_y) / (2 * m_y);
        real_type dir[3];
        direction(x[4], x[5], n, dir);
        FourVector const g4{(a + s_g) / (2 * m_y), p_star * dir[0], p_star * dir[1], p_star * dir[2]};
        FourVector const lep_y{(d + 2 * m2_) / (2 * m_y), -p_star * dir[0], -p_star * dir[1], -p_star * dir[2]};

        // the photons in the G frame: beta c = tanh z, z = (2 x6 - 1) A, A = atanh(beta), and
        // 1 +- c = (beta +- tanh z) / beta = sinh(A +- z) / (sinh A cosh z), without cancellation
        real_type const big_a = col.atanh_beta;
        real_type const z = (2 * x[6] - 1) * big_a;
        real_type const ch = std::cosh(z);
        real_type const den = col.sinh_a * ch;
        real_type const opc = std::sinh(2 * x[6] * big_a) / den, omc = std::sinh(2 * (1 - x[6]) * big_a) / den;
        real_type const c = (opc - omc) / 2;
        real_type const st = std::sqrt(opc * omc);
        real_type const ph = 2 * g::pi * x[7];
        g::TransverseBasis const b = g::transverse_basis(dir);
        real_type const k = m_g / 2;
        real_type const t1 = k * st * std::cos(ph), t2 = k * st * std::sin(ph);
        real_type const kv[3] = {k * c * dir[0] + t1 * b.b1[0] + t2 * b.b2[0],
                                 k * c * dir[1] + t1 * b.b1[1] + t2 * b.b2[1],
                                 k * c * dir[2] + t1 * b.b1[2] + t2 * b.b2[2]};
        FourVector const k1_g{k, kv[0], kv[1], kv[2]};
        FourVector const k2_g{k, -kv[0], -kv[1], -kv[2]};

        // G frame -> Y frame -> CM frame
        FourVector const k1_y = g::boost_from_rest(k1_g, g4, m_g, 0);
        FourVector const k2_y = g::boost_from_rest(k2_g, g4, m_g, 0);
        out[lepton_slot()] = g::boost_from_rest(lep_y, y4, m_y, m2_);
        out[other_slot()] = other;
        out[2] = g::boost_from_rest(k1_y, y4, m_y, 0);
        out[3] = g::boost_from_rest(k2_y, y4, m_y, 0);

        // (1 + beta c)(1 - beta c) = 1 - tanh^2 z
        real_type const w = this->weight(a, y.log_ratio, q, lam_y, s_y, col, 1 / (ch * ch));
        return w > 0 ? w : this->fail(out);
    }

    //! Sampler seam: draw ndim() uniforms (dimension 0 first) and map them.
    template<class Rng>
    FATHOM_FUNCTION real_type operator()(Rng& rng, FourVector* out) const
    {
        real_type x[max_dims];
        for (size_type i = 0; i < max_dims; ++i)
            x[i] = rng.uniform();
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
     * Inverse map: x(p) in [0, 1]^8 (clamped against rounding) and the density g(p) = 1 / W(x(p));
     * returns 0 (x unspecified) where the channel cannot produce p.
     */
    FATHOM_FUNCTION FATHOM_DEVICE_NOINLINE real_type inverse(FourVector const* p, real_type* x) const
    {
        namespace g = channel_geometry;
        Invariants v;
        if (!this->invariants(p, v))
            return 0;
        FourVector const& l = p[lepton_slot()];
        FourVector const& k1 = p[2];
        FourVector const gcm = p[2] + p[3];
        FourVector const& o = p[other_slot()];
        x[0] = g::clamp01((v.s_g - s_min_) / (s_max_ - s_min_));
        x[1] = g::clamp01(std::log((v.a + m2_) / (v.a_min + m2_)) / v.log_ratio);

        real_type const n[3] = {-o.px / v.q, -o.py / v.q, -o.pz / v.q};  // Y = -o
        x[2] = g::clamp01((1 + n[2]) / 2);
        x[3] = g::unit_azimuth(n[0], n[1]);

        // G and k1 in the Y frame (pure boost along n), rest-frame energies from invariants
        real_type const s_y = m2_ + v.a, m_y = std::sqrt(s_y);
        FourVector const y4{std::sqrt(s_y + v.q * v.q), -o.px, -o.py, -o.pz};
        FourVector const g_y = g::boost_to_rest(gcm, (v.a + v.s_g) / (2 * m_y), y4, m_y);
        real_type const g_abs = momentum_magnitude(g_y);
        if (!(g_abs > 0))
            return 0;
        real_type const dir[3] = {g_y.px / g_abs, g_y.py / g_abs, g_y.pz / g_abs};
        g::TransverseBasis const bn = g::transverse_basis(n);
        x[4] = g::clamp01((1 + (dir[0] * n[0] + dir[1] * n[1] + dir[2] * n[2])) / 2);
        x[5] = g::unit_azimuth(dot(dir, bn.b1), dot(dir, bn.b2));

        x[6] = g::clamp01((std::log(v.lk1 / v.lk2) / (2 * v.col.atanh_beta) + 1) / 2);
        FourVector const k1_y = g::boost_to_rest(k1, (v.lk1 + v.s_g / 2) / m_y, y4, m_y);
        g::TransverseBasis const bd = g::transverse_basis(dir);
        real_type const kv[3] = {k1_y.px, k1_y.py, k1_y.pz};
        x[7] = g::unit_azimuth(dot(kv, bd.b1), dot(kv, bd.b2));
        return 1 / v.weight;
    }

  private:
    PairRadiationParams p_;
    real_type m2_{0}, s_min_{0}, s_max_{0}, a_max_{0}, beam_p_{0};
    bool valid_{false};

    //! The range of a = s_Y - m^2 at a pair mass: a_min and L = log((A + m^2) / (a_min + m^2)).
    struct Cluster
    {
        real_type a_min, log_ratio;
    };
    //! The velocity beta of l in the G frame: beta, atanh(beta) and sinh(atanh(beta)).
    struct Collinear
    {
        real_type beta, atanh_beta, sinh_a;
    };
    //! Invariants of an event and what depends on them.
    struct Invariants
    {
        real_type s_g, a, a_min, log_ratio, q, lk1, lk2;
        Collinear col;
        real_type weight;
    };

    FATHOM_FUNCTION size_type lepton_slot() const { return p_.radiating == RadiatingLepton::positron ? 0 : 1; }
    FATHOM_FUNCTION size_type other_slot() const { return p_.radiating == RadiatingLepton::positron ? 1 : 0; }

    FATHOM_FORCEINLINE_FUNCTION static real_type dot(real_type const* u, real_type const* v)
    {
        return u[0] * v[0] + u[1] * v[1] + u[2] * v[2];
    }

    /*!
     * The unit vector at cos theta = 2 u - 1, phi = 2 pi v: about +z for axis = nullptr, else
     * about the unit vector axis with its transverse_basis.
     */
    FATHOM_FUNCTION static void direction(real_type u, real_type v, real_type const* axis, real_type* out)
    {
        namespace g = channel_geometry;
        real_type c, st;
        g::cos_sin(u, c, st);
        real_type const ph = 2 * g::pi * v;
        real_type const t1 = st * std::cos(ph), t2 = st * std::sin(ph);
        if (!axis)
        {
            out[0] = t1;
            out[1] = t2;
            out[2] = c;
            return;
        }
        g::TransverseBasis const b = g::transverse_basis(axis);
        for (int i = 0; i < 3; ++i)
            out[i] = c * axis[i] + t1 * b.b1[i] + t2 * b.b2[i];
    }

    FATHOM_FUNCTION real_type fail(FourVector* out) const
    {
        for (size_type i = 0; i < 4; ++i)
            out[i] = FourVector{};
        return 0;
    }

    FATHOM_FUNCTION Cluster cluster(real_type s_g, real_type m_g) const
    {
        Cluster y;
        y.a_min = s_g + 2 * p_.lepton_mass * m_g;
        y.log_ratio = y.a_min < a_max_ ? std::log((a_max_ + m2_) / (y.a_min + m2_)) : real_type(0);
        return y;
    }

    /*!
     * beta = lambda_Y^1/2 / D with 1 - beta^2 = 4 m^2 s_G / D^2, so 1 - beta = (1 - beta^2) /
     * (1 + beta), atanh beta = log1p(2 beta / (1 - beta)) / 2 and sinh(atanh beta) = beta /
     * (1 - beta^2)^1/2, all without cancellation from beta -> 0 (threshold) to beta -> 1.
     */
    FATHOM_FUNCTION Collinear collinear(real_type s_g, real_type d, real_type lam_y) const
    {
        Collinear c;
        c.beta = std::sqrt(lam_y) / d;
        real_type const one_minus_b2 = 4 * m2_ * s_g / (d * d);
        real_type const one_minus_b = one_minus_b2 / (1 + c.beta);
        c.atanh_beta = std::log1p(2 * c.beta / one_minus_b) / 2;
        c.sinh_a = c.beta / std::sqrt(one_minus_b2);
        return c;
    }

    /*!
     * W from a, L, q, lambda_Y, s_Y, beta and peak = (1 + beta c)(1 - beta c), the latter as a
     * product of factors computed without cancellation.
     */
    FATHOM_FUNCTION real_type weight(real_type a, real_type log_ratio, real_type q, real_type lam_y, real_type s_y,
                                     Collinear const& col, real_type peak) const
    {
        constexpr real_type pi = channel_geometry::pi;
        return ((s_max_ - s_min_) / (2 * pi)) * ((a + m2_) * log_ratio / (2 * pi)) * (q / (4 * pi * p_.sqrt_s))
               * (std::sqrt(lam_y) / (8 * pi * s_y)) * (1 / (8 * pi)) * (col.atanh_beta * peak / col.beta);
    }

    //! Invariants of the event p and W; false where the channel cannot produce it.
    FATHOM_FUNCTION bool invariants(FourVector const* p, Invariants& v) const
    {
        if (!valid_)
            return false;
        FourVector const& l = p[lepton_slot()];
        FourVector const &k1 = p[2], &k2 = p[3];
        real_type const la = momentum_magnitude(l), a1 = momentum_magnitude(k1), a2 = momentum_magnitude(k2);
        v.lk1 = invariant_product(l, la, m2_, k1, a1, real_type(0));
        v.lk2 = invariant_product(l, la, m2_, k2, a2, real_type(0));
        v.s_g = 2 * invariant_product(k1, a1, real_type(0), k2, a2, real_type(0));
        if (!(v.s_g > 0 && v.s_g >= s_min_ && v.s_g <= s_max_ && v.lk1 > 0 && v.lk2 > 0))
            return false;
        real_type const d = 2 * (v.lk1 + v.lk2);
        v.a = d + v.s_g;
        Cluster const y = this->cluster(v.s_g, std::sqrt(v.s_g));
        v.a_min = y.a_min;
        v.log_ratio = y.log_ratio;
        real_type const lam_y = d * d - 4 * m2_ * v.s_g;
        if (!(y.log_ratio > 0 && v.a >= v.a_min && v.a <= a_max_ && lam_y > 0))
            return false;
        // |Y| = |o|: one vector's magnitude keeps full relative precision when o is nearly at
        // rest (the top of a), where the sum l + k1 + k2 would cancel
        v.q = momentum_magnitude(p[other_slot()]);
        if (!(v.q > 0))
            return false;
        v.col = this->collinear(v.s_g, d, lam_y);
        real_type const lg = v.lk1 + v.lk2;
        real_type const peak = 4 * (v.lk1 / lg) * (v.lk2 / lg);  // (1 + beta c)(1 - beta c)
        v.weight = this->weight(v.a, v.log_ratio, v.q, lam_y, m2_ + v.a, v.col, peak);
        return v.weight > 0 && std::isfinite(v.weight);
    }
};
}  // namespace fathom
