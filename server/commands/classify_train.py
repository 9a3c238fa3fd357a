"""``topofmind classify train``: reproduce the shipped classifier weights from the corpora."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

import topofmind
from topofmind.mail import learned

_REPOSITORY = Path(topofmind.__file__).resolve().parent.parent
OWN_CORPUS = (_REPOSITORY / "tests" / "data" / "corpus" / "corpus.jsonl",
              _REPOSITORY / "tests" / "data" / "corpus" / "shapes.jsonl")
SAMPLE = _REPOSITORY / "tests" / "data" / "classifier_sample.json"


@click.command("train")
@click.option("--devcorpus", type=click.Path(exists=True, dir_okay=False, path_type=Path), required=True,
              envvar="TOPOFMIND_DEVCORPUS", show_envvar=True,
              help="The development corpus of real mail (corpus.jsonl); its text never enters the repository.")
@click.option("--corpus", type=click.Path(exists=True, dir_okay=False, path_type=Path), multiple=True,
              default=OWN_CORPUS, show_default=True,
              help="The project's own labelled corpus (repeatable; candidates.json beside each file).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=learned.MODEL_PATH,
              show_default=True, help="Where to write the weights.")
@click.option("--sample", type=click.Path(dir_okay=False, path_type=Path), default=SAMPLE, show_default=True,
              help="Where to write the trained model's answers on a fixed sample of the own corpus (for the tests).")
@click.option("--folds", type=click.IntRange(2, 20), default=5, show_default=True,
              help="Cross-validation folds (they set the confidence temperature).")
@click.option("--seed", type=int, default=7, show_default=True)
def train_command(devcorpus: Path, corpus: tuple[Path, ...], out: Path, sample: Path, folds: int, seed: int) -> None:
    """Train the learned classifier: the same inputs give byte-identical weights.

    \b
    Reads both corpora through the run-time reading of a message, cross-validates on the
    development corpus (the own corpus always trains), sets the confidence temperature on
    the out-of-fold predictions, fits on everything and writes the weights (--out) and the
    sample answers (--sample). Needs scikit-learn: pip install -e '.[dev]'.

    \b
    Example:
      TOPOFMIND_DEVCORPUS=/path/to/corpus.jsonl topofmind classify train
    """
    try:
        from topofmind.mail import training
    except ImportError as exc:  # scikit-learn is a development dependency
        raise click.ClickException(f"{exc.name} is missing: install the dev extra (pip install -e '.[dev]')") from None

    def say(line: str) -> None:
        click.echo(line, err=True)

    say(f"reading {devcorpus} and {', '.join(map(str, corpus))}")
    dev = training.featurize(training.load_devcorpus(devcorpus))
    own = training.featurize(training.load_own(*corpus))
    say(f"{len(dev)} incoming development messages, {len(own)} own; {folds}-fold cross-validation")
    model, cv = training.train(dev, own, k=folds, seed=seed, progress=say)
    out.parent.mkdir(parents=True, exist_ok=True)
    training.export(model, out)
    answers = training.sample_predictions(learned.load.__wrapped__(str(out)), own)
    sample.write_text(json.dumps(answers, indent=1) + "\n", encoding="utf-8")
    say(f"wrote {out} ({out.stat().st_size // 1024} KiB, {len(model.index)} features) and {sample}")
    sys.stdout.flush()
