"""Which catalogue items best match a text: TF-IDF cosine similarity, with numpy only.

The method is the classic vector-space model (Salton, Wong and Yang, "A vector space
model for automatic indexing", CACM 18(11), 1975) with the weighting scikit-learn's
``TfidfVectorizer(sublinear_tf=True, smooth_idf=True)`` uses: a term's weight in a
document is ``(1 + ln tf) * (ln((1 + n) / (1 + df)) + 1)``, each document vector is
scaled to unit length, and the score of a document for a query is the cosine of the
two vectors. No model is downloaded; the index is an inverted list per term (numpy
arrays of document positions and weights), so a query costs time in proportion to
the postings of its own terms, not to the size of the catalogue.

Assumptions: English-like text; words are lower-cased, split on anything that is
not a letter or digit, stripped of a small stop list and of a plural ``s``. Titles
count twice, because vendors' descriptions are long and generic while titles say
what the item is about.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
MIN_WORD = 2
STOP_WORDS = frozenset(
    """
    a an and are as at be but by can do for from has have how in into is it its of on or our
    that the their them then there these they this to too up was we were what when where which
    who why will with you your yours about after all also any before being both each more most
    no not only other over same so some such than through under until very while own out off
    again further here once should would could learn learning course module lesson
    introduction part new use using
    """.split()  # noqa: SIM905  (a word list reads better as text)
)


def tokens(text: str) -> list[str]:
    """Split text into the index's terms: lower case, no stop words, no plural s."""
    out = []
    for raw in _WORD.findall(text.lower()):
        if len(raw) < MIN_WORD or raw in STOP_WORDS or raw.isdigit():
            continue
        word = raw
        if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):  # noqa: PLR2004  (short words such as "bus" keep their s)
            word = word[:-3] + "y" if word.endswith("ies") else word[:-1]
        out.append(word)
    return out


@dataclass(frozen=True, slots=True)
class Document:
    """One catalogue item as the index sees it."""

    id: int
    title: str
    text: str = ""  # description, provider, type, skills: everything but the title


@dataclass(frozen=True, slots=True)
class Match:
    id: int
    score: float
    terms: tuple[str, ...]  # the query's terms the item shares, strongest first


class Index:
    """An inverted TF-IDF index over a fixed set of documents."""

    def __init__(self, documents: Sequence[Document] = ()) -> None:
        """Build the index (a few seconds for 50,000 catalogue items)."""
        self.ids: npt.NDArray[np.int64] = np.array([d.id for d in documents], dtype=np.int64)
        vocabulary: dict[str, int] = {}
        term_col: list[int] = []
        doc_col: list[int] = []
        tf_col: list[int] = []
        for position, doc in enumerate(documents):
            counts = Counter(tokens(doc.title))
            for term in list(counts):
                counts[term] *= 2
            counts.update(tokens(doc.text))
            for term, tf in counts.items():
                term_col.append(vocabulary.setdefault(term, len(vocabulary)))
                doc_col.append(position)
                tf_col.append(tf)
        self.vocabulary = vocabulary
        self.words = list(vocabulary)  # dicts keep insertion order: words[col] is the term
        n = len(documents)
        terms = np.array(term_col, dtype=np.int64)
        docs = np.array(doc_col, dtype=np.int64)
        df = np.bincount(terms, minlength=len(vocabulary)).astype(np.float64)
        self.idf: npt.NDArray[np.float64] = np.log((1 + n) / (1 + df)) + 1
        weights = (1 + np.log(np.array(tf_col, dtype=np.float64))) * self.idf[terms]
        norms = np.sqrt(np.bincount(docs, weights=weights * weights, minlength=n))
        weights /= np.where(norms > 0, norms, 1)[docs]
        order = np.argsort(terms, kind="stable")
        self.post_docs: npt.NDArray[np.int64] = docs[order]
        self.post_weights: npt.NDArray[np.float32] = weights[order].astype(np.float32)
        self.offsets: npt.NDArray[np.int64] = np.concatenate(
            [[0], np.cumsum(np.bincount(terms, minlength=len(vocabulary)))]
        ).astype(np.int64)

    def save(self, path: Path) -> None:
        """Write the index to ``path`` (a ``.npz`` file), atomically."""
        partial = path.with_name(path.name + ".partial")
        with partial.open("wb") as handle:
            np.savez(
                handle,
                ids=self.ids,
                idf=self.idf,
                post_docs=self.post_docs,
                post_weights=self.post_weights,
                offsets=self.offsets,
                words=np.array(self.words, dtype=np.str_),
            )
        partial.replace(path)

    @classmethod
    def load(cls, path: Path) -> Index:
        """Read an index written by :meth:`save`."""
        index = cls()
        with np.load(path, allow_pickle=False) as data:
            index.ids, index.idf = data["ids"], data["idf"]
            index.post_docs, index.post_weights = data["post_docs"], data["post_weights"]
            index.offsets = data["offsets"]
            index.words = [str(w) for w in data["words"]]
        index.vocabulary = {w: col for col, w in enumerate(index.words)}
        return index

    def __len__(self) -> int:
        return len(self.ids)

    def _query(self, text: str) -> list[tuple[int, float]]:
        counts = Counter(t for t in tokens(text) if t in self.vocabulary)
        weights = [
            (self.vocabulary[t], (1 + math.log(tf)) * float(self.idf[self.vocabulary[t]]))
            for t, tf in counts.items()
        ]
        norm = math.sqrt(sum(w * w for _, w in weights)) or 1.0
        return [(col, w / norm) for col, w in weights]

    def search(self, text: str, k: int = 10, *, exclude: Iterable[int] = ()) -> list[Match]:
        """Return the ``k`` best matches for ``text``, best first; ties go to the lower id."""
        query = self._query(text)
        if not query or not len(self.ids):
            return []
        scores = np.zeros(len(self.ids), dtype=np.float32)
        for col, weight in query:
            start, end = self.offsets[col], self.offsets[col + 1]
            # Within one term's postings each document appears once, so += is exact.
            scores[self.post_docs[start:end]] += weight * self.post_weights[start:end]
        skip = set(exclude)
        if skip:
            scores[np.isin(self.ids, list(skip))] = 0
        hits = np.flatnonzero(scores > 0)
        if not len(hits):
            return []
        if len(hits) > k:
            # Keep every document tied with the k-th score, then order exactly.
            kth = np.partition(scores[hits], len(hits) - k)[len(hits) - k]
            hits = hits[scores[hits] >= kth]
        ranked = hits[np.lexsort((self.ids[hits], -scores[hits]))][:k]
        return [
            Match(int(self.ids[p]), round(float(scores[p]), 4), self._shared(query, int(p)))
            for p in ranked
        ]

    def _shared(self, query: list[tuple[int, float]], position: int) -> tuple[str, ...]:
        found: list[tuple[float, int]] = []
        for col, weight in query:
            start, end = self.offsets[col], self.offsets[col + 1]
            docs = self.post_docs[start:end]  # ascending: documents were added in order
            at = int(np.searchsorted(docs, position))
            if at < len(docs) and docs[at] == position:
                found.append((weight * float(self.post_weights[start + at]), col))
        return tuple(self.words[col] for _, col in sorted(found, reverse=True)[:5])


def suggest(index: Index, text: str, k: int = 10) -> list[tuple[int, float]]:
    """Return ``(item_id, score)`` for the ``k`` items that best match ``text``."""
    return [(m.id, m.score) for m in index.search(text, k)]
