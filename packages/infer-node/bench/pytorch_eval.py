"""PyTorch 1.13 reference for bench/classify.bench.ts: batched eval of the same weights
on the same encoded reviews, so the Node figures have a same-machine, same-run baseline.

The model is the reference one (nn.Embedding(padding_idx=1) -> nn.LSTM/GRU/RNN over
pack_padded_sequence -> final state -> nn.Linear), weights read from the safetensors
artifact with numpy. Batches of --batch reviews sorted by length, --threads threads.

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 pytorch_eval.py ARTIFACT ENCODED [--batch 64] [--threads 2]

ENCODED is int32 little-endian: N, then N lengths, then the ids back to back.
Prints one JSON object: reviews, median seconds per pass, reviews/s, and the logits.
"""
import argparse
import json
import statistics
import struct
import time

import numpy as np
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    base = 8 + n
    meta = json.loads(header.pop("__metadata__")["imdb-rnn"])
    tensors = {}
    for name, info in header.items():
        begin, end = info["data_offsets"]
        array = np.frombuffer(data[base + begin : base + end], dtype="<f4").reshape(info["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return meta, tensors


class SentimentRNN(nn.Module):
    def __init__(self, spec):
        super().__init__()
        cell = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}[spec["cell"]]
        self.embedding = nn.Embedding(spec["vocabSize"], spec["embeddingSize"], padding_idx=spec["padIndex"])
        self.rnn = cell(spec["embeddingSize"], spec["hiddenSize"], batch_first=True, bidirectional=spec["bidirectional"])
        self.fc = nn.Linear(spec["hiddenSize"] * (2 if spec["bidirectional"] else 1), 1)
        self.bidirectional = spec["bidirectional"]

    def forward(self, ids, lengths):
        packed = pack_padded_sequence(self.embedding(ids), lengths, batch_first=True, enforce_sorted=True)
        _, h = self.rnn(packed)
        if isinstance(h, tuple):
            h = h[0]
        last = torch.cat((h[-2], h[-1]), dim=1) if self.bidirectional else h[-1]
        return self.fc(last).squeeze(1)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("artifact")
    parser.add_argument("encoded")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    meta, tensors = read_safetensors(args.artifact)
    spec = meta["spec"]
    model = SentimentRNN(spec)
    model.load_state_dict(tensors)
    model.eval()

    raw = np.fromfile(args.encoded, dtype="<i4")
    n = int(raw[0])
    lengths = raw[1 : 1 + n]
    offsets = np.concatenate([[0], np.cumsum(lengths)]) + 1 + n
    # Longest first within each batch: what pack_padded_sequence(enforce_sorted=True) wants.
    order = np.argsort(-lengths, kind="stable")
    batches = []
    for start in range(0, n, args.batch):
        idx = order[start : start + args.batch]
        time_steps = int(lengths[idx].max())
        ids = np.full((len(idx), time_steps), spec["padIndex"], dtype=np.int64)
        for row, i in enumerate(idx):
            ids[row, : lengths[i]] = raw[offsets[i] : offsets[i + 1]]
        batches.append((idx, torch.from_numpy(ids), torch.from_numpy(lengths[idx].astype(np.int64))))

    logits = np.zeros(n, dtype=np.float32)
    seconds = []
    with torch.no_grad():
        for _ in range(args.passes):
            start = time.perf_counter()
            for idx, ids, lens in batches:
                logits[idx] = model(ids, lens).numpy()
            seconds.append(time.perf_counter() - start)
    median = statistics.median(seconds)
    print(json.dumps({
        "reviews": n,
        "threads": args.threads,
        "batch": args.batch,
        "seconds": median,
        "reviewsPerSecond": n / median,
        "torch": torch.__version__,
        "logits": logits.tolist(),
    }))


if __name__ == "__main__":
    main()
