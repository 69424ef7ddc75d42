// Importance-sampling channel for the peripheral ("two-photon") topology of e+e- -> e+e- X,
// X = a photon pair of mass in a window, or an on-shell particle of mass m_a (optionally decayed
// isotropically to two photons): both leptons scattered at small |t|, X produced centrally.
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
//! Which lepton's momentum transfer is generated in the first (CM-frame) split.
enum class FirstLepton
{
    positron,  //!< t_a = t+ = (p_e+in - p_e+out)^2 first, t- in the (e- out, X) rest frame
    electron,  //!< the mirror: t- first, t+ second
};

//! How the pair mass is sampled in the continuum mode.
enum class PairMassMapping
{
    flat_m2,  //!< m^2 uniform in [m_min^2, m_max^2]
    log_m2,   //!< log m^2 uniform (needs m_min > 0)
};

//! Parameters of TwoPhotonFusionChannel (GeV, radians). Defaults: no generation limits.
struct TwoPhotonFusionParams
{
    real_type sqrt_s{0};       //!< CM energy; beams e+ along -z, e- along +z
    real_type lepton_mass{0};  //!< m_e (> 0, or give both |t| lower limits > 0)

    //! Fixed mass (narrow-width ALP): X on shell with mass pair_mass. Otherwise the photon pair
    //! mass is sampled in [pair_mass_min, pair_mass_max].
    bool fixed_mass{false};
    real_type pair_mass{0};
    real_type pair_mass_min{0};
    real_type pair_mass_max{0};
    PairMassMapping mass_mapping{PairMassMapping::flat_m2};
    //! Fixed mass only: output the two photons of the isotropic decay (4 momenta) instead of X
    //! (3 momenta). The continuum always outputs the two photons.
    bool decay{true};

    FirstLepton first{FirstLepton::positron};

    //! Generation limits on |t+| = -(p_e+in - p_e+out)^2 and |t-| (GeV^2); upper limits are used
    //! only where finite and positive.
    real_type abs_t_positron_min{0};
    real_type abs_t_positron_max{0};  //!< 0: no upper limit
    real_type abs_t_electron_min{0};
    real_type abs_t_electron_max{0};  //!< 0: no upper limit
    //! Polar-angle window of the first lepton about the direction of its own incoming beam
    //! (exact t limits at each s2); [0, pi] is no limit.
    real_type first_theta_min{0};
    real_type first_theta_max{3.14159265358979323846};
};

//---------------------------------------------------------------------------//
/*!
 * Map x in [0, 1]^d to the momenta of e+ e- -> e+(p3) e-(p4) X, X -> gamma gamma, in the CM
 * frame, with the exact phase-space weight W(x) = dPhi / d^d x, and the inverse map.
 *
 * Output order (the reference order without the beams): e+ out, e- out, then X (3 momenta) or
 * its two photons (4 momenta). Below "a" is the first lepton (FirstLepton), "b" the other;
 * p_a, p_b their incoming beams; m the lepton mass, M the pair mass, P = p_a + p_b.
 *
 * Factorisation (two-body recursion, e.g. E. Byckling and K. Kajantie, "Particle Kinematics",
 * Wiley 1973, ch. IV-V; the normalisation of Rambo.hh):
 *   dPhi_4 = dM^2/(2 pi) dPhi_3(P; p_a', p_b', X) dPhi_2(X; k1, k2),
 *   dPhi_3 = dPhi_2(P; p_a', Q) ds2/(2 pi) dPhi_2(Q; p_b', X),  Q = P - p_a', s2 = Q^2,
 * and each two-body factor written with the momentum transfer of its lepton (linear in the
 * cosine of the polar angle about the beam direction in the frame of the split):
 *   dPhi_2(P; p_a', Q) = dt_a dphi_a / (16 pi^2 lambda^1/2(s, m^2, m^2)),   t_a = (p_a - p_a')^2,
 *   dPhi_2(Q; p_b', X) = dt_b dphi_b / (16 pi^2 lambda^1/2(s2, t_a, m^2)), t_b = (p_b - p_b')^2
 * (the second split in the Q rest frame, where p_b has momentum lambda^1/2(s2, t_a, m^2) /
 * (2 sqrt(s2)) since (Q - p_b)^2 = t_a), and dPhi_2(X; k1, k2) = (1 / 8 pi) dOmega* / 4 pi.
 *
 * Variables, in the order of x:
 *   x0  s2:    log s2 uniform in [(m + M)^2, (sqrt_s - m)^2]     dW: s2 ln(s2_max / s2_min)
 *   x1  |t_a|: log uniform between the exact limits at s2, intersected with the generation
 *              limits (|t_a| and the first lepton's polar-angle window)    |t_a| ln(hi / lo)
 *   x2  phi_a: azimuth of p_a' in the CM frame, 2 pi x2
 *   x3  |t_b|: log uniform between the exact limits at (s2, t_a, M^2) and the |t_b| limits
 *   x4  phi_b: azimuth of p_b' about p_b in the Q rest frame (reached from the CM frame by the
 *              pure boost along Q; transverse axes from Duff et al., JCGT 6 (2017) 1)
 *   x5  M^2:   continuum only, flat or log (PairMassMapping)
 *   then (when decayed) cos theta*, phi* of the first photon in the X rest frame (pure boost,
 *   CM axes), as decay_isotropic_massless.
 * so that W = [ln(..) s2 / 2 pi] [|t_a| ln(..) / (8 pi lambda^1/2(s, m^2, m^2))]
 *             [|t_b| ln(..) / (8 pi lambda^1/2(s2, t_a, m^2))] [dM^2/dx5 / 2 pi / (8 pi)].
 * Fixed mass: no M^2 factor (the narrow-width delta function absorbs dM^2 / 2 pi and dPhi_2 as
 * in ResonanceSampler.hh), the decay is normalised to 1; W is the three-body weight.
 *
 * Kinematic limits, without cancellation (equal lepton masses, StableInvariants.hh): with
 * energies E, E' and momenta k, k' of the beam and the scattered lepton in the frame of the
 * split, |t| = 2 (E E' - k k' cos theta - m^2) lies in
 *   |t|_min = 2 m^2 (E - E')^2 / (E E' + k k' - m^2),  |t|_max = 2 (E E' + k k' - m^2),
 * with E - E' = (s2 - m^2) / (2 sqrt_s) (first split) and (|t_a| + M^2) / (2 sqrt(s2)) (second);
 * 1 -+ cos theta = (|t| - |t|_min) / (2 k k') resp. (|t|_max - |t|) / (2 k k').
 *
 * density(p) = 1 / W(x(p)): the invariants are recomputed from the momenta (s2 from the
 * X side, (p_b' + X)^2, as a sum of non-negative products), so it also serves events generated
 * by other channels; 0 where this channel cannot produce the event (outside the mass window
 * or the generation limits). Fixed mass: the pair mass of the event is taken to be M (the
 * density is with respect to the narrow-width phase space, as the weight).
 *
 * Numerics (measured in tests/channels): |sum p - P| / sqrt_s <= 3e-14, |p^2 - m^2| / E^2 <= 1.1e-15,
 * |density(map(x)) W(x) - 1| <= 5e-12, |inverse(map(x)) - x| <= 1e-10. Energies of boosted
 * momenta are set from the mass shell; s2 near both thresholds is carried as s2 - (m + M)^2
 * (expm1 / log1p, and p.q - m M as a sum of squares for the density) and as (s2_max - s2); the
 * second lepton is built as lam p_b + Lambda(r*) so that its small transverse momentum does not
 * come from a cancellation in the boost.
 *
 * Device code: no heap, no virtual calls, no exceptions; std::log/exp/sqrt/atan2/sin/cos only.
 */
class TwoPhotonFusionChannel
{
  public:
    static constexpr size_type max_dims = 8;

    FATHOM_FUNCTION explicit TwoPhotonFusionChannel(TwoPhotonFusionParams const& p) : p_(p)
    {
        real_type const m = p.lepton_mass;
        s_ = p.sqrt_s * p.sqrt_s;
        m2_ = m * m;
        bool ok = p.sqrt_s > 0 && std::isfinite(p.sqrt_s) && m >= 0 && std::isfinite(m);
        if (p.fixed_mass)
        {
            ok = ok && p.pair_mass > 0 && std::isfinite(p.pair_mass);
            mass_lo_ = mass_hi_ = p.pair_mass;
        }
        else
        {
            ok = ok && p.pair_mass_min >= 0 && p.pair_mass_min < p.pair_mass_max
                 && std::isfinite(p.pair_mass_max)
                 && (p.mass_mapping == PairMassMapping::flat_m2 || p.pair_mass_min > 0);
            mass_lo_ = p.pair_mass_min;
            mass_hi_ = p.pair_mass_max;
        }
        ok = ok && 2 * m + mass_hi_ < p.sqrt_s;
        // log |t| needs a positive lower limit: the lepton mass or the generation limits
        ok = ok && (m > 0 || (p.abs_t_positron_min > 0 && p.abs_t_electron_min > 0));
        ok = ok && p.first_theta_min >= 0 && p.first_theta_min < p.first_theta_max;
        valid_ = ok;
        beam_p_ = std::sqrt((p.sqrt_s / 2 - m) * (p.sqrt_s / 2 + m));
        if (p.fixed_mass)
            ndim_ = p.decay ? 7 : 5;
        else
            ndim_ = 8;
        nfinal_ = (p.fixed_mass && !p.decay) ? 3 : 4;
    }

    FATHOM_FUNCTION bool valid() const { return valid_; }
    //! Number of x dimensions (uniforms per event).
    FATHOM_FUNCTION size_type ndim() const { return ndim_; }
    //! Number of output momenta: 3 (e+, e-, X) or 4 (e+, e-, gamma, gamma).
    FATHOM_FUNCTION size_type num_final() const { return nfinal_; }
    FATHOM_FUNCTION TwoPhotonFusionParams const& params() const { return p_; }

    //! Incoming beams in the reference order: [0] e+ (along -z), [1] e- (along +z).
    FATHOM_FUNCTION FourVector beam(size_type i) const
    {
        real_type const e = p_.sqrt_s / 2;
        return i == 0 ? FourVector{e, 0, 0, -beam_p_} : FourVector{e, 0, 0, beam_p_};
    }

    //-----------------------------------------------------------------------//
    /*!
     * Fill out[0..num_final()) from x in [0, 1]^ndim() and return W(x) = dPhi / d^d x; 0 (with
     * zero momenta) where the limits leave no phase space at this x, or if !valid().
     */
    FATHOM_FUNCTION FATHOM_DEVICE_NOINLINE real_type map(real_type const* x, FourVector* out) const
    {
        if (!valid_)
            return this->fail(out);
        constexpr real_type two_pi = 2 * pi_;

        // pair mass
        real_type big_m2 = 0, weight = 1;
        size_type const ix_decay = p_.fixed_mass ? 5 : 6;
        if (p_.fixed_mass)
        {
            big_m2 = p_.pair_mass * p_.pair_mass;
        }
        else
        {
            real_type const lo = mass_lo_ * mass_lo_, hi = mass_hi_ * mass_hi_;
            if (p_.mass_mapping == PairMassMapping::flat_m2)
            {
                big_m2 = lo + (hi - lo) * x[5];
                weight = hi - lo;
            }
            else
            {
                real_type const l = std::log(hi / lo);
                big_m2 = lo * std::exp(l * x[5]);
                weight = big_m2 * l;
            }
            weight /= two_pi * 8 * pi_;  // dM^2 / 2 pi, dPhi_2(X -> gamma gamma) = 1 / 8 pi
        }
        real_type const big_m = std::sqrt(big_m2);

        // s2 = (P - p_a')^2 = s2_lo + excess, log s2 uniform
        real_type s2_lo, s2_hi;
        this->s2_range(big_m, s2_lo, s2_hi);
        if (!(s2_lo < s2_hi))
            return this->fail(out);
        real_type const ls2 = std::log(s2_hi / s2_lo);
        real_type const excess = s2_lo * std::expm1(ls2 * x[0]);
        real_type const s2 = s2_lo + excess;
        weight *= s2 * ls2 / two_pi;

        // first split in the CM frame: |t_a| and phi_a
        First const f = this->first_split_from_s2(s2);
        Range const ra = this->first_limits(f);
        if (!ra.ok())
            return this->fail(out);
        real_type const ea = std::expm1(ra.log_ratio * x[1]);
        real_type const ta = ra.lo + ra.lo * ea;
        weight *= ta * ra.log_ratio / (8 * pi_ * 2 * p_.sqrt_s * beam_p_);
        real_type const sa = p_.first == FirstLepton::positron ? -1 : 1;  // beam a along sa z
        FourVector pa_out;
        {
            real_type const kk = 2 * beam_p_ * f.k;
            real_type omc, c, st;
            polar(ra.lo_offset + ra.lo * ea, kk, omc, c, st);
            real_type const ph = two_pi * x[2];
            pa_out = {f.e, f.k * st * std::cos(ph), f.k * st * std::sin(ph), sa * f.k * c};
        }

        // second split in the Q rest frame: |t_b| and phi_b
        Second const g = this->second_split(s2, excess, ta, big_m, pa_out);
        Range const rb = this->second_limits(g);
        if (!rb.ok())
            return this->fail(out);
        real_type const eb = std::expm1(rb.log_ratio * x[3]);
        real_type const tb = rb.lo + rb.lo * eb;
        weight *= tb * rb.log_ratio / (8 * pi_ * 2 * g.mq * g.kb);
        FourVector pb_out, big_x;
        {
            real_type const kk = 2 * g.kb * g.k;
            real_type omc, c, st;
            polar(rb.lo_offset + rb.lo * eb, kk, omc, c, st);
            real_type const ph = two_pi * x[4];
            real_type const a1 = g.k * st * std::cos(ph), a2 = g.k * st * std::sin(ph), a3 = g.k * c;
            real_type const vx = a1 * g.b1[0] + a2 * g.b2[0] + a3 * g.n[0];
            real_type const vy = a1 * g.b1[1] + a2 * g.b2[1] + a3 * g.n[1];
            real_type const vz = a1 * g.b1[2] + a2 * g.b2[2] + a3 * g.n[2];
            big_x = boost_from_rest({g.ex, -vx, -vy, -vz}, g.q, g.mq, big_m2);
            // p_b'* = lam p_b* + r*, lam = k cos / kb, r* = (E_b'* - lam E_b*, transverse part):
            // p_b' = lam p_b + Lambda r*, so the small transverse momentum of p_b' in the CM
            // frame comes from the small r* instead of cancelling in the boost of p_b'*.
            // E_b'* kb - k E_b* = m^2 (kb^2 - k^2) / (E_b'* kb + k E_b*) (both on shell).
            real_type const lam = g.k * c / g.kb;
            real_type const d = m2_ * (g.kb - g.k) * (g.kb + g.k) / (g.e * g.kb + g.k * g.eb);
            FourVector const r{(d + g.k * omc * g.eb) / g.kb,
                               a1 * g.b1[0] + a2 * g.b2[0],
                               a1 * g.b1[1] + a2 * g.b2[1],
                               a1 * g.b1[2] + a2 * g.b2[2]};
            FourVector const lr = boost_linear(r, g.q, g.mq);
            FourVector const pb = this->beam(p_.first == FirstLepton::positron ? 1 : 0);
            pb_out = {0, lam * pb.px + lr.px, lam * pb.py + lr.py, lam * pb.pz + lr.pz};
            pb_out.e = std::sqrt(m2_ + p2(pb_out));
        }

        size_type const ia = p_.first == FirstLepton::positron ? 0 : 1;
        out[ia] = pa_out;
        out[1 - ia] = pb_out;
        if (nfinal_ == 3)
        {
            out[2] = big_x;
            return weight;
        }
        // isotropic decay X -> gamma gamma in the X rest frame (CM axes)
        real_type const u1 = x[ix_decay], u2 = x[ix_decay + 1];
        real_type const h = big_m / 2;
        real_type const c = 2 * u1 - 1;
        real_type const st = 2 * std::sqrt(u1 * (1 - u1));
        real_type const ph = two_pi * u2;
        real_type const kx = h * st * std::cos(ph), ky = h * st * std::sin(ph), kz = h * c;
        out[2] = boost_from_rest({h, kx, ky, kz}, big_x, big_m, 0);
        out[3] = boost_from_rest({h, -kx, -ky, -kz}, big_x, big_m, 0);
        return weight;
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
    //! Phase-space density g(p) = 1 / W(x(p)) of the event p[0..num_final()); 0 outside.
    FATHOM_FUNCTION real_type density(FourVector const* p) const
    {
        Invariants v;
        return this->invariants(p, v) ? 1 / v.weight : real_type(0);
    }

    /*!
     * Inverse map: x(p) in [0, 1]^ndim() (clamped against rounding) and the density g(p) =
     * 1 / W(x(p)); returns 0 (x unspecified) where the channel cannot produce p.
     */
    FATHOM_FUNCTION FATHOM_DEVICE_NOINLINE real_type inverse(FourVector const* p, real_type* x) const
    {
        Invariants v;
        if (!this->invariants(p, v))
            return 0;
        x[0] = v.x_s2;
        x[1] = v.x_ta;
        x[3] = v.x_tb;
        if (!p_.fixed_mass)
            x[5] = v.x_m2;
        size_type const ia = p_.first == FirstLepton::positron ? 0 : 1;
        FourVector const& pa_out = p[ia];
        FourVector const& pb_out = p[1 - ia];
        x[2] = channel_geometry::unit_azimuth(pa_out.px, pa_out.py);

        Second const g = this->second_split(v.s2, v.excess, v.ta, v.big_m, pa_out);
        FourVector const r = boost_to_rest(pb_out, g.e, g.q, g.mq);
        x[4] = channel_geometry::unit_azimuth(r.px * g.b1[0] + r.py * g.b1[1] + r.pz * g.b1[2],
                            r.px * g.b2[0] + r.py * g.b2[1] + r.pz * g.b2[2]);
        if (nfinal_ == 4)
        {
            size_type const ix = p_.fixed_mass ? 5 : 6;
            FourVector const big_x = p[2] + p[3];
            FourVector const k = boost_to_rest(p[2], v.big_m / 2, big_x, v.big_m);
            real_type const ka = pabs(k);
            real_type const c = ka > 0 ? k.pz / ka : 1;
            x[ix] = channel_geometry::clamp01((1 + c) / 2);
            x[ix + 1] = channel_geometry::unit_azimuth(k.px, k.py);
        }
        return 1 / v.weight;
    }

  private:
    static constexpr real_type pi_ = 3.14159265358979323846;

    TwoPhotonFusionParams p_;
    real_type s_{0}, m2_{0}, beam_p_{0};
    real_type mass_lo_{0}, mass_hi_{0};
    size_type ndim_{0}, nfinal_{0};
    bool valid_{false};

    //! The scattered lepton of the first split (CM frame).
    struct First
    {
        real_type e, k;          //!< energy and momentum of p_a'
        real_type t_min;         //!< kinematic lower limit of |t_a| (the upper: t_min + 4 k_beam k)
    };
    //! The second split in the Q rest frame.
    struct Second
    {
        FourVector q;            //!< Q = P - p_a' (CM frame)
        real_type mq;            //!< sqrt(s2)
        real_type eb, kb;        //!< energy, momentum of p_b in the Q frame
        real_type e, k, ex;      //!< energy, momentum of p_b', energy of X in the Q frame
        real_type t_min;         //!< kinematic lower limit of |t_b| (the upper: t_min + 4 kb k)
        real_type n[3], b1[3], b2[3];  //!< direction of p_b (Q frame) and transverse axes
    };
    //! Sampling range of |t|: [lo, lo + width], log(1 + width / lo), and lo - t_min.
    struct Range
    {
        real_type lo, width, log_ratio, lo_offset;
        FATHOM_FUNCTION bool ok() const { return lo > 0 && width > 0 && log_ratio > 0; }
        FATHOM_FUNCTION bool contains(real_type t) const { return t >= lo && t - lo <= width; }
    };
    //! Invariants of an event and what depends on them.
    struct Invariants
    {
        real_type s2, excess, ta, tb, big_m;
        real_type x_s2, x_ta, x_tb, x_m2;
        real_type weight;
    };

    FATHOM_FUNCTION real_type fail(FourVector* out) const
    {
        for (size_type i = 0; i < nfinal_; ++i)
            out[i] = FourVector{};
        return 0;
    }

    //! cos and sin of the polar angle from 1 - cos = offset / half_range (half_range = 2 k k').
    FATHOM_FORCEINLINE_FUNCTION static void
    polar(real_type offset, real_type half_range, real_type& omc, real_type& c, real_type& st)
    {
        omc = offset / half_range;
        omc = omc > 0 ? (omc < 2 ? omc : real_type(2)) : real_type(0);
        real_type const opc = 2 - omc;
        c = omc < 1 ? 1 - omc : opc - 1;
        st = std::sqrt(omc * opc);
    }

    /*!
     * p (given in the rest frame of q, mass mq) in the frame of q: the momentum
     * p = p* + q (E* + E) / (q0 + mq), E = (q0 E* + q.p*) / mq, then E = sqrt(m2 + p^2), which
     * keeps p on shell where q0 E* and q.p* cancel (p at rest in the frame of q).
     */
    FATHOM_FORCEINLINE_FUNCTION static FourVector
    boost_from_rest(FourVector const& r, FourVector const& q, real_type mq, real_type m2)
    {
        real_type const e = (q.e * r.e + q.px * r.px + q.py * r.py + q.pz * r.pz) / mq;
        real_type const c = (r.e + e) / (q.e + mq);
        FourVector v{0, r.px + c * q.px, r.py + c * q.py, r.pz + c * q.pz};
        v.e = std::sqrt(m2 + p2(v));
        return v;
    }
    //! The same Lorentz transformation (rest frame of q -> frame of q) of any four-vector r.
    FATHOM_FORCEINLINE_FUNCTION static FourVector
    boost_linear(FourVector const& r, FourVector const& q, real_type mq)
    {
        real_type const e = (q.e * r.e + q.px * r.px + q.py * r.py + q.pz * r.pz) / mq;
        real_type const c = (r.e + e) / (q.e + mq);
        return {e, r.px + c * q.px, r.py + c * q.py, r.pz + c * q.pz};
    }
    //! The inverse, with the rest-frame energy e_rest known: p* = p - q (E* + E) / (q0 + mq).
    FATHOM_FORCEINLINE_FUNCTION static FourVector
    boost_to_rest(FourVector const& p, real_type e_rest, FourVector const& q, real_type mq)
    {
        real_type const c = (e_rest + p.e) / (q.e + mq);
        return {e_rest, p.px - c * q.px, p.py - c * q.py, p.pz - c * q.pz};
    }

    FATHOM_FUNCTION void s2_range(real_type big_m, real_type& lo, real_type& hi) const
    {
        real_type const m = p_.lepton_mass;
        lo = (m + big_m) * (m + big_m);
        hi = (p_.sqrt_s - m) * (p_.sqrt_s - m);
    }

    //! |t_a|_min = 2 m^2 (E_beam - E)^2 / (E_beam E + k_beam k - m^2), E_beam - E = (s2 - m^2) / 2 sqrt_s.
    FATHOM_FUNCTION First first_finish(real_type s2, real_type e, real_type k) const
    {
        real_type const m2 = m2_;
        real_type const de = (s2 - m2) / (2 * p_.sqrt_s);
        real_type const d = p_.sqrt_s / 2 * e - m2 + beam_p_ * k;
        return {e, k, d > 0 ? 2 * m2 * de * de / d : real_type(0)};
    }
    //! E = m + d, d = (s2_max - s2) / (2 sqrt_s), k = sqrt(d (2 m + d)): on shell also at rest.
    FATHOM_FUNCTION First first_split_from_s2(real_type s2) const
    {
        real_type const m = p_.lepton_mass, rm = p_.sqrt_s - m, r2 = std::sqrt(s2);
        real_type d = (rm - r2) * (rm + r2) / (2 * p_.sqrt_s);
        d = d > 0 ? d : 0;
        return this->first_finish(s2, m + d, std::sqrt(d * (2 * m + d)));
    }

    //! [lo, hi] of |t_a|: kinematics, polar-angle window of p_a', |t_a| generation limits.
    FATHOM_FUNCTION Range first_limits(First const& f) const
    {
        bool const pos = p_.first == FirstLepton::positron;
        real_type const cut_lo = pos ? p_.abs_t_positron_min : p_.abs_t_electron_min;
        real_type const cut_hi = pos ? p_.abs_t_positron_max : p_.abs_t_electron_max;
        real_type const kk4 = 4 * beam_p_ * f.k;
        real_type lo_off = 0, hi_off = kk4;  // offsets from t_min
        if (p_.first_theta_min > 0)
        {
            real_type const sh = std::sin(p_.first_theta_min / 2);
            lo_off = kk4 * sh * sh;
        }
        if (p_.first_theta_max < pi_)
        {
            real_type const sh = std::sin(p_.first_theta_max / 2);
            hi_off = kk4 * sh * sh;
        }
        return make_range(f.t_min, lo_off, hi_off, cut_lo, cut_hi);
    }

    FATHOM_FORCEINLINE_FUNCTION static Range make_range(
        real_type t_min, real_type lo_off, real_type hi_off, real_type cut_lo, real_type cut_hi)
    {
        if (cut_lo > t_min + lo_off)
            lo_off = cut_lo - t_min;
        if (cut_hi > 0 && cut_hi < t_min + hi_off)
            hi_off = cut_hi - t_min;
        Range r;
        r.lo = t_min + lo_off;
        r.lo_offset = lo_off;
        r.width = hi_off - lo_off;
        r.log_ratio = (r.lo > 0 && r.width > 0) ? std::log1p(r.width / r.lo) : real_type(0);
        return r;
    }

    /*!
     * The Q frame at s2 = (m + M)^2 + excess: E_b'* - m = excess (sqrt(s2) - m + M) /
     * (2 sqrt(s2) (sqrt(s2) + m + M)) (and the same for X with m <-> M), k* = lambda^1/2 /
     * (2 sqrt(s2)) with lambda(s2, m^2, M^2) = excess (excess + 4 m M): exact near threshold.
     */
    FATHOM_FUNCTION Second second_split(
        real_type s2, real_type excess, real_type ta, real_type big_m, FourVector const& pa_out) const
    {
        real_type const m = p_.lepton_mass, m2 = m2_;
        Second g;
        g.mq = std::sqrt(s2);
        g.q = {(s_ - m2 + s2) / (2 * p_.sqrt_s), -pa_out.px, -pa_out.py, -pa_out.pz};
        // p_b in the Q frame: Q.p_b = (s2 + m^2 + |t_a|) / 2 since (Q - p_b)^2 = t_a;
        // lambda(s2, m^2, t_a) = (s2 - m^2 + |t_a|)^2 + 4 m^2 |t_a|
        g.eb = (s2 + m2 + ta) / (2 * g.mq);
        real_type const u = s2 - m2 + ta;
        g.kb = std::sqrt(u * u + 4 * m2 * ta) / (2 * g.mq);
        real_type const f = excess / (2 * g.mq * (g.mq + m + big_m));
        g.e = m + f * (g.mq - m + big_m);
        g.ex = big_m + f * (g.mq + m - big_m);
        g.k = std::sqrt(excess * (excess + 4 * m * big_m)) / (2 * g.mq);
        real_type const de = (ta + big_m * big_m) / (2 * g.mq);  // E_b - E_b'
        real_type const d = g.eb * g.e - m2 + g.kb * g.k;
        g.t_min = d > 0 ? 2 * m2 * de * de / d : real_type(0);
        // direction of p_b in the Q frame: p_b* = p_b - Q (E_b* + E_b) / (Q0 + mq)
        FourVector const pb = this->beam(p_.first == FirstLepton::positron ? 1 : 0);
        FourVector const r = boost_to_rest(pb, g.eb, g.q, g.mq);
        real_type const rn = pabs(r);
        g.n[0] = r.px / rn;
        g.n[1] = r.py / rn;
        g.n[2] = r.pz / rn;
        // orthonormal basis (b1, b2, n): T. Duff et al., "Building an Orthonormal Basis,
        // Revisited", J. Computer Graphics Techniques 6 (2017) 1, listing 3
        real_type const sg = g.n[2] >= 0 ? real_type(1) : real_type(-1);
        real_type const a = -1 / (sg + g.n[2]);
        real_type const b = g.n[0] * g.n[1] * a;
        g.b1[0] = 1 + sg * g.n[0] * g.n[0] * a;
        g.b1[1] = sg * b;
        g.b1[2] = -sg * g.n[0];
        g.b2[0] = b;
        g.b2[1] = sg + g.n[1] * g.n[1] * a;
        g.b2[2] = -g.n[1];
        return g;
    }

    FATHOM_FUNCTION Range second_limits(Second const& g) const
    {
        bool const pos = p_.first == FirstLepton::positron;
        real_type const cut_lo = pos ? p_.abs_t_electron_min : p_.abs_t_positron_min;
        real_type const cut_hi = pos ? p_.abs_t_electron_max : p_.abs_t_positron_max;
        return make_range(g.t_min, 0, 4 * g.kb * g.k, cut_lo, cut_hi);
    }

    /*!
     * p.q - m_p m_q for on-shell p, q (masses mp, mq; |p| = pa, |q| = qa) as a sum of
     * non-negative terms: (m_p E_q - m_q E_p)^2 / (E_p E_q - m_p m_q + |p||q|) + (|p||q| - p.q(3)).
     */
    FATHOM_FORCEINLINE_FUNCTION static real_type threshold_excess(
        FourVector const& p, real_type pa, real_type mp, FourVector const& q, real_type qa, real_type mq)
    {
        real_type const d = p.e * q.e - mp * mq + pa * qa;
        real_type const n = mp * q.e - mq * p.e;
        real_type const pq = p.px * q.px + p.py * q.py + p.pz * q.pz;
        real_type ang;
        if (!(pq > 0))
        {
            ang = pa * qa - pq;
        }
        else
        {
            real_type const cx = p.py * q.pz - p.pz * q.py;
            real_type const cy = p.pz * q.px - p.px * q.pz;
            real_type const cz = p.px * q.py - p.py * q.px;
            ang = (cx * cx + cy * cy + cz * cz) / (pa * qa + pq);
        }
        return (d > 0 ? n * n / d : real_type(0)) + ang;
    }

    //! Invariants of the event p, its x's and W; false where the channel cannot produce it.
    FATHOM_FUNCTION bool invariants(FourVector const* p, Invariants& v) const
    {
        if (!valid_)
            return false;
        real_type const m = p_.lepton_mass, m2 = m2_;
        constexpr real_type two_pi = 2 * pi_;
        size_type const ia = p_.first == FirstLepton::positron ? 0 : 1;
        FourVector const& pa_out = p[ia];
        FourVector const& pb_out = p[1 - ia];
        FourVector const pa = this->beam(ia), pb = this->beam(1 - ia);
        real_type const ka_out = momentum_magnitude(pa_out), kb_out = momentum_magnitude(pb_out);

        // pair mass M, X = the pair, excess = s2 - (m + M)^2 = 2 (p_b'.X - m M)
        real_type weight = 1;
        FourVector big_x;
        if (nfinal_ == 3)
        {
            v.big_m = p_.pair_mass;
            big_x = p[2];
        }
        else
        {
            real_type const k1 = momentum_magnitude(p[2]), k2 = momentum_magnitude(p[3]);
            real_type const m2x = 2 * invariant_product(p[2], k1, real_type(0), p[3], k2, real_type(0));
            v.big_m = std::sqrt(m2x);
            big_x = p[2] + p[3];
            if (!p_.fixed_mass)
            {
                real_type const lo = mass_lo_ * mass_lo_, hi = mass_hi_ * mass_hi_;
                if (!(m2x >= lo && m2x <= hi))
                    return false;
                if (p_.mass_mapping == PairMassMapping::flat_m2)
                {
                    v.x_m2 = (m2x - lo) / (hi - lo);
                    weight = hi - lo;
                }
                else
                {
                    real_type const l = std::log(hi / lo);
                    v.x_m2 = std::log(m2x / lo) / l;
                    weight = m2x * l;
                }
                weight /= two_pi * 8 * pi_;
            }
        }
        v.excess = 2 * threshold_excess(pb_out, kb_out, m, big_x, momentum_magnitude(big_x), v.big_m);
        real_type s2_lo, s2_hi;
        this->s2_range(v.big_m, s2_lo, s2_hi);
        v.s2 = s2_lo + v.excess;
        if (!(v.s2 <= s2_hi && s2_lo < s2_hi))
            return false;
        real_type const ls2 = std::log(s2_hi / s2_lo);
        v.x_s2 = channel_geometry::clamp01(std::log1p(v.excess / s2_lo) / ls2);
        weight *= v.s2 * ls2 / two_pi;

        First const f = this->first_finish(v.s2, std::sqrt(m2 + ka_out * ka_out), ka_out);
        Range const ra = this->first_limits(f);
        v.ta = 2 * same_mass_product_excess(pa, beam_p_, pa_out, ka_out, m2);
        if (!(ra.ok() && ra.contains(v.ta)))
            return false;
        v.x_ta = channel_geometry::clamp01(std::log(v.ta / ra.lo) / ra.log_ratio);
        weight *= v.ta * ra.log_ratio / (8 * pi_ * 2 * p_.sqrt_s * beam_p_);

        Second const g = this->second_split(v.s2, v.excess, v.ta, v.big_m, pa_out);
        Range const rb = this->second_limits(g);
        v.tb = 2 * same_mass_product_excess(pb, beam_p_, pb_out, kb_out, m2);
        if (!(rb.ok() && rb.contains(v.tb)))
            return false;
        v.x_tb = channel_geometry::clamp01(std::log(v.tb / rb.lo) / rb.log_ratio);
        weight *= v.tb * rb.log_ratio / (8 * pi_ * 2 * g.mq * g.kb);
        v.weight = weight;
        return weight > 0 && std::isfinite(weight);
    }
};
}  // namespace fathom
