#include "ExactRunState.hh"

#include <algorithm>

#include "InputError.hh"
#include "io/Hdf5HistogramReader.hh"
#include "fathom/pipeline/WeightSpectrum.hh"

namespace fathom
{
namespace
{
constexpr std::size_t spectrum_words = 9;

void append(std::vector<std::uint64_t>& out, ExactSum const& s)
{
    out.insert(out.end(), s.limb, s.limb + ExactSum::num_limbs);
}

ExactSum take(std::uint64_t const* p)
{
    ExactSum s;
    std::copy(p, p + ExactSum::num_limbs, s.limb);
    return s;
}

[[noreturn]] void fail(std::filesystem::path const& file, std::string const& what)
{
    throw InputError(file.string() + ": " + what);
}

std::vector<std::uint64_t> array_attribute(std::filesystem::path const& file, std::string const& name)
{
    auto v = read_file_attribute_hdf5(file, name);
    auto const* a = v ? std::get_if<std::vector<std::uint64_t>>(&*v) : nullptr;
    if (!a)
        fail(file, "no uint64 array attribute '" + name + "' (not a fathom run output of histograms format "
                       + std::to_string(histograms_format_version) + ")");
    return *a;
}
}  // namespace

TallyCounts tally_counts(RunTally const& t)
{
    return {t.accepted, t.failed_cuts, t.zero_phase_space, t.nonfinite, t.nonfinite_me, t.nonfinite_phase_space};
}

void set_tally_counts(RunTally& t, TallyCounts const& c)
{
    t.accepted = c[0];
    t.failed_cuts = c[1];
    t.zero_phase_space = c[2];
    t.nonfinite = c[3];
    t.nonfinite_me = c[4];
    t.nonfinite_phase_space = c[5];
}

std::vector<std::uint64_t> tally_words(RunTally const& t)
{
    std::vector<std::uint64_t> w;
    append(w, t.sum_w);
    append(w, t.sum_w2);
    TallyCounts const counts = tally_counts(t);
    w.insert(w.end(), counts.begin(), counts.end());
    w.push_back(t.max_weight_bits);
    return w;
}

RunTally tally_from_words(std::uint64_t const* words)
{
    RunTally t;
    t.sum_w = take(words);
    t.sum_w2 = take(words + ExactSum::num_limbs);
    TallyCounts counts;
    std::copy(words + 2 * ExactSum::num_limbs, words + 2 * ExactSum::num_limbs + counts.size(), counts.begin());
    set_tally_counts(t, counts);
    t.max_weight_bits = words[tally_word_count - 1];
    return t;
}

std::uint64_t ExactRunState::events() const
{
    std::uint64_t n = 0;
    for (EventRange const& r : ranges)
        n += r.size();
    return n;
}

void set_exact_limbs(DeviceRunResult const& sums, HistogramParams const& h, HistogramData& out)
{
    out.exact_sum_w.clear();
    out.exact_sum_w2.clear();
    out.exact_sum_w.reserve(4 * h.size);
    out.exact_sum_w2.reserve(4 * h.size);
    for (std::uint64_t b = 0; b < h.size; ++b)
    {
        append(out.exact_sum_w, sums.sum_w[h.offset + b]);
        append(out.exact_sum_w2, sums.sum_w2[h.offset + b]);
    }
}

std::vector<FileAttribute> exact_file_attributes(ExactRunState const& state, DeviceSetupBuild const& build)
{
    std::vector<std::uint64_t> tally = tally_words(state.sums.tally);
    std::vector<std::uint64_t> spectrum;
    HistogramSetParams const& hs = build.setup.params.histograms;
    if (hs.weight_spectrum)
    {
        ExactSum const zero{};
        auto is_zero = [&zero](ExactSum const& s) { return std::equal(s.limb, s.limb + 4, zero.limb); };
        for (size_type k = 0; k < weight_spectrum_bins; ++k)
        {
            ExactSum const& w = state.sums.sum_w[hs.weight_spectrum_offset + k];
            ExactSum const& w2 = state.sums.sum_w2[hs.weight_spectrum_offset + k];
            if (is_zero(w) && is_zero(w2))
                continue;
            spectrum.push_back(k);
            append(spectrum, w);
            append(spectrum, w2);
        }
    }
    return {{"fathom_histograms_format", histograms_format_version},
            {"exact_tally", std::move(tally)},
            {"exact_weight_spectrum", std::move(spectrum)},
            {"event_ranges", encode_ranges(state.ranges)},
            {"sampler_grid_digest", state.grid_digest}};
}

ExactRunState read_exact_run_state(std::filesystem::path const& file, DeviceSetupBuild const& build)
{
    auto format = read_file_attribute_hdf5(file, "fathom_histograms_format");
    auto const* version = format ? std::get_if<std::int64_t>(&*format) : nullptr;
    if (!version || *version != histograms_format_version)
        fail(file, "histograms format " + (version ? std::to_string(*version) : std::string("1 (no exact sums)"))
                       + ", but fathom merge needs format " + std::to_string(histograms_format_version)
                       + " (run it again with this fathom)");
    ExactRunState s;
    HistogramSetParams const& hs = build.setup.params.histograms;
    s.sums.sum_w.resize(hs.total_bins);
    s.sums.sum_w2.resize(hs.total_bins);

    std::vector<std::uint64_t> const tally = array_attribute(file, "exact_tally");
    if (tally.size() != tally_word_count)
        fail(file, "attribute 'exact_tally' has " + std::to_string(tally.size()) + " elements, expected "
                       + std::to_string(tally_word_count));
    s.sums.tally = tally_from_words(tally.data());

    std::vector<std::uint64_t> const spectrum = array_attribute(file, "exact_weight_spectrum");
    if (spectrum.size() % spectrum_words != 0 || (!hs.weight_spectrum && !spectrum.empty()))
        fail(file, "attribute 'exact_weight_spectrum' has " + std::to_string(spectrum.size())
                       + " elements, not a multiple of " + std::to_string(spectrum_words));
    for (std::size_t i = 0; i < spectrum.size(); i += spectrum_words)
    {
        std::uint64_t const k = spectrum[i];
        if (k >= weight_spectrum_bins)
            fail(file, "attribute 'exact_weight_spectrum' names bin " + std::to_string(k) + " of "
                           + std::to_string(weight_spectrum_bins));
        s.sums.sum_w[hs.weight_spectrum_offset + k] = take(spectrum.data() + i + 1);
        s.sums.sum_w2[hs.weight_spectrum_offset + k] = take(spectrum.data() + i + 5);
    }

    auto ranges = decode_ranges(array_attribute(file, "event_ranges"));
    if (!ranges)
        fail(file, "attribute 'event_ranges' is not a list of (seed, first, end) with end >= first");
    s.ranges = coalesce(*ranges);
    auto digest = read_file_attribute_hdf5(file, "sampler_grid_digest");
    auto const* d = digest ? std::get_if<std::string>(&*digest) : nullptr;
    if (!d)
        fail(file, "no string attribute 'sampler_grid_digest'");
    s.grid_digest = *d;

    for (std::size_t h = 0; h < build.histograms.size(); ++h)
    {
        HistogramParams const& hp = build.setup.histograms[h];
        HistogramData const hd = read_histogram_hdf5(file, build.histograms[h].name);
        if (hd.exact_sum_w.size() != 4 * hp.size)
            fail(file, "histogram '" + build.histograms[h].name + "' has no exact sums of "
                           + std::to_string(hp.size) + " bins");
        for (std::uint64_t b = 0; b < hp.size; ++b)
        {
            s.sums.sum_w[hp.offset + b] = take(hd.exact_sum_w.data() + 4 * b);
            s.sums.sum_w2[hp.offset + b] = take(hd.exact_sum_w2.data() + 4 * b);
        }
    }
    return s;
}

void merge(DeviceRunResult& a, DeviceRunResult const& b)
{
    merge(a.tally, b.tally);
    for (std::size_t i = 0; i < a.sum_w.size(); ++i)
    {
        merge(a.sum_w[i], b.sum_w[i]);
        merge(a.sum_w2[i], b.sum_w2[i]);
    }
}

void merge(ExactRunState& a, ExactRunState const& b)
{
    merge(a.sums, b.sums);
    std::vector<EventRange> all = a.ranges;
    all.insert(all.end(), b.ranges.begin(), b.ranges.end());
    a.ranges = coalesce(std::move(all));
    if (a.grid_digest != b.grid_digest)
        a.grid_digest = "mixed";
}
}  // namespace fathom
