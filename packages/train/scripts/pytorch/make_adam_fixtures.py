"""Golden fixtures for FusedAdam: what torch.optim.Adam does, step by step.

Run from packages/train (Debian's python3-torch 1.13 is enough):

    OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 scripts/pytorch/make_adam_fixtures.py

Writes fixtures/adam/torch-adam.json: for each case (learning rate, weight
decay), the initial parameters, five steps of gradients, and the parameters
after every step. One case withholds a gradient for one parameter on one step
(p.grad = None), which PyTorch skips without advancing that parameter's step.
All tensors are float32 and stored as exact decimal expansions of float32s.
"""

import json
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "adam", "torch-adam.json")
STEPS = 5
SHAPES = {"embedding": [6, 4], "bias": [5]}
CASES = [
    {"name": "lr1e-3", "lr": 1e-3, "weight_decay": 0.0, "skip": None},
    {"name": "lr5e-2", "lr": 5e-2, "weight_decay": 0.0, "skip": None},
    {"name": "lr1e-3-wd1e-2", "lr": 1e-3, "weight_decay": 1e-2, "skip": None},
    {"name": "lr5e-2-wd1e-1", "lr": 5e-2, "weight_decay": 1e-1, "skip": None},
    # step index 2 (the third step) has no gradient for "bias"
    {"name": "lr1e-2-skip-bias-step3", "lr": 1e-2, "weight_decay": 0.0, "skip": ["bias", 2]},
]


def flat(t):
    return [float(x) for x in t.detach().reshape(-1).tolist()]


def make_case(case, generator):
    params = {
        name: torch.nn.Parameter(torch.randn(shape, generator=generator, dtype=torch.float32))
        for name, shape in SHAPES.items()
    }
    initial = {name: flat(p) for name, p in params.items()}
    opt = torch.optim.Adam(
        list(params.values()), lr=case["lr"], betas=(0.9, 0.999), eps=1e-8,
        weight_decay=case["weight_decay"],
    )
    steps = []
    for step in range(STEPS):
        grads = {}
        for name, p in params.items():
            if case["skip"] is not None and case["skip"] == [name, step]:
                p.grad = None
                grads[name] = None
                continue
            # Gradients of varying scale, so the second moment matters.
            g = torch.randn(p.shape, generator=generator, dtype=torch.float32) * (0.1 * (step + 1))
            p.grad = g
            grads[name] = flat(g)
        opt.step()
        steps.append({"grads": grads, "params": {name: flat(p) for name, p in params.items()}})
    return {
        "name": case["name"],
        "lr": case["lr"],
        "betas": [0.9, 0.999],
        "eps": 1e-8,
        "weightDecay": case["weight_decay"],
        "shapes": SHAPES,
        "initial": initial,
        "steps": steps,
    }


def main():
    generator = torch.Generator().manual_seed(20260329)
    fixture = {
        "generator": "scripts/pytorch/make_adam_fixtures.py",
        "torch": torch.__version__,
        "cases": [make_case(c, generator) for c in CASES],
    }
    with open(OUT, "w") as f:
        json.dump(fixture, f)
        f.write("\n")
    print(f"wrote {os.path.normpath(OUT)} ({len(CASES)} cases x {STEPS} steps)")


if __name__ == "__main__":
    main()
