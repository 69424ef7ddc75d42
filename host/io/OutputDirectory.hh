// All-or-nothing output: a run's files appear in the output directory together, or not at all.
//
// Files are written into a staging directory next to the target (same file system, so the
// final rename is atomic). commit() puts the staging directory in the target's place; if the
// object is destroyed without commit (an exception, a failed run), the staging directory is
// removed and the target is left exactly as it was.
#pragma once

#include <filesystem>
#include <string_view>

namespace fathom
{
class OutputDirectory
{
  public:
    //! Check the target and create the staging directory. Throws std::runtime_error if the
    //! target exists and is non-empty and force is false ("use --force"), or if it exists and
    //! is not a directory. Construct it at start-up, before any expensive work. Missing parent
    //! directories of the target are created.
    OutputDirectory(std::filesystem::path target, bool force);
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

    //! Replace the target by the staging directory. With force an existing target is
    //! swapped out atomically (renameat2 RENAME_EXCHANGE; where the file system lacks it, it
    //! is renamed aside first) and then deleted. Throws std::runtime_error on failure, in
    //! which case the target is left as it was and the staging directory is kept until
    //! destruction. Call at most once.
    void commit();
    bool committed() const { return committed_; }

  private:
    std::filesystem::path target_;    //!< as given, for messages
    std::filesystem::path absolute_;  //!< normalised absolute target, for operations
    std::filesystem::path staging_;
    bool force_{false};
    bool committed_{false};
};

//! Write a file atomically: contents (any bytes) go to a temporary sibling, are flushed to
//! disk, and the temporary is renamed onto path. Throws std::runtime_error naming path on
//! failure (and leaves no temporary behind).
void write_text_file_atomic(std::filesystem::path const& path, std::string_view contents);

//! A sibling path of p that does not exist yet: "<p>.<tag>-<pid>-<random hex>".
std::filesystem::path unique_sibling_path(std::filesystem::path const& p, std::string_view tag);
}  // namespace fathom
