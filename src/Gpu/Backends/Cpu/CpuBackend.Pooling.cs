using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ActorNet.Gpu.Backends.Cpu;

/// <summary>MAX and AVE pooling exactly as Caffe's PoolingLayer (CPU path), threaded over planes.</summary>
internal sealed unsafe partial class CpuBackend
{
    public void PoolForward(in PoolGeometry g, PoolMethod method, int planes, DeviceBuffer input, DeviceBuffer output,
        DeviceBuffer? mask)
    {
        PoolGeometry geo = g;
        float* x = Ptr(input, 0), y = Ptr(output, 0);
        float* m = mask is null ? null : Ptr(mask, 0);
        long inPlane = (long)g.Height * g.Width, outPlane = (long)g.OutH * g.OutW;
        ForRange(planes, planes * outPlane * g.KernelH * g.KernelW, p =>
        {
            if (method == PoolMethod.Max)
            {
                MaxPlane(geo, x + p * inPlane, y + p * outPlane, m == null ? null : m + p * outPlane);
            }
            else
            {
                AvePlane(geo, x + p * inPlane, y + p * outPlane);
            }
        });
    }

    private static void MaxPlane(in PoolGeometry g, float* x, float* y, float* mask)
    {
        int outH = g.OutH, outW = g.OutW;
        for (int ph = 0; ph < outH; ph++)
        {
            int hstart = ph * g.StrideH - g.PadH;
            int hend = Math.Min(hstart + g.KernelH, g.Height);
            hstart = Math.Max(hstart, 0);
            int pw = 0;
            if (Avx2.IsSupported && g is { KernelH: 2, KernelW: 2, StrideH: 2, StrideW: 2, PadH: 0, PadW: 0 } && hend - hstart == 2)
            {
                pw = MaxRow2x2(x, g.Width, hstart, y + ph * outW, mask == null ? null : mask + ph * outW);
            }
            else if (Avx2.IsSupported)
            {
                pw = MaxRowVector(g, x, y + ph * outW, mask == null ? null : mask + ph * outW, hstart, hend);
            }
            for (; pw < outW; pw++)
            {
                int wstart = pw * g.StrideW - g.PadW;
                int wend = Math.Min(wstart + g.KernelW, g.Width);
                wstart = Math.Max(wstart, 0);
                // Branch-free: on real activations "is this the new maximum?" is a coin flip, and a
                // mispredicted branch per element costs more than the whole comparison.
                float best = float.MinValue;
                int bestIndex = -1;
                for (int h = hstart; h < hend; h++)
                {
                    float* row = x + h * g.Width;
                    for (int w = wstart; w < wend; w++)
                    {
                        if (!Sse.IsSupported)
                        {
                            if (row[w] > best)
                            {
                                best = row[w];
                                bestIndex = h * g.Width + w;
                            }
                            continue;
                        }
                        var v = Vector128.CreateScalarUnsafe(row[w]);
                        var current = Vector128.CreateScalarUnsafe(best);
                        int greater = Sse.CompareScalarGreaterThan(v, current).AsInt32().ToScalar(); // -1 or 0
                        bestIndex += (h * g.Width + w - bestIndex) & greater;
                        best = Sse.MaxScalar(v, current).ToScalar();
                    }
                }
                y[ph * outW + pw] = best;
                if (mask != null)
                {
                    mask[ph * outW + pw] = bestIndex;
                }
            }
        }
    }

    /// <summary>
    /// Eight outputs of one pooled row at a time, for windows that lie wholly inside the row: gathers the
    /// strided inputs, keeps the first maximum as Caffe does (strictly greater replaces). Returns the
    /// first output column left to the scalar loop.
    /// </summary>
    private static int MaxRowVector(in PoolGeometry g, float* x, float* y, float* mask, int hstart, int hend)
    {
        int outW = g.OutW;
        // First output whose window starts at column >= 0; vector work must start there and end before any
        // window crosses the right edge.
        int first = (g.PadW + g.StrideW - 1) / g.StrideW;
        int lastFull = (g.Width - g.KernelW + g.PadW) / g.StrideW; // last pw with wstart + k <= W
        if (first != 0 || lastFull - first + 1 < 8)
        {
            return 0;
        }
        var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7) * g.StrideW;
        int pw = 0;
        for (; pw <= lastFull; pw += 8)
        {
            // The last group ends at the last full window, overlapping the previous group: recomputing an output
            // writes the same value and index, and saves the scalar loop most of the row.
            pw = Math.Min(pw, lastFull + 1 - 8);
            int wstart = pw * g.StrideW - g.PadW;
            var best = Vector256.Create(float.MinValue);
            var bestIndex = Vector256.Create(-1);
            for (int h = hstart; h < hend; h++)
            {
                for (int j = 0; j < g.KernelW; j++)
                {
                    var index = lanes + Vector256.Create(h * g.Width + wstart + j);
                    var v = Avx2.GatherVector256(x, index, 4);
                    var greater = Avx.CompareGreaterThan(v, best);
                    best = Avx.BlendVariable(best, v, greater);
                    bestIndex = Avx.BlendVariable(bestIndex.AsSingle(), index.AsSingle(), greater).AsInt32();
                }
            }
            best.Store(y + pw);
            if (mask != null)
            {
                Avx.ConvertToVector256Single(bestIndex).Store(mask + pw);
            }
        }
        return pw;
    }

    /// <summary>
    /// 2×2 stride-2 MAX pooling (LeNet's, VGG's), eight outputs of a pooled row at a time without gathers: two rows of
    /// 16 inputs are loaded and split into even and odd columns, giving each window's four values in Caffe's order
    /// (top-left, top-right, bottom-left, bottom-right; strictly greater replaces, as in the scalar loop). Returns the
    /// first output column left to the scalar loop.
    /// </summary>
    private static int MaxRow2x2(float* x, int width, int top, float* y, float* mask)
    {
        int full = width / 2; // outputs whose window lies inside the row
        if (full < 8)
        {
            return full >= 4 ? MaxRow2x2Narrow(x, width, top, y, mask) : 0;
        }
        float* row0 = x + (long)top * width, row1 = row0 + width;
        var lanes = Vector256.Create(0, 2, 4, 6, 8, 10, 12, 14);
        int pw = 0;
        for (; pw < full; pw += 8)
        {
            pw = Math.Min(pw, full - 8); // the last group overlaps the previous one
            int w = 2 * pw;
            var (a, b) = EvenOdd(row0 + w);
            var (c, d) = EvenOdd(row1 + w);
            var ia = lanes + Vector256.Create(top * width + w);
            var best = Vector256.Create(float.MinValue);
            var index = Vector256.Create(-1);
            MaxStep(a, ia, ref best, ref index);
            MaxStep(b, ia + Vector256.Create(1), ref best, ref index);
            MaxStep(c, ia + Vector256.Create(width), ref best, ref index);
            MaxStep(d, ia + Vector256.Create(width + 1), ref best, ref index);
            best.Store(y + pw);
            if (mask != null)
            {
                Avx.ConvertToVector256Single(index).Store(mask + pw);
            }
        }
        return full;
    }

    /// <summary>As <see cref="MaxRow2x2"/> for rows of 8 to 15 inputs (LeNet's pool2): four outputs at a time.</summary>
    private static int MaxRow2x2Narrow(float* x, int width, int top, float* y, float* mask)
    {
        int full = width / 2;
        float* row0 = x + (long)top * width, row1 = row0 + width;
        var lanes = Vector128.Create(0, 2, 4, 6);
        int pw = 0;
        for (; pw < full; pw += 4)
        {
            pw = Math.Min(pw, full - 4); // the last group overlaps the previous one
            int w = 2 * pw;
            var (a, b) = EvenOdd4(row0 + w);
            var (c, d) = EvenOdd4(row1 + w);
            var ia = lanes + Vector128.Create(top * width + w);
            var best = Vector128.Create(float.MinValue);
            var index = Vector128.Create(-1);
            MaxStep4(a, ia, ref best, ref index);
            MaxStep4(b, ia + Vector128.Create(1), ref best, ref index);
            MaxStep4(c, ia + Vector128.Create(width), ref best, ref index);
            MaxStep4(d, ia + Vector128.Create(width + 1), ref best, ref index);
            best.Store(y + pw);
            if (mask != null)
            {
                Sse2.ConvertToVector128Single(index).Store(mask + pw);
            }
        }
        return full;
    }

    // 8 consecutive floats split into the 4 at even and the 4 at odd positions (one 128-bit shuffle each).
    private static (Vector128<float> Even, Vector128<float> Odd) EvenOdd4(float* p)
    {
        var v0 = Vector128.Load(p);
        var v1 = Vector128.Load(p + 4);
        return (Sse.Shuffle(v0, v1, 0b10_00_10_00), Sse.Shuffle(v0, v1, 0b11_01_11_01));
    }

    private static void MaxStep4(Vector128<float> value, Vector128<int> at, ref Vector128<float> best, ref Vector128<int> index)
    {
        var greater = Sse.CompareGreaterThan(value, best);
        best = Sse41.BlendVariable(best, value, greater);
        index = Sse41.BlendVariable(index.AsSingle(), at.AsSingle(), greater).AsInt32();
    }

    // 16 consecutive floats split into the 8 at even and the 8 at odd positions.
    private static (Vector256<float> Even, Vector256<float> Odd) EvenOdd(float* p)
    {
        var v0 = Vector256.Load(p);
        var v1 = Vector256.Load(p + 8);
        // Shuffle interleaves per 128-bit lane ([v0 0 2, v1 0 2 | v0 4 6, v1 4 6]); the permute puts the quarters in order.
        var even = Avx.Shuffle(v0, v1, 0b10_00_10_00);
        var odd = Avx.Shuffle(v0, v1, 0b11_01_11_01);
        return (Avx2.Permute4x64(even.AsDouble(), 0b11_01_10_00).AsSingle(), Avx2.Permute4x64(odd.AsDouble(), 0b11_01_10_00).AsSingle());
    }

    private static void MaxStep(Vector256<float> value, Vector256<int> at, ref Vector256<float> best, ref Vector256<int> index)
    {
        var greater = Avx.CompareGreaterThan(value, best);
        best = Avx.BlendVariable(best, value, greater);
        index = Avx.BlendVariable(index.AsSingle(), at.AsSingle(), greater).AsInt32();
    }

    private static void AvePlane(in PoolGeometry g, float* x, float* y)
    {
        int outH = g.OutH, outW = g.OutW;
        for (int ph = 0; ph < outH; ph++)
        {
            for (int pw = 0; pw < outW; pw++)
            {
                int poolSize = g.AveWindow(ph, pw, out int hstart, out int hend, out int wstart, out int wend);
                float sum = 0f;
                for (int h = hstart; h < hend; h++)
                {
                    float* row = x + h * g.Width;
                    for (int w = wstart; w < wend; w++)
                    {
                        sum += row[w];
                    }
                }
                y[ph * outW + pw] = sum / poolSize;
            }
        }
    }

    public void PoolBackward(in PoolGeometry g, PoolMethod method, int planes, DeviceBuffer outputDiff,
        DeviceBuffer? mask, DeviceBuffer inputDiff)
    {
        PoolGeometry geo = g;
        float* dy = Ptr(outputDiff, 0), dx = Ptr(inputDiff, 0);
        float* m = mask is null ? null : Ptr(mask, 0);
        if (method == PoolMethod.Max && m == null)
        {
            throw new ArgumentException("MAX pooling backward needs the argmax mask of the forward pass.", nameof(mask));
        }
        long inPlane = (long)g.Height * g.Width, outPlane = (long)g.OutH * g.OutW;
        ForRange(planes, planes * outPlane * g.KernelH * g.KernelW, p =>
        {
            float* d = dx + p * inPlane;
            new Span<float>(d, (int)inPlane).Clear();
            float* t = dy + p * outPlane;
            if (method == PoolMethod.Max)
            {
                float* mk = m + p * outPlane;
                for (int i = 0; i < outPlane; i++)
                {
                    d[(int)mk[i]] += t[i];
                }
            }
            else
            {
                AveBackwardPlane(geo, t, d);
            }
        });
    }

    private static void AveBackwardPlane(in PoolGeometry g, float* dy, float* dx)
    {
        int outH = g.OutH, outW = g.OutW;
        for (int ph = 0; ph < outH; ph++)
        {
            for (int pw = 0; pw < outW; pw++)
            {
                int poolSize = g.AveWindow(ph, pw, out int hstart, out int hend, out int wstart, out int wend);
                float share = dy[ph * outW + pw] / poolSize;
                for (int h = hstart; h < hend; h++)
                {
                    float* row = dx + h * g.Width;
                    for (int w = wstart; w < wend; w++)
                    {
                        row[w] += share;
                    }
                }
            }
        }
    }
}
