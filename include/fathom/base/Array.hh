// Fixed-size array usable in host and device code (std::array's members are not __device__).
#pragma once

#include "Macros.hh"
#include "Types.hh"

namespace fathom
{
template<class T, size_type N>
struct Array
{
    T data_[N];

    FATHOM_FORCEINLINE_FUNCTION T& operator[](size_type i) { return data_[i]; }
    FATHOM_FORCEINLINE_FUNCTION T const& operator[](size_type i) const { return data_[i]; }
    FATHOM_FORCEINLINE_FUNCTION static constexpr size_type size() { return N; }
    FATHOM_FORCEINLINE_FUNCTION T* data() { return data_; }
    FATHOM_FORCEINLINE_FUNCTION T const* data() const { return data_; }
};
}  // namespace fathom
