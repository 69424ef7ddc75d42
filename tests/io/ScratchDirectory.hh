// A fresh directory under the system temporary directory, removed with its contents at the end.
#pragma once

#include <algorithm>
#include <filesystem>
#include <random>
#include <string>
#include <system_error>
#include <vector>

#include <unistd.h>

namespace fathom::test
{
class ScratchDirectory
{
  public:
    ScratchDirectory()
    {
        std::random_device rd;
        path_ = std::filesystem::temp_directory_path()
                / ("fathom-io-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
        std::filesystem::create_directories(path_);
    }
    ~ScratchDirectory()
    {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    ScratchDirectory(ScratchDirectory const&) = delete;
    ScratchDirectory& operator=(ScratchDirectory const&) = delete;

    std::filesystem::path const& path() const { return path_; }
    std::filesystem::path operator/(std::filesystem::path const& name) const
    {
        return path_ / name;
    }

  private:
    std::filesystem::path path_;
};

//! Names of the entries of a directory, sorted.
inline std::vector<std::string> list_directory(std::filesystem::path const& dir)
{
    std::vector<std::string> names;
    for (auto const& entry : std::filesystem::directory_iterator(dir))
        names.push_back(entry.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}
}  // namespace fathom::test
