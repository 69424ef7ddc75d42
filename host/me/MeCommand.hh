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
};

MeOptions default_me_options();

//! Each number finite and in its physical range (the run card's, docs/run-card.md): InputError
//! naming the option, e.g. "option --alpha: expected 0 < alpha < 1, got nan".
void validate(MeOptions const& options);

//! Check every row (particle set fits the process; energy-momentum conservation to 1e-9
//! relative; masses as given) and evaluate. Returns the names of the output columns and,
//! per row, their values. Throws InputError naming the file, row and column.
std::vector<std::string> evaluate_points(PointTable const& table, MeOptions const& options,
                                         std::vector<std::vector<double>>& values);

//! The whole command: read input, evaluate, write output atomically.
void run_me_command(std::filesystem::path const& input, std::filesystem::path const& output,
                    MeOptions const& options);

//! Process names `fathom me` knows.
std::vector<std::string> me_process_names();
}  // namespace fathom
