// What the observable llr_alp (AlpLikelihoodRatio.hh) needs: the ALP hypothesis it tests and the
// background it tests it against. Host-built from the run card's [llr_alp] table (or by the scan,
// per mass), read-only on the device.
#pragma once

#include "fathom/amplitude/AlpParams.hh"
#include "fathom/amplitude/QedParams.hh"

namespace fathom
{
struct AlpLikelihoodRatioParams
{
    bool enabled{false};   //!< a histogram or a cut of the run uses llr_alp
    bool in_cuts{false};   //!< a cut uses it: evaluated before the selection, for every sampled event
    //! The analysis-aware importance map's histogram bins it: adaptation needs it too (else the
    //! adaptation's copy of the run's parameters has it off: DeviceRun.cu).
    bool in_importance_map{false};
    //! The run reconstructs events (detector response): project them onto the 2 -> 4 phase space
    //! before the densities are evaluated (ProjectOntoPhaseSpace.hh). Generated events conserve
    //! four-momentum already and are used as they are.
    bool project{false};
    //! The signal: production e+e- -> e+e- a at mass m_a and coupling g (narrow width; the
    //! a -> gamma gamma branching ratio is taken as 1, a constant shift of lambda).
    AlpParams signal{};
    real_type sigma_m{0};  //!< GeV: the Gaussian m_gg resolution of the signal hypothesis
    QedParams background{};  //!< e+e- -> e+e- gamma gamma (alpha, m_e, Z exchange)
};
}  // namespace fathom
