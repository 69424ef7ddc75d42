// Physical constants and conversion factors, each with its source.
#pragma once

#include "Types.hh"

namespace fathom::constants
{
inline constexpr real_type pi = 3.14159265358979323846;
//! Fine-structure constant used by default: alpha(0) = 1/137.035999, the value of the
//! MadGraph5 reference data (../shared/reference/README.md), close to CODATA 2018's
//! 1/137.035999084.
inline constexpr real_type alpha_default = 1 / 137.035999;
//! Electron mass in GeV: PDG 2024 (0.51099895000(15) MeV), as in the reference data.
inline constexpr real_type electron_mass = 0.000510998950;
//! (hbar c)^2 = 0.3893793721 GeV^2 mbarn (PDG 2024, "Physical constants" table), in GeV^2 pb.
inline constexpr real_type gev2_to_pb = 0.3893793721e9;
//! Belle II / SuperKEKB design beam energies in GeV (e- HER, e+ LER) as used by this project:
//! sqrt(s) = 2 sqrt(7.007 * 3.994) = 10.580 GeV, the Upsilon(4S).
inline constexpr real_type belle2_electron_energy = 7.007;
inline constexpr real_type belle2_positron_energy = 3.994;
//! Z boson parameters of the reference data (../shared/reference/README.md): MZ and Gamma_Z
//! in GeV, and sin^2 theta_W = 1 - MW^2/MZ^2 from the (alpha, G_F, MZ) scheme with
//! G_F = 1.16639e-5 GeV^-2. Conventions a user may change in the run card.
inline constexpr real_type z_mass = 91.188;
inline constexpr real_type z_width = 2.441404;
inline constexpr real_type sin2_theta_w = 0.21214629687683773;
//! Fermi constant in GeV^-2 of the reference data (from which sin2_theta_w follows).
inline constexpr real_type fermi_constant = 1.16639e-5;
//! hbar in GeV s (PDG 2024 "Physical constants": 6.582119569e-25 GeV s, exact in the 2019 SI).
inline constexpr real_type hbar_gev_s = 6.582119569e-25;
//! hbar c in GeV m (PDG 2024 "Physical constants": 197.3269804 MeV fm, exact in the 2019 SI): c tau = hbar c / Gamma.
inline constexpr real_type hbar_c_gev_m = 1.973269804e-16;

//! Pseudoscalar mesons with a gamma gamma decay: the peaking backgrounds gamma gamma -> P -> gamma gamma
//! of the ALP search (process meson_fusion, host/run/ProcessCatalog.hh). Masses, total widths and
//! BR(P -> gamma gamma) in GeV / fraction, from PDG 2024 (R.L. Workman et al. / S. Navas et al.,
//! Phys. Rev. D 110, 030001 (2024)), the "our fit / our average" values of the summary tables, written
//! here from the compiler's knowledge of those tables (not copied from a file; digits flagged below):
//! Gamma(P -> gamma gamma) = total width x BR(gamma gamma).
//! pi0: m = 134.9768(5) MeV. PDG gives the mean life, tau = 8.43(13)e-17 s, so the total width is
//! hbar / tau = 7.808 eV (flag: 8.43(13)e-17 s is the value recalled for PDG 2024, unchanged since 2018;
//! check it against the printed table), and BR(gamma gamma) = 98.823(34) %: Gamma_gg = 7.716 eV (the PrimEx-II direct
//! measurement is 7.80(12) eV; the difference is within the 1.5 % lifetime error).
inline constexpr real_type pi0_mass = 0.1349768;
inline constexpr real_type pi0_total_width = hbar_gev_s / 8.43e-17;
inline constexpr real_type pi0_br_gg = 0.98823;
//! eta: m = 547.862(17) MeV, total width 1.31(5) keV, BR(gamma gamma) = 39.36(18) %:
//! Gamma_gg = 0.516 keV (PDG's fitted Gamma(gamma gamma) = 0.515(18) keV).
inline constexpr real_type eta_mass = 0.547862;
inline constexpr real_type eta_total_width = 1.31e-6;
inline constexpr real_type eta_br_gg = 0.3936;
//! eta'(958): m = 957.78(6) MeV, total width 0.188(6) MeV, BR(gamma gamma) = 2.307(33) % (the last digit
//! of the BR error is the least certain): Gamma_gg = 4.34 keV (PDG's fitted Gamma(gamma gamma) 4.34(14) keV).
inline constexpr real_type eta_prime_mass = 0.95778;
inline constexpr real_type eta_prime_total_width = 0.188e-3;
inline constexpr real_type eta_prime_br_gg = 0.02307;
}  // namespace fathom::constants
