// The backend-neutral half of the launch layer: a run's device buffers (histogram sums, tallies,
// the adaptive sampler's grids and training sums), adaptation, refinement and the results. Its
// batches go to the backend's EventLauncher (CpuEventLauncher.cc or CudaEventLauncher.cu); its
// Thrust algorithms run with the launcher's policy. nvcc compiles it for the cuda backend (device
// vectors and functors), the host compiler for omp; the source is the same.
#include "DeviceRun.hh"

#include <cmath>
#include <stdexcept>
#include <type_traits>
#include <vector>

#include <thrust/copy.h>
#include <thrust/device_vector.h>
#include <thrust/fill.h>
#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>

#include "EventLauncher.hh"
#include "RunDispatch.hh"
#include "SaturatingCount.hh"

namespace fathom
{
namespace
{
//! Call f(channel pack, names) with the adaptive channel set of a process (host only: the
//! layout; kernels get their pack in with_process_and_sampler()).
template<class F>
void with_adaptive_channels(DeviceRunSetup const& setup, F&& f)
{
    with_process(setup.process, [&](auto const& process) {
        using Process = std::decay_t<decltype(process)>;
        f(adaptive_channels_of<Process>(setup.adaptive.channels), adaptive_channel_names_of<Process>());
    });
}
}  // namespace

struct DeviceRun::Impl
{
    DeviceRunSetup setup;
    EventLauncher launcher;  //!< after setup, before any buffer: selects the device (cuda)
    unsigned replicas;
    thrust::device_vector<RunParams> params;
    thrust::device_vector<HistogramParams> hists;
    thrust::device_vector<real_type> edges;
    thrust::device_vector<ExactSum> sum_w;
    thrust::device_vector<ExactSum> sum_w2;
    thrust::device_vector<RunTally> tallies;

    // adaptive sampler: grids, training sums (one replica per CPU thread), iteration tallies
    SamplerLayout layout;
    AdaptiveSamplerParams sampler;  //!< edges point into grid_edges
    AdaptiveTrainingView train;     //!< replica 0
    ImportanceMapView importance;   //!< factors in importance_factor (none: train on f)
    thrust::device_vector<real_type> importance_factor;
    thrust::device_vector<real_type> grid_edges;
    thrust::device_vector<ExactSum> train_grid_value, train_grid_weight;
    thrust::device_vector<ExactSum> train_channel_value, train_channel_count;
    thrust::device_vector<RunTally> train_tallies;
    RunTally train_tally;  //!< the last adapt()'s, every replica's added (host)

    std::uint64_t events_generated{0};  //!< events of all generate() calls

    explicit Impl(DeviceRunSetup const& s) : setup(s), launcher(setup), replicas(launcher.replicas()) {}

    //! The policy of the run's Thrust algorithms (on cuda the run's stream, which orders them
    //! with the kernels).
    ThrustPolicy policy() const { return launcher.policy(); }

    void synchronize() { launcher.synchronize(); }

    //! Layout, device grids and training sums of the adaptive sampler.
    void setup_adaptive();
};

DeviceRun::DeviceRun(DeviceRunSetup const& setup) : impl_(std::make_unique<Impl>(setup))
{
    Impl& d = *impl_;
    // Variable-axis edges: one device buffer, pointers patched into the axes.
    std::vector<real_type> all_edges;
    std::vector<std::pair<std::size_t, std::size_t>> where;  // (axis id, first edge)
    std::vector<HistogramParams> hists = setup.histograms;
    for (std::size_t h = 0; h < hists.size(); ++h)
    {
        for (size_type a = 0; a < hists[h].ndim; ++a)
        {
            if (hists[h].axes[a].kind != AxisKind::variable)
                continue;
            auto const& e = setup.edges.at(h).at(a);
            if (e.size() != hists[h].axes[a].bins + 1)
                throw std::logic_error("variable axis edges do not match its bin count");
            where.emplace_back(h * max_histogram_dims + a, all_edges.size());
            all_edges.insert(all_edges.end(), e.begin(), e.end());
        }
    }
    d.edges.assign(all_edges.begin(), all_edges.end());
    for (auto const& [id, first] : where)
    {
        hists[id / max_histogram_dims].axes[id % max_histogram_dims].edges
            = thrust::raw_pointer_cast(d.edges.data()) + first;
    }
    d.hists.assign(hists.begin(), hists.end());

    std::uint64_t total = setup.params.histograms.total_bins;
    d.sum_w.assign(total * d.replicas, ExactSum{});
    d.sum_w2.assign(total * d.replicas, ExactSum{});
    d.tallies.assign(d.replicas, RunTally{});

    d.setup.params.histograms.hists = thrust::raw_pointer_cast(d.hists.data());
    d.setup.params.histograms.count = static_cast<size_type>(hists.size());
    // [0] production, [1] adaptation: llr_alp (two more |M|^2 per event) only where training needs
    // it, for a cut or the importance map's histogram
    std::vector<RunParams> params(2, d.setup.params);
    AlpLikelihoodRatioParams& llr = params[1].alp_llr;
    llr.enabled = llr.enabled && (llr.in_cuts || llr.in_importance_map);
    d.params.assign(params.begin(), params.end());
    if (setup.sampler == SamplerKind::adaptive)
        d.setup_adaptive();
}

DeviceRun::~DeviceRun() = default;

void DeviceRun::generate(event_index_type first, event_index_type count)
{
    if (count == 0)
        return;
    Impl& d = *impl_;
    d.launcher.generate(d.sampler,
                        ProductionViews{thrust::raw_pointer_cast(d.params.data()), d.setup.params.histograms,
                                        thrust::raw_pointer_cast(d.sum_w.data()),
                                        thrust::raw_pointer_cast(d.sum_w2.data()),
                                        thrust::raw_pointer_cast(d.tallies.data())},
                        first, count);
    d.events_generated += count;
}

std::vector<EventWeight> DeviceRun::event_weights(event_index_type first, event_index_type count)
{
    Impl& d = *impl_;
    d.synchronize();
    thrust::device_vector<EventWeight> out(count);
    if (count > 0)
        d.launcher.evaluate(d.sampler, thrust::raw_pointer_cast(d.params.data()), first, count,
                            thrust::raw_pointer_cast(out.data()));
    std::vector<EventWeight> host(count);
    thrust::copy(out.begin(), out.end(), host.begin());
    return host;
}

std::uint64_t DeviceRun::events_finished() const
{
    return impl_->launcher.events_finished(impl_->events_generated);
}

void DeviceRun::synchronize() const
{
    impl_->synchronize();
}

std::uint64_t DeviceRun::preferred_batch_size() const
{
    return impl_->launcher.preferred_batch_size(impl_->sampler);
}

void DeviceRun::Impl::setup_adaptive()
{
    AdaptiveSetup const& a = setup.adaptive;
    size_type const bins = a.bins;
    if (bins == 1)
        throw std::invalid_argument("adaptive sampler: a VEGAS grid needs at least 2 bins (or 0: none)");
    with_adaptive_channels(setup, [&](auto const& pack, auto const& names) {
        using Pack = std::decay_t<decltype(pack)>;
        layout.names.clear();
        layout.ndim.clear();
        for (size_type c = 0; c < Pack::size; ++c)
        {
            layout.names.emplace_back(names[c]);
            layout.ndim.push_back(static_cast<unsigned>(
                pack.visit(c, [](auto const& ch) { return static_cast<real_type>(ch.ndim()); })));
        }
    });
    layout.bins = bins;
    size_type const nch = static_cast<size_type>(layout.names.size());
    if (nch > max_sampler_channels)
        throw std::logic_error("adaptive sampler: too many channels");
    sampler = AdaptiveSamplerParams{};
    train = AdaptiveTrainingView{};
    sampler.num_channels = train.num_channels = nch;
    sampler.bins = train.bins = bins;
    size_type edge_offset = 0, cell_offset = 0;
    for (size_type c = 0; c < nch; ++c)
    {
        if (layout.ndim[c] > max_vegas_dims)
            throw std::logic_error("adaptive sampler: a channel has more dimensions than a VEGAS grid");
        sampler.ndim[c] = train.ndim[c] = layout.ndim[c];
        sampler.edge_offset[c] = edge_offset;
        train.cell_offset[c] = cell_offset;
        sampler.alpha[c] = a.alpha.empty() ? real_type(1) / nch : a.alpha.at(c);
        edge_offset += bins > 0 ? vegas_grid_size(layout.ndim[c], bins) : 0;
        cell_offset += layout.ndim[c] * bins;
    }
    std::vector<real_type> host_edges(edge_offset);
    if (a.edges.empty())
    {
        for (size_type c = 0; c < nch && bins > 0; ++c)
            fill_uniform_vegas_grid(host_edges.data() + sampler.edge_offset[c], layout.ndim[c], bins);
    }
    else
    {
        if (a.edges.size() != host_edges.size())
            throw std::invalid_argument("adaptive sampler: the grid has " + std::to_string(a.edges.size())
                                        + " edges, this run's channels need " + std::to_string(host_edges.size()));
        host_edges = a.edges;
    }
    grid_edges.assign(host_edges.begin(), host_edges.end());
    sampler.edges = thrust::raw_pointer_cast(grid_edges.data());
    for (size_type c = 0; c < nch && bins > 0; ++c)
    {
        if (!valid_vegas_grid(VegasGridParams{layout.ndim[c], bins, host_edges.data() + sampler.edge_offset[c]}))
            throw std::invalid_argument("adaptive sampler: the grid of channel '" + layout.names[c]
                                        + "' is not a valid VEGAS grid");
    }
    std::uint64_t const cells = cell_offset;
    train_grid_value.assign(cells * replicas, ExactSum{});
    train_grid_weight.assign(cells * replicas, ExactSum{});
    train_channel_value.assign(std::uint64_t{nch} * replicas, ExactSum{});
    train_channel_count.assign(std::uint64_t{nch} * replicas, ExactSum{});
    train_tallies.assign(replicas, RunTally{});
    train.grid_value = thrust::raw_pointer_cast(train_grid_value.data());
    train.grid_weight = thrust::raw_pointer_cast(train_grid_weight.data());
    train.channel_value = thrust::raw_pointer_cast(train_channel_value.data());
    train.channel_count = thrust::raw_pointer_cast(train_channel_count.data());

    importance = ImportanceMapView{};
    if (!a.importance.empty())
    {
        if (a.importance_histogram >= setup.histograms.size()
            || a.importance.size() != setup.histograms[a.importance_histogram].size)
            throw std::invalid_argument("adaptive sampler: the importance map does not match its histogram's bins");
        for (real_type h : a.importance)
        {
            if (!(h > 0) || !std::isfinite(h))
                throw std::invalid_argument("adaptive sampler: an importance map factor is not positive and finite");
        }
        importance_factor.assign(a.importance.begin(), a.importance.end());
        importance.histogram = thrust::raw_pointer_cast(hists.data()) + a.importance_histogram;
        importance.factor = thrust::raw_pointer_cast(importance_factor.data());
    }
}

namespace
{
//! Device functor: add the training sums of replicas 1..n-1 into replica 0, one cell per call.
struct MergeReplicas
{
    ExactSum* data;
    std::uint64_t cells;
    unsigned replicas;

    FATHOM_FUNCTION void operator()(std::uint64_t cell) const
    {
        for (unsigned r = 1; r < replicas; ++r)
            merge(data[cell], data[r * cells + cell]);
    }
};

//! Device functor: refine one (channel, dimension) of the grids, with its own scratch.
struct RefineGridDimension
{
    VegasRefine refine;
    AdaptiveTrainingView train;
    AdaptiveSamplerParams sampler;
    real_type* edges;  //!< writable view of sampler.edges
    real_type* scratch;
    size_type scratch_size;

    FATHOM_FUNCTION void operator()(size_type task) const
    {
        // task -> (channel, dimension)
        size_type c = 0, d = task;
        while (c + 1 < train.num_channels && d >= train.ndim[c])
            d -= train.ndim[c++];
        refine(train.grid(c), d, edges + sampler.edge_offset[c], scratch + std::uint64_t{task} * scratch_size);
    }
};
}  // namespace

AdaptationResult DeviceRun::adapt(event_index_type first, event_index_type count, real_type scale)
{
    Impl& d = *impl_;
    if (d.setup.sampler != SamplerKind::adaptive)
        throw std::logic_error("DeviceRun::adapt needs the adaptive sampler");
    d.synchronize();
    thrust::fill(d.policy(), d.train_grid_value.begin(), d.train_grid_value.end(), ExactSum{});
    thrust::fill(d.policy(), d.train_grid_weight.begin(), d.train_grid_weight.end(), ExactSum{});
    thrust::fill(d.policy(), d.train_channel_value.begin(), d.train_channel_value.end(), ExactSum{});
    thrust::fill(d.policy(), d.train_channel_count.begin(), d.train_channel_count.end(), ExactSum{});
    thrust::fill(d.policy(), d.train_tallies.begin(), d.train_tallies.end(), RunTally{});
    d.train.scale = scale;
    if (count > 0)
    {
        d.launcher.train(d.sampler,
                         TrainingViews{thrust::raw_pointer_cast(d.params.data()) + 1, d.train, d.importance,
                                       thrust::raw_pointer_cast(d.train_tallies.data())},
                         first, count);
    }
    d.synchronize();

    // replicas -> replica 0, on the device
    std::uint64_t const cells = d.train.num_cells();
    std::uint64_t const nch = d.train.num_channels;
    auto merge_all = [&](thrust::device_vector<ExactSum>& v, std::uint64_t n) {
        if (d.replicas > 1 && n > 0)
            thrust::for_each(d.policy(), thrust::counting_iterator<std::uint64_t>(0),
                             thrust::counting_iterator<std::uint64_t>(n),
                             MergeReplicas{thrust::raw_pointer_cast(v.data()), n, d.replicas});
    };
    merge_all(d.train_grid_value, cells);
    merge_all(d.train_grid_weight, cells);
    merge_all(d.train_channel_value, nch);
    merge_all(d.train_channel_count, nch);

    std::vector<RunTally> tallies(d.train_tallies.size());
    thrust::copy(d.train_tallies.begin(), d.train_tallies.end(), tallies.begin());
    d.train_tally = tallies[0];
    for (std::size_t k = 1; k < tallies.size(); ++k)
        merge(d.train_tally, tallies[k]);
    return adaptation_result(training_sums());
}

TrainingSums DeviceRun::training_sums() const
{
    Impl& d = *impl_;
    if (d.setup.sampler != SamplerKind::adaptive)
        throw std::logic_error("DeviceRun::training_sums needs the adaptive sampler");
    d.synchronize();
    std::uint64_t const cells = d.train.num_cells();
    std::uint64_t const nch = d.train.num_channels;
    TrainingSums t;
    t.tally = d.train_tally;
    auto take = [](thrust::device_vector<ExactSum> const& v, std::uint64_t n, std::vector<ExactSum>& out) {
        out.resize(n);  // replica 0 holds every replica's sums after adapt()
        thrust::copy(v.begin(), v.begin() + n, out.begin());
    };
    take(d.train_grid_value, cells, t.grid_value);
    take(d.train_grid_weight, cells, t.grid_weight);
    take(d.train_channel_value, nch, t.channel_value);
    take(d.train_channel_count, nch, t.channel_count);
    return t;
}

void DeviceRun::set_training_sums(TrainingSums const& t)
{
    Impl& d = *impl_;
    if (d.setup.sampler != SamplerKind::adaptive)
        throw std::logic_error("DeviceRun::set_training_sums needs the adaptive sampler");
    d.synchronize();
    std::uint64_t const cells = d.train.num_cells();
    std::uint64_t const nch = d.train.num_channels;
    if (t.grid_value.size() != cells || t.grid_weight.size() != cells || t.channel_value.size() != nch
        || t.channel_count.size() != nch)
        throw std::logic_error("DeviceRun::set_training_sums: sizes do not match the sampler's");
    thrust::copy(t.grid_value.begin(), t.grid_value.end(), d.train_grid_value.begin());
    thrust::copy(t.grid_weight.begin(), t.grid_weight.end(), d.train_grid_weight.begin());
    thrust::copy(t.channel_value.begin(), t.channel_value.end(), d.train_channel_value.begin());
    thrust::copy(t.channel_count.begin(), t.channel_count.end(), d.train_channel_count.begin());
    d.train_tally = t.tally;
}

void DeviceRun::refine(VegasRefineOptions const& options, std::vector<real_type> const& alpha)
{
    Impl& d = *impl_;
    if (d.setup.sampler != SamplerKind::adaptive)
        throw std::logic_error("DeviceRun::refine needs the adaptive sampler");
    d.synchronize();
    if (alpha.size() != d.sampler.num_channels)
        throw std::logic_error("DeviceRun::refine: one alpha per channel");
    if (d.sampler.bins >= 2)
    {
        size_type tasks = 0;
        for (size_type c = 0; c < d.train.num_channels; ++c)
            tasks += d.train.ndim[c];
        size_type const scratch_size = VegasRefine::scratch_size(d.sampler.bins);
        thrust::device_vector<real_type> scratch(std::uint64_t{tasks} * scratch_size);
        thrust::for_each(d.policy(), thrust::counting_iterator<size_type>(0),
                         thrust::counting_iterator<size_type>(tasks),
                         RefineGridDimension{VegasRefine{options}, d.train, d.sampler,
                                             thrust::raw_pointer_cast(d.grid_edges.data()),
                                             thrust::raw_pointer_cast(scratch.data()), scratch_size});
    }
    for (size_type c = 0; c < d.sampler.num_channels; ++c)
        d.sampler.alpha[c] = alpha[c];
}

SamplerLayout DeviceRun::sampler_layout() const
{
    return impl_->layout;
}

SamplerState DeviceRun::sampler_state() const
{
    Impl& d = *impl_;
    d.synchronize();
    SamplerState st;
    for (size_type c = 0; c < d.sampler.num_channels; ++c)
        st.alpha.push_back(d.sampler.alpha[c]);
    st.edges.resize(d.grid_edges.size());
    thrust::copy(d.grid_edges.begin(), d.grid_edges.end(), st.edges.begin());
    return st;
}

void DeviceRun::set_sampler_state(SamplerState const& state)
{
    Impl& d = *impl_;
    if (d.setup.sampler != SamplerKind::adaptive)
        throw std::logic_error("DeviceRun::set_sampler_state needs the adaptive sampler");
    d.synchronize();
    if (state.alpha.size() != d.sampler.num_channels)
        throw std::invalid_argument("adaptive sampler: the grid has " + std::to_string(state.alpha.size())
                                    + " channel weights, this run has " + std::to_string(d.sampler.num_channels)
                                    + " channels");
    d.setup.adaptive.alpha = state.alpha;
    d.setup.adaptive.edges = state.edges;
    d.setup_adaptive();
}

std::size_t SamplerLayout::num_edges() const
{
    std::size_t n = 0;
    for (unsigned d : ndim)
        n += bins > 0 ? std::size_t{d} * (bins + 1) : 0;
    return n;
}

DeviceRunResult DeviceRun::result() const
{
    Impl& d = *impl_;
    d.synchronize();
    std::uint64_t const total = d.setup.params.histograms.total_bins;
    std::vector<RunTally> tallies(d.tallies.size());
    thrust::copy(d.tallies.begin(), d.tallies.end(), tallies.begin());

    // replica 0, then each further replica through one buffer of `total` bins: the host holds
    // two replicas' worth at most, whatever the thread count
    auto const at = [total](auto& v, unsigned k) { return v.begin() + static_cast<std::ptrdiff_t>(k * total); };
    DeviceRunResult r;
    r.sum_w.resize(total);
    r.sum_w2.resize(total);
    thrust::copy(at(d.sum_w, 0), at(d.sum_w, 1), r.sum_w.begin());
    thrust::copy(at(d.sum_w2, 0), at(d.sum_w2, 1), r.sum_w2.begin());
    r.tally = tallies[0];
    std::vector<ExactSum> buffer(d.replicas > 1 ? total : 0);
    for (unsigned k = 1; k < d.replicas; ++k)
    {
        merge(r.tally, tallies[k]);
        thrust::copy(at(d.sum_w, k), at(d.sum_w, k + 1), buffer.begin());
        for (std::uint64_t b = 0; b < total; ++b)
            merge(r.sum_w[b], buffer[b]);
        thrust::copy(at(d.sum_w2, k), at(d.sum_w2, k + 1), buffer.begin());
        for (std::uint64_t b = 0; b < total; ++b)
            merge(r.sum_w2[b], buffer[b]);
    }
    return r;
}

std::uint64_t DeviceRun::device_bytes() const
{
    Impl const& d = *impl_;
    return (d.sum_w.size() + d.sum_w2.size() + d.train_grid_value.size() + d.train_grid_weight.size()
            + d.train_channel_value.size() + d.train_channel_count.size())
               * sizeof(ExactSum)
           + (d.grid_edges.size() + d.importance_factor.size()) * sizeof(real_type)
           + (d.tallies.size() + d.train_tallies.size()) * sizeof(RunTally) + d.hists.size() * sizeof(HistogramParams)
           + d.edges.size() * sizeof(real_type) + d.params.size() * sizeof(RunParams);
}

DeviceMemoryEstimate DeviceRun::estimate_memory(DeviceRunSetup const& setup)
{
    DeviceMemoryEstimate e;
    BackendMemory const backend = EventLauncher::memory(setup);
    e.replicas = backend.replicas;
    e.available_bytes = backend.available_bytes;
    e.available_source = backend.available_source;
    e.local_memory_bytes = backend.local_memory_bytes;
    std::uint64_t const sum_bytes = 2 * sizeof(ExactSum);  // sum w and sum w^2
    e.histogram_bytes = saturating_mul(saturating_mul(setup.params.histograms.total_bins, e.replicas), sum_bytes);
    if (setup.sampler == SamplerKind::adaptive)
    {
        // the layout setup_adaptive() allocates: per replica 2 sums per grid cell and per channel
        std::uint64_t cells = 0, channels = 0, edges = 0;
        with_adaptive_channels(setup, [&](auto const& pack, auto const&) {
            using Pack = std::decay_t<decltype(pack)>;
            channels = Pack::size;
            for (size_type c = 0; c < Pack::size; ++c)
            {
                auto const nd = static_cast<std::uint64_t>(
                    pack.visit(c, [](auto const& ch) { return static_cast<real_type>(ch.ndim()); }));
                cells += nd * setup.adaptive.bins;
                edges += setup.adaptive.bins > 0 ? nd * (setup.adaptive.bins + 1) : 0;
            }
        });
        e.training_bytes = saturating_mul(saturating_mul(2 * (cells + channels), e.replicas), sizeof(ExactSum))
                           + edges * sizeof(real_type) + std::uint64_t{e.replicas} * sizeof(RunTally)
                           + setup.adaptive.importance.size() * sizeof(real_type);
    }
    std::uint64_t axis_edges = 0;
    for (auto const& h : setup.edges)
        for (auto const& a : h)
            axis_edges += a.size();
    e.other_bytes = std::uint64_t{e.replicas} * sizeof(RunTally) + setup.histograms.size() * sizeof(HistogramParams)
                    + axis_edges * sizeof(real_type) + 2 * sizeof(RunParams);
    e.total_bytes = saturating_add(saturating_add(saturating_add(e.histogram_bytes, e.training_bytes), e.other_bytes),
                                   e.local_memory_bytes);
    return e;
}

std::string DeviceRun::description() const
{
    return impl_->launcher.description(impl_->sampler);
}

unsigned DeviceRun::threads() const
{
    return impl_->replicas;
}

int DeviceRun::device_count()
{
    return EventLauncher::device_count();
}

char const* DeviceRun::backend_name()
{
    return EventLauncher::backend_name();
}
}  // namespace fathom
