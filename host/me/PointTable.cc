#include "PointTable.hh"

#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "io/InputFile.hh"
#include "io/OutputDirectory.hh"
#include "run/InputError.hh"

namespace fathom
{
namespace
{
constexpr char const* suffixes[4] = {"_E", "_px", "_py", "_pz"};

std::string chomp(std::string line)
{
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
        line.pop_back();
    return line;
}

std::vector<std::string> split(std::string const& line)
{
    std::vector<std::string> out;
    std::string cell;
    std::stringstream ss(line);
    while (std::getline(ss, cell, ','))
        out.push_back(cell);
    if (!line.empty() && line.back() == ',')
        out.emplace_back();
    return out;
}

std::string trim(std::string s)
{
    auto b = s.find_first_not_of(" \t");
    auto e = s.find_last_not_of(" \t");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

std::string format17(double v)
{
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 17);
    return std::string(buf, r.ptr);
}
}  // namespace

std::vector<std::string> const& known_particle_prefixes()
{
    static std::vector<std::string> const p{"ep_in", "em_in", "ep_out", "em_out", "a1", "a2", "a3", "a", "ax"};
    return p;
}

int PointTable::column(std::string const& name) const
{
    for (std::size_t i = 0; i < columns.size(); ++i)
    {
        if (columns[i] == name)
            return static_cast<int>(i);
    }
    return -1;
}

bool PointTable::has_particle(std::string const& prefix) const
{
    for (auto const& p : particles)
    {
        if (p == prefix)
            return true;
    }
    return false;
}

FourVector const& PointTable::momentum(std::size_t row, std::string const& prefix) const
{
    for (std::size_t k = 0; k < particles.size(); ++k)
    {
        if (particles[k] == prefix)
            return momenta.at(row).at(k);
    }
    throw InputError(origin + ": no particle '" + prefix + "'");
}

PointTable read_point_table(std::filesystem::path const& path)
{
    PointTable t;
    t.origin = path.string();
    std::string text = read_input_file(path, t.origin);
    strip_utf8_bom(text);
    std::istringstream in(text);
    std::string line;
    if (!std::getline(in, line) || trim(chomp(line)).empty())
        throw InputError(t.origin + ": empty file (expected a CSV header line)");
    for (auto const& c : split(chomp(line)))
        t.columns.push_back(trim(c));

    std::set<std::string> seen;
    for (auto const& c : t.columns)
    {
        if (c.empty())
            throw InputError(t.origin + ": header has an empty column name");
        if (!seen.insert(c).second)
            throw InputError(t.origin + ": column '" + c + "' appears twice in the header");
    }
    // particles: all four columns, or none
    std::vector<std::array<int, 4>> cols;
    for (auto const& prefix : known_particle_prefixes())
    {
        std::array<int, 4> idx;
        int found = 0;
        for (int k = 0; k < 4; ++k)
        {
            idx[k] = t.column(prefix + suffixes[k]);
            found += idx[k] >= 0;
        }
        if (found == 0)
            continue;
        if (found < 4)
        {
            for (int k = 0; k < 4; ++k)
            {
                if (idx[k] < 0)
                    throw InputError(t.origin + ": particle '" + prefix + "' lacks column '" + prefix
                                     + suffixes[k] + "'");
            }
        }
        t.particles.push_back(prefix);
        cols.push_back(idx);
    }
    // a column with a momentum suffix that belongs to no known particle is a likely typo
    for (auto const& c : t.columns)
    {
        for (auto const* s : suffixes)
        {
            std::string sfx(s);
            if (c.size() > sfx.size() && c.ends_with(sfx))
            {
                std::string prefix = c.substr(0, c.size() - sfx.size());
                bool known = false;
                for (auto const& p : known_particle_prefixes())
                    known = known || p == prefix;
                if (!known)
                    throw InputError(t.origin + ": column '" + c + "' names an unknown particle '"
                                     + prefix + "' (expected ep_in, em_in, ep_out, em_out, a1, a2, a3, a, ax)");
            }
        }
    }

    std::size_t row = 0;
    while (std::getline(in, line))
    {
        line = chomp(line);
        if (trim(line).empty())
            continue;
        ++row;
        auto cells = split(line);
        if (cells.size() != t.columns.size())
            throw InputError(t.origin + ": row " + std::to_string(row) + " has " + std::to_string(cells.size())
                             + " values, the header has " + std::to_string(t.columns.size()));
        std::vector<FourVector> moms;
        for (std::size_t k = 0; k < cols.size(); ++k)
        {
            double v[4];
            for (int j = 0; j < 4; ++j)
            {
                auto const& col = t.columns[static_cast<std::size_t>(cols[k][j])];
                std::string cell = trim(cells[static_cast<std::size_t>(cols[k][j])]);
                auto r = std::from_chars(cell.data(), cell.data() + cell.size(), v[j]);
                if (cell.empty() || r.ec != std::errc() || r.ptr != cell.data() + cell.size())
                    throw InputError(t.origin + ": row " + std::to_string(row) + ", column '" + col
                                     + "': '" + cell + "' is not a number");
                if (!std::isfinite(v[j]))
                    throw InputError(t.origin + ": row " + std::to_string(row) + ", column '" + col
                                     + "': value is not finite");
            }
            moms.push_back({v[0], v[1], v[2], v[3]});
        }
        t.cells.push_back(std::move(cells));
        t.momenta.push_back(std::move(moms));
    }
    if (row == 0)
        throw InputError(t.origin + ": no data rows after the header");
    return t;
}

void write_point_table(std::filesystem::path const& path, PointTable const& table,
                       std::vector<std::string> const& new_columns,
                       std::vector<std::vector<double>> const& new_values,
                       std::vector<std::string> const* status)
{
    // input columns replaced by an output column of the same name are dropped
    std::vector<std::size_t> keep;
    for (std::size_t c = 0; c < table.columns.size(); ++c)
    {
        bool replaced = status && table.columns[c] == "status";
        for (auto const& n : new_columns)
            replaced = replaced || n == table.columns[c];
        if (!replaced)
            keep.push_back(c);
    }
    std::ostringstream os;
    bool first = true;
    for (auto c : keep)
    {
        os << (first ? "" : ",") << table.columns[c];
        first = false;
    }
    for (auto const& n : new_columns)
    {
        os << (first ? "" : ",") << n;
        first = false;
    }
    if (status)
        os << (first ? "" : ",") << "status";
    os << '\n';
    for (std::size_t r = 0; r < table.cells.size(); ++r)
    {
        first = true;
        for (auto c : keep)
        {
            os << (first ? "" : ",") << table.cells[r][c];
            first = false;
        }
        std::vector<double> const& v = new_values.at(r);
        for (std::size_t c = 0; c < new_columns.size(); ++c)
        {
            // no value (a failed row): an empty cell, never a number
            os << (first ? "" : ",") << (c < v.size() ? format17(v[c]) : std::string());
            first = false;
        }
        if (status)
            os << (first ? "" : ",") << status->at(r);
        os << '\n';
    }
    write_text_file_atomic(path, os.str());
}
}  // namespace fathom
