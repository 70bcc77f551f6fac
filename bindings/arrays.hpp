// numpy <-> C++ array helpers shared by every binding file: inputs are coerced once to
// C-contiguous arrays of the wanted type; outputs either take over a C++ vector without a copy
// or view memory an owning Python object keeps alive (read-only).
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <span>
#include <vector>

namespace gridgov::python {

namespace py = pybind11;

/// An input array coerced to a C-contiguous array of T (copies only when it must).
template <class T>
using input_array = py::array_t<T, py::array::c_style | py::array::forcecast>;

/// The elements of an input array as a span.
template <class T>
std::span<const T> as_span(const input_array<T>& a) {
  return {a.data(), static_cast<std::size_t>(a.size())};
}

/// A numpy array that takes over a vector (moved into a capsule, freed with the array); a shape
/// (C order) may be given for a multi-dimensional result, else it is one-dimensional.
template <class T>
py::array_t<T> owned_array(std::vector<T>&& data, std::vector<py::ssize_t> shape = {}) {
  auto* heap = new std::vector<T>(std::move(data));
  py::capsule free_when_done(heap, [](void* p) { delete static_cast<std::vector<T>*>(p); });
  if (shape.empty()) shape.push_back(static_cast<py::ssize_t>(heap->size()));
  return py::array_t<T>(shape, heap->data(), free_when_done);
}

/// A read-only numpy view of memory that `owner` keeps alive.
template <class T>
py::array_t<T> readonly_view(std::span<const T> data, py::handle owner) {
  py::array_t<T> arr({static_cast<py::ssize_t>(data.size())}, {static_cast<py::ssize_t>(sizeof(T))}, data.data(), owner);
  py::detail::array_proxy(arr.ptr())->flags &= ~py::detail::npy_api::NPY_ARRAY_WRITEABLE_;
  return arr;
}

}  // namespace gridgov::python
