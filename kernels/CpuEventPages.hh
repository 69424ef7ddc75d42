// CPU launch layer: a chunk of events in pages, so that the matrix elements of a page's
// selected events are evaluated together, one event per SIMD lane (SimdProcess.hh).
//
// Per page: sample and select every event (one at a time: samplers branch a lot), gather the
// selected events' momenta lane by lane into packs, evaluate |M|^2 pack by pack (and, where the
// run histograms llr_alp, that observable's background |M|^2 the same way:
// SimdAlpLikelihoodRatio.hh; a process without a SIMD form then has its own |M|^2 evaluated one
// event at a time within the page), then finish (weights, observables) and record each event. The last
// pack of a page repeats its last event in the unused lanes (their values are dropped). Every sum
// is exact, so recording in this order gives the same bits as one event at a time; and each
// lane's |M|^2 equals the scalar code's (tested in tests/amplitude), so the paged run is
// bit-identical to the event-by-event one. Host only (omp backend); the GPU runs one event per
// thread.
#pragma once

#include <algorithm>
#include <optional>

#include "fathom/observables/SimdAlpLikelihoodRatio.hh"
#include "fathom/pipeline/EventGenerator.hh"
#include "fathom/pipeline/RunTally.hh"
#include "fathom/process/SimdProcess.hh"

namespace fathom
{
//! Does the generator's process have a SIMD form (then run_paged_events applies)?
template<class Generator>
inline constexpr bool has_simd_process = SimdProcess<typename Generator::process_type>::available;

//! Can run_paged_events run the generator's events: a SIMD |M|^2, or llr_alp's SIMD stage (then
//! the process's own |M|^2 is evaluated one event at a time within the page).
template<class Generator>
inline constexpr bool has_paged_form = has_simd_process<Generator> || has_alp_llr<typename Generator::process_type>;

//! Does the run's llr_alp go through the pages' SIMD stage: in its histograms, and not already
//! evaluated before the selection for a cut (one event at a time).
inline bool llr_stage_on(AlpLikelihoodRatioParams const& llr) { return llr.enabled && !llr.in_cuts; }

//! Does this run gain from pages: a SIMD |M|^2, or llr_alp's SIMD stage.
template<class Generator>
bool pages_pay(Generator const& generate)
{
    if constexpr (has_simd_process<Generator>)
        return true;
    else
        return llr_stage_on(generate.params->alp_llr);
}

//! Events per page: a multiple of the SIMD width, large enough that the padded last pack of a
//! page costs little, small enough that a page's state stays in the core's L2 cache.
inline constexpr int cpu_page_events = 16 * simd_lanes;

//! llr_alp of the selected events sampled[index[0..n)] in one pack (n <= simd_lanes).
template<class Sampled>
void alp_llr_stage(SimdAlpLikelihoodRatio const& llr, Sampled* sampled, int const* index, int n)
{
    Event const* events[simd_lanes];
    real_type values[simd_lanes];
    for (int l = 0; l < n; ++l)
        events[l] = &sampled[index[l]].ev;
    llr(events, n, values);
    for (int l = 0; l < n; ++l)
    {
        sampled[index[l]].alp_llr = values[l];
        sampled[index[l]].has_alp_llr = true;
    }
}

/*!
 * Generate and record events [begin, end) page by page with SIMD matrix elements.
 * record(result, tally) records one event (histograms or training sums, and the tally).
 */
template<class Generator, class Record>
void run_paged_events(Generator const& generate, Record const& record, RunTally& tally,
                      event_index_type begin, event_index_type end)
{
    using Process = typename Generator::process_type;
    using Simd = SimdProcess<Process>;
    using Sampled = typename Generator::Sampled;
    constexpr int lanes = simd_lanes;
    constexpr int page = cpu_page_events;
    constexpr size_type num_final = Process::num_final;

    std::optional<SimdAlpLikelihoodRatio> llr;
    if (llr_stage_on(generate.params->alp_llr))
        llr.emplace(AlpLikelihoodRatio{&generate.params->alp_llr, generate.params->beams});
    Sampled sampled[page];
    EventResult results[page];
    int selected[page];

    for (event_index_type first = begin; first < end; first += page)
    {
        int const n = static_cast<int>(std::min<event_index_type>(page, end - first));
        int num_selected = 0;
        for (int i = 0; i < n; ++i)
        {
            if (generate.sample(first + i, results[i], sampled[i]))
                selected[num_selected++] = i;
            else
                record(results[i], tally);
        }
        for (int g = 0; g < num_selected; g += lanes)
        {
            MatrixElement me[lanes];
            if constexpr (Simd::available)
            {
                SimdFourVector legs[Simd::num_legs];
                for (int l = 0; l < lanes; ++l)
                {
                    Sampled const& s = sampled[selected[std::min(g + l, num_selected - 1)]];
                    set_lane(legs[0], l, s.ev.p[slot_ep_in]);
                    set_lane(legs[1], l, s.ev.p[slot_em_in]);
                    for (size_type k = 0; k < num_final; ++k)
                        set_lane(legs[2 + k], l, s.out[k]);
                }
                SimdReal const me2 = Simd{generate.process}(legs);
                for (int l = 0; l < lanes; ++l)
                    me[l].total = me2[l];
            }
            else
            {
                for (int l = 0; l < lanes && g + l < num_selected; ++l)
                {
                    Sampled const& s = sampled[selected[g + l]];
                    me[l] = evaluate_process(generate.process, s.ev, s.out);
                }
            }
            if constexpr (has_alp_llr<Process>)
            {
                if (llr)
                    alp_llr_stage(*llr, sampled, selected + g, std::min(lanes, num_selected - g));
            }
            for (int l = 0; l < lanes && g + l < num_selected; ++l)
            {
                int const i = selected[g + l];
                generate.finish(sampled[i], me[l], results[i]);
                record(results[i], tally);
            }
        }
    }
}
}  // namespace fathom
