"""Export WordNet 3.0's one-word verb and adjective antonym pairs to the seed lexicon.

Run once, by hand, where Debian's ``wordnet-base`` is installed::

    apt-get install -y wordnet-base
    python3 eval/export_wordnet_antonyms.py > claims/linking/suggestions/data/wordnet_antonyms.tsv

Standard library only. Each line of WordNet's ``data.<pos>`` files lists a
synset's words and its pointers; a lexical antonym pointer is ``! offset pos
SSTT`` where SS is the source word's number in this synset and TT the target
word's number in the other one. Only one-word lemmas are kept: a claim's
predicate is one lemma. Pairs are written in canonical order (a < b), sorted.
"""

import sys
from pathlib import Path

WORDNET = Path("/usr/share/wordnet")


def _synsets(path: Path) -> dict[str, tuple[list[str], list[tuple[str, int, int]]]]:
    synsets = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("  "):  # the licence header
                continue
            fields = line.split(" | ")[0].split()
            offset, word_count = fields[0], int(fields[3], 16)
            words = [fields[4 + 2 * i].split("(")[0].lower() for i in range(word_count)]
            at = 4 + 2 * word_count
            pointer_count = int(fields[at])
            antonyms = []
            for p in range(pointer_count):
                symbol, target, _pos, source_target = fields[at + 1 + 4 * p : at + 5 + 4 * p]
                if symbol == "!":
                    antonyms.append(
                        (target, int(source_target[:2], 16), int(source_target[2:], 16))
                    )
            synsets[offset] = (words, antonyms)
    return synsets


def antonym_pairs(pos: str) -> set[tuple[str, str]]:
    synsets = _synsets(WORDNET / f"data.{pos}")
    pairs = set()
    for words, antonyms in synsets.values():
        for target, source_number, target_number in antonyms:
            if target not in synsets or not source_number or not target_number:
                continue
            a, b = words[source_number - 1], synsets[target][0][target_number - 1]
            if a != b and "_" not in a + b and "-" not in a + b:
                pairs.add((min(a, b), max(a, b)))
    return pairs


def main() -> int:
    if not (WORDNET / "data.verb").exists():
        sys.stderr.write(
            f"WordNet's data files are not in {WORDNET}: apt-get install wordnet-base\n"
        )
        return 1
    sys.stdout.write(
        "# lemma_a\tlemma_b\tpos  (WordNet 3.0 antonym pointers; licence: see README)\n"
    )
    rows = {(a, b, "verb") for a, b in antonym_pairs("verb")}
    rows |= {(a, b, "adj") for a, b in antonym_pairs("adj")}
    for a, b, pos in sorted(rows):
        sys.stdout.write(f"{a}\t{b}\t{pos}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
