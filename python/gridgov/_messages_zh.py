"""The Chinese of what gridgov's Python writes, by its English text (gridgov.messages.tr).

Placeholders ({name}, {name:,}; argparse's %(name)s and %s) are kept as they are; a test checks
that every entry has the same ones in both languages. Words as planners use them: 楼栋, 住户,
小区, 社区, 网格, 网格员, 事件, 服务站, 方案 (a proposal beside the county as it is).
"""

ZH = {
    # ---- the command line: errors and progress (gridgov/cli.py) ----
    "gridgov: error: {message}": "gridgov：错误：{message}",
    "gridgov: interrupted": "gridgov：已中断",
    "{type}: {why} (GRIDGOV_DEBUG=1 shows where; please report it)":
        "{type}：{why}（这是程序错误：设置 GRIDGOV_DEBUG=1 可看到出错位置，请报告给开发者）",
    "{step} failed: {why}": "{step}失败：{why}",
    "{step} failed ({why}); its section is left out.": "{step}失败（{why}）；报告中略去这一节。",
    "; nothing written, {paths} left as it was": "；没有写出任何文件，{paths} 保持原样",
    " | … ({count} more)": " | ……（另有 {count} 条）",
    "unknown error": "未知错误",
    "failed": "失败",
    "interrupted": "已中断",
    "Redraw: {caveat}": "重新划分：{caveat}",
    "Redraw: … and {count} more caveats (GridPlan.warnings).": "重新划分：……另有 {count} 条提示（见 GridPlan.warnings）。",
    "incremental rebalancing": "渐进调整",
    "redraw": "重新划分",
    "drawing the {kind} proposal": "生成{kind}方案",
    "applying the {kind}": "应用{kind}",
    "assigning workers to the {kind}": "为{kind}配备网格员",
    "done in {seconds:.1f} s; wrote:": "完成，用时 {seconds:.1f} 秒；已写出：",
    "auditing coverage": "核查网格覆盖",
    "measuring reach": "测算服务可达性",
    "Built-in reference county as it is, seed {seed}; {days} simulated days. "
    "The redraws are proposals shown beside it, not applied.":
        "内置示范县现状，随机种子 {seed}；模拟 {days} 天。重新划分只是与现状并列的方案，并未实施。",
    "building the reference county": "生成示范县",
    "writing the report": "写出报告",
    "{name}: {communities} communities, {residential} residential + {special} special grids, "
    "{households:,} households": "{name}：{communities} 个社区，{residential} 个住宅网格 + {special} 个专属网格，{households:,} 户",
    "drawing grids": "划分网格",
    "applying the new grids": "应用新网格",
    "{count:,} building(s) change grid": "{count:,} 栋楼调整了所属网格",
    "simulating {days} days of events": "模拟 {days} 天的事件",
    "loading the model": "读取模型",
    "evaluating indicators": "计算考核指标",
    "evaluating the event log": "评估事件记录",
    "audit: {count} finding(s)": "核查：发现 {count} 个问题",
    "proposal: {headline}": "方案：{headline}",
    "{title}: {grids} residential grids of {low:,.0f}-{high:,.0f} households, {moved:,} buildings move":
        "{title}：{grids} 个居民网格，每格 {low:,.0f}–{high:,.0f} 户，{moved:,} 栋楼改变网格",
    "saved the model to {path}": "模型已保存到 {path}",
    "{count} finding(s) written to {path}": "{count} 个问题已写入 {path}",
    "{count} finding(s)": "{count} 个问题",
    "to decide: {decision}": "待决定：{decision}",
    "writing {outputs}": "写出{outputs}",
    ", ": "、",
    "the grid of every building": "每栋楼的网格",
    "the redrawn model": "重新划分后的模型",
    "the grid polygons": "网格边界",
    "the grid map": "网格分布图",
    "wrote {what} to {path}": "已将{what}写入 {path}",
    "wrote {path}": "已写出 {path}",
    "writing events.csv and transitions.csv to {folder}": "将 events.csv 和 transitions.csv 写入 {folder}",
    "wrote {path} and transitions.csv": "已写出 {path} 和 transitions.csv",
    "Model: {model}, as it is; the redraws are proposals beside it.": "模型：{model}（现状）；重新划分只是与现状并列的方案。",
    "Model: {model}, as it is.": "模型：{model}（现状）。",
    "No transitions table (--transitions): the event log is shown without indicators.":
        "没有流转记录表（--transitions）：只列出事件，不计算考核指标。",
    "county:{seed}: the seed must be a whole number >= 0": "county:{seed}：随机种子须为不小于 0 的整数",
    "{spec} does not exist: give 'county', a buildings table (.csv, .xlsx, .geojson, .gpkg, .shp) or a saved "
    "model file (.ggm)": "{spec} 不存在：请给出 county（内置示范县）、楼栋表（.csv、.xlsx、.geojson、.gpkg、.shp）"
                         "或保存的模型文件（.ggm）",
    "{spec}: its longitudes and latitudes lie in China, where Baidu, Gaode and GPS coordinates differ by hundreds "
    "of metres: say which map they came from with --crs baidu (BD-09), --crs gaode (GCJ-02, also Tencent) or "
    "--crs gps (WGS-84) / 请用 --crs 指明坐标系":
        "{spec}：经纬度位于中国境内，百度、高德与 GPS 坐标在这里相差数百米：请用 --crs 指明坐标来自哪种地图："
        "--crs baidu（百度，BD-09）、--crs gaode（高德或腾讯，GCJ-02）或 --crs gps（WGS-84）",
    # ---- the command line: help (gridgov/cli.py build_parser) ----
    "Community grid management (社区网格化管理) for planners: grid maps, redrawing grids, coverage, escalation, "
    "and a report to hand over.": "社区网格化管理规划工具：网格分布图、重新划分网格、覆盖核查、事件分级流转，以及可交付的规划报告。",
    "print the version and exit": "显示版本号并退出",
    "'county' or 'county:SEED' (built-in), a buildings .csv, or a saved model file":
        "county 或 county:种子（内置示范县）、楼栋表 .csv，或保存的模型文件",
    "coordinates of a buildings table: wgs84 (also gps), gcj02 (also gaode, GCJ-02: Gaode/Tencent maps), bd09 "
    "(also baidu, BD-09: Baidu maps), local (x, y in metres) or an EPSG code such as EPSG:4490; required for "
    "longitudes/latitudes in China":
        "楼栋表的坐标系：wgs84（即 gps）、gcj02（即 gaode，高德/腾讯地图）、bd09（即 baidu，百度地图）、"
        "local（以米计的 x、y）或 EPSG 编码（如 CGCS2000 的 EPSG:4490）；中国境内的经纬度必须指明",
    "places CSV to add to a buildings CSV (schools, markets, service stations …)":
        "随楼栋表读入的场所表 CSV（学校、市场、服务站……）",
    "workers CSV to add to a buildings CSV": "随楼栋表读入的网格员表 CSV",
    "6- or 12-digit statistical code of the county (buildings CSV)": "区县的 6 位或 12 位统计用区划代码（楼栋表）",
    "planning band of households per grid [default: 300 500]": "每个网格的规划户数区间 [默认：300 500]",
    "number of grids (instead of the band)": "网格个数（代替户数区间）",
    "redraw one community only (its code)": "只重新划分一个社区（社区编码）",
    "facility kind to reach [default: service_station]": "测算可达的设施类型 [默认：service_station 服务站]",
    "radius in metres": "服务半径（米）",
    "straight line or along the road network": "直线距离或沿路网距离",
    "the full planner's report on the built-in county": "内置示范县的完整规划报告",
    "The built-in county as it is (audit, reach, simulated days), with a redraw into the household band and an "
    "incremental rebalancing beside it as proposals -> DIR/report.html, DIR/grids.geojson, "
    "DIR/proposal_grids.geojson and CSV tables.":
        "内置示范县的现状（覆盖核查、可达性、事件模拟），并列两个方案：按户数区间重新划分与渐进调整"
        " -> DIR/report.html、DIR/grids.geojson、DIR/proposal_grids.geojson 及 CSV 表格。",
    "output folder [default: demo-out]": "输出文件夹 [默认：demo-out]",
    "county and simulation seed [default: 0]": "示范县与模拟的随机种子 [默认：0]",
    "simulated days [default: 30]": "模拟天数 [默认：30]",
    "summary of a model or a buildings CSV": "模型或楼栋表的概况",
    "Print the headline counts of a model (and optionally save it).": "显示模型的主要数量（也可保存模型）。",
    "save the model to this file (reload it as MODEL later)": "将模型保存到此文件（以后可作为 MODEL 读入）",
    "coverage audit findings": "网格覆盖核查",
    "Every household, building and place in exactly one grid, every grid staffed …: one row per finding.":
        "每个住户、楼栋、场所恰好属于一个网格，每个网格都有网格员……：每个问题一行。",
    "write the findings to this CSV (or .xlsx)": "将问题写入此 CSV（或 .xlsx）",
    "redraw residential grids from buildings": "按楼栋重新划分住宅网格",
    "Contiguous grids inside communities, households per grid within the band.":
        "网格连片、不跨社区，每个网格的户数在规划区间内。",
    "seed [default: 0]": "随机种子 [默认：0]",
    "save the redrawn model to this file": "将重新划分后的模型保存到此文件",
    "write the new grid of every building to this CSV (or .xlsx)": "将每栋楼的新网格写入此 CSV（或 .xlsx）",
    "write the redrawn grid polygons (WGS-84) to this GeoJSON file": "将重新划分后的网格边界（WGS-84）写入此 GeoJSON 文件",
    "write the redrawn grid map to this PNG file": "将重新划分后的网格分布图写入此 PNG 文件",
    "rebalance today's grids with few moves instead of drawing new ones": "在现有网格上少量调整，而不是重新划分",
    "no progress lines": "不显示进度",
    "walking distance from households to service facilities": "住户到服务设施的步行距离",
    "Share of households within the 300/500/1000 m life circles, by community.":
        "各社区在 300/500/1000 米生活圈内的住户占比。",
    "write per-household distances to this CSV (or .xlsx)": "将每户的距离写入此 CSV（或 .xlsx）",
    "simulate days of events through the escalation tiers": "模拟事件在各级之间的流转",
    "Discrete-event simulation of reported events, handling and escalation.": "上报、处置与逐级上移事件的离散事件模拟。",
    "folder for events.csv and transitions.csv": "写出 events.csv 与 transitions.csv 的文件夹",
    "where one event goes and why": "一件事由谁处置、为什么",
    "The chain of handlers for an event at a place (household, unit, building, place or grid) of a category. "
    "Places and categories by code or by name, in any case: '阳光小区 3号楼' 矛盾纠纷.":
        "某地（住户、单元、楼栋、场所或网格）某类事件的逐级处置链。地点与类别可用编码或名称，不分大小写："
        "'阳光小区 3号楼' 矛盾纠纷。",
    "household, unit, building, place or grid: its code, name or building number, with its compound or "
    "community when the name is not unique, e.g. '阳光小区 3号楼'":
        "住户、单元、楼栋、场所或网格：编码、名称或楼栋号；名称不唯一时在前面加上小区或社区，如 '阳光小区 3号楼'",
    "event category: its code (ZZ01, zz01) or name (矛盾纠纷)": "事件类别：编码（ZZ01、zz01）或名称（矛盾纠纷）",
    "U0..U3 [default: the category's]": "紧急程度 U0..U3 [默认：该类别的默认值]",
    "the planner's report for a model or buildings CSV": "为模型或楼栋表生成规划报告",
    "report.html, grids.geojson and CSV tables for your own data.": "为你自己的数据生成 report.html、grids.geojson 及 CSV 表格。",
    "output folder [default: report-out]": "输出文件夹 [默认：report-out]",
    "add proposals beside the model as it is: a redraw into the household band and an incremental rebalancing "
    "of today's grids": "在现状旁并列方案：按户数区间重新划分，以及在现有网格上渐进调整",
    "an event log CSV to report on (instead of simulating)": "用于报告的事件记录 CSV（代替模拟）",
    "its transitions CSV": "对应的流转记录 CSV",
    "simulate this many days when no log is given [default: 0]": "没有事件记录时模拟的天数 [默认：0]",
    # ---- escalation (gridgov/escalation.py) ----
    "{category} ({urgency}) at {place}: enters {entry}, may close up to {close}":
        "{category}（{urgency}）发生在 {place}：从 {entry} 进入，最高可在 {close} 结案",
    "{name} ({code})": "{name}（{code}）",
    "  {tier} {handler} {name}: {reason}": "  {tier} {handler} {name}：{reason}",
    # ---- warnings ----
    "from_buildings: crs not given, so these longitudes/latitudes in China are taken as WGS-84 (GPS); a table "
    "copied from Baidu or Gaode maps is hundreds of metres off that way: give crs='bd09' (Baidu, BD-09), "
    "crs='gcj02' (Gaode/Tencent, GCJ-02) or crs='wgs84' (GPS) / 未指定坐标系: 按 WGS-84 读取":
        "from_buildings：未指定坐标系（crs），这些位于中国境内的经纬度按 WGS-84（GPS）读取；从百度或高德地图复制的表格"
        "这样会偏差数百米：请给出 crs='bd09'（百度，BD-09）、crs='gcj02'（高德/腾讯，GCJ-02）或 crs='wgs84'（GPS）",
    "no CJK font found: Chinese names will not render. Install one, e.g. `apt-get install fonts-noto-cjk`":
        "没有找到中文字体：图中的中文名称将无法显示。请安装一种，例如 `apt-get install fonts-noto-cjk`",
    # ---- argparse's own words (gridgov.cli swaps its gettext functions while parsing) ----
    "usage: ": "用法：",
    "positional arguments": "位置参数",
    "options": "选项",
    "show this help message and exit": "显示此帮助并退出",
    "%(prog)s: error: %(message)s\n": "%(prog)s：错误：%(message)s\n",
    "the following arguments are required: %s": "缺少必需的参数：%s",
    "unrecognized arguments: %s": "无法识别的参数：%s",
    "invalid choice: %(value)r (choose from %(choices)s)": "无效的选项：%(value)r（可选：%(choices)s）",
    "argument %(argument_name)s: %(message)s": "参数 %(argument_name)s：%(message)s",
    "invalid %(type)s value: %(value)r": "无效的 %(type)s 值：%(value)r",
    "expected one argument": "需要一个值",
    "expected at least one argument": "至少需要一个值",
    "expected at most one argument": "至多一个值",
    "expected %s argument": "需要 %s 个值",
    "expected %s arguments": "需要 %s 个值",
    "ambiguous option: %(option)s could match %(matches)s": "选项不明确：%(option)s 可能是 %(matches)s",
    "one of the arguments %s is required": "需要以下参数之一：%s",
    "not allowed with argument %s": "不能与参数 %s 同时使用",
    "ignored explicit argument %r": "忽略了多余的值 %r",
}
