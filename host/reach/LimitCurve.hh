// A published limit curve g_limit(m_a) read from CSV (e.g. shared/benchmarks/
// belle2_3gamma_reach_50ab.csv, the Belle II 3-photon projection of arXiv:1709.00009), for
// comparing fathom's reach with it.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

namespace fathom
{
struct LimitCurve
{
    std::filesystem::path source;
    std::vector<double> mass_gev;  //!< strictly increasing, > 0
    std::vector<double> g_limit;   //!< > 0, GeV^-1
};

//! CSV with two numeric columns (mass in GeV, limit on g in GeV^-1); '#' comment lines, blank
//! lines and one header line (the first non-comment line, if not numeric) are skipped. Throws
//! InputError naming the file and line for anything else.
LimitCurve read_limit_curve_csv(std::filesystem::path const& path);

//! Linear interpolation in (log m, log g): limit curves are straight-ish on log-log plots and
//! digitised that way. nullopt outside [first, last] mass (no extrapolation).
std::optional<double> interpolate_log_log(LimitCurve const& curve, double m_gev);
}  // namespace fathom
