#include "DeviceMemoryCheck.hh"

#include <string>

#include "InputError.hh"
#include "fathom/pipeline/WeightSpectrum.hh"

namespace fathom
{
DeviceMemoryEstimate check_device_memory(RunSpec const& spec, DeviceSetupBuild const& build)
{
    DeviceMemoryEstimate const e = DeviceRun::estimate_memory(build.setup);
    bool const explicit_limit = spec.max_device_memory > 0;
    std::uint64_t const limit = explicit_limit ? spec.max_device_memory : e.available_bytes;
    if (e.total_bytes <= limit)
        return e;

    // bytes of one histogram over all replicas, as estimate_memory counts them
    std::uint64_t const per_bin = std::uint64_t{e.replicas} * 2 * sizeof(ExactSum);
    auto bytes = [&](std::uint64_t bins) {
        return bins != 0 && per_bin > ~std::uint64_t{0} / bins ? std::string("more than 2^64")
                                                               : std::to_string(bins * per_bin);
    };
    std::string list;
    for (std::size_t h = 0; h < build.histograms.size(); ++h)
    {
        list += (list.empty() ? "" : ", ") + ("'" + build.histograms[h].name + "' ")
                + std::to_string(build.setup.histograms[h].size) + " bins = " + bytes(build.setup.histograms[h].size)
                + " bytes";
    }
    list += (list.empty() ? "" : ", ") + std::string("weight spectrum ") + std::to_string(weight_spectrum_bins) + " bins = "
            + bytes(weight_spectrum_bins) + " bytes";
    std::string msg = spec.card_path + ": the run does not fit the device memory: its histograms need "
                      + std::to_string(e.histogram_bytes) + " bytes (" + list + "; bins x "
                      + std::to_string(e.replicas) + (e.replicas == 1 ? " replica" : " replicas")
                      + " x 2 sums x " + std::to_string(sizeof(ExactSum)) + " bytes)";
    if (e.training_bytes > 0)
        msg += ", the adaptive sampler " + std::to_string(e.training_bytes) + " bytes";
    if (e.local_memory_bytes > 0)
        msg += ", the kernels' stack (reserved by the CUDA runtime) " + std::to_string(e.local_memory_bytes) + " bytes";
    msg += ", " + std::to_string(e.total_bytes) + " bytes in all, more than the limit of "
           + std::to_string(limit) + " bytes ("
           + (explicit_limit ? std::string("--max-device-memory") : e.available_source)
           + "); use fewer or coarser bins" + (DeviceRun::backend_name() == std::string("omp") ? " or fewer threads" : "");
    throw InputError(msg);
}
}  // namespace fathom
