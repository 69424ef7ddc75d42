// Importance-sampling channel for bremsstrahlung in e+e- -> e+ e- gamma gamma: each outgoing
// lepton radiates one photon. The final state as two lepton-photon clusters whose masses carry
// the 1 / (2 p.k) collinear and soft enhancement of emission off the lepton.
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
//! Parameters of LeptonRadiationChannel (GeV, GeV^2).
struct LeptonRadiationParams
{
    real_type sqrt_s{0};       //!< CM energy; beams e+ along -z, e- along +z
    real_type lepton_mass{0};  //!< m_e (> 0, or >= 0 with a positive collinear_scale)
    /*!
     * false: photon A = k1 = out[2] is radiated by the e+, B = k2 = out[3] by the e-;
     * true: A = k2 = out[3], B = k1 = out[2] (the other ordering, for a multichannel).
     */
    bool swap_photons{false};
    /*!
     * Scale c (GeV^2) of the cluster-mass maps: log(s_i - m^2 + c) uniform. Below c the map is
     * flat in s_i, above it logarithmic (the 1 / (s_i - m^2) = 1 / (2 p.k) of the emission).
     * 0 (default): c = m^2, the scale at which the lepton mass regulates the collinear peak.
     */
    real_type collinear_scale{0};
};

//---------------------------------------------------------------------------//
/*!
 * Map x in [0, 1]^8 to the momenta of e+ e- -> e+(p3) e-(p4) gamma(k1) gamma(k2) in the CM frame,
 * with the exact phase-space weight W(x) = dPhi_4 / d^8 x, and the inverse map.
 *
 * Output order (the reference order without the beams): e+ out, e- out, k1, k2. Photon A is
 * k1 (swap_photons = false) or k2 (true), B the other one. Clusters Y1 = p3 + A (mass^2 s1),
 * Y2 = p4 + B (s2), P = Y1 + Y2 = (sqrt_s, 0); m the lepton mass, a_i = s_i - m^2 = 2 p.k of
 * the lepton-photon pair i.
 *
 * Factorisation into two clusters (two-body recursion, e.g. E. Byckling and K. Kajantie,
 * "Particle Kinematics", Wiley 1973, ch. IV-V; the normalisation of Rambo.hh):
 *   dPhi_4 = ds1/(2 pi) ds2/(2 pi) dPhi_2(P; Y1, Y2) dPhi_2(Y1; e+, A) dPhi_2(Y2; e-, B),
 *   dPhi_2(Q; a, b) = lambda^1/2(Q^2, m_a^2, m_b^2) / (8 pi Q^2) dOmega / (4 pi),
 * so dPhi_2(P; Y1, Y2) = q / (4 pi sqrt_s) dOmega / 4 pi (q = |p_Y1| in the CM frame) and
 * dPhi_2(Y_i; l, gamma) = a_i / (8 pi s_i) dOmega* / 4 pi.
 *
 * Variables, in the order of x (A1 = (sqrt_s - m)^2 - m^2 = sqrt_s (sqrt_s - 2 m), the largest
 * a1; A2(s1) = (sqrt_s - sqrt(s1))^2 - m^2, the largest a2 at this s1, so that
 * sqrt(s1) + sqrt(s2) <= sqrt_s):
 *   x0  a1 = c expm1(L1 x0), L1 = log(1 + A1 / c)                               dW: (a1 + c) L1
 *   x1  a2 = c expm1(L2 x1), L2 = log(1 + A2(s1) / c)                           dW: (a2 + c) L2
 *   x2  cos theta of Y1 in the CM frame, 2 x2 - 1
 *   x3  phi of Y1 in the CM frame, 2 pi x3
 *   x4  cos theta* of photon A in the Y1 rest frame about the Y1 flight direction n (helicity
 *       frame, reached by the pure boost along n), 2 x4 - 1
 *   x5  phi* of photon A about n, 2 pi x5, transverse axes from T. Duff et al., "Building an
 *       Orthonormal Basis, Revisited", J. Computer Graphics Techniques 6 (2017) 1, listing 3
 *   x6  cos theta* of photon B in the Y2 rest frame about the Y2 flight direction -n, 2 x6 - 1
 *   x7  phi* of photon B about -n (Duff basis of -n), 2 pi x7
 * Every angular map has unit Jacobian with respect to dOmega / 4 pi, so
 *   W = [(a1 + c) L1 / 2 pi] [(a2 + c) L2 / 2 pi] [q / (4 pi sqrt_s)] [a1 / (8 pi s1)]
 *       [a2 / (8 pi s2)],
 * which depends on a1, a2 (and q = q(s1, s2)) only. For c = m^2, W 4 / (a1 a2) = W / ((p3.A)
 * (p4.B)) is a slowly varying function (L1 L2 q), so the collinear + soft enhancement of both
 * emissions is flattened. A photon soft in the CM frame is cos theta* -> -1 (x4 or x6 -> 0); a
 * photon collinear with its lepton is small a_i, which the log map spreads out.
 *
 * density(p) = 1 / W(x(p)) from the invariants of the event (a1 = 2 p3.A and a2 = 2 p4.B by
 * invariant_product, sums of non-negative terms; q = |p3 + A|), so it serves events of any
 * generator; 0 where this channel cannot produce the event (a_i = 0, a1 > A1, a2 > A2(s1),
 * q = 0). density() is the density of producing exactly the ordered output it is given; the
 * swap_photons = true channel has density_true(p3, p4, k1, k2) = density_false(p3, p4, k2, k1).
 *
 * Numerics. Map: upper ends without cancellation, A1 - a1 = (A1 + c)(-expm1(-L1 (1 - x0))),
 * sqrt_s - m - sqrt(s1) = (A1 - a1) / (sqrt_s - m + sqrt(s1)), A2 - a2 likewise, and
 * lambda(s, s1, s2) = (A2 - a2)(sqrt_s + m1 + m2)(sqrt_s + m1 - m2). The momenta in the CM
 * frame are built in the helicity frame (n, b1, b2): the transverse parts are the rest-frame
 * ones, the parallel parts are written without cancellation: for the photon (k* = a / 2 m_Y,
 * cos* = 2 x - 1) E m_Y / k* = E_Y + q cos* = m_Y^2 / (E_Y + q) + 2 q x and p_par m_Y / k* =
 * E_Y cos* + q = 2 E_Y x - m_Y^2 / (E_Y + q) for cos* < 0, so a photon soft in the CM frame
 * (cos* -> -1 with a strongly boosted cluster) keeps full relative precision; the lepton's
 * p_par = (q e* - E_Y k* cos*) / m_Y. Energies are set from the mass shell.
 * Inverse: with the Y direction from Y = l + gamma (CM), x = (1 + cos*) / 2 from the aberration
 * formula, x = a / (a + b), a = m_Y^2 / (E_Y + q) (|k||Y| + k.Y), b = (E_Y + q)(|k||Y| - k.Y),
 * both brackets from the cross product where they cancel; phi* from the CM transverse
 * components (boost invariant).
 * Measured in tests/channels (both photon orders, 1e5 points each, a quarter of them near the
 * soft / collinear corners): |sum p - P| / sqrt_s <= 1.6e-15, |p^2 - m^2| / E^2 <= 5.4e-16,
 * |density(map(x)) W(x) - 1| <= 1.9e-12 (c = m^2) and <= 2e-11 (c = 1 GeV^2), |inverse(map(x))
 * - x| <= 2e-11 (azimuths weighted by sin theta*; raw azimuths <= 3.6e-9 next to the poles,
 * where the transverse momenta of the rounded output carry only ~1e-16 / theta_lab relative
 * precision). The density bound is set by the event: near the upper end of s1 (x0 -> 1) W
 * depends on A1 - a1, and a1 of the rounded momenta is defined to ~1e-16 relative only, so W of
 * the doubles is defined to ~1e-16 A1 / (A1 - a1) (checked in quad precision).
 *
 * Device code: no heap, no virtual calls, no exceptions; std::log/exp/sqrt/atan2/sin/cos only.
 */
class LeptonRadiationChannel
{
  public:
    static constexpr size_type max_dims = 8;

    FATHOM_FUNCTION explicit LeptonRadiationChannel(LeptonRadiationParams const& p) : p_(p)
    {
        real_type const m = p.lepton_mass;
        m2_ = m * m;
        c_ = p.collinear_scale > 0 ? p.collinear_scale : m2_;
        bool ok = p.sqrt_s > 0 && std::isfinite(p.sqrt_s) && m >= 0 && std::isfinite(m)
                  && 2 * m < p.sqrt_s;
        ok = ok && c_ > 0 && std::isfinite(c_) && std::isfinite(p.collinear_scale)
             && p.collinear_scale >= 0;
        valid_ = ok;
        a1_max_ = ok ? p.sqrt_s * (p.sqrt_s - 2 * m) : real_type(0);
        log1_ = ok ? std::log1p(a1_max_ / c_) : real_type(0);
        beam_p_ = ok ? std::sqrt((p.sqrt_s / 2 - m) * (p.sqrt_s / 2 + m)) : real_type(0);
    }

    FATHOM_FUNCTION bool valid() const { return valid_; }
    //! Number of x dimensions (uniforms per event).
    FATHOM_FUNCTION size_type ndim() const { return 8; }
    //! Number of output momenta (e+, e-, gamma, gamma).
    FATHOM_FUNCTION size_type num_final() const { return 4; }
    FATHOM_FUNCTION LeptonRadiationParams const& params() const { return p_; }
    //! The scale c of the cluster-mass maps actually used (GeV^2).
    FATHOM_FUNCTION real_type collinear_scale() const { return c_; }

    //! Incoming beams in the reference order: [0] e+ (along -z), [1] e- (along +z).
    FATHOM_FUNCTION FourVector beam(size_type i) const
    {
        real_type const e = p_.sqrt_s / 2;
        return i == 0 ? FourVector{e, 0, 0, -beam_p_} : FourVector{e, 0, 0, beam_p_};
    }

    //-----------------------------------------------------------------------//
    /*!
     * Fill out[0..4) from x in [0, 1]^8 and return W(x) = dPhi_4 / d^8 x; 0 (with zero momenta)
     * where there is no phase space at this x (a1 = 0, a2 = 0, q = 0: boundaries), or if !valid().
     */
    FATHOM_FUNCTION FATHOM_DEVICE_NOINLINE real_type map(real_type const* x, FourVector* out) const
    {
        if (!valid_)
            return this->fail(out);
        constexpr real_type two_pi = 2 * pi_;
        real_type const rs = p_.sqrt_s;

        // cluster 1: a1 = s1 - m^2 on the log map
        real_type const a1 = c_ * std::expm1(log1_ * x[0]);
        if (!(a1 > 0))
            return this->fail(out);
        real_type const s1 = m2_ + a1;
        real_type const m1 = std::sqrt(s1);
        real_type const to_top1 = (a1_max_ + c_) * -std::expm1(-log1_ * (1 - x[0]));

        // cluster 2: a2 = s2 - m^2 on the log map up to A2(s1)
        real_type const a2_max = this->a2_max(to_top1, m1);
        if (!(a2_max > 0))
            return this->fail(out);
        real_type const log2 = std::log1p(a2_max / c_);
        real_type const a2 = c_ * std::expm1(log2 * x[1]);
        if (!(a2 > 0))
            return this->fail(out);
        real_type const s2 = m2_ + a2;
        real_type const m2 = std::sqrt(s2);
        real_type const to_top2 = (a2_max + c_) * -std::expm1(-log2 * (1 - x[1]));
        // lambda(s, s1, s2) = (A2 - a2)(sqrt_s + m1 + m2)(sqrt_s + m1 - m2)
        real_type const lam = to_top2 * (rs + m1 + m2) * (rs + m1 - m2);
        real_type const q = std::sqrt(lam > 0 ? lam : real_type(0)) / (2 * rs);
        if (!(q > 0))
            return this->fail(out);

        // Y1 direction n in the CM frame; Y2 along -n
        real_type n[3];
        {
            real_type c, st;
            channel_geometry::cos_sin(x[2], c, st);
            real_type const ph = two_pi * x[3];
            n[0] = st * std::cos(ph);
            n[1] = st * std::sin(ph);
            n[2] = c;
        }
        real_type const nm[3] = {-n[0], -n[1], -n[2]};
        int const ia = p_.swap_photons ? 3 : 2, ib = p_.swap_photons ? 2 : 3;
        this->decay(n, q, s1, m1, a1, x[4], x[5], out[0], out[ia]);
        this->decay(nm, q, s2, m2, a2, x[6], x[7], out[1], out[ib]);

        real_type const w = this->weight(a1, a2, log2, q);
        return w > 0 ? w : this->fail(out);
    }

    //! Sampler seam: draw ndim() uniforms (dimension 0 first) and map them.
    template<class Rng>
    FATHOM_FUNCTION real_type operator()(Rng& rng, FourVector* out) const
    {
        real_type x[max_dims];
        for (size_type d = 0; d < max_dims; ++d)
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
     * Inverse map: x(p) in [0, 1]^8 (clamped against rounding) and the density g(p) = 1 / W(x(p));
     * returns 0 (x unspecified) where the channel cannot produce p.
     */
    FATHOM_FUNCTION FATHOM_DEVICE_NOINLINE real_type inverse(FourVector const* p, real_type* x) const
    {
        Invariants v;
        if (!this->invariants(p, v))
            return 0;
        x[0] = v.x_a1;
        x[1] = v.x_a2;
        FourVector const& ka = p[p_.swap_photons ? 3 : 2];
        FourVector const& kb = p[p_.swap_photons ? 2 : 3];

        // Y1 direction in the CM frame
        FourVector const y1 = p[0] + ka;
        real_type const n[3] = {y1.px / v.q, y1.py / v.q, y1.pz / v.q};
        x[2] = channel_geometry::clamp01((1 + n[2]) / 2);
        x[3] = channel_geometry::unit_azimuth(n[0], n[1]);
        // Y2 axis: -n, as in the map (Y2 = -Y1 up to rounding)
        real_type const nm[3] = {-n[0], -n[1], -n[2]};

        this->decay_angles(y1, v.q, v.s1, n, ka, x[4], x[5]);
        FourVector const y2 = p[1] + kb;
        this->decay_angles(y2, pabs(y2), v.s2, nm, kb, x[6], x[7]);
        return 1 / v.weight;
    }

  private:
    static constexpr real_type pi_ = 3.14159265358979323846;

    LeptonRadiationParams p_;
    real_type m2_{0}, c_{0}, a1_max_{0}, log1_{0}, beam_p_{0};
    bool valid_{false};

    //! Invariants of an event and what depends on them.
    struct Invariants
    {
        real_type a1, a2, s1, s2, q;
        real_type x_a1, x_a2;
        real_type weight;
    };

    FATHOM_FUNCTION real_type fail(FourVector* out) const
    {
        for (size_type i = 0; i < 4; ++i)
            out[i] = FourVector{};
        return 0;
    }



    /*!
     * A2(s1) = (sqrt_s - m1)^2 - m^2 = (sqrt_s - m - m1)(sqrt_s - m1 + m), with
     * sqrt_s - m - m1 = (A1 - a1) / (sqrt_s - m + m1) and to_top1 = A1 - a1.
     */
    FATHOM_FUNCTION real_type a2_max(real_type to_top1, real_type m1) const
    {
        real_type const rs = p_.sqrt_s, m = p_.lepton_mass;
        return to_top1 / (rs - m + m1) * (rs - m1 + m);
    }

    /*!
     * The decay Y -> l gamma of the cluster Y (mass^2 s = m^2 + a, mass my, CM momentum q along
     * the unit vector n): photon at cos* = 2 u - 1, phi* = 2 pi v about n in the Y rest frame,
     * lepton opposite; both written in the CM frame without cancellation (see the class notes).
     */
    FATHOM_FUNCTION void decay(real_type const* n, real_type q, real_type s, real_type my, real_type a,
                               real_type u, real_type v, FourVector& lep, FourVector& gam) const
    {
        real_type const ey = std::sqrt(s + q * q);
        real_type const k_star = a / (2 * my);          // photon momentum in the Y frame
        real_type const e_star = (2 * m2_ + a) / (2 * my);  // lepton energy in the Y frame
        real_type c, st;
        channel_geometry::cos_sin(u, c, st);
        real_type const ph = 2 * pi_ * v;
        channel_geometry::TransverseBasis const b = channel_geometry::transverse_basis(n);
        real_type const t1 = k_star * st * std::cos(ph), t2 = k_star * st * std::sin(ph);
        real_type const tr[3] = {t1 * b.b1[0] + t2 * b.b2[0], t1 * b.b1[1] + t2 * b.b2[1],
                                 t1 * b.b1[2] + t2 * b.b2[2]};
        // photon: p_par = (k* / my)(E_Y cos* + q)
        real_type const lo = s / (ey + q);  // E_Y - q
        real_type const par_g = k_star / my * (c >= 0 ? ey * c + q : 2 * ey * u - lo);
        // lepton: p_par = (q e* - E_Y k* cos*) / my
        real_type const par_l = (q * e_star - ey * k_star * c) / my;
        gam = {0, par_g * n[0] + tr[0], par_g * n[1] + tr[1], par_g * n[2] + tr[2]};
        gam.e = std::sqrt(p2(gam));
        lep = {0, par_l * n[0] - tr[0], par_l * n[1] - tr[1], par_l * n[2] - tr[2]};
        lep.e = std::sqrt(m2_ + p2(lep));
    }

    /*!
     * Inverse of decay(): u = (1 + cos*) / 2 of the photon k about n from the aberration formula
     * (cluster momentum y in the CM frame, |y| = q, mass^2 s), and v = phi* / 2 pi from the
     * transverse components of k.
     */
    FATHOM_FUNCTION void decay_angles(FourVector const& y, real_type q, real_type s, real_type const* n,
                                      FourVector const& k, real_type& u, real_type& v) const
    {
        real_type const ka = momentum_magnitude(k);
        real_type const ey = std::sqrt(s + q * q);
        // |k||y| (1 - cos) and |k||y| (1 + cos), cos the CM angle between k and y
        real_type const minus = detail::angular_product(k, ka, y, q);
        real_type const plus = detail::angular_product(k, ka, -y, q);
        real_type const a = s / (ey + q) * plus, b = (ey + q) * minus;
        u = a + b > 0 ? channel_geometry::clamp01(a / (a + b)) : real_type(1);
        channel_geometry::TransverseBasis const bs = channel_geometry::transverse_basis(n);
        real_type const k1 = k.px * bs.b1[0] + k.py * bs.b1[1] + k.pz * bs.b1[2];
        real_type const k2 = k.px * bs.b2[0] + k.py * bs.b2[1] + k.pz * bs.b2[2];
        v = channel_geometry::unit_azimuth(k1, k2);
    }

    //! W from a1, a2, L2 = log(1 + A2(s1) / c) and the CM momentum q of the clusters.
    FATHOM_FUNCTION real_type weight(real_type a1, real_type a2, real_type log2, real_type q) const
    {
        constexpr real_type two_pi = 2 * pi_;
        return ((a1 + c_) * log1_ / two_pi) * ((a2 + c_) * log2 / two_pi) * (q / (4 * pi_ * p_.sqrt_s))
               * (a1 / (8 * pi_ * (m2_ + a1))) * (a2 / (8 * pi_ * (m2_ + a2)));
    }

    //! Invariants of the event p, x0, x1 and W; false where the channel cannot produce it.
    FATHOM_FUNCTION bool invariants(FourVector const* p, Invariants& v) const
    {
        if (!valid_)
            return false;
        FourVector const& ka = p[p_.swap_photons ? 3 : 2];
        FourVector const& kb = p[p_.swap_photons ? 2 : 3];
        real_type const l1 = momentum_magnitude(p[0]), l2 = momentum_magnitude(p[1]);
        v.a1 = 2 * invariant_product(p[0], l1, m2_, ka, momentum_magnitude(ka), real_type(0));
        v.a2 = 2 * invariant_product(p[1], l2, m2_, kb, momentum_magnitude(kb), real_type(0));
        if (!(v.a1 > 0 && v.a1 <= a1_max_ && v.a2 > 0))
            return false;
        v.s1 = m2_ + v.a1;
        v.s2 = m2_ + v.a2;
        real_type const a2_max = this->a2_max(a1_max_ - v.a1, std::sqrt(v.s1));
        if (!(a2_max > 0 && v.a2 <= a2_max))
            return false;
        real_type const log2 = std::log1p(a2_max / c_);
        v.q = pabs(p[0] + ka);
        if (!(v.q > 0))
            return false;
        v.x_a1 = channel_geometry::clamp01(std::log1p(v.a1 / c_) / log1_);
        v.x_a2 = channel_geometry::clamp01(std::log1p(v.a2 / c_) / log2);
        v.weight = this->weight(v.a1, v.a2, log2, v.q);
        return v.weight > 0 && std::isfinite(v.weight);
    }
};
}  // namespace fathom
