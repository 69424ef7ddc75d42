// Phase-space points from a CSV file in the layout of ../shared/reference: particles found by
// column prefix (ep_in, em_in, ep_out, em_out, a1, a2, a3, a, ax) with suffixes _E,_px,_py,_pz.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "fathom/kinematics/FourVector.hh"

namespace fathom
{
//! Particle prefixes fathom knows, in the reference order.
std::vector<std::string> const& known_particle_prefixes();

struct PointTable
{
    std::string origin;                             //!< file name, for messages
    std::vector<std::string> columns;               //!< header, in file order
    std::vector<std::vector<std::string>> cells;    //!< raw text of every row (kept verbatim)
    std::vector<std::string> particles;             //!< prefixes present, reference order
    //! momenta[row][k] of particles[k]
    std::vector<std::vector<FourVector>> momenta;

    int column(std::string const& name) const;
    bool has_particle(std::string const& prefix) const;
    FourVector const& momentum(std::size_t row, std::string const& prefix) const;
};

//! Read and check a points file. Throws InputError naming the file, row (1-based data row) and
//! column for: missing file, empty file, duplicated columns, a particle with some but not all
//! of its four columns, a column that looks like a particle column but is unknown, rows of
//! the wrong length, non-numeric or non-finite momenta.
PointTable read_point_table(std::filesystem::path const& path);

//! Write rows with extra/replaced columns (values formatted with 17 significant digits),
//! atomically (temp file then rename). A row without values gets empty cells. With \p status,
//! a last column "status" holds it per row (fathom me --mark-failed).
void write_point_table(std::filesystem::path const& path, PointTable const& table,
                       std::vector<std::string> const& new_columns,
                       std::vector<std::vector<double>> const& new_values,
                       std::vector<std::string> const* status = nullptr);
}  // namespace fathom
