# GeographicLib as the imported target GeographicLib::GeographicLib, for gridgov's build and for
# the installed package's consumers (gridgovConfig.cmake includes this file).
#
# Upstream GeographicLib installs a CMake config package that defines the target; Debian's
# libgeographiclib-dev ships only a find module (/usr/share/cmake/geographiclib/
# FindGeographicLib.cmake) that sets variables, so the target is made here from them; any other
# install (Fedora/manylinux GeographicLib-devel from EPEL, Homebrew, vcpkg, a 1.x config package)
# is found by its header and library.
set(GRIDGOV_GEOGRAPHICLIB_HOW "Install GeographicLib: Debian/Ubuntu `apt install libgeographiclib-dev`, \
Fedora/RHEL/manylinux `dnf install GeographicLib-devel` (EPEL), macOS `brew install geographiclib`, \
Windows `vcpkg install geographiclib`, or give its prefix with -DCMAKE_PREFIX_PATH.")
if(NOT TARGET GeographicLib::GeographicLib)
  find_package(GeographicLib 2 CONFIG QUIET)
endif()
if(NOT TARGET GeographicLib::GeographicLib)
  set(_gridgov_saved_module_path "${CMAKE_MODULE_PATH}")
  list(APPEND CMAKE_MODULE_PATH /usr/share/cmake/geographiclib /usr/local/share/cmake/geographiclib)
  find_package(GeographicLib MODULE QUIET)
  set(CMAKE_MODULE_PATH "${_gridgov_saved_module_path}")
  unset(_gridgov_saved_module_path)
  if(GeographicLib_FOUND)
    # GLOBAL: a project that adds gridgov with add_subdirectory links it from its own folder.
    add_library(GeographicLib::GeographicLib UNKNOWN IMPORTED GLOBAL)
    set_target_properties(GeographicLib::GeographicLib PROPERTIES
      IMPORTED_LOCATION "${GeographicLib_LIBRARIES}"
      INTERFACE_INCLUDE_DIRECTORIES "${GeographicLib_INCLUDE_DIRS}")
  endif()
endif()
if(NOT TARGET GeographicLib::GeographicLib)
  find_path(GRIDGOV_GEOGRAPHICLIB_INCLUDE GeographicLib/Geodesic.hpp)
  find_library(GRIDGOV_GEOGRAPHICLIB_LIBRARY NAMES GeographicLib Geographic)
  if(GRIDGOV_GEOGRAPHICLIB_INCLUDE AND GRIDGOV_GEOGRAPHICLIB_LIBRARY)
    add_library(GeographicLib::GeographicLib UNKNOWN IMPORTED GLOBAL)
    set_target_properties(GeographicLib::GeographicLib PROPERTIES
      IMPORTED_LOCATION "${GRIDGOV_GEOGRAPHICLIB_LIBRARY}"
      INTERFACE_INCLUDE_DIRECTORIES "${GRIDGOV_GEOGRAPHICLIB_INCLUDE}")
  endif()
endif()
