"""Write the seed corpus of the model-file fuzz target (fuzz/corpus/fuzz_model_file/).

Small valid model files of different shapes, so that libFuzzer starts from every section of the
format: an empty model, a county tree with typed attributes, every kind, link type and column
type at once (absent values, NaN and infinite floats, int64 past 2^53, Chinese text), a model
frozen with deferred findings, and a street grid with road and adjacency links.

    PYTHONPATH=python python fuzz/make_model_file_seeds.py [OUT_DIR]

tests/python/test_fuzz_seeds.py checks that the committed files are what this script writes,
so a change of the file format shows up as a stale corpus.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import gridgov as gg

OUT = Path(__file__).resolve().parent / "corpus" / "fuzz_model_file"


def empty() -> gg.Model:
    return gg.ModelBuilder().freeze()


def county_tree() -> gg.Model:
    b = gg.ModelBuilder()
    b.add("county", "330102000000", "测试县").set_metadata("name", "测试县")
    for c in range(2):
        community = f"330102001{c + 1:03d}"
        b.add("community", community, f"第{c + 1}社区", "330102000000", x=100.0 * c, y=0.0)
        grid = community + "001"
        b.add("grid", grid, "一网格", community, "residential")
        for k in range(2):
            building = f"{community}{k + 1:05d}"
            b.add("building", building, f"{k + 1}号楼", grid, x=10.0 * k, y=5.0, floors=6)
            unit = building + "01"
            b.add("unit", unit, "1单元", building)
            for h in range(2):
                b.add("household", f"{unit}{h + 1:04d}", "户", unit, residents=h + 1, elderly_alone=h == 0)
        b.link(f"{community}00001", f"{community}00002", "adjacent", 12.5)
    return b.freeze()


def every_field() -> gg.Model:
    b = gg.ModelBuilder()
    b.add("province", "330000000000", "浙江省")
    b.add("county", "330102000000", "测试县", "330000000000", x=0.0, y=0.0, budget=4611686018427387905, note="参考县")
    b.add("street", "330102001000", "东街道", "330102000000")
    b.add("community", "330102001001", "东社区", "330102001000", x=120.5, y=-40.25)
    b.add("grid", "330102001001001", "东一网格", "330102001001", "residential", label="基础")
    b.add("grid", "330102001001901", "学校专属网格", "330102001001", "special")
    b.add("compound", "330102001001XQ001", "阳光小区", "330102001001")
    b.add("building", "33010200100100001", "1号楼", "330102001001001", x=1.5, y=2.5, area=1234.5, floors=6)
    b.add("building", "33010200100100002", "2号楼", "330102001001001", x=-1e6, y=1e-300, area=math.inf)
    b.add("unit", "3301020010010000101", "1单元", "33010200100100001")
    b.add("household", "33010200100100001010101", "101", "3301020010010000101", residents=3, elderly_alone=False,
          remark="", score=-math.inf)
    b.add("household", "33010200100100001010102", "102", "3301020010010000101", elderly_alone=True, score=1e-310)
    b.add("household", "33010200100100001010201", "201", "3301020010010000101", residents=1, remark="独居老人")
    b.add("place", "330102001001P001", "实验小学", "330102001001901", "school", x=5.0, y=5.0, students=1200)
    b.add("worker", "330102001001W0001", "张三", "330102001001", "fulltime", x=300.0, y=400.0, phone="13800000000")
    b.add("worker", "330102001001W0002", "李四", "330102001001", "parttime")
    b.add("organisation", "330102000000ZHZX", "县指挥中心", "330102000000", "command_centre")
    b.add("organisation", "330102000000BM01", "城管局", "330102000000", "department", sector="城管")
    b.add("organisation", "330102000000ZQ001", "驻区单位", "330102000000", "stationed_unit")
    b.add("organisation", "330102001001001DXZ", "党小组", "330102001001001", "party_group")
    b.link("330102001001XQ001", "33010200100100001", "member")
    b.link("330102001001W0001", "330102001001001", "serves", 1.0)
    b.link("330102001001001DXZ", "330102001001001", "serves")
    b.link("330102001001P001", "330102001001901", "hosts")
    b.link("330102000000ZQ001", "330102001001", "cobuilds", 2.0)
    b.link("330102000000ZHZX", "330102000000BM01", "dispatches")
    b.link("33010200100100001", "33010200100100002", "adjacent", 12.5)
    b.link("33010200100100001", "33010200100100002", "road", math.inf)
    for key, value in {"name": "测试县", "origin_lon": "120.15", "origin_lat": "30.28", "crs": "local-metres"}.items():
        b.set_metadata(key, value)
    return b.freeze()


def deferred_findings() -> gg.Model:
    b = gg.ModelBuilder()
    b.add("county", "330102000000", "测试县")
    b.add("community", "330102001001", "东社区", "330102000000")
    b.add("grid", "330102001001001", "一网格", "330102001001", "residential")
    b.add("grid", "330102001001002", "二网格", "330102001001", "residential")
    b.add("building", "33010200100100001", "1号楼", "330102001001001", households=-1)
    b.add("building", "44010200100100001", "外码楼", "330102001001001")
    b.add("building", "33010200100100009", "无主楼", "330102009999")
    b.add("household", "33010200100100001000101", "户", "330102001001001")
    b.add("organisation", "330102000000XW01", "席位一", "330102000000XW02", "work_seat")
    b.add("organisation", "330102000000XW02", "席位二", "330102000000XW01", "work_seat")
    b.link("330102001001002", "33010200100100001", "claims")
    return b.freeze(validate="defer")


def street_grid() -> gg.Model:
    """A 6 x 6 block of buildings with adjacency and road links (longer tables)."""
    b = gg.ModelBuilder()
    b.add("county", "330102000000", "测试县")
    b.add("community", "330102001001", "东社区", "330102000000")
    b.add("grid", "330102001001001", "一网格", "330102001001", "residential")
    side = 6
    code = [[f"330102001001{i * side + j + 1:05d}" for j in range(side)] for i in range(side)]
    for i in range(side):
        for j in range(side):
            b.add("building", code[i][j], f"{i}-{j}", "330102001001001", x=40.0 * i, y=40.0 * j, households=i + j)
    for i in range(side):
        for j in range(side):
            if i + 1 < side:
                b.link(code[i][j], code[i + 1][j], "adjacent")
                b.link(code[i][j], code[i + 1][j], "road", 40.0)
            if j + 1 < side:
                b.link(code[i][j], code[i][j + 1], "adjacent")
    return b.freeze()


SEEDS = {
    "empty.ggm": empty,
    "county_tree.ggm": county_tree,
    "every_field.ggm": every_field,
    "deferred_findings.ggm": deferred_findings,
    "street_grid.ggm": street_grid,
}


def seed_bytes() -> dict[str, bytes]:
    return {name: make()._core.to_bytes() for name, make in SEEDS.items()}


def main(out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, data in seed_bytes().items():
        (out / name).write_bytes(data)
        print(f"{out / name}: {len(data):,} bytes")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
