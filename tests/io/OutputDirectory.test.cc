#include "io/OutputDirectory.hh"

#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

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

class OutputDirectoryTest : public ::testing::Test
{
  protected:
    test::ScratchDirectory scratch;
    fs::path target = scratch / "out";
};

TEST_F(OutputDirectoryTest, new_directory)
{
    OutputDirectory out(target, false);
    EXPECT_EQ(target, out.target());
    // staging is a sibling, so the final rename stays on one file system
    EXPECT_EQ(fs::absolute(scratch.path()), out.staging().parent_path());
    EXPECT_EQ(0u, out.staging().filename().string().rfind("out.tmp-", 0));
    EXPECT_TRUE(fs::is_directory(out.staging()));
    EXPECT_FALSE(fs::exists(target));

    write_file(out.staging_path("a.txt"), "new");
    EXPECT_FALSE(out.committed());
    out.commit();
    EXPECT_TRUE(out.committed());
    EXPECT_EQ("new", read_file(target / "a.txt"));
    EXPECT_EQ(Names{"out"}, list_directory(scratch.path()));
    EXPECT_THROW(out.commit(), std::runtime_error);
}

TEST_F(OutputDirectoryTest, refuse_non_empty_without_force)
{
    fs::create_directory(target);
    write_file(target / "old.txt", "old");
    std::string msg = error_message([&] { OutputDirectory out(target, false); });
    EXPECT_NE(std::string::npos, msg.find(target.string())) << msg;
    EXPECT_NE(std::string::npos, msg.find("use --force")) << msg;
    EXPECT_EQ(std::string::npos, msg.find('\n')) << msg;
    // refused before anything was created
    EXPECT_EQ(Names{"out"}, list_directory(scratch.path()));
    EXPECT_EQ("old", read_file(target / "old.txt"));
}

TEST_F(OutputDirectoryTest, empty_existing_directory_is_reused)
{
    fs::create_directory(target);
    OutputDirectory out(target, false);
    write_file(out.staging_path("a.txt"), "new");
    out.commit();
    EXPECT_EQ(Names{"a.txt"}, list_directory(target));
    EXPECT_EQ(Names{"out"}, list_directory(scratch.path()));
}

TEST_F(OutputDirectoryTest, refuse_file)
{
    write_file(target, "I am a file");
    for (bool force : {false, true})
    {
        std::string msg = error_message([&] { OutputDirectory out(target, force); });
        EXPECT_NE(std::string::npos, msg.find("not a directory")) << msg;
    }
    EXPECT_EQ("I am a file", read_file(target));
}

TEST_F(OutputDirectoryTest, force_replaces_on_commit_only)
{
    fs::create_directory(target);
    write_file(target / "old.txt", "old");
    {
        OutputDirectory out(target, true);
        write_file(out.staging_path("new.txt"), "new");
        // the old output stays until the new one is complete
        EXPECT_EQ(Names{"old.txt"}, list_directory(target));
        out.commit();
    }
    EXPECT_EQ(Names{"new.txt"}, list_directory(target));
    EXPECT_EQ(Names{"out"}, list_directory(scratch.path()));  // old contents deleted
}

TEST_F(OutputDirectoryTest, force_keeps_old_output_on_failure)
{
    fs::create_directory(target);
    write_file(target / "old.txt", "old");
    EXPECT_THROW(
        {
            OutputDirectory out(target, true);
            write_file(out.staging_path("half.txt"), "half written");
            throw std::runtime_error("the run failed");
        },
        std::runtime_error);
    EXPECT_EQ(Names{"old.txt"}, list_directory(target));
    EXPECT_EQ(Names{"out"}, list_directory(scratch.path()));
}

TEST_F(OutputDirectoryTest, no_commit_leaves_nothing)
{
    {
        OutputDirectory out(target, false);
        write_file(out.staging_path("a.txt"), "x");
        fs::create_directory(out.staging_path("sub"));
        write_file(out.staging_path("sub/b.txt"), "y");
    }
    EXPECT_TRUE(list_directory(scratch.path()).empty());
}

TEST_F(OutputDirectoryTest, target_filled_meanwhile)
{
    OutputDirectory out(target, false);
    write_file(out.staging_path("new.txt"), "new");
    fs::create_directory(target);
    write_file(target / "other.txt", "someone else's");
    std::string msg = error_message([&] { out.commit(); });
    EXPECT_NE(std::string::npos, msg.find("use --force")) << msg;
    EXPECT_FALSE(out.committed());
    EXPECT_EQ(Names{"other.txt"}, list_directory(target));
    EXPECT_TRUE(fs::exists(out.staging_path("new.txt")));
}

TEST_F(OutputDirectoryTest, trailing_slash_and_missing_parents)
{
    fs::path nested = scratch / "a" / "b" / "out";
    {
        OutputDirectory out(nested.string() + "/", false);
        EXPECT_EQ(fs::absolute(scratch / "a" / "b"), out.staging().parent_path());
        write_file(out.staging_path("x.txt"), "x");
        out.commit();
    }
    EXPECT_EQ(Names{"x.txt"}, list_directory(nested));
    EXPECT_EQ(Names{"out"}, list_directory(scratch / "a" / "b"));
}

TEST_F(OutputDirectoryTest, relative_path)
{
    fs::path cwd = fs::current_path();
    fs::current_path(scratch.path());
    {
        OutputDirectory out("rel", false);
        write_file(out.staging_path("x.txt"), "x");
        out.commit();
    }
    fs::current_path(cwd);
    EXPECT_EQ(Names{"x.txt"}, list_directory(scratch / "rel"));
}

TEST_F(OutputDirectoryTest, move)
{
    std::optional<OutputDirectory> holder;
    {
        OutputDirectory out(target, false);
        holder.emplace(std::move(out));
    }
    ASSERT_TRUE(fs::is_directory(holder->staging()));  // the moved-from one did not remove it
    write_file(holder->staging_path("a.txt"), "a");
    holder->commit();
    EXPECT_EQ(Names{"a.txt"}, list_directory(target));
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
