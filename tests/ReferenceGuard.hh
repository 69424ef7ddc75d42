// Tests that compare with the independent reference data (../shared/reference, MadGraph5 points)
// need that directory; a fresh clone of the project alone does not have it. Where it is absent
// those tests are skipped with a loud message, except under CI (environment CI set, as .ci/run
// runs), where the reference is always laid beside the clone and a missing one is a failure.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#ifndef FATHOM_REFERENCE_DIR
#    error "FATHOM_REFERENCE_DIR must be defined by the build (path of the reference data)"
#endif

namespace fathom::test
{
inline bool reference_directory_present()
{
    std::error_code ec;
    return std::filesystem::is_directory(FATHOM_REFERENCE_DIR, ec);
}

inline bool reference_required()
{
    char const* ci = std::getenv("CI");
    return ci && *ci && std::string(ci) != "0" && std::string(ci) != "false";
}

inline std::string reference_missing_message()
{
    return std::string("reference data ") + FATHOM_REFERENCE_DIR
           + " is absent: the comparison with the independent generator (MadGraph5) did NOT run";
}
//! For helpers that can go on without the reference points (symmetry checks on random points
//! as well): false, with a loud line, where the reference is absent; a failure under CI.
inline bool reference_points_available()
{
    if (reference_directory_present())
        return true;
    if (reference_required())
        ADD_FAILURE() << reference_missing_message() << " (CI requires it)";
    else
        std::fprintf(stderr, "*** %s: reference points left out, random points only ***\n",
                     reference_missing_message().c_str());
    return false;
}
}  // namespace fathom::test

//! At the top of a test that reads reference data: skip loudly without it (fail under CI).
#define FATHOM_SKIP_WITHOUT_REFERENCE()                                                        \
    do                                                                                         \
    {                                                                                          \
        if (!::fathom::test::reference_directory_present())                                   \
        {                                                                                      \
            if (::fathom::test::reference_required())                                         \
                FAIL() << ::fathom::test::reference_missing_message() << " (CI requires it)"; \
            std::fprintf(stderr, "\n*** SKIPPED: %s ***\n\n",                                 \
                         ::fathom::test::reference_missing_message().c_str());                 \
            GTEST_SKIP() << ::fathom::test::reference_missing_message();                       \
        }                                                                                      \
    } while (0)
