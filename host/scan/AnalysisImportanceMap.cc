#include "AnalysisImportanceMap.hh"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace fathom
{
std::vector<double> analysis_importance_map(std::vector<double> const& signal, std::vector<double> const& background,
                                            ImportanceMapOptions const& options)
{
    std::size_t const n = signal.size();
    if (background.size() != n)
        throw std::invalid_argument("importance map: signal and background have different bins");
    if (!(options.floor > 0) || !std::isfinite(options.floor) || !(options.min_background >= 0)
        || !std::isfinite(options.min_background))
        throw std::invalid_argument("importance map: floor must be > 0 and min_background >= 0, both finite");
    double sum_s = 0, sum_b = 0;
    for (std::size_t i = 0; i < n; ++i)
    {
        if (!(signal[i] >= 0) || !(background[i] >= 0) || !std::isfinite(signal[i]) || !std::isfinite(background[i]))
            throw std::invalid_argument("importance map: bin " + std::to_string(i)
                                        + " has a negative or non-finite signal or background");
        sum_s += signal[i];
        sum_b += background[i];
    }
    std::vector<double> h(n, 1.0);
    if (!(sum_s > 0) || !(sum_b > 0))
        return h;
    double const floor = options.floor * sum_s / sum_b;
    double sum_bh = 0;
    for (std::size_t i = 0; i < n; ++i)
    {
        double const b = std::max(background[i], options.min_background);
        h[i] = b > 0 ? std::max(signal[i] / b, floor) : floor;
        sum_bh += background[i] * h[i];
    }
    double const norm = sum_b / sum_bh;
    for (double& x : h)
        x *= norm;
    return h;
}
}  // namespace fathom
