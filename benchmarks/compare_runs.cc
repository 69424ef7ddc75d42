// compare_runs: do two `fathom run` outputs of one card agree within their Monte Carlo errors?
// (scripts/gpu-check.sh: the same card on the CPU and on the GPU; no Python needed.)
//
//   compare_runs A_DIR B_DIR [--max-pull 5]
//
// Prints key: value lines: the cross sections' relative difference and pull (errors added in
// quadrature), per histogram bin (flow bins included, bins with a variance in either) the
// largest |pull| and chi^2/ndf, bits_identical (every exact limb and the tally equal), and
// agree: yes/no (|pulls| <= --max-pull). Exit status 0 if they agree, 1 if not, 2 for bad input.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "io/Hdf5HistogramReader.hh"
#include "io/JsonFile.hh"
#include "run/InputError.hh"

int main(int argc, char** argv)
{
    using namespace fathom;
    CLI::App app{"compare_runs: two run outputs of one card within their MC errors"};
    std::string a_dir, b_dir;
    double max_pull = 5;
    app.add_option("a", a_dir, "First run output directory")->required();
    app.add_option("b", b_dir, "Second run output directory")->required();
    app.add_option("--max-pull", max_pull, "Largest |pull| still counted as agreement");
    CLI11_PARSE(app, argc, argv);
    try
    {
        Json const sa = read_json_file(std::filesystem::path(a_dir) / "summary.json");
        Json const sb = read_json_file(std::filesystem::path(b_dir) / "summary.json");
        double const xa = sa.at("cross_section_pb").get<double>(), xb = sb.at("cross_section_pb").get<double>();
        double const ea = sa.at("cross_section_error_pb").get<double>(), eb = sb.at("cross_section_error_pb").get<double>();
        double const pull = (xa - xb) / std::sqrt(ea * ea + eb * eb);
        std::filesystem::path const ha = std::filesystem::path(a_dir) / "histograms.h5";
        std::filesystem::path const hb = std::filesystem::path(b_dir) / "histograms.h5";
        std::vector<std::string> const names = list_histograms_hdf5(ha);
        if (names != list_histograms_hdf5(hb))
            throw InputError("the two outputs have different histograms");
        double worst = 0, chi2 = 0;
        std::size_t ndf = 0;
        bool identical = true;
        for (std::string const& n : names)
        {
            HistogramData const a = read_histogram_hdf5(ha, n), b = read_histogram_hdf5(hb, n);
            if (a.values.size() != b.values.size())
                throw InputError("histogram '" + n + "' has different bins in the two outputs");
            identical = identical && a.exact_sum_w == b.exact_sum_w && a.exact_sum_w2 == b.exact_sum_w2;
            for (std::size_t i = 0; i < a.values.size(); ++i)
            {
                double const v = a.variances[i] + b.variances[i];
                if (!(v > 0))
                    continue;
                double const p = (a.values[i] - b.values[i]) / std::sqrt(v);
                worst = std::max(worst, std::fabs(p));
                chi2 += p * p;
                ++ndf;
            }
        }
        bool const agree = std::fabs(pull) <= max_pull && worst <= max_pull;
        std::printf("cross_section_a_pb: %.10g\ncross_section_b_pb: %.10g\n", xa, xb);
        std::printf("cross_section_rel_diff: %.3e\ncross_section_pull: %.3f\n", (xa - xb) / xa, pull);
        std::printf("bins_compared: %zu\nmax_abs_bin_pull: %.3f\nchi2_per_ndf: %.3f\n", ndf, worst,
                    ndf > 0 ? chi2 / double(ndf) : 0.0);
        std::printf("bits_identical: %s\nagree: %s\n", identical ? "yes" : "no", agree ? "yes" : "no");
        return agree ? 0 : 1;
    }
    catch (std::exception const& e)
    {
        std::fprintf(stderr, "compare_runs: error: %s\n", e.what());
        return 2;
    }
}
