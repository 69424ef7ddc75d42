// Strict reading of one TOML table: typed getters with one-line errors naming the file and
// the key's full path, and a check that no key is left unread (typos are errors, with the keys
// the reader asked for as the hint). Shared by the run card and the scan card.
#pragma once

#include <cmath>
#include <filesystem>
#include <fstream>
#include <cstdint>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "CardOverride.hh"
#include "InputError.hh"
#include "io/InputFile.hh"

namespace fathom
{
//! Reads one table of the card, remembering which keys were used so that leftovers (typos)
//! are reported with their full path.
class TableReader
{
  public:
    TableReader(toml::table const& t, std::string path, std::string const& origin)
        : table_(t), path_(std::move(path)), origin_(origin)
    {
    }

    std::string key(std::string_view k) const
    {
        return path_.empty() ? std::string(k) : path_ + "." + std::string(k);
    }

    [[noreturn]] void fail(std::string_view k, std::string const& what) const
    {
        throw InputError(origin_ + ": key '" + key(k) + "': " + what);
    }

    toml::node const* find(std::string_view k)
    {
        if (used_.insert(std::string(k)).second)
            asked_.emplace_back(k);
        return table_.get(k);
    }

    void get(std::string_view k, double& out)
    {
        if (auto const* n = find(k))
        {
            if (auto v = n->value_exact<double>())
                out = *v;
            else if (auto i = n->value_exact<std::int64_t>())
                out = static_cast<double>(*i);
            else
                fail(k, "expected a number, got " + type_name(*n));
            if (std::isnan(out))
                fail(k, "expected a number, got nan");
        }
    }

    void get(std::string_view k, bool& out)
    {
        if (auto const* n = find(k))
        {
            auto v = n->value_exact<bool>();
            if (!v)
                fail(k, "expected true or false, got " + type_name(*n));
            out = *v;
        }
    }

    void get(std::string_view k, std::string& out)
    {
        if (auto const* n = find(k))
        {
            auto v = n->value_exact<std::string>();
            if (!v)
                fail(k, "expected a string, got " + type_name(*n));
            out = *v;
        }
    }

    //! Non-negative integer; an integral float such as 1e7 is accepted (physicists write it).
    void get(std::string_view k, std::uint64_t& out)
    {
        if (auto const* n = find(k))
        {
            if (auto i = n->value_exact<std::int64_t>())
            {
                if (*i < 0)
                    fail(k, "expected a non-negative integer, got " + std::to_string(*i));
                out = static_cast<std::uint64_t>(*i);
            }
            else if (auto d = n->value_exact<double>())
            {
                if (!(*d >= 0) || *d != std::floor(*d) || *d >= 1.8e19)
                    fail(k, "expected a non-negative integer, got " + format(*d));
                out = static_cast<std::uint64_t>(*d);
            }
            else
            {
                fail(k, "expected a non-negative integer, got " + type_name(*n));
            }
        }
    }

    void get(std::string_view k, unsigned& out)
    {
        std::uint64_t v = out;
        get(k, v);
        if (v > 65536)
            fail(k, "expected at most 65536, got " + std::to_string(v));
        out = static_cast<unsigned>(v);
    }

    toml::table const* subtable(std::string_view k)
    {
        auto const* n = find(k);
        if (!n)
            return nullptr;
        if (!n->is_table())
            fail(k, "expected a table, got " + type_name(*n));
        return n->as_table();
    }

    toml::array const* array(std::string_view k)
    {
        auto const* n = find(k);
        if (!n)
            return nullptr;
        if (!n->is_array())
            fail(k, "expected an array, got " + type_name(*n));
        return n->as_array();
    }

    //! Report the first key that nothing asked for, with the keys that were asked for (every
    //! key the table knows: call it after reading them all).
    void reject_unknown() const
    {
        for (auto const& [k, v] : table_)
        {
            if (!used_.count(std::string(k.str())))
            {
                std::string msg = "unknown key '" + key(k.str()) + "'";
                if (!asked_.empty())
                {
                    msg += " (expected one of:";
                    for (auto const& a : asked_)
                        msg += " " + a;
                    msg += ")";
                }
                throw InputError(origin_ + ": " + msg);
            }
        }
    }

    static std::string type_name(toml::node const& n)
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
    static std::string format(double d)
    {
        std::ostringstream os;
        os.precision(17);
        os << d;
        return os.str();
    }

    std::string const& origin() const { return origin_; }

  private:
    toml::table const& table_;
    std::string path_;
    std::string const& origin_;
    std::set<std::string> used_;
    std::vector<std::string> asked_;  //!< in the order the code asked: the error's hint
};

//! Each element of an array of tables, with its indexed path (e.g. "histograms[1]").
template<class F>
void for_each_table(TableReader& parent, std::string_view k, F&& f)
{
    toml::array const* arr = parent.array(k);
    if (!arr)
        return;
    for (std::size_t i = 0; i < arr->size(); ++i)
    {
        std::string path = parent.key(k) + "[" + std::to_string(i) + "]";
        auto const* t = (*arr)[i].as_table();
        if (!t)
            throw InputError(parent.origin() + ": key '" + path + "': expected a table");
        TableReader r(*t, path, parent.origin());
        f(r);
    }
}

//! A card's text; `what` names it in messages ("run card", "scan card"). InputError for a
//! missing or empty (whitespace only) file, or a path that is not a regular file (read_input_file).
inline std::string read_card_text(std::filesystem::path const& path, std::string const& what)
{
    std::string text = read_input_file(path, what + " '" + path.string() + "'");
    if (text.find_first_not_of(" \t\r\n") == std::string::npos)
        throw InputError(what + " '" + path.string() + "': the file is empty");
    return text;
}

//! Parse TOML text; a syntax error is an InputError "origin:line: TOML syntax error: ...", an
//! empty document "origin: the <what> is empty". The command line's `--set KEY=VALUE`
//! \p overrides are applied to the document here, before anything reads it.
inline toml::table parse_card_toml(std::string const& text, std::string const& origin, std::string const& what,
                                   std::vector<std::string> const& overrides = {})
{
    toml::table root;
    try
    {
        root = toml::parse(text, origin);
    }
    catch (toml::parse_error const& e)
    {
        throw InputError(origin + ":" + std::to_string(e.source().begin.line) + ": TOML syntax error: "
                         + std::string(e.description()));
    }
    if (root.empty())
        throw InputError(origin + ": the " + what + " is empty");
    apply_card_overrides(root, overrides);
    return root;
}
}  // namespace fathom
