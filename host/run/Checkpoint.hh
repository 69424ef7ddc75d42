// Checkpoint and resume of `fathom run`: the run's exact state written atomically into
// OUT.checkpoint/ beside its future output OUT, every so often and at SIGTERM/SIGINT, so that
// `fathom run --resume OUT` continues a killed run and ends with the bits of an uninterrupted one
// (the exact sums of the checkpoint plus those of the remaining events; docs/design.md,
// "Checkpoint and resume").
//
// OUT.checkpoint/ (fathom-checkpoint-1):
//   .fathom-checkpoint  written first, when fathom creates the directory, removed last: fathom
//                   writes into, and removes files from, only a directory that carries it
//   manifest.toml   format, fathom version and git revision, stream, the files below with their
//                   size and FNV-1a 64 checksum; written last (atomically): it names a complete
//                   state, and the previous state stays until the new manifest is in place
//   run_card.toml   the effective card (written once)
//   grid.h5         the frozen adaptive grid (written once; adaptive sampler only)
//   state-a.h5, state-b.h5   alternately: the exact state of the events done (ExactRunState.hh,
//                   histograms format 2), so that a kill while one is written leaves the other
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

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

    //! Write \p state (the events done so far) and, with the first state, the card and \p grid.
    //! Throws std::runtime_error naming the file if the file system fails; the previous
    //! checkpoint is then still whole.
    void write(ExactRunState const& state, SamplerGrid const* grid);

    std::filesystem::path const& directory() const { return dir_; }

  private:
    std::filesystem::path dir_;
    RunSpec const& spec_;
    DeviceSetupBuild const& build_;
    bool static_written_{false};
    int generation_{0};
    std::string card_entry_, grid_entry_;
};

//! A checkpoint read back and checked.
struct Checkpoint
{
    std::filesystem::path directory;
    RunSpec spec;          //!< its card, stream and (adaptive) grid_file = its grid.h5
    ExactRunState state;   //!< one range: [the stream's first event, the next event)
    std::uint64_t adaptation_events{0};
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
