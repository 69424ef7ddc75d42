// Errors in what the user gave us (run card, command line, input files): reported as one line.
#pragma once

#include <stdexcept>
#include <string>

namespace fathom
{
class InputError : public std::runtime_error
{
  public:
    using std::runtime_error::runtime_error;
};
}  // namespace fathom
