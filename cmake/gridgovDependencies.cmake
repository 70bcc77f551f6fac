# The header-only libraries gridgov's sources include, found honestly: each one only where a
# source includes it, from the system first and otherwise from the PyPI package that ships its
# headers (the wheel build lists those packages in pyproject.toml's build-system.requires, so
# `pip install` and cibuildwheel need no Boost, Eigen or nlohmann-json installed beforehand).
#
#   Boost headers   src/core/traversal.cpp (boost/pending/disjoint_sets.hpp),
#                   src/core/utf8.cpp (boost/locale/utf.hpp), src/ingest/adjacency.cpp
#                   (boost/polygon/voronoi.hpp); Boost.Graph only in benchmarks/.
#                   PyPI: libboost-headers (module libboost_headers).
#   Eigen           src/coverage/eigen_api.cpp, bindings/coverage.cpp, tests/cpp/test_coverage.cpp.
#                   No public header includes it (core/eigen_fwd.hpp declares the types).
#                   PyPI: cmeel-eigen (a CMake package under site-packages/cmeel.prefix).
#   nlohmann-json   src/escalation/policy_json.cpp. PyPI: nlohmann-json (module nlohmann_json).
#
# None of them is part of gridgov's interface: they are linked as $<BUILD_INTERFACE:...> so that
# the installed package config neither needs nor names them.
#
# GRIDGOV_HEADERS_FROM_PYTHON=ON takes the PyPI packages first (the wheel build uses it, so that a
# wheel is built from the same headers on every platform); OFF (default) the system's first.
option(GRIDGOV_HEADERS_FROM_PYTHON "Take Boost, Eigen and nlohmann-json headers from their PyPI packages first" OFF)

# The interpreter whose packages may hold headers: the one scikit-build-core runs, or the one
# given with -DPython_EXECUTABLE; none otherwise (then only the system is searched).
function(_gridgov_python_interpreter out)
  set(python "")
  if(Python_EXECUTABLE)
    set(python "${Python_EXECUTABLE}")
  elseif(SKBUILD OR GRIDGOV_HEADERS_FROM_PYTHON)
    find_package(Python 3.9 QUIET COMPONENTS Interpreter)
    if(Python_EXECUTABLE)
      set(python "${Python_EXECUTABLE}")
    endif()
  endif()
  set(${out} "${python}" PARENT_SCOPE)
endfunction()

# The include folder a PyPI header package reports (module.get_include()), or "".
function(_gridgov_python_headers out module)
  set(${out} "" PARENT_SCOPE)
  _gridgov_python_interpreter(python)
  if(NOT python)
    return()
  endif()
  execute_process(COMMAND "${python}" -c "import ${module}; print(${module}.get_include())"
                  OUTPUT_VARIABLE dir OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE failed)
  if(NOT failed AND IS_DIRECTORY "${dir}")
    set(${out} "${dir}" PARENT_SCOPE)
  endif()
endfunction()

# An interface target GLOBAL for the include folders `dirs`, after checking that every header
# named is in one of them; otherwise a fatal error naming the missing header and how to get it.
# GLOBAL: a project that adds gridgov with add_subdirectory links it from its own folder.
function(_gridgov_header_target target dirs how)
  foreach(header IN LISTS ARGN)
    set(found OFF)
    foreach(dir IN LISTS dirs)
      if(EXISTS "${dir}/${header}")
        set(found ON)
      endif()
    endforeach()
    if(NOT found)
      message(FATAL_ERROR "gridgov: the header <${header}> is missing from ${dirs}. ${how}")
    endif()
  endforeach()
  add_library(${target} INTERFACE IMPORTED GLOBAL)
  set_target_properties(${target} PROPERTIES INTERFACE_INCLUDE_DIRECTORIES "${dirs}")
endfunction()

# A system package's imported target, adopted as such a target of its include folders.
function(_gridgov_adopt_target target source how)
  get_target_property(dirs ${source} INTERFACE_INCLUDE_DIRECTORIES)
  _gridgov_header_target(${target} "${dirs}" "${how}" ${ARGN})
endfunction()

set(_gridgov_boost_headers boost/pending/disjoint_sets.hpp boost/locale/utf.hpp boost/polygon/voronoi.hpp)
set(_gridgov_boost_how "Install the Boost headers (>= 1.74): Debian/Ubuntu `apt install libboost-dev`, \
Fedora/RHEL `dnf install boost-devel`, macOS `brew install boost`, or `pip install libboost-headers` \
and configure with -DPython_EXECUTABLE=<that python>.")
set(_gridgov_eigen_how "Install Eigen (>= 3.3): Debian/Ubuntu `apt install libeigen3-dev`, Fedora/RHEL \
`dnf install eigen3-devel`, macOS `brew install eigen`, or `pip install cmeel-eigen` and configure \
with -DPython_EXECUTABLE=<that python>.")
set(_gridgov_json_how "Install nlohmann-json (>= 3.2): Debian/Ubuntu `apt install nlohmann-json3-dev`, \
Fedora/RHEL `dnf install json-devel`, macOS `brew install nlohmann-json`, or `pip install nlohmann-json` \
and configure with -DPython_EXECUTABLE=<that python>.")

# Boost headers -> gridgov_boost_headers
function(_gridgov_find_boost_system)
  if(POLICY CMP0167)
    cmake_policy(SET CMP0167 NEW)
  endif()
  find_package(Boost 1.74 QUIET)
  if(TARGET Boost::headers)
    _gridgov_adopt_target(gridgov_boost_headers Boost::headers "${_gridgov_boost_how}" ${_gridgov_boost_headers})
  endif()
endfunction()
function(_gridgov_find_boost_python)
  _gridgov_python_headers(dir libboost_headers)
  if(dir)
    _gridgov_header_target(gridgov_boost_headers "${dir}" "${_gridgov_boost_how}" ${_gridgov_boost_headers})
  endif()
endfunction()

# Eigen -> gridgov_eigen
function(_gridgov_find_eigen_system)
  find_package(Eigen3 3.3 QUIET NO_MODULE)
  if(TARGET Eigen3::Eigen)
    _gridgov_adopt_target(gridgov_eigen Eigen3::Eigen "${_gridgov_eigen_how}" Eigen/Core Eigen/SparseCore)
  endif()
endfunction()
function(_gridgov_find_eigen_python)
  _gridgov_python_interpreter(python)
  if(NOT python)
    return()
  endif()
  # cmeel-eigen installs Eigen's own CMake package under <site-packages>/cmeel.prefix.
  execute_process(COMMAND "${python}" -c
    "import os, sys; print(next((os.path.join(p, 'cmeel.prefix') for p in sys.path if os.path.isdir(os.path.join(p, 'cmeel.prefix', 'include', 'eigen3'))), ''))"
    OUTPUT_VARIABLE prefix OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(prefix)
    _gridgov_header_target(gridgov_eigen "${prefix}/include/eigen3" "${_gridgov_eigen_how}" Eigen/Core Eigen/SparseCore)
  endif()
endfunction()

# nlohmann-json -> gridgov_json
function(_gridgov_find_json_system)
  find_package(nlohmann_json 3.2 QUIET)
  if(TARGET nlohmann_json::nlohmann_json)
    _gridgov_adopt_target(gridgov_json nlohmann_json::nlohmann_json "${_gridgov_json_how}" nlohmann/json.hpp)
  endif()
endfunction()
function(_gridgov_find_json_python)
  _gridgov_python_headers(dir nlohmann_json)
  if(dir)
    _gridgov_header_target(gridgov_json "${dir}" "${_gridgov_json_how}" nlohmann/json.hpp)
  endif()
endfunction()

foreach(dep IN ITEMS boost eigen json)
  if(dep STREQUAL "boost")
    set(target gridgov_boost_headers)
  elseif(dep STREQUAL "eigen")
    set(target gridgov_eigen)
  else()
    set(target gridgov_json)
  endif()
  if(TARGET ${target})
    continue()
  endif()
  if(GRIDGOV_HEADERS_FROM_PYTHON)
    cmake_language(CALL _gridgov_find_${dep}_python)
    if(NOT TARGET ${target})
      cmake_language(CALL _gridgov_find_${dep}_system)
    endif()
  else()
    cmake_language(CALL _gridgov_find_${dep}_system)
    if(NOT TARGET ${target})
      cmake_language(CALL _gridgov_find_${dep}_python)
    endif()
  endif()
  if(TARGET ${target})
    get_target_property(_gridgov_dirs ${target} INTERFACE_INCLUDE_DIRECTORIES)
    message(STATUS "gridgov: ${dep} headers from ${_gridgov_dirs}")
  endif()
endforeach()

if(NOT TARGET gridgov_boost_headers)
  message(FATAL_ERROR "gridgov: the Boost headers are missing (gridgov includes <boost/pending/disjoint_sets.hpp>, "
                      "<boost/locale/utf.hpp> and <boost/polygon/voronoi.hpp>). ${_gridgov_boost_how}")
endif()
if(NOT TARGET gridgov_eigen)
  message(FATAL_ERROR "gridgov: the Eigen headers are missing (gridgov includes <Eigen/Core> and "
                      "<Eigen/SparseCore>). ${_gridgov_eigen_how}")
endif()
if(NOT TARGET gridgov_json)
  message(FATAL_ERROR "gridgov: the nlohmann-json header is missing (gridgov includes <nlohmann/json.hpp>). "
                      "${_gridgov_json_how}")
endif()
