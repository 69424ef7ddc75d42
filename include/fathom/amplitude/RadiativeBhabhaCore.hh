// Shared machinery of e+(p0) e-(p1) -> e+(p2) e-(p3) + N photons (k_1..k_N), N = 1, 2: tree-level
// helicity amplitudes with photon and (optionally) Z exchange, massive or massless electrons.
//
// Diagrams. Every tree diagram has two fermion lines joined by one exchanged boson V (photon or Z)
// and the N photons attached to the lines. Two classes (topologies), with the Fermi signs of
// FermionFlowSign.hh as in BhabhaAmplitude.hh:
//   s class (annihilation), sign -1:  line A = [vbar(p0) ... u(p1)],  line B = [ubar(p3) ... v(p2)]
//   t class (scattering),   sign +1:  line C = [ubar(p3) ... u(p1)],  line D = [vbar(p0) ... v(p2)]
// A photon subset P on the first line (A or C) and its complement on the second; the photons of a
// line in every order relative to each other and to the V vertex. Per class and boson:
// N = 1: 2 subsets x 2 positions = 4 diagrams -> 8 (photon), 16 (with Z);
// N = 2: P = {}, {1,2}: 3! = 6 orders each; P = {1}, {2}: 2 x 2 each -> 20 -> 40 (photon), 80 (Z).
// No photon couples to the exchanged boson (no gamma-gamma-V or Z-Z-gamma vertex in the SM at
// tree level) and Higgs exchange is not included (as in the reference data).
//
// Shared sub-expressions ("radiating lines"). Each external spinor is dressed with every subset
// of photons, summed over the orders of their emission (OffShellWavefunctions.hh):
//   X_P = S(P_X - K_P) sum_{a in P} V(eps_a) X_{P\a}   (columns u(p1), v(p2); P_X = p1, -p2)
//   Y_P = sum_{a in P} Y_{P\a} V(eps_a) S(P_Y + K_P)   (rows vbar(p0), ubar(p3); P_Y = -p0, p3)
// with K_P the sum of the photon momenta in P, V(eps) = -i e Q eps-slash, S(q) = i (qslash + m)
// / (q^2 - m^2). The dressed spinors do not depend on the class, so the four external fermions'
// 4 x 2^N dressed spinors serve both. The current of a line (Y, X) carrying the subset P, with
// its V vertex open, is then a sum of bilinears over the splits of P:
//   J_P^mu = sum_{A subset of P} Y_A gamma^mu (g_L P_L + g_R P_R) X_{P\A},
// and a class's amplitude is sum_P J1_P . D_V(q_P) . J2_{P^c} with q_P the momentum through V.
// Each diagram then carries N photon vertices, N fermion propagators, two V vertices and one V
// propagator, so common factors of i drop out of |M|^2: the code folds -i e Q (vertex) and
// i / (q^2 - m^2) (propagator) into the real factor e Q / (q^2 - m^2) of each dressing, and
// computes sum_P [e^2 J1.J2 / q^2 + (J1Z.J2Z - (q.J1Z)(q.J2Z)/MZ^2) / (q^2 - MZ^2 + i MZ GZ)] with
// J = L + R from the chiral bilinears L, R and JZ = gZ_L L + gZ_R R.
//
// Cost structure (per evaluation, N = 2): a dressed spinor or a line current depends only on the
// helicities of its own photons, so it is built once per helicity of those photons (e.g. J_{} once,
// J_{a} twice, J_{12} four times), not once per configuration: 4 fermions x 2 helicities x 8
// dressings, and 4 lines x 4 helicity pairs x 25 bilinears; currents are held in light-cone
// components (LightConeAlgebra.hh), where a chiral bilinear is four complex products. The
// helicity sum is then, per class and photon helicities, a 4 x 4 (fermion helicity pairs of the
// two lines) contraction over subsets and components. Scratch arrays are left uninitialised.
//
// Gauge-term reduction of the exchanged photon. Both line currents of the photon exchange are
// conserved (q.J = 0, every insertion order of the line's photons summed), so for any c1, c2
//   J1.J2 = (J1 - c1 q).(J2 - c2 q) - c1 c2 q^2.
// Where a line's current is nearly parallel to q (a lepton scattered or a pair produced nearly
// collinearly with a quasi-real photon: |q^2| << E^2), J1.J2 ~ sqrt(|q^2|) E |J1||J2| / E^2 is a
// strong cancellation, which would multiply the other line's own rounding errors (e.g. of a
// collinear photon emission) by E / sqrt(|q^2|) (measured: 6e-7 instead of 1e-12 at |t| = 2e-11
// GeV^2 with a 1e-4 rad initial-state photon); likewise the coherent cancellation of soft photons
// radiated before and after a nearly undeflected lepton's scattering (1e-8 instead of 1e-12).
// Each line current is therefore replaced by J' = J - c q, c = (J.r)/(q.r) with a reference
// vector r (t class: the other line's beam; s class: p0 + p1), i.e. the exchanged photon is
// taken in the axial gauge r.A = 0, whenever that shortens it (|J'| < |J|, Euclidean norm of the
// components), and c = 0 otherwise (e.g. where q is nearly parallel to r and the axial gauge is
// singular); the photon term is e^2 (J1'.J2' / q^2 - c1 c2). The Z term is unchanged (suppressed
// by q^2 / MZ^2 exactly where this matters, and its axial current is not conserved).
//
// Numerics. Every propagator denominator is formed from Lorentz products of on-shell momenta
// (StableInvariants.hh), not from q's components: q^2 - m^2 = 2 eta p.K + K^2 for a dressing,
// the s-channel q^2 from the final-state side (a sum of positive terms), the t-channel q^2 from
// p.q - m^2 of the two scattered leptons plus photon terms, on whichever side of the diagram has
// the smaller terms. A single photon's dressing of an external spinor uses that spinor's Dirac
// equation, (P-slash - k-slash + m) eps-slash X = 2 (P.eps) X - k-slash eps-slash X (dress_column),
// so that collinear, soft and dead-cone emissions are formed from terms as small as the result;
// other numerators use the components. Measured precision against the same code in __float128:
// test_radiative_bhabha_amplitude.cc (precision_near_the_beams).
//
// Helicity configurations: bit i of the index is leg i's helicity slot (HelicityConfigurations.hh),
// legs 0 e+ in, 1 e- in, 2 e+ out, 3 e- out, 4.. photons. For m = 0, a line whose ends have
// opposite chirality vanishes exactly and is skipped.
// Templates on the real type T (double by default; long double / __float128 on the host).
#pragma once

#include "fathom/base/Complex.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/RealMath.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"
#include "fathom/kinematics/StableInvariants.hh"

#include "ChiralCoupling.hh"
#include "ComplexFourVector.hh"
#include "DiracAlgebra.hh"
#include "DiracWavefunctions.hh"
#include "ElectroweakCouplings.hh"
#include "FermionFlowSign.hh"
#include "HelicityConfigurations.hh"
#include "LightConeAlgebra.hh"
#include "PolarizationVectors.hh"
#include "QedParams.hh"
#include "Spinor.hh"

namespace fathom
{
namespace detail
{
//! Legs of e+e- -> e+e- + photons (reference order).
enum RadiativeBhabhaLeg : int
{
    rb_ep_in = 0,
    rb_em_in = 1,
    rb_ep_out = 2,
    rb_em_out = 3,
    rb_first_photon = 4,
};

//---------------------------------------------------------------------------//
/*!
 * Momenta and denominators of every propagator of e+e- -> e+e- + N photons, indexed by photon
 * subset P (bit a set: photon a belongs to P; num_subsets = 2^N).
 *
 * dress_q[f][P], dress_factor[f][P] (P != 0): momentum along the fermion arrow after external
 * fermion f (leg 0..3) has emitted the photons P, and e Q / (q^2 - m^2) (the photon vertex and
 * the propagator's factors of i folded in).
 * boson_q[c][P], boson_q2[c][P]: the exchanged boson of class c (0 = s, 1 = t) when the photons
 * P sit on the class's first line (A = (e+ in, e- in), C = (e- out, e- in)):
 *   s: q = p0 + p1 - K_P = p2 + p3 + K_{P^c},   t: q = p1 - p3 - K_P = p2 - p0 + K_{P^c}.
 */
template<class T, int N>
struct RadiativeBhabhaPropagators
{
    static constexpr int num_subsets = 1 << N;

    BasicFourVector<T> dress_q[4][num_subsets];
    T dress_factor[4][num_subsets];
    BasicFourVector<T> boson_q[2][num_subsets];
    T boson_q2[2][num_subsets];
};

/*!
 * Propagator invariants from p[0..3+N] (reference order), the electron mass m and the photon
 * coupling e Q of the electron field (Q = -1).
 *
 * Dressing of leg f with the photons P (K = K_P, eta = +1 for outgoing, -1 for incoming legs):
 *   q^2 - m^2 = 2 eta p_f.K + K^2;  q = K - p0, p1 - K, -p2 - K, p3 + K for f = 0..3.
 * s channel: q^2 = (p2 + p3 + K')^2 = 2 m^2 + 2 p2.p3 + 2 (p2 + p3).K' + K'^2, K' = K_{P^c}
 * (non-negative terms). t channel: the smaller-terms side of
 *   (p1 - p3 - K)^2 = -2 (p1.p3 - m^2) - 2 p1.K + 2 p3.K + K^2,
 *   (p2 - p0 + K')^2 = -2 (p0.p2 - m^2) + 2 p2.K' - 2 p0.K' + K'^2.
 */
template<class T, int N>
FATHOM_FUNCTION inline RadiativeBhabhaPropagators<T, N>
radiative_bhabha_propagators(BasicFourVector<T> const* p, T m, T charge_coupling)
{
    constexpr int num_subsets = 1 << N;
    constexpr int all = num_subsets - 1;
    RadiativeBhabhaPropagators<T, N> r;
    T const m2 = m * m;

    T abs_p[4 + N];
    for (int i = 0; i < 4 + N; ++i)
        abs_p[i] = momentum_magnitude(p[i]);

    // Lorentz products with the photons; photon-photon product (N = 2)
    T pk[4][N];
    for (int f = 0; f < 4; ++f)
        for (int a = 0; a < N; ++a)
            pk[f][a] = invariant_product(p[f], abs_p[f], m2, p[rb_first_photon + a], abs_p[rb_first_photon + a], T(0));
    T kk = 0;
    if constexpr (N == 2)
        kk = invariant_product(p[4], abs_p[4], T(0), p[5], abs_p[5], T(0));
    T const p2p3 = invariant_product(p[rb_ep_out], abs_p[rb_ep_out], m2, p[rb_em_out], abs_p[rb_em_out], m2);
    T const excess13 = same_mass_product_excess(p[rb_em_in], abs_p[rb_em_in], p[rb_em_out], abs_p[rb_em_out], m2);
    T const excess02 = same_mass_product_excess(p[rb_ep_in], abs_p[rb_ep_in], p[rb_ep_out], abs_p[rb_ep_out], m2);

    for (int subset = 0; subset < num_subsets; ++subset)
    {
        // K_P, K_P^2 and p_f.K_P for P = subset and for its complement
        BasicFourVector<T> k_sum{}, k_comp{};
        T pk_sum[4] = {0, 0, 0, 0};
        T pk_comp[4] = {0, 0, 0, 0};
        for (int a = 0; a < N; ++a)
        {
            bool const in = (subset >> a) & 1;
            (in ? k_sum : k_comp) += p[rb_first_photon + a];
            for (int f = 0; f < 4; ++f)
                (in ? pk_sum[f] : pk_comp[f]) += pk[f][a];
        }
        T const k2_sum = (N == 2 && subset == all) ? 2 * kk : T(0);
        T const k2_comp = (N == 2 && subset == 0) ? 2 * kk : T(0);

        if (subset != 0)
        {
            r.dress_q[rb_ep_in][subset] = k_sum - p[rb_ep_in];
            r.dress_q[rb_em_in][subset] = p[rb_em_in] - k_sum;
            r.dress_q[rb_ep_out][subset] = -p[rb_ep_out] - k_sum;
            r.dress_q[rb_em_out][subset] = p[rb_em_out] + k_sum;
            r.dress_factor[rb_ep_in][subset] = charge_coupling / (k2_sum - 2 * pk_sum[rb_ep_in]);
            r.dress_factor[rb_em_in][subset] = charge_coupling / (k2_sum - 2 * pk_sum[rb_em_in]);
            r.dress_factor[rb_ep_out][subset] = charge_coupling / (k2_sum + 2 * pk_sum[rb_ep_out]);
            r.dress_factor[rb_em_out][subset] = charge_coupling / (k2_sum + 2 * pk_sum[rb_em_out]);
        }
        else
        {
            for (int f = 0; f < 4; ++f)
            {
                r.dress_q[f][0] = p[f];
                r.dress_factor[f][0] = 1;
            }
        }

        // s channel
        r.boson_q[0][subset] = p[rb_ep_in] + p[rb_em_in] - k_sum;
        r.boson_q2[0][subset] = 2 * m2 + 2 * p2p3 + 2 * (pk_comp[rb_ep_out] + pk_comp[rb_em_out]) + k2_comp;

        // t channel: both sides, keep the one with the smaller terms
        r.boson_q[1][subset] = p[rb_em_in] - p[rb_em_out] - k_sum;
        T const a0 = -2 * excess13, a1 = -2 * pk_sum[rb_em_in], a2 = 2 * pk_sum[rb_em_out];
        T const b0 = -2 * excess02, b1 = 2 * pk_comp[rb_ep_out], b2 = -2 * pk_comp[rb_ep_in];
        T const size_a = -a0 - a1 + a2 + k2_sum;  // |a0| + |a1| + |a2| + |K^2|
        T const size_b = -b0 + b1 - b2 + k2_comp;
        r.boson_q2[1][subset] = real_select(size_a <= size_b, T((a0 + a1) + (a2 + k2_sum)), T((b0 + b2) + (b1 + k2_comp)));
    }
    return r;
}

//---------------------------------------------------------------------------//
/*!
 * External spinors dressed with photons, per photon subset P and photon helicities: d[P][l] with
 * l the helicity bits (bit a: photon a's slot) of the photons in P (l a submask of P; other
 * entries unused). A dressing depends only on the helicities of its own photons, so a spinor
 * with one photon is built once per helicity of that photon, not once per configuration.
 */
//! Number of (photon subset P, helicities of the photons in P) pairs: sum_P 2^|P| = 3^N.
template<int N>
inline constexpr int num_photon_states = N == 1 ? 3 : 9;

/*!
 * Compact index of (subset, l), l the helicity bits of the photons in the subset (a submask):
 * subsets in increasing order, each with its 2^|P| helicity states: {}, {1}-, {1}+, ({2}-, {2}+,
 * {12}--, {12}+-, {12}-+, {12}++).
 */
FATHOM_FORCEINLINE_FUNCTION constexpr int photon_state(int subset, int l)
{
    // subset 0 -> 0; 1 -> 1 + l; 2 -> 3 + (l >> 1); 3 -> 5 + l
    return subset == 0 ? 0 : subset == 1 ? 1 + (l & 1) : subset == 2 ? 3 + ((l >> 1) & 1) : 5 + (l & 3);
}

//! (Scratch storage is left uninitialised: Complex zeroes itself on default construction, and
//! these arrays are written before they are read.)
template<class T, int N>
struct DressedColumn
{
    union
    {
        BasicSpinor<T> d[num_photon_states<N>];  //!< [photon_state(P, l)]
    };
    FATHOM_FORCEINLINE_FUNCTION DressedColumn() {}
    FATHOM_FORCEINLINE_FUNCTION BasicSpinor<T>& operator()(int subset, int l) { return d[photon_state(subset, l)]; }
    FATHOM_FORCEINLINE_FUNCTION BasicSpinor<T> const& operator()(int subset, int l) const
    {
        return d[photon_state(subset, l)];
    }
};
template<class T, int N>
struct DressedRow
{
    union
    {
        BasicBarSpinor<T> d[num_photon_states<N>];  //!< [photon_state(P, l)]
    };
    FATHOM_FORCEINLINE_FUNCTION DressedRow() {}
    FATHOM_FORCEINLINE_FUNCTION BasicBarSpinor<T>& operator()(int subset, int l) { return d[photon_state(subset, l)]; }
    FATHOM_FORCEINLINE_FUNCTION BasicBarSpinor<T> const& operator()(int subset, int l) const
    {
        return d[photon_state(subset, l)];
    }
};

//! Photon wavefunctions for the dressings: slash components of eps*(k_a, l) (or of k_a for a
//! Ward-identity check) and of k_a.
template<class T, int N>
struct PhotonSlashes
{
    detail::BasicSlashComponents<T> eps[N][2];
    BasicComplexFourVector<T> eps_vector[N][2];
    detail::BasicSlashComponents<T> k[N];
};

/*!
 * Dress a column spinor: d[0][0] = the external spinor x of momentum P_X along the arrow
 * (u(p1): p1, v(p2): -p2), then
 *   d[P][l] = factor[P] (qslash_P + m) sum_{a in P} eps_a-slash d[P\a][l & (P\a)],  q_P = P_X - K_P.
 * A single photon uses the Dirac equation of the external spinor, (P_X-slash - m) x = 0:
 *   (P_X-slash - k-slash + m) eps-slash x = 2 (P_X.eps) x - k-slash eps-slash x,
 * whose terms are as small as the result when k is collinear with P_X (or soft, or inside the
 * dead cone of a massive lepton), instead of O(E) terms cancelling to it.
 */
template<class T, int N>
FATHOM_FORCEINLINE_FUNCTION void dress_column(DressedColumn<T, N>& x,
                                              BasicFourVector<T> const& p_ext,
                                              PhotonSlashes<T, N> const& photons,
                                              BasicFourVector<T> const (&q)[1 << N],
                                              T const (&factor)[1 << N],
                                              T m)
{
    BasicSpinor<T> const& x0 = x(0, 0);
    for (int a = 0; a < N; ++a)
    {
        for (int h = 0; h < 2; ++h)
        {
            BasicSpinor<T> const ex = detail::slash_times(photons.eps[a][h], x0);
            BasicComplex<T> const pe2 = T(2) * dot(photons.eps_vector[a][h], p_ext);
            BasicSpinor<T> r = detail::slash_times(photons.k[a], ex);
            for (int i = 0; i < 4; ++i)
                r.c[i] = (pe2 * x0.c[i] - r.c[i]) * factor[1 << a];
            x(1 << a, h << a) = r;
        }
    }
    if constexpr (N == 2)
    {
        detail::BasicSlashComponents<T> const q3 = detail::slash_components<T>(q[3]);
        for (int l = 0; l < 4; ++l)
        {
            BasicSpinor<T> const sum = detail::slash_times(photons.eps[0][l & 1], x(2, l & 2))
                                       + detail::slash_times(photons.eps[1][l >> 1], x(1, l & 1));
            BasicSpinor<T> r = detail::slash_times(q3, sum);
            for (int i = 0; i < 4; ++i)
                r.c[i] = (r.c[i] + m * sum.c[i]) * factor[3];
            x(3, l) = r;
        }
    }
}

/*!
 * Dress a row spinor: d[0][0] = the external row spinor y of momentum P_Y along the arrow
 * (ubar(p3): p3, vbar(p0): -p0), d[P][l] = factor[P] sum_{a in P} d[P\a] eps_a-slash (qslash_P + m),
 * q_P = P_Y + K_P; a single photon as y eps-slash (P_Y-slash + k-slash + m) = 2 (P_Y.eps) y + y eps-slash k-slash.
 */
template<class T, int N>
FATHOM_FORCEINLINE_FUNCTION void dress_row(DressedRow<T, N>& y,
                                           BasicFourVector<T> const& p_ext,
                                           PhotonSlashes<T, N> const& photons,
                                           BasicFourVector<T> const (&q)[1 << N],
                                           T const (&factor)[1 << N],
                                           T m)
{
    BasicBarSpinor<T> const& y0 = y(0, 0);
    for (int a = 0; a < N; ++a)
    {
        for (int h = 0; h < 2; ++h)
        {
            BasicBarSpinor<T> const ye = detail::times_slash(y0, photons.eps[a][h]);
            BasicComplex<T> const pe2 = T(2) * dot(photons.eps_vector[a][h], p_ext);
            BasicBarSpinor<T> r = detail::times_slash(ye, photons.k[a]);
            for (int i = 0; i < 4; ++i)
                r.c[i] = (pe2 * y0.c[i] + r.c[i]) * factor[1 << a];
            y(1 << a, h << a) = r;
        }
    }
    if constexpr (N == 2)
    {
        detail::BasicSlashComponents<T> const q3 = detail::slash_components<T>(q[3]);
        for (int l = 0; l < 4; ++l)
        {
            BasicBarSpinor<T> const sum = detail::times_slash(y(2, l & 2), photons.eps[0][l & 1])
                                          + detail::times_slash(y(1, l & 1), photons.eps[1][l >> 1]);
            BasicBarSpinor<T> r = detail::times_slash(sum, q3);
            for (int i = 0; i < 4; ++i)
                r.c[i] = (r.c[i] + m * sum.c[i]) * factor[3];
            y(3, l) = r;
        }
    }
}

/*!
 * Chiral currents (light-cone components) of a line (y, x) carrying the photons `subset` with
 * helicity bits l (a submask of subset): sum over splits A of the subset of
 * y_A gamma^mu P_L x_{subset\A} (left) and ... P_R ... (right).
 */
template<class T, int N>
FATHOM_FORCEINLINE_FUNCTION void line_current(DressedRow<T, N> const& y,
                                              DressedColumn<T, N> const& x,
                                              int subset,
                                              int l,
                                              BasicLightConeVector<T>& left,
                                              BasicLightConeVector<T>& right)
{
    left = light_cone_left_current(y(0, 0), x(subset, l));
    right = light_cone_right_current(y(0, 0), x(subset, l));
    for (int a = subset; a != 0; a = (a - 1) & subset)
    {
        int const b = subset & ~a;
        left += light_cone_left_current(y(a, l & a), x(b, l & b));
        right += light_cone_right_current(y(a, l & a), x(b, l & b));
    }
}

//! Role of each fermion leg (massless chirality rule).
FATHOM_FORCEINLINE_FUNCTION constexpr FermionRole radiative_bhabha_role(int leg)
{
    return leg == rb_ep_in    ? FermionRole::incoming_antifermion
           : leg == rb_em_in  ? FermionRole::incoming_fermion
           : leg == rb_ep_out ? FermionRole::outgoing_antifermion
                              : FermionRole::outgoing_fermion;
}

//---------------------------------------------------------------------------//
/*!
 * Helicity amplitudes of e+e- -> e+e- + N photons (N = 1, 2), up to one common phase.
 *
 * evaluate(params, p, sink, ward_photon) calls sink(config, amplitude) once for every helicity
 * configuration (config < 2^(4+N), HelicityConfigurations.hh bits), with amplitude = M up to a
 * configuration-independent phase (so sum |M|^2 is exact). ward_photon = a in [0, N) replaces
 * photon a's polarisation by its momentum k_a (the Ward identity makes every amplitude vanish);
 * -1 for the physical amplitudes.
 */
template<class T, int N>
struct RadiativeBhabhaHelicityAmplitudes
{
    static_assert(N == 1 || N == 2, "e+e- -> e+e- with one or two photons");
    static constexpr int num_photons = N;
    static constexpr int num_legs = 4 + N;
    static constexpr int num_subsets = 1 << N;
    static constexpr size_type num_configs = size_type(1) << num_legs;

    static constexpr int s_sign = fermion_flow_sign({rb_ep_in, rb_em_in, rb_em_out, rb_ep_out});
    static constexpr int t_sign = fermion_flow_sign({rb_em_out, rb_em_in, rb_ep_in, rb_ep_out});
    static_assert(s_sign * t_sign == -1, "s- and t-class diagrams interfere with a relative minus sign");

    //! Per-evaluation constants of the boson exchange of one class, per subset P on line 1.
    struct Exchange
    {
        BasicLightConeVector<T> q[1 << N];  //!< boson momentum
        T photon_factor[1 << N];            //!< e^2 / q^2
        BasicComplex<T> z_factor[1 << N];   //!< 1 / (q^2 - MZ^2 + i MZ GZ)
        BasicLightConeVector<T> r[2];       //!< reference vectors of the gauge-term reduction, per line
        T inv_qr[2][1 << N];                //!< 1 / (q.r) per line and subset P of line 1
        real_mask_t<T> reduce[2][1 << N];   //!< try the gauge-term reduction (q.r != 0)
    };

    //! A line's current for one helicity pair, subset and photon helicities, ready to contract.
    struct LineTermData
    {
        BasicLightConeVector<T> photon;  //!< line 1: e^2 J' / q^2; line 2: J'
        BasicComplex<T> c;               //!< line 1: e^2 c1; line 2: c2 (gauge-term reduction)
        BasicLightConeVector<T> z;       //!< line 1: D_Z applied to JZ; line 2: JZ
    };
    //! Uninitialised storage for one (written before read, only where used).
    struct LineTerm
    {
        union
        {
            LineTermData v;
        };
        FATHOM_FORCEINLINE_FUNCTION LineTerm() {}
    };

    /*!
     * Gauge-term reduction of a conserved photon current j (see the file comment), where
     * `allowed` (q.r != 0): j -> j - c q with c = (j.r)/(q.r) if that shortens j, else c = 0.
     */
    FATHOM_FORCEINLINE_FUNCTION static void reduce_gauge_term(BasicLightConeVector<T>& j,
                                                              BasicComplex<T>& c,
                                                              BasicLightConeVector<T> const& q,
                                                              BasicLightConeVector<T> const& r,
                                                              T inv_qr,
                                                              real_mask_t<T> const& allowed)
    {
        if constexpr (!RealTraits<T>::is_simd)
        {
            if (!allowed)
                return;
        }
        BasicComplex<T> const cc = light_cone_dot(j, r) * inv_qr;
        BasicLightConeVector<T> const reduced = minus_scaled(j, cc, q);
        auto const take = allowed && (euclidean_norm2(reduced) < euclidean_norm2(j));
        j = {real_select(take, reduced.plus, j.plus), real_select(take, reduced.minus, j.minus),
             real_select(take, reduced.perp, j.perp), real_select(take, reduced.perpc, j.perpc)};
        c = real_select(take, cc, c);
    }

    /*!
     * Contractible terms of one line (row y, column x) for one helicity pair, for every subset P
     * of its own photons and their helicities l, at terms[photon_state(P, l)]. line = 0: the
     * class's first line, with the boson propagators applied; line = 1: the second line, whose
     * subset P is line 1's complement.
     */
    FATHOM_FUNCTION static void line_terms(DressedRow<T, N> const& y,
                                           DressedColumn<T, N> const& x,
                                           int line,
                                           Exchange const& ex,
                                           T e2,
                                           BasicChiralCoupling<T> const& gz,
                                           T inv_mz2,
                                           bool with_z,
                                           LineTerm (&terms)[num_photon_states<N>])
    {
        for (int subset = 0; subset < (1 << N); ++subset)
        {
            int const boson = line == 0 ? subset : ((1 << N) - 1) & ~subset;  // line 1's subset
            for (int l = subset;; l = (l - 1) & subset)
            {
                BasicLightConeVector<T> left, right;
                line_current<T, N>(y, x, subset, l, left, right);
                LineTermData& t = terms[photon_state(subset, l)].v;
                t.photon = left + right;
                t.c = BasicComplex<T>{};
                reduce_gauge_term(t.photon, t.c, ex.q[boson], ex.r[line], ex.inv_qr[line][boson],
                                  ex.reduce[line][boson]);
                if (with_z)
                    t.z = gz.left * left + gz.right * right;
                if (line == 0)
                {
                    t.photon = ex.photon_factor[boson] * t.photon;
                    t.c = e2 * t.c;
                    if (with_z)
                    {
                        BasicComplex<T> const qj = light_cone_dot(t.z, ex.q[boson]) * inv_mz2;
                        t.z = ex.z_factor[boson] * minus_scaled(t.z, qj, ex.q[boson]);
                    }
                }
                if (l == 0)
                    break;
            }
        }
    }

    //! Massless chirality rule: may the line with these end legs and helicity slots be non-zero?
    FATHOM_FORCEINLINE_FUNCTION static bool
    line_open(bool massless, int row_leg, int hy, int col_leg, int hx)
    {
        return !massless
               || massless_chirality(radiative_bhabha_role(row_leg), slot_helicity(hy))
                      == massless_chirality(radiative_bhabha_role(col_leg), slot_helicity(hx));
    }

    /*!
     * Add one class's amplitudes to amp[photon helicities][fermion helicities] (fermion index:
     * helicity bits of legs 0..3). Line 1 = (row y1 of leg row1, column x1 of leg col1) carries
     * the subset P, line 2 = (y2 of leg row2, x2 of leg col2) its complement. Line 1's terms are
     * kept for its four helicity pairs; line 2's are built one helicity pair at a time.
     */
    FATHOM_FUNCTION static void add_class(DressedRow<T, N> const (&y1)[2],
                                          DressedColumn<T, N> const (&x1)[2],
                                          DressedRow<T, N> const (&y2)[2],
                                          DressedColumn<T, N> const (&x2)[2],
                                          int row1,
                                          int col1,
                                          int row2,
                                          int col2,
                                          Exchange const& ex,
                                          T e2,
                                          BasicChiralCoupling<T> const& gz,
                                          T inv_mz2,
                                          bool with_z,
                                          bool massless,
                                          int sign,
                                          BasicComplex<T> (&amp)[1 << N][16])
    {
        constexpr int all = (1 << N) - 1;
        LineTerm first[2][2][num_photon_states<N>];
        for (int hy = 0; hy < 2; ++hy)
            for (int hx = 0; hx < 2; ++hx)
                if (line_open(massless, row1, hy, col1, hx))
                    line_terms(y1[hy], x1[hx], 0, ex, e2, gz, inv_mz2, with_z, first[hy][hx]);
        real_mask_t<T> const reduce_both[4] = {ex.reduce[0][0] && ex.reduce[1][0],
                                               ex.reduce[0][1 & all] && ex.reduce[1][1 & all],
                                               ex.reduce[0][2 & all] && ex.reduce[1][2 & all],
                                               ex.reduce[0][3 & all] && ex.reduce[1][3 & all]};
        for (int hy2 = 0; hy2 < 2; ++hy2)
        {
            for (int hx2 = 0; hx2 < 2; ++hx2)
            {
                if (!line_open(massless, row2, hy2, col2, hx2))
                    continue;
                LineTerm second[num_photon_states<N>];
                line_terms(y2[hy2], x2[hx2], 1, ex, e2, gz, inv_mz2, with_z, second);
                for (int hy = 0; hy < 2; ++hy)
                {
                    for (int hx = 0; hx < 2; ++hx)
                    {
                        if (!line_open(massless, row1, hy, col1, hx))
                            continue;
                        int const index = (hy << row1) | (hx << col1) | (hy2 << row2) | (hx2 << col2);
                        for (int l = 0; l < (1 << N); ++l)
                        {
                            BasicComplex<T> a{};
                            for (int subset = 0; subset < (1 << N); ++subset)
                            {
                                int const comp = all & ~subset;
                                LineTermData const& t1 = first[hy][hx][photon_state(subset, l & subset)].v;
                                LineTermData const& t2 = second[photon_state(comp, l & comp)].v;
                                a += light_cone_dot(t1.photon, t2.photon);
                                if constexpr (RealTraits<T>::is_simd)
                                    a = real_select(reduce_both[subset], a - t1.c * t2.c, a);
                                else if (reduce_both[subset])
                                    a -= t1.c * t2.c;
                                if (with_z)
                                    a += light_cone_dot(t1.z, t2.z);
                            }
                            amp[l][index] += T(sign) * a;
                        }
                    }
                }
            }
        }
    }

    //! Parameters are scalars also when T is a SIMD pack (one set for all lanes).
    using Scalar = real_scalar_t<T>;

    template<class Sink>
    FATHOM_FUNCTION static void
    evaluate(BasicQedParams<Scalar> const& params, BasicFourVector<T> const* p, Sink& sink, int ward_photon = -1)
    {
        T const m = params.electron_mass;
        bool const massless = (params.electron_mass == 0);
        bool const with_z = params.z_exchange;
        Scalar const e_scalar = elementary_charge<Scalar>(params.alpha);
        T const e = e_scalar;
        T const e2 = e * e;
        BasicChiralCoupling<Scalar> const gz_scalar = electron_z_coupling<Scalar>(e_scalar, params.sin2w);
        BasicChiralCoupling<T> const gz{gz_scalar.left, gz_scalar.right};
        T const inv_mz2 = 1 / (params.mz * params.mz);

        // Propagators: the electron field's photon coupling e Q = -e folded into the dressings
        RadiativeBhabhaPropagators<T, N> const prop = radiative_bhabha_propagators<T, N>(p, m, -e);
        Exchange ex[2];
        {
            // reference vectors: s class p0 + p1 for both lines; t class the beam of the other line
            BasicFourVector<T> const r[2][2] = {{p[rb_ep_in] + p[rb_em_in], p[rb_ep_in] + p[rb_em_in]},
                                                {p[rb_ep_in], p[rb_em_in]}};
            for (int c = 0; c < 2; ++c)
            {
                for (int line = 0; line < 2; ++line)
                    ex[c].r[line] = light_cone(r[c][line]);
                for (int subset = 0; subset < (1 << N); ++subset)
                {
                    BasicFourVector<T> const& q = prop.boson_q[c][subset];
                    T const q2 = prop.boson_q2[c][subset];
                    ex[c].q[subset] = light_cone(q);
                    ex[c].photon_factor[subset] = e2 / q2;
                    ex[c].z_factor[subset] = with_z ? T(1) / BasicComplex<T>{q2 - params.mz * params.mz, params.mz * params.wz}
                                                    : BasicComplex<T>{};
                    for (int line = 0; line < 2; ++line)
                    {
                        T const qr = dot(q, r[c][line]);
                        ex[c].reduce[line][subset] = (qr != 0);
                        ex[c].inv_qr[line][subset] = real_select(qr != 0, T(1 / qr), T(0));
                    }
                }
            }
        }

        // Photon wavefunctions
        PhotonSlashes<T, N> photons;
        for (int a = 0; a < N; ++a)
        {
            BasicFourVector<T> const& k = p[rb_first_photon + a];
            photons.k[a] = detail::slash_components<T>(k);
            for (int h = 0; h < 2; ++h)
            {
                photons.eps_vector[a][h] = (a == ward_photon) ? to_complex<T>(k)
                                                              : outgoing_polarization_vector<T>(k, slot_helicity(h));
                photons.eps[a][h] = detail::slash_components(photons.eps_vector[a][h]);
            }
        }

        // External spinors [helicity slot], dressed with every photon subset
        DressedRow<T, N> y0[2];
        DressedColumn<T, N> x1[2];
        DressedColumn<T, N> x2[2];
        DressedRow<T, N> y3[2];
        {
            BasicDiracHelicityBasis<T> const b0 = dirac_helicity_basis<T>(p[rb_ep_in], m);
            BasicDiracHelicityBasis<T> const b1 = dirac_helicity_basis<T>(p[rb_em_in], m);
            BasicDiracHelicityBasis<T> const b2 = dirac_helicity_basis<T>(p[rb_ep_out], m);
            BasicDiracHelicityBasis<T> const b3 = dirac_helicity_basis<T>(p[rb_em_out], m);
            // momenta along the fermion arrow: -p for antifermions
            BasicFourVector<T> const arrow0 = -p[rb_ep_in];
            BasicFourVector<T> const arrow2 = -p[rb_ep_out];
            for (int h = 0; h < 2; ++h)
            {
                y0[h](0, 0) = incoming_antifermion(b0, slot_helicity(h));
                x1[h](0, 0) = incoming_fermion(b1, slot_helicity(h));
                x2[h](0, 0) = outgoing_antifermion(b2, slot_helicity(h));
                y3[h](0, 0) = outgoing_fermion(b3, slot_helicity(h));
                dress_row<T, N>(y0[h], arrow0, photons, prop.dress_q[rb_ep_in], prop.dress_factor[rb_ep_in], m);
                dress_column<T, N>(x1[h], p[rb_em_in], photons, prop.dress_q[rb_em_in], prop.dress_factor[rb_em_in], m);
                dress_column<T, N>(x2[h], arrow2, photons, prop.dress_q[rb_ep_out], prop.dress_factor[rb_ep_out], m);
                dress_row<T, N>(y3[h], p[rb_em_out], photons, prop.dress_q[rb_em_out], prop.dress_factor[rb_em_out], m);
            }
        }

        BasicComplex<T> amp[1 << N][16] = {};
        add_class(y0, x1, y3, x2, rb_ep_in, rb_em_in, rb_em_out, rb_ep_out, ex[0], e2, gz, inv_mz2, with_z, massless,
                  s_sign, amp);
        add_class(y3, x1, y0, x2, rb_em_out, rb_em_in, rb_ep_in, rb_ep_out, ex[1], e2, gz, inv_mz2, with_z, massless,
                  t_sign, amp);
        for (int l = 0; l < (1 << N); ++l)
            for (int f = 0; f < 16; ++f)
                sink(size_type(f) | (size_type(l) << 4), amp[l][f]);
    }
};

//! Sink summing |M|^2 over helicity configurations.
template<class T>
struct SquaredAmplitudeSum
{
    T sum{0};
    FATHOM_FORCEINLINE_FUNCTION void operator()(size_type, BasicComplex<T> const& a) { sum += norm2(a); }
};
}  // namespace detail
}  // namespace fathom
