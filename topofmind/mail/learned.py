"""The learned part of the classifier: a linear model over a message's words and structure.

A message is read in zones kept apart, because the same word means different things in
each: the subject, the opening lines, the rest of the new text, and the tail (signature,
footer, quoted history). "Apply now" in a footer is not what a message is about. Each zone
gives word unigrams and bigrams; the subject and the opening also give character n-grams,
which carry over to inflections and other languages. Beside the words come the structural
facts (who sent it, bulk headers, a reply in the candidate's thread, a calendar request, a
time in the text) and what the phrase rules concluded, so the model learns how far to
trust each.

The weights are trained with scikit-learn (``training``) and shipped as a small versioned
file (``classifier.npz``); inference here needs numpy only. ``reasons`` are the features
that pushed the winning category most, said in words.
"""

from __future__ import annotations

import io
import json
import math
import re
import zipfile
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from operator import itemgetter
from pathlib import Path

import numpy as np

MODEL_PATH = Path(__file__).with_name("classifier.npz")
FEATURE_VERSION = 2

OPENING_CHARS = 240
BODY_CHARS = 3000
TAIL_CHARS = 1200
_WORD = re.compile(r"[^\W\d_]+|\d+")
_WORD_ASCII = re.compile(r"[a-zA-Z]+|[0-9]+")  # the same tokens in ASCII text, without Unicode lookups
_FOOTER = re.compile(
    r"unsubscribe|manage (?:your )?(?:job )?(?:alerts?|preferences|notifications|subscriptions?|e-?mail settings)"
    r"|privacy (?:policy|notice)|you (?:are|were) receiving|you received this|this (?:e-?mail|message) was sent"
    r"|all rights reserved|©|\bcopyright\b|view (?:it )?in (?:your )?browser|do not reply to this"
    r"|e-?mail preferences|terms of (?:use|service)")
_SIGNOFF = re.compile(
    r"(?m)^\s*(?:best|best regards|kind regards|regards|warm regards|warmly|many thanks|thanks|thank you"
    r"|cheers|sincerely|yours sincerely|all the best|best wishes|talk soon|--)\s*[,.!]?\s*$")


@dataclass(frozen=True)
class Zones:
    subject: str
    opening: str
    body: str
    tail: str


def zones_of(subject: str, text: str, context: str) -> Zones:
    """Cut a lower-case message into its zones. Footer and signature start where their
    words appear past the opening; quoted history and calendar summaries join the tail."""
    cut = len(text)
    sign = _SIGNOFF.search(text, min(len(text), 40))
    if sign:
        cut = sign.start()
    foot = _FOOTER.search(text, min(len(text), OPENING_CHARS))
    if foot and foot.start() < cut:
        # The footer begins with the sentence or line that holds its words.
        start = max(text.rfind("\n", 0, foot.start()), text.rfind(". ", 0, foot.start()))
        cut = max(start + 1, OPENING_CHARS) if start >= 0 else foot.start()
        cut = min(cut, foot.start())
    head = text[:cut]
    opening_end = min(len(head), OPENING_CHARS)
    if opening_end < len(head):
        space = head.find(" ", opening_end)
        opening_end = space if 0 <= space < opening_end + 30 else opening_end
    return Zones(subject=subject, opening=head[:opening_end], body=head[opening_end:opening_end + BODY_CHARS],
                 tail=(text[cut:cut + TAIL_CHARS] + " " + context[:TAIL_CHARS]).strip())


def _words(text: str) -> list[str]:
    return ["0" if w.isdigit() else w for w in (_WORD_ASCII if text.isascii() else _WORD).findall(text)]


def _ngrams(prefix: str, words: list[str], out: dict[str, float], bigrams: bool = True) -> None:
    feats = {prefix + w for w in words}
    if bigrams:
        feats.update(f"{prefix}{a} {b}" for a, b in zip(words, words[1:], strict=False))
    if feats:
        weight = 1.0 / math.sqrt(len(feats))  # each zone counts once, whatever its length
        for f in feats:
            out[f] = out.get(f, 0.0) + weight


def _grams_of(word: str) -> set[str]:
    padded = f" {word} "
    return {"c:" + padded[i:i + n] for n in (3, 4, 5) for i in range(len(padded) - n + 1)}


def _chars(words: list[str], out: dict[str, float]) -> None:
    total, feats = 0, set()
    for w in set(words):
        if len(w) >= 3:
            grams = _grams_of(w)
            total += len(grams)
            feats.update(grams)
    if total:
        weight = 1.0 / math.sqrt(total)
        for f in feats:
            out[f] = weight


def _zone_words(s) -> tuple[Zones, list[str], list[str], list[str], list[str]]:
    z = zones_of(s.subject, s.text, s.context)
    return z, _words(z.subject), _words(z.opening), _words(z.body), _words(z.tail)


# A code host's thread in a repository that hires ("acme/backend-challenge", "frontendbr/vagas").
_REPO = re.compile(r"\[([\w.-]+/[\w.-]+)\]")
_HIRING_REPO = re.compile(r"vaga|jobs?\b|career|hiring|recruit|join-?us|challenge|desafio|teste?\b|test-|exercise|"
                          r"assignment|octernship|trabalhe|interview|vacanc|emprego|talent")
_FLAGS = ("automated_sender", "human_sender", "employer_sender", "freemail_sender", "bulk", "auto_reply",
          "is_reply", "replies_to_me", "calendar_request", "calendar_cancel", "has_datetime", "forwarded", "hiring_mailbox")


def _facts(s, z: Zones, subject: list[str], rule_scores: dict[str, float],
           rule_reasons: dict[str, list[str]]) -> dict[str, float]:
    """The features that are not n-grams: the message's structure and what the rules found."""
    out: dict[str, float] = {}
    if not subject:
        out["x:no subject"] = 1.0
    if not z.opening.strip():
        out["x:no text"] = 1.0
    for name in _FLAGS:
        if getattr(s, name):
            out["x:" + name] = 1.0
    if s.vendor_kind:
        out["x:vendor " + s.vendor_kind] = 1.0
    if s.context:
        out["x:quoted history"] = 1.0
    repo = _REPO.search(s.subject)
    if repo and _HIRING_REPO.search(repo.group(1)):
        out["x:hiring repository"] = 1.0
    if s.is_reply and (s.human_sender or s.employer_sender) and not s.bulk:
        out["x:person replying"] = 1.0
    out["x:length " + str(min(4, int(math.log2(1 + len(s.text) / 100))))] = 1.0
    if rule_scores:
        top = max(rule_scores, key=lambda k: rule_scores[k])
        out["r:top " + top] = 1.0
        for category, score in rule_scores.items():
            if score > 0:
                out["r:score " + category] = min(score, 10.0) / 5.0
    for category, reasons in rule_reasons.items():
        for reason in reasons:
            if reason.startswith(("subject: ", "body: ")):
                out["r:phrase " + category + ": " + reason.split(": ", 1)[1]] = 1.0
    return out


def features(s, rule_scores: dict[str, float], rule_reasons: dict[str, list[str]]) -> dict[str, float]:
    """The feature vector of one incoming message (``s``: ``classify.Signals``), by name: what
    the model is trained on. ``Model.vector`` makes the same vector as the model's rows."""
    z, subject, opening, body, tail = _zone_words(s)
    out: dict[str, float] = {}
    _ngrams("s:", subject, out)
    _ngrams("o:", opening, out)
    _ngrams("b:", body, out)
    _ngrams("t:", tail, out, bigrams=False)
    _ngrams("w:", subject + opening + body, out, bigrams=False)
    _chars(subject + opening, out)
    out.update(_facts(s, z, subject, rule_scores, rule_reasons))
    return out


_SLOTS = ("s:", "o:", "b:", "t:", "w:")  # the zones' word features; bigrams for the first three
_WORD_CACHE_SIZE = 20_000  # words per model; bounded so that memory stays flat
_CHARS = len(_SLOTS)  # the group of character n-grams, after the zones' words (``Model.vector``)


@dataclass(frozen=True)
class Model:
    classes: tuple[str, ...]
    index: dict[str, int]
    weights: np.ndarray  # features x classes
    bias: np.ndarray
    temperature: float
    meta: dict
    adjust: np.ndarray | None = None  # per-class shift after the temperature: noise is preferred when in doubt
    word_cache: dict = field(default_factory=dict, compare=False, repr=False)  # word -> its n-grams (``_grams``)

    padded: np.ndarray = field(init=False, compare=False, repr=False)  # the weights and a zero row for unknowns
    vocab: list = field(init=False, compare=False, repr=False)  # row -> feature name
    word_rows: tuple = field(init=False, compare=False, repr=False)  # per zone: word -> row of the word
    pair_rows: tuple = field(init=False, compare=False, repr=False)  # per zone: (word, word) -> row of the bigram
    row_mean: np.ndarray = field(init=False, compare=False, repr=False)  # each row's mean over the classes

    def __post_init__(self) -> None:
        # float32 holds the shipped float16 weights exactly, in half the memory that float64 takes
        # (fewer cache misses when a message's rows are gathered); sums are taken in float64.
        zero = np.zeros((1, self.weights.shape[1]), dtype=np.float32)
        object.__setattr__(self, "padded", np.vstack([np.asarray(self.weights, dtype=np.float32), zero]))
        # Worked out once: the same reduction per row as on a message's rows, so the same floats.
        object.__setattr__(self, "row_mean", self.padded.astype(np.float64).mean(axis=1))
        vocab = [""] * (len(self.index) + 1)
        words: dict[str, dict] = {prefix: {} for prefix in _SLOTS}
        pairs: dict[str, dict] = {prefix: {} for prefix in _SLOTS[:3]}
        for name, row in self.index.items():
            vocab[row] = name
            if name[:2] in words:
                if " " not in name:
                    words[name[:2]][name[2:]] = row
                elif name[:2] in pairs:
                    pairs[name[:2]][tuple(name[2:].split(" ", 1))] = row
        object.__setattr__(self, "vocab", vocab)
        object.__setattr__(self, "word_rows", tuple(words[prefix] for prefix in _SLOTS))
        object.__setattr__(self, "pair_rows", tuple(pairs[prefix] for prefix in _SLOTS[:3]))

    def _grams(self, words) -> list[tuple[int, np.ndarray]]:
        """Per word: how many character n-grams it has, and the keys (``vector``) of those the
        model knows."""
        cache = self.word_cache
        entries = list(map(cache.get, words))
        if not all(entries):  # entries are non-empty tuples: None marks a word not yet seen
            get = self.index.get
            for i, (word, entry) in enumerate(zip(words, entries, strict=True)):
                if entry is None:
                    grams = _grams_of(word) if len(word) >= 3 else set()
                    known = [row for row in map(get, grams) if row is not None]
                    entry = entries[i] = (len(grams), (np.array(known, dtype=np.int64) << 32) | _CHARS)
                    if len(cache) < _WORD_CACHE_SIZE:
                        cache[word] = entry
        return entries

    def vector(self, s, rule_scores: dict[str, float], rule_reasons: dict[str, list[str]]):
        """The message's features as the model's rows and values (rows ascending, unknown ones
        left out): the vector ``features`` names, made without building the names of features
        the model does not know."""
        z, subject, opening, body, tail = _zone_words(s)
        rows: list[int] = []
        values = [0.0] * (_CHARS + 1)  # one per group of rows, which share a value: the zones, then each fact
        sizes = [0] * (_CHARS + 1)

        def add(group: int, found, count: int) -> None:
            if count:
                before = len(rows)
                rows.extend(found)
                values[group] = 1.0 / math.sqrt(count)
                sizes[group] = len(rows) - before

        known_row = (-1).__ne__
        distinct = []
        for slot, words in enumerate((subject, opening, body)):
            distinct.append(set(words))
            pairs = set(zip(words, words[1:], strict=False))
            add(slot, filter(known_row, [*map(self.word_rows[slot].get, distinct[slot], repeat(-1)),
                                       *map(self.pair_rows[slot].get, pairs, repeat(-1))]),
                len(distinct[slot]) + len(pairs))
        for slot, known in ((3, set(tail)), (4, distinct[0].union(distinct[1], distinct[2]))):
            add(slot, filter(known_row, map(self.word_rows[slot].get, known, repeat(-1))), len(known))
        chars = self._grams(list(distinct[0].union(distinct[1])))  # a word under three letters has no n-grams
        add(_CHARS, (), sum(map(itemgetter(0), chars)))  # its keys come with each word
        for name, value in _facts(s, z, subject, rule_scores, rule_reasons).items():
            row = self.index.get(name)
            if row is not None:
                rows.append(row)
                values.append(value)
                sizes.append(1)
        # Sorting (row, group) keys orders the rows as the model does, and the group gives the
        # value (one sort, no argsort and gathers). Rows are distinct, except an n-gram that
        # several words share: its equal keys end up side by side and one is kept.
        keys = np.fromiter(rows, dtype=np.int64, count=len(rows)) << 32
        keys |= np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
        keys = np.concatenate([keys, *map(itemgetter(1), chars)])
        keys.sort(kind="stable")
        if len(keys) > 1:
            keys = keys[np.concatenate(([True], keys[1:] != keys[:-1]))]
        return keys >> 32, np.array(values, dtype=np.float64).take(keys & 0xFFFFFFFF)

    def posterior(self, rows: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, tuple]:
        """Calibrated class probabilities of a vector, and what ``explain`` needs of it."""
        w = self.padded.take(rows, axis=0).astype(np.float64)  # take: several times faster than [rows]
        logits = self.bias + values @ w
        z = logits / self.temperature
        if self.adjust is not None:
            z = z + self.adjust
        z = np.exp(z - z.max())
        return z / z.sum(), (rows, values, w)

    def probabilities(self, feats: dict[str, float]) -> tuple[np.ndarray, tuple]:
        """``posterior`` of features by name (training's cross-validation)."""
        n = len(feats)
        unknown = len(self.index)
        rows = np.fromiter(map(self.index.get, feats, repeat(unknown, n)), dtype=np.int64, count=n)
        values = np.fromiter(feats.values(), dtype=np.float64, count=n)
        order = np.argsort(rows, kind="stable")
        return self.posterior(rows[order], values[order])

    def explain(self, known: tuple, klass: int, limit: int = 4) -> list[str]:
        """The features that pushed ``klass`` most above the other categories, in words."""
        rows, values, w = known
        if not len(rows):
            return []
        push = values * (w[:, klass] - self.row_mean.take(rows))  # row_mean: w.mean(axis=1), worked out once
        strongest = _strongest(push, limit * 4)
        out: list[str] = []
        for pushed, row in zip(push[strongest].tolist(), rows[strongest].tolist(), strict=True):
            if pushed <= 0 or len(out) >= limit:
                break
            said = describe(self.vocab[row])
            if said and said not in out:
                out.append(said)
        return out


def _strongest(push: np.ndarray, count: int) -> np.ndarray:
    """The first ``count`` positive entries of a stable descending sort of ``push``: the top
    ones are picked by partition (linear), and only they are sorted, ties in index order."""
    positive = np.flatnonzero(push > 0)
    if len(positive) > count:
        threshold = np.partition(push[positive], len(positive) - count)[len(positive) - count]
        positive = positive[push[positive] >= threshold]  # every tie at the threshold stays in
    return positive[np.argsort(-push[positive], kind="stable")[:count]]


_ZONE_WORDS = {"s:": "subject", "o:": "opening lines", "b:": "text", "t:": "signature/footer/quoted",
               "w:": "text", "c:": "wording"}
_STRUCTURE_WORDS = {
    "automated_sender": "sent from an automated address", "human_sender": "written by a person",
    "employer_sender": "sender writes from a company domain", "freemail_sender": "sent from a personal mailbox",
    "bulk": "bulk-mail headers", "auto_reply": "an automatic reply", "is_reply": "a reply in a thread",
    "replies_to_me": "answers the candidate's own message", "calendar_request": "calendar invitation",
    "calendar_cancel": "calendar cancellation", "has_datetime": "a date and time in the text",
    "forwarded": "forwarded mail", "hiring_mailbox": "sent from a company's hiring mailbox", "person replying": "a person replying in the candidate's thread",
    "quoted history": "quotes earlier mail", "hiring repository": "a thread in a repository that hires", "no subject": "no subject", "no text": "no text",
}


def describe(feature: str) -> str | None:
    """A feature's name in words a user understands."""
    kind, _, rest = feature.partition(":")
    if kind == "x":
        if rest.startswith("vendor "):
            return "sent by " + rest[7:].replace("_", " ") + " software"
        if rest.startswith("length "):
            return None
        return _STRUCTURE_WORDS.get(rest, rest)
    if kind == "r":
        if rest.startswith("phrase "):
            return "phrase: " + rest[7:].split(": ", 1)[-1]
        if rest.startswith("top "):
            return "phrase rules point to " + rest[4:].replace("_", " ")
        return None
    if kind == "c":
        return None  # fragments of words say little to a reader
    return f"{_ZONE_WORDS.get(kind + ':', 'text')}: '{rest}'"


@lru_cache(maxsize=4)
def load(path: str | None = None) -> Model | None:
    """The shipped model (None when no weights file is present)."""
    file = Path(path) if path else MODEL_PATH
    if not file.is_file():
        return None
    with np.load(file, allow_pickle=False) as data:
        meta = json.loads(str(data["meta"]))
        vocab = [str(v) for v in data["vocab"]]
        return Model(classes=tuple(str(c) for c in data["classes"]), index={f: i for i, f in enumerate(vocab)},
                     weights=data["weights"].astype(np.float32), bias=data["bias"].astype(np.float64),
                     temperature=float(data["temperature"]), meta=meta,
                     adjust=data["adjust"].astype(np.float64) if "adjust" in data else None)


def save(path: Path, *, classes, vocab, weights, bias, temperature: float, meta: dict, adjust=None) -> None:
    """Write the weights as an .npz whose bytes depend on the model only (fixed zip times)."""
    arrays = {"classes": np.array(classes), "vocab": np.array(vocab), "weights": np.asarray(weights, np.float16),
              "bias": np.asarray(bias, dtype=np.float32), "temperature": np.float64(temperature),
              "adjust": np.zeros(len(classes)) if adjust is None else np.asarray(adjust, dtype=np.float64),
              "meta": np.array(json.dumps({**meta, "feature_version": FEATURE_VERSION}, sort_keys=True))}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, array in arrays.items():
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, array, allow_pickle=False)
            archive.writestr(zipfile.ZipInfo(name + ".npy", date_time=(1980, 1, 1, 0, 0, 0)), buffer.getvalue(),
                             compress_type=zipfile.ZIP_DEFLATED)
