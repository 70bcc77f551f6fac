#include "gridgov/core/messages.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>

namespace gridgov::messages {

namespace {

// The catalogue, sorted by id (a test checks the order and that both texts have the same
// placeholders). Chinese in the words of 网格化管理 (楼栋, 单元, 住户, 小区, 社区, 网格, 事件类别).
constexpr Text entries[] = {
    {"category.empty", "category '{text}' is empty: give a code (ZZ01) or a name (矛盾纠纷)",
     "事件类别“{text}”为空：请给出编码（如 ZZ01）或名称（如 矛盾纠纷）"},
    {"category.several", "category '{text}' fits {count} categories: {listed}; give the code or the whole name",
     "事件类别“{text}”对应 {count} 个类别：{listed}；请给出编码或完整名称"},
    {"category.unknown_all", "unknown event category '{text}': the policy's categories are {listed}",
     "未知的事件类别“{text}”：政策中的类别有 {listed}"},
    {"category.unknown_close", "unknown event category '{text}': did you mean {listed}?",
     "未知的事件类别“{text}”：是否指 {listed}？"},
    {"event.prefix", "event {index}: {message}", "第 {index} 条事件（从 0 起）：{message}"},
    {"kind.building", "building", "楼栋"},
    {"kind.city", "city", "市"},
    {"kind.community", "community", "社区"},
    {"kind.compound", "compound", "小区"},
    {"kind.country", "country", "国家"},
    {"kind.county", "county", "区县"},
    {"kind.grid", "grid", "网格"},
    {"kind.household", "household", "住户"},
    {"kind.organisation", "organisation", "机构"},
    {"kind.place", "place", "场所"},
    {"kind.province", "province", "省"},
    {"kind.street", "street", "街道"},
    {"kind.unit", "unit", "单元"},
    {"kind.worker", "worker", "网格员"},
    {"list.separator", "; ", "；"},
    {"place.described", "{name} ({kind} {code}{context})", "{name}（{kind} {code}{context}）"},
    {"place.empty", "place '{text}' is empty: give a code, a name or a building number",
     "地点“{text}”为空：请给出编码、名称或楼栋号"},
    {"place.ending", "{count} name(s) end with it, e.g. {listed}: give the whole name, or its compound or community before it",
     "有 {count} 个名称以它结尾，例如 {listed}：请给出完整名称，或在前面加上小区或社区名称"},
    {"place.has", "{what} has {count}: {listed}", "{what}有 {count} 处：{listed}"},
    {"place.more", " … ({count} more)", "……（另有 {count} 处）"},
    {"place.not_event_place",
     "place '{text}' is {what}, not a place of events: give one of its households, buildings, places or grids",
     "“{text}”是{what}，不是事件发生的地点：请给出其中的住户、楼栋、场所或网格"},
    {"place.several", "place '{text}' fits {count} places: {listed}. Add its compound or community (e.g. '阳光小区 3号楼'), or give its code",
     "地点“{text}”对应 {count} 处：{listed}。请在前面加上小区或社区名称（如“阳光小区 3号楼”），或给出编码"},
    {"place.similar", "similar: {listed}", "相近的有：{listed}"},
    {"place.unknown", "unknown place '{text}': no household, unit, building, place or grid has this code, name or building number",
     "未知地点“{text}”：没有住户、单元、楼栋、场所或网格使用这个编码、名称或楼栋号"},
    {"reason.category_entry", "the category itself enters above the grid",
     "该类别本身从网格以上的层级进入"},
    {"reason.direct_dispatch", "city management: what the grid does not settle on the spot the county centre dispatches straight to the responsible department, not up the residential ladder",
     "城市管理类：网格未能当场解决的，由县级指挥中心直接派给责任部门，不走居民区的逐级上移"},
    {"reason.missing_handler", "a tier in range has no handler node: skipped upwards",
     "范围内的某一层级没有处置主体：向上跳过"},
    {"reason.no_compound", "no compound or host unit: L1 is skipped",
     "没有小区或驻点单位：跳过 L1"},
    {"reason.no_department", "the county has no department of the category's sector: the county centre handles it",
     "县里没有该类别所属行业的部门：由县级指挥中心处置"},
    {"reason.no_fulltime_worker", "the grid has no full-time worker: it went to the community station",
     "该网格没有专职网格员：转到社区网格服务站"},
    {"reason.no_grid", "the place lies in no grid (a coverage finding): it enters at its compound or community",
     "该地点不在任何网格内（覆盖核查问题）：从所在小区或社区进入"},
    {"reason.no_station", "the community has no service station: its command centre takes it",
     "该社区没有网格服务站：由社区指挥中心受理"},
    {"reason.reported_above", "major matter: copied to the level above the county",
     "重大事项：同时报送县以上一级"},
    {"reason.skip_level", "urgent matter: the skip-level rule raised its entry tier",
     "紧急事项：越级规则提高了进入层级"},
    {"reason.special_grid", "special grid: its host unit handles it at L1 and the host's sector department at the county",
     "专属网格：由驻点单位在 L1 处置，县级由驻点单位所属行业的部门处置"},
    {"route.community_centre", "community command centre coordinates (社区吹哨)",
     "社区指挥中心统筹协调（社区吹哨）"},
    {"route.department", "dispatched to the department of the category's sector",
     "派给该类别所属行业的部门"},
    {"route.entry_tier", "entry tier of the category",
     "该类别的进入层级"},
    {"route.escalated", "escalation: the tier below could not settle it in time or at all",
     "上移：下一级未能按时或未能解决"},
    {"route.first_handler", "first handler: small matters stay in the grid",
     "首个处置人：小事不出网格"},
    {"route.fulltime_worker", "{reason}: the grid's full-time worker",
     "{reason}：网格的专职网格员"},
    {"route.grid", "the grid where it happened",
     "事件发生所在的网格"},
    {"route.no_handler", "place '{place}': no handler at any tier (the model has no station, command centre or county centre)",
     "地点“{place}”：任何层级都没有处置主体（模型中没有服务站、指挥中心或县级指挥中心）"},
    {"route.no_level_above", "{reason} (the model holds no level above the county)",
     "{reason}（模型中没有县以上一级）"},
    {"table.building_required", "building code is required (or give compound and a `buildings` count to split a compound)",
     "缺少楼栋编码（或给出小区与 buildings 楼栋数，把一个小区拆成楼栋）"},
    {"table.columns_swapped",
     "lon and lat are swapped: in {count} of the {located} located rows the latitude is beyond 90 degrees and the "
     "longitude within 90 (row {row}: lon {lon}, lat {lat}); swap the names of the two columns (经度 is lon, 纬度 is lat)",
     "经度和纬度填反了：{located} 个有坐标的行中有 {count} 行纬度超过 90 度而经度在 90 度以内（第 {row} 行：经度 {lon}，"
     "纬度 {lat}）；请交换这两列的列名（经度即 lon，纬度即 lat）"},
    {"table.coordinates_required", "coordinates are required",
     "缺少坐标"},
    {"table.duplicate", "duplicate {column} (also in row {rows})",
     "{column}重复（第 {rows} 行也有）"},
    {"table.lat_outside", "latitude outside [-90, 90]",
     "纬度不在 [-90, 90] 之内"},
    {"table.lat_swapped", "latitude beyond 90 degrees: are lon and lat swapped?",
     "纬度超过 90 度：经度和纬度是否填反了？"},
    {"table.lon_outside", "longitude outside [-180, 180]",
     "经度不在 [-180, 180] 之内"},
    {"table.missing_columns", "{table}: missing column(s) {missing} (the table has: {have}); the headers that give each:",
     "{table}：缺少列 {missing}（表中现有的列：{have}）；每一列可用的列名："},
    {"table.more", "… and {count} more",
     "……另有 {count} 个问题"},
    {"table.more_listed", "… and {count} more (error.problems lists them all)",
     "……另有 {count} 个问题（error.problems 中列出全部）"},
    {"table.negative", "a count cannot be negative",
     "数量不能为负数"},
    {"table.not_finite", "not a finite number", "不是有限的数"},
    {"table.not_number", "not a number", "不是数字"},
    {"table.not_whole", "a count must be a whole number", "数量须为整数"},
    {"table.problems", "{table}: {count} problem(s) in {rows} row(s); fix them and read the table again:",
     "{table}：{rows} 行中有 {count} 个问题，请改正后重新读入："},
    {"table.problems_no_rows", "{table}: {count} problem(s); fix them and read the table again:",
     "{table}：有 {count} 个问题，请改正后重新读入："},
    {"table.required", "{column} is required here",
     "“{column}”不能为空"},
    {"table.row", "row {row}, column '{column}'",
     "第 {row} 行，“{column}”列"},
    {"table.row_value", "row {row}, column '{column}' '{value}'",
     "第 {row} 行，“{column}”列的“{value}”"},
};

constexpr int unset = -1;
std::atomic<int> current{unset};

bool starts_with_any(std::string_view text, std::initializer_list<std::string_view> prefixes) {
  std::string lower(text);
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return std::any_of(prefixes.begin(), prefixes.end(), [&](std::string_view p) { return lower.rfind(p, 0) == 0; });
}

const char* environment(const char* name) {
  const char* value = std::getenv(name);  // NOLINT(concurrency-mt-unsafe): read, never written by gridgov
  return value != nullptr && *value != '\0' ? value : nullptr;
}

}  // namespace

Language parse_language(std::string_view text) noexcept {
  return starts_with_any(text, {"zh", "chinese", "中文", "汉语", "cn"}) ? Language::zh : Language::en;
}

std::string_view language_code(Language language) noexcept { return language == Language::zh ? "zh" : "en"; }

Language language_from_environment() noexcept {
  if (const char* chosen = environment("GRIDGOV_LANG")) return parse_language(chosen);
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"})
    if (const char* locale = environment(name)) return starts_with_any(locale, {"zh"}) ? Language::zh : Language::en;
  return Language::en;
}

Language language() noexcept {
  int value = current.load(std::memory_order_relaxed);
  if (value == unset) {
    value = static_cast<int>(language_from_environment());
    int expected = unset;
    if (!current.compare_exchange_strong(expected, value)) value = expected;
  }
  return static_cast<Language>(value);
}

void set_language(Language language) noexcept { current.store(static_cast<int>(language), std::memory_order_relaxed); }

std::span<const Text> catalogue() noexcept { return entries; }

std::string format(Language language, std::string_view id, Arguments arguments) {
  const auto it = std::lower_bound(std::begin(entries), std::end(entries), id,
                                   [](const Text& t, std::string_view key) { return t.id < key; });
  if (it == std::end(entries) || it->id != id) return std::string(id);
  const std::string_view pattern = language == Language::zh && !it->zh.empty() ? it->zh : it->en;
  std::string out;
  out.reserve(pattern.size() + 32);
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '{') {
      const std::size_t close = pattern.find('}', i);
      if (close != std::string_view::npos) {
        const std::string_view name = pattern.substr(i + 1, close - i - 1);
        const auto arg = std::find_if(arguments.begin(), arguments.end(), [&](const auto& a) { return a.first == name; });
        if (arg != arguments.end()) {
          out += arg->second;
          i = close + 1;
          continue;
        }
      }
    }
    out += pattern[i++];
  }
  return out;
}

std::string format(std::string_view id, Arguments arguments) { return format(language(), id, arguments); }

}  // namespace gridgov::messages
