// Test helper: an HDF5 identifier closed at scope exit (tests read files with the raw C API).
#pragma once

#include <hdf5.h>

namespace fathom::test
{
class Id
{
  public:
    Id(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
    ~Id()
    {
        if (id_ >= 0)
            close_(id_);
    }
    Id(Id const&) = delete;
    Id& operator=(Id const&) = delete;
    operator hid_t() const { return id_; }
    bool valid() const { return id_ >= 0; }

  private:
    hid_t id_;
    herr_t (*close_)(hid_t);
};
}  // namespace fathom::test
