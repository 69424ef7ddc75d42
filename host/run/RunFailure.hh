// A command that ran but produced no usable result: a run with no accepted event or with
// non-finite weights, a phase-space point whose |M|^2 is not finite. Reported as one line with
// exit status 3 (InputError: 2, file-system and other failures: 1; docs/reliability.md).
#pragma once

#include <stdexcept>
#include <string>

namespace fathom
{
class RunFailure : public std::runtime_error
{
  public:
    using std::runtime_error::runtime_error;
};

//! Exit statuses of the fathom command (fathom --help, README "Exit codes").
inline constexpr int exit_ok = 0;
inline constexpr int exit_file_system = 1;
inline constexpr int exit_input_error = 2;
inline constexpr int exit_no_result = 3;
}  // namespace fathom
