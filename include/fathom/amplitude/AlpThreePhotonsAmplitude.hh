// e+(p0) e-(p1) -> gamma gamma gamma through the ALP: e+e- -> gamma a*, a* -> gamma gamma.
//
// Breit-Wigner (AlpLineshape::breit_wigner): the full amplitude of the three identical photons is
// the coherent sum of the three ways of choosing the recoil photon i (the other two, j and k,
// come from the ALP):
//   i M = sum_i  [e+e- -> gamma_i a*](s_a = D_jk),
//   D_jk = i / (p_jk^2 - m^2 + i m Gamma) x i g eps(-k_j, eps*_j, -k_k, eps*_k),
// p_jk = k_j + k_k (AlpPhotonAmplitude.hh for the production, AlpPhotonVertex.hh, ScalarPropagator.hh);
// me2 = |M|^2 summed over the photon helicities, averaged over the 4 initial helicities, divided by
// 3! = 6 for the identical photons; GeV^-4. Valid at any m_gg (away from the resonance the other
// pairings and their interference matter at the level the Breit-Wigner suppresses them).
//
// Narrow width (AlpLineshape::narrow_width, the default of AlpParams): photons ordered, p[2] the
// recoil photon and p[3], p[4] the ALP decay photons with (p[3] + p[4])^2 = m_a^2;
//   me2 = me2(e+e- -> gamma a) x (pi / (m Gamma)) x g^2 m^4 / 2 x 1/2,
// the coefficient of delta((p3 + p4)^2 - m^2) (AlpLineshape.hh: 1/2 = 3 x 1/3!, the three resonant
// pairings of the unordered phase space; their interference vanishes in the narrow-width limit).
// Integrated with (dp^2/2pi) it gives sigma(e+e- -> gamma a) x BR(a -> gamma gamma).
#pragma once

#include "fathom/base/Complex.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"
#include "fathom/kinematics/FourVector.hh"

#include "AlpLineshape.hh"
#include "AlpParams.hh"
#include "AlpPhotonAmplitude.hh"
#include "AlpPhotonVertex.hh"
#include "ComplexFourVector.hh"
#include "DiracWavefunctions.hh"
#include "ElectroweakCouplings.hh"
#include "HelicityConfigurations.hh"
#include "PolarizationVectors.hh"
#include "ScalarPropagator.hh"

namespace fathom
{
struct AlpThreePhotonsAmplitude
{
    AlpParams params;

    /*!
     * p[0] = e+ in, p[1] = e- in, p[2], p[3], p[4] = photons (GeV, any frame). The lineshape of
     * params selects breit_wigner_me2 or narrow_width_me2.
     */
    FATHOM_FUNCTION real_type operator()(FourVector const* p) const
    {
        return params.lineshape == AlpLineshape::narrow_width ? this->narrow_width_me2(p) : this->breit_wigner_me2(p);
    }

    //! Coherent sum of the three pairings with the fixed-width propagator, 1/3! (any momenta).
    FATHOM_FUNCTION real_type breit_wigner_me2(FourVector const* p) const;

    //! Coefficient of delta((p3 + p4)^2 - m^2): p[2] the recoil photon, p[3], p[4] from the ALP.
    FATHOM_FUNCTION real_type narrow_width_me2(FourVector const* p) const;

    //! me2(e+e- -> gamma a) with photon p[2] and the ALP momentum p[3] + p[4].
    FATHOM_FUNCTION real_type production_me2(FourVector const* p) const;

    /*!
     * i M (Breit-Wigner, all three pairings) for e+ helicity h_ep, e- helicity h_em and the
     * outgoing photons' wavefunctions photon[0..2] (eps*, or a momentum for a Ward-identity check).
     */
    FATHOM_FUNCTION Complex amplitude(FourVector const* p, int h_ep, int h_em, ComplexFourVector const* photon) const;
};

namespace detail
{
//! Off-shell ALP from the photons (kj, wj), (kk, wk): i / (p^2 - m^2 + i m Gamma) x i g eps(-kj, wj, -kk, wk).
FATHOM_FORCEINLINE_FUNCTION Complex alp_from_photon_pair(FourVector const& kj,
                                                         ComplexFourVector const& wj,
                                                         FourVector const& kk,
                                                         ComplexFourVector const& wk,
                                                         AlpParams const& params)
{
    ScalarPropagator const propagate{params.mass, params.width()};
    return propagate(alp_vertex_scalar(-kj, wj, -kk, wk, params.coupling), kj + kk);
}
}  // namespace detail

FATHOM_FUNCTION inline real_type AlpThreePhotonsAmplitude::production_me2(FourVector const* p) const
{
    FourVector const two_to_two[4] = {p[0], p[1], p[2], p[3] + p[4]};
    return AlpPhotonAmplitude{params}(two_to_two);
}

FATHOM_FUNCTION inline real_type AlpThreePhotonsAmplitude::narrow_width_me2(FourVector const* p) const
{
    AlpParams nw = params;
    nw.lineshape = AlpLineshape::narrow_width;
    // 1/2 = 3 resonant pairings x 1/3! (identical photons)
    return this->production_me2(p) * alp_diphoton_resonance_factor(mass2(p[3] + p[4]), nw) / 2;
}

FATHOM_FUNCTION inline Complex AlpThreePhotonsAmplitude::amplitude(FourVector const* p,
                                                                   int h_ep,
                                                                   int h_em,
                                                                   ComplexFourVector const* photon) const
{
    real_type const m = params.electron_mass;
    ChiralCoupling const coupling = electron_photon_coupling(elementary_charge(params.alpha));
    BarSpinor const vbar = incoming_antifermion(p[0], m, h_ep);
    Spinor const u = incoming_fermion(p[1], m, h_em);
    FourVector const q = p[0] + p[1];
    FourVector const* k = p + 2;
    Complex sum{};
    for (int i = 0; i < 3; ++i)
    {
        int const j = (i + 1) % 3;
        int const l = (i + 2) % 3;
        ComplexFourVector const recoil = detail::alp_photon_recoil_current(vbar, u, q, k[i], coupling, params.coupling);
        sum += dot(recoil, photon[i]) * detail::alp_from_photon_pair(k[j], photon[j], k[l], photon[l], params);
    }
    return sum;
}

FATHOM_FUNCTION inline real_type AlpThreePhotonsAmplitude::breit_wigner_me2(FourVector const* p) const
{
    real_type const m = params.electron_mass;
    bool const massless = (m == 0);
    ChiralCoupling const coupling = electron_photon_coupling(elementary_charge(params.alpha));
    DiracHelicityBasis const basis_ep = dirac_helicity_basis(p[0], m);
    DiracHelicityBasis const basis_em = dirac_helicity_basis(p[1], m);
    FourVector const q = p[0] + p[1];
    FourVector const* k = p + 2;

    ComplexFourVector pol[3][2];  // [photon][helicity slot]
    for (int i = 0; i < 3; ++i)
        for (size_type h = 0; h < 2; ++h)
            pol[i][h] = outgoing_polarization_vector(k[i], slot_helicity(h));
    // Off-shell ALP of the pair left by recoil photon i: [i][slot of photon i+1][slot of photon i+2]
    Complex alp[3][2][2];
    for (int i = 0; i < 3; ++i)
    {
        int const j = (i + 1) % 3;
        int const l = (i + 2) % 3;
        for (size_type a = 0; a < 2; ++a)
            for (size_type b = 0; b < 2; ++b)
                alp[i][a][b] = detail::alp_from_photon_pair(k[j], pol[j][a], k[l], pol[l][b], params);
    }

    real_type sum = 0;
    for (size_type h_ep = 0; h_ep < 2; ++h_ep)
    {
        for (size_type h_em = 0; h_em < 2; ++h_em)
        {
            if (detail::beam_current_vanishes(massless, slot_helicity(h_ep), slot_helicity(h_em)))
                continue;
            BarSpinor const vbar = incoming_antifermion(basis_ep, slot_helicity(h_ep));
            Spinor const u = incoming_fermion(basis_em, slot_helicity(h_em));
            Complex production[3][2];  // [recoil photon][its helicity slot]
            for (int i = 0; i < 3; ++i)
            {
                ComplexFourVector const recoil
                    = detail::alp_photon_recoil_current(vbar, u, q, k[i], coupling, params.coupling);
                production[i][0] = dot(recoil, pol[i][0]);
                production[i][1] = dot(recoil, pol[i][1]);
            }
            for (size_type config = 0; config < 8; ++config)
            {
                size_type const h[3] = {helicity_slot(config, 0), helicity_slot(config, 1), helicity_slot(config, 2)};
                Complex amp{};
                for (int i = 0; i < 3; ++i)
                    amp += production[i][h[i]] * alp[i][h[(i + 1) % 3]][h[(i + 2) % 3]];
                sum += norm2(amp);
            }
        }
    }
    // Average over the 2 x 2 initial helicities; 1/3! for the identical photons
    return sum / (4 * 6);
}
}  // namespace fathom
