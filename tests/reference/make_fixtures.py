#!/usr/bin/python3
"""Writes genlab's golden fixtures from PyTorch (STYLE.md section 5).

Run with Debian's python3, which has PyTorch 1.13 (CPU) and numpy:

    /usr/bin/python3 tests/reference/make_fixtures.py

It (re)writes tests/reference/fixtures/{nn,train,models}/<case>.safetensors and removes any other
.safetensors file there. The fixtures are committed; the C++ tests (tests/reference/fixture.h)
read them and never need torch.

Format: safetensors, written by hand below (the `safetensors` package is not installed): an 8-byte
little-endian header length, a JSON header {name: {"dtype": "F32", "shape": [...],
"data_offsets": [begin, end]}, "__metadata__": {str: str}} padded with spaces to a multiple of 8,
then the raw little-endian float32 data, contiguous from offset 0 in header order. Every file's
metadata carries "format": "genlab-fixture/1" (magic and version; bump the version when the
contents of existing files change meaning, and the C++ loader with it), the generator, the torch
version, the case's seed, and the configuration the C++ side needs (kernel, stride, ...).
Integer data (class labels) is stored as F32 holding whole numbers.

Tensor names:
  layers      x, the parameters and buffers under PyTorch's (and genlab's) names (weight, bias,
              running_mean, running_var), y = forward(x), dy = G, and the gradients of
              L = sum(y * G): dx, dweight, dbias. BatchNorm in training mode also has
              running_mean_after / running_var_after, the buffers after that one forward.
  losses      the inputs, loss (reduction='sum') and the gradient of that sum (d<input>);
              bce/mse/cross-entropy also loss_mean / d<input>_mean for reduction='mean'.
  optimizers  on the quadratic L = sum_p 0.5 sum(p_curvature * (p - p_center)^2), whose
              gradient p_curvature * (p - p_center) both sides compute elementwise: the initial
              parameters w, b, loss (S) before each step and w_after (S, ...), b_after (S, ...)
              after each step.
  models      the initial parameters under the model's names (fc1.weight, enc.fc_mu.bias, ...),
              the batches of all S = 10 steps (x (S, B, N); labels (S, B) or eps (S, B, Z)), the
              first step's outputs and every parameter gradient "<name>.grad", and loss (S), the
              loss at each of the S Adam steps (lr 1e-3), step s using batch s (a different batch
              every step, all stored), and "<name>_after", every parameter after the S steps.

Determinism: every case seeds torch.manual_seed itself, everything is float32, torch runs on one
thread, and the header is written in a fixed order, so re-running this script on the same torch
version and CPU produces byte-identical files (checked by running it twice and comparing).
"""

import json
import os
import struct
import sys

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

FORMAT = "genlab-fixture/1"
GENERATOR = "tests/reference/make_fixtures.py"
OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures")
STEPS = 10  # optimizer and model trajectories

written = []
# With arguments, only the fixtures whose names start with one of them are (re)written, e.g.
#   /usr/bin/python3 tests/reference/make_fixtures.py models/gan models/dcgan
ONLY = sys.argv[1:]


# ---- Writing --------------------------------------------------------------------------------


def as_f32(value, name):
    if torch.is_tensor(value):
        value = value.detach().cpu().numpy()
    a = np.ascontiguousarray(np.asarray(value, dtype=np.float32))
    if not np.all(np.isfinite(a)):
        raise ValueError(f"tensor '{name}' has non-finite values")
    return a.astype("<f4", copy=False)


def write_fixture(name, seed, tensors, **config):
    """Writes fixtures/<name>.safetensors: `tensors` in the given order, config as metadata."""
    if ONLY and not any(name.startswith(prefix) for prefix in ONLY):
        return
    header, blobs, offset = {}, [], 0
    for key, value in tensors.items():
        a = as_f32(value, key)
        header[key] = {"dtype": "F32", "shape": list(a.shape), "data_offsets": [offset, offset + a.nbytes]}
        blobs.append(a.tobytes())
        offset += a.nbytes
    metadata = {"format": FORMAT, "generator": GENERATOR, "torch_version": torch.__version__, "seed": str(seed)}
    metadata.update({k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in config.items()})
    header["__metadata__"] = metadata
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    path = os.path.join(OUT, name + ".safetensors")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
    written.append(path)


def away_from_zero(x, margin=0.1):
    """Moves values within `margin` of 0 away from it, keeping ReLU kinks out of the fixture."""
    return torch.where(x < 0, x - margin, x + margin)


def layer_case(name, seed, layer, x, **config):
    """One forward of `layer` on x, and the gradients of L = sum(y * G) for a random G."""
    x = x.clone().requires_grad_(True)
    params = {k: v.detach().clone() for k, v in layer.named_parameters()}
    buffers = {k: v.detach().clone() for k, v in layer.named_buffers() if k != "num_batches_tracked"}
    y = layer(x)
    dy = torch.randn_like(y)
    y.backward(dy)
    tensors = {"x": x, **params, **buffers, "y": y, "dy": dy, "dx": x.grad}
    for k, v in layer.named_parameters():
        tensors["d" + k] = v.grad
    if layer.training:
        for k, v in layer.named_buffers():
            if k != "num_batches_tracked":
                tensors[k + "_after"] = v
    write_fixture("nn/" + name, seed, tensors, **config)


# ---- Layers ---------------------------------------------------------------------------------


def linear_cases():
    for name, seed, shape, n_out, bias in [
        ("linear_bias", 101, (5, 7), 11, True),
        ("linear_nobias", 102, (13, 11), 5, False),
        # (B, C, H, W) input, flattened per row: torch applies Linear to x.flatten(1).
        ("linear_image_input", 103, (3, 1, 5, 7), 13, True),
    ]:
        torch.manual_seed(seed)
        n_in = int(np.prod(shape[1:]))
        fc = nn.Linear(n_in, n_out, bias=bias)
        x = torch.randn(shape).requires_grad_(True)
        y = fc(x.flatten(1))
        dy = torch.randn_like(y)
        y.backward(dy)
        tensors = {"x": x, "weight": fc.weight}
        if bias:
            tensors["bias"] = fc.bias
        tensors.update({"y": y, "dy": dy, "dx": x.grad, "dweight": fc.weight.grad})
        if bias:
            tensors["dbias"] = fc.bias.grad
        write_fixture("nn/" + name, seed, tensors, n_in=n_in, n_out=n_out, bias=bias)


def conv2d_cases():
    # (name, seed, B, C, M, H, W, kernel, stride, pad, bias); H != W catches swapped axes, and
    # H = 7 with kernel 4, stride 2 has a remainder that the output size must floor away.
    for name, seed, B, C, M, H, W, k, s, p, bias in [
        ("conv2d_k3_s1_p0", 201, 2, 3, 5, 7, 11, 3, 1, 0, True),
        ("conv2d_k3_s1_p1", 202, 2, 5, 7, 5, 7, 3, 1, 1, True),
        ("conv2d_k3_s2_p1", 203, 2, 3, 5, 11, 7, 3, 2, 1, True),
        ("conv2d_k4_s2_p1", 204, 2, 5, 3, 7, 13, 4, 2, 1, True),
        ("conv2d_k4_s1_p0_nobias", 205, 2, 3, 5, 7, 5, 4, 1, 0, False),
        ("conv2d_k3_s2_p0", 206, 3, 1, 7, 13, 11, 3, 2, 0, True),
    ]:
        torch.manual_seed(seed)
        conv = nn.Conv2d(C, M, k, stride=s, padding=p, bias=bias)
        layer_case(name, seed, conv, torch.randn(B, C, H, W), c_in=C, c_out=M, kernel=k, stride=s, pad=p, bias=bias)


def conv_transpose2d_cases():
    for name, seed, B, C, M, H, W, k, s, p, op, bias in [
        ("conv_transpose2d_k4_s2_p1", 301, 2, 5, 3, 5, 7, 4, 2, 1, 0, True),
        ("conv_transpose2d_k3_s2_p1_op1", 302, 2, 3, 5, 5, 3, 3, 2, 1, 1, True),
        ("conv_transpose2d_k4_s2_p1_nobias", 303, 3, 7, 2, 3, 5, 4, 2, 1, 0, False),
        ("conv_transpose2d_k3_s1_p0", 304, 2, 3, 5, 5, 7, 3, 1, 0, 0, True),
    ]:
        torch.manual_seed(seed)
        conv = nn.ConvTranspose2d(C, M, k, stride=s, padding=p, output_padding=op, bias=bias)
        layer_case(name, seed, conv, torch.randn(B, C, H, W), c_in=C, c_out=M, kernel=k, stride=s, pad=p,
                   output_pad=op, bias=bias)


def batch_norm_cases():
    for name, seed, shape, training in [
        ("batch_norm1d_train", 401, (13, 5), True),
        ("batch_norm1d_eval", 402, (7, 11), False),
        ("batch_norm2d_train", 403, (3, 5, 5, 7), True),
        ("batch_norm2d_eval", 404, (2, 7, 5, 3), False),
    ]:
        torch.manual_seed(seed)
        C = shape[1]
        bn = nn.BatchNorm1d(C) if len(shape) == 2 else nn.BatchNorm2d(C)
        with torch.no_grad():  # gamma, beta and the running statistics away from their defaults
            bn.weight.uniform_(0.5, 1.5)
            bn.bias.normal_()
            bn.running_mean.normal_()
            bn.running_var.uniform_(0.5, 2.0)
        bn.train(training)
        # Inputs with a per-channel offset and scale, so the statistics matter.
        stat_shape = (1, C) + (1,) * (len(shape) - 2)
        x = torch.randn(shape) * torch.empty(stat_shape).uniform_(0.5, 3.0) + torch.randn(stat_shape)
        layer_case(name, seed, bn, x, channels=C, training=training, momentum=bn.momentum, eps=bn.eps)


def activation_cases():
    extremes = torch.tensor([-400.0, -300.0, -30.0, -25.0, -19.0, 19.0, 25.0, 30.0, 300.0, 400.0])
    for name, seed, layer, kind, kinked in [
        ("relu", 501, nn.ReLU(), "relu", True),
        ("leaky_relu", 502, nn.LeakyReLU(0.2), "leaky_relu", True),
        ("sigmoid", 503, nn.Sigmoid(), "sigmoid", False),
        ("tanh", 504, nn.Tanh(), "tanh", False),
        ("softplus", 505, nn.Softplus(), "softplus", False),
    ]:
        torch.manual_seed(seed)
        x = torch.randn(5, 13) * 3
        if kinked:
            x = away_from_zero(x)
        else:
            # The last row holds the dangerous values (STYLE.md section 6), +-400 included.
            x[4, :10] = extremes
        config = {"kind": kind}
        if kind == "leaky_relu":
            config["negative_slope"] = layer.negative_slope
        layer_case(name, seed, layer, x, **config)


# ---- Losses ---------------------------------------------------------------------------------


def loss_cases():
    torch.manual_seed(601)
    logits = torch.randn(5, 7) * 3
    logits[0, :4] = torch.tensor([300.0, -300.0, 400.0, -400.0])
    logits[1, :4] = torch.tensor([-400.0, 400.0, -300.0, 300.0])
    target = torch.rand(5, 7)
    target[2] = (target[2] > 0.5).float()  # one row of hard 0/1 targets, as in a Bernoulli decoder
    out = {"logits": logits, "target": target}
    for reduction, suffix in [("sum", ""), ("mean", "_mean")]:
        x = logits.clone().requires_grad_(True)
        loss = F.binary_cross_entropy_with_logits(x, target, reduction=reduction)
        loss.backward()
        out["loss" + suffix], out["dlogits" + suffix] = loss, x.grad
    write_fixture("nn/loss_bce_with_logits", 601, out)

    torch.manual_seed(602)
    pred, target = torch.randn(7, 11), torch.randn(7, 11)
    out = {"pred": pred, "target": target}
    for reduction, suffix in [("sum", ""), ("mean", "_mean")]:
        x = pred.clone().requires_grad_(True)
        loss = F.mse_loss(x, target, reduction=reduction)
        loss.backward()
        out["loss" + suffix], out["dpred" + suffix] = loss, x.grad
    write_fixture("nn/loss_mse", 602, out)

    torch.manual_seed(603)
    logits = torch.randn(11, 5) * 2
    labels = torch.randint(0, 5, (11,))
    # Extreme rows: the label on the +400 logit, on the -400 logit, and among ties at +-300.
    logits[0] = torch.tensor([400.0, -400.0, 0.0, 300.0, -300.0])
    labels[0] = 0
    logits[1] = torch.tensor([400.0, -400.0, 0.0, 300.0, -300.0])
    labels[1] = 1
    logits[2] = torch.tensor([-300.0, 300.0, 300.0, -400.0, 400.0])
    labels[2] = 2
    logits[3] = torch.tensor([-400.0, -400.0, -400.0, -400.0, -300.0])
    labels[3] = 3
    out = {"logits": logits, "labels": labels.float()}
    for reduction, suffix in [("sum", ""), ("mean", "_mean")]:
        x = logits.clone().requires_grad_(True)
        loss = F.cross_entropy(x, labels, reduction=reduction)
        loss.backward()
        out["loss" + suffix], out["dlogits" + suffix] = loss, x.grad
    write_fixture("nn/loss_softmax_cross_entropy", 603, out)

    torch.manual_seed(604)
    mu = (torch.randn(7, 5) * 2).requires_grad_(True)
    logvar = torch.randn(7, 5) * 2
    logvar[0, :4] = torch.tensor([-10.0, 10.0, -20.0, 15.0])
    logvar.requires_grad_(True)
    # KL(N(mu, exp(logvar)) || N(0, I)) in closed form, summed (Kingma and Welling 2014, app. B).
    loss = 0.5 * torch.sum(mu.pow(2) + logvar.exp() - 1 - logvar)
    loss.backward()
    write_fixture("nn/loss_kl_normal", 604,
                  {"mu": mu, "logvar": logvar, "loss": loss, "dmu": mu.grad, "dlogvar": logvar.grad})


# ---- Optimizers -----------------------------------------------------------------------------


def optimizer_cases():
    sgd, adam = torch.optim.SGD, torch.optim.Adam
    for name, seed, optimizer, config in [
        ("sgd", 701, sgd, {"lr": 0.1}),
        ("sgd_momentum", 702, sgd, {"lr": 0.05, "momentum": 0.9}),
        ("sgd_momentum_weight_decay", 703, sgd, {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.1}),
        ("sgd_weight_decay", 704, sgd, {"lr": 0.1, "weight_decay": 0.05}),
        ("adam", 705, adam, {"lr": 0.05}),  # default betas (0.9, 0.999) and eps 1e-8
        ("adam_weight_decay", 706, adam, {"lr": 0.05, "weight_decay": 0.1}),
    ]:
        torch.manual_seed(seed)
        w, b = torch.randn(3, 5), torch.randn(7)
        problem = {"w": w.clone(), "w_curvature": torch.empty(3, 5).uniform_(0.2, 2.0),
                   "w_center": torch.randn(3, 5), "b": b.clone(),
                   "b_curvature": torch.empty(7).uniform_(0.2, 2.0), "b_center": torch.randn(7)}
        params = [w.requires_grad_(True), b.requires_grad_(True)]
        opt = optimizer(params, **config)
        losses, w_after, b_after = [], [], []
        for _ in range(STEPS):
            with torch.no_grad():
                loss = torch.zeros(())
                for p, key in zip(params, ["w", "b"]):
                    a, c = problem[key + "_curvature"], problem[key + "_center"]
                    d = p - c
                    loss += 0.5 * torch.sum(a * d * d)
                    p.grad = a * d  # the exact gradient, elementwise as the C++ test computes it
            losses.append(loss.clone())
            opt.step()
            w_after.append(w.detach().clone())
            b_after.append(b.detach().clone())
        problem.update({"loss": torch.stack(losses), "w_after": torch.stack(w_after), "b_after": torch.stack(b_after)})
        write_fixture("train/" + name, seed, problem, optimizer="sgd" if optimizer is sgd else "adam",
                      steps=STEPS, **config)


# ---- Models ---------------------------------------------------------------------------------


class Mlp(nn.Module):
    """genlab's models/mlp.h: fc1 .. fcL, ReLU between them, logits out."""

    def __init__(self, n_in, n_hidden, n_classes):
        super().__init__()
        sizes = [n_in] + list(n_hidden) + [n_classes]
        self.n_layers = len(sizes) - 1
        for i in range(self.n_layers):
            setattr(self, f"fc{i + 1}", nn.Linear(sizes[i], sizes[i + 1]))

    def forward(self, x):
        pre = []  # pre-activations, to check their distance from the ReLU kink
        for i in range(self.n_layers):
            x = getattr(self, f"fc{i + 1}")(x)
            if i + 1 < self.n_layers:
                pre.append(x)
                x = torch.relu(x)
        return x, pre


class Encoder(nn.Module):
    def __init__(self, n_in, n_hidden, n_latent):
        super().__init__()
        self.fc1, self.fc_mu, self.fc_logvar = (nn.Linear(n_in, n_hidden), nn.Linear(n_hidden, n_latent),
                                                nn.Linear(n_hidden, n_latent))


class Decoder(nn.Module):
    def __init__(self, n_in, n_hidden, n_latent):
        super().__init__()
        self.fc1, self.fc2 = nn.Linear(n_latent, n_hidden), nn.Linear(n_hidden, n_in)


class Vae(nn.Module):
    """genlab's models/vae.h: enc.fc1 -> ReLU -> enc.fc_mu, enc.fc_logvar; dec.fc1 -> ReLU -> dec.fc2."""

    def __init__(self, n_in, n_hidden, n_latent):
        super().__init__()
        self.enc, self.dec = Encoder(n_in, n_hidden, n_latent), Decoder(n_in, n_hidden, n_latent)

    def forward(self, x, eps):
        h1 = self.enc.fc1(x)
        a1 = torch.relu(h1)
        mu, logvar = self.enc.fc_mu(a1), self.enc.fc_logvar(a1)
        z = mu + torch.exp(0.5 * logvar) * eps
        h2 = self.dec.fc1(z)
        logits = self.dec.fc2(torch.relu(h2))
        b = x.shape[0]
        # Per-sample means over the batch: recon = sum BCE-with-logits, kl in closed form.
        recon = F.binary_cross_entropy_with_logits(logits, x, reduction="sum") / b
        kl = 0.5 * torch.sum(mu.pow(2) + logvar.exp() - 1 - logvar) / b
        return recon + kl, recon, kl, (mu, logvar, logits), [h1, h2]


def min_kink_distance(pre):
    return min(float(p.detach().abs().min()) for p in pre)


def train_model(model, step_fn):
    """S Adam steps (lr 1e-3), step s on batch s: the losses, the first step's extras and gradients,
    and the parameters after the last step."""
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    losses, first, margin = [], None, float("inf")
    for s in range(STEPS):
        opt.zero_grad()
        loss, extras, pre = step_fn(s)
        loss.backward()
        margin = min(margin, min_kink_distance(pre))
        if s == 0:
            first = (extras, {n + ".grad": p.grad.clone() for n, p in model.named_parameters()})
        losses.append(loss.detach().clone())
        opt.step()
    after = {n + "_after": p.detach().clone() for n, p in model.named_parameters()}
    # A pre-activation within float noise of the ReLU kink could flip between torch and genlab and
    # change a gradient: the fixture is only useful when every one is clearly on one side.
    if margin < 1e-5:
        raise RuntimeError(f"a ReLU pre-activation is {margin:g} from the kink: choose another seed")
    return torch.stack(losses), first, after


def model_cases():
    seed = 801
    torch.manual_seed(seed)
    n_in, n_hidden, n_classes, B = 20, [16, 16], 4, 7
    mlp = Mlp(n_in, n_hidden, n_classes)
    init = {n: p.detach().clone() for n, p in mlp.named_parameters()}
    x = torch.randn(STEPS, B, n_in)
    labels = torch.randint(0, n_classes, (STEPS, B))

    def mlp_step(s):
        logits, pre = mlp(x[s])
        return F.cross_entropy(logits, labels[s]), {"logits": logits.detach()}, pre

    losses, (extras, grads), after = train_model(mlp, mlp_step)
    write_fixture("models/mlp", seed,
                  {**init, "x": x, "labels": labels.float(), **extras, **grads, "loss": losses, **after},
                  n_in=n_in, n_hidden=",".join(map(str, n_hidden)), n_classes=n_classes, batch=B, steps=STEPS,
                  optimizer="adam", lr=1e-3)

    seed = 802
    torch.manual_seed(seed)
    n_in, n_hidden, n_latent, B = 30, 16, 3, 7
    vae = Vae(n_in, n_hidden, n_latent)
    init = {n: p.detach().clone() for n, p in vae.named_parameters()}
    # Binarised inputs: each pixel on with its own probability, like a fixed-binarised digit.
    x = torch.bernoulli(torch.rand(1, 1, n_in).expand(STEPS, B, n_in).contiguous())
    eps = torch.randn(STEPS, B, n_latent)
    recon_kl = []

    def vae_step(s):
        loss, recon, kl, (mu, logvar, logits), pre = vae(x[s], eps[s])
        recon_kl.append((recon.detach().clone(), kl.detach().clone()))
        return loss, {"mu": mu.detach(), "logvar": logvar.detach(), "logits": logits.detach()}, pre

    losses, (extras, grads), after = train_model(vae, vae_step)
    write_fixture("models/vae", seed,
                  {**init, "x": x, "eps": eps, **extras, **grads, "loss": losses,
                   "recon": torch.stack([r for r, _ in recon_kl]), "kl": torch.stack([k for _, k in recon_kl]), **after},
                  n_in=n_in, n_hidden=n_hidden, n_latent=n_latent, batch=B, steps=STEPS, optimizer="adam", lr=1e-3)


class Cnn(nn.Module):
    """genlab's models/cnn.h: standardize, conv1 5x5/2 -> ReLU -> conv2 5x5/2 -> ReLU -> fc1 -> ReLU -> fc2."""

    def __init__(self, c1, c2, n_hidden, n_classes):
        super().__init__()
        self.conv1 = nn.Conv2d(1, c1, 5, stride=2, padding=2)
        self.conv2 = nn.Conv2d(c1, c2, 5, stride=2, padding=2)
        self.fc1, self.fc2 = nn.Linear(c2 * 7 * 7, n_hidden), nn.Linear(n_hidden, n_classes)

    def forward(self, x):
        h1 = self.conv1((x - 0.1307) / 0.3081)
        h2 = self.conv2(torch.relu(h1))
        h3 = self.fc1(torch.relu(h2).flatten(1))
        return self.fc2(torch.relu(h3)), [h1, h2, h3]


class Ae(nn.Module):
    """genlab's models/ae.h: enc.fc1 -> ReLU -> enc.fc2 = code; dec.fc1 -> ReLU -> dec.fc2 -> logits."""

    def __init__(self, n_in, n_hidden, n_latent):
        super().__init__()
        self.enc, self.dec = nn.Module(), nn.Module()
        self.enc.fc1, self.enc.fc2 = nn.Linear(n_in, n_hidden), nn.Linear(n_hidden, n_latent)
        self.dec.fc1, self.dec.fc2 = nn.Linear(n_latent, n_hidden), nn.Linear(n_hidden, n_in)

    def forward(self, x, loss):
        h1 = self.enc.fc1(x)
        z = self.enc.fc2(torch.relu(h1))
        h2 = self.dec.fc1(z)
        logits = self.dec.fc2(torch.relu(h2))
        if loss == "bce":
            recon = F.binary_cross_entropy_with_logits(logits, x, reduction="sum") / x.shape[0]
        else:
            recon = F.mse_loss(torch.sigmoid(logits), x, reduction="sum") / x.shape[0]
        return recon, (z, logits), [h1, h2]


class Cvae(nn.Module):
    """genlab's models/cvae.h: the Vae with a one-hot class concatenated to both inputs."""

    def __init__(self, n_in, n_classes, n_hidden, n_latent):
        super().__init__()
        self.n_classes = n_classes
        self.enc, self.dec = Encoder(n_in + n_classes, n_hidden, n_latent), Decoder(n_in, n_hidden, n_latent)
        self.dec.fc1 = nn.Linear(n_latent + n_classes, n_hidden)

    def forward(self, x, labels, eps):
        y = F.one_hot(labels, self.n_classes).float()
        h1 = self.enc.fc1(torch.cat([x, y], 1))
        a1 = torch.relu(h1)
        mu, logvar = self.enc.fc_mu(a1), self.enc.fc_logvar(a1)
        z = mu + torch.exp(0.5 * logvar) * eps
        h2 = self.dec.fc1(torch.cat([z, y], 1))
        logits = self.dec.fc2(torch.relu(h2))
        b = x.shape[0]
        recon = F.binary_cross_entropy_with_logits(logits, x, reduction="sum") / b
        kl = 0.5 * torch.sum(mu.pow(2) + logvar.exp() - 1 - logvar) / b
        return recon + kl, recon, kl, (mu, logvar, logits), [h1, h2]


def zoo_model_cases():
    """The model zoo's CNN, AE (both losses) and CVAE, in the layout of model_cases."""
    seed = 811
    torch.manual_seed(seed)
    c1, c2, n_hidden, n_classes, B = 2, 3, 5, 4, 3
    cnn = Cnn(c1, c2, n_hidden, n_classes)
    init = {n: p.detach().clone() for n, p in cnn.named_parameters()}
    x = torch.rand(STEPS, B, 784)  # images (B, 1, 28, 28) stored flat: fixtures hold at most 4 dimensions
    labels = torch.randint(0, n_classes, (STEPS, B))

    def cnn_step(s):
        logits, pre = cnn(x[s].view(B, 1, 28, 28))
        return F.cross_entropy(logits, labels[s]), {"logits": logits.detach()}, pre

    losses, (extras, grads), after = train_model(cnn, cnn_step)
    write_fixture("models/cnn", seed,
                  {**init, "x": x, "labels": labels.float(), **extras, **grads, "loss": losses, **after},
                  c1=c1, c2=c2, n_hidden=n_hidden, n_classes=n_classes, batch=B, steps=STEPS, optimizer="adam",
                  lr=1e-3)

    for seed, loss in ((812, "bce"), (813, "mse")):
        torch.manual_seed(seed)
        n_in, n_hidden, n_latent, B = 30, 16, 3, 7
        ae = Ae(n_in, n_hidden, n_latent)
        init = {n: p.detach().clone() for n, p in ae.named_parameters()}
        x = torch.rand(STEPS, B, n_in)

        def ae_step(s):
            recon, (z, logits), pre = ae(x[s], loss)
            return recon, {"z": z.detach(), "logits": logits.detach()}, pre

        losses, (extras, grads), after = train_model(ae, ae_step)
        write_fixture("models/ae_" + loss, seed, {**init, "x": x, **extras, **grads, "loss": losses, **after},
                      n_in=n_in, n_hidden=n_hidden, n_latent=n_latent, loss=loss, batch=B, steps=STEPS,
                      optimizer="adam", lr=1e-3)

    seed = 814
    torch.manual_seed(seed)
    n_in, n_classes, n_hidden, n_latent, B = 30, 4, 16, 3, 7
    cvae = Cvae(n_in, n_classes, n_hidden, n_latent)
    init = {n: p.detach().clone() for n, p in cvae.named_parameters()}
    x = torch.bernoulli(torch.rand(1, 1, n_in).expand(STEPS, B, n_in).contiguous())
    labels = torch.randint(0, n_classes, (STEPS, B))
    eps = torch.randn(STEPS, B, n_latent)
    recon_kl = []

    def cvae_step(s):
        loss, recon, kl, (mu, logvar, logits), pre = cvae(x[s], labels[s], eps[s])
        recon_kl.append((recon.detach().clone(), kl.detach().clone()))
        return loss, {"mu": mu.detach(), "logvar": logvar.detach(), "logits": logits.detach()}, pre

    losses, (extras, grads), after = train_model(cvae, cvae_step)
    write_fixture("models/cvae", seed,
                  {**init, "x": x, "labels": labels.float(), "eps": eps, **extras, **grads, "loss": losses,
                   "recon": torch.stack([r for r, _ in recon_kl]), "kl": torch.stack([k for _, k in recon_kl]),
                   **after},
                  n_in=n_in, n_classes=n_classes, n_hidden=n_hidden, n_latent=n_latent, batch=B, steps=STEPS,
                  optimizer="adam", lr=1e-3)


class GanNets(nn.Module):
    """genlab's models/gan.h: gen.fc1 -> gen.bn1 -> LeakyReLU(0.2) -> gen.fc2 -> gen.bn2 -> LeakyReLU(0.2)
    -> gen.fc3 -> tanh; disc.fc1 -> LeakyReLU(0.2) -> disc.fc2 -> LeakyReLU(0.2) -> disc.fc3. With
    n_classes > 0 (cgan) the one-hot label is concatenated to z and to the discriminator's input."""

    def __init__(self, n_latent, n_gen1, n_gen2, n_disc1, n_disc2, n_pixels, n_classes):
        super().__init__()
        self.n_classes = n_classes
        self.gen = nn.Module()
        self.gen.fc1 = nn.Linear(n_latent + n_classes, n_gen1, bias=False)
        self.gen.bn1 = nn.BatchNorm1d(n_gen1)
        self.gen.fc2 = nn.Linear(n_gen1, n_gen2, bias=False)
        self.gen.bn2 = nn.BatchNorm1d(n_gen2)
        self.gen.fc3 = nn.Linear(n_gen2, n_pixels)
        self.disc = nn.Module()
        self.disc.fc1 = nn.Linear(n_pixels + n_classes, n_disc1)
        self.disc.fc2 = nn.Linear(n_disc1, n_disc2)
        self.disc.fc3 = nn.Linear(n_disc2, 1)

    def cond(self, x, labels):
        if self.n_classes == 0:
            return x
        return torch.cat([x, F.one_hot(labels, self.n_classes).float()], dim=1)

    def generate(self, z, labels):
        g = self.gen
        h = F.leaky_relu(g.bn1(g.fc1(self.cond(z, labels))), 0.2)
        h = F.leaky_relu(g.bn2(g.fc2(h)), 0.2)
        return torch.tanh(g.fc3(h))

    def discriminate(self, x, labels):
        d = self.disc
        h = F.leaky_relu(d.fc1(self.cond(x.reshape(x.shape[0], -1), labels)), 0.2)
        h = F.leaky_relu(d.fc2(h), 0.2)
        return d.fc3(h)


class DcganNets(nn.Module):
    """genlab's models/dcgan.h: gen.fc (no bias) -> (B, 2G, 7, 7) -> gen.bn1 -> ReLU -> gen.deconv1
    (no bias) -> gen.bn2 -> ReLU -> gen.deconv2 -> tanh; disc.conv1 -> LeakyReLU(0.2) -> disc.conv2
    (no bias) -> disc.bn2 -> LeakyReLU(0.2) -> disc.fc; with disc_hidden = H > 0, disc.hidden (no
    bias, H units) -> disc.bn3 -> LeakyReLU(0.2) before disc.fc."""

    def __init__(self, n_latent, n_gen, n_disc, disc_hidden=0):
        super().__init__()
        self.n_gen = n_gen
        self.gen = nn.Module()
        self.gen.fc = nn.Linear(n_latent, 2 * n_gen * 49, bias=False)
        self.gen.bn1 = nn.BatchNorm2d(2 * n_gen)
        self.gen.deconv1 = nn.ConvTranspose2d(2 * n_gen, n_gen, 4, 2, 1, bias=False)
        self.gen.bn2 = nn.BatchNorm2d(n_gen)
        self.gen.deconv2 = nn.ConvTranspose2d(n_gen, 1, 4, 2, 1)
        self.disc = nn.Module()
        self.disc.conv1 = nn.Conv2d(1, n_disc, 4, 2, 1)
        self.disc.conv2 = nn.Conv2d(n_disc, 2 * n_disc, 4, 2, 1, bias=False)
        self.disc.bn2 = nn.BatchNorm2d(2 * n_disc)
        self.disc_hidden = disc_hidden
        if disc_hidden:
            self.disc.hidden = nn.Linear(2 * n_disc * 49, disc_hidden, bias=False)
            self.disc.bn3 = nn.BatchNorm1d(disc_hidden)
        self.disc.fc = nn.Linear(disc_hidden or 2 * n_disc * 49, 1)

    def generate(self, z, labels):
        g = self.gen
        h = g.fc(z).reshape(z.shape[0], 2 * self.n_gen, 7, 7)
        h = torch.relu(g.bn1(h))
        h = torch.relu(g.bn2(g.deconv1(h)))
        return torch.tanh(g.deconv2(h))

    def discriminate(self, x, labels):
        d = self.disc
        h = F.leaky_relu(d.conv1(x), 0.2)
        h = F.leaky_relu(d.bn2(d.conv2(h)), 0.2).flatten(1)
        if self.disc_hidden:
            h = F.leaky_relu(d.bn3(d.hidden(h)), 0.2)
        return d.fc(h)


def gan_case(name, seed, nets, x, labels, z_disc, z_gen, loss, smoothing, lr, **config):
    """S iterations of models/adversarial.h's two phases with one Adam(lr, betas (0.5, 0.999)) per
    group: the discriminator's loss on real x[s] (as 2x - 1) and on generate(z_disc[s]) (detached),
    then the generator's loss on generate(z_gen[s]). Stores the first iteration's metrics and every
    gradient of its own phase, the S losses of both phases, and every parameter and buffer after."""
    init = {n: p.detach().clone() for n, p in nets.named_parameters()}
    init.update({n: b.detach().clone() for n, b in nets.named_buffers() if not n.endswith("num_batches_tracked")})
    disc = [p for n, p in nets.named_parameters() if n.startswith("disc.")]
    gen = [p for n, p in nets.named_parameters() if n.startswith("gen.")]
    opt_d = torch.optim.Adam(disc, lr=lr, betas=(0.5, 0.999))
    opt_g = torch.optim.Adam(gen, lr=lr, betas=(0.5, 0.999))
    loss_d, loss_g, d_real, d_fake, d_gen, first = [], [], [], [], [], {}
    for s in range(STEPS):
        y = labels[s] if labels is not None else None
        opt_d.zero_grad()
        real_logits = nets.discriminate(2 * x[s] - 1, y)
        fake_logits = nets.discriminate(nets.generate(z_disc[s], y).detach(), y)
        ld = (F.binary_cross_entropy_with_logits(real_logits, torch.full_like(real_logits, 1 - smoothing))
              + F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits)))
        ld.backward()
        if s == 0:
            first.update({n + ".grad": p.grad.clone() for n, p in nets.named_parameters() if n.startswith("disc.")})
        opt_d.step()
        opt_g.zero_grad()
        logits = nets.discriminate(nets.generate(z_gen[s], y), y)
        if loss == "non_saturating":
            lg = F.binary_cross_entropy_with_logits(logits, torch.ones_like(logits))
        else:  # minimax: log(1 - D(G(z))) = -softplus(l)
            lg = -F.softplus(logits).mean()
        lg.backward()
        if s == 0:
            first.update({n + ".grad": p.grad.clone() for n, p in nets.named_parameters() if n.startswith("gen.")})
        opt_g.step()
        loss_d.append(ld.detach().clone())
        loss_g.append(lg.detach().clone())
        d_real.append(torch.sigmoid(real_logits).mean().detach())
        d_fake.append(torch.sigmoid(fake_logits).mean().detach())
        d_gen.append(torch.sigmoid(logits).mean().detach())
    after = {n + "_after": p.detach().clone() for n, p in nets.named_parameters()}
    after.update({n + "_after": b.detach().clone() for n, b in nets.named_buffers()
                  if not n.endswith("num_batches_tracked")})
    # Images as (S, B, pixels): the fixture reader takes up to 4 dimensions.
    tensors = {**init, "x": x.reshape(x.shape[0], x.shape[1], -1), "z_disc": z_disc, "z_gen": z_gen}
    if labels is not None:
        tensors["labels"] = labels.float()
    tensors.update({**first, "loss_d": torch.stack(loss_d), "loss_g": torch.stack(loss_g),
                    "d_real": torch.stack(d_real), "d_fake": torch.stack(d_fake), "d_gen": torch.stack(d_gen),
                    **after})
    write_fixture(name, seed, tensors, loss=loss, label_smoothing=smoothing, steps=STEPS, optimizer="adam", lr=lr,
                  beta1=0.5, beta2=0.999, **config)


def gan_cases():
    for name, seed, n_classes, loss, smoothing in [("models/gan", 803, 0, "non_saturating", 0.0),
                                                   ("models/cgan_minimax_smoothing", 804, 3, "minimax", 0.1)]:
        torch.manual_seed(seed)
        cfg = dict(n_latent=3, n_gen1=6, n_gen2=5, n_disc1=7, n_disc2=4, n_pixels=11, n_classes=n_classes)
        B = 8
        nets = GanNets(**cfg)
        x = torch.rand(STEPS, B, cfg["n_pixels"])
        labels = torch.randint(0, n_classes, (STEPS, B)) if n_classes else None
        gan_case(name, seed, nets, x, labels, torch.randn(STEPS, B, 3), torch.randn(STEPS, B, 3), loss, smoothing,
                 1e-3, batch=B, **cfg)
    for name, seed, disc_hidden in [("models/dcgan", 805, 0), ("models/dcgan_hidden", 806, 5)]:
        torch.manual_seed(seed)
        cfg = dict(n_latent=4, n_gen=3, n_disc=2)
        if disc_hidden:
            cfg["disc_hidden"] = disc_hidden
        B = 4
        nets = DcganNets(**cfg)
        with torch.no_grad():  # the model's initialisation: N(0, 0.02) weights, N(1, 0.02) batch-norm scales
            for n, p in nets.named_parameters():
                if n.endswith("bias"):
                    p.zero_()
                else:
                    p.normal_(1.0 if ".bn" in n else 0.0, 0.02)
        x = torch.rand(STEPS, B, 1, 28, 28)
        gan_case(name, seed, nets, x, None, torch.randn(STEPS, B, 4), torch.randn(STEPS, B, 4), "non_saturating",
                 0.0, 1e-3, batch=B, **cfg)


def main():
    torch.set_num_threads(1)  # reductions in one fixed order: the same bytes on every run
    torch.use_deterministic_algorithms(True)
    linear_cases()
    conv2d_cases()
    conv_transpose2d_cases()
    batch_norm_cases()
    activation_cases()
    loss_cases()
    optimizer_cases()
    model_cases()
    zoo_model_cases()
    gan_cases()
    if ONLY:  # a subset was asked for: leave every other fixture as it is
        return
    for root, _, files in os.walk(OUT):  # drop fixtures of cases that no longer exist
        for f in files:
            path = os.path.join(root, f)
            if f.endswith(".safetensors") and path not in written:
                os.remove(path)
    total = sum(os.path.getsize(p) for p in written)
    for p in written:
        print(f"{os.path.getsize(p):7d}  {os.path.relpath(p, OUT)}")
    print(f"{total:7d}  total, {len(written)} fixtures (torch {torch.__version__})")


if __name__ == "__main__":
    sys.exit(main())
