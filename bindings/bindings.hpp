// The pieces of the gridgov._core module, one registration function per area (one file each).
#pragma once

#include <pybind11/pybind11.h>

namespace gridgov::python {

namespace py = pybind11;

void register_errors(py::module_& m);
void register_model(py::module_& m);
void register_datasets(py::module_& m);
void register_balance(py::module_& m);
void register_coverage(py::module_& m);
void register_escalation(py::module_& m);
void register_ingest(py::module_& m);

}  // namespace gridgov::python
