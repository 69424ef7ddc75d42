#include "Ranks.hh"

#include <cstdio>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include <unistd.h>

#include "ExactRunState.hh"
#include "ThreadLimit.hh"

#if FATHOM_MPI
#    define OMPI_SKIP_MPICXX 1  // the C API only: no C++ bindings to link
#    define MPICH_SKIP_MPICXX 1
#    include <mpi.h>
#endif

namespace fathom
{
namespace
{
RankInfo info;
bool started = false;

#if FATHOM_MPI
//! 256-bit two's-complement addition with carries, element by element: the exact sums' rule.
extern "C" void add_exact_sums(void* in, void* inout, int* len, MPI_Datatype*)
{
    auto const* a = static_cast<ExactSum const*>(in);
    auto* b = static_cast<ExactSum*>(inout);
    for (int i = 0; i < *len; ++i)
        merge(b[i], a[i]);
}

MPI_Datatype exact_type = MPI_DATATYPE_NULL;
MPI_Op exact_op = MPI_OP_NULL;

void check(int err, char const* what)
{
    if (err != MPI_SUCCESS)
        throw std::runtime_error(std::string("MPI: ") + what + " failed");
}

//! Allreduce of exact sums in chunks below INT_MAX elements.
void allreduce_sums(ExactSum* data, std::size_t n)
{
    std::size_t const chunk = std::size_t{1} << 24;
    for (std::size_t i = 0; i < n; i += chunk)
    {
        int const len = static_cast<int>(std::min(chunk, n - i));
        check(MPI_Allreduce(MPI_IN_PLACE, data + i, len, exact_type, exact_op, MPI_COMM_WORLD), "MPI_Allreduce");
    }
}
#endif
}  // namespace

bool mpi_built()
{
    return FATHOM_MPI != 0;
}

void init_ranks([[maybe_unused]] int& argc, [[maybe_unused]] char**& argv)
{
#if FATHOM_MPI
    bool const launched = std::getenv("OMPI_COMM_WORLD_SIZE") || std::getenv("PMI_SIZE") || std::getenv("PMIX_RANK");
    if (!launched || started)
        return;
    int provided = 0;
    check(MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided), "MPI_Init_thread");
    started = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &info.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &info.size);
    MPI_Comm local;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, info.rank, MPI_INFO_NULL, &local);
    MPI_Comm_rank(local, &info.local_rank);
    MPI_Comm_size(local, &info.local_size);
    MPI_Comm_free(&local);
    check(MPI_Type_contiguous(ExactSum::num_limbs, MPI_UINT64_T, &exact_type), "MPI_Type_contiguous");
    check(MPI_Type_commit(&exact_type), "MPI_Type_commit");
    check(MPI_Op_create(&add_exact_sums, 1, &exact_op), "MPI_Op_create");
    if (info.rank != 0 && !std::freopen("/dev/null", "w", stdout))
        std::fprintf(stderr, "fathom: rank %d: cannot silence stdout\n", info.rank);
#endif
}

void finalize_ranks()
{
#if FATHOM_MPI
    if (!started)
        return;
    started = false;
    MPI_Op_free(&exact_op);
    MPI_Type_free(&exact_type);
    MPI_Finalize();
#endif
}

RankInfo const& ranks()
{
    return info;
}

int device_for_local_rank(int local_rank, int device_count)
{
    if (device_count <= 0)
        throw std::invalid_argument("no device to map rank " + std::to_string(local_rank) + " to");
    return local_rank % device_count;
}

unsigned threads_for_rank(unsigned requested)
{
    if (requested > 0 || info.local_size <= 1)
        return requested;
    long const online = ::sysconf(_SC_NPROCESSORS_ONLN);
    unsigned const mask = affinity_cpu_count();
    if (online > 0 && mask < static_cast<unsigned long>(online))
        return mask;  // the launcher bound this rank to its share
    unsigned const share = mask / static_cast<unsigned>(info.local_size);
    return share > 0 ? share : 1;
}

#if FATHOM_MPI
namespace
{
void allreduce_tally(RunTally& t)
{
    ExactSum sums[2] = {t.sum_w, t.sum_w2};
    allreduce_sums(sums, 2);
    t.sum_w = sums[0];
    t.sum_w2 = sums[1];
    TallyCounts counts = tally_counts(t);
    check(MPI_Allreduce(MPI_IN_PLACE, counts.data(), static_cast<int>(counts.size()), MPI_UINT64_T, MPI_SUM,
                        MPI_COMM_WORLD),
          "MPI_Allreduce");
    set_tally_counts(t, counts);
    // non-negative doubles' bit patterns order as the doubles do
    check(MPI_Allreduce(MPI_IN_PLACE, &t.max_weight_bits, 1, MPI_UINT64_T, MPI_MAX, MPI_COMM_WORLD), "MPI_Allreduce");
}
}  // namespace
#endif

void allreduce_exact([[maybe_unused]] DeviceRunResult& r)
{
#if FATHOM_MPI
    if (info.size <= 1)
        return;
    allreduce_sums(r.sum_w.data(), r.sum_w.size());
    allreduce_sums(r.sum_w2.data(), r.sum_w2.size());
    allreduce_tally(r.tally);
#endif
}

void allreduce_exact([[maybe_unused]] TrainingSums& t)
{
#if FATHOM_MPI
    if (info.size <= 1)
        return;
    for (auto* v : {&t.grid_value, &t.grid_weight, &t.channel_value, &t.channel_count})
        allreduce_sums(v->data(), v->size());
    allreduce_tally(t.tally);
#endif
}

void abort_ranks([[maybe_unused]] int code)
{
#if FATHOM_MPI
    if (info.size > 1)
    {
        std::fflush(stdout);
        std::fflush(stderr);
        MPI_Abort(MPI_COMM_WORLD, code);
    }
#endif
}

int agree_on_status(int code)
{
#if FATHOM_MPI
    if (info.size > 1)
        check(MPI_Allreduce(MPI_IN_PLACE, &code, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD), "MPI_Allreduce");
#endif
    return code;
}
}  // namespace fathom
