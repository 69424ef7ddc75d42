// The channel set of the adaptive sampler for each process: which topologies are mapped.
#pragma once

#include "fathom/phasespace/Rambo.hh"
#include "fathom/phasespace/ResonanceSampler.hh"

#include "ChannelPack.hh"
#include "LeptonRadiationChannel.hh"
#include "PairAnnihilationChannel.hh"
#include "PairRadiationChannel.hh"
#include "TwoBodyChannel.hh"
#include "TwoPhotonFusionChannel.hh"
#include "UniformsChannel.hh"

namespace fathom
{
//! Parameters of every channel kind; each process uses the ones of its set.
struct AdaptiveChannelParams
{
    TwoBodyParams two_body;              //!< ee_ee
    TwoPhotonFusionParams fusion;        //!< ee_eeaa, alp_fusion (`first` set per channel)
    PairAnnihilationParams annihilation; //!< ee_eeaa, alp_fusion (`decay_axis` set per channel)
    LeptonRadiationParams radiation;     //!< ee_eeaa (`swap_photons` set per channel)
    PairRadiationParams pair_radiation;  //!< ee_eeaa (`radiating` set per channel)
    RamboParams rambo;                   //!< ee_eea, ee_aaa: VEGAS over RAMBO's uniforms
    ResonanceParams resonance;           //!< alp_photon: VEGAS over the resonance sampler's
    //! Polar-angle windows of the outgoing leptons about their own incoming beam (radians),
    //! from the CM-frame cuts: the fusion channel generates its first lepton inside it.
    real_type positron_theta_min{0};
    real_type positron_theta_max{3.14159265358979323846};
    real_type electron_theta_min{0};
    real_type electron_theta_max{3.14159265358979323846};
};

namespace detail
{
//! The fusion channel with the given lepton first, generated inside that lepton's window.
FATHOM_FUNCTION inline TwoPhotonFusionChannel fusion_channel(AdaptiveChannelParams const& p, FirstLepton first)
{
    TwoPhotonFusionParams f = p.fusion;
    f.first = first;
    bool const pos = first == FirstLepton::positron;
    f.first_theta_min = pos ? p.positron_theta_min : p.electron_theta_min;
    f.first_theta_max = pos ? p.positron_theta_max : p.electron_theta_max;
    return TwoPhotonFusionChannel{f};
}
}  // namespace detail

//! Bhabha: the polar angle inside the cut window (one channel; VEGAS follows 1/t^2).
using TwoBodyChannels = ChannelPack<TwoBodyChannel>;
FATHOM_FUNCTION inline TwoBodyChannels two_body_channels(AdaptiveChannelParams const& p)
{
    return {TwoBodyChannel{p.two_body}};
}
inline constexpr char const* two_body_channel_names[] = {"two_body"};

//! e+e- -> e+e- gamma gamma: the peripheral (two-photon fusion) topology with either lepton's
//! momentum transfer first; the annihilation topology (photon pair + lepton pair) with the
//! photon decay axis along the beam (s-channel) or along the positron or the electron (one
//! photon collinear with that lepton is a peak in one variable); final-state radiation, each
//! lepton radiating one photon (both assignments of the photons), where the 1/(p.k) soft-collinear
//! poles of the two emissions are the two cluster masses; and both photons off one lepton (the
//! photon pair in the mass window close to that lepton, where none of the others reaches).
using RadiativePairChannels
    = ChannelPack<TwoPhotonFusionChannel, TwoPhotonFusionChannel, PairAnnihilationChannel, PairAnnihilationChannel,
                  PairAnnihilationChannel, LeptonRadiationChannel, LeptonRadiationChannel, PairRadiationChannel,
                  PairRadiationChannel>;
FATHOM_FUNCTION inline RadiativePairChannels radiative_pair_channels(AdaptiveChannelParams const& p)
{
    PairAnnihilationParams ab = p.annihilation, ap = p.annihilation, ae = p.annihilation;
    ab.decay_axis = PhotonDecayAxis::beam;
    ap.decay_axis = PhotonDecayAxis::positron;
    ae.decay_axis = PhotonDecayAxis::electron;
    LeptonRadiationParams r1 = p.radiation, r2 = p.radiation;
    r1.swap_photons = false;
    r2.swap_photons = true;
    PairRadiationParams rp = p.pair_radiation, re = p.pair_radiation;
    rp.radiating = RadiatingLepton::positron;
    re.radiating = RadiatingLepton::electron;
    return {detail::fusion_channel(p, FirstLepton::positron), detail::fusion_channel(p, FirstLepton::electron),
            PairAnnihilationChannel{ab},
            PairAnnihilationChannel{ap},
            PairAnnihilationChannel{ae},
            LeptonRadiationChannel{r1},
            LeptonRadiationChannel{r2},
            PairRadiationChannel{rp},
            PairRadiationChannel{re}};
}
inline constexpr char const* radiative_pair_channel_names[]
    = {"fusion_positron_first", "fusion_electron_first", "annihilation_beam_axis",
       "annihilation_positron_axis", "annihilation_electron_axis", "radiation_k1_from_positron",
       "radiation_k2_from_positron", "pair_radiation_from_positron", "pair_radiation_from_electron"};

//! ALP signal e+e- -> e+e- a (narrow width: `fixed_mass` in both channel kinds): the peripheral
//! topology in both orderings (photon fusion, |t+| and |t-| small), and the annihilation
//! topology e+e- -> gamma* -> a gamma*, gamma* -> e+e- (the Dalitz-like ~1 / m_ee^2 of the
//! annihilation diagrams, which the fusion channels reach only in their tails). The photons
//! come from the isotropic decay of the scalar, so there is no photon-lepton collinear peak and
//! the beam axis is enough: lepton decay axes would map the same density.
using FusionChannels = ChannelPack<TwoPhotonFusionChannel, TwoPhotonFusionChannel, PairAnnihilationChannel>;
FATHOM_FUNCTION inline FusionChannels fusion_channels(AdaptiveChannelParams const& p)
{
    PairAnnihilationParams a = p.annihilation;
    a.decay_axis = PhotonDecayAxis::beam;
    return {detail::fusion_channel(p, FirstLepton::positron), detail::fusion_channel(p, FirstLepton::electron),
            PairAnnihilationChannel{a}};
}
inline constexpr char const* fusion_channel_names[]
    = {"fusion_positron_first", "fusion_electron_first", "annihilation_beam_axis"};

//! Processes without a dedicated channel: VEGAS over RAMBO's 4n uniforms.
using RamboChannels = ChannelPack<UniformsChannel<Rambo>>;
FATHOM_FUNCTION inline RamboChannels rambo_channels(AdaptiveChannelParams const& p)
{
    return {UniformsChannel<Rambo>{Rambo{p.rambo}, 4 * p.rambo.n}};
}
inline constexpr char const* rambo_channel_names[] = {"rambo"};

//! A narrow resonance (alp_photon): VEGAS over the production RAMBO and decay uniforms.
using ResonanceChannels = ChannelPack<UniformsChannel<ResonanceSampler>>;
FATHOM_FUNCTION inline ResonanceChannels resonance_channels(AdaptiveChannelParams const& p)
{
    size_type const n = 4 * p.resonance.production.n + (p.resonance.breit_wigner ? 3 : 2);
    return {UniformsChannel<ResonanceSampler>{ResonanceSampler{p.resonance}, n}};
}
inline constexpr char const* resonance_channel_names[] = {"resonance"};
}  // namespace fathom
