// Fill histograms from a CSV file with fathom's device-side binning and exact accumulation
// (the code the kernels run), and write them with write_histograms_hdf5. Driven by
// tests/python/test_hdf5_uhi.py, which compares the file with a fill by the hist package.
//
// Usage: hist_fill_tool HISTOGRAMS.tsv DATA.csv OUTPUT.h5
//
// HISTOGRAMS.tsv, tab separated, one record per line ('#' starts a comment line):
//   histogram <name> <title> <unit>
//   axis <column> <observable> <label> regular <bins> <lower> <upper>
//   axis <column> <observable> <label> variable <edge 0> <edge 1> ... <edge bins>
// Axis lines belong to the histogram line above them; <column> is the zero-based CSV column
// of the value binned on that axis.
//
// DATA.csv: one header line, then one event per line; the last column is the weight. Numbers
// are anything std::from_chars reads ("nan", "inf", "-inf" included), so Python's repr()
// round-trips exactly.
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <deque>
#include <exception>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "fathom/histogram/HistogramParams.hh"
#include "fathom/histogram/HistogramState.hh"
#include "io/Hdf5HistogramWriter.hh"

namespace fathom
{
namespace
{
std::vector<std::string_view> split(std::string_view line, char sep)
{
    std::vector<std::string_view> fields;
    for (;;)
    {
        auto pos = line.find(sep);
        fields.push_back(line.substr(0, pos));
        if (pos == std::string_view::npos)
            return fields;
        line.remove_prefix(pos + 1);
    }
}

template<class T>
T parse(std::string_view text, std::string const& where)
{
    T value{};
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size())
        throw std::runtime_error(where + ": cannot read a number from '" + std::string(text) + "'");
    return value;
}

struct Definitions
{
    std::vector<HistogramSpec> specs;
    std::vector<std::string> units;
    std::vector<std::vector<size_type>> columns;  //!< per histogram, per axis
};

Definitions read_definitions(std::string const& path)
{
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot open '" + path + "'");
    Definitions defs;
    std::string line;
    for (int lineno = 1; std::getline(in, line); ++lineno)
    {
        std::string where = path + ":" + std::to_string(lineno);
        if (line.empty() || line[0] == '#')
            continue;
        auto f = split(line, '\t');
        if (f[0] == "histogram" && f.size() == 4)
        {
            defs.specs.push_back({std::string(f[1]), std::string(f[2]), {}});
            defs.units.emplace_back(f[3]);
            defs.columns.emplace_back();
        }
        else if (f[0] == "axis" && f.size() >= 6 && !defs.specs.empty())
        {
            AxisSpec a;
            a.observable = f[2];
            a.label = f[3];
            if (f[4] == "regular" && f.size() == 8)
            {
                a.bins = parse<std::uint32_t>(f[5], where);
                a.lower = parse<double>(f[6], where);
                a.upper = parse<double>(f[7], where);
            }
            else if (f[4] == "variable")
            {
                a.variable = true;
                for (std::size_t i = 5; i < f.size(); ++i)
                    a.edges.push_back(parse<double>(f[i], where));
                if (a.edges.size() < 2)
                    throw std::runtime_error(where + ": a variable axis needs 2 or more edges");
                a.bins = static_cast<std::uint32_t>(a.edges.size() - 1);
            }
            else
                throw std::runtime_error(where + ": bad axis line");
            defs.specs.back().axes.push_back(std::move(a));
            defs.columns.back().push_back(parse<size_type>(f[1], where));
        }
        else
            throw std::runtime_error(where + ": bad line");
    }
    return defs;
}

//! The histogram set as the device sees it: one flat bin array, one HistogramParams each.
struct DeviceHistograms
{
    std::deque<std::vector<real_type>> edges;  //!< stable storage behind AxisParams::edges
    std::vector<HistogramParams> params;
    std::vector<ExactSum> sum_w;
    std::vector<ExactSum> sum_w2;
};

DeviceHistograms make_device_histograms(Definitions const& defs)
{
    DeviceHistograms dev;
    std::uint64_t offset = 0;
    for (std::size_t h = 0; h < defs.specs.size(); ++h)
    {
        auto const& spec = defs.specs[h];
        if (spec.axes.empty() || spec.axes.size() > max_histogram_dims)
            throw std::runtime_error("histogram '" + spec.name + "' needs 1 to 5 axes");
        HistogramParams p;
        p.ndim = static_cast<size_type>(spec.axes.size());
        for (size_type d = 0; d < p.ndim; ++d)
        {
            auto const& a = spec.axes[d];
            AxisParams& ap = p.axes[d];
            ap.bins = a.bins;
            if (a.variable)
            {
                ap.kind = AxisKind::variable;
                dev.edges.push_back(a.edges);
                ap.edges = dev.edges.back().data();
            }
            else
            {
                ap.kind = AxisKind::regular;
                ap.lower = a.lower;
                ap.upper = a.upper;
            }
            p.observable_slot[d] = defs.columns[h][d];
        }
        std::uint64_t stride = 1;
        for (size_type d = p.ndim; d-- > 0;)
        {
            p.strides[d] = stride;
            stride *= p.axes[d].extent();
        }
        p.offset = offset;
        p.size = stride;
        offset += stride;
        dev.params.push_back(p);
    }
    dev.sum_w.resize(offset);
    dev.sum_w2.resize(offset);
    return dev;
}

//! Fill every event into every histogram, as the fused kernels do on one thread.
void fill(DeviceHistograms& dev, std::string const& path)
{
    std::ifstream in(path);
    if (!in)
        throw std::runtime_error("cannot open '" + path + "'");
    std::string line;
    std::getline(in, line);  // header
    std::vector<real_type> row;
    HistogramStateView state{dev.sum_w.data(), dev.sum_w2.data()};
    for (int lineno = 2; std::getline(in, line); ++lineno)
    {
        std::string where = path + ":" + std::to_string(lineno);
        row.clear();
        for (auto field : split(line, ','))
            row.push_back(parse<double>(field, where));
        real_type w = row.back();
        std::uint64_t w_limbs[ExactSum::num_limbs];
        std::uint64_t w2_limbs[ExactSum::num_limbs];
        if (!detail::to_fixed(w, w_limbs) || !detail::to_fixed(w * w, w2_limbs))
            throw std::runtime_error(where + ": weight out of the exact-sum range");
        for (auto const& p : dev.params)
        {
            for (size_type d = 0; d < p.ndim; ++d)
            {
                if (p.observable_slot[d] + 1 >= row.size())
                    throw std::runtime_error(where + ": too few columns");
            }
            PrivateFill{}(state, global_bin(p, row.data()), w_limbs, w2_limbs);
        }
    }
}

int run(int argc, char** argv)
{
    if (argc != 4)
    {
        std::fprintf(stderr, "usage: %s HISTOGRAMS.tsv DATA.csv OUTPUT.h5\n", argv[0]);
        return 2;
    }
    Definitions defs = read_definitions(argv[1]);
    DeviceHistograms dev = make_device_histograms(defs);
    fill(dev, argv[2]);

    std::vector<HistogramData> out;
    for (std::size_t h = 0; h < defs.specs.size(); ++h)
    {
        HistogramData data{defs.specs[h], {}, {}, defs.units[h]};
        auto const& p = dev.params[h];
        for (std::uint64_t i = p.offset; i < p.offset + p.size; ++i)
        {
            data.values.push_back(to_double(dev.sum_w[i]));
            data.variances.push_back(to_double(dev.sum_w2[i]));
        }
        out.push_back(std::move(data));
    }
    write_histograms_hdf5(argv[3], out, {{"creator", "hist_fill_tool"}});
    return 0;
}
}  // namespace
}  // namespace fathom

int main(int argc, char** argv)
{
    try
    {
        return fathom::run(argc, argv);
    }
    catch (std::exception const& e)
    {
        std::fprintf(stderr, "hist_fill_tool: %s\n", e.what());
        return 1;
    }
}
