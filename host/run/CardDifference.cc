#include "CardDifference.hh"

#include <sstream>

#include "RunCard.hh"

namespace fathom
{
namespace
{
//! Card keys that say how a run was made, not what it computes: they may differ between inputs.
constexpr char const* provenance_keys[][2]
    = {{"run", "threads"}, {"run", "batch_size"}, {"run", "simd"}, {"run", "histogram_memory"},
       {"output", "directory"}};
//! Sampler settings: the same integrand over the same phase space, another importance sampling.
//! Inputs that differ here merge into a statistically valid result that no single run gives.
constexpr char const* sampler_keys[]
    = {"sampler", "grid_bins", "adapt_iterations", "adapt_events", "grid_damping", "channel_weight_damping",
       "alpha_positron_first", "pair_mass_mapping"};

std::string node_text(toml::node const& n)
{
    std::ostringstream os;
    n.visit([&os](auto const& v) { os << v; });
    std::string t = os.str();
    return t.size() > 60 ? t.substr(0, 57) + "..." : t;
}

//! The first key path where \p a and \p b differ, with both values; nullopt if equal.
std::optional<std::string> first_difference(toml::node const* a, toml::node const* b, std::string const& path)
{
    if (!a || !b)
        return path + (a ? " (absent from the second)" : " (absent from the first)");
    if (a->type() != b->type())
        return path + " (" + node_text(*a) + " vs " + node_text(*b) + ")";
    if (auto const* ta = a->as_table())
    {
        auto const* tb = b->as_table();
        for (auto const& [k, v] : *ta)
            if (auto d = first_difference(&v, tb->get(k.str()), path.empty() ? std::string(k.str()) : path + "." + std::string(k.str())))
                return d;
        for (auto const& [k, v] : *tb)
            if (!ta->contains(k.str()))
                return (path.empty() ? std::string(k.str()) : path + "." + std::string(k.str())) + " (absent from the first)";
        return std::nullopt;
    }
    if (auto const* aa = a->as_array())
    {
        auto const* ab = b->as_array();
        if (aa->size() != ab->size())
            return path + " (" + std::to_string(aa->size()) + " vs " + std::to_string(ab->size()) + " entries)";
        for (std::size_t i = 0; i < aa->size(); ++i)
            if (auto d = first_difference(aa->get(i), ab->get(i), path + "[" + std::to_string(i) + "]"))
                return d;
        return std::nullopt;
    }
    bool equal = false;
    if (auto x = a->value_exact<double>())
        equal = *x == *b->value_exact<double>();
    else if (auto i = a->value_exact<std::int64_t>())
        equal = *i == *b->value_exact<std::int64_t>();
    else if (auto f = a->value_exact<bool>())
        equal = *f == *b->value_exact<bool>();
    else if (auto t = a->value_exact<std::string>())
        equal = *t == *b->value_exact<std::string>();
    if (equal)
        return std::nullopt;
    return path + " (" + node_text(*a) + " vs " + node_text(*b) + ")";
}

//! The card without provenance keys (and, for merges, events and seed); the sampler's settings
//! moved out into \p sampler.
toml::table compared_card(RunSpec const& spec, CardScope scope, toml::table& sampler)
{
    toml::table card = effective_card(spec);
    for (auto const& [table, key] : provenance_keys)
        if (auto* t = card[table].as_table())
            t->erase(key);
    if (scope == CardScope::resume)
        return card;
    for (char const* key : {"events", "seed"})
        if (auto* t = card["run"].as_table())
            t->erase(key);
    if (auto* ps = card["phase_space"].as_table())
        for (char const* key : sampler_keys)
            if (auto* v = ps->get(key))
            {
                sampler.insert(key, *v);
                ps->erase(key);
            }
    return card;
}

}  // namespace

std::optional<std::string> card_difference(RunSpec const& a, RunSpec const& b, CardScope scope)
{
    toml::table sa, sb;
    toml::table const ca = compared_card(a, scope, sa);
    toml::table const cb = compared_card(b, scope, sb);
    return first_difference(&ca, &cb, "");
}

std::optional<std::string> sampler_difference(RunSpec const& a, RunSpec const& b)
{
    toml::table sa, sb;
    compared_card(a, CardScope::merge, sa);
    compared_card(b, CardScope::merge, sb);
    return first_difference(&sa, &sb, "phase_space");
}
}  // namespace fathom
