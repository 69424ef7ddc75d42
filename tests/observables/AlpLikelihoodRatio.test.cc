// llr_alp (AlpLikelihoodRatio.hh): the projection onto the 2 -> 4 phase space, the Jacobian between
// the signal's parametrisation (three-body x m_gg x decay) and dPhi4, the signal density integrated
// against the narrow-width cross section, the background density against the run's own |M|^2 at
// generated points, and the card.
#include <cmath>
#include <cstdint>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "../channels/ChannelIntegrals.hh"
#include "../phasespace/RecursivePhaseSpace.hh"

#include "fathom/base/Constants.hh"
#include "fathom/detector/DetectorResponse.hh"
#include "fathom/observables/AlpLikelihoodRatio.hh"
#include "fathom/phasespace/Rambo.hh"
#include "fathom/phasespace/channels/TwoPhotonFusionChannel.hh"
#include "fathom/pipeline/EventGenerator.hh"
#include "fathom/process/AmplitudeProcess.hh"
#include "run/DeviceSetupBuilder.hh"
#include "run/InputError.hh"
#include "run/RunCard.hh"
#include "run/RunDriver.hh"

namespace fathom::test
{
namespace
{
double const pi = constants::pi;
double const sqrt_s = 10.58;
double const me = constants::electron_mass;
constexpr double max_pull = 4;  // per check: a ~6e-5 two-sided chance

BeamParams cm_beams() { return make_beam_params(sqrt_s / 2, sqrt_s / 2, me, 0); }

AlpLikelihoodRatioParams hypothesis(double m_a, double sigma_m)
{
    AlpLikelihoodRatioParams p;
    p.enabled = true;
    p.signal.mass = m_a;
    p.signal.coupling = 1e-4;
    p.signal.electron_mass = me;
    p.sigma_m = sigma_m;
    p.background = QedParams{constants::alpha_default, me, false, constants::z_mass, constants::z_width,
                             constants::sin2_theta_w};
    return p;
}

Event event_of(BeamParams const& beams, FourVector const* f)
{
    Event ev;
    ev.p[slot_ep_in] = beams.positron_in_cm();
    ev.p[slot_em_in] = beams.electron_in_cm();
    ev.p[slot_ep] = f[0];
    ev.p[slot_em] = f[1];
    ev.p[slot_a1] = f[2];
    ev.p[slot_a2] = f[3];
    ev.present = leptons_mask | slot_bit(slot_a1) | slot_bit(slot_a2);
    order_photons_by_energy(ev, 2);
    return ev;
}

double max_abs_component(FourVector const& a, FourVector const& b)
{
    return std::fmax(std::fmax(std::fabs(a.e - b.e), std::fabs(a.px - b.px)),
                     std::fmax(std::fabs(a.py - b.py), std::fabs(a.pz - b.pz)));
}
}  // namespace

// A generated event conserves four-momentum: the projection leaves it as it is (to rounding).
// A smeared one: the projection conserves four-momentum with the nominal beams, keeps the mass
// shells, and moves the momenta by about the resolution, not more.
TEST(ProjectOntoPhaseSpace, IdentityOnGeneratedEventsConservationOnReconstructedOnes)
{
    BeamParams const beams = cm_beams();
    Rambo const rambo = rambo_eeaa(sqrt_s, me);
    DetectorResponseParams det;
    det.enabled = true;
    ApplyDetectorResponse const response{&det, beams};
    double worst_identity = 0, worst_conservation = 0, worst_shell = 0, worst_shift = 0;
    int projected = 0;
    for (std::uint64_t e = 0; e < 20000; ++e)
    {
        PhiloxStream rng(3, e);
        FourVector f[4];
        if (!(rambo(rng, f) > 0))
            continue;
        Event const ev = event_of(beams, f);
        FourVector out[4];
        ASSERT_TRUE(project_onto_phase_space(ev, beams, out));
        for (int i = 0; i < 4; ++i)
            worst_identity = std::fmax(worst_identity, max_abs_component(out[i], ev.p[slot_ep + i]) / sqrt_s);

        PhiloxStream smear_rng(4, e);
        Event const reco = response(ev, smear_rng, 2);
        if (!project_onto_phase_space(reco, beams, out))
            continue;  // a photon smeared to zero energy, say: counted below
        ++projected;
        FourVector const total = out[0] + out[1] + out[2] + out[3];
        worst_conservation = std::fmax(worst_conservation,
                                       max_abs_component(total, FourVector{sqrt_s, 0, 0, 0}) / sqrt_s);
        for (int i = 0; i < 4; ++i)
        {
            double const m = i < 2 ? me : 0.0;
            worst_shell = std::fmax(worst_shell, std::fabs(out[i].e - std::sqrt(p2(out[i]) + m * m)) / out[i].e);
            worst_shift = std::fmax(worst_shift, max_abs_component(out[i], reco.p[slot_ep + i]) / sqrt_s);
        }
    }
    std::cout << "identity " << worst_identity << ", conservation " << worst_conservation << ", shell "
              << worst_shell << ", largest shift / sqrt(s) " << worst_shift << ", projected " << projected
              << std::endl;
    EXPECT_LT(worst_identity, 1e-14);
    EXPECT_LT(worst_conservation, 1e-13);
    EXPECT_LT(worst_shell, 1e-13);
    EXPECT_LT(worst_shift, 0.1);  // the resolutions are a few per cent at most
    EXPECT_GT(projected, 19900);
}

// The Jacobian alone: int dPhi4 exp(log_diphoton_density_factor(m_gg)) over flat (RAMBO) phase space
// equals int dm G(m) Phi3(sqrt_s; m, m_e, m_e) by quadrature: dm dPhi3 dOmega*/(4 pi) = 8 pi^2/m dPhi4.
TEST(AlpLikelihoodRatio, DiphotonJacobianAgainstRamboAndQuadrature)
{
    double const m_a = 3.0, sigma = 0.3;
    MeanError mc = integrate_events(rambo_eeaa(sqrt_s, me), 11, 4000000, [&](FourVector const* p) {
        double const m = mass(p[2] + p[3]);
        return std::exp(log_diphoton_density_factor(m, m_a, sigma));
    });
    auto quadrature = [&](int nodes) {
        GaussLegendre gl(nodes);
        double const lo = m_a - 8 * sigma, hi = m_a + 8 * sigma;
        double sum = 0;
        for (int i = 0; i < nodes; ++i)
        {
            double const m = lo + (hi - lo) * (gl.x[i] + 1) / 2;
            double const z = (m - m_a) / sigma;
            double const g = std::exp(-z * z / 2) / (std::sqrt(2 * pi) * sigma);
            sum += gl.w[i] * (hi - lo) / 2 * g * recursive_integral(sqrt_s, {m, me, me}, GaussLegendre(48));
        }
        return sum;
    };
    double const fine = quadrature(48), coarse = quadrature(32);
    EXPECT_NEAR(fine, coarse, 1e-9 * fine);
    EXPECT_LT(std::fabs(mc.pull(fine, "int dPhi4 G(m) 8 pi^2 / m (RAMBO) vs int dm G Phi3 (quadrature)")), max_pull);
    EXPECT_LT(mc.error(), 0.01 * mc.mean());  // a test that can see a factor, not only a sign
}

// The whole signal density, in slices of m_gg: over dPhi4 (the continuum fusion channel, m_gg
// within +-5 sigma_m) each slice holds int_slice dm G(m) sigma(m), sigma(m) the narrow-width cross
// section over dPhi3 at mass m (the fixed-mass channel, ALP on shell; taken linear across the
// range from m_a and m_a +- 4 sigma_m: it falls by a few per cent over +-2 sigma_m, which the
// slices see). Two parametrisations of phase space, each checked against RAMBO and quadrature in
// tests/channels; the production |M|^2 is the same functor.
TEST(AlpLikelihoodRatio, SignalDensityIntegratesToTheNarrowWidthCrossSection)
{
    BeamParams const beams = cm_beams();
    std::size_t const events = 120000;
    for (double const m_a : {0.5, 2.0})
    {
        double const sigma = 0.01 * m_a;
        AlpLikelihoodRatioParams const params = hypothesis(m_a, sigma);
        AlpLikelihoodRatio const llr{&params, beams};

        TwoPhotonFusionParams continuum;
        continuum.sqrt_s = sqrt_s;
        continuum.lepton_mass = me;
        continuum.pair_mass_min = m_a - 5 * sigma;
        continuum.pair_mass_max = m_a + 5 * sigma;
        TwoPhotonFusionChannel const channel(continuum);
        ASSERT_TRUE(channel.valid());
        // five slices of 2 sigma_m across the +-5 sigma_m range, and the whole
        constexpr int slices = 5;
        MeanError in_slice[slices], density;
        for (std::size_t e = 0; e < events; ++e)
        {
            PhiloxStream rng(21, e);
            FourVector p[4];
            double const w = channel(rng, p);
            double const f = w > 0 ? w * std::exp(llr.terms(p).log_signal) : 0.0;
            int const k = w > 0 ? static_cast<int>(std::floor((mass(p[2] + p[3]) - m_a + 5 * sigma) / (2 * sigma))) : -1;
            for (int j = 0; j < slices; ++j)
                in_slice[j].add(j == k ? f : 0.0);
            density.add(f);
        }

        auto narrow_at = [&](double m) {
            TwoPhotonFusionParams fixed;
            fixed.sqrt_s = sqrt_s;
            fixed.lepton_mass = me;
            fixed.fixed_mass = true;
            fixed.pair_mass = m;
            fixed.decay = true;
            AlpParams at = params.signal;
            at.mass = m;
            return integrate_events(TwoPhotonFusionChannel(fixed), 22, events, [&](FourVector const* p) {
                FourVector const q[5] = {beams.positron_in_cm(), beams.electron_in_cm(), p[0], p[1], p[2] + p[3]};
                return AlpFusionAmplitude{at}(q);
            });
        };
        MeanError const narrow = narrow_at(m_a);
        MeanError const below = narrow_at(m_a - 4 * sigma), above = narrow_at(m_a + 4 * sigma);
        // sigma(m) = narrow + slope (m - m_a); the slope's error from the two ends as if independent
        // (they share the seed, so this overstates it)
        double const slope = (above.mean() - below.mean()) / (8 * sigma);
        double const slope_error = std::hypot(above.error(), below.error()) / (8 * sigma);
        std::cout << "m_a = " << m_a << ": d ln sigma / dm = " << slope / narrow.mean() << " +- "
                  << slope_error / narrow.mean() << " per GeV" << std::endl;
        // int_slice dm G(m) [s0 + s1 (m - m_a)] = s0 (Phi(z_hi) - Phi(z_lo)) + s1 sigma_m (phi(z_lo) - phi(z_hi))
        auto expected_in = [&](double z_lo, double z_hi) {
            double const content = 0.5 * (std::erf(z_hi / std::sqrt(2.0)) - std::erf(z_lo / std::sqrt(2.0)));
            double const first_moment = (std::exp(-z_lo * z_lo / 2) - std::exp(-z_hi * z_hi / 2)) / std::sqrt(2 * pi);
            double const value = narrow.mean() * content + slope * sigma * first_moment;
            double const error = std::hypot(narrow.error() * content, slope_error * sigma * first_moment);
            return std::pair{value, error};
        };
        auto check = [&](MeanError const& mc, double z_lo, double z_hi, std::string const& what) {
            auto const [value, error] = expected_in(z_lo, z_hi);
            double const p = (mc.mean() - value) / std::hypot(mc.error(), error);
            std::cout << "[ pull ] m_a = " << m_a << ", " << what << ": int dPhi4 p_sig " << mc.mean() << " +- "
                      << mc.error() << " vs int dm G sigma(m) " << value << " +- " << error << ", pull " << p
                      << std::endl;
            EXPECT_LT(std::fabs(p), max_pull) << what;
        };
        check(density, -5, 5, "m_gg within +-5 sigma_m");
        EXPECT_LT(density.error(), 0.02 * density.mean());
        for (int k = 0; k < slices; ++k)
            check(in_slice[k], 2 * k - 5, 2 * k - 3, "slice " + std::to_string(k));
        // the slope is seen: without it, the slices below and above m_a would not both agree
        EXPECT_LT(slope, 0.0);
    }
}

// In the event generator: at generated points (no detector response) llr_alp is the signal density
// over the run's own |M|^2 (the process's, at the sampler's momenta and photon order), and with the
// response on it is finite for every selected event.
TEST(AlpLikelihoodRatio, InTheEventGeneratorAgainstTheRunsOwnMatrixElement)
{
    for (bool const detector : {false, true})
    {
        std::string body = R"(
[process]
name = "ee_eeaa"
[[cuts.particle]]
particles = "photons"
energy_min = 0.25
[llr_alp]
mass = 1.0
sigma_m = 0.02
[[histograms]]
name = "llr"
axes = [ { observable = "llr_alp", bins = 10, lower = -50, upper = 50 } ]
)";
        if (detector)
            body += "[detector]\nenabled = true\n";
        RunSpec const spec = parse_run_card(body, "llr.toml");
        DeviceSetupBuild const build = build_device_setup(spec);
        RunParams const& params = build.setup.params;
        ASSERT_TRUE(params.alp_llr.enabled);
        EXPECT_FALSE(params.alp_llr.in_cuts);
        EXPECT_EQ(params.alp_llr.project, detector);
        using Process = AmplitudeProcess<DoubleRadiativeBhabhaAmplitude, 2, 2>;
        EventGenerator<Process, Rambo> const gen{&params, Process{{build.setup.process.bhabha}},
                                                 Rambo(build.setup.rambo)};
        AlpLikelihoodRatio const llr{&params.alp_llr, params.beams};
        int accepted = 0;
        double worst = 0;
        for (std::uint64_t e = 0; e < 4000; ++e)
        {
            EventResult r;
            gen(e, r);
            if (r.status != EventStatus::accepted)
                continue;
            ++accepted;
            double const lambda = r.observables[0];
            ASSERT_TRUE(std::isfinite(lambda)) << "event " << e;
            if (detector)
                continue;
            // the event again, to recover its momenta in slot order
            typename EventGenerator<Process, Rambo>::Sampled s;
            EventResult again;
            ASSERT_TRUE(gen.sample(e, again, s));
            FourVector const f[4] = {s.ev.p[slot_ep], s.ev.p[slot_em], s.ev.p[slot_a1], s.ev.p[slot_a2]};
            double const expected = llr.terms(f).log_signal - std::log(r.me.total);
            worst = std::fmax(worst, std::fabs(lambda - expected));
        }
        EXPECT_GT(accepted, 1000);
        if (!detector)
        {
            std::cout << "largest |lambda - (ln p_sig - ln |M|^2 of the run)|: " << worst << std::endl;
            EXPECT_LT(worst, 1e-9);
        }
    }
}

// The CPU pages' SIMD stage gives every event's lambda the scalar bits (--no-simd), for a process
// with a SIMD |M|^2 (ee_eeaa) and one without (alp_fusion: its own |M|^2 one event at a time within
// the page); and a cut on llr_alp (evaluated before the selection) keeps exactly the events above
// it: the bins above the cut hold the uncut run's exact sums.
TEST(AlpLikelihoodRatio, SimdStageAndCutsGiveTheScalarBits)
{
    for (std::string const process : {"ee_eeaa", "alp_fusion"})
    {
        std::string const body = R"(
[run]
events = 60000
seed = 17
[process]
name = ")" + process + R"("
[[cuts.particle]]
particles = "photons"
energy_min = 0.25
theta_min = 22.0
theta_max = 158.0
[[cuts.observable]]
observable = "m_aa"
min = 0.9
max = 1.1
[detector]
enabled = true
[llr_alp]
mass = 1.0
sigma_m = 0.012
[[histograms]]
name = "llr"
axes = [ { observable = "llr_alp", bins = 40, lower = -40, upper = 0 } ]
)";
        RunSpec spec = parse_run_card(body, "llr.toml");
        spec.threads = 2;
        RunOutcome const simd = simulate(spec);
        spec.simd = false;
        RunOutcome const scalar = simulate(spec);
        ASSERT_EQ(simd.histograms.size(), 1u);
        std::size_t const bins = simd.histograms[0].values.size();  // 40 + the two flow bins
        ASSERT_EQ(bins, 42u);
        auto limbs = [](RunOutcome const& o, std::size_t b) {
            std::vector<std::uint64_t> v;
            for (auto const* sums : {&o.exact.sums.sum_w, &o.exact.sums.sum_w2})
                v.insert(v.end(), (*sums)[b].limb, (*sums)[b].limb + ExactSum::num_limbs);
            return v;
        };
        for (std::size_t b = 0; b < bins; ++b)
            EXPECT_EQ(limbs(simd, b), limbs(scalar, b)) << process << ", bin " << b;

        double const cut_at = process == "ee_eeaa" ? -20 : -5;
        RunSpec cut = parse_run_card(
            body + "[[cuts.observable]]\nobservable = \"llr_alp\"\nmin = " + std::to_string(cut_at) + "\n", "llr.toml");
        cut.threads = 2;
        RunOutcome const above = simulate(cut);
        std::size_t const first_kept = 1 + static_cast<std::size_t>(40 + cut_at);  // after the underflow bin
        std::vector<std::uint64_t> const zero(2 * ExactSum::num_limbs, 0);
        double kept_pb = 0;
        for (std::size_t b = 0; b < bins; ++b)
        {
            EXPECT_EQ(limbs(above, b), b >= first_kept ? limbs(simd, b) : zero) << process << ", bin " << b;
            kept_pb += b >= first_kept ? simd.histograms[0].values[b] : 0.0;
        }
        std::cout << process << ": above the cut " << kept_pb << " of " << simd.summary.cross_section_pb << " pb"
                  << std::endl;
        EXPECT_GT(kept_pb, 0.0);
        EXPECT_LT(kept_pb, 0.9 * simd.summary.cross_section_pb);
        EXPECT_NEAR(above.summary.cross_section_pb, kept_pb, 1e-12 * kept_pb);
    }
}

TEST(AlpLikelihoodRatio, CardKeysAndErrors)
{
    auto error_of = [](std::string const& body) -> std::string {
        try
        {
            build_device_setup(parse_run_card(body, "llr.toml"));
        }
        catch (InputError const& e)
        {
            return e.what();
        }
        return "";
    };
    std::string const histogram = "[[histograms]]\nname = \"llr\"\n"
                                  "axes = [ { observable = \"llr_alp\", bins = 4, lower = -9, upper = 9 } ]\n";
    EXPECT_NE(error_of("[process]\nname = \"ee_eeaa\"\n" + histogram).find("a table [llr_alp]"), std::string::npos);
    EXPECT_NE(error_of("[process]\nname = \"ee_ee\"\n[llr_alp]\nmass = 1\nsigma_m = 0.1\n" + histogram)
                  .find("needs a final state e+ e- gamma gamma"),
              std::string::npos);
    EXPECT_NE(error_of("[process]\nname = \"ee_eeaa\"\n[llr_alp]\nmass = 1\nsigma_m = 0\n" + histogram)
                  .find("key 'llr_alp.sigma_m'"),
              std::string::npos);
    EXPECT_NE(error_of("[process]\nname = \"ee_eeaa\"\n[llr_alp]\nmass = 1\nsigma_m = 0.1\nwidth = 2\n" + histogram)
                  .find("llr_alp.width"),
              std::string::npos);
    // a cut on it: evaluated before the selection
    DeviceSetupBuild const cut = build_device_setup(parse_run_card(
        "[process]\nname = \"alp_fusion\"\n[llr_alp]\nmass = 1\nsigma_m = 0.1\n"
        "[[cuts.observable]]\nobservable = \"llr_alp\"\nmin = 0\n",
        "llr.toml"));
    EXPECT_TRUE(cut.setup.params.alp_llr.in_cuts);
    EXPECT_TRUE(cut.setup.params.alp_llr.enabled);
    // the effective card reads back
    RunSpec const s = parse_run_card("[llr_alp]\nmass = 2\nsigma_m = 0.03\ncoupling = 2e-4\n", "llr.toml");
    std::ostringstream os;
    os << effective_card(s);
    RunSpec const again = parse_run_card(os.str(), "effective.toml");
    EXPECT_TRUE(again.llr_alp_given);
    EXPECT_EQ(again.llr_alp_mass, 2.0);
    EXPECT_EQ(again.llr_alp_sigma_m, 0.03);
    EXPECT_EQ(again.llr_alp_coupling, 2e-4);
}
}  // namespace fathom::test
