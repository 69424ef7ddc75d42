// Test helper: n-body phase space by deterministic quadrature over the
// two-body recursion, independent of RAMBO.
#pragma once

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

namespace fathom::test
{
//---------------------------------------------------------------------------//
//! Gauss-Legendre nodes and weights on [-1, 1] (Newton on P_n, from scratch).
struct GaussLegendre
{
    std::vector<double> x, w;

    explicit GaussLegendre(int n) : x(n), w(n)
    {
        double const pi = std::acos(-1.0);
        for (int i = 0; i < n; ++i)
        {
            double z = std::cos(pi * (i + 0.75) / (n + 0.5));
            double dp = 0;
            for (int iter = 0; iter < 100; ++iter)
            {
                // P_n(z) and P_n'(z) by the three-term recurrence
                double p0 = 1, p1 = z;
                for (int k = 2; k <= n; ++k)
                {
                    double p2 = ((2 * k - 1) * z * p1 - (k - 1) * p0) / k;
                    p0 = p1;
                    p1 = p2;
                }
                dp = n * (z * p1 - p0) / (z * z - 1);
                double dz = p1 / dp;
                z -= dz;
                if (std::fabs(dz) < 1e-16)
                    break;
            }
            x[i] = z;
            w[i] = 2 / ((1 - z * z) * dp * dp);
        }
    }
};

//! Kallen function lambda(a, b, c) = a^2 + b^2 + c^2 - 2ab - 2bc - 2ca.
inline double kallen(double a, double b, double c)
{
    return a * a + b * b + c * c - 2 * a * b - 2 * b * c - 2 * c * a;
}

//! Two-body volume (normalisation of MasslessVolume.hh): lambda^1/2 / (8 pi M^2).
inline double two_body_volume(double m, double ma, double mb)
{
    if (m <= ma + mb)
        return 0;
    double const pi = std::acos(-1.0);
    return std::sqrt(std::max(0.0, kallen(m * m, ma * ma, mb * mb))) / (8 * pi * m * m);
}

//---------------------------------------------------------------------------//
/*!
 * int dPhi_n(M; m_0..m_{n-1}) g(E_0), E_0 = energy of particle 0 in the rest
 * frame of M, by the recursion (PDG kinematics review, with the (2 pi)^4 of
 * our normalisation)
 *   Phi_n(M; m_0, rest) = int dMr^2 / (2 pi) Phi_2(M; m_0, Mr) Phi_{n-1}(Mr; rest)
 * The Mr integral uses Mr = lo + (hi - lo)(1 - cos t)/2, which turns the
 * square-root thresholds at both ends into analytic functions of t, and
 * Gauss-Legendre in t.
 */
inline double recursive_integral(double m,
                                 std::vector<double> const& masses,
                                 GaussLegendre const& gl,
                                 std::function<double(double)> const& g = nullptr)
{
    std::size_t n = masses.size();
    if (n == 2)
    {
        double e0 = (m * m + masses[0] * masses[0] - masses[1] * masses[1]) / (2 * m);
        return two_body_volume(m, masses[0], masses[1]) * (g ? g(e0) : 1.0);
    }
    double const pi = std::acos(-1.0);
    std::vector<double> rest(masses.begin() + 1, masses.end());
    double lo = 0;
    for (double r : rest)
        lo += r;
    double hi = m - masses[0];
    if (hi <= lo)
        return 0;
    double sum = 0;
    for (std::size_t i = 0; i < gl.x.size(); ++i)
    {
        double t = pi / 2 * (gl.x[i] + 1);  // [-1, 1] -> [0, pi]
        double mr = lo + (hi - lo) * (1 - std::cos(t)) / 2;
        double dmr_dt = (hi - lo) * std::sin(t) / 2;
        double e0 = (m * m + masses[0] * masses[0] - mr * mr) / (2 * m);
        double inner = recursive_integral(mr, rest, gl);
        sum += gl.w[i] * (pi / 2) * dmr_dt * (2 * mr) / (2 * pi)
               * two_body_volume(m, masses[0], mr) * inner * (g ? g(e0) : 1.0);
    }
    return sum;
}
}  // namespace fathom::test
