"""PyTorch peer of bench/Net: the same nets (Caffe's LeNet and cifar10_quick), batch sizes, solver
settings and thread count, on random inputs. Prints lines in the format of ActorNet.Bench.Net."""
import os
import sys
import time

import torch
import torch.nn as nn

# BENCH_CLOCK=cpu: process CPU time (as ActorNet.Bench.Net does), robust on a shared, loaded machine.
CLOCK = time.process_time if os.environ.get("BENCH_CLOCK") == "cpu" else time.perf_counter


def lenet():
    return nn.Sequential(
        nn.Conv2d(1, 20, 5), nn.MaxPool2d(2, 2),
        nn.Conv2d(20, 50, 5), nn.MaxPool2d(2, 2),
        nn.Flatten(), nn.Linear(800, 500), nn.ReLU(inplace=True), nn.Linear(500, 10))


def cifar10_quick():
    # Caffe rounds pooled sizes up: ceil_mode=True gives the same 16/8/4 feature maps.
    return nn.Sequential(
        nn.Conv2d(3, 32, 5, padding=2), nn.MaxPool2d(3, 2, ceil_mode=True), nn.ReLU(inplace=True),
        nn.Conv2d(32, 32, 5, padding=2), nn.ReLU(inplace=True), nn.AvgPool2d(3, 2, ceil_mode=True),
        nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(inplace=True), nn.AvgPool2d(3, 2, ceil_mode=True),
        nn.Flatten(), nn.Linear(64 * 4 * 4, 64), nn.Linear(64, 10))


def train(model, batch, shape, warmup, iterations):
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    loss_fn = nn.CrossEntropyLoss()
    def step():
        x = torch.rand(batch, *shape)
        y = torch.randint(0, 10, (batch,))
        opt.zero_grad()
        loss_fn(model(x), y).backward()
        opt.step()
    for _ in range(warmup):
        step()
    start = CLOCK()
    for _ in range(iterations):
        step()
    return batch * iterations / (CLOCK() - start)


def infer(model, batch, shape, warmup, iterations):
    model.eval()
    x = torch.rand(batch, *shape)
    with torch.no_grad():
        for _ in range(warmup):
            model(x)
        start = CLOCK()
        for _ in range(iterations):
            model(x)
    return batch * iterations / (CLOCK() - start)


def main():
    threads = int(sys.argv[1])
    what = sys.argv[2] if len(sys.argv) > 2 else "all"
    torch.set_num_threads(threads)
    torch.manual_seed(1)
    if what in ("lenet", "all"):
        print(f"lenet_train threads={threads} {train(lenet(), 64, (1, 28, 28), 20, 150):.1f} images/s")
    if what in ("cifar-train", "all"):
        print(f"cifar10_quick_train threads={threads} {train(cifar10_quick(), 100, (3, 32, 32), 5, 40):.1f} images/s")
    if what in ("cifar-infer", "all"):
        print(f"cifar10_quick_infer threads={threads} {infer(cifar10_quick(), 100, (3, 32, 32), 5, 60):.1f} images/s")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
