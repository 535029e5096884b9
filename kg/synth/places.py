"""Where the documents come from: regions and the layout of each region's document.

Real 6-digit division codes first (柳州市鱼峰区 450203, 柳江区 450206, 柳州市 450200, …), then
synthetic cities (codes xx30..xx99) in real provinces, named from a syllable list by a
:class:`random.Random` seeded with the code, so the list is the same on every run.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass

#: real prefecture-level cities and their districts (division code suffixes)
_CITIES: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("4502", "柳州市", (("03", "鱼峰区"), ("06", "柳江区"), ("02", "城中区"), ("04", "柳南区"),
                      ("05", "柳北区"))),
    ("4501", "南宁市", (("02", "兴宁区"), ("03", "青秀区"), ("05", "江南区"), ("07", "西乡塘区"),
                      ("08", "良庆区"), ("09", "邕宁区"), ("10", "武鸣区"))),
    ("4503", "桂林市", (("02", "秀峰区"), ("03", "叠彩区"), ("04", "象山区"), ("05", "七星区"),
                      ("11", "雁山区"), ("12", "临桂区"))),
    ("4504", "梧州市", (("03", "万秀区"), ("05", "长洲区"), ("06", "龙圩区"))),
    ("4505", "北海市", (("02", "海城区"), ("03", "银海区"), ("12", "铁山港区"))),
    ("4507", "钦州市", (("02", "钦南区"), ("03", "钦北区"))),
    ("4508", "贵港市", (("02", "港北区"), ("03", "港南区"), ("04", "覃塘区"))),
    ("4509", "玉林市", (("02", "玉州区"), ("03", "福绵区"))),
    ("1301", "石家庄市", (("02", "长安区"), ("04", "桥西区"), ("05", "新华区"), ("08", "裕华区"),
                        ("09", "藁城区"), ("10", "鹿泉区"), ("11", "栾城区"))),
    ("1302", "唐山市", (("02", "路南区"), ("03", "路北区"), ("04", "古冶区"), ("05", "开平区"),
                      ("07", "丰南区"), ("08", "丰润区"), ("09", "曹妃甸区"))),
    ("1308", "承德市", (("02", "双桥区"), ("03", "双滦区"))),
)  # fmt: skip

#: provinces that synthetic cities (codes xx30..xx99) are placed in
_PROVINCES = (
    "13", "14", "15", "21", "22", "23", "32", "33", "34", "35", "36", "37", "41", "42",
    "43", "44", "45", "46", "51", "52", "53", "54", "61", "62", "63", "64", "65",
)  # fmt: skip
_SYLLABLES = "安平清河阳江城山湖南北东西新宁华兴丰永长云桂龙凤金石泉林溪源塘桥岭洲浦沙德海明康"


@dataclass(frozen=True, slots=True)
class Region:
    """A region and the layout of its document."""

    code: str
    name: str  # as department names start: 柳州市鱼峰区, 柳州市
    short: str  # as titles print it: 鱼峰区, 柳州市
    city: str
    layout: str  # district | summary | city


def regions() -> Iterator[Region]:
    """Regions in the order documents are made: real division codes, then synthetic ones.

    >>> [(r.code, r.short, r.layout) for r, _ in zip(regions(), range(3))]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('450203', '鱼峰区', 'district'), ('450206', '柳江区', 'summary'),
     ('450200', '柳州市', 'city')]
    """
    for code4, city, districts in _CITIES:
        yield from _city_regions(code4, city, districts)
    for cc in range(30, 100):
        for province in _PROVINCES:
            code4 = f"{province}{cc}"
            rng = random.Random(f"city/{code4}")
            city = "".join(rng.sample(_SYLLABLES, 2)) + "市"
            names = sorted({"".join(rng.sample(_SYLLABLES, 2)) for _ in range(12)})[:9]
            rng.shuffle(names)
            yield from _city_regions(
                code4, city, tuple((f"{i + 2:02d}", n + "区") for i, n in enumerate(names))
            )


def _city_regions(
    code4: str, city: str, districts: tuple[tuple[str, str], ...]
) -> Iterator[Region]:
    for i, (dd, name) in enumerate(districts):
        yield Region(code4 + dd, city + name, name, city, "district" if i % 2 == 0 else "summary")
        if i == 1:
            yield Region(code4 + "00", city, city, city, "city")
