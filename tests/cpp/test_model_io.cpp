// The model file: serialize/deserialize compared field by field (never by re-serialised bytes,
// which a field written wrongly on both sides would survive), and the loader's answers to
// damaged, hostile and foreign files (issue 15): always a gridgov::Error naming what is wrong,
// never an allocation sized by a field the file cannot back.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gridgov/gridgov.hpp"

using namespace gridgov;

namespace {

constexpr double nan = std::numeric_limits<double>::quiet_NaN();
constexpr double inf = std::numeric_limits<double>::infinity();
constexpr std::size_t header_size = 28;

// ---- the expected model, written out independently of the code under test -------------------

struct NodeSpec {
  Kind kind;
  std::string code, name, parent, subkind;
  double x = nan, y = nan;
};

struct CellSpec {
  std::string code;
  Value value;  // monostate = absent
};

struct ColumnSpec {
  Kind kind;
  std::string name;
  ColumnType type;
  std::vector<CellSpec> cells;  // the nodes of the kind not listed here are absent
};

struct LinkSpec {
  std::string source, target;
  LinkType type;
  double weight;
};

// A county with every kind of node, every link type, every column type with absent values,
// NaN and infinite floats, int64 values past 2^53, Chinese text, an empty string that is
// present and metadata.
const std::vector<NodeSpec> nodes = {
    {Kind::province, "330000000000", "浙江省", "", ""},
    {Kind::county, "330102000000", "测试县", "330000000000", "", 0.0, 0.0},
    {Kind::street, "330102001000", "东街道", "330102000000", ""},
    {Kind::community, "330102001001", "东社区", "330102001000", "", 120.5, -40.25},
    {Kind::community, "330102002001", "西村", "330102000000", ""},
    {Kind::grid, "330102001001001", "东一网格", "330102001001", "residential", 10.0, 20.0},
    {Kind::grid, "330102001001901", "学校专属网格", "330102001001", "special"},
    {Kind::grid, "330102002001001", "西一网格", "330102002001", "residential"},
    {Kind::compound, "330102001001XQ001", "阳光小区", "330102001001", ""},
    {Kind::building, "33010200100100001", "1号楼", "330102001001001", "", 1.5, 2.5},
    {Kind::building, "33010200100100002", "2号楼", "330102001001001", "", -1e6, 1e-300},
    {Kind::building, "33010200200100001", "村委楼", "330102002001001", ""},
    {Kind::unit, "3301020010010000101", "1单元", "33010200100100001", ""},
    {Kind::household, "33010200100100001010101", "101", "3301020010010000101", ""},
    {Kind::household, "33010200100100001010102", "102", "3301020010010000101", ""},
    {Kind::household, "33010200100100001010201", "201", "3301020010010000101", ""},
    {Kind::place, "330102001001P001", "实验小学", "330102001001901", "school", 5.0, 5.0},
    {Kind::place, "330102001001P002", "菜市场", "330102001001001", "market"},
    {Kind::worker, "330102001001W0001", "张三", "330102001001", "fulltime", 300.0, 400.0},
    {Kind::worker, "330102001001W0002", "李四", "330102001001", "parttime"},
    {Kind::organisation, "330102000000ZHZX", "县指挥中心", "330102000000", "command_centre"},
    {Kind::organisation, "330102000000BM01", "城管局", "330102000000", "department"},
    {Kind::organisation, "330102000000ZQ001", "驻区单位", "330102000000", "stationed_unit"},
    {Kind::organisation, "330102001001001DXZ", "党小组", "330102001001001", "party_group"},
};

const std::vector<ColumnSpec> columns = {
    {Kind::county, "budget", ColumnType::int64, {{"330102000000", std::int64_t{4611686018427387905}}}},
    {Kind::county, "note", ColumnType::string, {{"330102000000", std::string("参考县，数据为示例")}}},
    {Kind::building, "floors", ColumnType::int64,
     {{"33010200100100001", std::int64_t{6}}, {"33010200100100002", std::int64_t{0}}}},
    {Kind::building, "area", ColumnType::float64,
     {{"33010200100100001", 1234.5}, {"33010200100100002", -0.0}, {"33010200200100001", inf}}},
    {Kind::household, "residents", ColumnType::int64,
     {{"33010200100100001010101", std::int64_t{3}}, {"33010200100100001010201", std::int64_t{1}}}},
    {Kind::household, "elderly_alone", ColumnType::boolean,
     {{"33010200100100001010101", false}, {"33010200100100001010102", true}}},
    {Kind::household, "remark", ColumnType::string,
     {{"33010200100100001010101", std::string("")}, {"33010200100100001010201", std::string("独居老人，每周走访")}}},
    {Kind::household, "score", ColumnType::float64,
     {{"33010200100100001010101", -inf}, {"33010200100100001010102", 1e-310}}},
    {Kind::place, "students", ColumnType::int64, {{"330102001001P001", std::int64_t{1200}}}},
    {Kind::place, "label", ColumnType::float64, {{"330102001001P002", 2.5}}},
    {Kind::grid, "label", ColumnType::string, {{"330102001001901", std::string("专属")}}},
    {Kind::worker, "phone", ColumnType::string, {{"330102001001W0001", std::string("13800000000")}}},
    {Kind::organisation, "sector", ColumnType::string, {{"330102000000BM01", std::string("城管")}}},
};

const std::vector<LinkSpec> links = {
    {"330102001001XQ001", "33010200100100001", LinkType::member, nan},
    {"330102001001XQ001", "33010200100100002", LinkType::member, nan},
    {"330102001001W0001", "330102001001001", LinkType::serves, 1.0},
    {"330102001001W0002", "330102001001001", LinkType::serves, 0.5},
    {"330102001001001DXZ", "330102001001001", LinkType::serves, nan},
    {"330102001001P001", "330102001001901", LinkType::hosts, nan},
    {"330102000000ZQ001", "330102001001", LinkType::cobuilds, 2.0},
    {"330102000000ZHZX", "330102000000BM01", LinkType::dispatches, nan},
    {"33010200100100001", "33010200100100002", LinkType::adjacent, 12.5},
    {"33010200100100001", "33010200200100001", LinkType::road, 87.25},
    {"33010200100100002", "33010200200100001", LinkType::road, inf},
};

const std::map<std::string, std::string> metadata = {
    {"name", "测试县"}, {"origin_lon", "120.15"}, {"origin_lat", "30.28"}, {"crs", "local-metres"}, {"空", ""}};

ModelBuilder spec_builder() {
  ModelBuilder b;
  for (const auto& n : nodes) {
    b.add(n.kind, n.code, n.name, n.parent, n.subkind);
    b.set_xy(n.code, n.x, n.y);
  }
  for (const auto& c : columns)
    for (const auto& cell : c.cells) b.set(cell.code, c.name, cell.value);
  for (const auto& l : links) b.link(l.source, l.target, l.type, l.weight);
  for (const auto& [k, v] : metadata) b.set_metadata(k, v);
  return b;
}

bool same_double(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

::testing::AssertionResult same_value(const Value& got, const Value& want) {
  if (got.index() != want.index())
    return ::testing::AssertionFailure() << "value of another type (variant index " << got.index() << " for "
                                         << want.index() << ")";
  if (auto d = std::get_if<double>(&want); d && !same_double(std::get<double>(got), *d))
    return ::testing::AssertionFailure() << std::get<double>(got) << " != " << *d;
  if (!std::holds_alternative<double>(want) && got != want) return ::testing::AssertionFailure() << "values differ";
  return ::testing::AssertionSuccess();
}

// The model against the spec, through the model's own accessors.
void expect_matches_spec(const Model& m) {
  ASSERT_EQ(m.size(), static_cast<node_id>(nodes.size()));
  for (const auto& n : nodes) {
    SCOPED_TRACE(n.code);
    const node_id v = m.id(n.code);
    EXPECT_EQ(m.kind(v), n.kind);
    EXPECT_EQ(m.code(v), n.code);
    EXPECT_EQ(m.name(v), n.name);
    EXPECT_EQ(m.subkind(v), n.subkind);
    if (n.parent.empty()) EXPECT_EQ(m.parent(v), no_node);
    else EXPECT_EQ(m.parent(v), m.id(n.parent));
    EXPECT_TRUE(same_double(m.x()[static_cast<std::size_t>(v)], n.x)) << m.x()[static_cast<std::size_t>(v)];
    EXPECT_TRUE(same_double(m.y()[static_cast<std::size_t>(v)], n.y)) << m.y()[static_cast<std::size_t>(v)];
  }
  // Kinds are contiguous id ranges, counted from the spec.
  for (int k = 0; k < kind_count; ++k) {
    const auto kind = static_cast<Kind>(k);
    node_id expected = 0;
    for (const auto& n : nodes) expected += n.kind == kind;
    EXPECT_EQ(m.count(kind), expected) << kind_name(kind);
  }
  // Columns: exactly the spec's per kind, with its type; every node of the kind present or
  // absent as the spec says.
  for (int k = 0; k < kind_count; ++k) {
    const auto kind = static_cast<Kind>(k);
    std::size_t expected = 0;
    for (const auto& c : columns) expected += c.kind == kind;
    EXPECT_EQ(m.columns(kind).size(), expected) << kind_name(kind);
  }
  for (const auto& c : columns) {
    SCOPED_TRACE(std::string(kind_name(c.kind)) + "." + c.name);
    const Column* col = m.column(c.kind, c.name);
    ASSERT_NE(col, nullptr);
    EXPECT_EQ(col->type, c.type);
    auto [b, e] = m.kind_range(c.kind);
    EXPECT_EQ(col->size(), static_cast<std::size_t>(e - b));
    for (node_id v = b; v < e; ++v) {
      Value want = std::monostate{};
      for (const auto& cell : c.cells)
        if (cell.code == m.code(v)) want = cell.value;
      EXPECT_TRUE(same_value(m.value(v, c.name), want)) << m.code(v);
    }
  }
  // Links: every spec link with its type and weight, nothing else; symmetric ones both ways.
  EXPECT_EQ(m.all_links().size(), links.size());
  for (const auto& l : links) {
    SCOPED_TRACE(std::string(link_type_name(l.type)) + " " + l.source + " -> " + l.target);
    const node_id s = m.id(l.source), t = m.id(l.target);
    auto find_arc = [&](node_id from, node_id to, bool incoming) -> std::optional<double> {
      const auto view = m.link_view(l.type, incoming);
      const auto weights = m.link_weights(l.type, incoming);
      for (auto i = view.offsets[static_cast<std::size_t>(from)]; i < view.offsets[static_cast<std::size_t>(from) + 1]; ++i)
        if (view.targets[static_cast<std::size_t>(i)] == to) return weights[static_cast<std::size_t>(i)];
      return std::nullopt;
    };
    const auto out = find_arc(s, t, false);
    ASSERT_TRUE(out.has_value());
    EXPECT_TRUE(same_double(*out, l.weight));
    const auto back = find_arc(t, s, !is_symmetric(l.type));
    ASSERT_TRUE(back.has_value());
    EXPECT_TRUE(same_double(*back, l.weight));
  }
  for (int t = 0; t < link_type_count; ++t) {
    const auto type = static_cast<LinkType>(t);
    std::size_t expected = 0;
    for (const auto& l : links) expected += l.type == type ? (is_symmetric(type) ? 2 : 1) : 0;
    EXPECT_EQ(m.link_view(type).targets.size(), expected) << link_type_name(type);
  }
  EXPECT_EQ(m.metadata(), metadata);
}

// Two models equal through their accessors (ids, structure, values bit for bit, findings).
void expect_same_model(const Model& a, const Model& b) {
  ASSERT_EQ(a.size(), b.size());
  for (node_id v = 0; v < a.size(); ++v) {
    SCOPED_TRACE(std::string(a.code(v)));
    EXPECT_EQ(a.kind(v), b.kind(v));
    EXPECT_EQ(a.code(v), b.code(v));
    EXPECT_EQ(a.name(v), b.name(v));
    EXPECT_EQ(a.subkind(v), b.subkind(v));
    EXPECT_EQ(a.parent(v), b.parent(v));
    EXPECT_TRUE(same_double(a.x()[static_cast<std::size_t>(v)], b.x()[static_cast<std::size_t>(v)]));
    EXPECT_TRUE(same_double(a.y()[static_cast<std::size_t>(v)], b.y()[static_cast<std::size_t>(v)]));
  }
  for (int k = 0; k < kind_count; ++k) {
    const auto kind = static_cast<Kind>(k);
    ASSERT_EQ(a.columns(kind).size(), b.columns(kind).size()) << kind_name(kind);
    auto [first, last] = a.kind_range(kind);
    for (const auto& col : a.columns(kind)) {
      SCOPED_TRACE(col.name);
      const Column* other = b.column(kind, col.name);
      ASSERT_NE(other, nullptr);
      EXPECT_EQ(other->type, col.type);
      for (node_id v = first; v < last; ++v) EXPECT_TRUE(same_value(b.value(v, col.name), a.value(v, col.name)));
    }
  }
  ASSERT_EQ(a.all_links().size(), b.all_links().size());
  for (std::size_t i = 0; i < a.all_links().size(); ++i) {
    const Link &x = a.all_links()[i], &y = b.all_links()[i];
    EXPECT_EQ(x.source, y.source);
    EXPECT_EQ(x.target, y.target);
    EXPECT_EQ(x.type, y.type);
    EXPECT_TRUE(same_double(x.weight, y.weight));
  }
  EXPECT_EQ(a.metadata(), b.metadata());
  ASSERT_EQ(a.findings().size(), b.findings().size());
  for (std::size_t i = 0; i < a.findings().size(); ++i) {
    const Finding &x = a.findings()[i], &y = b.findings()[i];
    EXPECT_EQ(std::tie(x.rule, x.severity, x.kind, x.code, x.detail), std::tie(y.rule, y.severity, y.kind, y.code, y.detail));
  }
}

// ---- byte surgery on a file: field offsets walked from the format in io.hpp -------------------

std::uint64_t read_u64(const std::vector<char>& bytes, std::size_t at) {
  std::uint64_t v;
  std::memcpy(&v, bytes.data() + at, 8);
  return v;
}

template <class T>
void write_pod(std::vector<char>& bytes, std::size_t at, T v) {
  std::memcpy(bytes.data() + at, &v, sizeof(T));
}

// Makes the header's length and checksum match the payload again, so the loader gets past the
// checksum and meets the damage itself (as a hostile file would make it).
void reseal(std::vector<char>& bytes) {
  write_pod<std::uint64_t>(bytes, 16, bytes.size() - header_size);
  write_pod<std::uint32_t>(bytes, 24, crc32(bytes.data() + header_size, bytes.size() - header_size));
}

// Offsets of the payload's sections in a file (file offsets).
struct Layout {
  std::size_t kinds, parents, codes, subkind_count, x, links, findings;
};

Layout layout(const std::vector<char>& bytes) {
  Layout l{};
  std::size_t p = header_size;
  auto skip_str = [&] { p += 8 + read_u64(bytes, p); };
  auto skip_vec = [&](std::size_t size) { p += 8 + read_u64(bytes, p) * size; };
  const auto meta = read_u64(bytes, p);
  p += 8;
  for (std::uint64_t i = 0; i < meta; ++i) {
    skip_str();
    skip_str();
  }
  l.kinds = p;
  const auto n = read_u64(bytes, p);
  skip_vec(1);
  l.parents = p;
  skip_vec(4);
  l.codes = p;
  skip_vec(1), skip_vec(8);  // codes
  skip_vec(1), skip_vec(8);  // names
  l.subkind_count = p;
  const auto subkinds = read_u64(bytes, p);
  p += 8;
  for (std::uint64_t i = 0; i < subkinds; ++i) skip_str();
  skip_vec(2);  // subkind ids
  l.x = p;
  skip_vec(8), skip_vec(8);  // x, y
  l.links = p;
  p += 8 + read_u64(bytes, p) * 17;
  for (int k = 0; k < kind_count; ++k) {
    const auto cols = read_u64(bytes, p);
    p += 8;
    for (std::uint64_t c = 0; c < cols; ++c) {
      skip_str();
      const auto type = static_cast<std::uint8_t>(bytes[p]);
      p += 1;
      skip_vec(1);
      if (type == 0 || type == 1) skip_vec(8);
      else if (type == 2) skip_vec(1);
      else skip_vec(1), skip_vec(8);
    }
  }
  l.findings = p;
  (void)n;
  return l;
}

// Runs the loader on bytes; returns the message of the gridgov error it throws (failing the
// test on any other exception, or on none when `must_fail`).
std::string load_error(const std::vector<char>& bytes, bool must_fail = true) {
  try {
    (void)deserialize(bytes, "hostile.ggm");
  } catch (const Error& e) {
    return e.what();
  } catch (const std::exception& e) {
    ADD_FAILURE() << "not a gridgov::Error: " << typeid(e).name() << ": " << e.what();
    return "";
  }
  if (must_fail) ADD_FAILURE() << "loaded without an error";
  return "";
}

Model deferred_model() {
  // The spec plus one violation of each rule the freeze can keep: an unknown parent, a cycle,
  // a parent of an impossible kind, a code not extending its community's, a negative count, a
  // link given twice with different weights and a building claimed by a second grid.
  ModelBuilder b = spec_builder();
  b.add(Kind::building, "33010200100100009", "无主楼", "330102009999");
  b.add(Kind::organisation, "330102000000XW01", "席位一", "330102000000XW02", "work_seat");
  b.add(Kind::organisation, "330102000000XW02", "席位二", "330102000000XW01", "work_seat");
  b.add(Kind::household, "33010200100100002000101", "户", "330102001001001");
  b.add(Kind::building, "44010200100100001", "外码楼", "330102001001001");
  b.set("33010200100100002000101", "disabled", std::int64_t{-2});
  b.link("330102001001XQ001", "33010200100100001", LinkType::member, 3.0);
  b.link("330102002001001", "33010200100100001", LinkType::claims);
  return b.freeze(Validate::defer);
}

}  // namespace

// ---- round trips ------------------------------------------------------------------------------

TEST(ModelFile, EveryFieldSurvivesSaveAndLoad) {
  const Model m = spec_builder().freeze();
  expect_matches_spec(m);  // the builder keeps what it was given
  const Model back = deserialize(serialize(m));
  expect_matches_spec(back);
  expect_same_model(m, back);
  EXPECT_TRUE(back.findings().empty());
}

TEST(ModelFile, EveryFieldSurvivesAFileOnDisk) {
  const Model m = spec_builder().freeze();
  const auto path = (std::filesystem::temp_directory_path() / "gridgov_test_model_io.ggm").string();
  save(m, path);
  const Model back = load(path);
  std::filesystem::remove(path);
  expect_matches_spec(back);
  expect_same_model(m, back);
}

TEST(ModelFile, SaveReplacesAFileWholeOrLeavesItAsItWas) {
  // Issue 16 §3: written beside the file and renamed over it, so a failed save never leaves a
  // truncated model in place of a good one, and no temporary file stays behind.
  namespace fs = std::filesystem;
  const fs::path folder = fs::temp_directory_path() / "gridgov_test_save_whole";
  fs::remove_all(folder);
  fs::create_directories(folder);
  const Model m = spec_builder().freeze();
  const std::string path = (folder / "county.ggm").string();
  save(ModelBuilder().freeze(), path);
  save(m, path);  // over an existing file
  expect_same_model(m, load(path));
  EXPECT_EQ(std::distance(fs::directory_iterator(folder), fs::directory_iterator()), 1);
  fs::create_directory(folder / "a_folder.ggm");
  EXPECT_THROW(save(m, (folder / "a_folder.ggm").string()), FormatError);
  EXPECT_THROW(save(m, (folder / "no_such_folder" / "x.ggm").string()), FormatError);
  EXPECT_EQ(std::distance(fs::directory_iterator(folder), fs::directory_iterator()), 2);  // nothing partial
  expect_same_model(m, load(path));
  fs::remove_all(folder);
}

TEST(ModelFile, FindingsOfADeferredModelSurviveExactlyOnce) {
  const Model m = deferred_model();
  std::map<std::string, int> rules;
  for (const auto& f : m.findings()) ++rules[f.rule];
  EXPECT_EQ(rules, (std::map<std::string, int>{{"bad_count", 1}, {"code_prefix", 1}, {"conflicting_link", 1},
                                                {"cycle", 1}, {"parent_kind", 1}, {"two_grids", 1}, {"unknown_parent", 1}}));
  const Model back = deserialize(serialize(m));
  expect_same_model(m, back);  // the findings the loaded data shows again are not doubled
}

TEST(ModelFile, EmptyModelRoundTrips) {
  const Model m = ModelBuilder().freeze();
  const Model back = deserialize(serialize(m));
  EXPECT_EQ(back.size(), 0);
  expect_same_model(m, back);
}

// ---- issue 15: hostile files ------------------------------------------------------------------

TEST(ModelFile, Issue15_SubkindCountBeyondTheFileIsAFormatErrorWithoutAllocating) {
  const auto bytes = serialize(spec_builder().freeze());
  const auto at = layout(bytes).subkind_count;
  for (std::uint64_t count : {std::uint64_t{1} << 26, std::uint64_t{1} << 62, ~std::uint64_t{0}}) {
    auto hostile = bytes;
    write_pod(hostile, at, count);
    reseal(hostile);
    const auto message = load_error(hostile);
    EXPECT_NE(message.find("subkind names"), std::string::npos) << message;
    EXPECT_NE(message.find("at byte " + std::to_string(at)), std::string::npos) << message;
  }
}

TEST(ModelFile, Issue15_FindingsCountBeyondTheFileIsAFormatError) {
  const auto bytes = serialize(deferred_model());
  const auto at = layout(bytes).findings;
  for (std::uint64_t count : {std::uint64_t{1} << 40, std::uint64_t{1} << 62}) {
    auto hostile = bytes;
    write_pod(hostile, at, count);
    reseal(hostile);
    const auto message = load_error(hostile);
    EXPECT_NE(message.find("findings"), std::string::npos) << message;
  }
}

TEST(ModelFile, Issue15_EveryCountAndLengthBeyondTheFileIsAFormatError) {
  // Every 8-byte field of the payload set to 2^40 and 2^63 + 1 in turn: a count or a length the
  // file cannot back must fail before anything is sized by it (ASan/UBSan runs watch the rest).
  const auto bytes = serialize(spec_builder().freeze());
  for (std::size_t at = header_size; at + 8 <= bytes.size(); ++at) {
    for (std::uint64_t value : {std::uint64_t{1} << 40, (std::uint64_t{1} << 63) + 1}) {
      auto hostile = bytes;
      write_pod(hostile, at, value);
      reseal(hostile);
      (void)load_error(hostile, false);
    }
  }
}

TEST(ModelFile, Issue15_EveryByteDamagedOrCutGivesAGridgovError) {
  // Each byte flipped (with the checksum made right again) and every truncation: the loader
  // either loads a model or throws a gridgov::Error, never anything else.
  const auto bytes = serialize(deferred_model());
  for (std::size_t at = 0; at < bytes.size(); ++at) {
    for (std::uint8_t mask : {0x01, 0x80, 0xFF}) {
      auto damaged = bytes;
      damaged[at] = static_cast<char>(static_cast<std::uint8_t>(damaged[at]) ^ mask);
      if (at >= header_size) reseal(damaged);
      (void)load_error(damaged, false);
    }
    (void)load_error(std::vector<char>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(at)));
  }
}

TEST(ModelFile, Issue15_TextThatIsNotUtf8IsAFormatErrorNamingTheRecord) {
  const auto bytes = serialize(spec_builder().freeze());
  // The first code's first byte made a lone continuation byte (0x80); the pool's characters
  // start 8 bytes after the code table's length field.
  auto hostile = bytes;
  const auto chars = layout(bytes).codes + 8;
  hostile[chars] = static_cast<char>(0x80);
  reseal(hostile);
  auto message = load_error(hostile);
  EXPECT_NE(message.find("codes entry 0 is not valid UTF-8"), std::string::npos) << message;

  // A truncated three-byte sequence, an overlong '/', a surrogate and a code point past
  // U+10FFFF, each as the metadata value of "name".
  for (std::string bad : {std::string("\xE6\xB5"), std::string("\xC0\xAF"), std::string("\xED\xA0\x80"),
                          std::string("\xF4\x90\x80\x80")}) {
    ModelBuilder b;
    b.add(Kind::county, "330102000000", "县");
    b.set_metadata("name", "x" + bad + "y");
    message = load_error(serialize(b.freeze()));
    EXPECT_NE(message.find("metadata value 'name' is not valid UTF-8 (byte 1 of the text)"), std::string::npos) << message;
  }
  EXPECT_TRUE(is_utf8("浙江省 ok \xF0\x9F\x98\x80"));
  EXPECT_EQ(utf8_invalid_at("ab\xFF"), 2u);
}

TEST(ModelFile, Issue15_ADuplicateCodeOrInfiniteCoordinateInAFileIsAFormatError) {
  const auto bytes = serialize(spec_builder().freeze());
  const auto chars = layout(bytes).codes + 8;
  // Codes "330000000000" then "330102000000": make the second equal the first.
  auto hostile = bytes;
  std::memcpy(hostile.data() + chars + 12, "330000000000", 12);
  reseal(hostile);
  auto message = load_error(hostile);
  EXPECT_NE(message.find("node 1 (code '330000000000')"), std::string::npos) << message;
  EXPECT_NE(message.find("duplicate code"), std::string::npos) << message;

  hostile = bytes;
  write_pod(hostile, layout(bytes).x + 8, inf);
  reseal(hostile);
  message = load_error(hostile);
  EXPECT_NE(message.find("node 0 (code '330000000000'): coordinates"), std::string::npos) << message;
  EXPECT_NE(message.find("must be finite"), std::string::npos) << message;
}

TEST(ModelFile, Issue15_AParentCycleInAFileIsAFindingBesideTheFilesOwn) {
  // A file with a valid checksum whose parents form a cycle (the command centre and the
  // department each inside the other): the loader cuts the cycle and reports it, and keeps the
  // findings the file lists.
  const Model m = deferred_model();
  auto bytes = serialize(m);
  const auto at = layout(bytes).parents;
  const node_id centre = m.id("330102000000ZHZX"), department = m.id("330102000000BM01");
  write_pod<node_id>(bytes, at + 8 + 4 * static_cast<std::size_t>(centre), department);
  write_pod<node_id>(bytes, at + 8 + 4 * static_cast<std::size_t>(department), centre);
  reseal(bytes);
  const Model back = deserialize(bytes);
  ASSERT_EQ(back.findings().size(), m.findings().size() + 1);
  for (std::size_t i = 0; i < m.findings().size(); ++i) EXPECT_EQ(back.findings()[i].detail, m.findings()[i].detail);
  const Finding& cycle = back.findings().back();
  EXPECT_EQ(cycle.rule, "cycle");
  EXPECT_NE(cycle.detail.find("330102000000ZHZX"), std::string::npos) << cycle.detail;
  EXPECT_NE(cycle.detail.find("330102000000BM01"), std::string::npos) << cycle.detail;
}

TEST(ModelFile, AParentJustOutsideTheNodesOrBytesAfterTheDataAreFormatErrors) {
  // The edges of two checks the hand mutations of tests/mutation/cpp_mutants.py moved without a
  // test noticing: a parent of n (one past the last node) and -2, and a sealed file with bytes
  // after the findings.
  const Model m = spec_builder().freeze();
  const auto bytes = serialize(m);
  const auto at = layout(bytes).parents;
  for (const node_id parent : {static_cast<node_id>(m.size()), node_id{-2}}) {
    auto hostile = bytes;
    write_pod<node_id>(hostile, at + 8, parent);
    reseal(hostile);
    try {
      (void)deserialize(hostile);
      ADD_FAILURE() << "loaded a file whose node 0 has parent " << parent;
    } catch (const FormatError& e) {
      EXPECT_NE(std::string(e.what()).find("node 0 has a parent out of range"), std::string::npos) << e.what();
    }
  }
  auto longer = bytes;
  longer.insert(longer.end(), {'x', 'y', 'z'});
  reseal(longer);
  try {
    (void)deserialize(longer);
    ADD_FAILURE() << "loaded a file with bytes after the data";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("3 extra bytes after the data"), std::string::npos) << e.what();
  }
}

TEST(ModelFile, AShortColumnADuplicateMetadataKeyOrTheNextFormatAreFormatErrors) {
  // Two county roots with an int64 column and two metadata keys; then (1) the column loses its
  // last row, (2) the second key is renamed to the first, (3) the version is the next format's.
  ModelBuilder b;
  b.add(Kind::county, "A", "甲");
  b.add(Kind::county, "B", "乙");
  b.set("A", "zzprobe", std::int64_t{5});
  b.set("B", "zzprobe", std::int64_t{6});
  b.set_metadata("k1", "v");
  b.set_metadata("k2", "v");
  const auto bytes = serialize(b.freeze());
  auto find = [&](std::string_view text) {
    const auto it = std::search(bytes.begin(), bytes.end(), text.begin(), text.end());
    EXPECT_NE(it, bytes.end()) << text;
    return static_cast<std::size_t>(it - bytes.begin());
  };
  auto expect_format_error = [](const std::vector<char>& file, const std::string& words) {
    try {
      (void)deserialize(file);
      ADD_FAILURE() << "loaded; expected a FormatError saying '" << words << "'";
    } catch (const FormatError& e) {
      EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
    }
  };
  {
    auto shorter = bytes;
    std::size_t p = find("zzprobe") + 7 + 1;  // past the name and the type byte
    const auto valid = read_u64(shorter, p);
    ASSERT_EQ(valid, 0u) << "every cell is set, so the validity vector is empty";
    p += 8;
    ASSERT_EQ(read_u64(shorter, p), 2u);
    write_pod<std::uint64_t>(shorter, p, 1);
    shorter.erase(shorter.begin() + static_cast<std::ptrdiff_t>(p + 8 + 8), shorter.begin() + static_cast<std::ptrdiff_t>(p + 8 + 16));
    reseal(shorter);
    expect_format_error(shorter, "column 'zzprobe' of kind county has 1 rows for 2 nodes");
  }
  {
    auto twice = bytes;
    twice[find("k2") + 1] = '1';
    reseal(twice);
    expect_format_error(twice, "metadata key 'k1' appears twice");
  }
  {
    auto next = bytes;
    write_pod<std::uint32_t>(next, 8, model_format_version + 1);
    EXPECT_THROW((void)deserialize(next), VersionError);
  }
}

TEST(ModelFile, Issue15_LoadReadsTheSignatureFirst) {
  // /dev/zero never ends: the loader must refuse it after the header, not read it whole.
  if (std::filesystem::exists("/dev/zero")) {
    try {
      (void)load("/dev/zero");
      FAIL() << "loaded /dev/zero";
    } catch (const FormatError& e) {
      EXPECT_NE(std::string(e.what()).find("does not start with the gridgov signature"), std::string::npos) << e.what();
    }
  }
  const auto dir = std::filesystem::temp_directory_path();
  try {
    (void)load(dir.string());
    FAIL() << "loaded a folder";
  } catch (const FormatError& e) {
    EXPECT_NE(std::string(e.what()).find("is a folder"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)load((dir / "gridgov_no_such_file.ggm").string()), FormatError);
}

TEST(ModelFile, Issue15_AFileLongerOrShorterThanItsHeaderSaysIsRefusedBeforeReading) {
  const auto bytes = serialize(spec_builder().freeze());
  const auto path = (std::filesystem::temp_directory_path() / "gridgov_test_model_io_length.ggm").string();
  for (std::uint64_t length : {std::uint64_t{1} << 62, std::uint64_t{bytes.size()}}) {
    auto hostile = bytes;
    write_pod(hostile, 16, length);
    std::ofstream(path, std::ios::binary).write(hostile.data(), static_cast<std::streamsize>(hostile.size()));
    try {
      (void)load(path);
      ADD_FAILURE() << "loaded a file whose header announces " << length << " bytes";
    } catch (const FormatError& e) {
      EXPECT_NE(std::string(e.what()).find("the header announces " + std::to_string(length)), std::string::npos)
          << e.what();
    }
  }
  std::filesystem::remove(path);
}

TEST(ModelFile, HeaderErrorsAreTyped) {
  const auto bytes = serialize(spec_builder().freeze());
  auto newer = bytes;
  newer[8] = 99;
  EXPECT_THROW((void)deserialize(newer), VersionError);
  auto flags = bytes;
  flags[12] = 1;
  EXPECT_NE(load_error(flags).find("unknown header flags"), std::string::npos);
  auto corrupt = bytes;
  corrupt[corrupt.size() / 2] ^= 0x5a;
  EXPECT_NE(load_error(corrupt).find("checksum"), std::string::npos);
  EXPECT_NE(load_error(std::vector<char>(bytes.begin(), bytes.begin() + 20)).find("unexpected end of data in the header"),
            std::string::npos);
  EXPECT_NE(load_error(std::vector<char>{'P', 'K', 3, 4}).find("does not start with the gridgov signature"),
            std::string::npos);
  // A zip file (an .xlsx workbook) is named for what it is, with where a buildings table goes.
  EXPECT_NE(load_error(std::vector<char>{'P', 'K', 3, 4, 0, 0, 0, 0}).find("is an Excel workbook"), std::string::npos);
}
