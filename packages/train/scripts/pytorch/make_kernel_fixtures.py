"""Golden fixtures for the recurrent kernels and the full reference model.

Run from packages/train (Debian's python3-torch 1.13 is enough):

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 scripts/pytorch/make_kernel_fixtures.py

All tensors are float32, flattened row-major into JSON lists of numbers (each
the exact decimal expansion of a float32, so parsing to Float32Array is exact).
Layouts are time-major, as the kernels take them.

fixtures/kernels/<cell>-<uni|bi>.json (cell: rnn, gru, lstm): one recurrent
layer on pack_padded_sequence(x, lengths, enforce_sorted=False):
    cell, bidirectional, inputSize, hiddenSize, time, batch
    lengths   [B]           unsorted, between 1 and time
    x         [T, B, I]     padding positions hold random values that must never be read
    weights   {name: [..]}  PyTorch names: weight_ih_l0 [G*H, I], weight_hh_l0 [G*H, H],
                            bias_ih_l0 [G*H], bias_hh_l0 [G*H], plus *_reverse when bi
    hidden    [B, D*H]      h_n per sequence: forward state then reverse state
    R         [B, D*H]      random weights of the scalar loss sum(hidden * R)
    loss      number
    grads     {x: [T, B, I] (zero on padding), <weight name>: same shape as the weight}

fixtures/kernels/model-<arch>.json (arch: rnn, gru, lstm, bilstm): the reference
classifier embedding(padding_idx=1) -> packed recurrent layer -> h_n (concat of
forward and reverse for the BiLSTM) -> linear(1), in eval mode (no dropout):
    arch, cell, bidirectional, vocabSize, embeddingSize, hiddenSize, padIndex, time, batch
    tokens    [T, B]        int ids, padded with padIndex
    lengths   [B]
    labels    [B]           0.0 or 1.0
    params    {name: [..]}  embedding.weight [V, E], rnn.* as above, fc.weight [1, D*H], fc.bias [1]
    shapes    {name: shape}
    logits    [B]
    loss      number        BCEWithLogits, mean over the batch
    grads     {name: [..]}  d loss / d param for every entry of params
"""

import json
import os

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "kernels")
MODULES = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}

# Kernel cases: time 7, input 6, hidden 3, five sequences in no particular order,
# including a full-length one, a length-1 one and two of equal length.
KERNEL_LENGTHS = [3, 7, 1, 5, 3]
KERNEL_TIME, KERNEL_INPUT, KERNEL_HIDDEN = 7, 6, 3

# Model cases: vocabulary 12 (0 <unk>, 1 <pad>), embedding 6, hidden 3.
MODEL_LENGTHS = [4, 6, 1, 6, 2]
VOCAB, EMB, HIDDEN, PAD = 12, 6, 3, 1
ARCHS = {"rnn": ("rnn", False), "gru": ("gru", False), "lstm": ("lstm", False), "bilstm": ("lstm", True)}


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def run_layer(layer, x, lengths):
    """h_n of a packed run, as [B, D*H] (forward state then reverse state)."""
    packed = pack_padded_sequence(x, torch.tensor(lengths), enforce_sorted=False)
    _, h_n = layer(packed)
    if isinstance(h_n, tuple):  # LSTM returns (h_n, c_n)
        h_n = h_n[0]
    # h_n: [D, B, H] in the original batch order (enforce_sorted=False unsorts it).
    return h_n.permute(1, 0, 2).reshape(h_n.shape[1], -1)


def kernel_case(cell, bidirectional, seed):
    torch.manual_seed(seed)
    layer = MODULES[cell](KERNEL_INPUT, KERNEL_HIDDEN, bidirectional=bidirectional)
    batch = len(KERNEL_LENGTHS)
    x = torch.randn(KERNEL_TIME, batch, KERNEL_INPUT, requires_grad=True)
    hidden = run_layer(layer, x, KERNEL_LENGTHS)
    r = torch.randn(hidden.shape)
    loss = (hidden * r).sum()
    loss.backward()
    names = [name for name, _ in layer.named_parameters()]
    return {
        "generator": "scripts/pytorch/make_kernel_fixtures.py",
        "torch": torch.__version__,
        "cell": cell,
        "bidirectional": bidirectional,
        "inputSize": KERNEL_INPUT,
        "hiddenSize": KERNEL_HIDDEN,
        "time": KERNEL_TIME,
        "batch": batch,
        "lengths": KERNEL_LENGTHS,
        "x": flat(x),
        "weights": {name: flat(p) for name, p in layer.named_parameters()},
        "hidden": flat(hidden),
        "R": flat(r),
        "loss": float(loss),
        "grads": {"x": flat(x.grad), **{n: flat(p.grad) for n, p in zip(names, layer.parameters())}},
    }


class Classifier(nn.Module):
    def __init__(self, cell, bidirectional):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, EMB, padding_idx=PAD)
        self.rnn = MODULES[cell](EMB, HIDDEN, bidirectional=bidirectional)
        self.fc = nn.Linear(HIDDEN * (2 if bidirectional else 1), 1)

    def forward(self, tokens, lengths):
        hidden = run_layer(self.rnn, self.embedding(tokens), lengths)
        return self.fc(hidden).squeeze(1)


def model_case(arch, seed):
    cell, bidirectional = ARCHS[arch]
    torch.manual_seed(seed)
    model = Classifier(cell, bidirectional).eval()
    time, batch = max(MODEL_LENGTHS), len(MODEL_LENGTHS)
    tokens = torch.full((time, batch), PAD, dtype=torch.long)
    for b, length in enumerate(MODEL_LENGTHS):
        # ids 0 and 2..11: real tokens may be <unk> but never <pad>
        ids = torch.randint(1, VOCAB, (length,))
        ids[ids == PAD] = 0
        tokens[:length, b] = ids
    labels = torch.tensor([1.0, 0.0, 1.0, 0.0, 1.0])
    logits = model(tokens, MODEL_LENGTHS)
    loss = nn.functional.binary_cross_entropy_with_logits(logits, labels)
    loss.backward()
    params = dict(model.named_parameters())
    return {
        "generator": "scripts/pytorch/make_kernel_fixtures.py",
        "torch": torch.__version__,
        "arch": arch,
        "cell": cell,
        "bidirectional": bidirectional,
        "vocabSize": VOCAB,
        "embeddingSize": EMB,
        "hiddenSize": HIDDEN,
        "padIndex": PAD,
        "time": time,
        "batch": batch,
        "tokens": [int(v) for v in tokens.reshape(-1).tolist()],
        "lengths": MODEL_LENGTHS,
        "labels": flat(labels),
        "params": {n: flat(p) for n, p in params.items()},
        "shapes": {n: list(p.shape) for n, p in params.items()},
        "logits": flat(logits),
        "loss": float(loss),
        "grads": {n: flat(p.grad) for n, p in params.items()},
    }


def write(name, data):
    path = os.path.join(OUT, name)
    with open(path, "w") as f:
        json.dump(data, f)
        f.write("\n")
    print("wrote", os.path.normpath(path))


def main():
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    for i, cell in enumerate(["rnn", "gru", "lstm"]):
        for j, bidirectional in enumerate([False, True]):
            suffix = "bi" if bidirectional else "uni"
            write(f"{cell}-{suffix}.json", kernel_case(cell, bidirectional, seed=100 + 10 * i + j))
    for i, arch in enumerate(ARCHS):
        write(f"model-{arch}.json", model_case(arch, seed=200 + i))


if __name__ == "__main__":
    main()
