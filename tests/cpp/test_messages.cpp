// The message catalogue (gridgov/core/messages.hpp): complete in both languages, and the
// language taken from GRIDGOV_LANG or the locale.
#include <gtest/gtest.h>

#include <cstdlib>
#include <set>
#include <string>

#include "gridgov/balance/partition.hpp"
#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"
#include "gridgov/escalation/policy.hpp"
#include "gridgov/escalation/router.hpp"

using namespace gridgov::messages;

namespace {

std::multiset<std::string> placeholders(std::string_view text) {
  std::multiset<std::string> out;
  for (std::size_t i = text.find('{'); i != std::string_view::npos; i = text.find('{', i + 1)) {
    const std::size_t close = text.find('}', i);
    if (close != std::string_view::npos) out.insert(std::string(text.substr(i + 1, close - i - 1)));
  }
  return out;
}

}  // namespace

TEST(Messages, EveryEntryHasBothLanguagesWithTheSamePlaceholders) {
  const auto entries = catalogue();
  ASSERT_FALSE(entries.empty());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const Text& t = entries[i];
    if (i > 0) {
      EXPECT_LT(entries[i - 1].id, t.id) << "sorted and unique: " << t.id;
    }
    EXPECT_FALSE(t.en.empty()) << t.id;
    EXPECT_FALSE(t.zh.empty()) << t.id;
    EXPECT_EQ(placeholders(t.en), placeholders(t.zh)) << t.id;
  }
}

TEST(Messages, FormatFillsPlaceholdersInTheLanguageAsked) {
  EXPECT_EQ(format(Language::en, "place.has", {{"what", "阳光小区"}, {"count", "2"}, {"listed", "1号楼, 2号楼"}}),
            "阳光小区 has 2: 1号楼, 2号楼");
  EXPECT_EQ(format(Language::zh, "place.has", {{"what", "阳光小区"}, {"count", "2"}, {"listed", "1号楼、2号楼"}}),
            "阳光小区有 2 处：1号楼、2号楼");
  EXPECT_EQ(format(Language::en, "no.such.id"), "no.such.id");  // a missing entry shows
  EXPECT_EQ(format(Language::en, "kind.grid", {{"unused", "x"}}), "grid");
  const Language before = language();
  set_language(Language::zh);
  EXPECT_EQ(format("kind.household"), "住户");
  set_language(Language::en);
  EXPECT_EQ(format("kind.household"), "household");
  set_language(before);
}

TEST(Messages, LanguageNamesAndTheEnvironment) {
  for (const char* zh : {"zh", "zh_CN.UTF-8", "ZH-Hans", "chinese", "中文"}) EXPECT_EQ(parse_language(zh), Language::zh) << zh;
  for (const char* en : {"en", "en_US.UTF-8", "C", "POSIX", ""}) EXPECT_EQ(parse_language(en), Language::en) << en;
  EXPECT_EQ(language_code(Language::zh), "zh");
#ifndef _WIN32
  const char* saved[] = {std::getenv("GRIDGOV_LANG"), std::getenv("LC_ALL"), std::getenv("LC_MESSAGES"), std::getenv("LANG")};
  const std::string copies[] = {saved[0] ? saved[0] : "", saved[1] ? saved[1] : "", saved[2] ? saved[2] : "",
                                saved[3] ? saved[3] : ""};
  const char* names[] = {"GRIDGOV_LANG", "LC_ALL", "LC_MESSAGES", "LANG"};
  for (const char* name : names) unsetenv(name);
  EXPECT_EQ(language_from_environment(), Language::en);
  setenv("LANG", "zh_CN.UTF-8", 1);
  EXPECT_EQ(language_from_environment(), Language::zh);
  setenv("LC_ALL", "en_GB.UTF-8", 1);  // LC_ALL comes first
  EXPECT_EQ(language_from_environment(), Language::en);
  setenv("GRIDGOV_LANG", "zh", 1);      // and GRIDGOV_LANG before any locale
  EXPECT_EQ(language_from_environment(), Language::zh);
  for (int i = 0; i < 4; ++i) {
    if (saved[i]) setenv(names[i], copies[i].c_str(), 1);
    else unsetenv(names[i]);
  }
#endif
}

TEST(Messages, TheRoutesReasonsAreTheRoutersTexts) {
  // router.hpp's reason_texts (Python's REASON_TEXTS) and the catalogue's English say the same.
  for (int i = 0; i < gridgov::escalation::reason_bits; ++i)
    EXPECT_EQ(format(Language::en, std::string("reason.") + gridgov::escalation::reason_names[i]),
              gridgov::escalation::reason_texts[i]);
}

namespace {

/// The message of what `f` throws, written in `language`.
template <class F>
std::string thrown(Language language, F f) {
  const Language before = gridgov::messages::language();
  set_language(language);
  std::string what;
  try {
    f();
  } catch (const gridgov::Error& e) {
    what = e.what();
  }
  set_language(before);
  return what;
}

}  // namespace

TEST(Messages, ErrorsOfEachAreaInBothLanguages) {
  // A node heavier than a part may hold: the partitioner's proof, as draw_grids quotes it.
  const std::vector<gridgov::edge_id> offsets{0, 1, 3, 4};
  const std::vector<gridgov::node_id> targets{1, 0, 2, 1};
  const gridgov::CsrView path{offsets, targets};
  const std::vector<double> weights{1, 100, 1};
  const std::int32_t k[] = {2};
  auto heavy = [&] { (void)gridgov::balance::partition(path, weights, 1, k, {}); };
  EXPECT_NE(thrown(Language::en, heavy).find("node 1 weighs more than a part may hold"), std::string::npos)
      << thrown(Language::en, heavy);
  EXPECT_NE(thrown(Language::zh, heavy).find("节点 1 的权重超过一个分区的容量"), std::string::npos) << thrown(Language::zh, heavy);
  // A policy file's field, named by its path in both languages.
  auto policy = [] { (void)gridgov::escalation::EscalationPolicy::from_json(R"({"max_returns": 3})"); };
  EXPECT_EQ(thrown(Language::en, policy), "escalation policy field 'categories': missing");
  EXPECT_EQ(thrown(Language::zh, policy), "上报政策字段“categories”：缺失");
}
