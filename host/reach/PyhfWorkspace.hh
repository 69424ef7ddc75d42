// The reach model as a pyhf HistFactory JSON workspace (pyhf's workspace.json schema, 1.0.0),
// so that any limit fathom quotes can be redone with pyhf.Workspace(json).model():
// - one channel; sample "signal" (s_i at g_ref) with normfactor "mu";
// - sample "background" (b_i) with staterror "staterror_<channel>" (data sqrt(v_i), absolute;
//   omitted when every v_i is 0) and, when set, normsys "background_norm" (hi = 1 + d,
//   lo = 1 - d; pyhf's default interpolation, code 4);
// - the kept bins of ReachBins only (no bins without expected events; floored bins carry the
//   floor), observations = the Asimov background-only counts b_i;
// - measurement with POI mu, bounds [0, mu_upper_bound]: pyhf's default [0, 10] can sit below
//   a limit, and q~_mu needs the lower bound 0.
#pragma once

#include <string>

#include "ReachBins.hh"
#include "io/JsonFile.hh"

namespace fathom
{
struct PyhfWorkspaceOptions
{
    std::string channel{"reach"};
    std::string measurement{"reach_expected"};
    double mu_upper_bound{10};
};

Json make_pyhf_workspace(ReachBins const& bins, PyhfWorkspaceOptions const& options = {});
}  // namespace fathom
