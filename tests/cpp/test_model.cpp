// The model: builder, validation, queries, save and load.
#include <gtest/gtest.h>

#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>

#include "gridgov/gridgov.hpp"

using namespace gridgov;

namespace {

// county -> 2 communities -> grids -> buildings -> households, plus a compound and a worker.
Model small_model() {
  ModelBuilder b;
  b.add(Kind::county, "330102000000", "测试县");
  b.add(Kind::community, "330102001001", "东社区", "330102000000");
  b.add(Kind::community, "330102001002", "西社区", "330102000000");
  b.add(Kind::grid, "330102001001001", "东一网格", "330102001001", "residential");
  b.add(Kind::grid, "330102001002001", "西一网格", "330102001002", "residential");
  b.add(Kind::grid, "330102001001002", "东二网格", "330102001001", "residential");
  b.add(Kind::compound, "330102001001C01", "阳光小区", "330102001001");
  for (int i = 0; i < 3; ++i) {
    std::string bcode = "3301020010010000" + std::to_string(i + 1);
    b.add(Kind::building, bcode, std::to_string(i + 1) + "号楼", "330102001001001");
    b.link("330102001001C01", bcode, LinkType::member);
    for (int h = 0; h < 4; ++h) {
      std::string hcode = bcode + "0" + std::to_string(h);
      b.add(Kind::household, hcode, "户", bcode);
      b.set(hcode, "residents", std::int64_t{h + 1});
    }
  }
  b.link("330102001001001", "330102001002001", LinkType::adjacent);
  b.add(Kind::worker, "330102001001W0001", "张三", "330102001001", "fulltime");
  b.link("330102001001W0001", "330102001001001", LinkType::serves);
  b.set("330102001001W0001", "phone", std::string("13800000000"));
  return b.freeze();
}

}  // namespace

TEST(Model, IdsAreSortedByKind) {
  Model m = small_model();
  for (node_id v = 1; v < m.size(); ++v) EXPECT_LE(m.kind(v - 1), m.kind(v));
  EXPECT_EQ(m.count(Kind::household), 12);
  EXPECT_EQ(m.count(Kind::grid, "residential"), 3);
}

TEST(Model, Queries) {
  Model m = small_model();
  node_id county = m.id("330102000000");
  node_id grid = m.id("330102001001001");
  EXPECT_EQ(m.parent(grid), m.id("330102001001"));
  EXPECT_EQ(m.children(grid, Kind::building).size(), 3u);
  EXPECT_EQ(m.descendants(county, Kind::household).size(), 12u);
  EXPECT_EQ(m.ancestors(m.id("33010200100100003")).size(), 3u);
  EXPECT_EQ(m.ancestor_of_kind(m.id("3301020010010000100"), Kind::grid), grid);
  auto counts = m.count_descendants(Kind::household);
  EXPECT_EQ(counts[static_cast<std::size_t>(county)], 12);
  auto residents = m.aggregate(Kind::household, "residents");
  EXPECT_DOUBLE_EQ(residents[static_cast<std::size_t>(county)], 3 * (1 + 2 + 3 + 4));
  EXPECT_EQ(m.summary().at("residents"), 30);
  EXPECT_EQ(m.summary().at("fulltime_workers"), 1);
  EXPECT_EQ(m.linked(m.id("330102001001W0001"), LinkType::serves).size(), 1u);
  EXPECT_EQ(m.adjacency().neighbours(grid).size(), 1u);
  EXPECT_EQ(m.find("nope"), no_node);
  EXPECT_THROW((void)m.id("nope"), UnknownCodeError);
}

TEST(Model, RejectsDuplicateCycleUnknownParentAndBadPrefix) {
  ModelBuilder b;
  b.add(Kind::county, "330102000000", "县");
  EXPECT_THROW(b.add(Kind::county, "330102000000", "again"), ValidationError);

  ModelBuilder unknown;
  unknown.add(Kind::community, "330102001001", "c", "330199000000");
  EXPECT_THROW((void)unknown.freeze(), ValidationError);
  Model deferred = unknown.freeze(Validate::defer);
  ASSERT_EQ(deferred.findings().size(), 1u);
  EXPECT_EQ(deferred.findings()[0].rule, "unknown_parent");

  ModelBuilder cycle;
  cycle.add(Kind::organisation, "O1", "o1", "O2");
  cycle.add(Kind::organisation, "O2", "o2", "O1");
  try {
    (void)cycle.freeze();
    FAIL() << "a cycle must be rejected";
  } catch (const ValidationError& e) {
    EXPECT_NE(std::string(e.what()).find("cycle"), std::string::npos);
  }

  ModelBuilder prefix;
  prefix.add(Kind::county, "330102000000", "县");
  prefix.add(Kind::community, "330103001001", "c", "330102000000");
  EXPECT_THROW((void)prefix.freeze(), ValidationError);

  ModelBuilder negative;
  negative.add(Kind::building, "B1", "b1");
  negative.set("B1", "households", std::int64_t{-3});
  EXPECT_THROW((void)negative.freeze(), ValidationError);
  EXPECT_THROW(negative.set("B1", "residents", std::numeric_limits<double>::quiet_NaN()), ValidationError);
}

TEST(Model, EditMovesAndRemoves) {
  Model m = small_model();
  ModelBuilder b = m.edit();
  b.move("33010200100100003", "330102001001002");
  EXPECT_THROW(b.remove("330102001001001", false), ValidationError);  // still has buildings
  b.remove("33010200100100002", true);
  Model edited = b.freeze();
  EXPECT_EQ(edited.parent(edited.id("33010200100100003")), edited.id("330102001001002"));
  // Moving a building into another community breaks its code (it extends its community's).
  b.move("33010200100100003", "330102001002001");
  EXPECT_THROW((void)b.freeze(), ValidationError);
  EXPECT_EQ(edited.find("33010200100100002"), no_node);
  EXPECT_EQ(edited.find("3301020010010000200"), no_node);  // its households went with it
  EXPECT_EQ(edited.count(Kind::household), 8);
  EXPECT_EQ(m.count(Kind::household), 12);  // the original is untouched
}

TEST(Model, SaveLoadRoundTrip) {
  Model m = small_model();
  auto bytes = serialize(m);
  Model back = deserialize(bytes);
  EXPECT_EQ(serialize(back), bytes);
  EXPECT_EQ(back.name(back.id("330102000000")), "测试县");
  EXPECT_EQ(std::get<std::string>(back.value(back.id("330102001001W0001"), "phone")), "13800000000");

  auto corrupt = bytes;
  corrupt[corrupt.size() / 2] ^= 0x5a;
  EXPECT_THROW((void)deserialize(corrupt), FormatError);
  auto truncated = bytes;
  truncated.resize(bytes.size() - 7);
  EXPECT_THROW((void)deserialize(truncated), FormatError);
  auto newer = bytes;
  newer[8] = 99;
  EXPECT_THROW((void)deserialize(newer), VersionError);
}

TEST(Model, Issue15_CountsMustBeFiniteWholeAndInRange) {
  // residents = inf, 2^63, 1e19 (float) or 2^53 + 1 (int) used to pass the count check, and
  // summary() cast them to int64 (undefined) and summed them past 2^63.
  auto county = [](const std::vector<Value>& residents) {
    ModelBuilder b;
    b.add(Kind::county, "330102000000", "县");
    b.add(Kind::community, "330102001001", "社区", "330102000000");
    b.add(Kind::building, "33010200100100001", "楼", "330102001001");
    for (std::size_t i = 0; i < residents.size(); ++i) {
      const std::string code = "3301020010010000101" + std::to_string(1000 + i);
      b.add(Kind::household, code, "户", "33010200100100001");
      b.set(code, "residents", residents[i]);
    }
    return b;
  };
  const double inf = std::numeric_limits<double>::infinity();
  for (const Value& bad : {Value{inf}, Value{9223372036854775808.0}, Value{1e19}, Value{-1.0}, Value{2.5},
                           Value{(std::int64_t{1} << 53) + 1}, Value{std::int64_t{-3}}}) {
    const Value two = std::holds_alternative<double>(bad) ? Value{2.0} : Value{std::int64_t{2}};
    auto b = county({two, bad});
    try {
      (void)b.freeze();
      ADD_FAILURE() << "a bad count was accepted";
    } catch (const ValidationError& e) {
      EXPECT_NE(std::string(e.what()).find("[bad_count] household 33010200100100001011001: count 'residents' is"),
                std::string::npos) << e.what();
    }
    const Model deferred = b.freeze(Validate::defer);
    ASSERT_EQ(deferred.findings().size(), 1u);
    EXPECT_EQ(deferred.summary().at("residents"), 2);  // the bad count is a finding, not a sum
  }
  // The largest count is accepted and summed exactly.
  const Model big = county({std::int64_t{1} << 53, std::int64_t{1}}).freeze();
  EXPECT_EQ(big.summary().at("residents"), (std::int64_t{1} << 53) + 1);
}

TEST(Model, Issue15_SummaryResidentsNeverWrap) {
  ModelBuilder b;
  b.add(Kind::county, "330102000000", "县");
  b.add(Kind::community, "330102001001", "社区", "330102000000");
  b.add(Kind::building, "33010200100100001", "楼", "330102001001");
  for (int i = 0; i < 1100; ++i) {
    const std::string code = "3301020010010000101" + std::to_string(10000 + i);
    b.add(Kind::household, code, "户", "33010200100100001");
    b.set(code, "residents", std::int64_t{1} << 53);
  }
  const Model m = b.freeze();
  try {
    (void)m.summary();
    FAIL() << "the sum wrapped silently";
  } catch (const ValidationError& e) {
    EXPECT_NE(std::string(e.what()).find("sum past 2^63 - 1"), std::string::npos) << e.what();
  }
}

TEST(ModelBuilder, BulkPathsGiveTheSameModelAsSingleAdds) {
  // The importers' bulk path (views, a column per kind, links by code, a consuming freeze)
  // against the one-by-one path of small_model().
  const Model expected = small_model();
  ModelBuilder b;
  std::vector<Kind> kinds;
  std::vector<std::string_view> codes, names, parents, subkinds;
  std::deque<std::string> storage;  // stable: the views point into it
  auto add = [&](Kind k, std::string code, std::string name, std::string parent, std::string subkind = "") {
    kinds.push_back(k);
    for (auto* s : {&code, &name, &parent, &subkind}) storage.push_back(std::move(*s));
    codes.push_back(storage[storage.size() - 4]);
    names.push_back(storage[storage.size() - 3]);
    parents.push_back(storage[storage.size() - 2]);
    subkinds.push_back(storage[storage.size() - 1]);
  };
  add(Kind::county, "330102000000", "测试县", "");
  add(Kind::community, "330102001001", "东社区", "330102000000");
  add(Kind::community, "330102001002", "西社区", "330102000000");
  add(Kind::grid, "330102001001001", "东一网格", "330102001001", "residential");
  add(Kind::grid, "330102001002001", "西一网格", "330102001002", "residential");
  add(Kind::grid, "330102001001002", "东二网格", "330102001001", "residential");
  add(Kind::compound, "330102001001C01", "阳光小区", "330102001001");
  std::vector<std::pair<std::string, std::string>> member;
  Column residents;
  residents.name = "residents";
  residents.type = ColumnType::int64;
  for (int i = 0; i < 3; ++i) {
    const std::string bcode = "3301020010010000" + std::to_string(i + 1);
    add(Kind::building, bcode, std::to_string(i + 1) + "号楼", "330102001001001");
    member.emplace_back("330102001001C01", bcode);
    for (int h = 0; h < 4; ++h) {
      add(Kind::household, bcode + "0" + std::to_string(h), "户", bcode);
      residents.push(Value{std::int64_t{h + 1}});
    }
  }
  add(Kind::worker, "330102001001W0001", "张三", "330102001001", "fulltime");
  b.add_many(kinds, codes, names, parents, subkinds);
  b.link_many(LinkType::member, std::move(member));
  b.link_many(LinkType::adjacent, {{"330102001001001", "330102001002001"}});
  b.link_many(LinkType::serves, {{"330102001001W0001", "330102001001001"}});
  EXPECT_EQ(b.kind_rows(Kind::household), 12u);
  b.set_kind_column(Kind::household, std::move(residents));
  b.set("330102001001W0001", "phone", std::string("13800000000"));
  EXPECT_THROW(b.set_kind_column(Kind::building, Column{"floors", ColumnType::int64, {1}, {}, {}, {}, {}}), InputError);
  const Model bulk = std::move(b).freeze();
  EXPECT_EQ(b.size(), 0u);  // a consumed builder is empty
  EXPECT_EQ(serialize(bulk), serialize(expected));
  // Unknown link ends are found when freezing.
  ModelBuilder c;
  c.add(Kind::county, "330102000000", "县");
  c.link_many(LinkType::road, {{"330102000000", "nowhere"}}, std::vector<double>{5.0});
  EXPECT_THROW((void)c.freeze(), ValidationError);
  EXPECT_THROW(c.link_many(LinkType::road, {{"a", "b"}}, std::vector<double>{-1.0}), ValidationError);
}

TEST(ModelBuilder, FreezeReportsItsProgressRisingToOne) {
  // An importer's progress bar follows a large freeze (issue 14: every step over a second).
  ModelBuilder b = small_model().edit();
  std::vector<double> shares;
  b.on_freeze_progress([&shares](double share) { shares.push_back(share); });
  const Model frozen = std::move(b).freeze();
  EXPECT_GE(shares.size(), 5u);
  EXPECT_TRUE(std::is_sorted(shares.begin(), shares.end()));
  EXPECT_GT(shares.front(), 0.0);
  EXPECT_EQ(shares.back(), 1.0);
  EXPECT_EQ(frozen.size(), small_model().size());
}

TEST(ModelBuilder, EditsOfAFrozenModelKeepColumnsPerKind) {
  // edit() -> remove a household -> the column of the remaining ones is kept value for value.
  const Model m = small_model();
  ModelBuilder b = m.edit();
  b.remove("3301020010010000100");
  b.set("3301020010010000101", "residents", std::monostate{});
  b.rename("3301020010010000102", "新户名更长一些");
  const Model edited = b.freeze();
  const auto residents = edited.numeric(Kind::household, "residents");
  ASSERT_EQ(residents.size(), 11u);
  EXPECT_TRUE(std::isnan(residents[0]));
  EXPECT_EQ(residents[1], 3.0);
  EXPECT_EQ(edited.name(edited.id("3301020010010000102")), "新户名更长一些");
}
