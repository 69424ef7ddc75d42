# The launch layer: the only place in the build that knows CUDA from OpenMP.
# kernels/DeviceRun.cu, the backend-neutral half, is compiled by nvcc (cuda) or, as C++, by the
# host compiler with Thrust's OpenMP device system (omp). The backend half is one launcher per
# backend (kernels/EventLauncher.hh): CudaEventLauncher.cu or CpuEventLauncher.cc, never both.
# Everything they include is FATHOM_FUNCTION code.
set(FATHOM_KERNEL_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/kernels/DeviceRun.cu)
if(FATHOM_BACKEND STREQUAL "cuda")
  list(APPEND FATHOM_KERNEL_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/kernels/CudaEventLauncher.cu)
  # The kernels of each process in a unit of their own (kernels/CudaProcessKernels.hh), so that
  # make -jN compiles them in parallel. Every ProcessId needs its entry (else a link error).
  foreach(FATHOM_CUDA_PROCESS ee_ee ee_eea ee_eeaa ee_aaa alp_fusion alp_photon)
    set(_unit ${CMAKE_CURRENT_BINARY_DIR}/kernels/CudaProcessKernels_${FATHOM_CUDA_PROCESS}.cu)
    configure_file(${CMAKE_CURRENT_SOURCE_DIR}/kernels/CudaProcessKernels.cu.in ${_unit} @ONLY)
    list(APPEND FATHOM_KERNEL_SOURCES ${_unit})
  endforeach()
else()
  list(APPEND FATHOM_KERNEL_SOURCES ${CMAKE_CURRENT_SOURCE_DIR}/kernels/CpuEventLauncher.cc)
endif()

add_library(fathom_device STATIC ${FATHOM_KERNEL_SOURCES})
target_link_libraries(fathom_device PUBLIC fathom_physics)
target_include_directories(fathom_device PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/kernels)

if(FATHOM_BACKEND STREQUAL "cuda")
  target_compile_definitions(fathom_device PUBLIC
    FATHOM_BACKEND_CUDA=1 THRUST_DEVICE_SYSTEM=THRUST_DEVICE_SYSTEM_CUDA)
  target_compile_options(fathom_device PRIVATE
    $<$<COMPILE_LANGUAGE:CUDA>:--expt-relaxed-constexpr --extended-lambda>)
  set_target_properties(fathom_device PROPERTIES CUDA_SEPARABLE_COMPILATION OFF)
  target_link_libraries(fathom_device PUBLIC CUDA::cudart_static)
else()
  set_source_files_properties(${FATHOM_KERNEL_SOURCES} PROPERTIES LANGUAGE CXX)
  target_compile_options(fathom_device PRIVATE -x c++)
  target_compile_definitions(fathom_device PUBLIC
    FATHOM_BACKEND_OMP=1 THRUST_DEVICE_SYSTEM=THRUST_DEVICE_SYSTEM_OMP)
  target_include_directories(fathom_device SYSTEM PUBLIC ${FATHOM_THRUST_INCLUDE_DIR})
  target_link_libraries(fathom_device PUBLIC OpenMP::OpenMP_CXX)
endif()
