// Host/device annotations: the one place that knows whether nvcc is compiling.
#pragma once

#if defined(__CUDACC__)
#    define FATHOM_FUNCTION __host__ __device__
#    define FATHOM_FORCEINLINE __forceinline__
#else
#    define FATHOM_FUNCTION
#    define FATHOM_FORCEINLINE inline __attribute__((always_inline))
#endif

//! Host+device function that should always be inlined (small physics helpers).
#define FATHOM_FORCEINLINE_FUNCTION FATHOM_FUNCTION FATHOM_FORCEINLINE

//! Keep a large device function out of line: a matrix element or sampler used by several
//! kernels is then compiled once per module instead of once per kernel (ptxas time), and the
//! kernels' register allocation is split at the call. No effect on host code.
#if defined(__CUDA_ARCH__)
#    define FATHOM_DEVICE_NOINLINE __noinline__
#else
#    define FATHOM_DEVICE_NOINLINE
#endif

//! True while compiling device code (nvcc device pass); false on the host.
#if defined(__CUDA_ARCH__)
#    define FATHOM_DEVICE_COMPILE 1
#else
#    define FATHOM_DEVICE_COMPILE 0
#endif
