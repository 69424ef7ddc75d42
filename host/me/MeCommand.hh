// `fathom me`: evaluate |M|^2 of a process at phase-space points read from a CSV file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "PointTable.hh"

namespace fathom
{
struct MeOptions
{
    std::string process;
    double electron_mass;
    double alpha;
    bool z_exchange{false};
    double alp_mass{1.0};   //!< GeV
    double g_agg{1e-4};     //!< GeV^-1
    double alp_width{0};    //!< GeV; 0: g^2 m^3 / (64 pi)
    //! --mark-failed: a row that cannot be evaluated gets no value and a status saying why,
    //! instead of stopping the command (exit 2 for an invalid row, 3 for a non-finite |M|^2).
    bool mark_failed{false};
};

//! Values of the `status` column written with --mark-failed.
inline constexpr char const* me_status_ok = "ok";
inline constexpr char const* me_status_invalid = "invalid_input";  //!< unphysical or non-finite momenta
inline constexpr char const* me_status_nonfinite = "nonfinite_me2";  //!< |M|^2 not finite at a valid point

//! A row that could not be evaluated (with MeOptions::mark_failed).
struct MeRowFailure
{
    std::size_t row{0};   //!< 0-based data row
    std::string status;   //!< me_status_invalid or me_status_nonfinite
    std::string message;  //!< one line naming the file, row and column
};

MeOptions default_me_options();

//! Each number finite and in its physical range (the run card's, docs/run-card.md): InputError
//! naming the option, e.g. "option --alpha: expected 0 < alpha < 1, got nan".
void validate(MeOptions const& options);

//! Check every row (particle set fits the process; every energy > 0 and E^2 - p^2 finite;
//! energy-momentum conservation to 1e-9 relative; masses as given) and evaluate. Returns the
//! names of the output columns and, per row, their values, never a non-finite one. Throws
//! InputError naming the file, row and column for an invalid row, RunFailure naming the row
//! for a non-finite |M|^2; with options.mark_failed such rows get no values (empty) and are
//! listed in \p failures instead (file-level errors still throw).
std::vector<std::string> evaluate_points(PointTable const& table, MeOptions const& options,
                                         std::vector<std::vector<double>>& values,
                                         std::vector<MeRowFailure>* failures = nullptr);

//! The whole command: read input, evaluate, write output atomically. An existing output
//! file is refused (before anything is read) unless force; the input never is replaced.
void run_me_command(std::filesystem::path const& input, std::filesystem::path const& output,
                    MeOptions const& options, bool force = false);

//! Process names `fathom me` knows.
std::vector<std::string> me_process_names();
}  // namespace fathom
