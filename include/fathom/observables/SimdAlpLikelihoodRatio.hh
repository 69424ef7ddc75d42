// llr_alp of a pack of events, the background |M|^2 one event per SIMD lane (host only, SimdReal.hh):
// the CPU pages' extra stage (kernels/CpuEventPages.hh). Each lane's |M|^2 is the scalar code's
// value (tests/amplitude), the rest is AlpLikelihoodRatio's scalar code, so every lambda has the bits
// that AlpLikelihoodRatio gives for the event alone.
#pragma once

#include "AlpLikelihoodRatio.hh"
#include "fathom/process/SimdProcess.hh"

namespace fathom
{
struct SimdAlpLikelihoodRatio
{
    AlpLikelihoodRatio scalar;
    BasicDoubleRadiativeBhabhaAmplitude<SimdReal> background;

    explicit SimdAlpLikelihoodRatio(AlpLikelihoodRatio const& s) : scalar(s), background{s.params->background} {}

    //! lambda of events[0..n) (n <= simd_lanes) into out[0..n).
    void operator()(Event const* const* events, int n, real_type* out) const
    {
        FourVector f[simd_lanes][4];
        bool ok[simd_lanes];
        int filler = -1;  // a lane with momenta, repeated in the lanes without (their values are dropped)
        for (int l = 0; l < n; ++l)
        {
            ok[l] = scalar.final_momenta(*events[l], f[l]);
            if (ok[l] && filler < 0)
                filler = l;
        }
        if (filler < 0)
        {
            for (int l = 0; l < n; ++l)
                out[l] = real_type(NAN);
            return;
        }
        SimdFourVector legs[6];
        for (int l = 0; l < simd_lanes; ++l)
        {
            int const src = l < n && ok[l] ? l : filler;
            set_lane(legs[0], l, scalar.beams.positron_in_cm());
            set_lane(legs[1], l, scalar.beams.electron_in_cm());
            for (int k = 0; k < 4; ++k)
                set_lane(legs[2 + k], l, f[src][k]);
        }
        SimdReal const me2 = background(legs);
        for (int l = 0; l < n; ++l)
            out[l] = ok[l] ? AlpLikelihoodRatio::combine(scalar.log_signal(f[l]), me2[l]) : real_type(NAN);
    }
};
}  // namespace fathom
