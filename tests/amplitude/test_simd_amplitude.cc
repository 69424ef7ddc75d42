// SIMD across events: the radiative-Bhabha amplitudes evaluated on packs of events (SimdReal,
// SimdProcess) give, lane by lane, exactly the bits of the scalar code, also where the scalar
// code branches (beams along -z, photons along the axis, lanes of different kinds in one pack).
#include <cmath>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "ReferenceData.hh"
#include "fathom/amplitude/BhabhaAmplitude.hh"
#include "fathom/amplitude/RadiativeBhabhaAmplitude.hh"
#include "fathom/base/SimdReal.hh"
#include "fathom/process/SimdProcess.hh"

namespace fathom
{
namespace
{
using test::read_reference_table;
using test::ReferenceTable;

char const* const leg_names[] = {"ep_in", "em_in", "ep_out", "em_out", "a1", "a2"};

using Event = std::vector<FourVector>;

bool bit_equal(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0;
}

QedParams params_for(bool massive, bool ew)
{
    QedParams p = default_qed_params();
    p.electron_mass = massive ? constants::electron_mass : 0;
    p.z_exchange = ew;
    return p;
}

//! |M|^2 of every event, scalar and in packs (the last pack padded with the last event).
template<int N>
void evaluate_both(QedParams const& params, std::vector<Event> const& events, std::vector<double>& scalar,
                   std::vector<double>& packed)
{
    BasicRadiativeBhabhaFunctor<real_type, N> const one{params};
    BasicRadiativeBhabhaFunctor<SimdReal, N> const pack{params};
    scalar.clear();
    packed.clear();
    for (Event const& e : events)
        scalar.push_back(one(e.data()));
    for (std::size_t g = 0; g < events.size(); g += simd_lanes)
    {
        SimdFourVector legs[4 + N];
        for (int l = 0; l < simd_lanes; ++l)
        {
            Event const& e = events[std::min(g + l, events.size() - 1)];
            for (int k = 0; k < 4 + N; ++k)
                set_lane(legs[k], l, e[k]);
        }
        SimdReal const m = pack(legs);
        for (int l = 0; l < simd_lanes && g + l < events.size(); ++l)
            packed.push_back(m[l]);
    }
}

struct SimdReferenceCase
{
    char const* file;
    int n_photons;
    bool massive;
    bool ew;
};

void PrintTo(SimdReferenceCase const& c, std::ostream* os)
{
    *os << c.file;
}

class SimdReferenceTest : public testing::TestWithParam<SimdReferenceCase>
{
};

TEST_P(SimdReferenceTest, every_lane_has_the_scalar_bits)
{
    SimdReferenceCase const& c = GetParam();
    FATHOM_SKIP_WITHOUT_REFERENCE();
    ReferenceTable const table = read_reference_table(c.file);
    ASSERT_TRUE(table.ok) << table.error;
    std::vector<Event> events;
    for (std::size_t r = 0; r < table.rows.size(); ++r)
    {
        Event e;
        for (int i = 0; i < 4 + c.n_photons; ++i)
            e.push_back(table.momentum(r, leg_names[i]));
        events.push_back(e);
    }
    std::vector<double> scalar, packed;
    QedParams const params = params_for(c.massive, c.ew);
    if (c.n_photons == 1)
        evaluate_both<1>(params, events, scalar, packed);
    else
        evaluate_both<2>(params, events, scalar, packed);
    ASSERT_EQ(scalar.size(), packed.size());
    int const me2_col = table.column("me2");
    for (std::size_t r = 0; r < scalar.size(); ++r)
    {
        EXPECT_TRUE(bit_equal(scalar[r], packed[r])) << c.file << " row " << r << ": scalar " << scalar[r]
                                                     << " lane " << packed[r];
        // and both are the reference's value (the tolerance of the reference README)
        EXPECT_LT(std::fabs(packed[r] / table.rows[r][me2_col] - 1), 1e-10) << c.file << " row " << r;
    }
}

INSTANTIATE_TEST_SUITE_P(
    ee_eea_and_ee_eeaa,
    SimdReferenceTest,
    testing::Values(SimdReferenceCase{"ee_eea_massive_qed_rambo.csv", 1, true, false},
                    SimdReferenceCase{"ee_eea_massive_ew_rambo.csv", 1, true, true},
                    SimdReferenceCase{"ee_eea_massless_qed_rambo.csv", 1, false, false},
                    SimdReferenceCase{"ee_eea_massless_ew_cuts.csv", 1, false, true},
                    SimdReferenceCase{"ee_eeaa_massive_qed_rambo.csv", 2, true, false},
                    SimdReferenceCase{"ee_eeaa_massive_qed_cuts.csv", 2, true, false},
                    SimdReferenceCase{"ee_eeaa_massive_ew_rambo.csv", 2, true, true},
                    SimdReferenceCase{"ee_eeaa_massless_qed_rambo.csv", 2, false, false},
                    SimdReferenceCase{"ee_eeaa_massless_ew_rambo.csv", 2, false, true}),
    [](testing::TestParamInfo<SimdReferenceCase> const& info) {
        std::string name = info.param.file;
        return name.substr(0, name.find('.'));
    });

//! The event rotated so that leg `leg` points exactly along sign * z (a Lorentz transformation:
//! |M|^2 is unchanged up to rounding, and the spinors and polarisations take their axis branch).
Event rotated_onto_axis(Event const& e, int leg, double sign)
{
    FourVector const& k = e[leg];
    double const kmag = std::sqrt(k.px * k.px + k.py * k.py + k.pz * k.pz);
    // rotation taking n = k/|k| to sign*z: Rodrigues' formula about n x (sign z)
    double const nx = k.px / kmag, ny = k.py / kmag, nz = k.pz / kmag;
    double const ax = ny * sign, ay = -nx * sign;  // n x (0, 0, sign)
    double const s = std::sqrt(ax * ax + ay * ay), c = nz * sign;
    Event r;
    for (FourVector const& p : e)
    {
        double const ux = ax / s, uy = ay / s;
        double const dot = ux * p.px + uy * p.py;
        // v cos + (u x v) sin + u (u.v)(1 - cos), u = (ux, uy, 0)
        double const cx = uy * p.pz, cy = -ux * p.pz, cz = ux * p.py - uy * p.px;
        r.push_back({p.e, p.px * c + cx * s + ux * dot * (1 - c), p.py * c + cy * s + uy * dot * (1 - c),
                     p.pz * c + cz * s});
    }
    r[leg] = {k.e, 0, 0, sign * k.e};  // exactly on the axis (a photon: |k| = E)
    return r;
}

TEST(SimdAmplitude, axis_branches_in_mixed_packs)
{
    FATHOM_SKIP_WITHOUT_REFERENCE();
    ReferenceTable const table = read_reference_table("ee_eeaa_massive_qed_cuts.csv");
    ASSERT_TRUE(table.ok) << table.error;
    QedParams const params = params_for(true, false);
    std::vector<Event> events, originals;
    for (std::size_t r = 0; r < 6; ++r)
    {
        Event e;
        for (int i = 0; i < 6; ++i)
            e.push_back(table.momentum(r, leg_names[i]));
        originals.push_back(e);
        // alternate plain lanes, photons along +z and along -z
        events.push_back(r % 3 == 0 ? e : rotated_onto_axis(e, 4 + int(r % 2), r % 3 == 1 ? 1.0 : -1.0));
    }
    std::vector<double> scalar, packed;
    evaluate_both<2>(params, events, scalar, packed);
    DoubleRadiativeBhabhaAmplitude const one{params};
    for (std::size_t r = 0; r < events.size(); ++r)
    {
        EXPECT_TRUE(bit_equal(scalar[r], packed[r])) << "event " << r;
        // Lorentz invariance: the rotated event's |M|^2 is the original's
        double const original = one(originals[r].data());
        EXPECT_LT(std::fabs(packed[r] / original - 1), 1e-9) << "event " << r;
    }
}

TEST(SimdAmplitude, process_form_matches_the_process)
{
    using Process = AmplitudeProcess<DoubleRadiativeBhabhaAmplitude, 2, 2>;
    static_assert(SimdProcess<Process>::available);
    static_assert(!SimdProcess<AmplitudeProcess<BhabhaAmplitude, 2, 0>>::available);
    Process const process{{params_for(true, false)}};
    SimdProcess<Process> const simd{process};
    FATHOM_SKIP_WITHOUT_REFERENCE();
    ReferenceTable const table = read_reference_table("ee_eeaa_massive_qed_rambo.csv");
    ASSERT_TRUE(table.ok) << table.error;
    SimdFourVector legs[6];
    for (int l = 0; l < simd_lanes; ++l)
        for (int i = 0; i < 6; ++i)
            set_lane(legs[i], l, table.momentum(static_cast<std::size_t>(l), leg_names[i]));
    SimdReal const m = simd(legs);
    for (int l = 0; l < simd_lanes; ++l)
    {
        FourVector p[6];
        for (int i = 0; i < 6; ++i)
            p[i] = table.momentum(static_cast<std::size_t>(l), leg_names[i]);
        EXPECT_TRUE(bit_equal(process.amplitude(p), m[l])) << "lane " << l;
    }
}
}  // namespace
}  // namespace fathom
