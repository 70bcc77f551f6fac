// Python bindings of the grid model: Model (immutable, zero-copy array views) and ModelBuilder.
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <limits>

#include "arrays.hpp"
#include "bindings.hpp"
#include "gridgov/model/io.hpp"
#include "gridgov/model/model.hpp"

namespace gridgov::python {

namespace {

template <class T>
py::array_t<T> view(const std::vector<T>& data, py::handle owner) {
  return readonly_view(std::span<const T>(data), owner);
}

template <class T>
py::array_t<T> copy_span(std::span<const T> s) {
  return owned_array(std::vector<T>(s.begin(), s.end()));
}

Kind kind_arg(const std::string& name) { return parse_kind(name); }

std::span<const node_id> ids_arg(const input_array<node_id>& ids,
                                 node_id n) {
  std::span<const node_id> s(ids.data(), static_cast<std::size_t>(ids.size()));
  for (std::size_t i = 0; i < s.size(); ++i)
    if (s[i] < 0 || s[i] >= n)
      throw InputError("node id " + std::to_string(s[i]) + " at position " + std::to_string(i) +
                       " is outside [0, " + std::to_string(n) + ")");
  return s;
}

node_id checked_id(const Model& m, node_id v) {
  if (v < 0 || v >= m.size())
    throw InputError("node id " + std::to_string(v) + " is outside [0, " + std::to_string(m.size()) + ")");
  return v;
}

// An integer that fits int64, else InputError (pybind11's own cast error names no value).
std::int64_t int64_from_python(const py::handle& h) {
  try {
    return h.cast<std::int64_t>();
  } catch (const py::cast_error&) {
    throw InputError("attribute value " + std::string(py::str(h)) +
                     " does not fit a 64-bit integer; integers lie in [-2^63, 2^63 - 1]");
  }
}

Value value_from_python(const py::handle& h) {
  if (h.is_none()) return std::monostate{};
  if (py::isinstance<py::bool_>(h)) return h.cast<bool>();
  if (py::isinstance<py::int_>(h)) return int64_from_python(h);
  if (py::isinstance<py::float_>(h)) return h.cast<double>();
  if (py::isinstance<py::str>(h)) {
    try {
      return h.cast<std::string>();
    } catch (const py::cast_error&) {
      PyErr_Clear();
      throw InputError("attribute value " + std::string(py::repr(h)) +
                       " is not valid Unicode (it holds lone surrogates); decode the text with its real encoding");
    }
  }
  // numpy scalars
  py::module_ np = py::module_::import("numpy");
  if (py::isinstance(h, np.attr("bool_"))) return h.cast<bool>();
  if (py::isinstance(h, np.attr("integer"))) return int64_from_python(h);
  if (py::isinstance(h, np.attr("floating"))) return h.cast<double>();
  throw InputError("attribute values must be int, float, bool, str or None, not " +
                   std::string(py::str(py::type::handle_of(h).attr("__name__"))));
}

py::object value_to_python(const Value& v) {
  return std::visit(
      [](const auto& x) -> py::object {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, std::monostate>) return py::none();
        else return py::cast(x);
      },
      v);
}

py::dict column_arrays(const Column& c) {
  // {"type": name, "values": array or list, "valid": bool array}
  py::dict out;
  out["type"] = std::string(column_type_name(c.type));
  const std::size_t n = c.size();
  std::vector<std::uint8_t> valid(n);
  for (std::size_t i = 0; i < n; ++i) valid[i] = c.is_present(i);
  out["valid"] = owned_array(std::move(valid)).attr("astype")("bool");
  switch (c.type) {
    case ColumnType::int64: out["values"] = copy_span<std::int64_t>(c.ints); break;
    case ColumnType::float64: out["values"] = copy_span<double>(c.floats); break;
    case ColumnType::boolean: out["values"] = copy_span<std::uint8_t>(c.bools).attr("astype")("bool"); break;
    case ColumnType::string: {
      py::list values(n);
      for (std::size_t i = 0; i < n; ++i) {
        auto s = c.strings[i];
        values[i] = c.is_present(i) ? py::object(py::str(s.data(), s.size())) : py::object(py::none());
      }
      out["values"] = values;
      break;
    }
  }
  return out;
}

/// Kind ids (uint8, the order of gridgov::Kind) checked and converted; rows are named from
/// `first_row_label` in the error.
std::vector<Kind> kinds_from_ids(const input_array<std::uint8_t>& kinds, std::size_t first_row_label) {
  std::vector<Kind> out(static_cast<std::size_t>(kinds.size()));
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (kinds.data()[i] >= kind_count) throw InputError("row " + std::to_string(first_row_label + i) + ": unknown kind id");
    out[i] = static_cast<Kind>(kinds.data()[i]);
  }
  return out;
}

py::list strings_of(const Model& m, std::span<const node_id> ids, bool names) {
  py::list out(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) {
    auto s = names ? m.name(ids[i]) : m.code(ids[i]);
    out[i] = py::str(s.data(), s.size());
  }
  return out;
}

}  // namespace

Column column_from_python(const std::string& name, const std::string& type, const py::object& values,
                          const py::object& valid) {
  Column c;
  c.name = name;
  if (type == "int64") {
    c.type = ColumnType::int64;
    auto a = values.cast<input_array<std::int64_t>>();
    c.ints.assign(a.data(), a.data() + a.size());
  } else if (type == "float64") {
    c.type = ColumnType::float64;
    auto a = values.cast<input_array<double>>();
    c.floats.assign(a.data(), a.data() + a.size());
  } else if (type == "bool") {
    c.type = ColumnType::boolean;
    auto a = values.cast<input_array<std::uint8_t>>();
    c.bools.assign(a.data(), a.data() + a.size());
  } else if (type == "string") {
    c.type = ColumnType::string;
    py::sequence seq = values.cast<py::sequence>();
    std::vector<std::uint8_t> mask;
    for (std::size_t i = 0; i < seq.size(); ++i) {
      py::handle h = seq[i];
      if (h.is_none()) {
        c.strings.push_back({});
        if (mask.empty()) mask.assign(i, 1);
        mask.push_back(0);
      } else {
        try {
          c.strings.push_back(h.cast<std::string>());
        } catch (const py::cast_error&) {
          PyErr_Clear();
          throw InputError("column '" + name + "' row " + std::to_string(i) + ": " + std::string(py::repr(h)) +
                           " is not text that can be stored (text must be valid Unicode, without lone surrogates)");
        }
        if (!mask.empty()) mask.push_back(1);
      }
    }
    c.valid = std::move(mask);
    return c;
  } else {
    throw InputError("column '" + name + "': unknown type '" + type + "' (use int64, float64, bool or string)");
  }
  if (!valid.is_none()) {
    auto v = valid.cast<input_array<std::uint8_t>>();
    if (static_cast<std::size_t>(v.size()) != c.size()) throw InputError("column '" + name + "': validity mask has the wrong length");
    bool all = true;
    for (py::ssize_t i = 0; i < v.size(); ++i) all = all && v.data()[i];
    if (!all) {
      if (c.type == ColumnType::float64) {
        for (py::ssize_t i = 0; i < v.size(); ++i)
          if (!v.data()[i]) c.floats[static_cast<std::size_t>(i)] = std::numeric_limits<double>::quiet_NaN();
      } else {
        c.valid.assign(v.data(), v.data() + v.size());
      }
    }
  }
  return c;
}

Validate validate_arg(const std::string& mode) {
  if (mode == "raise") return Validate::raise;
  if (mode == "defer") return Validate::defer;
  throw InputError("validate must be 'raise' or 'defer', not '" + mode + "'");
}


void register_model(py::module_& m) {
  m.attr("KIND_NAMES") = py::cast(std::vector<std::string>(kind_names.begin(), kind_names.end()));
  m.attr("LINK_TYPE_NAMES") = py::cast(std::vector<std::string>(link_type_names.begin(), link_type_names.end()));
  m.attr("MODEL_FORMAT_VERSION") = model_format_version;

  py::class_<Model>(m, "Model", "The immutable grid model (C++ core). Use gridgov.Model in Python code.")
      .def(py::init<>())
      .def_property_readonly("size", &Model::size)
      .def("count", [](const Model& self, const std::string& kind, const std::string& subkind) {
             return self.count(kind_arg(kind), subkind);
           }, py::arg("kind"), py::arg("subkind") = "")
      .def("kind_range", [](const Model& self, const std::string& kind) { return self.kind_range(kind_arg(kind)); })
      .def("kinds", [](py::object self) { return view(self.cast<const Model&>().data().kinds, self).attr("view")("uint8"); })
      .def("parents", [](py::object self) { return view(self.cast<const Model&>().data().parent, self); })
      .def("x", [](py::object self) { return view(self.cast<const Model&>().data().x, self); })
      .def("y", [](py::object self) { return view(self.cast<const Model&>().data().y, self); })
      .def("subkind_ids", [](py::object self) { return view(self.cast<const Model&>().data().subkind, self); })
      .def("subkind_names", [](const Model& self) { return self.subkind_names(); })
      .def("preorder", [](py::object self) { return view(self.cast<const Model&>().data().preorder, self); })
      .def("pre_index", [](py::object self) { return view(self.cast<const Model&>().data().pre_index, self); })
      .def("subtree_end", [](py::object self) { return view(self.cast<const Model&>().data().subtree_end, self); })
      .def("children_csr", [](py::object self) {
        const auto& g = self.cast<const Model&>().data().children;
        return py::make_tuple(view(g.offsets, self), view(g.targets, self));
      })
      .def("link_csr", [](py::object self, const std::string& type, bool incoming) {
        const Model& model = self.cast<const Model&>();
        const LinkType t = parse_link_type(type);
        const CsrView g = model.link_view(t, incoming);
        const auto w = model.link_weights(t, incoming);
        return py::make_tuple(readonly_view(g.offsets, self), readonly_view(g.targets, self), readonly_view(w, self));
      }, py::arg("type"), py::arg("incoming") = false)
      .def("links", [](const Model& self) {
        const auto links = self.all_links();
        std::vector<node_id> s(links.size()), t(links.size());
        std::vector<std::uint8_t> type(links.size());
        std::vector<double> w(links.size());
        for (std::size_t i = 0; i < links.size(); ++i) {
          s[i] = links[i].source;
          t[i] = links[i].target;
          type[i] = static_cast<std::uint8_t>(links[i].type);
          w[i] = links[i].weight;
        }
        return py::make_tuple(owned_array(std::move(s)), owned_array(std::move(t)), owned_array(std::move(type)), owned_array(std::move(w)));
      })
      .def("code", [](const Model& self, node_id v) { return std::string(self.code(checked_id(self, v))); })
      .def("name", [](const Model& self, node_id v) { return std::string(self.name(checked_id(self, v))); })
      .def("kind", [](const Model& self, node_id v) { return std::string(kind_name(self.kind(checked_id(self, v)))); })
      .def("subkind", [](const Model& self, node_id v) { return std::string(self.subkind(checked_id(self, v))); })
      .def("codes", [](const Model& self, const input_array<node_id>& ids) {
        return strings_of(self, ids_arg(ids, self.size()), false);
      })
      .def("names", [](const Model& self, const input_array<node_id>& ids) {
        return strings_of(self, ids_arg(ids, self.size()), true);
      })
      .def("find", [](const Model& self, const std::string& code) { return self.find(code); })
      .def("ids", [](const Model& self, const std::vector<std::string>& codes) {
        std::vector<node_id> out;
        {
          py::gil_scoped_release release;
          out = self.ids(codes);
        }
        return owned_array(std::move(out));
      })
      .def("parent", [](const Model& self, node_id v) { return self.parent(checked_id(self, v)); })
      .def("children", [](const Model& self, node_id v, const std::optional<std::string>& kind) {
        checked_id(self, v);
        return kind ? copy_span(self.children(v, kind_arg(*kind))) : copy_span(self.children(v));
      }, py::arg("id"), py::arg("kind") = py::none())
      .def("descendants", [](const Model& self, node_id v, const std::optional<std::string>& kind) {
        checked_id(self, v);
        return owned_array(kind ? self.descendants(v, kind_arg(*kind)) : self.descendants(v));
      }, py::arg("id"), py::arg("kind") = py::none())
      .def("ancestors", [](const Model& self, node_id v) { return owned_array(self.ancestors(checked_id(self, v))); })
      .def("ancestor_of_kind", [](const Model& self, const input_array<node_id>& ids,
                                  const std::string& kind) {
        auto span = ids_arg(ids, self.size());
        const Kind k = kind_arg(kind);
        std::vector<node_id> out;
        {
          py::gil_scoped_release release;
          out = self.ancestor_of_kind(span, k);
        }
        return owned_array(std::move(out));
      })
      .def("count_descendants", [](const Model& self, const std::string& kind) {
        const Kind k = kind_arg(kind);
        std::vector<std::int64_t> out;
        {
          py::gil_scoped_release release;
          out = self.count_descendants(k);
        }
        return owned_array(std::move(out));
      })
      .def("subtree_sum", [](const Model& self, const input_array<double>& values) {
        std::span<const double> s(values.data(), static_cast<std::size_t>(values.size()));
        std::vector<double> out;
        {
          py::gil_scoped_release release;
          out = self.subtree_sum(s);
        }
        return owned_array(std::move(out));
      })
      .def("aggregate", [](const Model& self, const std::string& kind, const std::string& column) {
        return owned_array(self.aggregate(kind_arg(kind), column));
      })
      .def("column_names", [](const Model& self, const std::string& kind) {
        std::vector<std::pair<std::string, std::string>> out;
        for (const auto& c : self.columns(kind_arg(kind))) out.emplace_back(c.name, std::string(column_type_name(c.type)));
        return out;
      })
      .def("column", [](const Model& self, const std::string& kind, const std::string& name) {
        const Column* c = self.column(kind_arg(kind), name);
        if (!c) throw UnknownCodeError("kind " + kind + " has no attribute '" + name + "'");
        return column_arrays(*c);
      })
      .def("numeric", [](const Model& self, const std::string& kind, const std::string& name) {
        return owned_array(self.numeric(kind_arg(kind), name));
      })
      .def("value", [](const Model& self, node_id v, const std::string& column) {
        return value_to_python(self.value(checked_id(self, v), column));
      })
      .def("summary", &Model::summary)
      .def("metadata", [](const Model& self) { return self.metadata(); })
      .def("findings", [](const Model& self) {
        py::list out;
        for (const auto& f : self.findings()) out.append(py::make_tuple(f.rule, f.severity, f.kind, f.code, f.detail));
        return out;
      })
      .def("memory_bytes", &Model::memory_bytes)
      .def("string_bytes", &Model::string_bytes)
      .def("edit", &Model::edit)
      .def("save", [](const Model& self, const std::string& path) {
        py::gil_scoped_release release;
        save(self, path);
      })
      .def_static("load", [](const std::string& path) {
        py::gil_scoped_release release;
        return load(path);
      })
      .def("to_bytes", [](const Model& self) {
        auto bytes = serialize(self);
        return py::bytes(bytes.data(), bytes.size());
      })
      .def_static("from_bytes", [](const py::bytes& b, const std::string& source) {
        const std::span<const char> bytes(PyBytes_AS_STRING(b.ptr()), static_cast<std::size_t>(PyBytes_GET_SIZE(b.ptr())));
        return deserialize(bytes, source);
      }, py::arg("data"), py::arg("source") = "<bytes>");

  py::class_<ModelBuilder>(m, "ModelBuilder", "Collects nodes, links and attributes; freeze() makes a Model.")
      .def(py::init<>())
      .def_property_readonly("size", &ModelBuilder::live_count)
      .def_property_readonly("rows", &ModelBuilder::size)
      .def("add", [](ModelBuilder& self, const std::string& kind, const std::string& code, const std::string& name,
                     const std::string& parent, const std::string& subkind) {
        return self.add(kind_arg(kind), code, name, parent, subkind);
      }, py::arg("kind"), py::arg("code"), py::arg("name") = "", py::arg("parent") = "", py::arg("subkind") = "")
      .def("add_many", [](ModelBuilder& self, const input_array<std::uint8_t>& kinds,
                          const std::vector<std::string>& codes, const std::vector<std::string>& names,
                          const std::vector<std::string>& parents, const std::vector<std::string>& subkinds,
                          std::size_t first_row_label) {
        const std::vector<Kind> ks = kinds_from_ids(kinds, first_row_label);
        py::gil_scoped_release release;
        self.add_many(ks, codes, names, parents, subkinds, first_row_label);  // copies: the slow path
      }, py::arg("kinds"), py::arg("codes"), py::arg("names"), py::arg("parents"), py::arg("subkinds"),
         py::arg("first_row_label") = 0)
      .def("add_packed", [](ModelBuilder& self, const input_array<std::uint8_t>& kinds,
                            const py::bytes& codes, const py::bytes& names, const py::bytes& parents,
                            const py::object& subkinds, std::size_t first_row_label) {
        // Bulk path for from_frame: each text column arrives as one UTF-8 buffer with the values
        // separated by NUL, which crosses into C++ without a Python object per string.
        const auto n = static_cast<std::size_t>(kinds.size());
        auto split = [n](const py::bytes& blob, const char* what) {
          const std::string_view all(PyBytes_AS_STRING(blob.ptr()), static_cast<std::size_t>(PyBytes_GET_SIZE(blob.ptr())));
          std::vector<std::string> out;
          out.reserve(n);
          std::size_t start = 0;
          for (std::size_t i = 0; i <= all.size(); ++i) {
            if (i == all.size() || all[i] == '\0') {
              out.emplace_back(all.substr(start, i - start));
              start = i + 1;
            }
          }
          if (n == 0) out.clear();
          if (out.size() != n) throw InputError(std::string("column '") + what + "' has the wrong number of values (or a value holds a NUL character)");
          return out;
        };
        const std::vector<Kind> ks = kinds_from_ids(kinds, first_row_label);
        auto c = split(codes, "code");
        auto nm = split(names, "name");
        auto pa = split(parents, "parent");
        std::vector<std::string> sk;
        if (!subkinds.is_none()) sk = split(subkinds.cast<py::bytes>(), "subkind");
        py::gil_scoped_release release;
        self.add_many(ks, std::move(c), std::move(nm), std::move(pa), std::move(sk), first_row_label);
      }, py::arg("kinds"), py::arg("codes"), py::arg("names"), py::arg("parents"), py::arg("subkinds"),
         py::arg("first_row_label") = 0)
      .def("contains", &ModelBuilder::contains)
      .def("remove", &ModelBuilder::remove, py::arg("code"), py::arg("recursive") = false)
      .def("move", &ModelBuilder::move, py::arg("code"), py::arg("parent"))
      .def("rename", &ModelBuilder::rename)
      .def("set_subkind", &ModelBuilder::set_subkind)
      .def("set_xy", &ModelBuilder::set_xy)
      .def("set_xy_rows", [](ModelBuilder& self, std::size_t first_row,
                             const input_array<double>& x,
                             const input_array<double>& y) {
        self.set_xy_rows(first_row, {x.data(), static_cast<std::size_t>(x.size())}, {y.data(), static_cast<std::size_t>(y.size())});
      })
      .def("link", [](ModelBuilder& self, const std::string& s, const std::string& t, const std::string& type, double w) {
        self.link(s, t, parse_link_type(type), w);
      }, py::arg("source"), py::arg("target"), py::arg("link"), py::arg("weight") = std::numeric_limits<double>::quiet_NaN())
      .def("link_many", [](ModelBuilder& self, const std::vector<std::string>& sources, const std::vector<std::string>& targets,
                           const std::vector<std::string>& types,
                           const input_array<double>& weights) {
        if (targets.size() != sources.size() || types.size() != sources.size() || static_cast<std::size_t>(weights.size()) != sources.size())
          throw InputError("links: source, target, link and weight must have the same length");
        std::vector<std::string> problems;
        std::size_t bad = 0;
        for (std::size_t i = 0; i < sources.size(); ++i) {
          try {
            self.link(sources[i], targets[i], parse_link_type(types[i]), weights.data()[i]);
          } catch (const Error& e) {
            if (problems.size() < 20) problems.push_back("link row " + std::to_string(i) + ": " + e.what());
            ++bad;
          }
        }
        if (bad) {
          std::string msg = std::to_string(bad) + " link(s) rejected:";
          for (const auto& p : problems) msg += "\n  " + p;
          if (bad > problems.size()) msg += "\n  … and " + std::to_string(bad - problems.size()) + " more";
          throw ValidationError(msg);
        }
      })
      .def("unlink", [](ModelBuilder& self, const std::string& s, const std::string& t, const std::string& type) {
        return self.unlink(s, t, parse_link_type(type));
      })
      .def("unlink_all", [](ModelBuilder& self, const std::string& s, const std::string& type) {
        return self.unlink_all(s, parse_link_type(type));
      })
      .def("set", [](ModelBuilder& self, const std::string& code, const std::string& column, const py::object& value) {
        self.set(code, column, value_from_python(value));
      })
      .def("set_column", [](ModelBuilder& self, std::size_t first_row, const std::string& name, const std::string& type,
                            const py::object& values, const py::object& valid) {
        self.set_column(first_row, column_from_python(name, type, values, valid));
      }, py::arg("first_row"), py::arg("name"), py::arg("type"), py::arg("values"), py::arg("valid") = py::none())
      .def("set_metadata", &ModelBuilder::set_metadata)
      .def("freeze", [](const ModelBuilder& self, const std::string& validate) {
        const Validate mode = validate_arg(validate);
        py::gil_scoped_release release;
        return self.freeze(mode);
      }, py::arg("validate") = "raise");
}

}  // namespace gridgov::python
