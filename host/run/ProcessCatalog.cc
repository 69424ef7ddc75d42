#include "ProcessCatalog.hh"

#include <cmath>

#include "InputError.hh"
#include "fathom/base/Constants.hh"

namespace fathom
{
SlotMask ProcessInfo::slots() const
{
    SlotMask m = slot_bit(slot_ep_in) | slot_bit(slot_em_in);
    if (num_leptons == 2)
        m |= leptons_mask;
    for (size_type i = 0; i < num_photons; ++i)
        m |= slot_bit(slot_a1 + i);
    return m;
}

std::vector<ProcessInfo> const& process_catalog()
{
    static std::vector<ProcessInfo> const catalog{
        {"ee_ee", ProcessId::ee_ee, "e+e- -> e+e- (Bhabha), tree level", 2, 0, false, {}, {"rambo", "adaptive"}},
        {"ee_eea", ProcessId::ee_eea, "e+e- -> e+e- gamma, 8 tree-level diagrams (16 with the Z)", 2, 1, false, {},
         {"rambo", "adaptive"}},
        {"ee_eeaa", ProcessId::ee_eeaa,
         "e+e- -> e+e- gamma gamma, 40 tree-level diagrams (80 with the Z): the radiative-Bhabha background", 2, 2,
         false, {}, {"rambo", "two_photon_fusion", "adaptive"}},
        {"ee_aaa", ProcessId::ee_aaa, "e+e- -> gamma gamma gamma, tree-level QED", 0, 3, false, {},
         {"rambo", "adaptive"}},
        {"alp_fusion", ProcessId::alp_fusion,
         "e+e- -> e+e- a, a -> gamma gamma (photon fusion + annihilation, narrow width)", 2, 2, true,
         {"fusion", "annihilation", "interference"}, {"rambo", "two_photon_fusion", "adaptive"}},
        // alp_fusion with the coupling, mass and width of a meson (MesonInfo; process.meson)
        {"meson_fusion", ProcessId::alp_fusion,
         "e+e- -> e+e- P, P -> gamma gamma, P = pi0, eta, eta' (alp_fusion with the meson's PDG mass and "
         "two-photon width, narrow width, form factors neglected)",
         2, 2, true, {"fusion", "annihilation", "interference"}, {"rambo", "two_photon_fusion", "adaptive"}},
        {"alp_photon", ProcessId::alp_photon, "e+e- -> gamma a, a -> gamma gamma (narrow width)", 0, 3, true, {}, {"rambo", "adaptive"}},
    };
    return catalog;
}

void set_meson(RunSpec& spec, MesonInfo const& meson)
{
    spec.process = "meson_fusion";
    spec.meson = meson.name;
    spec.alp_mass = meson.mass;
    spec.g_agg = meson.coupling();
    spec.alp_width = meson.total_width;
}

double MesonInfo::coupling() const
{
    return std::sqrt(64 * constants::pi * this->diphoton_width() / (mass * mass * mass));
}

std::vector<MesonInfo> const& meson_catalog()
{
    namespace c = constants;
    static std::vector<MesonInfo> const catalog{
        {"pi0", c::pi0_mass, c::pi0_total_width, c::pi0_br_gg},
        {"eta", c::eta_mass, c::eta_total_width, c::eta_br_gg},
        {"eta_prime", c::eta_prime_mass, c::eta_prime_total_width, c::eta_prime_br_gg},
    };
    return catalog;
}

MesonInfo const* find_meson(std::string const& name)
{
    for (auto const& m : meson_catalog())
    {
        if (m.name == name)
            return &m;
    }
    return nullptr;
}

std::string meson_names()
{
    std::string names;
    for (auto const& m : meson_catalog())
        names += (names.empty() ? "" : ", ") + m.name;
    return names;
}

ProcessInfo const& find_process(std::string const& name, std::string const& key)
{
    std::string names;
    for (auto const& p : process_catalog())
    {
        if (p.name == name)
            return p;
        names += (names.empty() ? "" : ", ") + p.name;
    }
    throw InputError(key + ": unknown process '" + name + "' (available: " + names + ")");
}
}  // namespace fathom
