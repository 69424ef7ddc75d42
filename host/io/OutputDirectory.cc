#include "OutputDirectory.hh"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace fathom
{
namespace
{
std::string quoted(fs::path const& p)
{
    // Appending (rather than "'" + s + "'") avoids a GCC 12 -Wrestrict false positive.
    std::string result(1, '\'');
    result += p.string();
    result += '\'';
    return result;
}

std::string errno_text(int err)
{
    return std::generic_category().message(err);
}

//! Absolute, normalised path without a trailing separator ("out/" and "out" are the same).
fs::path normalised_absolute(fs::path const& p)
{
    fs::path result = fs::absolute(p).lexically_normal();
    if (!result.has_filename() && result != result.root_path())
        result = result.parent_path();
    return result;
}

//! Rename that replaces an empty directory or a file; errno-based so callers can inspect it.
int rename_path(fs::path const& from, fs::path const& to)
{
    return std::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

//! Atomically swap two existing paths. ENOSYS where the system cannot.
int exchange_paths(fs::path const& a, fs::path const& b)
{
#if defined(__linux__) && defined(RENAME_EXCHANGE)
    return ::renameat2(AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), RENAME_EXCHANGE) == 0 ? 0
                                                                                       : errno;
#else
    (void)a;
    (void)b;
    return ENOSYS;
#endif
}

//! Write the whole buffer, retrying on partial writes and interrupts. 0 or errno.
int write_all(int fd, std::string_view data)
{
    while (!data.empty())
    {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0)
        {
            if (errno == EINTR)
                continue;
            return errno;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return 0;
}
}  // namespace

//---------------------------------------------------------------------------//
fs::path unique_sibling_path(fs::path const& p, std::string_view tag)
{
    static thread_local std::mt19937_64 engine{[] {
        std::random_device rd;
        return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
    }()};
    char suffix[64];
    std::snprintf(suffix, sizeof(suffix), "-%ld-%08llx", static_cast<long>(::getpid()),
                  static_cast<unsigned long long>(engine() & 0xffffffffULL));
    fs::path result = p;
    result += ".";
    result += std::string(tag);
    result += suffix;
    return result;
}

//---------------------------------------------------------------------------//
OutputDirectory::OutputDirectory(fs::path target, bool force)
    : target_(std::move(target)), force_(force)
{
    if (target_.empty())
        throw std::runtime_error("output directory name is empty");
    absolute_ = normalised_absolute(target_);
    if (absolute_ == absolute_.root_path())
        throw std::runtime_error("output directory " + quoted(target_)
                                 + " is a file-system root and cannot be replaced");

    std::error_code ec;
    auto st = fs::status(absolute_, ec);
    if (fs::exists(st))
    {
        if (!fs::is_directory(st))
            throw std::runtime_error("output directory " + quoted(target_)
                                     + " exists and is not a directory");
        bool empty = fs::is_empty(absolute_, ec);
        if (ec)
            throw std::runtime_error("cannot read output directory " + quoted(target_) + ": "
                                     + ec.message());
        if (!empty && !force_)
            throw std::runtime_error("output directory " + quoted(target_)
                                     + " exists and is not empty (use --force to replace it)");
    }

    fs::create_directories(absolute_.parent_path(), ec);
    if (ec)
        throw std::runtime_error("cannot create the parent directory of output directory "
                                 + quoted(target_) + ": " + ec.message());

    // The random suffix avoids clashes with concurrent runs; retry on the rare collision.
    for (int attempt = 0; attempt < 100; ++attempt)
    {
        fs::path candidate = unique_sibling_path(absolute_, "tmp");
        if (::mkdir(candidate.c_str(), 0777) == 0)
        {
            staging_ = std::move(candidate);
            return;
        }
        if (errno != EEXIST)
            throw std::runtime_error("cannot create staging directory " + quoted(candidate)
                                     + " for output directory " + quoted(target_) + ": "
                                     + errno_text(errno));
    }
    throw std::runtime_error("cannot find a free staging directory name for output directory "
                             + quoted(target_));
}

OutputDirectory::OutputDirectory(OutputDirectory&& other) noexcept
    : target_(std::move(other.target_))
    , absolute_(std::move(other.absolute_))
    , staging_(std::move(other.staging_))
    , force_(other.force_)
    , committed_(other.committed_)
{
    other.staging_.clear();  // the moved-from object must not delete it
    other.committed_ = true;
}

OutputDirectory::~OutputDirectory()
{
    if (!committed_ && !staging_.empty())
    {
        std::error_code ec;
        fs::remove_all(staging_, ec);  // best effort: a destructor must not throw
    }
}

void OutputDirectory::commit()
{
    if (committed_)
        throw std::runtime_error("output directory " + quoted(target_) + " was already committed");

    auto fail = [this](std::string const& what, int err) {
        return std::runtime_error("cannot commit output directory " + quoted(target_) + ": "
                                  + what + (err ? ": " + errno_text(err) : std::string{}));
    };

    std::error_code ec;
    auto st = fs::symlink_status(absolute_, ec);
    bool exists = fs::exists(st);
    bool replace_full = false;
    if (exists)
    {
        bool is_dir = fs::is_directory(fs::status(absolute_, ec));
        if (!is_dir)
            throw fail("it exists and is not a directory", 0);
        replace_full = !fs::is_empty(absolute_, ec) || fs::is_symlink(st);
        if (replace_full && !force_)
            throw fail("it was created by someone else meanwhile and is not empty (use --force "
                       "to replace it)",
                       0);
    }

    if (!replace_full)
    {
        // Absent or an empty directory: a plain rename replaces it atomically.
        if (int err = rename_path(staging_, absolute_))
            throw fail("renaming " + quoted(staging_), err);
        committed_ = true;
        return;
    }

    // Swap old and new in one step; the old contents end up at the staging path.
    int err = exchange_paths(staging_, absolute_);
    if (err == 0)
    {
        committed_ = true;
        fs::remove_all(staging_, ec);  // best effort: the new output is already in place
        return;
    }
    if (err != ENOSYS && err != EINVAL)
        throw fail("exchanging it with " + quoted(staging_), err);

    // No atomic exchange on this file system: move the old output aside, then put the new
    // one in place; there is a short moment with no directory at the target.
    fs::path aside = unique_sibling_path(absolute_, "old");
    if (int e = rename_path(absolute_, aside))
        throw fail("moving the old output aside to " + quoted(aside), e);
    if (int e = rename_path(staging_, absolute_))
    {
        rename_path(aside, absolute_);  // put the old output back
        throw fail("renaming " + quoted(staging_), e);
    }
    committed_ = true;
    fs::remove_all(aside, ec);
}

//---------------------------------------------------------------------------//
void write_text_file_atomic(fs::path const& path, std::string_view contents)
{
    auto fail = [&path](std::string const& what, int err) {
        return std::runtime_error("cannot write " + quoted(path) + ": " + what + ": "
                                  + errno_text(err));
    };

    fs::path tmp;
    int fd = -1;
    for (int attempt = 0; attempt < 100 && fd < 0; ++attempt)
    {
        tmp = unique_sibling_path(path, "tmp");
        fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            throw fail("creating temporary file " + quoted(tmp), errno);
    }
    if (fd < 0)
        throw fail("no free temporary file name", EEXIST);

    int err = write_all(fd, contents);
    std::string step = "writing";
    if (!err && ::fsync(fd) != 0)
    {
        err = errno;
        step = "flushing";
    }
    if (::close(fd) != 0 && !err)
    {
        err = errno;
        step = "closing";
    }
    if (!err && (err = rename_path(tmp, path)) != 0)
        step = "renaming " + quoted(tmp);
    if (err)
    {
        ::unlink(tmp.c_str());
        throw fail(step, err);
    }
}
}  // namespace fathom
