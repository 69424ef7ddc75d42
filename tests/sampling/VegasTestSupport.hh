// Host-side owners of VEGAS grids and accumulators, and the adaptation loop of the tests.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

#include <omp.h>

#include "fathom/base/ExactSum.hh"
#include "fathom/random/PhiloxStream.hh"
#include "fathom/sampling/VegasAccumulator.hh"
#include "fathom/sampling/VegasGridParams.hh"
#include "fathom/sampling/VegasMap.hh"
#include "fathom/sampling/VegasRefine.hh"

namespace fathom::test
{
//! Edges in a std::vector, with its view.
struct HostGrid
{
    size_type ndim{0};
    size_type bins{0};
    std::vector<real_type> edges;

    static HostGrid uniform(size_type ndim, size_type bins)
    {
        HostGrid g{ndim, bins, std::vector<real_type>(vegas_grid_size(ndim, bins))};
        fill_uniform_vegas_grid(g.edges.data(), ndim, bins);
        return g;
    }

    //! A non-uniform grid: bin widths log-normal with log-width spread \p spread (the
    //! default 2 makes widths spanning ~1e-4..1e4 relative to each other).
    static HostGrid random(size_type ndim, size_type bins, std::uint64_t seed, double spread = 2)
    {
        HostGrid g = uniform(ndim, bins);
        std::mt19937_64 gen(seed);
        std::lognormal_distribution<double> width(0.0, spread);
        for (size_type d = 0; d < ndim; ++d)
        {
            std::vector<double> cum(bins + 1, 0.0);
            for (size_type i = 0; i < bins; ++i)
                cum[i + 1] = cum[i] + width(gen);
            real_type* e = g.edges.data() + d * (bins + 1);
            for (size_type i = 1; i < bins; ++i)
                e[i] = cum[i] / cum[bins];
        }
        return g;
    }

    VegasGridParams params() const { return {ndim, bins, edges.data()}; }
};

//! Exact sums in std::vectors, with their view.
struct HostAccumulator
{
    size_type ndim{0};
    size_type bins{0};
    std::vector<ExactSum> value, weight;

    HostAccumulator(size_type n, size_type b)
        : ndim(n), bins(b), value(std::size_t{n} * b), weight(std::size_t{n} * b)
    {
    }
    VegasAccumulatorView view() { return {ndim, bins, value.data(), weight.data()}; }
};

inline bool same_bits(ExactSum const& a, ExactSum const& b)
{
    return std::memcmp(a.limb, b.limb, sizeof a.limb) == 0;
}
inline bool same_bits(HostAccumulator const& a, HostAccumulator const& b)
{
    for (std::size_t c = 0; c < a.value.size(); ++c)
    {
        if (!same_bits(a.value[c], b.value[c]) || !same_bits(a.weight[c], b.weight[c]))
            return false;
    }
    return a.value.size() == b.value.size();
}
inline bool same_bits(std::vector<double> const& a, std::vector<double> const& b)
{
    return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(double)) == 0;
}

//! Estimate of one iteration from exact sums of f J and (f J)^2 over n samples.
struct Estimate
{
    double mean{0};
    double variance{0};  //!< per-sample variance of f J (unbiased)
    double error{0};     //!< standard error of the mean
    std::uint64_t n{0};
};

inline Estimate make_estimate(ExactSum const& s1, ExactSum const& s2, std::uint64_t n)
{
    Estimate e;
    e.n = n;
    e.mean = to_double(s1) / n;
    e.variance = (to_double(s2) / n - e.mean * e.mean) * n / (n - 1);
    e.error = std::sqrt(e.variance / n);
    return e;
}

//! How the samples of an iteration are accumulated.
enum class FillMode
{
    serial,    //!< one thread, PrivateFill
    atomic,    //!< OpenMP threads adding to shared sums with AtomicFill
    replicas,  //!< OpenMP threads with private replicas (PrivateFill), merged at the end
};

/*!
 * One VEGAS iteration: events [first, first + n) of stream \p seed, y uniform, x = map(y),
 * estimate from f J; if \p train, the samples are accumulated into \p acc (not cleared).
 * Integrand: real_type f(real_type const* x).
 */
template<class F>
Estimate run_iteration(VegasGridParams const& grid, HostAccumulator* acc, F const& f,
                       std::uint64_t seed, std::uint64_t first, std::uint64_t n,
                       FillMode mode = FillMode::serial, int threads = 1)
{
    VegasMap const map(grid);
    ExactSum s1, s2;
    auto sample = [&](std::uint64_t event, real_type* x, size_type* bin, double* fj) {
        PhiloxStream rng(seed, event);
        real_type const jac = map.sample(rng, x, bin);
        *fj = f(x) * jac;
    };
    if (mode == FillMode::serial)
    {
        VegasAccumulator<PrivateFill> const accumulate(acc ? acc->view() : VegasAccumulatorView{});
        for (std::uint64_t i = first; i < first + n; ++i)
        {
            real_type x[max_vegas_dims];
            size_type bin[max_vegas_dims];
            double fj;
            sample(i, x, bin, &fj);
            add(s1, fj);
            add(s2, fj * fj);
            if (acc)
                accumulate(bin, fj);
        }
        return make_estimate(s1, s2, n);
    }
    std::vector<HostAccumulator> replicas;
    if (mode == FillMode::replicas && acc)
        replicas.assign(threads, HostAccumulator(acc->ndim, acc->bins));
#pragma omp parallel num_threads(threads)
    {
        int const t = omp_get_thread_num();
        VegasAccumulator<AtomicFill> const shared(acc ? acc->view() : VegasAccumulatorView{});
        VegasAccumulator<PrivateFill> const own(
            (acc && mode == FillMode::replicas) ? replicas[t].view() : VegasAccumulatorView{});
        // dynamic schedule: the order of additions differs from run to run
#pragma omp for schedule(dynamic, 97)
        for (std::int64_t k = 0; k < static_cast<std::int64_t>(n); ++k)
        {
            real_type x[max_vegas_dims];
            size_type bin[max_vegas_dims];
            double fj;
            sample(first + k, x, bin, &fj);
            atomic_add(&s1, fj);
            atomic_add(&s2, fj * fj);
            if (acc && mode == FillMode::atomic)
                shared(bin, fj);
            else if (acc)
                own(bin, fj);
        }
    }
    for (auto& r : replicas)
        merge_vegas_accumulator(acc->view(), r.view());
    return make_estimate(s1, s2, n);
}
}  // namespace fathom::test
