// pyhf's normsys interpolation code 4 (its default for normsys, from ROOT's HistFactory): the
// factor kappa(alpha) multiplying a sample, with kappa(+1) = hi and kappa(-1) = lo.
//   |alpha| >= 1: kappa = hi^alpha (alpha >= 1) or lo^-alpha (alpha <= -1): exponential, so
//                 kappa > 0 for every alpha;
//   |alpha| <  1: kappa = 1 + sum_{k=1..6} a_k alpha^k, the polynomial that matches the
//                 exponential branches' value, first and second derivative at alpha = +-1
//                 (so kappa is C^2 and kappa(0) = 1).
// The six coefficients come from two 3x3 systems (even and odd powers), solved once here.
#pragma once

#include <array>

namespace fathom
{
class NormsysInterpolation
{
  public:
    //! hi, lo: factors at alpha = +1 and -1 (both > 0), e.g. 1 + d and 1 - d.
    NormsysInterpolation(double hi, double lo);

    double factor(double alpha) const;
    double derivative(double alpha) const;  //!< d kappa / d alpha

    std::array<double, 6> const& coefficients() const { return a_; }  //!< a_1 .. a_6

  private:
    double hi_;
    double lo_;
    double log_hi_;
    double log_lo_;
    std::array<double, 6> a_{};
};
}  // namespace fathom
