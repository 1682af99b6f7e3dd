"""Peer of bench/ImageData: the same JPEG files decoded by the same libturbojpeg (ctypes, tjDecompress2 to BGR)
and resized to 256x256 by PyTorch's bilinear interpolate (align_corners=False, no antialias: cv2.INTER_LINEAR's
semantics), single-threaded, timed by process CPU time. Prints "<metric> <images per second>"."""
import ctypes, os, sys, time
import numpy as np
import torch

torch.set_num_threads(1)
folder = sys.argv[1]
files = sorted(os.listdir(os.path.join(folder, "jpeg")))
jpegs = [open(os.path.join(folder, "jpeg", f), "rb").read() for f in files]
tj = ctypes.CDLL("libturbojpeg.so.0")
tj.tjInitDecompress.restype = ctypes.c_void_p
tj.tjDecompressHeader3.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_ulong] + [ctypes.POINTER(ctypes.c_int)] * 4
tj.tjDecompress2.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_ulong, ctypes.c_void_p] + [ctypes.c_int] * 5
handle = tj.tjInitDecompress()

def decode(data):
    w, h, s, c = (ctypes.c_int() for _ in range(4))
    if tj.tjDecompressHeader3(handle, data, len(data), ctypes.byref(w), ctypes.byref(h), ctypes.byref(s), ctypes.byref(c)) != 0:
        raise RuntimeError("header")
    out = np.empty((h.value, w.value, 3), dtype=np.uint8)
    if tj.tjDecompress2(handle, data, len(data), out.ctypes.data, w.value, 0, h.value, 1, 0) != 0:
        raise RuntimeError("decode")
    return out

def resize(image):
    t = torch.from_numpy(image).permute(2, 0, 1).unsqueeze(0).float()
    r = torch.nn.functional.interpolate(t, size=(256, 256), mode="bilinear", align_corners=False)
    return r.round().clamp(0, 255).to(torch.uint8)[0].contiguous()

def measure(name, body):
    body()
    best = min(timed(body) for _ in range(3))
    print(f"{name} {len(jpegs) / best:.1f}")

def timed(body):
    start = time.process_time()
    body()
    return time.process_time() - start

measure("decode", lambda: [decode(j) for j in jpegs])
measure("decode+resize256", lambda: [resize(decode(j)) for j in jpegs])
