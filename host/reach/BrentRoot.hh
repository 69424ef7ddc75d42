// Brent's root finder (R. P. Brent, Algorithms for Minimization without Derivatives, 1973,
// ch. 4): inverse quadratic interpolation and secant steps, falling back to bisection, so it
// keeps a bracket and converges on any continuous function that changes sign. The reach code
// finds every optimum as a root of a derivative (known analytically) and the limits as roots
// of CLs(mu) - level, so this is its one numerical primitive.
#pragma once

#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

namespace fathom
{
//! A root of f in [a, b], where f(a) and f(b) must not have the same sign (else
//! std::invalid_argument). Stops when the bracket is below 4 eps |x| + 2 abs_tol.
template<class F>
double brent_root(F&& f, double a, double b, double abs_tol = 0)
{
    double fa = f(a), fb = f(b);
    if (fa == 0)
        return a;
    if (fb == 0)
        return b;
    if ((fa > 0) == (fb > 0) || std::isnan(fa) || std::isnan(fb))
        throw std::invalid_argument("brent_root: f(a) and f(b) do not bracket a root");
    constexpr double eps = std::numeric_limits<double>::epsilon();
    double c = a, fc = fa;
    double d = b - a, e = d;
    for (int iteration = 0; iteration < 500; ++iteration)
    {
        if ((fb > 0) == (fc > 0))
        {
            // Keep the root between b and c.
            c = a;
            fc = fa;
            d = e = b - a;
        }
        if (std::abs(fc) < std::abs(fb))
        {
            // b is the best estimate.
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        double const tol = 2 * eps * std::abs(b) + abs_tol;
        double const m = (c - b) / 2;
        if (std::abs(m) <= tol || fb == 0)
            return b;
        if (std::abs(e) >= tol && std::abs(fa) > std::abs(fb))
        {
            // Interpolate: secant if only two distinct points, inverse quadratic otherwise.
            double p, q;
            double const s = fb / fa;
            if (a == c)
            {
                p = 2 * m * s;
                q = 1 - s;
            }
            else
            {
                double const qa = fa / fc, r = fb / fc;
                p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1));
                q = (qa - 1) * (r - 1) * (s - 1);
            }
            if (p > 0)
                q = -q;
            else
                p = -p;
            // Accept only a step that stays well inside the bracket and shrinks fast enough.
            if (2 * p < std::min(3 * m * q - std::abs(tol * q), std::abs(e * q)))
            {
                e = d;
                d = p / q;
            }
            else
            {
                d = m;
                e = m;
            }
        }
        else
        {
            d = m;
            e = m;
        }
        a = b;
        fa = fb;
        b += std::abs(d) > tol ? d : (m > 0 ? tol : -tol);
        fb = f(b);
    }
    return b;
}
}  // namespace fathom
