using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace ActorNet.Gpu.Backends.Cpu;

/// <summary>Elementwise activations and Eltwise MAX, vectorized and chunked across threads.</summary>
internal sealed unsafe partial class CpuBackend
{
    public void ReluForward(int n, float negativeSlope, DeviceBuffer x, DeviceBuffer y)
    {
        float* px = Ptr(x, 0), py = Ptr(y, 0);
        Chunked(n, (from, count) =>
        {
            var src = new ReadOnlySpan<float>(px + from, count);
            var dst = new Span<float>(py + from, count);
            if (negativeSlope == 0f)
            {
                TensorPrimitives.Max(src, 0f, dst);
            }
            else
            {
                for (int i = 0; i < count; i++)
                {
                    float v = src[i];
                    dst[i] = v > 0 ? v : negativeSlope * v;
                }
            }
        });
    }

    public void ReluBackward(int n, float negativeSlope, DeviceBuffer x, DeviceBuffer dy, DeviceBuffer dx)
    {
        float* px = Ptr(x, 0), pdy = Ptr(dy, 0), pdx = Ptr(dx, 0);
        Chunked(n, (from, count) =>
        {
            float* a = px + from, g = pdy + from, o = pdx + from;
            int i = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                var slope = Vector256.Create(negativeSlope);
                for (; i <= count - 8; i += 8)
                {
                    var positive = Vector256.GreaterThan(Vector256.Load(a + i), Vector256<float>.Zero);
                    var grad = Vector256.Load(g + i);
                    Vector256.Store(Vector256.ConditionalSelect(positive, grad, grad * slope), o + i);
                }
            }
            for (; i < count; i++)
            {
                o[i] = a[i] > 0 ? g[i] : negativeSlope * g[i];
            }
        });
    }

    public void SigmoidForward(int n, DeviceBuffer x, DeviceBuffer y)
    {
        float* px = Ptr(x, 0), py = Ptr(y, 0);
        Chunked(n, (from, count) => TensorPrimitives.Sigmoid(new ReadOnlySpan<float>(px + from, count), new Span<float>(py + from, count)));
    }

    public void SigmoidBackward(int n, DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx)
    {
        float* py = Ptr(y, 0), pdy = Ptr(dy, 0), pdx = Ptr(dx, 0);
        Chunked(n, (from, count) =>
        {
            for (int i = from; i < from + count; i++)
            {
                float s = py[i];
                pdx[i] = pdy[i] * s * (1f - s);
            }
        });
    }

    public void TanhForward(int n, DeviceBuffer x, DeviceBuffer y)
    {
        float* px = Ptr(x, 0), py = Ptr(y, 0);
        Chunked(n, (from, count) => TensorPrimitives.Tanh(new ReadOnlySpan<float>(px + from, count), new Span<float>(py + from, count)));
    }

    public void TanhBackward(int n, DeviceBuffer y, DeviceBuffer dy, DeviceBuffer dx)
    {
        float* py = Ptr(y, 0), pdy = Ptr(dy, 0), pdx = Ptr(dx, 0);
        Chunked(n, (from, count) =>
        {
            for (int i = from; i < from + count; i++)
            {
                float t = py[i];
                pdx[i] = pdy[i] * (1f - t * t);
            }
        });
    }

    public void EltwiseMax(int n, int index, DeviceBuffer x, DeviceBuffer y, DeviceBuffer mask)
    {
        var xs = Span(x, 0, n);
        var ys = Span(y, 0, n);
        var ms = Span(mask, 0, n);
        if (index == 0)
        {
            xs.CopyTo(ys);
            ms.Clear();
            return;
        }
        for (int i = 0; i < n; i++)
        {
            if (xs[i] > ys[i])
            {
                ys[i] = xs[i];
                ms[i] = index;
            }
        }
    }

    public void EltwiseMaxBackward(int n, int index, DeviceBuffer dy, DeviceBuffer mask, DeviceBuffer dx)
    {
        var g = Span(dy, 0, n);
        var ms = Span(mask, 0, n);
        var o = Span(dx, 0, n);
        for (int i = 0; i < n; i++)
        {
            o[i] = ms[i] == index ? g[i] : 0f;
        }
    }
}
