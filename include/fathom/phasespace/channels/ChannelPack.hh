// A fixed list of phase-space channels of different types, indexed at run time without
// virtual calls (device code): the multichannel sampler visits channel k by recursion.
#pragma once

#include "fathom/base/Macros.hh"
#include "fathom/base/Types.hh"

namespace fathom
{
/*!
 * Channels C... in a fixed order. Every channel has ndim(), map(x, out) -> W(x) and, where the
 * pack holds more than one channel, inverse(p, x) -> density g(p) (the other channels' points
 * must be located in each channel's own unit cube for the multichannel weight).
 *
 * visit(k, f) calls f(channel k) and returns its real_type result; 0 for k out of range.
 */
template<class... Cs>
struct ChannelPack;

template<>
struct ChannelPack<>
{
    static constexpr size_type size = 0;

    template<class F>
    FATHOM_FUNCTION real_type visit(size_type, F&&) const
    {
        return 0;
    }
};

template<class C, class... Rest>
struct ChannelPack<C, Rest...>
{
    static constexpr size_type size = 1 + sizeof...(Rest);

    C head;
    ChannelPack<Rest...> tail;

    template<class F>
    FATHOM_FUNCTION real_type visit(size_type k, F&& f) const
    {
        if (k == 0)
            return f(head);
        return tail.visit(k - 1, static_cast<F&&>(f));
    }
};

//! Build a pack from its channels, in order (aggregate initialisation with brace elision).
template<class... Cs>
FATHOM_FUNCTION ChannelPack<Cs...> make_channel_pack(Cs const&... cs)
{
    return ChannelPack<Cs...>{cs...};
}
}  // namespace fathom
