#!/usr/bin/env python3
"""An independent corpus writer: trains MLPs on modular addition with PyTorch, as a PyTorch user would,
and writes one JSON line per finished run in learncast's `corpus import` format.

Independent of learncast's trainer on purpose (a check of the forecaster on runs it did not make): the
data split, the initial weights and the minibatch order all come from torch's global RNG after
torch.manual_seed(seed) (randperm of the p² pairs, nn.Linear weights drawn with normal_, a randperm per
epoch with the last, smaller batch kept, as DataLoader(shuffle=True) does); torch.optim's AdamW/Adam/SGD;
F.cross_entropy. What is kept equal to learncast so a config means the same thing in both corpora:
one-hot operands (a, b) concatenated as the input, weights N(0, (init_scale/√fan_in)²) and zero biases,
weight decay on weights only (AdamW decoupled, Adam and SGD as L2 on the gradient), Adam betas
(0.9, 0.999), eps 1e-8, the training set round(train_frac·p²) pairs, the test set the rest (≤ 10,000),
train accuracy on the first ≤ 10,000 training pairs, evaluations at step 0, every eval_every steps and
the last step, and the property (test accuracy ≥ threshold, reached at an evaluation after step 0 and
held at the next `hold` evaluations; learncast's dataset-builder Property.reachedStep).

Every run trains to its full step budget (it does not stop when the property is confirmed), so any
smaller budget and any other property can be read off its curve. A run stops early only when it
diverges (a non-finite loss or weight norm, a weight norm above 1e6 or a training loss above 1e3 nats,
learncast's rule); a run that learned before diverging is recorded as learned, as the farm (which stops
at the confirmation) would have recorded it.

Usage (through bench/torch-corpus/run, which sets single-thread OpenBLAS and nice):
  bench/torch-corpus/run SPACE.yaml --out RUNS.jsonl [--limit N] [--part NAME] [--shard I/N] [--done-in FILE] [--plan]
A rerun skips the runs already in RUNS.jsonl (same config, seed and replica), so an interrupted
generation is completed by running the same command again. A writer locks its file: to train on two
cores, run two writers with --shard 1/2 and --shard 2/2, each with its own --out (and --done-in for the
files earlier writers left), then concatenate the files; corpus import reads them as one. Bad input: one line on stderr, exit code 2.
"""
import argparse
import fcntl
import hashlib
import itertools
import json
import math
import os
import random
import re
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

SOURCE = "torch-corpus"
TRAIN_EVAL_CAP = 10_000
TEST_CAP = 10_000
MAX_WEIGHT_NORM = 1e6
MAX_LOSS = 1e3

AXES = ("p", "train_frac", "n_train", "depth", "width", "activation", "optimizer", "lr", "wd", "batch", "init_scale")
ACTIVATIONS = ("relu", "tanh", "gelu", "quadratic")
OPTIMIZERS = ("adamw", "adam", "sgd")
SPACE_KEYS = {"name", "description", "task", "master_seed", "steps", "eval_every", "budgets", "threshold", "hold",
              "drop_last", "fixed", "derived", "parts"}
PART_KEYS = {"name", "replicas", "sampling", "axes", "fixed", "derived"}


class BadInput(Exception):
    """One clear line for the user: what is wrong, where, how to fix it."""


# ---------------------------------------------------------------------------------------------- the space

def is_prime(n):
    return n >= 2 and all(n % d for d in range(2, int(math.isqrt(n)) + 1))


def check_value(axis, v, where):
    """Allow-list of values per axis; returns the value normalised (batch 'full' stays a string)."""
    def num(lo, hi, integer=False):
        nonlocal v
        if isinstance(v, str):  # PyYAML reads 3e-4 (no dot) as text, YAML 1.1's rule; take it as the number it is
            try:
                v = float(v.strip())
            except ValueError:
                pass
        if isinstance(v, bool) or not isinstance(v, (int, float)) or (integer and (not float(v).is_integer())):
            raise BadInput(f"{where}: {axis} {v!r} is not a {'whole ' if integer else ''}number")
        x = int(v) if integer else float(v)
        if not (lo <= x <= hi) or not math.isfinite(x):
            raise BadInput(f"{where}: {axis} {v!r} is outside {lo}–{hi}")
        return x
    if axis == "p":
        x = num(2, 1000, True)
        if not is_prime(x):
            raise BadInput(f"{where}: p = {x} is not prime (modadd needs a prime modulus, e.g. 97)")
        return x
    if axis == "train_frac":
        x = num(0, 1)
        if x <= 0:
            raise BadInput(f"{where}: train_frac must be above 0")
        return x
    if axis == "n_train":
        return num(1, 1_000_000, True)
    if axis == "depth":
        return num(1, 4, True)
    if axis == "width":
        return num(1, 4096, True)
    if axis == "lr":
        x = num(0, 1e4)
        if x <= 0:
            raise BadInput(f"{where}: lr must be above 0")
        return x
    if axis == "wd":
        return num(0, 1e3)
    if axis == "init_scale":
        x = num(0, 100)
        if x <= 0:
            raise BadInput(f"{where}: init_scale must be above 0")
        return x
    if axis == "batch":
        if isinstance(v, str) and v.strip().lower() == "full":
            return "full"
        return num(1, 1_000_000, True)
    if axis == "activation":
        if v not in ACTIVATIONS:
            raise BadInput(f"{where}: activation {v!r} is not one of {', '.join(ACTIVATIONS)}")
        return v
    if axis == "optimizer":
        if v not in OPTIMIZERS:
            raise BadInput(f"{where}: optimizer {v!r} is not one of {', '.join(OPTIMIZERS)}")
        return v
    raise BadInput(f"{where}: unknown axis {axis!r} (allowed: {', '.join(AXES)})")


class Axis:
    """One axis: a list of values, weighted choices, or a continuous lin/log range (optionally n grid points, rounding)."""

    def __init__(self, name, spec, where):
        self.name = name
        where = f"{where}, axis {name}"
        self.where = where
        if name not in AXES:
            raise BadInput(f"{where}: unknown axis (allowed: {', '.join(AXES)})")
        self.values, self.weights, self.range, self.log, self.n, self.round, self.power = None, None, None, False, None, None, 1.0
        if isinstance(spec, list):
            if not spec:
                raise BadInput(f"{where}: the list of values is empty")
            self.values = [check_value(name, v, where) for v in spec]
        elif isinstance(spec, dict) and set(spec) == {"choices"}:
            ch = spec["choices"]
            if not isinstance(ch, dict) or not ch:
                raise BadInput(f"{where}: choices must map values to weights, e.g. {{adamw: 0.8, adam: 0.1, sgd: 0.1}}")
            self.values = [check_value(name, k, where) for k in ch]
            w = list(ch.values())
            if any(isinstance(x, bool) or not isinstance(x, (int, float)) or x <= 0 for x in w):
                raise BadInput(f"{where}: choice weights must be positive numbers")
            self.weights = [x / sum(w) for x in w]
        elif isinstance(spec, dict) and ("lin" in spec or "log" in spec) and set(spec) <= {"lin", "log", "n", "round", "power"}:
            if "lin" in spec and "log" in spec:
                raise BadInput(f"{where}: give lin or log, not both")
            self.log = "log" in spec
            r = spec["log" if self.log else "lin"]
            if not isinstance(r, list) or len(r) != 2:
                raise BadInput(f"{where}: a range is [low, high]")
            lo, hi = (check_value(name, x, where) for x in r)
            if isinstance(lo, str) or lo > hi or (self.log and lo <= 0):
                raise BadInput(f"{where}: range [{r[0]}, {r[1]}] is not a valid {'log' if self.log else 'linear'} range")
            self.range = (float(lo), float(hi))
            if "n" in spec:
                if not isinstance(spec["n"], int) or spec["n"] < 1:
                    raise BadInput(f"{where}: n must be a whole number ≥ 1")
                self.n = spec["n"]
            if "round" in spec:
                if not isinstance(spec["round"], (int, float)) or spec["round"] <= 0:
                    raise BadInput(f"{where}: round must be a positive step, e.g. 0.01")
                self.round = float(spec["round"])
            if "power" in spec:
                if isinstance(spec["power"], bool) or not isinstance(spec["power"], (int, float)) or not 0.1 <= spec["power"] <= 10:
                    raise BadInput(f"{where}: power must be a number in 0.1–10 (below 1 draws more near the high end)")
                self.power = float(spec["power"])
            if self.n is not None:
                self.values = [self._at((i + 0.5) / self.n if self.n > 1 else 0.5, grid_end=(i, self.n)) for i in range(self.n)]
        else:
            raise BadInput(f"{where}: expected a list of values, {{choices: {{value: weight}}}} or {{lin|log: [low, high], n?, round?, power?}}")

    def _at(self, u, grid_end=None):
        lo, hi = self.range
        if grid_end is not None:  # grid points include both ends
            i, n = grid_end
            u = 0.5 if n == 1 else i / (n - 1)
        if grid_end is None:
            u = u ** self.power  # power < 1 spends more draws near the high end (where the boundary lies)
        x = math.exp(math.log(lo) + u * (math.log(hi) - math.log(lo))) if self.log else lo + u * (hi - lo)
        if self.round:
            x = round(round(x / self.round) * self.round, 10)
        if self.name in ("p", "depth", "width", "n_train", "batch"):
            x = int(round(x))
        return check_value(self.name, x, self.where)

    def grid(self):
        if self.values is None:
            raise BadInput(f"{self.where}: a grid needs listed values or n points for a continuous range")
        return self.values

    def at(self, u):
        """The value at u ∈ [0, 1): listed values equally likely, choices by weight, ranges by interpolation."""
        if self.values is not None and self.weights is None:
            return self.values[min(int(u * len(self.values)), len(self.values) - 1)]
        if self.weights is not None:
            acc = 0.0
            for v, w in zip(self.values, self.weights):
                acc += w
                if u < acc:
                    return v
            return self.values[-1]
        return self._at(u)


def parse_condition(cond, where):
    if not isinstance(cond, dict) or not cond:
        raise BadInput(f"{where}: 'when' maps axes to a list of values or {{min, max}}")
    out = []
    for axis, test in cond.items():
        if axis not in AXES:
            raise BadInput(f"{where}: unknown axis {axis!r} in 'when'")
        if isinstance(test, list):
            out.append((axis, "in", [check_value(axis, v, where) for v in test]))
        elif isinstance(test, dict) and test and set(test) <= {"min", "max"}:
            out.append((axis, "range", (test.get("min", -math.inf), test.get("max", math.inf))))
        else:
            raise BadInput(f"{where}: condition on {axis} must be a list of values or {{min, max}}")
    return out


def matches(conds, cfg):
    for axis, kind, arg in conds:
        v = cfg.get(axis)
        if kind == "in" and v not in arg:
            return False
        if kind == "range" and (v is None or isinstance(v, str) or not (arg[0] <= v <= arg[1])):
            return False
    return True


def parse_derived(spec, where):
    """{field: [{when: {...}, value: v}, ..., {value: default}]}: the first rule that matches sets the field."""
    if spec is None:
        return {}
    if not isinstance(spec, dict):
        raise BadInput(f"{where}: derived maps a field to a list of rules [{{when: {{p: {{max: 47}}}}, value: full}}, {{value: 512}}]")
    out = {}
    for field, rules in spec.items():
        w = f"{where}, derived {field}"
        if field not in AXES:
            raise BadInput(f"{w}: unknown field (allowed: {', '.join(AXES)})")
        if not isinstance(rules, list) or not rules:
            raise BadInput(f"{w}: expected a list of rules")
        parsed = []
        for r in rules:
            if not isinstance(r, dict) or "value" not in r or not set(r) <= {"when", "value"}:
                raise BadInput(f"{w}: each rule is {{when: {{...}}, value: v}} (the last may omit when)")
            parsed.append((parse_condition(r["when"], w) if "when" in r else [], check_value(field, r["value"], w)))
        out[field] = parsed
    return out


def derive_seed(*parts):
    """A 62-bit seed from text parts: runs replay exactly, and a config's replicas get distinct seeds."""
    h = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(h[:8], "big") >> 2


class Space:
    def __init__(self, path):
        self.path = path
        try:
            with open(path, encoding="utf-8") as fh:
                text = fh.read()
        except OSError as e:
            raise BadInput(f"{path}: cannot read the space file ({e.strerror})")
        try:
            if path.endswith(".json"):
                doc = json.loads(text)
            else:
                import yaml
                doc = yaml.safe_load(text)
        except Exception as e:  # noqa: BLE001 - any parse error is the user's file
            mark, problem = getattr(e, "problem_mark", None), getattr(e, "problem", None)
            if problem and mark:
                msg = f"{problem} at line {mark.line + 1}, column {mark.column + 1}"
            else:
                msg = str(e).splitlines()[0] if str(e) else type(e).__name__
            raise BadInput(f"{path}: not valid {'JSON' if path.endswith('.json') else 'YAML'}: {msg}")
        if not isinstance(doc, dict):
            raise BadInput(f"{path}: expected a mapping with name, steps, eval_every and parts")
        unknown = set(doc) - SPACE_KEYS
        if unknown:
            raise BadInput(f"{path}: unknown key {sorted(unknown)[0]!r} (allowed: {', '.join(sorted(SPACE_KEYS))})")
        for k in ("name", "steps", "parts"):
            if k not in doc:
                raise BadInput(f"{path}: '{k}' is missing")
        self.name = str(doc["name"])
        if doc.get("task", "modadd") != "modadd":
            raise BadInput(f"{path}: task {doc['task']!r} is not supported (this writer trains modadd)")
        self.steps = self._int(doc, "steps", 1, 10_000_000)
        self.eval_every = self._int(doc, "eval_every", 1, self.steps, default=min(100, self.steps))
        self.master_seed = self._int(doc, "master_seed", 0, 2 ** 62, default=0)
        self.threshold = float(doc.get("threshold", 0.95))
        if not 0 < self.threshold <= 1:
            raise BadInput(f"{path}: threshold {self.threshold} is outside (0, 1]")
        self.hold = self._int(doc, "hold", 0, 100, default=1)
        self.drop_last = doc.get("drop_last", False)
        if not isinstance(self.drop_last, bool):
            raise BadInput(f"{path}: drop_last must be true or false")
        b = doc.get("budgets", [])
        if not isinstance(b, list) or any(not isinstance(x, int) or isinstance(x, bool) or not 1 <= x <= self.steps for x in b):
            raise BadInput(f"{path}: budgets must be a list of step counts in 1–{self.steps}")
        self.budgets = sorted(set(b) | {self.steps})
        fixed = self._fixed(doc.get("fixed"), f"{path}: fixed")
        derived = parse_derived(doc.get("derived"), path)
        if not isinstance(doc["parts"], list) or not doc["parts"]:
            raise BadInput(f"{path}: parts must be a non-empty list")
        self.parts = []
        names = set()
        for i, part in enumerate(doc["parts"]):
            where = f"{path}: part {i + 1}"
            if not isinstance(part, dict):
                raise BadInput(f"{where}: expected a mapping with name, replicas, sampling and axes")
            unknown = set(part) - PART_KEYS
            if unknown:
                raise BadInput(f"{where}: unknown key {sorted(unknown)[0]!r} (allowed: {', '.join(sorted(PART_KEYS))})")
            name = str(part.get("name", f"part{i + 1}"))
            if name in names:
                raise BadInput(f"{where}: part name {name!r} is used twice")
            names.add(name)
            where = f"{path}: part {name}"
            replicas = part.get("replicas", 1)
            if not isinstance(replicas, int) or isinstance(replicas, bool) or not 1 <= replicas <= 100:
                raise BadInput(f"{where}: replicas must be a whole number in 1–100")
            axes_doc = part.get("axes")
            if not isinstance(axes_doc, dict) or not axes_doc:
                raise BadInput(f"{where}: axes are missing")
            axes = [Axis(k, v, where) for k, v in axes_doc.items()]
            pfixed = dict(fixed)
            pfixed.update(self._fixed(part.get("fixed"), f"{where}, fixed"))
            pderived = dict(derived)
            pderived.update(parse_derived(part.get("derived"), where))
            sampling = part.get("sampling", "grid")
            if sampling == "grid":
                kind, count = "grid", None
            elif isinstance(sampling, dict) and len(sampling) == 1 and next(iter(sampling)) in ("random", "sobol"):
                kind, count = next(iter(sampling.items()))
                if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= 1_000_000:
                    raise BadInput(f"{where}: sampling {kind} needs a whole number of configs, e.g. {{{kind}: 200}}")
            else:
                raise BadInput(f"{where}: sampling must be grid, {{random: N}} or {{sobol: N}}")
            self.parts.append(dict(name=name, replicas=replicas, axes=axes, fixed=pfixed, derived=pderived, kind=kind, count=count))
        self.configs = None

    def _int(self, doc, k, lo, hi, default=None):
        v = doc.get(k, default)
        if isinstance(v, bool) or not isinstance(v, int) or not lo <= v <= hi:
            raise BadInput(f"{self.path}: {k} must be a whole number in {lo}–{hi}")
        return v

    @staticmethod
    def _fixed(spec, where):
        if spec is None:
            return {}
        if not isinstance(spec, dict):
            raise BadInput(f"{where}: expected a mapping of axis to one value")
        return {k: check_value(k, v, where) for k, v in spec.items()}

    def runs(self):
        """Every planned run. Configs come in a seeded shuffled order (so a partial corpus still covers the
        whole space), each config's replicas one after another (so a partial corpus already has complete
        seed groups for the noise floor)."""
        groups, seen = [], set()
        duplicates = 0
        for part in self.parts:
            for cfg in self._configs(part):
                group = []
                for r in range(part["replicas"]):
                    run = dict(cfg)
                    run["replica"] = r
                    run["seed"] = derive_seed("torch-corpus-v1", self.master_seed, group_identity(cfg), r)
                    run["part"] = part["name"]
                    k = run_key(run, self)
                    if k in seen:
                        duplicates += 1
                        continue
                    seen.add(k)
                    group.append(run)
                if group:
                    groups.append(group)
        random.Random(derive_seed("order", self.master_seed)).shuffle(groups)
        return [run for group in groups for run in group], duplicates

    def _configs(self, part):
        axes = part["axes"]
        if part["kind"] == "grid":
            points = [dict(zip([a.name for a in axes], combo)) for combo in itertools.product(*[a.grid() for a in axes])]
        else:
            seed = derive_seed("sample", self.master_seed, part["name"])
            if part["kind"] == "random":
                rng = random.Random(seed)
                us = [[rng.random() for _ in axes] for _ in range(part["count"])]
            else:
                eng = torch.quasirandom.SobolEngine(len(axes), scramble=True, seed=seed % (2 ** 31))
                us = eng.draw(part["count"], dtype=torch.float64).tolist()
            points = [{a.name: a.at(u) for a, u in zip(axes, row)} for row in us]
        out = []
        for pt in points:
            cfg = {"depth": 1, "width": 128, "activation": "relu", "optimizer": "adamw", "lr": 1e-3, "wd": 1.0,
                   "batch": 512, "init_scale": 1.0}
            cfg.update(part["fixed"])
            cfg.update(pt)
            for field, rules in part["derived"].items():
                if field in pt:
                    continue  # a sampled axis wins over a derived default
                for conds, value in rules:
                    if matches(conds, cfg):
                        cfg[field] = value
                        break
            if "p" not in cfg:
                raise BadInput(f"{self.path}: part {part['name']}: p is neither an axis nor fixed")
            if ("train_frac" in cfg) == ("n_train" in cfg):
                raise BadInput(f"{self.path}: part {part['name']}: give exactly one of train_frac and n_train")
            n = n_train_of(cfg)
            if n >= cfg["p"] ** 2:
                raise BadInput(f"{self.path}: part {part['name']}: {n} training pairs leave no test pairs for p = {cfg['p']}")
            out.append(cfg)
        return out


def n_train_of(cfg):
    if "n_train" in cfg:
        return cfg["n_train"]
    return max(1, math.floor(cfg["train_frac"] * cfg["p"] ** 2 + 0.5))  # Java's Math.round, as learncast


def fmt(v):
    return "full" if v == "full" else repr(float(v)) if isinstance(v, float) else str(v)


def group_identity(cfg):
    keys = ("p", "train_frac", "n_train", "depth", "width", "activation", "optimizer", "lr", "wd", "batch", "init_scale")
    return ";".join(f"{k}={fmt(cfg[k])}" for k in keys if k in cfg)


def run_key(run, space):
    return f"{group_identity(run)};steps={space.steps};every={space.eval_every};seed={run['seed']};replica={run['replica']}"


def key_of_record(rec):
    """The run key of a line already written (read back from its own fields)."""
    cfg = {k: rec[k] for k in AXES if k in rec and rec[k] is not None}
    for k in ("train_frac", "lr", "wd", "init_scale"):
        if k in cfg:
            cfg[k] = float(cfg[k])
    return f"{group_identity(cfg)};steps={rec['steps']};every={rec['eval_every']};seed={rec['seed']};replica={rec['replica']}"


# ---------------------------------------------------------------------------------------------- training

def reached_step(curve, budget, threshold, hold):
    """learncast's Property.reachedStep for test accuracy: the first evaluation after step 0 at which the
    threshold is met and met again at the next `hold` evaluations, all within the budget; (step, confirm step)."""
    n = len(curve)
    for i in range(n - hold):
        if curve[i + hold][0] > budget:
            break
        if curve[i][0] <= 0:
            continue
        if all(curve[j][2] is not None and curve[j][2] >= threshold for j in range(i, i + hold + 1)):
            return curve[i][0], curve[i + hold][0]
    return None


def train(run, space):
    p = run["p"]
    n = n_train_of(run)
    u = p * p
    torch.manual_seed(run["seed"])
    perm = torch.randperm(u)
    n_test = min(TEST_CAP, u - n)
    a, b = perm // p, perm % p
    x_all = torch.zeros(u, 2 * p)
    x_all[torch.arange(u), a] = 1.0
    x_all[torch.arange(u), p + b] = 1.0
    y_all = (a + b) % p
    xtr, ytr = x_all[:n], y_all[:n]
    xte, yte = x_all[n:n + n_test], y_all[n:n + n_test]
    xev, yev = xtr[:TRAIN_EVAL_CAP], ytr[:TRAIN_EVAL_CAP]

    act = {"relu": nn.ReLU, "tanh": nn.Tanh, "gelu": SigmoidGelu, "quadratic": Square}[run["activation"]]
    sizes = [2 * p] + [run["width"]] * run["depth"] + [p]
    layers = []
    for i in range(len(sizes) - 1):
        lin = nn.Linear(sizes[i], sizes[i + 1])
        with torch.no_grad():
            lin.weight.normal_(0.0, run["init_scale"] / math.sqrt(sizes[i]))
            lin.bias.zero_()
        layers.append(lin)
        if i < len(sizes) - 2:
            layers.append(act())
    model = nn.Sequential(*layers)
    weights = [m.weight for m in model if isinstance(m, nn.Linear)]
    biases = [m.bias for m in model if isinstance(m, nn.Linear)]
    groups = [{"params": weights, "weight_decay": run["wd"]}, {"params": biases, "weight_decay": 0.0}]
    if run["optimizer"] == "adamw":
        opt = torch.optim.AdamW(groups, lr=run["lr"], betas=(0.9, 0.999), eps=1e-8)
    elif run["optimizer"] == "adam":
        opt = torch.optim.Adam(groups, lr=run["lr"], betas=(0.9, 0.999), eps=1e-8)
    else:
        opt = torch.optim.SGD(groups, lr=run["lr"])

    def measure(x, y):
        logits = model(x)
        loss = F.cross_entropy(logits, y).item()
        correct = int((logits.argmax(1) == y).sum())
        return correct / y.shape[0], loss

    def finite(v):
        return v if v is not None and math.isfinite(v) else None

    def r6(v):
        return None if v is None else float(f"{v:.6g}")

    def evaluate(step):
        model.eval()
        with torch.no_grad():
            tr_acc, tr_loss = measure(xev, yev)
            te_acc, te_loss = measure(xte, yte)
            norm = math.sqrt(sum(float((q * q).sum()) for q in weights + biases))
        model.train()
        pt = [step, round(tr_acc, 6), round(te_acc, 6), r6(finite(tr_loss)), r6(finite(te_loss)), r6(finite(norm))]
        diverged = (pt[3] is None or pt[4] is None or pt[5] is None or norm > MAX_WEIGHT_NORM or tr_loss > MAX_LOSS)
        return pt, diverged

    full = run["batch"] == "full" or run["batch"] >= n
    bsz = n if full else run["batch"]
    batches = []  # the current epoch's remaining batches
    steps, every = space.steps, space.eval_every
    t0, c0 = time.perf_counter(), time.process_time()
    pt, diverged = evaluate(0)
    curve = [pt]
    trained = 0
    for step in range(1, steps + 1):
        if full:
            xb, yb = xtr, ytr
        else:
            if not batches:
                order = torch.randperm(n)
                batches = list(torch.split(order, bsz))
                if space.drop_last and len(batches[-1]) < bsz:
                    batches.pop()
                batches.reverse()
            idx = batches.pop()
            xb, yb = xtr[idx], ytr[idx]
        loss = F.cross_entropy(model(xb), yb)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        trained = step
        if step % every == 0 or step == steps:
            pt, diverged = evaluate(step)
            curve.append(pt)
            if diverged:
                break
    wall_ms = int((time.perf_counter() - t0) * 1000)
    cpu_ms = int((time.process_time() - c0) * 1000)

    reach = reached_step(curve, steps, space.threshold, space.hold)
    learned = reach is not None
    last = curve[-1]
    accs = [c[2] for c in curve if c[2] is not None]
    rec = {
        "source": SOURCE,
        "task": "modadd", "p": p,
        "depth": run["depth"], "width": run["width"], "activation": run["activation"], "optimizer": run["optimizer"],
        "lr": run["lr"], "wd": run["wd"], "batch": run["batch"],
    }
    if "train_frac" in run:
        rec["train_frac"] = run["train_frac"]
    else:
        rec["n_train"] = run["n_train"]
    rec.update({
        "label_noise": 0, "seed": run["seed"], "steps": steps, "eval_every": every,
        "learned": learned, "steps_to_learn": reach[0] if learned else -1,
        "final_test_acc": last[2], "best_test_acc": max(accs) if accs else None, "final_train_acc": last[1],
        "diverged": diverged and not learned,
        "metric": "test_acc", "threshold": space.threshold, "hold": space.hold, "init_scale": run["init_scale"],
        "replica": run["replica"], "budgets": space.budgets, "confirm_step": reach[1] if learned else -1,
        "steps_trained": trained, "final_test_loss": last[4], "final_train_loss": last[3],
        "wall_ms": wall_ms, "trainer": f"pytorch-{torch.__version__}",
        # learncast's drop_last knob: whether the epoch's incomplete last batch was dropped (false: kept, DataLoader's default)
        "drop_last": space.drop_last,
        # not learncast fields: kept in the run's provenance
        "space": space.name, "part": run["part"], "cpu_ms": cpu_ms, "n_train_used": n, "batches_per_epoch": math.ceil(n / bsz),
    })
    if diverged and learned:
        rec["diverged_after_learning_at"] = trained
    rec["curve"] = curve
    return rec


class Square(nn.Module):
    def forward(self, x):
        return x * x


class SigmoidGelu(nn.Module):
    """x·sigmoid(1.702x): the GELU approximation learncast's `gelu` means (DL4J's ActivationGELU(false))."""

    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


# ---------------------------------------------------------------------------------------------- output

class Output:
    """Append-only JSON lines, locked against a second writer; one write + flush + fsync per finished run."""

    def __init__(self, path):
        self.path = path
        d = os.path.dirname(os.path.abspath(path))
        if not os.path.isdir(d):
            raise BadInput(f"--out {path}: the folder {d} does not exist (create it first)")
        try:
            self.fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        except OSError as e:
            raise BadInput(f"--out {path}: cannot open for appending ({e.strerror})")
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise BadInput(f"--out {path}: another torch_corpus is writing this file (wait for it, or choose another --out)")
        self.done = set()
        self.repaired = 0
        self._read_back()

    def _read_back(self):
        size = os.fstat(self.fd).st_size
        if size == 0:
            return
        with open(self.path, "rb") as fh:
            data = fh.read()
        if not data.endswith(b"\n"):
            # an interrupted write left a partial last line: drop it, the run is trained again
            cut = data.rfind(b"\n") + 1
            os.ftruncate(self.fd, cut)
            self.repaired = len(data) - cut
            data = data[:cut]
        for i, line in enumerate(data.decode("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                self.done.add(key_of_record(json.loads(line)))
            except (ValueError, KeyError, TypeError) as e:
                raise BadInput(f"--out {self.path}: line {i} is not a record this writer made ({type(e).__name__}: {e}); "
                               f"write to a new file, or remove that line")

    def write(self, rec):
        line = (json.dumps(rec, separators=(",", ":"), allow_nan=False) + "\n").encode("utf-8")
        os.write(self.fd, line)  # O_APPEND: one write per line
        os.fsync(self.fd)


def written(path):
    """The records already in an output file, by run key, read without the writer's lock (for --plan while it runs)."""
    out = {}
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.endswith("\n"):  # a line still being written is not done yet
                try:
                    rec = json.loads(line)
                    out[key_of_record(rec)] = rec
                except (ValueError, KeyError, TypeError):
                    pass
    return out


def blas_in_use():
    try:
        with open("/proc/self/maps") as fh:
            maps = fh.read()
    except OSError:
        return "unknown"
    if "openblas" in maps:
        return "openblas-pthread" if "openblas-pthread" in maps else "openblas"
    if "libblas" in maps:
        return "reference BLAS (slow: run through bench/torch-corpus/run)"
    return "unknown"


def describe(run):
    size = f"tf={run['train_frac']:.2f}" if "train_frac" in run else f"n={run['n_train']}"
    return (f"p={run['p']} {size} d{run['depth']}w{run['width']} {run['optimizer']} lr={run['lr']:g} wd={run['wd']:g} "
            f"b={run['batch']} r{run['replica']}")


def parse_shard(text):
    """'I/N' → (I, N), 1 ≤ I ≤ N ≤ 64."""
    m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", text)
    if not m or not (1 <= int(m.group(1)) <= int(m.group(2)) <= 64):
        raise BadInput(f"--shard {text}: expected I/N with 1 ≤ I ≤ N ≤ 64, e.g. 1/2 and 2/2 for two writers")
    return int(m.group(1)), int(m.group(2))


def main(argv):
    ap = argparse.ArgumentParser(prog="bench/torch-corpus/run", description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("space", help="the space file (YAML or JSON), e.g. bench/torch-corpus/torch-mlp-v1.yaml")
    ap.add_argument("--out", help="the JSON-lines file to append to (runs already in it are skipped)")
    ap.add_argument("--limit", type=int, help="train at most this many new runs, then stop")
    ap.add_argument("--part", action="append", help="only this part of the space (repeatable)")
    ap.add_argument("--plan", action="store_true", help="print the planned runs per part and p (with --out: how many are done), and exit")
    ap.add_argument("--shard", metavar="I/N", help="only every N-th planned run, starting at the I-th (1 ≤ I ≤ N): "
                    "N writers, each with its own --out, train the space side by side")
    ap.add_argument("--done-in", action="append", default=[], metavar="FILE",
                    help="runs already in this file count as done too (repeatable; read, never written): "
                         "a shard's writer skips what other files hold")
    args = ap.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        raise BadInput("--limit must be at least 1")
    shard = parse_shard(args.shard) if args.shard else None
    for f in args.done_in:
        if not os.path.isfile(f):
            raise BadInput(f"--done-in {f}: no such file (give a JSON-lines file a writer produced)")
        if args.out and os.path.abspath(f) == os.path.abspath(args.out):
            raise BadInput(f"--done-in {f}: that is the --out file, whose runs are skipped anyway")
    space = Space(args.space)
    if args.part:
        unknown = [x for x in args.part if x not in [p["name"] for p in space.parts]]
        if unknown:
            raise BadInput(f"--part {unknown[0]}: no such part in {args.space} (parts: {', '.join(p['name'] for p in space.parts)})")
    runs, dup = space.runs()
    if args.part:
        runs = [r for r in runs if r["part"] in args.part]
    if shard:
        runs = [r for i, r in enumerate(runs) if i % shard[1] == shard[0] - 1]
    elsewhere = {}
    for f in args.done_in:
        elsewhere.update(written(f))
    if args.plan:
        done = dict(elsewhere)
        done.update(written(args.out) if args.out else {})
        print(f"{space.name}: {len(runs)} runs ({dup} duplicate draws dropped), {space.steps} steps, eval every {space.eval_every}"
              + (f"; in {args.out}: as done / planned (learned), CPU-hours so far" if args.out else ""))
        for part in space.parts:
            mine = [r for r in runs if r["part"] == part["name"]]
            by_p = {}
            for r in mine:
                c = by_p.setdefault(r["p"], [0, 0, 0, 0.0])
                c[0] += 1
                rec = done.get(run_key(r, space))
                if rec:
                    c[1] += 1
                    c[2] += bool(rec["learned"])
                    c[3] += rec.get("cpu_ms", 0) / 3.6e6
            cells = [f"{k}: {c[1]}/{c[0]} ({c[2]})" if args.out else f"{k}: {c[0]}" for k, c in sorted(by_p.items())]
            cpu = f", {sum(c[3] for c in by_p.values()):.2f} CPU-h" if args.out else ""
            print(f"  {part['name']}: {len(mine)} runs ({part['replicas']} per config){cpu}; by p: " + ", ".join(cells))
        return 0
    if not args.out:
        raise BadInput("--out is missing: the JSON-lines file to write (e.g. /work/corpora/torch-mlp-v1/runs.jsonl)")
    out = Output(args.out)
    torch.set_num_threads(1)
    torch.set_num_interop_threads(1)

    todo = [r for r in runs if run_key(r, space) not in out.done and run_key(r, space) not in elsewhere]
    already = len(runs) - len(todo)
    if args.limit is not None:
        todo = todo[:args.limit]
    print(f"{space.name}: {len(runs)} runs planned, {already} already in {args.out}, {len(todo)} to train now; torch {torch.__version__}, "
          f"{torch.get_num_threads()} thread, BLAS {blas_in_use()}"
          + (f"; dropped a partial last line ({out.repaired} bytes)" if out.repaired else ""), flush=True)
    cpu_done, learned = 0.0, 0
    for i, run in enumerate(todo, 1):
        rec = train(run, space)
        out.write(rec)
        cpu_done += rec["cpu_ms"] / 1000
        learned += rec["learned"]
        eta = cpu_done / i * (len(todo) - i)
        verdict = (f"learned at {rec['steps_to_learn']}" if rec["learned"]
                   else "diverged" if rec["diverged"] else "not learned")
        print(f"[{i}/{len(todo)}] {describe(run)}: {verdict} (test {rec['final_test_acc']:.3f}, best {rec['best_test_acc']:.3f}, "
              f"train {rec['final_train_acc']:.3f}) {rec['cpu_ms'] / 1000:.1f} s | {learned}/{i} learned, "
              f"{cpu_done / 60:.1f} CPU-min, ~{eta / 60:.0f} min to go", flush=True)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except BadInput as e:
        print(f"torch_corpus: {e}", file=sys.stderr)
        sys.exit(2)
    except KeyboardInterrupt:
        print("torch_corpus: interrupted; every finished run is written, rerun the same command to continue", file=sys.stderr)
        sys.exit(130)
