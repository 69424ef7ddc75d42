// What every HDF5 reader and writer of fathom needs from the C API: errors as exceptions with
// HDF5's own reason on one line, no error stacks printed, and identifiers closed on every path.
#pragma once

#include <stdexcept>
#include <string>

#include <hdf5.h>

namespace fathom::hdf5
{
//! Thrown inside a reader or writer; the caller adds the file name.
struct Error : std::runtime_error
{
    using std::runtime_error::runtime_error;
};

//! Description of the innermost HDF5 error on the current stack, on one line (<= 200 chars).
std::string error_detail();

//! Throw Error(what + HDF5's reason) if an HDF5 call failed (negative return).
template<class T>
T check(T result, std::string const& what)
{
    if (result < 0)
    {
        std::string const detail = error_detail();
        throw Error(what + (detail.empty() ? std::string{} : " (HDF5: " + detail + ")"));
    }
    return result;
}

//! Turn off HDF5's printing of error stacks while it lives (errors go by exception), and
//! restore the caller's setting afterwards.
class SilenceErrors
{
  public:
    SilenceErrors();
    ~SilenceErrors();
    SilenceErrors(SilenceErrors const&) = delete;
    SilenceErrors& operator=(SilenceErrors const&) = delete;

  private:
    H5E_auto2_t func_{nullptr};
    void* data_{nullptr};
};

//! Owns one identifier (checked on construction) and closes it on every path.
class Handle
{
  public:
    using Closer = herr_t (*)(hid_t);

    Handle(hid_t id, Closer closer, std::string const& what) : id_(check(id, what)), close_(closer) {}
    ~Handle()
    {
        if (id_ >= 0)
            close_(id_);
    }
    Handle(Handle const&) = delete;
    Handle& operator=(Handle const&) = delete;
    Handle(Handle&& other) noexcept : id_(other.id_), close_(other.close_) { other.id_ = -1; }
    Handle& operator=(Handle&&) = delete;

    hid_t get() const { return id_; }
    operator hid_t() const { return id_; }

    //! Close now and report failure (the destructor cannot).
    void close(std::string const& what)
    {
        hid_t id = id_;
        id_ = -1;
        check(close_(id), what);
    }

  private:
    hid_t id_{-1};
    Closer close_{nullptr};
};

//! A new property list of class \p cls.
inline Handle make_plist(hid_t cls, std::string const& what)
{
    return Handle(H5Pcreate(cls), H5Pclose, what);
}
}  // namespace fathom::hdf5
