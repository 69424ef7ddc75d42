#include "DeviceSetupBuilder.hh"

#include <algorithm>
#include <cmath>

#include "InputError.hh"
#include "ProcessCatalog.hh"
#include "fathom/base/Constants.hh"
#include "fathom/detector/DetectorResponse.hh"
#include "fathom/pipeline/WeightSpectrum.hh"

namespace fathom
{
namespace
{
constexpr double deg = constants::pi / 180;

//! Most bins of all histograms together: far beyond any device (2^48 x 64 bytes = 16 PiB per
//! replica), low enough that bin indices and byte counts never overflow.
constexpr std::uint64_t max_histogram_set_bins = std::uint64_t{1} << 48;

Frame parse_frame(std::string const& f) { return f == "lab" ? Frame::lab : Frame::cm; }

std::string at(std::string const& base, std::size_t i, std::string const& key)
{
    return base + "[" + std::to_string(i) + "]." + key;
}

//! The CM polar angle of a particle of CM speed \p v (> |beta|) seen at lab angle \p th_lab:
//! tan theta_lab = v sin theta* / (gamma (v cos theta* + beta)), increasing in theta*.
double cm_angle(double th_lab, double v, double beta)
{
    if (v >= 1)  // massless: cos theta* = (cos theta_lab - beta) / (1 - beta cos theta_lab)
    {
        double const c = std::cos(th_lab);
        return std::acos(std::clamp((c - beta) / (1 - beta * c), -1.0, 1.0));
    }
    double const gamma = 1 / std::sqrt(1 - beta * beta);
    double lo = 0, hi = constants::pi;
    for (int i = 0; i < 100; ++i)
    {
        double const mid = (lo + hi) / 2;
        (std::atan2(v * std::sin(mid), gamma * (v * std::cos(mid) + beta)) < th_lab ? lo : hi) = mid;
    }
    return (lo + hi) / 2;
}

/*!
 * The CM polar-angle range [lo, hi] that contains every CM direction a lepton (mass \p m) in
 * lab region \p r can have. A massless particle's directions map one to one, independent of
 * its energy. A massive one of CM speed v < 1 is thrown further along the boost: for beta > 0
 * its CM angle for a given lab angle grows as v falls, so the massless image bounds the lower
 * edge for every energy, and the upper edge is the image at the slowest speed the region allows.
 * A lower bound \p energy_min on its generated lab energy gives E* >= E_min sqrt((1 - |beta|) /
 * (1 + |beta|)); without one (or when
 * that speed is below the boost: p* < m beta gamma, ~0.15 MeV at Belle II) a slow lepton
 * reaches the region from any CM angle: no bound on that side. Mirrored for beta < 0.
 */
void lab_region_cm_hull(AcceptanceRegion const& r, double energy_min, double beta, double m, double& lo, double& hi)
{
    double const e_cm = energy_min * std::sqrt((1 - std::fabs(beta)) / (1 + std::fabs(beta)));
    double const v_min = m > 0 ? (e_cm > m ? std::sqrt(1 - (m / e_cm) * (m / e_cm)) : 0.0) : 1.0;
    bool const bounded = v_min > std::fabs(beta);
    if (beta == 0)  // the lab is the CM frame
    {
        lo = r.theta_min;
        hi = r.theta_max;
    }
    else if (beta > 0)
    {
        lo = cm_angle(r.theta_min, 1, beta);
        hi = r.theta_max >= constants::pi ? constants::pi
             : bounded                    ? cm_angle(r.theta_max, v_min, beta)
                                          : constants::pi;
    }
    else
    {
        lo = r.theta_min <= 0 ? 0.0 : bounded ? cm_angle(r.theta_min, v_min, beta) : 0.0;
        hi = cm_angle(r.theta_max, 1, beta);
    }
}

//! The polar-angle window [lo, hi] (radians, about +z) that every CM-frame particle cut on
//! \p slot allows: cuts known at generation time restrict the sampled range. An acceptance cut
//! allows the hull of its regions (a union: every gap between them is still generated).
void cm_theta_window(SelectionParams const& sel, BeamParams const& beams, DetectorResponseParams const& det,
                     double window_sigmas, size_type slot, double& lo, double& hi)
{
    lo = 0;
    hi = constants::pi;
    for (size_type i = 0; i < sel.num_particle_cuts; ++i)
    {
        ParticleCut const& c = sel.particle_cuts[i];
        if (c.frame != Frame::cm || !(c.particles & slot_bit(slot)))
            continue;
        lo = std::max(lo, c.theta_min);
        hi = std::min(hi, c.theta_max);
    }
    for (size_type i = 0; i < sel.num_acceptance_cuts; ++i)
    {
        AcceptanceCut const& c = sel.acceptance_cuts[i];
        if (!(c.particles & slot_bit(slot)))
            continue;
        double clo = constants::pi, chi = 0;
        for (size_type j = 0; j < c.num_regions; ++j)
        {
            AcceptanceRegion const& r = c.regions[j];
            double rlo = r.theta_min, rhi = r.theta_max;
            if (r.frame == Frame::lab)
            {
                // with the response on, a lepton generated below the threshold can be
                // reconstructed above it: k resolutions lower (the tracker's grows with p_T,
                // so its value at the threshold bounds every lepton below it)
                double e_min = r.energy_min;
                if (det.enabled)
                {
                    double const res = std::max<double>(r.energy_resolution,
                                                        lepton_momentum_resolution(det, r.energy_min));
                    e_min /= 1 + window_sigmas * res;
                }
                lab_region_cm_hull(r, e_min, beams.beta_z, beams.electron_mass, rlo, rhi);
            }
            clo = std::min(clo, rlo);
            chi = std::max(chi, rhi);
        }
        lo = std::max(lo, clo);
        hi = std::min(hi, chi);
    }
}

/*!
 * The largest energy (or mass, momentum, p_T: all at most the energy) any final-state particle
 * or pair can have in \p frame: CM sqrt(s) / 2 + m^2 / (2 sqrt(s)) for one particle, sqrt(s) for
 * a pair; lab: the beams' total energy. With the detector response on, the reconstructed value
 * may lie above: the bound is widened by k (at least 10) resolutions and the beam energy spreads.
 * A cut that needs more is passed by nothing: refused before any event is generated.
 */
struct KinematicLimit
{
    RunSpec const& spec;
    BeamParams const& beams;
    DetectorResponseParams const& det;

    double operator()(Frame frame, bool pair) const
    {
        double const sqrt_s = beams.sqrt_s;
        double const m = spec.electron_mass;
        double e = frame == Frame::lab ? spec.electron_energy + spec.positron_energy
                   : pair              ? sqrt_s
                                       : sqrt_s / 2 + m * m / (2 * sqrt_s);
        if (det.enabled)
        {
            double const k = std::max(spec.window_sigmas, 10.0);
            double r = std::max<double>(photon_energy_resolution(det, e), lepton_momentum_resolution(det, e));
            for (auto const& c : spec.acceptance_cuts)
            {
                for (auto const& g : c.regions)
                    r = std::max(r, g.energy_resolution);
            }
            r += std::max(spec.electron_energy_spread, spec.positron_energy_spread);
            e *= 1 + k * r;
        }
        return e;
    }

    [[noreturn]] void refuse(std::string const& key, double value, double limit, char const* what) const
    {
        throw InputError(spec.card_path + ": key '" + key + "': no event can pass: " + show_number(value)
                         + " GeV is above the largest " + what + " the beams allow, " + show_derived(limit)
                         + " GeV (sqrt(s) = " + show_derived(beams.sqrt_s) + " GeV"
                         + (det.enabled ? ", widened by the detector resolutions" : "") + ")");
    }
};

/*!
 * With the detector response on, a reconstructed value can pass a cut that its generated value
 * fails, so the windows that cuts imply are widened (window_sigmas = k resolutions):
 * - lepton polar angles: leptons are smeared in |p| only, along their lab direction; a massless
 *   particle's CM direction depends on its lab direction alone, so the CM angle moves only by the
 *   mass: |d theta_cm| <~ gamma beta (m/p)^2 |dp/p| (~1e-3 rad at p = 1 MeV, 6 sigma). The
 *   windows are widened by k mrad (6 mrad by default): enough for every lepton above ~1 MeV.
 * - the diphoton mass: m^2 = 2 E1 E2 (1 - cos alpha), so
 *   sigma_m / m = sigma_E/E / sqrt(2) (+) cot(alpha/2) sigma_alpha / 2, sigma_alpha = sqrt(2) sigma_theta
 *   (the larger of the photon angle sigmas). The edges move by k sigma_m, with sigma_E/E taken at
 *   E = m/2 and the most collinear pair a mass m can have, sin(alpha/2) = m / (2 E_max), E_max the
 *   larger beam energy (the angle term is largest for the hardest, most collinear photons).
 */
double lepton_window_margin(RunSpec const& spec)
{
    return spec.detector_enabled ? 1e-3 * spec.window_sigmas : 0.0;
}

double pair_mass_margin(RunSpec const& spec, DetectorResponseParams const& det, double m)
{
    if (!spec.detector_enabled || !(m > 0))
        return 0;
    double const e_max = std::max(spec.electron_energy, spec.positron_energy);
    double const half_sin = std::min(1.0, m / (2 * e_max));
    double const cot_half = std::sqrt(std::max(0.0, 1 - half_sin * half_sin)) / half_sin;
    double const sigma_alpha = std::sqrt(2.0) * std::max(det.photon_theta_sigma, det.photon_phi_sigma);
    double const r_e = photon_energy_resolution(det, std::max(m / 2, 1e-3)) / std::sqrt(2.0);
    double const r_a = cot_half * sigma_alpha / 2;
    // the beam energy spread scales every momentum by sqrt(s'/s): relative sigma of m is
    // (sigma_1 (+) sigma_2) / 2
    double const r_s = std::hypot(spec.electron_energy_spread, spec.positron_energy_spread) / 2;
    return spec.window_sigmas * m * std::sqrt(r_e * r_e + r_a * r_a + r_s * r_s);
}

//! The hypothesis of llr_alp and where the run needs it: a histogram, a cut, the importance map's
//! histogram (after the cuts, the histograms and the importance map are built).
void set_alp_likelihood_ratio(RunSpec const& spec, DeviceRunSetup& d)
{
    RunParams& p = d.params;
    AlpLikelihoodRatioParams& llr = p.alp_llr;
    auto is_llr = [](ObservableDef const& def) { return def.quantity == Quantity::llr_alp; };
    for (size_type c = 0; c < p.selection.num_observable_cuts; ++c)
        llr.in_cuts = llr.in_cuts || is_llr(p.selection.observable_cuts[c].observable);
    for (size_type o = 0; o < p.observables.count; ++o)
        llr.enabled = llr.enabled || is_llr(p.observables.defs[o]);
    if (!d.adaptive.importance.empty())
    {
        HistogramParams const& h = d.histograms[d.adaptive.importance_histogram];
        for (size_type a = 0; a < h.ndim; ++a)
            llr.in_importance_map = llr.in_importance_map || is_llr(p.observables.defs[h.observable_slot[a]]);
    }
    llr.enabled = llr.enabled || llr.in_cuts;
    if (!llr.enabled)
        return;
    if (!spec.llr_alp_given)
        throw InputError(spec.card_path + ": observable 'llr_alp' needs its hypothesis: a table [llr_alp] with "
                         "mass and sigma_m (GeV; docs/run-card.md)");
    llr.project = p.detector.enabled;
    llr.signal.mass = spec.llr_alp_mass;
    llr.signal.coupling = spec.llr_alp_coupling;
    llr.signal.alpha = spec.alpha;
    llr.signal.electron_mass = spec.electron_mass;
    llr.sigma_m = spec.llr_alp_sigma_m;
    llr.background = d.process.bhabha;
}

//! The analysis-aware adaptation's map onto its histogram (after the histograms are built).
void set_importance_map(RunSpec const& spec, DeviceRunSetup& d)
{
    if (spec.importance_histogram.empty() && spec.importance_map.empty())
        return;
    if (d.sampler != SamplerKind::adaptive)
        throw InputError(spec.card_path + ": an importance map needs phase_space.sampler = \"adaptive\"");
    std::size_t h = 0;
    while (h < spec.histograms.size() && spec.histograms[h].name != spec.importance_histogram)
        ++h;
    if (h == spec.histograms.size())
        throw InputError(spec.card_path + ": the importance map's histogram '" + spec.importance_histogram
                         + "' is not one of the run's histograms");
    if (spec.importance_map.size() != d.histograms[h].size)
        throw InputError(spec.card_path + ": the importance map has " + std::to_string(spec.importance_map.size())
                         + " factors, histogram '" + spec.importance_histogram + "' has "
                         + std::to_string(d.histograms[h].size) + " bins (flow bins included)");
    for (std::size_t b = 0; b < spec.importance_map.size(); ++b)
    {
        double const f = spec.importance_map[b];
        if (!(f > 0) || !std::isfinite(f))
            throw InputError(spec.card_path + ": the importance map's factor of bin " + std::to_string(b)
                             + " is " + show_number(f) + ", expected finite and > 0 (0 would starve the bin)");
    }
    d.adaptive.importance.assign(spec.importance_map.begin(), spec.importance_map.end());
    d.adaptive.importance_histogram = static_cast<size_type>(h);
}

//! Channel parameters of the adaptive sampler, with the generation windows the cuts imply.
void build_adaptive_setup(RunSpec const& spec, ProcessInfo const& process, DeviceRunSetup& d)
{
    d.sampler = SamplerKind::adaptive;
    AdaptiveSetup& a = d.adaptive;
    a.bins = spec.grid_bins;
    AdaptiveChannelParams& c = a.channels;
    RunParams const& p = d.params;
    double const sqrt_s = p.beams.sqrt_s;
    double const m = spec.electron_mass;

    // lepton windows: e- about +z; e+ about its own beam (-z), i.e. pi - theta
    double elo = 0, ehi = constants::pi, plo = 0, phi = constants::pi;
    if (process.num_leptons == 2)
    {
        cm_theta_window(p.selection, p.beams, p.detector, spec.window_sigmas, slot_em, elo, ehi);
        cm_theta_window(p.selection, p.beams, p.detector, spec.window_sigmas, slot_ep, plo, phi);
        double const w = lepton_window_margin(spec);
        if (w > 0)
        {
            elo = elo > 0 ? std::max(0.0, elo - w) : elo;
            plo = plo > 0 ? std::max(0.0, plo - w) : plo;
            ehi = ehi < constants::pi ? std::min(constants::pi, ehi + w) : ehi;
            phi = phi < constants::pi ? std::min(constants::pi, phi + w) : phi;
        }
    }
    if (!(elo < ehi) || !(plo < phi))
        throw InputError(spec.card_path + ": the lepton polar-angle cuts leave no phase space");
    c.electron_theta_min = elo;
    c.electron_theta_max = ehi;
    c.positron_theta_min = constants::pi - phi;
    c.positron_theta_max = constants::pi - plo;

    // two-body: cos theta of the e-, also inside the e+ window (back to back)
    c.two_body.sqrt_s = sqrt_s;
    c.two_body.mass = m;
    c.two_body.cos_min = std::cos(std::min(ehi, constants::pi - plo));
    c.two_body.cos_max = std::cos(std::max(elo, constants::pi - phi));
    c.two_body.forward_peak = c.two_body.cos_max < 1;  // Bhabha: 1/t^2

    // the diphoton mass window: [[phase_space]] pair_mass_min/max, else an m_aa cut, else all
    // (the channels need M + 2m < sqrt(s) strictly; the phase space vanishes at the end point)
    double mlo = 0, mhi = (sqrt_s - 2 * m) * (1 - 1e-12);
    if (spec.pair_mass_max > 0)
    {
        mlo = spec.pair_mass_min;
        mhi = std::min(mhi, spec.pair_mass_max);
    }
    for (auto const& oc : spec.observable_cuts)
    {
        if (oc.observable != "m_aa")
            continue;
        double const lo = oc.min - pair_mass_margin(spec, p.detector, oc.min);
        double const hi = oc.max + pair_mass_margin(spec, p.detector, oc.max);
        mlo = std::max(mlo, lo);
        mhi = std::min(mhi, hi);
    }
    if (process.id == ProcessId::ee_eeaa && !(mlo < mhi))
        throw InputError(spec.card_path + ": the diphoton mass window [" + std::to_string(mlo) + ", "
                         + std::to_string(mhi) + "] GeV leaves no phase space");

    TwoPhotonFusionParams& f = c.fusion;
    f.sqrt_s = sqrt_s;
    f.lepton_mass = m;
    f.fixed_mass = process.narrow_resonance;
    f.pair_mass = spec.alp_mass;
    f.pair_mass_min = mlo;
    f.pair_mass_max = mhi;
    f.mass_mapping = PairMassMapping::flat_m2;
    f.decay = true;

    PairAnnihilationParams& an = c.annihilation;
    an.sqrt_s = sqrt_s;
    an.lepton_mass = m;
    an.pair_mass_min = mlo;
    an.pair_mass_max = mhi;
    // narrow-width ALP: on shell at m_a, the fusion channels' convention (fixed_mass)
    an.fixed_mass = process.narrow_resonance;
    an.pair_mass = spec.alp_mass;

    c.radiation.sqrt_s = sqrt_s;
    c.radiation.lepton_mass = m;

    c.pair_radiation.sqrt_s = sqrt_s;
    c.pair_radiation.lepton_mass = m;
    c.pair_radiation.pair_mass_min = mlo;
    c.pair_radiation.pair_mass_max = mhi;

    c.rambo = d.rambo;
    c.resonance = d.resonance;

    bool ok = true;
    switch (process.id)
    {
        case ProcessId::ee_ee: ok = TwoBodyChannel{c.two_body}.valid(); break;
        case ProcessId::ee_eeaa:
            ok = detail::fusion_channel(c, FirstLepton::positron).valid()
                 && detail::fusion_channel(c, FirstLepton::electron).valid() && PairAnnihilationChannel{an}.valid()
                 && LeptonRadiationChannel{c.radiation}.valid() && PairRadiationChannel{c.pair_radiation}.valid();
            break;
        case ProcessId::alp_fusion:
            ok = detail::fusion_channel(c, FirstLepton::positron).valid()
                 && detail::fusion_channel(c, FirstLepton::electron).valid() && PairAnnihilationChannel{an}.valid();
            break;
        default: ok = Rambo{c.rambo}.valid(); break;
    }
    if (!ok)
        throw InputError(spec.card_path + ": key 'phase_space.sampler': the adaptive sampler's channels have no "
                         "phase space for these masses and cuts");
}
}  // namespace

DeviceSetupBuild build_device_setup(RunSpec const& spec)
{
    DeviceSetupBuild out;
    DeviceRunSetup& d = out.setup;
    ProcessInfo const& process = find_process(spec.process, spec.card_path + ": key 'process.name'");
    SlotMask present = process.slots();

    // beams, process, sampler
    RunParams& p = d.params;
    p.seed = spec.seed;
    p.beams = make_beam_params(spec.electron_energy, spec.positron_energy, spec.electron_mass,
                               1e-3 * spec.crossing_angle_mrad);
    p.weight_factor = constants::gev2_to_pb / p.beams.flux();
    DetectorResponseParams& det = p.detector;
    det.enabled = spec.detector_enabled;
    det.photon_energy_noise = spec.photon_energy_noise;
    det.photon_energy_stochastic = spec.photon_energy_stochastic;
    det.photon_energy_quartic = spec.photon_energy_quartic;
    det.photon_energy_constant = spec.photon_energy_constant;
    det.photon_theta_sigma = spec.photon_theta_sigma;
    det.photon_phi_sigma = spec.photon_phi_sigma;
    det.lepton_pt_slope = spec.lepton_pt_slope;
    det.lepton_pt_constant = spec.lepton_pt_constant;
    det.electron_energy_spread = spec.electron_energy_spread;
    det.positron_energy_spread = spec.positron_energy_spread;
    det.crossing_angle = 1e-3 * spec.crossing_angle_mrad;

    d.process.id = process.id;
    d.process.bhabha = BhabhaParams{spec.alpha, spec.electron_mass, spec.z_exchange,
                                    spec.z_mass, spec.z_width, spec.sin2_theta_w};
    d.process.annihilation = QedAnnihilationParams{spec.alpha, spec.electron_mass};
    AlpParams& alp = d.process.alp;
    alp.mass = spec.alp_mass;
    alp.coupling = spec.g_agg;
    alp.total_width = spec.alp_width;
    alp.lineshape = spec.alp_lineshape == "breit_wigner" ? AlpLineshape::breit_wigner : AlpLineshape::narrow_width;
    alp.alpha = spec.alpha;
    alp.electron_mass = spec.electron_mass;

    // RAMBO generates the final state in the process's order: leptons (e+, e-), then photons;
    // with a narrow resonance, the resonance replaces its two decay photons (decayed after).
    size_type n = process.narrow_resonance ? process.num_final() - 1 : process.num_final();
    d.rambo.sqrt_s = p.beams.sqrt_s;
    d.rambo.n = n;
    for (size_type i = 0; i < n; ++i)
        d.rambo.masses[i] = i < process.num_leptons ? spec.electron_mass : 0.0;
    if (process.narrow_resonance)
        d.rambo.masses[n - 1] = spec.alp_mass;
    double mass_sum = 0;
    for (size_type i = 0; i < n; ++i)
        mass_sum += d.rambo.masses[i];
    if (!(mass_sum < p.beams.sqrt_s))
        throw InputError(spec.card_path + ": the final-state masses (" + std::to_string(mass_sum)
                         + " GeV) exceed sqrt(s) = " + std::to_string(p.beams.sqrt_s) + " GeV");
    if (spec.sampler == "two_photon_fusion")
    {
        d.sampler = SamplerKind::two_photon_fusion;
        TwoPhotonFusionParams& f = d.fusion.channel;
        f.sqrt_s = p.beams.sqrt_s;
        f.lepton_mass = spec.electron_mass;
        f.fixed_mass = process.narrow_resonance;
        f.pair_mass = alp.mass;
        f.pair_mass_min = spec.pair_mass_min;
        f.pair_mass_max = spec.pair_mass_max;
        f.mass_mapping = spec.pair_mass_mapping == "log_m2" ? PairMassMapping::log_m2 : PairMassMapping::flat_m2;
        f.decay = true;
        d.fusion.alpha_positron_first = spec.alpha_positron_first;
        if (!TwoPhotonFusionSampler{d.fusion}.valid())
            throw InputError(spec.card_path + ": key 'phase_space.sampler': two_photon_fusion has no phase space "
                             "for these masses (check pair_mass_min/max, alp_mass, electron_mass > 0)");
    }
    if (process.narrow_resonance)
    {
        ResonanceParams& r = d.resonance;
        r.production = d.rambo;
        r.mass = alp.mass;
        r.width = alp.width();
        r.breit_wigner = alp.lineshape == AlpLineshape::breit_wigner;
        // |m_gg - m_a| up to k widths, kept below the kinematic limit
        double k = spec.alp_window_widths;
        double m_lo = std::max(0.0, alp.mass - k * r.width);
        double m_hi = std::min(alp.mass + k * r.width, p.beams.sqrt_s - (mass_sum - alp.mass));
        double mg = alp.mass * r.width;
        r.t_min = std::atan((m_lo * m_lo - alp.mass * alp.mass) / mg);
        r.t_max = std::atan((m_hi * m_hi - alp.mass * alp.mass) / mg);
    }
    d.threads = spec.threads;
    d.simd = spec.simd;
    d.histogram_memory = spec.histogram_memory == "shared"   ? HistogramMemory::shared
                         : spec.histogram_memory == "global" ? HistogramMemory::global
                                                             : HistogramMemory::automatic;

    // cuts
    SelectionParams& sel = p.selection;
    if (spec.particle_cuts.size() > max_particle_cuts || spec.separation_cuts.size() > max_separation_cuts
        || spec.observable_cuts.size() > max_observable_cuts)
        throw InputError("too many cuts: at most 8 of each kind ([[cuts.particle]], "
                         "[[cuts.separation]], [[cuts.observable]])");
    for (std::size_t i = 0; i < spec.particle_cuts.size(); ++i)
    {
        auto const& c = spec.particle_cuts[i];
        ParticleCut& pc = sel.particle_cuts[sel.num_particle_cuts++];
        pc.particles = parse_particle_set(c.particles, present, at("cuts.particle", i, "particles"));
        pc.frame = parse_frame(c.frame);
        pc.energy_min = c.energy_min;
        pc.energy_max = c.energy_max;
        pc.theta_min = c.theta_min_deg * deg;
        pc.theta_max = c.theta_max_deg * deg;
        double const lim = KinematicLimit{spec, p.beams, det}(pc.frame, false);
        if (pc.particles != 0 && c.energy_min >= lim)
            KinematicLimit{spec, p.beams, det}.refuse(at("cuts.particle", i, "energy_min"), c.energy_min, lim,
                                                      pc.frame == Frame::lab ? "lab energy" : "CM energy");
    }
    if (spec.acceptance_cuts.size() > max_acceptance_cuts)
        throw InputError("too many cuts: at most 2 [[cuts.acceptance]]");
    for (std::size_t i = 0; i < spec.acceptance_cuts.size(); ++i)
    {
        auto const& c = spec.acceptance_cuts[i];
        if (c.regions.empty() || c.regions.size() > max_acceptance_regions)
            throw InputError(at("cuts.acceptance", i, "regions") + ": expected 1 to 4 regions");
        AcceptanceCut& ac = sel.acceptance_cuts[sel.num_acceptance_cuts++];
        ac.particles = parse_particle_set(c.particles, present, at("cuts.acceptance", i, "particles"));
        for (std::size_t j = 0; j < c.regions.size(); ++j)
        {
            auto const& g = c.regions[j];
            AcceptanceRegion& r = ac.regions[ac.num_regions++];
            r.frame = parse_frame(g.frame);
            r.theta_min = g.theta_min_deg * deg;
            r.theta_max = g.theta_max_deg * deg;
            r.energy_min = g.energy_min;
            r.energy_max = g.energy_max;
            r.energy_resolution = g.energy_resolution;
            // the response measures a lepton in a tagger by its energy (DetectorResponseParams.hh)
            if (r.frame == Frame::lab && r.energy_resolution > 0 && (ac.particles & leptons_mask))
            {
                TaggerRegion& t = det.taggers[det.num_taggers++];
                t.theta_min = r.theta_min;
                t.theta_max = r.theta_max;
                t.energy_resolution = r.energy_resolution;
            }
        }
        // a union: refused only when no region can be reached
        bool reachable = false;
        for (size_type j = 0; j < ac.num_regions; ++j)
            reachable = reachable || ac.regions[j].energy_min < KinematicLimit{spec, p.beams, det}(ac.regions[j].frame, false);
        if (ac.particles != 0 && !reachable)
        {
            Frame const f = ac.regions[0].frame;
            KinematicLimit{spec, p.beams, det}.refuse(at("cuts.acceptance", i, "regions[0].energy_min"),
                                                      c.regions[0].energy_min, KinematicLimit{spec, p.beams, det}(f, false),
                                                      f == Frame::lab ? "lab energy" : "CM energy");
        }
    }
    for (std::size_t i = 0; i < spec.separation_cuts.size(); ++i)
    {
        auto const& c = spec.separation_cuts[i];
        SeparationCut& sc = sel.separation_cuts[sel.num_separation_cuts++];
        sc.first = parse_particle_set(c.first, present, at("cuts.separation", i, "first"));
        sc.second = parse_particle_set(c.second, present, at("cuts.separation", i, "second"));
        sc.frame = parse_frame(c.frame);
        sc.min_opening_angle = c.min_opening_angle_deg * deg;
        sc.min_delta_theta = c.min_delta_theta_rad;
        sc.min_delta_phi = c.min_delta_phi_rad;
        sc.min_delta_r = c.min_delta_r;
        sc.require_all = c.require == "all";
    }
    for (std::size_t i = 0; i < spec.observable_cuts.size(); ++i)
    {
        auto const& c = spec.observable_cuts[i];
        ObservableCut& oc = sel.observable_cuts[sel.num_observable_cuts++];
        oc.observable = parse_observable(c.observable, present, at("cuts.observable", i, "observable")).def;
        oc.min = c.min;
        oc.max = c.max;
        // energies, momenta, transverse momenta and pair masses: at most the kinematic limit
        Quantity const q = oc.observable.quantity;
        bool const pair = q == Quantity::pair_mass || q == Quantity::pair_pt;
        if (q == Quantity::energy || q == Quantity::momentum || q == Quantity::pt || pair)
        {
            double const lim = KinematicLimit{spec, p.beams, det}(q == Quantity::pair_mass ? Frame::cm : oc.observable.frame,
                                                                  pair);
            if (c.min >= lim)
                KinematicLimit{spec, p.beams, det}.refuse(at("cuts.observable", i, "min"), c.min, lim,
                                                          q == Quantity::pair_mass ? "pair mass" : "value");
            if (!(c.max > 0))
                throw InputError(spec.card_path + ": key '" + at("cuts.observable", i, "max")
                                 + "': no event can pass: '" + c.observable + "' is never negative, max = "
                                 + show_number(c.max));
        }
    }

    if (spec.sampler == "adaptive")
        build_adaptive_setup(spec, process, d);

    // histograms: distinct observables get one slot each; bins follow each other
    ObservableSetParams& obs = p.observables;
    std::vector<std::string> obs_names;
    std::uint64_t offset = 0;
    out.histograms = spec.histograms;
    for (std::size_t h = 0; h < spec.histograms.size(); ++h)
    {
        HistogramSpec& hs = out.histograms[h];
        HistogramParams hp;
        hp.ndim = static_cast<size_type>(hs.axes.size());
        if (hs.weight != "total")
        {
            auto it = std::find(process.parts.begin(), process.parts.end(), hs.weight);
            if (it == process.parts.end())
            {
                std::string avail = "total";
                for (auto const& part : process.parts)
                    avail += ", " + part;
                throw InputError(spec.card_path + ": key 'histograms[" + std::to_string(h)
                                 + "].weight': process " + process.name + " has no part '" + hs.weight
                                 + "' (available: " + avail + ")");
            }
            hp.weight_index = static_cast<size_type>(1 + (it - process.parts.begin()));
        }
        std::vector<std::vector<real_type>> edges(hs.axes.size());
        for (std::size_t a = 0; a < hs.axes.size(); ++a)
        {
            AxisSpec& as = hs.axes[a];
            NamedObservable no = parse_observable(
                as.observable, present,
                "histograms[" + std::to_string(h) + "].axes[" + std::to_string(a) + "].observable");
            if (as.label.empty())
                as.label = no.label;
            size_type slot = 0;
            while (slot < obs_names.size() && obs_names[slot] != as.observable)
                ++slot;
            if (slot == obs_names.size())
            {
                if (obs.count == max_observables)
                    throw InputError("histograms use more than 32 distinct observables");
                obs_names.push_back(as.observable);
                obs.defs[obs.count++] = no.def;
            }
            hp.observable_slot[a] = slot;
            AxisParams& ap = hp.axes[a];
            ap.kind = as.variable ? AxisKind::variable : AxisKind::regular;
            ap.bins = as.bins;
            ap.lower = as.lower;
            ap.upper = as.upper;
            if (as.variable)
                edges[a] = as.edges;
        }
        // C order: last axis fastest
        // Only a guard against overflowing 64-bit bin indices and byte counts: whether the bins
        // fit the device is checked before allocation (DeviceMemoryCheck.hh), with their size.
        std::uint64_t stride = 1;
        for (size_type a = hp.ndim; a-- > 0;)
        {
            hp.strides[a] = stride;
            std::uint64_t const extent = hp.axes[a].extent();
            if (stride > max_histogram_set_bins / extent || offset + stride * extent > max_histogram_set_bins)
                throw InputError("histogram '" + hs.name + "': the histograms have more than 2^48 bins in all ("
                                 + "over 2^54 bytes of device memory)");
            stride *= extent;
        }
        hp.size = stride;
        hp.offset = offset;
        offset += stride;
        d.histograms.push_back(hp);
        d.edges.push_back(std::move(edges));
    }
    p.histograms.count = static_cast<size_type>(d.histograms.size());
    set_importance_map(spec, d);
    set_alp_likelihood_ratio(spec, d);
    // the weight spectrum after the histograms (unweighting needs it)
    p.histograms.weight_spectrum = true;
    p.histograms.weight_spectrum_offset = offset;
    p.histograms.total_bins = offset + weight_spectrum_bins;
    return out;
}
}  // namespace fathom
