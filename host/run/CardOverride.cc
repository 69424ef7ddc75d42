#include "CardOverride.hh"

#include <string_view>

#include "InputError.hh"

namespace fathom
{
namespace
{
std::string_view trim(std::string_view s)
{
    auto const b = s.find_first_not_of(" \t");
    if (b == std::string_view::npos)
        return {};
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

bool is_bare_key(std::string_view k)
{
    if (k.empty())
        return false;
    for (char c : k)
    {
        bool const ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                        || c == '-';
        if (!ok)
            return false;
    }
    return true;
}

char const* type_name(toml::node const& n)
{
    switch (n.type())
    {
        case toml::node_type::string: return "a string";
        case toml::node_type::integer: return "an integer";
        case toml::node_type::floating_point: return "a float";
        case toml::node_type::boolean: return "a boolean";
        case toml::node_type::table: return "a table";
        case toml::node_type::array: return "an array";
        default: return "a date/time";
    }
}

//! Integers and floats are both numbers: the card reader accepts 3 for a float and 1e7 for a
//! count, and checks the value itself.
bool same_kind(toml::node const& a, toml::node const& b)
{
    return a.type() == b.type() || (a.is_number() && b.is_number());
}

//! The option as typed, on one line (a line break shown as \n).
std::string shown(std::string const& set)
{
    std::string out;
    for (char c : set)
        out += c == '\n' ? std::string("\\n") : c == '\r' ? std::string("\\r") : std::string(1, c);
    return out;
}

void apply_one(toml::table& root, std::string const& set)
{
    auto fail = [&](std::string const& what) -> void {
        throw InputError("option --set '" + shown(set) + "': " + what);
    };
    auto const eq = set.find('=');
    std::vector<std::string> path;
    if (eq != std::string::npos)
    {
        std::string_view key = trim(std::string_view(set).substr(0, eq));
        while (true)
        {
            auto const dot = key.find('.');
            path.emplace_back(key.substr(0, dot));
            if (!is_bare_key(path.back()))
            {
                path.clear();
                break;
            }
            if (dot == std::string_view::npos)
                break;
            key.remove_prefix(dot + 1);
        }
    }
    if (path.empty())
        fail("expected KEY=VALUE with KEY a dotted card key, e.g. process.z_exchange=true");

    std::string_view const text = trim(std::string_view(set).substr(eq + 1));
    constexpr char const* value_hint = "expected a TOML value after '=' (true, 42, 1.5e-4, \"text\", [1, 2])";
    if (text.empty() || text.find_first_of("\r\n") != std::string_view::npos)
        fail(value_hint);
    toml::table parsed;
    try
    {
        parsed = toml::parse("value = " + std::string(text));
    }
    catch (toml::parse_error const&)
    {
        fail(value_hint);
    }
    toml::node* value = parsed.get("value");
    if (parsed.size() != 1 || !value)
        fail(value_hint);

    // Walk (and create) the tables down to the key's own table.
    toml::table* table = &root;
    std::string walked;
    for (std::size_t i = 0; i + 1 < path.size(); ++i)
    {
        walked += (walked.empty() ? "" : ".") + path[i];
        toml::node* n = table->get(path[i]);
        if (!n)
            n = table->insert(path[i], toml::table{}).first->second.as_table();
        if (!n->is_table())
            fail("the card's '" + walked + "' is " + type_name(*n) + ", not a table (--set reaches keys of tables)");
        table = n->as_table();
    }
    std::string const& leaf = path.back();
    if (toml::node const* old = table->get(leaf); old && !same_kind(*old, *value))
    {
        std::string const full = walked.empty() ? leaf : walked + "." + leaf;
        fail("the card's '" + full + "' is " + type_name(*old) + ", got " + type_name(*value)
             + (value->is_string() || old->is_string() ? " (strings go in quotes: KEY='\"text\"')" : ""));
    }
    std::move(*value).visit([&](auto&& v) { table->insert_or_assign(leaf, std::move(v)); });
}
}  // namespace

void apply_card_overrides(toml::table& root, std::vector<std::string> const& sets)
{
    for (auto const& s : sets)
        apply_one(root, s);
}
}  // namespace fathom
