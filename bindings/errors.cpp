// Maps the C++ error hierarchy onto Python exceptions: gg.Error derives from ValueError and every
// other class from its C++ base's Python class, so `except gg.Error` catches all of them.
#include "bindings.hpp"

#include "gridgov/core/errors.hpp"

namespace gridgov::python {

void register_errors(py::module_& m) {
  static py::exception<Error> error(m, "Error", PyExc_ValueError);
  static py::exception<InputError> input_error(m, "InputError", error.ptr());
  static py::exception<UnknownCodeError> unknown_code(m, "UnknownCodeError", input_error.ptr());
  static py::exception<ValidationError> validation(m, "ValidationError", error.ptr());
  static py::exception<FormatError> format_error(m, "FormatError", error.ptr());
  static py::exception<VersionError> version_error(m, "VersionError", format_error.ptr());
  static py::exception<InfeasibleError> infeasible(m, "InfeasibleError", error.ptr());
  // Raised from Python too (draw_grids): those carry no proof unless they set one.
  infeasible.attr("proven") = false;
  static py::exception<PolicyError> policy(m, "PolicyError", validation.ptr());
  static py::exception<EventLogError> event_log(m, "EventLogError", validation.ptr());
  // Most derived first: pybind11 tries translators in reverse order of registration, and one
  // translator that rethrows covers the whole hierarchy exactly.
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const EventLogError& e) {
      PyErr_SetString(event_log.ptr(), e.what());
    } catch (const PolicyError& e) {
      PyErr_SetString(policy.ptr(), e.what());
    } catch (const ValidationError& e) {
      PyErr_SetString(validation.ptr(), e.what());
    } catch (const VersionError& e) {
      PyErr_SetString(version_error.ptr(), e.what());
    } catch (const FormatError& e) {
      PyErr_SetString(format_error.ptr(), e.what());
    } catch (const InfeasibleError& e) {
      // An instance carrying the proof flag, so Python callers branch on `exc.proven`.
      py::object exc = py::handle(infeasible.ptr())(e.what());
      exc.attr("proven") = py::bool_(e.proven());
      PyErr_SetObject(infeasible.ptr(), exc.ptr());
    } catch (const UnknownCodeError& e) {
      PyErr_SetString(unknown_code.ptr(), e.what());
    } catch (const InputError& e) {
      PyErr_SetString(input_error.ptr(), e.what());
    } catch (const Error& e) {
      PyErr_SetString(error.ptr(), e.what());
    }
  });
}

}  // namespace gridgov::python
