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
    # ---- errors and warnings raised to planners by the Python API (gridgov/*.py) ----
    # ---- arguments (gridgov/_args.py) ----
    "{name} must be a number, got {value}": "{name} 须为数字，实际为 {value}",
    "{name} must be a finite number, got {value}": "{name} 须为有限的数，实际为 {value}",
    "{name} must be at least {minimum:g}, got {value}": "{name} 至少为 {minimum:g}，实际为 {value}",
    "{name} must be a whole number, got {value}": "{name} 须为整数，实际为 {value}",
    "{name} must be a whole number at least {minimum}, got {value}": "{name} 须为不小于 {minimum} 的整数，实际为 {value}",
    "{name} must be a whole number at most {maximum:,}, got {value}": "{name} 须为不大于 {maximum:,} 的整数，实际为 {value}",
    "{name} must be a whole number from 0 to 2**64 - 1, got {value}": "{name} 须为 0 到 2**64 - 1 之间的整数，实际为 {value}",
    "{name} must be an array of numbers, got {type}": "{name} 须为数值数组，实际为 {type}",
    "{name} must be text, got {type} {value}": "{name} 须为文本，实际为 {type} {value}",
    "{name} must be an array of numbers (one shape, no text)": "{name} 须为数值数组（形状统一，不含文本）",
    "{name} is not valid text (character {start} has no UTF-8 form): {value}": "{name} 不是有效的文本（第 {start} 个字符没有 UTF-8 形式）：{value}",
    "{name} must be a file path, got {type} {value}": "{name} 须为文件路径，实际为 {type} {value}",
    "{name} holds text that has no UTF-8 form (lone surrogates) at row(s) {not_utf8_rows}":
        "{name} 第 {not_utf8_rows} 行的文本没有 UTF-8 形式（孤立的代理字符）",
    # ---- street networks (gridgov/_street.py) ----
    "the street graph has no nodes": "街道路网图中没有节点",
    "street graph node {bad} has a non-finite x or y": "街道路网节点 {bad} 的 x 或 y 不是有限的数",
    "the street graph is in CRS {crs} but the model has no WGS-84 origin (metadata origin_lon/origin_lat) to place it by: build the model with from_buildings from lon/lat, or give the graph x/y in the model's metres and no crs":
        "街道路网图的坐标系为 {crs}，但模型没有 WGS-84 原点（metadata 中的 origin_lon/origin_lat）用来定位：请用 from_buildings 从经纬度建立模型，或给出以模型米制坐标表示的 x/y 且不给 crs",
    "street graph edge ({u}, {v}) has no '{length}' attribute: give every edge its length in metres (OSMnx graphs have it)":
        "街道路网的边 ({u}, {v}) 没有“{length}”属性：请给每条边以米为单位的长度（OSMnx 路网自带）",
    "street graph edge ({u}, {v}) has {length} = {length2}; lengths must be finite and >= 0":
        "街道路网的边 ({u}, {v}) 的 {length} = {length2}；长度须为不小于 0 的有限数",
    "the street graph's crs {crs} needs pyproj to be understood: pip install pyproj, or project the graph to metres":
        "需要 pyproj 才能识别街道路网图的坐标系 {crs}：请 pip install pyproj，或把路网投影到米制坐标",
    "the street graph's crs {crs} is not a coordinate system pyproj knows ({exc})": "街道路网图的坐标系 {crs} 不是 pyproj 认识的坐标系（{exc}）",
    "street graph edge ({u}, {v}) has {length} = {length2}, not a number": "街道路网的边 ({u}, {v}) 的 {length} = {length2}，不是数字",
    "street graph node {v} has no numeric x and y attributes, so points cannot be placed on the graph: give every node x, y (OSMnx graphs have them) or name the nodes":
        "街道路网节点 {v} 没有数值型的 x、y 属性，无法把点放到路网上：请给每个节点 x、y（OSMnx 路网自带），或直接给出节点名",
    "{what}[{k}] = {v} is not a node of the street graph": "{what}[{k}] = {v} 不是街道路网图中的节点",
    # ---- partition and assign (gridgov/balance.py) ----
    "graph: expected a scipy.sparse adjacency matrix or an (m, 2) edge array, got shape {shape}":
        "graph：应为 scipy.sparse 邻接矩阵或 (m, 2) 的边数组，实际形状为 {shape}",
    "graph: edge array names node {min}; node ids start at 0": "graph：边数组中有节点 {min}；节点编号从 0 开始",
    "graph: a directed networkx graph; parts are cut from undirected adjacency, so pass graph.to_undirected()":
        "graph：这是有向的 networkx 图；分区按无向相邻关系划分，请传入 graph.to_undirected()",
    "{what}: node {v} has {column}, not a whole number": "{what}：节点 {v} 的值为 {column}，不是整数",
    "weights: expected shape ({n},) or ({n}, d), got {shape}": "weights：形状应为 ({n},) 或 ({n}, d)，实际为 {shape}",
    "{name}: expected one entry per node ({n},), got shape {shape}": "{name}：应每个节点一项 ({n},)，实际形状为 {shape}",
    "{name}: expected a number or one number per region, got shape {shape}": "{name}：应为一个数或每个区域一个数，实际形状为 {shape}",
    "k must be at least 1, got {k}": "k 至少为 1，实际为 {k}",
    "tol must lie in [0, 1), got {tol}": "tol 须在 [0, 1) 之内，实际为 {tol}",
    "regions: node {argmin} has negative region {min}": "regions：节点 {argmin} 的区域编号 {min} 为负数",
    "fixed: node {bad} is pinned to part {fix}, outside [0, {ktot}) (-1 = free)": "fixed：节点 {bad} 被固定到分区 {fix}，不在 [0, {ktot}) 之内（-1 表示不固定）",
    "initial: node {bad} is in part {ini}, outside [0, {ktot})": "initial：节点 {bad} 在分区 {ini}，不在 [0, {ktot}) 之内",
    "cost: expected a (workers, grids) array, got shape {shape}": "cost：应为 (网格员, 网格) 数组，实际形状为 {shape}",
    "{name}: expected one whole number per grid ({grids}, the columns of cost), got shape {shape}":
        "{name}：应每个网格一个整数（{grids} 个，即 cost 的列数），实际形状为 {shape}",
    "{name}: grid {g} has {value}, not a whole number": "{name}：网格 {g} 的值为 {value}，不是整数",
    "graph: adjacency matrix must be square, got shape {shape}": "graph：邻接矩阵须为方阵，实际形状为 {shape}",
    "graph: edge array must hold whole node ids": "graph：边数组须由整数节点编号组成",
    "graph: node {u} has a self loop; remove it (networkx.selfloop_edges lists them)": "graph：节点 {u} 有自环；请去掉（networkx.selfloop_edges 可列出）",
    "{what}: node values must be whole numbers or names of one type": "{what}：节点值须为整数，或同一类型的名称",
    "{name}: node {v} has {a}; entries must be whole numbers": "{name}：节点 {v} 的值为 {a}；各项须为整数",
    "{name}: node {v} has {a}, out of range for a part or region number": "{name}：节点 {v} 的值为 {a}，超出分区或区域编号的范围",
    "bounds: expected (lo, hi)": "bounds：应为 (下界, 上界)",
    "partition: the plan breaks its constraints: {shown}{more}": "partition：方案违反了约束：{shown}{more}",
    " (and {count} more)": "（另有 {count} 处）",
    "k: must be a whole number in [1, {n}] (at most one part per node), got {k}": "k：须为 [1, {n}] 之内的整数（每个节点至多一个分区），实际为 {k}",
    "{name}: entries must be whole numbers, got dtype {dtype}": "{name}：各项须为整数，实际 dtype 为 {dtype}",
    # ---- buildings (gridgov/buildings.py) ----
    "x and y must be 1-d arrays of one length (got {shape} and {shape2})": "x 和 y 须为长度相同的一维数组（实际为 {shape} 和 {shape2}）",
    "origin={origin}: give (lon, lat) in WGS-84 degrees": "origin={origin}：请给出 WGS-84 的 (经度, 纬度)，单位为度",
    "groups must give one label per point": "groups 须每个点一个标签",
    "progress={progress}: give True, False, None or a function of (step, done)": "progress={progress}：请给出 True、False、None，或参数为 (step, done) 的函数",
    "max_edge={max_edge}: give a length in metres >= 0": "max_edge={max_edge}：请给出不小于 0 的长度（米）",
    "split_spacing={split_spacing}: give a spacing in metres > 0": "split_spacing={split_spacing}：请给出大于 0 的间距（米）",
    # ---- coverage (gridgov/coverage.py) ----
    "{what} must be an (n, 2) array of x, y coordinates, got shape {shape}": "{what} 须为 (n, 2) 的 x、y 坐标数组，实际形状为 {shape}",
    "{what} must be a 1-D array of network node indices": "{what} 须为路网节点序号的一维数组",
    "{what} must hold integer node indices, got dtype {dtype}": "{what} 须由整数节点序号组成，实际 dtype 为 {dtype}",
    "{what}[{bad}] = {a} is not a network node index": "{what}[{bad}] = {a} 不是路网节点序号",
    "network graph must be a networkx graph or a scipy.sparse square matrix of arc lengths (metres)": "路网须为 networkx 图，或以弧长（米）为元素的 scipy.sparse 方阵",
    "network graph must be square (nodes x nodes), got shape {shape}": "路网矩阵须为方阵（节点 x 节点），实际形状为 {shape}",
    "cost must be a 2-D demand x site array, got {ndim} dimension(s)": "cost 须为 需求点 x 候选点 的二维数组，实际为 {ndim} 维",
    "fixed must be a 1-D list of integer site indices": "fixed 须为候选点整数序号的一维列表",
    "weights: {size} weights for {shape} demands (give one per demand, 1-D)": "weights：{shape} 个需求点却有 {size} 个权重（请每个需求点给一个，一维）",
    "expected a gridgov.Model, got {type}": "应为 gridgov.Model，实际为 {type}",
    "circles must map names to radii, got {type}": "circles 须为 名称 -> 半径 的映射，实际为 {type}",
    "with a networkx graph as network, give demand_xy and site_xy (they are placed at the graph's nearest nodes) or pass (graph, demand_nodes, site_nodes)":
        "network 为 networkx 图时，请给出 demand_xy 和 site_xy（它们会放到图上最近的节点），或传入 (graph, demand_nodes, site_nodes)",
    "cost matrix is empty ({shape} demands x {shape2} sites)": "成本矩阵为空（{shape} 个需求点 x {shape2} 个候选点）",
    "cost must be a numeric 2-D array or a scipy.sparse matrix": "cost 须为数值型二维数组或 scipy.sparse 矩阵",
    "{what} must be a (lowest, highest) pair of household counts, got {pair}": "{what} 须为 (最少, 最多) 户数对，实际为 {pair}",
    "{what} must be a non-empty name, got {value}": "{what} 须为非空的名称，实际为 {value}",
    "a street network is walked with metric='network', got metric={metric}": "街道路网须用 metric='network' 测算，实际为 metric={metric}",
    "network must be a networkx graph (e.g. an OSMnx street graph)": "network 须为 networkx 图（如 OSMnx 街道路网）",
    "network needs the keys graph, demand_nodes, site_nodes (missing {e})": "network 需要 graph、demand_nodes、site_nodes 三个键（缺少 {e}）",
    "network must be a networkx graph, (graph, demand_nodes, site_nodes) or a dict with those keys": "network 须为 networkx 图、(graph, demand_nodes, site_nodes)，或含这些键的字典",
    "{what} has {points} rows but the network names {nodes} nodes for it": "{what} 有 {points} 行，但路网为它给出了 {nodes} 个节点",
    # ---- datasets, geo ----
    "communities must be an integer, not {type}": "communities 须为整数，不能是 {type}",
    "{what}: coordinates must be numbers ({exc})": "{what}：坐标须为数字（{exc}）",
    "{what}: the two coordinate arrays have shapes {shape} and {shape2}; pass arrays of the same length": "{what}：两个坐标数组的形状为 {shape} 和 {shape2}；请传入长度相同的数组",
    "origin ({origin_lon}, {origin_lat}) must be two numbers (degrees)": "原点 ({origin_lon}, {origin_lat}) 须为两个数（度）",
    "geodesic_distance: coordinates must be numbers of broadcastable shapes ({exc})": "geodesic_distance：坐标须为形状可广播的数字（{exc}）",
    # ---- grids (gridgov/grids.py) ----
    "weights: give a mapping or a non-empty list of mappings": "weights：请给出一个映射，或非空的映射列表",
    "draw_grids: model must be a gridgov.Model": "draw_grids：model 须为 gridgov.Model",
    "assign_workers: model must be a gridgov.Model": "assign_workers：model 须为 gridgov.Model",
    "draw_grids: {rest} more communities have caveats like those above ({warnings} of {quality} in all); each is in GridPlan.warnings and GridPlan.quality['finding']":
        "draw_grids：另有 {rest} 个社区有类似上面的提示（{quality} 个社区中共 {warnings} 个）；每一条都在 GridPlan.warnings 和 GridPlan.quality['finding'] 中",
    "draw_grids: community must be a community code or a list of them, got {community}": "draw_grids：community 须为社区编码或社区编码列表，实际为 {community}",
    "draw_grids: k names community {extra}, which is not being redrawn": "draw_grids：k 中的社区 {extra} 不在重新划分的范围内",
    "draw_grids: households must be a (low, high) pair, got {households}": "draw_grids：households 须为 (下限, 上限)，实际为 {households}",
    "draw_grids: fixed must be 'current' or a mapping building -> grid, got {fixed}": "draw_grids：fixed 须为 'current' 或 楼栋 -> 网格 的映射，实际为 {fixed}",
    "draw_grids: fixed must be 'current' or a mapping building code -> grid code": "draw_grids：fixed 须为 'current' 或 楼栋编码 -> 网格编码 的映射",
    # ---- the model (gridgov/model.py) ----
    "column {column} holds text that is not valid Unicode (lone surrogates) in row(s) {not_utf8_rows}; decode the file with its real encoding":
        "列 {column} 第 {not_utf8_rows} 行的文本不是有效的 Unicode（孤立的代理字符）；请用文件真正的编码解码",
    "attribute column {name}: {value} in row {first} does not fit a 64-bit integer (rows {first2}); integers lie in [-2^63, 2^63 - 1]":
        "属性列 {name}：第 {first} 行的 {value} 超出 64 位整数范围（行 {first2}）；整数须在 [-2^63, 2^63 - 1] 之内",
    "workload weights must be a mapping attribute -> weight, got {type}": "工作量权重须为 属性 -> 权重 的映射，实际为 {type}",
    "column {column} is empty in row(s) {rows}; every node needs one": "列 {column} 第 {rows} 行为空；每个节点都需要这一项",
    "column {column} holds {iloc} in row {bad}, not a number of metres (rows {tolist})": "列 {column} 第 {bad} 行为 {iloc}，不是以米为单位的数（行 {tolist}）",
    "links table lacks column(s) {missing}; it needs source, target, link (and weight)": "链接表缺少列 {missing}；需要 source、target、link（以及 weight）",
    "unknown kind {kind}: use one of {kinds}": "未知类型 {kind}：请用 {kinds} 之一",
    "nodes must be a pandas DataFrame": "nodes 须为 pandas DataFrame",
    "nodes table lacks column(s) {missing}; it needs code, parent, kind, name": "节点表缺少列 {missing}；需要 code、parent、kind、name",
    "unknown kind(s) {values} in row(s) {rows}; use one of {kinds}": "第 {rows} 行有未知类型 {values}；请用 {kinds} 之一",
    "Model.from_bytes needs bytes, got {type}": "Model.from_bytes 需要 bytes，实际为 {type}",
    "unknown code {code}: no node of the model has it": "未知编码 {code}：模型中没有使用这个编码的节点",
    "{sum} unknown code(s), e.g. {bad}": "{sum} 个未知编码，例如 {bad}",
    "{name} must be a 1-D array of node ids, got shape {shape}": "{name} 须为节点 id 的一维数组，实际形状为 {shape}",
    "{name} must hold whole node ids, got dtype {dtype}": "{name} 须由整数节点 id 组成，实际 dtype 为 {dtype}",
    "{name}: node id {a} at position {bad} is outside [0, {size})": "{name}：第 {bad} 个位置的节点 id {a} 不在 [0, {size}) 之内",
    "node ids must lie in [0, {size})": "节点 id 须在 [0, {size}) 之内",
    "weights must map attribute names to numbers (or be a list of such maps), got {weights}": "weights 须为 属性名 -> 数值 的映射（或这种映射的列表），实际为 {weights}",
    "metadata entry {key}: {value}: keys and values must be text": "metadata 项 {key}: {value}：键和值都须为文本",
    "workload weight {key} must be a number, got {value}": "工作量权重 {key} 须为数字，实际为 {value}",
    "node id {v} is outside [0, {size})": "节点 id {v} 不在 [0, {size}) 之内",
    "{name} must be a 1-D array of node ids": "{name} 须为节点 id 的一维数组",
    # ---- plots, polygons, report, tables ----
    "escalation_funnel needs a simulation result, its kpis dict, or an events table with closed_tier": "escalation_funnel 需要模拟结果、其 kpis 字典，或含 closed_tier 的事件表",
    "out_of_reach table needs a boolean column 'within' (or 'reached')": "out_of_reach 表需要布尔列 'within'（或 'reached'）",
    "the model has no buildings to map": "模型中没有可绘制的楼栋",
    "no building has coordinates: the map needs x, y (from_buildings sets them)": "没有楼栋有坐标：地图需要 x、y（from_buildings 会设置）",
    "what={what}: use 'households' or 'workload'": "what={what}：请用 'households' 或 'workload'",
    "band={band}: give (low, high) with 0 <= low <= high": "band={band}：请给出满足 0 <= low <= high 的 (low, high)",
    "reach must be a non-empty DataFrame: one row per community, one column per circle": "reach 须为非空的 DataFrame：每个社区一行，每个服务圈一列",
    "reach shares must lie between 0 and 1": "reach 中的比例须在 0 到 1 之间",
    "worker_utilisation needs a table with a 'utilisation' column per worker": "worker_utilisation 需要每名网格员一行、含 'utilisation' 列的表",
    "out_of_reach mask must have one entry per building or per household": "out_of_reach 掩码须每栋楼或每户一项",
    "within={within}: no located building lies in it": "within={within}：其中没有带坐标的楼栋",
    "no building is in a grid: nothing to chart": "没有楼栋属于任何网格：无可绘制的内容",
    "no building has coordinates; grid polygons need x, y": "没有楼栋有坐标；网格边界需要 x、y",
    "grid polygons need shapely (pip install shapely)": "网格边界需要 shapely（pip install shapely）",
    "could not build grid polygons: a building fell outside the Voronoi diagram": "无法生成网格边界：有楼栋落在 Voronoi 图之外",
    "reach: expected a table with a 'distance' column per household (Model.reach)": "reach：应为每户一行、含 'distance' 列的表（Model.reach）",
    "the model has no WGS-84 origin (metadata origin_lon/origin_lat), so its map cannot be placed on the Earth; build it with from_buildings from lon/lat, or pass origin=":
        "模型没有 WGS-84 原点（metadata 中的 origin_lon/origin_lat），地图无法定位到地球上；请用 from_buildings 从经纬度建立模型，或传入 origin=",
    "labels has shape {shape}; give one grid label per building ({n})": "labels 的形状为 {shape}；请每栋楼给一个网格标签（共 {n} 栋）",
    # ---- readers and files (gridgov/readers.py, gridgov/files.py) ----
    "the file mixes text encodings: row(s) {row_ranges} are UTF-8 and row(s) {row_ranges2} are not (GBK?); read as one encoding, one part would become garbled names. Save the whole table from one spreadsheet as 'CSV UTF-8'":
        "文件混用了多种文本编码：第 {row_ranges} 行是 UTF-8，第 {row_ranges2} 行不是（GBK？）；按一种编码读入，总有一部分名称会变成乱码。请从同一个电子表格把整张表另存为“CSV UTF-8”",
    "{name}: the file is empty; it needs a header row and at least one record": "{name}：文件为空；需要一行表头和至少一条记录",
    "{name}: cannot decode as {used}: {exc}": "{name}：无法按 {used} 解码：{exc}",
    "{name}: not a readable CSV table: {exc}": "{name}：不是可读的 CSV 表：{exc}",
    "crs={crs}: {error}": "crs={crs}：{error}",
    "source={source}: give a file's path, its bytes or an open binary file": "source={source}：请给出文件路径、文件内容（bytes）或以二进制方式打开的文件",
    "the file is neither UTF-8 nor GBK/GB18030 text (bad byte at offset {start}); save it from the spreadsheet as 'CSV UTF-8'":
        "文件既不是 UTF-8 也不是 GBK/GB18030 文本（第 {start} 字节有误）；请从电子表格另存为“CSV UTF-8”",
    "cannot read {name}: {value}": "无法读取 {name}：{value}",
    "{where}: the sheet is empty; it needs a header row and at least one record": "{where}：工作表为空；需要一行表头和至少一条记录",
    "{name}: {sum} feature(s) without a geometry (rows {rows})": "{name}：有 {sum} 个要素没有几何图形（行 {rows}）",
    "{fspath}: the old Excel format (.xls) is not read; save the sheet as .xlsx (Excel 2007 and later) or as CSV": "{fspath}：不支持旧的 Excel 格式（.xls）；请另存为 .xlsx（Excel 2007 及以后）或 CSV",
    "{value}: crs=EPSG:{code} ({name}) needs the columns {names}/{names2} ({names3}; {names4})": "{value}：crs=EPSG:{code}（{name}）需要列 {names}/{names2}（{names3}；{names4}）",
    "gdf: expected a geopandas GeoDataFrame of buildings, got {type}": "gdf：应为楼栋的 geopandas GeoDataFrame，实际为 {type}",
    "gdf: the GeoDataFrame has no buildings": "gdf：GeoDataFrame 中没有楼栋",
    "reading {what} needs {module}: pip install \"gridgov[{extra}]\"": "读取{what}需要 {module}：pip install \"gridgov[{extra}]\"",
    "cannot read {name}: no such file": "无法读取 {name}：文件不存在",
    "{name}: not a readable Excel workbook (.xlsx): {exc}": "{name}：不是可读的 Excel 工作簿（.xlsx）：{exc}",
    "{name}: not a readable GIS layer: {exc}": "{name}：不是可读的 GIS 图层：{exc}",
    "crs=EPSG:{code}: no such EPSG coordinate system": "crs=EPSG:{code}：没有这个 EPSG 坐标系",
    "{name}: no sheet {sheet}; the workbook has {sheetnames}": "{name}：没有工作表 {sheet}；工作簿中有 {sheetnames}",
    # ---- escalation (gridgov/escalation.py) ----
    "escalation policy field '{path}': {type} is not a JSON value": "上报政策字段“{path}”：{type} 不是 JSON 值",
    "unknown urgency {u}: use U0 (routine), U1 (priority), U2 (urgent) or U3 (major)": "未知的紧急程度 {u}：请用 U0（一般）、U1（较急）、U2（紧急）或 U3（重大）",
    "{what} needs a file path (got {type})": "{what} 需要文件路径（实际为 {type}）",
    "escalation policy field '{path}': must be a finite number (got {value})": "上报政策字段“{path}”：须为有限的数（实际为 {value}）",
    "policy must be a gridgov.EscalationPolicy (or None for the default)": "policy 须为 gridgov.EscalationPolicy（或 None 表示默认政策）",
    "model must be a gridgov.Model": "model 须为 gridgov.Model",
    "{what}s must be one code or id per event (a flat list), got an array of shape {shape}": "{what} 须每条事件一个编码或 id（一维列表），实际为形状 {shape} 的数组",
    "event {flatnonzero}: category is missing": "第 {flatnonzero} 条事件：缺少事件类别",
    "place must be a code (text) or a dense id (a whole number), got {type} {place}": "place 须为编码（文本）或连续 id（整数），实际为 {type} {place}",
    "{what}: row {flatnonzero} has no time": "{what}：第 {flatnonzero} 行没有时间",
    "{what} must be a pandas DataFrame": "{what} 须为 pandas DataFrame",
    "{what} lacks column(s) {missing}; required: {columns}": "{what} 缺少列 {missing}；必需的列：{columns}",
    "transitions row {i}: tier {arr} is not L0-L5": "transitions 第 {i} 行：层级 {arr} 不是 L0-L5",
    "transitions row {flatnonzero}: {column} is missing": "transitions 第 {flatnonzero} 行：缺少 {column}",
    "events row {i}: source {iloc} is not one of {sources}": "events 第 {i} 行：来源 {iloc} 不是 {sources} 之一",
    "events row {i}: satisfied {iloc} must be True, False or missing (not asked)": "events 第 {i} 行：satisfied {iloc} 须为 True、False 或留空（未回访）",
    "evaluate: period {period} is not supported: use None or 'M' (calendar months)": "evaluate：不支持 period {period}：请用 None 或 'M'（自然月）",
    "events row {flatnonzero}: event_id {ids} appears twice": "events 第 {flatnonzero} 行：event_id {ids} 出现了两次",
    "transitions row {i}: event_id {iloc} is not in the events table": "transitions 第 {i} 行：event_id {iloc} 不在事件表中",
    "{name} is missing (NaT); give a date": "缺少 {name}（NaT）；请给出日期",
    "staffing must be a mapping of grid codes to {'fulltime': n, 'parttime': m}, got {type}": "staffing 须为 网格编码 -> {'fulltime': n, 'parttime': m} 的映射，实际为 {type}",
    "EscalationPolicy.from_dict needs a mapping (the JSON object)": "EscalationPolicy.from_dict 需要一个映射（JSON 对象）",
    "EscalationPolicy.from_json needs JSON text (str)": "EscalationPolicy.from_json 需要 JSON 文本（str）",
    "transitions row {flatnonzero}: tier is missing": "transitions 第 {flatnonzero} 行：缺少层级",
    "transitions row {hits}: {column} {name} is not a lifecycle state ({states})": "transitions 第 {hits} 行：{column} {name} 不是事件生命周期中的状态（{states}）",
    "events: {e}": "events：{e}",
    "events row {i}: place {iloc} is not a household, unit, building, place or grid": "events 第 {i} 行：地点 {iloc} 不是住户、单元、楼栋、场所或网格",
    "{name} {value} is not a date": "{name} {value} 不是日期",
    "simulate: unknown parameter {key} (known: {simulation_parameters})": "simulate：未知参数 {key}（可用的有：{simulation_parameters}）",
    "unknown event category {code}: the policy knows {codes} ...": "未知的事件类别 {code}：政策中有 {codes} ……",
    "event {row}: unknown urgency {u}: use U0-U3 or None for the category default": "第 {row} 条事件：未知的紧急程度 {u}：请用 U0-U3，或 None 表示该类别的默认值",
    "{what}: not datetimes ({e})": "{what}：不是日期时间（{e}）",
    "staffing: {code} is not a grid code of the model": "staffing：{code} 不是模型中的网格编码",
    "staffing[{code}] must be a mapping like {'fulltime': 1, 'parttime': 10}": "staffing[{code}] 须为形如 {'fulltime': 1, 'parttime': 10} 的映射",
    "transitions row {flatnonzero}: tier {v} is not L0-L5": "transitions 第 {flatnonzero} 行：层级 {v} 不是 L0-L5",
    "staffing[{code}]: unknown key {key} (use 'fulltime' and 'parttime')": "staffing[{code}]：未知的键 {key}（请用 'fulltime' 和 'parttime'）",
    "event {row}: {error}": "第 {row} 条事件：{error}",
    # ---- scenario sweeps (gridgov/distributed.py) ----
    "scenarios[{scenario}]['policy'] must be a gridgov.EscalationPolicy, its dict, or a JSON file's path; got {type}":
        "scenarios[{scenario}]['policy'] 须为 gridgov.EscalationPolicy、其字典或 JSON 文件路径；实际为 {type}",
    "models is empty: give at least one model file or gridgov.Model": "models 为空：请至少给出一个模型文件或 gridgov.Model",
    "models: {twice} is given twice; name the models with a mapping name -> model": "models：{twice} 给了两次；请用 名称 -> 模型 的映射为模型命名",
    "models: a model's name must be non-empty text, got {key}": "models：模型名称须为非空文本，实际为 {key}",
    "workers is the size of the LocalCluster that client=None starts; with a client, the cluster is already sized":
        "workers 是 client=None 时启动的 LocalCluster 的规模；给出 client 时，集群规模已经确定",
    "scenarios must be a non-empty mapping name -> simulate arguments, e.g. {'today': {}, 'more staff': {'staffing': {...}}}":
        "scenarios 须为非空的 名称 -> simulate 参数 映射，例如 {'today': {}, 'more staff': {'staffing': {...}}}",
    "seeds must be a list of seeds or a number of them, got {seeds}": "seeds 须为随机种子列表或种子个数，实际为 {seeds}",
    "seeds is empty": "seeds 为空",
    "seeds: a seed is given twice (its runs would be the same)": "seeds：有随机种子给了两次（两次运行会完全相同）",
    "summarise needs a sweep's table (SweepResult.table)": "summarise 需要批量运行的结果表（SweepResult.table）",
    "confidence must be between 0 and 1, got {confidence}": "confidence 须在 0 到 1 之间，实际为 {confidence}",
    "draw: out must be a folder's path or URL, got {out}": "draw：out 须为文件夹路径或 URL，实际为 {out}",
    "draw: draw_grids takes no argument {unknown} (it takes {known})": "draw：draw_grids 没有参数 {unknown}（可用的有 {known}）",
    "draw: two models would be written to {twice}; name them with a mapping name -> model": "draw：会有两个模型写入 {twice}；请用 名称 -> 模型 的映射为它们命名",
    "gridgov.distributed needs Dask: pip install \"gridgov[dask]\" (or client=\"serial\")": "gridgov.distributed 需要 Dask：pip install \"gridgov[dask]\"（或 client=\"serial\"）",
    "scenarios: a scenario's name must be non-empty text, got {name}": "scenarios：情景名称须为非空文本，实际为 {name}",
    "scenarios[{name}] must be a mapping of simulate arguments, got {type}": "scenarios[{name}] 须为 simulate 参数的映射，实际为 {type}",
    "scenarios[{name}]: unknown argument {unknown}{hint}; known: {scenario_keys} and the simulation parameters": "scenarios[{name}]：未知参数 {unknown}{hint}；可用的有：{scenario_keys} 以及各模拟参数",
    "models must be model files, gridgov.Model objects, or a mapping name -> either; got {type}": "models 须为模型文件、gridgov.Model 对象，或 名称 -> 二者之一 的映射；实际为 {type}",
    "models[{position}] is a {type}: give a model file's path or URL, or a gridgov.Model": "models[{position}] 是 {type}：请给出模型文件的路径或 URL，或 gridgov.Model",
    "models[{position}]: a path must be text, got {text}": "models[{position}]：路径须为文本，实际为 {text}",
    "client must be None (a LocalCluster on this machine), a Dask scheduler address, a distributed.Client or cluster, or 'serial'; got {type}":
        "client 须为 None（本机的 LocalCluster）、Dask 调度器地址、distributed.Client 或集群，或 'serial'；实际为 {type}",
    "scenarios[{name}]['parameters'] must be a mapping of simulation parameters": "scenarios[{name}]['parameters'] 须为模拟参数的映射",
    "scenarios[{name}]['parameters']: unknown simulation parameter {bad}": "scenarios[{name}]['parameters']：未知的模拟参数 {bad}",
    "scenarios[{name}]['staffing'] must map grid codes to {'fulltime': n, 'parttime': m}, or be a function of the model returning that":
        "scenarios[{name}]['staffing'] 须为 网格编码 -> {'fulltime': n, 'parttime': m} 的映射，或以模型为参数、返回这种映射的函数",
    "language={language}: use 'zh' (Chinese) or 'en' (English), or None for the environment's (GRIDGOV_LANG, else the locale)":
        "language={language}：请用 'zh'（中文）或 'en'（英文），或 None 表示按环境设置（GRIDGOV_LANG，否则按区域设置）",
}
