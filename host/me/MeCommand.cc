#include "MeCommand.hh"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <sstream>

#include "fathom/amplitude/AlpFusionAmplitude.hh"
#include "fathom/amplitude/AlpParams.hh"
#include "fathom/amplitude/AlpFusionDiphotonAmplitude.hh"
#include "fathom/amplitude/AlpPhotonAmplitude.hh"
#include "fathom/amplitude/AlpThreePhotonsAmplitude.hh"
#include "fathom/amplitude/BhabhaAmplitude.hh"
#include "fathom/amplitude/EeToThreePhotonsAmplitude.hh"
#include "fathom/amplitude/RadiativeBhabhaAmplitude.hh"
#include "fathom/base/Constants.hh"
#include "io/OutputDirectory.hh"
#include "run/InputError.hh"
#include "run/RunFailure.hh"

namespace fathom
{
namespace
{
//! One way to evaluate a process: the particles the file must hold (incoming first, then
//! outgoing, in the reference order), the columns written, and the evaluation.
struct MeEntry
{
    std::string process;
    std::vector<std::string> particles;
    std::vector<std::string> columns;
    std::vector<double> (*evaluate)(FourVector const* p, MeOptions const& o);
};

std::vector<double> eval_ee_ee(FourVector const* p, MeOptions const& o)
{
    BhabhaParams bp;
    bp.alpha = o.alpha;
    bp.electron_mass = o.electron_mass;
    bp.z_exchange = o.z_exchange;
    return {BhabhaAmplitude{bp}(p)};
}

QedParams qed_params(MeOptions const& o)
{
    QedParams q;
    q.alpha = o.alpha;
    q.electron_mass = o.electron_mass;
    q.z_exchange = o.z_exchange;
    return q;
}

std::vector<double> eval_ee_eea(FourVector const* p, MeOptions const& o)
{
    return {RadiativeBhabhaAmplitude{qed_params(o)}(p)};
}

std::vector<double> eval_ee_eeaa(FourVector const* p, MeOptions const& o)
{
    return {DoubleRadiativeBhabhaAmplitude{qed_params(o)}(p)};
}

std::vector<double> eval_ee_aaa(FourVector const* p, MeOptions const& o)
{
    return {EeToThreePhotonsAmplitude{QedAnnihilationParams{o.alpha, o.electron_mass}}(p)};
}

//! ALP parameters of the command line; files with both decay photons get the Breit-Wigner.
AlpParams alp_params(MeOptions const& o, AlpLineshape lineshape)
{
    AlpParams a;
    a.mass = o.alp_mass;
    a.coupling = o.g_agg;
    a.total_width = o.alp_width;
    a.lineshape = lineshape;
    a.alpha = o.alpha;
    a.electron_mass = o.electron_mass;
    return a;
}

std::vector<double> parts(AlpFusionMe const& m)
{
    return {m.total, m.fusion, m.annihilation, m.interference};
}

std::vector<double> eval_alp_fusion_production(FourVector const* p, MeOptions const& o)
{
    return parts(AlpFusionAmplitude{alp_params(o, AlpLineshape::narrow_width)}.components(p));
}

std::vector<double> eval_alp_fusion_full(FourVector const* p, MeOptions const& o)
{
    return parts(AlpFusionDiphotonAmplitude{alp_params(o, AlpLineshape::breit_wigner)}.components(p));
}

std::vector<double> eval_alp_photon_production(FourVector const* p, MeOptions const& o)
{
    return {AlpPhotonAmplitude{alp_params(o, AlpLineshape::narrow_width)}(p)};
}

std::vector<double> eval_alp_photon_full(FourVector const* p, MeOptions const& o)
{
    return {AlpThreePhotonsAmplitude{alp_params(o, AlpLineshape::breit_wigner)}.breit_wigner_me2(p)};
}

std::vector<MeEntry> const& entries()
{
    static std::vector<std::string> const alp_parts{"me2", "me2_fusion", "me2_annihilation", "me2_interference"};
    static std::vector<MeEntry> const e{
        {"ee_ee", {"ep_in", "em_in", "ep_out", "em_out"}, {"me2"}, eval_ee_ee},
        {"ee_eea", {"ep_in", "em_in", "ep_out", "em_out", "a1"}, {"me2"}, eval_ee_eea},
        {"ee_eeaa", {"ep_in", "em_in", "ep_out", "em_out", "a1", "a2"}, {"me2"}, eval_ee_eeaa},
        {"ee_aaa", {"ep_in", "em_in", "a1", "a2", "a3"}, {"me2"}, eval_ee_aaa},
        // the ALP on shell as a final-state particle (production), or decayed to two photons
        // (full process with the Breit-Wigner propagator)
        {"alp_fusion", {"ep_in", "em_in", "ep_out", "em_out", "ax"}, alp_parts, eval_alp_fusion_production},
        {"alp_fusion", {"ep_in", "em_in", "ep_out", "em_out", "a1", "a2"}, alp_parts, eval_alp_fusion_full},
        {"alp_photon", {"ep_in", "em_in", "a", "ax"}, {"me2"}, eval_alp_photon_production},
        {"alp_photon", {"ep_in", "em_in", "a1", "a2", "a3"}, {"me2"}, eval_alp_photon_full},
    };
    return e;
}

std::string describe(std::vector<std::string> const& v)
{
    std::string s;
    for (auto const& x : v)
        s += (s.empty() ? "" : ", ") + x;
    return s;
}

//! How far E^2 - p^2 may be from m^2: rounding of E^2 - p^2 is far below 1e-12 E^2; for leptons
//! 10% of m_e^2 tells a massive file from a massless one safely; the ALP mass must match closely.
double mass2_tolerance(double expected_m2, double e, bool lepton)
{
    return (lepton ? 0.1 : 1e-6) * expected_m2 + 1e-12 * e * e;
}
}  // namespace

MeOptions default_me_options()
{
    MeOptions o;
    o.process = "";
    o.electron_mass = constants::electron_mass;
    o.alpha = constants::alpha_default;
    return o;
}

void validate(MeOptions const& o)
{
    auto require = [](char const* option, double v, bool ok, std::string const& expected) {
        if (!ok || !std::isfinite(v))
            throw InputError(std::string("option ") + option + ": expected " + expected + ", got " + show_number(v));
    };
    require("--alpha", o.alpha, o.alpha > 0 && o.alpha < 1, "0 < alpha < 1");
    require("--electron-mass", o.electron_mass, o.electron_mass >= 0 && o.electron_mass < 1,
            "an electron mass in [0, 1) GeV (0: massless)");
    require("--alp-mass", o.alp_mass, o.alp_mass > 0 && o.alp_mass <= 1e4, "an ALP mass in (0, 1e4] GeV");
    // the run card's process.g_agg: the two-photon width below the mass (narrow resonance)
    require("--g-agg", o.g_agg, o.g_agg > 0 && alp_diphoton_width(o.alp_mass, o.g_agg) < o.alp_mass,
            "a coupling in (0, 8 sqrt(pi) / alp_mass = " + show_derived(8 * std::sqrt(constants::pi) / o.alp_mass)
                + ") GeV^-1");
    require("--alp-width", o.alp_width, o.alp_width >= 0 && o.alp_width < o.alp_mass,
            "a width in [0, alp_mass = " + show_number(o.alp_mass) + ") GeV (0: g^2 m^3 / 64 pi)");
}

std::vector<std::string> me_process_names()
{
    std::vector<std::string> names;
    for (auto const& e : entries())
    {
        if (std::find(names.begin(), names.end(), e.process) == names.end())
            names.push_back(e.process);
    }
    return names;
}

namespace
{
//! One row checked and evaluated: InputError (naming row and column) for a point that is no
//! physical state, RunFailure (naming the row) for a non-finite |M|^2.
std::vector<double> evaluate_row(PointTable const& t, MeEntry const& entry, MeOptions const& o, std::size_t r)
{
    std::size_t const n = entry.particles.size();
    auto const& p = t.momenta[r];
    std::string const where = t.origin + ": row " + std::to_string(r + 1);
    // a point that is no physical state: its |M|^2 would be NaN or meaningless
    for (std::size_t k = 0; k < n; ++k)
    {
        std::string const col = "column '" + entry.particles[k] + "_E'";
        if (!(p[k].e > 0))
        {
            std::ostringstream os;
            os.precision(6);
            os << where << ", " << col << ": energy " << p[k].e << " GeV, expected > 0";
            throw InputError(os.str());
        }
        if (!std::isfinite(mass2(p[k])))
            throw InputError(where + ", " + col + ": E^2 - p^2 is not finite (momenta this large overflow a double)");
    }
    // conservation: incoming are the first two
    FourVector balance = p[0] + p[1];
    double scale = p[0].e + p[1].e;
    for (std::size_t k = 2; k < n; ++k)
        balance -= p[k];
    double comps[4] = {balance.e, balance.px, balance.py, balance.pz};
    char const* names[4] = {"E", "px", "py", "pz"};
    for (int c = 0; c < 4; ++c)
    {
        if (std::fabs(comps[c]) > 1e-9 * scale)
        {
            std::ostringstream os;
            os.precision(3);
            os << where << ": energy-momentum not conserved (" << names[c] << " balance "
               << comps[c] << " GeV, more than 1e-9 of the incoming energy)";
            throw InputError(os.str());
        }
    }
    // masses: leptons carry the electron mass given on the command line, photons none
    for (std::size_t k = 0; k < n; ++k)
    {
        std::string const& prefix = entry.particles[k];
        bool lepton = prefix.rfind("ep_", 0) == 0 || prefix.rfind("em_", 0) == 0;
        double m_expected = lepton ? o.electron_mass : (prefix == "ax" ? o.alp_mass : 0.0);
        double m2 = mass2(p[k]);
        if (std::fabs(m2 - m_expected * m_expected) > mass2_tolerance(m_expected * m_expected, p[k].e, lepton))
        {
            std::ostringstream os;
            os.precision(6);
            os << where << ", column '" << prefix << "_E': mass " << (m2 >= 0 ? std::sqrt(m2) : -std::sqrt(-m2))
               << " GeV does not match " << m_expected << " GeV"
               << (lepton           ? " (set --electron-mass to the file's electron mass, 0 for massless)"
                   : prefix == "ax" ? " (set --alp-mass)"
                                    : "");
            throw InputError(os.str());
        }
    }
    std::vector<double> v = entry.evaluate(p.data(), o);
    for (std::size_t c = 0; c < v.size(); ++c)
    {
        if (!std::isfinite(v[c]))
        {
            std::ostringstream os;
            os << where << ": " << entry.columns[c] << " = " << v[c]
               << " is not finite at this point (--mark-failed marks such rows instead)";
            throw RunFailure(os.str());
        }
    }
    return v;
}
}  // namespace

std::vector<std::string> evaluate_points(PointTable const& t, MeOptions const& o,
                                         std::vector<std::vector<double>>& values,
                                         std::vector<MeRowFailure>* failures)
{
    validate(o);
    // the entry whose particle set is exactly the file's
    MeEntry const* entry = nullptr;
    std::vector<std::string> sets;
    for (auto const& e : entries())
    {
        if (e.process != o.process)
            continue;
        sets.push_back("{" + describe(e.particles) + "}");
        if (e.particles == t.particles)
            entry = &e;
    }
    if (sets.empty())
        throw InputError("--process: unknown process '" + o.process + "' (available: "
                         + describe(me_process_names()) + ")");
    if (!entry)
        throw InputError(t.origin + ": particles {" + describe(t.particles) + "} do not fit process '"
                         + o.process + "' (expected " + describe(sets) + ")");

    bool const mark = o.mark_failed && failures;
    if (failures)
        failures->clear();
    values.assign(t.momenta.size(), {});
    for (std::size_t r = 0; r < t.momenta.size(); ++r)
    {
        try
        {
            values[r] = evaluate_row(t, *entry, o, r);
        }
        catch (InputError const& e)
        {
            if (!mark)
                throw;
            failures->push_back({r, me_status_invalid, e.what()});
        }
        catch (RunFailure const& e)
        {
            if (!mark)
                throw;
            failures->push_back({r, me_status_nonfinite, e.what()});
        }
    }
    return entry->columns;
}

void run_me_command(std::filesystem::path const& input, std::filesystem::path const& output,
                    MeOptions const& options, bool force)
{
    validate(options);
    std::filesystem::path const out = check_output_file(output, force, {{input}});
    PointTable t = read_point_table(input);
    std::vector<std::vector<double>> values;
    std::vector<MeRowFailure> failures;
    auto columns = evaluate_points(t, options, values, &failures);
    if (!options.mark_failed)
    {
        write_point_table(out, t, columns, values);
        return;
    }
    // failed rows: empty value cells and a status naming the reason, never a number
    std::vector<std::string> status(t.cells.size(), me_status_ok);
    for (auto const& f : failures)
        status[f.row] = f.status;
    write_point_table(out, t, columns, values, &status);
    if (!failures.empty())
    {
        std::cerr << "fathom me: warning: " << failures.size() << " of " << t.cells.size()
                  << " rows not evaluated (column 'status'; their values are empty); first: "
                  << failures.front().message << "\n";
    }
}
}  // namespace fathom
