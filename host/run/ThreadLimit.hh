// How many CPU threads a run may ask for. Far more threads than CPUs only oversubscribes them,
// and tens of thousands make libgomp fail ("Thread creation failed") or crash.
#pragma once

namespace fathom
{
//! CPUs in this process's affinity mask (sched_getaffinity: taskset, cgroups, batch slots),
//! at least 1.
unsigned affinity_cpu_count();

//! The most threads run.threads / --threads accept: 4 x affinity_cpu_count().
unsigned max_cpu_threads();
}  // namespace fathom
