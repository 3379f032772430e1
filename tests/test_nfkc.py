import random
import unicodedata

import pytest

from kaigiroku.search.nfkc import nfkc

# Characters whose NFKC depends on their neighbours, and everyday ones that change alone.
TRICKY = ["ｶﾞ", "ﾊﾟ", "か\u3099", "は\u309a", "か゛", "e\u0301", "e\u0323\u0302", "\u1100\u1161\u11a8", "가\u11a8",
          "ＡＢＣ１２３", "（）", "\u3000", "㍻", "①", "ﾃｽﾄ", "⼈", "\uf967", "ｷﾞｮｳｾｲ"]


@pytest.mark.parametrize("text", TRICKY + ["".join(TRICKY), "賛成１５名、反対３名で可決されました。"])
def test_equals_unicodedata(text):
    assert nfkc(text) == unicodedata.normalize("NFKC", text)


def test_equals_unicodedata_on_random_mixtures():
    rng = random.Random(7)
    pool = "".join(TRICKY) + "議長可決。、漢字かなカナabc \n"
    for _ in range(3000):
        text = "".join(rng.choice(pool) if rng.random() < 0.8 else chr(rng.randrange(0x20, 0x2FFFF))
                       for _ in range(rng.randrange(0, 40)))
        assert nfkc(text) == unicodedata.normalize("NFKC", text), repr(text)
