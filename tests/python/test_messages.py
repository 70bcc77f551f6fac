"""Messages in Chinese when the locale is Chinese or GRIDGOV_LANG=zh, English otherwise (issue 16
§3): both catalogues complete, the command line's help, progress and errors, and the C++ core's
messages following gg.set_language."""

import ast
import os
import re
import subprocess
import sys

import pytest

import gridgov as gg
from gridgov import messages
from gridgov._messages_zh import ZH

CLI = os.path.join(os.path.dirname(gg.__file__), "cli.py")
_BRACES = re.compile(r"\{(\w+)(?::[^{}]*)?\}")
_PERCENT = re.compile(r"%\((\w+)\)[sr]|%[sr]")


def _placeholders(text):
    return sorted(_BRACES.findall(text)), sorted(_PERCENT.findall(text))


@pytest.fixture
def chinese():
    gg.set_language("zh")
    yield
    gg.set_language("en")


def run(*args, **env):
    """The CLI in a fresh interpreter with the environment given (and no GRIDGOV_LANG unless given)."""
    environment = {k: v for k, v in os.environ.items() if k not in ("GRIDGOV_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    package_parent = os.path.dirname(os.path.dirname(os.path.abspath(gg.__file__)))
    environment["PYTHONPATH"] = os.pathsep.join([package_parent, os.environ.get("PYTHONPATH", "")])
    environment.update(env)
    return subprocess.run([sys.executable, "-m", "gridgov.cli", *args], capture_output=True, text=True,
                          env=environment, timeout=300)


def test_every_chinese_text_keeps_the_placeholders():
    for english, chinese in ZH.items():
        assert chinese and _placeholders(english) == _placeholders(chinese), english
    for message_id, english, chinese in gg._core.messages.catalogue():
        assert chinese and _placeholders(english)[0] == _placeholders(chinese)[0], message_id


def test_every_text_the_package_passes_to_tr_has_its_chinese():
    """The command line and every module's errors and warnings (issue 16 §3): a text given to
    tr() without its Chinese would stay English under gg.set_language('zh')."""
    said = []
    package = os.path.dirname(CLI)
    for source in sorted(os.path.join(package, f) for f in os.listdir(package) if f.endswith(".py")):
        tree = ast.parse(open(source, encoding="utf-8").read())
        said += [node.args[0].value for node in ast.walk(tree)
                 if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "tr"
                 and node.args and isinstance(node.args[0], ast.Constant)]
    assert len(said) > 280
    missing = [text for text in said if text not in ZH]
    assert not missing, missing


def test_the_language_follows_gridgov_lang_then_the_locale():
    assert run("--help").stdout.startswith("usage: gridgov")
    assert run("--help", LANG="zh_CN.UTF-8").stdout.startswith("用法：gridgov")
    assert run("--help", LC_ALL="zh_CN.UTF-8", LANG="en_US.UTF-8").stdout.startswith("用法：gridgov")
    assert run("--help", GRIDGOV_LANG="zh").stdout.startswith("用法：gridgov")
    assert run("--help", GRIDGOV_LANG="en", LANG="zh_CN.UTF-8").stdout.startswith("usage: gridgov")


def test_the_command_line_in_chinese(tmp_path):
    result = run("route", "--help", GRIDGOV_LANG="zh")
    assert "用法：gridgov route" in result.stdout and "事件类别：编码（ZZ01、zz01）或名称（矛盾纠纷）" in result.stdout
    assert "显示此帮助并退出" in result.stdout
    result = run("route", "county", GRIDGOV_LANG="zh")
    assert result.returncode == 2 and "gridgov route：错误：缺少必需的参数：place, category" in result.stderr
    result = run("route", "county", "1号楼", "矛盾纠纷", GRIDGOV_LANG="zh")
    assert result.returncode == 1
    assert result.stderr.strip() == result.stderr.strip().splitlines()[0]  # one line
    assert result.stderr.startswith("gridgov：错误：未知地点“1号楼”：") and "有 268 个名称以它结尾" in result.stderr
    result = run("simulate", "county", "--days", "1", "--out", str(tmp_path / "sim"), GRIDGOV_LANG="zh")
    assert result.returncode == 0, result.stderr
    assert "[1/2] 模拟 1 天的事件 …" in result.stderr and "将 events.csv 和 transitions.csv 写入" in result.stderr
    assert "已写出" in result.stdout
    table = tmp_path / "楼栋.csv"
    table.write_text("building,community,households,lon,lat\nB1,C,3,120.1,30.2\nB1,C,5,120.1,30.2\n", encoding="utf-8")
    result = run("info", str(table), "--crs", "wgs84", GRIDGOV_LANG="zh")
    assert result.returncode == 1 and result.stderr.startswith(
        "gridgov：错误：buildings：2 行中有 2 个问题，请改正后重新读入：第 2 行，“building”列的“B1”：building重复")
    assert "：:" not in result.stderr
    result = run("simulate", "county", "--days", "40000", "--out", str(tmp_path / "sim2"), GRIDGOV_LANG="zh")
    assert result.returncode == 1 and "simulate：days 须在 1 到 36500 之间（实际为 40000）" in result.stderr


def test_core_messages_follow_set_language(chinese):
    county = gg.datasets.seed_county(0)
    assert gg.language() == "zh" and gg._core.messages.language() == "zh"
    with pytest.raises(gg.InputError, match="“北门社区”是北门社区（社区 339901001001），不是事件发生的地点"):
        gg.route(county, "北门社区", "ZZ01")
    with pytest.raises(gg.InputError, match="事件类别“市容环境”对应 2 个类别：BJ0399 部件·市容环境、SJ0199 事件·市容环境"):
        gg.route(county, "香樟公馆1幢", "市容环境")
    assert messages.tr("wrote {path}", path="a.csv") == "已写出 a.csv"
    assert messages.core_text("kind.household") == "住户"
    gg.set_language("en")
    assert messages.tr("wrote {path}", path="a.csv") == "wrote a.csv"
    with pytest.raises(gg.InputError, match="is 北门社区 .community 339901001001., not a place of events"):
        gg.route(county, "北门社区", "ZZ01")


def test_language_names():
    try:
        assert gg.set_language("zh_CN.UTF-8") == "zh" and gg.set_language("中文") == "zh"
        assert gg.set_language("en_GB") == "en" and gg.set_language(None) == "en"  # conftest: GRIDGOV_LANG=en
    finally:
        gg.set_language("en")


def test_a_route_in_chinese(chinese):
    county = gg.datasets.seed_county(0)
    text = str(county.route("香樟公馆1号楼 1单元 101", "矛盾纠纷")).splitlines()
    # The household's grid as the county draws it (its code and name, not a fixed string).
    household = county.ids(["33990100100100001010101"])[0]
    grid = county.codes(county.ancestor_of_kind([household], "grid"))[0]
    grid_line = f"  L0 {grid} {county.name(grid)}"
    assert text[0] == "ZZ01 矛盾纠纷（U0）发生在 香樟公馆1幢1单元101室（33990100100100001010101）：从 L0 进入，最高可在 L2 结案"
    assert text[1] == grid_line + "：事件发生所在的网格"
    assert text[2].endswith("：首个处置人：小事不出网格：网格的专职网格员")
    assert text[-1].endswith("：社区指挥中心统筹协调（社区吹哨）")
    gg.set_language("en")
    assert str(county.route("香樟公馆1号楼 1单元 101", "矛盾纠纷")).splitlines()[1] == \
        grid_line + ": the grid where it happened"


def test_a_planners_table_problems_in_chinese(chinese):
    import pandas as pd

    bad = pd.DataFrame({"building": ["B1", "B1", "B3"], "community": ["C", "C", ""], "lon": [120.1, 30.2, 120.1],
                        "lat": [30.2, 120.1, 30.2], "households": [40, -2, "many"]})
    with pytest.raises(gg.InputError) as caught:
        gg.from_buildings(bad, crs="wgs84")
    lines = str(caught.value).splitlines()
    assert lines[0] == "buildings：3 行中有 6 个问题，请改正后重新读入："
    assert "  第 1 行，“households”列的“-2”：数量不能为负数" in lines
    assert "  第 2 行，“households”列的“many”：不是数字" in lines
    assert "  第 1 行，“lat”列的“120.1”：纬度超过 90 度：经度和纬度是否填反了？" in lines
    assert "  第 0 行，“building”列的“B1”：building重复（第 1 行也有）" in lines


def test_the_crs_warning_in_chinese(chinese):
    import warnings

    import pandas as pd

    from gridgov import buildings

    table = pd.DataFrame({"楼栋": ["A1", "A2"], "社区": ["东风社区"] * 2, "经度": [120.15, 120.151], "纬度": [30.28, 30.281],
                          "户数": [20, 30]})
    buildings._crs_warned = False
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gg.from_buildings(table)
    said = [str(w.message) for w in caught if issubclass(w.category, gg.CrsWarning)]
    assert said and said[0].startswith("from_buildings：未指定坐标系（crs）")


# ---- one representative message of each area, end to end in Chinese ---------------------------


def test_draw_grids_caveats_and_errors_in_chinese(chinese):
    """Priority of issue 16 §3: draw_grids' InfeasibleWarning, GridPlan.warnings and the quality
    table's finding, and its errors, in the planner's language, naming the community."""
    import warnings

    county = gg.datasets.seed_county(0)
    code = county.codes(county.nodes("community"))[0]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        plan = gg.draw_grids(county, code, households=(20_000, 30_000))
    said = [str(w.message) for w in caught if issubclass(w.category, gg.InfeasibleWarning)]
    assert said and said[0].startswith(f"draw_grids：社区 {code} {county.name(code)}：任何整数个网格的平均户数都不在区间内：按 1 个网格划分")
    assert "超出户数区间 20,000-30,000" in said[0]
    assert said[0].endswith("（见 GridPlan.quality；strict=True 时报错）")
    assert plan.warnings == said
    assert plan.quality.loc[code, "finding"].startswith("任何整数个网格的平均户数都不在区间内")
    with pytest.raises(gg.InfeasibleError, match=f"^draw_grids：社区 {code} .*无法分成每个 20000-30000 户的网格.*请放宽"):
        gg.draw_grids(county, code, households=(20_000, 30_000), strict=True)
    n = len(county.descendants(code, "building"))
    with pytest.raises(gg.InfeasibleError, match=f"^draw_grids：社区 {code} 只有 {n} 栋楼，但 k = {n + 1} 个网格"):
        gg.draw_grids(county, code, k=n + 1)
    with pytest.raises(gg.UnknownCodeError, match="^draw_grids：未知社区“339901001099”"):
        gg.draw_grids(county, "339901001099")
    with pytest.raises(gg.InputError, match=r"^draw_grids：households 须为 \(下限, 上限\)"):  # raised in Python
        gg.draw_grids(county, households="many")
    gg.set_language("en")
    with pytest.warns(gg.InfeasibleWarning, match=f"^draw_grids: community {code} {county.name(code)}: no whole number .*outside the band"):
        gg.draw_grids(county, code, households=(20_000, 30_000))


def test_partition_and_coverage_errors_in_chinese(chinese):
    import numpy as np

    edges = np.array([[i, i + 1] for i in range(5)])
    weights = np.ones(6)
    weights[2] = 100
    with pytest.raises(gg.InfeasibleError, match="节点 2 的权重超过一个分区的容量"):
        gg.partition(edges, weights, 3)
    with pytest.raises(gg.InfeasibleError, match="^partition：k = 9 超过图的节点数 6"):
        gg.partition(edges, np.ones(6), 9)
    with pytest.raises(gg.InputError, match=r"^cost\[0, 1\] = -1.000000：成本须不小于 0"):
        gg.p_median(np.array([[0.0, -1.0], [1.0, 0.0]]), 1)


def test_model_file_and_policy_errors_in_chinese(chinese, tmp_path):
    not_a_model = tmp_path / "楼栋.csv"
    not_a_model.write_text("building,households\nB1,3\n", encoding="utf-8")
    with pytest.raises(gg.FormatError, match="^“.*楼栋.csv”不是 gridgov 模型文件（文件开头没有 gridgov 标识）"):
        gg.Model.load(not_a_model)
    policy = gg.EscalationPolicy.default().to_dict()
    policy["max_returns"] = "three"
    with pytest.raises(gg.PolicyError, match="^上报政策字段“max_returns”：须为整数（实际为 string）"):
        gg.EscalationPolicy.from_dict(policy)
    bad = tmp_path / "policy.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(gg.FormatError, match="上报政策 JSON 格式有误"):
        gg.EscalationPolicy.load(bad)


def test_simulate_model_and_ingest_errors_in_chinese(chinese):
    import pandas as pd

    county = gg.datasets.seed_county(0)
    with pytest.raises(gg.InputError, match=r"^simulate：days 须在 1 到 36500 之间（实际为 40000）"):
        gg.simulate(county, days=40_000)
    with pytest.raises(gg.InputError, match="^simulate：未知参数 'speed'"):  # raised in Python
        gg.simulate(county, days=1, speed=2)
    with pytest.raises(gg.InputError, match="^days 须为不小于 1 的整数，实际为 0"):
        gg.simulate(county, days=0)
    with pytest.raises(gg.UnknownCodeError, match="^未知编码 'nowhere'：模型中没有使用这个编码的节点"):
        county.id("nowhere")
    table = pd.DataFrame({"building": ["B1"], "community": ["C"], "lon": [120.1], "lat": [30.2], "households": [3]})
    with pytest.raises(gg.InputError, match="^crs='mars'：未知坐标系“mars”"):
        gg.from_buildings(table, crs="mars")
    nodes = pd.DataFrame({"code": ["C1", "B1"], "parent": ["", "C9"], "kind": ["community", "building"], "name": ["甲", "乙"]})
    with pytest.raises(gg.ValidationError, match="（第 1 行）上级“C9”不是模型中的节点"):
        gg.Model.from_frame(nodes)


def test_audit_findings_and_a_tables_columns_in_chinese(chinese):
    import pandas as pd

    nodes = pd.DataFrame({"code": ["110101000000", "110101001001", "11010100100100001"],
                          "parent": ["", "110101000000", "110101001001"],
                          "kind": ["county", "community", "building"], "name": ["测试县", "测试社区", "1幢"]})
    findings = gg.Model.from_frame(nodes).audit()
    detail = findings.set_index("rule")["detail"]
    assert detail["building_no_grid"] == "楼栋（0 户）不在任何网格：请把它划入所在社区的某个网格"  # households as nodes: none
    assert detail["community_no_service_station"] == "社区没有网格服务站"
    twice = pd.DataFrame([["B1", "C", 3, 4]], columns=["building", "community", "households", "户数"])
    with pytest.raises(gg.InputError, match="^buildings：有列出现了两次：'households' 和 '户数' 都对应 'households'"):
        gg.from_buildings(twice)
