#include "InputFile.hh"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "run/InputError.hh"

namespace fathom
{
std::string input_file_problem(std::filesystem::path const& path)
{
    struct stat st{};
    if (::stat(path.c_str(), &st) != 0)
    {
        int const err = errno;
        if (err == ENOENT || err == ENOTDIR)
            return "no such file";
        return std::string("cannot be opened: ") + std::strerror(err);
    }
    if (S_ISREG(st.st_mode))
        return {};
    if (S_ISDIR(st.st_mode))
        return "is a directory, not a file";
    char const* kind = S_ISFIFO(st.st_mode)  ? "a FIFO"
                       : S_ISCHR(st.st_mode) ? "a character device"
                       : S_ISBLK(st.st_mode) ? "a block device"
                       : S_ISSOCK(st.st_mode) ? "a socket"
                                              : "a special file";
    return std::string("is not a regular file (") + kind + ")";
}

std::string read_input_file(std::filesystem::path const& path, std::string const& what)
{
    std::string problem = input_file_problem(path);
    if (!problem.empty())
        throw InputError(what + ": " + problem);
    int const fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw InputError(what + ": cannot be opened: " + std::strerror(errno));
    std::string text;
    char buf[65536];
    for (;;)
    {
        ssize_t const n = ::read(fd, buf, sizeof buf);
        if (n > 0)
        {
            text.append(buf, static_cast<std::size_t>(n));
            continue;
        }
        if (n == 0)
            break;
        if (errno == EINTR)
            continue;
        int const err = errno;
        ::close(fd);
        throw std::runtime_error(what + ": read error: " + std::strerror(err));
    }
    ::close(fd);
    return text;
}

void strip_utf8_bom(std::string& text)
{
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0)
        text.erase(0, 3);
}
}  // namespace fathom
