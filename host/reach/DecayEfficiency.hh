// Decay-length requirement: the fraction of ALPs that decay within a transverse radius R of
// the beam line, as a function of the coupling g. The ALP's width to two photons is
// Gamma = g^2 m^3 / (64 pi) (L = -(g/4) a F Ftilde; a -> gamma gamma only), so c tau =
// hbar c / Gamma, and an ALP with transverse beta gamma bg_T decays within R with probability
// P = 1 - exp(-R / (bg_T c tau)). Averaged over the signal's bg_T spectrum (histogram
// signal.alp_betagamma_t_lab at g_ref, all cuts applied, no decay requirement):
//   eps(g) = sum_j w_j P_j(g) / sum_j w_j.
// Approximation: the shape of the analysis histogram is taken as independent of the decay
// requirement (only its normalisation changes by eps(g)); bg_T per bin is the bin centre.
#pragma once

#include <vector>

#include "io/HistogramData.hh"

namespace fathom
{
//! hbar c in GeV m (PDG 2024, Physical constants: 197.3269804 MeV fm).
inline constexpr double hbar_c_gev_m = 1.973269804e-16;

//! Gamma(a -> gamma gamma) in GeV for g in GeV^-1 and m in GeV.
double alp_width_gamma_gamma_gev(double g_per_gev, double m_gev);
//! c tau in metres.
double alp_ctau_m(double g_per_gev, double m_gev);

//! A bg_T spectrum: representative bg_T and weight per bin. bg_T = 0 marks "decays at once"
//! (P = 1).
struct BetagammaSpectrum
{
    std::vector<double> betagamma;
    std::vector<double> weight;
};

//! From a 1-D histogram including flow bins: bin centres (geometric for variable axes with
//! positive edges, the log-spaced ones of the scan; arithmetic otherwise); underflow counts as
//! prompt (P = 1, its bg_T is below the lowest edge), overflow at the upper edge (the
//! smallest bg_T it may hold, so the efficiency there is an upper bound). Throws InputError
//! naming the histogram unless it is 1-D with a positive total weight.
BetagammaSpectrum make_betagamma_spectrum(HistogramData const& h);

//! P = 1 - exp(-R / (bg_T c tau)), computed with expm1 (exact for P << 1); 1 for bg_T <= 0.
double decay_probability(double radius_m, double betagamma_t, double ctau_m);

//! eps(g) = sum w P / sum w.
double decay_efficiency(BetagammaSpectrum const& spectrum, double g_per_gev, double m_gev,
                        double radius_m);

//! The coupling where the expected signal reaches the limit: (g / g_ref)^2 eps(g) = mu_up.
//! The left side grows monotonically with g (eps grows as c tau falls), from the prompt
//! limit g_ref sqrt(mu_up) upwards; the root is found with brent_root. +inf when mu_up is not
//! finite or more than max_limit_factor times the prompt limit would be needed (eps below
//! ~1e-12: long-lived ALPs, no meaningful limit).
double coupling_limit_with_decay(BetagammaSpectrum const& spectrum, double m_gev,
                                 double radius_m, double g_ref_per_gev, double mu_up);

inline constexpr double max_limit_factor = 1e6;
}  // namespace fathom
