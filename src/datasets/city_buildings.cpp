// The synthetic city's buildings table (see include/gridgov/datasets/city_buildings.hpp).
#include "gridgov/datasets/city_buildings.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <string_view>

#include "gridgov/core/errors.hpp"
#include "gridgov/core/messages.hpp"
#include "gridgov/core/random.hpp"
#include "gridgov/ingest/geo.hpp"

namespace gridgov::datasets {

namespace {

constexpr std::array<std::string_view, 12> district_names = {"金水区", "中原区", "二七区", "管城区", "惠济区", "上街区",
                                                             "高新区", "经开区", "航空港区", "郑东新区", "北湖区", "南岭区"};
constexpr std::array<std::string_view, 24> place_words = {"东风", "建设", "人民", "解放", "文化", "花园", "丰产", "南阳",
                                                          "杜岭", "大石桥", "经八路", "未来", "北林", "丰庆", "兴达", "祭城",
                                                          "龙子湖", "如意湖", "博学", "商都", "圃田", "金光", "永平", "清华园"};
constexpr std::array<std::string_view, 16> compound_words = {"幸福", "阳光", "锦绣", "翠竹", "碧水", "康乐", "和平", "丽景",
                                                             "银杏", "桂花", "枫林", "紫荆", "春晖", "龙湖", "御景", "星河"};
constexpr std::array<std::string_view, 6> compound_suffixes = {"小区", "家园", "花园", "苑", "新村", "华府"};

constexpr double block_metres = 700.0;  // a community's block, streets between
constexpr double centre_lon = 113.65, centre_lat = 34.75;

struct BuildingType {
  int low, high;           // households per building
  int floors_low, floors_high;
  double weight;
};
// Old low-rise, mid-rise and high-rise buildings (households a building, floors, share).
constexpr std::array<BuildingType, 3> types = {{{12, 36, 4, 7, 0.33}, {40, 110, 6, 12, 0.45}, {120, 300, 18, 33, 0.22}}};

std::string numbered(std::string_view word, int n) { return n <= 1 ? std::string(word) : std::string(word) + std::to_string(n); }

}  // namespace

ingest::BuildingTable city_buildings(int communities, std::uint64_t seed) {
  if (communities < 1 || communities > 100'000)
    throw InputError(messages::format("datasets.city_communities", {{"communities", std::to_string(communities)}}));
  ingest::BuildingTable t;
  const int side = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(communities))));
  const ingest::LocalFrame frame(centre_lon, centre_lat);
  std::vector<double> weights;
  for (const auto& type : types) weights.push_back(type.weight);
  for (int c = 0; c < communities; ++c) {
    // Serpentine over the blocks, so consecutive communities (a street, a district) adjoin.
    const int row = c / side, col = row % 2 == 0 ? c % side : side - 1 - c % side;
    const int district = c / 100, street = c / 10;
    Rng rng = Rng::stream(seed, static_cast<std::uint64_t>(c));
    const std::string district_name =
        district < static_cast<int>(district_names.size()) ? std::string(district_names[static_cast<std::size_t>(district)])
                                                           : "第" + std::to_string(district + 1) + "区";
    const std::string street_name =
        numbered(place_words[static_cast<std::size_t>(street) % place_words.size()], street / static_cast<int>(place_words.size()) + 1) +
        "街道";
    const std::string community_name = street_name.substr(0, street_name.size() - std::string_view("街道").size()) +
                                       std::to_string(c % 10 + 1) + "社区";
    const double cx = (col - side / 2.0) * block_metres, cy = (side / 2.0 - row) * block_metres;
    // Households of the community: lognormal around 3,500 (mean about 4,100), at most 20,000.
    const auto target = static_cast<std::int64_t>(std::min(20000.0, rng.lognormal(std::log(3500.0), 0.55)));
    std::int64_t placed = 0;
    int compound = 0, building = 0;
    while (placed < target) {
      ++compound;
      const BuildingType& type = types[rng.weighted_index(weights)];
      const std::string compound_name = std::string(compound_words[rng.below(compound_words.size())]) +
                                        std::string(compound_suffixes[rng.below(compound_suffixes.size())]) +
                                        (compound > 1 ? std::to_string(compound) + "期" : std::string());
      const double kx = cx + rng.uniform(-0.4, 0.4) * block_metres, ky = cy + rng.uniform(-0.4, 0.4) * block_metres;
      const int count = static_cast<int>(rng.integer(4, 24));
      const int per_row = static_cast<int>(std::ceil(std::sqrt(static_cast<double>(count))));
      for (int k = 0; k < count && placed < target; ++k) {
        ++building;
        const std::int64_t households = std::min<std::int64_t>(rng.integer(type.low, type.high), target - placed);
        placed += households;
        const double x = kx + (k % per_row) * 32.0 + rng.uniform(-6, 6), y = ky - (k / per_row) * 32.0 + rng.uniform(-6, 6);
        const ingest::LonLat wgs = frame.from_local(x, y);
        const ingest::LonLat bd = ingest::from_wgs84(wgs, ingest::Crs::bd09);
        t.district.push_back(district_name);
        t.street.push_back(street_name);
        t.community.push_back(community_name);
        t.compound.push_back(compound_name);
        t.building.push_back("C" + std::to_string(c + 1) + "-" + std::to_string(building));
        t.name.push_back(compound_name + std::to_string(k + 1) + "号楼");
        t.lon.push_back(std::round(bd.lon * 1e6) / 1e6);  // Baidu's pick tool prints 6 decimals
        t.lat.push_back(std::round(bd.lat * 1e6) / 1e6);
        t.households.push_back(households);
        t.residents.push_back(static_cast<std::int64_t>(std::llround(static_cast<double>(households) * rng.uniform(2.2, 3.0))));
        t.floors.push_back(rng.integer(type.floors_low, type.floors_high));
      }
    }
  }
  return t;
}

}  // namespace gridgov::datasets
