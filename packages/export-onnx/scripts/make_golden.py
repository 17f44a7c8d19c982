"""Golden fixtures for the ONNX export, from PyTorch itself (the reference semantics).

For each architecture: a seeded reference model (nn.Embedding(padding_idx=1) ->
nn.RNN/GRU/LSTM over pack_padded_sequence -> final hidden state, forward and backward
concatenated for the BiLSTM -> nn.Linear(H * dirs, 1)) in eval mode, a padded
batch-major batch of token ids with unequal lengths, and PyTorch's logits.
golden.node.test.ts exports these weights and checks onnxruntime's logits against them.

Run (Debian python3-torch; CI has no torch, so the JSON is committed):
    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 packages/export-onnx/scripts/make_golden.py
"""

import json
import pathlib

import torch
from torch import nn
from torch.nn.utils.rnn import pack_padded_sequence

VOCAB, EMBEDDING, HIDDEN, PAD = 30, 5, 4, 1
# Unequal lengths including 1 and the full width; not sorted (enforce_sorted=False).
LENGTHS = [6, 1, 4, 6, 3, 2]
CELLS = {"rnn": (nn.RNN, False), "gru": (nn.GRU, False), "lstm": (nn.LSTM, False), "bilstm": (nn.LSTM, True)}
OUT = pathlib.Path(__file__).resolve().parent.parent / "fixtures"


class Reference(nn.Module):
    def __init__(self, cell, bidirectional):
        super().__init__()
        self.embedding = nn.Embedding(VOCAB, EMBEDDING, padding_idx=PAD)
        self.rnn = cell(EMBEDDING, HIDDEN, bidirectional=bidirectional)
        self.fc = nn.Linear(HIDDEN * (2 if bidirectional else 1), 1)
        self.bidirectional = bidirectional

    def forward(self, ids, lengths):  # ids: [batch, time]
        embedded = self.embedding(ids.t())  # [time, batch, emb], as torchtext feeds it
        packed = pack_padded_sequence(embedded, lengths, enforce_sorted=False)
        _, hidden = self.rnn(packed)
        if isinstance(hidden, tuple):  # LSTM: (h_n, c_n)
            hidden = hidden[0]
        final = torch.cat((hidden[-2], hidden[-1]), dim=1) if self.bidirectional else hidden[-1]
        return self.fc(final).squeeze(1)


def main():
    OUT.mkdir(exist_ok=True)
    for seed, (arch, (cell, bidirectional)) in enumerate(CELLS.items()):
        torch.manual_seed(1234 + seed)
        model = Reference(cell, bidirectional).eval()
        time = max(LENGTHS)
        ids = torch.full((len(LENGTHS), time), PAD, dtype=torch.long)
        for b, length in enumerate(LENGTHS):
            ids[b, :length] = torch.randint(2, VOCAB, (length,))
        with torch.no_grad():
            logits = model(ids, torch.tensor(LENGTHS))
        fixture = {
            "description": f"PyTorch {torch.__version__} reference {arch}; see scripts/make_golden.py",
            "arch": arch,
            "spec": {"vocabSize": VOCAB, "embeddingSize": EMBEDDING, "hiddenSize": HIDDEN},
            # Weights by PyTorch state_dict name; float32 values written exactly as doubles.
            "tensors": {
                name: {"shape": list(t.shape), "data": t.detach().reshape(-1).tolist()}
                for name, t in model.state_dict().items()
            },
            "tokenIds": ids.tolist(),
            "lengths": LENGTHS,
            "logits": logits.tolist(),
        }
        path = OUT / f"golden-{arch}.json"
        path.write_text(json.dumps(fixture, indent=1) + "\n")
        print(f"wrote {path.relative_to(OUT.parent)}: logits {[round(x, 5) for x in fixture['logits']]}")


if __name__ == "__main__":
    main()
