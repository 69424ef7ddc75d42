# The launch layer: the only place in the build that knows CUDA from OpenMP.
# kernels/*.cu are compiled by nvcc (cuda) or, as C++, by the host compiler with Thrust's
# OpenMP device system (omp). Everything they include is FATHOM_FUNCTION code.
file(GLOB FATHOM_KERNEL_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/kernels/*.cu)

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
