// What `fathom reach` needs from a mass point: per bin of the flattened analysis histogram, the
// expected signal at a reference coupling and the expected background with its MC variance.
// The mass scan fills it; everything statistical starts from here.
#pragma once

#include <vector>

namespace fathom
{
struct ReachInput
{
    //! Expected signal events per bin at g = g_ref. The signal yield scales as g^2 (one ALP
    //! coupling in the amplitude, squared), so mu = (g / g_ref)^2 multiplies signal[i].
    std::vector<double> signal;
    //! Expected background events per bin.
    std::vector<double> background;
    //! MC variance of background[i] in events^2 (sum of w^2, scaled like the events).
    std::vector<double> background_variance;
    //! Reference coupling of signal (any unit: g_up comes back in the same unit).
    double g_ref{1};
    //! Relative uncertainty of the background normalisation (0.1 = 10 %); 0 = none.
    double background_norm_uncertainty{0};
    //! Background (events) of a bin with signal where no background MC event landed: the
    //! weight of one typical accepted MC event, with a 100 % MC error (variance its square),
    //! so that such a bin does not count as background-free. 0: the tiny default floor of
    //! ReachBins.hh with no error (hand-made inputs, closed-form tests).
    double empty_bin_background{0};
};

//! Throws InputError unless the three vectors have the same length, every value is finite,
//! signal >= 0, background >= 0 wherever signal > 0, the background's total >= 0,
//! background_variance >= 0, g_ref > 0 and 0 <= norm uncertainty < 1 (normsys with
//! lo = 1 - uncertainty must stay positive).
void validate(ReachInput const& input);

//! The same input as if the background MC had no error: variances 0, and bins with signal but
//! no background MC event dropped (their background is unknown, and a floor without error would
//! make them background-free). What the analysis reaches once the MC is large enough.
ReachInput without_mc_error(ReachInput in);
}  // namespace fathom
