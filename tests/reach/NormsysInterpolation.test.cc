#include "reach/NormsysInterpolation.hh"

#include <cmath>

#include <gtest/gtest.h>

#include "run/InputError.hh"

namespace fathom
{
namespace
{
//! Value, first and second derivative of the polynomial branch 1 + sum a_k x^k at x.
std::array<double, 3> polynomial(NormsysInterpolation const& n, double x)
{
    std::array<double, 3> p{1, 0, 0};
    auto const& a = n.coefficients();
    for (int k = 1; k <= 6; ++k)
    {
        p[0] += a[k - 1] * std::pow(x, k);
        p[1] += k * a[k - 1] * std::pow(x, k - 1);
        if (k >= 2)
            p[2] += k * (k - 1) * a[k - 1] * std::pow(x, k - 2);
    }
    return p;
}

TEST(NormsysInterpolation, polynomial_joins_the_exponentials_twice_differentiably)
{
    for (auto [hi, lo] : {std::pair{1.1, 0.9}, {1.3, 0.8}, {2.0, 0.3}, {1.05, 1.02}})
    {
        NormsysInterpolation const n(hi, lo);
        auto const p = polynomial(n, 1), m = polynomial(n, -1);
        double const lh = std::log(hi), ll = std::log(lo);
        EXPECT_NEAR(hi, p[0], 1e-14);
        EXPECT_NEAR(hi * lh, p[1], 1e-13);
        EXPECT_NEAR(hi * lh * lh, p[2], 1e-13);
        EXPECT_NEAR(lo, m[0], 1e-14);
        EXPECT_NEAR(-lo * ll, m[1], 1e-13);
        EXPECT_NEAR(lo * ll * ll, m[2], 1e-13);
        EXPECT_EQ(1.0, n.factor(0));
        EXPECT_DOUBLE_EQ(hi, n.factor(1));
        EXPECT_DOUBLE_EQ(lo, n.factor(-1));
        EXPECT_DOUBLE_EQ(hi * hi, n.factor(2));
        EXPECT_NEAR(lo * lo * lo, n.factor(-3), 1e-15 * lo * lo * lo);
    }
}

TEST(NormsysInterpolation, matches_pyhf_code4)
{
    // pyhf 0.7.6, pyhf.interpolators.code4 on [[[[lo], [1], [hi]]]].
    struct Point
    {
        double hi, lo, alpha, kappa;
    };
    for (auto const& p : {Point{1.1, 0.9, -0.7, 0.9290931648430459},
                          Point{1.1, 0.9, -0.3, 0.969616279132712},
                          Point{1.1, 0.9, 0.2, 1.0198621101464844},
                          Point{1.1, 0.9, 0.5, 1.0493149154270232},
                          Point{1.1, 0.9, 0.99, 1.0989520995684234},
                          Point{1.1, 0.9, 1.5, 1.153689732987167},
                          Point{1.3, 0.8, -2.0, 0.64},
                          Point{1.3, 0.8, -0.7, 0.8546193195074078},
                          Point{1.3, 0.8, -0.3, 0.9322878184195234},
                          Point{1.3, 0.8, 0.2, 1.0515826766680216},
                          Point{1.3, 0.8, 0.5, 1.1382825993648467},
                          Point{1.3, 0.8, 0.99, 1.2965936893642}})
        EXPECT_NEAR(p.kappa, NormsysInterpolation(p.hi, p.lo).factor(p.alpha), 1e-14)
            << p.hi << " " << p.lo << " " << p.alpha;
}

TEST(NormsysInterpolation, derivative_matches_finite_differences)
{
    NormsysInterpolation const n(1.3, 0.8);
    for (double a : {-3.0, -1.0, -0.6, 0.0, 0.4, 0.999, 1.0, 2.5})
    {
        double const h = 1e-6;
        double const fd = (n.factor(a + h) - n.factor(a - h)) / (2 * h);
        EXPECT_NEAR(fd, n.derivative(a), 1e-8) << a;
    }
}

TEST(NormsysInterpolation, rejects_non_positive_factors)
{
    EXPECT_THROW(NormsysInterpolation(1.1, 0), InputError);
    EXPECT_THROW(NormsysInterpolation(-1, 0.9), InputError);
}
}  // namespace
}  // namespace fathom
