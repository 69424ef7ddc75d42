// Peaking backgrounds gamma gamma -> P -> gamma gamma (P = pi0, eta, eta'), process meson_fusion:
// the PDG-derived couplings, the run card, and sigma(e+e- -> e+e- pi0) against the equivalent-photon
// approximation (EPA).
#include <cmath>
#include <cstdio>
#include <sstream>
#include <utility>
#include <string>

#include <gtest/gtest.h>

#include "fathom/amplitude/AlpParams.hh"
#include "fathom/base/Constants.hh"
#include "run/InputError.hh"
#include "run/ProcessCatalog.hh"
#include "run/RunCard.hh"
#include "run/RunDriver.hh"

namespace fathom
{
namespace
{
namespace c = constants;

RunSpec card(std::string const& body) { return parse_run_card("[beams]\nsqrt_s = 10.58\n" + body, "peak.toml"); }

std::string message_of(std::string const& body)
{
    try
    {
        card(body);
    }
    catch (InputError const& e)
    {
        return e.what();
    }
    return "";
}

/*!
 * Photon spectrum of a lepton in the EPA (Budnev et al., Phys. Rept. 15 (1975) 181; the form of Frixione
 * et al., Phys. Lett. B 319 (1993) 339), photons of energy fraction x with virtuality
 * Q^2 in [Q2min, Q2max], Q2min = m_e^2 x^2 / (1 - x):
 *   n(x) = alpha/(2 pi) [ (1 + (1-x)^2)/x ln(Q2max/Q2min) - 2 (1-x)/x (1 - Q2min/Q2max) ].
 * Exact in the lepton mass at leading order in Q^2 / W^2 (transverse photons, W = m_P).
 */
double photon_spectrum(double x, double q2max)
{
    if (!(x > 0 && x < 1))  // the end points, also x = exp(y) rounded above 1
        return 0;
    double const me = c::electron_mass;
    double const q2min = me * me * x * x / (1 - x);
    if (!(q2min < q2max))
        return 0;
    return c::alpha_default / (2 * c::pi)
           * ((1 + (1 - x) * (1 - x)) / x * std::log(q2max / q2min) - 2 * (1 - x) / x * (1 - q2min / q2max));
}

/*!
 * sigma(e+e- -> e+e- P) in the EPA with |t+-| < q2max, in pb: with
 * sigma(gamma gamma -> P) = 8 pi^2 Gamma_gg / m delta(W^2 - m^2) (spin 0, real photons) and W^2 = x1 x2 s,
 *   sigma = 8 pi^2 Gamma_gg / (m s) int_tau^1 dx/x n(x) n(tau/x),   tau = m^2 / s,
 * integrated in y = ln x by Simpson's rule (the integrand has a kink where Q2min reaches q2max: 2e5
 * points leave < 1e-5).
 */
double epa_cross_section_pb(double m, double gamma_gg, double s, double q2max)
{
    double const tau = m * m / s;
    int const n = 200000;
    double const a = std::log(tau), h = -a / n;
    double sum = 0;
    for (int i = 0; i <= n; ++i)
    {
        double const y = a + i * h;
        double const x = std::exp(y);
        double const f = photon_spectrum(x, q2max) * photon_spectrum(tau / x, q2max);
        sum += f * (i == 0 || i == n ? 1 : (i % 2 ? 4 : 2));
    }
    return 8 * c::pi * c::pi * gamma_gg / (m * s) * sum * h / 3 * c::gev2_to_pb;
}

/*!
 * Low's leading-log formula (F.E. Low, Phys. Rev. 120 (1960) 582; S.J. Brodsky, T. Kinoshita,
 * H. Terazawa, Phys. Rev. D 4 (1971) 1532), from n(x) = (alpha/pi) ln(E/m_e) (1 + (1-x)^2)/x:
 *   sigma = (8 alpha^2 Gamma_gg / m^3) [ln(E/m_e)]^2 F(tau),  F = (2 + tau)^2 ln(1/tau) - 2 (1 - tau)(3 + tau)
 * (= 16 alpha^2 Gamma/m^3 L^2 f(z), z = m/sqrt(s), f = (2 + z^2)^2 ln(1/z) - (1 - z^2)(3 + z^2)), E = sqrt(s)/2.
 * Its logarithm is only fixed up to O(1): ln(E/m_e) or ln(sqrt(s)/m_e) differ by 15 % in sigma at Belle II.
 */
double low_cross_section_pb(double m, double gamma_gg, double s)
{
    double const tau = m * m / s;
    double const l = std::log(std::sqrt(s) / 2 / c::electron_mass);
    double const f = (2 + tau) * (2 + tau) * std::log(1 / tau) - 2 * (1 - tau) * (3 + tau);
    double const a = c::alpha_default;
    return 8 * a * a * gamma_gg / (m * m * m) * l * l * f * c::gev2_to_pb;
}

std::string pi0_run(std::string const& extra)
{
    return "[run]\nevents = 400000\n[process]\nname = \"meson_fusion\"\nmeson = \"pi0\"\n"
           "[phase_space]\nsampler = \"two_photon_fusion\"\n"
           "[[histograms]]\nname = \"fusion\"\nweight = \"fusion\"\n"
           "axes = [ { observable = \"m_aa\", bins = 1, lower = 0, upper = 1 } ]\n"
           + extra;
}

//! |t+| and |t-| below q2max (GeV^2).
std::string t_cuts(double q2max)
{
    std::string q = std::to_string(-q2max);
    return "[[cuts.observable]]\nobservable = \"t_plus\"\nmin = " + q + "\nmax = 1\n"
           "[[cuts.observable]]\nobservable = \"t_minus\"\nmin = " + q + "\nmax = 1\n";
}
}  // namespace

TEST(PeakingBackground, DerivedCouplingsReproduceTheTwoPhotonWidths)
{
    struct Expect
    {
        char const* name;
        double mass, total, br;
    };
    for (Expect const& e : {Expect{"pi0", c::pi0_mass, c::pi0_total_width, c::pi0_br_gg},
                            Expect{"eta", c::eta_mass, c::eta_total_width, c::eta_br_gg},
                            Expect{"eta_prime", c::eta_prime_mass, c::eta_prime_total_width, c::eta_prime_br_gg}})
    {
        MesonInfo const* m = find_meson(e.name);
        ASSERT_NE(m, nullptr) << e.name;
        double const gamma_gg = e.total * e.br;
        EXPECT_NEAR(alp_diphoton_width(m->mass, m->coupling()), gamma_gg, 1e-12 * gamma_gg) << e.name;
        EXPECT_EQ(m->mass, e.mass);
        AlpParams p;
        p.mass = m->mass;
        p.coupling = m->coupling();
        p.total_width = m->total_width;
        EXPECT_NEAR(p.diphoton_branching_ratio(), e.br, 1e-12) << e.name;
        std::printf("%-9s m = %.7g GeV  Gamma_gg = %.4e GeV  g = %.6e GeV^-1  BR = %.5f\n", e.name, m->mass,
                    gamma_gg, m->coupling(), m->diphoton_branching);
    }
    EXPECT_EQ(find_meson("rho0"), nullptr);
}

TEST(PeakingBackground, RunCardDerivesTheEtaParameters)
{
    RunSpec s = card("[process]\nname = \"meson_fusion\"\nmeson = \"eta\"\n");
    EXPECT_EQ(s.alp_mass, c::eta_mass);
    EXPECT_EQ(s.alp_width, c::eta_total_width);
    double const g = std::sqrt(64 * c::pi * c::eta_total_width * c::eta_br_gg / std::pow(c::eta_mass, 3));
    EXPECT_NEAR(s.g_agg, g, 1e-14 * g);
    // the effective card names the meson and reads back to the same spec
    std::ostringstream os;
    os << effective_card(s);
    RunSpec back = parse_run_card(os.str(), "effective.toml");
    EXPECT_EQ(back.meson, "eta");
    EXPECT_EQ(back.g_agg, s.g_agg);
}

TEST(PeakingBackground, RunCardErrorsNameTheKey)
{
    std::string bad = message_of("[process]\nname = \"meson_fusion\"\nmeson = \"etaprime\"\n");
    EXPECT_NE(bad.find("key 'process.meson'"), std::string::npos) << bad;
    EXPECT_NE(bad.find("eta_prime"), std::string::npos) << bad;  // lists the names
    EXPECT_EQ(bad.find('\n'), std::string::npos) << bad;
    std::string missing = message_of("[process]\nname = \"meson_fusion\"\n");
    EXPECT_NE(missing.find("key 'process.meson'"), std::string::npos) << missing;
    std::string both = message_of("[process]\nname = \"meson_fusion\"\nmeson = \"pi0\"\ng_agg = 1e-3\n");
    EXPECT_NE(both.find("key 'process.g_agg'"), std::string::npos) << both;
    std::string mass = message_of("[process]\nname = \"meson_fusion\"\nmeson = \"pi0\"\nalp_mass = 0.135\n");
    EXPECT_NE(mass.find("key 'process.alp_mass'"), std::string::npos) << mass;
    std::string stray = message_of("[process]\nname = \"alp_fusion\"\nmeson = \"pi0\"\n");
    EXPECT_NE(stray.find("key 'process.meson'"), std::string::npos) << stray;
}

TEST(PeakingBackground, MesonFusionIsAlpFusionWithTheMesonParameters)
{
    // same events, same |M|^2: bit-identical to alp_fusion with the derived numbers
    std::string cuts = "[[cuts.particle]]\nparticles = \"photons\"\nenergy_min = 0.25\ntheta_min = 22\ntheta_max = 158\n";
    RunSpec meson = card("[run]\nevents = 20000\n[process]\nname = \"meson_fusion\"\nmeson = \"eta\"\n" + cuts);
    RunSpec alp = card("[run]\nevents = 20000\n[process]\nname = \"alp_fusion\"\n" + cuts);
    alp.alp_mass = meson.alp_mass;
    alp.g_agg = meson.g_agg;
    alp.alp_width = meson.alp_width;
    EXPECT_EQ(simulate(meson).summary.cross_section_pb, simulate(alp).summary.cross_section_pb);
}

TEST(PeakingBackground, Pi0CrossSectionAgainstEquivalentPhotons)
{
    // Symmetric beams, sqrt(s) = 10.58 GeV (E = 5.29 GeV); two_photon_fusion samples log |t| from the exact
    // t_min (~1e-11 GeV^2 here), which the untagged leptons need. The run includes BR(pi0 -> gamma gamma)
    // (alp_width = the total width), divided out before comparing. MC errors are included in the
    // tolerances (3.5 sigma).
    double const s = 10.58 * 10.58;
    double const m = c::pi0_mass, gamma_gg = c::pi0_total_width * c::pi0_br_gg, br = c::pi0_br_gg;

    // (1) |t+-| < q2max << m^2: the EPA's domain; its corrections are O(q2max / m^2) (virtual-photon
    // corrections to sigma(gamma* gamma* -> P) and longitudinal photons): below 1 % at 0.01 m^2, a few %
    // at 0.1 m^2. Asserted: 1 % and 3 %.
    for (auto [frac, tol] : {std::pair{0.01, 0.01}, std::pair{0.1, 0.03}})
    {
        double const q2 = frac * m * m;
        RunOutcome o = simulate(card(pi0_run(t_cuts(q2))));
        double const mc = o.summary.cross_section_pb / br, err = o.summary.cross_section_error_pb / br;
        double const epa = epa_cross_section_pb(m, gamma_gg, s, q2);
        std::printf("pi0, |t+-| < %.2f m^2: MC %.2f +- %.2f pb, EPA %.2f pb, MC/EPA - 1 = %+.4f\n", frac, mc, err,
                    epa, mc / epa - 1);
        EXPECT_LT(std::fabs(mc - epa), tol * epa + 3.5 * err) << frac;
        EXPECT_EQ(o.summary.nonfinite_weights, 0u);
    }

    // (2) no cuts against Low's leading-log formula. LL's logarithm is fixed only up to O(1) (15 % in
    // sigma between ln(E/m_e) and ln(sqrt(s)/m_e)), and it integrates each photon up to |t| ~ m^2, where
    // a physical form factor cuts it off. With the pointlike coupling (form factors neglected) |t| from
    // m^2 to ~s adds ~ 1/3 more (measured: the EPA with q2max = m^2 is 0.72 of the full run). So the
    // MC must lie above LL, and within the LL ambiguity plus that tail: 1 < MC/LL < 1.5 (measured 1.35).
    RunOutcome o = simulate(card(pi0_run("")));
    double const mc = o.summary.cross_section_pb / br, err = o.summary.cross_section_error_pb / br;
    double const low = low_cross_section_pb(m, gamma_gg, s);
    double const epa_m2 = epa_cross_section_pb(m, gamma_gg, s, m * m);
    std::printf("pi0, no cuts: MC %.1f +- %.1f pb (fusion part %.1f pb), Low LL %.1f pb (MC/LL = %.3f), "
                "EPA |t| < m^2 %.1f pb\n",
                mc, err, o.histograms[0].values[1] / br, low, mc / low, epa_m2);
    EXPECT_GT(mc, low);
    EXPECT_LT(mc, 1.5 * low);
    EXPECT_LT(err, 0.01 * mc);
    // the annihilation diagrams and their interference are negligible without cuts
    EXPECT_NEAR(o.histograms[0].values[1] / br, mc, 0.01 * mc);
}
}  // namespace fathom
