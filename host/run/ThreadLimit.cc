#include "ThreadLimit.hh"

#include <sched.h>

#include <cerrno>
#include <thread>

namespace fathom
{
unsigned affinity_cpu_count()
{
    // a mask large enough for the machine: grow it while the kernel says it is too small
    for (int ncpu = 1024; ncpu <= (1 << 20); ncpu *= 2)
    {
        cpu_set_t* set = CPU_ALLOC(ncpu);
        if (!set)
            break;
        std::size_t const size = CPU_ALLOC_SIZE(ncpu);
        CPU_ZERO_S(size, set);
        int const rc = sched_getaffinity(0, size, set);
        int const count = rc == 0 ? CPU_COUNT_S(size, set) : 0;
        CPU_FREE(set);
        if (rc == 0)
            return count > 0 ? static_cast<unsigned>(count) : 1u;
        if (errno != EINVAL)
            break;
    }
    unsigned const hw = std::thread::hardware_concurrency();
    return hw > 0 ? hw : 1u;
}

unsigned max_cpu_threads()
{
    return 4 * affinity_cpu_count();
}
}  // namespace fathom
