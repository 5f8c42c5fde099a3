"""Python PyTorch twin of GpuBench (dev.pedigree.workers.bench): the engine's GPT with the same initialization,
data and training step, written as a PyTorch user would, with torch.optim.AdamW (fused on CUDA, foreach on the CPU).

Usage: python3 gpt_twin.py [--device auto|cuda|cpu] [--runs ref@32,ref@128,gpt2@16] [--warmup 10] [--steps 50]
                           [--windows 3] [--matmul N] [--peak-tflops 989.4] [--profile STEPS]
                           [--precision autocast|bf16]
--precision bf16 trains bf16 copies of fp32 master weights without autocast, as GpuBench's --precision bf16 does
(PEDIGREE_TORCH_PRECISION): bf16 gradients are copied to the masters in fp32, which the optimizer updates. It prints GpuBench's RESULT lines with impl=python; compare.py pairs the two. With --profile, each run ends with
torch.profiler's table of the kernels of that many more steps (GpuBench has no such option: pass the twin its own
arguments with device-run.sh --py-args).
"""
import contextlib
import math
import statistics
import sys
import time

import torch
import torch.nn.functional as F

LEARNING_RATE, WEIGHT_DECAY, GRAD_CLIP, BETAS, EPS = 3e-4, 0.1, 1.0, (0.9, 0.95), 1e-8
INIT_SEED, DATA_SEED, INIT_STD, LAYER_NORM_EPS = 1234, 5678, 0.02, 1e-5
H100_BF16_PEAK_TFLOPS, MATMUL_WARMUP, MATMUL_REPEATS = 989.4, 3, 20
EMBEDDING_ROW_MULTIPLE = 64
OPTIONS = ("device", "runs", "warmup", "steps", "windows", "matmul", "peak-tflops", "profile", "precision")
PRECISIONS = ("autocast", "bf16")
PROFILE_ROWS = 25

# name: (layers, d_model, heads, context, vocab, tied head), as in TwinShape.java
SHAPES = {
    "tiny": (2, 64, 4, 64, 256, True),
    "ref": (6, 512, 8, 256, 256, False),
    "gpt2": (12, 768, 12, 1024, 50257, True),
}


def parse_options(argv):
    """--name value or --name=value, as BenchOptions.java reads them."""
    options, rest = {}, list(argv)
    while rest:
        arg = rest.pop(0)
        name, equals, value = arg[2:].partition("=")
        if not arg.startswith("--") or name not in OPTIONS:
            sys.exit(f"gpt_twin: unexpected argument {arg!r}; options: --" + ", --".join(OPTIONS))
        if not equals:
            if not rest:
                sys.exit(f"gpt_twin: option --{name} needs a value")
            value = rest.pop(0)
        options[name] = value
    return options


def embedding_rows(vocab):
    """GptConfig.alignedEmbeddings: the vocabulary padded to a multiple of 64 rows, as nanoGPT pads GPT-2's."""
    return -(-vocab // EMBEDDING_ROW_MULTIPLE) * EMBEDDING_ROW_MULTIPLE


def layout(shape):
    """(name, shape, decayed) of every parameter in Gpt.layout's order."""
    layers, d, _, context, vocab, tied = shape
    rows = embedding_rows(vocab)
    entries = [("wte.weight", (rows, d), True), ("wpe.weight", (context, d), True)]
    for layer in range(layers):
        h = f"h.{layer}."
        for name, out_features, in_features in (("ln_1", d, None), ("attn.qkv", 3 * d, d), ("attn.proj", d, d),
                                                ("ln_2", d, None), ("mlp.fc", 4 * d, d), ("mlp.proj", d, 4 * d)):
            weight_shape = (out_features,) if in_features is None else (out_features, in_features)
            entries += [(h + name + ".weight", weight_shape, in_features is not None),
                        (h + name + ".bias", (out_features,), False)]
    entries += [("ln_f.weight", (d,), False), ("ln_f.bias", (d,), False)]
    if not tied:
        entries.append(("lm_head.weight", (rows, d), True))
    return entries


def initialize(shape, device):
    """Gpt.initialize: one seeded CPU generator draws N(0, 0.02) matrices and embeddings in layout order, the
    projections into the residual stream scaled by 1/sqrt(2 layers); norm gains 1, biases 0."""
    generator = torch.Generator().manual_seed(INIT_SEED)
    residual_std = INIT_STD / math.sqrt(2 * shape[0])
    weights = {}
    for name, dims, _ in layout(shape):
        if name.endswith(".bias"):
            value = torch.zeros(dims)
        elif name.startswith("ln_f.") or ".ln_" in name:
            value = torch.ones(dims)
        else:
            std = residual_std if name.endswith("proj.weight") else INIT_STD
            value = torch.randn(dims, generator=generator) * std
        weights[name] = value.to(device).requires_grad_()
    return weights


if hasattr(F, "scaled_dot_product_attention"):
    def causal_attention(q, k, v):
        return F.scaled_dot_product_attention(q, k, v, is_causal=True)
else:  # torch < 2.0, such as Debian's CPU build used for local checks
    def causal_attention(q, k, v):
        time_ = q.size(-2)
        scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
        future = torch.ones(time_, time_, dtype=torch.bool, device=q.device).triu(1)
        return scores.masked_fill(future, float("-inf")).softmax(-1) @ v


def gpt_loss(shape, w, tokens, targets):
    """Gpt.loss: pre-LN blocks, causal attention, GELU MLP, learned positions."""
    layers, d, heads, _, vocab, tied = shape
    batch, time_ = tokens.shape

    def norm(x, name):
        return F.layer_norm(x, (d,), w[name + ".weight"], w[name + ".bias"], LAYER_NORM_EPS)

    def linear(x, name):
        return F.linear(x, w[name + ".weight"], w[name + ".bias"])

    x = F.embedding(tokens, w["wte.weight"]) + F.embedding(torch.arange(time_, device=tokens.device), w["wpe.weight"])
    for layer in range(layers):
        h = f"h.{layer}."
        # Gpt.hidden's split, as nanoGPT's: views, and one concatenation of the gradients in backward
        q, k, v = (part.view(batch, time_, heads, d // heads).transpose(1, 2)
                   for part in linear(norm(x, h + "ln_1"), h + "attn.qkv").split(d, dim=-1))
        attended = causal_attention(q, k, v).transpose(1, 2).reshape(batch, time_, d)
        x = x + linear(attended, h + "attn.proj")
        x = x + linear(F.gelu(linear(norm(x, h + "ln_2"), h + "mlp.fc")), h + "mlp.proj")
    rows = embedding_rows(vocab)
    # Gpt.loss: the padding rows' logits are -inf, so the loss is the vocabulary's alone
    head = w["wte.weight" if tied else "lm_head.weight"]
    padding = torch.zeros(rows, device=x.device, dtype=head.dtype)
    padding[vocab:] = float("-inf")
    logits = F.linear(norm(x, "ln_f"), head, padding if rows > vocab else None)
    # in fp32, as autocast takes it, also with bf16 weights
    return F.cross_entropy(logits.view(-1, rows).float(), targets.reshape(-1))


def synchronize(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def matmul_tflops(size, device, dtype):
    """Median of single n×n products, as MatmulCeiling.java measures."""
    a, b = (torch.randn(size, size, device=device, dtype=dtype) for _ in range(2))
    rates = []
    for i in range(-MATMUL_WARMUP, MATMUL_REPEATS):
        synchronize(device)
        started = time.perf_counter()
        torch.mm(a, b)
        synchronize(device)
        if i >= 0:
            rates.append(2 * size ** 3 / (time.perf_counter() - started) / 1e12)
    return statistics.median_high(rates)


def train(shape, batch, device, warmup, window_steps, windows, precision):
    """TwinTraining.measure: tokens/s of each window, the first and the last loss."""
    cuda = device.type == "cuda"
    weights = initialize(shape, device)
    working = None if precision == "autocast" else {
        name: master.detach().to(torch.bfloat16).requires_grad_() for name, master in weights.items()}
    groups = [{"params": [weights[n] for n, _, decayed in layout(shape) if decayed], "weight_decay": WEIGHT_DECAY},
              {"params": [weights[n] for n, _, decayed in layout(shape) if not decayed], "weight_decay": 0.0}]
    optimizer = torch.optim.AdamW(groups, lr=LEARNING_RATE, betas=BETAS, eps=EPS,
                                  **({"fused": True} if cuda else {"foreach": True}))
    context = shape[3]
    data = torch.randint(shape[4], (batch, context + 1), generator=torch.Generator().manual_seed(DATA_SEED))
    data = data.to(device)
    tokens, targets = data[:, :context], data[:, 1:]

    rates, first_loss, last_loss = [0.0] * windows, math.nan, math.nan
    total = warmup + windows * window_steps
    for step in range(total):
        measured = step - warmup
        if measured >= 0 and measured % window_steps == 0:
            synchronize(device)
            window_start = time.perf_counter()
        loss = training_step(shape, weights, optimizer, tokens, targets, working)
        if step == 0:
            first_loss = loss.item()
        elif step == total - 1:
            last_loss = loss.item()
        if measured >= 0 and measured % window_steps == window_steps - 1:
            synchronize(device)
            rates[measured // window_steps] = batch * context * window_steps / (time.perf_counter() - window_start)
    phases = phase_millis(shape, weights, optimizer, tokens, targets, device, working)
    return rates, first_loss, last_loss, "adamw_fused" if cuda else "adamw_foreach", phases, (
        weights, optimizer, tokens, targets, working)


def autocast_on(device):
    return torch.autocast("cuda", dtype=torch.bfloat16) if device.type == "cuda" else contextlib.nullcontext()


def training_step(shape, weights, optimizer, tokens, targets, working=None):
    """One step; with bf16 `working` copies (--precision bf16) they compute, and the fp32 masters are updated."""
    optimizer.zero_grad(set_to_none=True)
    loss = forward(shape, weights, tokens, targets, working)
    backward(loss, weights, working)
    torch.nn.utils.clip_grad_norm_(weights.values(), GRAD_CLIP)
    update(optimizer, weights, working)
    return loss


def forward(shape, weights, tokens, targets, working):
    if working is not None:
        return gpt_loss(shape, working, tokens, targets)
    with autocast_on(tokens.device):
        return gpt_loss(shape, weights, tokens, targets)


def backward(loss, weights, working):
    loss.backward()
    if working is not None:
        for name, master in weights.items():
            master.grad = working[name].grad.float()
            working[name].grad = None


def update(optimizer, weights, working):
    optimizer.step()
    if working is not None:
        with torch.no_grad():
            for name, master in weights.items():
                working[name].copy_(master)


def profile_table(shape, state, steps):
    """torch.profiler over `steps` more training steps: the ops and kernels with the most device time (CPU time on
    the CPU), summed over the steps."""
    weights, optimizer, tokens, targets, working = state
    activities = [torch.profiler.ProfilerActivity.CPU]
    if tokens.device.type == "cuda":
        activities.append(torch.profiler.ProfilerActivity.CUDA)
    with torch.profiler.profile(activities=activities) as profiler:
        for _ in range(steps):
            training_step(shape, weights, optimizer, tokens, targets, working)
        synchronize(tokens.device)
    averages = profiler.key_averages()
    if tokens.device.type != "cuda":
        sort = "self_cpu_time_total"
    elif averages and hasattr(averages[0], "self_device_time_total"):
        sort = "self_device_time_total"
    else:  # torch < 2.4
        sort = "self_cuda_time_total"
    return averages.table(sort_by=sort, row_limit=PROFILE_ROWS)


PHASES = ("zero_grad", "forward", "backward", "clip", "optimizer")
PHASE_STEPS = 10


def phase_millis(shape, weights, optimizer, tokens, targets, device, working):
    """TwinTraining.phases: mean ms of each phase over PHASE_STEPS steps, synced after every phase."""
    totals = [0.0] * len(PHASES)
    for _ in range(PHASE_STEPS):
        synchronize(device)
        marks = [time.perf_counter()]
        optimizer.zero_grad(set_to_none=True)
        synchronize(device)
        marks.append(time.perf_counter())
        loss = forward(shape, weights, tokens, targets, working)
        synchronize(device)
        marks.append(time.perf_counter())
        backward(loss, weights, working)
        synchronize(device)
        marks.append(time.perf_counter())
        torch.nn.utils.clip_grad_norm_(weights.values(), GRAD_CLIP)
        synchronize(device)
        marks.append(time.perf_counter())
        update(optimizer, weights, working)
        synchronize(device)
        marks.append(time.perf_counter())
        for phase in range(len(PHASES)):
            totals[phase] += (marks[phase + 1] - marks[phase]) * 1000 / PHASE_STEPS
    return totals


def main():
    options = parse_options(sys.argv[1:])
    requested = options.get("device", "auto")
    if requested == "auto":
        requested = "cuda" if torch.cuda.is_available() else "cpu"
    device = torch.device("cuda:0" if requested == "cuda" else "cpu")
    cuda = device.type == "cuda"
    print(f"torch {torch.__version__}" + (f" on {torch.cuda.get_device_name(0)}" if cuda else " on the CPU")
          + ("" if hasattr(F, "scaled_dot_product_attention") else "; no scaled_dot_product_attention, explicit"))
    warmup, steps, windows = (int(options.get(k, default)) for k, default in
                              (("warmup", 10), ("steps", 50), ("windows", 3)))
    profile_steps = int(options.get("profile", 0))
    precision = options.get("precision", "autocast")
    if precision not in PRECISIONS:
        sys.exit(f"gpt_twin: --precision must be {' or '.join(PRECISIONS)}, got {precision!r}")
    peak = float(options.get("peak-tflops", H100_BF16_PEAK_TFLOPS if cuda else math.nan))

    size = int(options.get("matmul", 8192 if cuda else 1024))
    ceiling = matmul_tflops(size, device, torch.bfloat16 if cuda else torch.float32)
    print(f"RESULT impl=python kind=matmul device={device.type} dtype={'bf16' if cuda else 'fp32'} n={size} "
          f"tflops={ceiling:.3f}")

    for run in options.get("runs", "ref@32,ref@128,gpt2@16").split(","):
        name, _, batch = run.strip().partition("@")
        shape, batch = SHAPES[name], int(batch)
        params = sum(math.prod(dims) for _, dims, _ in layout(shape))
        print(f"training {name} at batch {batch} on {device.type}: {params} parameters, {shape}")
        rates, first_loss, last_loss, optimizer, phases, state = train(
            shape, batch, device, warmup, steps, windows, precision)
        print("windows tokens/s:", [round(rate) for rate in rates])
        tokens_per_step = batch * shape[3]
        tokens_per_second = statistics.median_high(rates)
        tflops = 6 * params * tokens_per_second / 1e12
        print(f"RESULT impl=python kind=train device={device.type} shape={name} batch={batch} params={params} "
              f"tokens_per_step={tokens_per_step} tok_s={tokens_per_second:.0f} "
              f"ms_step={1000 * tokens_per_step / tokens_per_second:.2f} tflops_6N={tflops:.3f} "
              f"mfu_peak={tflops / peak:.4f} mfu_matmul={tflops / ceiling:.4f} loss0={first_loss:.4f} "
              f"lossN={last_loss:.4f} opt={optimizer} amp={'bf16' if cuda and precision == 'autocast' else 'off'} "
              f"precision={precision}")
        print(f"PHASES impl=python shape={name} batch={batch} "
              + " ".join(f"{phase}_ms={ms:.2f}" for phase, ms in zip(PHASES, phases)))
        if profile_steps:
            print(f"PROFILE impl=python shape={name} batch={batch} steps={profile_steps}")
            print(profile_table(shape, state, profile_steps))
        del state
        if cuda:
            torch.cuda.empty_cache()


if __name__ == "__main__":
    main()
