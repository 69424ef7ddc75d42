#include "NormsysInterpolation.hh"

#include <cmath>

#include "run/InputError.hh"

namespace fathom
{
namespace
{
using Vec3 = std::array<double, 3>;
using Mat3 = std::array<Vec3, 3>;

double det3(Mat3 const& m)
{
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
           m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
           m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
}

//! Cramer's rule: the matrices are fixed small integers, so this is exact enough and clear.
Vec3 solve3(Mat3 const& m, Vec3 const& rhs)
{
    double const d = det3(m);
    Vec3 x{};
    for (int c = 0; c < 3; ++c)
    {
        Mat3 mc = m;
        for (int r = 0; r < 3; ++r)
            mc[r][c] = rhs[r];
        x[c] = det3(mc) / d;
    }
    return x;
}
}  // namespace

NormsysInterpolation::NormsysInterpolation(double hi, double lo)
    : hi_(hi), lo_(lo), log_hi_(std::log(hi)), log_lo_(std::log(lo))
{
    if (!(hi > 0) || !(lo > 0) || !std::isfinite(hi) || !std::isfinite(lo))
        throw InputError("normsys: hi and lo must be finite and > 0");
    // Targets at alpha = +1 (from hi^alpha) and alpha = -1 (from lo^-alpha) for p(alpha) - 1:
    // value, first and second derivative.
    double const v_p = hi - 1, v_m = lo - 1;
    double const d1_p = hi * log_hi_, d1_m = -lo * log_lo_;
    double const d2_p = hi * log_hi_ * log_hi_, d2_m = lo * log_lo_ * log_lo_;
    // Split p - 1 = E + O (even: a2, a4, a6; odd: a1, a3, a5). At alpha = +-1:
    // p = E(1) +- O(1), p' = +-E'(1) + O'(1), p'' = E''(1) +- O''(1).
    Vec3 const even_rhs{(v_p + v_m) / 2, (d1_p - d1_m) / 2, (d2_p + d2_m) / 2};
    Vec3 const odd_rhs{(v_p - v_m) / 2, (d1_p + d1_m) / 2, (d2_p - d2_m) / 2};
    // Rows: value, first and second derivative at alpha = 1 of alpha^2, alpha^4, alpha^6 ...
    Mat3 const even{{{1, 1, 1}, {2, 4, 6}, {2, 12, 30}}};
    // ... and of alpha, alpha^3, alpha^5.
    Mat3 const odd{{{1, 1, 1}, {1, 3, 5}, {0, 6, 20}}};
    Vec3 const e = solve3(even, even_rhs);
    Vec3 const o = solve3(odd, odd_rhs);
    a_ = {o[0], e[0], o[1], e[1], o[2], e[2]};
}

double NormsysInterpolation::factor(double alpha) const
{
    if (alpha >= 1)
        return std::exp(alpha * log_hi_);
    if (alpha <= -1)
        return std::exp(-alpha * log_lo_);
    double p = 0;  // Horner on a_1 alpha + ... + a_6 alpha^6
    for (int k = 5; k >= 0; --k)
        p = (p + a_[k]) * alpha;
    return 1 + p;
}

double NormsysInterpolation::derivative(double alpha) const
{
    if (alpha >= 1)
        return log_hi_ * std::exp(alpha * log_hi_);
    if (alpha <= -1)
        return -log_lo_ * std::exp(-alpha * log_lo_);
    double p = 0;  // sum k a_k alpha^(k-1)
    for (int k = 5; k >= 0; --k)
        p = p * alpha + (k + 1) * a_[k];
    return p;
}
}  // namespace fathom
