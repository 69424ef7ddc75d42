// RunSpec (host, names and degrees) -> DeviceRunSetup (device, slots and radians).
#pragma once

#include <vector>

#include "DeviceRun.hh"
#include "ObservableNames.hh"
#include "RunSpec.hh"

namespace fathom
{
struct DeviceSetupBuild
{
    DeviceRunSetup setup;
    //! Histogram specs with every axis label filled in (from the observable if not given).
    std::vector<HistogramSpec> histograms;
};

//! Translate a validated spec; throws InputError for names that do not fit the process.
DeviceSetupBuild build_device_setup(RunSpec const& spec);
}  // namespace fathom
