// Parameters of pure-QED e+e- annihilation into photons (EeToTwoPhotonsAmplitude.hh,
// EeToThreePhotonsAmplitude.hh).
#pragma once

#include "fathom/base/Constants.hh"
#include "fathom/base/Types.hh"

namespace fathom
{
struct QedAnnihilationParams
{
    real_type alpha{constants::alpha_default};          //!< fine-structure constant, no running
    real_type electron_mass{constants::electron_mass};  //!< GeV; 0 for massless electrons
};
}  // namespace fathom
