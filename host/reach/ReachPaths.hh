// Where `fathom reach` finds its plot script and the Python to run it: fixed at configure
// time (CMake cache FATHOM_PYTHON, the project's source directory), FATHOM_PYTHON in the
// environment overrides the Python.
#pragma once

#include <filesystem>
#include <string>

namespace fathom
{
//! $FATHOM_PYTHON if set and non-empty, else the configured one.
std::string reach_python();
//! <source dir>/scripts/plot_reach.py
std::filesystem::path plot_reach_script();
//! <source dir>/data/belle2_3gamma_reach_50ab.csv, the 3-photon curve shipped with fathom
//! (data/README.md): the path whether or not the file exists, so that a caller can name it.
std::filesystem::path default_three_photon_csv();
}  // namespace fathom
