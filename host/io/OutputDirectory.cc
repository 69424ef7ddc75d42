#include "OutputDirectory.hh"

#include "run/Ranks.hh"
#include "run/RunFailure.hh"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <mutex>
#include <random>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run/InputError.hh"
#include "run/Version.hh"

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

//! Without a trailing separator ("out/" and "out" are the same).
fs::path strip_trailing_separator(fs::path p)
{
    if (!p.has_filename() && p != p.root_path())
        p = p.parent_path();
    return p;
}

//! Absolute, normalised path without a trailing separator.
fs::path normalised_absolute(fs::path const& p)
{
    return strip_trailing_separator(fs::absolute(p).lexically_normal());
}

//! Absolute path with every symbolic link of its existing part resolved.
fs::path resolved(fs::path const& p)
{
    std::error_code ec;
    fs::path r = fs::weakly_canonical(fs::absolute(p), ec);
    if (ec)
        return normalised_absolute(p);
    return strip_trailing_separator(r.lexically_normal());
}

//! Is inner the same path as outer, or inside it? (Both resolved.)
bool contains(fs::path const& outer, fs::path const& inner)
{
    auto const [o, i] = std::mismatch(outer.begin(), outer.end(), inner.begin(), inner.end());
    (void)i;
    return o == outer.end();
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

//---------------------------------------------------------------------------//
// Temporaries that exist now, for the signal cleanup. Never destroyed: the cleanup thread may
// use it while static destructors run.
struct LiveTemporaries
{
    std::mutex mutex;  //!< held while a temporary is created, committed or removed
    std::vector<fs::path> directories;
    std::vector<fs::path> files;
};

LiveTemporaries& live()
{
    static LiveTemporaries* l = new LiveTemporaries;
    return *l;
}

void forget(std::vector<fs::path>& list, fs::path const& p)
{
    auto it = std::find(list.begin(), list.end(), p);
    if (it != list.end())
        list.erase(it);
}

//! Remove a directory of fathom's, the manifest last: one interrupted half-way still carries
//! it, so the next start recognises and removes the rest.
void remove_fathom_directory(fs::path const& dir)
{
    std::error_code ec;
    for (int attempt = 0; attempt < 3; ++attempt)
    {
        std::vector<fs::path> entries;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        {
            if (it->path().filename() != output_manifest_name)
                entries.push_back(it->path());
        }
        if (ec)
            return;  // gone already, or unreadable: leave it
        for (auto const& e : entries)
            fs::remove_all(e, ec);
        fs::remove(dir / output_manifest_name, ec);
        if (fs::remove(dir, ec) || !fs::exists(fs::symlink_status(dir, ec)))
            return;
        // something was written into it meanwhile (another thread of a dying process): again
    }
}

//! The manifest's text (TOML).
std::string manifest_text(std::string const& command)
{
    std::string cmd;
    for (char c : command)
    {
        if (c == '"' || c == '\\')
            cmd += '\\';
        cmd += (static_cast<unsigned char>(c) < 0x20) ? ' ' : c;
    }
    char created[32] = "";
    std::time_t const now = std::time(nullptr);
    std::tm tm{};
    if (gmtime_r(&now, &tm))
        std::strftime(created, sizeof created, "%Y-%m-%dT%H:%M:%SZ", &tm);
    std::string text = "# Written by fathom: an output directory that fathom --force may replace.\n"
                       "format = \"fathom-output-1\"\n";
    text += "fathom_version = \"" + std::string(version_string()) + "\"\n";
    text += "git_revision = \"" + std::string(git_revision()) + "\"\n";
    text += "command = \"" + cmd + "\"\n";
    text += "created = " + std::string(created) + "\n";
    text += "host = \"" + temporary_host_name() + "\"\n";
    return text;
}

//---------------------------------------------------------------------------//
// Temporary names: "<name>.tmp-<host>-<boot id>-<pid>-<8 hex>".
std::string const unknown_boot_id = "00000000-0000-0000-0000-000000000000";

bool is_boot_id(std::string_view s)
{
    if (s.size() != 36)
        return false;
    for (std::size_t i = 0; i < s.size(); ++i)
    {
        bool const dash = (i == 8 || i == 13 || i == 18 || i == 23);
        char const c = s[i];
        if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return false;
    }
    return true;
}

bool all_of(std::string_view s, bool (*pred)(char))
{
    return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}
bool is_hex(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'f');
}
bool is_host_char(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '_'
           || c == '-';
}

struct TemporaryName
{
    std::string host, boot_id;
    long pid{0};
};

//! Parse the part after "<name>.tmp-"; false if it is not exactly fathom's pattern.
bool parse_temporary_suffix(std::string_view s, TemporaryName& t)
{
    // from the right: the host may contain '-', the other fields have fixed forms
    auto const d1 = s.rfind('-');
    if (d1 == std::string_view::npos || s.size() - d1 - 1 != 8 || !all_of(s.substr(d1 + 1), is_hex))
        return false;
    s = s.substr(0, d1);
    auto const d2 = s.rfind('-');
    if (d2 == std::string_view::npos)
        return false;
    std::string_view const pid = s.substr(d2 + 1);
    if (!all_of(pid, is_digit) || pid.size() > 9 || pid.front() == '0')
        return false;
    s = s.substr(0, d2);
    if (s.size() < 38 || s[s.size() - 37] != '-' || !is_boot_id(s.substr(s.size() - 36)))
        return false;
    std::string_view const host = s.substr(0, s.size() - 37);
    if (!all_of(host, is_host_char))
        return false;
    t.host = host;
    t.boot_id = s.substr(s.size() - 36);
    t.pid = std::stol(std::string(pid));
    return true;
}

//! Is the process that made this temporary certainly dead?
bool certainly_dead(TemporaryName const& t)
{
    if (t.host != temporary_host_name() || t.host == "unknown-host")
        return false;  // another node of a shared file system: its pids mean nothing here
    bool const boots_known = t.boot_id != unknown_boot_id && temporary_boot_id() != unknown_boot_id;
    if (boots_known && t.boot_id != temporary_boot_id())
        return true;  // this machine rebooted since
    if (t.boot_id != temporary_boot_id())
        return false;
    return ::kill(static_cast<pid_t>(t.pid), 0) != 0 && errno == ESRCH;
}

//---------------------------------------------------------------------------//
// The rules.
enum class TargetState
{
    absent,
    empty,
    fathom_output,
    foreign,  //!< a non-empty directory without the manifest
    not_directory
};

TargetState target_state(fs::path const& absolute, fs::path const& shown)
{
    std::error_code ec;
    auto const st = fs::symlink_status(absolute, ec);
    if (!fs::exists(st))
        return TargetState::absent;
    if (!fs::is_directory(st))
        return TargetState::not_directory;  // with links resolved, only a dangling link is one
    bool const empty = fs::is_empty(absolute, ec);
    if (ec)
        throw std::runtime_error("cannot read output directory " + quoted(shown) + ": "
                                 + ec.message());
    if (empty)
        return TargetState::empty;
    return has_output_manifest(absolute) ? TargetState::fathom_output : TargetState::foreign;
}

std::string foreign_message(fs::path const& shown)
{
    return "output directory " + quoted(shown) + " exists, is not empty and has no " + output_manifest_name
           + " (it was not written by fathom, or by a fathom older than that manifest): fathom never replaces "
             "it, not even with --force; remove it by hand or choose another directory";
}

//! Paths that no output may be or contain, whatever the options say.
void check_forbidden(fs::path const& target, fs::path const& shown, std::vector<OutputInput> const& inputs,
                     char const* what)
{
    std::string const name = std::string(what) + " " + quoted(shown);
    if (target == target.root_path())
        throw InputError(name + " is the file-system root: choose another directory");
    std::error_code ec;
    fs::path const cwd = resolved(fs::current_path(ec));
    if (!ec && contains(target, cwd))
        throw InputError(name + (target == cwd ? " is" : " contains")
                         + " the working directory: choose another directory");
    std::vector<fs::path> homes;
    if (char const* h = std::getenv("HOME"); h && *h)
        homes.push_back(resolved(h));
    if (passwd const* pw = ::getpwuid(::getuid()); pw && pw->pw_dir && *pw->pw_dir)
        homes.push_back(resolved(pw->pw_dir));
    for (auto const& home : homes)
    {
        if (home != home.root_path() && contains(target, home))
            throw InputError(name + (target == home ? " is" : " contains")
                             + " the home directory: choose another directory");
    }
    for (auto const& in : inputs)
    {
        if (in.path.empty())
            continue;
        fs::path const r = resolved(in.path);
        if (target == r)
            throw InputError(name + " is " + quoted(in.path)
                             + ", an input of this command: choose another directory");
        if (contains(target, r))
            throw InputError(name + " contains " + quoted(in.path)
                             + ", an input of this command: choose another directory");
        if (!in.output_may_lie_inside && contains(r, target))
            throw InputError(name + " lies inside " + quoted(in.path)
                             + ", an input of this command: choose another directory");
    }
}

//---------------------------------------------------------------------------//
// Signal cleanup: the handler writes to a pipe, a thread removes.
int signal_pipe[2] = {-1, -1};

extern "C" void on_terminating_signal(int sig)
{
    int const saved = errno;
    unsigned char const c = static_cast<unsigned char>(sig);
    [[maybe_unused]] ssize_t n = ::write(signal_pipe[1], &c, 1);
    errno = saved;
}

//! The live TerminationHook's function, and the mutex that its call and its removal hold.
std::mutex hook_mutex;
std::function<void()> hook;

[[noreturn]] void remove_temporaries_and_die(int sig)
{
    {
        std::lock_guard<std::mutex> lock(hook_mutex);
        if (hook)
            hook();
    }
    // Never unlocked: a commit, removal or creation waiting for it never happens.
    LiveTemporaries& l = live();
    l.mutex.lock();
    for (auto const& f : l.files)
        ::unlink(f.c_str());
    for (auto const& d : l.directories)
        remove_fathom_directory(d);
    struct sigaction dfl{};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    ::sigaction(sig, &dfl, nullptr);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, sig);
    ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
    ::raise(sig);
    std::_Exit(128 + sig);  // not reached: the default action ends the process
}
}  // namespace

//---------------------------------------------------------------------------//
std::string const& temporary_host_name()
{
    static std::string const name = [] {
        char buf[256] = "";
        std::string h;
        if (::gethostname(buf, sizeof buf - 1) == 0)
            h = buf;
        for (char& c : h)
        {
            if (!is_host_char(c))
                c = '_';
        }
        if (h.size() > 40)
            h.resize(40);
        return h.empty() ? std::string("unknown-host") : h;
    }();
    return name;
}

std::string const& temporary_boot_id()
{
    static std::string const id = [] {
        std::ifstream in("/proc/sys/kernel/random/boot_id");
        std::string s;
        std::getline(in, s);
        return is_boot_id(s) ? s : unknown_boot_id;
    }();
    return id;
}

fs::path temporary_sibling_path(fs::path const& p)
{
    static thread_local std::mt19937_64 engine{[] {
        std::random_device rd;
        return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
    }()};
    char suffix[48];
    std::snprintf(suffix, sizeof(suffix), "-%ld-%08llx", static_cast<long>(::getpid()),
                  static_cast<unsigned long long>(engine() & 0xffffffffULL));
    fs::path result = p;
    result += ".tmp-";
    result += temporary_host_name();
    result += "-";
    result += temporary_boot_id();
    result += suffix;
    return result;
}

bool has_output_manifest(fs::path const& dir)
{
    std::error_code ec;
    fs::path const m = dir / output_manifest_name;
    if (!fs::is_regular_file(fs::symlink_status(m, ec)))
        return false;
    std::ifstream in(m);
    std::string line;
    for (int i = 0; i < 8 && std::getline(in, line); ++i)
    {
        if (line == "format = \"fathom-output-1\"")
            return true;
    }
    return false;
}

int remove_stale_temporaries(fs::path const& target, bool directories)
{
    fs::path const t = strip_trailing_separator(target);
    std::string const prefix = t.filename().string() + ".tmp-";
    fs::path const parent = t.has_parent_path() ? t.parent_path() : fs::path(".");
    int removed = 0;
    std::error_code ec;
    std::vector<fs::path> stale;
    for (fs::directory_iterator it(parent, ec), end; !ec && it != end; it.increment(ec))
    {
        std::string const name = it->path().filename().string();
        TemporaryName tn;
        if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0
            || !parse_temporary_suffix(std::string_view(name).substr(prefix.size()), tn)
            || !certainly_dead(tn))
            continue;
        std::error_code sec;
        auto const st = fs::symlink_status(it->path(), sec);
        if (directories ? (fs::is_directory(st) && has_output_manifest(it->path()))
                        : fs::is_regular_file(st))
            stale.push_back(it->path());
    }
    for (auto const& p : stale)
    {
        if (directories)
            remove_fathom_directory(p);
        else
            fs::remove(p, ec);
        removed += !fs::exists(fs::symlink_status(p, ec));
    }
    return removed;
}

//---------------------------------------------------------------------------//
namespace
{
//! This process's MPI scratch directories (rank > 0), while they live.
std::vector<fs::path>& scratch_roots()
{
    static std::vector<fs::path> roots;
    return roots;
}

bool inside_scratch(fs::path const& p)
{
    std::lock_guard lock(live().mutex);
    for (fs::path const& root : scratch_roots())
    {
        auto const rel = p.lexically_relative(root);
        if (!rel.empty() && *rel.begin() != "..")
            return true;
    }
    return false;
}

//! A new temporary directory <base>.tmp-...: the random suffix avoids clashes with concurrent
//! runs (retried on the rare collision); created and recorded under the lock, so that a signal
//! cleanup sees it. \p what names it in errors.
fs::path create_live_temporary_directory(fs::path const& base, mode_t mode, std::string const& what)
{
    for (int attempt = 0; attempt < 100; ++attempt)
    {
        fs::path candidate = temporary_sibling_path(base);
        std::lock_guard lock(live().mutex);
        if (::mkdir(candidate.c_str(), mode) == 0)
        {
            live().directories.push_back(candidate);
            return candidate;
        }
        if (errno != EEXIST)
            throw std::runtime_error("cannot create " + what + " (" + quoted(candidate) + "): " + errno_text(errno));
    }
    throw std::runtime_error("cannot find a free name for " + what);
}
}  // namespace

OutputDirectory::OutputDirectory(fs::path target, OutputOptions options)
    : target_(std::move(target)), force_(options.force)
{
    RankInfo const& rk = ranks();
    if (rk.size == 1)
    {
        create(options);
        return;
    }
    // MPI: rank 0 checks and stages the real output; every other rank writes the same files
    // into a private scratch directory that commit() discards. All ranks learn whether rank 0
    // may go on before anyone starts work, so that none waits for a rank that gave up.
    int status = 0;
    std::exception_ptr error;
    try
    {
        // an output inside this rank's scratch (a tagger's per-angle scans) is written there as
        // rank 0 writes it into its staging, so that this rank can read it back as rank 0 does
        if (rk.rank == 0 || inside_scratch(fs::absolute(target_).lexically_normal()))
            create(options);
        else
            create_scratch(rk.rank);
    }
    catch (InputError const&)
    {
        status = exit_input_error;
        error = std::current_exception();
    }
    catch (...)
    {
        status = exit_file_system;
        error = std::current_exception();
    }
    int const agreed = agree_on_status(status);
    if (error)
        std::rethrow_exception(error);
    if (agreed != 0)
    {
        // no destructor runs for an object whose constructor throws: remove the scratch here
        std::lock_guard lock(live().mutex);
        remove_fathom_directory(staging_);
        forget(live().directories, staging_);
        forget(scratch_roots(), staging_);
        throw RankFailure{agreed};
    }
}

void OutputDirectory::create_scratch(int rank)
{
    // Named as temporaries are (<base>.tmp-<host>-<boot>-<pid>-<hex>), so that one left by a
    // killed rank is removed at a later start by the same rules as any stale temporary.
    scratch_ = true;
    char const* tmp = std::getenv("TMPDIR");
    fs::path const base = fs::path(tmp && *tmp ? tmp : "/tmp") / ("fathom-rank" + std::to_string(rank));
    remove_stale_temporaries(base, true);
    staging_ = create_live_temporary_directory(base, 0700, "the scratch directory of MPI rank " + std::to_string(rank));
    absolute_ = staging_;
    {
        std::lock_guard lock(live().mutex);
        scratch_roots().push_back(staging_);
    }
    write_text_file_atomic(staging_ / output_manifest_name, manifest_text("scratch of an MPI rank"));
}

void OutputDirectory::create(OutputOptions const& options)
{
    if (target_.empty())
        throw InputError("output directory name is empty");
    absolute_ = resolved(target_);
    check_forbidden(absolute_, target_, options.inputs, "output directory");

    switch (target_state(absolute_, target_))
    {
        case TargetState::absent:
        case TargetState::empty:
            break;
        case TargetState::not_directory:
            throw InputError("output directory " + quoted(target_) + " exists and is not a directory");
        case TargetState::foreign:
            throw InputError(foreign_message(target_));
        case TargetState::fathom_output:
            if (!force_)
                throw InputError("output directory " + quoted(target_)
                                 + " exists and is not empty (use --force to replace it)");
            break;
    }

    std::error_code ec;
    fs::create_directories(absolute_.parent_path(), ec);
    if (ec)
        throw std::runtime_error("cannot create the parent directory of output directory "
                                 + quoted(target_) + ": " + ec.message());
    remove_stale_temporaries(absolute_, true);

    std::string const manifest = manifest_text(options.command);
    staging_ = create_live_temporary_directory(absolute_, 0777, "the staging directory for output directory "
                                                                   + quoted(target_));
    try
    {
        write_text_file_atomic(staging_ / output_manifest_name, manifest);
    }
    catch (...)
    {
        std::lock_guard lock(live().mutex);
        remove_fathom_directory(staging_);
        forget(live().directories, staging_);
        throw;
    }
}

OutputDirectory::OutputDirectory(OutputDirectory&& other) noexcept
    : target_(std::move(other.target_))
    , absolute_(std::move(other.absolute_))
    , staging_(std::move(other.staging_))
    , force_(other.force_)
    , committed_(other.committed_)
    , scratch_(other.scratch_)
{
    other.staging_.clear();  // the moved-from object must not delete it
    other.committed_ = true;
}

OutputDirectory::~OutputDirectory()
{
    if (!committed_ && !staging_.empty())
    {
        std::lock_guard lock(live().mutex);
        remove_fathom_directory(staging_);  // best effort: a destructor must not throw
        forget(live().directories, staging_);
        forget(scratch_roots(), staging_);
    }
}

void OutputDirectory::commit()
{
    if (committed_)
        throw std::runtime_error("output directory " + quoted(target_) + " was already committed");
    if (scratch_)
    {
        // rank 0 commits the output; this rank's copy was only ever scratch
        std::lock_guard lock(live().mutex);
        remove_fathom_directory(staging_);
        forget(live().directories, staging_);
        forget(scratch_roots(), staging_);
        committed_ = true;
        return;
    }

    auto fail = [this](std::string const& what, int err) {
        return std::runtime_error("cannot commit output directory " + quoted(target_) + ": "
                                  + what + (err ? ": " + errno_text(err) : std::string{}));
    };

    TargetState const state = target_state(absolute_, target_);
    if (state == TargetState::not_directory)
        throw fail("it exists and is not a directory", 0);
    if (state == TargetState::foreign)
        throw InputError(foreign_message(target_));
    if (state == TargetState::fathom_output && !force_)
        throw InputError("cannot commit output directory " + quoted(target_)
                         + ": it was created by someone else meanwhile and is not empty (use --force "
                           "to replace it)");

    // The lock keeps a signal cleanup from removing the staging directory half-way through
    // a rename: the output is either committed whole or not at all.
    std::unique_lock lock(live().mutex);
    if (state != TargetState::fathom_output)
    {
        // Absent or an empty directory: a plain rename replaces it atomically.
        if (int err = rename_path(staging_, absolute_))
            throw fail("renaming " + quoted(staging_), err);
        forget(live().directories, staging_);
        committed_ = true;
        return;
    }

    // Swap old and new in one step; the old contents end up at the staging path, which stays
    // recorded for the signal cleanup until they are deleted.
    int err = exchange_paths(staging_, absolute_);
    if (err == 0)
    {
        if (!has_output_manifest(staging_))
        {
            // Replaced by something else since the check: put it back, delete nothing.
            exchange_paths(staging_, absolute_);
            throw InputError(foreign_message(target_));
        }
        committed_ = true;
        remove_fathom_directory(staging_);  // best effort: the new output is in place
        forget(live().directories, staging_);
        return;
    }
    if (err != ENOSYS && err != EINVAL)
        throw fail("exchanging it with " + quoted(staging_), err);

    // No atomic exchange on this file system: move the old output aside, then put the new
    // one in place; there is a short moment with no directory at the target.
    fs::path aside = temporary_sibling_path(absolute_);
    if (int e = rename_path(absolute_, aside))
        throw fail("moving the old output aside to " + quoted(aside), e);
    if (!has_output_manifest(aside))
    {
        rename_path(aside, absolute_);
        throw InputError(foreign_message(target_));
    }
    live().directories.push_back(aside);
    if (int e = rename_path(staging_, absolute_))
    {
        rename_path(aside, absolute_);  // put the old output back
        forget(live().directories, aside);
        throw fail("renaming " + quoted(staging_), e);
    }
    forget(live().directories, staging_);
    committed_ = true;
    remove_fathom_directory(aside);
    forget(live().directories, aside);
}

//---------------------------------------------------------------------------//
fs::path check_output_file(fs::path const& target, bool force, std::vector<OutputInput> const& inputs)
{
    if (target.empty())
        throw InputError("output file name is empty");
    fs::path const r = resolved(target);
    for (auto const& in : inputs)
    {
        if (!in.path.empty() && resolved(in.path) == r)
            throw InputError("output file " + quoted(target) + " is " + quoted(in.path)
                             + ", an input of this command: choose another file");
    }
    std::error_code ec;
    auto const st = fs::symlink_status(r, ec);
    if (fs::exists(st))
    {
        if (!fs::is_regular_file(st))
            throw InputError("output file " + quoted(target) + " exists and is not a regular file");
        if (!force)
            throw InputError("output file " + quoted(target) + " exists (use --force to replace it)");
    }
    return r;
}

//---------------------------------------------------------------------------//
void write_text_file_atomic(fs::path const& path, std::string_view contents)
{
    auto fail = [&path](std::string const& what, int err) {
        return std::runtime_error("cannot write " + quoted(path) + ": " + what + ": "
                                  + errno_text(err));
    };
    remove_stale_temporaries(path, false);

    fs::path tmp;
    int fd = -1;
    {
        std::lock_guard lock(live().mutex);
        for (int attempt = 0; attempt < 100 && fd < 0; ++attempt)
        {
            tmp = temporary_sibling_path(path);
            fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
            if (fd < 0 && errno != EEXIST)
                throw fail("creating temporary file " + quoted(tmp), errno);
        }
        if (fd < 0)
            throw fail("no free temporary file name", EEXIST);
        live().files.push_back(tmp);
    }

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
    std::lock_guard lock(live().mutex);
    if (!err && (err = rename_path(tmp, path)) != 0)
        step = "renaming " + quoted(tmp);
    if (err)
        ::unlink(tmp.c_str());
    forget(live().files, tmp);
    if (err)
        throw fail(step, err);
}

//---------------------------------------------------------------------------//
TerminationHook::TerminationHook(std::function<void()> before_exit)
{
    std::lock_guard<std::mutex> lock(hook_mutex);
    if (hook)
        throw std::logic_error("TerminationHook: one is already installed");
    hook = std::move(before_exit);
}

TerminationHook::~TerminationHook()
{
    std::lock_guard<std::mutex> lock(hook_mutex);
    hook = nullptr;
}

void install_output_cleanup_on_signals()
{
    static std::once_flag once;
    std::call_once(once, [] {
        if (::pipe2(signal_pipe, O_CLOEXEC) != 0)
            return;  // no cleanup on signals; the next start removes the temporaries
        live();      // constructed before any signal can need it
        std::thread([] {
            unsigned char sig = 0;
            while (::read(signal_pipe[0], &sig, 1) != 1)
            {
                if (errno != EINTR)
                    return;
            }
            remove_temporaries_and_die(sig);
        }).detach();
        for (int sig : {SIGINT, SIGTERM})
        {
            struct sigaction old{};
            if (::sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN)
                continue;  // ignored by whoever started us (nohup, a background job): keep it so
            struct sigaction sa{};
            sa.sa_handler = on_terminating_signal;
            sigemptyset(&sa.sa_mask);
            sa.sa_flags = SA_RESTART;
            ::sigaction(sig, &sa, nullptr);
        }
    });
}
}  // namespace fathom
