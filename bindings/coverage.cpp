// Python bindings for the coverage area.
#include "bindings.hpp"

namespace gridgov::python {

void register_coverage(py::module_& m) { (void)m; }

}  // namespace gridgov::python
