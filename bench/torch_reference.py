#!/usr/bin/env python3
"""PyTorch reference trainer for learncast's speed benchmark (bench/speed).

Reads one JSON request per line on stdin and answers one JSON line on stdout, so the Java side can
alternate learncast and PyTorch in one run on one warm process each. Every request names a workload
(network shape, optimiser, batch, steps, evaluation interval) and carries its dataset, so both sides
train on exactly the same examples.

Variants:
  single     one run at a time, "as researchers write it": one-hot inputs, nn.Sequential of nn.Linear,
             torch.optim, F.cross_entropy, an evaluation every eval_every steps.
  embedding  like single, but the first layer is nn.EmbeddingBag(mode="sum") over position-offset tokens
             (what one-hot @ W computes), for token tasks only.
  batched    M same-shaped runs in one computation: weights stacked [M, fan_in, fan_out], torch.baddbmm,
             one optimiser over the stacks, each run with its own data order.

Transformers (spec kind "transformer"; the dataset holds each example's token sequence, read-out token
last, as learncast's SequenceFormat writes it):
  single     one run at a time with hand-written attention, as research code (e.g. Nanda et al.'s) writes
             it: nn.Embedding + a positional nn.Parameter, nn.Linear projections, q @ k^T / sqrt(d_head)
             plus a -inf causal mask, softmax, residual stream, ReLU MLP, optional nn.LayerNorm (pre-LN and
             final), logits at every position and the last one read.
  mha        the same with nn.MultiheadAttention (batch_first, attn_mask) for the attention.
  batched    M same-shaped runs stacked ([M, ...] parameters), torch.baddbmm for every projection and
             einsum for the attention, each run with its own data order; logits at the read-out position.
  Init: every weight matrix (embeddings, in_proj/qkv, out_proj, MLP, unembedding) N(0, (init_scale /
  sqrt(fan_in))^2) with fan_in = d_model (d_mlp for the MLP's second matrix), biases 0, LayerNorm gain 1;
  weight decay on those matrices only.

Same maths as learncast: weights N(0, (init_scale/sqrt(fan_in))^2), biases 0; mean cross-entropy per run;
SGD (decay = lr*wd*w), Adam (L2: wd*w added to the gradient), AdamW (decoupled), weight decay on weights
only; Adam betas (0.9, 0.999), eps 1e-8. Evaluations at step 0, every eval_every steps and the last step:
train loss/acc (first 10,000 training examples), test loss/acc, weight norm.

Run with one thread and OpenBLAS (Debian's default reference BLAS is several times slower):
  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/torch_reference.py
"""
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

torch.set_num_threads(1)
torch.set_num_interop_threads(1)

TRAIN_EVAL_CAP = 10_000
ACTIVATIONS = {
    "relu": nn.ReLU,
    "tanh": nn.Tanh,
    "gelu": lambda: SigmoidGelu(),
    "quadratic": lambda: Square(),
}


class Square(nn.Module):
    def forward(self, x):
        return x * x


class SigmoidGelu(nn.Module):
    """x * sigmoid(1.702 x): the GELU approximation DL4J's ActivationGELU(false) uses."""

    def forward(self, x):
        return x * torch.sigmoid(1.702 * x)


def act_fn(name):
    if name == "relu":
        return torch.relu
    if name == "tanh":
        return torch.tanh
    if name == "gelu":
        return lambda x: x * torch.sigmoid(1.702 * x)
    if name == "quadratic":
        return lambda x: x * x
    raise ValueError(name)


def optimiser(spec, decayed, plain):
    lr, wd, kind = spec["lr"], spec["wd"], spec["optimizer"]
    groups = [{"params": decayed, "weight_decay": wd}, {"params": plain, "weight_decay": 0.0}]
    if kind == "sgd":
        return torch.optim.SGD(groups, lr=lr)  # coupled L2 on SGD == decoupled lr*wd*w
    if kind == "adam":
        return torch.optim.Adam(groups, lr=lr, betas=(0.9, 0.999), eps=1e-8)
    if kind == "adamw":
        return torch.optim.AdamW(groups, lr=lr, betas=(0.9, 0.999), eps=1e-8)
    raise ValueError(kind)


class Data:
    """A workload's dataset as tensors: one-hot inputs, offset token indices, labels."""

    def __init__(self, spec, data):
        self.tokens = spec["kind"] == "tokens"
        p, v, d = spec["positions"], spec["vocab"], spec["dim"]
        self.train_y = torch.tensor(data["train_y"], dtype=torch.long)
        self.test_y = torch.tensor(data["test_y"], dtype=torch.long)
        if self.tokens:
            offs = torch.arange(p) * v
            self.train_tok = torch.tensor(data["train_x"], dtype=torch.long).reshape(-1, p) + offs
            self.test_tok = torch.tensor(data["test_x"], dtype=torch.long).reshape(-1, p) + offs
            self.train_x = one_hot(self.train_tok, d)
            self.test_x = one_hot(self.test_tok, d)
        else:
            self.train_x = torch.tensor(data["train_x"], dtype=torch.float32).reshape(-1, d)
            self.test_x = torch.tensor(data["test_x"], dtype=torch.float32).reshape(-1, d)
        self.n = self.train_y.shape[0]
        cap = min(self.n, TRAIN_EVAL_CAP)
        self.eval_train = (self.train_x[:cap], self.train_y[:cap], self.train_tok[:cap] if self.tokens else None)
        self.eval_test = (self.test_x, self.test_y, self.test_tok if self.tokens else None)


def one_hot(tok, d):
    x = torch.zeros(tok.shape[0], d)
    x.scatter_(1, tok, 1.0)
    return x


def sizes(spec):
    return [spec["dim"]] + [spec["width"]] * spec["depth"] + [spec["classes"]]


def init_(weight, fan_in, scale):
    with torch.no_grad():
        weight.normal_(0.0, scale / math.sqrt(fan_in))


class Orders:
    """Per-run epoch permutations, incomplete last batch dropped; full batch = all examples in order."""

    def __init__(self, n, batch, runs, gen):
        self.n, self.runs, self.gen = n, runs, gen
        self.b = n if batch <= 0 or batch >= n else batch
        self.full = self.b == n
        self.pos = n
        self.perm = None

    def next(self):
        if self.full:
            return None
        if self.pos + self.b > self.n:
            self.perm = torch.argsort(torch.rand(self.runs, self.n, generator=self.gen), dim=1)
            self.pos = 0
        idx = self.perm[:, self.pos:self.pos + self.b]
        self.pos += self.b
        return idx


# ---------------------------------------------------------------- one run at a time, as researchers write it

def build_single(spec, embedding):
    s = sizes(spec)
    act = ACTIVATIONS[spec["activation"]]
    layers = []
    if embedding:
        first = nn.EmbeddingBag(s[0], s[1], mode="sum")
        init_(first.weight, s[0], spec["init_scale"])
        bias = nn.Parameter(torch.zeros(s[1]))
    else:
        first = nn.Linear(s[0], s[1])
        init_(first.weight, s[0], spec["init_scale"])
        nn.init.zeros_(first.bias)
        bias = None
    rest = []
    for i in range(1, len(s) - 1):
        rest.append(act())
        lin = nn.Linear(s[i], s[i + 1])
        init_(lin.weight, s[i], spec["init_scale"])
        nn.init.zeros_(lin.bias)
        rest.append(lin)
    return first, bias, nn.Sequential(*rest)


def train_single(spec, d, steps, every, seed, embedding):
    torch.manual_seed(seed)
    first, bias, rest = build_single(spec, embedding)
    weights = [first.weight] + [m.weight for m in rest if isinstance(m, nn.Linear)]
    biases = ([bias] if embedding else [first.bias]) + [m.bias for m in rest if isinstance(m, nn.Linear)]
    opt = optimiser(spec, weights, biases)

    def forward(x, tok):
        h = first(tok) + bias if embedding else first(x)
        return rest(h)

    def evaluate():
        with torch.no_grad():
            out = []
            for x, y, tok in (d.eval_train, d.eval_test):
                logits = forward(x, tok)
                out += [F.cross_entropy(logits, y).item(), (logits.argmax(1) == y).float().mean().item()]
            out.append(math.sqrt(sum(float((p * p).sum()) for p in weights + biases)))
            return out

    order = Orders(d.n, spec["batch"], 1, torch.Generator().manual_seed(seed))
    last = evaluate()
    for step in range(1, steps + 1):
        idx = order.next()
        if idx is None:
            x, tok, y = d.train_x, d.train_tok if d.tokens else None, d.train_y
        else:
            i = idx[0]
            x = None if embedding else d.train_x[i]
            tok = d.train_tok[i] if embedding else None
            y = d.train_y[i]
        loss = F.cross_entropy(forward(x, tok), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if step % every == 0 or step == steps:
            last = evaluate()
    return last


# ---------------------------------------------------------------- many runs in one batched computation

def train_batched(spec, d, runs, steps, every, seed):
    torch.manual_seed(seed)
    s = sizes(spec)
    act = act_fn(spec["activation"])
    ws, bs = [], []
    for i in range(len(s) - 1):
        w = torch.empty(runs, s[i], s[i + 1])
        init_(w, s[i], spec["init_scale"])
        ws.append(w.requires_grad_())
        bs.append(torch.zeros(runs, 1, s[i + 1], requires_grad=True))
    opt = optimiser(spec, ws, bs)
    classes = s[-1]

    def forward(x):  # x: [runs, n, in] or [n, in] (shared)
        h = x
        for i in range(len(ws)):
            h = torch.baddbmm(bs[i], h, ws[i]) if h.dim() == 3 else torch.matmul(h, ws[i]) + bs[i]
            if i < len(ws) - 1:
                h = act(h)
        return h

    def evaluate():
        with torch.no_grad():
            out = []
            for x, y, _ in (d.eval_train, d.eval_test):
                logits = forward(x)  # [runs, n, classes]
                loss = F.cross_entropy(logits.reshape(-1, classes), y.repeat(runs)).item()
                out += [loss, (logits.argmax(2) == y).float().mean().item()]
            out.append(math.sqrt(sum(float((p * p).sum()) for p in ws + bs) / runs))
            return out

    order = Orders(d.n, spec["batch"], runs, torch.Generator().manual_seed(seed))
    last = evaluate()
    for step in range(1, steps + 1):
        idx = order.next()
        if idx is None:
            x = d.train_x.expand(runs, -1, -1)
            y = d.train_y.repeat(runs)
        else:
            x = d.train_x[idx]
            y = d.train_y[idx].reshape(-1)
        logits = forward(x)
        # sum over runs of each run's mean loss: every run gets its own mean-gradient
        loss = F.cross_entropy(logits.reshape(-1, classes), y) * runs
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if step % every == 0 or step == steps:
            last = evaluate()
    return last


# ---------------------------------------------------------------- transformers

class TfmData:
    """A transformer workload's dataset: token sequences [n, T] (read-out token last) and labels."""

    def __init__(self, spec, data):
        t = spec["positions"]
        self.train_x = torch.tensor(data["train_x"], dtype=torch.long).reshape(-1, t)
        self.test_x = torch.tensor(data["test_x"], dtype=torch.long).reshape(-1, t)
        self.train_y = torch.tensor(data["train_y"], dtype=torch.long)
        self.test_y = torch.tensor(data["test_y"], dtype=torch.long)
        self.n = self.train_y.shape[0]
        cap = min(self.n, TRAIN_EVAL_CAP)
        self.eval_train = (self.train_x[:cap], self.train_y[:cap])
        self.eval_test = (self.test_x, self.test_y)


def causal_mask(t):
    return torch.triu(torch.full((t, t), float("-inf")), diagonal=1)


class Block(nn.Module):
    """One pre-LN (optional) block with hand-written causal multi-head attention and a ReLU MLP."""

    def __init__(self, spec, mha):
        super().__init__()
        d, h, m = spec["d_model"], spec["heads"], spec["d_mlp"]
        self.d, self.h, self.dh = d, h, d // h
        self.ln1 = nn.LayerNorm(d) if spec["layer_norm"] else nn.Identity()
        self.ln2 = nn.LayerNorm(d) if spec["layer_norm"] else nn.Identity()
        self.mha = nn.MultiheadAttention(d, h, batch_first=True) if mha else None
        if not mha:
            self.qkv = nn.Linear(d, 3 * d)
            self.out = nn.Linear(d, d)
        self.mlp_in = nn.Linear(d, m)
        self.mlp_out = nn.Linear(m, d)

    def forward(self, x, mask):
        a = self.ln1(x)
        if self.mha is not None:
            z, _ = self.mha(a, a, a, attn_mask=mask, need_weights=False)
            x = x + z
        else:
            b, t, _ = x.shape
            q, k, v = self.qkv(a).split(self.d, dim=-1)
            q = q.view(b, t, self.h, self.dh).transpose(1, 2)
            k = k.view(b, t, self.h, self.dh).transpose(1, 2)
            v = v.view(b, t, self.h, self.dh).transpose(1, 2)
            att = (q @ k.transpose(-2, -1)) / math.sqrt(self.dh) + mask
            z = (att.softmax(dim=-1) @ v).transpose(1, 2).reshape(b, t, self.d)
            x = x + self.out(z)
        return x + self.mlp_out(F.relu(self.mlp_in(self.ln2(x))))


class Transformer(nn.Module):
    def __init__(self, spec, mha):
        super().__init__()
        d, t = spec["d_model"], spec["positions"]
        self.embed = nn.Embedding(spec["vocab"], d)
        self.pos = nn.Parameter(torch.empty(t, d))
        self.blocks = nn.ModuleList([Block(spec, mha) for _ in range(spec["layers"])])
        self.ln_f = nn.LayerNorm(d) if spec["layer_norm"] else nn.Identity()
        self.unembed = nn.Linear(d, spec["classes"])
        self.register_buffer("mask", causal_mask(t))
        s = spec["init_scale"]
        for name, p in self.named_parameters():
            if p.dim() >= 2:  # Linear weights are [out, in]; embeddings and in_proj fan in from d_model
                fan_in = p.shape[1] if ("weight" in name and not name.startswith("embed")) else d
                if name.endswith("in_proj_weight"):
                    fan_in = d
                init_(p, fan_in, s)
            elif "ln" not in name:
                nn.init.zeros_(p)

    def forward(self, x):
        h = self.embed(x) + self.pos
        for b in self.blocks:
            h = b(h, self.mask)
        return self.unembed(self.ln_f(h))[:, -1]  # logits at every position, the read-out one kept


def tfm_optimiser(spec, params):
    decayed = [p for n, p in params if p.dim() >= 2]
    plain = [p for n, p in params if p.dim() < 2]
    return optimiser(spec, decayed, plain)


def train_tfm_single(spec, d, steps, every, seed, mha):
    torch.manual_seed(seed)
    model = Transformer(spec, mha)
    params = list(model.named_parameters())
    opt = tfm_optimiser(spec, params)

    def evaluate():
        with torch.no_grad():
            out = []
            for x, y in (d.eval_train, d.eval_test):
                logits = model(x)
                out += [F.cross_entropy(logits, y).item(), (logits.argmax(1) == y).float().mean().item()]
            out.append(math.sqrt(sum(float((p * p).sum()) for _, p in params)))
            return out

    order = Orders(d.n, spec["batch"], 1, torch.Generator().manual_seed(seed))
    last = evaluate()
    for step in range(1, steps + 1):
        idx = order.next()
        x, y = (d.train_x, d.train_y) if idx is None else (d.train_x[idx[0]], d.train_y[idx[0]])
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if step % every == 0 or step == steps:
            last = evaluate()
    return last


def train_tfm_batched(spec, d, runs, steps, every, seed):
    torch.manual_seed(seed)
    dm, h, m, t, v, c = spec["d_model"], spec["heads"], spec["d_mlp"], spec["positions"], spec["vocab"], spec["classes"]
    dh, s, ln = dm // h, spec["init_scale"], spec["layer_norm"]

    def weight(*shape, fan_in):
        w = torch.empty(runs, *shape)
        init_(w, fan_in, s)
        return w.requires_grad_()

    def zeros(*shape):
        return torch.zeros(runs, *shape, requires_grad=True)

    def ones(*shape):
        return torch.ones(runs, *shape, requires_grad=True)

    embed, pos = weight(v, dm, fan_in=dm), weight(t, dm, fan_in=dm)
    blocks = []
    for _ in range(spec["layers"]):
        blocks.append({"qkv": weight(dm, 3 * dm, fan_in=dm), "qkv_b": zeros(1, 3 * dm), "out": weight(dm, dm, fan_in=dm),
                       "out_b": zeros(1, dm), "in": weight(dm, m, fan_in=dm), "in_b": zeros(1, m),
                       "mlp_out": weight(m, dm, fan_in=m), "mlp_out_b": zeros(1, dm),
                       "g1": ones(1, dm), "b1": zeros(1, dm), "g2": ones(1, dm), "b2": zeros(1, dm)})
    final = {"g": ones(1, dm), "b": zeros(1, dm)}
    unembed, unembed_b = weight(dm, c, fan_in=dm), zeros(1, c)
    decayed = [embed, pos, unembed] + [b[k] for b in blocks for k in ("qkv", "out", "in", "mlp_out")]
    plain = [unembed_b] + [b[k] for b in blocks for k in ("qkv_b", "out_b", "in_b", "mlp_out_b")]
    if ln:
        plain += [final["g"], final["b"]] + [b[k] for b in blocks for k in ("g1", "b1", "g2", "b2")]
    opt = optimiser(spec, decayed, plain)
    mask = causal_mask(t)
    offsets = (torch.arange(runs) * v).view(runs, 1, 1)

    def norm(x, g, b):
        return F.layer_norm(x, (dm,)) * g + b if ln else x

    def forward(x):  # x: [runs, n, t] token ids
        n = x.shape[1]
        hs = embed.reshape(runs * v, dm)[x + offsets] + pos.unsqueeze(1)  # [runs, n, t, dm]
        hs = hs.reshape(runs, n * t, dm)
        for b in blocks:
            qkv = torch.baddbmm(b["qkv_b"], norm(hs, b["g1"], b["b1"]), b["qkv"]).view(runs, n, t, 3, h, dh)
            q, k, vv = qkv.unbind(3)
            att = torch.einsum("rnihd,rnjhd->rnhij", q, k) / math.sqrt(dh) + mask
            z = torch.einsum("rnhij,rnjhd->rnihd", att.softmax(-1), vv).reshape(runs, n * t, dm)
            hs = hs + torch.baddbmm(b["out_b"], z, b["out"])
            hid = F.relu(torch.baddbmm(b["in_b"], norm(hs, b["g2"], b["b2"]), b["in"]))
            hs = hs + torch.baddbmm(b["mlp_out_b"], hid, b["mlp_out"])
        last = hs.view(runs, n, t, dm)[:, :, -1]
        return torch.baddbmm(unembed_b, norm(last, final["g"], final["b"]), unembed)  # [runs, n, classes]

    params = decayed + plain

    def evaluate():
        with torch.no_grad():
            out = []
            for x, y in (d.eval_train, d.eval_test):
                logits = forward(x.expand(runs, -1, -1))
                loss = F.cross_entropy(logits.reshape(-1, c), y.repeat(runs)).item()
                out += [loss, (logits.argmax(2) == y).float().mean().item()]
            out.append(math.sqrt(sum(float((p * p).sum()) for p in params) / runs))
            return out

    order = Orders(d.n, spec["batch"], runs, torch.Generator().manual_seed(seed))
    last = evaluate()
    for step in range(1, steps + 1):
        idx = order.next()
        if idx is None:
            x, y = d.train_x.expand(runs, -1, -1), d.train_y.repeat(runs)
        else:
            x, y = d.train_x[idx], d.train_y[idx].reshape(-1)
        loss = F.cross_entropy(forward(x).reshape(-1, c), y) * runs
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        if step % every == 0 or step == steps:
            last = evaluate()
    return last


def main():
    cache = {}
    for line in sys.stdin:
        line = line.strip()
        if not line:
            continue
        req = json.loads(line)
        if req.get("cmd") == "quit":
            break
        if req.get("cmd") == "info":
            print(json.dumps({"torch": torch.__version__, "threads": torch.get_num_threads(),
                              "blas": torch.__config__.show().count("openblas")}), flush=True)
            continue
        key = req["key"]
        transformer = req["spec"]["kind"] == "transformer"
        if "data" in req:
            cache[key] = (TfmData if transformer else Data)(req["spec"], req["data"])
        d = cache[key]
        spec, variant, runs, steps, every, seed = (req["spec"], req["variant"], req["models"], req["steps"],
                                                  req["eval_every"], req.get("seed", 1))
        t0 = time.perf_counter()
        c0 = time.process_time()
        if transformer and variant == "batched":
            last = train_tfm_batched(spec, d, runs, steps, every, seed)
        elif transformer:
            for r in range(runs):
                last = train_tfm_single(spec, d, steps, every, seed + r, variant == "mha")
        elif variant == "batched":
            last = train_batched(spec, d, runs, steps, every, seed)
        else:
            for r in range(runs):
                last = train_single(spec, d, steps, every, seed + r, variant == "embedding")
        dt = time.perf_counter() - t0
        cpu = time.process_time() - c0
        print(json.dumps({"seconds": dt, "cpu_seconds": cpu, "model_steps": runs * steps, "last": last}), flush=True)


if __name__ == "__main__":
    main()
