// Parameters of an axion-like particle (ALP) coupled only to photons, and of the e+e- processes
// that produce it.
//
// Model: a CP-odd scalar a of mass m_a with  L = -(g/4) a F_{mu nu} Ftilde^{mu nu},
// Ftilde^{mu nu} = (1/2) eps^{mu nu rho sigma} F_{rho sigma} (AlpPhotonVertex.hh). Its only decay is
// a -> gamma gamma with
//   Gamma(a -> gamma gamma) = g^2 m_a^3 / (64 pi)
// (|M|^2 summed over the photon helicities g^2 m_a^4 / 2, 1/2 for the identical photons, two-body
// phase space 1/(8 pi)). A width set explicitly stands for a total width with other (invisible)
// channels: the resonant |M|^2 then carries BR(a -> gamma gamma) = Gamma_gg / Gamma automatically.
//
// Lineshape of the resonant processes (e+e- -> gamma a(-> gamma gamma), e+e- -> e+e- a(-> gamma gamma)),
// see AlpLineshape.hh:
// - narrow_width (default): the Breit-Wigner is replaced by (pi / (m_a Gamma)) delta(p^2 - m_a^2); the
//   |M|^2 returned is the coefficient of that delta function, for momenta with m_gg = m_a.
// - breit_wigner: the full fixed-width propagator 1 / ((p^2 - m_a^2)^2 + m_a^2 Gamma^2) at any m_gg.
#pragma once

#include "fathom/base/Constants.hh"
#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"

namespace fathom
{
//! Partial width Gamma(a -> gamma gamma) = g^2 m^3 / (64 pi) in GeV (g in GeV^-1, m in GeV).
FATHOM_FORCEINLINE_FUNCTION constexpr real_type alp_diphoton_width(real_type mass, real_type coupling)
{
    return coupling * coupling * mass * mass * mass / (64 * constants::pi);
}

//! How the ALP propagator of a resonant process is treated (AlpLineshape.hh).
enum class AlpLineshape
{
    narrow_width,  //!< pi / (m Gamma) delta(p^2 - m^2): for on-shell ALP momenta
    breit_wigner,  //!< 1 / ((p^2 - m^2)^2 + m^2 Gamma^2), fixed width
};

struct AlpParams
{
    real_type mass{1};         //!< m_a in GeV (1 GeV: the benchmark of the reference data)
    real_type coupling{1e-4};  //!< g_{a gamma gamma} in GeV^-1 (1e-4: the reference data)
    //! Total width in GeV; 0 (default): the diphoton width g^2 m^3 / (64 pi), see width().
    real_type total_width{0};
    AlpLineshape lineshape{AlpLineshape::narrow_width};
    real_type alpha{constants::alpha_default};           //!< fine-structure constant, no running
    real_type electron_mass{constants::electron_mass};   //!< GeV; 0 for massless electrons

    //! The width used by the propagator: total_width if set (> 0), else Gamma(a -> gamma gamma).
    FATHOM_FORCEINLINE_FUNCTION constexpr real_type width() const
    {
        return total_width > 0 ? total_width : alp_diphoton_width(mass, coupling);
    }
    //! BR(a -> gamma gamma) = Gamma_gg / width().
    FATHOM_FORCEINLINE_FUNCTION constexpr real_type diphoton_branching_ratio() const
    {
        return alp_diphoton_width(mass, coupling) / this->width();
    }
};

//! Reference-data parameters (reference README): g = 1e-4 GeV^-1, massive electrons, alpha = 1/137.035999,
//! with the ALP mass given and the lineshape the reference 2 -> 4 files use (Breit-Wigner).
FATHOM_FORCEINLINE_FUNCTION constexpr AlpParams reference_alp_params(real_type mass)
{
    AlpParams p;
    p.mass = mass;
    p.lineshape = AlpLineshape::breit_wigner;
    return p;
}
}  // namespace fathom
