// The one version number of gridgov. CMake and the Python package read it from here.
#pragma once

#define GRIDGOV_VERSION_MAJOR 0
#define GRIDGOV_VERSION_MINOR 1
#define GRIDGOV_VERSION_PATCH 0
#define GRIDGOV_VERSION_STRING "0.1.0"

namespace gridgov {
inline constexpr const char* version_string = GRIDGOV_VERSION_STRING;
}  // namespace gridgov
