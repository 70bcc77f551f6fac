// Python bindings for the datasets area.
#include "bindings.hpp"

namespace gridgov::python {

void register_datasets(py::module_& m) { (void)m; }

}  // namespace gridgov::python
