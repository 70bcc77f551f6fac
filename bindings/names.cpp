// Python bindings for finding places and categories by the planner's own names
// (gridgov/escalation/names.hpp), on the submodule `_core.escalation`. Conversion only; the
// Python face is python/gridgov/_names.py (used by route, route_many and the CLI).
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "arrays.hpp"
#include "bindings.hpp"
#include "gridgov/core/errors.hpp"
#include "gridgov/escalation/names.hpp"

namespace gridgov::python {

void register_names(py::module_& root) {
  using namespace gridgov::escalation;
  auto m = root.attr("escalation").cast<py::module_>();  // after register_escalation
  m.def("name_key", &name_key, py::arg("text"), "The normal form in which names are compared.");
  m.def("category_of", &category_of, py::arg("policy"), py::arg("text"),
        "The index of the category a code (any case) or name means.");
  m.def("category_name", [](const EscalationPolicy& policy, int index) {
    if (index < 0 || index >= policy.category_count()) throw InputError("category index out of range");
    return policy.categories[static_cast<std::size_t>(index)].name;
  }, py::arg("policy"), py::arg("index"));
  py::class_<PlaceNames>(m, "PlaceNames", "Places by code, name or building number (C++).")
      .def(py::init<const Model&>(), py::arg("model"), py::call_guard<py::gil_scoped_release>())
      .def("find", &PlaceNames::find, py::arg("text"))
      .def("find_many", [](const PlaceNames& p, const std::vector<std::string>& texts) {
        std::vector<node_id> ids;
        {
          py::gil_scoped_release release;
          ids = p.find_many(texts);
        }
        return owned_array(std::move(ids));
      }, py::arg("texts"))
      .def("candidates", &PlaceNames::candidates, py::arg("text"))
      .def("describe", &PlaceNames::describe, py::arg("id"));
}

}  // namespace gridgov::python
