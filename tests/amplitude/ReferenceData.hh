// Test helper: reads the reference CSV files (/work/shared/reference, README.md there).
#pragma once

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fathom/kinematics/FourVector.hh"

#include "ReferenceGuard.hh"

namespace fathom::test
{
struct ReferenceTable
{
    std::string path;
    std::vector<std::string> columns;
    std::vector<std::vector<double>> rows;
    bool ok{false};  //!< file found and every row complete
    std::string error;

    //! Index of a column, or -1.
    int column(std::string const& name) const
    {
        for (std::size_t i = 0; i < columns.size(); ++i)
            if (columns[i] == name)
                return static_cast<int>(i);
        return -1;
    }

    //! Four-vector of particle `prefix` (e.g. "ep_in") in row r.
    FourVector momentum(std::size_t r, std::string const& prefix) const
    {
        auto const& row = rows.at(r);
        auto at = [&](char const* suffix) { return row.at(static_cast<std::size_t>(column(prefix + suffix))); };
        return {at("_E"), at("_px"), at("_py"), at("_pz")};
    }
};

//! Line without trailing CR / whitespace (the reference files have CRLF line ends).
inline std::string chomp(std::string line)
{
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t'))
        line.pop_back();
    return line;
}

inline std::string reference_path(std::string const& name)
{
    return std::string(FATHOM_REFERENCE_DIR) + "/" + name;
}

//! Read a CSV with a header line; ok is false if the file is missing or malformed.
inline ReferenceTable read_reference_table(std::string const& name)
{
    ReferenceTable t;
    t.path = reference_path(name);
    std::ifstream in(t.path);
    if (!in)
    {
        t.error = "cannot open " + t.path;
        return t;
    }
    std::string line;
    if (!std::getline(in, line) || chomp(line).empty())
    {
        t.error = "empty file " + t.path;
        return t;
    }
    {
        std::stringstream ss(chomp(line));
        std::string cell;
        while (std::getline(ss, cell, ','))
            t.columns.push_back(cell);
    }
    while (std::getline(in, line))
    {
        line = chomp(line);
        if (line.empty())
            continue;
        std::vector<double> row;
        std::stringstream ss(line);
        std::string cell;
        while (std::getline(ss, cell, ','))
            row.push_back(std::stod(cell));
        if (row.size() != t.columns.size())
        {
            t.error = "row with " + std::to_string(row.size()) + " cells in " + t.path;
            return t;
        }
        t.rows.push_back(std::move(row));
    }
    t.ok = !t.rows.empty();
    if (!t.ok)
        t.error = "no data rows in " + t.path;
    return t;
}
}  // namespace fathom::test
