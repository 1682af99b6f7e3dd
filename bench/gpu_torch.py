"""PyTorch + cuDNN peer of bench/gpu.sh: Caffe's cifar10_quick and CaffeNet (bvlc_reference_caffenet) on the GPU,
timed as `actornet time` times a net: forward + backward on random inputs, synchronized, after a warm-up.

    python3 bench/gpu_torch.py cifar10_quick 100 50
    python3 bench/gpu_torch.py caffenet 256 20

Prints one line: "<net> <batch> <images/s>"."""
import sys
import time

import torch
import torch.nn as nn


def cifar10_quick():
    # Caffe rounds pooled sizes up: ceil_mode=True gives the same 16/8/4 feature maps.
    return nn.Sequential(
        nn.Conv2d(3, 32, 5, padding=2), nn.MaxPool2d(3, 2, ceil_mode=True), nn.ReLU(inplace=True),
        nn.Conv2d(32, 32, 5, padding=2), nn.ReLU(inplace=True), nn.AvgPool2d(3, 2, ceil_mode=True),
        nn.Conv2d(32, 64, 5, padding=2), nn.ReLU(inplace=True), nn.AvgPool2d(3, 2, ceil_mode=True),
        nn.Flatten(), nn.Linear(64 * 4 * 4, 64), nn.Linear(64, 10)), (3, 32, 32), 10


def caffenet():
    # bvlc_reference_caffenet: pooling before LRN, grouped conv2/4/5, dropout 0.5, 1000 classes.
    lrn = lambda: nn.LocalResponseNorm(5, alpha=1e-4, beta=0.75, k=1.0)
    return nn.Sequential(
        nn.Conv2d(3, 96, 11, stride=4), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2, ceil_mode=True), lrn(),
        nn.Conv2d(96, 256, 5, padding=2, groups=2), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2, ceil_mode=True), lrn(),
        nn.Conv2d(256, 384, 3, padding=1), nn.ReLU(inplace=True),
        nn.Conv2d(384, 384, 3, padding=1, groups=2), nn.ReLU(inplace=True),
        nn.Conv2d(384, 256, 3, padding=1, groups=2), nn.ReLU(inplace=True), nn.MaxPool2d(3, 2, ceil_mode=True),
        nn.Flatten(), nn.Linear(256 * 6 * 6, 4096), nn.ReLU(inplace=True), nn.Dropout(0.5),
        nn.Linear(4096, 4096), nn.ReLU(inplace=True), nn.Dropout(0.5), nn.Linear(4096, 1000)), (3, 227, 227), 1000


def main():
    name, batch, iterations = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    if not torch.cuda.is_available():
        sys.exit("gpu_torch.py: PyTorch sees no CUDA device")
    torch.backends.cudnn.benchmark = True
    model, shape, classes = {"cifar10_quick": cifar10_quick, "caffenet": caffenet}[name]()
    model = model.cuda().train()
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(batch, *shape, device="cuda")
    y = torch.randint(0, classes, (batch,), device="cuda")

    def step():
        model.zero_grad(set_to_none=False)
        loss_fn(model(x), y).backward()

    for _ in range(5):
        step()
    torch.cuda.synchronize()
    start = time.perf_counter()
    for _ in range(iterations):
        step()
    torch.cuda.synchronize()
    print(f"{name} {batch} {batch * iterations / (time.perf_counter() - start):.1f}")


if __name__ == "__main__":
    main()
