// The pieces of the gridgov._core module, one registration function per area (one file each).
#pragma once

#include <pybind11/pybind11.h>

#include <string>

#include "gridgov/model/columns.hpp"
#include "gridgov/ingest/buildings.hpp"
#include "gridgov/model/model.hpp"

namespace gridgov::python {

namespace py = pybind11;

/// An attribute column from Python: type "int64", "float64", "bool" or "string", values (an
/// array, or a sequence of str/None for strings) and an optional validity mask.
Column column_from_python(const std::string& name, const std::string& type, const py::object& values,
                          const py::object& valid);
/// A buildings table as a dict of columns (text as lists, numbers as numpy arrays; counts with
/// ABSENT_COUNT for blanks), the inverse of what _core.from_buildings takes.
py::dict building_columns(const ingest::BuildingTable& table);
/// "raise" or "defer".
Validate validate_arg(const std::string& mode);

void register_errors(py::module_& m);
void register_model(py::module_& m);
void register_datasets(py::module_& m);
void register_balance(py::module_& m);
void register_coverage(py::module_& m);
void register_escalation(py::module_& m);
void register_names(py::module_& m);
void register_messages(py::module_& m);
void register_ingest(py::module_& m);
void register_planning(py::module_& m);

}  // namespace gridgov::python
