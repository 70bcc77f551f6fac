// Python bindings for the message catalogue (gridgov/core/messages.hpp), on the submodule
// `_core.messages`. The Python face is python/gridgov/messages.py (gg.set_language).
#include <pybind11/stl.h>

#include <string>
#include <tuple>
#include <vector>

#include "bindings.hpp"
#include "gridgov/core/messages.hpp"

namespace gridgov::python {

void register_messages(py::module_& root) {
  using namespace gridgov::messages;
  auto m = root.def_submodule("messages", "The message catalogue and the language of messages (C++ core).");
  m.def("language", [] { return std::string(language_code(language())); }, "'zh' or 'en'.");
  m.def("set_language", [](const std::string& code) { set_language(parse_language(code)); }, py::arg("language"));
  m.def("language_from_environment", [] { return std::string(language_code(language_from_environment())); });
  m.def("catalogue", [] {
    std::vector<std::tuple<std::string, std::string, std::string>> out;
    for (const Text& t : catalogue()) out.emplace_back(t.id, t.en, t.zh);
    return out;
  }, "Every entry as (id, English, Chinese).");
}

}  // namespace gridgov::python
