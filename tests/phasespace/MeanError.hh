// Test helper: running Monte Carlo mean with its standard error, and pulls against expectations.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <iostream>
#include <string>

namespace fathom::test
{
struct MeanError
{
    double sum = 0, sum2 = 0;
    std::size_t n = 0;

    void add(double x)
    {
        sum += x;
        sum2 += x * x;
        ++n;
    }
    double mean() const { return sum / n; }
    //! Variance of one sample.
    double variance() const
    {
        double m = mean();
        return std::max(0.0, sum2 / n - m * m);
    }
    double error() const { return std::sqrt(variance() / (n - 1)); }

    //! (mean - expected) / error, printed for the record.
    double pull(double expected, std::string const& what) const
    {
        double p = (mean() - expected) / error();
        std::cout << "[ pull ] " << what << ": MC " << mean() << " +- " << error() << " (rel "
                  << error() / std::fabs(mean()) << "), expected " << expected << ", pull " << p
                  << std::endl;
        return p;
    }
};

//! (a - b) / sqrt(err_a^2 + err_b^2) of two independent estimates, printed for the record.
inline double pull(MeanError const& a, MeanError const& b, std::string const& what)
{
    double const e = std::sqrt(a.error() * a.error() + b.error() * b.error());
    double const p = (a.mean() - b.mean()) / e;
    std::cout << "[ pull ] " << what << ": " << a.mean() << " +- " << a.error() << " vs " << b.mean() << " +- "
              << b.error() << ", pull " << p << std::endl;
    return p;
}
}  // namespace fathom::test
