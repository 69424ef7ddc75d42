// Version and source revision of this build (the revision is refreshed at every build).
#pragma once

namespace fathom
{
char const* version_string();
char const* git_revision();
}  // namespace fathom
