// The adaptive multichannel sampler: exact weights for any grids and channel weights (known
// volumes and integrals within MC error), the channel-weight update, and the training loop.
#include <cmath>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "../phasespace/MeanError.hh"
#include "fathom/base/Constants.hh"
#include "fathom/phasespace/MasslessVolume.hh"
#include "fathom/phasespace/channels/AdaptiveChannels.hh"
#include "fathom/random/PhiloxStream.hh"
#include "fathom/sampling/AdaptiveSampler.hh"
#include "fathom/sampling/AdaptiveTrainer.hh"
#include "fathom/sampling/VegasRefine.hh"

namespace fathom::test
{
namespace
{
constexpr double sqrt_s = 10.579;
constexpr double me = constants::electron_mass;

//! Sampler params over the given channel dimensions; grids distorted by a fixed random
//! refinement so that every check runs on non-trivial maps.
struct GridSet
{
    std::vector<double> edges;
    AdaptiveSamplerParams params;

    GridSet(std::vector<size_type> ndim, std::vector<double> alpha, size_type bins, unsigned distort_seed)
    {
        params.num_channels = static_cast<size_type>(ndim.size());
        params.bins = bins;
        size_type off = 0;
        for (size_type c = 0; c < ndim.size(); ++c)
        {
            params.ndim[c] = ndim[c];
            params.alpha[c] = alpha[c];
            params.edge_offset[c] = off;
            off += vegas_grid_size(ndim[c], bins);
        }
        edges.assign(off, 0);
        std::mt19937_64 gen(distort_seed);
        std::uniform_real_distribution<double> u(0.05, 1.0);
        for (size_type c = 0; c < ndim.size(); ++c)
        {
            double* e = edges.data() + params.edge_offset[c];
            for (size_type d = 0; d < ndim[c]; ++d)
            {
                // random positive bin widths, normalised: a valid, strongly non-uniform grid
                std::vector<double> w(bins);
                double tot = 0;
                for (auto& x : w)
                    tot += (x = u(gen) * u(gen));
                double* ed = e + d * (bins + 1);
                ed[0] = 0;
                double acc = 0;
                for (size_type i = 0; i < bins; ++i)
                    ed[i + 1] = (acc += w[i]) / tot;
                ed[bins] = 1;
            }
            for (size_type d = 0; d < ndim[c]; ++d)
                EXPECT_TRUE(valid_vegas_grid(VegasGridParams{ndim[c], bins, e}));
        }
        params.edges = edges.data();
    }
};

AdaptiveChannelParams radiative_params(double m_lo, double m_hi)
{
    AdaptiveChannelParams p;
    p.fusion.sqrt_s = sqrt_s;
    p.fusion.lepton_mass = me;
    p.fusion.pair_mass_min = m_lo;
    p.fusion.pair_mass_max = m_hi;
    p.annihilation.sqrt_s = sqrt_s;
    p.annihilation.lepton_mass = me;
    p.annihilation.pair_mass_min = m_lo;
    p.annihilation.pair_mass_max = m_hi;
    p.radiation.sqrt_s = sqrt_s;
    p.radiation.lepton_mass = me;
    return p;
}

template<class Pack>
std::vector<size_type> dims(Pack const& pack)
{
    std::vector<size_type> d;
    for (size_type c = 0; c < Pack::size; ++c)
        d.push_back(static_cast<size_type>(pack.visit(c, [](auto const& ch) { return real_type(ch.ndim()); })));
    return d;
}

//! A smooth function of the final state with a non-trivial integral: the photon-pair energy
//! fraction times the e- polar-angle shape.
double smooth_f(FourVector const* p)
{
    double const x = (p[2].e + p[3].e) / sqrt_s;
    double const c = p[1].pz / std::sqrt(p[1].px * p[1].px + p[1].py * p[1].py + p[1].pz * p[1].pz);
    return x * (1.5 + c * c);
}
}  // namespace

TEST(ChannelWeights, EqualContributionsKeepTheWeights)
{
    double alpha[3] = {0.2, 0.3, 0.5};
    double s[3] = {2.0, 3.0, 5.0};  // s_j / alpha_j equal: already optimal
    update_channel_weights(alpha, s, 3);
    EXPECT_NEAR(alpha[0], 0.2, 1e-15);
    EXPECT_NEAR(alpha[1], 0.3, 1e-15);
    EXPECT_NEAR(alpha[2], 0.5, 1e-15);
}

TEST(ChannelWeights, MovesTowardsTheLargerVarianceAndKeepsAFloor)
{
    double alpha[2] = {0.5, 0.5};
    double s[2] = {9.0, 1.0};  // W ratio 9: alpha ratio sqrt(9) = 3 after one damped step
    update_channel_weights(alpha, s, 2);
    EXPECT_NEAR(alpha[0] / alpha[1], 3.0, 1e-12);
    EXPECT_NEAR(alpha[0] + alpha[1], 1.0, 1e-15);

    double a2[2] = {0.5, 0.5};
    double s2[2] = {1.0, 0.0};  // a channel that never contributes keeps floor_share / n
    update_channel_weights(a2, s2, 2, 0.5, 0.05);
    EXPECT_NEAR(a2[1], 0.025 / 1.025, 1e-12);

    double a3[2] = {0.4, 0.6};
    double s3[2] = {0.0, NAN};  // nothing usable: unchanged
    update_channel_weights(a3, s3, 2);
    EXPECT_EQ(a3[0], 0.4);
    EXPECT_EQ(a3[1], 0.6);
}

TEST(TwoBodyChannel, ConstantWeightAndInverse)
{
    TwoBodyParams p{sqrt_s, me, std::cos(158 * constants::pi / 180), std::cos(22 * constants::pi / 180)};
    TwoBodyChannel ch{p};
    ASSERT_TRUE(ch.valid());
    double const beta = std::sqrt(1 - 4 * me * me / (sqrt_s * sqrt_s));
    PhiloxStream rng(7, 0);
    for (int i = 0; i < 1000; ++i)
    {
        double x[2] = {rng.uniform(), rng.uniform()};
        FourVector out[2];
        double w = ch.map(x, out);
        EXPECT_NEAR(w, beta * (p.cos_max - p.cos_min) / (16 * constants::pi), 1e-15);
        // mass shell to rounding of E^2 - p^2 (m << E)
        EXPECT_NEAR((mass2(out[0]) - me * me) / (out[0].e * out[0].e), 0.0, 1e-15);
        EXPECT_NEAR((mass2(out[1]) - me * me) / (out[1].e * out[1].e), 0.0, 1e-15);
        EXPECT_NEAR(out[0].e + out[1].e, sqrt_s, 1e-12);
        double y[2];
        EXPECT_NEAR(ch.inverse(out, y) * w, 1.0, 1e-14);
        EXPECT_NEAR(y[0], x[0], 1e-12);
        EXPECT_NEAR(y[1], x[1], 1e-12);
    }
    FourVector outside[2] = {{sqrt_s / 2, 0, 0, -sqrt_s / 2}, {sqrt_s / 2, 0, 0, sqrt_s / 2}};
    double y[2];
    EXPECT_EQ(ch.inverse(outside, y), 0.0);
}

TEST(TwoBodyChannel, ForwardPeakMapIsExactAndInvertible)
{
    // 1/(1 - cos) uniform: the mean weight is still the window's volume, and W ~ z^2 makes
    // the Bhabha-like 1/z^2 integrand flat
    TwoBodyParams p{sqrt_s, me, std::cos(170 * constants::pi / 180), std::cos(1 * constants::pi / 180), true};
    TwoBodyChannel ch{p};
    ASSERT_TRUE(ch.valid());
    double const beta = std::sqrt(1 - 4 * me * me / (sqrt_s * sqrt_s));
    MeanError vol, peak;
    PhiloxStream rng(8, 0);
    for (int i = 0; i < 200000; ++i)
    {
        double x[2] = {rng.uniform(), rng.uniform()};
        FourVector out[2];
        double w = ch.map(x, out);
        vol.add(w);
        double const k = pabs(out[1]);
        double const z = (out[1].px * out[1].px + out[1].py * out[1].py) / (k * (k + out[1].pz));
        peak.add(w / (z * z));
        double y[2];
        ASSERT_NEAR(ch.inverse(out, y) * w, 1.0, 1e-12);
        ASSERT_NEAR(y[0], x[0], 1e-10);
    }
    EXPECT_LT(std::fabs(vol.pull(beta * (p.cos_max - p.cos_min) / (16 * constants::pi), "forward-peak volume")), 4.0);
    EXPECT_LT(peak.variance(), 1e-20 * peak.mean() * peak.mean());  // exactly flat for 1/z^2
}

TEST(AdaptiveSampler, SingleRamboChannelWithAGridGivesTheMasslessVolume)
{
    AdaptiveChannelParams p;
    p.rambo.sqrt_s = sqrt_s;
    p.rambo.n = 3;
    auto const pack = rambo_channels(p);
    GridSet g(dims(pack), {1.0}, 16, 11);
    AdaptiveSampler<RamboChannels> sampler{pack, g.params};
    MeanError m;
    for (std::uint64_t i = 0; i < 200000; ++i)
    {
        PhiloxStream rng(3, i);
        FourVector out[3];
        SamplerTrace t;
        m.add(sampler(rng, out, &t));
    }
    EXPECT_LT(std::fabs(m.pull(massless_volume(3, sqrt_s * sqrt_s), "RAMBO + distorted grid, 3 body")), 4.0);
}

TEST(AdaptiveSampler, MultichannelWeightsAreExactForAnyGridsAndAlphas)
{
    // The seven ee_eeaa channels with distorted grids and unequal alphas must integrate the
    // volume and a smooth function (in the pair-mass window) to the same values as one
    // channel's own exact map. The radiation channels cover all masses: their events outside
    // the window have density 0 in the windowed channels and are kept by the mixture, so the
    // comparison is restricted to the window by the function.
    auto const params = radiative_params(0.5, 3.0);
    auto const pack = radiative_pair_channels(params);
    GridSet g(dims(pack), {0.1, 0.1, 0.15, 0.15, 0.2, 0.15, 0.15}, 32, 5);
    AdaptiveSampler<RadiativePairChannels> sampler{pack, g.params};

    MeanError vol, fint, ref_vol, ref_f;
    auto in_window = [](FourVector const* p) {
        double const m = mass(p[2] + p[3]);
        return m >= 0.5 && m <= 3.0 ? 1.0 : 0.0;
    };
    for (std::uint64_t i = 0; i < 400000; ++i)
    {
        PhiloxStream rng(9, i);
        FourVector out[4];
        SamplerTrace t;
        double w = sampler(rng, out, &t);
        ASSERT_TRUE(std::isfinite(w));
        vol.add(w > 0 ? w * in_window(out) : 0);
        fint.add(w > 0 ? w * smooth_f(out) * in_window(out) : 0);
        if (w > 0)
        {
            double ps = 0;
            for (int j = 0; j < 7; ++j)
                ps += t.posterior[j];
            ASSERT_NEAR(ps, 1.0, 1e-12);
        }
        // reference: the annihilation channel alone, no grid (its exact map)
        PhiloxStream rng2(10, i);
        FourVector o2[4];
        double w2 = pack.tail.tail.head(rng2, o2);
        ref_vol.add(w2);
        ref_f.add(w2 > 0 ? w2 * smooth_f(o2) : 0);
    }
    double const pv = (vol.mean() - ref_vol.mean()) / std::hypot(vol.error(), ref_vol.error());
    double const pf = (fint.mean() - ref_f.mean()) / std::hypot(fint.error(), ref_f.error());
    vol.pull(ref_vol.mean(), "multichannel volume vs annihilation channel alone");
    fint.pull(ref_f.mean(), "multichannel smooth integral vs annihilation channel alone");
    EXPECT_LT(std::fabs(pv), 4.0);
    EXPECT_LT(std::fabs(pf), 4.0);
}

TEST(AdaptiveSampler, AlpFusionChannelsAgreeOnTheNarrowWidthSpace)
{
    // alp_fusion's pack (two fusion channels and the annihilation channel, all at fixed mass
    // m_a) with distorted grids and unequal alphas: the one-sample multichannel weight needs the
    // three densities on the same narrow-width space (dPhi_3 dOmega* / 4 pi). The volume and a
    // smooth function must equal those of one channel's own exact map, and every channel's
    // density must be positive on every other channel's events.
    AdaptiveChannelParams params;
    params.fusion.sqrt_s = params.annihilation.sqrt_s = sqrt_s;
    params.fusion.lepton_mass = params.annihilation.lepton_mass = me;
    params.fusion.fixed_mass = params.annihilation.fixed_mass = true;
    params.fusion.pair_mass = params.annihilation.pair_mass = 1.0;
    auto const pack = fusion_channels(params);
    static_assert(FusionChannels::size == 3);
    EXPECT_EQ((std::vector<size_type>{7, 7, 7}), dims(pack));
    GridSet g(dims(pack), {0.3, 0.3, 0.4}, 32, 6);
    AdaptiveSampler<FusionChannels> sampler{pack, g.params};

    MeanError vol, fint, ref_vol, ref_f;
    std::size_t uncovered = 0;
    for (std::uint64_t i = 0; i < 400000; ++i)
    {
        PhiloxStream rng(12, i);
        FourVector out[4];
        SamplerTrace t;
        double w = sampler(rng, out, &t);
        ASSERT_TRUE(std::isfinite(w));
        vol.add(w > 0 ? w : 0);
        fint.add(w > 0 ? w * smooth_f(out) : 0);
        if (w > 0)
        {
            for (size_type j = 0; j < 3; ++j)
                uncovered += !(t.posterior[j] > 0);
        }
        // reference: the annihilation channel alone, no grid (its exact map)
        PhiloxStream rng2(13, i);
        FourVector o2[4];
        double w2 = pack.tail.tail.head(rng2, o2);
        ref_vol.add(w2);
        ref_f.add(w2 > 0 ? w2 * smooth_f(o2) : 0);
    }
    EXPECT_EQ(0u, uncovered);
    double const pv = (vol.mean() - ref_vol.mean()) / std::hypot(vol.error(), ref_vol.error());
    double const pf = (fint.mean() - ref_f.mean()) / std::hypot(fint.error(), ref_f.error());
    vol.pull(ref_vol.mean(), "alp_fusion multichannel volume vs annihilation channel alone");
    fint.pull(ref_f.mean(), "alp_fusion multichannel smooth integral vs annihilation channel alone");
    EXPECT_LT(std::fabs(pv), 4.0);
    EXPECT_LT(std::fabs(pf), 4.0);
}

TEST(AdaptiveSampler, TrainingReducesTheVarianceOfAPeakedIntegrand)
{
    // f peaked in |t-| (the fusion topology): train the grids and the alphas on the host with
    // the device code's trainer and refinement, and check the variance falls while the mean
    // stays (within errors) where it was.
    // the two peripheral channels alone (the continuum of ee_eeaa; alp_fusion's pack adds the
    // annihilation channel at fixed mass, below)
    auto const params = radiative_params(0.5, 3.0);
    using PeripheralPair = ChannelPack<TwoPhotonFusionChannel, TwoPhotonFusionChannel>;
    PeripheralPair const pack{detail::fusion_channel(params, FirstLepton::positron),
                              detail::fusion_channel(params, FirstLepton::electron)};
    size_type const bins = 32;
    std::vector<size_type> nd = dims(pack);
    GridSet g(nd, {0.5, 0.5}, bins, 1);
    for (size_type c = 0; c < 2; ++c)
        fill_uniform_vegas_grid(g.edges.data() + g.params.edge_offset[c], nd[c], bins);

    AdaptiveTrainingView view;
    view.num_channels = 2;
    view.bins = bins;
    size_type cells = 0;
    for (size_type c = 0; c < 2; ++c)
    {
        view.ndim[c] = nd[c];
        view.cell_offset[c] = cells;
        cells += nd[c] * bins;
    }
    std::vector<ExactSum> gv(cells), gw(cells), cv(2), cc(2);
    view.grid_value = gv.data();
    view.grid_weight = gw.data();
    view.channel_value = cv.data();
    view.channel_count = cc.data();

    auto f = [](FourVector const* p) {
        double const tm = -mass2(FourVector{sqrt_s / 2, 0, 0, sqrt_s / 2} - p[1]);  // |t-|, e- beam along +z
        return 1.0 / (tm + 0.01) * (p[2].e > 1.0 ? 1.0 : 0.3);
    };
    std::vector<double> rel_sd;
    std::vector<MeanError> estimates;
    for (unsigned it = 0; it < 6; ++it)
    {
        std::fill(gv.begin(), gv.end(), ExactSum{});
        std::fill(gw.begin(), gw.end(), ExactSum{});
        std::fill(cv.begin(), cv.end(), ExactSum{});
        std::fill(cc.begin(), cc.end(), ExactSum{});
        AdaptiveSampler<PeripheralPair> sampler{pack, g.params};
        AdaptiveTrainer<PrivateFill> train{view};
        MeanError m;
        for (std::uint64_t i = 0; i < 50000; ++i)
        {
            PhiloxStream rng(100 + it, i);
            FourVector out[4];
            SamplerTrace t;
            double w = sampler(rng, out, &t);
            double const fw = w > 0 ? w * f(out) : 0;
            m.add(fw);
            train(t, fw);
        }
        rel_sd.push_back(std::sqrt(m.variance()) / m.mean());
        estimates.push_back(m);
        VegasRefine refine{VegasRefineOptions{0.5}};
        std::vector<double> scratch(VegasRefine::scratch_size(bins));
        for (size_type c = 0; c < 2; ++c)
            refine.refine_grid(view.grid(c), g.edges.data() + g.params.edge_offset[c], scratch.data());
        double s[2] = {to_double(cv[0]), to_double(cv[1])};
        update_channel_weights(g.params.alpha.data(), s, 2);
    }
    std::cout << "[ info ] relative sd per event, iterations 1..6:";
    for (double r : rel_sd)
        std::cout << ' ' << r;
    std::cout << std::endl;
    EXPECT_LT(rel_sd.back(), 0.5 * rel_sd.front());
    double const p = (estimates.back().mean() - estimates.front().mean())
                     / std::hypot(estimates.back().error(), estimates.front().error());
    EXPECT_LT(std::fabs(p), 4.0) << "trained and untrained estimates disagree";
}
}  // namespace fathom::test
