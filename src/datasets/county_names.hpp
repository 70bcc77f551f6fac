// The names of the built-in reference county: communities, compounds, special places,
// functional departments (with the sector an event category is dispatched by), stationed units
// and people. Plain tables, so the generator reads as logic and the names can be reviewed apart.
#pragma once

#include <array>
#include <string_view>

namespace gridgov::datasets::names {

/// The fictional county (code 339901: province 33 exists, prefecture 99 does not).
inline constexpr std::string_view county_code = "339901000000";
inline constexpr std::string_view county_name = "网格示范县";

/// Communities numbered west to east, north to south over the town (5 columns x 3 rows).
inline constexpr std::array<std::string_view, 15> communities = {
    "北门社区", "文昌社区", "城北社区", "凤凰社区", "东湖社区",  //
    "西苑社区", "新华社区", "人民社区", "解放社区", "城东社区",  //
    "望江社区", "南山社区", "城南社区", "金桥社区", "滨河社区"};

/// Compound names are a prefix and a suffix; older compounds take the first suffixes.
inline constexpr std::array<std::string_view, 48> compound_prefixes = {
    "幸福", "阳光", "锦绣", "金色", "翠竹", "碧水", "康乐", "和平", "东方", "丽景", "银杏", "桂花",
    "枫林", "紫荆", "春晖", "盛世", "龙湖", "御景", "滨江", "文苑", "书香", "水岸", "明珠", "绿洲",
    "富春", "天和", "怡园", "香樟", "新城", "景福", "海棠", "玉兰", "清风", "晨曦", "瑞丰", "嘉禾",
    "泰和", "长安", "荷塘", "凤栖", "秀水", "安居", "花溪", "世纪", "星河", "云栖", "翡翠", "君悦"};
inline constexpr std::array<std::string_view, 4> old_compound_suffixes = {"新村", "小区", "宿舍", "里"};
inline constexpr std::array<std::string_view, 3> middle_compound_suffixes = {"花园", "家园", "苑"};
inline constexpr std::array<std::string_view, 4> new_compound_suffixes = {"华府", "名邸", "嘉园", "公馆"};

/// A functional department linked to the county platform and the sector its events come under.
struct Department {
  std::string_view name;
  std::string_view sector;
};

/// The 76 departments of the county platform (the county command centre dispatches to each).
inline constexpr std::array<Department, 76> departments = {{
    {"县综合行政执法局", "城管"},
    {"县环境卫生管理所", "城管"},
    {"县市政园林管理所", "城管"},
    {"县住房和城乡建设局", "住建"},
    {"县物业管理服务中心", "住建"},
    {"县房屋安全鉴定站", "住建"},
    {"县人民防空办公室", "住建"},
    {"县公安局", "公安"},
    {"县公安局交通警察大队", "公安"},
    {"县公安局城关派出所", "公安"},
    {"县公安局城东派出所", "公安"},
    {"县公安局城南派出所", "公安"},
    {"县应急管理局", "应急"},
    {"县地震局", "应急"},
    {"县气象局", "应急"},
    {"县消防救援大队", "消防"},
    {"县民政局", "民政"},
    {"县残疾人联合会", "民政"},
    {"县退役军人事务局", "民政"},
    {"县卫生健康局", "卫健"},
    {"县疾病预防控制中心", "卫健"},
    {"县医疗保障局", "卫健"},
    {"县市场监督管理局", "市场监管"},
    {"县市场监督管理局城关所", "市场监管"},
    {"县司法局", "司法"},
    {"县人民法院", "司法"},
    {"县人民检察院", "司法"},
    {"县公共法律服务中心", "司法"},
    {"县信访局", "信访"},
    {"县人民来访接待中心", "信访"},
    {"县生态环境分局", "生态环境"},
    {"县交通运输局", "交通"},
    {"县公路管理段", "交通"},
    {"县公交公司", "交通"},
    {"县水利局", "水务"},
    {"县排水管理所", "水务"},
    {"县教育局", "教育"},
    {"县供电公司", "供电"},
    {"县燃气有限公司", "燃气"},
    {"县自来水有限公司", "自来水"},
    {"县人力资源和社会保障局", "人社"},
    {"县劳动保障监察大队", "人社"},
    {"县社会保险事业管理中心", "人社"},
    {"县自然资源和规划局", "自然资源"},
    {"县不动产登记中心", "自然资源"},
    {"县农业农村局", "农业农村"},
    {"县林业局", "农业农村"},
    {"县商务局", "商务"},
    {"县文化广电旅游体育局", "文旅"},
    {"县发展和改革局", "发改"},
    {"县粮食和物资储备局", "发改"},
    {"县经济和信息化局", "经信"},
    {"县财政局", "财政"},
    {"县税务局", "税务"},
    {"县审计局", "审计"},
    {"县统计局", "统计"},
    {"县大数据发展管理局", "数据"},
    {"县融媒体中心", "宣传"},
    {"县委宣传部", "宣传"},
    {"县委政法委员会", "政法"},
    {"县委社会工作部", "社会工作"},
    {"县委组织部", "组织"},
    {"县委统战部", "统战"},
    {"县民族宗教事务局", "统战"},
    {"县总工会", "群团"},
    {"共青团县委", "群团"},
    {"县妇女联合会", "群团"},
    {"县红十字会", "群团"},
    {"县科学技术协会", "群团"},
    {"县住房公积金管理中心", "住建"},
    {"县烟草专卖局", "市场监管"},
    {"县金融工作服务中心", "金融"},
    {"中国电信县分公司", "通信"},
    {"中国移动县分公司", "通信"},
    {"中国联通县分公司", "通信"},
    {"县邮政分公司", "邮政"},
}};

/// Stationed units (驻区单位) are a kind of organisation and a serial name.
inline constexpr std::array<std::string_view, 28> stationed_unit_types = {
    "中国工商银行支行", "中国农业银行支行", "中国银行支行",   "中国建设银行支行", "农村商业银行支行",
    "邮政储蓄银行支行", "中国人寿保险营业部", "国家电网供电所", "中国石化加油站", "中心幼儿园",
    "社区卫生服务站",   "人力资源服务站",   "税务分局办税厅", "公证处",           "律师事务所",
    "物业服务有限公司", "建筑工程有限公司", "机关事务服务中心", "老年大学",       "图书馆分馆",
    "文化站",           "体育中心",         "供销社",           "粮油储备库",     "客运站",
    "水文站",           "污水处理厂",       "垃圾中转站"};

/// Special places hosting a special grid: subkind, name, count in the county.
struct SpecialPlaceType {
  std::string_view subkind;
  std::string_view name;
};
inline constexpr std::array<SpecialPlaceType, 28> special_places = {{
    {"enterprise", "精工机械有限公司"},     {"enterprise", "华峰纺织有限公司"},
    {"enterprise", "绿源食品有限公司"},     {"enterprise", "天宇电子科技有限公司"},
    {"enterprise", "恒通物流有限公司"},     {"enterprise", "新锐材料科技有限公司"},
    {"enterprise", "宏达建材有限公司"},     {"enterprise", "康诺医药有限公司"},
    {"enterprise", "金盛汽车零部件有限公司"}, {"enterprise", "远航电器有限公司"},
    {"school", "县第一中学"},               {"school", "县实验中学"},
    {"school", "县第二中学"},               {"school", "城东小学"},
    {"school", "实验小学"},                 {"school", "文昌小学"},
    {"school", "县职业技术学校"},           {"hospital", "县人民医院"},
    {"hospital", "县中医院"},               {"hospital", "县妇幼保健院"},
    {"hospital", "县第二人民医院"},         {"mall", "银泰百货"},
    {"mall", "新天地购物中心"},             {"mall", "华联商厦"},
    {"market", "城东农贸市场"},             {"market", "城西农贸市场"},
    {"market", "小商品批发市场"},           {"market", "建材市场"},
}};

/// Ordinary places (not hosting a special grid) on the ground floor of residential buildings:
/// subkind, name suffix, relative frequency, employees, and an optional size column with its range.
struct OrdinaryPlaceType {
  std::string_view subkind;
  std::string_view suffix;
  int weight;
  int employees_min, employees_max;
  std::string_view size_column;  ///< "" for none
  int size_min, size_max;
};
inline constexpr std::array<OrdinaryPlaceType, 6> ordinary_places = {{
    {"shop", "便利店", 30, 2, 8, "", 0, 0},
    {"restaurant", "餐馆", 22, 3, 20, "", 0, 0},
    {"pharmacy", "大药房", 12, 2, 8, "", 0, 0},
    {"clinic", "诊所", 10, 2, 10, "", 0, 0},
    {"kindergarten", "幼儿园", 8, 10, 40, "students", 60, 300},
    {"hotel", "宾馆", 6, 5, 30, "beds", 20, 120},
}};

/// Common surnames and given-name characters for grid workers.
inline constexpr std::array<std::string_view, 60> surnames = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡",
    "郭", "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹",
    "彭", "曾", "肖", "田", "董", "袁", "潘", "于", "蒋", "蔡", "余", "杜", "叶", "程", "苏",
    "魏", "吕", "丁", "任", "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金"};
inline constexpr std::array<std::string_view, 48> given_chars = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "萍", "红", "建", "文", "辉", "力", "燕",
    "峰", "兰", "琴", "云", "海", "林", "波", "宁", "欣", "慧", "俊", "梅", "斌", "丹", "晨", "佳"};

}  // namespace gridgov::datasets::names
