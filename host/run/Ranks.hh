// MPI ranks (OpenMPI or any MPI launcher): which share of a run this process generates, and the
// exact reductions that make K ranks give one process's bits. Without MPI (not built, or not
// started by a launcher) there is one rank and every call here is a no-op.
//
// A run's production events are split by rank as streams are (EventRange.hh): rank r of K
// generates [first + r n / K, first + (r + 1) n / K) of each segment of n events (the whole run,
// or each stop-rule interval), and the ranks' exact sums are added with a user-defined MPI
// reduction that carries between the 64-bit limbs (MPI_SUM on the limbs would drop carries).
// Every rank ends with the same sums (allreduce), so every rank takes the same decisions (scan
// stop rules, importance maps); rank 0 alone writes outputs (OutputDirectory.hh).
#pragma once

#include <cstdint>

#include "DeviceRun.hh"

namespace fathom
{
struct RankInfo
{
    int rank{0};
    int size{1};
    int local_rank{0};  //!< among the ranks on this node (MPI_COMM_TYPE_SHARED)
    int local_size{1};
};

//! Thrown on the ranks whose work ended because another rank failed (that rank reports why);
//! main exits with \p code and prints nothing.
struct RankFailure
{
    int code{1};
};

//! Built with MPI (CMake found it)?
bool mpi_built();

//! Start MPI if built with it and this process was started by an MPI launcher (OpenMPI's
//! mpirun, PMI, PMIx: their environment variables). Call once, first thing in main. Non-root
//! ranks' stdout goes to /dev/null (one result table per job).
void init_ranks(int& argc, char**& argv);
//! MPI_Finalize if MPI was started (atexit-safe; call before returning from main).
void finalize_ranks();

RankInfo const& ranks();

//! The device a rank uses on a node with \p device_count devices: local rank modulo the count
//! (CUDA_VISIBLE_DEVICES, if set, has already renumbered the devices the rank can see).
int device_for_local_rank(int local_rank, int device_count);

//! CPU threads for a run that asked for all (threads = 0): the process's affinity mask if the
//! launcher bound it to part of the node, else the node's CPUs shared by its local ranks.
unsigned threads_for_rank(unsigned requested);

//! Add every rank's sums into every rank's \p r, exactly (no-op with one rank).
void allreduce_exact(DeviceRunResult& r);
//! The same for an adaptation iteration's training sums (collective adaptation).
void allreduce_exact(TrainingSums& t);

//! End every rank of the job with \p code (MPI_Abort): after an error on one rank, the others
//! may wait in a collective for it forever. No-op with one rank.
void abort_ranks(int code);

//! The largest of every rank's \p code: a failure on one rank becomes every rank's, so that no
//! rank waits in a collective for one that gave up (no-op with one rank: returns \p code).
int agree_on_status(int code);
}  // namespace fathom
