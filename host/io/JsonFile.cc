#include "JsonFile.hh"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <fstream>
#include <iterator>
#include <set>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "InputFile.hh"
#include "OutputDirectory.hh"
#include "run/InputError.hh"

namespace fathom
{
namespace
{
// Deep enough for any real document, shallow enough for any code that walks one recursively.
constexpr int max_depth = 256;

//! A character iterator that counts the characters the parser has taken: nlohmann's parser
//! callback gets no position, and a repeated key is worth a line number.
class CountingIterator
{
  public:
    using iterator_category = std::input_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = char const*;
    using reference = char const&;

    CountingIterator(char const* p, std::size_t* taken) : p_(p), taken_(taken) {}
    reference operator*() const { return *p_; }
    CountingIterator& operator++()
    {
        ++p_;
        ++*taken_;
        return *this;
    }
    CountingIterator operator++(int)
    {
        CountingIterator old = *this;
        ++*this;
        return old;
    }
    bool operator==(CountingIterator const& other) const { return p_ == other.p_; }

  private:
    char const* p_;
    std::size_t* taken_;
};

//! Line (1-based) of the character at offset.
std::size_t line_of(std::string_view text, std::size_t offset)
{
    auto const end = text.begin() + static_cast<std::ptrdiff_t>(std::min(offset, text.size()));
    return 1 + static_cast<std::size_t>(std::count(text.begin(), end, '\n'));
}

//! nlohmann's message without "[json.exception.parse_error.101] parse error at line 1,
//! column 2: " (the line is given the same way for every error).
std::string reason(nlohmann::json::exception const& e)
{
    std::string what = e.what();
    if (auto p = what.find("] "); what.starts_with("[json.exception.") && p != std::string::npos)
        what.erase(0, p + 2);
    if (auto p = what.find(": "); what.starts_with("parse error") && p != std::string::npos)
        what.erase(0, p + 2);
    return what;
}

//! A quoted, escaped string: a key in a message stays on one line.
std::string quoted(std::string const& s)
{
    return Json(s).dump(-1, ' ', false, Json::error_handler_t::replace);
}

void check_finite(Json const& v, std::string const& path, std::string const& what)
{
    if (v.is_number_float())
    {
        double const d = v.get<double>();
        if (!std::isfinite(d))
            throw std::runtime_error(
                what + ": " + (path.empty() ? "the document" : "key '" + path + "'") + " is "
                + (std::isnan(d) ? "nan" : d > 0 ? "inf" : "-inf")
                + ", and JSON has no literal for a non-finite number");
    }
    else if (v.is_object())
    {
        for (auto const& [k, x] : v.items())
            check_finite(x, path.empty() ? k : path + "." + k, what);
    }
    else if (v.is_array())
    {
        for (std::size_t i = 0; i < v.size(); ++i)
            check_finite(v[i], path + "[" + std::to_string(i) + "]", what);
    }
}
}  // namespace

Json parse_json(std::string_view text, std::string const& source)
{
    std::size_t taken = 0;  // characters the parser has read
    auto error = [&](std::size_t offset, std::string const& what) {
        return InputError(source + ":" + std::to_string(line_of(text, offset))
                          + ": invalid JSON: " + what);
    };
    // Keys of each open object: nlohmann keeps the last of repeated keys without a word.
    std::vector<std::set<std::string>> keys;
    Json::parser_callback_t const check = [&](int depth, Json::parse_event_t event, Json& parsed) {
        using E = Json::parse_event_t;
        if ((event == E::object_start || event == E::array_start) && depth >= max_depth)
            throw error(taken - 1, "nested deeper than " + std::to_string(max_depth) + " levels");
        if (event == E::object_start)
            keys.emplace_back();
        else if (event == E::object_end)
            keys.pop_back();
        else if (event == E::key)
        {
            // the parser has just read the key's closing quote
            std::string const& key = parsed.get_ref<std::string const&>();
            if (!keys.back().insert(key).second)
                throw error(taken - 1, "duplicate key " + quoted(key));
        }
        return true;
    };
    // nlohmann's lexer takes a NUL byte for the end of the input ("{}\0x" would pass), and
    // JSON text never holds one (in a string it must be escaped)
    if (auto const nul = text.find('\0'); nul != std::string_view::npos)
        throw error(nul, "NUL byte (not allowed in JSON text)");
    try
    {
        return Json::parse(CountingIterator(text.data(), &taken),
                           CountingIterator(text.data() + text.size(), &taken), check);
    }
    catch (Json::parse_error const& e)
    {
        throw error(e.byte > 0 ? e.byte - 1 : 0, reason(e));
    }
    catch (Json::exception const& e)
    {
        // a number out of the range of a double: no position in the exception
        throw error(taken > 0 ? taken - 1 : 0, reason(e));
    }
}

Json read_json_file(std::filesystem::path const& path)
{
    // the one input-file opener: directories, FIFOs and read errors named as such
    return parse_json(read_input_file(path, "JSON file '" + path.string() + "'"), path.string());
}

std::string to_json_text(Json const& doc, std::string const& what)
{
    check_finite(doc, {}, what);
    return doc.dump(2, ' ', false, Json::error_handler_t::replace);
}

void write_json_file(std::filesystem::path const& path, Json const& doc)
{
    write_text_file_atomic(path, to_json_text(doc, "cannot write '" + path.string() + "'") + '\n');
}

Json number_or_null(std::optional<double> x)
{
    return x && std::isfinite(*x) ? Json(*x) : Json(nullptr);
}

//---------------------------------------------------------------------------//
void JsonFields::fail(std::string const& what) const
{
    throw InputError(context_ + ": " + what);
}

Json const& JsonFields::member(Json const& obj, std::string const& key, std::string const& where) const
{
    if (!obj.is_object())
        this->fail((where.empty() ? std::string("the document") : where) + " is not an object");
    auto const it = obj.find(key);
    if (it == obj.end())
        this->fail("key '" + where + (where.empty() ? "" : ".") + key + "' is missing");
    return *it;
}

double JsonFields::number(Json const& obj, std::string const& key, std::string const& where) const
{
    Json const& v = this->member(obj, key, where);
    if (!v.is_number() || !std::isfinite(v.get<double>()))
        this->fail("key '" + where + (where.empty() ? "" : ".") + key + "' is not a finite number");
    return v.get<double>();
}

std::string const& JsonFields::string(Json const& obj, std::string const& key, std::string const& where) const
{
    Json const& v = this->member(obj, key, where);
    if (!v.is_string())
        this->fail("key '" + where + (where.empty() ? "" : ".") + key + "' is not a string");
    return v.get_ref<std::string const&>();
}
}  // namespace fathom
