"""PyTorch peer of MnistApp's accuracy: Caffe's LeNet with Caffe's lenet_solver recipe (SGD lr 0.01,
momentum 0.9, weight decay 5e-4, lr policy inv gamma 1e-4 power 0.75, batch 64, xavier weights and
constant-0 biases, pixels scaled by 1/256), one epoch over the real Fashion-MNIST training set with
Caffe's bias lr_mult 2 (lenet_train_test.prototxt), then accuracy on the 10,000 test images. The images are
taken in the file's order, as Caffe's Data layer reads its LMDB and as MnistApp does; pass "shuffle" as a
fourth argument to reshuffle them first (PyTorch's usual DataLoader(shuffle=True)).
Usage: torch_lenet_epoch.py DATA_DIR THREADS SEED [shuffle]"""
import gzip
import sys
import time

import numpy as np
import torch
import torch.nn as nn


def idx(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def find(folder, stem):
    import os
    for name in (stem + ".gz", stem):
        if os.path.exists(os.path.join(folder, name)):
            return os.path.join(folder, name)
    raise SystemExit(f"{stem}[.gz] not found in {folder}")


def main():
    folder, threads, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    shuffle = len(sys.argv) > 4 and sys.argv[4] == "shuffle"
    torch.set_num_threads(threads)
    torch.manual_seed(seed)
    xs = torch.tensor(idx(find(folder, "train-images-idx3-ubyte")), dtype=torch.float32).unsqueeze(1) / 256
    ys = torch.tensor(idx(find(folder, "train-labels-idx1-ubyte")), dtype=torch.long)
    tx = torch.tensor(idx(find(folder, "t10k-images-idx3-ubyte")), dtype=torch.float32).unsqueeze(1) / 256
    ty = torch.tensor(idx(find(folder, "t10k-labels-idx1-ubyte")), dtype=torch.long)
    model = nn.Sequential(
        nn.Conv2d(1, 20, 5), nn.MaxPool2d(2, 2), nn.Conv2d(20, 50, 5), nn.MaxPool2d(2, 2),
        nn.Flatten(), nn.Linear(800, 500), nn.ReLU(inplace=True), nn.Linear(500, 10))
    for m in model:
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            # Caffe's xavier: uniform(-a, a) with a = sqrt(3 / fan_in).
            fan_in = m.weight[0].numel()
            nn.init.uniform_(m.weight, -(3 / fan_in) ** 0.5, (3 / fan_in) ** 0.5)
            nn.init.zeros_(m.bias)
    # Caffe applies weight decay to weights and biases alike (decay_mult defaults to 1); LeNet's biases
    # learn at twice the rate (lr_mult 2).
    weights = [m.weight for m in model if isinstance(m, (nn.Conv2d, nn.Linear))]
    biases = [m.bias for m in model if isinstance(m, (nn.Conv2d, nn.Linear))]
    opt = torch.optim.SGD([{"params": weights, "lr": 0.01}, {"params": biases, "lr": 0.02}],
                          lr=0.01, momentum=0.9, weight_decay=5e-4)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda it: (1 + 1e-4 * it) ** -0.75)
    loss_fn = nn.CrossEntropyLoss()
    start = time.perf_counter()
    order = torch.randperm(len(xs)) if shuffle else torch.arange(len(xs))
    # Caffe's epoch: ceil(60000 / 64) = 938 iterations, the last batch wrapping around to the start.
    iterations = (len(xs) + 63) // 64
    for it in range(iterations):
        batch = order[torch.arange(it * 64, it * 64 + 64) % len(xs)]
        opt.zero_grad()
        loss_fn(model(xs[batch]), ys[batch]).backward()
        opt.step()
        sched.step()
    with torch.no_grad():
        correct = sum((model(tx[i:i + 1000]).argmax(1) == ty[i:i + 1000]).sum().item() for i in range(0, len(tx), 1000))
    print(f"torch lenet_one_epoch_accuracy seed={seed} order={'shuffle' if shuffle else 'file'} {correct / len(tx):.4f} ({time.perf_counter() - start:.1f} s)")


if __name__ == "__main__":
    main()
