// Relative Fermi sign of a diagram from the order of its external fermions.
//
// Write each diagram as a product of fermion chains (row ... column), and list the external
// fermion labels in the order their spinors appear, row then column, chain after chain. Two
// diagrams' relative sign is the parity of the permutation between their lists, so each diagram
// gets sign = parity of its list relative to the sorted one. (Dirac fermions only; the choice of
// the reference order changes all signs together, which |M|^2 does not see.)
// Example, Bhabha with labels 0 = e+ in, 1 = e- in, 2 = e+ out, 3 = e- out:
//   s channel [vbar0 .. u1][ubar3 .. v2] -> {0, 1, 3, 2}: -1
//   t channel [ubar3 .. u1][vbar0 .. v2] -> {3, 1, 0, 2}: +1    (M = M_t - M_s)
#pragma once

#include "fathom/base/Macros.hh"

namespace fathom
{
//! (-1)^(number of inversions) of a sequence of distinct labels.
template<int N>
FATHOM_FORCEINLINE_FUNCTION constexpr int fermion_flow_sign(int const (&order)[N])
{
    int inversions = 0;
    for (int i = 0; i < N; ++i)
        for (int j = i + 1; j < N; ++j)
            inversions += order[i] > order[j] ? 1 : 0;
    return inversions % 2 == 0 ? 1 : -1;
}
}  // namespace fathom
