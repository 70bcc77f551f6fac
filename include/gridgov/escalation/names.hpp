// What a planner means by a name: the place of an event and its category as the planner writes
// them, beside the codes the router works with.
//
// A planner says "阳光小区 3号楼", "翠竹花园3栋1单元501" or the building number of their own
// spreadsheet ("C1-1"), and "矛盾纠纷" or "zz01", not "33990100100100001" and "ZZ01". Names are
// compared in one normal form (name_key): any case, full-width or half-width letters and
// digits, with or without spaces and separators, 3号楼 = 3栋 = 3幢 = 3# and 三号楼, 101室 = 101,
// 第1网格 = 1网格 = 第一网格. A name that is not unique ("3号楼" in every compound) is qualified
// by any of the names of the place's compound, grid, community, street or county, in any order
// ("东风社区 阳光小区 3号楼"); one that still fits several places is an error listing them.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "gridgov/core/ids.hpp"
#include "gridgov/escalation/policy.hpp"
#include "gridgov/model/model.hpp"

namespace gridgov::escalation {

/// The form in which names, codes and building numbers are compared (UTF-8 in, UTF-8 out):
/// ASCII letters lower-cased; full-width ASCII (Ａ１，) and the ideographic space folded to
/// ASCII; spaces and separators (/ \ - _ , . | : ; · ・ 、 。 — and the like) dropped; Chinese
/// numerals before a unit word (号 栋 幢 座 单元 网格 期 区 室 楼 组 层 户) or after 第 written as
/// digits; after a digit, 号楼 栋 幢 座 号 # as "#" and 室 dropped; 第 before a digit dropped.
[[nodiscard]] std::string name_key(std::string_view text);

/// Finds places (households, units, buildings, places, grids) by code, name or the planner's
/// building number (the `source_code` attribute from_buildings keeps), qualified by the names
/// of their compound and administrative ancestors when the name alone is not unique. Households
/// and units are found below their building ("阳光小区3号楼 2单元 501"). Index: the keys of the
/// nodes from county down to buildings and places (not households: a city has millions), built
/// once per model.
class PlaceNames {
 public:
  explicit PlaceNames(const Model& model);

  [[nodiscard]] const Model& model() const noexcept { return model_; }

  /// Every node `text` may mean: its exact code, else every node whose key fits, with the rest
  /// of the text taken by its ancestors' keys, else (when no building, place or grid fits) the
  /// units and households whose keys follow a building's. Any kind (a compound or community
  /// may come back; find() says they are not places of events).
  [[nodiscard]] std::vector<node_id> candidates(std::string_view text) const;

  /// The one household, unit, building, place or grid `text` means (a code first, as it is).
  /// UnknownCodeError when nothing fits (what is there or similar names listed); InputError
  /// when several fit (listed with their compound and community, and how to tell them apart)
  /// or when the text names a compound, community … Messages in messages::language().
  [[nodiscard]] node_id find(std::string_view text) const;

  /// find() for each text; an error names the position ("event 3: …"). Each distinct text is
  /// resolved once.
  [[nodiscard]] std::vector<node_id> find_many(std::span<const std::string> texts) const;

  /// "name (code, compound, community)" for messages.
  [[nodiscard]] std::string describe(node_id v) const;

 private:
  struct Keys {
    std::string code, name, source;
  };
  [[nodiscard]] Keys keys(node_id v) const;
  [[nodiscard]] std::vector<node_id> context(node_id v) const;
  [[nodiscard]] bool taken_by_context(std::string_view rest, const std::vector<node_id>& context,
                                      std::uint32_t used) const;
  void direct(std::string_view key, std::vector<node_id>& out) const;
  void below(node_id parent, std::string_view rest, std::vector<node_id>& out) const;
  [[noreturn]] void not_found(std::string_view text, std::string_view key) const;

  Model model_;
  std::unordered_map<std::string, std::vector<node_id>> by_key_;
  const Column* sources_[kind_count] = {};
};

/// The index of the category `text` means: its code in any case ("zz01"), its name ("矛盾纠纷"),
/// or one part of a name split at · or / ("上水井盖" for 部件·公用设施·上水井盖) when only one
/// category has it. UnknownCodeError when none fits (the close ones, else every category,
/// listed with codes and names); InputError when several do ("市容环境": BJ0399 and SJ0199).
[[nodiscard]] int category_of(const EscalationPolicy& policy, std::string_view text);

}  // namespace gridgov::escalation
