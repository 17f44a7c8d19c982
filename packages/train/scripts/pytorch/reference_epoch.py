#!/usr/bin/env python3
"""The PyTorch reference for the training benchmark (packages/train/bench).

Trains ONE epoch of the reference model on exactly the batches the TypeScript
benchmark wrote (same token ids, lengths, labels, batch order and GloVe-initialised
embedding), so the two timings compare the same work. Mirrors the reference study:
nn.Embedding(padding_idx=1) -> dropout -> nn.RNN/GRU/LSTM over packed sequences ->
final hidden state (forward and backward concatenated for the BiLSTM) -> dropout ->
nn.Linear(., 1), BCEWithLogitsLoss, Adam.

MODE "packed" (default) is that model. MODE "padded" runs the recurrent layer over
the whole padded batch without pack_padded_sequence (PyTorch's fastest path on
these batches; the final state then includes the padding steps, so its accuracy
is not the reference's: it is a speed bar only).

With "flush-denormal" last, torch.set_flush_denormal(True) runs first: x86 then
treats subnormal floats as zero in hardware (FTZ/DAZ) instead of taking a slow
microcode assist on each. A gradient decaying through hundreds of tokens goes
subnormal, and on some CPUs PyTorch's epoch is then several times slower (our
wasm kernels flush such values in software for the same reason; issue 14). It
is PyTorch's fastest setting, so the benchmark uses it for its bars.

Input file layout (little-endian), written by bench/epoch-batches.ts:
  u32 header_length, header JSON (utf-8) with keys
    cell, bidirectional, vocabSize, embeddingSize, hiddenSize, dropout, padIndex,
    lr, seed, batches: [{time, batch}]
  float32 embedding[vocabSize * embeddingSize]
  per batch: int32 ids[time * batch] (time-major), int32 lengths[batch], float32 labels[batch]

Usage: reference_epoch.py BATCHES_FILE THREADS [packed|padded] [flush-denormal]
Prints one JSON line: {"seconds", "meanLoss", "batches", "tokens", "peakRssMb", "threads",
"mode", "flushDenormal", "torch"}.
Run with OMP_WAIT_POLICY=PASSIVE (spin-waiting OpenMP threads make 2 threads
10x slower than 1 whenever the other core is busy).
"""
import json
import resource
import struct
import sys
import time

import numpy as np
import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence


class Reference(nn.Module):
    def __init__(self, h, packed=True):
        super().__init__()
        self.packed = packed
        self.cell = h["cell"]
        self.bidirectional = h["bidirectional"]
        self.embedding = nn.Embedding(h["vocabSize"], h["embeddingSize"], padding_idx=h["padIndex"])
        cls = {"rnn": nn.RNN, "gru": nn.GRU, "lstm": nn.LSTM}[self.cell]
        self.rnn = cls(h["embeddingSize"], h["hiddenSize"], bidirectional=self.bidirectional)
        self.fc = nn.Linear(h["hiddenSize"] * (2 if self.bidirectional else 1), 1)
        self.dropout = nn.Dropout(h["dropout"])

    def forward(self, ids, lengths):
        embedded = self.dropout(self.embedding(ids))
        if self.packed:
            _, state = self.rnn(pack_padded_sequence(embedded, lengths, enforce_sorted=False))
        else:
            _, state = self.rnn(embedded)
        hidden = state[0] if self.cell == "lstm" else state
        if self.bidirectional:
            hidden = torch.cat((hidden[-2], hidden[-1]), dim=1)
        else:
            hidden = hidden[-1]
        return self.fc(self.dropout(hidden)).squeeze(1)


def read_batches(path):
    with open(path, "rb") as f:
        data = f.read()
    (header_len,) = struct.unpack_from("<I", data, 0)
    header = json.loads(data[4 : 4 + header_len].decode("utf-8"))
    offset = 4 + header_len
    n_emb = header["vocabSize"] * header["embeddingSize"]
    embedding = np.frombuffer(data, dtype="<f4", count=n_emb, offset=offset).reshape(
        header["vocabSize"], header["embeddingSize"]
    )
    offset += 4 * n_emb
    batches = []
    for b in header["batches"]:
        t, n = b["time"], b["batch"]
        ids = np.frombuffer(data, dtype="<i4", count=t * n, offset=offset).reshape(t, n)
        offset += 4 * t * n
        lengths = np.frombuffer(data, dtype="<i4", count=n, offset=offset)
        offset += 4 * n
        labels = np.frombuffer(data, dtype="<f4", count=n, offset=offset)
        offset += 4 * n
        batches.append(
            (torch.from_numpy(ids.astype(np.int64)), torch.from_numpy(lengths.astype(np.int64)), torch.from_numpy(labels.copy()))
        )
    if offset != len(data):
        raise SystemExit(f"{path}: {len(data) - offset} trailing bytes; file does not match its header")
    return header, torch.from_numpy(embedding.copy()), batches


def main():
    args = sys.argv[1:]
    flush = len(args) == 4 and args[3] == "flush-denormal"
    if len(args) not in (2, 3, 4) or (len(args) >= 3 and args[2] not in ("packed", "padded")) or (
        len(args) == 4 and not flush
    ) or not args[1].isdigit():
        raise SystemExit("usage: reference_epoch.py BATCHES_FILE THREADS [packed|padded] [flush-denormal]")
    threads = int(args[1])
    mode = args[2] if len(args) >= 3 else "packed"
    # False when the CPU cannot flush (not x86 with SSE3): then the figures are stock PyTorch's.
    flushed = torch.set_flush_denormal(True) if flush else False
    torch.set_num_threads(threads)
    header, embedding, batches = read_batches(args[0])
    torch.manual_seed(header["seed"])
    model = Reference(header, packed=mode == "packed")
    with torch.no_grad():
        model.embedding.weight.copy_(embedding)
    optimizer = torch.optim.Adam(model.parameters(), lr=header["lr"])
    criterion = nn.BCEWithLogitsLoss()
    model.train()
    total_loss = 0.0
    tokens = 0
    start = time.perf_counter()
    for ids, lengths, labels in batches:
        optimizer.zero_grad()
        loss = criterion(model(ids, lengths), labels)
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
        tokens += int(lengths.sum())
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": seconds,
                "meanLoss": total_loss / len(batches),
                "batches": len(batches),
                "tokens": tokens,
                "peakRssMb": peak_mb,
                "threads": threads,
                "mode": mode,
                "flushDenormal": flushed,
                "torch": torch.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
