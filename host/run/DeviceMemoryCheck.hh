// Refuse a run whose histograms cannot fit the device before anything is allocated or written.
#pragma once

#include <cstdint>

#include "DeviceRun.hh"
#include "DeviceSetupBuilder.hh"
#include "RunSpec.hh"

namespace fathom
{
//! The run's memory estimate; throws InputError (one line: every histogram's bytes, the total
//! and the limit) if it needs more than spec.max_device_memory, or, where that is 0, more than
//! the backend reports free (omp: available physical memory; cuda: free device memory).
DeviceMemoryEstimate check_device_memory(RunSpec const& spec, DeviceSetupBuild const& build);
}  // namespace fathom
