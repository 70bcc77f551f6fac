// The model file format (see io.hpp).
#include "gridgov/model/io.hpp"

#include <array>
#include <bit>
#include <cstring>
#include <fstream>
#include <algorithm>
#include <filesystem>
#include <limits>
#include <span>
#include <set>
#include <tuple>

#include "core/files.hpp"
#include "gridgov/core/utf8.hpp"
#include "gridgov/core/messages.hpp"

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

// Reads the payload. Every count is checked against the bytes that remain before anything is
// sized by it, so a small file never makes a large allocation; every string is checked to be
// UTF-8. Errors name what was being read and the byte offset in the file.
class Reader {
 public:
  Reader(const char* data, std::size_t size, const std::string& source, std::size_t file_offset)
      : begin_(data), p_(data), end_(data + size), source_(source), file_offset_(file_offset) {}
  template <class T>
  T pod(std::string_view what) {
    need(sizeof(T), what);
    T v;
    std::memcpy(&v, p_, sizeof(T));
    p_ += sizeof(T);
    return v;
  }
  /// A count of records that take at least `min_bytes_each` bytes each in the file.
  std::uint64_t count(std::string_view what, std::size_t min_bytes_each) {
    const auto at = offset();
    const auto n = pod<std::uint64_t>(what);
    if (n > remaining() / min_bytes_each)
      fail("the file announces " + std::to_string(n) + " " + std::string(what) + " but only " +
               std::to_string(remaining()) + " bytes follow",
           at);
    return n;
  }
  std::string str(std::string_view what) {
    const auto at = offset();
    const auto n = pod<std::uint64_t>(what);
    need(n, what);
    std::string s(p_, p_ + n);
    p_ += n;
    if (const auto bad = utf8_invalid_at(s); bad != std::string::npos)
      fail(std::string(what) + " is not valid UTF-8 (byte " + std::to_string(bad) + " of the text)", at);
    return s;
  }
  template <class T>
  std::vector<T> vec(std::string_view what) {
    const auto n = count(what, sizeof(T));
    std::vector<T> v(n);
    if (n == 0) return v;  // memcpy to an empty vector's null data() is undefined behaviour
    std::memcpy(v.data(), p_, n * sizeof(T));
    p_ += n * sizeof(T);
    return v;
  }
  /// A string pool; `what` names the table ("codes"), entries are named by their index.
  StringPool pool(std::string_view what) {
    const auto at = offset();
    auto chars = vec<char>(what);
    auto offsets = vec<std::uint64_t>(what);
    StringPool p;
    try {
      p.assign(std::move(chars), std::move(offsets));
    } catch (const FormatError& e) {
      fail(std::string(what) + ": " + e.what(), at);
    }
    for (std::size_t i = 0; i < p.size(); ++i)
      if (const auto bad = utf8_invalid_at(p[i]); bad != std::string::npos)
        fail(std::string(what) + " entry " + std::to_string(i) + " is not valid UTF-8 (byte " + std::to_string(bad) +
                 " of the text)",
             at);
    return p;
  }
  [[noreturn]] void fail(const std::string& why) const { fail(why, offset()); }
  [[noreturn]] void fail(const std::string& why, std::size_t at) const {
    throw FormatError(messages::format("model_file.invalid",
                                       {{"path", source_}, {"why", why}, {"at", std::to_string(file_offset_ + at)}}));
  }
  /// Runs one step of the build; a gridgov::Error it throws becomes a FormatError naming
  /// `record` (a duplicate code, an infinite coordinate, a link to itself...).
  template <class F>
  void as_record(const std::string& record, F&& step) const {
    const auto at = offset();
    try {
      step();
    } catch (const Error& e) {
      fail(record + ": " + e.what(), at);
    }
  }
  bool at_end() const { return p_ == end_; }
  std::size_t offset() const { return static_cast<std::size_t>(p_ - begin_); }
  std::size_t remaining() const { return static_cast<std::size_t>(end_ - p_); }

 private:
  void need(std::uint64_t n, std::string_view what) const {
    if (n > remaining()) fail("unexpected end of data in " + std::string(what));
  }
  const char* begin_;
  const char* p_;
  const char* end_;
  const std::string& source_;
  std::size_t file_offset_;
};

struct Header {
  std::uint32_t version = 0;
  std::uint64_t length = 0;
  std::uint32_t checksum = 0;
};

// The header, checked field by field as far as `size` bytes allow; the loader reads it before
// the payload, so a foreign file or stream (even /dev/zero) is refused after 28 bytes.
Header parse_header(const char* data, std::size_t size, const std::string& source) {
  if (size < 8 || std::memcmp(data, magic, 8) != 0) {
    // A planner who passes a buildings table to load() is told where it goes instead.
    const bool zip = size >= 4 && std::memcmp(data, "PK\x03\x04", 4) == 0;  // .xlsx is a zip file
    if (zip)
      throw FormatError(messages::format("model_file.excel", {{"path", source}}));
    throw FormatError(messages::format("model_file.not_model", {{"path", source}}));
  }
  Reader hr(data, size, source, 0);
  (void)hr.pod<std::array<char, 8>>("the header");
  Header h;
  h.version = hr.pod<std::uint32_t>("the header");
  if (h.version > model_format_version)
    throw VersionError(messages::format("model_file.newer",
                                        {{"path", source},
                                         {"version", std::to_string(h.version)},
                                         {"supported", std::to_string(model_format_version)}}));
  if (h.version == 0) hr.fail("format version 0 does not exist", 8);
  if (const auto flags = hr.pod<std::uint32_t>("the header"); flags != 0)
    hr.fail("unknown header flags " + std::to_string(flags), 12);
  h.length = hr.pod<std::uint64_t>("the header");
  h.checksum = hr.pod<std::uint32_t>("the header");
  return h;
}

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

Model deserialize(std::span<const char> bytes, const std::string& source) {
  const Header h = parse_header(bytes.data(), bytes.size(), source);
  if (bytes.size() - header_size != h.length)
    throw FormatError(messages::format("model_file.length",
                                       {{"path", source},
                                        {"length", std::to_string(h.length)},
                                        {"follow", std::to_string(bytes.size() - header_size)}}));
  const char* payload = bytes.data() + header_size;
  if (crc32(payload, h.length) != h.checksum)
    throw FormatError(messages::format("model_file.checksum", {{"path", source}}));

  Reader r(payload, h.length, source, header_size);
  ModelBuilder b;
  std::map<std::string, std::string> metadata;
  const auto meta_count = r.count("metadata entries", 16);
  for (std::uint64_t i = 0; i < meta_count; ++i) {
    auto key = r.str("metadata key " + std::to_string(i));
    auto value = r.str("metadata value '" + key + "'");
    if (!metadata.emplace(key, std::move(value)).second) r.fail("metadata key '" + key + "' appears twice");
  }
  const auto kinds = r.vec<Kind>("kinds");
  const auto parent = r.vec<node_id>("parents");
  const auto codes = r.pool("codes");
  const auto names = r.pool("names");
  const std::size_t n = kinds.size();
  if (parent.size() != n || codes.size() != n || names.size() != n)
    r.fail("node tables differ in length (" + std::to_string(n) + " kinds, " + std::to_string(parent.size()) +
           " parents, " + std::to_string(codes.size()) + " codes, " + std::to_string(names.size()) + " names)");
  if (n > static_cast<std::size_t>(std::numeric_limits<node_id>::max())) r.fail("more than 2^31 - 1 nodes");
  const auto subkind_count = r.count("subkind names", sizeof(std::uint64_t));
  if (subkind_count > 65535) r.fail("more than 65,534 subkinds");
  std::vector<std::string> subkind_names;
  subkind_names.reserve(subkind_count);
  for (std::uint64_t i = 0; i < subkind_count; ++i) subkind_names.push_back(r.str("subkind " + std::to_string(i)));
  if (!subkind_names.empty() && !subkind_names[0].empty()) r.fail("subkind 0 (no subkind) has a name");
  const auto subkind = r.vec<std::uint16_t>("subkind ids");
  const auto x = r.vec<double>("x");
  const auto y = r.vec<double>("y");
  if (subkind.size() != n || x.size() != n || y.size() != n) r.fail("node tables differ in length");
  for (std::size_t v = 0; v < n; ++v) {
    const std::string node = "node " + std::to_string(v);
    if (static_cast<int>(kinds[v]) >= kind_count) r.fail(node + " has an unknown kind " + std::to_string(static_cast<int>(kinds[v])));
    if (parent[v] < -1 || parent[v] >= static_cast<node_id>(n)) r.fail(node + " has a parent out of range");
    if (subkind[v] >= subkind_names.size()) r.fail(node + " has a subkind out of range");
    if (v > 0 && kinds[v] < kinds[v - 1]) r.fail(node + ": nodes are not sorted by kind");
    r.as_record(node + " (code '" + std::string(codes[v]) + "')", [&] {
      b.add(kinds[v], codes[v], names[v], parent[v] < 0 ? std::string_view{} : codes[static_cast<std::size_t>(parent[v])],
            subkind_names[subkind[v]]);
      b.set_xy(codes[v], x[v], y[v]);
    });
  }
  constexpr std::size_t link_bytes = sizeof(node_id) * 2 + sizeof(std::uint8_t) + sizeof(double);
  const auto link_count = r.count("links", link_bytes);
  for (std::uint64_t i = 0; i < link_count; ++i) {
    const std::string link = "link " + std::to_string(i);
    auto s = r.pod<node_id>(link);
    auto t = r.pod<node_id>(link);
    auto type = r.pod<std::uint8_t>(link);
    auto weight = r.pod<double>(link);
    if (s < 0 || t < 0 || static_cast<std::size_t>(s) >= n || static_cast<std::size_t>(t) >= n || type >= link_type_count)
      r.fail(link + " is out of range");
    r.as_record(link, [&] {
      b.link(codes[static_cast<std::size_t>(s)], codes[static_cast<std::size_t>(t)], static_cast<LinkType>(type), weight);
    });
  }
  // Columns: kind k's rows are the builder rows [begin_k, end_k) since nodes arrive sorted.
  // Smallest column in the file: name length, type, validity length, values length (or the two
  // lengths of a string pool).
  constexpr std::size_t column_bytes = 8 + 1 + 8 + 8;
  std::size_t begin = 0;
  for (int k = 0; k < kind_count; ++k) {
    std::size_t end = begin;
    while (end < n && static_cast<int>(kinds[end]) == k) ++end;
    const std::string kind = std::string(kind_name(static_cast<Kind>(k)));
    const auto col_count = r.count("columns of kind " + kind, column_bytes);
    std::set<std::string> seen;
    for (std::uint64_t i = 0; i < col_count; ++i) {
      Column c;
      c.name = r.str("the name of column " + std::to_string(i) + " of kind " + kind);
      const std::string column = "column '" + c.name + "' of kind " + kind;
      if (!seen.insert(c.name).second) r.fail(column + " appears twice");
      const auto type = r.pod<std::uint8_t>(column);
      if (type > 3) r.fail(column + " has an unknown type " + std::to_string(type));
      c.type = static_cast<ColumnType>(type);
      c.valid = r.vec<std::uint8_t>(column + " (validity)");
      switch (c.type) {
        case ColumnType::int64: c.ints = r.vec<std::int64_t>(column); break;
        case ColumnType::float64: c.floats = r.vec<double>(column); break;
        case ColumnType::boolean: c.bools = r.vec<std::uint8_t>(column); break;
        case ColumnType::string: c.strings = r.pool(column); break;
      }
      if (c.size() != end - begin || (!c.valid.empty() && c.valid.size() != c.size()))
        r.fail(column + " has " + std::to_string(c.size()) + " rows for " + std::to_string(end - begin) + " nodes");
      r.as_record(column, [&] { b.set_column(begin, std::move(c)); });
    }
    begin = end;
  }
  constexpr std::size_t finding_bytes = 5 * sizeof(std::uint64_t);
  const auto finding_count = r.count("findings", finding_bytes);
  std::vector<Finding> findings;
  findings.reserve(finding_count);
  for (std::uint64_t i = 0; i < finding_count; ++i) {
    const std::string finding = "finding " + std::to_string(i);
    Finding f;
    f.rule = r.str(finding + " (rule)");
    f.severity = r.str(finding + " (severity)");
    f.kind = r.str(finding + " (kind)");
    f.code = r.str(finding + " (code)");
    f.detail = r.str(finding + " (detail)");
    findings.push_back(std::move(f));
  }
  if (!r.at_end()) r.fail(std::to_string(r.remaining()) + " extra bytes after the data");
  for (auto& [k, v] : metadata) b.set_metadata(k, v);
  Model m;
  r.as_record("the model", [&] { m = b.freeze(Validate::defer); });

  // Findings: the file's come first, as saved; they include what the data alone cannot show
  // again (a parent that was missing, a cycle the freeze cut, a link to a missing node). Then
  // every finding the freeze of the loaded data reports that the file does not list, so a file
  // whose data breaks a rule it does not record (a parent cycle written by another program)
  // still shows the break. For a file gridgov wrote, the second list adds nothing.
  std::vector<Finding> merged = std::move(findings);
  {
    auto key = [](const Finding& f) { return std::tie(f.rule, f.severity, f.kind, f.code, f.detail); };
    auto less = [&key](const Finding* a, const Finding* b) { return key(*a) < key(*b); };
    std::set<const Finding*, decltype(less)> in_file(less);
    for (const auto& f : merged) in_file.insert(&f);
    std::vector<Finding> added;
    for (const auto& f : m.findings())
      if (!in_file.count(&f)) added.push_back(f);
    merged.insert(merged.end(), std::make_move_iterator(added.begin()), std::make_move_iterator(added.end()));
  }
  // The freeze made this storage a moment ago and nothing else shares it yet: set its findings
  // in place rather than copying the whole model.
  auto data = std::const_pointer_cast<ModelData>(m.shared_data());
  m = Model();
  data->findings = std::move(merged);
  return Model(std::move(data));
}

Model deserialize(const std::vector<char>& bytes, const std::string& source) {
  return deserialize(std::span<const char>(bytes), source);
}

void save(const Model& model, const std::string& path) {
  const auto bytes = serialize(model);
  detail::write_file(path, std::string_view(bytes.data(), bytes.size()));
}

Model load(const std::string& path) {
  std::ifstream in = detail::open_for_reading(path, messages::format("files.model_file"));
  // The header first: a foreign file is refused after 28 bytes, and the payload's length is
  // known (and checked against the file's size when it has one) before any of it is read.
  std::vector<char> bytes(header_size);
  in.read(bytes.data(), static_cast<std::streamsize>(header_size));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  const Header h = parse_header(bytes.data(), bytes.size(), path);
  if (bytes.size() < header_size)
    throw FormatError(messages::format("model_file.short_header", {{"path", path}}));
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) {
    const auto size = fs::file_size(path, ec);
    if (!ec && size - header_size != h.length)
      throw FormatError(messages::format("model_file.length",
                                         {{"path", path},
                                          {"length", std::to_string(h.length)},
                                          {"follow", std::to_string(size - header_size)}}));
  }
  // Read at most the announced length, growing the buffer as the bytes arrive, so memory follows
  // what the file really holds (a pipe or device has no size to check beforehand).
  while (bytes.size() - header_size < h.length) {
    const std::size_t want = static_cast<std::size_t>(
        std::min<std::uint64_t>(h.length - (bytes.size() - header_size), std::max<std::size_t>(bytes.size(), 1 << 20)));
    const std::size_t old = bytes.size();
    bytes.resize(old + want);
    in.read(bytes.data() + old, static_cast<std::streamsize>(want));
    bytes.resize(old + static_cast<std::size_t>(in.gcount()));
    if (bytes.size() < old + want) break;
  }
  if (in.bad()) throw FormatError(messages::format("files.read_failed", {{"path", path}}));
  if (bytes.size() - header_size == h.length && in.peek() != std::char_traits<char>::eof())
    throw FormatError(messages::format("model_file.trailing", {{"path", path}, {"length", std::to_string(h.length)}}));
  return deserialize(bytes, path);
}

}  // namespace gridgov
