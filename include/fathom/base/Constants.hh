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
}  // namespace fathom::constants
