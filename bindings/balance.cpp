// Python bindings for the balance area.
#include "bindings.hpp"

namespace gridgov::python {

void register_balance(py::module_& m) { (void)m; }

}  // namespace gridgov::python
