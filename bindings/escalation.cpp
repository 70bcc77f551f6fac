// Python bindings for the escalation area.
#include "bindings.hpp"

namespace gridgov::python {

void register_escalation(py::module_& m) { (void)m; }

}  // namespace gridgov::python
