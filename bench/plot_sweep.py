"""Draws the LeNet training sweep (bench/training_sweep.sh) as an SVG: one row per mode, test accuracy against
wall seconds (left) and against epochs (right); colour = K workers, dash = sync interval tau. Also prints a
markdown table of the last test accuracy, its epochs and seconds per run. Usage: plot_sweep.py RUNS_DIR OUT.svg"""
import csv
import os
import re
import sys

runs_dir, out_path = sys.argv[1], sys.argv[2]
TRAIN_IMAGES, BATCH = 60000, 64
runs = {}
for name in sorted(os.listdir(runs_dir)):
    m = re.fullmatch(r"(?P<mode>[a-z-]+)-k(?P<k>\d+)-tau(?P<tau>\d+)", name)
    path = os.path.join(runs_dir, name, "metrics.csv")
    if not m or not os.path.exists(path):
        continue
    k, tau = int(m["k"]), int(m["tau"])
    points = []
    with open(path) as f:
        for row in csv.DictReader(f):
            if row["test_accuracy"]:
                epochs = int(row["round"]) * k * BATCH * tau / TRAIN_IMAGES
                points.append((float(row["seconds"]), epochs, float(row["test_accuracy"])))
    if points:
        runs[(m["mode"], k, tau)] = points

modes = sorted({m for m, _, _ in runs}, key=lambda m: ["averaging", "ps", "ps-async", "allreduce"].index(m) if m in ["averaging", "ps", "ps-async", "allreduce"] else 9)
colors = {1: "#1f77b4", 2: "#2ca02c", 4: "#d62728"}
dashes = {1: "2,3", 10: "8,4", 50: ""}
W, H, ML, MT, PW, PH, GAP = 980, 40 + 260 * max(1, len(modes)), 60, 40, 380, 200, 60
max_seconds = max((p[0] for pts in runs.values() for p in pts), default=1)
max_epochs = max((p[1] for pts in runs.values() for p in pts), default=1)
lo, hi = 0.5, 0.9
svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="11">',
       '<rect width="100%" height="100%" fill="white"/>',
       f'<text x="{ML}" y="20" font-size="14">Fashion-MNIST LeNet on local-cluster[2]: test accuracy (colour: K workers 1/2/4 = blue/green/red; dash: tau 1 dotted, 10 dashed, 50 solid)</text>']
for row, mode in enumerate(modes):
    for col, (label, index, xmax) in enumerate([("seconds", 0, max_seconds), ("epochs", 1, max_epochs)]):
        x0, y0 = ML + col * (PW + GAP + 40), MT + row * 260 + 10
        svg.append(f'<rect x="{x0}" y="{y0}" width="{PW}" height="{PH}" fill="none" stroke="#999"/>')
        svg.append(f'<text x="{x0}" y="{y0 - 5}" font-size="12">{mode}: accuracy vs {label}</text>')
        for t in range(5):
            acc = lo + (hi - lo) * t / 4
            y = y0 + PH - PH * t / 4
            svg.append(f'<text x="{x0 - 35}" y="{y + 4}">{acc:.2f}</text>')
            svg.append(f'<line x1="{x0}" y1="{y}" x2="{x0 + PW}" y2="{y}" stroke="#eee"/>')
            xv = xmax * t / 4
            svg.append(f'<text x="{x0 + PW * t / 4 - 10}" y="{y0 + PH + 15}">{xv:.0f}</text>' if label == "seconds"
                       else f'<text x="{x0 + PW * t / 4 - 10}" y="{y0 + PH + 15}">{xv:.2f}</text>')
        for (m, k, tau), pts in sorted(runs.items()):
            if m != mode:
                continue
            coords = " ".join(f"{x0 + PW * p[index] / xmax:.1f},{y0 + PH - PH * (min(max(p[2], lo), hi) - lo) / (hi - lo):.1f}" for p in pts)
            svg.append(f'<polyline points="{coords}" fill="none" stroke="{colors.get(k, "#000")}" stroke-width="1.8" stroke-dasharray="{dashes.get(tau, "1,1")}"><title>{mode} K={k} tau={tau}</title></polyline>')
svg.append("</svg>")
with open(out_path, "w") as f:
    f.write("\n".join(svg))

print("| mode | K | tau | test accuracy after 1 epoch | seconds | accuracy at first test (epochs) |")
print("|---|---|---|---|---|---|")
for (m, k, tau), pts in sorted(runs.items(), key=lambda r: (modes.index(r[0][0]), r[0][1], r[0][2])):
    print(f"| {m} | {k} | {tau} | {pts[-1][2]:.4f} | {pts[-1][0]:.0f} | {pts[0][2]:.4f} ({pts[0][1]:.2f}) |")
print(f"wrote {out_path}")
