// All-or-nothing output, and what fathom may never overwrite (docs/design.md, "Outputs").
//
// Files are written into a staging directory next to the target (same file system, so the
// final rename is atomic). commit() puts the staging directory in the target's place; if the
// object is destroyed without commit (an exception, a failed run), the staging directory is
// removed and the target is left exactly as it was.
//
// What may be replaced:
//   - every output directory carries a manifest, `.fathom-output` (what wrote it, version,
//     command, time); --force replaces only an existing directory that carries it. A
//     non-empty directory without one is refused, with or without --force; an empty one is used;
//   - never, not even with a manifest: the file-system root, the home directory, the working
//     directory or a parent of any of them, an input of the command (the card, a scan
//     directory, ...) or a directory that contains one (the card's directory), or a directory
//     inside an input directory (unless the command says its output belongs there).
//   All paths are compared after resolving symbolic links. Refusals are InputError (exit 2).
// Temporaries (staging directories and write_text_file_atomic's files) are named
// `<target>.tmp-<host>-<boot id>-<pid>-<8 hex>`. A staging directory carries the manifest from
// its creation. At the next start for the same target, fathom removes a temporary left by a
// killed run only when that run is certainly dead: same host and boot and its pid gone, or same
// host and another boot id; a directory only if it carries the manifest. Nothing else is
// touched: other hosts' temporaries, other names (OUT.tmp-notes, OUT.checkpoint/).
// install_output_cleanup_on_signals() makes SIGINT and SIGTERM remove the live temporaries.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace fathom
{
//! File name of the manifest that marks a directory as fathom's.
inline constexpr char output_manifest_name[] = ".fathom-output";

//! A path that a command reads. Its output may never be it nor contain it (so never the
//! card's directory), nor lie inside it unless output_may_lie_inside.
struct OutputInput
{
    std::filesystem::path path;  //!< empty: ignored
    bool output_may_lie_inside{false};  //!< e.g. reach's default SCAN_DIR/reach
};

struct OutputOptions
{
    std::string command;  //!< what writes it, for the manifest: "run", "scan", ...
    bool force{false};    //!< replace an existing output that fathom wrote
    std::vector<OutputInput> inputs;  //!< everything the command reads
};

//! Under MPI (host/run/Ranks.hh) rank 0 alone checks and writes the target; the other ranks
//! write the same files into a private scratch directory (in $TMPDIR) that commit() removes, and
//! a refusal on rank 0 ends every rank (RankFailure) before any work.
class OutputDirectory
{
  public:
    //! Check the target (rules above) and create the staging directory with the manifest in
    //! it. Throws InputError if the target may not be used ("use --force" where that would
    //! help), std::runtime_error if the file system fails. Construct it at start-up, before
    //! any expensive work. Missing parent directories of the target are created. Stale
    //! temporaries of the same target are removed first.
    OutputDirectory(std::filesystem::path target, OutputOptions options);
    //! Remove the staging directory unless committed (never throws).
    ~OutputDirectory();

    OutputDirectory(OutputDirectory const&) = delete;
    OutputDirectory& operator=(OutputDirectory const&) = delete;
    OutputDirectory(OutputDirectory&& other) noexcept;
    OutputDirectory& operator=(OutputDirectory&&) = delete;

    //! Directory the output is meant for, as given.
    std::filesystem::path const& target() const { return target_; }
    //! Directory to write the files into until commit().
    std::filesystem::path const& staging() const { return staging_; }
    //! Path of a file inside the staging directory.
    std::filesystem::path staging_path(std::filesystem::path const& name) const
    {
        return staging_ / name;
    }

    //! Replace the target by the staging directory. With force an existing fathom output is
    //! swapped out atomically (renameat2 RENAME_EXCHANGE; where the file system lacks it, it
    //! is renamed aside first) and then deleted; what was swapped out is checked again for the
    //! manifest and swapped back if it lacks one. Throws on failure, in which case the target
    //! is left as it was and the staging directory is kept until destruction. Call at most once.
    void commit();
    bool committed() const { return committed_; }

  private:
    std::filesystem::path target_;    //!< as given, for messages
    std::filesystem::path absolute_;  //!< canonical absolute target, for operations
    std::filesystem::path staging_;
    bool force_{false};
    bool committed_{false};
    bool scratch_{false};  //!< an MPI rank other than 0: staging_ is a private scratch, never committed

    void create(OutputOptions const& options);
    void create_scratch(int rank);
};

//! For a command whose output is one file (fathom me): refuse a target that exists unless
//! force, one that is not a regular file, and one that is an input. Returns the path to write
//! (symbolic links resolved, so a link stays a link). Throws InputError.
std::filesystem::path check_output_file(std::filesystem::path const& target, bool force,
                                        std::vector<OutputInput> const& inputs);

//! Write a file atomically: contents (any bytes) go to a temporary sibling, are flushed to
//! disk, and the temporary is renamed onto path. Throws std::runtime_error naming path on
//! failure (and leaves no temporary behind). Stale temporaries of path are removed first.
void write_text_file_atomic(std::filesystem::path const& path, std::string_view contents);

//! A sibling path of p that does not exist yet: "<p>.tmp-<host>-<boot id>-<pid>-<8 hex>".
std::filesystem::path temporary_sibling_path(std::filesystem::path const& p);

//! This machine's host name as it appears in temporary names ([A-Za-z0-9._-], at most 40
//! characters; "unknown-host" if there is none).
std::string const& temporary_host_name();
//! This boot's id (/proc/sys/kernel/random/boot_id; all zeros where there is none).
std::string const& temporary_boot_id();

//! Remove the temporaries of target left by dead processes (rules above): directories
//! (carrying the manifest) if directories, else regular files. Returns how many.
//! Never throws; what cannot be removed stays.
int remove_stale_temporaries(std::filesystem::path const& target, bool directories);

//! Does dir carry fathom's manifest?
bool has_output_manifest(std::filesystem::path const& dir);

//! From now on SIGINT and SIGTERM remove every live staging directory and temporary file, then
//! end the process by the same signal (the shell's status 128 + signal). The handler only
//! writes the signal number to a pipe; a thread started here does the removal in ordinary
//! code, holding the lock that commits take, so a commit is either complete or never
//! happens. A signal ignored at start-up (nohup) stays ignored. Call once, early in main.
void install_output_cleanup_on_signals();

/*!
 * While one lives, a terminating signal (SIGINT, SIGTERM; install_output_cleanup_on_signals)
 * first calls its function on the signal thread and waits for it to return, before any
 * temporary is removed and the process ends: a run writes its checkpoint there (with other
 * threads; the function must not take the output lock itself, and should return within the
 * seconds a batch system leaves between SIGTERM and SIGKILL). One at a time; the destructor
 * waits for a call in progress.
 */
class TerminationHook
{
  public:
    explicit TerminationHook(std::function<void()> before_exit);
    ~TerminationHook();
    TerminationHook(TerminationHook const&) = delete;
    TerminationHook& operator=(TerminationHook const&) = delete;
};
}  // namespace fathom
