#include "io/OutputDirectory.hh"

#include <csignal>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "run/InputError.hh"
#include "ScratchDirectory.hh"

namespace fs = std::filesystem;

namespace fathom
{
namespace
{
using test::list_directory;
using Names = std::vector<std::string>;

void write_file(fs::path const& p, std::string const& text)
{
    std::ofstream out(p);
    out << text;
}

std::string read_file(fs::path const& p)
{
    std::ifstream in(p);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

//! Message of the runtime_error that f throws, or "" if it throws none.
template<class F>
std::string error_message(F&& f)
{
    try
    {
        f();
    }
    catch (std::runtime_error const& e)
    {
        return e.what();
    }
    return {};
}

//! Message of the InputError that f throws, or "" if it throws none.
template<class F>
std::string input_error(F&& f)
{
    try
    {
        f();
    }
    catch (InputError const& e)
    {
        return e.what();
    }
    return {};
}

bool contains(std::string const& s, std::string const& part)
{
    return s.find(part) != std::string::npos;
}

OutputOptions with_force(bool force, std::vector<OutputInput> inputs = {})
{
    return {"test", force, std::move(inputs)};
}

//! An output directory written by fathom, holding old.txt.
void make_fathom_output(fs::path const& dir)
{
    OutputDirectory out(dir, with_force(false));
    write_file(out.staging_path("old.txt"), "old");
    out.commit();
}

//! A pid that certainly belonged to a process that has ended: a child's, waited for.
long dead_pid()
{
    pid_t const pid = ::fork();
    if (pid == 0)
        ::_exit(0);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return pid;
}

//! "<target>.tmp-<host>-<boot>-<pid>-0123abcd": a temporary as fathom names them.
fs::path temporary_name(fs::path const& target, std::string const& host, std::string const& boot, long pid)
{
    fs::path p = target;
    p += ".tmp-" + host + "-" + boot + "-" + std::to_string(pid) + "-0123abcd";
    return p;
}

//! A staging directory as a killed run leaves it: the manifest and a partial result.
fs::path make_stale_staging(fs::path const& p)
{
    fs::create_directories(p / "m_a_1.0000GeV");
    write_file(p / output_manifest_name, "format = \"fathom-output-1\"\n");
    write_file(p / "m_a_1.0000GeV" / "histograms.h5", "partial");
    return p;
}

//! Runs in the current directory dir until the end of the scope.
class WorkingDirectory
{
  public:
    explicit WorkingDirectory(fs::path const& dir) : old_(fs::current_path()) { fs::current_path(dir); }
    ~WorkingDirectory() { fs::current_path(old_); }

  private:
    fs::path old_;
};

class OutputDirectoryTest : public ::testing::Test
{
  protected:
    test::ScratchDirectory scratch;
    fs::path target = scratch / "out";
};

TEST_F(OutputDirectoryTest, new_directory)
{
    OutputDirectory out(target, {"run", false, {}});
    EXPECT_EQ(target, out.target());
    // staging is a sibling, so the final rename stays on one file system
    EXPECT_EQ(fs::canonical(scratch.path()), out.staging().parent_path());
    // named <target>.tmp-<host>-<boot id>-<pid>-<hex>
    EXPECT_EQ(0u, out.staging().filename().string().rfind("out.tmp-" + temporary_host_name() + "-"
                                                              + temporary_boot_id() + "-"
                                                              + std::to_string(::getpid()) + "-",
                                                          0))
        << out.staging();
    EXPECT_TRUE(fs::is_directory(out.staging()));
    EXPECT_TRUE(has_output_manifest(out.staging()));  // from the start: a stale one is recognised
    EXPECT_FALSE(fs::exists(target));

    write_file(out.staging_path("a.txt"), "new");
    EXPECT_FALSE(out.committed());
    out.commit();
    EXPECT_TRUE(out.committed());
    EXPECT_EQ("new", read_file(target / "a.txt"));
    EXPECT_EQ((Names{".fathom-output", "a.txt"}), list_directory(target));
    EXPECT_TRUE(has_output_manifest(target));
    std::string const manifest = read_file(target / output_manifest_name);
    EXPECT_TRUE(contains(manifest, "command = \"run\"")) << manifest;
    EXPECT_TRUE(contains(manifest, "fathom_version = ")) << manifest;
    EXPECT_TRUE(contains(manifest, "created = 20")) << manifest;
    EXPECT_EQ(Names{"out"}, list_directory(scratch.path()));
    EXPECT_THROW(out.commit(), std::runtime_error);
}

TEST_F(OutputDirectoryTest, refuse_fathom_output_without_force)
{
    make_fathom_output(target);
    std::string msg = input_error([&] { OutputDirectory out(target, with_force(false)); });
    EXPECT_TRUE(contains(msg, target.string())) << msg;
    EXPECT_TRUE(contains(msg, "use --force")) << msg;
    EXPECT_FALSE(contains(msg, "\n")) << msg;
    // refused before anything was created
    EXPECT_EQ(Names{"out"}, list_directory(scratch.path()));
    EXPECT_EQ("old", read_file(target / "old.txt"));
}

TEST_F(OutputDirectoryTest, force_never_deletes_user_files)
{
    // A user's directory: not written by fathom, so never replaced, with or without --force.
    fs::create_directories(target / "chapters");
    write_file(target / "thesis.tex", "\\documentclass{book}");
    write_file(target / "chapters" / "alp.tex", "\\chapter{ALPs}");
    for (bool force : {false, true})
    {
        std::string msg = input_error([&] { OutputDirectory out(target, with_force(force)); });
        EXPECT_TRUE(contains(msg, "not written by fathom")) << msg;
        EXPECT_TRUE(contains(msg, "remove it by hand")) << msg;
        EXPECT_FALSE(contains(msg, "use --force")) << msg;  // it would not help
        EXPECT_FALSE(contains(msg, "\n")) << msg;
    }
    EXPECT_EQ("\\documentclass{book}", read_file(target / "thesis.tex"));
    EXPECT_EQ("\\chapter{ALPs}", read_file(target / "chapters" / "alp.tex"));
    EXPECT_EQ((Names{"chapters", "thesis.tex"}), list_directory(target));
    EXPECT_EQ(Names{"out"}, list_directory(scratch.path()));
}

TEST_F(OutputDirectoryTest, empty_existing_directory_is_reused)
{
    fs::create_directory(target);
    OutputDirectory out(target, with_force(false));
    write_file(out.staging_path("a.txt"), "new");
    out.commit();
    EXPECT_EQ((Names{".fathom-output", "a.txt"}), list_directory(target));
    EXPECT_EQ(Names{"out"}, list_directory(scratch.path()));
}

TEST_F(OutputDirectoryTest, refuse_file)
{
    write_file(target, "I am a file");
    for (bool force : {false, true})
    {
        std::string msg = input_error([&] { OutputDirectory out(target, with_force(force)); });
        EXPECT_TRUE(contains(msg, "not a directory")) << msg;
    }
    EXPECT_EQ("I am a file", read_file(target));
}

TEST_F(OutputDirectoryTest, force_replaces_fathom_output_on_commit_only)
{
    make_fathom_output(target);
    {
        OutputDirectory out(target, with_force(true));
        write_file(out.staging_path("new.txt"), "new");
        // the old output stays until the new one is complete
        EXPECT_EQ((Names{".fathom-output", "old.txt"}), list_directory(target));
        out.commit();
    }
    EXPECT_EQ((Names{".fathom-output", "new.txt"}), list_directory(target));
    EXPECT_EQ(Names{"out"}, list_directory(scratch.path()));  // old contents deleted
}

TEST_F(OutputDirectoryTest, force_keeps_old_output_on_failure)
{
    make_fathom_output(target);
    EXPECT_THROW(
        {
            OutputDirectory out(target, with_force(true));
            write_file(out.staging_path("half.txt"), "half written");
            throw std::runtime_error("the run failed");
        },
        std::runtime_error);
    EXPECT_EQ((Names{".fathom-output", "old.txt"}), list_directory(target));
    EXPECT_EQ(Names{"out"}, list_directory(scratch.path()));
}

TEST_F(OutputDirectoryTest, no_commit_leaves_nothing)
{
    {
        OutputDirectory out(target, with_force(false));
        write_file(out.staging_path("a.txt"), "x");
        fs::create_directory(out.staging_path("sub"));
        write_file(out.staging_path("sub/b.txt"), "y");
    }
    EXPECT_TRUE(list_directory(scratch.path()).empty());
}

TEST_F(OutputDirectoryTest, target_filled_meanwhile)
{
    for (bool force : {false, true})
    {
        // a user's directory appears between the check and the commit: never replaced
        OutputDirectory out(target, with_force(force));
        write_file(out.staging_path("new.txt"), "new");
        fs::create_directory(target);
        write_file(target / "other.txt", "someone else's");
        std::string msg = input_error([&] { out.commit(); });
        EXPECT_TRUE(contains(msg, "not written by fathom")) << msg;
        EXPECT_FALSE(out.committed());
        EXPECT_EQ(Names{"other.txt"}, list_directory(target));
        EXPECT_TRUE(fs::exists(out.staging_path("new.txt")));
        fs::remove_all(target);
    }
    // another fathom output appears: replaced only with force
    OutputDirectory out(target, with_force(false));
    make_fathom_output(target);
    std::string msg = input_error([&] { out.commit(); });
    EXPECT_TRUE(contains(msg, "use --force")) << msg;
    EXPECT_EQ((Names{".fathom-output", "old.txt"}), list_directory(target));
}

TEST_F(OutputDirectoryTest, trailing_slash_and_missing_parents)
{
    fs::path nested = scratch / "a" / "b" / "out";
    {
        OutputDirectory out(nested.string() + "/", with_force(false));
        EXPECT_EQ(fs::canonical(scratch / "a" / "b"), out.staging().parent_path());
        write_file(out.staging_path("x.txt"), "x");
        out.commit();
    }
    EXPECT_EQ((Names{".fathom-output", "x.txt"}), list_directory(nested));
    EXPECT_EQ(Names{"out"}, list_directory(scratch / "a" / "b"));
}

TEST_F(OutputDirectoryTest, relative_path)
{
    {
        WorkingDirectory cd(scratch.path());
        OutputDirectory out("rel", with_force(false));
        write_file(out.staging_path("x.txt"), "x");
        out.commit();
    }
    EXPECT_EQ((Names{".fathom-output", "x.txt"}), list_directory(scratch / "rel"));
}

TEST_F(OutputDirectoryTest, move)
{
    std::optional<OutputDirectory> holder;
    {
        OutputDirectory out(target, with_force(false));
        holder.emplace(std::move(out));
    }
    ASSERT_TRUE(fs::is_directory(holder->staging()));  // the moved-from one did not remove it
    write_file(holder->staging_path("a.txt"), "a");
    holder->commit();
    EXPECT_EQ((Names{".fathom-output", "a.txt"}), list_directory(target));
}

TEST_F(OutputDirectoryTest, symbolic_link_to_output_stays_a_link)
{
    make_fathom_output(scratch / "real");
    fs::create_directory_symlink("real", target);
    {
        OutputDirectory out(target, with_force(true));
        write_file(out.staging_path("new.txt"), "new");
        out.commit();
    }
    EXPECT_TRUE(fs::is_symlink(target));
    EXPECT_EQ((Names{".fathom-output", "new.txt"}), list_directory(scratch / "real"));
}

TEST_F(OutputDirectoryTest, never_the_working_directory_or_a_parent)
{
    // even when it carries the manifest: the run's card and the shell live there
    fs::path const work = scratch / "project" / "work";
    make_fathom_output(work);
    write_file(work / "card.toml", "[run]");
    WorkingDirectory cd(work);
    for (fs::path t : {fs::path("."), fs::path("./"), fs::path(".."), work, scratch.path(), fs::path("../work")})
    {
        std::string msg = input_error([&] { OutputDirectory out(t, with_force(true)); });
        EXPECT_TRUE(contains(msg, "the working directory")) << t << ": " << msg;
    }
    EXPECT_EQ((Names{".fathom-output", "card.toml", "old.txt"}), list_directory(work));
    EXPECT_EQ(Names{"work"}, list_directory(scratch / "project"));
}

TEST_F(OutputDirectoryTest, never_root_or_home)
{
    fs::path const home = scratch / "home" / "me";
    make_fathom_output(home);
    char const* old = std::getenv("HOME");
    std::string const saved = old ? old : "";
    ::setenv("HOME", home.c_str(), 1);
    std::string const msg_home = input_error([&] { OutputDirectory out(home, with_force(true)); });
    std::string const msg_parent = input_error([&] { OutputDirectory out(scratch / "home", with_force(true)); });
    std::string const msg_root = input_error([&] { OutputDirectory out("/", with_force(true)); });
    if (old)
        ::setenv("HOME", saved.c_str(), 1);
    else
        ::unsetenv("HOME");
    EXPECT_TRUE(contains(msg_home, "is the home directory")) << msg_home;
    EXPECT_TRUE(contains(msg_parent, "contains the home directory")) << msg_parent;
    EXPECT_TRUE(contains(msg_root, "root")) << msg_root;
    EXPECT_EQ((Names{".fathom-output", "old.txt"}), list_directory(home));
}

TEST_F(OutputDirectoryTest, never_the_cards_directory)
{
    fs::path const cards = scratch / "cards";
    make_fathom_output(cards);  // even a fathom output that holds the card
    write_file(cards / "run.toml", "[run]");
    OutputOptions const opt = with_force(true, {{cards / "run.toml"}});
    for (fs::path t : {cards, scratch.path(), fs::path(cards.string() + "/")})
    {
        std::string msg = input_error([&] { OutputDirectory out(t, opt); });
        EXPECT_TRUE(contains(msg, "contains")) << msg;
        EXPECT_TRUE(contains(msg, "run.toml")) << msg;
        EXPECT_TRUE(contains(msg, "an input of this command")) << msg;
    }
    // the card itself is no directory to write into either
    EXPECT_FALSE(input_error([&] { OutputDirectory out(cards / "run.toml", opt); }).empty());
    EXPECT_EQ((Names{".fathom-output", "old.txt", "run.toml"}), list_directory(cards));
    // next to or below the card is fine
    OutputDirectory beside(cards / "out", opt);
    beside.commit();
    EXPECT_TRUE(has_output_manifest(cards / "out"));
}

TEST_F(OutputDirectoryTest, never_an_input_of_the_same_command)
{
    // `fathom reach SCAN -o SCAN --force`: the scan is a fathom output, but it is the input
    fs::path const scan = scratch / "scan";
    make_fathom_output(scan);
    fs::create_directory_symlink("scan", scratch / "alias");
    for (fs::path t : {scan, scratch / "alias", scratch.path()})
    {
        std::string msg = input_error([&] { OutputDirectory out(t, with_force(true, {{scan, true}})); });
        EXPECT_TRUE(contains(msg, "an input of this command")) << t << ": " << msg;
    }
    // reach's default SCAN/reach may lie inside the scan
    {
        OutputDirectory out(scan / "reach", with_force(true, {{scan, true}}));
        out.commit();
    }
    // `fathom merge OUT IN1 IN2`: OUT is none of the INs, contains none, lies inside none
    make_fathom_output(scratch / "in1");
    make_fathom_output(scratch / "in2");
    OutputOptions const merge = with_force(true, {{scratch / "in1"}, {scratch / "in2"}});
    for (fs::path t : {scratch / "in2", scratch / "in1" / "merged", scratch.path()})
    {
        std::string msg = input_error([&] { OutputDirectory out(t, merge); });
        EXPECT_TRUE(contains(msg, "an input of this command")) << t << ": " << msg;
    }
    EXPECT_EQ((Names{".fathom-output", "old.txt", "reach"}), list_directory(scan));
    EXPECT_EQ((Names{".fathom-output", "old.txt"}), list_directory(scratch / "in2"));
    OutputDirectory ok(scratch / "merged", merge);
}

TEST_F(OutputDirectoryTest, stale_temporaries_of_dead_runs_are_removed)
{
    std::string const host = temporary_host_name();
    std::string const boot = temporary_boot_id();
    ASSERT_NE("00000000-0000-0000-0000-000000000000", boot) << "this test needs a Linux boot id";
    // a run killed on this machine in this boot, and one from before a reboot
    fs::path const dead = make_stale_staging(temporary_name(target, host, boot, dead_pid()));
    fs::path const rebooted
        = make_stale_staging(temporary_name(target, host, "11111111-2222-3333-4444-555555555555", ::getpid()));
    // a file temporary of write_text_file_atomic, killed likewise
    fs::path const dead_file = temporary_name(scratch / "f.txt", host, boot, dead_pid());
    write_file(dead_file, "half");
    {
        OutputDirectory out(target, with_force(false));
        EXPECT_FALSE(fs::exists(dead));
        EXPECT_FALSE(fs::exists(rebooted));
    }
    EXPECT_TRUE(fs::exists(dead_file));  // a directory's start leaves files alone
    write_text_file_atomic(scratch / "f.txt", "whole");
    EXPECT_FALSE(fs::exists(dead_file));
    EXPECT_EQ(Names{"f.txt"}, list_directory(scratch.path()));
}

TEST_F(OutputDirectoryTest, other_temporaries_are_never_touched)
{
    std::string const host = temporary_host_name();
    std::string const boot = temporary_boot_id();
    long const gone = dead_pid();
    std::vector<fs::path> keep{
        // another node of a shared file system: its pid means nothing here
        make_stale_staging(temporary_name(target, host + "x", boot, gone)),
        make_stale_staging(temporary_name(target, "other-node", "11111111-2222-3333-4444-555555555555", gone)),
        // a live run (this process, and its parent)
        make_stale_staging(temporary_name(target, host, boot, ::getpid())),
        make_stale_staging(temporary_name(target, host, boot, ::getppid())),
        // not fathom's pattern
        make_stale_staging(scratch / "out.tmp-notes"),
        make_stale_staging(scratch / "out.checkpoint"),
        make_stale_staging(scratch / ("out.tmp-" + std::to_string(gone) + "-0123abcd")),  // old naming
        make_stale_staging(temporary_name(scratch / "other", host, boot, gone)),          // another target
    };
    // the right name, but no manifest inside: not a staging directory of fathom's
    fs::path const unmarked = temporary_name(target, host, "11111111-2222-3333-4444-555555555555", gone);
    fs::create_directory(unmarked);
    write_file(unmarked / "data.txt", "mine");
    keep.push_back(unmarked);
    // the right name, but a link (to a staging-like directory) or a file
    fs::path const link = temporary_name(target, host, "22222222-2222-3333-4444-555555555555", gone);
    fs::create_directory_symlink(make_stale_staging(scratch / "elsewhere"), link);
    keep.push_back(link);
    fs::path const file = temporary_name(target, host, "33333333-2222-3333-4444-555555555555", gone);
    write_file(file, "a file where a directory temporary would be");
    keep.push_back(file);
    {
        OutputDirectory out(target, with_force(false));
        write_text_file_atomic(out.staging_path("x"), "x");
        out.commit();
    }
    for (auto const& p : keep)
        EXPECT_TRUE(fs::exists(fs::symlink_status(p))) << p;
    EXPECT_TRUE(fs::exists(scratch / "elsewhere" / "m_a_1.0000GeV" / "histograms.h5"));
    EXPECT_EQ("mine", read_file(unmarked / "data.txt"));

    // file temporaries of another host or a live process stay too
    fs::path const f_other = temporary_name(scratch / "f.txt", "other-node", boot, gone);
    fs::path const f_live = temporary_name(scratch / "f.txt", host, boot, ::getpid());
    fs::path const f_notes = scratch / "f.txt.tmp-notes";
    for (auto const& p : {f_other, f_live, f_notes})
        write_file(p, "keep");
    write_text_file_atomic(scratch / "f.txt", "x");
    for (auto const& p : {f_other, f_live, f_notes})
        EXPECT_EQ("keep", read_file(p)) << p;
}

TEST_F(OutputDirectoryTest, signal_removes_the_staging_directory)
{
    make_fathom_output(target);
    for (int sig : {SIGTERM, SIGINT})
    {
        int ready[2];
        ASSERT_EQ(0, ::pipe(ready));
        pid_t const pid = ::fork();
        ASSERT_GE(pid, 0);
        if (pid == 0)
        {
            // the child: a run that is writing its output when it is killed
            ::close(ready[0]);
            install_output_cleanup_on_signals();
            OutputDirectory out(target, with_force(true));
            write_text_file_atomic(out.staging_path("half.txt"), "half");
            char c = 1;
            [[maybe_unused]] auto n = ::write(ready[1], &c, 1);
            for (;;)
                ::pause();
        }
        ::close(ready[1]);
        char c = 0;
        ASSERT_EQ(1, ::read(ready[0], &c, 1));
        ::close(ready[0]);
        EXPECT_EQ(2u, list_directory(scratch.path()).size());  // the staging directory is there
        ::kill(pid, sig);
        int status = 0;
        ASSERT_EQ(pid, ::waitpid(pid, &status, 0));
        // ended by the signal itself: the shell reports 128 + signal (143, 130)
        EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == sig) << status;
        EXPECT_EQ(Names{"out"}, list_directory(scratch.path()));
        EXPECT_EQ((Names{".fathom-output", "old.txt"}), list_directory(target));
    }
}

TEST_F(OutputDirectoryTest, output_file)
{
    fs::path const in = scratch / "in.csv";
    fs::path const out = scratch / "out.csv";
    write_file(in, "a,b\n");
    EXPECT_EQ(fs::weakly_canonical(out), check_output_file(out, false, {{in}}));
    write_file(out, "mine");
    std::string msg = input_error([&] { check_output_file(out, false, {{in}}); });
    EXPECT_TRUE(contains(msg, "use --force")) << msg;
    EXPECT_NO_THROW(check_output_file(out, true, {{in}}));
    // the input, not even with --force, nor through a link
    fs::create_symlink("in.csv", scratch / "link.csv");
    for (fs::path t : {in, scratch / "link.csv"})
    {
        msg = input_error([&] { check_output_file(t, true, {{in}}); });
        EXPECT_TRUE(contains(msg, "an input of this command")) << msg;
    }
    // a directory or a device is never replaced by a file
    EXPECT_TRUE(contains(input_error([&] { check_output_file(scratch.path(), true, {}); }), "not a regular file"));
    EXPECT_TRUE(contains(input_error([&] { check_output_file("/dev/null", true, {}); }), "not a regular file"));
    EXPECT_EQ("mine", read_file(out));
    EXPECT_EQ("a,b\n", read_file(in));
}

TEST_F(OutputDirectoryTest, write_text_file_atomic)
{
    fs::path p = scratch / "f.txt";
    write_text_file_atomic(p, "first");
    EXPECT_EQ("first", read_file(p));
    write_text_file_atomic(p, std::string("second\0binary", 13));
    EXPECT_EQ(std::string("second\0binary", 13), read_file(p));
    EXPECT_EQ(Names{"f.txt"}, list_directory(scratch.path()));

    std::string msg = error_message([&] { write_text_file_atomic(scratch / "no" / "f", "x"); });
    EXPECT_NE(std::string::npos, msg.find((scratch / "no" / "f").string())) << msg;
    EXPECT_EQ(Names{"f.txt"}, list_directory(scratch.path()));
}
}  // namespace
}  // namespace fathom
