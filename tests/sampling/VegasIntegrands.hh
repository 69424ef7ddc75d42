// Integrands on [0,1]^d with known integrals, and the adaptation loop the tests run on them.
#pragma once

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "fathom/sampling/VegasStrataAllocate.hh"

#include "VegasTestSupport.hh"

namespace fathom::test
{
//! An integrand with its exact integral over [0,1]^ndim, and that of its square (so the
//! variance of plain MC, exact_square - exact^2, need not be estimated from heavy tails).
struct Integrand
{
    std::string name;
    size_type ndim;
    std::function<real_type(real_type const*)> f;
    double exact;
    double exact_square;

    double uniform_variance() const { return exact_square - exact * exact; }
};

inline double const sqrt_pi = std::sqrt(std::acos(-1.0));

//! Normal density N(x; c, s) integrated over [0, 1].
inline double normal_mass(double c, double s)
{
    return 0.5 * (std::erf((1 - c) / (s * std::sqrt(2.0))) + std::erf(c / (s * std::sqrt(2.0))));
}

//! prod_d N(x_d; c_d, s): separable, so VEGAS can learn it completely.
inline Integrand gaussian_peak(std::vector<double> centres, double s)
{
    size_type const n = static_cast<size_type>(centres.size());
    double exact = 1, square = 1;
    for (double c : centres)
    {
        exact *= normal_mass(c, s);
        // N(x; c, s)^2 = N(x; c, s / sqrt 2) / (2 s sqrt(pi))
        square *= normal_mass(c, s / std::sqrt(2.0)) / (2 * s * sqrt_pi);
    }
    auto f = [centres, s, n](real_type const* x) {
        double arg = 0;
        for (size_type d = 0; d < n; ++d)
            arg += (x[d] - centres[d]) * (x[d] - centres[d]);
        double const norm = 1 / (s * std::sqrt(2 * std::acos(-1.0)));
        return std::pow(norm, n) * std::exp(-arg / (2 * s * s));
    };
    return {"gaussian", n, f, exact, square};
}

//! prod_d 1 / ((x_d + eps) ln(1 + 1/eps)): integrable peaks at the lower faces, integral 1.
inline Integrand inverse_peak(size_type n, double eps)
{
    double const norm = 1 / std::log1p(1 / eps);
    auto f = [n, eps, norm](real_type const* x) {
        double r = 1;
        for (size_type d = 0; d < n; ++d)
            r *= norm / (x[d] + eps);
        return r;
    };
    double const square = std::pow(norm * norm * (1 / eps - 1 / (1 + eps)), n);
    return {"inverse", n, f, 1.0, square};
}

//! (prod_d N(x_d; 1/3, s) + prod_d N(x_d; 2/3, s)) / 2: not separable; VEGAS puts grid
//! peaks at 1/3 and 2/3 in every dimension, so 2^d cells of which only 2 hold the integral.
inline Integrand two_peaks(size_type n, double s)
{
    double const m1 = std::pow(normal_mass(1.0 / 3, s), n);
    double const m2 = std::pow(normal_mass(2.0 / 3, s), n);
    // N(x; a, s) N(x; b, s) = N(a - b; 0, s sqrt 2) N(x; (a + b) / 2, s / sqrt 2)
    auto overlap = [s](double a, double b) {
        double const t = s * std::sqrt(2.0);
        return std::exp(-(a - b) * (a - b) / (2 * t * t)) / (t * std::sqrt(2.0) * sqrt_pi)
               * normal_mass((a + b) / 2, s / std::sqrt(2.0));
    };
    double const q11 = std::pow(overlap(1.0 / 3, 1.0 / 3), n);
    double const q22 = std::pow(overlap(2.0 / 3, 2.0 / 3), n);
    double const q12 = std::pow(overlap(1.0 / 3, 2.0 / 3), n);
    auto f = [n, s](real_type const* x) {
        double a1 = 0, a2 = 0;
        for (size_type d = 0; d < n; ++d)
        {
            a1 += (x[d] - 1.0 / 3) * (x[d] - 1.0 / 3);
            a2 += (x[d] - 2.0 / 3) * (x[d] - 2.0 / 3);
        }
        double const norm = std::pow(1 / (s * std::sqrt(2 * std::acos(-1.0))), n);
        return norm * (std::exp(-a1 / (2 * s * s)) + std::exp(-a2 / (2 * s * s))) / 2;
    };
    return {"two peaks", n, f, (m1 + m2) / 2, (q11 + q22 + 2 * q12) / 4};
}

//! What one adaptation run produced.
struct AdaptationRun
{
    std::vector<Estimate> iterations;  //!< adaptation iterations, the grid refined after each
    Estimate production;               //!< with the final grid frozen
    HostGrid grid;
};

/*!
 * VEGAS adaptation as the sampler will run it: \p iterations rounds of \p n events, each
 * accumulated and followed by a refinement, then a production run of \p n_production
 * events with the frozen grid. Events are numbered consecutively across all rounds.
 */
inline AdaptationRun adapt(Integrand const& in, size_type bins, std::uint64_t n, int iterations,
                           std::uint64_t n_production, std::uint64_t seed,
                           VegasRefineOptions options = {}, FillMode mode = FillMode::serial,
                           int threads = 1)
{
    AdaptationRun run{{}, {}, HostGrid::uniform(in.ndim, bins)};
    HostAccumulator acc(in.ndim, bins);
    std::vector<real_type> scratch(VegasRefine::scratch_size(bins));
    std::uint64_t next = 0;
    for (int it = 0; it < iterations; ++it)
    {
        clear_vegas_accumulator(acc.view());
        run.iterations.push_back(
            run_iteration(run.grid.params(), &acc, in.f, seed, next, n, mode, threads));
        next += n;
        VegasRefine(options).refine_grid(acc.view(), run.grid.edges.data(), scratch.data());
    }
    run.production = run_iteration(run.grid.params(), nullptr, in.f, seed, next, n_production,
                                   mode, threads);
    return run;
}

//! What one VEGAS+ adaptation run produced.
struct StratifiedRun
{
    size_type per_dim{1};
    std::vector<VegasStrataEstimate> iterations;
    std::vector<std::uint64_t> events;  //!< per iteration (reallocation changes the total)
    VegasStrataEstimate production;
    std::uint64_t production_events{0};
    HostGrid grid;
};

/*!
 * VEGAS map + VEGAS+ stratification: iterations of about \p n events, each followed by a
 * map refinement (samples weighted by the stratification weight) and a reallocation;
 * then a production run with the frozen map and the last allocation scaled to
 * \p n_production. per_dim = 1 is plain VEGAS (one cube, weights 1). Threads add to
 * shared sums with AtomicFill.
 */
inline StratifiedRun adapt_stratified(Integrand const& in, size_type bins, std::uint64_t n,
                                      int iterations, std::uint64_t n_production,
                                      std::uint64_t seed, size_type per_dim,
                                      VegasStrataOptions options = {}, int threads = 1)
{
    StratifiedRun run;
    run.per_dim = per_dim;
    run.grid = HostGrid::uniform(in.ndim, bins);
    std::uint64_t cubes = 1;
    for (size_type d = 0; d < in.ndim; ++d)
        cubes *= per_dim;
    std::vector<std::uint64_t> offsets(cubes + 1);
    fill_uniform_vegas_strata(offsets.data(), cubes, n / cubes);
    std::vector<ExactSum> s1(cubes), s2(cubes);
    VegasStrataSumsView const sums{cubes, s1.data(), s2.data()};
    HostAccumulator acc(in.ndim, bins);
    std::vector<real_type> scratch(VegasRefine::scratch_size(bins));
    std::uint64_t next = 0;

    auto iterate = [&](bool train) {
        std::fill(s1.begin(), s1.end(), ExactSum{});
        std::fill(s2.begin(), s2.end(), ExactSum{});
        clear_vegas_accumulator(acc.view());
        VegasStrataParams const strata{in.ndim, per_dim, cubes, offsets.data()};
        VegasStrataSampler const sample(strata);
        VegasMap const map(run.grid.params());
        VegasStrataAccumulator<AtomicFill> const add_cube(sums);
        VegasAccumulator<AtomicFill> const add_map(acc.view());
        std::int64_t const total = static_cast<std::int64_t>(strata.num_events());
#pragma omp parallel for num_threads(threads) schedule(dynamic, 97)
        for (std::int64_t k = 0; k < total; ++k)
        {
            PhiloxStream rng(seed, next + k);
            real_type y[max_vegas_dims], x[max_vegas_dims];
            size_type bin[max_vegas_dims];
            std::uint64_t cube;
            real_type const weight = sample(rng, k, y, &cube);
            real_type const jac = map(y, x, bin);
            real_type const fj = in.f(x) * jac;
            add_cube(cube, fj);
            if (train)
                add_map(bin, fj, weight);
        }
        next += strata.num_events();
        return vegas_strata_estimate(sums, offsets.data());
    };

    for (int it = 0; it < iterations; ++it)
    {
        run.events.push_back(offsets[cubes]);
        run.iterations.push_back(iterate(true));
        VegasRefine({}).refine_grid(acc.view(), run.grid.edges.data(), scratch.data());
        allocate_vegas_strata(sums, offsets.data(), it + 1 < iterations ? n : n_production, options);
    }
    run.production_events = offsets[cubes];
    run.production = iterate(false);
    return run;
}
}  // namespace fathom::test
