// The validated, immutable description of a run: what the run card and command line say.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "fathom/base/Constants.hh"
#include "io/HistogramData.hh"

namespace fathom
{
struct ParticleCutSpec
{
    std::string particles;  //!< "ep", "em", "a1".."a3", "leptons", "photons", "all"
    std::string frame{"cm"};
    double energy_min{0};
    double energy_max{std::numeric_limits<double>::infinity()};
    double theta_min_deg{0};
    double theta_max_deg{180};
};

struct SeparationCutSpec
{
    std::string first;
    std::string second;
    std::string frame{"cm"};
    double min_opening_angle_deg{0};
    double min_delta_theta_rad{0};
    double min_delta_phi_rad{0};
    double min_delta_r{0};
    std::string require{"any"};  //!< "any" or "all" of the criteria that are set
};

//! One region of an acceptance cut (degrees, GeV, in its frame).
struct AcceptanceRegionSpec
{
    std::string frame{"cm"};
    double theta_min_deg{0};
    double theta_max_deg{180};
    double energy_min{0};
    double energy_max{std::numeric_limits<double>::infinity()};
    double energy_resolution{0};  //!< lab regions: relative tagger energy resolution (detector on)
};

//! Every particle of the set in at least one region: a union, unlike [[cuts.particle]].
struct AcceptanceCutSpec
{
    std::string particles;
    std::vector<AcceptanceRegionSpec> regions;
};

struct ObservableCutSpec
{
    std::string observable;
    double min{-std::numeric_limits<double>::infinity()};
    double max{std::numeric_limits<double>::infinity()};
};

//! Event index ranges (64 bit, Philox subsequences): production uses [0, 2^63); adaptation
//! iteration k uses [2^63 + k 2^40, 2^63 + (k + 1) 2^40) (adaptation_first_event), so none overlap.
inline constexpr std::uint64_t max_production_events = std::uint64_t{1} << 63;
inline constexpr std::uint64_t max_adaptation_events = std::uint64_t{1} << 40;
inline constexpr std::uint64_t max_adaptation_iterations = std::uint64_t{1} << 23;
//! Largest beam energy (and Z, ALP mass) a card may give, GeV: far above any e+e- collider, low
//! enough that s, the flux and |M|^2 stay finite in double precision.
inline constexpr double max_beam_energy = 1e4;

struct RunSpec
{
    std::string card_path;

    // [run]
    std::uint64_t events{1'000'000};
    std::uint64_t seed{1};
    std::uint64_t batch_size{0};  //!< events per kernel launch; 0: DeviceRun::preferred_batch_size()
    unsigned threads{0};
    bool simd{true};  //!< omp backend: matrix elements of packs of events per SIMD instruction
    //! run.histogram_memory, cuda backend: where blocks fill the histograms, "auto", "shared"
    //! or "global" (DeviceRunSetup::histogram_memory; the bits do not depend on it); omp ignores it
    std::string histogram_memory{"auto"};
    //! CLI --max-device-memory (bytes; not a run-card key: it describes the machine, not the
    //! run): refuse runs that need more. 0: the backend's free memory is the limit.
    std::uint64_t max_device_memory{0};
    //! CLI --allow-empty (not a run-card key): write a run without a usable result (no accepted
    //! event, non-finite weights) instead of failing with exit status 3 (RunCheck.hh).
    bool allow_empty{false};
    //! CLI --stream J --streams M (job arrays; not run-card keys): this run generates only the
    //! events [J N / M, (J + 1) N / M) of the N = `events` of the card (EventRange.hh), so that
    //! `fathom merge` of all M streams equals the run of N events bit for bit.
    std::uint64_t stream{0};
    std::uint64_t streams{1};

    // [beams]
    double electron_energy{constants::belle2_electron_energy};
    double positron_energy{constants::belle2_positron_energy};
    double crossing_angle_mrad{0};      //!< full angle; each beam tilted by half (BeamParams.hh)
    double electron_energy_spread{0};   //!< relative, per event (needs [detector] enabled)
    double positron_energy_spread{0};

    // [process]
    std::string process{"ee_ee"};
    double alpha{constants::alpha_default};
    double electron_mass{constants::electron_mass};
    bool z_exchange{false};
    double z_mass{constants::z_mass};
    double z_width{constants::z_width};
    double sin2_theta_w{constants::sin2_theta_w};
    double alp_mass{1.0};     //!< GeV (ALP processes)
    double g_agg{1e-4};       //!< GeV^-1 (ALP processes)
    double alp_width{0};      //!< GeV; 0: g^2 m^3 / (64 pi)
    std::string alp_lineshape{"narrow_width"};  //!< or "breit_wigner"
    double alp_window_widths{100};
    //! meson_fusion: "pi0", "eta" or "eta_prime"; alp_mass, g_agg and alp_width are then derived
    //! from its PDG mass, two-photon width and total width (MesonInfo, ProcessCatalog.hh).
    std::string meson;  //!< Breit-Wigner: |m_gg - m_a| generated up to this many widths

    // [phase_space]
    std::string sampler{"rambo"};
    double pair_mass_min{0};   //!< two_photon_fusion, continuum: m_gg window (GeV)
    double pair_mass_max{0};
    std::string pair_mass_mapping{"flat_m2"};  //!< or "log_m2"
    double alpha_positron_first{0.5};          //!< a-priori weight of the e+-first channel
    // adaptive sampler: adaptation phase (its events never reach the output), then production
    unsigned grid_bins{64};                  //!< VEGAS bins per dimension (0: no grids)
    unsigned adapt_iterations{10};           //!< adaptation iterations before production
    std::uint64_t adapt_events{100'000};     //!< events per adaptation iteration
    double grid_damping{0.5};                //!< VEGAS compression exponent (0: frozen grids)
    double channel_weight_damping{0.5};      //!< exponent beta of the alpha update (0: fixed)
    std::string grid_file;                   //!< CLI --grid: frozen grid to load (skips adaptation)
    //! Analysis-aware adaptation (fathom/pipeline/ImportanceMap.hh): the grids and channel
    //! weights adapt to f h instead of f, with h = importance_map[bin] over the bins (flow bins
    //! included, C order) of histogram importance_histogram. Set by `fathom scan` for its
    //! background (scan/AnalysisImportanceMap.hh); empty: adapt to f. Weights stay f / g: unbiased.
    std::string importance_histogram;
    std::vector<double> importance_map;

    // [cuts]
    std::vector<ParticleCutSpec> particle_cuts;
    std::vector<SeparationCutSpec> separation_cuts;
    std::vector<ObservableCutSpec> observable_cuts;
    std::vector<AcceptanceCutSpec> acceptance_cuts;

    // [[histograms]]
    std::vector<HistogramSpec> histograms;

    // [detector]: resolutions (DetectorResponseParams.hh has the defaults and their sources)
    bool detector_enabled{false};
    double photon_energy_noise{0.00066};
    double photon_energy_stochastic{0};
    double photon_energy_quartic{0.0081};
    double photon_energy_constant{0.0134};
    double photon_theta_sigma{0.005};
    double photon_phi_sigma{0.005};
    double lepton_pt_slope{0.0011};
    double lepton_pt_constant{0.0025};
    //! The cut-derived generation windows are widened by this many resolutions (response on).
    double window_sigmas{6};

    // [llr_alp]: the hypothesis of the observable llr_alp (fathom/observables/AlpLikelihoodRatio.hh);
    // a scan sets it per mass (m_a, its fitted sigma_m, scan.g_agg_ref)
    bool llr_alp_given{false};
    double llr_alp_mass{0};       //!< m_a, GeV
    double llr_alp_sigma_m{0};    //!< GeV: Gaussian m_gg resolution of the signal hypothesis
    double llr_alp_coupling{1e-4};  //!< g_agg, GeV^-1 (shifts lambda by a constant)

    // [output]
    std::string output_directory{"fathom-output"};
};

//! sqrt(s) of the card's head-on beams, 2 sqrt(E_e- E_e+) (beam masses and crossing angle
//! neglected: BeamParams has the exact value), for messages, limits and scan binning.
inline double nominal_sqrt_s(RunSpec const& s)
{
    return 2 * std::sqrt(s.electron_energy * s.positron_energy);
}
}  // namespace fathom
