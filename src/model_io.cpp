// The model file format (see io.hpp).
#include "gridgov/model/io.hpp"

#include <array>
#include <bit>
#include <cstring>
#include <fstream>
#include <iterator>

namespace gridgov {

static_assert(std::endian::native == std::endian::little,
              "the model file format is little-endian; add byte swapping for this platform");

namespace {

constexpr char magic[8] = {'G', 'R', 'I', 'D', 'G', 'O', 'V', '\n'};
constexpr std::size_t header_size = 8 + 4 + 4 + 8 + 4;

class Writer {
 public:
  template <class T>
  void pod(const T& v) {
    const char* p = reinterpret_cast<const char*>(&v);
    out_.insert(out_.end(), p, p + sizeof(T));
  }
  void str(std::string_view s) {
    pod<std::uint64_t>(s.size());
    out_.insert(out_.end(), s.begin(), s.end());
  }
  template <class T>
  void vec(const std::vector<T>& v) {
    pod<std::uint64_t>(v.size());
    if (v.empty()) return;
    const char* p = reinterpret_cast<const char*>(v.data());
    out_.insert(out_.end(), p, p + v.size() * sizeof(T));
  }
  void pool(const StringPool& p) {
    vec(p.chars());
    vec(p.offsets());
  }
  std::vector<char>& bytes() { return out_; }

 private:
  std::vector<char> out_;
};

class Reader {
 public:
  Reader(const char* data, std::size_t size, const std::string& source) : p_(data), end_(data + size), source_(source) {}
  template <class T>
  T pod(const char* what) {
    need(sizeof(T), what);
    T v;
    std::memcpy(&v, p_, sizeof(T));
    p_ += sizeof(T);
    return v;
  }
  std::string str(const char* what) {
    auto n = pod<std::uint64_t>(what);
    need(n, what);
    std::string s(p_, p_ + n);
    p_ += n;
    return s;
  }
  template <class T>
  std::vector<T> vec(const char* what) {
    auto n = pod<std::uint64_t>(what);
    if (n > static_cast<std::uint64_t>(end_ - p_) / sizeof(T)) fail(std::string(what) + " is longer than the file");
    std::vector<T> v(n);
    if (n == 0) return v;  // memcpy to an empty vector's null data() is undefined behaviour
    std::memcpy(v.data(), p_, n * sizeof(T));
    p_ += n * sizeof(T);
    return v;
  }
  StringPool pool(const char* what) {
    auto chars = vec<char>(what);
    auto offsets = vec<std::uint64_t>(what);
    StringPool p;
    try {
      p.assign(std::move(chars), std::move(offsets));
    } catch (const FormatError& e) {
      fail(std::string(what) + ": " + e.what());
    }
    return p;
  }
  [[noreturn]] void fail(const std::string& why) const {
    throw FormatError("'" + source_ + "' is not a valid gridgov model file: " + why +
                      " (the file is damaged or truncated; save the model again)");
  }
  bool at_end() const { return p_ == end_; }

 private:
  void need(std::uint64_t n, const char* what) const {
    if (n > static_cast<std::uint64_t>(end_ - p_)) fail(std::string("unexpected end of data in ") + what);
  }
  const char* p_;
  const char* end_;
  const std::string& source_;
};

}  // namespace

std::uint32_t crc32(const char* data, std::size_t size) noexcept {
  static const auto table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
      std::uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::size_t i = 0; i < size; ++i) c = table[(c ^ static_cast<std::uint8_t>(data[i])) & 0xFFu] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::vector<char> serialize(const Model& model) {
  const auto& d = model.data();
  Writer w;
  w.pod<std::uint64_t>(d.metadata.size());
  for (const auto& [k, v] : d.metadata) {
    w.str(k);
    w.str(v);
  }
  w.vec(d.kinds);
  w.vec(d.parent);
  w.pool(d.codes);
  w.pool(d.names);
  w.pod<std::uint64_t>(d.subkind_names.size());
  for (const auto& s : d.subkind_names) w.str(s);
  w.vec(d.subkind);
  w.vec(d.x);
  w.vec(d.y);
  w.pod<std::uint64_t>(d.links.size());
  for (const auto& l : d.links) {
    w.pod(l.source);
    w.pod(l.target);
    w.pod(static_cast<std::uint8_t>(l.type));
    w.pod(l.weight);
  }
  for (const auto& cols : d.columns) {
    w.pod<std::uint64_t>(cols.size());
    for (const auto& c : cols) {
      w.str(c.name);
      w.pod(static_cast<std::uint8_t>(c.type));
      w.vec(c.valid);
      switch (c.type) {
        case ColumnType::int64: w.vec(c.ints); break;
        case ColumnType::float64: w.vec(c.floats); break;
        case ColumnType::boolean: w.vec(c.bools); break;
        case ColumnType::string: w.pool(c.strings); break;
      }
    }
  }
  w.pod<std::uint64_t>(d.findings.size());
  for (const auto& f : d.findings) {
    w.str(f.rule);
    w.str(f.severity);
    w.str(f.kind);
    w.str(f.code);
    w.str(f.detail);
  }
  std::vector<char> payload = std::move(w.bytes());
  Writer h;
  h.bytes().insert(h.bytes().end(), std::begin(magic), std::end(magic));
  h.pod<std::uint32_t>(model_format_version);
  h.pod<std::uint32_t>(0);
  h.pod<std::uint64_t>(payload.size());
  h.pod<std::uint32_t>(crc32(payload.data(), payload.size()));
  auto out = std::move(h.bytes());
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

Model deserialize(const std::vector<char>& bytes, const std::string& source) {
  Reader hr(bytes.data(), bytes.size(), source);
  if (bytes.size() < 8 || std::memcmp(bytes.data(), magic, 8) != 0)
    throw FormatError("'" + source + "' is not a gridgov model file (it does not start with the gridgov signature)");
  if (bytes.size() < header_size) hr.fail("the header is cut short");
  std::uint32_t version;
  std::memcpy(&version, bytes.data() + 8, 4);
  if (version > model_format_version)
    throw VersionError("'" + source + "' was written in model format " + std::to_string(version) +
                       " by a newer gridgov; this gridgov reads formats up to " + std::to_string(model_format_version) +
                       ": upgrade gridgov to load it");
  if (version == 0) hr.fail("format version 0 does not exist");
  std::uint64_t length;
  std::uint32_t checksum;
  std::memcpy(&length, bytes.data() + 16, 8);
  std::memcpy(&checksum, bytes.data() + 24, 4);
  if (bytes.size() - header_size != length)
    hr.fail("the header announces " + std::to_string(length) + " bytes of data but " +
            std::to_string(bytes.size() - header_size) + " follow");
  const char* payload = bytes.data() + header_size;
  if (crc32(payload, length) != checksum) hr.fail("the checksum does not match the data");

  Reader r(payload, length, source);
  ModelBuilder b;
  std::map<std::string, std::string> metadata;
  const auto meta_count = r.pod<std::uint64_t>("metadata");
  for (std::uint64_t i = 0; i < meta_count; ++i) {
    auto k = r.str("metadata key");
    metadata[k] = r.str("metadata value");
  }
  const auto kinds = r.vec<Kind>("kinds");
  const auto parent = r.vec<node_id>("parents");
  const auto codes = r.pool("codes");
  const auto names = r.pool("names");
  const std::size_t n = kinds.size();
  if (parent.size() != n || codes.size() != n || names.size() != n) r.fail("node tables differ in length");
  std::vector<std::string> subkind_names(r.pod<std::uint64_t>("subkinds"));
  if (subkind_names.size() > 65536) r.fail("too many subkinds");
  for (auto& s : subkind_names) s = r.str("subkind");
  const auto subkind = r.vec<std::uint16_t>("subkind ids");
  const auto x = r.vec<double>("x");
  const auto y = r.vec<double>("y");
  if (subkind.size() != n || x.size() != n || y.size() != n) r.fail("node tables differ in length");
  for (std::size_t v = 0; v < n; ++v) {
    if (static_cast<int>(kinds[v]) >= kind_count) r.fail("node " + std::to_string(v) + " has an unknown kind");
    if (parent[v] < -1 || parent[v] >= static_cast<node_id>(n)) r.fail("node " + std::to_string(v) + " has a parent out of range");
    if (subkind[v] >= subkind_names.size()) r.fail("node " + std::to_string(v) + " has a subkind out of range");
    if (v > 0 && kinds[v] < kinds[v - 1]) r.fail("nodes are not sorted by kind");
    b.add(kinds[v], codes[v], names[v], parent[v] < 0 ? std::string_view{} : codes[static_cast<std::size_t>(parent[v])],
          subkind_names[subkind[v]]);
    b.set_xy(codes[v], x[v], y[v]);
  }
  const auto link_count = r.pod<std::uint64_t>("links");
  for (std::uint64_t i = 0; i < link_count; ++i) {
    auto s = r.pod<node_id>("link");
    auto t = r.pod<node_id>("link");
    auto type = r.pod<std::uint8_t>("link");
    auto weight = r.pod<double>("link");
    if (s < 0 || t < 0 || static_cast<std::size_t>(s) >= n || static_cast<std::size_t>(t) >= n || type >= link_type_count)
      r.fail("link " + std::to_string(i) + " is out of range");
    b.link(codes[static_cast<std::size_t>(s)], codes[static_cast<std::size_t>(t)], static_cast<LinkType>(type), weight);
  }
  // Columns: kind k's rows are the builder rows [begin_k, end_k) since nodes arrive sorted.
  std::size_t begin = 0;
  for (int k = 0; k < kind_count; ++k) {
    std::size_t end = begin;
    while (end < n && static_cast<int>(kinds[end]) == k) ++end;
    const auto col_count = r.pod<std::uint64_t>("columns");
    for (std::uint64_t i = 0; i < col_count; ++i) {
      Column c;
      c.name = r.str("column name");
      const auto type = r.pod<std::uint8_t>("column type");
      if (type > 3) r.fail("column '" + c.name + "' has an unknown type");
      c.type = static_cast<ColumnType>(type);
      c.valid = r.vec<std::uint8_t>("column validity");
      switch (c.type) {
        case ColumnType::int64: c.ints = r.vec<std::int64_t>("column"); break;
        case ColumnType::float64: c.floats = r.vec<double>("column"); break;
        case ColumnType::boolean: c.bools = r.vec<std::uint8_t>("column"); break;
        case ColumnType::string: c.strings = r.pool("column"); break;
      }
      if (c.size() != end - begin || (!c.valid.empty() && c.valid.size() != c.size()))
        r.fail("column '" + c.name + "' has the wrong number of rows");
      b.set_column(begin, std::move(c));
    }
    begin = end;
  }
  std::vector<Finding> findings(r.pod<std::uint64_t>("findings"));
  for (auto& f : findings) {
    f.rule = r.str("finding");
    f.severity = r.str("finding");
    f.kind = r.str("finding");
    f.code = r.str("finding");
    f.detail = r.str("finding");
  }
  if (!r.at_end()) r.fail("extra bytes after the data");
  for (auto& [k, v] : metadata) b.set_metadata(k, v);
  Model m = b.freeze(Validate::defer);
  auto data = std::make_shared<ModelData>(m.data());
  data->findings = std::move(findings);
  return Model(std::move(data));
}

void save(const Model& model, const std::string& path) {
  const auto bytes = serialize(model);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw FormatError("cannot open '" + path + "' for writing");
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!out) throw FormatError("writing '" + path + "' failed (disk full?)");
}

Model load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw FormatError("cannot open '" + path + "' for reading: no such file or no permission");
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return deserialize(bytes, path);
}

}  // namespace gridgov
