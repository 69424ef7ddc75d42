#include "ObservableNames.hh"

#include <array>
#include <utility>

#include "InputError.hh"

namespace fathom
{
namespace
{
struct SlotName
{
    char const* name;
    Slot slot;
    char const* label;
};
constexpr std::array<SlotName, 5> slot_names{{{"ep", slot_ep, "e+"},
                                              {"em", slot_em, "e-"},
                                              {"a1", slot_a1, "gamma1"},
                                              {"a2", slot_a2, "gamma2"},
                                              {"a3", slot_a3, "gamma3"}}};

struct QuantityName
{
    char const* name;
    Quantity quantity;
    char const* label;
    char const* unit;
};
constexpr std::array<QuantityName, 7> single_quantities{{
    {"e", Quantity::energy, "E", "GeV"},
    {"p", Quantity::momentum, "|p|", "GeV"},
    {"pt", Quantity::pt, "p_T", "GeV"},
    {"theta", Quantity::theta, "theta", "deg"},
    {"cos_theta", Quantity::cos_theta, "cos theta", ""},
    {"phi", Quantity::phi, "phi", "deg"},
    {"y", Quantity::rapidity, "rapidity", ""},
}};
constexpr std::array<QuantityName, 8> pair_quantities{{
    {"m", Quantity::pair_mass, "m", "GeV"},
    {"angle", Quantity::opening_angle, "opening angle", "deg"},
    {"dtheta", Quantity::delta_theta, "Delta theta", "deg"},
    {"dphi", Quantity::delta_phi, "Delta phi", "deg"},
    {"dr", Quantity::delta_r, "Delta R", ""},
    {"pt", Quantity::pair_pt, "p_T", "GeV"},
    {"betagamma", Quantity::pair_betagamma, "beta gamma = |p|/m", ""},
    {"betagamma_t", Quantity::pair_betagamma_t, "beta gamma_T = p_T/m", ""},
}};
constexpr std::array<QuantityName, 4> invariants{{
    {"t_plus", Quantity::t_plus, "t+ = (p_e+in - p_e+out)^2", "GeV^2"},
    {"t_minus", Quantity::t_minus, "t- = (p_e-in - p_e-out)^2", "GeV^2"},
    {"s_minus", Quantity::s_minus, "s- = (p_e+in + p_e-in - p_e+out)^2", "GeV^2"},
    {"s_plus", Quantity::s_plus, "s+ = (p_e+in + p_e-in - p_e-out)^2", "GeV^2"},
}};

SlotName const* find_slot(std::string const& s)
{
    for (auto const& sn : slot_names)
    {
        if (s == sn.name)
            return &sn;
    }
    return nullptr;
}

[[noreturn]] void unknown(std::string const& name, std::string const& key)
{
    throw InputError("unknown observable '" + name + "' in " + key
                     + " (expected e.g. cos_theta_em, e_a1, theta_ep_lab, m_ee, m_aa, "
                       "dphi_a1_a2, t_plus; see docs/run-card.md)");
}

void require_present(SlotName const& sn, SlotMask present, std::string const& name,
                     std::string const& key)
{
    if (!(present & slot_bit(sn.slot)))
    {
        throw InputError("observable '" + name + "' in " + key + " needs particle '" + sn.name
                         + "', which this process does not produce");
    }
}

std::string with_unit(std::string label, std::string const& unit, Frame frame)
{
    label += frame == Frame::lab ? " (lab)" : " (CM)";
    if (!unit.empty())
        label += " [" + unit + "]";
    return label;
}
}  // namespace

NamedObservable parse_observable(std::string const& name, SlotMask present, std::string const& key)
{
    NamedObservable out;
    out.name = name;
    std::string base = name;
    Frame frame = Frame::cm;
    if (base.size() > 4 && base.ends_with("_lab"))
    {
        frame = Frame::lab;
        base.resize(base.size() - 4);
    }
    else if (base.size() > 3 && base.ends_with("_cm"))
    {
        base.resize(base.size() - 3);
    }
    out.def.frame = frame;

    for (auto const& q : invariants)
    {
        if (base == q.name && frame == Frame::cm && name == base)
        {
            if ((present & leptons_mask) != leptons_mask)
                throw InputError("observable '" + name + "' in " + key
                                 + " needs an outgoing e+ and e-, which this process lacks");
            out.def.quantity = q.quantity;
            out.label = std::string(q.label) + " [" + q.unit + "]";
            out.unit = q.unit;
            return out;
        }
    }
    if (base == "llr_alp" && name == base)
    {
        SlotMask const needed = leptons_mask | slot_bit(slot_a1) | slot_bit(slot_a2);
        if ((present & needed) != needed || (present & slot_bit(slot_a3)))
            throw InputError("observable 'llr_alp' in " + key
                             + " needs a final state e+ e- gamma gamma, which this process lacks");
        out.def.quantity = Quantity::llr_alp;
        out.label = "ln(dsigma_ALP / dsigma_bg)";
        return out;
    }
    // aliases for the two pair masses every analysis uses
    if (base == "m_ee")
        base = "m_ep_em";
    else if (base == "m_aa")
        base = "m_a1_a2";

    // single particle: <quantity>_<slot>; pair: <quantity>_<slot>_<slot>
    for (auto const& q : single_quantities)
    {
        std::string prefix = std::string(q.name) + "_";
        if (!base.starts_with(prefix))
            continue;
        if (auto const* sn = find_slot(base.substr(prefix.size())))
        {
            require_present(*sn, present, name, key);
            out.def.quantity = q.quantity;
            out.def.a = static_cast<std::uint8_t>(sn->slot);
            out.label = with_unit(std::string(q.label) + "(" + sn->label + ")", q.unit, frame);
            out.unit = q.unit;
            return out;
        }
    }
    for (auto const& q : pair_quantities)
    {
        std::string prefix = std::string(q.name) + "_";
        if (!base.starts_with(prefix))
            continue;
        std::string rest = base.substr(prefix.size());
        auto sep = rest.find('_');
        if (sep == std::string::npos)
            continue;
        auto const* s1 = find_slot(rest.substr(0, sep));
        auto const* s2 = find_slot(rest.substr(sep + 1));
        if (!s1 || !s2 || s1 == s2)
            continue;
        require_present(*s1, present, name, key);
        require_present(*s2, present, name, key);
        out.def.quantity = q.quantity;
        out.def.a = static_cast<std::uint8_t>(s1->slot);
        out.def.b = static_cast<std::uint8_t>(s2->slot);
        out.label = with_unit(std::string(q.label) + "(" + s1->label + ", " + s2->label + ")",
                              q.unit, frame);
        out.unit = q.unit;
        return out;
    }
    unknown(name, key);
}

SlotMask parse_particle_set(std::string const& name, SlotMask present, std::string const& key)
{
    SlotMask m = 0;
    if (name == "leptons")
        m = leptons_mask;
    else if (name == "photons")
        m = photons_mask;
    else if (name == "all")
        m = leptons_mask | photons_mask;
    else if (auto const* sn = find_slot(name))
        m = slot_bit(sn->slot);
    else
        throw InputError(key + ": unknown particle set '" + name
                         + "' (expected one of ep, em, a1, a2, a3, leptons, photons, all)");
    if (!(m & present))
        throw InputError(key + ": particle set '" + name + "' is empty for this process");
    return m & present;
}

std::vector<std::string> observable_name_patterns()
{
    std::vector<std::string> out;
    for (auto const& q : single_quantities)
        out.push_back(std::string(q.name) + "_<p>   " + q.label + (q.unit[0] ? std::string(" [") + q.unit + "]" : ""));
    for (auto const& q : pair_quantities)
        out.push_back(std::string(q.name) + "_<p>_<p>   " + q.label + (q.unit[0] ? std::string(" [") + q.unit + "]" : ""));
    for (auto const& q : invariants)
        out.push_back(std::string(q.name) + "   " + q.label + " [" + q.unit + "]");
    out.emplace_back("llr_alp   ln(dsigma_ALP / dsigma_bg) of e+ e- gamma gamma events, hypothesis in [llr_alp]");
    out.emplace_back("m_ee = m_ep_em, m_aa = m_a1_a2;  <p> in ep, em, a1, a2, a3;  suffix _lab for the lab frame");
    return out;
}
}  // namespace fathom
