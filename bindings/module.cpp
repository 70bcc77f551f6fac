// gridgov._core: the compiled half of the Python package. The pure-Python package `gridgov`
// (python/gridgov) wraps it with pandas tables, plotting and the command line.
#include "bindings.hpp"

#include "gridgov/version.hpp"

PYBIND11_MODULE(_core, m) {
  m.doc() = "gridgov compiled core (C++20); use the `gridgov` package, not this module directly.";
  m.attr("__version__") = GRIDGOV_VERSION_STRING;
  gridgov::python::register_errors(m);
  gridgov::python::register_messages(m);
  gridgov::python::register_model(m);
  gridgov::python::register_datasets(m);
  gridgov::python::register_balance(m);
  gridgov::python::register_coverage(m);
  gridgov::python::register_escalation(m);
  gridgov::python::register_names(m);
  gridgov::python::register_ingest(m);
  gridgov::python::register_planning(m);
}
