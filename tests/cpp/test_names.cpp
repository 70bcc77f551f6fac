// Places and categories by the planner's own names (gridgov/escalation/names.hpp), issue 16 §2.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "escalation_fixture.hpp"
#include "gridgov/gridgov.hpp"

using namespace gridgov;
using namespace gridgov::escalation;

namespace {

// Two compounds of one community, each with a "3号楼"; the planner's building numbers kept as
// source_code, as from_buildings keeps them.
Model two_compounds() {
  ModelBuilder b;
  b.add(Kind::county, "110101000000", "测试区");
  b.add(Kind::community, "110101001001", "东风社区", "110101000000");
  b.add(Kind::community, "110101001002", "红旗社区", "110101000000");
  b.add(Kind::grid, "110101001001001", "东风社区第1网格", "110101001001", "residential");
  b.add(Kind::compound, "110101001001XQ001", "阳光小区", "110101001001");
  b.add(Kind::compound, "110101001001XQ002", "月亮小区", "110101001001");
  b.add(Kind::compound, "110101001002XQ001", "阳光小区", "110101001002");  // the same name in another community
  b.add(Kind::building, "11010100100100001", "3号楼", "110101001001001");
  b.add(Kind::building, "11010100100100002", "3号楼", "110101001001001");
  b.add(Kind::building, "11010100100200001", "5号楼", "110101001002");
  b.add(Kind::building, "11010100100100003", "Block B", "110101001001001");
  b.add(Kind::unit, "1101010010010000102", "2单元", "11010100100100001");
  b.add(Kind::household, "110101001001000010201", "501室", "1101010010010000102");
  b.add(Kind::household, "110101001001000010202", "502室", "1101010010010000102");
  b.add(Kind::place, "110101001001P001", "东风菜市场", "110101001001");
  b.link("110101001001XQ001", "11010100100100001", LinkType::member);
  b.link("110101001001XQ002", "11010100100100002", LinkType::member);
  b.link("110101001002XQ001", "11010100100200001", LinkType::member);
  b.set("11010100100100001", "source_code", std::string("C1-3"));
  b.set("11010100100100002", "source_code", std::string("C2-3"));
  return b.freeze(Validate::defer);
}

std::string error_of(const PlaceNames& names, const std::string& text) {
  messages::set_language(messages::Language::en);
  try {
    (void)names.find(text);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(NameKey, FoldsCaseWidthSeparatorsAndBuildingNumbers) {
  EXPECT_EQ(name_key("ZZ01"), "zz01");
  EXPECT_EQ(name_key("ＺＺ０１"), "zz01");
  EXPECT_EQ(name_key(" 阳光小区　3 号楼 "), name_key("阳光小区3号楼"));
  for (const char* same : {"3号楼", "3栋", "3幢", "3#", "3座", "三号楼", "3号", "３号楼"})
    EXPECT_EQ(name_key(same), "3#") << same;
  EXPECT_EQ(name_key("1幢1单元101室"), name_key("1号楼1单元101"));
  EXPECT_EQ(name_key("第一网格"), "1网格");
  EXPECT_EQ(name_key("第十二网格"), "12网格");
  EXPECT_EQ(name_key("二十三号楼"), "23#");
  EXPECT_EQ(name_key("一百零五室"), "105");
  EXPECT_EQ(name_key("部件·公用设施·上水井盖"), "部件公用设施上水井盖");
  EXPECT_EQ(name_key("C1-3"), "c13");
  // Numerals that are not numbers stay: 八一社区, 十里铺, 一品苑.
  EXPECT_EQ(name_key("八一社区"), "八一社区");
  EXPECT_EQ(name_key("十里铺"), "十里铺");
  EXPECT_EQ(name_key(""), "");
  EXPECT_EQ(name_key(std::string("a\xff" "b")), std::string("a\xff" "b"));  // bytes that are not UTF-8 kept
}

TEST(PlaceNames, CodesNamesAndBuildingNumbers) {
  const Model m = two_compounds();
  const PlaceNames names(m);
  EXPECT_EQ(names.find("11010100100100001"), m.id("11010100100100001"));
  EXPECT_EQ(names.find("阳光小区 3号楼"), m.id("11010100100100001"));
  EXPECT_EQ(names.find("月亮小区3栋"), m.id("11010100100100002"));
  EXPECT_EQ(names.find("东风社区 阳光小区 3幢"), m.id("11010100100100001"));
  EXPECT_EQ(names.find("阳光小区 东风社区 三号楼"), m.id("11010100100100001"));  // qualifiers in any order
  EXPECT_EQ(names.find("c1-3"), m.id("11010100100100001"));                    // the planner's building number
  EXPECT_EQ(names.find("C2 3"), m.id("11010100100100002"));
  EXPECT_EQ(names.find("block b"), m.id("11010100100100003"));                 // any case
  EXPECT_EQ(names.find("ＢＬＯＣＫ Ｂ"), m.id("11010100100100003"));
  EXPECT_EQ(names.find("东风社区1网格"), m.id("110101001001001"));
  EXPECT_EQ(names.find("5号楼"), m.id("11010100100200001"));
  EXPECT_EQ(names.find("红旗社区阳光小区5号楼"), m.id("11010100100200001"));
  EXPECT_EQ(names.find("东风菜市场"), m.id("110101001001P001"));
  // Units and households below their building.
  EXPECT_EQ(names.find("阳光小区3号楼2单元"), m.id("1101010010010000102"));
  EXPECT_EQ(names.find("阳光小区3号楼2单元501"), m.id("110101001001000010201"));
  EXPECT_EQ(names.find("C1-3 2单元 502室"), m.id("110101001001000010202"));
}

TEST(PlaceNames, AmbiguousNamesAreListedWithWhatTellsThemApart) {
  const Model m = two_compounds();
  const PlaceNames names(m);
  const std::string message = error_of(names, "3号楼");
  EXPECT_NE(message.find("fits 2 places"), std::string::npos) << message;
  EXPECT_NE(message.find("阳光小区"), std::string::npos) << message;
  EXPECT_NE(message.find("月亮小区"), std::string::npos) << message;
  EXPECT_THROW((void)names.find("3号楼"), InputError);
  // 阳光小区 is in both communities, but only one of them has a 3号楼.
  EXPECT_EQ(names.find("阳光小区3号楼"), m.id("11010100100100001"));
}

TEST(PlaceNames, UnknownNamesSayWhatIsThere) {
  const Model m = two_compounds();
  const PlaceNames names(m);
  std::string message = error_of(names, "月亮小区 9号楼");
  EXPECT_NE(message.find("unknown place '月亮小区 9号楼'"), std::string::npos) << message;
  EXPECT_NE(message.find("月亮小区 (compound 110101001001XQ002"), std::string::npos) << message;
  EXPECT_NE(message.find("has 1: 3号楼"), std::string::npos) << message;
  EXPECT_THROW((void)names.find("月亮小区 9号楼"), UnknownCodeError);
  message = error_of(names, "东风菜场");
  EXPECT_NE(message.find("similar: 东风菜市场"), std::string::npos) << message;
  message = error_of(names, "月亮小区");
  EXPECT_NE(message.find("is 月亮小区 (compound"), std::string::npos) << message;
  EXPECT_NE(message.find("not a place of events"), std::string::npos) << message;
  EXPECT_THROW((void)names.find("  "), InputError);
  messages::set_language(messages::Language::en);
  try {
    (void)names.find_many(std::vector<std::string>{"C1-3", "C1-3", "nowhere"});
    ADD_FAILURE();
  } catch (const UnknownCodeError& e) {
    EXPECT_EQ(std::string(e.what()).rfind("event 2: unknown place 'nowhere'", 0), 0u) << e.what();
  }
}

TEST(PlaceNames, TheSeedCountysNamesRouteAsItsCodesDo) {
  const Model m = datasets::seed_county(0);
  const PlaceNames names(m);
  const EscalationPolicy policy = EscalationPolicy::standard();
  const Router router(m, policy);
  const node_id household = m.nodes(Kind::household).front();
  const node_id by_name = names.find("香樟公馆1号楼 1单元 101");  // the county names it 香樟公馆1幢1单元101室
  EXPECT_EQ(by_name, household) << m.name(household);
  EXPECT_EQ(router.explain(by_name, category_of(policy, "矛盾纠纷")).steps.size(),
            router.explain(household, policy.category_index("ZZ01")).steps.size());
  // Every building of the county by its own name, and by its community and name.
  const auto [begin, end] = m.kind_range(Kind::building);
  for (node_id b = begin; b < end; ++b) {
    ASSERT_EQ(names.find(m.name(b)), b) << m.name(b);
    const node_id community = m.ancestor_of_kind(b, Kind::community);
    std::string qualified(m.name(community));
    qualified.append(" ").append(m.name(b));
    ASSERT_EQ(names.find(qualified), b) << qualified;
  }
  for (node_id g : m.nodes(Kind::grid)) ASSERT_EQ(names.find(m.name(g)), g) << m.name(g);
}

TEST(CategoryNames, CodesInAnyCaseNamesAndParts) {
  messages::set_language(messages::Language::en);
  const EscalationPolicy policy = EscalationPolicy::standard();
  EXPECT_EQ(category_of(policy, "ZZ01"), policy.category_index("ZZ01"));
  EXPECT_EQ(category_of(policy, "zz01"), policy.category_index("ZZ01"));
  EXPECT_EQ(category_of(policy, "矛盾纠纷"), policy.category_index("ZZ01"));
  EXPECT_EQ(category_of(policy, " 矛盾 纠纷 "), policy.category_index("ZZ01"));
  EXPECT_EQ(category_of(policy, "上水井盖"), policy.category_index("BJ0101"));
  EXPECT_EQ(category_of(policy, "部件·公用设施·上水井盖"), policy.category_index("BJ0101"));
  EXPECT_EQ(category_of(policy, "政策咨询"), policy.category_index("ZZ07"));
  EXPECT_EQ(category_of(policy, "bj0101"), policy.category_index("BJ0101"));
  try {
    (void)category_of(policy, "市容环境");
    ADD_FAILURE();
  } catch (const UnknownCodeError&) {
    ADD_FAILURE() << "ambiguous, not unknown";
  } catch (const InputError& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("BJ0399"), std::string::npos) << message;
    EXPECT_NE(message.find("SJ0199"), std::string::npos) << message;
  }
  try {
    (void)category_of(policy, "纠纷");
    ADD_FAILURE();
  } catch (const UnknownCodeError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean ZZ01 矛盾纠纷"), std::string::npos) << e.what();
  }
  try {
    (void)category_of(policy, "天气");
    ADD_FAILURE();
  } catch (const UnknownCodeError& e) {
    EXPECT_NE(std::string(e.what()).find("ZZ99 其他"), std::string::npos) << e.what();
  }
}

TEST(PlaceNames, TheEscalationFixtureFindsItsHousehold) {
  const Model m = test::small_county();
  const PlaceNames names(m);
  EXPECT_EQ(names.find("1栋 1单元 101"), m.id(test::household_code));
  EXPECT_EQ(names.find("一小区 1号楼"), m.id(test::building_code));
  EXPECT_EQ(names.find("学校专属网格"), m.id(test::special_grid_code));
}

TEST(PlaceNames, MessagesInChinese) {
  const Model m = two_compounds();
  const PlaceNames names(m);
  messages::set_language(messages::Language::zh);
  std::string message;
  try {
    (void)names.find("3号楼");
  } catch (const InputError& e) {
    message = e.what();
  }
  messages::set_language(messages::Language::en);
  EXPECT_EQ(message.rfind("地点“3号楼”对应 2 处：3号楼（楼栋 11010100100100001，阳光小区，东风社区）；3号楼（楼栋 11010100100100002，月亮小区，东风社区）。", 0), 0u)
      << message;
  messages::set_language(messages::Language::zh);
  try {
    (void)category_of(EscalationPolicy::standard(), "纠纷");
  } catch (const UnknownCodeError& e) {
    message = e.what();
  }
  messages::set_language(messages::Language::en);
  EXPECT_EQ(message, "未知的事件类别“纠纷”：是否指 ZZ01 矛盾纠纷？");
}
