#include "Hdf5Support.hh"

namespace fathom::hdf5
{
std::string error_detail()
{
    std::string detail;
    H5Ewalk2(
        H5E_DEFAULT, H5E_WALK_UPWARD,
        [](unsigned n, H5E_error2_t const* err, void* data) -> herr_t {
            if (n != 0 || !err)
                return 0;  // upward walk: entry 0 is the innermost, most specific error
            auto* out = static_cast<std::string*>(data);
            char minor[256] = {};
            if (err->desc && *err->desc)
                *out = err->desc;
            else if (H5Eget_msg(err->min_num, nullptr, minor, sizeof(minor)) > 0)
                *out = minor;
            return 0;
        },
        &detail);
    H5Eclear2(H5E_DEFAULT);
    // HDF5's descriptions may span lines: keep the message on one line, and short
    for (char& c : detail)
    {
        if (c == '\n' || c == '\r' || c == '\t')
            c = ' ';
    }
    if (detail.size() > 200)
        detail = detail.substr(0, 200) + "...";
    return detail;
}

SilenceErrors::SilenceErrors()
{
    H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

SilenceErrors::~SilenceErrors()
{
    H5Eset_auto2(H5E_DEFAULT, func_, data_);
}
}  // namespace fathom::hdf5
