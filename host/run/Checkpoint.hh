// Checkpoint and resume of `fathom run`: the run's exact state written atomically into
// OUT.checkpoint/ beside its future output OUT, every so often and at SIGTERM/SIGINT, so that
// `fathom run --resume OUT` continues a killed run and ends with the bits of an uninterrupted one
// (the exact sums of the checkpoint plus those of the remaining events; docs/design.md,
// "Checkpoint and resume").
//
// OUT.checkpoint/ (fathom-checkpoint-1):
//   .fathom-checkpoint  written first, when fathom creates the directory, removed last: fathom
//                   writes into, and removes files from, only a directory that carries it
//   manifest.toml   format, fathom version and git revision, stream, phase ("adaptation" or
//                   "production"), the files below with their size and FNV-1a 64 checksum;
//                   written last (atomically): it names a complete state, and the previous state
//                   stays until the new manifest is in place
//   run_card.toml   the effective card (written once)
//   While adapting (adaptive sampler), alternately -a and -b, so that a kill while one is written
//   leaves the other:
//     grid-a.h5, grid-b.h5                the grid after the iterations done
//     adaptation-a.toml, adaptation-b.toml  those iterations: exact tallies and channel weights
//   In production:
//     grid.h5, adaptation.toml   the frozen grid and the adaptation's iterations (written once;
//                   adaptive sampler only)
//     state-a.h5, state-b.h5     alternately: the exact state of the events done
//                   (ExactRunState.hh, histograms format 2)
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "Adaptation.hh"
#include "DeviceSetupBuilder.hh"
#include "ExactRunState.hh"
#include "RunSpec.hh"
#include "io/SamplerGridFile.hh"

namespace fathom
{
//! OUT.checkpoint beside the output directory OUT.
std::filesystem::path checkpoint_directory(std::filesystem::path const& output);

//! Does \p dir carry the marker that fathom created it as a checkpoint directory?
bool is_checkpoint_directory(std::filesystem::path const& dir);

//! --checkpoint-every: seconds ("300", "0" = never) or events ("1e6ev", for tests).
struct CheckpointInterval
{
    double seconds{300};
    std::uint64_t events{0};  //!< > 0: every this many events, seconds ignored
    bool enabled() const { return events > 0 || seconds > 0; }
};
//! InputError naming --checkpoint-every for anything else.
CheckpointInterval parse_checkpoint_interval(std::string const& text);

//! Writes the checkpoints of one run.
class CheckpointWriter
{
  public:
    //! Creates the directory if needed (never removes anything in it).
    CheckpointWriter(std::filesystem::path directory, RunSpec const& spec, DeviceSetupBuild const& build);

    //! Write \p state (the production events done so far) and, with the first state, the frozen
    //! \p grid and the iterations of \p adaptation (adaptive sampler; both null otherwise).
    //! Throws std::runtime_error naming the file if the file system fails; the previous
    //! checkpoint is then still whole.
    void write(ExactRunState const& state, SamplerGrid const* grid, AdaptationReport const* adaptation);

    //! While adapting: the iterations of \p adaptation done so far and \p grid, the grid after
    //! them. Errors as write().
    void write_adaptation(AdaptationReport const& adaptation, SamplerGrid const& grid);

    std::filesystem::path const& directory() const { return dir_; }

  private:
    std::filesystem::path dir_;
    RunSpec const& spec_;
    DeviceSetupBuild const& build_;
    int generation_{0};  //!< even: the next alternating files are -a, odd: -b
    std::string card_entry_;
    std::string frozen_grid_entry_, frozen_adaptation_entry_;  //!< production's, once written
    bool produced_{false};  //!< a production state has been written

    //! The directory with its marker, and the card (once).
    void prepare();
    //! Write the manifest naming \p files (manifest key, file name in the directory): the
    //! checkpoint is then this one.
    void commit(char const* phase, std::vector<std::pair<char const*, std::string>> const& files,
                std::uint64_t next_event, std::uint64_t adaptation_events);
    char generation_letter() const { return generation_ % 2 == 0 ? 'a' : 'b'; }
};

//! A checkpoint read back and checked.
struct Checkpoint
{
    std::filesystem::path directory;
    RunSpec spec;          //!< its card and stream; in production (adaptive) grid_file = its grid.h5
    bool adapting{false};  //!< written while adapting: no production events yet
    ExactRunState state;   //!< production: one range, [the stream's first event, the next event)
    std::uint64_t adaptation_events{0};
    //! Adaptive sampler: the iterations done (their layout, alpha and timing are not kept), and
    //! where the grid came from when no adaptation ran (--grid FILE)
    AdaptationReport adaptation;
    std::string adaptation_grid;  //!< adapting: the grid after those iterations
};

//! Read OUT's checkpoint. InputError (one line, naming the file) if there is none, if it was
//! written by another fathom version or revision, or if a file is missing, truncated or
//! corrupted (size and checksum): such a checkpoint is never used.
Checkpoint read_checkpoint(std::filesystem::path const& output);

//! After the output is committed: remove the checkpoint's own files (the manifest first, the
//! marker last) and the directory if nothing else is in it; nothing from a directory without the
//! marker. Never throws; returns false if something stayed.
bool remove_checkpoint(std::filesystem::path const& output);
}  // namespace fathom
